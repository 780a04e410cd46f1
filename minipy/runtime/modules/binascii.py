"""The ``binascii`` module, on the host's binascii.

Every function converts its arguments to host values (bytes, bytearray and
str as themselves, ints, and stand-ins named after the type of any other
object, so the host's TypeErrors name the right type), calls the host's
function of the same name and returns heap objects.  The host's
``binascii.Error`` / ``Incomplete`` become this module's ``Error`` (a
ValueError) / ``Incomplete``: the results and messages are CPython's.
"""

import binascii as _hb

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type
from minipy.objects.intobject import PyInt, new_int, new_bool
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.bytesobject import PyBytes, PyByteArray, new_bytes
from minipy.objects.tupleobject import new_tuple
from minipy.objects.singletons import NONE
from minipy.objects.exceptions import PyExc, EXC_TYPES, PyBaseException, EXC_SIZE, new_exception
from minipy.runtime.formatting import host_exc
from minipy.runtime.abstract import exc
from minipy.runtime.modules._common import builtin, build_module, HOST_ERRORS

_static = core.static_mode
core.static_mode = True
try:
    error_type = make_type("Error", base=EXC_TYPES["ValueError"], host_class=PyBaseException,
                           basicsize=EXC_SIZE)
    error_type.has_dict = True
    error_type.module = "binascii"
    incomplete_type = make_type("Incomplete", base=EXC_TYPES["Exception"],
                                host_class=PyBaseException, basicsize=EXC_SIZE)
    incomplete_type.has_dict = True
    incomplete_type.module = "binascii"
finally:
    core.static_mode = _static


def host_arg(o):
    """The host value standing for a minipy argument."""
    if isinstance(o, PyBytes):
        return o.value
    if isinstance(o, PyByteArray):
        return bytearray(o.value)
    from minipy.runtime.types_methods import _h
    return _h(o)


def heap_result(r):
    t = type(r)
    if t is bytes:
        return new_bytes(r)
    if t is bytearray:
        return new_bytes(bytes(r))
    if t is bool:
        return new_bool(r)
    if t is int:
        return new_int(r)
    if t is str:
        return new_str(r)
    if r is None:
        NONE.ob_refcnt += 1
        return NONE
    raise exc("SystemError", "unexpected host result %s" % t.__name__)


def raise_host(e):
    """The minipy exception for a host exception raised by a host codec."""
    if isinstance(e, _hb.Error):
        return PyExc(new_exception(error_type, new_tuple([new_str(str(e))])))
    if isinstance(e, _hb.Incomplete):
        return PyExc(new_exception(incomplete_type, new_tuple([new_str(str(e))])))
    return host_exc(e)


def wrap(modname, hf, name=None):
    """A built-in function of module ``modname`` calling host function ``hf``."""
    name = name or hf.__name__

    def impl(args, kwargs):
        hargs = [host_arg(a) for a in args]
        hkw = {k: host_arg(v) for k, v in kwargs.items()} if kwargs else {}
        try:
            r = hf(*hargs, **hkw)
        except (_hb.Error, _hb.Incomplete) as e:
            raise raise_host(e)
        except HOST_ERRORS as e:
            raise host_exc(e)
        except MemoryError:
            raise exc("MemoryError")
        return heap_result(r)
    impl.__name__ = "%s_%s" % (modname, name)
    return builtin(modname, name, impl, 0, 0, True)


_NAMES = ("a2b_base64", "a2b_hex", "a2b_qp", "a2b_uu", "b2a_base64", "b2a_hex", "b2a_qp",
          "b2a_uu", "crc32", "crc_hqx", "hexlify", "unhexlify")

def wrap_all(modname, hostmod, names):
    """The built-in functions (static objects) of ``modname`` wrapping the named
    functions that host module ``hostmod`` has."""
    static = core.static_mode
    core.static_mode = True
    try:
        return {n: wrap(modname, getattr(hostmod, n)) for n in names if hasattr(hostmod, n)}
    finally:
        core.static_mode = static


FUNCS = wrap_all("binascii", _hb, _NAMES)


def make_module():
    consts = {"Error": core.incref(error_type), "Incomplete": core.incref(incomplete_type)}
    return build_module("binascii", FUNCS, consts,
                        doc="Conversion between binary data and ASCII")


__all__ = ["make_module", "wrap", "wrap_all", "error_type"]
