"""dict, its views and iterators (CPython 3.11's dictobject.c).

A ``PyDict`` keeps two host dicts in step (``dk``: host key -> key object,
``dv``: host key -> value); both always hold the same host keys in the same
order, so iterators walk them side by side.  Iterators use host iterators over
those dicts, which detect changes exactly as CPython's do; a size change is
checked first and reported with CPython's message.
"""

from minipy.gc import state as gcstate
from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import lookup
from minipy.objects.intobject import new_int
from minipy.objects.strobject import new_str, PyStr
from minipy.objects.tupleobject import PyTuple, new_tuple, tuple_type
from minipy.objects.dictobject import (PyDict, dict_type, new_dict, hostkey, dict_setitem,
                                       dict_setitem_str, dict_clear, dict_sizeof, keys_nbytes,
                                       DICT_SIZE)
from minipy.objects import dictobject
from minipy.objects.setobject import PySet, set_type
from minipy.objects.singletons import NONE, ret_none
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects import descr, iterobject
from minipy.objects.iterobject import PyIter
from minipy.objects.typeobject import make_type
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import (
                  notimpl, new_bool, set_hash_none, register_new, check_type_arg, init_subinstance,
                  no_kwargs, check_positional, repr_enter, repr_leave, safe_repr, rich_eq,
                  make_iterator_type, new_iter_obj)
from minipy.runtime import containers_set as cset
from minipy.runtime.containers_list import sequence_list, seq_fast


# ---------------------------------------------------------------------------
# Construction and layout helpers
# ---------------------------------------------------------------------------

def make_dict(tp=None):
    """A new empty dict of type ``tp`` (dict or a user subclass)."""
    if tp is None or tp is dict_type:
        return new_dict()
    hc = tp.host_class
    d = hc.__new__(hc)
    d.dk = {}
    d.dv = {}
    d.keys_addr = 0
    d.log2size = 0
    d.nentries = 0
    d.unicode = True
    if tp.is_heaptype:
        init_subinstance(d, tp)
    return core.alloc(d, tp.basicsize or DICT_SIZE, tp)


def _usable(d):
    return ((1 << d.log2size) * 2) // 3 if d.keys_addr else 0


def _resize(d, log2, unicode):
    """dictresize: a new keys object of 2**log2 slots (entries compacted)."""
    uni = bool(unicode) and d.unicode
    new = core.storage_malloc(keys_nbytes(log2, uni))
    if d.keys_addr:
        core.storage_free(d.keys_addr)
    d.keys_addr = new
    d.log2size = log2
    d.unicode = uni
    d.nentries = len(d.dv)


def _estimate_log2(n):
    return dictobject._log2_for((n * 3 + 1) // 2)


def _clone_layout(dst, src):
    """clone_combined_dict_keys: ``dst`` gets a keys object like ``src``'s."""
    new = core.storage_malloc(keys_nbytes(src.log2size, src.unicode))
    if dst.keys_addr:
        core.storage_free(dst.keys_addr)
    dst.keys_addr = new
    dst.log2size = src.log2size
    dst.unicode = src.unicode
    dst.nentries = src.nentries


def _has_default_iter(d):
    return d.ob_type is dict_type or lookup(d.ob_type, "__iter__") is _DICT_ITER


def dict_merge(a, b, override=1):
    """PyDict_Merge / _PyDict_MergeEx: override 1 replaces, 0 keeps, 2 raises KeyError."""
    if isinstance(b, PyDict) and _has_default_iter(b):
        if b is a or not b.dv:
            return
        if not a.dv:
            override = 1
            if b.nentries == len(b.dv) and b.keys_addr and \
                    (b.log2size == 3 or (((1 << b.log2size) // 2) * 2) // 3 < len(b.dv)):
                _clone_layout(a, b)
                for hk, k in b.dk.items():
                    v = b.dv[hk]
                    k.ob_refcnt += 1
                    v.ob_refcnt += 1
                    a.dk[hk] = k
                    a.dv[hk] = v
                if b.gc_gen >= 0:           # a clone of a tracked dict is tracked
                    gcstate.track(a)
                return
        if _usable(a) < len(a.dv) + len(b.dv):
            _resize(a, _estimate_log2(len(a.dv) + len(b.dv)), b.unicode)
        bdk = b.dk
        n = len(bdk)
        for hk, k in list(bdk.items()):
            v = b.dv.get(hk)
            if v is None:
                continue
            k.ob_refcnt += 1
            v.ob_refcnt += 1
            try:
                if override == 1:
                    dict_setitem(a, k, v)
                elif hk in a.dv:
                    if override != 0:
                        raise abstract.exc_args(EXC_TYPES["KeyError"], [core.incref(k)])
                else:
                    dict_setitem(a, k, v)
            finally:
                decref(v)
                decref(k)
            if len(b.dk) != n or b.dk is not bdk:
                raise exc("RuntimeError", "dict mutated during update")
        return
    keys = _mapping_keys(b)
    try:
        for k in keys.items:
            if override != 1 and hostkey(k) in a.dv:
                if override == 0:
                    continue
                raise abstract.exc_args(EXC_TYPES["KeyError"], [core.incref(k)])
            v = abstract.getitem(b, k)
            try:
                setitem_any(a, k, v)
            finally:
                decref(v)
    finally:
        decref(keys)


def setitem_any(d, k, v):
    dict_setitem(d, k, v)


def _mapping_keys(o):
    """PyMapping_Keys as a list (new reference)."""
    if o.ob_type is dict_type:
        return make_keys_list(o)
    m = abstract.getattr_(o, "keys")
    try:
        r = abstract.call(m, [])
    finally:
        decref(m)
    try:
        if r.ob_type is abstract.list_type:
            r.ob_refcnt += 1
            return r
        try:
            return sequence_list(r)
        except PyExc as e:
            if e.exc.ob_type is EXC_TYPES["TypeError"] and \
                    abstract.lookup(r.ob_type, "__iter__") is None:
                decref(e.exc)
                raise exc("TypeError", "%s.keys() returned a non-iterable (type %s)"
                          % (type_name(o), type_name(r)))
            raise
    finally:
        decref(r)


def make_keys_list(d):
    items = list(d.dk.values())
    for k in items:
        k.ob_refcnt += 1
    return abstract.PyList and _new_list(items)


def _new_list(items):
    from minipy.objects.listobject import new_list
    return new_list(items)


def merge_from_seq2(d, seq, override=1):
    """PyDict_MergeFromSeq2: update ``d`` from an iterable of pairs."""
    it = abstract.get_iter(seq)
    try:
        i = 0
        while True:
            item = abstract.next_(it)
            if item is None:
                break
            try:
                try:
                    fast = seq_fast(item, "")
                except PyExc as e:
                    if e.exc.ob_type is EXC_TYPES["TypeError"]:
                        decref(e.exc)
                        raise exc("TypeError", "cannot convert dictionary update sequence "
                                  "element #%d to a sequence" % i)
                    raise
                try:
                    n = len(fast.items)
                    if n != 2:
                        raise exc("ValueError", "dictionary update sequence element #%d has "
                                  "length %d; 2 is required" % (i, n))
                    k, v = fast.items
                    k.ob_refcnt += 1
                    v.ob_refcnt += 1
                    try:
                        if override or hostkey(k) not in d.dv:
                            dict_setitem(d, k, v)
                    finally:
                        decref(k)
                        decref(v)
                finally:
                    decref(fast)
            finally:
                decref(item)
            i += 1
    finally:
        decref(it)


def _has_keys_attr(o):
    tp = o.ob_type
    if lookup(tp, "keys") is not None:
        return True
    idict = abstract.instance_dict(o)
    if idict is not None and "keys" in idict.dv:
        return True
    if tp.has_getattr:
        try:
            r = abstract.getattr_(o, "keys")
        except PyExc as e:
            if e.exc.ob_type is EXC_TYPES["AttributeError"] or \
                    abstract.typeobject.is_subtype(e.exc.ob_type, EXC_TYPES["AttributeError"]):
                decref(e.exc)
                return False
            raise
        decref(r)
        return True
    return False


def dict_update_arg(d, arg):
    if arg.ob_type is dict_type:
        dict_merge(d, arg, 1)
        return
    if _has_keys_attr(arg):
        dict_merge(d, arg, 1)
        return
    merge_from_seq2(d, arg, 1)


def dict_update_kwargs(d, kwargs):
    if kwargs:
        for name, v in kwargs.items():
            dict_setitem_str(d, name, v)


def dict_copy(d):
    """PyDict_Copy: always an exact dict."""
    if not d.dv:
        return new_dict()
    if _has_default_iter(d) and len(d.dv) >= (d.nentries * 2) // 3 and d.keys_addr:
        c = new_dict()
        _clone_layout(c, d)
        for hk, k in d.dk.items():
            v = d.dv[hk]
            k.ob_refcnt += 1
            v.ob_refcnt += 1
            c.dk[hk] = k
            c.dv[hk] = v
        if d.gc_gen >= 0:
            gcstate.track(c)
        return c
    c = new_dict()
    try:
        dict_merge(c, d, 1)
    except PyExc:
        decref(c)
        raise
    return c


def key_error(key):
    key.ob_refcnt += 1
    return abstract.exc_args(EXC_TYPES["KeyError"], [key])


# ---------------------------------------------------------------------------
# __new__ / __init__
# ---------------------------------------------------------------------------

def _dict_new(args, kwargs):
    tp = check_type_arg(args, dict_type)
    return make_dict(tp)


def _dict_init(self, args, kwargs):
    check_positional("dict", len(args), 0, 1)
    if args:
        dict_update_arg(self, args[0])
    dict_update_kwargs(self, kwargs)
    return ret_none()


register_new(dict_type, _dict_new)
descr.add_method(dict_type, "__init__", _dict_init, takes_kw=True)
set_hash_none(dict_type)


def dict_from_args(args, kwargs):
    """dict(*args, **kwargs) for the exact dict type."""
    check_positional("dict", len(args), 0, 1)
    d = new_dict()
    try:
        if args:
            dict_update_arg(d, args[0])
        dict_update_kwargs(d, kwargs)
    except PyExc:
        decref(d)
        raise
    return d


# ---------------------------------------------------------------------------
# Mapping protocol
# ---------------------------------------------------------------------------

@descr.method(dict_type, "__len__")
def dict_len(self):
    return new_int(len(self.dv))


@descr.method(dict_type, "__getitem__")
def dict_getitem(self, key):
    v = self.dv.get(hostkey(key))
    if v is None:
        if self.ob_type is not dict_type:
            missing = lookup(self.ob_type, "__missing__")
            if missing is not None:
                return abstract.call_dunder(missing, self, (key,))
        raise key_error(key)
    v.ob_refcnt += 1
    return v


@descr.method(dict_type, "__setitem__")
def dict_setitem_m(self, key, value):
    dict_setitem(self, key, value)
    return ret_none()


@descr.method(dict_type, "__delitem__")
def dict_delitem(self, key):
    if not dictobject.dict_delitem_hk(self, hostkey(key)):
        raise key_error(key)
    return ret_none()


@descr.method(dict_type, "__contains__")
def dict_contains(self, key):
    return new_bool(hostkey(key) in self.dv)


def _dict_eq(a, b):
    if len(a.dv) != len(b.dv):
        return False
    for hk, k in list(a.dk.items()):
        av = a.dv.get(hk)
        if av is None:
            continue
        av.ob_refcnt += 1
        k.ob_refcnt += 1
        try:
            bv = b.dv.get(hk)
            if bv is None:
                return False
            bv.ob_refcnt += 1
            try:
                if not rich_eq(av, bv):
                    return False
            finally:
                decref(bv)
        finally:
            decref(k)
            decref(av)
    return True


@descr.method(dict_type, "__eq__")
def dict_eq(self, other):
    if not isinstance(other, PyDict):
        return notimpl()
    return new_bool(_dict_eq(self, other))


@descr.method(dict_type, "__ne__")
def dict_ne(self, other):
    if not isinstance(other, PyDict):
        return notimpl()
    return new_bool(not _dict_eq(self, other))


@descr.method(dict_type, "__repr__")
def dict_repr(self):
    if not self.dv:
        return new_str("{}")
    if not repr_enter(self):
        return new_str("{...}")
    try:
        pairs = []
        for hk, k in list(self.dk.items()):
            v = self.dv.get(hk)
            if v is not None:
                k.ob_refcnt += 1
                v.ob_refcnt += 1
                pairs.append((k, v))
        try:
            parts = [safe_repr(k) + ": " + safe_repr(v) for k, v in pairs]
        finally:
            for k, v in pairs:
                decref(k)
                decref(v)
    finally:
        repr_leave(self)
    return new_str("{" + ", ".join(parts) + "}")


@descr.method(dict_type, "__sizeof__")
def dict_sizeof_m(self):
    return new_int(dict_sizeof(self) - 16)


# ---------------------------------------------------------------------------
# Iterators
# ---------------------------------------------------------------------------

KEYS, VALUES, ITEMS = 0, 1, 2


def _host_iters(d, kind, reverse):
    if kind == KEYS:
        src = d.dk.values()
        return [reversed(src) if reverse else iter(src), d.dk]
    if kind == VALUES:
        src = d.dv.values()
        return [reversed(src) if reverse else iter(src), d.dk]
    ks = d.dk.values()
    vs = d.dv.values()
    if reverse:
        return [zip(reversed(ks), reversed(vs)), d.dk]
    return [zip(ks, vs), d.dk]


def _make_dictiter_next(kind, reverse):
    def nxt(it):
        d = it.src
        if d is None:
            return None
        if len(d.dv) != it.stop:
            it.stop = -1
            raise exc("RuntimeError", "dictionary changed size during iteration")
        st = it.aux
        if st[1] is not d.dk:
            fresh = _host_iters(d, kind, reverse)
            for _ in range(it.pos):
                next(fresh[0], None)
            st[0] = fresh[0]
            st[1] = fresh[1]
        try:
            x = next(st[0])
        except StopIteration:
            it.src = None
            decref(d)
            return None
        except RecursionError:
            raise
        except RuntimeError as e:
            it.stop = -1
            raise exc("RuntimeError", str(e))
        it.pos += 1
        if kind == ITEMS:
            k, v = x
            k.ob_refcnt += 1
            v.ob_refcnt += 1
            return new_tuple((k, v))
        x.ob_refcnt += 1
        return x
    return nxt


def _dictiter_hint(it):
    d = it.src
    if d is None or len(d.dv) != it.stop:
        return 0
    return it.stop - it.pos


dict_keyiterator_type = make_iterator_type("dict_keyiterator", _make_dictiter_next(KEYS, False),
                                           _dictiter_hint, size=72)
dict_valueiterator_type = make_iterator_type("dict_valueiterator",
                                             _make_dictiter_next(VALUES, False), _dictiter_hint,
                                             size=72)
dict_itemiterator_type = make_iterator_type("dict_itemiterator",
                                            _make_dictiter_next(ITEMS, False), _dictiter_hint,
                                            size=72)
dict_reversekeyiterator_type = make_iterator_type("dict_reversekeyiterator",
                                                  _make_dictiter_next(KEYS, True),
                                                  _dictiter_hint, size=72)
dict_reversevalueiterator_type = make_iterator_type("dict_reversevalueiterator",
                                                    _make_dictiter_next(VALUES, True),
                                                    _dictiter_hint, size=72)
dict_reverseitemiterator_type = make_iterator_type("dict_reverseitemiterator",
                                                   _make_dictiter_next(ITEMS, True),
                                                   _dictiter_hint, size=72)

_ITER_TYPES = {
    (KEYS, False): dict_keyiterator_type, (VALUES, False): dict_valueiterator_type,
    (ITEMS, False): dict_itemiterator_type, (KEYS, True): dict_reversekeyiterator_type,
    (VALUES, True): dict_reversevalueiterator_type, (ITEMS, True): dict_reverseitemiterator_type,
}


def dict_iter_of(d, kind=KEYS, reverse=False):
    return new_iter_obj(_ITER_TYPES[(kind, reverse)], d, 0, _host_iters(d, kind, reverse),
                        len(d.dv))


@descr.method(dict_type, "__iter__")
def dict_iter(self):
    return dict_iter_of(self)


_DICT_ITER = dict_type.dict.dv["__iter__"]


@descr.method(dict_type, "__reversed__")
def dict_reversed(self):
    return dict_iter_of(self, KEYS, True)


# ---------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------

@descr.method(dict_type, "get")
def dict_get(self, key, default=None):
    v = self.dv.get(hostkey(key))
    if v is None:
        v = default if default is not None else NONE
    v.ob_refcnt += 1
    return v


@descr.method(dict_type, "setdefault")
def dict_setdefault(self, key, default=None):
    hk = hostkey(key)
    v = self.dv.get(hk)
    if v is None:
        v = default if default is not None else NONE
        dict_setitem(self, key, v)
    v.ob_refcnt += 1
    return v


_MISSING = object()


@descr.method(dict_type, "pop")
def dict_pop(self, key, default=None):
    hk = hostkey(key)
    v = self.dv.pop(hk, None)
    if v is None:
        if default is not None:
            default.ob_refcnt += 1
            return default
        raise key_error(key)
    k = self.dk.pop(hk)
    decref(k)
    return v


@descr.method(dict_type, "popitem")
def dict_popitem(self):
    if not self.dv:
        raise exc("KeyError", "popitem(): dictionary is empty")
    hk, v = self.dv.popitem()
    k = self.dk.pop(hk)
    return new_tuple((k, v))


@descr.method(dict_type, "clear")
def dict_clear_m(self):
    dict_clear(self)
    return ret_none()


@descr.method(dict_type, "copy")
def dict_copy_m(self):
    return dict_copy(self)


def _dict_update(self, args, kwargs):
    check_positional("update", len(args), 0, 1)
    if args:
        dict_update_arg(self, args[0])
    dict_update_kwargs(self, kwargs)
    return ret_none()


descr.add_method(dict_type, "update", _dict_update, takes_kw=True)


def _fromkeys(cls, iterable, value=None):
    if value is None:
        value = NONE
    d = abstract.call(cls, [])
    try:
        if d.ob_type is dict_type:
            if iterable.ob_type is dict_type:
                _resize(d, _estimate_log2(len(iterable.dv)), iterable.unicode)
                for k in list(iterable.dk.values()):
                    dict_setitem(d, k, value)
                return d
            if iterable.ob_type is set_type or iterable.ob_type is cset.frozenset_type:
                _resize(d, _estimate_log2(len(iterable.hs)), False)
                for k in list(cset.set_items(iterable)):
                    dict_setitem(d, k, value)
                return d
        it = abstract.get_iter(iterable)
        try:
            exact = d.ob_type is dict_type
            while True:
                k = abstract.next_(it)
                if k is None:
                    break
                try:
                    if exact:
                        dict_setitem(d, k, value)
                    else:
                        abstract.setitem(d, k, value)
                finally:
                    decref(k)
        finally:
            decref(it)
    except PyExc:
        decref(d)
        raise
    return d


descr.add_method(dict_type, "fromkeys", _fromkeys, 1, 2, cls=True)


@descr.method(dict_type, "__or__")
def dict_or(self, other):
    if not isinstance(other, PyDict):
        return notimpl()
    new = dict_copy(self)
    try:
        dict_update_arg(new, other)
    except PyExc:
        decref(new)
        raise
    return new


@descr.method(dict_type, "__ror__")
def dict_ror(self, other):
    if not isinstance(other, PyDict):
        return notimpl()
    return dict_or(other, self)


@descr.method(dict_type, "__ior__")
def dict_ior(self, other):
    dict_update_arg(self, other)
    self.ob_refcnt += 1
    return self


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------

def _view_type(name):
    return make_type(name, host_class=PyIter, basicsize=40, dealloc=iterobject._iter_dealloc,
                     traverse=iterobject._iter_traverse, final=True, gc=True)


dict_keys_type = _view_type("dict_keys")
dict_values_type = _view_type("dict_values")
dict_items_type = _view_type("dict_items")
_VIEW_KIND = {dict_keys_type: KEYS, dict_values_type: VALUES, dict_items_type: ITEMS}


def new_view(tp, d):
    return iterobject.new_iter(tp, d, 0, None, 0, 40)


@descr.method(dict_type, "keys")
def dict_keys(self):
    return new_view(dict_keys_type, self)


@descr.method(dict_type, "values")
def dict_values(self):
    return new_view(dict_values_type, self)


@descr.method(dict_type, "items")
def dict_items(self):
    return new_view(dict_items_type, self)


def _view_len(self):
    return new_int(len(self.src.dv))


def _view_iter(self):
    return dict_iter_of(self.src, _VIEW_KIND[self.ob_type])


def _view_reversed(self):
    return dict_iter_of(self.src, _VIEW_KIND[self.ob_type], True)


def _view_repr(self):
    tp = self.ob_type
    if not repr_enter(self):
        return new_str("...")
    try:
        l = sequence_list(self)
        try:
            r = safe_repr(l)
        finally:
            decref(l)
    finally:
        repr_leave(self)
    return new_str("%s(%s)" % (tp.name, r))


def _keys_contains_host(self, key):
    return hostkey(key) in self.src.dv


def _items_contains_host(self, item):
    if not isinstance(item, PyTuple) or len(item.items) != 2:
        return False
    k, v = item.items
    found = self.src.dv.get(hostkey(k))
    if found is None:
        return False
    found.ob_refcnt += 1
    try:
        return rich_eq(found, v)
    finally:
        decref(found)


def _keys_contains(self, key):
    return new_bool(_keys_contains_host(self, key))


def _items_contains(self, item):
    return new_bool(_items_contains_host(self, item))


def _is_setview(o):
    return o.ob_type is dict_keys_type or o.ob_type is dict_items_type


def _view_to_set(o):
    """dictviews_to_set: a new set with the members of ``o``."""
    if o.ob_type is dict_keys_type:
        o = o.src
    return cset.set_from_iterable(set_type, o)


def _call_set_method(s, name, other):
    m = lookup(s.ob_type, name)
    decref(abstract.call_dunder(m, s, (other,)))


def _views_or(a, b):
    r = _view_to_set(a)
    try:
        cset.set_update_internal(r, b)
    except PyExc:
        decref(r)
        raise
    return r


def _views_sub(a, b):
    r = _view_to_set(a)
    try:
        _call_set_method(r, "difference_update", b)
    except PyExc:
        decref(r)
        raise
    return r


def _views_xor(a, b):
    r = _view_to_set(a)
    try:
        _call_set_method(r, "symmetric_difference_update", b)
    except PyExc:
        decref(r)
        raise
    return r


def _views_and(self, other):
    """_PyDictView_Intersect."""
    if not _is_setview(self):
        self, other = other, self
    len_self = len(self.src.dv)
    if other.ob_type is set_type and len_self <= abstract.length(other):
        m = lookup(set_type, "intersection")
        return abstract.call_dunder(m, other, (self,))
    if _is_setview(other):
        if len(other.src.dv) > len_self:
            self, other = other, self
    result = cset.make_set(set_type)
    try:
        contains = _keys_contains_host if self.ob_type is dict_keys_type else _items_contains_host
        it = abstract.get_iter(other)
        try:
            while True:
                key = abstract.next_(it)
                if key is None:
                    break
                try:
                    if contains(self, key):
                        hk = hostkey(key)
                        cset._host_call(cset.set_add_hk, result, hk, key)
                finally:
                    decref(key)
        finally:
            decref(it)
        cset.sync_table(result)
    except PyExc:
        decref(result)
        raise
    return result


def _all_contained_in(a, b):
    it = abstract.get_iter(a)
    try:
        while True:
            x = abstract.next_(it)
            if x is None:
                return True
            try:
                if not abstract.contains(b, x):
                    return False
            finally:
                decref(x)
    finally:
        decref(it)


def _view_cmp(op):
    def cmp(self, other):
        if not isinstance(other, PySet) and not _is_setview(other):
            return notimpl()
        ls = abstract.length(self)
        lo = abstract.length(other)
        ok = False
        if op == 2 or op == 3:
            if ls == lo:
                ok = _all_contained_in(self, other)
            if op == 3:
                ok = not ok
        elif op == 0:
            if ls < lo:
                ok = _all_contained_in(self, other)
        elif op == 1:
            if ls <= lo:
                ok = _all_contained_in(self, other)
        elif op == 4:
            if ls > lo:
                ok = _all_contained_in(other, self)
        else:
            if ls >= lo:
                ok = _all_contained_in(other, self)
        return new_bool(ok)
    return cmp


def _view_isdisjoint(self, other):
    if other is self:
        return new_bool(len(self.src.dv) == 0)
    if (isinstance(other, PySet) or _is_setview(other)) and \
            abstract.length(self) > abstract.length(other):
        big, small = self, other
    else:
        big, small = other, self
    it = abstract.get_iter(small)
    try:
        while True:
            x = abstract.next_(it)
            if x is None:
                return new_bool(True)
            try:
                if abstract.contains(big, x):
                    return new_bool(False)
            finally:
                decref(x)
    finally:
        decref(it)


for _vt in (dict_keys_type, dict_values_type, dict_items_type):
    descr.add_method(_vt, "__len__", _view_len, 0, 0)
    descr.add_method(_vt, "__iter__", _view_iter, 0, 0)
    descr.add_method(_vt, "__reversed__", _view_reversed, 0, 0)
    descr.add_method(_vt, "__repr__", _view_repr, 0, 0)

for _vt in (dict_keys_type, dict_items_type):
    descr.add_method(_vt, "__contains__",
                     _keys_contains if _vt is dict_keys_type else _items_contains, 1, 1)
    descr.add_method(_vt, "__and__", _views_and, 1, 1)
    descr.add_method(_vt, "__rand__", _views_and, 1, 1)
    descr.add_method(_vt, "__or__", _views_or, 1, 1)
    descr.add_method(_vt, "__ror__", lambda self, other: _views_or(other, self), 1, 1)
    descr.add_method(_vt, "__sub__", _views_sub, 1, 1)
    descr.add_method(_vt, "__rsub__", lambda self, other: _views_sub(other, self), 1, 1)
    descr.add_method(_vt, "__xor__", _views_xor, 1, 1)
    descr.add_method(_vt, "__rxor__", lambda self, other: _views_xor(other, self), 1, 1)
    descr.add_method(_vt, "isdisjoint", _view_isdisjoint, 1, 1)
    for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
        descr.add_method(_vt, _name, _view_cmp(_op), 1, 1)
    set_hash_none(_vt)


def _view_mapping(self):
    # (a view's .mapping: a read-only proxy of the dict it views)
    from minipy.runtime.mappingproxy import new_mappingproxy
    return new_mappingproxy(self.src)


for _vt in (dict_keys_type, dict_values_type, dict_items_type):
    descr.add_getset(_vt, "mapping", _view_mapping)
