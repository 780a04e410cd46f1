"""Functions, code objects, cells, bound methods and the method decorators.

* ``PyCode`` is the heap form of a compiler ``CodeObject``: loading it boxes
  the constants once (``consts``), nested code objects included.
* ``PyFunction``: code + globals + defaults + closure (a tuple of cells), plus
  ``__dict__`` for function attributes.  Size 152 bytes as in CPython 3.11.
* ``PyCell``: one closure variable shared by the defining and inner frames.
* ``PyMethod``: a function bound to an instance (``obj.method``).
* ``staticmethod``, ``classmethod`` and ``property`` objects.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc, decref, xdecref
from minipy.objects.typeobject import make_type


class PyCode(PyObject):
    __slots__ = ("code", "consts", "names")


class PyFunction(PyObject):
    # annotations: the tuple MAKE_FUNCTION got (name, value, ...) or, once read,
    # the __annotations__ dict made from it (as CPython's func_annotations)
    __slots__ = ("code", "pycode", "globals", "name", "qualname", "defaults", "kwdefaults",
                 "closure", "doc", "module", "inst_dict", "builtins", "annotations")


class PyCell(PyObject):
    __slots__ = ("contents",)


class PyMethod(PyObject):
    __slots__ = ("func", "self_obj")


class PyStaticMethod(PyObject):
    __slots__ = ("func", "inst_dict")


class PyClassMethod(PyObject):
    __slots__ = ("func", "inst_dict")


class PyProperty(PyObject):
    # name: the attribute name given by __set_name__ (a host str, for error
    # messages only; CPython's prop_name), or None
    __slots__ = ("fget", "fset", "fdel", "doc", "inst_dict", "name")


def _code_traverse(c):
    return c.consts + c.names


def _code_dealloc(c):
    consts = c.consts + c.names
    c.consts = []
    c.names = []
    c.code.runtime = None
    core.free_block(c)
    core.decref_all(consts)


def _func_traverse(f):
    out = [f.pycode, f.globals]
    for o in (f.builtins, f.name, f.qualname, f.defaults, f.kwdefaults, f.closure, f.doc, f.module,
              f.inst_dict, f.annotations):
        if o is not None:
            out.append(o)
    return out


def _func_dealloc(f):
    refs = _func_traverse(f)
    f.pycode = f.globals = f.builtins = f.closure = f.defaults = f.kwdefaults = f.inst_dict = None
    f.annotations = None
    core.free_block(f)
    core.decref_all(refs)


def _cell_traverse(c):
    return (c.contents,) if c.contents is not None else ()


def _cell_dealloc(c):
    v = c.contents
    c.contents = None
    core.free_block(c)
    xdecref(v)


def _method_traverse(m):
    return (m.func, m.self_obj)


def _method_dealloc(m):
    f, s = m.func, m.self_obj
    core.free_block(m)
    decref(f)
    decref(s)


def _wrapper_traverse(w):
    out = [w.func] if w.func is not None else []
    if w.inst_dict is not None:
        out.append(w.inst_dict)
    return out


def _wrapper_dealloc(w):
    refs = _wrapper_traverse(w)
    w.func = w.inst_dict = None
    core.free_block(w)
    core.decref_all(refs)


def _property_traverse(p):
    return [o for o in (p.fget, p.fset, p.fdel, p.doc, p.inst_dict) if o is not None]


def _property_dealloc(p):
    refs = _property_traverse(p)
    p.fget = p.fset = p.fdel = p.doc = p.inst_dict = None
    core.free_block(p)
    core.decref_all(refs)


code_type = make_type("code", host_class=PyCode, basicsize=168, dealloc=_code_dealloc,
                      traverse=_code_traverse, final=True)
function_type = make_type("function", host_class=PyFunction, basicsize=152,
                          dealloc=_func_dealloc, traverse=_func_traverse, final=True, gc=True)
cell_type = make_type("cell", host_class=PyCell, basicsize=40, dealloc=_cell_dealloc,
                      traverse=_cell_traverse, final=True, gc=True)
method_type = make_type("method", host_class=PyMethod, basicsize=48, dealloc=_method_dealloc,
                        traverse=_method_traverse, final=True, gc=True)
staticmethod_type = make_type("staticmethod", host_class=PyStaticMethod, basicsize=56,
                              dealloc=_wrapper_dealloc, traverse=_wrapper_traverse, gc=True)
classmethod_type = make_type("classmethod", host_class=PyClassMethod, basicsize=56,
                             dealloc=_wrapper_dealloc, traverse=_wrapper_traverse, gc=True)
property_type = make_type("property", host_class=PyProperty, basicsize=72,
                          dealloc=_property_dealloc, traverse=_property_traverse, gc=True)


def new_cell(contents):
    c = PyCell.__new__(PyCell)
    c.contents = contents           # reference transferred
    return alloc(c, 40, cell_type)


def new_method(func, self_obj):
    m = PyMethod.__new__(PyMethod)
    func.ob_refcnt += 1
    self_obj.ob_refcnt += 1
    m.func = func
    m.self_obj = self_obj
    return alloc(m, 48, method_type)
