"""Breaking garbage cycles: finalizers and each container type's ``tp_clear``.

The collector never frees anything itself.  It asks each unreachable object
to drop the references it holds (``tp_clear``); the reference counts of the
objects in the cycle then reach zero and the ordinary deallocators free them,
block by block.  As in CPython, only the types that can close a cycle need a
clear function: lists, dicts, sets, instance dictionaries and slots, cells,
function defaults and closures, class dictionaries, exceptions.  Tuples,
bound methods and iterators have none: a cycle through them always passes
through one of the others.
"""

from ..objects import core
from ..objects.core import decref_all
from ..objects.listobject import PyList, list_resize
from ..objects.dictobject import PyDict, dict_clear
from ..objects.setobject import PySet, set_clear
from ..objects.funcobject import PyFunction, PyCell
from ..objects.genobject import PyGen
from ..objects.typeobject import PyType, invalidate_caches
from ..objects.exceptions import PyBaseException
from ..vm.frame import PyFrameObj, clear_frame_object
from ..objects.weakrefobject import PyWeakRef, unlink as _weakref_unlink


def _clear_fields(o, names):
    refs = []
    for n in names:
        v = getattr(o, n, None)
        if v is not None:
            refs.append(v)
            setattr(o, n, None)
    decref_all(refs)


def _clear_instance_parts(o):
    refs = []
    d = getattr(o, "inst_dict", None)
    if d is not None and not isinstance(o, (PyFunction, PyType)):
        o.inst_dict = None
        refs.append(d)
    sv = getattr(o, "slot_vals", None)
    if sv:
        refs.extend(v for v in sv if v is not None)
        o.slot_vals = [None] * len(sv)
    decref_all(refs)


def clear_object(o):
    """tp_clear: drop the references ``o`` holds that can form cycles."""
    if isinstance(o, PyList):
        items = o.items
        if items:
            list_resize(o, 0)
            o.items = []
            for i in range(len(items) - 1, -1, -1):
                core.decref(items[i])
    elif isinstance(o, PyDict):
        dict_clear(o)
    elif isinstance(o, PySet):
        set_clear(o)
    elif isinstance(o, PyCell):
        _clear_fields(o, ("contents",))
    elif isinstance(o, PyFunction):
        _clear_fields(o, ("defaults", "kwdefaults", "annotations", "closure", "inst_dict", "doc"))
    elif isinstance(o, PyType):
        if o.is_heaptype and o.dict is not None:
            dict_clear(o.dict)
            invalidate_caches()
            _clear_fields(o, ("mro_obj",))
        return
    elif type(o) is PyFrameObj:
        clear_frame_object(o)
    elif isinstance(o, PyWeakRef):
        _weakref_unlink(o)
        _clear_fields(o, ("wr_callback",))
    elif isinstance(o, PyBaseException):
        from ..objects.exceptions import _FIELDS
        _clear_fields(o, ("traceback", "cause", "context") + tuple(
            n for n in _FIELDS if n != "inst_dict"))
    _clear_instance_parts(o)


def has_finalizer(o):
    """Does ``o`` have a finalizer that has not run yet (tp_finalize)?"""
    from ..runtime.builtins_core import finalized
    if o.ob_type.has_finalizer:
        return id(o) not in finalized
    if type(o) is PyGen:
        # a suspended generator is closed (CPython 3.11's _PyGen_Finalize)
        f = o.frame
        return f is not None and f.pc > 0 and id(o) not in finalized
    return False


def run_finalizer(o):
    from ..runtime.builtins_core import call_finalizer, finalized, _gen_close_hook
    if type(o) is PyGen:
        finalized.add(id(o))
        _gen_close_hook(o)
    else:
        call_finalizer(o)
