"""mappingproxy: the read-only, live view a class's ``__dict__`` gives.

``C.__dict__`` is not the class's dict itself, which only the type machinery
may change (it keeps lookup caches in step); it is a small object that
refers to that dict and forwards every read to it, so it sees later changes
to the class, while ``C.__dict__['x'] = 1`` fails as in CPython.  The same
type serves ``types.MappingProxyType(mapping)``.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import make_type, lookup
from minipy.objects.strobject import new_str
from minipy.objects import descr
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import register_new, set_hash_none

# CPython 3.11: 24-byte object (a header and the mapping pointer) + GC header
MAPPINGPROXY_SIZE = 40


class PyMappingProxy(PyObject):
    __slots__ = ("mapping",)


_traverse, _dealloc = core.field_gc_functions("mapping")


mappingproxy_type = make_type("mappingproxy", host_class=PyMappingProxy,
                              basicsize=MAPPINGPROXY_SIZE, dealloc=_dealloc, traverse=_traverse,
                              gc=True, final=True)


def new_mappingproxy(mapping):
    """A proxy for *mapping* (borrowed; the proxy takes its own reference)."""
    p = PyMappingProxy.__new__(PyMappingProxy)
    p.mapping = core.incref(mapping)
    return core.alloc(p, MAPPINGPROXY_SIZE, mappingproxy_type)


def _mappingproxy_new(args, kwargs):
    if kwargs:
        raise exc("TypeError", "mappingproxy() takes no keyword arguments")
    if len(args) != 2:
        raise exc("TypeError", "mappingproxy() takes exactly one argument (%d given)"
                  % (len(args) - 1))
    m = args[1]
    if lookup(m.ob_type, "__getitem__") is None or lookup(m.ob_type, "keys") is None or \
            m.ob_type.name in ("list", "tuple"):
        raise exc("TypeError", "mappingproxy() argument must be a mapping, not %s"
                  % type_name(m))
    return new_mappingproxy(m)


def _forward(name, nargs):
    """A method that calls the same method of the proxied mapping."""
    def impl(p, *args):
        f = abstract.getattr_(p.mapping, name)
        try:
            return abstract.call(f, list(args))
        finally:
            decref(f)
    descr.add_method(mappingproxy_type, name, impl, nargs[0], nargs[1])


for _name, _nargs in (("__getitem__", (1, 1)), ("__contains__", (1, 1)), ("__len__", (0, 0)),
                      ("__iter__", (0, 0)), ("__reversed__", (0, 0)), ("get", (1, 2)),
                      ("keys", (0, 0)), ("values", (0, 0)), ("items", (0, 0)),
                      ("copy", (0, 0))):
    _forward(_name, _nargs)


def _unwrap(o):
    return o.mapping if isinstance(o, PyMappingProxy) else o


# (CPython's mappingproxy_or: the mappings behind both operands, or'ed)
descr.add_method(mappingproxy_type, "__or__",
                 lambda p, other: abstract.binary_op(_unwrap(p), _unwrap(other), 10), 1, 1)
descr.add_method(mappingproxy_type, "__ror__",
                 lambda p, other: abstract.binary_op(_unwrap(other), _unwrap(p), 10), 1, 1)


def _compare(op):
    def impl(p, other):
        return abstract.compare(p.mapping, other, op)
    return impl


for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
    descr.add_method(mappingproxy_type, _name, _compare(_op), 1, 1)


@descr.method(mappingproxy_type, "__repr__")
def _repr(p):
    return new_str("mappingproxy(%s)" % abstract.repr_host(p.mapping))


@descr.method(mappingproxy_type, "__str__")
def _str(p):
    return abstract.str_(p.mapping)


register_new(mappingproxy_type, _mappingproxy_new)
set_hash_none(mappingproxy_type)
