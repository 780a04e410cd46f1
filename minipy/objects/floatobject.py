"""float objects and their free list.

24-byte objects (header + a C double).  CPython 3.11 keeps up to 100 freed
float blocks on a free list and hands them out before asking obmalloc, so a
float's ``id`` is often the id of the float freed just before.
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type

FLOAT_SIZE = 24
FLOAT_MAXFREELIST = 100
free_list = []          # addresses of float blocks kept for reuse
_free_slots = []        # where each one's owner is recorded (Heap.owner_slot), in step


class PyFloat(PyObject):
    __slots__ = ("value",)


def _float_dealloc(o):
    if o.ob_type is float_type and len(free_list) < FLOAT_MAXFREELIST:
        _free_slots.append(core.forget(o))
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
        slot = _free_slots.pop()
        o.ob_refcnt = 1
        o.ob_type = float_type
        o.ob_addr = addr
        o.gc_gen = -1
        if slot is not None:
            slot[0][slot[1]] = o        # (no pool lookup: the hot path of float code)
        else:
            core.heap.set_owner(addr, o)
        if core.tracer is not None:
            core.tracer.on_alloc(o, FLOAT_SIZE)
        return o
    return core.alloc(o, FLOAT_SIZE, float_type)


_new = object.__new__


def clear_free_list():
    """Forget the kept blocks (a new interpreter's heap starts without them)."""
    del free_list[:]
    del _free_slots[:]
