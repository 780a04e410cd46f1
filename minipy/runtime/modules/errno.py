"""The ``errno`` module: the host's error-number constants and ``errorcode``
(the numbers of the platform minipy runs on, as CPython's are)."""

import errno as _herrno

from minipy.objects import core
from minipy.objects.dictobject import new_dict, dict_setitem
from minipy.objects.intobject import new_int
from minipy.objects.strobject import new_str
from minipy.runtime.modules._common import build_module

_DOC = ("This module makes available standard errno system symbols.\n\n"
        "The value of each symbol is the corresponding integer value,\n"
        "e.g., on most systems, errno.ENOENT equals the integer 2.\n\n"
        "The dictionary errno.errorcode maps numeric codes to symbol names,\n"
        "e.g., errno.errorcode[2] could be the string 'ENOENT'.\n\n"
        "Symbols that are not relevant to the underlying system are not defined.\n\n"
        "To map error codes to error messages, use the function os.strerror(),\n"
        "e.g. os.strerror(2) could return 'No such file or directory'.")


def make_module():
    consts = {}
    for name in dir(_herrno):
        if name.startswith("E") and type(getattr(_herrno, name)) is int:
            consts[name] = new_int(getattr(_herrno, name))
    codes = new_dict()
    for num, name in _herrno.errorcode.items():
        k = new_int(num)
        v = new_str(name)
        dict_setitem(codes, k, v)
        core.decref(k)
        core.decref(v)
    consts["errorcode"] = codes
    return build_module("errno", {}, consts, doc=_DOC)


__all__ = ["make_module"]
