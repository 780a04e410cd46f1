"""The ``_weakref`` module: weak reference and proxy objects (the part of
``weakref`` CPython writes in C; ``minipy/lib/weakref.mpy`` builds the rest).

The objects and the bookkeeping (the per-referent lists, clearing on
deallocation and in the collector) are in ``minipy/objects/weakrefobject.py``;
this file gives the types their behaviour: creation (``ref(ob[, callback])``
shares one callback-less reference per object), calling, hashing and equality
through the referent, reprs, and proxies that forward attribute access and
operators to the referent or raise ``ReferenceError`` once it is gone.
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.descr import add_method, add_getset, new_builtin
from minipy.objects.intobject import new_int, PyInt
from minipy.objects.strobject import new_str
from minipy.objects.listobject import new_list
from minipy.objects.singletons import NONE, NOTIMPL, ret_none
from minipy.objects.typeobject import lookup
from minipy.objects import weakrefobject as W
from minipy.objects.weakrefobject import (PyWeakRef, ref_type, proxy_type, callable_proxy_type,
                                          weaklists, can_weakref, basic_refs, insert)
from minipy.bytecode.opcodes import BINARY_OPS, COMPARE_OPS
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import register_new, check_type_arg, alloc_sub
from minipy.runtime.modules._common import build_module

FUNCS = {}

# the types' methods are static objects, created once per process
_static = core.static_mode
core.static_mode = True


def _addr(o):
    return "0x%x" % o.ob_addr


def _check(obj):
    if not can_weakref(obj.ob_type):
        raise exc("TypeError", "cannot create weak reference to '%s' object" % type_name(obj))


def new_ref(tp, obj, callback):
    """A new reference to a weak reference of type ``tp`` to ``obj``."""
    _check(obj)
    if callback is NONE:
        callback = None
    if callback is None and (tp is ref_type or tp is proxy_type or tp is callable_proxy_type):
        ref, proxy = basic_refs(weaklists.get(id(obj), ()))
        shared = ref if tp is ref_type else proxy
        if shared is not None:
            shared.ob_refcnt += 1
            return shared
    hc = tp.host_class
    r = hc.__new__(hc)
    r.wr_object = None
    r.wr_callback = None
    r.hash = None
    alloc_sub(r, tp, W.WEAKREF_SIZE)
    # (allocation may have run a collection; obj is the caller's, so still alive)
    r.wr_object = obj
    if callback is not None:
        callback.ob_refcnt += 1
        r.wr_callback = callback
    insert(r, obj)
    return r


# ---------------------------------------------------------------------------
# weakref.ref
# ---------------------------------------------------------------------------

def _ref_args(args, name="__new__"):
    n = len(args)
    if n < 1:
        raise exc("TypeError", "%s expected at least 1 argument, got 0" % name)
    if n > 2:
        raise exc("TypeError", "%s expected at most 2 arguments, got %d" % (name, n))
    return args[0], (args[1] if n == 2 else None)


def _ref_new(args, kwargs):
    tp = check_type_arg(args, ref_type)
    if kwargs:
        raise exc("TypeError", "ref() takes no keyword arguments")
    obj, cb = _ref_args(args[1:])
    return new_ref(tp, obj, cb)


register_new(ref_type, _ref_new)


def _ref_init(self, args, kwargs):
    # (ref.__init__ only checks the arguments; __new__ did the work)
    _ref_args(args, "__init__")
    return ret_none()


add_method(ref_type, "__init__", _ref_init, takes_kw=True)


def _ref_call(self, args, kwargs):
    if args or kwargs:
        raise exc("TypeError", "weakref() takes no arguments" if not kwargs else
                  "weakref() takes no keyword arguments")
    o = self.wr_object
    if o is None:
        o = NONE
    o.ob_refcnt += 1
    return o


add_method(ref_type, "__call__", _ref_call, takes_kw=True)


def _ref_hash(self):
    if self.hash is None:
        o = self.wr_object
        if o is None:
            raise exc("TypeError", "weak object has gone away")
        self.hash = abstract.hash_(o)
    return new_int(self.hash)


add_method(ref_type, "__hash__", _ref_hash, 0, 0)


def _ref_richcompare(op):
    def impl(self, other):
        if op not in (2, 3) or not isinstance(other, PyWeakRef) or \
                W.is_proxy_type(other.ob_type):
            NOTIMPL.ob_refcnt += 1
            return NOTIMPL
        a, b = self.wr_object, other.wr_object
        if a is None or b is None:
            same = self is other
            return abstract.new_bool(same if op == 2 else not same)
        return abstract.compare(a, b, op)
    return impl


for _i, (_sym, _name, _rname) in enumerate(COMPARE_OPS):
    add_method(ref_type, _name, _ref_richcompare(_i), 1, 1)


def _ref_repr(self):
    o = self.wr_object
    if o is None:
        return new_str("<weakref at %s; dead>" % _addr(self))
    text = "<weakref at %s; to '%s' at %s" % (_addr(self), abstract.type_name(o), _addr(o))
    name = _lookup_name(o)
    if name is not None:
        text += " (%s)" % name
    return new_str(text + ">")


def _lookup_name(o):
    """The referent's __name__ as host text, or None (errors other than a
    missing attribute propagate, as in CPython)."""
    from minipy.objects.exceptions import PyExc, EXC_TYPES
    try:
        n = abstract.getattr_(o, "__name__")
    except PyExc as e:
        if abstract.isinstance_(e.exc, EXC_TYPES["AttributeError"]):
            decref(e.exc)
            return None
        raise
    try:
        if n is NONE:
            return None
        return abstract.repr_host(n) if not hasattr(n, "value") or \
            not isinstance(n.value, str) else abstract.str_host(n)
    finally:
        decref(n)


add_method(ref_type, "__repr__", _ref_repr, 0, 0)
add_getset(ref_type, "__callback__",
           lambda r: core.incref(r.wr_callback if r.wr_callback is not None else NONE))


def _ref_class_getitem(cls, item):
    from minipy.runtime.builtins_core import PyGenericAlias, generic_alias_type
    from minipy.objects.tupleobject import new_tuple
    g = PyGenericAlias.__new__(PyGenericAlias)
    cls.ob_refcnt += 1
    g.origin = cls
    if item.ob_type.name == "tuple" and not item.ob_type.is_heaptype:
        item.ob_refcnt += 1
        g.args = item
    else:
        item.ob_refcnt += 1
        g.args = new_tuple([item])
    return core.alloc(g, 64, generic_alias_type)


add_method(ref_type, "__class_getitem__", _ref_class_getitem, 1, 1, cls=True)


# ---------------------------------------------------------------------------
# weakref.proxy
# ---------------------------------------------------------------------------

def _unwrap(o):
    """The referent of a proxy (others unchanged); ReferenceError if dead."""
    if isinstance(o, PyWeakRef) and W.is_proxy_type(o.ob_type):
        r = o.wr_object
        if r is None:
            raise exc("ReferenceError", "weakly-referenced object no longer exists")
        return r
    return o


def _proxy(args, kwargs):
    if kwargs:
        raise exc("TypeError", "proxy() takes no keyword arguments")
    if len(args) < 1 or len(args) > 2:
        raise exc("TypeError", "proxy expected at least 1 argument, got 0" if not args else
                  "proxy expected at most 2 arguments, got %d" % len(args))
    obj = args[0]
    _check(obj)
    tp = callable_proxy_type if lookup(obj.ob_type, "__call__") is not None else proxy_type
    return new_ref(tp, obj, args[1] if len(args) == 2 else None)


FUNCS["proxy"] = new_builtin("proxy", _proxy, takes_kw=True, module="_weakref")


def _proxy_getattribute(self, name):
    return abstract.getattr_(_unwrap(self), abstract.str_host(name))


def _proxy_setattr(self, name, v):
    abstract.setattr_(_unwrap(self), abstract.str_host(name), v)
    return ret_none()


def _proxy_delattr(self, name):
    abstract.delattr_(_unwrap(self), abstract.str_host(name))
    return ret_none()


def _proxy_repr(self):
    o = self.wr_object
    if o is None:
        return new_str("<weakproxy at %s to NoneType at %s>" % (_addr(self), _addr(NONE)))
    return new_str("<weakproxy at %s to %s at %s>" % (_addr(self), type_name(o), _addr(o)))


def _proxy_hash(self):
    raise exc("TypeError", "unhashable type: 'weakref.%s'" % self.ob_type.name)


def _proxy_bool(self):
    return abstract.new_bool(abstract.truth(_unwrap(self)))


def _proxy_len(self):
    return new_int(abstract.length(_unwrap(self)))


def _proxy_iter(self):
    return abstract.get_iter(_unwrap(self))


def _proxy_next(self):
    o = _unwrap(self)
    if o.ob_type.tp_iternext is None and lookup(o.ob_type, "__next__") is None:
        raise exc("TypeError", "Weakref proxy referenced a non-iterator '%s' object"
                  % type_name(o))
    r = abstract.next_(o)
    if r is None:
        raise exc("StopIteration")
    return r


def _proxy_contains(self, item):
    return abstract.new_bool(abstract.contains(_unwrap(self), _unwrap(item)))


def _proxy_getitem(self, key):
    return abstract.getitem(_unwrap(self), _unwrap(key))


def _proxy_setitem(self, key, v):
    abstract.setitem(_unwrap(self), _unwrap(key), _unwrap(v))
    return ret_none()


def _proxy_delitem(self, key):
    abstract.delitem(_unwrap(self), _unwrap(key))
    return ret_none()


def _proxy_call(self, args, kwargs):
    return abstract.call(_unwrap(self), list(args), kwargs)


def _proxy_str(self):
    return abstract.str_(_unwrap(self))


def _proxy_compare(op):
    def impl(self, other):
        return abstract.compare(_unwrap(self), _unwrap(other), op)
    return impl


def _proxy_binop(op, reflected):
    def impl(self, other):
        a, b = _unwrap(self), _unwrap(other)
        if reflected:
            a, b = b, a
        return abstract.binary_op(a, b, op)
    return impl


def _proxy_unary(name):
    def impl(self):
        o = _unwrap(self)
        f = lookup(o.ob_type, name)
        if f is None:
            raise exc("TypeError", "bad operand type for %s: '%s'" % (name.strip("_"),
                                                                       type_name(o)))
        return abstract.call_dunder(f, o, ())
    return impl


for _t in (proxy_type, callable_proxy_type):
    add_method(_t, "__getattribute__", _proxy_getattribute, 1, 1)
    add_method(_t, "__setattr__", _proxy_setattr, 2, 2)
    add_method(_t, "__delattr__", _proxy_delattr, 1, 1)
    add_method(_t, "__repr__", _proxy_repr, 0, 0)
    add_method(_t, "__str__", _proxy_str, 0, 0)
    add_method(_t, "__hash__", _proxy_hash, 0, 0)
    add_method(_t, "__bool__", _proxy_bool, 0, 0)
    add_method(_t, "__len__", _proxy_len, 0, 0)
    add_method(_t, "__iter__", _proxy_iter, 0, 0)
    add_method(_t, "__next__", _proxy_next, 0, 0)
    add_method(_t, "__contains__", _proxy_contains, 1, 1)
    add_method(_t, "__getitem__", _proxy_getitem, 1, 1)
    add_method(_t, "__setitem__", _proxy_setitem, 2, 2)
    add_method(_t, "__delitem__", _proxy_delitem, 1, 1)
    for _i, (_sym, _name, _rname) in enumerate(COMPARE_OPS):
        add_method(_t, _name, _proxy_compare(_i), 1, 1)
    for _i in range(13):
        _sym, _name, _rname, _iname = BINARY_OPS[_i]
        add_method(_t, _name, _proxy_binop(_i, False), 1, 1)
        add_method(_t, _rname, _proxy_binop(_i, True), 1, 1)
        add_method(_t, _iname, _proxy_binop(_i + 13, False), 1, 1)
    for _n in ("__neg__", "__pos__", "__abs__", "__invert__", "__int__", "__float__",
               "__index__", "__reversed__", "__bytes__"):
        add_method(_t, _n, _proxy_unary(_n), 0, 0)
    _t.has_getattribute = True
    _t.has_setattr = True
add_method(callable_proxy_type, "__call__", _proxy_call, takes_kw=True)


# ---------------------------------------------------------------------------
# Module functions
# ---------------------------------------------------------------------------

def _getweakrefcount(obj):
    return new_int(len(weaklists.get(id(obj), ())))


def _getweakrefs(obj):
    return new_list([core.incref(r) for r in weaklists.get(id(obj), ())])


def _remove_dead_weakref(d, key):
    """Delete d[key] if it is a dead weak reference (WeakValueDictionary's cleanup)."""
    from minipy.objects.dictobject import PyDict
    if not isinstance(d, PyDict):
        raise exc("TypeError", "_remove_dead_weakref() argument 1 must be dict, not %s"
                  % type_name(d))
    from minipy.objects.dictobject import hostkey
    try:
        hk = hostkey(key)
    except Exception:
        raise
    v = d.dv.get(hk)
    if v is not None and isinstance(v, PyWeakRef) and v.wr_object is None:
        abstract.delitem(d, key)
    return ret_none()


FUNCS["getweakrefcount"] = new_builtin("getweakrefcount", _getweakrefcount, 1, 1,
                                       module="_weakref")
FUNCS["getweakrefs"] = new_builtin("getweakrefs", _getweakrefs, 1, 1, module="_weakref")
FUNCS["_remove_dead_weakref"] = new_builtin("_remove_dead_weakref", _remove_dead_weakref, 2, 2,
                                            module="_weakref")


core.static_mode = _static


def make_module():
    consts = {"ref": core.incref(ref_type), "ReferenceType": core.incref(ref_type),
              "ProxyType": core.incref(proxy_type),
              "CallableProxyType": core.incref(callable_proxy_type)}
    return build_module("_weakref", FUNCS, consts, doc="Weak-reference support module.")


def _mark_module_types():
    # re.Pattern objects can be weakly referenced too (the re module caches them)
    from minipy.runtime.modules import re as _re
    _re.pattern_type.flags |= W.TPFLAGS_WEAKREF


_mark_module_types()
