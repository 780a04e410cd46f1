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
    o = PyFloat.__new__(PyFloat)
    o.value = v
    if free_list:
        return core.alloc_at(o, free_list.pop(), float_type)
    return core.alloc(o, FLOAT_SIZE, float_type)
