"""Descriptors for built-in methods and attributes, and built-in functions.

CPython describes the methods of its C types with ``PyMethodDef`` tables and
wraps each entry in a *method descriptor* stored in the type's dict; reading
``[].append`` binds it to the list, producing a ``builtin_function_or_method``.
minipy does the same with host functions:

* ``PyMethodDescr``: ``impl(self, *args)`` with a fixed arity range, or, when
  ``takes_kw`` is set, ``impl(self, args, kwargs)`` (args a host list, kwargs a
  host dict of str -> object or None).  Arguments are borrowed references; the
  result is a new reference.
* ``PyClassMethodDescr``: the same, but bound to the type (``dict.fromkeys``).
* ``PyGetSetDescr``: a computed attribute (``__class__``, ``__name__``,
  ``__dict__``) with host getter/setter: a data descriptor.
* ``PyMemberDescr``: one ``__slots__`` slot of a user class.
* ``PyBuiltinFunction``: a module-level function (``len``, ``math.sqrt``) or a
  method descriptor bound to its ``self``.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc_static, alloc
from minipy.objects.typeobject import make_type, object_type, invalidate_caches as _invalidate_caches

METHOD_DESCR_SIZE = 72      # sys.getsizeof(str.upper)
GETSET_SIZE = 64
BUILTIN_FUNC_SIZE = 72      # sys.getsizeof(len)


class PyMethodDescr(PyObject):
    __slots__ = ("name", "impl", "minargs", "maxargs", "takes_kw", "owner", "doc")


class PyClassMethodDescr(PyMethodDescr):
    __slots__ = ()


class PyGetSetDescr(PyObject):
    __slots__ = ("name", "getter", "setter", "owner", "doc")


class PyMemberDescr(PyObject):
    __slots__ = ("name", "index", "owner")


class PyBuiltinFunction(PyObject):
    __slots__ = ("name", "impl", "minargs", "maxargs", "takes_kw", "self_obj", "module", "qualname")


def _dealloc_static(o):
    from minipy.errors import InternalError
    raise InternalError("a static object reached refcount zero: %r" % (o,))


def _builtin_dealloc(o):
    s = o.self_obj
    o.self_obj = None
    core.free_block(o)
    if s is not None:
        core.decref(s)


def _builtin_traverse(o):
    return (o.self_obj,) if o.self_obj is not None else ()


def _member_traverse(o):
    return (o.owner,)


def _member_dealloc(o):
    owner = o.owner
    core.free_block(o)
    core.decref(owner)


method_descr_type = make_type("method_descriptor", host_class=PyMethodDescr,
                              basicsize=METHOD_DESCR_SIZE, dealloc=_dealloc_static, final=True)
classmethod_descr_type = make_type("classmethod_descriptor", host_class=PyClassMethodDescr,
                                   basicsize=METHOD_DESCR_SIZE, dealloc=_dealloc_static, final=True)
getset_descr_type = make_type("getset_descriptor", host_class=PyGetSetDescr,
                              basicsize=GETSET_SIZE, dealloc=_member_dealloc,
                              traverse=_member_traverse, final=True, gc=True)
member_descr_type = make_type("member_descriptor", host_class=PyMemberDescr,
                              basicsize=GETSET_SIZE, dealloc=_member_dealloc,
                              traverse=_member_traverse, final=True)
builtin_func_type = make_type("builtin_function_or_method", host_class=PyBuiltinFunction,
                              basicsize=BUILTIN_FUNC_SIZE, dealloc=_builtin_dealloc,
                              traverse=_builtin_traverse, final=True, gc=True)


_dict_setitem_str = None     # dictobject's, bound on first use (dictobject imports
                            # modules that import this one)


def _set_in_dict(tp, name, value):
    global _dict_setitem_str
    if _dict_setitem_str is None:
        # (once: a function-level import runs the import machinery at every
        # call on PyPy, where it is written in Python)
        from minipy.objects.dictobject import dict_setitem_str as _dict_setitem_str
    _dict_setitem_str(tp.dict, name, value)
    value.ob_refcnt -= 1        # (the dict holds it now: never zero here)
    # (PyType_Modified: a lookup made before this method existed may have
    # cached "no such attribute" on tp or a subtype)
    _invalidate_caches()


def add_method(tp, name, impl, minargs=0, maxargs=0, takes_kw=False, cls=False, doc=None):
    """Register a host function as method ``name`` of the built-in type ``tp``."""
    if cls:
        d = PyClassMethodDescr.__new__(PyClassMethodDescr)
        alloc_static(d, METHOD_DESCR_SIZE, classmethod_descr_type)
    else:
        d = PyMethodDescr.__new__(PyMethodDescr)
        alloc_static(d, METHOD_DESCR_SIZE, method_descr_type)
    d.name = name
    d.impl = impl
    d.minargs = minargs
    d.maxargs = maxargs
    d.takes_kw = takes_kw
    d.owner = tp
    d.doc = doc
    _set_in_dict(tp, name, d)
    return impl


def method(tp, name, minargs=None, maxargs=None, takes_kw=False, cls=False):
    """Decorator form of ``add_method``; arity defaults to the host signature."""
    def deco(fn):
        lo, hi = minargs, maxargs
        if lo is None or hi is None:
            argc = fn.__code__.co_argcount - 1
            ndef = len(fn.__defaults__ or ())
            if lo is None:
                lo = argc - ndef
            if hi is None:
                hi = argc
        add_method(tp, name, fn, lo, hi, takes_kw, cls)
        return fn
    return deco


def add_getset(tp, name, getter, setter=None, doc=None):
    d = PyGetSetDescr.__new__(PyGetSetDescr)
    alloc_static(d, GETSET_SIZE, getset_descr_type)
    d.name = name
    d.getter = getter
    d.setter = setter
    d.owner = tp
    d.doc = doc
    _set_in_dict(tp, name, d)


def new_heap_getset(tp, name, getter, setter=None):
    """A getset descriptor of a user class (``__dict__``, ``__weakref__``): a heap
    object that refers to its class, as CPython creates one per heap type."""
    d = PyGetSetDescr.__new__(PyGetSetDescr)
    d.name = name
    d.getter = getter
    d.setter = setter
    tp.ob_refcnt += 1
    d.owner = tp
    d.doc = None
    return alloc(d, GETSET_SIZE, getset_descr_type)


def getset(tp, name):
    def deco(fn):
        add_getset(tp, name, fn)
        return fn
    return deco


def new_builtin(name, impl, minargs=0, maxargs=0, takes_kw=False, module="builtins"):
    """A static built-in function (``len``, ``math.sqrt``)."""
    f = PyBuiltinFunction.__new__(PyBuiltinFunction)
    alloc_static(f, BUILTIN_FUNC_SIZE, builtin_func_type)
    f.name = name
    f.qualname = name
    f.impl = impl
    f.minargs = minargs
    f.maxargs = maxargs
    f.takes_kw = takes_kw
    f.self_obj = None
    f.module = module
    return f


def bind_method_descr(d, self_obj):
    """``obj.method`` for a built-in method: a new builtin method object."""
    f = PyBuiltinFunction.__new__(PyBuiltinFunction)
    alloc(f, BUILTIN_FUNC_SIZE, builtin_func_type)
    f.name = d.name
    f.qualname = d.owner.name + "." + d.name
    f.impl = d.impl
    f.minargs = d.minargs
    f.maxargs = d.maxargs
    f.takes_kw = d.takes_kw
    self_obj.ob_refcnt += 1
    f.self_obj = self_obj
    f.module = None
    return f


def new_member(tp, name, index):
    d = PyMemberDescr.__new__(PyMemberDescr)
    alloc(d, GETSET_SIZE, member_descr_type)
    d.name = name
    d.index = index
    tp.ob_refcnt += 1
    d.owner = tp
    return d
