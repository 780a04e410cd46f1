"""``_bisect``: the host part of ``bisect``.

Binary search in a sorted sequence (a list's items read directly, any other
sequence through ``__getitem__``), comparing with the language's ``<``;
``key`` is applied to the sequence's items (and, for the insort functions,
to the item inserted).  Insertion into an exact list is direct; anything
else gets its ``insert`` method called, as CPython does.
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.listobject import list_type, list_resize
from minipy.objects.intobject import new_int
from minipy.objects.singletons import NONE
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, lt, call
from minipy.runtime.containers_common import as_index
from minipy.runtime.modules._common import builtin, build_module

_SSIZE_MAX = (1 << 63) - 1


def _ssize(o):
    v = as_index(o)
    if not -_SSIZE_MAX - 1 <= v <= _SSIZE_MAX:
        raise exc("OverflowError", "Python int too large to convert to C ssize_t")
    return v


_BISECT_PARAMS = ("a", "x", "lo", "hi")


def _bisect_args(fname, args, kwargs):
    """(a, x, lo, hi, key) from a call of ``fname(a, x, lo=0, hi=None, *, key=None)``."""
    if len(args) > 4:
        raise exc("TypeError", "%s() takes at most 4 positional arguments (%d given)"
                  % (fname, len(args)))
    vals = list(args) + [None] * (4 - len(args))
    key = None
    for k, v in (kwargs or {}).items():
        if k == "key":
            key = v
            continue
        if k not in _BISECT_PARAMS:
            raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (k, fname))
        i = _BISECT_PARAMS.index(k)
        if i < len(args):
            raise exc("TypeError", "argument for %s() given by name ('%s') and position (%d)"
                      % (fname, k, i + 1))
        vals[i] = v
    for i in (0, 1):
        if vals[i] is None:
            raise exc("TypeError", "%s() missing required argument '%s' (pos %d)"
                      % (fname, _BISECT_PARAMS[i], i + 1))
    a, x, lo, hi = vals
    lo = 0 if lo is None else _ssize(lo)
    if lo < 0:
        raise exc("ValueError", "lo must be non-negative")
    if hi is None or hi is NONE:
        hi = abstract.length(a)
    else:
        hi = _ssize(hi)
    if key is NONE:
        key = None
    return a, x, lo, hi, key


def _item(a, i):
    """a[i] (a new reference): straight from a list's items when it is one."""
    if a.ob_type is list_type and 0 <= i < len(a.items):
        v = a.items[i]
        v.ob_refcnt += 1
        return v
    idx = new_int(i)
    try:
        return abstract.getitem(a, idx)
    finally:
        decref(idx)


def _search(a, x, lo, hi, key, right):
    """The insertion point of x in a[lo:hi]: after equal items if ``right``."""
    while lo < hi:
        mid = (lo + hi) >> 1
        v = _item(a, mid)
        try:
            if key is not None:
                k = call(key, [v])
                decref(v)
                v = k
            # right: go left while x < a[mid]; left: go right while a[mid] < x
            if right:
                go_left = lt(x, v)
            else:
                go_left = not lt(v, x)
        finally:
            decref(v)
        if go_left:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _bisect_fn(name, right):
    def impl(args, kwargs):
        a, x, lo, hi, key = _bisect_args(name, args, kwargs)
        return new_int(_search(a, x, lo, hi, key, right))
    return builtin("_bisect", name, impl, takes_kw=True)


def _insort_fn(name, right):
    def impl(args, kwargs):
        a, x, lo, hi, key = _bisect_args(name, args, kwargs)
        if key is None:
            pos = _search(a, x, lo, hi, None, right)
        else:
            kx = call(key, [x])
            try:
                pos = _search(a, kx, lo, hi, key, right)
            finally:
                decref(kx)
        if a.ob_type is list_type:
            items = a.items
            list_resize(a, len(items) + 1)
            x.ob_refcnt += 1
            items.insert(pos, x)
            return core.incref(NONE)
        ins = abstract.getattr_(a, "insert")
        idx = new_int(pos)
        try:
            decref(call(ins, [idx, x]))
        finally:
            decref(idx)
            decref(ins)
        return core.incref(NONE)
    return builtin("_bisect", name, impl, takes_kw=True)


BISECT_FUNCS = {
    "bisect_left": _bisect_fn("bisect_left", False),
    "bisect_right": _bisect_fn("bisect_right", True),
    "insort_left": _insort_fn("insort_left", False),
    "insort_right": _insort_fn("insort_right", True),
}


def make_module():
    return build_module("_bisect", BISECT_FUNCS, {}, "Bisection of sorted sequences.")


__all__ = ["make_module"]
