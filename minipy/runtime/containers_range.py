"""range and slice objects (CPython 3.11's rangeobject.c and sliceobject.c)."""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int
from minipy.objects.strobject import new_str
from minipy.objects.tupleobject import new_tuple
from minipy.objects.iterobject import (PyRange, PySlice, range_type, slice_type, new_range, new_slice,
                                       range_len)
from minipy.objects.singletons import NONE
from minipy.objects import descr
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import (
                  notimpl, new_bool, set_hash_none, register_new, no_kwargs, check_positional, has_index,
                  as_index, slice_indices, safe_repr, rich_eq, hash_of, tuple_hash_of_hashes, HASH_FAST,
                  SSIZE_MAX, make_iterator_type, new_iter_obj)


# ---------------------------------------------------------------------------
# range
# ---------------------------------------------------------------------------

def _range_new(args, kwargs):
    no_kwargs(kwargs, "range")
    n = len(args) - 1
    if n < 1:
        raise exc("TypeError", "range expected at least 1 argument, got %d" % n)
    if n > 3:
        raise exc("TypeError", "range expected at most 3 arguments, got %d" % n)
    vals = [as_index(a) for a in args[1:]]
    if n == 1:
        return new_range(0, vals[0], 1)
    step = vals[2] if n == 3 else 1
    if step == 0:
        raise exc("ValueError", "range() arg 3 must not be zero")
    return new_range(vals[0], vals[1], step)


register_new(range_type, _range_new)


def range_from_host(start, stop, step=1):
    return new_range(start, stop, step)


@descr.method(range_type, "__len__")
def range_len_m(self):
    if self.length > SSIZE_MAX:
        raise exc("OverflowError", "Python int too large to convert to C ssize_t")
    return new_int(self.length)


@descr.method(range_type, "__bool__")
def range_bool(self):
    return new_bool(self.length != 0)


@descr.method(range_type, "__getitem__")
def range_getitem(self, key):
    if isinstance(key, PyInt) or has_index(key):
        i = as_index(key)
        if i < 0:
            i += self.length
        if i < 0 or i >= self.length:
            raise exc("IndexError", "range object index out of range")
        return new_int(self.start + i * self.step)
    if isinstance(key, PySlice):
        start, stop, step, _n = slice_indices(key, self.length)
        return new_range(self.start + start * self.step, self.start + stop * self.step,
                         step * self.step)
    raise exc("TypeError", "range indices must be integers or slices, not %s" % type_name(key))


def _contains_long(r, v):
    if r.step > 0:
        if not (r.start <= v < r.stop):
            return False
    else:
        if not (r.stop < v <= r.start):
            return False
    return (v - r.start) % r.step == 0


def _iter_search(r, value, count):
    """_PySequence_IterSearch over a range: count matches or find the first index."""
    n = 0
    for i in range(r.length):
        x = new_int(r.start + i * r.step)
        try:
            if rich_eq(x, value):
                if not count:
                    return i
                n += 1
        finally:
            decref(x)
    return n if count else -1


@descr.method(range_type, "__contains__")
def range_contains(self, value):
    t = value.ob_type
    if t is int_type or t is bool_type:
        return new_bool(_contains_long(self, int(value.value)))
    return new_bool(_iter_search(self, value, False) >= 0)


@descr.method(range_type, "count")
def range_count(self, value):
    t = value.ob_type
    if t is int_type or t is bool_type:
        return new_int(1 if _contains_long(self, int(value.value)) else 0)
    return new_int(_iter_search(self, value, True))


@descr.method(range_type, "index")
def range_index(self, value):
    t = value.ob_type
    if t is int_type or t is bool_type:
        v = int(value.value)
        if _contains_long(self, v):
            return new_int((v - self.start) // self.step)
        raise exc("ValueError", "%s is not in range" % safe_repr(value))
    i = _iter_search(self, value, False)
    if i < 0:
        raise exc("ValueError", "sequence.index(x): x not in sequence")
    return new_int(i)


def _rangeiter_next(it):
    i = it.pos
    if i < it.stop:
        it.pos = i + 1
        start, step = it.aux
        return new_int(start + i * step)
    return None


def _rangeiter_hint(it):
    return max(0, it.stop - it.pos)


range_iterator_type = make_iterator_type("range_iterator", _rangeiter_next, _rangeiter_hint)
range_iterator_type.is_gc = False      # CPython's range iterator holds only C longs: not a GC object


@descr.method(range_type, "__iter__")
def range_iter(self):
    return new_iter_obj(range_iterator_type, None, 0, (self.start, self.step), self.length)


@descr.method(range_type, "__reversed__")
def range_reversed(self):
    n = self.length
    return new_iter_obj(range_iterator_type, None, 0,
                        (self.start + (n - 1) * self.step, -self.step), n)


@descr.method(range_type, "__repr__")
def range_repr(self):
    if self.step == 1:
        return new_str("range(%d, %d)" % (self.start, self.stop))
    return new_str("range(%d, %d, %d)" % (self.start, self.stop, self.step))


def _range_equals(a, b):
    if a is b:
        return True
    if a.length != b.length:
        return False
    if a.length == 0:
        return True
    if a.start != b.start:
        return False
    if a.length == 1:
        return True
    return a.step == b.step


@descr.method(range_type, "__eq__")
def range_eq(self, other):
    if other.ob_type is not range_type:
        return notimpl()
    return new_bool(_range_equals(self, other))


@descr.method(range_type, "__ne__")
def range_ne(self, other):
    if other.ob_type is not range_type:
        return notimpl()
    return new_bool(not _range_equals(self, other))


def range_hash(r):
    if r.length == 0:
        h = [hash(0), hash_of(NONE), hash_of(NONE)]
    elif r.length == 1:
        h = [hash(1), hash(r.start), hash_of(NONE)]
    else:
        h = [hash(r.length), hash(r.start), hash(r.step)]
    return tuple_hash_of_hashes(h)


HASH_FAST[range_type] = range_hash


@descr.method(range_type, "__hash__")
def range_hash_m(self):
    return new_int(range_hash(self))


def _int_getter(field):
    def get(self):
        return new_int(getattr(self, field))
    return get


for _f in ("start", "stop", "step"):
    descr.add_getset(range_type, _f, _int_getter(_f))


@descr.method(range_type, "__sizeof__")
def range_sizeof(self):
    return new_int(48)


# ---------------------------------------------------------------------------
# slice
# ---------------------------------------------------------------------------

def _slice_new(args, kwargs):
    no_kwargs(kwargs, "slice")
    n = len(args) - 1
    if n < 1:
        raise exc("TypeError", "slice expected at least 1 argument, got %d" % n)
    if n > 3:
        raise exc("TypeError", "slice expected at most 3 arguments, got %d" % n)
    if n == 1:
        parts = [NONE, args[1], NONE]
    else:
        parts = list(args[1:]) + [NONE] * (3 - n)
    for p in parts:
        p.ob_refcnt += 1
    return new_slice(parts[0], parts[1], parts[2])


register_new(slice_type, _slice_new)
set_hash_none(slice_type)


@descr.method(slice_type, "__repr__")
def slice_repr(self):
    return new_str("slice(%s, %s, %s)" % (safe_repr(self.start), safe_repr(self.stop),
                                          safe_repr(self.step)))


def _obj_getter(field):
    def get(self):
        o = getattr(self, field)
        o.ob_refcnt += 1
        return o
    return get


for _f in ("start", "stop", "step"):
    descr.add_getset(slice_type, _f, _obj_getter(_f))


@descr.method(slice_type, "indices")
def slice_indices_m(self, length):
    n = abstract.index_value(length)
    if n < 0:
        raise exc("ValueError", "length should not be negative")
    start, stop, step, _ = slice_indices(self, n)
    return new_tuple((new_int(start), new_int(stop), new_int(step)))


def _slice_cmp(op):
    def cmp(self, other):
        if other.ob_type is not slice_type:
            return notimpl()
        if self is other:
            if op in (1, 2, 5):
                return new_bool(True)
            if op in (0, 3, 4):
                return new_bool(False)
        a = new_tuple((core.incref(self.start), core.incref(self.stop), core.incref(self.step)))
        b = new_tuple((core.incref(other.start), core.incref(other.stop),
                       core.incref(other.step)))
        try:
            return abstract.compare(a, b, op)
        finally:
            decref(a)
            decref(b)
    return cmp


for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
    descr.add_method(slice_type, _name, _slice_cmp(_op), 1, 1)
