"""float objects and their free list.

24-byte objects (header + a C double).  CPython 3.11 keeps up to 100 freed
float blocks on a free list and hands them out before asking obmalloc, so a
float's ``id`` is often the id of the float freed just before.
"""

from . import core
from .core import PyObject
from .typeobject import make_type

FLOAT_SIZE = 24
FLOAT_MAXFREELIST = 100
free_list = []          # addresses of float blocks kept for reuse


class PyFloat(PyObject):
    __slots__ = ("value",)


def _float_dealloc(o):
    if o.ob_type is float_type and len(free_list) < FLOAT_MAXFREELIST:
        core.forget(o)
        free_list.append(o.ob_addr)
    else:
        core.free_block(o)


float_type = make_type("float", host_class=PyFloat, basicsize=FLOAT_SIZE, dealloc=_float_dealloc)


def new_float(v):
    o = _new(PyFloat)
    o.value = v
    if free_list and not core.static_mode:
        # the free list's block, as CPython's float free list hands it out
        addr = free_list.pop()
        o.ob_refcnt = 1
        o.ob_type = float_type
        o.ob_addr = addr
        o.gc_gen = -1
        core.heap.set_owner(addr, o)
        if core.tracer is not None:
            core.tracer.on_alloc(o, FLOAT_SIZE)
        return o
    return core.alloc(o, FLOAT_SIZE, float_type)


_new = object.__new__
