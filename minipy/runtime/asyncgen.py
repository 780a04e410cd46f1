"""Asynchronous generators: the protocol of PEP 525, as CPython 3.11 runs it.

An async generator's frame suspends for two reasons: it yields a value to
its consumer (``yield v``, compiled as ASYNC_GEN_WRAP + YIELD_VALUE), or one
of its ``await``s passes a value up to the event loop.  The consumer never
resumes the generator directly: ``__anext__()``/``asend(v)`` return an
*asend* awaitable, ``athrow(...)``/``aclose()`` an *athrow* awaitable.
Awaiting one drives the generator: a wrapped value ends the await (the
awaitable raises StopIteration carrying it), anything else is passed on to
whoever drives the awaiting coroutine; the generator returning ends it with
StopAsyncIteration.  ``aclose()`` throws GeneratorExit in and completes
when the generator finishes; yielding a value instead is "async generator
ignored GeneratorExit".

Event loops learn about async generators through ``sys.set_asyncgen_hooks``:
``firstiter(agen)`` runs when one is first iterated, and ``finalizer(agen)``
replaces closing when a suspended one is freed (asyncio schedules
``aclose()`` there).  The hooks live on the thread state.

Also here: the builtins ``aiter`` and ``anext`` (with a default, ``anext``
returns an anext_awaitable that turns StopAsyncIteration into the default).
"""

from minipy.objects import core
from minipy.objects.core import decref, PyObject, alloc
from minipy.objects.descr import add_method
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects import genobject
from minipy.objects.genobject import (async_generator_type, async_gen_wrapped_type,
                                      async_gen_asend_type, async_gen_athrow_type, new_asend,
                                      new_athrow, AWAITABLE_INIT, AWAITABLE_ITER,
                                      AWAITABLE_CLOSED, coroutine_type,
                                      new_coroutine_wrapper)
from minipy.objects.singletons import NONE, ret_none
from minipy.objects.strobject import new_str
from minipy.objects.typeobject import lookup, is_subtype, make_type
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime import builtins_core
from minipy.runtime.builtins_core import _vm, _addr, _stop_iteration, _iter_self

_CLOSED_SEND = "cannot reuse already awaited __anext__()/asend()"
_CLOSED_THROW = "cannot reuse already awaited aclose()/athrow()"
_IGNORED_EXIT = "async generator ignored GeneratorExit"


def _is(e, name):
    return is_subtype(e.ob_type, EXC_TYPES[name])


# -- driving the generator -------------------------------------------------------------

def _resume(g, value, throw=None, args=None):
    """gen_send / gen_throw on the generator: (yielded, obj) as the VM gives it.
    An error leaves it not running, and closed when it is StopAsyncIteration
    or GeneratorExit (async_gen_unwrap_value's bookkeeping)."""
    vm = _vm()
    try:
        if throw is None:
            return vm.gen_resume(g, value)
        return vm.gen_throw(g, throw, args)
    except PyExc as e:
        if _is(e.exc, "StopAsyncIteration") or _is(e.exc, "GeneratorExit"):
            g.closed = True
        g.running_async = False
        raise


def _unwrap(g, yielded, r):
    """What the awaitable's send returns for the generator's (yielded, obj):
    a value passed up from an await; StopIteration(v) for ``yield v``;
    StopAsyncIteration when the generator returned."""
    if not yielded:
        if r is not None:
            decref(r)
        g.closed = True
        g.running_async = False
        raise exc("StopAsyncIteration")
    if r.ob_type is async_gen_wrapped_type:
        v = r.val
        v.ob_refcnt += 1
        decref(r)
        g.running_async = False
        raise _stop_iteration(v)
    return r


def _throw_args(typ, val, tb):
    """throw()'s arguments as the VM's gen_throw takes them: (PyExc, args)."""
    return builtins_core.throw_exception(typ, val, tb), [a for a in (typ, val, tb)
                                                          if a is not None]


# -- the async generator's own methods ------------------------------------------------

def _init_hooks(g):
    """async_gen_init_hooks: on first iteration take the finalizer and call firstiter."""
    if g.hooks_inited:
        return
    g.hooks_inited = True
    ts = _vm().ts
    fin = ts.agen_finalizer
    if fin is not None:
        fin.ob_refcnt += 1
        g.finalizer = fin
    first = ts.agen_firstiter
    if first is not None:
        first.ob_refcnt += 1
        try:
            decref(abstract.call(first, [g]))
        finally:
            decref(first)


def _agen_anext(g):
    _init_hooks(g)
    return new_asend(g, None)


def _agen_asend(g, v):
    _init_hooks(g)
    return new_asend(g, v)


def _agen_athrow(g, typ, val=None, tb=None):
    _init_hooks(g)
    return new_athrow(g, False, typ, val, tb)


def _agen_aclose(g):
    _init_hooks(g)
    return new_athrow(g, True)


add_method(async_generator_type, "__aiter__", _iter_self, 0, 0)
add_method(async_generator_type, "__anext__", _agen_anext, 0, 0)
add_method(async_generator_type, "asend", _agen_asend, 1, 1)
add_method(async_generator_type, "athrow", _agen_athrow, 1, 3)
add_method(async_generator_type, "aclose", _agen_aclose, 0, 0)
add_method(async_generator_type, "__repr__",
           lambda g: new_str("<async_generator object %s at %s>" % (g.qualname, _addr(g))), 0, 0)
# (ag_running is "an asend/athrow is being awaited", not the frame's state)
builtins_core._add_suspended_frame_attributes(async_generator_type, "ag", "await",
                                              running="running_async")


# -- asend: __anext__() and asend(v) ----------------------------------------------------

def _asend_send(o, arg):
    if o.state == AWAITABLE_CLOSED:
        raise exc("RuntimeError", _CLOSED_SEND)
    g = o.gen
    if o.state == AWAITABLE_INIT:
        if g.running_async:
            raise exc("RuntimeError", "anext(): asynchronous generator is already running")
        if arg is None or arg is NONE:
            arg = o.sendval
        o.state = AWAITABLE_ITER
    g.running_async = True
    try:
        yielded, r = _resume(g, arg)
        return _unwrap(g, yielded, r)
    except PyExc:
        o.state = AWAITABLE_CLOSED
        raise


def _asend_throw(o, typ, val=None, tb=None):
    if o.state == AWAITABLE_CLOSED:
        raise exc("RuntimeError", _CLOSED_SEND)
    g = o.gen
    e, args = _throw_args(typ, val, tb)
    try:
        yielded, r = _resume(g, None, e, args)
        return _unwrap(g, yielded, r)
    except PyExc:
        o.state = AWAITABLE_CLOSED
        raise


def _awaitable_close(o):
    o.state = AWAITABLE_CLOSED
    return ret_none()


add_method(async_gen_asend_type, "send", _asend_send, 1, 1)
add_method(async_gen_asend_type, "__next__", lambda o: _asend_send(o, None), 0, 0)
add_method(async_gen_asend_type, "throw", _asend_throw, 1, 3)
add_method(async_gen_asend_type, "close", _awaitable_close, 0, 0)


# -- athrow: athrow(typ, val, tb) and aclose() ------------------------------------------

def _athrow_send(o, arg):
    if o.state == AWAITABLE_CLOSED:
        raise exc("RuntimeError", _CLOSED_THROW)
    g = o.gen
    if g.frame is None:
        o.state = AWAITABLE_CLOSED
        raise exc("StopIteration")
    if o.state == AWAITABLE_INIT:
        if g.running_async:
            o.state = AWAITABLE_CLOSED
            raise exc("RuntimeError", "%s(): asynchronous generator is already running"
                      % ("aclose" if o.aclose else "athrow"))
        if g.closed:
            o.state = AWAITABLE_CLOSED
            raise exc("StopAsyncIteration")
        if arg is not None and arg is not NONE:
            raise exc("RuntimeError", "can't send non-None value to a just-started coroutine")
        o.state = AWAITABLE_ITER
        g.running_async = True
        if o.aclose:
            g.closed = True
            e = abstract.exc_args(EXC_TYPES["GeneratorExit"], [])
            return _athrow_result(o, _resume, (g, None, e, None))
        e, args = _throw_args(o.typ, o.val, o.tb)
        return _athrow_result(o, _resume, (g, None, e, args))
    return _athrow_result(o, _resume, (g, arg))


def _athrow_throw(o, typ, val=None, tb=None):
    if o.state == AWAITABLE_CLOSED:
        raise exc("RuntimeError", _CLOSED_THROW)
    e, args = _throw_args(typ, val, tb)
    return _athrow_result(o, _resume, (o.gen, None, e, args))


def _athrow_result(o, resume, resume_args):
    """Run the generator and turn what it does into the athrow's result:
    athrow() unwraps like asend; aclose() completes (StopIteration) when the
    generator finishes or lets GeneratorExit/StopAsyncIteration out, and a
    yielded value is "async generator ignored GeneratorExit"."""
    g = o.gen
    try:
        yielded, r = resume(*resume_args)
    except PyExc as e:
        g.running_async = False
        o.state = AWAITABLE_CLOSED
        if o.aclose and (_is(e.exc, "StopAsyncIteration") or _is(e.exc, "GeneratorExit")):
            decref(e.exc)
            raise exc("StopIteration")
        raise
    if not o.aclose:
        try:
            return _unwrap(g, yielded, r)
        except PyExc:
            o.state = AWAITABLE_CLOSED
            raise
    if not yielded:
        # (the generator returned: aclose() is done)
        if r is not None:
            decref(r)
        g.running_async = False
        o.state = AWAITABLE_CLOSED
        raise exc("StopIteration")
    if r.ob_type is async_gen_wrapped_type:
        decref(r)
        g.running_async = False
        o.state = AWAITABLE_CLOSED
        raise exc("RuntimeError", _IGNORED_EXIT)
    return r


add_method(async_gen_athrow_type, "send", _athrow_send, 1, 1)
add_method(async_gen_athrow_type, "__next__", lambda o: _athrow_send(o, None), 0, 0)
add_method(async_gen_athrow_type, "throw", _athrow_throw, 1, 3)
add_method(async_gen_athrow_type, "close", _awaitable_close, 0, 0)

for _tp in (async_gen_asend_type, async_gen_athrow_type):
    add_method(_tp, "__iter__", _iter_self, 0, 0)
    add_method(_tp, "__await__", _iter_self, 0, 0)


# -- finalization ------------------------------------------------------------------------

def _finalize(g):
    """A suspended async generator being freed: hand it to its finalizer hook
    (errors reported as unraisable, as CPython does)."""
    builtins_core.finalized.add(id(g))
    try:
        decref(abstract.call(g.finalizer, [g]))
    except PyExc as e:
        _vm().interp.report_unraisable(e.exc, g.finalizer)


genobject.agen_finalize_hook = _finalize


# -- aiter() and anext() ----------------------------------------------------------------

class PyANextAwaitable(PyObject):
    # wrapped: what __anext__() returned; default: anext()'s default (owned)
    __slots__ = ("wrapped", "default", "it")


_anext_traverse, _anext_dealloc = core.field_gc_functions("wrapped", "default", "it")
anext_awaitable_type = make_type("anext_awaitable", host_class=PyANextAwaitable, basicsize=48,
                                 dealloc=_anext_dealloc, traverse=_anext_traverse, final=True,
                                 gc=True)


def _anext_drive(o, how, args):
    """Forward send/throw/__next__ to the awaited __anext__() result, with
    StopAsyncIteration turned into StopIteration(default)."""
    if o.it is None:
        from minipy.vm.interpreter import awaitable_iter
        it = awaitable_iter(o.wrapped)
        if it.ob_type is coroutine_type:
            # (a coroutine is driven through its __await__() iterator)
            w = new_coroutine_wrapper(it)
            decref(it)
            it = w
        o.it = it
    it = o.it
    try:
        if how == "__next__":
            meth = lookup(it.ob_type, "__next__")
            return abstract.call_dunder(meth, it, ())
        meth = abstract.getattr_(it, how)
        try:
            return abstract.call(meth, list(args))
        finally:
            decref(meth)
    except PyExc as e:
        if _is(e.exc, "StopAsyncIteration"):
            decref(e.exc)
            o.default.ob_refcnt += 1
            raise _stop_iteration(o.default)
        raise


add_method(anext_awaitable_type, "__next__", lambda o: _anext_drive(o, "__next__", ()), 0, 0)
add_method(anext_awaitable_type, "send", lambda o, v: _anext_drive(o, "send", (v,)), 1, 1)
add_method(anext_awaitable_type, "throw", lambda o, *a: _anext_drive(o, "throw", a), 1, 3)
add_method(anext_awaitable_type, "close", lambda o: _anext_drive(o, "close", ()), 0, 0)
add_method(anext_awaitable_type, "__iter__", _iter_self, 0, 0)
add_method(anext_awaitable_type, "__await__", _iter_self, 0, 0)


def b_aiter(o):
    meth = lookup(o.ob_type, "__aiter__")
    if meth is None:
        raise exc("TypeError", "'%s' object is not an async iterable" % type_name(o))
    it = abstract.call_dunder(meth, o, ())
    if lookup(it.ob_type, "__anext__") is None:
        decref(it)
        raise exc("TypeError", "aiter() returned not an async iterator of type '%s'"
                  % type_name(it))
    return it


def b_anext(it, default=None):
    meth = lookup(it.ob_type, "__anext__")
    if meth is None:
        raise exc("TypeError", "'%s' object is not an async iterator" % type_name(it))
    r = abstract.call_dunder(meth, it, ())
    if default is None:
        return r
    o = PyANextAwaitable.__new__(PyANextAwaitable)
    o.wrapped = r
    default.ob_refcnt += 1
    o.default = default
    o.it = None
    return alloc(o, 48, anext_awaitable_type)
