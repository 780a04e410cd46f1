"""The ``struct`` module: packing values into bytes and back, with native and
standard sizes, byte orders and alignment.

The encoding is the host's ``struct`` (the same C rules CPython uses); minipy
converts the program's objects to host values on the way in and boxes every
result as a heap object on the way out.  Host errors become the program's:
``struct.error`` (an Exception subclass), TypeError, OverflowError...
``struct.Struct`` is a heap object holding a compiled host Struct and its
format.  Writable buffers are bytearrays (and ``array.array`` objects).
"""

import struct as _hs

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import make_type, lookup
from minipy.objects.descr import add_method, add_getset, new_builtin
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.floatobject import PyFloat
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.bytesobject import PyBytes, PyByteArray, new_bytes
from minipy.objects.tupleobject import new_tuple
from minipy.objects.listobject import new_list
from minipy.objects.singletons import ret_none
from minipy.objects.exceptions import PyExc, EXC_TYPES, PyBaseException, EXC_SIZE, new_exception
from minipy.runtime.formatting import host_exc
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.modules._common import to_obj, build_module, HOST_ERRORS

FUNCS = {}

_static = core.static_mode
core.static_mode = True
try:
    error_type = make_type("error", base=EXC_TYPES["Exception"], host_class=PyBaseException,
                           basicsize=EXC_SIZE)
    error_type.has_dict = True
    error_type.module = "struct"
finally:
    core.static_mode = _static


def struct_error(msg):
    return PyExc(new_exception(error_type, new_tuple([new_str(msg)])))


# CPython 3.11's messages for an integer out of a format's range (the host's
# own, under PyPy, differ): "<prefix><code>" -> (min, max, too big, too small)
RANGE_ERRORS = {'!B': (0,
        255,
        'ubyte format requires 0 <= number <= 255',
        'ubyte format requires 0 <= number <= 255'),
 '!H': (0, 65535, "'H' format requires 0 <= number <= 65535", 'argument out of range'),
 '!I': (0, 4294967295, "'I' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '!L': (0, 4294967295, "'L' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '!Q': (0, 18446744073709551615, 'int too large to convert', 'int too large to convert'),
 '!b': (-128,
        127,
        'byte format requires -128 <= number <= 127',
        'byte format requires -128 <= number <= 127'),
 '!h': (-32768,
        32767,
        "'h' format requires -32768 <= number <= 32767",
        "'h' format requires -32768 <= number <= 32767"),
 '!i': (-2147483648,
        2147483647,
        "'i' format requires -2147483648 <= number <= 2147483647",
        "'i' format requires -2147483648 <= number <= 2147483647"),
 '!l': (-2147483648,
        2147483647,
        "'l' format requires -2147483648 <= number <= 2147483647",
        "'l' format requires -2147483648 <= number <= 2147483647"),
 '!q': (-9223372036854775808,
        9223372036854775807,
        'int too large to convert',
        'int too large to convert'),
 '<B': (0,
        255,
        'ubyte format requires 0 <= number <= 255',
        'ubyte format requires 0 <= number <= 255'),
 '<H': (0,
        65535,
        'ushort format requires 0 <= number <= 65535',
        'ushort format requires 0 <= number <= 65535'),
 '<I': (0, 4294967295, "'I' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '<L': (0, 4294967295, "'L' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '<Q': (0, 18446744073709551615, 'argument out of range', 'argument out of range'),
 '<b': (-128,
        127,
        'byte format requires -128 <= number <= 127',
        'byte format requires -128 <= number <= 127'),
 '<h': (-32768,
        32767,
        'short format requires -32768 <= number <= 32767',
        'short format requires -32768 <= number <= 32767'),
 '<i': (-2147483648,
        2147483647,
        "'i' format requires -2147483648 <= number <= 2147483647",
        "'i' format requires -2147483648 <= number <= 2147483647"),
 '<l': (-2147483648,
        2147483647,
        "'l' format requires -2147483648 <= number <= 2147483647",
        "'l' format requires -2147483648 <= number <= 2147483647"),
 '<q': (-9223372036854775808,
        9223372036854775807,
        'argument out of range',
        'argument out of range'),
 '=B': (0,
        255,
        'ubyte format requires 0 <= number <= 255',
        'ubyte format requires 0 <= number <= 255'),
 '=H': (0,
        65535,
        'ushort format requires 0 <= number <= 65535',
        'ushort format requires 0 <= number <= 65535'),
 '=I': (0, 4294967295, "'I' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '=L': (0, 4294967295, "'L' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '=Q': (0, 18446744073709551615, 'argument out of range', 'argument out of range'),
 '=b': (-128,
        127,
        'byte format requires -128 <= number <= 127',
        'byte format requires -128 <= number <= 127'),
 '=h': (-32768,
        32767,
        'short format requires -32768 <= number <= 32767',
        'short format requires -32768 <= number <= 32767'),
 '=i': (-2147483648,
        2147483647,
        "'i' format requires -2147483648 <= number <= 2147483647",
        "'i' format requires -2147483648 <= number <= 2147483647"),
 '=l': (-2147483648,
        2147483647,
        "'l' format requires -2147483648 <= number <= 2147483647",
        "'l' format requires -2147483648 <= number <= 2147483647"),
 '=q': (-9223372036854775808,
        9223372036854775807,
        'argument out of range',
        'argument out of range'),
 '>B': (0,
        255,
        'ubyte format requires 0 <= number <= 255',
        'ubyte format requires 0 <= number <= 255'),
 '>H': (0, 65535, "'H' format requires 0 <= number <= 65535", 'argument out of range'),
 '>I': (0, 4294967295, "'I' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '>L': (0, 4294967295, "'L' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '>Q': (0, 18446744073709551615, 'int too large to convert', 'int too large to convert'),
 '>b': (-128,
        127,
        'byte format requires -128 <= number <= 127',
        'byte format requires -128 <= number <= 127'),
 '>h': (-32768,
        32767,
        "'h' format requires -32768 <= number <= 32767",
        "'h' format requires -32768 <= number <= 32767"),
 '>i': (-2147483648,
        2147483647,
        "'i' format requires -2147483648 <= number <= 2147483647",
        "'i' format requires -2147483648 <= number <= 2147483647"),
 '>l': (-2147483648,
        2147483647,
        "'l' format requires -2147483648 <= number <= 2147483647",
        "'l' format requires -2147483648 <= number <= 2147483647"),
 '>q': (-9223372036854775808,
        9223372036854775807,
        'int too large to convert',
        'int too large to convert'),
 '@B': (0,
        255,
        'ubyte format requires 0 <= number <= 255',
        'ubyte format requires 0 <= number <= 255'),
 '@H': (0,
        65535,
        'ushort format requires 0 <= number <= 65535',
        'ushort format requires 0 <= number <= 65535'),
 '@I': (0, 4294967295, "'I' format requires 0 <= number <= 4294967295", 'argument out of range'),
 '@L': (0, 18446744073709551615, 'argument out of range', 'argument out of range'),
 '@N': (0, 18446744073709551615, 'argument out of range', 'argument out of range'),
 '@Q': (0, 18446744073709551615, 'argument out of range', 'argument out of range'),
 '@b': (-128,
        127,
        'byte format requires -128 <= number <= 127',
        'byte format requires -128 <= number <= 127'),
 '@h': (-32768,
        32767,
        'short format requires -32768 <= number <= 32767',
        'short format requires -32768 <= number <= 32767'),
 '@i': (-2147483648,
        2147483647,
        "'i' format requires -2147483648 <= number <= 2147483647",
        "'i' format requires -2147483648 <= number <= 2147483647"),
 '@l': (-9223372036854775808,
        9223372036854775807,
        'argument out of range',
        'argument out of range'),
 '@n': (-9223372036854775808,
        9223372036854775807,
        'argument out of range',
        'argument out of range'),
 '@q': (-9223372036854775808,
        9223372036854775807,
        'argument out of range',
        'argument out of range')}


def _check_ranges(fmt, values, fname="pack"):
    """struct.error for the first integer out of its format's range, as CPython
    words it (only when the argument count is right: that error comes first)."""
    if isinstance(fmt, bytes):
        fmt = fmt.decode("latin-1")
    prefix = "@"
    if fmt[:1] in "@=<>!":
        prefix, fmt = fmt[0], fmt[1:]
    codes = []
    count = ""
    for ch in fmt:
        if ch.isdigit():
            count += ch
            continue
        if ch.isspace():
            continue
        n = int(count) if count else 1
        count = ""
        if ch in "sp":
            codes.append(ch)
        elif ch != "x":
            codes.extend([ch] * n)
    if len(codes) != len(values):
        raise struct_error("%s expected %d items for packing (got %d)"
                           % (fname, len(codes), len(values)))
    for c, v in zip(codes, values):
        if c in "sp":
            if not isinstance(v, (bytes, bytearray)):
                raise struct_error("argument for '%s' must be a bytes object" % c)
            continue
        if c in "efd":
            if type(v) not in (int, float, bool):
                raise struct_error("required argument is not a float")
            continue
        if c in "c?":
            continue
        if type(v) not in (int, bool):
            raise struct_error("required argument is not an integer")
        r = RANGE_ERRORS.get(prefix + c)
        if r is not None and not r[0] <= v <= r[1]:
            raise struct_error(r[2] if v > r[1] else r[3])


def hcall(fn, *args):
    """Call a host struct function; host errors become the program's."""
    try:
        return fn(*args)
    except _hs.error as e:
        raise struct_error(str(e))
    except HOST_ERRORS as e:
        raise host_exc(e)
    except MemoryError:
        raise exc("MemoryError")


class _Opaque(object):
    """Stands in for a program object the host cannot use (so the host's own
    type error is raised)."""
    __slots__ = ()


def to_host_value(o):
    """A program value as the host value struct.pack sees."""
    if isinstance(o, PyInt):
        if o.ob_type.name == "bool" and not o.ob_type.is_heaptype:
            return bool(o.value)
        return int(o.value)
    if isinstance(o, PyFloat):
        return float(o.value)
    if isinstance(o, PyBytes):
        return bytes(o.value)
    if isinstance(o, PyByteArray):
        return bytearray(o.value)
    if isinstance(o, PyStr):
        return abstract.str_host(o)
    if lookup(o.ob_type, "__index__") is not None:
        return abstract.index_value(o)
    if lookup(o.ob_type, "__float__") is not None:
        r = abstract.call_dunder(lookup(o.ob_type, "__float__"), o, ())
        try:
            return float(r.value)
        finally:
            decref(r)
    return _Opaque()


def format_arg(o):
    if isinstance(o, PyStr):
        return abstract.str_host(o)
    if isinstance(o, PyBytes):
        return bytes(o.value)
    raise exc("TypeError", "Struct() argument 1 must be a str or bytes object, not %s"
              % type_name(o))


def read_buffer(o):
    """The bytes of a bytes-like argument (a host bytes/bytearray, not copied)."""
    if isinstance(o, (PyBytes, PyByteArray)):
        return o.value
    hb = getattr(o, "buffer_bytes", None)
    if hb is not None:
        return hb()
    raise exc("TypeError", "a bytes-like object is required, not '%s'" % type_name(o))


def box_tuple(values):
    return new_tuple([to_obj(v) for v in values])


_CACHE = {}


def compiled(fmt_obj):
    key = format_arg(fmt_obj)
    s = _CACHE.get((type(key), key))
    if s is None:
        s = hcall(_hs.Struct, key)
        if len(_CACHE) > 200:
            _CACHE.clear()
        _CACHE[(type(key), key)] = s
    return s


def do_pack(s, values):
    hv = [to_host_value(v) for v in values]
    _check_ranges(s.format, hv)
    return hcall(s.pack, *hv)


def do_unpack(s, buf):
    data = read_buffer(buf)
    if len(data) != s.size:
        raise struct_error("unpack requires a buffer of %d bytes" % s.size)
    return box_tuple(hcall(s.unpack, data))


def do_unpack_from(s, buf, offset):
    return box_tuple(hcall(s.unpack_from, read_buffer(buf), offset))


def do_iter_unpack(s, buf):
    data = read_buffer(buf)
    if s.size == 0:
        raise struct_error("cannot iteratively unpack with a struct of length 0")
    if len(data) % s.size:
        raise struct_error("iterative unpacking requires a buffer of a multiple of %d bytes"
                           % s.size)
    items = [box_tuple(t) for t in hcall(s.iter_unpack, bytes(data))]
    lst = new_list(items)
    try:
        return abstract.get_iter(lst)
    finally:
        decref(lst)


def do_pack_into(s, buf, offset_obj, values):
    if not isinstance(buf, PyByteArray) and getattr(buf, "write_buffer", None) is None:
        if isinstance(buf, PyBytes):
            raise exc("TypeError", "argument must be read-write bytes-like object, not bytes")
        raise exc("TypeError", "argument must be read-write bytes-like object, not %s"
                  % type_name(buf))
    offset = abstract.index_value(offset_obj)
    data = read_buffer(buf)
    scratch = bytearray(data)
    hv = [to_host_value(v) for v in values]
    _check_ranges(s.format, hv, "pack_into")
    hcall(s.pack_into, scratch, offset, *hv)
    if isinstance(buf, PyByteArray):
        buf.value[:] = scratch
    else:
        buf.write_buffer(scratch)
    return ret_none()


def _arg_count(name, args, n):
    if len(args) < n:
        raise exc("TypeError", "%s expected %d argument%s, got %d"
                  % (name, n, "" if n == 1 else "s", len(args)))


# ---------------------------------------------------------------------------
# module functions
# ---------------------------------------------------------------------------

def _pack(args, kwargs):
    if kwargs:
        raise exc("TypeError", "pack() takes no keyword arguments")
    if not args:
        raise exc("TypeError", "pack expected at least 1 argument, got 0")
    return new_bytes(do_pack(compiled(args[0]), args[1:]))


def _unpack(fmt, buf):
    return do_unpack(compiled(fmt), buf)


def _calcsize(fmt):
    return new_int(compiled(fmt).size)


def _iter_unpack(fmt, buf):
    return do_iter_unpack(compiled(fmt), buf)


def _unpack_from(args, kwargs):
    names = ("format", "buffer", "offset")
    vals = list(args) + [None] * (3 - len(args))
    if len(args) > 3:
        raise exc("TypeError", "unpack_from() takes at most 3 arguments (%d given)" % len(args))
    for k, v in (kwargs or {}).items():
        if k not in names:
            raise exc("TypeError", "unpack_from() got an unexpected keyword argument '%s'" % k)
        vals[names.index(k)] = v
    if vals[0] is None or vals[1] is None:
        raise exc("TypeError", "unpack_from() missing required argument '%s' (pos %d)"
                  % (("format", 1) if vals[0] is None else ("buffer", 2)))
    off = abstract.index_value(vals[2]) if vals[2] is not None else 0
    return do_unpack_from(compiled(vals[0]), vals[1], off)


def _pack_into(args, kwargs):
    if kwargs:
        raise exc("TypeError", "pack_into() takes no keyword arguments")
    if len(args) < 3:
        raise exc("TypeError", "pack_into expected at least 3 arguments, got %d" % len(args))
    return do_pack_into(compiled(args[0]), args[1], args[2], args[3:])


FUNCS["pack"] = new_builtin("pack", _pack, takes_kw=True, module="struct")
FUNCS["unpack"] = new_builtin("unpack", _unpack, 2, 2, module="struct")
FUNCS["calcsize"] = new_builtin("calcsize", _calcsize, 1, 1, module="struct")
FUNCS["iter_unpack"] = new_builtin("iter_unpack", _iter_unpack, 2, 2, module="struct")
FUNCS["unpack_from"] = new_builtin("unpack_from", _unpack_from, takes_kw=True, module="struct")
FUNCS["pack_into"] = new_builtin("pack_into", _pack_into, takes_kw=True, module="struct")
FUNCS["_clearcache"] = new_builtin("_clearcache", lambda: (_CACHE.clear(), ret_none())[1], 0, 0,
                                   module="struct")


# ---------------------------------------------------------------------------
# struct.Struct
# ---------------------------------------------------------------------------

class PyStruct(core.PyObject):
    __slots__ = ("hs", "fmt")          # host Struct; the format object (owned)


def _st_traverse(o):
    return (o.fmt,) if o.fmt is not None else ()


def _st_dealloc(o):
    f = o.fmt
    o.fmt = None
    o.hs = None
    core.free_block(o)
    if f is not None:
        decref(f)


_static = core.static_mode
core.static_mode = True
try:
    struct_type = make_type("Struct", host_class=PyStruct, basicsize=72,
                            dealloc=_st_dealloc, traverse=_st_traverse, gc=False)
    struct_type.module = "struct"
finally:
    core.static_mode = _static


def _st_new(args, kwargs):
    from minipy.runtime.containers_common import check_type_arg, alloc_sub
    tp = check_type_arg(args, struct_type)
    args = list(args[1:])
    if kwargs:
        for k, v in kwargs.items():
            if k != "format" or args:
                raise exc("TypeError", "Struct() got an unexpected keyword argument '%s'" % k)
            args.append(v)
    if len(args) != 1:
        raise exc("TypeError", "Struct() takes exactly 1 argument (%d given)" % len(args))
    fmt = args[0]
    hs = compiled(fmt)
    hc = tp.host_class
    o = hc.__new__(hc)
    o.hs = hs
    o.fmt = None
    o = alloc_sub(o, tp, 72)
    o.fmt = new_str(hs.format) if isinstance(hs.format, str) else new_str(hs.format.decode())
    return o


def _st_init(self, args, kwargs):
    return ret_none()


_static = core.static_mode
core.static_mode = True
try:
    from minipy.runtime.containers_common import register_new
    register_new(struct_type, _st_new)
    add_method(struct_type, "__init__", _st_init, takes_kw=True)
    add_method(struct_type, "pack", lambda self, args, kwargs: (
        _no_kw("pack", kwargs), new_bytes(do_pack(self.hs, args)))[1], takes_kw=True)
    add_method(struct_type, "unpack", lambda self, buf: do_unpack(self.hs, buf), 1, 1)
    add_method(struct_type, "iter_unpack", lambda self, buf: do_iter_unpack(self.hs, buf), 1, 1)

    def _st_unpack_from(self, args, kwargs):
        names = ("buffer", "offset")
        vals = list(args) + [None] * (2 - len(args))
        for k, v in (kwargs or {}).items():
            if k not in names:
                raise exc("TypeError", "unpack_from() got an unexpected keyword argument '%s'"
                          % k)
            vals[names.index(k)] = v
        if vals[0] is None:
            raise exc("TypeError", "unpack_from() missing required argument 'buffer' (pos 1)")
        off = abstract.index_value(vals[1]) if vals[1] is not None else 0
        return do_unpack_from(self.hs, vals[0], off)

    add_method(struct_type, "unpack_from", _st_unpack_from, takes_kw=True)

    def _st_pack_into(self, args, kwargs):
        _no_kw("pack_into", kwargs)
        if len(args) < 2:
            raise exc("TypeError", "pack_into expected at least 2 arguments, got %d" % len(args))
        return do_pack_into(self.hs, args[0], args[1], args[2:])

    add_method(struct_type, "pack_into", _st_pack_into, takes_kw=True)
    add_getset(struct_type, "format", lambda self: core.incref(self.fmt))
    add_getset(struct_type, "size", lambda self: new_int(self.hs.size))
finally:
    core.static_mode = _static


def _no_kw(name, kwargs):
    if kwargs:
        raise exc("TypeError", "%s() takes no keyword arguments" % name)


def make_module():
    consts = {"error": core.incref(error_type), "Struct": core.incref(struct_type)}
    return build_module("struct", FUNCS, consts,
                        doc="Functions to convert between Python values and C structs.")
