"""The abstract object protocol: what ``a + b``, ``x.attr``, ``f(x)`` mean.

These functions implement Python's operator semantics on top of the type
objects, as CPython's ``Objects/abstract.c``, ``object.c`` and
``typeobject.c`` do: binary operators try ``a.__op__(b)`` and the reflected
``b.__rop__(a)`` (the subclass first when it overrides it), comparisons fall
back to identity for ``==``, attribute access follows the descriptor protocol
(data descriptors, then the instance ``__dict__``, then other class
attributes, then ``__getattr__``), and calls dispatch on the kind of callable.

Conventions: arguments are borrowed references; every function returning an
object returns a *new* reference.  Errors raise ``PyExc`` carrying a minipy
exception object; no host exception escapes.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import PyType, lookup, type_type, object_type, TPFLAGS_EXCEPTION
from minipy.objects import typeobject
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int, TRUE, FALSE
from minipy.objects.floatobject import PyFloat, float_type, new_float
from minipy.objects.complexobject import PyComplex, complex_type as _complex_type
from minipy.objects.bytesobject import PyBytes, bytes_type as _bytes_type
from minipy.objects.strobject import PyStr, str_type, new_str
from minipy.runtime.strhash import str_hash as _str_hash
from minipy.objects.tupleobject import PyTuple, tuple_type, new_tuple
from minipy.objects.listobject import PyList, list_type
from minipy.objects.dictobject import PyDict, dict_type
from minipy.objects import dictobject
from minipy.objects.setobject import PySet
from minipy.objects.singletons import NONE, NOTIMPL
from minipy.objects.descr import (PyMethodDescr, PyClassMethodDescr, PyGetSetDescr, PyMemberDescr,
                                  PyBuiltinFunction, bind_method_descr)
from minipy.objects.funcobject import (PyFunction, PyMethod, PyStaticMethod, PyClassMethod,
                                       PyProperty, new_method)
from minipy.objects.exceptions import PyExc, PyBaseException, EXC_TYPES, new_exception
from minipy.objects.dictobject import dict_setitem_str, new_dict
from minipy.objects.instance import PyInstance
from minipy.gc.state import EMBEDDED, materialize
from minipy.bytecode.opcodes import BINARY_OPS, COMPARE_OPS
from minipy.objects.moduleobject import module_type as _module_type

# Hooks set by the VM.
call_function = None        # (func, args list, kwargs dict|None) -> result


# ---------------------------------------------------------------------------
# Raising
# ---------------------------------------------------------------------------

def exc(name, msg=None):
    """Build a PyExc for built-in exception ``name`` with message ``msg``."""
    tp = EXC_TYPES[name]
    if msg is None:
        args = new_tuple(())
    else:
        args = new_tuple((new_str(msg),))
    return PyExc(new_exception(tp, args))


def exc_args(tp, args_objs):
    """PyExc for exception type ``tp`` with argument objects (new references)."""
    return PyExc(new_exception(tp, new_tuple(args_objs)))


def type_name(o):
    return o.ob_type.name


# ---------------------------------------------------------------------------
# Truth, identity helpers
# ---------------------------------------------------------------------------

def new_bool(b):
    o = TRUE if b else FALSE
    o.ob_refcnt += 1
    return o


def truth(o):
    """Python truthiness as a host bool."""
    if o is TRUE:
        return True
    if o is FALSE or o is NONE:
        return False
    t = o.ob_type
    if t is int_type or t is float_type or t is str_type:
        return bool(o.value)
    if t is list_type or t is tuple_type:
        return bool(o.items)
    if t is dict_type:
        return bool(o.dv)
    f = lookup(t, "__bool__")
    if f is not None:
        r = call_dunder(f, o, ())
        if r.ob_type is not bool_type:
            decref(r)
            raise exc("TypeError", "__bool__ should return bool, returned %s" % type_name(r))
        decref(r)
        return r is TRUE
    f = lookup(t, "__len__")
    if f is not None:
        return length(o) != 0
    return True


# ---------------------------------------------------------------------------
# Calling
# ---------------------------------------------------------------------------

def call_dunder(f, self_obj, args):
    """Call a special method found on a type with ``self_obj`` and ``args`` (a host tuple)."""
    t = type(f)
    if t is PyMethodDescr:
        return f.impl(self_obj, *args) if not f.takes_kw else f.impl(self_obj, list(args), None)
    if t is PyFunction:
        return call_function(f, [self_obj] + list(args), None)
    # a staticmethod, classmethod or any other descriptor/callable
    bound = descr_get(f, self_obj, self_obj.ob_type)
    try:
        return call(bound, list(args), None)
    finally:
        decref(bound)


def _arity_error(name, minargs, maxargs, got, qualname=None):
    if minargs == maxargs:
        # METH_NOARGS / METH_O: CPython names the function by its qualified name
        if minargs == 0:
            return exc("TypeError", "%s() takes no arguments (%d given)"
                       % (qualname or name, got))
        if minargs == 1:
            return exc("TypeError", "%s() takes exactly one argument (%d given)"
                       % (qualname or name, got))
        return exc("TypeError", "%s expected %d arguments, got %d" % (name, minargs, got))
    if got < minargs:
        return exc("TypeError", "%s expected at least %d argument%s, got %d"
                   % (name, minargs, "" if minargs == 1 else "s", got))
    return exc("TypeError", "%s expected at most %d argument%s, got %d"
               % (name, maxargs, "" if maxargs == 1 else "s", got))


def _module_arity_error(f, got):
    """Arity errors of module-level functions, worded as CPython's C functions word them."""
    if f.minargs == f.maxargs == 1:
        return exc("TypeError", "%s.%s() takes exactly one argument (%d given)"
                   % (f.module, f.name, got))
    if f.minargs == f.maxargs == 0:
        return exc("TypeError", "%s.%s() takes no arguments (%d given)" % (f.module, f.name, got))
    if got < f.minargs:
        return exc("TypeError", "%s() takes at least %d argument%s (%d given)"
                   % (f.name, f.minargs, "" if f.minargs == 1 else "s", got))
    return exc("TypeError", "%s() takes at most %d argument%s (%d given)"
               % (f.name, f.maxargs, "" if f.maxargs == 1 else "s", got))


def call_builtin(f, args, kwargs):
    s = f.self_obj
    if f.takes_kw:
        if s is not None:
            return f.impl(s, args, kwargs)
        return f.impl(args, kwargs)
    if kwargs:
        raise exc("TypeError", "%s() takes no keyword arguments" % f.name)
    n = len(args)
    if n < f.minargs or n > f.maxargs:
        if s is None and f.module not in (None, "builtins"):
            raise _module_arity_error(f, n)
        raise _arity_error(f.name, f.minargs, f.maxargs, n, f.qualname)
    if s is not None:
        return f.impl(s, *args)
    return f.impl(*args)


def call_method_descr(d, args, kwargs):
    """Calling an unbound built-in method: ``str.upper('a')``."""
    if not args:
        raise exc("TypeError", "unbound method %s.%s() needs an argument" % (d.owner.name, d.name))
    self_obj = args[0]
    if not typeobject.is_subtype(self_obj.ob_type, d.owner):
        raise exc("TypeError", "descriptor '%s' for '%s' objects doesn't apply to a '%s' object"
                  % (d.name, d.owner.name, type_name(self_obj)))
    rest = args[1:]
    if d.takes_kw:
        return d.impl(self_obj, rest, kwargs)
    if kwargs:
        raise exc("TypeError", "%s.%s() takes no keyword arguments" % (d.owner.name, d.name))
    n = len(rest)
    if n < d.minargs or n > d.maxargs:
        raise _arity_error(d.name, d.minargs, d.maxargs, n, d.owner.name + "." + d.name)
    return d.impl(self_obj, *rest)


def call(f, args, kwargs=None):
    """f(*args, **kwargs): ``args`` a host list, ``kwargs`` a host dict str -> obj or None."""
    t = type(f)
    if t is PyFunction:
        return call_function(f, args, kwargs)
    if t is PyBuiltinFunction:
        return call_builtin(f, args, kwargs)
    if t is PyMethod:
        return call(f.func, [f.self_obj] + args, kwargs)
    if t is PyType:
        meta = f.ob_type
        if meta.is_heaptype:
            # a metaclass may define __call__ (singletons, registries...)
            c = lookup(meta, "__call__")
            if type(c) is PyFunction:
                return call_function(c, [f] + args, kwargs)
        return type_call(f, args, kwargs)
    if t is PyMethodDescr:
        return call_method_descr(f, args, kwargs)
    if isinstance(f, PyType):
        return type_call(f, args, kwargs)
    tc = f.ob_type.tp_call
    if tc is not None:
        return tc(f, args, kwargs)
    c = lookup(f.ob_type, "__call__")
    if c is None:
        raise exc("TypeError", "'%s' object is not callable" % type_name(f))
    if type(c) is PyFunction:
        return call_function(c, [f] + args, kwargs)
    bound = descr_get(c, f, f.ob_type)
    try:
        return call(bound, args, kwargs)
    finally:
        decref(bound)


def type_call(tp, args, kwargs):
    """Calling a class: __new__ then __init__ (CPython's type_call)."""
    if tp is type_type and len(args) == 1 and not kwargs:
        t = args[0].ob_type
        t.ob_refcnt += 1
        return t
    new = lookup(tp, "__new__")
    if type(new) is PyStaticMethod:
        new = new.func
    if type(new) is PyBuiltinFunction and new.self_obj is None and new.impl is object_new_impl:
        obj = object_new(tp, args, kwargs)
    else:
        obj = call(new, [tp] + args, kwargs)
    if not typeobject.is_subtype(obj.ob_type, tp):
        return obj
    init = lookup(obj.ob_type, "__init__")
    if init is not None and not (type(init) is PyMethodDescr and init.impl is object_init_impl):
        if type(init) is PyFunction:
            try:
                r = call_function(init, [obj] + args, kwargs)
            except PyExc:
                decref(obj)
                raise
        else:
            try:
                bound = descr_get(init, obj, obj.ob_type)
            except PyExc:
                decref(obj)
                raise
            try:
                r = call(bound, args, kwargs)
            except PyExc:
                decref(bound)
                decref(obj)
                raise
            decref(bound)
        if r is not NONE:
            decref(r)
            decref(obj)
            raise exc("TypeError", "__init__() should return None, not '%s'" % type_name(r))
        decref(r)
    return obj


def _wrap_init_error(obj):
    decref(obj)


# object.__new__ and object.__init__ are defined by the builtins module;
# these references let type_call recognise them.
object_new_impl = None
object_init_impl = None
object_new = None


# ---------------------------------------------------------------------------
# Attributes
# ---------------------------------------------------------------------------

def descr_get(d, obj, tp):
    """Apply the descriptor protocol to a class attribute ``d`` (new reference)."""
    t = type(d)
    if t is PyFunction:
        if obj is None:
            d.ob_refcnt += 1
            return d
        return new_method(d, obj)
    if t is PyMethodDescr:
        if obj is None:
            d.ob_refcnt += 1
            return d
        return bind_method_descr(d, obj)
    if t is PyClassMethodDescr:
        return bind_method_descr(d, tp)
    if t is PyClassMethod:
        return new_method(d.func, tp)
    if t is PyStaticMethod:
        d.func.ob_refcnt += 1
        return d.func
    if t is PyProperty:
        if obj is None:
            d.ob_refcnt += 1
            return d
        if d.fget is None:
            raise exc("AttributeError", "property object has no getter")
        return call(d.fget, [obj])
    if t is PyGetSetDescr:
        if obj is None:
            d.ob_refcnt += 1
            return d
        return d.getter(obj)
    if t is PyMemberDescr:
        if obj is None:
            d.ob_refcnt += 1
            return d
        v = obj.slot_vals[d.index]
        if v is None:
            raise exc("AttributeError", "'%s' object has no attribute '%s'" % (type_name(obj), d.name))
        v.ob_refcnt += 1
        return v
    g = lookup(d.ob_type, "__get__")
    if g is not None:
        return call_dunder(g, d, (obj if obj is not None else NONE, tp))
    d.ob_refcnt += 1
    return d


def is_data_descr(d):
    t = type(d)
    if t is PyProperty or t is PyGetSetDescr or t is PyMemberDescr:
        return True
    if t is PyFunction or t is PyMethodDescr or t is PyInt or t is PyStr:
        return False
    return lookup(d.ob_type, "__set__") is not None or lookup(d.ob_type, "__delete__") is not None


def instance_dict(o):
    """The instance ``__dict__`` of ``o`` if it has one (borrowed), else None."""
    # (getattr with a default: objects whose host class has no such slot are
    # the common case here, and must not cost a raised AttributeError each)
    return getattr(o, "inst_dict", None)


def getattr_(o, name):
    """getattr(o, name) for a host str name; new reference."""
    tp = o.ob_type
    if tp.has_getattribute:
        return custom_getattribute(o, name)
    if isinstance(o, PyType):
        if tp.has_getattr:
            return type_getattr_hook(o, name)
        return type_getattr(o, name)
    return generic_getattr(o, name)


def type_getattr_hook(cls, name):
    """Attribute lookup on a class whose metaclass defines __getattr__: that
    is called when the ordinary lookup raises AttributeError."""
    meta = cls.ob_type
    try:
        return type_getattr(cls, name)
    except PyExc as e:
        if not isinstance_(e.exc, EXC_TYPES["AttributeError"]):
            raise
        decref(e.exc)
    return call_dunder(lookup(meta, "__getattr__"), cls, (new_str_borrowed(name),))


def custom_getattribute(o, name):
    """getattr through a type's own __getattribute__ (super, or a user class's)."""
    tp = o.ob_type
    ga = lookup(tp, "__getattribute__")
    try:
        return call_dunder(ga, o, (new_str_borrowed(name),))
    except PyExc as e:
        if not tp.has_getattr or not isinstance_(e.exc, EXC_TYPES["AttributeError"]):
            raise
        decref(e.exc)
    return call_dunder(lookup(tp, "__getattr__"), o, (new_str_borrowed(name),))


def _generic_lookup(o, name, tp):
    """object.__getattribute__ without its final AttributeError: data
    descriptors, instance dict, other class attributes; None when absent."""
    d = lookup(tp, name)
    if d is not None and is_data_descr(d):
        return descr_get(d, o, tp)
    idict = instance_dict(o)
    if idict is not None:
        v = idict.dv.get(name)
        if v is not None:
            v.ob_refcnt += 1
            return v
    if d is not None:
        return descr_get(d, o, tp)
    return None


def generic_getattr(o, name):
    """object.__getattribute__: data descriptors, instance dict, other class
    attributes; then a class's ``__getattr__``, also when a descriptor (a
    property's getter) raised AttributeError (CPython's slot_tp_getattr_hook)."""
    tp = o.ob_type
    if isinstance(o, PyType):
        return type_getattr(o, name)
    if tp.has_getattr:
        ga = lookup(tp, "__getattr__")
        if ga is not None:
            try:
                v = _generic_lookup(o, name, tp)
            except PyExc as e:
                if not isinstance_(e.exc, EXC_TYPES["AttributeError"]):
                    raise
                decref(e.exc)
                v = None
            if v is not None:
                return v
            return call_dunder(ga, o, (new_str_borrowed(name),))
    v = _generic_lookup(o, name, tp)
    if v is not None:
        return v
    if type(o) is PyMethod:
        # method_getattro: what the method type lacks is looked up on the function
        return getattr_(o.func, name)
    if tp is _module_type:
        return module_getattr_hook(o, name)
    raise attribute_error(o, name)


def module_getattr_hook(m, name):
    """A name a module's dict lacks: the module's own ``__getattr__`` (PEP 562), else
    CPython's AttributeError."""
    ga = m.dict.dv.get("__getattr__")
    if ga is not None:
        return call(ga, [new_str_borrowed(name)], None)
    raise attribute_error(m, name)


def new_str_borrowed(name):
    """A str object for an argument list; the caller does not own it (interned)."""
    from minipy.objects.strobject import intern_str
    s = intern_str(name)
    s.ob_refcnt -= 1      # interned strings are kept alive by the intern table
    return s


def attribute_error(o, name):
    if isinstance(o, PyType):
        e = exc("AttributeError", "type object '%s' has no attribute '%s'" % (o.name, name))
    else:
        from minipy.objects.moduleobject import PyModule
        if type(o) is PyModule:
            e = exc("AttributeError", "module '%s' has no attribute '%s'" % (o.name, name))
        else:
            e = exc("AttributeError", "'%s' object has no attribute '%s'" % (type_name(o), name))
    e.exc.name = name              # AttributeError.name / .obj, for suggestions
    o.ob_refcnt += 1
    e.exc.obj = o
    return e


def type_getattr(tp, name):
    """Attribute lookup on a class object (CPython's type_getattro)."""
    meta = tp.ob_type
    md = lookup(meta, name)
    if md is not None and is_data_descr(md):
        return descr_get(md, tp, meta)
    d = lookup(tp, name)
    if d is not None:
        t = type(d)
        if t is PyFunction or t is PyProperty or t is PyMethodDescr or t is PyGetSetDescr \
                or t is PyMemberDescr:
            d.ob_refcnt += 1
            return d
        return descr_get(d, None, tp)
    if md is not None:
        return descr_get(md, tp, meta)
    raise attribute_error(tp, name)


def setattr_(o, name, v):
    """o.name = v (v borrowed)."""
    tp = o.ob_type
    if tp.has_setattr:
        f = lookup(tp, "__setattr__")
        decref(call_dunder(f, o, (new_str_borrowed(name), v)))
        return
    generic_setattr(o, name, v)


def generic_setattr(o, name, v):
    """object.__setattr__: data descriptors, else the instance dict."""
    tp = o.ob_type
    if isinstance(o, PyType):
        return type_setattr(o, name, v)
    d = lookup(tp, name)
    if d is not None:
        t = type(d)
        if t is PyProperty:
            if d.fset is None:
                raise _no_accessor(d, tp, "setter")
            decref(call(d.fset, [o, v]))
            return
        if t is PyMemberDescr:
            old = o.slot_vals[d.index]
            v.ob_refcnt += 1
            o.slot_vals[d.index] = v
            if old is not None:
                decref(old)
            return
        if t is PyGetSetDescr:
            if d.setter is None:
                raise exc("AttributeError", "attribute '%s' of '%s' objects is not writable"
                          % (name, _getset_owner_name(d, tp)))
            d.setter(o, v)
            return
        if t is not PyFunction and t is not PyMethodDescr:
            s = lookup(d.ob_type, "__set__")
            if s is not None:
                decref(call_dunder(s, d, (o, v)))
                return
    if tp.has_dict is False:
        if d is None:
            raise exc("AttributeError", "'%s' object has no attribute '%s'" % (tp.name, name))
        raise exc("AttributeError", "'%s' object attribute '%s' is read-only" % (tp.name, name))
    idict = o.inst_dict
    if idict is None:
        if type(o) is PyInstance:
            # CPython 3.11 keeps a plain instance's attributes inline ("managed
            # dict"): no separate object for the collector until __dict__ is read
            idict = o.inst_dict = dictobject.new_inline_dict()
        else:
            idict = o.inst_dict = new_dict()
    dict_setitem_str(idict, name, v)


def _no_accessor(p, tp, what):
    """CPython's message for a property without a setter or deleter: it names
    the property only if ``__set_name__`` told it its name."""
    if p.name is not None:
        return exc("AttributeError", "property '%s' of '%s' object has no %s"
                   % (p.name, tp.name, what))
    return exc("AttributeError", "property of '%s' object has no %s" % (tp.name, what))


def delattr_(o, name):
    tp = o.ob_type
    if tp.has_setattr:
        f = lookup(tp, "__delattr__")
        decref(call_dunder(f, o, (new_str_borrowed(name),)))
        return
    generic_delattr(o, name)


def _getset_owner_name(d, tp):
    owner = getattr(d, "owner", None)
    return owner.name if isinstance(owner, PyType) else tp.name


def generic_delattr(o, name):
    tp = o.ob_type
    if isinstance(o, PyType):
        return type_setattr(o, name, None)
    d = lookup(tp, name)
    if d is not None:
        t = type(d)
        if t is PyProperty:
            if d.fdel is None:
                raise _no_accessor(d, tp, "deleter")
            decref(call(d.fdel, [o]))
            return
        if t is PyMemberDescr:
            old = o.slot_vals[d.index]
            if old is None:
                raise exc("AttributeError", name)
            o.slot_vals[d.index] = None
            decref(old)
            return
        if t is PyGetSetDescr and d.setter is None:
            raise exc("AttributeError", "attribute '%s' of '%s' objects is not writable"
                      % (name, _getset_owner_name(d, tp)))
        if t is not PyFunction and t is not PyMethodDescr and t is not PyGetSetDescr:
            s = lookup(d.ob_type, "__delete__")
            if s is not None:
                decref(call_dunder(s, d, (o,)))
                return
    idict = instance_dict(o)
    if idict is None and d is not None and not tp.has_dict:
        raise exc("AttributeError", "'%s' object attribute '%s' is read-only"
                  % (type_name(o), name))
    if idict is None or not dictobject.dict_delitem_hk(idict, name):
        raise attribute_error(o, name)


def type_setattr(tp, name, v):
    if not tp.is_heaptype:
        raise exc("TypeError", "cannot set '%s' attribute of immutable type '%s'" % (name, tp.name))
    md = lookup(tp.ob_type, name)
    if md is not None and type(md) is PyGetSetDescr and md.setter is not None:
        if v is None:
            raise exc("TypeError", "cannot delete '%s' attribute" % name)
        md.setter(tp, v)
        return
    if v is None:
        if not dictobject.dict_delitem_hk(tp.dict, name):
            raise exc("AttributeError", "type object '%s' has no attribute '%s'" % (tp.name, name))
    else:
        dict_setitem_str(tp.dict, name, v)
    if name == "__abstractmethods__":
        # CPython's Py_TPFLAGS_IS_ABSTRACT: object.__new__ refuses the class
        if v is not None and truth(v):
            tp.flags |= TPFLAGS_IS_ABSTRACT
        else:
            tp.flags &= ~TPFLAGS_IS_ABSTRACT
    typeobject.invalidate_caches()
    update_type_flags(tp)


TPFLAGS_IS_ABSTRACT = 1 << 20


def update_type_flags(tp):
    from minipy.objects.typeobject import lookup as lk
    for t in [tp] + list(_all_subclasses(tp)):
        t.has_finalizer = lk(t, "__del__") is not None
        t.has_getattr = lk(t, "__getattr__") is not None
        t.has_getattribute = lk(t, "__getattribute__") is not lk(object_type, "__getattribute__")
        t.has_setattr = (lk(t, "__setattr__") is not lk(object_type, "__setattr__")
                         or lk(t, "__delattr__") is not lk(object_type, "__delattr__"))


def _all_subclasses(tp):
    for s in tp.subclasses:
        yield s
        for x in _all_subclasses(s):
            yield x


# ---------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------

def _binop_error(a, b, sym):
    if sym == "+=":
        sym = "+" if a.ob_type in (str_type, list_type, tuple_type) else sym
    if sym == "+" and a.ob_type is str_type:
        return exc("TypeError", 'can only concatenate str (not "%s") to str' % type_name(b))
    if sym == "+" and a.ob_type is list_type:
        return exc("TypeError", 'can only concatenate list (not "%s") to list' % type_name(b))
    if sym == "+" and a.ob_type is tuple_type:
        return exc("TypeError", 'can only concatenate tuple (not "%s") to tuple' % type_name(b))
    if sym == "**":
        return exc("TypeError", "unsupported operand type(s) for ** or pow(): '%s' and '%s'"
                   % (type_name(a), type_name(b)))
    return exc("TypeError", "unsupported operand type(s) for %s: '%s' and '%s'"
               % (sym, type_name(a), type_name(b)))


def _try_op(f, a, b):
    if type(f) is PyMethodDescr:
        return f.impl(a, b)
    return call_dunder(f, a, (b,))


def binary_op(a, b, op):
    """a <op> b for BINARY_OP operand ``op`` (in-place forms try __iop__ first)."""
    sym, name, rname, iname = BINARY_OPS[op]
    ta, tb = a.ob_type, b.ob_type
    if op >= 13:
        f = lookup(ta, iname)
        if f is not None:
            r = _try_op(f, a, b)
            if r is not NOTIMPL:
                return r
            decref(r)
        sym_plain = sym[:-1]
    else:
        sym_plain = sym
    fa = lookup(ta, name)
    fb = lookup(tb, rname) if tb is not ta else None
    # a subclass's reflected method goes first when it overrides the left type's
    if fb is not None and typeobject.is_subtype(tb, ta) and fb is not lookup(ta, rname):
        r = _try_op(fb, b, a)
        if r is not NOTIMPL:
            return r
        decref(r)
        fb = None
    if fa is not None:
        r = _try_op(fa, a, b)
        if r is not NOTIMPL:
            return r
        decref(r)
    if fb is not None:
        r = _try_op(fb, b, a)
        if r is not NOTIMPL:
            return r
        decref(r)
    if sym_plain == "*" and (op == 2 or op == 15):
        pass
    raise _binop_error(a, b, sym if op < 13 else sym)


def _cmp_error(a, b, sym):
    return exc("TypeError", "'%s' not supported between instances of '%s' and '%s'"
               % (sym, type_name(a), type_name(b)))


def compare(a, b, op):
    """Rich comparison, returning a new reference (CPython's do_richcompare)."""
    sym, name, rname = COMPARE_OPS[op]
    ta, tb = a.ob_type, b.ob_type
    checked_reflected = False
    if ta is not tb and typeobject.is_subtype(tb, ta):
        fb = lookup(tb, rname)
        if fb is not None and fb is not lookup(ta, rname):
            checked_reflected = True
            r = _try_op(fb, b, a)
            if r is not NOTIMPL:
                return r
            decref(r)
    fa = lookup(ta, name)
    if fa is not None:
        r = _try_op(fa, a, b)
        if r is not NOTIMPL:
            return r
        decref(r)
    if not checked_reflected:
        fb = lookup(tb, rname)
        if fb is not None:
            r = _try_op(fb, b, a)
            if r is not NOTIMPL:
                return r
            decref(r)
    if op == 2:
        return new_bool(a is b)
    if op == 3:
        return new_bool(a is not b)
    raise _cmp_error(a, b, sym)


def compare_bool(a, b, op):
    r = compare(a, b, op)
    if r is TRUE:
        r.ob_refcnt -= 1
        return True
    if r is FALSE:
        r.ob_refcnt -= 1
        return False
    try:
        return truth(r)
    finally:
        decref(r)


def eq(a, b):
    """a == b as a host bool, with the identity shortcut of containers."""
    if a is b:
        return True
    ta = a.ob_type
    if ta is b.ob_type and (ta is str_type or ta is int_type):
        return a.value == b.value
    return compare_bool(a, b, 2)


def lt(a, b):
    ta = a.ob_type
    if ta is b.ob_type and (ta is int_type or ta is str_type or ta is float_type):
        return a.value < b.value
    return compare_bool(a, b, 0)


# ---------------------------------------------------------------------------
# repr / str / hash / format
# ---------------------------------------------------------------------------

def repr_(o):
    """repr(o) as a new str object."""
    f = lookup(o.ob_type, "__repr__")
    r = call_dunder(f, o, ())
    if r.ob_type is not str_type and not typeobject.is_subtype(r.ob_type, str_type):
        decref(r)
        raise exc("TypeError", "__repr__ returned non-string (type %s)" % type_name(r))
    return r


_repr_depth = [set()]


def repr_host(o):
    """repr(o) as a host str."""
    t = o.ob_type
    if t is str_type:
        return repr(o.value)
    if t is int_type:
        return repr(o.value)
    r = repr_(o)
    s = r.value
    decref(r)
    return s


def str_(o):
    """str(o) as a new str object."""
    t = o.ob_type
    if t is str_type:
        o.ob_refcnt += 1
        return o
    f = lookup(t, "__str__")
    r = call_dunder(f, o, ())
    if not typeobject.is_subtype(r.ob_type, str_type):
        decref(r)
        raise exc("TypeError", "__str__ returned non-string (type %s)" % type_name(r))
    return r


def str_host(o):
    t = o.ob_type
    if t is str_type:
        return o.value
    r = str_(o)
    s = r.value
    decref(r)
    return s


def hash_(o):
    """hash(o) as a host int."""
    t = o.ob_type
    if t is int_type or t is bool_type:
        return hash(o.value)
    if t is str_type:
        return _str_hash(o.value)
    if t is float_type:
        v = o.value
        if v != v:          # NaN: CPython 3.10+ hashes the object's address
            from minipy.runtime.types_methods import pointer_hash
            return pointer_hash(o.ob_addr)
        return hash(v)
    f = lookup(t, "__hash__")
    if f is None or f is NONE:
        raise exc("TypeError", "unhashable type: '%s'" % t.name)
    r = call_dunder(f, o, ())
    if not isinstance(r, PyInt):
        decref(r)
        raise exc("TypeError", "__hash__ method should return an integer")
    v = r.value
    decref(r)
    # CPython keeps a result that fits in Py_hash_t (only -1 becomes -2) and
    # hashes a larger int
    if -(1 << 63) <= v < (1 << 63):
        return -2 if v == -1 else int(v)
    return hash(v)


def format_(o, spec):
    """format(o, spec) with a host str spec; returns a host str."""
    f = lookup(o.ob_type, "__format__")
    specobj = new_str(spec)
    try:
        r = call_dunder(f, o, (specobj,))
    finally:
        decref(specobj)
    if not typeobject.is_subtype(r.ob_type, str_type):
        decref(r)
        raise exc("TypeError", "__format__ must return a str, not %s" % type_name(r))
    s = r.value
    decref(r)
    return s


# ---------------------------------------------------------------------------
# Host keys for dicts and sets
# ---------------------------------------------------------------------------

class UserKey:
    """Host key for an object whose class defines its own __hash__/__eq__."""
    __slots__ = ("obj", "h")

    def __init__(self, obj, h):
        self.obj = obj
        self.h = h

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        if type(other) is UserKey:
            return eq(self.obj, other.obj)
        # the host key of a built-in object (0.5 looked up in {Fraction(1, 2): ...}
        # or the other way round): compare the program's objects, as CPython does
        t = type(other)
        if t is float:
            o = new_float(other)
        elif t is int:
            o = new_int(other)
        elif t is str:
            o = new_str(other)
        elif t is bool:
            o = core.incref(TRUE if other else FALSE)
        else:
            return NotImplemented
        try:
            return eq(self.obj, o)
        finally:
            decref(o)


_default_hash = None      # object.__hash__ descriptor, set by builtins
_default_eq = None


def user_hostkey(o):
    t = o.ob_type
    if t is tuple_type:
        return tuple([hostkey(x) for x in o.items])
    if o is NONE:
        return None
    if t is _complex_type or t is _bytes_type:
        return o.value      # a host complex: equal ints/floats find the same entry
    if isinstance(o, (PyInt, PyStr, PyFloat, PyComplex, PyBytes)) and lookup(t, "__hash__") is lookup(o.ob_type.base, "__hash__") \
            and lookup(t, "__eq__") is lookup(o.ob_type.base, "__eq__"):
        return o.value
    if isinstance(o, PyTuple) and lookup(t, "__hash__") is lookup(tuple_type, "__hash__") \
            and lookup(t, "__eq__") is lookup(tuple_type, "__eq__"):
        # a tuple subclass that keeps tuple's hash and equality (a namedtuple)
        # is the same key as the plain tuple of its items
        return tuple([hostkey(x) for x in o.items])
    h = lookup(t, "__hash__")
    if h is None or h is NONE:
        raise exc("TypeError", "unhashable type: '%s'" % t.name)
    if h is _default_hash and lookup(t, "__eq__") is _default_eq:
        return o
    return UserKey(o, hash_(o))


dictobject.user_hostkey = user_hostkey
hostkey = dictobject.hostkey


# ---------------------------------------------------------------------------
# Iteration, length, subscripts, containment
# ---------------------------------------------------------------------------

def get_iter(o):
    f = lookup(o.ob_type, "__iter__")
    if f is None or f is NONE:
        # (__iter__ = None in a class says "not iterable", __getitem__ or not)
        if f is None and lookup(o.ob_type, "__getitem__") is not None:
            from minipy.runtime import builtins_core
            return builtins_core.new_seq_iter(o)
        raise exc("TypeError", "'%s' object is not iterable" % type_name(o))
    r = call_dunder(f, o, ())
    if r.ob_type.tp_iternext is None and lookup(r.ob_type, "__next__") is None:
        decref(r)
        raise exc("TypeError", "iter() returned non-iterator of type '%s'" % type_name(r))
    return r


def next_(it):
    """The next item (new reference), or None when the iterator is exhausted."""
    nx = it.ob_type.tp_iternext
    if nx is not None:
        return nx(it)
    f = lookup(it.ob_type, "__next__")
    if f is None:
        raise exc("TypeError", "'%s' object is not an iterator" % type_name(it))
    try:
        return call_dunder(f, it, ())
    except PyExc as e:
        if e.exc.ob_type is EXC_TYPES["StopIteration"] or \
                typeobject.is_subtype(e.exc.ob_type, EXC_TYPES["StopIteration"]):
            decref(e.exc)
            return None
        raise


def length(o):
    t = o.ob_type
    if t is list_type or t is tuple_type:
        return len(o.items)
    if t is str_type:
        return len(o.value)
    if t is dict_type:
        return len(o.dv)
    f = lookup(t, "__len__")
    if f is None:
        raise exc("TypeError", "object of type '%s' has no len()" % t.name)
    r = call_dunder(f, o, ())
    if isinstance(r, PyInt):
        v = r.value
        decref(r)
    else:
        try:                    # CPython's slot_sq_length: _PyNumber_Index of the result
            v = index_value(r)
        finally:
            decref(r)
    if v < 0:
        raise exc("ValueError", "__len__() should return >= 0")
    if v >= 1 << 63:
        raise exc("OverflowError", "cannot fit 'int' into an index-sized integer")
    return v


def getitem(o, key):
    f = lookup(o.ob_type, "__getitem__")
    if f is None:
        if isinstance(o, PyType):
            cg = lookup(o, "__class_getitem__")
            if cg is not None:
                bound = descr_get(cg, None, o)
                try:
                    return call(bound, [key])
                finally:
                    decref(bound)
            if o is type_type or typeobject.is_subtype(o, object_type):
                from minipy.runtime.builtins_core import generic_alias
                return generic_alias(o, key)
        raise exc("TypeError", "'%s' object is not subscriptable" % type_name(o))
    return _try_op(f, o, key)


def setitem(o, key, v):
    f = lookup(o.ob_type, "__setitem__")
    if f is None:
        raise exc("TypeError", "'%s' object does not support item assignment" % type_name(o))
    if type(f) is PyMethodDescr:
        r = f.impl(o, key, v)
    else:
        r = call_dunder(f, o, (key, v))
    decref(r)


def delitem(o, key):
    f = lookup(o.ob_type, "__delitem__")
    if f is None:
        raise exc("TypeError", "'%s' object doesn't support item deletion" % type_name(o))
    decref(_try_op(f, o, key))


def contains(container, item):
    """``item in container`` as a host bool."""
    f = lookup(container.ob_type, "__contains__")
    if f is not None:
        if f is NONE:           # __contains__ = None (CPython's slot_sq_contains)
            raise exc("TypeError", "'%s' object is not a container" % type_name(container))
        r = _try_op(f, container, item)
        try:
            return truth(r)
        finally:
            decref(r)
    try:
        it = get_iter(container)
    except PyExc as e:
        if not isinstance_(e.exc, EXC_TYPES["TypeError"]):
            raise
        # CPython's _PySequence_IterSearch words it for the ``in`` operator
        decref(e.exc)
        raise exc("TypeError", "argument of type '%s' is not iterable" % type_name(container))
    try:
        while True:
            x = next_(it)
            if x is None:
                return False
            try:
                if x is item or eq(x, item):
                    return True
            finally:
                decref(x)
    finally:
        decref(it)


def index_value(o, what="integer"):
    """o.__index__() as a host int (slice bounds, range arguments, indexing)."""
    if isinstance(o, PyInt) and (o.ob_type is int_type or o.ob_type is bool_type):
        return int(o.value)
    f = lookup(o.ob_type, "__index__")
    if f is None:
        raise exc("TypeError", "'%s' object cannot be interpreted as an %s" % (type_name(o), what))
    r = call_dunder(f, o, ())
    if not isinstance(r, PyInt):
        decref(r)
        raise exc("TypeError", "__index__ returned non-int (type %s)" % type_name(r))
    v = r.value
    decref(r)
    return int(v)


def _call_truth(f, self_obj, arg):
    """f(self_obj, arg) (a special method) as a host bool."""
    r = call_dunder(f, self_obj, (arg,))
    try:
        return truth(r)
    finally:
        decref(r)


def isinstance_(o, cls):
    """isinstance(o, cls) as a host bool (cls: a type or a tuple of types)."""
    if type(cls) is PyTuple or cls.ob_type is tuple_type:
        return any(isinstance_(o, c) for c in cls.items)
    if not isinstance(cls, PyType):
        ic = lookup(cls.ob_type, "__instancecheck__")
        if ic is not None:
            return _call_truth(ic, cls, o)
        raise exc("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union")
    if o.ob_type is cls:
        return True
    meta = cls.ob_type
    if meta is not type_type and meta.is_heaptype:
        # a metaclass's __instancecheck__ decides (CPython skips it only for
        # exact instances and for classes whose metaclass is type itself)
        ic = lookup(meta, "__instancecheck__")
        if type(ic) is PyFunction:
            return _call_truth(ic, cls, o)
    tp = o.ob_type
    if cls in tp.mro:
        return True
    if tp.is_heaptype and (tp.has_getattribute or
                           lookup(tp, "__class__") is not object_type.dict.dv["__class__"]):
        # a class that fakes __class__ (a property, as unittest.mock's specs do)
        # passes for that class too (CPython's object_isinstance)
        try:
            icls = getattr_(o, "__class__")
        except PyExc as e:
            if not isinstance_(e.exc, EXC_TYPES["AttributeError"]):
                raise
            decref(e.exc)
            return False
        try:
            return icls is not tp and isinstance(icls, PyType) and cls in icls.mro
        finally:
            decref(icls)
    return False


def issubclass_(c, cls):
    if cls.ob_type is tuple_type:
        return any(issubclass_(c, x) for x in cls.items)
    if not isinstance(c, PyType):
        raise exc("TypeError", "issubclass() arg 1 must be a class")
    if not isinstance(cls, PyType):
        sc = lookup(cls.ob_type, "__subclasscheck__")
        if sc is not None:
            return _call_truth(sc, cls, c)
        raise exc("TypeError", "issubclass() arg 2 must be a class, a tuple of classes, or a union")
    meta = cls.ob_type
    if meta is not type_type and meta.is_heaptype:
        sc = lookup(meta, "__subclasscheck__")
        if type(sc) is PyFunction:
            return _call_truth(sc, cls, c)
    return cls in c.mro


def is_exception_type(o):
    return isinstance(o, PyType) and bool(o.flags & TPFLAGS_EXCEPTION)


def sequence_to_list(o):
    """The items of any iterable as a host list of new references."""
    t = o.ob_type
    if t is list_type or t is tuple_type:
        items = list(o.items)
        for x in items:
            x.ob_refcnt += 1
        return items
    out = []
    it = get_iter(o)
    try:
        while True:
            x = next_(it)
            if x is None:
                break
            out.append(x)
    except PyExc:
        core.decref_all(out)
        raise
    finally:
        decref(it)
    return out
