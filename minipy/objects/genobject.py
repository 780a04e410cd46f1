"""Generator objects: a suspended frame plus its name.

Calling a generator function creates a frame but runs nothing; the generator
owns that frame.  ``send``/``__next__`` resume it in the VM until it yields
or returns; ``throw`` resumes it with an exception raised at the yield;
``close`` throws GeneratorExit.  A generator freed while suspended inside a
``try`` is closed first, so its ``finally`` blocks run (as in CPython).
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc
from minipy.objects.typeobject import make_type
from minipy.bytecode.opcodes import CO_COROUTINE

GEN_SIZE = 176


class PyGen(PyObject):
    __slots__ = ("frame", "name", "qualname", "running", "code", "pycode")


close_hook = None      # set by the VM: close a suspended generator being freed
finalized_ids = None   # set by the runtime: ids of objects whose finalizer ran


def _gen_traverse(g):
    f = g.frame
    if f is None:
        return (g.pycode,)
    return f.references() + [g.pycode]


def _gen_dealloc(g):
    f = g.frame
    if f is not None and f.pc > 0 and close_hook is not None and f.blocks:
        g.ob_refcnt = 1          # resurrect while closing, as CPython's finalizer does
        close_hook(g)
        g.ob_refcnt -= 1
        if g.ob_refcnt:
            return
        f = g.frame
    g.frame = None
    pycode = g.pycode
    g.pycode = None
    core.free_block(g)
    if finalized_ids is not None:
        finalized_ids.discard(id(g))
    if f is not None:
        f.clear()
    core.decref(pycode)


generator_type = make_type("generator", host_class=PyGen, basicsize=GEN_SIZE,
                           dealloc=_gen_dealloc, traverse=_gen_traverse, final=True, gc=True)
# what calling an ``async def`` function makes: the same machine (a suspended
# frame), but awaited rather than iterated
coroutine_type = make_type("coroutine", host_class=PyGen, basicsize=GEN_SIZE,
                           dealloc=_gen_dealloc, traverse=_gen_traverse, final=True, gc=True)


_wrapper_traverse, _wrapper_dealloc = core.field_gc_functions("src")


class PyCoroWrapper(PyObject):
    __slots__ = ("src",)


# what a coroutine's __await__() returns: an iterator driving the coroutine
coroutine_wrapper_type = make_type("coroutine_wrapper", host_class=PyCoroWrapper, basicsize=24,
                                   dealloc=_wrapper_dealloc, traverse=_wrapper_traverse,
                                   final=True, gc=True)


def new_coroutine_wrapper(coro):
    w = PyCoroWrapper.__new__(PyCoroWrapper)
    coro.ob_refcnt += 1
    w.src = coro
    return alloc(w, 24, coroutine_wrapper_type)


def new_generator(frame):
    g = PyGen.__new__(PyGen)
    g.frame = frame
    g.code = frame.code
    g.name = frame.code.co_name
    g.qualname = frame.code.co_qualname
    g.running = False
    g.pycode = frame.pycode     # owned: gi_code outlives the frame
    frame.pycode.ob_refcnt += 1
    frame.gen = g
    return alloc(g, GEN_SIZE, coroutine_type if frame.code.co_flags & CO_COROUTINE
                 else generator_type)
