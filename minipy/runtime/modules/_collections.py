"""``_collections``: the host part of ``collections`` (CPython's C module): ``deque``.

``collections.deque`` is a built-in type, as in CPython, rather than a class
written in minipy: BFS queues and sliding windows call ``append``/``popleft``
in their hot loops, and an interpreted method over a list (``pop(0)``) costs
several frames and an O(n) shift per call.

The items are a host ``collections.deque`` of heap objects (each holds a
reference), so both ends are O(1).  The memory follows CPython's block
structure: a deque object (216 bytes + the GC header) and one 528-byte block
(64 item slots and two links) per 64 items, allocated on the simulated heap.
``leftindex`` is the slot of the first item in the leftmost block, and the
blocks exactly cover the items, as in CPython: a block is allocated when an
append or appendleft crosses a block boundary and released when a pop empties
one; an empty deque keeps one block and re-centres (slot 32).  Released blocks
go to the deque's own cache of up to 16 blocks (CPython's ``freeblocks``) and
are reused by the next allocation.  ``extend``/``extendleft`` of an empty
deque start at its left/right end, as CPython's space-saving heuristic does,
and operations in the middle (insert, ``del d[i]``, remove) move the left edge
as CPython's rotations do; so ``d.__sizeof__()`` follows CPython's.

``state`` counts mutations as CPython does (appends, pops, rotations, clears,
inserts and deletions; not ``d[i] = x``, ``reverse`` or a search): iterators
and searches raise "deque mutated during iteration" when it changes.
"""

import collections as _hcoll
from itertools import islice as _islice

from minipy.objects import core, descr
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import make_type, lookup
from minipy.objects.descr import PyMethodDescr
from minipy.objects.intobject import PyInt, int_type, new_int
from minipy.objects.strobject import new_str
from minipy.objects.tupleobject import new_tuple, tuple_type
from minipy.objects.listobject import list_type, new_list
from minipy.objects.singletons import NONE, ret_none
from minipy.objects.exceptions import PyExc
from minipy.objects import weakrefobject
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import (
                 notimpl, new_bool, register_new, check_type_arg, alloc_sub, has_index, as_index,
                 index_arg, repeat_count, cant_multiply, check_size, repr_enter, repr_leave, safe_repr,
                 rich_eq, rich_eq_held, rich_compare, cmp_result, make_iterator_type, SSIZE_MAX, SSIZE_MIN)
from minipy.runtime.modules._common import build_module

BLOCKLEN = 64
CENTER = (BLOCKLEN - 1) // 2
BLOCK_BYTES = BLOCKLEN * 8 + 16       # 64 item pointers, leftlink, rightlink
MAXFREEBLOCKS = 16
DEQUE_BASICSIZE = 216                 # sizeof(dequeobject) in CPython 3.11 (64-bit)
DEQUE_SIZE = DEQUE_BASICSIZE + 16     # with the GC header: the object's heap block
DEQUEITER_SIZE = 72

_MUTATED = "deque mutated during iteration"

# the type's methods are static objects (made once per process, like the
# built-in types'): registered together at the end, in static mode
_REGS = []


def _method(name, impl, minargs=0, maxargs=0, **kw):
    _REGS.append((descr.add_method, (deque_type, name, impl, minargs, maxargs), kw))


def _getset(name, getter, setter=None, **kw):
    _REGS.append((descr.add_getset, (deque_type, name, getter, setter), kw))


class PyDeque(PyObject):
    __slots__ = ("items", "maxlen", "state", "leftindex", "blocks", "freeblocks")

    def storage_addrs(self):
        """The heap blocks this deque owns (its item blocks and its cache), for the audit."""
        return (self.blocks or []) + (self.freeblocks or [])

    @staticmethod
    def tp_clear(d):
        """The collector breaking a cycle through the deque (CPython's deque_clear)."""
        if d.items:
            _clear(d)


# ---------------------------------------------------------------------------
# Blocks (the simulated memory)
# ---------------------------------------------------------------------------

def _newblock(d):
    fb = d.freeblocks
    d.blocks.append(fb.pop() if fb else core.storage_malloc(BLOCK_BYTES))


def _freeblock(d):
    a = d.blocks.pop()
    fb = d.freeblocks
    if len(fb) < MAXFREEBLOCKS:
        fb.append(a)
    else:
        core.storage_free(a)


def _fit(d):
    """Make the block count cover the items from ``leftindex`` (one block when empty)."""
    n = len(d.items)
    need = ((d.leftindex + n - 1) >> 6) + 1 if n else 1
    blocks = d.blocks
    while len(blocks) < need:
        _newblock(d)
    while len(blocks) > need:
        _freeblock(d)


def _norm_rotation(n, size):
    """CPython's reduction of a rotation count to [-size/2, size/2]."""
    half = size >> 1
    if n > half or n < -half:
        r = abs(n) % size
        n = r if n >= 0 else -r
        if n > half:
            n -= size
        elif n < -half:
            n += size
    return n


def _shift_left_edge(d, n, size):
    """The left edge after CPython's _deque_rotate(n) of a deque of ``size`` items."""
    if size > 1:
        d.leftindex = (d.leftindex - _norm_rotation(n, size)) & (BLOCKLEN - 1)


def _left_after_popleft(d, remaining):
    L = d.leftindex + 1
    if L == BLOCKLEN:
        L = 0 if remaining else CENTER + 1
    d.leftindex = L


# ---------------------------------------------------------------------------
# Construction
# ---------------------------------------------------------------------------

_static = core.static_mode
core.static_mode = True
try:
    deque_type = make_type("deque", host_class=PyDeque, basicsize=DEQUE_SIZE, gc=True)
    deque_type.module = "collections"
    deque_type.flags |= weakrefobject.TPFLAGS_WEAKREF
    deque_type.doc = ("deque([iterable[, maxlen]]) --> deque object\n\nA list-like sequence "
                      "optimized for data accesses near its endpoints.")
finally:
    core.static_mode = _static


def _traverse(d):
    items = d.items
    return list(items) if items else ()


def _dealloc(d):
    items = d.items
    d.items = None
    if items:
        for x in items:
            decref(x)
    for a in d.blocks:
        core.storage_free(a)
    for a in d.freeblocks:
        core.storage_free(a)
    d.blocks = d.freeblocks = None
    core.free_block(d)


deque_type.tp_dealloc = _dealloc
deque_type.tp_traverse = _traverse


def new_deque(tp=None, maxlen=None):
    """A new empty deque of type ``tp`` (default deque)."""
    if tp is None:
        tp = deque_type
    hc = tp.host_class
    d = hc.__new__(hc)
    d.items = _hcoll.deque()
    d.maxlen = maxlen
    d.state = 0
    d.leftindex = CENTER + 1
    d.blocks = []
    d.freeblocks = []
    d.blocks.append(core.storage_malloc(BLOCK_BYTES))
    try:
        if tp is deque_type:
            return core.alloc(d, DEQUE_SIZE, tp)
        return alloc_sub(d, tp, DEQUE_SIZE)
    except BaseException:
        core.storage_free(d.blocks[0])
        raise


def _deque_new(args, kwargs):
    tp = check_type_arg(args, deque_type)
    return new_deque(tp)


_REGS.append((register_new, (deque_type, _deque_new), {}))


def _maxlen_arg(o):
    if o is None or o is NONE:
        return None
    if not isinstance(o, PyInt):
        raise exc("TypeError", "an integer is required")
    v = int(o.value)
    if v > SSIZE_MAX or v < SSIZE_MIN:
        raise exc("OverflowError", "Python int too large to convert to C ssize_t")
    if v < 0:
        raise exc("ValueError", "maxlen must be non-negative")
    return v


def _deque_init(self, args, kwargs):
    n = len(args) + (len(kwargs) if kwargs else 0)
    if n > 2:
        raise exc("TypeError", "deque() takes at most 2 arguments (%d given)" % n)
    iterable = args[0] if args else None
    maxlen = args[1] if len(args) > 1 else None
    if kwargs:
        for k, v in kwargs.items():
            if k == "iterable":
                pos = 1
            elif k == "maxlen":
                pos = 2
            else:
                raise exc("TypeError", "'%s' is an invalid keyword argument for deque()" % k)
            if len(args) >= pos:
                raise exc("TypeError", "argument for deque() given by name ('%s') and position (%d)"
                          % (k, pos))
            if pos == 1:
                iterable = v
            else:
                maxlen = v
    m = _maxlen_arg(maxlen)
    self.maxlen = m
    if self.items:
        _clear(self)
    if iterable is not None:
        deque_extend(self, iterable)
    return ret_none()


_method("__init__", _deque_init, takes_kw=True,
        doc="Initialize self.  See help(type(self)) for accurate signature.")


# ---------------------------------------------------------------------------
# The ends (hot paths)
# ---------------------------------------------------------------------------

def deque_append(d, x):
    """d.append(x) (a new reference to x is taken)."""
    items = d.items
    if not (d.leftindex + len(items)) & 63:
        _newblock(d)
    x.ob_refcnt += 1
    items.append(x)
    d.state += 1
    m = d.maxlen
    if m is not None and len(items) > m:
        _trim_left(d)


def _trim_left(d):
    items = d.items
    y = items.popleft()
    d.state += 1
    n = len(items)
    L = d.leftindex + 1
    if L == BLOCKLEN:
        if n:
            _freeblock(d)
            L = 0
        else:
            L = CENTER + 1
    d.leftindex = L
    decref(y)


def _trim_right(d):
    items = d.items
    y = items.pop()
    d.state += 1
    n = len(items)
    if n:
        if not (d.leftindex + n) & 63:
            _freeblock(d)
    elif d.leftindex == 0:
        d.leftindex = CENTER + 1
    decref(y)


def deque_appendleft(d, x):
    L = d.leftindex
    if L == 0:
        _newblock(d)
        L = BLOCKLEN
    d.leftindex = L - 1
    x.ob_refcnt += 1
    d.items.appendleft(x)
    d.state += 1
    m = d.maxlen
    if m is not None and len(d.items) > m:
        _trim_right(d)


def _append_m(self, x):
    items = self.items
    if not (self.leftindex + len(items)) & 63:
        _newblock(self)
    x.ob_refcnt += 1
    items.append(x)
    self.state += 1
    m = self.maxlen
    if m is not None and len(items) > m:
        _trim_left(self)
    NONE.ob_refcnt += 1
    return NONE


def _appendleft_m(self, x):
    deque_appendleft(self, x)
    NONE.ob_refcnt += 1
    return NONE


def _pop_m(self):
    items = self.items
    if not items:
        raise exc("IndexError", "pop from an empty deque")
    x = items.pop()
    self.state += 1
    n = len(items)
    if n:
        if not (self.leftindex + n) & 63:
            _freeblock(self)
    elif self.leftindex == 0:
        self.leftindex = CENTER + 1
    return x


def _popleft_m(self):
    items = self.items
    if not items:
        raise exc("IndexError", "pop from an empty deque")
    x = items.popleft()
    self.state += 1
    L = self.leftindex + 1
    if L == BLOCKLEN:
        if items:
            _freeblock(self)
            L = 0
        else:
            L = CENTER + 1
    self.leftindex = L
    return x


_method("append", _append_m, 1, 1,
        doc="Add an element to the right side of the deque.")
_method("appendleft", _appendleft_m, 1, 1,
        doc="Add an element to the left side of the deque.")
_method("pop", _pop_m, 0, 0,
        doc="Remove and return the rightmost element.")
_method("popleft", _popleft_m, 0, 0,
        doc="Remove and return the leftmost element.")


# ---------------------------------------------------------------------------
# extend / extendleft / clear
# ---------------------------------------------------------------------------

def _snapshot(o):
    """The items of an exact list or tuple, or of a deque (borrowed, host list), or None."""
    t = o.ob_type
    if t is list_type or t is tuple_type:
        return list(o.items)
    if isinstance(o, PyDeque) and (t is deque_type or lookup(t, "__iter__") is _iter_descr[0]):
        return list(o.items)
    return None


_iter_descr = [None]      # deque.__iter__ (a subclass may iterate differently)


def deque_extend(d, o, left=False):
    """d.extend(o), or d.extendleft(o) when ``left``."""
    src = _snapshot(o)
    if src is None:
        it = abstract.get_iter(o)
    if d.maxlen == 0:
        if src is None:
            _drain(it)              # consumed, as CPython does
        return
    items = d.items
    if not items:
        d.leftindex = BLOCKLEN - 1 if left else 1   # CPython's space-saving heuristic
    if src is not None:
        if src:
            _extend_items(d, items, src, left)
        return
    push = deque_appendleft if left else deque_append
    try:
        nx = it.ob_type.tp_iternext
        next_ = abstract.next_
        while True:
            x = nx(it) if nx is not None else next_(it)
            if x is None:
                break
            try:
                push(d, x)
            finally:
                decref(x)
    finally:
        decref(it)


def _extend_items(d, items, src, left):
    """Extend by the (borrowed) items of a list, tuple or deque at once."""
    m = d.maxlen
    n0 = len(items)
    k = len(src)
    total = n0 + k
    check_size(total)
    for x in src:
        x.ob_refcnt += 1
    d.state += k
    if left:
        d.leftindex = (d.leftindex - k) & (BLOCKLEN - 1)
    old = dropped_new = ()
    if m is not None and total > m:
        drop = total - m
        if drop >= n0:
            # every old item goes, then the first new ones (for extendleft, the
            # last pushed (leftmost) items stay; the others fall off the right)
            old = list(items)
            if left:
                old.reverse()
            items.clear()
            dropped_new = src[:drop - n0]
            src = src[drop - n0:]
        else:
            pop = items.pop if left else items.popleft
            old = [pop() for _ in range(drop)]
        d.state += drop
        if not left:
            d.leftindex = (d.leftindex + drop) & (BLOCKLEN - 1)
    if left:
        items.extendleft(src)
    else:
        items.extend(src)
    _fit(d)
    for x in old:
        decref(x)
    for x in dropped_new:
        decref(x)


def _drain(it):
    try:
        nx = it.ob_type.tp_iternext
        while True:
            x = nx(it) if nx is not None else abstract.next_(it)
            if x is None:
                return
            decref(x)
    finally:
        decref(it)


def deque_extendleft(d, o):
    """d.extendleft(o)."""
    deque_extend(d, o, True)


def _clear(d):
    """deque_clear: the deque is empty (and re-centred) before any item is released."""
    items = d.items
    if not items:
        return
    old_blocks = d.blocks
    d.blocks = []
    _newblock(d)
    d.items = _hcoll.deque()
    d.leftindex = CENTER + 1
    d.state += 1
    fb = d.freeblocks
    for a in old_blocks:
        if len(fb) < MAXFREEBLOCKS:
            fb.append(a)
        else:
            core.storage_free(a)
    for x in items:
        decref(x)


def _extend_m(self, o):
    deque_extend(self, o)
    return ret_none()


def _extendleft_m(self, o):
    deque_extend(self, o, True)
    return ret_none()


def _clear_m(self):
    _clear(self)
    return ret_none()


_method("extend", _extend_m, 1, 1,
        doc="Extend the right side of the deque with elements from the iterable")
_method("extendleft", _extendleft_m, 1, 1,
        doc="Extend the left side of the deque with elements from the iterable")
_method("clear", _clear_m, 0, 0,
        doc="Remove all elements from the deque.")


# ---------------------------------------------------------------------------
# rotate / reverse / insert / remove / searches
# ---------------------------------------------------------------------------

def _ssize_arg(o):
    v = as_index(o)
    if v > SSIZE_MAX or v < SSIZE_MIN:
        raise exc("OverflowError", "Python int too large to convert to C ssize_t")
    return v


def _rotate_m(self, args, kwargs):
    if kwargs:
        raise exc("TypeError", "deque.rotate() takes no keyword arguments")
    if len(args) > 1:
        raise exc("TypeError", "deque.rotate expected at most 1 argument, got %d" % len(args))
    n = _ssize_arg(args[0]) if args else 1
    items = self.items
    size = len(items)
    if size > 1:
        k = _norm_rotation(n, size)
        self.state += 1
        if k:
            items.rotate(k)
            self.leftindex = (self.leftindex - k) & (BLOCKLEN - 1)
            _fit(self)
    return ret_none()


def _reverse_m(self):
    self.items.reverse()
    return ret_none()


def _insert_m(self, args, kwargs):
    if kwargs:
        raise exc("TypeError", "deque.insert() takes no keyword arguments")
    if len(args) != 2:
        raise exc("TypeError", "insert() takes exactly 2 arguments (%d given)" % len(args))
    index = _ssize_arg(args[0])
    x = args[1]
    items = self.items
    n = len(items)
    if self.maxlen == n:
        raise exc("IndexError", "deque already at its maximum size")
    if index >= n:
        deque_append(self, x)
    elif index <= -n or index == 0:
        deque_appendleft(self, x)
    else:
        # CPython: rotate(-index), append or appendleft, rotate(index)
        _shift_left_edge(self, -index, n)
        if index < 0:
            items.insert(n + index, x)
        else:
            items.insert(index, x)
            self.leftindex = (self.leftindex - 1) & (BLOCKLEN - 1)
        x.ob_refcnt += 1
        _shift_left_edge(self, index, n + 1)
        self.state += 3
        _fit(self)
    return ret_none()


def _del_item(d, i):
    """deque_del_item: rotate(-i), popleft, rotate(i); the item is released last."""
    items = d.items
    n = len(items)
    _shift_left_edge(d, -i, n)
    x = items[i]
    del items[i]
    _left_after_popleft(d, n - 1)
    _shift_left_edge(d, i, n - 1)
    d.state += 3
    _fit(d)
    decref(x)


def _count_m(self, v):
    state = self.state
    count = 0
    items = self.items
    it = iter(items)
    for i in range(len(items)):
        if rich_eq_held(_next_host(self, it, i), v):
            count += 1
        if self.state != state:
            raise exc("RuntimeError", _MUTATED)
    return new_int(count)


def _next_host(d, it, i):
    try:
        return next(it)
    except (RuntimeError, StopIteration):
        return d.items[i]


def _find(d, v, start, stop, removing=False):
    """The first index in [start, stop) of an item equal to v, or -1.  A mutation
    by a comparison raises RuntimeError, or for remove (checked before a match
    counts, as CPython's deque_remove does) IndexError."""
    state = d.state
    items = d.items
    it = _islice(items, start, stop) if start else iter(items)
    for i in range(start, stop):
        x = _next_host(d, it, i)
        if x is v:
            return i
        found = rich_eq_held(x, v)
        if found and not removing:
            return i
        if d.state != state:
            raise exc("IndexError" if removing else "RuntimeError", _MUTATED)
        if found:
            return i
    return -1


def _contains_m(self, v):
    return new_bool(_find(self, v, 0, len(self.items)) >= 0)


def _index_m(self, args, kwargs):
    if kwargs:
        raise exc("TypeError", "deque.index() takes no keyword arguments")
    if not args:
        raise exc("TypeError", "index() takes at least 1 argument (0 given)")
    if len(args) > 3:
        raise exc("TypeError", "index() takes at most 3 arguments (%d given)" % len(args))
    v = args[0]
    start = index_arg(args[1]) if len(args) > 1 else 0
    stop = index_arg(args[2]) if len(args) > 2 else SSIZE_MAX
    items = self.items
    n = len(items)
    if start < 0:
        start += n
        if start < 0:
            start = 0
    if stop < 0:
        stop += n
        if stop < 0:
            stop = 0
    if stop > n:
        stop = n
    if start > stop:
        start = stop
    i = _find(self, v, start, stop)
    if i < 0:
        raise exc("ValueError", "%s is not in deque" % safe_repr(v))
    return new_int(i)


def _remove_m(self, v):
    i = _find(self, v, 0, len(self.items), True)
    if i < 0:
        raise exc("ValueError", "%s is not in deque" % safe_repr(v))
    _del_item(self, i)
    return ret_none()


_method("rotate", _rotate_m, takes_kw=True,
        doc="Rotate the deque n steps to the right (default n=1).  If n is negative, "
            "rotates left.")
_method("reverse", _reverse_m, 0, 0, doc="Reverse *IN PLACE*")
_method("insert", _insert_m, takes_kw=True,
        doc="D.insert(index, object) -- insert object before index")
_method("count", _count_m, 1, 1,
        doc="D.count(value) -- return number of occurrences of value")
_method("index", _index_m, takes_kw=True,
        doc="D.index(value, [start, [stop]]) -- return first index of value.\n"
            "Raises ValueError if the value is not present.")
_method("remove", _remove_m, 1, 1,
        doc="D.remove(value) -- remove first occurrence of value.")
_method("__contains__", _contains_m, 1, 1)


# ---------------------------------------------------------------------------
# Sequence protocol
# ---------------------------------------------------------------------------

def _len_m(self):
    return new_int(len(self.items))


def _item_index(d, key):
    t = key.ob_type
    if t is int_type:
        i = key.value
    elif isinstance(key, PyInt) or has_index(key):
        i = as_index(key)
    else:
        raise exc("TypeError", "sequence index must be integer, not '%s'" % type_name(key))
    if i > SSIZE_MAX or i < SSIZE_MIN:
        raise exc("IndexError", "cannot fit '%s' into an index-sized integer" % type_name(key))
    n = len(d.items)
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise exc("IndexError", "deque index out of range")
    return i


def _getitem_m(self, key):
    if key.ob_type is int_type:
        i = key.value
        items = self.items
        n = len(items)
        if -n <= i < n:
            x = items[i]
            x.ob_refcnt += 1
            return x
    i = _item_index(self, key)
    x = self.items[i]
    x.ob_refcnt += 1
    return x


def _setitem_m(self, key, value):
    i = _item_index(self, key)
    items = self.items
    old = items[i]
    value.ob_refcnt += 1
    items[i] = value
    decref(old)
    return ret_none()


def _delitem_m(self, key):
    i = _item_index(self, key)
    _del_item(self, i)
    return ret_none()


_method("__len__", _len_m, 0, 0)
_method("__getitem__", _getitem_m, 1, 1)
_method("__setitem__", _setitem_m, 2, 2)
_method("__delitem__", _delitem_m, 1, 1)


# ---------------------------------------------------------------------------
# Iterators
# ---------------------------------------------------------------------------
# src: the deque; pos: its state when the iterator was made; aux: a host
# iterator over its items; stop: the number of items still to come.

def _resync(it, forward):
    """A fresh host iterator at the iterator's position (if the host's own
    iterator gave up while the deque's state did not change)."""
    items = it.src.items
    if forward:
        return _islice(items, len(items) - it.stop, None)
    return _islice(reversed(items), len(items) - it.stop, None)


def _make_iter_next(forward):
    def next_(it):
        d = it.src
        if d.state != it.pos:
            it.stop = 0
            raise exc("RuntimeError", _MUTATED)
        c = it.stop
        if c == 0:
            return None
        try:
            x = next(it.aux)
        except (RuntimeError, StopIteration):
            it.aux = _resync(it, forward)
            x = next(it.aux)
        it.stop = c - 1
        x.ob_refcnt += 1
        return x
    return next_


_dequeiter_next = _make_iter_next(True)
_dequerev_next = _make_iter_next(False)


def _iter_hint(it):
    return it.stop


_static = core.static_mode
core.static_mode = True
try:
    dequeiter_type = make_iterator_type("_deque_iterator", _dequeiter_next, _iter_hint,
                                        size=DEQUEITER_SIZE)
    dequeiter_type.module = "_collections"
    dequereviter_type = make_iterator_type("_deque_reverse_iterator", _dequerev_next, _iter_hint,
                                           size=DEQUEITER_SIZE)
    dequereviter_type.module = "_collections"
finally:
    core.static_mode = _static


def _new_deque_iter(tp, d, forward):
    from minipy.objects.iterobject import new_iter
    items = d.items
    return new_iter(tp, d, d.state, iter(items) if forward else reversed(items), len(items),
                    DEQUEITER_SIZE)


def _iter_m(self):
    return _new_deque_iter(dequeiter_type, self, True)


def _reversed_m(self):
    return _new_deque_iter(dequereviter_type, self, False)


_method("__iter__", _iter_m, 0, 0)
_method("__reversed__", _reversed_m, 0, 0,
        doc="D.__reversed__() -- return a reverse iterator over the deque")


# ---------------------------------------------------------------------------
# copy, operators, comparisons, repr
# ---------------------------------------------------------------------------

def deque_copy(d):
    """deque_copy: an exact deque is copied directly; a subclass is called as
    ``type(d)(d)`` or ``type(d)(d, maxlen)``."""
    tp = d.ob_type
    if tp is deque_type:
        new = new_deque(deque_type, d.maxlen)
        try:
            if len(d.items) == 1:
                deque_append(new, d.items[0])
            else:
                deque_extend(new, d)
        except PyExc:
            decref(new)
            raise
        return new
    if d.maxlen is None:
        r = abstract.call(tp, [d])
    else:
        m = new_int(d.maxlen)
        try:
            r = abstract.call(tp, [d, m])
        finally:
            decref(m)
    if not isinstance(r, PyDeque):
        decref(r)
        raise exc("TypeError", "%s() must return a deque, not %s" % (tp.name, type_name(r)))
    return r


def _copy_m(self):
    return deque_copy(self)


_method("copy", _copy_m, 0, 0, doc="Return a shallow copy of a deque.")
_method("__copy__", _copy_m, 0, 0, doc="Return a shallow copy of a deque.")


def _user_reflected(o, name):
    r = lookup(o.ob_type, name)
    return r is not None and type(r) is not PyMethodDescr


def _add_m(self, other):
    if not isinstance(other, PyDeque):
        if _user_reflected(other, "__radd__"):
            return notimpl()
        raise exc("TypeError", 'can only concatenate deque (not "%s") to deque' % type_name(other))
    new = deque_copy(self)
    try:
        deque_extend(new, other)
    except PyExc:
        decref(new)
        raise
    return new


def _iadd_m(self, other):
    deque_extend(self, other)
    self.ob_refcnt += 1
    return self


def _inplace_repeat(d, n):
    items = d.items
    size = len(items)
    if size == 0 or n == 1:
        return
    if n <= 0:
        _clear(d)
        return
    m = d.maxlen
    if size == 1:
        if m is not None and n > m:
            n = m
        check_size(n)
        x = items[0]
        d.state += 1
        for _ in range(n - 1):
            if not (d.leftindex + len(items)) & 63:
                _newblock(d)
            x.ob_refcnt += 1
            items.append(x)
        return
    check_size(size * n if m is None else min(size * n, m + size))
    if m is not None and n * size > m:
        n = (m + size - 1) // size
    src = list(items)
    for x in src:
        x.ob_refcnt += 1
    seq = new_list(src)
    try:
        for _ in range(n - 1):
            deque_extend(d, seq)
    finally:
        decref(seq)


def _mul_m(self, other):
    n = repeat_count(other, self)
    if n is None:
        return cant_multiply(self, other)
    new = deque_copy(self)
    try:
        _inplace_repeat(new, n)
    except PyExc:
        decref(new)
        raise
    return new


def _imul_m(self, other):
    n = repeat_count(other, self)
    if n is None:
        return cant_multiply(self, other)
    _inplace_repeat(self, n)
    self.ob_refcnt += 1
    return self


_method("__add__", _add_m, 1, 1)
_method("__iadd__", _iadd_m, 1, 1)
_method("__mul__", _mul_m, 1, 1)
_method("__rmul__", _mul_m, 1, 1)
_method("__imul__", _imul_m, 1, 1)


def _richcompare(v, w, op):
    if not isinstance(w, PyDeque):
        return notimpl()
    vs = len(v.items)
    ws = len(w.items)
    if op == 2 and vs != ws:
        return new_bool(False)
    if op == 3 and vs != ws:
        return new_bool(True)
    sv = v.state
    sw = w.state
    itv = iter(v.items)
    itw = iter(w.items)
    i = 0
    x = y = None
    while True:
        if v.state != sv or w.state != sw:
            raise exc("RuntimeError", _MUTATED)
        if i >= vs or i >= ws:
            x = y = None
            break
        x = _next_host(v, itv, i)
        y = _next_host(w, itw, i)
        if x is not y:
            x.ob_refcnt += 1
            y.ob_refcnt += 1
            try:
                same = rich_eq(x, y)
            except PyExc:
                decref(x)
                decref(y)
                raise
            if not same:
                break
            decref(x)
            decref(y)
        x = y = None
        i += 1
    if x is None:
        return cmp_result(vs, ws, op)
    try:
        if op == 2:
            return new_bool(False)
        if op == 3:
            return new_bool(True)
        return rich_compare(x, y, op)
    finally:
        decref(x)
        decref(y)


def _make_cmp(op):
    def cmp(self, other):
        return _richcompare(self, other, op)
    return cmp


for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
    _method(_name, _make_cmp(_op), 1, 1)


def _hash_m(self):
    raise exc("TypeError", "unhashable type: 'collections.deque'")


_method("__hash__", _hash_m, 0, 0)


def _repr_m(self):
    if not repr_enter(self):
        return new_str("[...]")
    try:
        tp = self.ob_type
        if tp is deque_type or lookup(tp, "__iter__") is _iter_descr[0]:
            snap = list(self.items)
            for x in snap:
                x.ob_refcnt += 1
        else:
            snap = abstract.sequence_to_list(self)     # (CPython lists it by iterating)
        try:
            parts = [safe_repr(x) for x in snap]
        finally:
            for x in snap:
                decref(x)
    finally:
        repr_leave(self)
    name = self.ob_type.name
    body = "[" + ", ".join(parts) + "]"
    if self.maxlen is not None:
        return new_str("%s(%s, maxlen=%d)" % (name, body, self.maxlen))
    return new_str("%s(%s)" % (name, body))


_method("__repr__", _repr_m, 0, 0)


def _sizeof_m(self):
    return new_int(DEQUE_BASICSIZE + BLOCK_BYTES * len(self.blocks))


_method("__sizeof__", _sizeof_m, 0, 0,
        doc="D.__sizeof__() -- size of D in memory, in bytes")


def _reduce_m(self):
    d = getattr(self, "inst_dict", None)
    if d is not None and d.dv:
        d.ob_refcnt += 1
        state = d
    else:
        NONE.ob_refcnt += 1
        state = NONE
    it = _iter_m(self)
    tp = self.ob_type
    tp.ob_refcnt += 1
    if self.maxlen is None:
        args = new_tuple([])
    else:
        args = new_tuple([new_tuple([]), new_int(self.maxlen)])
    return new_tuple([tp, args, state, it])


_method("__reduce__", _reduce_m, 0, 0,
        doc="Return state information for pickling.")


def _maxlen_get(self):
    m = self.maxlen
    if m is None:
        NONE.ob_refcnt += 1
        return NONE
    return new_int(m)


def _maxlen_set(self, value=None):
    raise exc("AttributeError", "attribute 'maxlen' of 'collections.deque' objects is not writable")


_getset("maxlen", _maxlen_get, _maxlen_set,
        doc="maximum size of a deque or None if unbounded")


def _class_getitem(cls, item):
    from minipy.runtime.builtins_core import PyGenericAlias, generic_alias_type
    g = PyGenericAlias.__new__(PyGenericAlias)
    cls.ob_refcnt += 1
    g.origin = cls
    item.ob_refcnt += 1
    g.args = item if item.ob_type is tuple_type else new_tuple([item])
    return core.alloc(g, 64, generic_alias_type)


_method("__class_getitem__", _class_getitem, 1, 1, cls=True,
        doc="See PEP 585")


_static = core.static_mode
core.static_mode = True
try:
    for _f, _a, _kw in _REGS:
        _f(*_a, **_kw)
finally:
    core.static_mode = _static
del _REGS[:]
_iter_descr[0] = lookup(deque_type, "__iter__")


def make_module():
    consts = {"deque": core.incref(deque_type),
              "_deque_iterator": core.incref(dequeiter_type),
              "_deque_reverse_iterator": core.incref(dequereviter_type)}
    return build_module("_collections", {}, consts,
                        "High performance data structures.\n- deque:        ordered collection "
                        "accessible from endpoints only\n- defaultdict:  dict subclass with a "
                        "default value factory\n")


__all__ = ["make_module", "deque_type", "PyDeque", "deque_append", "deque_extend", "new_deque"]
