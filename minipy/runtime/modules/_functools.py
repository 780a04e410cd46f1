"""``_functools``: the host part of ``functools`` (as CPython's C module).

``_lru_cache_wrapper`` is the object ``functools.lru_cache`` returns.  Like
CPython's C implementation it is a built-in type rather than a class written
in the language: every call of a cached function goes through it, and a
class-level ``__call__`` costs several interpreted frames per call.  The cache
is an ordinary dict object in the heap (so the audit and the collector see
its keys and results); its insertion order is the recency order of a bounded
cache (a hit moves the entry to the end, a miss past ``maxsize`` evicts the
first entry).  Keys are made as CPython makes them: the argument itself for
one ``int``/``str`` argument, else a tuple of the arguments (then a marker
object and the keyword items, then the argument types if ``typed``).
"""

from minipy.objects import core, descr
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import make_type, lookup, object_type, PyType
from minipy.objects.dictobject import (new_dict, dict_setitem, dict_setitem_str, dict_delitem_hk,
                                       dict_clear, hostkey)
from minipy.objects.funcobject import new_method
from minipy.objects.intobject import PyInt, new_int, int_type
from minipy.objects.strobject import new_str, str_type
from minipy.objects.tupleobject import new_tuple
from minipy.objects.singletons import NONE
from minipy.runtime import abstract
from minipy.runtime.abstract import exc
from minipy.runtime.containers_common import enter_recursive, leave_recursive
from minipy.runtime.modules._common import build_module


class PyLruCacheWrapper(PyObject):
    __slots__ = ("func", "cache", "hits", "misses", "maxsize", "typed", "cache_info_type",
                 "kwd_mark", "inst_dict")


_SIZE = 80
_FIELDS = ("func", "cache", "cache_info_type", "kwd_mark", "inst_dict")
_traverse, _dealloc = core.field_gc_functions(*_FIELDS)

_static = core.static_mode
core.static_mode = True
try:
    lru_cache_wrapper_type = make_type("_lru_cache_wrapper", host_class=PyLruCacheWrapper,
                                       basicsize=_SIZE, dealloc=_dealloc, traverse=_traverse,
                                       final=True, gc=True)
    lru_cache_wrapper_type.module = "functools"
    lru_cache_wrapper_type.has_dict = True
finally:
    core.static_mode = _static


def _make_key(w, args, kwargs):
    """A new reference to the cache key of a call (CPython's lru_cache_make_key)."""
    if not kwargs and not w.typed and len(args) == 1:
        a = args[0]
        if a.ob_type is int_type or a.ob_type is str_type:
            a.ob_refcnt += 1
            return a
    items = list(args)
    if kwargs:
        items.append(w.kwd_mark)
        for v in kwargs.values():
            items.append(v)
    if w.typed:
        items += [a.ob_type for a in args]
        if kwargs:
            items += [v.ob_type for v in kwargs.values()]
    for o in items:             # (borrowed: the tuple takes its own references)
        o.ob_refcnt += 1
    if kwargs:
        # each keyword's name (a new str, owned by the tuple) before its value
        at = len(args) + 1
        for k in kwargs:
            items.insert(at, new_str(k))
            at += 2
    return new_tuple(items)


def lru_call(w, args, kwargs):
    """Calling the wrapper: the cached result, or the function's, cached.

    As in CPython, where the wrapper is a tp_call object reached through
    _PyObject_MakeTpCall, each call counts one level against the recursion
    limit (a cached recursive function reaches about half the depth)."""
    enter_recursive(" while calling a Python object")
    try:
        return _lru_call(w, args, kwargs)
    finally:
        leave_recursive()


def _lru_call(w, args, kwargs):
    maxsize = w.maxsize
    if maxsize == 0:
        w.misses += 1
        return abstract.call(w.func, args, kwargs)
    key = _make_key(w, args, kwargs)
    try:
        hk = hostkey(key)               # (TypeError for an unhashable argument)
        cache = w.cache
        r = cache.dv.get(hk)
        if r is not None:
            w.hits += 1
            r.ob_refcnt += 1
            if maxsize is not None:
                # the most recently used entry goes to the end
                dict_delitem_hk(cache, hk)
                dict_setitem(cache, key, r)
            return r
        w.misses += 1
        r = abstract.call(w.func, args, kwargs)
        if hk in cache.dv:
            if maxsize is None:
                dict_setitem(cache, key, r)
            # (bounded: a recursive call cached it meanwhile; keep that entry)
        else:
            if maxsize is not None and len(cache.dv) >= maxsize:
                dict_delitem_hk(cache, next(iter(cache.dv)))
            dict_setitem(cache, key, r)
        return r
    finally:
        decref(key)


lru_cache_wrapper_type.tp_call = lru_call


def _lru_new(args, kwargs):
    if kwargs:
        raise exc("TypeError", "_lru_cache_wrapper() takes no keyword arguments")
    if len(args) != 5:
        raise exc("TypeError", "_lru_cache_wrapper() takes exactly 4 arguments (%d given)"
                  % (len(args) - 1))
    _, func, maxsize, typed, cache_info_type = args
    if not (isinstance(func, PyType) or lookup(func.ob_type, "__call__") is not None):
        raise exc("TypeError", "the first argument must be callable")
    if maxsize is NONE:
        size = None
    elif isinstance(maxsize, PyInt):
        size = max(maxsize.value, 0)
    else:
        raise exc("TypeError", "maxsize should be integer or None")
    w = PyLruCacheWrapper.__new__(PyLruCacheWrapper)
    for o in (func, cache_info_type):
        o.ob_refcnt += 1
    w.func = func
    w.cache_info_type = cache_info_type
    w.cache = new_dict()
    w.kwd_mark = _KWD_MARK
    _KWD_MARK.ob_refcnt += 1
    w.inst_dict = None
    w.hits = w.misses = 0
    w.maxsize = size
    w.typed = abstract.truth(typed)
    return core.alloc(w, _SIZE, lru_cache_wrapper_type)


def _get(self, obj, tp=None):
    if obj is None or obj is NONE:
        self.ob_refcnt += 1
        return self
    return new_method(self, obj)


def _cache_info(self):
    vals = [new_int(self.hits), new_int(self.misses),
            new_int(self.maxsize) if self.maxsize is not None else core.incref(NONE),
            new_int(len(self.cache.dv))]
    try:
        return abstract.call(self.cache_info_type, vals)
    finally:
        for v in vals:
            decref(v)


def _cache_clear(self):
    dict_clear(self.cache)
    self.hits = self.misses = 0
    return core.incref(NONE)


def _dict(self):
    if self.inst_dict is None:
        self.inst_dict = new_dict()
    return core.incref(self.inst_dict)


def _copy(self, *memo):
    self.ob_refcnt += 1
    return self


_static = core.static_mode
core.static_mode = True
try:
    # the marker between positional and keyword arguments in a key (one object()
    # for every wrapper, static: it lives as long as the interpreter)
    _KWD_MARK = core.alloc_static(object_type.host_class.__new__(object_type.host_class), 16,
                                  object_type)
    _KWD_MARK.inst_dict = None
    _KWD_MARK.slot_vals = None
    descr.add_method(lru_cache_wrapper_type, "__call__", lru_call, takes_kw=True)
    descr.add_method(lru_cache_wrapper_type, "__get__", _get, 1, 2)
    descr.add_method(lru_cache_wrapper_type, "cache_info", _cache_info, 0, 0)
    descr.add_method(lru_cache_wrapper_type, "cache_clear", _cache_clear, 0, 0)
    descr.add_getset(lru_cache_wrapper_type, "__dict__", _dict)
    descr.add_method(lru_cache_wrapper_type, "__copy__", _copy, 0, 0)
    descr.add_method(lru_cache_wrapper_type, "__deepcopy__", _copy, 1, 1)
    _ctor = descr.new_builtin("__new__", _lru_new, takes_kw=True)
    dict_setitem_str(lru_cache_wrapper_type.dict, "__new__", _ctor)
    decref(_ctor)
finally:
    core.static_mode = _static


def make_module():
    lru_cache_wrapper_type.ob_refcnt += 1
    return build_module("_functools", {}, {"_lru_cache_wrapper": lru_cache_wrapper_type},
                        "Tools that operate on functions.")


__all__ = ["make_module", "lru_call"]
