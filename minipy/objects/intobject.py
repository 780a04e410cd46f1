"""int and bool objects, the small-int cache.

A ``PyInt`` wraps a host int (arbitrary precision).  Its size is CPython's:
24 bytes of header plus 4 bytes per 30-bit digit, at least one digit (so
``sys.getsizeof(0) == 28``).  The 262 small ints -5..256 are static singletons
created once, as CPython 3.11 keeps them in ``_PyRuntime``, so ``a is b`` holds
for equal small ints and fails for equal large ones.  bool is a subclass of
int sharing the host class; True and False are static singletons.
"""

from minipy.objects import core
from minipy.errors import HeapExhausted
from minipy.objects.core import PyObject, alloc
from minipy.objects.typeobject import make_type, TPFLAGS_INT

SMALL_MIN, SMALL_MAX = -5, 256


class PyInt(PyObject):
    __slots__ = ("value",)


_new = object.__new__


def int_size(v):
    if v < 0:
        v = -v
    n = (v.bit_length() + 29) // 30
    return 24 + 4 * (n if n else 1)


def _int_dealloc(o):
    # core.free_block, specialised: ints are the most frequently freed objects
    addr = o.ob_addr
    core.heap.free(addr)
    if core.tracer is not None:
        core.tracer.on_free(o)
    tp = o.ob_type
    if tp.is_heaptype:
        core.decref(tp)


int_type = make_type("int", host_class=PyInt, basicsize=24, flags=TPFLAGS_INT,
                     dealloc=_int_dealloc)
bool_type = make_type("bool", base=int_type, host_class=PyInt, basicsize=24,
                      final=True)

SMALL_INTS = []
for _v in range(SMALL_MIN, SMALL_MAX + 1):
    _o = PyInt.__new__(PyInt)
    _o.value = _v
    core.alloc_static(_o, int_size(_v), int_type)
    SMALL_INTS.append(_o)

FALSE = PyInt.__new__(PyInt)
FALSE.value = False
core.alloc_static(FALSE, 28, bool_type)
TRUE = PyInt.__new__(PyInt)
TRUE.value = True
core.alloc_static(TRUE, 28, bool_type)


def new_int(v):
    """A new reference to an int object with host value ``v``."""
    if SMALL_MIN <= v <= SMALL_MAX:
        o = SMALL_INTS[v + 5]
        o.ob_refcnt += 1
        return o
    o = _new(PyInt)
    o.value = v
    # core.alloc, specialised for the commonest allocation of all
    size = 28 if -0x3FFFFFFF <= v <= 0x3FFFFFFF else int_size(v)
    if core.static_mode:
        return core.alloc_static(o, size, int_type)
    try:
        addr = core.heap.malloc(size, o)
    except HeapExhausted:
        raise core.memory_error()
    o.ob_refcnt = 1
    o.ob_type = int_type
    o.ob_addr = addr
    o.gc_gen = -1
    if core.tracer is not None:
        core.tracer.on_alloc(o, size)
    return o


def new_bool(b):
    o = TRUE if b else FALSE
    o.ob_refcnt += 1
    return o
