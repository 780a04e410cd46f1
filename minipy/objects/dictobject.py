"""dict objects: insertion-ordered hash tables with CPython 3.11's memory layout.

Semantics: a ``PyDict`` keeps two host dicts in step, ``dk`` (host key -> key
object) and ``dv`` (host key -> value object).  The *host key* of a str, int,
float, bool or None is its host value, so host hashing and equality give
exactly Python's rules (``1 == 1.0 == True``), and a name lookup with a host
str finds the entry of the equal str object.  Tuples map to tuples of host
keys; objects of user classes with their own ``__hash__``/``__eq__`` map to a
``UserKey`` that calls back into the program (see ``runtime.abstract``).

Memory: the dict object itself is a 64-byte block (48 + the 16-byte GC
header).  Its entries live in a separate *keys object*, a heap allocation of
its own, sized like CPython's ``PyDictKeysObject``: a 32-byte header, an index
table of ``size`` slots (1, 2, 4 or 8 bytes each) and ``2/3 * size`` entries of
24 bytes (16 when every key is a str).  An empty dict has no keys object.  It
grows when the entry array is full, to the smallest power of two >= 3 * used,
and deleted entries keep their slot until the next resize — the same rules as
CPython, so ``sys.getsizeof`` agrees.  Up to 80 freed dict blocks are kept on a
free list.
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type, TPFLAGS_DICT
from minipy.objects import typeobject
from minipy.gc import state as gcstate

DICT_SIZE = 64
DICT_MAXFREELIST = 80
free_list = []

# Set by the runtime: host key for objects without a built-in one.
user_hostkey = None


class PyDict(PyObject):
    __slots__ = ("dk", "dv", "keys_addr", "log2size", "nentries", "unicode")


def keys_nbytes(log2size, unicode):
    size = 1 << log2size
    if log2size < 8:
        ix = 1
    elif log2size < 16:
        ix = 2
    elif log2size < 32:
        ix = 4
    else:
        ix = 8
    return 32 + ix * size + ((2 * size) // 3) * (16 if unicode else 24)


def _log2_for(minsize):
    n = max(minsize - 1, 7).bit_length()
    return n if n >= 3 else 3


def _dict_traverse(d):
    # entry by entry, value then key as CPython's dict_traverse (which skips
    # str keys altogether: see gc.collector.referents)
    out = []
    dv = d.dv
    for hk, k in d.dk.items():
        out.append(dv[hk])
        out.append(k)
    return out


def _dict_dealloc(d):
    keys = list(d.dk.values())
    vals = list(d.dv.values())
    d.dk = d.dv = None
    if d.keys_addr:
        core.storage_free(d.keys_addr)
        d.keys_addr = 0
    if d.ob_type is dict_type and len(free_list) < DICT_MAXFREELIST:
        core.forget(d)
        free_list.append(d.ob_addr)
    else:
        core.free_block(d)
    for o in keys:
        core.decref(o)
    for o in vals:
        core.decref(o)


dict_type = make_type("dict", host_class=PyDict, basicsize=DICT_SIZE, flags=TPFLAGS_DICT,
                      dealloc=_dict_dealloc, traverse=_dict_traverse, gc=True)


def new_dict(tp=None):
    d = PyDict.__new__(PyDict)
    d.dk = {}
    d.dv = {}
    d.keys_addr = 0
    d.log2size = 0
    d.nentries = 0
    d.unicode = True
    if tp is None:
        tp = dict_type
    if free_list and tp is dict_type and not core.static_mode:
        return core.alloc_at(d, free_list.pop(), tp)
    return core.alloc(d, DICT_SIZE, tp)


def new_inline_dict():
    """The attribute dict of a plain instance (see gc.state.materialize)."""
    d = PyDict.__new__(PyDict)
    d.dk = {}
    d.dv = {}
    d.keys_addr = 0
    d.log2size = 0
    d.nentries = 0
    d.unicode = True
    return core.alloc_uncounted(d, DICT_SIZE, dict_type)


def presize(d, n):
    """Size the keys object for n items up front (BUILD_MAP, dict(...))."""
    if n > 5 and not d.keys_addr:
        d.log2size = _log2_for((n * 3 + 1) // 2)
        d.keys_addr = core.storage_malloc(keys_nbytes(d.log2size, d.unicode))


def _make_room(d, is_str):
    """Account for one more entry in the keys object (CPython's insertdict)."""
    if not d.keys_addr:
        d.log2size = 3
        d.unicode = is_str
        d.keys_addr = core.storage_malloc(keys_nbytes(3, is_str))
        d.nentries = 0
    elif d.nentries >= (2 << d.log2size) // 3 or (d.unicode and not is_str):
        if not is_str:
            d.unicode = False
        used = len(d.dk)
        d.log2size = _log2_for(used * 3)
        d.keys_addr = core.storage_realloc(d.keys_addr, keys_nbytes(d.log2size, d.unicode))
        d.nentries = used
    d.nentries += 1


def hostkey(o):
    """The host value standing for ``o`` as a dict key or set member."""
    t = o.ob_type
    if t is _str_type or t is _int_type or t is _float_type or t is _bool_type:
        return o.value
    return user_hostkey(o)


def dict_getitem(d, key):
    """Borrowed value for ``key`` or None."""
    return d.dv.get(hostkey(key))


def dict_setitem(d, key, value):
    """d[key] = value; takes new references to key (if new) and value."""
    hk = hostkey(key)
    dv = d.dv
    old = dv.get(hk)
    value.ob_refcnt += 1
    if d.gc_gen == -1 and (value.ob_type.is_gc or key.ob_type.is_gc) and not core.static_mode:
        _maintain_tracking(d, key, value)
    if old is None:
        _make_room(d, key.ob_type is _str_type)
        key.ob_refcnt += 1
        d.dk[hk] = key
        dv[hk] = value
    else:
        dv[hk] = value
        core.decref(old)


def dict_setitem_str(d, name, value):
    """d[name] = value for a host str name (the key is interned)."""
    dv = d.dv
    old = dv.get(name)
    value.ob_refcnt += 1
    if d.gc_gen == -1 and value.ob_type.is_gc and not core.static_mode:
        _maintain_tracking(d, None, value)
    if old is None:
        if d.keys_addr and d.nentries < (2 << d.log2size) // 3:
            d.nentries += 1             # (_make_room's common case, inline)
        else:
            _make_room(d, True)
        d.dk[name] = strobject.intern_str(name)
        dv[name] = value
    else:
        dv[name] = value
        core.decref(old)


def _maintain_tracking(d, key, value):
    """CPython's MAINTAIN_TRACKING: an untracked dict becomes tracked when it
    starts holding something that may be part of a cycle."""
    if (value.ob_type.is_gc and gcstate.may_be_tracked(value)) or \
            (key is not None and key.ob_type.is_gc and gcstate.may_be_tracked(key)):
        if core.is_live(d):
            gcstate.track(d)


def dict_delitem_hk(d, hk):
    """Delete the entry with host key hk; returns False if missing."""
    v = d.dv.pop(hk, None)
    if v is None:
        return False
    k = d.dk.pop(hk)
    core.decref(k)
    core.decref(v)
    return True


def dict_clear(d):
    keys = list(d.dk.values())
    vals = list(d.dv.values())
    d.dk = {}
    d.dv = {}
    if d.keys_addr:
        core.storage_free(d.keys_addr)
        d.keys_addr = 0
    d.nentries = 0
    d.unicode = True
    for o in keys:
        core.decref(o)
    for o in vals:
        core.decref(o)


def dict_sizeof(d):
    return DICT_SIZE + (keys_nbytes(d.log2size, d.unicode) if d.keys_addr else 0)


# Late imports: these modules create their types after this one exists.
from minipy.objects import strobject   # noqa: E402
from minipy.objects.intobject import int_type as _int_type, bool_type as _bool_type  # noqa: E402
from minipy.objects.floatobject import float_type as _float_type  # noqa: E402
_str_type = strobject.str_type

# Every type created before the dict type gets its dict now.
typeobject._new_dict = new_dict
for _t in typeobject.pending_dicts:
    _t.dict = new_dict()
del typeobject.pending_dicts[:]
