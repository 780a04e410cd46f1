"""list: methods, operators, iterators and sort (CPython 3.11's listobject.c).

Every change of a list's length goes through ``listobject.list_resize`` so the
simulated item array grows and shrinks with CPython's over-allocation rule,
and the allocation patterns of ``list(x)`` (exact pre-sizing), ``extend``
(length-hint pre-sizing, cut back at the end), slicing and repetition (exact)
follow CPython's.
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import lookup
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.strobject import new_str
from minipy.objects.tupleobject import PyTuple, tuple_type
from minipy.objects.listobject import (PyList, list_type, new_list, list_resize, list_sizeof,
                                       LIST_SIZE)
from minipy.objects.iterobject import PySlice
from minipy.objects.singletons import ret_none
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects import descr
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import (
                  incref, notimpl, new_bool, set_hash_none, register_new, check_type_arg, alloc_sub,
                  no_kwargs, check_positional, parse_kwonly, has_index, as_index, as_ssize, slice_indices,
                  search_bounds, repeat_count, cant_multiply, check_size, repr_enter, repr_leave,
                  safe_repr, rich_eq, rich_eq_held, rich_compare, rich_compare_bool, cmp_result, has_len, length_hint,
                  make_iterator_type, new_iter_obj)
from minipy.runtime.containers_sort import timsort


# ---------------------------------------------------------------------------
# Construction and storage primitives
# ---------------------------------------------------------------------------

def make_list(items, tp=None):
    """A list of type ``tp`` (default list) owning ``items`` (new references)."""
    if tp is None or tp is list_type:
        return new_list(items)
    hc = tp.host_class
    l = hc.__new__(hc)
    l.items = items
    n = len(items)
    l.allocated = n
    l.items_addr = core.storage_malloc(8 * n) if n else 0
    return alloc_sub(l, tp, LIST_SIZE)


def list_clear(l):
    """CPython's _list_clear: drop every item and free the item array."""
    items = l.items
    addr = l.items_addr
    if not items and not addr:
        return
    l.items = []
    l.items_addr = 0
    l.allocated = 0
    for i in range(len(items) - 1, -1, -1):
        decref(items[i])
    if addr:
        core.storage_free(addr)


def _preallocate_exact(l, n):
    """list_preallocate_exact (3.11 rounds the size up to an even count)."""
    n = (n + 1) & ~1
    l.items_addr = core.storage_malloc(8 * n)
    l.allocated = n


def list_extend(l, o):
    """l.extend(o) (CPython's list_extend)."""
    t = o.ob_type
    if t is list_type or t is tuple_type or o is l:
        src = list(o.items)
        n = len(src)
        if n == 0:
            return
        m = len(l.items)
        if not l.items_addr:
            _preallocate_exact(l, m + n)
        else:
            list_resize(l, m + n)
        for x in src:
            x.ob_refcnt += 1
        l.items.extend(src)
        return
    it = abstract.get_iter(o)
    try:
        n = length_hint(o, 8)
        m = len(l.items)
        if not l.items_addr:
            if n:
                _preallocate_exact(l, n)
        else:
            list_resize(l, m + n)
        nx = it.ob_type.tp_iternext
        next_ = abstract.next_
        while True:
            x = nx(it) if nx is not None else next_(it)
            if x is None:
                break
            items = l.items
            if len(items) >= l.allocated:
                list_resize(l, len(items) + 1)
            l.items.append(x)
        if len(l.items) < l.allocated:
            list_resize(l, len(l.items))
    finally:
        decref(it)


def sequence_list(o, tp=None):
    """PySequence_List: a new list with the items of iterable ``o``."""
    l = make_list([], tp)
    try:
        list_extend(l, o)
    except PyExc:
        decref(l)
        raise
    return l


def list_from_iterable(o):
    """list(o) as ``list.__init__`` builds it (exact pre-sizing for sized iterables)."""
    l = new_list([])
    try:
        _init_from(l, o)
    except PyExc:
        decref(l)
        raise
    return l


def _init_from(l, o):
    if has_len(o):
        try:
            n = abstract.length(o)
        except PyExc as e:
            if e.exc.ob_type is not EXC_TYPES["TypeError"]:
                raise
            decref(e.exc)
            n = 0
        if n > 0 and not l.items_addr:
            _preallocate_exact(l, n)
    list_extend(l, o)


def seq_fast(v, msg):
    """PySequence_Fast: ``v`` itself if an exact list or tuple, else a new list."""
    t = v.ob_type
    if t is list_type or t is tuple_type:
        v.ob_refcnt += 1
        return v
    try:
        it = abstract.get_iter(v)
    except PyExc as e:
        if e.exc.ob_type is EXC_TYPES["TypeError"]:
            decref(e.exc)
            raise exc("TypeError", msg)
        raise
    try:
        return sequence_list(it)
    finally:
        decref(it)


def list_slice(a, lo, hi):
    items = a.items[lo:hi]
    for x in items:
        x.ob_refcnt += 1
    return new_list(items)


def list_ass_slice(a, ilow, ihigh, v):
    """a[ilow:ihigh] = v (v None: delete) — CPython's list_ass_slice."""
    seq = None
    if v is not None:
        if v is a:
            cp = list_slice(a, 0, len(a.items))
            try:
                list_ass_slice(a, ilow, ihigh, cp)
            finally:
                decref(cp)
            return
        seq = seq_fast(v, "can only assign an iterable")
        vitems = list(seq.items)
    else:
        vitems = []
    try:
        n = len(vitems)
        size = len(a.items)
        if ilow < 0:
            ilow = 0
        elif ilow > size:
            ilow = size
        if ihigh < ilow:
            ihigh = ilow
        elif ihigh > size:
            ihigh = size
        norig = ihigh - ilow
        d = n - norig
        if size + d == 0:
            list_clear(a)
            return
        recycle = a.items[ilow:ihigh]
        tmp = core.storage_malloc(8 * norig) if norig > 8 else 0
        if d != 0:
            list_resize(a, size + d)
        for x in vitems:
            x.ob_refcnt += 1
        a.items[ilow:ihigh] = vitems
        for i in range(len(recycle) - 1, -1, -1):
            decref(recycle[i])
        if tmp:
            core.storage_free(tmp)
    finally:
        if seq is not None:
            decref(seq)


# ---------------------------------------------------------------------------
# __new__ / __init__
# ---------------------------------------------------------------------------

def _list_new(args, kwargs):
    tp = check_type_arg(args, list_type)
    return make_list([], tp)


register_new(list_type, _list_new)


def _list_init(self, args, kwargs):
    if kwargs and (self.ob_type is list_type or lookup(self.ob_type, "__new__") is
                   lookup(list_type, "__new__")):
        no_kwargs(kwargs, "list")
    check_positional("list", len(args), 0, 1)
    if self.items or self.items_addr:
        list_clear(self)
    if args:
        _init_from(self, args[0])
    return ret_none()


descr.add_method(list_type, "__init__", _list_init, takes_kw=True)
set_hash_none(list_type)


# ---------------------------------------------------------------------------
# Sequence protocol
# ---------------------------------------------------------------------------

@descr.method(list_type, "__len__")
def list_len(self):
    return new_int(len(self.items))


@descr.method(list_type, "__getitem__")
def list_getitem(self, key):
    if isinstance(key, PyInt) or has_index(key):
        i = as_ssize(key, "IndexError")
        items = self.items
        n = len(items)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise exc("IndexError", "list index out of range")
        o = items[i]
        o.ob_refcnt += 1
        return o
    if isinstance(key, PySlice):
        start, stop, step, n = slice_indices(key, len(self.items))
        if step == 1:
            return list_slice(self, start, stop)
        if n <= 0:
            return new_list([])
        items = self.items
        out = [items[start + i * step] for i in range(n)]
        for x in out:
            x.ob_refcnt += 1
        return new_list(out)
    raise exc("TypeError", "list indices must be integers or slices, not %s" % type_name(key))


@descr.method(list_type, "__setitem__")
def list_setitem(self, key, value):
    if isinstance(key, PyInt) or has_index(key):
        i = as_ssize(key, "IndexError")
        items = self.items
        n = len(items)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise exc("IndexError", "list assignment index out of range")
        old = items[i]
        value.ob_refcnt += 1
        items[i] = value
        decref(old)
        return ret_none()
    if isinstance(key, PySlice):
        start, stop, step, n = slice_indices(key, len(self.items))
        if step == 1:
            list_ass_slice(self, start, stop, value)
            return ret_none()
        if value is self:
            seq = list_slice(self, 0, len(self.items))
        else:
            seq = seq_fast(value, "must assign iterable to extended slice")
        try:
            src = list(seq.items)
            if len(src) != n:
                raise exc("ValueError", "attempt to assign sequence of size %d to extended slice "
                          "of size %d" % (len(src), n))
            if n == 0:
                return ret_none()
            tmp = core.storage_malloc(8 * n)
            items = self.items
            garbage = []
            for i in range(n):
                cur = start + i * step
                garbage.append(items[cur])
                x = src[i]
                x.ob_refcnt += 1
                items[cur] = x
            for o in garbage:
                decref(o)
            core.storage_free(tmp)
        finally:
            decref(seq)
        return ret_none()
    raise exc("TypeError", "list indices must be integers or slices, not %s" % type_name(key))


@descr.method(list_type, "__delitem__")
def list_delitem(self, key):
    if isinstance(key, PyInt) or has_index(key):
        i = as_ssize(key, "IndexError")
        n = len(self.items)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise exc("IndexError", "list assignment index out of range")
        list_ass_slice(self, i, i + 1, None)
        return ret_none()
    if isinstance(key, PySlice):
        start, stop, step, n = slice_indices(key, len(self.items))
        if step == 1:
            list_ass_slice(self, start, stop, None)
            return ret_none()
        if n <= 0:
            return ret_none()
        if step < 0:
            stop = start + 1
            start = stop + step * (n - 1) - 1
            step = -step
        items = self.items
        end = start + step * (n - 1) + 1
        garbage = items[start:end:step]
        tmp = core.storage_malloc(8 * n)
        del items[start:end:step]
        list_resize(self, len(items))
        for o in garbage:
            decref(o)
        core.storage_free(tmp)
        return ret_none()
    raise exc("TypeError", "list indices must be integers or slices, not %s" % type_name(key))


@descr.method(list_type, "__contains__")
def list_contains(self, value):
    items = self.items
    i = 0
    while i < len(self.items):
        if rich_eq_held(self.items[i], value):
            return new_bool(True)
        i += 1
    return new_bool(False)


# ---------------------------------------------------------------------------
# Iterators
# ---------------------------------------------------------------------------

def _listiter_next(it):
    l = it.src
    if l is None:
        return None
    i = it.pos
    items = l.items
    if i < len(items):
        o = items[i]
        it.pos = i + 1
        o.ob_refcnt += 1
        return o
    it.src = None
    decref(l)
    return None


def _listiter_hint(it):
    l = it.src
    if l is None:
        return 0
    return max(0, len(l.items) - it.pos)


def _listrev_next(it):
    l = it.src
    if l is None:
        return None
    i = it.pos
    items = l.items
    if 0 <= i < len(items):
        o = items[i]
        it.pos = i - 1
        o.ob_refcnt += 1
        return o
    it.pos = -1
    it.src = None
    decref(l)
    return None


def _listrev_hint(it):
    l = it.src
    if l is None:
        return 0
    n = it.pos + 1
    return n if len(l.items) >= n else 0


list_iterator_type = make_iterator_type("list_iterator", _listiter_next, _listiter_hint)
list_reverseiterator_type = make_iterator_type("list_reverseiterator", _listrev_next,
                                               _listrev_hint)


@descr.method(list_type, "__iter__")
def list_iter(self):
    return new_iter_obj(list_iterator_type, self)


@descr.method(list_type, "__reversed__")
def list_reversed(self):
    return new_iter_obj(list_reverseiterator_type, self, len(self.items) - 1)


# ---------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------

@descr.method(list_type, "__add__")
def list_add(self, other):
    if not isinstance(other, PyList):
        return notimpl()
    items = self.items + other.items
    check_size(len(items))
    for x in items:
        x.ob_refcnt += 1
    return new_list(items)


@descr.method(list_type, "__iadd__")
def list_iadd(self, other):
    list_extend(self, other)
    self.ob_refcnt += 1
    return self


def _repeat(self, other):
    n = repeat_count(other, self)
    if n is None:
        return cant_multiply(self, other)
    items = self.items
    if n <= 0 or not items:
        return new_list([])
    check_size(len(items) * n)
    out = items * n
    for x in out:
        x.ob_refcnt += 1
    return new_list(out)


descr.add_method(list_type, "__mul__", _repeat, 1, 1)
descr.add_method(list_type, "__rmul__", _repeat, 1, 1)


@descr.method(list_type, "__imul__")
def list_imul(self, other):
    n = repeat_count(other, self)
    if n is None:
        return cant_multiply(self, other)
    size = len(self.items)
    if size == 0 or n == 1:
        self.ob_refcnt += 1
        return self
    if n < 1:
        list_clear(self)
        self.ob_refcnt += 1
        return self
    check_size(size * n)
    list_resize(self, size * n)
    src = list(self.items)
    for _ in range(n - 1):
        for x in src:
            x.ob_refcnt += 1
        self.items.extend(src)
    self.ob_refcnt += 1
    return self


def seq_richcompare(vitems_of, v, w, op, length_shortcut):
    """Lexicographic comparison of two lists (or two tuples)."""
    vi = vitems_of(v)
    wi = vitems_of(w)
    if length_shortcut and len(vi) != len(wi) and (op == 2 or op == 3):
        return new_bool(op == 3)
    i = 0
    while True:
        vi = vitems_of(v)
        wi = vitems_of(w)
        if i >= len(vi) or i >= len(wi):
            return cmp_result(len(vi), len(wi), op)
        a = vi[i]
        b = wi[i]
        if a is not b:
            a.ob_refcnt += 1
            b.ob_refcnt += 1
            try:
                k = rich_eq(a, b)
            finally:
                decref(a)
                decref(b)
            if not k:
                break
        i += 1
    if op == 2:
        return new_bool(False)
    if op == 3:
        return new_bool(True)
    a = vi[i]
    b = wi[i]
    a.ob_refcnt += 1
    b.ob_refcnt += 1
    try:
        return rich_compare(a, b, op)
    finally:
        decref(a)
        decref(b)


def _items(o):
    return o.items


def _make_cmp(op):
    def cmp(self, other):
        if not isinstance(other, PyList):
            return notimpl()
        return seq_richcompare(_items, self, other, op, True)
    return cmp


for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
    descr.add_method(list_type, _name, _make_cmp(_op), 1, 1)


@descr.method(list_type, "__repr__")
def list_repr(self):
    if not self.items:
        return new_str("[]")
    if not repr_enter(self):
        return new_str("[...]")
    try:
        parts = []
        i = 0
        while i < len(self.items):
            x = self.items[i]
            x.ob_refcnt += 1
            try:
                parts.append(safe_repr(x))
            finally:
                decref(x)
            i += 1
    finally:
        repr_leave(self)
    return new_str("[" + ", ".join(parts) + "]")


@descr.method(list_type, "__sizeof__")
def list_sizeof_m(self):
    return new_int(list_sizeof(self) - 16)


# ---------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------

@descr.method(list_type, "append")
def list_append_m(self, obj):
    items = self.items
    if len(items) >= self.allocated:
        list_resize(self, len(items) + 1)
    obj.ob_refcnt += 1
    self.items.append(obj)
    return ret_none()


@descr.method(list_type, "extend")
def list_extend_m(self, iterable):
    list_extend(self, iterable)
    return ret_none()


@descr.method(list_type, "insert")
def list_insert(self, index, obj):
    where = as_ssize(index, "OverflowError")
    n = len(self.items)
    list_resize(self, n + 1)
    if where < 0:
        where += n
        if where < 0:
            where = 0
    if where > n:
        where = n
    obj.ob_refcnt += 1
    self.items.insert(where, obj)
    return ret_none()


@descr.method(list_type, "pop")
def list_pop(self, index=None):
    i = -1 if index is None else as_ssize(index, "OverflowError")
    items = self.items
    n = len(items)
    if n == 0:
        raise exc("IndexError", "pop from empty list")
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise exc("IndexError", "pop index out of range")
    v = items[i]
    if i == n - 1:
        list_resize(self, n - 1)
        items.pop()
        return v
    v.ob_refcnt += 1
    list_ass_slice(self, i, i + 1, None)
    return v


@descr.method(list_type, "remove")
def list_remove(self, value):
    i = 0
    while i < len(self.items):
        if rich_eq_held(self.items[i], value):
            list_ass_slice(self, i, i + 1, None)
            return ret_none()
        i += 1
    raise exc("ValueError", "list.remove(x): x not in list")


@descr.method(list_type, "index")
def list_index(self, value, start=None, stop=None):
    lo, hi = search_bounds(len(self.items), start, stop)
    i = lo
    while i < hi and i < len(self.items):
        if rich_eq_held(self.items[i], value):
            return new_int(i)
        i += 1
    raise exc("ValueError", "%s is not in list" % safe_repr(value))


@descr.method(list_type, "count")
def list_count(self, value):
    count = 0
    i = 0
    while i < len(self.items):
        if rich_eq_held(self.items[i], value):
            count += 1
        i += 1
    return new_int(count)


@descr.method(list_type, "reverse")
def list_reverse(self):
    self.items.reverse()
    return ret_none()


@descr.method(list_type, "copy")
def list_copy(self):
    return list_slice(self, 0, len(self.items))


@descr.method(list_type, "clear")
def list_clear_m(self):
    list_clear(self)
    return ret_none()


# ---------------------------------------------------------------------------
# sort
# ---------------------------------------------------------------------------

def _hostable(o):
    """The host value standing for ``o`` in comparisons, or raise _NoHost."""
    t = o.ob_type
    if t is abstract.int_type or t is abstract.str_type or t is abstract.float_type \
            or t is abstract.bool_type:
        return o.value
    if t is tuple_type:
        return tuple([_hostable(x) for x in o.items])
    if t is list_type:
        return [_hostable(x) for x in o.items]
    raise _NoHost


class _NoHost(Exception):
    pass


def _host_sort(perm, keys):
    """Sort ``perm`` by the host values of ``keys`` if they all have one; same
    comparisons as CPython (the host's sort is the same algorithm).  Returns
    False when the keys are not all plain values or do not compare."""
    try:
        vals = [_hostable(k) for k in keys]
    except _NoHost:
        return False
    except RecursionError:
        return False
    try:
        perm.sort(key=vals.__getitem__)
    except (TypeError, RecursionError):
        return False
    return True


def list_sort(self, keyfunc=None, reverse=False):
    """list.sort with CPython's semantics: the list is empty while sorting, a
    mutation during the sort raises ValueError, an exception leaves every item
    in the list exactly once."""
    saved_items = self.items
    saved_addr = self.items_addr
    saved_alloc = self.allocated
    n = len(saved_items)
    empty = []
    self.items = empty
    self.items_addr = 0
    self.allocated = -1
    new_items = None
    error = None
    try:
        keys_addr = 0
        if keyfunc is not None:
            if n >= 128:
                keys_addr = core.storage_malloc(8 * n)
            keys = []
            try:
                for x in saved_items:
                    keys.append(abstract.call(keyfunc, [x]))
            except PyExc:
                for k in reversed(keys):
                    decref(k)
                if keys_addr:
                    core.storage_free(keys_addr)
                raise
        else:
            keys = saved_items
        perm = list(range(n))
        if n > 1:
            if reverse:
                perm.reverse()
            try:
                if not _host_sort(perm, keys):
                    def lt(i, j):
                        return rich_compare_bool(keys[i], keys[j], 0)
                    timsort(perm, lt, keyfunc is not None)
            except PyExc as e:
                error = e
        if keyfunc is not None:
            for i in perm:
                decref(keys[i])
            if keys_addr:
                core.storage_free(keys_addr)
        if error is None and (self.allocated != -1 or self.items is not empty or empty):
            error = exc("ValueError", "list modified during sort")
        if reverse and n > 1:
            perm.reverse()
        new_items = [saved_items[i] for i in perm]
    finally:
        final_items = self.items
        final_addr = self.items_addr
        self.items = new_items if new_items is not None else saved_items
        self.items_addr = saved_addr
        self.allocated = saved_alloc
        if final_items or final_addr:
            for i in range(len(final_items) - 1, -1, -1):
                decref(final_items[i])
            if final_addr:
                core.storage_free(final_addr)
    if error is not None:
        raise error


def _sort_args(args, kwargs, fname="sort"):
    if args:
        raise exc("TypeError", "sort() takes no positional arguments")
    kw = parse_kwonly(kwargs, fname, ("key", "reverse"))
    key = kw.get("key")
    if key is abstract.NONE:
        key = None
    rev = kw.get("reverse")
    reverse = False
    if rev is not None:
        if not isinstance(rev, PyInt) and not has_index(rev):
            raise exc("TypeError", "'%s' object cannot be interpreted as an integer" % type_name(rev))
        reverse = bool(as_index(rev))
    return key, reverse


def _list_sort_m(self, args, kwargs):
    key, reverse = _sort_args(args, kwargs)
    list_sort(self, key, reverse)
    return ret_none()


descr.add_method(list_type, "sort", _list_sort_m, takes_kw=True)
