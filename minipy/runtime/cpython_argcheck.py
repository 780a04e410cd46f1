"""CPython 3.11's argument errors of the str and bytes/bytearray methods that
minipy runs on the host's methods (``types_methods.wrap_host_method``).

On CPython the host raises them with CPython's words.  Another host (PyPy)
words them its own way ("'str' does not support the buffer interface",
"substring not found in string.index"...): after the host method failed,
``cpython_error`` checks the arguments as CPython's Argument Clinic
converters do and returns CPython's exception, or None (the host's error
stands).  Used only on the error path, and only off CPython 3.11.
"""

import sys as _hsys

from minipy.objects.intobject import PyInt
from minipy.objects.strobject import PyStr
from minipy.objects.bytesobject import PyBytes, PyByteArray
from minipy.objects.singletons import NONE
from minipy.objects.typeobject import lookup
from minipy.runtime.abstract import exc

ENABLED = not (_hsys.implementation.name == "cpython" and _hsys.version_info[:2] == (3, 11))

_BL = (PyBytes, PyByteArray)
_SSIZE_MAX = _hsys.maxsize
_INT_MAX = 2 ** 31 - 1


def _tn(o):
    return o.ob_type.name


def _bad(o):
    """The type as _PyArg_BadArgument names it ("None" for None)."""
    return "None" if o is NONE else o.ob_type.name


def _index(o, cmax, cname):
    """PyNumber_Index + the range of a C ssize_t/int (the value is not needed)."""
    if isinstance(o, PyInt):
        v = o.value
    elif lookup(o.ob_type, "__index__") is None:
        return exc("TypeError", "'%s' object cannot be interpreted as an integer" % _tn(o))
    else:
        return None             # (__index__ of a user object: the host's call is the same)
    if v > cmax or v < -cmax - 1:
        return exc("OverflowError", "Python int too large to convert to C %s" % cname)
    return None


def _check(kind, o, fname, pos):
    if kind == "idx":
        return _index(o, _SSIZE_MAX, "ssize_t")
    if kind == "cint":
        return _index(o, _INT_MAX, "int")
    if kind == "slice":
        if o is NONE or isinstance(o, PyInt) or lookup(o.ob_type, "__index__") is not None:
            return None
        return exc("TypeError", "slice indices must be integers or None or have an "
                   "__index__ method")
    if kind == "str":
        if isinstance(o, PyStr):
            return None
        return exc("TypeError", "must be str, not %s" % _tn(o))
    if kind == "str_or_none":
        if isinstance(o, PyStr) or o is NONE:
            return None
        return exc("TypeError", "must be str or None, not %s" % _tn(o))
    if kind == "str_arg":             # replace() argument 1 must be str, not int
        if isinstance(o, PyStr):
            return None
        return exc("TypeError", "%s() argument %d must be str, not %s" % (fname, pos, _bad(o)))
    if kind == "str_arg1":            # removeprefix() argument must be str, not int
        if isinstance(o, PyStr):
            return None
        return exc("TypeError", "%s() argument must be str, not %s" % (fname, _bad(o)))
    if kind == "str_named":           # encode() argument 'encoding' must be str, not int
        if isinstance(o, PyStr):
            return None
        name = ("encoding", "errors")[pos - 1]
        return exc("TypeError", "%s() argument '%s' must be str, not %s" % (fname, name, _bad(o)))
    if kind == "fill_str":
        if not isinstance(o, PyStr):
            return exc("TypeError", "The fill character must be a unicode character, not %s"
                       % _tn(o))
        if len(o.value) != 1:
            return exc("TypeError", "The fill character must be exactly one character long")
        return None
    if kind == "fill_bytes":
        if isinstance(o, _BL) and len(o.value) == 1:
            return None
        return exc("TypeError", "%s() argument 2 must be a byte string of length 1, not %s"
                   % (fname, _bad(o)))
    if kind == "bl":
        if isinstance(o, _BL):
            return None
        return exc("TypeError", "a bytes-like object is required, not '%s'" % _tn(o))
    if kind == "bl_or_none":
        if isinstance(o, _BL) or o is NONE:
            return None
        return exc("TypeError", "a bytes-like object is required, not '%s'" % _tn(o))
    if kind == "bl_or_int":
        if isinstance(o, _BL) or isinstance(o, PyInt) or \
                lookup(o.ob_type, "__index__") is not None:
            return None
        return exc("TypeError", "argument should be integer or bytes-like object, not '%s'"
                   % _tn(o))
    return None


# method -> the converters of its parameters, in order (and their names, for keywords)
_FIND = (("sub", "str"), ("start", "slice"), ("end", "slice"))
_STR = {
    "count": _FIND, "find": _FIND, "index": _FIND, "rfind": _FIND, "rindex": _FIND,
    "partition": (("sep", "str"),), "rpartition": (("sep", "str"),),
    "split": (("sep", "str_or_none"), ("maxsplit", "idx")),
    "rsplit": (("sep", "str_or_none"), ("maxsplit", "idx")),
    "center": (("width", "idx"), ("fillchar", "fill_str")),
    "ljust": (("width", "idx"), ("fillchar", "fill_str")),
    "rjust": (("width", "idx"), ("fillchar", "fill_str")),
    "zfill": (("width", "idx"),),
    "expandtabs": (("tabsize", "cint"),),
    "splitlines": (("keepends", "cint"),),
    "replace": (("old", "str_arg"), ("new", "str_arg"), ("count", "idx")),
    "removeprefix": (("prefix", "str_arg1"),), "removesuffix": (("suffix", "str_arg1"),),
    "encode": (("encoding", "str_named"), ("errors", "str_named")),
}
_BFIND = (("sub", "bl_or_int"), ("start", "slice"), ("end", "slice"))
_BYTES = {
    "count": _BFIND, "find": _BFIND, "index": _BFIND, "rfind": _BFIND, "rindex": _BFIND,
    "partition": (("sep", "bl"),), "rpartition": (("sep", "bl"),),
    "split": (("sep", "bl_or_none"), ("maxsplit", "idx")),
    "rsplit": (("sep", "bl_or_none"), ("maxsplit", "idx")),
    "strip": (("bytes", "bl_or_none"),), "lstrip": (("bytes", "bl_or_none"),),
    "rstrip": (("bytes", "bl_or_none"),),
    "center": (("width", "idx"), ("fillchar", "fill_bytes")),
    "ljust": (("width", "idx"), ("fillchar", "fill_bytes")),
    "rjust": (("width", "idx"), ("fillchar", "fill_bytes")),
    "zfill": (("width", "idx"),),
    "expandtabs": (("tabsize", "cint"),),
    "splitlines": (("keepends", "cint"),),
    "replace": (("old", "bl"), ("new", "bl"), ("count", "idx")),
    "removeprefix": (("prefix", "bl"),), "removesuffix": (("suffix", "bl"),),
    "translate": (("table", "bl_or_none"),),
    "decode": (("encoding", "str_named"), ("errors", "str_named")),
}
_NUMBERS_FIRST = frozenset(["count", "find", "index", "rfind", "rindex", "split", "rsplit"])
_NOT_FOUND = {"str": "substring not found", "bytes": "subsection not found",
              "bytearray": "subsection not found"}


def cpython_error(tpname, name, args, kwargs, host_error):
    """CPython's exception for the failed call ``<tpname>.<name>(*args, **kwargs)``
    whose host method raised ``host_error``, or None."""
    spec = (_STR if tpname == "str" else _BYTES).get(name)
    if spec is not None:
        given = list(enumerate(args))
        if kwargs:
            names = [p for p, _ in spec]
            given += [(names.index(k), v) for k, v in kwargs.items() if k in names]
        if name in _NUMBERS_FIRST:
            # (the start/end or maxsplit numbers are converted before the
            # type of sub/sep is checked)
            given.sort(key=lambda io: io[0] >= len(spec) or spec[io[0]][1] not in ("slice", "idx"))
        for i, o in given:
            if i < len(spec):
                e = _check(spec[i][1], o, name, i + 1)
                if e is not None:
                    return e
    if isinstance(host_error, ValueError) and name in ("index", "rindex") and \
            "not found" in str(host_error):
        return exc("ValueError", _NOT_FOUND[tpname])
    return None
