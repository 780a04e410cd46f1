"""Instances of user classes, and the layout of classes that subclass built-ins.

An instance of a class whose only built-in base is ``object`` is a
``PyInstance``: a 56-byte object (CPython 3.11's size for a plain instance with
managed dict) with an optional ``__dict__`` (a minipy dict created at the first
attribute store) and, for classes with ``__slots__``, a host list of slot
values.  A class deriving from a built-in type (``list``, ``dict``, ``int``,
``Exception``...) uses a host subclass of that type's host class with the same
two extra fields, so the built-in machinery keeps working on its instances.
"""

from minipy.objects.core import PyObject

INSTANCE_SIZE = 56


class PyInstance(PyObject):
    __slots__ = ("inst_dict", "slot_vals")


_host_subclasses = {}


def host_class_for(base_host):
    """The host class for instances of a user class whose solid base uses ``base_host``."""
    if base_host is None or base_host is PyInstance:
        return PyInstance
    c = _host_subclasses.get(base_host)
    if c is None:
        extra = tuple(n for n in ("inst_dict", "slot_vals") if not hasattr(base_host, n))
        c = type(base_host.__name__ + "Sub", (base_host,), {"__slots__": extra})
        _host_subclasses[base_host] = c
    return c
