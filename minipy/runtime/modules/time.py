"""The ``time`` module: clocks and sleep, on the host's clocks; broken-down
times (``struct_time``), their conversions and formatting, computed by the
host's time functions and handed to the program as minipy objects."""

import errno as _herrno
import os as _hos
import sys as _hsys
import time as _htime

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import make_type
from minipy.objects.tupleobject import PyTuple, tuple_type
from minipy.objects.descr import add_method, add_getset, new_builtin
from minipy.objects.dictobject import PyDict, dict_setitem_str
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.floatobject import PyFloat
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.singletons import NONE
from minipy.objects.exceptions import PyExc, EXC_TYPES, check_new_type
from minipy.runtime.formatting import host_exc
from minipy.runtime.modules._common import arity_error, to_obj, host_call, builtin, build_module, to_host
from minipy.runtime import abstract, formatting
from minipy.runtime.abstract import exc

FUNCS = {}


def _clock(name):
    hf = getattr(_htime, name)

    def impl(args, kwargs):
        if args or kwargs:
            raise arity_error(hf, args, kwargs)
        return to_obj(hf())
    impl.__name__ = "time_" + name
    FUNCS[name] = builtin("time", name, impl, 0, 0, True)


for _name in ("time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic",
              "monotonic_ns", "process_time", "process_time_ns", "thread_time",
              "thread_time_ns"):
    if hasattr(_htime, _name):
        _clock(_name)


def time_sleep(args, kwargs):
    if kwargs or len(args) != 1:
        raise arity_error(_htime.sleep, args, kwargs)
    secs = None if args[0] is NONE else _secs_arg(args[0])
    if secs is None:
        raise exc("TypeError", "'NoneType' object cannot be interpreted as an integer")
    from minipy.runtime.builtins_core import vm_ref
    vm = vm_ref[0]
    if vm is not None and vm.gil is not None and isinstance(secs, (int, float)) and secs >= 0:
        vm.gil.sleep(vm.ts, secs)     # sleeping releases the GIL
    else:
        host_call(_htime.sleep, [secs])
    return to_obj(None)


FUNCS["sleep"] = builtin("time", "sleep", time_sleep, 1, 1, True)


# ---------------------------------------------------------------------------
# struct_time: a tuple of 9 fields, with tm_zone and tm_gmtoff as two more
# named fields outside the tuple (CPython's structseq with n_fields 11)
# ---------------------------------------------------------------------------

_FIELDS = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday",
           "tm_isdst")
_EXTRA_FIELDS = ("tm_zone", "tm_gmtoff")
_N_SEQ = len(_FIELDS)
_N_FIELDS = _N_SEQ + len(_EXTRA_FIELDS)


class PyStructTime(PyTuple):
    __slots__ = ("extra",)       # (tm_zone, tm_gmtoff): objects


def _st_traverse(t):
    return list(t.items[::-1]) + list(t.extra)


def _st_dealloc(t):
    refs = list(t.items) + list(t.extra)
    t.items = ()
    t.extra = ()
    core.free_block(t)
    core.decref_all(refs)


struct_time_type = None


def new_struct_time(items, extra):
    """A struct_time owning ``items`` (9 new references) and ``extra`` (2 new references)."""
    t = PyStructTime.__new__(PyStructTime)
    t.items = tuple(items)
    t.extra = tuple(extra)
    return core.alloc(t, 40 + 8 * _N_SEQ, struct_time_type)


def _from_host(st):
    """A struct_time for a host time.struct_time."""
    return new_struct_time([to_obj(x) for x in tuple(st)],
                           [to_obj(st.tm_zone), to_obj(st.tm_gmtoff)])


def _st_repr(t):
    parts = ["%s=%s" % (n, abstract.repr_host(v)) for n, v in zip(_FIELDS, t.items)]
    return new_str("time.struct_time(%s)" % ", ".join(parts))


def _st_new(args, kwargs):
    tp = check_new_type(args, struct_time_type, "time.struct_time")
    rest = list(args[1:])
    kwargs = dict(kwargs or {})
    names = ("sequence", "dict")
    vals = [None, None]
    if len(rest) > 2:
        raise exc("TypeError", "structseq() takes at most 2 arguments (%d given)"
                  % (len(rest) + len(kwargs)))
    for i, v in enumerate(rest):
        vals[i] = v
    for k, v in kwargs.items():
        if k not in names:
            raise exc("TypeError", "'%s' is an invalid keyword argument for structseq()" % k)
        i = names.index(k)
        if vals[i] is not None:
            raise exc("TypeError", "argument for structseq() given by name ('%s') and position "
                      "(%d)" % (k, i + 1))
        vals[i] = v
    seq, d = vals
    if seq is None:
        raise exc("TypeError", "structseq() missing required argument 'sequence' (pos 1)")
    try:
        it = abstract.get_iter(seq)
    except PyExc as e:
        if EXC_TYPES["TypeError"] not in e.exc.ob_type.mro:
            raise
        decref(e.exc)
        raise exc("TypeError", "constructor requires a sequence")
    items = []
    try:
        while True:
            v = abstract.next_(it)
            if v is None:
                break
            items.append(v)
    except PyExc:
        core.decref_all(items)
        raise
    finally:
        decref(it)
    try:
        name = "%s.%s" % (tp.module, tp.name)
        if d is not None and not isinstance(d, PyDict):
            raise exc("TypeError", "%s() takes a dict as second arg, if any" % name)
        n = len(items)
        if n < _N_SEQ:
            raise exc("TypeError", "%s() takes an at least %d-sequence (%d-sequence given)"
                      % (name, _N_SEQ, n))
        if n > _N_FIELDS:
            raise exc("TypeError", "%s() takes an at most %d-sequence (%d-sequence given)"
                      % (name, _N_FIELDS, n))
    except PyExc:
        core.decref_all(items)
        raise
    extra = items[_N_SEQ:]
    for fname in _EXTRA_FIELDS[len(extra):]:
        v = d.dv.get(fname) if d is not None else None
        if v is None:
            v = NONE
        v.ob_refcnt += 1
        extra.append(v)
    return new_struct_time(items[:_N_SEQ], extra)


def _make_struct_time_type():
    global struct_time_type
    struct_time_type = make_type("struct_time", base=tuple_type, host_class=PyStructTime,
                                 basicsize=40 + 8 * _N_SEQ, dealloc=_st_dealloc,
                                 traverse=_st_traverse, final=True, gc=True)
    struct_time_type.module = "time"
    for i, n in enumerate(_FIELDS):
        add_getset(struct_time_type, n, (lambda i: lambda t: core.incref(t.items[i]))(i))
    for i, n in enumerate(_EXTRA_FIELDS):
        add_getset(struct_time_type, n, (lambda i: lambda t: core.incref(t.extra[i]))(i))
    add_method(struct_time_type, "__repr__", _st_repr)
    f = new_builtin("__new__", _st_new, takes_kw=True)
    dict_setitem_str(struct_time_type.dict, "__new__", f)
    decref(f)
    for attr, v in (("n_fields", _N_FIELDS), ("n_sequence_fields", _N_SEQ),
                    ("n_unnamed_fields", 0)):
        o = new_int(v)
        dict_setitem_str(struct_time_type.dict, attr, o)
        decref(o)


_static = core.static_mode
core.static_mode = True          # the type, its dict and descriptors are static objects
try:
    _make_struct_time_type()
finally:
    core.static_mode = _static


# ---------------------------------------------------------------------------
# Conversions, on the host's functions
# ---------------------------------------------------------------------------

_CPYTHON = _hsys.implementation.name == "cpython"


def _host_time_call(hf, hargs):
    """host_call, also turning the host's OSError (a time out of the platform's range)
    into the program's OSError."""
    try:
        return host_call(hf, hargs)
    except OSError as e:
        if not _CPYTHON and e.errno is None:
            # PyPy: OSError('unconvertible time'), where CPython's localtime_r failed
            e = OSError(_herrno.EOVERFLOW, _hos.strerror(_herrno.EOVERFLOW))
        raise host_exc(e)
    except PyExc as e:
        # PyPy raises ValueError where CPython's gmtime_r/localtime_r fail with EOVERFLOW
        if not _CPYTHON and e.exc.ob_type is EXC_TYPES["ValueError"] and \
                abstract.str_host(e.exc) == _hos.strerror(_herrno.EOVERFLOW):
            decref(e.exc)
            raise host_exc(OSError(_herrno.EOVERFLOW, _hos.strerror(_herrno.EOVERFLOW)))
        raise


def _c_int(o):
    """An item of a time tuple as PyArg_ParseTuple's "i" converts it."""
    v = o.value if isinstance(o, PyInt) else formatting._call_index(o)
    if not -2 ** 63 <= v < 2 ** 63:
        raise exc("OverflowError", "Python int too large to convert to C long")
    if v > 2 ** 31 - 1:
        raise exc("OverflowError", "signed integer is greater than maximum")
    if v < -2 ** 31:
        raise exc("OverflowError", "signed integer is less than minimum")
    return int(v)


def _tm_arg_of(fname):
    def tm_arg(o):
        """A struct_time or tuple argument as the host value the host function takes,
        checked as CPython's gettmarg() checks it (PyPy's words differ)."""
        if not isinstance(o, PyTuple):
            raise exc("TypeError", "Tuple or struct_time argument required")
        if len(o.items) != _N_SEQ:
            raise exc("TypeError", "%s(): illegal time tuple argument" % fname)
        vals = tuple(_c_int(x) for x in o.items)
        if isinstance(o, PyStructTime):
            return _htime.struct_time(vals + tuple(to_host(x) for x in o.extra))
        return vals
    return tm_arg


def _secs_arg(o):
    """A timestamp argument as _PyTime_ObjectToTime_t takes it: a float, or an int
    by __index__."""
    if o is NONE:
        return None
    if isinstance(o, PyFloat):
        if o.value != o.value:
            raise exc("ValueError", "Invalid value NaN (not a number)")
        return o.value
    return o.value if isinstance(o, PyInt) else formatting._call_index(o)


def _format_arg(o):
    if not isinstance(o, PyStr):
        raise exc("TypeError", "strftime() argument 1 must be str, not %s" % o.ob_type.name)
    return o.value


def _zone_format(fmt, st):
    """``fmt`` with %Z and %z replaced by the tm_zone and tm_gmtoff of the host
    struct_time ``st``, as CPython's strftime() takes them from a struct_time
    (PyPy's ignores them)."""
    zone, off = st.tm_zone, st.tm_gmtoff
    out = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c == "%" and i + 1 < n:
            d = fmt[i + 1]
            if d == "Z" and zone is not None:
                out.append(str(zone).replace("%", "%%"))
            elif d == "z" and off is not None:
                sign = "-" if off < 0 else "+"
                m = abs(int(off)) // 60
                out.append("%s%02d%02d" % (sign, m // 60, m % 60))
            else:
                out.append(fmt[i:i + 2])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _convert(name, arg_fn, result_fn, minargs, maxargs):
    hf = getattr(_htime, name)

    def impl(args, kwargs):
        if kwargs or not minargs <= len(args) <= maxargs:
            raise arity_error(hf, args, kwargs)
        hargs = [fn(a) for fn, a in zip(arg_fn, args)]
        if name == "strftime" and not _CPYTHON and len(hargs) == 2 and \
                isinstance(hargs[1], _htime.struct_time):
            hargs[0] = _zone_format(hargs[0], hargs[1])
        return result_fn(_host_time_call(hf, hargs))
    impl.__name__ = "time_" + name
    FUNCS[name] = builtin("time", name, impl, minargs, maxargs, True)


_convert("gmtime", (_secs_arg,), _from_host, 0, 1)
_convert("localtime", (_secs_arg,), _from_host, 0, 1)
_convert("mktime", (_tm_arg_of("mktime"),), to_obj, 1, 1)
_convert("asctime", (_tm_arg_of("asctime"),), to_obj, 0, 1)
_convert("ctime", (_secs_arg,), to_obj, 0, 1)
_convert("strftime", (_format_arg, _tm_arg_of("strftime")), to_obj, 1, 2)
_convert("strptime", (to_host, to_host), _from_host, 1, 2)


def _strptime_errors(impl):
    """PyPy's strptime words a date out of range as its pure-Python datetime does
    (ValueError('day must be in 1..29', 31)): CPython's C datetime's words instead."""
    def strptime(args, kwargs):
        try:
            return impl(args, kwargs)
        except PyExc as e:
            if e.exc.ob_type is not EXC_TYPES["ValueError"]:
                raise
            msg = abstract.str_host(e.exc)
            if "day must be in" in msg:
                new = "day is out of range for month"
            elif "year must be in" in msg:
                a = to_host(e.exc.args.items[1]) if len(e.exc.args.items) > 1 else 0
                new = "year %s is out of range" % a
            else:
                raise
            decref(e.exc)
            raise exc("ValueError", new)
    return strptime


if not _CPYTHON:
    FUNCS["strptime"] = builtin("time", "strptime", _strptime_errors(FUNCS["strptime"].impl),
                                1, 2, True)


def make_module():
    consts = {"struct_time": core.incref(struct_time_type),
              "timezone": new_int(_htime.timezone),
              "altzone": new_int(_htime.altzone),
              "daylight": new_int(_htime.daylight),
              "tzname": to_obj(tuple(_htime.tzname))}
    return build_module("time", FUNCS, consts, "This module provides various functions to "
                        "manipulate time values.")
