"""None, NotImplemented and Ellipsis: static singletons with their own types."""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type


class PySingleton(PyObject):
    __slots__ = ()


def _no_dealloc(o):
    from minipy.errors import InternalError
    raise InternalError("refcount of a static singleton reached zero")


none_type = make_type("NoneType", host_class=PySingleton, final=True, dealloc=_no_dealloc)
notimpl_type = make_type("NotImplementedType", host_class=PySingleton, final=True, dealloc=_no_dealloc)
ellipsis_type = make_type("ellipsis", host_class=PySingleton, final=True, dealloc=_no_dealloc)

NONE = core.alloc_static(PySingleton(), 16, none_type)
NOTIMPL = core.alloc_static(PySingleton(), 16, notimpl_type)
ELLIPSIS = core.alloc_static(PySingleton(), 16, ellipsis_type)
# Static singletons start with a large count, like CPython's statically
# initialised objects, so that no sequence of decrefs can free them.
for _o in (NONE, NOTIMPL, ELLIPSIS):
    _o.ob_refcnt = 1 << 30


def ret_none():
    NONE.ob_refcnt += 1
    return NONE


def ret_notimpl():
    NOTIMPL.ob_refcnt += 1
    return NOTIMPL
