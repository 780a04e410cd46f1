"""object, type, class creation, functions/generators/exceptions, and builtins.

* ``object``: default ``__new__``/``__init__``/``__repr__``/``__eq__``/``__hash__``...
* ``type``: ``type(x)``, ``type(name, bases, ns)`` and class creation for the
  ``class`` statement (``__build_class__``): C3 MRO, ``__slots__``, the
  ``__class__`` cell for zero-argument ``super()``, ``__set_name__``,
  ``__init_subclass__``.
* Instances: allocation (``object.__new__``) and deallocation with ``__del__``
  (called once; an object it resurrects is not freed).
* The methods of functions, bound methods, generators and exceptions.
* The builtin functions (``print``, ``len``, ``isinstance`` ...).
"""

import sys as _host_sys

from minipy.errors import HeapExhausted
from minipy.gc import state as gcstate

from minipy.objects import core
from minipy.objects.core import decref, PyObject
from minipy.objects import typeobject
from minipy.objects.typeobject import (PyType, type_type, object_type, lookup, TYPE_BASICSIZE,
                                       TPFLAGS_BASETYPE)
from minipy.objects.descr import (method, add_method, add_getset, new_builtin, PyBuiltinFunction,
                                  new_heap_getset,
                                  PyMethodDescr, PyMemberDescr, new_member)
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int, new_bool, TRUE, FALSE
from minipy.objects.floatobject import float_type
from minipy.objects.strobject import PyStr, str_type, new_str, intern_str
from minipy.objects.tupleobject import PyTuple, tuple_type, new_tuple
from minipy.objects.listobject import list_type, new_list
from minipy.objects.dictobject import PyDict, dict_type, new_dict, dict_setitem_str, dict_setitem
from minipy.objects import dictobject
from minipy.objects.singletons import NONE, NOTIMPL, ELLIPSIS, ret_none
from minipy.objects.funcobject import (PyFunction, PyMethod, PyCell, PyStaticMethod, PyClassMethod,
                                       PyProperty, PyCode, function_type, method_type, cell_type,
                                       staticmethod_type, classmethod_type, property_type, code_type)
from minipy.objects.exceptions import PyBaseException, PyExc, EXC_TYPES, BaseException_type, new_exception
from minipy.objects.genobject import PyGen, generator_type, coroutine_type, \
    coroutine_wrapper_type, new_coroutine_wrapper
from minipy.objects import genobject
from minipy.objects.instance import PyInstance, host_class_for, INSTANCE_SIZE
from minipy.objects.moduleobject import PyModule, module_type
from minipy.objects.iterobject import make_iter_type, new_iter, PyIter
from minipy.objects.weakrefobject import weaklists, clear_weakrefs, TPFLAGS_WEAKREF
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name, call, repr_host, str_host

vm_ref = [None]        # the running VM (set by the interpreter)


def _vm():
    return vm_ref[0]


def _addr(o):
    return "0x%x" % o.ob_addr


def _qualname(tp):
    return tp.qualname


def _module_of_type(tp):
    return tp.module if tp.module is not None else "builtins"


# ---------------------------------------------------------------------------
# object
# ---------------------------------------------------------------------------

def _object_dealloc(o):
    core.free_block(o)


object_type.tp_dealloc = _object_dealloc
object_type.host_class = PyInstance


def object_new(tp, args, kwargs):
    """object.__new__(tp): allocate an instance of a user class."""
    if (args or kwargs) and lookup(tp, "__init__") is lookup(object_type, "__init__"):
        raise exc("TypeError", "%s() takes no arguments" % tp.name)
    if tp.flags & abstract.TPFLAGS_IS_ABSTRACT:
        _refuse_abstract(tp)
    hc = tp.host_class
    o = hc.__new__(hc)
    o.inst_dict = None
    o.slot_vals = [None] * len(tp.slotnames) if tp.slotnames else None
    size = tp.basicsize
    return core.alloc(o, size, tp)


def _refuse_abstract(tp):
    # CPython's Py_TPFLAGS_IS_ABSTRACT: the class's own __abstractmethods__
    # is a non-empty collection of names
    names = tp.dict.dv.get("__abstractmethods__")
    if names is None:
        return
    items = abstract.sequence_to_list(names)
    try:
        shown = sorted(str_host(n) for n in items)
    finally:
        core.decref_all(items)
    raise exc("TypeError", "Can't instantiate abstract class %s with abstract method%s %s"
              % (tp.name, "s" if len(shown) > 1 else "", ", ".join(shown)))


def _object_new_impl(args, kwargs):
    if not args:
        raise exc("TypeError", "object.__new__(): not enough arguments")
    tp = args[0]
    if not isinstance(tp, PyType):
        raise exc("TypeError", "object.__new__(X): X is not a type object (%s)" % type_name(tp))
    if tp.host_class is not PyInstance and not issubclass(tp.host_class, PyInstance):
        static = tp
        while static.is_heaptype and static.base is not None and "__new__" in static.dict.dv:
            static = static.base
        raise exc("TypeError", "object.__new__(%s) is not safe, use %s.__new__()"
                  % (tp.name, static.name))
    if len(args) == 1 and not kwargs:
        return object_new(tp, [], None)
    if lookup(tp, "__new__") is not _object_new_fn:
        # CPython's object_new: extra arguments are for a class that keeps object's __new__
        raise exc("TypeError", "object.__new__() takes exactly one argument (the type to "
                  "instantiate)")
    return object_new(tp, args[1:], kwargs)


_object_new_fn = new_builtin("__new__", _object_new_impl, takes_kw=True)
dict_setitem_str(object_type.dict, "__new__", _object_new_fn)
decref(_object_new_fn)
abstract.object_new_impl = _object_new_impl
abstract.object_new = object_new


def _object_init(self, args, kwargs):
    tp = self.ob_type
    if args or kwargs:
        if lookup(tp, "__new__") is lookup(object_type, "__new__") or \
                lookup(tp, "__init__") is not lookup(object_type, "__init__"):
            raise exc("TypeError", "%s.__init__() takes exactly one argument (the instance to "
                      "initialize)" % tp.name)
    return ret_none()


add_method(object_type, "__init__", _object_init, takes_kw=True)
abstract.object_init_impl = _object_init


@method(object_type, "__repr__")
def object_repr(self):
    tp = self.ob_type
    mod = _module_of_type(tp)
    if mod == "builtins":
        return new_str("<%s object at %s>" % (tp.qualname, _addr(self)))
    return new_str("<%s.%s object at %s>" % (mod, tp.qualname, _addr(self)))


@method(object_type, "__str__")
def object_str(self):
    # (CPython's object_str calls tp_repr directly: a non-str result is then
    # reported by str() as __str__'s)
    return abstract.call_dunder(abstract.lookup(self.ob_type, "__repr__"), self, ())


@method(object_type, "__eq__")
def object_eq(self, other):
    if self is other:
        return new_bool(True)
    NOTIMPL.ob_refcnt += 1
    return NOTIMPL


@method(object_type, "__ne__")
def object_ne(self, other):
    eqf = lookup(self.ob_type, "__eq__")
    r = abstract.call_dunder(eqf, self, (other,))
    if r is NOTIMPL:
        return r
    b = abstract.truth(r)
    decref(r)
    return new_bool(not b)


@method(object_type, "__hash__")
def object_hash(self):
    a = self.ob_addr
    # CPython's _Py_HashPointer: rotate the address by 4 bits
    h = ((a >> 4) | (a << 60)) & 0xFFFFFFFFFFFFFFFF
    if h >= 1 << 63:
        h -= 1 << 64
    return new_int(-2 if h == -1 else h)


@method(object_type, "__format__")
def object_format(self, spec):
    if spec.value:
        raise exc("TypeError", "unsupported format string passed to %s.__format__" % type_name(self))
    return abstract.str_(self)


@method(object_type, "__setattr__")
def object_setattr(self, name, value):
    abstract.generic_setattr(self, name.value, value)
    return ret_none()


@method(object_type, "__delattr__")
def object_delattr(self, name):
    abstract.generic_delattr(self, name.value)
    return ret_none()


@method(object_type, "__getattribute__")
def object_getattribute(self, name):
    if not isinstance(name, PyStr):
        raise exc("TypeError", "attribute name must be string, not '%s'" % type_name(name))
    return abstract.generic_getattr(self, name.value)


@method(object_type, "__dir__")
def object_dir(self):
    return new_list(_dir_names(self))


@method(object_type, "__reduce_ex__")
def object_reduce_ex(self, proto):
    raise exc("TypeError", "cannot pickle '%s' object" % type_name(self))


@method(object_type, "__reduce__")
def object_reduce(self):
    # (CPython reduces plain instances through copyreg, which minipy lacks)
    raise exc("TypeError", "cannot pickle '%s' object" % type_name(self))


def _object_richcompare_default(self, other):
    # object's <, <=, >, >=: NotImplemented, so the other operand gets its turn
    NOTIMPL.ob_refcnt += 1
    return NOTIMPL


for _name in ("__lt__", "__le__", "__gt__", "__ge__"):
    add_method(object_type, _name, _object_richcompare_default, 1, 1)


@method(object_type, "__getstate__")
def object_getstate(self):
    """CPython 3.11's default: the instance dict (None when empty or absent),
    paired with a dict of the set __slots__ values when the class has slots."""
    d = abstract.instance_dict(self) if not isinstance(self, PyType) else None
    if d is not None and len(d.dv):
        gcstate.materialize(d)
        state = core.incref(d)
    else:
        state = ret_none()
    names = getattr(self.ob_type, "slotnames", None)
    values = getattr(self, "slot_vals", None)
    if names and values:
        slots = new_dict()
        for n, v in zip(names, values):
            if v is not None:
                dict_setitem_str(slots, n, v)
        if len(slots.dv):
            return new_tuple([state, slots])
        decref(slots)
    return state


@method(object_type, "__subclasshook__", 0, 1, cls=True)
def object_subclasshook(cls, subclass=None):
    NOTIMPL.ob_refcnt += 1
    return NOTIMPL


@method(object_type, "__init_subclass__", cls=True)
def object_init_subclass(cls):
    return ret_none()


@method(object_type, "__sizeof__")
def object_sizeof(self):
    return new_int(_sizeof(self))


def _sizeof(o):
    from minipy.objects.listobject import list_sizeof, PyList
    from minipy.objects.setobject import set_sizeof, PySet
    if isinstance(o, PyList):
        return list_sizeof(o)
    if isinstance(o, PyDict):
        return dictobject.dict_sizeof(o)
    if isinstance(o, PySet):
        return set_sizeof(o)
    b = core.heap.block_size(o.ob_addr) if core.is_live(o) else None
    return _base_size(o)


def _base_size(o):
    from minipy.objects.strobject import str_size
    from minipy.objects.intobject import int_size
    from minipy.objects.tupleobject import tuple_size
    if isinstance(o, PyStr):
        return str_size(o.value)
    if isinstance(o, PyInt):
        return int_size(int(o.value))
    if isinstance(o, PyTuple):
        return tuple_size(len(o.items))
    from minipy.objects.bytesobject import PyBytes, PyByteArray, bytes_size, bytearray_sizeof
    if isinstance(o, PyBytes):
        return bytes_size(len(o.value))
    if isinstance(o, PyByteArray):
        return bytearray_sizeof(o)
    return o.ob_type.basicsize


def _class_getter(o):
    t = o.ob_type
    t.ob_refcnt += 1
    return t


def _class_setter(o, v):
    if not isinstance(v, PyType) or not v.is_heaptype or not o.ob_type.is_heaptype:
        raise exc("TypeError", "__class__ assignment only supported for mutable types or ModuleType subclasses")
    old = o.ob_type
    v.ob_refcnt += 1
    o.ob_type = v
    decref(old)


add_getset(object_type, "__class__", _class_getter, _class_setter)


def _instance_dict_getter(o):
    if not o.ob_type.has_dict or not hasattr(type(o), "inst_dict"):
        raise exc("AttributeError", "'%s' object has no attribute '__dict__'" % type_name(o))
    d = o.inst_dict
    if d is None:
        d = o.inst_dict = new_dict()
    gcstate.materialize(d)
    d.ob_refcnt += 1
    return d


def _instance_dict_setter(o, v):
    if not isinstance(v, PyDict):
        raise exc("TypeError", "__dict__ must be set to a dictionary, not a '%s'" % type_name(v))
    if not o.ob_type.has_dict or not hasattr(type(o), "inst_dict"):
        raise exc("AttributeError", "'%s' object has no attribute '__dict__'" % type_name(o))
    old = o.inst_dict
    v.ob_refcnt += 1
    gcstate.materialize(v)
    o.inst_dict = v
    if old is not None:
        decref(old)




def _dir_names(o):
    names = set()
    d = abstract.instance_dict(o) if not isinstance(o, PyType) else None
    if d is not None:
        gcstate.materialize(d)        # object.__dir__ reads self.__dict__
        names.update(k for k in d.dv if isinstance(k, str))
    mro = o.mro if isinstance(o, PyType) else o.ob_type.mro
    for t in mro:
        names.update(k for k in t.dict.dv if isinstance(k, str))
    if isinstance(o, PyModule):
        names = set(k for k in o.dict.dv if isinstance(k, str))
    return [new_str(n) for n in sorted(names)]


# ---------------------------------------------------------------------------
# type and class creation
# ---------------------------------------------------------------------------

def _type_dealloc(t):
    d = t.dict
    bases = list(t.bases)
    for b in bases:
        if t in b.subclasses:
            b.subclasses.remove(t)
    t.dict = None
    refs = [o for o in [d, t.mro_obj, t.bases_obj] if o is not None] + bases
    t.mro_obj = t.bases_obj = None
    if t.ob_type.is_heaptype:
        refs.append(t.ob_type)
    core.heap.free(t.ob_addr)
    gcstate.on_gc_free()
    core.decref_all(refs)


def _type_traverse(t):
    out = [t.dict] if t.dict is not None else []
    if t.mro_obj is not None:
        out.append(t.mro_obj)
    if t.bases_obj is not None:
        out.append(t.bases_obj)
    out.extend(t.bases)
    # (a class whose metaclass is a heap type is traversed by _subtype_traverse,
    # which reports the metaclass reference itself)
    return out


type_type.tp_dealloc = _type_dealloc
type_type.tp_traverse = _type_traverse
type_type.is_gc = True


def _subtype_traverse(o):
    out = [o.ob_type]
    base = _solid_builtin(o.ob_type)
    if base is not None and base.tp_traverse is not None:
        out.extend(base.tp_traverse(o))
    d = o.inst_dict
    if d is not None and not any(x is d for x in out):
        out.append(d)
    sv = getattr(o, "slot_vals", None)
    if sv:
        out.extend(v for v in sv if v is not None)
    return out


def _solid_builtin(tp):
    """The built-in type deciding tp's instance layout (CPython's solid_base): the
    nearest built-in base, or its own base when it adds nothing to that base's
    layout (ValueError's is BaseException's)."""
    for t in tp.mro:
        if not t.is_heaptype:
            while t.base is not None and t.base is not object_type and \
                    t.base.host_class is t.host_class and t.base.basicsize == t.basicsize:
                t = t.base
            return t if t is not object_type else None
    return None


finalized = set()       # host ids of objects whose __del__ already ran
genobject.finalized_ids = finalized


def call_finalizer(o):
    """Run o.__del__ once; report (not raise) any exception, as CPython does."""
    key = id(o)
    if key in finalized:
        return
    finalized.add(key)
    d = lookup(o.ob_type, "__del__")
    if d is None:
        return
    try:
        r = abstract.call_dunder(d, o, ())
        decref(r)
    except PyExc as e:
        _vm().interp.report_unraisable(e.exc, d)


def _subtype_dealloc(o):
    tp = o.ob_type
    if tp.has_finalizer and id(o) not in finalized:
        o.ob_refcnt = 1
        gcstate.track(o)       # tracked while its finalizer runs, as in CPython
        call_finalizer(o)
        o.ob_refcnt -= 1
        if o.ob_refcnt > 0:
            return             # resurrected (and still tracked)
        gcstate.untrack(o)
    finalized.discard(id(o))
    if weaklists and id(o) in weaklists:    # after __del__, before the contents go
        clear_weakrefs(o)
    # (an instance of a metaclass is a type object: it has no slot values)
    d = getattr(o, "inst_dict", None)
    if d is not None:
        o.inst_dict = None
    sv = getattr(o, "slot_vals", None)
    if sv is not None:
        o.slot_vals = None
    base = _solid_builtin(tp)
    if base is not None:
        base.tp_dealloc(o)
    else:
        core.free_block(o)
    if d is not None:
        decref(d)
    if sv:
        core.decref_all(sv)


def _weakref_getter(o):
    """instance.__weakref__: the first weak reference to it, or None."""
    lst = weaklists.get(id(o))
    r = lst[0] if lst else NONE
    r.ob_refcnt += 1
    return r


def _type_new(meta, name, bases, ns):
    """type.__new__(meta, name, bases, ns): a new heap type."""
    bases_list = list(bases.items)
    for i, b in enumerate(bases_list):
        if not isinstance(b, PyType):
            raise exc("TypeError", "bases must be types")
        if b in bases_list[:i]:
            raise exc("TypeError", "duplicate base class %s" % b.name)
        if not (b.flags & TPFLAGS_BASETYPE):
            raise exc("TypeError", "type '%s' is not an acceptable base type" % b.name)
    if not bases_list:
        bases_list = [object_type]
    slots = ns.dv.get("__slots__")
    if slots is not None and not isinstance(slots, PyStr):
        _sl = abstract.sequence_to_list(slots)
        try:
            for x in _sl:
                n = x.value if isinstance(x, PyStr) else None
                if n is None or n in ("__dict__", "__weakref__"):
                    continue
                if n.startswith("__") and not n.endswith("__"):
                    n = "_" + name.value.lstrip("_") + n
                if n in ns.dv:
                    raise exc("ValueError", "%r in __slots__ conflicts with class variable" % n)
        finally:
            core.decref_all(_sl)
    elif slots is not None and slots.value in ns.dv:
        raise exc("ValueError", "%r in __slots__ conflicts with class variable" % slots.value)
    t = PyType.__new__(PyType)
    t.ob_refcnt = 1          # the header first: slot descriptors take references to t
    t.ob_type = meta
    t.ob_addr = 0
    t.gc_gen = -1
    typeobject._init_type(t, name.value, bases_list[0], None, 0, 0)
    # _init_type registered t with bases_list[0] and made a dict; fix up
    t.bases = tuple(bases_list)
    for b in bases_list[1:]:
        b.subclasses.append(t)
    mro = typeobject.c3_mro(t, bases_list)
    if isinstance(mro, str):
        for b in bases_list:
            if t in b.subclasses:
                b.subclasses.remove(t)
        decref(t.dict)
        raise exc("TypeError", mro)
    t.mro = mro
    # layout: the nearest built-in base that is not object decides the host class
    solid = None
    for b in mro[1:]:
        if not b.is_heaptype and b is not object_type:
            solid = b
            break
    for b in bases_list:
        sb = _solid_builtin(b)
        if sb is not None and solid is not None and sb is not solid and \
                not typeobject.is_subtype(solid, sb) and not typeobject.is_subtype(sb, solid):
            decref(t.dict)
            raise exc("TypeError", "multiple bases have instance lay-out conflict")
    t.base = bases_list[0]
    t.is_heaptype = True
    t.flags = TPFLAGS_BASETYPE | (solid.flags & ~TPFLAGS_BASETYPE if solid is not None else 0)
    t.is_gc = True
    if solid is None:
        t.host_class = PyInstance
        t.basicsize = INSTANCE_SIZE
    else:
        t.host_class = host_class_for(solid.host_class)
        t.basicsize = solid.basicsize + (16 if not solid.is_gc else 0)
    t.tp_dealloc = _subtype_dealloc
    t.tp_traverse = _subtype_traverse
    t.tp_iternext = None
    qn = ns.dv.get("__qualname__")
    t.qualname = qn.value if qn is not None else name.value
    mod = ns.dv.get("__module__")
    if mod is None:
        # type(name, bases, ns) without __module__: the caller's module, as
        # CPython's type_new takes it from the running frame's globals
        f = _vm().ts.frame
        caller_mod = f.globals.dv.get("__name__") if f is not None else None
        if caller_mod is not None and isinstance(caller_mod, PyStr):
            mod = caller_mod
    t.module = mod.value if mod is not None and isinstance(mod, PyStr) else None
    # copy the namespace
    for hk, k in ns.dk.items():
        if hk in ("__qualname__", "__classcell__"):
            continue
        dict_setitem(t.dict, k, ns.dv[hk])
    if mod is not None and t.dict.dv.get("__module__") is None:
        dict_setitem_str(t.dict, "__module__", mod)
    # __slots__
    slots = ns.dv.get("__slots__")
    has_dict = solid is None or solid.has_dict or solid.host_class is not None
    inherited_slots = []
    for b in reversed(mro[1:]):
        if b.is_heaptype and b.slotnames:
            for s in b.slotnames:
                if s not in inherited_slots:
                    inherited_slots.append(s)
    if slots is not None:
        if isinstance(slots, PyStr):
            names = [slots.value]
        else:
            _sl = abstract.sequence_to_list(slots)
            names = [abstract.str_host(x) for x in _sl]
            core.decref_all(_sl)
        all_names = list(inherited_slots)
        own_dict = False
        for n in names:
            if n == "__dict__":
                own_dict = True
                continue
            if n == "__weakref__":
                continue
            mangled = n
            if n.startswith("__") and not n.endswith("__"):
                mangled = "_" + t.name.lstrip("_") + n
            if mangled in all_names:
                continue
            all_names.append(mangled)
            m = new_member(t, mangled, len(all_names) - 1)
            dict_setitem_str(t.dict, mangled, m)
            decref(m)
        t.slotnames = all_names
        has_dict = own_dict or any(b.is_heaptype and b.has_dict for b in mro[1:])
        t.basicsize = (INSTANCE_SIZE - 16 if not own_dict else INSTANCE_SIZE) + 8 * len(all_names) \
            if solid is None else t.basicsize + 8 * len(names)
    else:
        t.slotnames = inherited_slots or None
        if inherited_slots and solid is None:
            t.basicsize = INSTANCE_SIZE + 8 * len(inherited_slots)
    t.has_dict = has_dict
    # weak references (tp_weaklistoffset): inherited from a base, or added by
    # a class without __slots__ (or with '__weakref__' in them) unless the
    # built-in base is variable-sized (int, tuple, bytes)
    add_weak = False
    if any(b.flags & TPFLAGS_WEAKREF for b in bases_list):
        t.flags |= TPFLAGS_WEAKREF
        if slots is not None and "__weakref__" in names:
            decref(t.dict)
            raise exc("TypeError", "__weakref__ slot disallowed: either we already got one, "
                      "or __itemsize__ != 0")
    elif slots is None or "__weakref__" in names:
        if solid is not None and (solid.flags & (typeobject.TPFLAGS_INT | typeobject.TPFLAGS_TUPLE)
                                  or solid.name == "bytes"):
            if slots is not None:
                decref(t.dict)
                raise exc("TypeError", "__weakref__ slot disallowed: either we already got "
                          "one, or __itemsize__ != 0")
        else:
            t.flags |= TPFLAGS_WEAKREF
            add_weak = True
    # __new__ given as a plain function is implicitly a staticmethod
    nw = t.dict.dv.get("__new__")
    if type(nw) is PyFunction:
        sm = _new_staticmethod(nw)
        dict_setitem_str(t.dict, "__new__", sm)
        decref(sm)
    for n in ("__init_subclass__", "__class_getitem__"):
        fn = t.dict.dv.get(n)
        if type(fn) is PyFunction:
            cm = _new_classmethod(fn)
            dict_setitem_str(t.dict, n, cm)
            decref(cm)
    # __eq__ without __hash__ makes instances unhashable
    if t.dict.dv.get("__eq__") is not None and t.dict.dv.get("__hash__") is None:
        dict_setitem_str(t.dict, "__hash__", NONE)
    t.has_finalizer = lookup(t, "__del__") is not None
    t.has_getattr = lookup(t, "__getattr__") is not None
    t.has_getattribute = lookup(t, "__getattribute__") is not lookup(object_type, "__getattribute__")
    t.has_setattr = (lookup(t, "__setattr__") is not lookup(object_type, "__setattr__")
                     or lookup(t, "__delattr__") is not lookup(object_type, "__delattr__"))
    # allocate the type object itself (a raw allocation: > 512 bytes)
    try:
        gcstate.on_gc_alloc()
        t.ob_addr = core.heap.malloc(1072 + 16, t)
    except HeapExhausted:
        decref(t.dict)
        raise core.memory_error()
    gcstate.track(t)
    if meta.is_heaptype:
        meta.ob_refcnt += 1
    for b in bases_list:
        b.ob_refcnt += 1
    # __bases__ and __mro__ are tuple objects the class owns (the mro one
    # refers back to the class: classes are freed by the collector, as in CPython)
    t.bases_obj = new_tuple([core.incref(b) for b in bases_list])
    t.mro_obj = new_tuple([core.incref(x) for x in mro])
    # the per-class descriptors CPython adds to a class that brings a __dict__
    if has_dict and not any(b.is_heaptype and b.has_dict for b in mro[1:]):
        for dname, getter, setter in (("__dict__", _instance_dict_getter, _instance_dict_setter),):
            # not when the built-in base provides it already (type_new's add_dict /
            # add_weak): a metaclass's classes keep type's __dict__, an exception
            # subclass BaseException's
            if solid is not None and (typeobject.is_subtype(solid, type_type) or
                                      (dname == "__dict__" and solid.has_dict)):
                continue
            if t.dict.dv.get(dname) is None:
                gs = new_heap_getset(t, dname, getter, setter)
                dict_setitem_str(t.dict, dname, gs)
                decref(gs)
    if add_weak and t.dict.dv.get("__weakref__") is None:
        gs = new_heap_getset(t, "__weakref__", _weakref_getter, None)
        dict_setitem_str(t.dict, "__weakref__", gs)
        decref(gs)
    if t.dict.dv.get("__doc__") is None:
        dict_setitem_str(t.dict, "__doc__", NONE)
    typeobject.invalidate_caches()
    # __set_name__ and __init_subclass__
    for hk, v in list(t.dict.dv.items()):
        sn = lookup(v.ob_type, "__set_name__")
        if sn is not None and isinstance(hk, str):
            try:
                decref(abstract.call_dunder(sn, v, (t, t.dict.dk[hk])))
            except PyExc as e:
                # 3.11 raises a RuntimeError caused by the error
                err = exc("RuntimeError", "Error calling __set_name__ on '%s' instance "
                          "'%s' in '%s'" % (type_name(v), hk, t.name))
                err.exc.cause = e.exc
                e.exc.ob_refcnt += 1
                err.exc.context = e.exc
                err.exc.suppress_context = True
                decref(t)
                raise err
    return t


def _call_init_subclass(t, kwargs):
    sup = t.mro[1] if len(t.mro) > 1 else object_type
    f = None
    for b in t.mro[1:]:
        f = b.dict.dv.get("__init_subclass__")
        if f is not None:
            break
    if f is None:
        return
    if type(f) is PyClassMethod:
        decref(call(f.func, [t], kwargs))
    elif type(f) is _PyClassMethodDescr:
        if kwargs:
            raise exc("TypeError", "%s.__init_subclass__() takes no keyword arguments" % t.name)
    elif type(f) is PyFunction:
        decref(call(f, [t], kwargs))


from minipy.objects.descr import PyClassMethodDescr as _PyClassMethodDescr  # noqa: E402


def _type_new_impl(args, kwargs):
    if len(args) == 2 and args[0] is type_type:
        t = args[1].ob_type
        t.ob_refcnt += 1
        return t
    if len(args) != 4:
        raise exc("TypeError", "type() takes 1 or 3 arguments")
    meta, name, bases, ns = args
    if not isinstance(name, PyStr):
        raise exc("TypeError", "type.__new__() argument 1 must be str, not %s" % type_name(name))
    if bases.ob_type is not tuple_type:
        raise exc("TypeError", "type.__new__() argument 2 must be tuple, not %s" % type_name(bases))
    if not isinstance(ns, PyDict):
        raise exc("TypeError", "type.__new__() argument 3 must be dict, not %s" % type_name(ns))
    t = _type_new(meta, name, bases, ns)
    try:
        _call_init_subclass(t, kwargs)
    except PyExc:
        decref(t)
        raise
    return t


_type_new_fn = new_builtin("__new__", _type_new_impl, takes_kw=True)
dict_setitem_str(type_type.dict, "__new__", _type_new_fn)
decref(_type_new_fn)


def _type_init(self, args, kwargs):
    return ret_none()


add_method(type_type, "__init__", _type_init, takes_kw=True)


@method(type_type, "__repr__")
def type_repr(self):
    mod = _module_of_type(self)
    if mod == "builtins":
        return new_str("<class '%s'>" % self.qualname)
    return new_str("<class '%s.%s'>" % (mod, self.qualname))


def _type_call_impl(self, args, kwargs):
    return abstract.type_call(self, args, kwargs)


add_method(type_type, "__call__", _type_call_impl, takes_kw=True)


@method(type_type, "mro")
def type_mro(self):
    return new_list([core.incref(t) for t in self.mro])


@method(type_type, "__subclasses__")
def type_subclasses(self):
    return new_list([core.incref(t) for t in self.subclasses])


@method(type_type, "__instancecheck__")
def type_instancecheck(self, inst):
    return new_bool(self in inst.ob_type.mro)


@method(type_type, "__subclasscheck__")
def type_subclasscheck(self, sub):
    return new_bool(isinstance(sub, PyType) and self in sub.mro)


def _getter(fn):
    return fn


add_getset(type_type, "__name__", lambda t: new_str(t.name),
           lambda t, v: setattr(t, "name", v.value))
add_getset(type_type, "__qualname__", lambda t: new_str(t.qualname),
           lambda t, v: setattr(t, "qualname", v.value))
add_getset(type_type, "__module__", lambda t: new_str(_module_of_type(t)),
           lambda t, v: setattr(t, "module", v.value if isinstance(v, PyStr) else None))
add_getset(type_type, "__mro__", lambda t: core.incref(t.mro_obj) if t.mro_obj is not None
           else new_tuple([core.incref(x) for x in t.mro]))
add_getset(type_type, "__bases__", lambda t: core.incref(t.bases_obj) if t.bases_obj is not None
           else new_tuple([core.incref(x) for x in t.bases]))
add_getset(type_type, "__base__", lambda t: core.incref(t.base) if t.base is not None else ret_none())
add_getset(type_type, "__dict__", lambda t: _mappingproxy(t))
from minipy.runtime import mappingproxy as _mappingproxy_module  # noqa: E402,F401 (the type, built statically)


def _type_doc(t):
    d = t.dict.dv.get("__doc__")
    if d is None:
        return ret_none()
    if t is type_type:
        # type's dict holds this very descriptor under __doc__; CPython answers
        # with type's own docstring (tp_doc)
        d = _TYPE_DOC
    d.ob_refcnt += 1
    return d


# (a static object, like type itself; CPython 3.11's type.__doc__, whatever the host)
_TYPE_DOC = new_str("type(object) -> the object's type\n"
                    "type(name, bases, dict, **kwds) -> a new type")
add_getset(type_type, "__doc__", _type_doc)


def _mappingproxy(t):
    """``C.__dict__``: a read-only live view of the class's dict."""
    from minipy.runtime.mappingproxy import new_mappingproxy
    return new_mappingproxy(t.dict)


def _build_class_impl(args, kwargs):
    """__build_class__(func, name, *bases, metaclass=None, **kwds)."""
    if len(args) < 2:
        raise exc("TypeError", "__build_class__: not enough arguments")
    func, name = args[0], args[1]
    bases = list(args[2:])
    kwargs = dict(kwargs or {})
    meta = kwargs.pop("metaclass", None)
    if meta is None:
        meta = type_type
        for b in bases:
            bm = b.ob_type
            if typeobject.is_subtype(bm, meta):
                meta = bm
    if meta is not type_type and isinstance(meta, PyType) and \
            lookup(meta, "__prepare__") is not None:
        # the metaclass's __prepare__(name, bases, **kwds) makes the namespace
        prepare = abstract.getattr_(meta, "__prepare__")
        bases_t = new_tuple([core.incref(b) for b in bases])
        try:
            ns = call(prepare, [name, bases_t], kwargs or None)
        finally:
            decref(bases_t)
            decref(prepare)
        if not isinstance(ns, PyDict):
            decref(ns)
            raise exc("TypeError", "minipy supports only a dict (or a dict subclass) "
                                   "as the namespace from __prepare__")
    else:
        ns = new_dict()
    vm = _vm()
    try:
        f = vm.make_frame(func, [], None)
        f.locals = ns
        ns.ob_refcnt += 1
        r = vm.run(f)
        bases_t = new_tuple([core.incref(b) for b in bases])
        try:
            if meta is type_type:
                cls = _type_new_impl([type_type, name, bases_t, ns], kwargs)
            else:
                cls = call(meta, [name, bases_t, ns], kwargs or None)
        finally:
            decref(bases_t)
        cell = ns.dv.get("__classcell__")
        if type(r) is PyCell:
            cell = r
        if cell is not None and type(cell) is PyCell:
            old = cell.contents
            cls.ob_refcnt += 1
            cell.contents = cls
            if old is not None:
                decref(old)
        decref(r)
        return cls
    finally:
        decref(ns)


# ---------------------------------------------------------------------------
# functions, methods, cells, code
# ---------------------------------------------------------------------------

def _func_repr(f):
    return new_str("<function %s at %s>" % (f.qualname.value, _addr(f)))


add_method(function_type, "__repr__", _func_repr, 0, 0)


def _func_get(self, obj, tp=None):
    if obj is NONE:
        self.ob_refcnt += 1
        return self
    from minipy.objects.funcobject import new_method
    return new_method(self, obj)


add_method(function_type, "__get__", _func_get, 1, 2)


def _opt(o):
    if o is None:
        return ret_none()
    o.ob_refcnt += 1
    return o


def _set_field(field):
    def setter(o, v):
        old = getattr(o, field)
        if v is NONE:
            setattr(o, field, None)
        else:
            v.ob_refcnt += 1
            setattr(o, field, v)
        if old is not None:
            decref(old)
    return setter


add_getset(function_type, "__name__", lambda f: _opt(f.name), _set_field("name"))
add_getset(function_type, "__qualname__", lambda f: _opt(f.qualname), _set_field("qualname"))
add_getset(function_type, "__doc__", lambda f: _opt(f.doc), _set_field("doc"))
add_getset(function_type, "__module__", lambda f: _opt(f.module), _set_field("module"))
def _func_annotations(f):
    """__annotations__: made into a dict (and kept) the first time it is read."""
    a = f.annotations
    if a is None or type(a) is PyTuple:
        d = new_dict()
        if a is not None:
            items = a.items
            for i in range(0, len(items), 2):
                dict_setitem(d, items[i], items[i + 1])
            decref(a)
        f.annotations = a = d
    a.ob_refcnt += 1
    return a


def _func_set_annotations(f, v):
    if v is not NONE and not isinstance(v, PyDict):
        raise exc("TypeError", "__annotations__ must be set to a dict object")
    old = f.annotations
    if v is NONE:
        f.annotations = None
    else:
        v.ob_refcnt += 1
        f.annotations = v
    if old is not None:
        decref(old)


add_getset(function_type, "__annotations__", _func_annotations, _func_set_annotations)
add_getset(function_type, "__defaults__", lambda f: _opt(f.defaults), _set_field("defaults"))
add_getset(function_type, "__kwdefaults__", lambda f: _opt(f.kwdefaults), _set_field("kwdefaults"))
add_getset(function_type, "__globals__", lambda f: _opt(f.globals))
add_getset(function_type, "__closure__", lambda f: _opt(f.closure))
add_getset(function_type, "__code__", lambda f: _opt(f.pycode))


def _func_dict(f):
    if f.inst_dict is None:
        f.inst_dict = new_dict()
    f.inst_dict.ob_refcnt += 1
    return f.inst_dict


add_getset(function_type, "__dict__", _func_dict)
function_type.has_dict = True


def _func_call(self, args, kwargs):
    return call(self, args, kwargs)


add_method(function_type, "__call__", _func_call, takes_kw=True)


@method(method_type, "__repr__")
def _method_repr(m):
    return new_str("<bound method %s of %s>" % (
        m.func.qualname.value if type(m.func) is PyFunction else getattr(m.func, "name", "?"),
        repr_host(m.self_obj)))


def _method_new(args, kwargs):
    """types.MethodType(func, obj): a bound method made by hand."""
    if kwargs:
        raise exc("TypeError", "method() takes no keyword arguments")
    if len(args) != 3:
        raise exc("TypeError", "method expected 2 arguments, got %d" % (len(args) - 1))
    func, obj = args[1], args[2]
    if not (isinstance(func, PyType) or lookup(func.ob_type, "__call__") is not None):
        raise exc("TypeError", "first argument must be callable")
    if obj is NONE:
        raise exc("TypeError", "instance must not be None")
    from minipy.objects.funcobject import new_method
    return new_method(func, obj)


_f = new_builtin("__new__", _method_new, takes_kw=True)
dict_setitem_str(method_type.dict, "__new__", _f)
decref(_f)
add_getset(method_type, "__self__", lambda m: core.incref(m.self_obj))
add_getset(method_type, "__func__", lambda m: core.incref(m.func))
add_getset(method_type, "__name__", lambda m: abstract.getattr_(m.func, "__name__"))
add_getset(method_type, "__doc__", lambda m: abstract.getattr_(m.func, "__doc__"))
add_getset(method_type, "__qualname__", lambda m: abstract.getattr_(m.func, "__qualname__"))


@method(method_type, "__eq__")
def _method_eq(m, other):
    if type(other) is not PyMethod:
        NOTIMPL.ob_refcnt += 1
        return NOTIMPL
    return new_bool(m.func is other.func and m.self_obj is other.self_obj)


@method(method_type, "__hash__")
def _method_hash(m):
    return new_int(hash((m.func.ob_addr, m.self_obj.ob_addr)))


@method(cell_type, "__repr__")
def _cell_repr(c):
    if c.contents is None:
        return new_str("<cell at %s: empty>" % _addr(c))
    return new_str("<cell at %s: %s object at %s>" % (_addr(c), type_name(c.contents),
                                                      _addr(c.contents)))


def _cell_contents(c):
    if c.contents is None:
        raise exc("ValueError", "Cell is empty")
    c.contents.ob_refcnt += 1
    return c.contents


add_getset(cell_type, "cell_contents", _cell_contents)


@method(code_type, "__repr__")
def _code_repr(c):
    code = c.code
    return new_str('<code object %s at %s, file "%s", line %d>' % (
        code.co_name, _addr(c), code.co_filename, code.co_firstlineno))


add_getset(code_type, "co_name", lambda c: new_str(c.code.co_name))
add_getset(code_type, "co_filename", lambda c: new_str(c.code.co_filename))
add_getset(code_type, "co_firstlineno", lambda c: new_int(c.code.co_firstlineno))
add_getset(code_type, "co_argcount", lambda c: new_int(c.code.co_argcount))
add_getset(code_type, "co_varnames", lambda c: new_tuple([new_str(n) for n in c.code.co_varnames]))
add_getset(code_type, "co_qualname", lambda c: new_str(c.code.co_qualname))
add_getset(code_type, "co_consts", lambda c: new_tuple([core.incref(k) for k in c.consts]))
for _name in ("co_names", "co_cellvars", "co_freevars"):
    add_getset(code_type, _name, (lambda n: lambda c: new_tuple(
        [new_str(s) for s in getattr(c.code, n)]))(_name))
for _name in ("co_posonlyargcount", "co_kwonlyargcount", "co_flags", "co_stacksize"):
    add_getset(code_type, _name, (lambda n: lambda c: new_int(getattr(c.code, n)))(_name))
add_getset(code_type, "co_nlocals", lambda c: new_int(len(c.code.co_varnames)))


def _builtin_repr(f):
    if f.self_obj is None:
        return new_str("<built-in function %s>" % f.name)
    return new_str("<built-in method %s of %s object at %s>" % (f.name, type_name(f.self_obj),
                                                                _addr(f.self_obj)))


from minipy.objects.descr import builtin_func_type, method_descr_type  # noqa: E402


def _callable_call(self, args, kwargs):
    return call(self, args, kwargs)


add_method(builtin_func_type, "__call__", _callable_call, takes_kw=True)
add_method(method_type, "__call__", _callable_call, takes_kw=True)
# (str.upper('x'), dict.__dict__['fromkeys'](dict, 'ab'): callable, as in CPython)
add_method(method_descr_type, "__call__", _callable_call, takes_kw=True)
add_method(builtin_func_type, "__repr__", _builtin_repr, 0, 0)
add_getset(builtin_func_type, "__name__", lambda f: new_str(f.name))
add_getset(builtin_func_type, "__qualname__", lambda f: new_str(f.qualname))
add_getset(builtin_func_type, "__self__", lambda f: _opt(f.self_obj))
# the defining module's name (None for a method bound to an object)
add_getset(builtin_func_type, "__module__",
           lambda f: new_str(f.module) if f.module is not None else core.incref(NONE))


def _host_doc(modname, owner, name):
    """The docstring of the built-in ``modname.owner.name``: the host's own
    (CPython 3.11's words when the host is CPython 3.11), or None."""
    try:
        import importlib
        o = importlib.import_module(modname or "builtins")
        if owner is not None:
            o = getattr(o, owner)
        doc = getattr(o, name).__doc__
    except Exception:
        return NONE
    return new_str(doc) if isinstance(doc, str) else NONE


def _builtin_doc(f):
    if f.self_obj is None or f.module is not None:
        return _host_doc(f.module, None, f.name)
    s = f.self_obj
    t = s if isinstance(s, PyType) else s.ob_type
    for b in t.mro:
        if not b.is_heaptype and f.name in b.dict.dv:
            return _host_doc("builtins", b.name, f.name)
    return NONE


add_getset(builtin_func_type, "__doc__", _builtin_doc)
from minipy.objects.descr import getset_descr_type, member_descr_type  # noqa: E402
add_method(getset_descr_type, "__repr__",
           lambda d: new_str("<attribute '%s' of '%s' objects>" % (d.name, d.owner.name)), 0, 0)
add_method(member_descr_type, "__repr__",
           lambda d: new_str("<member '%s' of '%s' objects>" % (d.name, d.owner.name)), 0, 0)
add_method(method_descr_type, "__repr__",
           lambda d: new_str("<method '%s' of '%s' objects>" % (d.name, d.owner.name)), 0, 0)
for _tp in (getset_descr_type, member_descr_type, method_descr_type):
    # what every descriptor of a built-in or user type tells about itself
    add_getset(_tp, "__name__", lambda d: new_str(d.name))
    add_getset(_tp, "__qualname__", lambda d: new_str("%s.%s" % (d.owner.qualname, d.name)))
    add_getset(_tp, "__objclass__", lambda d: core.incref(d.owner))
    add_getset(_tp, "__doc__", lambda d: _host_doc("builtins", d.owner.name, d.name)
               if not d.owner.is_heaptype else NONE)
    add_method(_tp, "__get__", lambda d, obj, tp=None: _builtin_descr_get(d, obj, tp), 1, 2)
for _tp in (getset_descr_type, member_descr_type):
    # data descriptors: they have __set__ and __delete__ too
    add_method(_tp, "__set__", lambda d, obj, v: _builtin_descr_set(d, obj, v), 2, 2)
    add_method(_tp, "__delete__", lambda d, obj: _builtin_descr_set(d, obj, None), 1, 1)


def _classmethod_descr_get(d, obj, tp=None):
    """dict.__dict__['fromkeys'].__get__(None, dict): bound to the class."""
    if tp is None or tp is NONE:
        if obj is None or obj is NONE:
            raise exc("TypeError", "descriptor '%s' for type '%s' needs either an object or a "
                      "type" % (d.name, d.owner.name))
        tp = obj.ob_type
    return abstract.descr_get(d, None, tp)


from minipy.objects.descr import classmethod_descr_type  # noqa: E402
add_method(classmethod_descr_type, "__get__", _classmethod_descr_get, 1, 2)
def _classmethod_descr_call(d, args, kwargs):
    """dict.__dict__['fromkeys'](dict, 'ab'): bind to the type given first."""
    if not args:
        raise exc("TypeError", "descriptor '%s' of '%s' object needs an argument"
                  % (d.name, d.owner.name))
    tp = args[0]
    if not isinstance(tp, PyType):
        raise exc("TypeError", "descriptor '%s' for type '%s' needs a type, not a '%s' as arg 2"
                  % (d.name, d.owner.name, type_name(tp)))
    bound = abstract.descr_get(d, None, tp)
    try:
        return call(bound, list(args[1:]), kwargs)
    finally:
        decref(bound)


add_method(classmethod_descr_type, "__call__", _classmethod_descr_call, takes_kw=True)


def _builtin_descr_get(d, obj, tp):
    """A built-in descriptor's __get__(obj, type=None), called explicitly."""
    if obj is NONE:
        if tp is None or tp is NONE:
            raise exc("TypeError", "__get__(None, None) is invalid")
        obj = None
    if obj is not None and not typeobject.is_subtype(obj.ob_type, d.owner):
        raise exc("TypeError", "descriptor '%s' for '%s' objects doesn't apply to a '%s' object"
                  % (d.name, d.owner.name, type_name(obj)))
    return abstract.descr_get(d, obj, obj.ob_type if obj is not None else tp)


def _builtin_descr_set(d, obj, v):
    """A built-in data descriptor's __set__(obj, v) / __delete__(obj) (v None)."""
    if not typeobject.is_subtype(obj.ob_type, d.owner):
        raise exc("TypeError", "descriptor '%s' for '%s' objects doesn't apply to a '%s' object"
                  % (d.name, d.owner.name, type_name(obj)))
    if isinstance(d, PyMemberDescr):
        old = obj.slot_vals[d.index]
        if v is None and old is None:
            raise exc("AttributeError", d.name)
        if v is not None:
            v.ob_refcnt += 1
        obj.slot_vals[d.index] = v
        if old is not None:
            decref(old)
        return ret_none()
    if d.setter is None:
        raise exc("AttributeError", "attribute '%s' of '%s' objects is not writable"
                  % (d.name, d.owner.name))
    if v is None:
        raise exc("TypeError", "cannot delete attribute '%s' of '%s' objects"
                  % (d.name, d.owner.name))
    d.setter(obj, v)
    return ret_none()


# staticmethod / classmethod / property ------------------------------------------

def _new_staticmethod(fn, tp=None):
    sm = PyStaticMethod.__new__(PyStaticMethod)
    fn.ob_refcnt += 1
    sm.func = fn
    sm.inst_dict = None
    return core.alloc(sm, 56, tp if tp is not None else staticmethod_type)


def _new_classmethod(fn, tp=None):
    cm = PyClassMethod.__new__(PyClassMethod)
    fn.ob_refcnt += 1
    cm.func = fn
    cm.inst_dict = None
    return core.alloc(cm, 56, tp if tp is not None else classmethod_type)


def _wrapper_new(maker):
    def impl(args, kwargs):
        if len(args) != 2:
            raise exc("TypeError", "%s expected 1 argument, got %d" % (args[0].name, len(args) - 1))
        # a subclass (abc.abstractclassmethod, ...) gets instances of its own
        return maker(args[1], args[0])
    return impl


for _t, _m in ((staticmethod_type, _new_staticmethod), (classmethod_type, _new_classmethod)):
    _f = new_builtin("__new__", _wrapper_new(_m), takes_kw=True)
    dict_setitem_str(_t.dict, "__new__", _f)
    decref(_f)
    add_getset(_t, "__func__", lambda w: core.incref(w.func))
    add_getset(_t, "__wrapped__", lambda w: core.incref(w.func))


def _sm_get(self, obj, tp=None):
    self.func.ob_refcnt += 1
    return self.func


def _cm_get(self, obj, tp=None):
    from minipy.objects.funcobject import new_method
    owner = tp if tp is not None and tp is not NONE else obj.ob_type
    return new_method(self.func, owner)


add_method(staticmethod_type, "__get__", _sm_get, 1, 2)
add_method(classmethod_type, "__get__", _cm_get, 1, 2)


def _sm_call(self, args, kwargs):
    return call(self.func, args, kwargs)


add_method(staticmethod_type, "__call__", _sm_call, takes_kw=True)


def _property_new(args, kwargs):
    p = PyProperty.__new__(PyProperty)
    p.fget = p.fset = p.fdel = p.doc = p.inst_dict = p.name = None
    names = ("fget", "fset", "fdel", "doc")
    npos = len(args) - 1
    if npos + len(kwargs or ()) > 4:
        raise exc("TypeError", "property() takes at most 4 arguments (%d given)"
                  % (npos + len(kwargs or ())))
    vals = list(args[1:]) + [None] * (4 - npos)
    for k, v in (kwargs or {}).items():
        if k not in names:
            raise exc("TypeError", "'%s' is an invalid keyword argument for property()" % k)
        i = names.index(k)
        if i < npos:
            raise exc("TypeError", "argument for property() given by name ('%s') and "
                      "position (%d)" % (k, i + 1))
        vals[i] = v
    for n, v in zip(names, vals):
        if v is not None and v is not NONE:
            v.ob_refcnt += 1
            setattr(p, n, v)
    if p.doc is None and p.fget is not None:
        d = abstract.getattr_(p.fget, "__doc__") if type(p.fget) is PyFunction else None
        if d is not None and d is not NONE:
            p.doc = d
        elif d is not None:
            decref(d)
    return core.alloc(p, 72, args[0] if args[0] is not property_type else property_type)


_f = new_builtin("__new__", _property_new, takes_kw=True)
dict_setitem_str(property_type.dict, "__new__", _f)
decref(_f)


def _property_copy(p, **changes):
    vals = {"fget": p.fget, "fset": p.fset, "fdel": p.fdel, "doc": p.doc}
    vals.update(changes)
    q = PyProperty.__new__(PyProperty)
    q.inst_dict = None
    q.name = p.name
    for k, v in vals.items():
        if v is not None and v is not NONE:
            v.ob_refcnt += 1
            setattr(q, k, v)
        else:
            setattr(q, k, None)
    return core.alloc(q, 72, p.ob_type)


add_method(property_type, "getter", lambda p, f: _property_copy(p, fget=f), 1, 1)
add_method(property_type, "setter", lambda p, f: _property_copy(p, fset=f), 1, 1)
add_method(property_type, "deleter", lambda p, f: _property_copy(p, fdel=f), 1, 1)
add_getset(property_type, "fget", lambda p: _opt(p.fget))
add_getset(property_type, "fset", lambda p: _opt(p.fset))
add_getset(property_type, "__doc__", lambda p: _opt(p.doc))


def _property_set_name(p, owner, name):
    if name.ob_type is str_type:
        p.name = name.value
    NONE.ob_refcnt += 1
    return NONE


add_method(property_type, "__set_name__", _property_set_name, 2, 2)


def _property_get(self, obj, tp=None):
    if obj is NONE:
        self.ob_refcnt += 1
        return self
    return abstract.descr_get(self, obj, obj.ob_type)


add_method(property_type, "__get__", _property_get, 1, 2)


# super ---------------------------------------------------------------------------------

class PySuper(PyObject):
    __slots__ = ("type", "obj", "obj_type")


def _super_traverse(s):
    return [o for o in (s.type, s.obj, s.obj_type) if o is not None]


def _super_dealloc(s):
    refs = _super_traverse(s)
    core.free_block(s)
    core.decref_all(refs)


from minipy.objects.typeobject import make_type  # noqa: E402
super_type = make_type("super", host_class=PySuper, basicsize=48, dealloc=_super_dealloc,
                       traverse=_super_traverse, gc=True)


def _super_new(args, kwargs):
    vm = _vm()
    if len(args) == 1:
        f = vm.ts.frame
        code = f.code
        if code.co_argcount == 0 and not (code.co_flags & 0x4):
            raise exc("RuntimeError", "super(): no arguments")
        first = f.fast[0]
        if first is None and code.co_cell2arg:
            for ci, ai in code.co_cell2arg:
                if ai == 0:
                    first = f.fast[f.nlocals + ci].contents
        if first is None:
            raise exc("RuntimeError", "super(): arg[0] deleted")
        try:
            i = (code.co_cellvars + code.co_freevars).index("__class__")
        except ValueError:
            raise exc("RuntimeError", "super(): __class__ cell not found")
        tp = f.fast[f.nlocals + i].contents
        if tp is None:
            raise exc("RuntimeError", "super(): empty __class__ cell")
        obj = first
    elif len(args) == 3:
        tp, obj = args[1], args[2]
    elif len(args) > 3:
        raise exc("TypeError", "super() expected at most 2 arguments, got %d" % (len(args) - 1))
    else:
        raise exc("TypeError", "super() takes 0 or 2 arguments")
    if not isinstance(tp, PyType):
        raise exc("TypeError", "super() argument 1 must be a type, not %s" % type_name(tp))
    if isinstance(obj, PyType) and typeobject.is_subtype(obj, tp):
        obj_type = obj
    elif typeobject.is_subtype(obj.ob_type, tp):
        obj_type = obj.ob_type
    else:
        raise exc("TypeError", "super(type, obj): obj must be an instance or subtype of type")
    s = PySuper.__new__(PySuper)
    tp.ob_refcnt += 1
    obj.ob_refcnt += 1
    obj_type.ob_refcnt += 1
    s.type, s.obj, s.obj_type = tp, obj, obj_type
    return core.alloc(s, 48, super_type)


_f = new_builtin("__new__", _super_new, takes_kw=True)
dict_setitem_str(super_type.dict, "__new__", _f)
decref(_f)


def _super_getattribute(s, name_obj):
    name = name_obj.value
    if name == "__class__":         # (CPython's super_getattro: the proxy's own class)
        return abstract.generic_getattr(s, name)
    mro = s.obj_type.mro
    try:
        i = mro.index(s.type)
    except ValueError:
        i = len(mro)
    for t in mro[i + 1:]:
        d = t.dict.dv.get(name)
        if d is not None:
            obj = None if s.obj is s.obj_type else s.obj
            if type(d) is PyClassMethod:
                from minipy.objects.funcobject import new_method
                return new_method(d.func, s.obj_type)
            if type(d) is PyMethodDescr and obj is None:
                d.ob_refcnt += 1
                return d
            return abstract.descr_get(d, obj, s.obj_type)
    if name == "__class__":
        return core.incref(super_type)
    raise exc("AttributeError", "'super' object has no attribute '%s'" % name)


add_method(super_type, "__getattribute__", _super_getattribute, 1, 1)
super_type.has_getattribute = True


@method(super_type, "__repr__")
def _super_repr(s):
    return new_str("<super: <class '%s'>, <%s object>>" % (s.type.name, s.obj_type.name))


# ---------------------------------------------------------------------------
# generators
# ---------------------------------------------------------------------------

def _gen_iternext(g):
    yielded, r = _vm().gen_resume(g, None)
    if yielded:
        return r
    if r is not None:
        decref(r)
    return None


generator_type.tp_iternext = _gen_iternext


def _stop_iteration(value):
    st = EXC_TYPES["StopIteration"]
    if value is None or value is NONE:
        if value is not None:
            decref(value)
        return abstract.exc_args(st, [])
    e = new_exception(st, new_tuple([value]))
    value.ob_refcnt += 1
    e.value = value
    return PyExc(e)


@method(generator_type, "__iter__")
def _gen_iter(g):
    g.ob_refcnt += 1
    return g


@method(generator_type, "__next__")
def _gen_next(g):
    yielded, r = _vm().gen_resume(g, None)
    if yielded:
        return r
    raise _stop_iteration(r)


@method(generator_type, "send")
def _gen_send(g, v):
    yielded, r = _vm().gen_resume(g, v)
    if yielded:
        return r
    raise _stop_iteration(r)


def throw_exception(typ, val=None, tb=None):
    """The exception ``throw(typ[, val[, tb]])`` raises in a generator (a PyExc)."""
    if isinstance(typ, PyType):
        if not abstract.is_exception_type(typ):
            raise exc("TypeError", "exceptions must be classes or instances deriving from "
                      "BaseException, not type")
        if val is not None and val is not NONE and isinstance(val, PyBaseException):
            e = val
            e.ob_refcnt += 1
        else:
            e = call(typ, [] if val is None or val is NONE else [val])
    elif isinstance(typ, PyBaseException):
        e = typ
        e.ob_refcnt += 1
    else:
        raise exc("TypeError", "exceptions must be classes or instances deriving from "
                  "BaseException, not %s" % type_name(typ))
    return PyExc(e)


def _gen_throw_impl(g, typ, val=None, tb=None):
    args = [a for a in (typ, val, tb) if a is not None]
    yielded, r = _vm().gen_throw(g, throw_exception(typ, val, tb), args)
    if yielded:
        return r
    raise _stop_iteration(r)


add_method(generator_type, "throw", _gen_throw_impl, 1, 3)


@method(generator_type, "close")
def _gen_close(g):
    _vm().gen_close(g)
    return ret_none()


@method(generator_type, "__repr__")
def _gen_repr(g):
    return new_str("<generator object %s at %s>" % (g.qualname, _addr(g)))


def _add_suspended_frame_attributes(tp, prefix, delegate, running="running"):
    """The attributes generators (gi_*), coroutines (cr_*) and async generators
    (ag_*) share: names, the running flag (field ``running``), the code, the
    iterator delegated to, the frame."""
    add_getset(tp, "__name__", lambda g: new_str(g.name))
    add_getset(tp, "__qualname__", lambda g: new_str(g.qualname))
    add_getset(tp, prefix + "_running", lambda g: new_bool(getattr(g, running)))
    add_getset(tp, prefix + "_code", lambda g: core.incref(g.pycode))
    add_getset(tp, prefix + "_" + delegate,
               lambda g: _opt(None if g.running else _vm().gen_yieldfrom(g)))
    add_getset(tp, prefix + "_frame",
               lambda g: __import__("minipy.vm.frame", fromlist=["x"]).frame_object(g.frame)
               if g.frame is not None else ret_none())


_add_suspended_frame_attributes(generator_type, "gi", "yieldfrom")


# coroutines: the generator machine without iteration; ``await`` drives them
# (or a caller's send(None) loop), ``__await__`` hands out an iterator over one

add_method(coroutine_type, "send", _gen_send, 1, 1)
add_method(coroutine_type, "throw", _gen_throw_impl, 1, 3)
add_method(coroutine_type, "close", _gen_close, 0, 0)


@method(coroutine_type, "__repr__")
def _coro_repr(g):
    return new_str("<coroutine object %s at %s>" % (g.qualname, _addr(g)))


_add_suspended_frame_attributes(coroutine_type, "cr", "await")


@method(coroutine_type, "__await__")
def _coro_await(g):
    return new_coroutine_wrapper(g)


# (its __next__ ends with the coroutine's return value in the StopIteration)
add_method(coroutine_wrapper_type, "__next__", lambda w: _gen_next(w.src), 0, 0)
add_method(coroutine_wrapper_type, "send", lambda w, v: _gen_send(w.src, v), 1, 1)
add_method(coroutine_wrapper_type, "throw",
           lambda w, *args: _gen_throw_impl(w.src, *args), 1, 3)
add_method(coroutine_wrapper_type, "close", lambda w: _gen_close(w.src), 0, 0)


def _gen_close_hook(g):
    if g.ob_type is genobject.async_generator_type and g.finalizer is not None and \
            not g.closed:
        genobject.agen_finalize_hook(g)     # (the event loop's finalizer, not a close)
        return
    try:
        _vm().gen_close(g)
    except PyExc as e:
        _vm().interp.report_unraisable(e.exc, g)


genobject.close_hook = _gen_close_hook


# ---------------------------------------------------------------------------
# exceptions
# ---------------------------------------------------------------------------

def _exc_new(args, kwargs):
    if not args:
        raise exc("TypeError", "BaseException.__new__(): not enough arguments")
    tp = args[0]
    if not isinstance(tp, PyType):
        raise exc("TypeError", "BaseException.__new__(X): X is not a type object (%s)"
                  % type_name(tp))
    if not typeobject.is_subtype(tp, BaseException_type):
        raise exc("TypeError", "BaseException.__new__(%s): %s is not a subtype of BaseException"
                  % (tp.name, tp.name))
    e = new_exception(tp, new_tuple([core.incref(a) for a in args[1:]]))
    return e


_f = new_builtin("__new__", _exc_new, takes_kw=True)
dict_setitem_str(BaseException_type.dict, "__new__", _f)
decref(_f)


def _exc_init(self, args, kwargs):
    if kwargs:
        # (BaseException.__new__ ignores keywords; its __init__ refuses them)
        raise exc("TypeError", "%s() takes no keyword arguments" % self.ob_type.name)
    old = self.args
    self.args = new_tuple([core.incref(a) for a in args])
    decref(old)
    return ret_none()


add_method(BaseException_type, "__init__", _exc_init, takes_kw=True)


@method(BaseException_type, "__str__")
def _exc_str(e):
    items = e.args.items
    if not items:
        return new_str("")
    if len(items) == 1:
        return abstract.str_(items[0])
    return abstract.str_(e.args)


@method(BaseException_type, "__repr__")
def _exc_repr(e):
    items = e.args.items
    name = e.ob_type.name
    if len(items) == 1:
        return new_str("%s(%s)" % (name, repr_host(items[0])))
    return new_str("%s%s" % (name, repr_host(e.args) if items else "()"))


@method(BaseException_type, "with_traceback")
def _exc_with_tb(e, tb):
    old = e.traceback
    e.traceback = None if tb is NONE else core.incref(tb)
    if old is not None:
        decref(old)
    e.ob_refcnt += 1
    return e


def _exc_field_setter(field):
    def setter(e, v):
        old = getattr(e, field)
        setattr(e, field, None if v is NONE else core.incref(v))
        if field == "cause":
            e.suppress_context = True
        if old is not None:
            decref(old)
    return setter


def _set_args(e, v):
    t = new_tuple(abstract.sequence_to_list(v))
    old = e.args
    e.args = t
    decref(old)


add_getset(BaseException_type, "args", lambda e: core.incref(e.args), _set_args)
add_getset(BaseException_type, "__traceback__", lambda e: _opt(e.traceback),
           _exc_field_setter("traceback"))
add_getset(BaseException_type, "__cause__", lambda e: _opt(e.cause), _exc_field_setter("cause"))
add_getset(BaseException_type, "__context__", lambda e: _opt(e.context),
           _exc_field_setter("context"))
add_getset(BaseException_type, "__suppress_context__", lambda e: new_bool(e.suppress_context),
           lambda e, v: setattr(e, "suppress_context", abstract.truth(v)))


def _exc_dict(e):
    if e.inst_dict is None:
        e.inst_dict = new_dict()
    return core.incref(e.inst_dict)


add_getset(BaseException_type, "__dict__", _exc_dict)


@method(EXC_TYPES["KeyError"], "__str__")
def _keyerror_str(e):
    items = e.args.items
    if len(items) == 1:
        return abstract.repr_(items[0])
    return _exc_str(e)


def _stopiter_value(e):
    if e.value is not None:
        return core.incref(e.value)
    items = e.args.items
    return core.incref(items[0]) if items else ret_none()


add_getset(EXC_TYPES["StopIteration"], "value", _stopiter_value)


def _sysexit_code(e):
    items = e.args.items
    if not items:
        return ret_none()
    if len(items) == 1:
        return core.incref(items[0])
    return core.incref(e.args)


add_getset(EXC_TYPES["SystemExit"], "code", _sysexit_code)


# ---------------------------------------------------------------------------
# modules
# ---------------------------------------------------------------------------

@method(module_type, "__repr__")
def _module_repr(m):
    f = m.dict.dv.get("__file__")
    if f is not None:
        return new_str("<module '%s' from '%s'>" % (m.name, f.value))
    return new_str("<module '%s' (built-in)>" % m.name)


def _module_getattribute(m, name_obj):
    name = name_obj.value
    if name == "__dict__":
        return core.incref(m.dict)
    v = m.dict.dv.get(name)
    if v is not None:
        return core.incref(v)
    d = lookup(module_type, name)
    if d is not None:
        return abstract.descr_get(d, m, module_type)
    return abstract.module_getattr_hook(m, name)


def _module_getattr_fast(m, name):
    return _module_getattribute(m, _TmpName(name))


class _TmpName:
    __slots__ = ("value",)

    def __init__(self, v):
        self.value = v


# modules keep attributes in their dict: make instance_dict find it
module_type.has_dict = True
add_getset(module_type, "__dict__", lambda m: core.incref(m.dict))


# ---------------------------------------------------------------------------
# The old sequence protocol: iterating an object that only has __getitem__
# ---------------------------------------------------------------------------

def _seq_iter_next(it):
    if it.src is None:
        return None
    idx = new_int(it.pos)
    try:
        v = abstract.getitem(it.src, idx)
    except PyExc as e:
        t = e.exc.ob_type
        if EXC_TYPES["IndexError"] in t.mro or EXC_TYPES["StopIteration"] in t.mro:
            decref(e.exc)
            src, it.src = it.src, None
            decref(src)
            return None
        raise
    finally:
        decref(idx)
    it.pos += 1
    return v


seq_iter_type = make_iter_type("iterator", _seq_iter_next)


def new_seq_iter(o):
    return new_iter(seq_iter_type, o)


def _iter_self(it):
    it.ob_refcnt += 1
    return it


def _iter_next_method(it):
    v = abstract.next_(it)
    if v is None:
        raise exc("StopIteration")
    return v


def add_iterator_protocol(tp):
    """__iter__ (returns self) and __next__ for an iterator type defined in the host."""
    add_method(tp, "__iter__", _iter_self, 0, 0)
    add_method(tp, "__next__", _iter_next_method, 0, 0)


add_iterator_protocol(seq_iter_type)
add_method(coroutine_wrapper_type, "__iter__", _iter_self, 0, 0)


# ---------------------------------------------------------------------------
# traceback and frame objects (read-only introspection; every value a minipy object)
# ---------------------------------------------------------------------------

def _install_frame_and_traceback_attributes():
    from minipy.vm.traceback import traceback_type
    from minipy.vm.frame import frame_type, frame_object
    add_getset(traceback_type, "tb_next", lambda tb: _opt(tb.tb_next))
    add_getset(traceback_type, "tb_frame", lambda tb: core.incref(tb.tb_frame))
    add_getset(traceback_type, "tb_lineno", lambda tb: new_int(tb.tb_lineno))
    add_getset(traceback_type, "tb_lasti", lambda tb: new_int(tb.tb_lasti * 2))

    def f_back(fo):
        f = fo.frame
        if f is not None and f.back is not None:
            return frame_object(f.back)
        return _opt(fo.back)

    def f_locals(fo):
        f = fo.frame
        if f is not None and f.locals is not None:      # a module or class body
            f.locals.ob_refcnt += 1
            return f.locals
        d = new_dict()
        if f is None:
            for i, v in enumerate(fo.fast):
                if v is not None:
                    if i >= fo.nlocals:
                        v = v.contents
                    if v is not None:
                        dict_setitem_str(d, fo.varnames[i], v)
        if f is not None:
            code = f.code
            names = code.co_varnames + code.co_cellvars + code.co_freevars
            for i, name in enumerate(names):
                v = f.fast[i] if i < len(f.fast) else None
                if v is not None and i >= f.nlocals:
                    v = v.contents
                if v is not None:
                    dict_setitem_str(d, name, v)
        return d

    def f_lineno(fo):
        f = fo.frame
        return new_int(f.lineno if f is not None else fo.lineno)

    add_getset(frame_type, "f_back", f_back)
    add_getset(frame_type, "f_locals", f_locals)
    add_getset(frame_type, "f_globals", lambda fo: core.incref(fo.globals))
    add_getset(frame_type, "f_code", lambda fo: core.incref(fo.pycode))
    add_getset(frame_type, "f_lineno", f_lineno)
    add_method(frame_type, "__repr__", lambda fo: new_str(
        "<frame at 0x%x, file '%s', line %d, code %s>" % (
            fo.ob_addr, fo.pycode.code.co_filename,
            fo.frame.lineno if fo.frame is not None else fo.lineno, fo.pycode.code.co_name)), 0, 0)
    add_method(traceback_type, "__repr__",
               lambda tb: new_str("<traceback object at 0x%x>" % tb.ob_addr), 0, 0)


_install_frame_and_traceback_attributes()


# types.GenericAlias ------------------------------------------------------------------
# ``list[int]``: what subscripting list, dict, tuple, set, frozenset, type... gives
# (their __class_getitem__), mostly seen in annotations.  It remembers the origin
# and the arguments, prints as written, and calling it calls the origin.

class PyGenericAlias(PyObject):
    __slots__ = ("origin", "args")      # a type and a tuple, both owned


_ga_traverse, _ga_dealloc = core.field_gc_functions("origin", "args")


generic_alias_type = make_type("GenericAlias", host_class=PyGenericAlias, basicsize=64,
                               dealloc=_ga_dealloc, traverse=_ga_traverse, gc=True)
generic_alias_type.module = "types"

# the built-in types whose __class_getitem__ makes a GenericAlias
GENERIC_ORIGINS = ("list", "dict", "tuple", "set", "frozenset", "type", "enumerate",
                   "reversed", "zip", "map", "filter")


def generic_alias(origin, key):
    """``origin[key]``: a new GenericAlias (``key`` borrowed)."""
    if origin.name not in GENERIC_ORIGINS or origin.is_heaptype:
        raise exc("TypeError", "type '%s' is not subscriptable" % origin.name)
    g = PyGenericAlias.__new__(PyGenericAlias)
    origin.ob_refcnt += 1
    g.origin = origin
    if key.ob_type is tuple_type:
        key.ob_refcnt += 1
        g.args = key
    else:
        key.ob_refcnt += 1
        g.args = new_tuple([key])
    return core.alloc(g, 64, generic_alias_type)


def _ga_new(args, kwargs):
    """types.GenericAlias(origin, args): what ``__class_getitem__ =
    classmethod(GenericAlias)`` gives a user class."""
    if kwargs:
        raise exc("TypeError", "GenericAlias() takes no keyword arguments")
    if len(args) != 3:
        raise exc("TypeError", "GenericAlias expected 2 arguments, got %d" % (len(args) - 1))
    origin, key = args[1], args[2]
    g = PyGenericAlias.__new__(PyGenericAlias)
    origin.ob_refcnt += 1
    g.origin = origin
    key.ob_refcnt += 1
    g.args = key if key.ob_type is tuple_type else new_tuple([key])
    return core.alloc(g, 64, generic_alias_type)


_f = new_builtin("__new__", _ga_new, takes_kw=True)
dict_setitem_str(generic_alias_type.dict, "__new__", _f)
decref(_f)


def _ga_arg_repr(a):
    """How ``repr(list[...])`` shows one argument (CPython's ga_repr_item)."""
    if a is ELLIPSIS:
        return "..."
    if isinstance(a, PyType):
        mod = _module_of_type(a)
        return a.qualname if mod == "builtins" else "%s.%s" % (mod, a.qualname)
    if type(a) is PyGenericAlias:
        return _ga_text(a)
    r = abstract.repr_(a)
    try:
        return r.value
    finally:
        decref(r)


def _ga_text(g):
    items = g.args.items
    inner = ", ".join(_ga_arg_repr(a) for a in items) if items else "()"
    return "%s[%s]" % (_ga_arg_repr(g.origin), inner)


@method(generic_alias_type, "__repr__")
def _ga_repr(g):
    return new_str(_ga_text(g))


def _ga_call(g, args, kwargs):
    return call(g.origin, args, kwargs)


add_method(generic_alias_type, "__call__", _ga_call, takes_kw=True)


@method(generic_alias_type, "__eq__")
def _ga_eq(g, other):
    if type(other) is not PyGenericAlias:
        NOTIMPL.ob_refcnt += 1
        return NOTIMPL
    same = g.origin is other.origin and abstract.compare_bool(g.args, other.args, 2)
    return new_bool(same)


@method(generic_alias_type, "__hash__")
def _ga_hash(g):
    return new_int(abstract.hash_(g.origin) ^ abstract.hash_(g.args))


add_getset(generic_alias_type, "__origin__", lambda g: core.incref(g.origin))
add_getset(generic_alias_type, "__args__", lambda g: core.incref(g.args))
add_getset(generic_alias_type, "__parameters__", lambda g: new_tuple([]))


@method(generic_alias_type, "__mro_entries__")
def _ga_mro_entries(g, bases):
    return new_tuple([core.incref(g.origin)])


@method(generic_alias_type, "__getattr__")
def _ga_getattr(g, name):
    # everything else is the origin's (list[int].append is list.append)
    return abstract.getattr_(g.origin, name.value)


@method(generic_alias_type, "__instancecheck__")
def _ga_instancecheck(g, obj):
    raise exc("TypeError", "isinstance() argument 2 cannot be a parameterized generic")


@method(generic_alias_type, "__subclasscheck__")
def _ga_subclasscheck(g, cls):
    raise exc("TypeError", "issubclass() argument 2 cannot be a parameterized generic")


generic_alias_type.has_getattr = True       # (a built-in type: the flag is not derived)


# types.UnionType -----------------------------------------------------------------------
# ``int | None``: what ``|`` between types (and None, and GenericAliases) gives.  Its
# arguments are flattened and deduplicated; isinstance/issubclass accept it.

class PyUnion(PyObject):
    __slots__ = ("args",)               # a tuple, owned


def _union_traverse(u):
    return [u.args] if u.args is not None else []


def _union_dealloc(u):
    refs = _union_traverse(u)
    u.args = None
    core.free_block(u)
    core.decref_all(refs)


union_type = make_type("UnionType", host_class=PyUnion, basicsize=32, dealloc=_union_dealloc,
                       traverse=_union_traverse, gc=True, final=True)
union_type.module = "types"


def _union_members(o):
    """The types ``o`` contributes to a union, or None if it cannot be in one."""
    if o is NONE:
        return [NONE.ob_type]
    if type(o) is PyUnion:
        return list(o.args.items)
    if isinstance(o, PyType) or type(o) is PyGenericAlias:
        return [o]
    return None


def _union_or(a, b):
    left = _union_members(a)
    right = _union_members(b)
    if left is None or right is None:
        NOTIMPL.ob_refcnt += 1
        return NOTIMPL
    members = []
    for m in left + right:
        if not any(m is x or (type(m) is PyGenericAlias and type(x) is PyGenericAlias and
                              abstract.compare_bool(m, x, 2)) for x in members):
            members.append(m)
    if len(members) == 1:
        members[0].ob_refcnt += 1
        return members[0]
    u = PyUnion.__new__(PyUnion)
    u.args = new_tuple([core.incref(m) for m in members])
    return core.alloc(u, 32, union_type)


add_method(type_type, "__or__", _union_or, 1, 1)
add_method(type_type, "__ror__", lambda a, b: _union_or(b, a), 1, 1)
add_method(generic_alias_type, "__or__", _union_or, 1, 1)
add_method(generic_alias_type, "__ror__", lambda a, b: _union_or(b, a), 1, 1)
add_method(union_type, "__or__", _union_or, 1, 1)
add_method(union_type, "__ror__", lambda a, b: _union_or(b, a), 1, 1)


@method(union_type, "__repr__")
def _union_repr(u):
    parts = ["None" if a is NONE.ob_type else _ga_arg_repr(a) for a in u.args.items]
    return new_str(" | ".join(parts))


@method(union_type, "__eq__")
def _union_eq(u, other):
    if type(other) is not PyUnion:
        NOTIMPL.ob_refcnt += 1
        return NOTIMPL
    mine, theirs = u.args.items, other.args.items
    same = len(mine) == len(theirs) and all(any(a is b for b in theirs) for a in mine)
    return new_bool(same)


@method(union_type, "__hash__")
def _union_hash(u):
    h = 0
    for a in u.args.items:
        h ^= abstract.hash_(a)
    return new_int(h)


add_getset(union_type, "__args__", lambda u: core.incref(u.args))
add_getset(union_type, "__parameters__", lambda u: new_tuple([]))


def _union_check(u, what):
    for a in u.args.items:
        if type(a) is PyGenericAlias:
            raise exc("TypeError", "%s() argument 2 cannot be a parameterized generic"
                      % what)


@method(union_type, "__instancecheck__")
def _union_instancecheck(u, obj):
    _union_check(u, "isinstance")
    return new_bool(any(abstract.isinstance_(obj, a) for a in u.args.items))


@method(union_type, "__subclasscheck__")
def _union_subclasscheck(u, cls):
    _union_check(u, "issubclass")
    return new_bool(any(abstract.issubclass_(cls, a) for a in u.args.items))


from minipy.runtime import builtins_extra as _builtins_extra  # noqa: E402,F401 (memoryview, more modules)
