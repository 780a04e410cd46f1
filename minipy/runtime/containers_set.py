"""set and frozenset (CPython 3.11's setobject.c).

A ``PySet`` keeps a host set ``hs`` of *host keys* and a host dict ``dk``
mapping each host key to the member object.  Because the host is CPython, the
host set's table behaves exactly like CPython's for the same sequence of
operations on keys with the same hashes: so every set operation here is done
by the *same* host operation (``hs | other.hs``, ``hs.intersection_update(...)``,
``hs.update(dict_keys_host_dict)``...) and iteration order, ``pop()`` order and
the table size match CPython.  After a host operation the member map ``dk`` is
rebuilt from the operands (matched by host-key identity), and the simulated
table allocation is synchronised with the host table's size.
"""

import sys as _hostsys

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import lookup, is_subtype
from minipy.objects.intobject import new_int
from minipy.objects.strobject import new_str
from minipy.objects.setobject import (PySet, set_type, frozenset_type, new_set, set_add_hk,
                                      set_discard_hk, set_clear, set_items, set_sizeof, SET_SIZE)
from minipy.errors import InternalError
from minipy.objects.dictobject import PyDict, dict_type, hostkey
from minipy.objects.singletons import ret_none
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects import descr
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import (
                  notimpl, new_bool, set_hash_none, register_new, check_type_arg, init_subinstance,
                  no_kwargs, check_positional, repr_enter, repr_leave, safe_repr, hash_of, HASH_FAST,
                  frozenset_hash_of_hashes, make_iterator_type, new_iter_obj)


# ---------------------------------------------------------------------------
# The host table: size and fill, for the simulated table allocation
# ---------------------------------------------------------------------------

_SMALL_SIZE = _hostsys.getsizeof(set()) if _hostsys.implementation.name == "cpython" else 216
_host_fill = None
_host_fill_probed = False


def _probe_host_fill():
    """Find how to read a CPython host set's fill (on the first table sync,
    not at import: ctypes costs a few milliseconds of every start-up)."""
    global _host_fill, _host_fill_probed
    _host_fill_probed = True
    try:
        import ctypes
        _P = ctypes.sizeof(ctypes.c_void_p)

        def _read_fill(hs):
            return ctypes.c_ssize_t.from_address(id(hs) + 2 * _P).value

        _t = set(range(3))
        _t.discard(1)
        _t2 = set(range(30))
        if _read_fill(_t) == 3 and _read_fill(_t2) == 30 and \
                ctypes.c_ssize_t.from_address(id(_t) + 3 * _P).value == 2:
            _host_fill = _read_fill
    except Exception:         # pragma: no cover - not CPython's layout
        _host_fill = None


def sync_table(s):
    """Make the simulated table of ``s`` follow its host set's table."""
    if _hostsys.implementation.name != "cpython":
        return          # no host table to mirror (PyPy): keep setobject's own growth model
    hs = s.hs
    size = _hostsys.getsizeof(hs)
    nslots = (size - _SMALL_SIZE) // 16 if size > _SMALL_SIZE else 0
    if nslots:
        if s.mask + 1 != nslots or not s.table_addr:
            new = core.storage_malloc(16 * nslots)
            if s.table_addr:
                core.storage_free(s.table_addr)
            s.table_addr = new
        s.mask = nslots - 1
    else:
        if s.table_addr:
            core.storage_free(s.table_addr)
            s.table_addr = 0
        s.mask = 7
    if not _host_fill_probed:
        _probe_host_fill()
    s.fill = _host_fill(hs) if _host_fill is not None else len(hs)


# ---------------------------------------------------------------------------
# Construction and member bookkeeping
# ---------------------------------------------------------------------------

def make_set(tp=None):
    """A new empty set of type ``tp`` (set, frozenset or a user subclass)."""
    if tp is None:
        tp = set_type
    if not tp.is_heaptype:
        return new_set(tp)
    hc = tp.host_class
    s = hc.__new__(hc)
    s.hs = set()
    s.dk = {}
    s.mask = 7
    s.fill = 0
    s.table_addr = 0
    s.hash_cache = None
    init_subinstance(s, tp)
    return core.alloc(s, tp.basicsize or SET_SIZE, tp)


def _ids(dk):
    return {id(hk): o for hk, o in dk.items()}


def resync(s, sources):
    """After a host operation changed ``s.hs``: rebuild ``s.dk`` (host key ->
    member, owned) from the old members and ``sources`` (id(host key) -> object)."""
    old = s.dk
    old_ids = _ids(old)
    new = {}
    for hk in s.hs:
        o = old_ids.get(id(hk))
        if o is None:
            for src in sources:
                o = src.get(id(hk))
                if o is not None:
                    break
            else:
                o = _by_value(sources, hk)
        o.ob_refcnt += 1
        new[hk] = o
    s.dk = new
    s.hash_cache = None
    sync_table(s)
    for o in old.values():
        decref(o)


def _add_new_members(s, before_ids, sources):
    """After a host operation that only added keys: own the new members."""
    dk = s.dk
    for hk in s.hs:
        if id(hk) not in before_ids:
            for src in sources:
                o = src.get(id(hk))
                if o is not None:
                    break
            else:
                # the source's table holds an equal but distinct host key (a
                # constant's members are rebuilt in CPython's order): match by value
                o = _by_value(sources, hk)
            o.ob_refcnt += 1
            dk[hk] = o
    sync_table(s)


def _by_value(sources, hk):
    for src in sources:
        for o in src.values():
            if hostkey(o) == hk:
                return o
    raise InternalError("set member %r has no object" % (hk,))


def _host_call(fn, *args):
    """Run a host set operation; host RuntimeErrors become minipy RuntimeErrors."""
    try:
        return fn(*args)
    except RecursionError:
        raise
    except RuntimeError as e:
        raise exc("RuntimeError", str(e))


class Operands:
    """Host forms of the arguments of a set operation.  ``items`` owns the
    references of any materialised iterable; call ``release`` when done."""

    def __init__(self):
        self.sources = []
        self.items = []

    def add(self, o):
        if isinstance(o, PySet):
            self.sources.append(_ids(o.dk))
            return o.hs
        if o.ob_type is dict_type:
            self.sources.append(_ids(o.dk))
            return o.dk
        items = abstract.sequence_to_list(o)
        self.items.extend(items)
        hks = [hostkey(x) for x in items]
        self.sources.append({id(hk): x for hk, x in zip(hks, items)})
        return hks

    def release(self):
        items = self.items
        self.items = []
        core.decref_all(items)


def base_type(tp):
    """make_new_set_basetype: set for set subclasses, else frozenset."""
    return set_type if is_subtype(tp, set_type) else frozenset_type


def result_set(tp, hs, sources):
    s = make_set(tp)
    s.hs = hs
    try:
        resync(s, sources)
    except BaseException:
        s.dk = {}
        s.hs = set()
        decref(s)
        raise
    return s


def set_update_internal(s, other):
    """s |= other for any iterable (CPython's set_update_internal)."""
    if isinstance(other, PySet) or other.ob_type is dict_type:
        src = other.hs if isinstance(other, PySet) else other.dk
        before = {id(hk) for hk in s.hs}
        sources = [_ids(other.dk)]
        try:
            _host_call(s.hs.update, src)
        finally:
            _add_new_members(s, before, sources)
        s.hash_cache = None
        return
    it = abstract.get_iter(other)
    try:
        nx = it.ob_type.tp_iternext
        while True:
            x = nx(it) if nx is not None else abstract.next_(it)
            if x is None:
                break
            try:
                hk = hostkey(x)
                _host_call(set_add_hk, s, hk, x)
            finally:
                decref(x)
    finally:
        decref(it)
        s.hash_cache = None
        sync_table(s)


def set_from_iterable(tp, iterable):
    """make_new_set(tp, iterable)."""
    s = make_set(tp)
    if iterable is not None:
        try:
            set_update_internal(s, iterable)
        except PyExc:
            decref(s)
            raise
    return s


def set_hostkey_arg(s, key):
    """Host key of a lookup argument: an unhashable set is looked up as a frozenset."""
    try:
        return hostkey(key), None
    except PyExc as e:
        if not (isinstance(key, PySet) and e.exc.ob_type is EXC_TYPES["TypeError"]):
            raise
        decref(e.exc)
    tmp = set_from_iterable(frozenset_type, key)
    try:
        return hostkey(tmp), tmp
    except PyExc:
        decref(tmp)
        raise


# ---------------------------------------------------------------------------
# Constructors
# ---------------------------------------------------------------------------

def _set_new(args, kwargs):
    tp = check_type_arg(args, set_type)
    if tp is set_type:
        no_kwargs(kwargs, "set")
    return make_set(tp)


def _set_init(self, args, kwargs):
    no_kwargs(kwargs, "set")
    check_positional(self.ob_type.name, len(args), 0, 1)
    if self.hs or self.fill:
        set_clear(self)
        sync_table(self)
    self.hash_cache = None
    if args:
        set_update_internal(self, args[0])
    return ret_none()


def _frozenset_new(args, kwargs):
    tp = check_type_arg(args, frozenset_type)
    if kwargs and (tp is frozenset_type or lookup(tp, "__init__") is
                   lookup(abstract.object_type, "__init__")):
        no_kwargs(kwargs, "frozenset")
    check_positional(tp.name, len(args) - 1, 0, 1)
    iterable = args[1] if len(args) > 1 else None
    if tp is not frozenset_type:
        return set_from_iterable(tp, iterable)
    if iterable is not None:
        if iterable.ob_type is frozenset_type:
            iterable.ob_refcnt += 1
            return iterable
        return set_from_iterable(tp, iterable)
    return make_set(tp)


register_new(set_type, _set_new)
register_new(frozenset_type, _frozenset_new)
descr.add_method(set_type, "__init__", _set_init, takes_kw=True)
set_hash_none(set_type)


# ---------------------------------------------------------------------------
# Iteration
# ---------------------------------------------------------------------------

def _setiter_next(it):
    s = it.src
    if s is None:
        return None
    hs = s.hs
    if len(hs) != it.stop:
        it.stop = -1
        raise exc("RuntimeError", "Set changed size during iteration")
    st = it.aux
    if st[1] is not hs:
        hi = iter(hs)
        for _ in range(it.pos):
            next(hi, None)
        st[0] = hi
        st[1] = hs
    try:
        hk = next(st[0])
    except StopIteration:
        it.src = None
        decref(s)
        return None
    except RecursionError:
        raise
    except RuntimeError as e:
        raise exc("RuntimeError", str(e))
    it.pos += 1
    o = s.dk[hk]
    o.ob_refcnt += 1
    return o


def _setiter_hint(it):
    s = it.src
    if s is None or len(s.hs) != it.stop:
        return 0
    return it.stop - it.pos


set_iterator_type = make_iterator_type("set_iterator", _setiter_next, _setiter_hint, size=64)


def set_iter(self):
    hs = self.hs
    return new_iter_obj(set_iterator_type, self, 0, [iter(hs), hs], len(hs))


# ---------------------------------------------------------------------------
# Methods common to set and frozenset
# ---------------------------------------------------------------------------

def set_len(self):
    return new_int(len(self.hs))


def set_contains(self, key):
    hk, tmp = set_hostkey_arg(self, key)
    try:
        return new_bool(_host_call(self.hs.__contains__, hk))
    finally:
        if tmp is not None:
            decref(tmp)


def set_repr(self):
    tp = self.ob_type
    if not self.hs:
        return new_str("%s()" % tp.name)
    if not repr_enter(self):
        return new_str("%s(...)" % tp.name)
    try:
        members = set_items(self)
        for o in members:
            o.ob_refcnt += 1
        try:
            parts = [safe_repr(o) for o in members]
        finally:
            core.decref_all(members)
    finally:
        repr_leave(self)
    body = "{" + ", ".join(parts) + "}"
    if tp is set_type:
        return new_str(body)
    return new_str("%s(%s)" % (tp.name, body))


def set_sizeof_m(self):
    return new_int(set_sizeof(self) - 16)


def _binop(hostop):
    def op(self, other):
        if not isinstance(other, PySet):
            return notimpl()
        sources = [_ids(self.dk), _ids(other.dk)]
        hs = _host_call(hostop, self.hs, other.hs)
        return result_set(base_type(self.ob_type), hs, sources)
    return op


def _multi(hostmeth, with_self=True):
    def meth(self, *others):
        ops = Operands()
        try:
            hargs = [ops.add(o) for o in others]
            sources = [_ids(self.dk)] + ops.sources
            hs = _host_call(hostmeth, self.hs, *hargs)
            return result_set(base_type(self.ob_type), hs, sources)
        finally:
            ops.release()
    return meth


def _set_copy(self):
    if self.ob_type is frozenset_type:
        self.ob_refcnt += 1
        return self
    return result_set(base_type(self.ob_type), self.hs.copy(), [_ids(self.dk)])


def _predicate(hostmeth):
    def meth(self, other):
        ops = Operands()
        try:
            h = ops.add(other)
            return new_bool(_host_call(hostmeth, self.hs, h))
        finally:
            ops.release()
    return meth


def _cmp(op):
    def cmp(self, other):
        if not isinstance(other, PySet):
            return notimpl()
        a = self.hs
        b = other.hs
        if op == 2 or op == 3:
            if len(a) != len(b):
                r = False
            elif self.hash_cache is not None and other.hash_cache is not None and \
                    self.hash_cache != other.hash_cache:
                r = False
            else:
                r = _host_call(a.issubset, b)
            return new_bool(r if op == 2 else not r)
        if op == 0:
            r = _host_call(a.__lt__, b)
        elif op == 1:
            r = _host_call(a.__le__, b)
        elif op == 4:
            r = _host_call(a.__gt__, b)
        else:
            r = _host_call(a.__ge__, b)
        return new_bool(r)
    return cmp


for _tp in (set_type, frozenset_type):
    descr.add_method(_tp, "__len__", set_len, 0, 0)
    descr.add_method(_tp, "__contains__", set_contains, 1, 1)
    descr.add_method(_tp, "__iter__", set_iter, 0, 0)
    descr.add_method(_tp, "__repr__", set_repr, 0, 0)
    descr.add_method(_tp, "__sizeof__", set_sizeof_m, 0, 0)
    descr.add_method(_tp, "__or__", _binop(set.__or__), 1, 1)
    descr.add_method(_tp, "__and__", _binop(set.__and__), 1, 1)
    descr.add_method(_tp, "__sub__", _binop(set.__sub__), 1, 1)
    descr.add_method(_tp, "__xor__", _binop(set.__xor__), 1, 1)
    descr.add_method(_tp, "union", _multi(set.union), 0, 1 << 30)
    descr.add_method(_tp, "intersection", _multi(set.intersection), 0, 1 << 30)
    descr.add_method(_tp, "difference", _multi(set.difference), 0, 1 << 30)
    descr.add_method(_tp, "symmetric_difference", _multi(set.symmetric_difference), 1, 1)
    descr.add_method(_tp, "issubset", _predicate(set.issubset), 1, 1)
    descr.add_method(_tp, "issuperset", _predicate(set.issuperset), 1, 1)
    descr.add_method(_tp, "isdisjoint", _predicate(set.isdisjoint), 1, 1)
    descr.add_method(_tp, "copy", _set_copy, 0, 0)
    for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
        descr.add_method(_tp, _name, _cmp(_op), 1, 1)


# ---------------------------------------------------------------------------
# frozenset hash
# ---------------------------------------------------------------------------

def frozenset_hash(s):
    h = s.hash_cache
    if h is None:
        h = frozenset_hash_of_hashes([hash_of(o) for o in set_items(s)])
        s.hash_cache = h
    return h


HASH_FAST[frozenset_type] = frozenset_hash


@descr.method(frozenset_type, "__hash__")
def frozenset_hash_m(self):
    return new_int(frozenset_hash(self))


# ---------------------------------------------------------------------------
# Mutating methods (set only)
# ---------------------------------------------------------------------------

@descr.method(set_type, "add")
def set_add(self, key):
    hk = hostkey(key)
    _host_call(set_add_hk, self, hk, key)
    sync_table(self)
    return ret_none()


@descr.method(set_type, "discard")
def set_discard(self, key):
    hk, tmp = set_hostkey_arg(self, key)
    try:
        _host_call(set_discard_hk, self, hk)
    finally:
        if tmp is not None:
            decref(tmp)
    return ret_none()


@descr.method(set_type, "remove")
def set_remove(self, key):
    hk, tmp = set_hostkey_arg(self, key)
    try:
        found = _host_call(set_discard_hk, self, hk)
    finally:
        if tmp is not None:
            decref(tmp)
    if not found:
        key.ob_refcnt += 1
        raise abstract.exc_args(EXC_TYPES["KeyError"], [key])
    return ret_none()


@descr.method(set_type, "pop")
def set_pop(self):
    if not self.hs:
        raise exc("KeyError", "pop from an empty set")
    hk = self.hs.pop()
    return self.dk.pop(hk)


@descr.method(set_type, "clear")
def set_clear_m(self):
    set_clear(self)
    sync_table(self)
    return ret_none()


def set_update_multi(self, *others):
    for o in others:
        set_update_internal(self, o)
    return ret_none()


descr.add_method(set_type, "update", set_update_multi, 0, 1 << 30)


def _inplace_multi(hostmeth):
    def meth(self, *others):
        ops = Operands()
        try:
            hargs = [ops.add(o) for o in others]
            try:
                _host_call(hostmeth, self.hs, *hargs)
            finally:
                resync(self, ops.sources)
        finally:
            ops.release()
        return ret_none()
    return meth


descr.add_method(set_type, "intersection_update", _inplace_multi(set.intersection_update),
                 0, 1 << 30)
descr.add_method(set_type, "difference_update", _inplace_multi(set.difference_update),
                 0, 1 << 30)
descr.add_method(set_type, "symmetric_difference_update",
                 _inplace_multi(set.symmetric_difference_update), 1, 1)


def _inplace_op(hostop):
    def op(self, other):
        if not isinstance(other, PySet):
            return notimpl()
        sources = [_ids(other.dk)]
        try:
            _host_call(hostop, self.hs, other.hs)
        finally:
            resync(self, sources)
        self.ob_refcnt += 1
        return self
    return op


def _ior(self, other):
    if not isinstance(other, PySet):
        return notimpl()
    set_update_internal(self, other)
    self.ob_refcnt += 1
    return self


descr.add_method(set_type, "__ior__", _ior, 1, 1)
descr.add_method(set_type, "__iand__", _inplace_op(set.__iand__), 1, 1)
descr.add_method(set_type, "__isub__", _inplace_op(set.__isub__), 1, 1)
descr.add_method(set_type, "__ixor__", _inplace_op(set.__ixor__), 1, 1)
