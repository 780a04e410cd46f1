"""tuple objects: immutable arrays with per-length free lists.

Size: 24 bytes + 8 per item + the 16-byte GC header (``sys.getsizeof(())`` is
40).  The empty tuple is a static singleton.  CPython 3.11 keeps up to 2000
freed tuples of each length 1..20 on free lists (the block stays allocated and
is reused by the next tuple of that length).
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type, TPFLAGS_TUPLE

TUPLE_MAXSAVESIZE = 20
TUPLE_MAXFREELIST = 2000
free_lists = [[] for _ in range(TUPLE_MAXSAVESIZE + 1)]


class PyTuple(PyObject):
    __slots__ = ("items",)


def tuple_size(n):
    return 40 + 8 * n


def _tuple_traverse(t):
    return t.items[::-1]            # CPython's tupletraverse visits from the end


def _tuple_dealloc(t):
    items = t.items
    t.items = ()
    n = len(items)
    if 0 < n <= TUPLE_MAXSAVESIZE and t.ob_type is tuple_type \
            and len(free_lists[n]) < TUPLE_MAXFREELIST:
        core.forget(t)
        free_lists[n].append(t.ob_addr)
    else:
        core.free_block(t)
    for i in range(n - 1, -1, -1):
        core.decref(items[i])


tuple_type = make_type("tuple", host_class=PyTuple, basicsize=40, flags=TPFLAGS_TUPLE,
                       dealloc=_tuple_dealloc, traverse=_tuple_traverse, gc=True)

EMPTY = PyTuple.__new__(PyTuple)
EMPTY.items = ()
core.alloc_static(EMPTY, 40, tuple_type)


def new_tuple(items, tp=None):
    """A tuple owning ``items`` (a host tuple or list of new references)."""
    n = len(items)
    if n == 0 and tp is None:
        EMPTY.ob_refcnt += 1
        return EMPTY
    t = PyTuple.__new__(PyTuple)
    t.items = tuple(items)
    if tp is None:
        tp = tuple_type
        if n <= TUPLE_MAXSAVESIZE:
            fl = free_lists[n]
            if fl and not core.static_mode:
                return core.alloc_at(t, fl.pop(), tp)
    return core.alloc(t, tuple_size(n), tp)


def tuple_from_borrowed(items):
    for o in items:
        o.ob_refcnt += 1
    return new_tuple(items)
