"""The ``bytes`` and ``bytearray`` types, ``str.encode``, ``int.to_bytes``/``from_bytes``.

A bytes object holds a host ``bytes``, a bytearray a host ``bytearray``: the
host's own methods are CPython's C code, so most methods (``split``,
``find``, ``hex``, ``decode``, ``%`` formatting...) call them on the host
values, with every argument converted to its host counterpart (bytes-like
objects to host bytes, ints to host ints, str to host str, anything else to a
stand-in named like the minipy type that forwards ``__index__``), so results
and error messages (``a bytes-like object is required, not 'str'``) are
CPython 3.11's.  Constructors, indexing, concatenation, repetition and the
mutations of bytearray are written out here, with CPython's messages.

Identity rules kept (they are observable through ``is``): ``bytes(b)`` and
``b[:]`` of an exact bytes object return ``b``; methods that leave an exact
bytes object unchanged (``strip``, ``replace``...) return it, as the host
does; the empty bytes and the one-byte bytes objects are singletons.

Not here: ``memoryview`` (and the buffer protocol of user objects), which
minipy does not have.
"""

import sys as _hsys

from minipy.objects import core, descr, typeobject
from minipy.objects.core import decref
from minipy.objects.typeobject import lookup
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int, TRUE, FALSE
from minipy.objects.floatobject import PyFloat, float_type
from minipy.objects.strobject import PyStr, str_type, new_str, str_size
from minipy.objects.tupleobject import PyTuple, new_tuple, tuple_type
from minipy.objects.listobject import PyList, new_list, list_type
from minipy.objects.singletons import NONE, NOTIMPL
from minipy.objects.iterobject import PySlice, make_iter_type, new_iter
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects.bytesobject import (PyBytes, PyByteArray, bytes_type, bytearray_type, new_bytes,
                                        new_bytearray, bytearray_resize, bytearray_grow_by_appends,
                                        bytearray_sizeof, BYTES_BASICSIZE, BYTEARRAY_SIZE)
from minipy.runtime import abstract
from minipy.runtime.containers_common import add_sequence_iterator_methods, value_iternext
from minipy.runtime.abstract import exc
from minipy.runtime import formatting
from minipy.runtime import strhash as _strhash
from minipy.objects.singletons import ret_notimpl as _ni
from minipy.objects.intobject import new_bool as _new_bool
from minipy.runtime.formatting import host_exc
from minipy.runtime.types_methods import (_check_type_arg, _proxy, _set_new, slice_indices_host,
                                          new_subclass_instance, _h, _Dummy, wrap_host_method)

_BL = (PyBytes, PyByteArray)
_HOST_ERRORS = (TypeError, ValueError, OverflowError, IndexError, LookupError)


def _self(o):
    o.ob_refcnt += 1
    return o


# ---------------------------------------------------------------------------
# Host conversions
# ---------------------------------------------------------------------------

def unicode_exc(e):
    """The minipy UnicodeDecodeError/UnicodeEncodeError for a host one, with
    CPython's five arguments (encoding, object, start, end, reason)."""
    name = type(e).__name__
    if name not in ("UnicodeDecodeError", "UnicodeEncodeError", "UnicodeTranslateError"):
        return host_exc(e)
    obj = e.object
    if isinstance(obj, (bytes, bytearray)):
        objo = new_bytes(bytes(obj))
    else:
        objo = new_str(str(obj))
    if name == "UnicodeTranslateError":
        args = [objo, new_int(e.start), new_int(e.end), new_str(e.reason)]
    else:
        enc = e.encoding
        if enc == "latin1" and not _CPYTHON:
            enc = "latin-1"         # (CPython's name for its latin-1 codec; PyPy's: latin1)
        args = [new_str(enc), objo, new_int(e.start), new_int(e.end), new_str(e.reason)]
    return abstract.exc_args(EXC_TYPES[name], args)


_CPYTHON = _hsys.implementation.name == "cpython"
# encodings CPython 3.11 encodes/decodes in C, without wrapping the LookupError of
# an unknown error handler (names lower-cased, '_' read as '-')
_C_CODECS = frozenset(["utf-8", "utf8", "utf-16", "utf-32", "latin-1", "latin1", "iso-8859-1",
                       "iso8859-1", "ascii", "us-ascii"])


def _codec_lookup_error(e):
    """CPython's LookupError for PyPy's of an unknown error handler, or None."""
    import re
    msg = str(e)
    m = re.fullmatch(r"((?:en|de)coding with '(.*)' codec failed \(LookupError: )?"
                     r"unknown error handler name (.*?)(\))?", msg)
    if m is None or (m.group(1) is None) != (m.group(4) is None):
        return None
    name = m.group(3)
    if not name.startswith("'"):
        name = "'%s'" % name
    inner = "unknown error handler name %s" % name
    if m.group(1) is None or m.group(2).lower().replace("_", "-") in _C_CODECS:
        return exc("LookupError", inner)
    return exc("LookupError", "%s%s)" % (m.group(1), inner))


def _raise_host(e):
    if isinstance(e, UnicodeError):
        raise unicode_exc(e)
    if not _CPYTHON and isinstance(e, LookupError):
        ce = _codec_lookup_error(e)
        if ce is not None:
            raise ce
    raise host_exc(e)


def _exported(o):
    """The host bytes of a bytes-like object (bytes, bytearray, or another
    exporter of the buffer protocol: memoryview, array), else None."""
    if isinstance(o, _BL):
        return o.value
    export = getattr(o, "buffer_bytes", None)
    return None if export is None else export()


def _hb(o):
    """The host value standing for a minipy argument of a host bytes method."""
    if isinstance(o, _BL):
        return o.value
    if o.ob_type is tuple_type:
        return tuple([_hb(x) for x in o.items])
    b = _exported(o)
    return _h(o) if b is None else b


def _result(self, r):
    """The minipy object for a host result of a method of ``self``."""
    t = type(r)
    if t is bytes:
        if self is not None and r is self.value and self.ob_type is bytes_type:
            return _self(self)
        return new_bytes(r)
    if t is bytearray:
        return new_bytearray(r)
    if t is bool:
        return _new_bool(r)
    if t is int:
        return new_int(r)
    if t is str:
        return new_str(r)
    if t is list:
        return new_list([_result(self, x) for x in r])
    if t is tuple:
        return new_tuple([_result(self, x) for x in r])
    if r is None:
        NONE.ob_refcnt += 1
        return NONE
    raise exc("SystemError", "unexpected host result %s" % t.__name__)


def _buffer(o):
    """The host bytes of a bytes-like argument, or CPython's TypeError."""
    if isinstance(o, _BL):
        return o.value
    raise exc("TypeError", "a bytes-like object is required, not '%s'" % o.ob_type.name)


def _byte_value(item, msg):
    """An item of an iterable of ints as a host int in range(256)."""
    if isinstance(item, PyInt):
        v = int(item.value)
    else:
        v = formatting._call_index(item)
    if v < 0 or v > 255:
        raise exc("ValueError", msg)
    return v


def host_bytes_from_object(x, tpname="bytes"):
    """PyBytes_FromObject(x) as host bytes (CPython's conversions and messages)."""
    b = _exported(x)                # bytes, bytearray, memoryview, array: their buffer
    if b is not None:
        return bytes(b)
    t = x.ob_type
    msg = "bytes must be in range(0, 256)" if tpname == "bytes" else "byte must be in range(0, 256)"
    if t is list_type or t is tuple_type:
        return bytes([_byte_value(i, msg) for i in list(x.items)])
    if isinstance(x, PyStr):
        raise exc("TypeError", "cannot convert '%s' object to %s" % (t.name, tpname))
    try:
        it = abstract.get_iter(x)
    except PyExc as e:
        if not typeobject.is_subtype(e.exc.ob_type, EXC_TYPES["TypeError"]):
            raise
        decref(e.exc)
        raise exc("TypeError", "cannot convert '%s' object to %s" % (t.name, tpname))
    out = []
    try:
        while True:
            item = abstract.next_(it)
            if item is None:
                break
            try:
                out.append(_byte_value(item, msg))
            finally:
                decref(item)
    finally:
        decref(it)
    return bytes(out)


def _check_str_arg(fname, argname, v):
    if v is not None and not isinstance(v, PyStr):
        raise exc("TypeError", "%s() argument '%s' must be str, not %s"
                  % (fname, argname, v.ob_type.name))
    return v.value if v is not None else None


def _parse_args(fname, args, kwargs, names):
    vals = list(args) + [None] * (len(names) - len(args))
    if len(args) > len(names):
        raise exc("TypeError", "%s() takes at most %d arguments (%d given)"
                  % (fname, len(names), len(args)))
    if kwargs:
        for k, v in kwargs.items():
            if k not in names:
                raise exc("TypeError", "'%s' is an invalid keyword argument for %s()"
                          % (k, fname))
            i = names.index(k)
            if i < len(args):
                raise exc("TypeError", "argument for %s() given by name ('%s') and position (%d)"
                          % (fname, k, i + 1))
            vals[i] = v
    return vals


def _encode(s, enc, errs):
    try:
        return s.encode("utf-8" if enc is None else enc, "strict" if errs is None else errs)
    except (UnicodeError, LookupError, TypeError, ValueError) as e:
        _raise_host(e)


# ---------------------------------------------------------------------------
# Constructors
# ---------------------------------------------------------------------------

def _index_size(x):
    """PyNumber_AsSsize_t(x, OverflowError), or None when x has no usable __index__."""
    if isinstance(x, PyInt):
        v = int(x.value)
    else:
        try:
            v = formatting._call_index(x)
        except PyExc as e:
            if not typeobject.is_subtype(e.exc.ob_type, EXC_TYPES["TypeError"]):
                raise
            decref(e.exc)
            return None
    if v > (1 << 63) - 1 or v < -(1 << 63):
        raise exc("OverflowError", "cannot fit 'int' into an index-sized integer")
    return v


def bytes_new(args, kwargs):
    tp = _check_type_arg(args, bytes_type)
    x, enc, errs = _parse_args("bytes", args[1:], kwargs, ("source", "encoding", "errors"))
    enc = _check_str_arg("bytes", "encoding", enc)
    errs = _check_str_arg("bytes", "errors", errs)
    if x is None:
        if enc is not None or errs is not None:
            raise exc("TypeError", "encoding without a string argument" if enc is not None
                      else "errors without a string argument")
        r = new_bytes(b"")
    elif enc is not None:
        if not isinstance(x, PyStr):
            raise exc("TypeError", "encoding without a string argument")
        r = new_bytes(_encode(x.value, enc, errs))
    elif errs is not None:
        raise exc("TypeError", "string argument without an encoding" if isinstance(x, PyStr)
                  else "errors without a string argument")
    elif lookup(x.ob_type, "__bytes__") is not None:
        r = abstract.call_dunder(lookup(x.ob_type, "__bytes__"), x, ())
        if not isinstance(r, PyBytes):
            name = r.ob_type.name
            decref(r)
            raise exc("TypeError", "__bytes__ returned non-bytes (type %s)" % name)
    elif isinstance(x, PyStr):
        raise exc("TypeError", "string argument without an encoding")
    elif isinstance(x, PyInt) or lookup(x.ob_type, "__index__") is not None:
        n = _index_size(x)
        if n is None:
            r = new_bytes(host_bytes_from_object(x))
        else:
            if n < 0:
                raise exc("ValueError", "negative count")
            if n > 1 << 31:
                raise exc("MemoryError")
            r = new_bytes(bytes(n))
    else:
        r = new_bytes(host_bytes_from_object(x))
    if tp is bytes_type:
        return r
    v = r.value
    decref(r)
    return new_subclass_instance(tp, bytes_type, v, BYTES_BASICSIZE + len(v))


_set_new(bytes_type, bytes_new)


def bytearray_new(args, kwargs):
    tp = _check_type_arg(args, bytearray_type)
    if tp is bytearray_type:
        return new_bytearray(b"")
    hc = tp.host_class or PyByteArray
    o = hc.__new__(hc)
    o.value = bytearray()
    o.alloc = 0
    o.items_addr = 0
    o.exports = 0
    try:
        o.inst_dict = None
    except AttributeError:
        pass
    try:
        o.slot_vals = [None] * len(tp.slotnames) if tp.slotnames is not None else None
    except AttributeError:
        pass
    extra = tp.basicsize - BYTEARRAY_SIZE
    return core.alloc(o, BYTEARRAY_SIZE + (extra if extra > 0 else 0), tp)


_set_new(bytearray_type, bytearray_new)


def _ba_set(o, data, appends=False):
    """Replace the contents of bytearray ``o`` by the host bytes ``data``."""
    old = len(o.value)
    o.value[:] = data
    if appends:
        bytearray_grow_by_appends(o, old, len(data))
    elif len(data) != old:
        bytearray_resize(o, len(data))


def bytearray_init(self, args, kwargs):
    x, enc, errs = _parse_args("bytearray", args, kwargs, ("source", "encoding", "errors"))
    enc = _check_str_arg("bytearray", "encoding", enc)
    errs = _check_str_arg("bytearray", "errors", errs)
    _refuse_resize(self)
    if self.value:
        _ba_set(self, b"")
    if x is None:
        if enc is not None or errs is not None:
            raise exc("TypeError", "encoding without a string argument" if enc is not None
                      else "errors without a string argument")
    elif isinstance(x, PyStr):
        if enc is None:
            raise exc("TypeError", "string argument without an encoding")
        _ba_set(self, _encode(x.value, enc, errs))
    elif enc is not None or errs is not None:
        raise exc("TypeError", "encoding without a string argument" if enc is not None
                  else "errors without a string argument")
    else:
        n = _index_size(x) if (isinstance(x, PyInt) or lookup(x.ob_type, "__index__")
                                is not None) else None
        if n is not None:
            if n < 0:
                raise exc("ValueError", "negative count")
            if n > 1 << 31:
                raise exc("MemoryError")
            if n:
                _ba_set(self, bytes(n))
        elif isinstance(x, _BL) or x.ob_type is list_type or x.ob_type is tuple_type:
            _ba_set(self, host_bytes_from_object(x, "bytearray"))
        else:
            _ba_set(self, host_bytes_from_object(x, "bytearray"), appends=True)
    NONE.ob_refcnt += 1
    return NONE


descr.add_method(bytearray_type, "__init__", bytearray_init, 0, 3, takes_kw=True)


# ---------------------------------------------------------------------------
# Wrapped host methods (shared by bytes and bytearray)
# ---------------------------------------------------------------------------

_SHARED = ("capitalize", "center", "count", "decode", "endswith", "expandtabs", "find",
           "index", "isalnum", "isalpha", "isascii", "isdigit", "islower", "isspace",
           "istitle", "isupper", "ljust", "lower", "lstrip", "partition", "removeprefix",
           "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit",
           "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title",
           "translate", "upper", "zfill")

for _tp, _host in ((bytes_type, bytes), (bytearray_type, bytearray)):
    for _name in _SHARED:
        if hasattr(_host, _name):
            wrap_host_method(_tp, _host, _name, _hb, lambda self, r, args: _result(self, r),
                             _raise_host)


def _make_hex(tp):
    def hex_(self, args, kwargs):
        """bytes.hex(sep=<unset>, bytes_per_sep=1), its arguments checked as CPython
        checks them (_Py_strhex_impl), then the host's hex()."""
        sep, bps = _clinic_args("hex", args, kwargs, ("sep", "bytes_per_sep"), 2)
        n = 1
        if bps is not None:
            v = bps.value if isinstance(bps, PyInt) else formatting._call_index(bps)
            if not -2 ** 31 <= v < 2 ** 31:
                raise exc("OverflowError", "Python int too large to convert to C int")
            n = int(v)
        if sep is None:
            return new_str(self.value.hex())
        if abstract.length(sep) != 1:
            raise exc("ValueError", "sep must be length 1.")
        if isinstance(sep, PyStr):
            if ord(sep.value) >= 128:
                raise exc("ValueError", "sep must be ASCII.")
        elif not isinstance(sep, PyBytes):
            raise exc("TypeError", "sep must be str or bytes.")
        return new_str(self.value.hex(sep.value, n))
    descr.add_method(tp, "hex", hex_, 0, 0, takes_kw=True)


_make_hex(bytes_type)
_make_hex(bytearray_type)


def _make_join(tp):
    def join(self, iterable):
        t = iterable.ob_type
        if not isinstance(iterable, (PyList, PyTuple)):
            it = lookup(t, "__iter__")
            if it is NONE or (it is None and lookup(t, "__getitem__") is None):
                raise exc("TypeError", "can only join an iterable")
        items = abstract.sequence_to_list(iterable)
        try:
            hv = [_hb(x) for x in items]
            try:
                r = self.value.join(hv)
            except _HOST_ERRORS as e:
                for i, x in enumerate(items):
                    if _exported(x) is None:        # (CPython's words, not PyPy's)
                        raise exc("TypeError", "sequence item %d: expected a bytes-like "
                                  "object, %s found" % (i, x.ob_type.name))
                raise host_exc(e)
            if tp is bytes_type and len(items) == 1 and r is hv[0] \
                    and items[0].ob_type is bytes_type:
                return _self(items[0])
            return _result(None, r)
        finally:
            core.decref_all(items)
    descr.add_method(tp, "join", join, 1, 1)


_make_join(bytes_type)
_make_join(bytearray_type)


_HEX = frozenset("0123456789abcdefABCDEF")


def _fromhex_error(o):
    """Raise the error CPython's _PyBytes_FromHex raises for ``o``, if any."""
    if not isinstance(o, PyStr):
        raise exc("TypeError", "fromhex() argument must be str, not %s"
                  % ("None" if o is NONE else o.ob_type.name))
    s = o.value
    n = len(s)
    for i, c in enumerate(s):
        if ord(c) >= 128:
            raise exc("ValueError", "non-hexadecimal number found in fromhex() arg at "
                      "position %d" % i)
    i = 0
    while i < n:
        while i < n and s[i] in " \t\n\r\x0b\x0c":
            i += 1
        if i >= n:
            break
        for j in (i, i + 1):
            if j >= n or s[j] not in _HEX:
                raise exc("ValueError", "non-hexadecimal number found in fromhex() arg at "
                          "position %d" % j)
        i += 2


def _make_classmethods(tp, host_tp):
    def fromhex(cls, args, kwargs):
        try:
            v = host_tp.fromhex(*[_hb(a) for a in args],
                                **{k: _hb(v) for k, v in (kwargs or {}).items()})
        except _HOST_ERRORS as e:
            if len(args) == 1 and not kwargs and _hsys.implementation.name != "cpython":
                _fromhex_error(args[0])          # (CPython's words and positions)
            raise host_exc(e)
        r = _result(None, v)
        if cls is tp:
            return r
        try:
            return abstract.call(cls, [r])
        finally:
            decref(r)
    descr.add_method(tp, "fromhex", fromhex, 1, 1, takes_kw=True, cls=True)

    def maketrans(args, kwargs):
        try:
            v = host_tp.maketrans(*[_hb(a) for a in args],
                                  **{k: _hb(v) for k, v in (kwargs or {}).items()})
        except _HOST_ERRORS as e:
            raise host_exc(e)
        return new_bytes(v)
    from minipy.objects.funcobject import PyStaticMethod, staticmethod_type
    from minipy.objects import dictobject
    f = descr.new_builtin("maketrans", maketrans, 0, 0, takes_kw=True)
    f.qualname = tp.name + ".maketrans"
    sm = PyStaticMethod.__new__(PyStaticMethod)
    sm.func = f
    sm.inst_dict = None
    core.alloc_static(sm, 56, staticmethod_type)
    dictobject.dict_setitem_str(tp.dict, "maketrans", sm)
    decref(sm)


_make_classmethods(bytes_type, bytes)
_make_classmethods(bytearray_type, bytearray)


# ---------------------------------------------------------------------------
# Sequence protocol, operators
# ---------------------------------------------------------------------------

def _len(self):
    return new_int(len(self.value))


def _make_getitem(tp, idx_msg, type_msg):
    def getitem(self, key):
        v = self.value
        if isinstance(key, PyInt):
            i = int(key.value)
        elif isinstance(key, PySlice):
            r = v[slice_indices_host(key)]
            return _result(self, r)
        elif lookup(key.ob_type, "__index__") is not None:
            i = formatting._call_index(key)
        else:
            raise exc("TypeError", type_msg % key.ob_type.name)
        n = len(v)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise exc("IndexError", idx_msg)
        return new_int(v[i])
    descr.add_method(tp, "__getitem__", getitem, 1, 1)


_make_getitem(bytes_type, "index out of range", "byte indices must be integers or slices, not %s")
_make_getitem(bytearray_type, "bytearray index out of range",
              "bytearray indices must be integers or slices, not %s")


def _contains(self, item):
    try:
        return _new_bool(_hb(item) in self.value)
    except _HOST_ERRORS as e:
        if not isinstance(item, (_BL, PyInt)) and lookup(item.ob_type, "__index__") is None:
            # (CPython's words; PyPy's: "'str' does not support the buffer interface")
            raise exc("TypeError", "a bytes-like object is required, not '%s'"
                      % item.ob_type.name)
        raise host_exc(e)


def _make_concat(tp):
    def add(self, other):
        b = _exported(other)
        if b is None:
            f = lookup(other.ob_type, "__radd__")
            if f is not None and type(f) is not descr.PyMethodDescr:
                r = abstract.call_dunder(f, other, (self,))
                if r is not NOTIMPL:
                    return r
                decref(r)
            raise exc("TypeError", "can't concat %s to %s" % (other.ob_type.name, tp.name))
        a = self.value
        if len(a) + len(b) > 1 << 31:
            raise exc("MemoryError")
        if tp is bytes_type:
            return new_bytes(a + b)
        return new_bytearray(a + b)
    descr.add_method(tp, "__add__", add, 1, 1)


_make_concat(bytes_type)
_make_concat(bytearray_type)


def _repeat_count(self, other, reflected):
    if isinstance(other, PyInt):
        return int(other.value)
    if lookup(other.ob_type, "__index__") is not None:
        return formatting._call_index(other)
    return None


def _make_repeat(tp):
    def repeat(self, other, reflected=False):
        n = _repeat_count(self, other, reflected)
        if n is None:
            if not reflected:
                f = lookup(other.ob_type, "__rmul__")
                if f is not None and type(f) is not descr.PyMethodDescr:
                    r = abstract.call_dunder(f, other, (self,))
                    if r is not NOTIMPL:
                        return r
                    decref(r)
            raise exc("TypeError", "can't multiply sequence by non-int of type '%s'"
                      % (self.ob_type.name if reflected and isinstance(other, _BL)
                         else other.ob_type.name))
        if n > (1 << 63) - 1 or n < -(1 << 63):
            raise exc("OverflowError", "cannot fit 'int' into an index-sized integer")
        v = self.value
        if n <= 0 or not v:
            return new_bytes(b"") if tp is bytes_type else new_bytearray(b"")
        if len(v) * n > (1 << 63) - 1:
            raise exc("OverflowError", "repeated bytes are too long")
        if len(v) * n > 1 << 31:
            raise exc("MemoryError")
        if tp is bytes_type:
            if n == 1 and self.ob_type is bytes_type:
                return _self(self)
            return new_bytes(v * n)
        return new_bytearray(v * n)
    descr.add_method(tp, "__mul__", repeat, 1, 1)
    descr.add_method(tp, "__rmul__", lambda self, other: repeat(self, other, True), 1, 1)


_make_repeat(bytes_type)
_make_repeat(bytearray_type)


def _make_compares(tp):
    import operator as _op
    for name, fn in (("lt", _op.lt), ("le", _op.le), ("eq", _op.eq), ("ne", _op.ne),
                     ("gt", _op.gt), ("ge", _op.ge)):
        def cmp(a, b, fn=fn):
            if not isinstance(b, _BL):
                return _ni()
            return _new_bool(fn(a.value, b.value))
        descr.add_method(tp, "__%s__" % name, cmp, 1, 1)


_make_compares(bytes_type)
_make_compares(bytearray_type)


# --- % formatting ------------------------------------------------------------

_fmt_proxies = {}


def _fmt_proxy(o, owned):
    tp = o.ob_type
    key = tp.name
    names = tuple(n for n in ("__bytes__", "__index__", "__int__", "__float__", "__getitem__")
                  if lookup(tp, n) is not None)
    cls = _fmt_proxies.get((key, names))
    if cls is None:
        ns = {"__slots__": ("obj", "owned"),
              "__repr__": lambda self: abstract.repr_host(self.obj)}
        if "__bytes__" in names:
            def _bytes(self):
                f = lookup(self.obj.ob_type, "__bytes__")
                r = abstract.call_dunder(f, self.obj, ())
                try:
                    if not isinstance(r, PyBytes):
                        raise exc("TypeError", "__bytes__ returned non-bytes (type %s)"
                                  % r.ob_type.name)
                    return r.value
                finally:
                    decref(r)
            ns["__bytes__"] = _bytes
        if "__index__" in names:
            ns["__index__"] = lambda self: formatting._call_index(self.obj)
        if "__int__" in names:
            ns["__int__"] = lambda self: formatting.to_host_int(self.obj)
        if "__float__" in names:
            ns["__float__"] = lambda self: formatting.to_host_float(self.obj)
        if "__getitem__" in names:
            def _getitem(self, k):
                ko = _result(None, k)
                try:
                    v = abstract.getitem(self.obj, ko)
                finally:
                    decref(ko)
                self.owned.append(v)
                return _fmt_arg(v, self.owned)
            ns["__getitem__"] = _getitem
        cls = type(key, (), ns)
        _fmt_proxies[(key, names)] = cls
    p = cls()
    p.obj = o
    p.owned = owned
    return p


def _fmt_arg(o, owned):
    t = o.ob_type
    if t is int_type or t is bool_type or t is float_type:
        return o.value
    if t is str_type or isinstance(o, _BL):
        return o.value
    if t is tuple_type:
        return tuple([_fmt_arg(x, owned) for x in o.items])
    return _fmt_proxy(o, owned)


# PyPy's words for errors of bytes % args -> CPython's
_MOD_ERRORS = [
    (r"not all arguments converted during string formatting",
     "not all arguments converted during bytes formatting"),
    (r"requires bytes, or an object that implements __bytes__, not '(.*)'",
     r"%b requires a bytes-like object, or an object that implements __bytes__, not '\1'"),
    (r"unsupported format character b'(.)' \((0x[0-9a-f]+)\) at index (\d+)",
     r"unsupported format character '\1' (\2) at index \3"),
    (r"must be real number, not (.*)", r"float argument required, not \1"),
    (r"%c requires int or single byte", "%c requires an integer in range(256) or a single byte"),
    (r"character code not in range\(256\)", "%c arg not in range(256)"),
    (r"int too large to convert to int", "%c arg not in range(256)"),
    (r"expected integer, got .* object", "* wants int"),
]


def _mod_error(fmt, e):
    """CPython's exception for the host's error ``e`` of ``fmt % ...`` (PyPy)."""
    import re
    msg = str(e)
    m = re.match(r"%d format: a number is required, not (.*)$", msg)
    if m:
        convs = set(re.findall(rb"%[-+ #0-9.*]*([a-zA-Z%])", bytes(fmt)))
        c = "u" if b"u" in convs and not convs & {b"d", b"i"} else "d"
        return exc("TypeError", "%%%s format: a real number is required, not %s"
                   % (c, m.group(1)))
    for pat, rep in _MOD_ERRORS:
        if re.fullmatch(pat, msg):
            if (rep == "* wants int") != (b"*" in bytes(fmt)) and \
                    (rep == "* wants int" or pat.startswith("int too large")):
                break           # (an error of a * width: not these words)
            return exc(type(e).__name__, re.sub(pat, rep, msg))
    return host_exc(e)


def _make_mod(tp, host_tp):
    def mod(self, args):
        owned = []
        try:
            ha = _fmt_arg(args, owned)
            r = host_tp.__mod__(self.value, ha)
        except _HOST_ERRORS as e:
            if _hsys.implementation.name != "cpython":
                raise _mod_error(self.value, e)
            raise host_exc(e)
        finally:
            core.decref_all(owned)
        if r is NotImplemented:
            return _ni()
        return _result(None, r)
    descr.add_method(tp, "__mod__", mod, 1, 1)
    descr.add_method(tp, "__rmod__", lambda self, other: _ni(), 1, 1)


_make_mod(bytes_type, bytes)
_make_mod(bytearray_type, bytearray)


# --- repr, hash, misc ------------------------------------------------------------

def bytes_repr(self):
    return new_str(repr(bytes(self.value)))


def bytearray_repr(self):
    r = repr(self.value)
    if self.ob_type is not bytearray_type:
        r = self.ob_type.name + r[len("bytearray"):]
    return new_str(r)


def _bytes_hash(self):
    return new_int(_strhash.bytes_hash(self.value))


for _tp in (bytes_type, bytearray_type):
    descr.add_method(_tp, "__len__", _len, 0, 0)
    descr.add_method(_tp, "__contains__", _contains, 1, 1)

descr.add_method(bytes_type, "__repr__", bytes_repr, 0, 0)
descr.add_method(bytes_type, "__str__", bytes_repr, 0, 0)
descr.add_method(bytearray_type, "__repr__", bytearray_repr, 0, 0)
descr.add_method(bytearray_type, "__str__", bytearray_repr, 0, 0)
descr.add_method(bytes_type, "__hash__", _bytes_hash, 0, 0)
from minipy.objects import dictobject as _dictobject  # noqa: E402
_dictobject.dict_setitem_str(bytearray_type.dict, "__hash__", NONE)


@descr.method(bytes_type, "__bytes__")
def bytes_bytes(self):
    if self.ob_type is bytes_type:
        return _self(self)
    return new_bytes(self.value)


@descr.method(bytes_type, "__getnewargs__")
def bytes_getnewargs(self):
    return new_tuple([new_bytes(self.value)])


@descr.method(bytes_type, "__sizeof__")
def bytes_sizeof(self):
    return new_int(BYTES_BASICSIZE + len(self.value))


@descr.method(bytearray_type, "__sizeof__")
def bytearray_sizeof_m(self):
    return new_int(bytearray_sizeof(self))


@descr.method(bytearray_type, "__alloc__")
def bytearray_alloc(self):
    return new_int(self.alloc)


# --- iteration -------------------------------------------------------------------

_iternext = value_iternext(new_int)


bytes_iterator_type = make_iter_type("bytes_iterator", _iternext)
bytearray_iterator_type = make_iter_type("bytearray_iterator", _iternext)


add_sequence_iterator_methods((bytes_iterator_type, bytearray_iterator_type))

descr.add_method(bytes_type, "__iter__", lambda self: new_iter(bytes_iterator_type, self), 0, 0)
descr.add_method(bytearray_type, "__iter__",
                 lambda self: new_iter(bytearray_iterator_type, self), 0, 0)


# ---------------------------------------------------------------------------
# bytearray mutation
# ---------------------------------------------------------------------------

def _refuse_resize(self):
    """CPython's refusal to change the size of a bytearray whose buffer a
    memoryview still exports (``exports`` counts them)."""
    if self.exports:
        raise exc("BufferError", "Existing exports of data: object cannot be re-sized")


def _after(self, old):
    n = len(self.value)
    if n != old:
        bytearray_resize(self, n)


def _host_index(key, tpname="bytearray"):
    if isinstance(key, PyInt):
        return int(key.value)
    if isinstance(key, PySlice):
        return slice_indices_host(key)
    if lookup(key.ob_type, "__index__") is not None:
        return formatting._call_index(key)
    raise exc("TypeError", "%s indices must be integers or slices, not %s"
              % (tpname, key.ob_type.name))


def _assign_value(v):
    """The host value for the right side of a bytearray slice assignment."""
    if isinstance(v, _BL):
        return bytes(v.value)
    if isinstance(v, (PyInt, PyFloat, PyStr)) or lookup(v.ob_type, "__index__") is not None:
        raise exc("TypeError", "can assign only bytes, buffers, or iterables of ints in "
                  "range(0, 256)")
    return host_bytes_from_object(v, "bytearray")


@descr.method(bytearray_type, "__setitem__")
def bytearray_setitem(self, key, v):
    k = _host_index(key)
    old = len(self.value)
    if type(k) is slice:
        hv = _assign_value(v)
        if self.exports and k.step in (None, 1) and len(hv) != len(range(*k.indices(old))):
            _refuse_resize(self)
    else:
        hv = _byte_value(v, "byte must be in range(0, 256)")
    try:
        self.value[k] = hv
    except _HOST_ERRORS as e:
        if type(k) is slice and isinstance(e, ValueError) and "extended slice" in str(e):
            # (CPython's words; PyPy's: "attempt to assign sequence of size ...")
            n = len(range(*k.indices(old)))
            raise exc("ValueError", "attempt to assign bytes of size %d to extended slice "
                      "of size %d" % (len(hv), n))
        raise host_exc(e)
    _after(self, old)
    NONE.ob_refcnt += 1
    return NONE


@descr.method(bytearray_type, "__delitem__")
def bytearray_delitem(self, key):
    k = _host_index(key)
    old = len(self.value)
    if self.exports and (type(k) is not slice or len(range(*k.indices(old)))):
        if type(k) is not slice and not -old <= k < old:
            raise exc("IndexError", "bytearray index out of range")
        _refuse_resize(self)
    try:
        del self.value[k]
    except _HOST_ERRORS as e:
        raise host_exc(e)
    _after(self, old)
    NONE.ob_refcnt += 1
    return NONE


def _ret_none():
    NONE.ob_refcnt += 1
    return NONE


@descr.method(bytearray_type, "append")
def bytearray_append(self, item):
    v = _byte_value(item, "byte must be in range(0, 256)")
    _refuse_resize(self)
    self.value.append(v)
    bytearray_resize(self, len(self.value))
    return _ret_none()


@descr.method(bytearray_type, "extend")
def bytearray_extend(self, iterable):
    if isinstance(iterable, PyStr):
        if iterable.value:     # the first character is not an int
            raise exc("TypeError", "'str' object cannot be interpreted as an integer")
        return _ret_none()
    if isinstance(iterable, _BL):
        data = bytes(iterable.value)
    else:
        try:
            data = host_bytes_from_object(iterable, "bytearray")
        except PyExc as e:
            if e.exc.ob_type is EXC_TYPES["TypeError"] and lookup(iterable.ob_type, "__iter__") \
                    is None and lookup(iterable.ob_type, "__getitem__") is None:
                decref(e.exc)
                raise exc("TypeError", "can't extend bytearray with %s" % iterable.ob_type.name)
            raise
    if data:
        _refuse_resize(self)
    old = len(self.value)
    self.value.extend(data)
    _after(self, old)
    return _ret_none()


@descr.method(bytearray_type, "__iadd__")
def bytearray_iadd(self, other):
    b = _exported(other)
    if b is None:
        raise exc("TypeError", "can't concat %s to bytearray" % other.ob_type.name)
    if len(b):
        _refuse_resize(self)
    old = len(self.value)
    self.value.extend(bytes(b))
    _after(self, old)
    return _self(self)


@descr.method(bytearray_type, "__imul__")
def bytearray_imul(self, other):
    n = _repeat_count(self, other, False)
    if n is None:
        raise exc("TypeError", "can't multiply sequence by non-int of type '%s'"
                  % other.ob_type.name)
    old = len(self.value)
    if n > 0 and old * n > 1 << 31:
        raise exc("MemoryError")
    if old * max(n, 0) != old:
        _refuse_resize(self)
    self.value *= max(n, 0)
    _after(self, old)
    return _self(self)


@descr.method(bytearray_type, "pop")
def bytearray_pop(self, index=None):
    v = self.value
    if not v:
        raise exc("IndexError", "pop from empty bytearray")
    i = -1 if index is None else formatting._call_index(index)
    n = len(v)
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise exc("IndexError", "pop index out of range")
    _refuse_resize(self)
    r = v.pop(i)
    _after(self, n)
    return new_int(r)


@descr.method(bytearray_type, "insert")
def bytearray_insert(self, index, item):
    i = formatting._call_index(index)
    v = _byte_value(item, "byte must be in range(0, 256)")
    _refuse_resize(self)
    old = len(self.value)
    self.value.insert(i, v)
    _after(self, old)
    return _ret_none()


@descr.method(bytearray_type, "remove")
def bytearray_remove(self, item):
    v = _byte_value(item, "byte must be in range(0, 256)")
    old = len(self.value)
    if v not in self.value:
        raise exc("ValueError", "value not found in bytearray")
    _refuse_resize(self)
    self.value.remove(v)
    _after(self, old)
    return _ret_none()


@descr.method(bytearray_type, "clear")
def bytearray_clear(self):
    old = len(self.value)
    if old:
        _refuse_resize(self)
    self.value.clear()
    if old:
        bytearray_resize(self, 0)
    return _ret_none()


@descr.method(bytearray_type, "reverse")
def bytearray_reverse(self):
    self.value.reverse()
    return _ret_none()


@descr.method(bytearray_type, "copy")
def bytearray_copy(self):
    return new_bytearray(self.value)


# ---------------------------------------------------------------------------
# UnicodeError attributes and str(), str.encode, str(b, encoding), int <-> bytes
# ---------------------------------------------------------------------------

def _unicode_fields(e):
    items = e.args.items if e.args is not None else ()
    if e.ob_type is EXC_TYPES["UnicodeTranslateError"] or \
            typeobject.is_subtype(e.ob_type, EXC_TYPES["UnicodeTranslateError"]):
        names = ("object", "start", "end", "reason")
    else:
        names = ("encoding", "object", "start", "end", "reason")
    if len(items) != len(names):
        return None, names
    return items, names


def _make_unicode_error_attrs(tpname):
    tp = EXC_TYPES[tpname]
    base_str = lookup(EXC_TYPES["BaseException"], "__str__")

    def to_str(self):
        items, names = _unicode_fields(self)
        try:
            if items is None:
                raise TypeError
            hv = [x.value for x in items]
            host_cls = {"UnicodeDecodeError": UnicodeDecodeError,
                        "UnicodeEncodeError": UnicodeEncodeError,
                        "UnicodeTranslateError": UnicodeTranslateError}[tpname]
            return new_str(str(host_cls(*hv)))
        except (TypeError, ValueError, AttributeError):
            return abstract.call_dunder(base_str, self, ())
    descr.add_method(tp, "__str__", to_str, 0, 0)

    for i, field in enumerate(("encoding", "object", "start", "end", "reason")):
        if tpname == "UnicodeTranslateError" and field == "encoding":
            continue

        def getter(self, field=field):
            items, names = _unicode_fields(self)
            if items is None or field not in names:
                raise exc("AttributeError", "'%s' object has no attribute '%s'"
                          % (self.ob_type.name, field))
            return _self(items[names.index(field)])
        descr.add_getset(tp, field, getter)


for _n in ("UnicodeDecodeError", "UnicodeEncodeError", "UnicodeTranslateError"):
    _make_unicode_error_attrs(_n)


def str_encode(self, args, kwargs):
    hargs = [_h(a) for a in args]
    try:
        r = self.value.encode(*hargs, **{k: _h(v) for k, v in (kwargs or {}).items()})
    except (UnicodeError, LookupError, TypeError, ValueError) as e:
        if not _CPYTHON and isinstance(e, TypeError):
            from minipy.runtime.modules._common import host_arity_message
            m = host_arity_message("str.encode", e, len(args), kwargs)
            if m is not None:
                raise exc("TypeError", m)
            from minipy.runtime import cpython_argcheck
            ce = cpython_argcheck.cpython_error("str", "encode", args, kwargs, e)
            if ce is not None:
                raise ce
        _raise_host(e)
    return new_bytes(r)


descr.add_method(str_type, "encode", str_encode, 0, 0, takes_kw=True)

_str_new_func = str_type.dict.dv["__new__"]
_old_str_new = _str_new_func.impl


def str_new_bytes(args, kwargs):
    """str(object, encoding, errors): decoding of bytes-like objects; the rest
    goes to str's own constructor."""
    if len(args) >= 2 and len(args) <= 4:
        obj, enc, errs = (list(args[1:]) + [None, None, None])[:3]
        if kwargs:
            try:
                obj, enc, errs = _parse_args("str", args[1:], kwargs,
                                             ("object", "encoding", "errors"))
            except PyExc as e:
                decref(e.exc)
                return _old_str_new(args, kwargs)
        if obj is not None and isinstance(obj, _BL) and (enc is not None or errs is not None) \
                and (enc is None or isinstance(enc, PyStr)) \
                and (errs is None or isinstance(errs, PyStr)):
            tp = _check_type_arg(args, str_type)
            try:
                v = bytes(obj.value).decode("utf-8" if enc is None else enc.value,
                                            "strict" if errs is None else errs.value)
            except (UnicodeError, LookupError, TypeError, ValueError) as e:
                _raise_host(e)
            if tp is str_type:
                return new_str(v)
            return new_subclass_instance(tp, str_type, v, str_size(v))
    return _old_str_new(args, kwargs)


_str_new_func.impl = str_new_bytes


def _wrap_new(tp, convert):
    """Let ``tp(b, ...)`` accept a bytes-like ``b`` (int(b'12'), float(b'1.5'))."""
    f = tp.dict.dv["__new__"]
    old = f.impl

    def impl(args, kwargs):
        if len(args) >= 2 and isinstance(args[1], _BL):
            r = convert(args, kwargs)
            if r is not None:
                if args[0] is tp:
                    return r
                try:
                    return old([args[0], r], None)
                finally:
                    decref(r)
        return old(args, kwargs)
    f.impl = impl


def _int_from_bytes_arg(args, kwargs):
    if len(args) > 3 or (kwargs and (list(kwargs) != ["base"] or len(args) > 2)):
        return None
    base = args[2] if len(args) > 2 else (kwargs or {}).get("base")
    b = 10 if base is None else formatting._call_index(base)
    try:
        return new_int(int(bytes(args[1].value), b))
    except (ValueError, TypeError) as e:
        raise host_exc(e)


def _float_from_bytes_arg(args, kwargs):
    if len(args) != 2 or kwargs:
        return None
    try:
        from minipy.objects.floatobject import new_float
        return new_float(float(bytes(args[1].value)))
    except (ValueError, TypeError) as e:
        raise host_exc(e)


_wrap_new(int_type, _int_from_bytes_arg)
_wrap_new(float_type, _float_from_bytes_arg)


def _clinic_args(fname, args, kwargs, names, npos, required=0):
    """Argument Clinic's parsing of (names[:npos] positional-or-keyword, the rest
    keyword-only): the values in order (None: not given), with CPython's errors."""
    total = len(args) + len(kwargs or ())
    if total > len(names):
        raise exc("TypeError", "%s() takes at most %d %sargument%s (%d given)"
                  % (fname, len(names), "" if args else "keyword ",
                     "" if len(names) == 1 else "s", total))
    if len(args) > npos:
        raise exc("TypeError", "%s() takes at most %d positional argument%s (%d given)"
                  % (fname, npos, "" if npos == 1 else "s", len(args)))
    vals = list(args) + [None] * (len(names) - len(args))
    bad = None
    for k, v in (kwargs or {}).items():
        if k not in names:
            bad = bad or k
            continue
        i = names.index(k)
        if i < len(args):
            raise exc("TypeError", "argument for %s() given by name ('%s') and position (%d)"
                      % (fname, k, i + 1))
        vals[i] = v
    for i in range(required):
        if vals[i] is None:
            raise exc("TypeError", "%s() missing required argument '%s' (pos %d)"
                      % (fname, names[i], i + 1))
    if bad is not None:
        raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (bad, fname))
    return vals


def _byteorder_arg(fname, o):
    if o is None:
        return "big"
    if not isinstance(o, PyStr):
        raise exc("TypeError", "%s() argument 'byteorder' must be str, not %s"
                  % (fname, abstract.type_name(o)))
    if o.value not in ("little", "big"):
        raise exc("ValueError", "byteorder must be either 'little' or 'big'")
    return o.value


def int_to_bytes(self, args, kwargs):
    # (parsed here, not by the host: PyPy 3.9's to_bytes has no defaults and
    # words its errors differently)
    length, byteorder, signed = _clinic_args("to_bytes", args, kwargs,
                                             ("length", "byteorder", "signed"), 2)
    if length is None:
        n = 1
    else:
        n = length.value if isinstance(length, PyInt) else formatting._call_index(length)
        if n > _hsys.maxsize or n < -_hsys.maxsize - 1:
            raise exc("OverflowError", "Python int too large to convert to C ssize_t")
    order = _byteorder_arg("to_bytes", byteorder)
    if n < 0:
        raise exc("ValueError", "length argument must be non-negative")
    sig = signed is not None and abstract.truth(signed)
    try:
        r = int(self.value).to_bytes(n, order, signed=sig)
    except _HOST_ERRORS as e:
        raise host_exc(e)
    return new_bytes(r)


descr.add_method(int_type, "to_bytes", int_to_bytes, 0, 0, takes_kw=True)


def int_from_bytes(cls, args, kwargs):
    kwargs = dict(kwargs or {})
    if args:
        data = args[0]
        rest = args[1:]
    elif "bytes" in kwargs:
        data = kwargs.pop("bytes")
        rest = []
    else:
        _clinic_args("from_bytes", args, kwargs, ("bytes", "byteorder", "signed"), 2, 1)
        raise exc("TypeError", "from_bytes() missing required argument 'bytes' (pos 1)")
    if len(rest) > 1:
        raise exc("TypeError", "from_bytes() takes at most 2 positional arguments (%d given)"
                  % (len(rest) + 1))
    if isinstance(data, _BL):
        hb = bytes(data.value)
    elif lookup(data.ob_type, "__bytes__") is not None:     # PyObject_Bytes
        r = abstract.call_dunder(lookup(data.ob_type, "__bytes__"), data, ())
        if not isinstance(r, PyBytes):
            name = r.ob_type.name
            decref(r)
            raise exc("TypeError", "__bytes__ returned non-bytes (type %s)" % name)
        hb = r.value
        decref(r)
    else:
        hb = host_bytes_from_object(data)
    byteorder, signed = _clinic_args("from_bytes", [data] + list(rest), kwargs,
                                     ("bytes", "byteorder", "signed"), 2)[1:]
    order = _byteorder_arg("from_bytes", byteorder)
    sig = signed is not None and abstract.truth(signed)
    try:
        v = int.from_bytes(hb, order, signed=sig)
    except _HOST_ERRORS as e:
        raise host_exc(e)
    r = new_int(v)
    if cls is int_type:
        return r
    try:
        return abstract.call(cls, [r])
    finally:
        decref(r)


descr.add_method(int_type, "from_bytes", int_from_bytes, 0, 0, takes_kw=True, cls=True)

BUILTIN_TYPES = {"bytes": bytes_type, "bytearray": bytearray_type}
