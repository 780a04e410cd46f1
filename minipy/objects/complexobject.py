"""complex objects.

32-byte objects (header + two C doubles), CPython 3.11's ``PyComplexObject``.
A ``PyComplex`` wraps a host complex: host complex arithmetic is CPython's
own C code, so results, rounding and error messages agree.  CPython 3.11
keeps no free list for complex numbers: a freed block goes straight back to
its pool.
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type

COMPLEX_SIZE = 32


class PyComplex(PyObject):
    __slots__ = ("value",)


complex_type = make_type("complex", host_class=PyComplex, basicsize=COMPLEX_SIZE,
                         dealloc=core.free_block)

_new = object.__new__


def new_complex(v):
    """A new complex object for the host complex ``v`` (new reference)."""
    o = _new(PyComplex)
    o.value = v
    return core.alloc(o, COMPLEX_SIZE, complex_type)
