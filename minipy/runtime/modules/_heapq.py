"""``_heapq``: the host part of ``heapq``.

CPython runs these in C; as minipy functions they cost a dozen interpreted
frames per push or pop.  Here they work directly on a list object's items,
comparing with the language's ``<`` (so user ``__lt__`` methods run, and
may raise or even change the list: a change of size is reported as CPython
reports it).  Moving items between slots of the same list changes no
reference count; an item compared is held by an extra reference while user
code may run.

A heap is a list where ``a[k] <= a[2k+1]`` and ``a[k] <= a[2k+2]``.  Pushing
appends and moves the new item up past larger parents; popping takes the
root, moves the last item to the root and sends it down, always along the
smaller child and all the way to a leaf before moving it back up (fewer
comparisons on average than stopping early: the last item tends to be large).
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.listobject import PyList, list_append, list_resize
from minipy.objects.singletons import NONE
from minipy.runtime.abstract import exc, lt, type_name
from minipy.runtime.modules._common import builtin, build_module


def _check_list(heap, fname, which):
    if not isinstance(heap, PyList):
        raise exc("TypeError", "%s() %s must be list, not %s" % (fname, which, type_name(heap)))


def _less(a, b, heap, size):
    """a < b for two items of ``heap``, which must keep ``size`` items."""
    a.ob_refcnt += 1
    b.ob_refcnt += 1
    try:
        r = lt(a, b)
    finally:
        decref(a)
        decref(b)
    if len(heap.items) != size:
        raise exc("RuntimeError", "list changed size during iteration")
    return r


def _move_up(heap, top, pos, less):
    """The item at ``pos`` goes up towards ``top`` while ``less(item, parent)``
    (the heap order is ``less``)."""
    size = len(heap.items)
    while pos > top:
        up = (pos - 1) >> 1
        items = heap.items
        if not less(items[pos], items[up], heap, size):
            break
        items[pos], items[up] = items[up], items[pos]
        pos = up


def _move_down(heap, pos, less):
    """The item at ``pos`` goes down along the preferred child to a leaf,
    then up again to where it belongs."""
    top = pos
    size = len(heap.items)
    half = size >> 1
    while pos < half:
        child = 2 * pos + 1
        items = heap.items
        if child + 1 < size and not less(items[child], items[child + 1], heap, size):
            child += 1
        items = heap.items
        items[pos], items[child] = items[child], items[pos]
        pos = child
    _move_up(heap, top, pos, less)


def _less_max(a, b, heap, size):
    # (the max-heap order: b < a)
    return _less(b, a, heap, size)


def _pop_last(heap):
    items = heap.items
    if not items:
        raise exc("IndexError", "index out of range")
    list_resize(heap, len(items) - 1)
    return items.pop()          # (the list's reference passes to the caller)


def heappush(heap, item):
    _check_list(heap, "heappush", "argument 1")
    list_append(heap, item)
    _move_up(heap, 0, len(heap.items) - 1, _less)
    return core.incref(NONE)


def _pop(heap, less):
    last = _pop_last(heap)
    items = heap.items
    if not items:
        return last
    first = items[0]
    items[0] = last
    _move_down(heap, 0, less)
    return first


def heappop(heap):
    _check_list(heap, "heappop", "argument")
    return _pop(heap, _less)


def _replace(heap, item, less):
    items = heap.items
    if not items:
        raise exc("IndexError", "index out of range")
    first = items[0]
    item.ob_refcnt += 1
    items[0] = item
    _move_down(heap, 0, less)
    return first


def heapreplace(heap, item):
    _check_list(heap, "heapreplace", "argument 1")
    return _replace(heap, item, _less)


def heappushpop(heap, item):
    _check_list(heap, "heappushpop", "argument 1")
    items = heap.items
    if not items or not _less(items[0], item, heap, len(items)):
        return core.incref(item)
    return _replace(heap, item, _less)


def _heapify(heap, less):
    for i in range((len(heap.items) >> 1) - 1, -1, -1):
        _move_down(heap, i, less)
    return core.incref(NONE)


def heapify(heap):
    _check_list(heap, "heapify", "argument")
    return _heapify(heap, _less)


def heappop_max(heap):
    _check_list(heap, "_heappop_max", "argument")
    return _pop(heap, _less_max)


def heapreplace_max(heap, item):
    _check_list(heap, "_heapreplace_max", "argument 1")
    return _replace(heap, item, _less_max)


def heapify_max(heap):
    _check_list(heap, "_heapify_max", "argument")
    return _heapify(heap, _less_max)


def _exact(name, n, fn):
    """A ``_heapq`` function of exactly *n* positional arguments, with CPython's
    messages for any other call."""
    def impl(args, kwargs):
        if kwargs:
            raise exc("TypeError", "_heapq.%s() takes no keyword arguments" % name)
        if len(args) != n:
            if n == 1:
                raise exc("TypeError", "_heapq.%s() takes exactly one argument (%d given)"
                          % (name, len(args)))
            raise exc("TypeError", "%s expected %d arguments, got %d" % (name, n, len(args)))
        return fn(*args)
    return builtin("_heapq", name, impl, takes_kw=True)


HEAPQ_FUNCS = {name: _exact(name, n, fn) for name, n, fn in (
    ("heappush", 2, heappush), ("heappop", 1, heappop), ("heapreplace", 2, heapreplace),
    ("heappushpop", 2, heappushpop), ("heapify", 1, heapify),
    ("_heappop_max", 1, heappop_max), ("_heapreplace_max", 2, heapreplace_max),
    ("_heapify_max", 1, heapify_max))}


def make_module():
    return build_module("_heapq", HEAPQ_FUNCS, {}, "Heap queue algorithm, on lists of objects.")


__all__ = ["make_module"]
