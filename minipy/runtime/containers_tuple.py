"""tuple: constructor, sequence protocol, operators, hash (CPython 3.11's tupleobject.c)."""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import lookup
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.strobject import new_str
from minipy.objects.tupleobject import PyTuple, tuple_type, new_tuple, tuple_size
from minipy.objects import tupleobject
from minipy.objects.iterobject import PySlice
from minipy.objects import descr
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import (
                  notimpl, new_bool, register_new, check_type_arg, init_subinstance, no_kwargs,
                  check_positional, has_index, as_ssize, slice_indices, search_bounds, repeat_count,
                  cant_multiply, check_size, repr_enter, repr_leave, safe_repr, rich_eq, hash_of,
                  tuple_hash_of_hashes, HASH_FAST, make_iterator_type, new_iter_obj)
from minipy.runtime.containers_list import seq_richcompare, sequence_list


def make_tuple(items, tp=None):
    """A tuple of type ``tp`` owning ``items`` (new references)."""
    if tp is None or tp is tuple_type:
        return new_tuple(items)
    hc = tp.host_class
    t = hc.__new__(hc)
    t.items = tuple(items)
    if tp.is_heaptype:
        init_subinstance(t, tp)
    return core.alloc(t, (tp.basicsize or 40) + 8 * len(items), tp)


def tuple_of(o):
    """tuple(o) (PySequence_Tuple): a new reference."""
    t = o.ob_type
    if t is tuple_type:
        o.ob_refcnt += 1
        return o
    if t is abstract.list_type:
        items = list(o.items)
        for x in items:
            x.ob_refcnt += 1
        return new_tuple(items)
    l = sequence_list(o)
    items = l.items
    for x in items:
        x.ob_refcnt += 1
    decref(l)
    return new_tuple(items)


def _tuple_new(args, kwargs):
    tp = check_type_arg(args, tuple_type)
    if kwargs and (tp is tuple_type or lookup(tp, "__init__") is lookup(abstract.object_type,
                                                                         "__init__")):
        no_kwargs(kwargs, "tuple")
    check_positional("tuple", len(args) - 1, 0, 1)
    if tp is tuple_type:
        if len(args) == 1:
            return new_tuple(())
        return tuple_of(args[1])
    if len(args) == 1:
        return make_tuple([], tp)
    tmp = tuple_of(args[1])
    items = list(tmp.items)
    for x in items:
        x.ob_refcnt += 1
    decref(tmp)
    return make_tuple(items, tp)


register_new(tuple_type, _tuple_new)


@descr.method(tuple_type, "__len__")
def tuple_len(self):
    return new_int(len(self.items))


@descr.method(tuple_type, "__getitem__")
def tuple_getitem(self, key):
    if isinstance(key, PyInt) or has_index(key):
        i = as_ssize(key, "IndexError")
        items = self.items
        n = len(items)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise exc("IndexError", "tuple index out of range")
        o = items[i]
        o.ob_refcnt += 1
        return o
    if isinstance(key, PySlice):
        items = self.items
        start, stop, step, n = slice_indices(key, len(items))
        if n <= 0:
            return new_tuple(())
        if start == 0 and step == 1 and n == len(items) and self.ob_type is tuple_type:
            self.ob_refcnt += 1
            return self
        out = [items[start + i * step] for i in range(n)]
        for x in out:
            x.ob_refcnt += 1
        return new_tuple(out)
    raise exc("TypeError", "tuple indices must be integers or slices, not %s" % type_name(key))


@descr.method(tuple_type, "__contains__")
def tuple_contains(self, value):
    for x in self.items:
        if rich_eq(x, value):
            return new_bool(True)
    return new_bool(False)


def _tupleiter_next(it):
    t = it.src
    if t is None:
        return None
    i = it.pos
    items = t.items
    if i < len(items):
        o = items[i]
        it.pos = i + 1
        o.ob_refcnt += 1
        return o
    it.src = None
    decref(t)
    return None


def _tupleiter_hint(it):
    t = it.src
    if t is None:
        return 0
    return max(0, len(t.items) - it.pos)


tuple_iterator_type = make_iterator_type("tuple_iterator", _tupleiter_next, _tupleiter_hint)


@descr.method(tuple_type, "__iter__")
def tuple_iter(self):
    return new_iter_obj(tuple_iterator_type, self)


@descr.method(tuple_type, "__add__")
def tuple_add(self, other):
    if not isinstance(other, PyTuple):
        return notimpl()
    if not other.items and self.ob_type is tuple_type:
        self.ob_refcnt += 1
        return self
    if not self.items and other.ob_type is tuple_type:
        other.ob_refcnt += 1
        return other
    items = self.items + other.items
    check_size(len(items))
    for x in items:
        x.ob_refcnt += 1
    return new_tuple(items)


def _tuple_repeat(self, other):
    n = repeat_count(other, self)
    if n is None:
        return cant_multiply(self, other)
    items = self.items
    if self.ob_type is tuple_type and (n == 1 or not items):
        self.ob_refcnt += 1
        return self
    if n <= 0 or not items:
        return new_tuple(())
    check_size(len(items) * n)
    out = items * n
    for x in out:
        x.ob_refcnt += 1
    return new_tuple(out)


descr.add_method(tuple_type, "__mul__", _tuple_repeat, 1, 1)
descr.add_method(tuple_type, "__rmul__", _tuple_repeat, 1, 1)


def _items(o):
    return o.items


def _make_cmp(op):
    def cmp(self, other):
        if not isinstance(other, PyTuple):
            return notimpl()
        return seq_richcompare(_items, self, other, op, False)
    return cmp


for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
    descr.add_method(tuple_type, _name, _make_cmp(_op), 1, 1)


def tuple_hash(t):
    """CPython's tuplehash as a host int."""
    return tuple_hash_of_hashes([hash_of(x) for x in t.items])


HASH_FAST[tuple_type] = tuple_hash


@descr.method(tuple_type, "__hash__")
def tuple_hash_m(self):
    return new_int(tuple_hash(self))


@descr.method(tuple_type, "__repr__")
def tuple_repr(self):
    items = self.items
    if not items:
        return new_str("()")
    if not repr_enter(self):
        return new_str("(...)")
    try:
        parts = [safe_repr(x) for x in items]
    finally:
        repr_leave(self)
    if len(parts) == 1:
        return new_str("(" + parts[0] + ",)")
    return new_str("(" + ", ".join(parts) + ")")


@descr.method(tuple_type, "index")
def tuple_index(self, value, start=None, stop=None):
    items = self.items
    lo, hi = search_bounds(len(items), start, stop)
    for i in range(lo, min(hi, len(items))):
        if rich_eq(items[i], value):
            return new_int(i)
    raise exc("ValueError", "tuple.index(x): x not in tuple")


@descr.method(tuple_type, "count")
def tuple_count(self, value):
    count = 0
    for x in self.items:
        if rich_eq(x, value):
            count += 1
    return new_int(count)


@descr.method(tuple_type, "__sizeof__")
def tuple_sizeof(self):
    return new_int(tuple_size(len(self.items)) - 16)


@descr.method(tuple_type, "__getnewargs__")
def tuple_getnewargs(self):
    items = list(self.items)
    for x in items:
        x.ob_refcnt += 1
    return new_tuple((new_tuple(items),))
