"""set and frozenset objects.

Memory: a 216-byte object (200 + GC header) with room for 8 entries inline;
a larger table is a separate heap allocation of 16 bytes per slot, grown like
CPython's set_table_resize (to the smallest power of two > 4 * used once the
table is 60% full; > 2 * used past 50,000).  Iteration order is the host set's
order over host keys, which for str and int members is CPython's own order.
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type

SET_SIZE = 216
SET_MINSIZE = 8


class PySet(PyObject):
    __slots__ = ("hs", "dk", "mask", "fill", "table_addr", "hash_cache")


def _set_traverse(s):
    return list(s.dk.values())


def _set_dealloc(s):
    members = [s.dk[hk] for hk in s.hs]
    s.hs = None
    s.dk = None
    if s.table_addr:
        core.storage_free(s.table_addr)
        s.table_addr = 0
    core.free_block(s)
    for o in members:
        core.decref(o)


set_type = make_type("set", host_class=PySet, basicsize=SET_SIZE,
                     dealloc=_set_dealloc, traverse=_set_traverse, gc=True)
frozenset_type = make_type("frozenset", host_class=PySet, basicsize=SET_SIZE,
                           dealloc=_set_dealloc, traverse=_set_traverse, gc=True)


def new_set(tp=None):
    s = PySet.__new__(PySet)
    s.hs = set()
    s.dk = {}
    s.mask = SET_MINSIZE - 1
    s.fill = 0
    s.table_addr = 0
    s.hash_cache = None
    return core.alloc(s, SET_SIZE, tp or set_type)


def _grow(s):
    used = len(s.hs)
    minused = used * 2 if used > 50000 else used * 4
    newsize = SET_MINSIZE
    while newsize <= minused:
        newsize <<= 1
    if newsize == SET_MINSIZE:
        if s.table_addr:
            core.storage_free(s.table_addr)
            s.table_addr = 0
    elif s.table_addr:
        s.table_addr = core.storage_realloc(s.table_addr, 16 * newsize)
    else:
        s.table_addr = core.storage_malloc(16 * newsize)
    s.mask = newsize - 1
    s.fill = used


def set_add_hk(s, hk, key):
    """Add ``key`` (host key hk); takes a new reference when it is new."""
    hs = s.hs
    if hk in hs:
        return False
    hs.add(hk)
    key.ob_refcnt += 1
    s.dk[hk] = key
    s.fill += 1
    if s.fill * 5 >= s.mask * 3:
        _grow(s)
    return True


def set_discard_hk(s, hk):
    if hk not in s.hs:
        return False
    s.hs.discard(hk)
    core.decref(s.dk.pop(hk))
    return True


def set_clear(s):
    members = list(s.dk.values())
    s.hs = set()
    s.dk = {}
    if s.table_addr:
        core.storage_free(s.table_addr)
        s.table_addr = 0
    s.mask = SET_MINSIZE - 1
    s.fill = 0
    for o in members:
        core.decref(o)


def set_items(s):
    """Members in iteration order (borrowed)."""
    dk = s.dk
    return [dk[hk] for hk in s.hs]


def set_sizeof(s):
    return SET_SIZE + (16 * (s.mask + 1) if s.table_addr else 0)
