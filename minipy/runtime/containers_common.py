"""Helpers shared by the container modules (``containers_*.py``).

Instance creation for subclasses of built-in containers, slice arithmetic
(CPython's ``PySlice_Unpack``/``_PySlice_GetLongIndices``), argument checks
with CPython's messages, the ``Py_ReprEnter`` recursion guard, CPython's tuple
and frozenset hash functions, ``PyObject_LengthHint`` and a factory for the
built-in iterator types.

Conventions are those of ``runtime.abstract``: arguments are borrowed, every
function returning an object returns a new reference, errors raise ``PyExc``.
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import lookup, make_type
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int, TRUE, FALSE
from minipy.objects.singletons import NONE, NOTIMPL
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects import iterobject, descr
from minipy.objects.iterobject import PyIter
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.strhash import str_hash as _str_hash

MASK64 = (1 << 64) - 1
SSIZE_MAX = (1 << 63) - 1
SSIZE_MIN = -(1 << 63)


def incref(o):
    o.ob_refcnt += 1
    return o


def notimpl():
    NOTIMPL.ob_refcnt += 1
    return NOTIMPL


def new_bool(b):
    o = TRUE if b else FALSE
    o.ob_refcnt += 1
    return o


def set_hash_none(tp):
    """Make instances of ``tp`` unhashable (``__hash__ = None`` in the type dict)."""
    from minipy.objects.dictobject import dict_setitem_str
    dict_setitem_str(tp.dict, "__hash__", NONE)


def register_new(tp, impl):
    """Register ``impl(args, kwargs)`` (args[0] is the type) as ``tp.__new__``."""
    from minipy.objects.dictobject import dict_setitem_str
    f = descr.new_builtin("__new__", impl, takes_kw=True)
    f.qualname = tp.name + ".__new__"
    dict_setitem_str(tp.dict, "__new__", f)
    decref(f)


def check_type_arg(args, owner):
    """The type passed as first argument to ``owner.__new__``."""
    from minipy.objects.typeobject import PyType, is_subtype
    if not args:
        raise exc("TypeError", "%s.__new__(): not enough arguments" % owner.name)
    tp = args[0]
    if not isinstance(tp, PyType):
        raise exc("TypeError", "%s.__new__(X): X is not a type object (%s)"
                  % (owner.name, type_name(tp)))
    if not is_subtype(tp, owner):
        raise exc("TypeError", "%s.__new__(%s): %s is not a subtype of %s"
                  % (owner.name, tp.name, tp.name, owner.name))
    return tp


def init_subinstance(o, tp):
    """Fill the extra fields of an instance of a user subclass of a built-in."""
    o.inst_dict = None
    o.slot_vals = [None] * len(tp.slotnames) if tp.slotnames else None


def alloc_sub(o, tp, default_size):
    """Allocate a host object (already filled) of the user subclass ``tp``."""
    if tp.is_heaptype:
        init_subinstance(o, tp)
        size = tp.basicsize or default_size
    else:
        size = default_size
    return core.alloc(o, size, tp)


# ---------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------

def no_kwargs(kwargs, name):
    if kwargs:
        raise exc("TypeError", "%s() takes no keyword arguments" % name)


def check_positional(name, n, lo, hi):
    """CPython's _PyArg_CheckPositional messages."""
    if n < lo:
        if lo == hi:
            raise exc("TypeError", "%s expected %d argument%s, got %d"
                      % (name, lo, "" if lo == 1 else "s", n))
        raise exc("TypeError", "%s expected at least %d argument%s, got %d"
                  % (name, lo, "" if lo == 1 else "s", n))
    if n > hi:
        if lo == hi:
            raise exc("TypeError", "%s expected %d argument%s, got %d"
                      % (name, hi, "" if hi == 1 else "s", n))
        raise exc("TypeError", "%s expected at most %d argument%s, got %d"
                  % (name, hi, "" if hi == 1 else "s", n))


def parse_kwonly(kwargs, fname, allowed):
    """Keyword-only arguments: a host dict name -> object (borrowed) for ``allowed``."""
    out = {}
    if kwargs:
        for k, v in kwargs.items():
            if k not in allowed:
                raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (k, fname))
            out[k] = v
    return out


# ---------------------------------------------------------------------------
# Integers and slices
# ---------------------------------------------------------------------------

def has_index(o):
    return isinstance(o, PyInt) or lookup(o.ob_type, "__index__") is not None


def as_index(o):
    """``o.__index__()`` as a host int (TypeError for non-integers)."""
    t = o.ob_type
    if t is int_type or t is bool_type:
        return int(o.value)
    return abstract.index_value(o)


def as_ssize(o, overflow="IndexError"):
    """PyNumber_AsSsize_t with an error class for values out of range."""
    v = as_index(o)
    if v > SSIZE_MAX or v < SSIZE_MIN:
        raise exc(overflow, "cannot fit '%s' into an index-sized integer" % type_name(o))
    return v


def _slice_index(o):
    if o is NONE:
        return None
    if not has_index(o):
        raise exc("TypeError", "slice indices must be integers or None or have an __index__ method")
    return as_index(o)


def slice_indices(s, length):
    """(start, stop, step, slicelength) of slice ``s`` over a sequence of ``length``
    (CPython's _PySlice_GetLongIndices; exact for any int)."""
    step = _slice_index(s.step)
    if step is None:
        step = 1
    elif step == 0:
        raise exc("ValueError", "slice step cannot be zero")
    if step < 0:
        lower, upper = -1, length - 1
    else:
        lower, upper = 0, length
    start = _slice_index(s.start)
    if start is None:
        start = upper if step < 0 else lower
    else:
        if start < 0:
            start += length
            if start < lower:
                start = lower
        elif start > upper:
            start = upper
    stop = _slice_index(s.stop)
    if stop is None:
        stop = lower if step < 0 else upper
    else:
        if stop < 0:
            stop += length
            if stop < lower:
                stop = lower
        elif stop > upper:
            stop = upper
    if step < 0:
        n = (start - stop - 1) // (-step) + 1 if stop < start else 0
    else:
        n = (stop - start - 1) // step + 1 if start < stop else 0
    return start, stop, step, n


def index_arg(o):
    """_PyEval_SliceIndexNotNone: start/stop arguments of index()."""
    if not has_index(o):
        raise exc("TypeError", "slice indices must be integers or have an __index__ method")
    v = as_index(o)
    if v > SSIZE_MAX:
        return SSIZE_MAX
    if v < SSIZE_MIN:
        return SSIZE_MIN
    return v


def search_bounds(n, start, stop):
    """Normalised [start, stop) of list.index/tuple.index for a sequence of n items."""
    lo = 0 if start is None else index_arg(start)
    hi = SSIZE_MAX if stop is None else index_arg(stop)
    if lo < 0:
        lo += n
        if lo < 0:
            lo = 0
    if hi < 0:
        hi += n
        if hi < 0:
            hi = 0
    return lo, hi


def repeat_count(o, seq):
    """The count of ``seq * o``, or None when ``o`` is not an integer (NotImplemented)."""
    if not has_index(o):
        return None
    v = as_index(o)
    if v > SSIZE_MAX or v < SSIZE_MIN:
        raise exc("OverflowError", "cannot fit '%s' into an index-sized integer" % type_name(o))
    return v


def cant_multiply(seq, o):
    """The result of ``seq * o`` for a non-integer ``o``: NotImplemented when ``o``'s
    type may handle it (a user-defined reflected method), else CPython's TypeError."""
    from minipy.objects.descr import PyMethodDescr
    r = lookup(o.ob_type, "__rmul__")
    r2 = lookup(o.ob_type, "__mul__")
    if (r is not None and type(r) is not PyMethodDescr) or \
            (r2 is not None and type(r2) is not PyMethodDescr):
        return notimpl()
    raise exc("TypeError", "can't multiply sequence by non-int of type '%s'" % type_name(o))


MAX_ITEMS = 1 << 28     # refuse host allocations past this many items (MemoryError)


def check_size(n):
    if n > MAX_ITEMS:
        raise exc("MemoryError")


# ---------------------------------------------------------------------------
# Recursion guards
# ---------------------------------------------------------------------------

_repr_active = set()


def repr_enter(o):
    """Py_ReprEnter: False if ``o`` is already being repr'd (then print '...')."""
    k = id(o)
    if k in _repr_active:
        return False
    _repr_active.add(k)
    return True


def repr_leave(o):
    _repr_active.discard(id(o))


_local_depth = [0]
_vm_ref = []


def _vm():
    if not _vm_ref:
        try:
            from minipy.runtime import builtins_core
        except ImportError:         # pragma: no cover
            return None
        _vm_ref.append(builtins_core.vm_ref)
    return _vm_ref[0][0]


def enter_recursive(where):
    """Py_EnterRecursiveCall: count one level of host recursion against the
    interpreter's recursion limit."""
    vm = _vm()
    if vm is not None:
        ts = vm.ts
        if ts.depth >= vm.recursion_limit:
            raise exc("RecursionError", "maximum recursion depth exceeded" + where)
        ts.depth += 1
    else:
        if _local_depth[0] >= 1000:
            raise exc("RecursionError", "maximum recursion depth exceeded" + where)
        _local_depth[0] += 1


def leave_recursive():
    vm = _vm()
    if vm is not None:
        vm.ts.depth -= 1
    else:
        _local_depth[0] -= 1


def safe_repr(o):
    """repr(o) as a host str, counted as one level of recursion."""
    t = o.ob_type
    if t is int_type:
        return repr(o.value)
    enter_recursive(" while getting the repr of an object")
    try:
        return abstract.repr_host(o)
    finally:
        leave_recursive()


def rich_eq(a, b):
    """PyObject_RichCompareBool(a, b, Py_EQ) with the identity shortcut."""
    if a is b:
        return True
    ta = a.ob_type
    if ta is b.ob_type and (ta is int_type or ta is abstract.str_type):
        return a.value == b.value
    enter_recursive(" in comparison")
    try:
        return abstract.compare_bool(a, b, 2)
    finally:
        leave_recursive()


def rich_eq_held(item, v):
    """rich_eq(item, v) for an item of a container, held by a reference of
    its own while compared (an __eq__ may take it out of the container)."""
    if item is v:
        return True
    item.ob_refcnt += 1
    try:
        return rich_eq(item, v)
    finally:
        decref(item)


def rich_compare(a, b, op):
    """PyObject_RichCompare(a, b, op) (new reference), counted as recursion."""
    enter_recursive(" in comparison")
    try:
        return abstract.compare(a, b, op)
    finally:
        leave_recursive()


def rich_compare_bool(a, b, op):
    """PyObject_RichCompareBool(a, b, op): identity shortcut for == and != only."""
    if a is b:
        if op == 2:
            return True
        if op == 3:
            return False
    ta = a.ob_type
    if ta is b.ob_type and (ta is int_type or ta is abstract.str_type):
        x = a.value
        y = b.value
        if op == 0:
            return x < y
        if op == 4:
            return x > y
        if op == 1:
            return x <= y
        if op == 5:
            return x >= y
        if op == 2:
            return x == y
        return x != y
    enter_recursive(" in comparison")
    try:
        return abstract.compare_bool(a, b, op)
    finally:
        leave_recursive()


def cmp_result(a, b, op):
    """Py_RETURN_RICHCOMPARE on host values: a new bool."""
    if op == 0:
        r = a < b
    elif op == 1:
        r = a <= b
    elif op == 2:
        r = a == b
    elif op == 3:
        r = a != b
    elif op == 4:
        r = a > b
    else:
        r = a >= b
    return new_bool(r)


# ---------------------------------------------------------------------------
# Hashes
# ---------------------------------------------------------------------------

XXPRIME_1 = 11400714785074694791
XXPRIME_2 = 14029467366897019727
XXPRIME_5 = 2870177450012600261


HASH_FAST = {}      # built-in type -> host function computing its hash exactly


def hash_of(o):
    """hash(o) as a host int (CPython's PyObject_Hash: a __hash__ result within
    the Py_hash_t range is kept as is, -1 becomes -2)."""
    t = o.ob_type
    if t is int_type or t is abstract.float_type or t is bool_type:
        return hash(o.value)
    if t is abstract.str_type:
        return _str_hash(o.value)
    fast = HASH_FAST.get(t)
    enter_recursive("")
    try:
        if fast is not None:
            return fast(o)
        f = lookup(t, "__hash__")
        if f is None or f is NONE:
            raise exc("TypeError", "unhashable type: '%s'" % t.name)
        r = abstract.call_dunder(f, o, ())
        if not isinstance(r, PyInt):
            decref(r)
            raise exc("TypeError", "__hash__ method should return an integer")
        v = int(r.value)
        decref(r)
    finally:
        leave_recursive()
    if SSIZE_MIN <= v <= SSIZE_MAX:
        return -2 if v == -1 else v
    return hash(v)


def to_signed(h):
    h &= MASK64
    return h - (1 << 64) if h >= (1 << 63) else h


def tuple_hash_of_hashes(hashes):
    """CPython 3.11's tuplehash (xxHash-based) over host element hashes."""
    acc = XXPRIME_5
    for lane in hashes:
        acc = (acc + (lane & MASK64) * XXPRIME_2) & MASK64
        acc = ((acc << 31) | (acc >> 33)) & MASK64
        acc = (acc * XXPRIME_1) & MASK64
    acc = (acc + (len(hashes) ^ (XXPRIME_5 ^ 3527539))) & MASK64
    if acc == MASK64:
        return 1546275796
    return to_signed(acc)


def _shuffle_bits(h):
    return (((h ^ 89869747) ^ (h << 16)) * 3644798167) & MASK64


def frozenset_hash_of_hashes(hashes):
    """CPython 3.11's frozenset_hash over the members' host hashes."""
    h = 0
    for x in hashes:
        h ^= _shuffle_bits(x & MASK64)
    h ^= ((len(hashes) + 1) * 1927868237) & MASK64
    h ^= (h >> 11) ^ (h >> 25)
    h = (h * 69069 + 907133923) & MASK64
    if h == MASK64:
        h = 590923713
    return to_signed(h)


# ---------------------------------------------------------------------------
# Length hints
# ---------------------------------------------------------------------------

def has_len(o):
    return lookup(o.ob_type, "__len__") is not None


def length_hint(o, default):
    """PyObject_LengthHint."""
    if has_len(o):
        try:
            return abstract.length(o)
        except PyExc as e:
            if e.exc.ob_type is not EXC_TYPES["TypeError"]:
                raise
            decref(e.exc)
    t = o.ob_type
    h = ITER_HINTS.get(t)
    if h is not None:
        return h(o)
    f = lookup(t, "__length_hint__")
    if f is None:
        return default
    try:
        r = abstract.call_dunder(f, o, ())
    except PyExc as e:
        if e.exc.ob_type is not EXC_TYPES["TypeError"]:
            raise
        decref(e.exc)
        return default
    if r is NOTIMPL:
        decref(r)
        return default
    if not isinstance(r, PyInt):
        decref(r)
        raise exc("TypeError", "__length_hint__ must be an integer, not %s" % type_name(r))
    v = int(r.value)
    decref(r)
    if v < 0:
        raise exc("ValueError", "__length_hint__() should return >= 0")
    return v


# ---------------------------------------------------------------------------
# Iterator types
# ---------------------------------------------------------------------------

ITER_HINTS = {}     # iterator type -> host function it -> remaining length


def _iter_self(it):
    it.ob_refcnt += 1
    return it


def make_iterator_type(name, nextfn, hint=None, subclassable=False, size=iterobject.ITER_SIZE):
    """A built-in iterator type whose tp_iternext is ``nextfn`` (new reference or
    None at the end), with ``__iter__``/``__next__`` (and ``__length_hint__``)."""
    if subclassable:
        t = make_type(name, host_class=PyIter, basicsize=size, dealloc=iterobject._iter_dealloc,
                      traverse=iterobject._iter_traverse, gc=True)
        t.tp_iternext = nextfn
    else:
        t = iterobject.make_iter_type(name, nextfn, size)

    def _next(it):
        r = nextfn(it)
        if r is None:
            raise exc("StopIteration")
        return r

    descr.add_method(t, "__iter__", _iter_self, 0, 0)
    descr.add_method(t, "__next__", _next, 0, 0)
    if hint is not None:
        ITER_HINTS[t] = hint
        descr.add_method(t, "__length_hint__", lambda it: new_int(hint(it)), 0, 0)
    return t


def new_iter_obj(tp, src, pos=0, aux=None, stop=0):
    """An iterator object of ``tp`` (a built-in or a user subclass)."""
    if not tp.is_heaptype:
        return iterobject.new_iter(tp, src, pos, aux, stop, tp.basicsize)
    hc = tp.host_class
    it = hc.__new__(hc)
    if src is not None:
        src.ob_refcnt += 1
    it.src = src
    it.pos = pos
    it.aux = aux
    it.stop = stop
    return alloc_sub(it, tp, iterobject.ITER_SIZE)


def iterate(o):
    """Host generator over the items of iterable ``o`` (each a NEW reference that
    the consumer owns)."""
    it = abstract.get_iter(o)
    try:
        nx = it.ob_type.tp_iternext
        if nx is not None:
            while True:
                x = nx(it)
                if x is None:
                    return
                yield x
        else:
            while True:
                x = abstract.next_(it)
                if x is None:
                    return
                yield x
    finally:
        decref(it)


def value_iternext(box):
    """The tp_iternext of an iterator over ``it.src.value`` (a host str or
    bytes), boxing each item with *box* (new_str: a 1-char str; new_int: a byte)."""
    def iternext(it):
        src = it.src
        if src is None:
            return None
        v = src.value
        i = it.pos
        if i < len(v):
            it.pos = i + 1
            return box(v[i])
        it.src = None
        decref(src)
        return None
    return iternext


def _seq_iter_self(it):
    it.ob_refcnt += 1
    return it


def _seq_iter_next(it):
    r = it.ob_type.tp_iternext(it)
    if r is None:
        raise exc("StopIteration")
    return r


def _seq_iter_length_hint(it):
    if it.src is None:
        return new_int(0)
    return new_int(max(len(it.src.value) - it.pos, 0))


def add_sequence_iterator_methods(types):
    """``__iter__``, ``__next__`` (the type's tp_iternext) and ``__length_hint__``
    for iterator types that walk ``it.src.value`` by ``it.pos`` (str, bytes)."""
    for t in types:
        descr.add_method(t, "__iter__", _seq_iter_self, 0, 0)
        descr.add_method(t, "__next__", _seq_iter_next, 0, 0)
        descr.add_method(t, "__length_hint__", _seq_iter_length_hint, 0, 0)
