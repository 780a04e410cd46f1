"""Iterator objects of the built-in containers, and range/slice/enumerate/zip...

Every built-in iterator is a ``PyIter``: the object it walks (``src``, a
strong reference), a position, and optional extra state.  Its type's
``tp_iternext`` is a host function returning the next item as a new reference,
or None when the iterator is exhausted — no exception is raised for the
common end of a ``for`` loop.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc
from minipy.objects.typeobject import make_type

ITER_SIZE = 48


class PyIter(PyObject):
    __slots__ = ("src", "pos", "aux", "stop")


def _iter_traverse(it):
    out = []
    if it.src is not None:
        out.append(it.src)
    aux = it.aux
    if isinstance(aux, PyObject):
        out.append(aux)
    elif isinstance(aux, list):
        out.extend(o for o in aux if isinstance(o, PyObject))
    return out


def _iter_dealloc(it):
    refs = _iter_traverse(it)
    it.src = None
    it.aux = None
    core.free_block(it)
    core.decref_all(refs)


def make_iter_type(name, iternext, size=ITER_SIZE):
    t = make_type(name, host_class=PyIter, basicsize=size, dealloc=_iter_dealloc,
                  traverse=_iter_traverse, final=True, gc=True)
    t.tp_iternext = iternext
    return t


def new_iter(tp, src, pos=0, aux=None, stop=0, size=ITER_SIZE):
    """An iterator of type ``tp`` over ``src`` (a reference to src is taken)."""
    it = PyIter.__new__(PyIter)
    if src is not None:
        src.ob_refcnt += 1
    it.src = src
    it.pos = pos
    it.aux = aux
    it.stop = stop
    return alloc(it, size, tp)


class PyRange(PyObject):
    __slots__ = ("start", "stop", "step", "length")


class PySlice(PyObject):
    __slots__ = ("start", "stop", "step")


def _range_dealloc(r):
    core.free_block(r)


def _slice_traverse(s):
    return (s.start, s.stop, s.step)


def _slice_dealloc(s):
    refs = (s.start, s.stop, s.step)
    core.free_block(s)
    core.decref_all(refs)


range_type = make_type("range", host_class=PyRange, basicsize=48, dealloc=_range_dealloc,
                       final=True)
slice_type = make_type("slice", host_class=PySlice, basicsize=56, dealloc=_slice_dealloc,
                       traverse=_slice_traverse, final=True)


def range_len(start, stop, step):
    if step > 0:
        return max(0, (stop - start + step - 1) // step)
    return max(0, (start - stop - step - 1) // (-step))


def new_range(start, stop, step):
    r = PyRange.__new__(PyRange)
    r.start, r.stop, r.step = start, stop, step
    r.length = range_len(start, stop, step)
    return alloc(r, 48, range_type)


def new_slice(start, stop, step):
    """Slice of three objects (references taken)."""
    s = PySlice.__new__(PySlice)
    s.start, s.stop, s.step = start, stop, step
    return alloc(s, 56, slice_type)
