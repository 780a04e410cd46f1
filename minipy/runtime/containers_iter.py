"""enumerate, zip, map, filter and reversed: iterator *types* callable like
CPython's (``type(enumerate([]))`` is ``enumerate``), each with its
tp_iternext (enumobject.c and bltinmodule.c)."""

from minipy.objects.core import decref
from minipy.objects.typeobject import lookup
from minipy.objects.intobject import new_int, bool_type
from minipy.objects.tupleobject import new_tuple
from minipy.objects.dictobject import PyDict
from minipy.objects.singletons import NONE
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects import descr
from minipy.objects.typeobject import is_subtype
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import (
                  register_new, check_type_arg, no_kwargs, check_positional, as_index, has_index,
                  make_iterator_type, new_iter_obj)


def _next_of(it):
    nx = it.ob_type.tp_iternext
    if nx is not None:
        return nx(it)
    return abstract.next_(it)


# ---------------------------------------------------------------------------
# enumerate
# ---------------------------------------------------------------------------

def _enum_next(en):
    it = en.src
    x = _next_of(it)
    if x is None:
        return None
    i = en.pos
    en.pos = i + 1
    return new_tuple((new_int(i), x))


enumerate_type = make_iterator_type("enumerate", _enum_next, subclassable=True, size=72)


def _check_kw(name, expected):
    if name != expected:
        raise exc("TypeError", "'%s' is an invalid keyword argument for enumerate()" % name)


def _enum_new(args, kwargs):
    tp = check_type_arg(args, enumerate_type)
    pos = args[1:]
    names = list(kwargs.keys()) if kwargs else []
    vals = [kwargs[n] for n in names]
    nargs = len(pos)
    nkw = len(names)
    if nargs + nkw == 2:
        if nkw == 1:
            _check_kw(names[0], "start")
            iterable, start = pos[0], vals[0]
        elif nkw == 2:
            if names[0] == "start":
                _check_kw(names[1], "iterable")
                iterable, start = vals[1], vals[0]
            else:
                _check_kw(names[0], "iterable")
                _check_kw(names[1], "start")
                iterable, start = vals[0], vals[1]
        else:
            iterable, start = pos[0], pos[1]
    elif nargs + nkw == 1:
        if nkw == 1:
            _check_kw(names[0], "iterable")
            iterable = vals[0]
        else:
            iterable = pos[0]
        start = None
    elif nargs == 0:
        raise exc("TypeError", "enumerate() missing required argument 'iterable'")
    else:
        raise exc("TypeError", "enumerate() takes at most 2 arguments (%d given)" % (nargs + nkw))
    it = abstract.get_iter(iterable)
    try:
        index = 0
        if start is not None:
            index = abstract.index_value(start)
        en = new_iter_obj(tp, it, index)
    finally:
        decref(it)
    return en


register_new(enumerate_type, _enum_new)


# ---------------------------------------------------------------------------
# zip
# ---------------------------------------------------------------------------

def _zip_next(z):
    iters = z.aux
    n = len(iters)
    if n == 0:
        return None
    items = []
    i = 0
    try:
        while i < n:
            x = _next_of(iters[i])
            if x is None:
                break
            items.append(x)
            i += 1
    except PyExc:
        for x in items:
            decref(x)
        raise
    if i == n:
        return new_tuple(items)
    for x in items:
        decref(x)
    if not z.stop:
        return None
    if i:
        plural = " " if i == 1 else "s 1-"
        raise exc("ValueError", "zip() argument %d is shorter than argument%s%d"
                  % (i + 1, plural, i))
    for j in range(1, n):
        x = _next_of(iters[j])
        if x is not None:
            decref(x)
            plural = " " if j == 1 else "s 1-"
            raise exc("ValueError", "zip() argument %d is longer than argument%s%d"
                      % (j + 1, plural, j))
    return None


zip_type = make_iterator_type("zip", _zip_next, subclassable=True, size=64)


def _zip_new(args, kwargs):
    tp = check_type_arg(args, zip_type)
    strict = False
    if kwargs:
        for k, v in kwargs.items():
            if k != "strict":
                raise exc("TypeError", "'%s' is an invalid keyword argument for zip()" % k)
            strict = abstract.truth(v)
    iters = []
    try:
        for o in args[1:]:
            iters.append(abstract.get_iter(o))
    except PyExc:
        for it in iters:
            decref(it)
        raise
    return new_iter_obj(tp, None, 0, iters, 1 if strict else 0)


register_new(zip_type, _zip_new)


# ---------------------------------------------------------------------------
# map
# ---------------------------------------------------------------------------

def _map_next(m):
    iters = m.aux
    vals = []
    try:
        for it in iters:
            x = _next_of(it)
            if x is None:
                return None
            vals.append(x)
        return abstract.call(m.src, vals)
    finally:
        for x in vals:
            decref(x)


map_type = make_iterator_type("map", _map_next, subclassable=True)


def _map_new(args, kwargs):
    tp = check_type_arg(args, map_type)
    if kwargs and tp is map_type:
        no_kwargs(kwargs, "map")
    if len(args) < 3:
        raise exc("TypeError", "map() must have at least two arguments.")
    iters = []
    try:
        for o in args[2:]:
            iters.append(abstract.get_iter(o))
    except PyExc:
        for it in iters:
            decref(it)
        raise
    return new_iter_obj(tp, args[1], 0, iters)


register_new(map_type, _map_new)


# ---------------------------------------------------------------------------
# filter
# ---------------------------------------------------------------------------

def _filter_next(f):
    it = f.aux
    func = f.src
    while True:
        x = _next_of(it)
        if x is None:
            return None
        try:
            if func is NONE or func is bool_type:
                ok = abstract.truth(x)
            else:
                good = abstract.call(func, [x])
                try:
                    ok = abstract.truth(good)
                finally:
                    decref(good)
        except PyExc:
            decref(x)
            raise
        if ok:
            return x
        decref(x)


filter_type = make_iterator_type("filter", _filter_next, subclassable=True)


def _filter_new(args, kwargs):
    tp = check_type_arg(args, filter_type)
    if kwargs and tp is filter_type:
        no_kwargs(kwargs, "filter")
    check_positional("filter", len(args) - 1, 2, 2)
    it = abstract.get_iter(args[2])
    return new_iter_obj(tp, args[1], 0, it)


register_new(filter_type, _filter_new)


# ---------------------------------------------------------------------------
# reversed
# ---------------------------------------------------------------------------

def _reversed_next(r):
    seq = r.src
    i = r.pos
    if seq is not None and i >= 0:
        idx = new_int(i)
        try:
            item = abstract.getitem(seq, idx)
        except PyExc as e:
            t = e.exc.ob_type
            if not (is_subtype(t, EXC_TYPES["IndexError"]) or
                    is_subtype(t, EXC_TYPES["StopIteration"])):
                raise
            decref(e.exc)
            item = None
        finally:
            decref(idx)
        if item is not None:
            r.pos = i - 1
            return item
    r.pos = -1
    if seq is not None:
        r.src = None
        decref(seq)
    return None


def _reversed_hint(r):
    seq = r.src
    if seq is None:
        return 0
    n = abstract.length(seq)
    position = r.pos + 1
    return 0 if n < position else position


reversed_type = make_iterator_type("reversed", _reversed_next, _reversed_hint,
                                   subclassable=True)


def reversed_of(seq, tp=None):
    """reversed(seq): __reversed__ if defined, else the sequence protocol."""
    m = lookup(seq.ob_type, "__reversed__")
    if m is NONE:
        raise exc("TypeError", "'%s' object is not reversible" % type_name(seq))
    if m is not None:
        return abstract.call_dunder(m, seq, ())
    if lookup(seq.ob_type, "__getitem__") is None or isinstance(seq, PyDict):
        raise exc("TypeError", "'%s' object is not reversible" % type_name(seq))
    n = abstract.length(seq)
    return new_iter_obj(tp or reversed_type, seq, n - 1)


def _reversed_new(args, kwargs):
    tp = check_type_arg(args, reversed_type)
    if kwargs and tp is reversed_type:
        no_kwargs(kwargs, "reversed")
    check_positional("reversed", len(args) - 1, 1, 1)
    return reversed_of(args[1], tp)


register_new(reversed_type, _reversed_new)
