"""list objects: a 56-byte object plus a separately allocated item array.

The item array is a heap allocation of 8 bytes per slot that grows with
CPython's over-allocation rule (``list_resize``): when it must grow, the new
capacity is ``(n + n // 8 + 6) & ~3`` and the array is reallocated (in place
when the allocator allows); it shrinks only below half full.  So
``sys.getsizeof`` follows CPython (56, 88, 88, 88, 88, 120, ...) and the heap
sees the same allocations.  Up to 80 freed list objects are kept on a free
list.
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type, TPFLAGS_LIST

LIST_SIZE = 56
LIST_MAXFREELIST = 80
free_list = []


class PyList(PyObject):
    __slots__ = ("items", "allocated", "items_addr")


def _list_traverse(l):
    return l.items[::-1]            # CPython's list_traverse visits from the end


def _list_dealloc(l):
    items = l.items
    l.items = []
    if l.items_addr:
        core.storage_free(l.items_addr)
        l.items_addr = 0
    if l.ob_type is list_type and len(free_list) < LIST_MAXFREELIST:
        core.forget(l)
        free_list.append(l.ob_addr)
    else:
        core.free_block(l)
    for i in range(len(items) - 1, -1, -1):
        core.decref(items[i])


list_type = make_type("list", host_class=PyList, basicsize=LIST_SIZE, flags=TPFLAGS_LIST,
                      dealloc=_list_dealloc, traverse=_list_traverse, gc=True)


def new_list(items, tp=None):
    """A list owning ``items`` (a host list of new references; not copied)."""
    l = PyList.__new__(PyList)
    l.items = items
    n = len(items)
    l.allocated = n
    l.items_addr = core.storage_malloc(8 * n) if n else 0
    if tp is None:
        tp = list_type
        if free_list and not core.static_mode:
            return core.alloc_at(l, free_list.pop(), tp)
    return core.alloc(l, LIST_SIZE, tp)


def list_resize(l, newsize):
    """Make the item array fit ``newsize`` items (CPython's list_resize)."""
    allocated = l.allocated
    if allocated >= newsize and newsize >= (allocated >> 1):
        return
    new_allocated = (newsize + (newsize >> 3) + 6) & ~3
    if newsize - len(l.items) > new_allocated - newsize:
        new_allocated = (newsize + 3) & ~3
    if newsize == 0:
        new_allocated = 0
    if new_allocated == 0:
        if l.items_addr:
            core.storage_free(l.items_addr)
        l.items_addr = 0
    else:
        l.items_addr = core.storage_realloc(l.items_addr, 8 * new_allocated)
    l.allocated = new_allocated


def list_append(l, v):
    """Append ``v`` (a new reference is taken)."""
    items = l.items
    if len(items) == l.allocated:
        list_resize(l, len(items) + 1)
    v.ob_refcnt += 1
    items.append(v)


def list_sizeof(l):
    return LIST_SIZE + 8 * l.allocated
