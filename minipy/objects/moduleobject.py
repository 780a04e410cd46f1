"""Module objects: a name and a dict of globals (72 bytes, as in CPython)."""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc
from minipy.objects.typeobject import make_type


class PyModule(PyObject):
    __slots__ = ("dict", "name", "inst_dict")


def _module_traverse(m):
    return (m.dict,)


def _module_dealloc(m):
    d = m.dict
    m.dict = None
    core.free_block(m)
    core.decref(d)


module_type = make_type("module", host_class=PyModule, basicsize=72, dealloc=_module_dealloc,
                        traverse=_module_traverse, gc=True)


def new_module(name, d):
    """A module named ``name`` (host str) with globals dict ``d`` (reference taken)."""
    m = PyModule.__new__(PyModule)
    m.dict = d
    m.name = name
    m.inst_dict = d          # an alias of .dict (not a second reference)
    return alloc(m, 72, module_type)
