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

from minipy.objects import core
from minipy.objects.core import decref_all
from minipy.objects.listobject import PyList, list_resize
from minipy.objects.dictobject import PyDict, dict_clear
from minipy.objects.setobject import PySet, set_clear
from minipy.objects.funcobject import PyFunction, PyCell
from minipy.objects.moduleobject import PyModule
from minipy.objects.genobject import PyGen
from minipy.objects.typeobject import PyType, invalidate_caches
from minipy.objects.exceptions import PyBaseException
from minipy.vm.frame import PyFrameObj, clear_frame_object
from minipy.objects.weakrefobject import PyWeakRef, unlink as _weakref_unlink


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
    elif isinstance(o, PyModule):
        # its inst_dict is an alias of .dict, not a reference of its own: the
        # globals dict, garbage too, is cleared as a dict (releasing it here
        # as well freed it twice once the module was deallocated)
        return
    elif type(o) is PyFrameObj:
        clear_frame_object(o)
    elif isinstance(o, PyWeakRef):
        _weakref_unlink(o)
        _clear_fields(o, ("wr_callback",))
    elif isinstance(o, PyBaseException):
        from minipy.objects.exceptions import _FIELDS
        _clear_fields(o, ("traceback", "cause", "context") + tuple(
            n for n in _FIELDS if n != "inst_dict"))
    else:
        # a container type of a host module (collections.deque) names its own
        clear = getattr(type(o), "tp_clear", None)
        if clear is not None:
            clear(o)
    _clear_instance_parts(o)


_builtins_core = []     # the module, bound on first use (it imports the collector)


def _finalizers():
    # (not a function-level import per object: on PyPy the import machinery
    # is Python code, and the collector asks this of every unreachable object)
    if not _builtins_core:
        from minipy.runtime import builtins_core
        _builtins_core.append(builtins_core)
    return _builtins_core[0]


def has_finalizer(o):
    """Does ``o`` have a finalizer that has not run yet (tp_finalize)?"""
    if o.ob_type.has_finalizer:
        return id(o) not in _finalizers().finalized
    if isinstance(o, PyGen):
        # a suspended generator is closed (CPython 3.11's _PyGen_Finalize)
        f = o.frame
        return f is not None and f.pc > 0 and id(o) not in _finalizers().finalized
    return False


def run_finalizer(o):
    bc = _finalizers()
    if isinstance(o, PyGen):
        bc.finalized.add(id(o))
        bc._gen_close_hook(o)
    else:
        bc.call_finalizer(o)
