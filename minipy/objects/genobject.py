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
from minipy.bytecode.opcodes import CO_COROUTINE, CO_ASYNC_GENERATOR

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


def _gen_dealloc(g, close=True):
    f = g.frame
    if close and f is not None and f.pc > 0 and close_hook is not None and f.blocks:
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


# -- asynchronous generators -------------------------------------------------------
# ``yield`` inside ``async def``: a generator whose yields reach the consumer
# through awaitables (``__anext__()``/``asend()`` give an async_generator_asend,
# ``athrow()``/``aclose()`` an async_generator_athrow, see runtime/asyncgen.py),
# while its own awaits pass through them up to the event loop.  The two kinds
# of suspension are told apart by ASYNC_GEN_WRAP: a value the generator yields
# travels wrapped.

class PyAsyncGen(PyGen):
    # closed: ag_closed (finished, or aclose() under way); running_async: an
    # asend/athrow is being awaited; finalizer: sys's asyncgen finalizer hook
    # taken on first iteration (owned); hooks_inited: that was done
    __slots__ = ("closed", "running_async", "finalizer", "hooks_inited")


agen_finalize_hook = None   # set by the runtime: call a suspended async generator's finalizer


def _agen_traverse(g):
    refs = list(_gen_traverse(g))
    if g.finalizer is not None:
        refs.append(g.finalizer)
    return refs


def _agen_dealloc(g):
    # CPython's _PyGen_Finalize: a suspended async generator that knows a
    # finalizer (asyncio's, which schedules aclose()) is handed to it instead
    # of being closed here; it may be resurrected by that
    fin = g.finalizer
    finalized = fin is not None and finalized_ids is not None and id(g) in finalized_ids
    if fin is not None and not finalized and g.frame is not None and not g.closed and \
            agen_finalize_hook is not None:
        g.ob_refcnt = 1
        agen_finalize_hook(g)
        finalized = True
        g.ob_refcnt -= 1
        if g.ob_refcnt:
            return
    g.finalizer = None
    _gen_dealloc(g, close=not finalized)
    if fin is not None:
        core.decref(fin)


async_generator_type = make_type("async_generator", host_class=PyAsyncGen, basicsize=GEN_SIZE,
                                 dealloc=_agen_dealloc, traverse=_agen_traverse, final=True,
                                 gc=True)


class PyAsyncGenWrapped(PyObject):
    __slots__ = ("val",)


_wrapped_traverse, _wrapped_dealloc = core.field_gc_functions("val")
async_gen_wrapped_type = make_type("async_generator_wrapped_value", host_class=PyAsyncGenWrapped,
                                   basicsize=40, dealloc=_wrapped_dealloc,
                                   traverse=_wrapped_traverse, final=True, gc=True)


def wrap_async_gen_value(v):
    """ASYNC_GEN_WRAP: ``v``'s reference moves into the wrapper."""
    w = PyAsyncGenWrapped.__new__(PyAsyncGenWrapped)
    w.val = v
    return alloc(w, 40, async_gen_wrapped_type)


# the awaitables: state INIT (not yet sent to), ITER (under way), CLOSED (done)
AWAITABLE_INIT, AWAITABLE_ITER, AWAITABLE_CLOSED = 0, 1, 2


class PyAsyncGenASend(PyObject):
    __slots__ = ("gen", "sendval", "state")


class PyAsyncGenAThrow(PyObject):
    # aclose: True for aclose() (throws GeneratorExit), False for athrow(typ, val, tb)
    __slots__ = ("gen", "typ", "val", "tb", "aclose", "state")


_asend_traverse, _asend_dealloc = core.field_gc_functions("gen", "sendval")
async_gen_asend_type = make_type("async_generator_asend", host_class=PyAsyncGenASend,
                                 basicsize=56, dealloc=_asend_dealloc, traverse=_asend_traverse,
                                 final=True, gc=True)
_athrow_traverse, _athrow_dealloc = core.field_gc_functions("gen", "typ", "val", "tb")
async_gen_athrow_type = make_type("async_generator_athrow", host_class=PyAsyncGenAThrow,
                                  basicsize=56, dealloc=_athrow_dealloc,
                                  traverse=_athrow_traverse, final=True, gc=True)


def new_asend(g, sendval):
    """g.asend(sendval) / g.__anext__() (sendval None); references taken."""
    o = PyAsyncGenASend.__new__(PyAsyncGenASend)
    g.ob_refcnt += 1
    o.gen = g
    if sendval is not None:
        sendval.ob_refcnt += 1
    o.sendval = sendval
    o.state = AWAITABLE_INIT
    return alloc(o, 56, async_gen_asend_type)


def new_athrow(g, aclose, typ=None, val=None, tb=None):
    """g.athrow(typ, val, tb) / g.aclose() (aclose True); references taken."""
    o = PyAsyncGenAThrow.__new__(PyAsyncGenAThrow)
    g.ob_refcnt += 1
    o.gen = g
    for name, v in (("typ", typ), ("val", val), ("tb", tb)):
        if v is not None:
            v.ob_refcnt += 1
        setattr(o, name, v)
    o.aclose = aclose
    o.state = AWAITABLE_INIT
    return alloc(o, 56, async_gen_athrow_type)


def new_generator(frame):
    """The generator, coroutine or async generator a call of suspendable code makes."""
    flags = frame.code.co_flags
    if flags & CO_ASYNC_GENERATOR:
        g = PyAsyncGen.__new__(PyAsyncGen)
        g.closed = g.running_async = g.hooks_inited = False
        g.finalizer = None
        tp = async_generator_type
    else:
        g = PyGen.__new__(PyGen)
        tp = coroutine_type if flags & CO_COROUTINE else generator_type
    g.frame = frame
    g.code = frame.code
    g.name = frame.code.co_name
    g.qualname = frame.code.co_qualname
    g.running = False
    g.pycode = frame.pycode     # owned: gi_code outlives the frame
    frame.pycode.ob_refcnt += 1
    frame.gen = g
    return alloc(g, GEN_SIZE, tp)
