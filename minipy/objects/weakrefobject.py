"""Weak references: CPython's ``Objects/weakrefobject.c`` memory model.

A weak reference object (``weakref.ReferenceType``, or a proxy) lives in the
heap like any object but does not own its referent: ``wr_object`` is a plain
host pointer that is never counted, so the referent's ``ob_refcnt`` and the
heap audit see no reference from it.  It owns only its callback.

Each referent's weak references are kept in a per-object list (CPython's
``tp_weaklist``), in CPython's order: the shared callback-less ``ref`` first,
then the shared callback-less proxy, then every other reference newest
first.  The lists live in one table keyed by the referent's identity;
an object without weak references has no entry, so its deallocation costs
one membership test of that table and only for the types that can be weakly
referenced (``TPFLAGS_WEAKREF``; CPython's ``tp_weaklistoffset``).

When a referent dies by reference counting its deallocator calls
``clear_weakrefs`` (after ``__del__`` for instances of classes, as
``subtype_dealloc`` does): every reference is cleared first, then the
callbacks run in list order.  When it dies in a garbage cycle the collector
calls ``handle_weakrefs`` before any finalizer or ``tp_clear`` runs: the
references to garbage are cleared, and only the callbacks of references that
are not garbage themselves are called (CPython's ``handle_weakrefs``).
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type, type_type

# set on the types whose instances can be weakly referenced
TPFLAGS_WEAKREF = 1 << 12

WEAKREF_SIZE = 64            # sys.getsizeof(weakref.ref(x)) in CPython 3.11
PROXY_SIZE = 64

# id(referent) -> host list of its weak reference objects (CPython's tp_weaklist)
weaklists = {}


class PyWeakRef(PyObject):
    __slots__ = ("wr_object", "wr_callback", "hash")


def _ref_traverse(r):
    return (r.wr_callback,) if r.wr_callback is not None else ()


def unlink(r):
    """Take ``r`` out of its referent's list and clear it (no callback)."""
    obj = r.wr_object
    if obj is None:
        return
    r.wr_object = None
    key = id(obj)
    lst = weaklists.get(key)
    if lst is not None:
        for i in range(len(lst)):
            if lst[i] is r:
                del lst[i]
                break
        if not lst:
            del weaklists[key]


def _ref_dealloc(r):
    if r.wr_object is not None:
        unlink(r)
    cb = r.wr_callback
    r.wr_callback = None
    core.free_block(r)
    if cb is not None:
        core.decref(cb)


_static = core.static_mode
core.static_mode = True
try:
    ref_type = make_type("ReferenceType", host_class=PyWeakRef, basicsize=WEAKREF_SIZE,
                         dealloc=_ref_dealloc, traverse=_ref_traverse, gc=True)
    ref_type.module = "weakref"
    proxy_type = make_type("ProxyType", host_class=PyWeakRef, basicsize=PROXY_SIZE,
                           dealloc=_ref_dealloc, traverse=_ref_traverse, gc=True, final=True)
    proxy_type.module = "weakref"
    callable_proxy_type = make_type("CallableProxyType", host_class=PyWeakRef,
                                    basicsize=PROXY_SIZE, dealloc=_ref_dealloc,
                                    traverse=_ref_traverse, gc=True, final=True)
    callable_proxy_type.module = "weakref"
finally:
    core.static_mode = _static


def _mark_weakrefable():
    """The built-in types whose instances CPython 3.11 can weakly reference."""
    from minipy.objects.funcobject import function_type, method_type, code_type
    from minipy.objects.setobject import set_type, frozenset_type
    from minipy.objects.genobject import generator_type, coroutine_type, async_generator_type
    from minipy.objects.moduleobject import module_type
    from minipy.objects.descr import builtin_func_type
    for t in (type_type, function_type, method_type, code_type, set_type, frozenset_type,
              generator_type, coroutine_type, async_generator_type, module_type,
              builtin_func_type):
        t.flags |= TPFLAGS_WEAKREF


_mark_weakrefable()


def can_weakref(tp):
    return tp.flags & TPFLAGS_WEAKREF


def is_proxy_type(tp):
    return tp is proxy_type or tp is callable_proxy_type


def basic_refs(lst):
    """The shared callback-less ref and proxy of a weak list (each or None)."""
    ref = proxy = None
    i = 0
    if lst and lst[0].ob_type is ref_type and lst[0].wr_callback is None:
        ref = lst[0]
        i = 1
    if len(lst) > i and is_proxy_type(lst[i].ob_type) and lst[i].wr_callback is None:
        proxy = lst[i]
    return ref, proxy


def insert(r, obj):
    """Put the new reference ``r`` in ``obj``'s list where CPython puts it."""
    key = id(obj)
    lst = weaklists.get(key)
    if lst is None:
        weaklists[key] = [r]
        hook_dealloc(obj.ob_type)
        return
    ref, proxy = basic_refs(lst)
    if r.wr_callback is None and r.ob_type is ref_type:
        lst.insert(0, r)
    elif r.wr_callback is None and is_proxy_type(r.ob_type):
        lst.insert(1 if ref is not None else 0, r)
    else:
        lst.insert((ref is not None) + (proxy is not None), r)


def hook_dealloc(tp):
    """Make sure the deallocator of ``tp``'s instances clears their weak
    references.  Classes do it in ``subtype_dealloc`` (after ``__del__``); a
    built-in type's deallocator is wrapped the first time one of its instances
    is weakly referenced, so types never weakly referenced pay nothing."""
    if tp.is_heaptype:
        return
    orig = tp.tp_dealloc
    if getattr(orig, "clears_weakrefs", False):
        return

    def dealloc(o):
        if id(o) in weaklists:
            clear_weakrefs(o)
        orig(o)
    dealloc.clears_weakrefs = True
    tp.tp_dealloc = dealloc


def get_weakrefs(o):
    """The host list of ``o``'s weak references (borrowed; may be empty)."""
    return weaklists.get(id(o), ())


def _call_callback(cb, r):
    from minipy.runtime import abstract
    from minipy.objects.exceptions import PyExc
    try:
        core.decref(abstract.call(cb, [r]))
    except PyExc as e:
        from minipy.runtime.builtins_core import _vm
        _vm().interp.report_unraisable(e.exc, cb)


def clear_weakrefs(o):
    """``o`` is being deallocated: clear its weak references, then call their
    callbacks in list order (PyObject_ClearWeakRefs)."""
    lst = weaklists.pop(id(o), None)
    if not lst:
        return
    calls = []
    for r in lst:
        r.wr_object = None
        cb = r.wr_callback
        if cb is not None:
            r.wr_callback = None
            r.ob_refcnt += 1
            calls.append((r, cb))
    for r, cb in calls:
        try:
            _call_callback(cb, r)
        finally:
            core.decref(cb)
            core.decref(r)


def handle_weakrefs(unreachable):
    """The collector found ``unreachable``: clear every weak reference to it
    (and every weak reference object in it), then call the callbacks of the
    references that are not garbage themselves -- before any finalizer or
    tp_clear runs, so no callback can see a half-cleared object.  Returns how
    many of those references were freed once their callback had run (CPython
    3.11 counts them among the collected objects)."""
    garbage = set(id(o) for o in unreachable)
    to_call = []
    for o in unreachable:
        if type(o) is PyWeakRef or isinstance(o, PyWeakRef):
            if o.wr_object is not None:
                unlink(o)
        lst = weaklists.pop(id(o), None)
        if not lst:
            continue
        for r in lst:
            r.wr_object = None
            if r.wr_callback is None or id(r) in garbage:
                continue
            r.ob_refcnt += 1
            to_call.append(r)
    freed = 0
    for r in to_call:
        cb = r.wr_callback
        r.wr_callback = None
        try:
            if cb is not None:
                try:
                    _call_callback(cb, r)
                finally:
                    core.decref(cb)
        finally:
            core.decref(r)
        if not core.is_live(r):
            freed += 1
    return freed


def check(is_live):
    """Audit: every weak list belongs to a live (or static) object and holds
    live references that point at it.  Returns a list of problems."""
    problems = []
    for key, lst in weaklists.items():
        for r in lst:
            if not is_live(r):
                continue            # (another interpreter's heap)
            obj = r.wr_object
            if obj is None or id(obj) != key:
                problems.append("weakref at 0x%x is listed under the wrong object" % r.ob_addr)
            elif not (is_live(obj) or core.is_static(obj)):
                problems.append("weakref at 0x%x refers to a freed object" % r.ob_addr)
    return problems
