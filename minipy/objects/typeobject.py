"""Type objects: names, bases, C3 MRO, the type dict and the method cache.

A type is itself an object (``PyType``) whose ``dict`` is a minipy dict that
maps attribute names to values: functions and descriptors for user classes,
``PyMethodDescr`` objects wrapping host functions for the built-in types.
Every operation on a value (``a + b``, ``len(x)``, ``x.attr``) looks up the
corresponding dunder along ``type(x).__mro__``; ``lookup`` caches the result
per type (CPython's method cache), and any assignment to a class attribute
bumps a global version that invalidates every cache.

Built-in types are created once per process as static objects (see
``core.static_mode``).  ``is_heaptype`` marks user classes: their instances
own a reference to the class, as in CPython.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc_static


class PyType(PyObject):
    __slots__ = (
        "name", "qualname", "bases", "base", "mro", "dict", "cache", "cache_version",
        "is_heaptype", "has_dict", "host_class", "basicsize", "itemsize",
        "tp_dealloc", "tp_traverse", "tp_new", "subclasses", "slotnames",
        "inst_dict", "flags", "doc", "has_finalizer", "has_getattr", "is_gc",
        "tp_iternext", "module", "has_getattribute", "has_setattr", "mro_obj", "bases_obj",
        "tp_call",
    )


# type flags
TPFLAGS_BASETYPE = 1        # can be subclassed
TPFLAGS_EXCEPTION = 2       # BaseException or a subclass
TPFLAGS_INT = 4             # int subclass (including bool)
TPFLAGS_STR = 8
TPFLAGS_LIST = 16
TPFLAGS_TUPLE = 32
TPFLAGS_DICT = 64
TPFLAGS_TYPE = 128

_version = [0]
pending_dicts = []         # types created before the dict type existed
_new_dict = None           # set by dictobject: () -> new empty PyDict


def _init_type(t, name, base, host_class, basicsize, flags):
    t.name = name
    t.qualname = name
    t.base = base
    t.bases = (base,) if base is not None else ()
    t.mro = (t,) + (base.mro if base is not None else ())
    t.dict = None
    t.cache = {}
    t.cache_version = -1
    t.is_heaptype = False
    t.has_dict = False
    t.host_class = host_class
    t.basicsize = basicsize
    t.itemsize = 0
    t.tp_dealloc = base.tp_dealloc if base is not None else None
    t.tp_traverse = base.tp_traverse if base is not None else core.no_refs
    t.tp_new = base.tp_new if base is not None else None
    t.subclasses = []
    t.slotnames = None
    t.inst_dict = None
    t.flags = flags | (base.flags & ~TPFLAGS_BASETYPE if base is not None else 0) | TPFLAGS_BASETYPE
    t.doc = None
    t.has_finalizer = False
    t.has_getattr = False
    t.is_gc = base.is_gc if base is not None else False
    t.tp_iternext = None
    # a host function (obj, args, kwargs) calling the objects of a built-in type
    # whose calls are hot (CPython's tp_call), else None: __call__ is looked up
    t.tp_call = base.tp_call if base is not None else None
    t.module = None
    t.has_getattribute = base.has_getattribute if base is not None else False
    t.has_setattr = base.has_setattr if base is not None else False
    t.mro_obj = t.bases_obj = None     # heap types: __mro__ and __bases__ as tuple objects
    if base is not None:
        base.subclasses.append(t)
    if _new_dict is None:
        pending_dicts.append(t)
    else:
        t.dict = _new_dict()


TYPE_BASICSIZE = 928       # sys.getsizeof(int) in CPython 3.11 on 64-bit

type_type = PyType.__new__(PyType)
alloc_static(type_type, TYPE_BASICSIZE, None)
type_type.ob_type = type_type
object_type = PyType.__new__(PyType)
alloc_static(object_type, TYPE_BASICSIZE, type_type)
_init_type(object_type, "object", None, None, 16, 0)
_init_type(type_type, "type", object_type, PyType, TYPE_BASICSIZE, TPFLAGS_TYPE)


def make_type(name, base=object_type, host_class=None, basicsize=16, flags=0,
              dealloc=None, traverse=None, new=None, final=False, gc=None):
    """Create a built-in (static) type."""
    t = PyType.__new__(PyType)
    alloc_static(t, TYPE_BASICSIZE, type_type)
    _init_type(t, name, base, host_class, basicsize, flags)
    if final:
        t.flags &= ~TPFLAGS_BASETYPE
    if dealloc is not None:
        t.tp_dealloc = dealloc
    if traverse is not None:
        t.tp_traverse = traverse
    if new is not None:
        t.tp_new = new
    if gc is not None:
        t.is_gc = gc
    return t


# ---------------------------------------------------------------------------
# Lookup along the MRO, with a per-type cache
# ---------------------------------------------------------------------------

_MISSING = object()     # not in a type's lookup cache yet (None there means "no such attribute")


def lookup(tp, name):
    """The attribute ``name`` (a host str) found on ``tp``'s MRO, or None (borrowed)."""
    if tp.cache_version != _version[0]:
        tp.cache = {}
        tp.cache_version = _version[0]
    result = tp.cache.get(name, _MISSING)
    if result is not _MISSING:
        return result
    result = None
    for t in tp.mro:
        v = t.dict.dv.get(name)
        if v is not None:
            result = v
            break
    tp.cache[name] = result
    return result


def invalidate_caches():
    _version[0] += 1


def is_subtype(a, b):
    return b in a.mro


# ---------------------------------------------------------------------------
# C3 linearization
# ---------------------------------------------------------------------------

def c3_mro(tp, bases):
    """CPython's C3 MRO; returns a host tuple, or a message string on failure."""
    seqs = [list(b.mro) for b in bases] + [list(bases)]
    result = [tp]
    while True:
        seqs = [s for s in seqs if s]
        if not seqs:
            return tuple(result)
        for seq in seqs:
            head = seq[0]
            if not any(head in s[1:] for s in seqs):
                break
        else:
            names = []
            for s in seqs:
                if s[0].name not in names:
                    names.append(s[0].name)
            return ("Cannot create a consistent method resolution\norder (MRO) for bases "
                    + ", ".join(names))
        result.append(head)
        for s in seqs:
            if s[0] is head:
                del s[0]


def solid_base(tp):
    """The nearest base that determines the instance layout (host class)."""
    while tp.base is not None and tp.host_class is tp.base.host_class and tp.is_heaptype:
        tp = tp.base
    return tp
