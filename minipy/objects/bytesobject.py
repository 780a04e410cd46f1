"""bytes and bytearray objects.

A ``PyBytes`` wraps a host ``bytes``.  Its block is CPython 3.11's
``PyBytesObject``: a 32-byte header (refcount, type, size, cached hash) plus
the bytes and a trailing NUL, so ``sys.getsizeof(b'')`` is 33 and every byte
adds one.  As in CPython, the empty bytes object and the 256 one-byte objects
are static singletons (``b'abc'[0:1] is b'a'``).

A ``PyByteArray`` wraps a host ``bytearray``: a 56-byte object and a
separately allocated buffer (``items_addr``, a heap block of ``alloc`` bytes)
that grows and shrinks with CPython's ``PyByteArray_Resize`` policy, so
``sys.getsizeof(bytearray(b'abc'))`` is 56 + 4 as in CPython.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc
from minipy.objects.typeobject import make_type

BYTES_BASICSIZE = 33
BYTEARRAY_SIZE = 56


class PyBytes(PyObject):
    __slots__ = ("value",)


class PyByteArray(PyObject):
    __slots__ = ("value", "alloc", "items_addr", "exports")


def bytes_size(n):
    return BYTES_BASICSIZE + n


bytes_type = make_type("bytes", host_class=PyBytes, basicsize=BYTES_BASICSIZE,
                       dealloc=core.free_block)


def _bytearray_dealloc(o):
    if o.items_addr:
        core.storage_free(o.items_addr)
        o.items_addr = 0
    core.free_block(o)


bytearray_type = make_type("bytearray", host_class=PyByteArray, basicsize=BYTEARRAY_SIZE,
                           dealloc=_bytearray_dealloc)

CHARS = [None] * 256


def _make_static(b):
    o = PyBytes.__new__(PyBytes)
    o.value = b
    core.alloc_static(o, bytes_size(len(b)), bytes_type)
    return o


EMPTY = _make_static(b"")
for _i in range(256):
    CHARS[_i] = _make_static(bytes((_i,)))

_new = object.__new__


def new_bytes(b):
    """A new reference to a bytes object holding the host bytes ``b``."""
    n = len(b)
    if n <= 1:
        o = CHARS[b[0]] if n else EMPTY
        o.ob_refcnt += 1
        return o
    if type(b) is not bytes:
        b = bytes(b)
    o = _new(PyBytes)
    o.value = b
    return alloc(o, BYTES_BASICSIZE + n, bytes_type)


def bytearray_resize(o, size):
    """CPython's PyByteArray_Resize bookkeeping for a new logical size ``size``
    (the host bytearray already holds, or is about to hold, ``size`` bytes)."""
    alloc_ = o.alloc
    if size + 1 <= alloc_:
        if size < alloc_ // 2:
            alloc_ = size + 1          # major downsize: exact size
        else:
            return                     # minor downsize: nothing moves
    elif size <= alloc_ * 1.125:
        alloc_ = size + (size >> 3) + (3 if size < 9 else 6)
    else:
        alloc_ = size + 1
    o.items_addr = core.storage_realloc(o.items_addr, alloc_)
    o.alloc = alloc_


def bytearray_grow_by_appends(o, old, new):
    """The buffer after growing from ``old`` to ``new`` bytes one append at a time."""
    size = old
    while size < new:
        if size + 1 < o.alloc:
            size += 1
        else:
            size += 1
            bytearray_resize(o, size)


def new_bytearray(b=b"", tp=None, exact=True):
    """A new bytearray holding a copy of the host bytes-like ``b``: the buffer is
    ``len(b) + 1`` bytes (none for an empty one), as PyByteArray_FromStringAndSize."""
    o = _new(PyByteArray)
    o.value = bytearray(b)
    o.exports = 0
    n = len(b)
    if n:
        o.alloc = n + 1
        o.items_addr = core.storage_malloc(n + 1)
    else:
        o.alloc = 0
        o.items_addr = 0
    return alloc(o, BYTEARRAY_SIZE, tp or bytearray_type)


def bytearray_sizeof(o):
    return BYTEARRAY_SIZE + o.alloc
