"""Methods of the scalar built-in types: int, bool, float, str, and the singletons.

Each method is a host function registered on its (static) type with
``descr.add_method``/``descr.method``; arguments are borrowed, results are new
references.  Arithmetic is done on the host values (host ints and floats *are*
CPython's, so results, rounding and error messages agree); every host
exception a host operation can raise is caught at the call site and turned
into the minipy exception CPython raises, with the same message.

A few of CPython's identity behaviours are kept because ``id``/``is`` are
observable: ``+x``, ``abs(x)`` (x >= 0), ``int(x)`` and friends return ``x``
itself for an exact int; ``s.strip()``, ``s.replace(...)``, ``s[:]``,
``s + ''`` and ``''.join([s])`` return ``s`` itself when the host's method
returns its own argument (the host follows the same rules as CPython).

Constructors (``int(x)``, ``float(x)``, ``str(x)``, ``bool(x)``) are static
built-in functions stored as ``__new__`` in the type dicts; ``impl(args,
kwargs)`` receives the class being instantiated in ``args[0]`` (possibly a
user subclass, whose instances get the subclass's host class).

Not here: ``int.to_bytes``/``int.from_bytes``, ``str.encode`` (no bytes type),
``int.is_integer`` (3.12+), ``float.__getformat__``.  ``int``, ``bool`` and
``float`` define ``__repr__`` only: as in CPython 3.11, ``str()`` of them goes
through ``object.__str__``.
"""

import math as _math
import operator as _op
import sys as _sys

from minipy.objects import core, descr, typeobject
from minipy.objects.core import decref
from minipy.objects.typeobject import PyType, lookup
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int, TRUE, FALSE, int_size
from minipy.objects.floatobject import PyFloat, float_type, new_float, FLOAT_SIZE
from minipy.objects.strobject import PyStr, str_type, new_str, str_size, intern_str
from minipy.objects.tupleobject import PyTuple, new_tuple
from minipy.objects.listobject import PyList, new_list
from minipy.objects import dictobject
from minipy.objects.dictobject import PyDict
from minipy.objects.singletons import (NONE, NOTIMPL, ELLIPSIS, none_type, notimpl_type,
                                       ellipsis_type)
from minipy.objects.iterobject import PySlice, make_iter_type, new_iter
from minipy.objects.funcobject import PyStaticMethod, staticmethod_type
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.runtime import abstract
from minipy.runtime.containers_common import add_sequence_iterator_methods, value_iternext
from minipy.runtime.abstract import exc
from minipy.runtime.strhash import str_hash as _str_hash
from minipy.runtime import formatting
from minipy.objects.singletons import ret_notimpl as _ni
from minipy.objects.intobject import new_bool as _new_bool
from minipy.runtime.formatting import host_exc, int_to_decimal, ascii_host

_SSIZE_MAX = _sys.maxsize
_MAX_STR_ALLOC = 1 << 31          # longer results raise MemoryError


def _none():
    NONE.ob_refcnt += 1
    return NONE


def _self(o):
    o.ob_refcnt += 1
    return o


def _box(r):
    """A new minipy object for a host int/float/tuple result."""
    t = type(r)
    if t is int or t is bool:
        return new_int(r)
    if t is float:
        return new_float(r)
    if t is tuple:
        return new_tuple([_box(x) for x in r])
    if t is complex:        # a negative float to a fractional power
        from minipy.objects.complexobject import new_complex
        return new_complex(r)
    raise exc("SystemError", "unexpected host result %r" % type(r).__name__)


def _static_str(s):
    """A static (interned) str object, created while the static world is built."""
    return intern_str(s)


def _set_new(tp, impl):
    f = descr.new_builtin("__new__", impl, takes_kw=True)
    f.qualname = tp.name + ".__new__"
    dictobject.dict_setitem_str(tp.dict, "__new__", f)
    decref(f)


def _add_static_method(tp, name, impl, minargs, maxargs):
    hm = getattr({"str": str}[tp.name], name)

    def call(args, kwargs):
        if kwargs or not minargs <= len(args) <= maxargs:
            try:
                hm(*[_Dummy()] * len(args), **{k: _Dummy() for k in (kwargs or ())})
            except TypeError as e:
                from minipy.runtime.modules._common import host_arity_message
                raise exc("TypeError", host_arity_message(tp.name + "." + name, e, len(args),
                                                          kwargs) or str(e))
        return impl(*args)
    f = descr.new_builtin(name, call, minargs, maxargs, takes_kw=True)
    f.qualname = tp.name + "." + name
    sm = PyStaticMethod.__new__(PyStaticMethod)
    sm.func = f
    sm.inst_dict = None
    core.alloc_static(sm, 56, staticmethod_type)
    dictobject.dict_setitem_str(tp.dict, name, sm)
    decref(sm)


def _check_type_arg(args, base):
    if not args:
        raise exc("TypeError", "%s.__new__(): not enough arguments" % base.name)
    tp = args[0]
    if not isinstance(tp, PyType):
        raise exc("TypeError", "%s.__new__(X): X is not a type object (%s)"
                  % (base.name, tp.ob_type.name))
    if not typeobject.is_subtype(tp, base):
        raise exc("TypeError", "%s.__new__(%s): %s is not a subtype of %s"
                  % (base.name, tp.name, tp.name, base.name))
    return tp


def new_subclass_instance(tp, base, value, size):
    """An instance of the user subclass ``tp`` of built-in ``base`` holding ``value``."""
    hc = tp.host_class
    if hc is None:
        hc = base.host_class
    o = hc.__new__(hc)
    o.value = value
    try:
        o.inst_dict = None
    except AttributeError:
        pass
    try:
        o.slot_vals = [None] * len(tp.slotnames) if tp.slotnames is not None else None
    except AttributeError:
        pass
    extra = tp.basicsize - base.basicsize
    return core.alloc(o, size + (extra if extra > 0 else 0), tp)


def _index(o):
    """operator.index(o) as a host int."""
    if isinstance(o, PyInt):
        return int(o.value)
    return formatting._call_index(o)


def _has_index(o):
    return isinstance(o, PyInt) or lookup(o.ob_type, "__index__") is not None


def _ssize(v, errname="IndexError", tpname="int"):
    if v > _SSIZE_MAX or v < -_SSIZE_MAX - 1:
        raise exc(errname, "cannot fit '%s' into an index-sized integer" % tpname)
    return v


def _spec_arg(spec):
    if not isinstance(spec, PyStr):
        raise exc("TypeError", "__format__() argument must be str, not %s" % spec.ob_type.name)
    return spec.value


class _Dummy(object):
    __slots__ = ()


_HOST_SAMPLE = {"int": 0, "float": 0.0, "str": ""}


def _host_arity_error(tp, name, args, kwargs):
    """CPython's TypeError for a wrong call of built-in method ``tp.name``: the
    host's own method raises it when called with placeholder arguments (on
    another host than CPython 3.11, CPython's words come from a table)."""
    from minipy.runtime.modules._common import _CPYTHON_HOST, cpython_arity_message
    if not _CPYTHON_HOST:
        m = cpython_arity_message("%s.%s" % (tp.name, name), len(args), kwargs)
        if m is not None:
            return exc("TypeError", m)
    hm = getattr({"int": int, "float": float, "str": str}[tp.name], name)
    try:
        hm(_HOST_SAMPLE[tp.name], *[_Dummy()] * len(args),
           **{k: _Dummy() for k in (kwargs or ())})
    except TypeError as e:
        return exc("TypeError", str(e))
    except Exception:        # noqa: BLE001 - fall back to a generic message below
        pass
    return exc("TypeError", "%s.%s() got unexpected arguments" % (tp.name, name))


def named_method(tp, name, impl=None, minargs=None, maxargs=None):
    """Register a named (non-dunder) method whose arity errors carry CPython's
    exact messages (``str.join() takes exactly one argument (0 given)``)."""
    def deco(fn):
        lo, hi = minargs, maxargs
        if lo is None or hi is None:
            argc = fn.__code__.co_argcount - 1
            ndef = len(fn.__defaults__ or ())
            lo = argc - ndef if lo is None else lo
            hi = argc if hi is None else hi

        def wrapper(self, args, kwargs):
            n = len(args)
            if kwargs or n < lo or n > hi:
                raise _host_arity_error(tp, name, args, kwargs)
            return fn(self, *args)
        wrapper.__name__ = fn.__name__
        descr.add_method(tp, name, wrapper, lo, hi, takes_kw=True)
        return fn
    if impl is not None:
        return deco(impl)
    return deco


# ===========================================================================
# int
# ===========================================================================

def _int_exact(o):
    """CPython's long_long: ``o`` itself for an exact int, else a plain int copy."""
    if o.ob_type is int_type:
        o.ob_refcnt += 1
        return o
    return new_int(int(o.value))


def _digit_count(s, base):
    t = s.strip().lstrip("+-")
    if base == 0 and t[:2].lower() in ("0x", "0o", "0b"):
        return 0
    return len(t.replace("_", ""))


def _parse_unlimited(s, base):
    """int(s, base) for a string longer than the host's own digit limit."""
    t = s.strip()
    neg = t[:1] == "-"
    t = t.lstrip("+-").replace("_", "")
    if base == 0:
        base = 10
    v = 0
    for i in range(0, len(t), 1000):
        chunk = t[i:i + 1000]
        v = v * base ** len(chunk) + int(chunk, base)
    return -v if neg else v


def parse_int(s, base=10):
    """int(s, base) for a host str ``s``: a host int (CPython's digit limit included)."""
    lim = formatting.INT_MAX_STR_DIGITS
    try:
        v = int(s, base)
    except ValueError as e:
        msg = str(e)
        if not msg.startswith("Exceeds the limit"):
            raise exc("ValueError", msg)
        v = None
    if v is not None and (len(s) <= lim or (base & (base - 1)) == 0 and base != 0):
        return v        # short enough, or a power-of-two base (never limited)
    if base == 0 and _digit_count(s, 0) == 0:
        if v is not None:
            return v    # 0x / 0o / 0b literal
    n = _digit_count(s, base)
    if lim and n > lim:
        raise exc("ValueError", "Exceeds the limit (%d digits) for integer string conversion: "
                  "value has %d digits; use sys.set_int_max_str_digits() to increase the "
                  "limit" % (lim, n))
    if v is None:
        try:
            v = _parse_unlimited(s, base)
        except ValueError:
            raise exc("ValueError", "invalid literal for int() with base %d: %s"
                      % (base, repr(s[:200])))
    return v


def int_from_object(o, allow_str=True):
    """int(o) (CPython's PyNumber_Long) as a new reference to an exact int."""
    t = o.ob_type
    if t is int_type:
        o.ob_refcnt += 1
        return o
    if t is bool_type:
        return new_int(int(o.value))
    if t is float_type:
        try:
            return new_int(int(o.value))
        except (ValueError, OverflowError) as e:
            raise host_exc(e)
    f = lookup(t, "__int__")
    if f is not None:
        r = abstract.call_dunder(f, o, ())
        if r.ob_type is int_type:
            return r
        if isinstance(r, PyInt):
            v = int(r.value)
            decref(r)
            return new_int(v)
        name = r.ob_type.name
        decref(r)
        raise exc("TypeError", "__int__ returned non-int (type %s)" % name)
    f = lookup(t, "__index__")
    if f is not None:
        r = abstract.call_dunder(f, o, ())
        if r.ob_type is int_type:
            return r
        if isinstance(r, PyInt):
            v = int(r.value)
            decref(r)
            return new_int(v)
        name = r.ob_type.name
        decref(r)
        raise exc("TypeError", "__index__ returned non-int (type %s)" % name)
    f = lookup(t, "__trunc__")
    if f is not None:
        r = abstract.call_dunder(f, o, ())
        if r.ob_type is int_type:
            return r
        if isinstance(r, PyInt):
            v = int(r.value)
            decref(r)
            return new_int(v)
        if lookup(r.ob_type, "__index__") is None:
            name = r.ob_type.name
            decref(r)
            raise exc("TypeError", "__trunc__ returned non-Integral (type %s)" % name)
        try:
            v = formatting._call_index(r)
        finally:
            decref(r)
        return new_int(v)
    if allow_str and isinstance(o, PyStr):
        return new_int(parse_int(o.value, 10))
    raise exc("TypeError", "int() argument must be a string, a bytes-like object or a real "
              "number, not '%s'" % t.name)


def int_new(args, kwargs):
    tp = _check_type_arg(args, int_type)
    rest = args[1:]
    x = rest[0] if rest else None
    base = rest[1] if len(rest) > 1 else None
    n = len(rest) + (len(kwargs) if kwargs else 0)
    if n > 2:                   # (argument clinic counts keywords too, before naming them)
        raise exc("TypeError", "int() takes at most 2 arguments (%d given)" % n)
    if kwargs:
        for k, v in kwargs.items():
            if k != "base":
                raise exc("TypeError", "'%s' is an invalid keyword argument for int()" % k)
            if base is not None:
                raise exc("TypeError", "argument for int() given by name ('base') and "
                          "position (2)")
            base = v
    if x is None:
        if base is not None:
            raise exc("TypeError", "int() missing string argument")
        v = 0
    elif base is None:
        r = int_from_object(x)
        if tp is int_type:
            return r
        v = r.value
        decref(r)
    else:
        b = _index(base)
        if not isinstance(x, PyStr):
            raise exc("TypeError", "int() can't convert non-string with explicit base")
        if b != 0 and not 2 <= b <= 36:
            raise exc("ValueError", "int() base must be >= 2 and <= 36, or 0")
        v = parse_int(x.value, b)
    if tp is int_type:
        return new_int(v)
    return new_subclass_instance(tp, int_type, v, int_size(v))


def _int_truediv_pypy(a, b):
    """int / int, correctly rounded also when the quotient is subnormal (PyPy's
    big-int division rounds some of those otherwise)."""
    r = a / b
    if -2.2250738585072014e-308 < r < 2.2250738585072014e-308 and a:
        q, rem = divmod(abs(a) << 1074, abs(b))
        if 2 * rem > abs(b) or (2 * rem == abs(b) and q & 1):
            q += 1
        r = _math.copysign(_math.ldexp(float(q), -1074), -1.0 if (a < 0) != (b < 0) else 1.0)
    return r


# CPython's ZeroDivisionError messages (PyPy words some differently: "integer
# divmod by zero", "float modulo" for //)
_ZERO_DIVISION = {("int", _op.truediv): "division by zero",
                  ("int", _int_truediv_pypy): "division by zero",
                  ("int", _op.floordiv): "integer division or modulo by zero",
                  ("int", _op.mod): "integer modulo by zero",
                  ("int", divmod): "integer division or modulo by zero",
                  ("float", _op.truediv): "float division by zero",
                  ("float", _op.floordiv): "float floor division by zero",
                  ("float", _op.mod): "float modulo",
                  ("float", divmod): "float divmod()"}


def _zero_division(e, kind, fn):
    if isinstance(e, ZeroDivisionError):
        m = _ZERO_DIVISION.get((kind, fn))
        if m is not None:
            raise exc("ZeroDivisionError", m)


def _shift_overflow(e, fn, b):
    """a << b too big: PyPy raises OverflowError('shift count too large') where
    CPython 3.11 fails to allocate (MemoryError) unless the count of 30-bit
    digits itself overflows a Py_ssize_t ('too many digits in integer')."""
    if fn is _op.lshift and isinstance(e, OverflowError) and \
            _sys.implementation.name != "cpython":
        if b // 30 > _sys.maxsize:
            raise exc("OverflowError", "too many digits in integer")
        raise exc("MemoryError")


def _int_binops():
    ops = [
        ("add", _op.add), ("sub", _op.sub), ("mul", _op.mul),
        ("truediv", _op.truediv if _sys.implementation.name == "cpython" else _int_truediv_pypy),
        ("floordiv", _op.floordiv), ("mod", _op.mod), ("divmod", divmod),
        ("lshift", _op.lshift), ("rshift", _op.rshift),
        ("and", _op.and_), ("or", _op.or_), ("xor", _op.xor),
    ]
    for name, fn in ops:
        def op(a, b, fn=fn):
            if not isinstance(b, PyInt):
                return _ni()
            try:
                r = fn(int(a.value), int(b.value))
            except (ArithmeticError, ValueError) as e:
                _zero_division(e, "int", fn)
                _shift_overflow(e, fn, b.value)
                raise host_exc(e)
            except MemoryError:
                raise exc("MemoryError")
            return _box(r)

        def rop(a, b, fn=fn):
            if not isinstance(b, PyInt):
                return _ni()
            try:
                r = fn(int(b.value), int(a.value))
            except (ArithmeticError, ValueError) as e:
                _zero_division(e, "int", fn)
                _shift_overflow(e, fn, a.value)
                raise host_exc(e)
            except MemoryError:
                raise exc("MemoryError")
            return _box(r)
        descr.add_method(int_type, "__%s__" % name, op, 1, 1)
        descr.add_method(int_type, "__r%s__" % name, rop, 1, 1)


_int_binops()


def _host_pow(a, b, m):
    try:
        if m is None:
            return _box(pow(a, b))
        return _box(pow(a, b, m))
    except (ArithmeticError, ValueError) as e:
        raise host_exc(e)
    except MemoryError:
        raise exc("MemoryError")


@descr.method(int_type, "__pow__")
def int_pow(self, other, mod=None):
    if not isinstance(other, PyInt):
        return _ni()
    if mod is None or mod is NONE:
        return _host_pow(int(self.value), int(other.value), None)
    if not isinstance(mod, PyInt):
        return _ni()
    return _host_pow(int(self.value), int(other.value), int(mod.value))


@descr.method(int_type, "__rpow__")
def int_rpow(self, other, mod=None):
    if not isinstance(other, PyInt):
        return _ni()
    if mod is None or mod is NONE:
        return _host_pow(int(other.value), int(self.value), None)
    if not isinstance(mod, PyInt):
        return _ni()
    return _host_pow(int(other.value), int(self.value), int(mod.value))


def _int_compares():
    for name, fn in (("lt", _op.lt), ("le", _op.le), ("eq", _op.eq), ("ne", _op.ne),
                     ("gt", _op.gt), ("ge", _op.ge)):
        def cmp(a, b, fn=fn):
            if not isinstance(b, PyInt):
                return _ni()
            return _new_bool(fn(a.value, b.value))
        descr.add_method(int_type, "__%s__" % name, cmp, 1, 1)


_int_compares()


@descr.method(int_type, "__neg__")
def int_neg(self):
    return new_int(-int(self.value))


@descr.method(int_type, "__pos__")
def int_pos(self):
    return _int_exact(self)


@descr.method(int_type, "__abs__")
def int_abs(self):
    if self.value < 0:
        return new_int(-int(self.value))
    return _int_exact(self)


@descr.method(int_type, "__invert__")
def int_invert(self):
    return new_int(~int(self.value))


@descr.method(int_type, "__bool__")
def int_bool(self):
    return _new_bool(self.value != 0)


for _name in ("__int__", "__index__", "__trunc__", "__floor__", "__ceil__"):
    descr.add_method(int_type, _name, _int_exact, 0, 0)
named_method(int_type, "conjugate", _int_exact)


@descr.method(int_type, "__float__")
def int_float(self):
    try:
        return new_float(float(self.value))
    except OverflowError:
        raise exc("OverflowError", "int too large to convert to float")


@descr.method(int_type, "__round__")
def int_round(self, ndigits=None):
    if ndigits is None:             # round(x) and round(x, None) call x.__round__()
        return _int_exact(self)
    nd = _index(ndigits)
    if nd >= 0:
        return _int_exact(self)
    try:
        return new_int(round(int(self.value), nd))
    except (ArithmeticError, ValueError) as e:
        raise host_exc(e)


@descr.method(int_type, "__hash__")
def int_hash(self):
    return new_int(hash(self.value))


@descr.method(int_type, "__repr__")
def int_repr(self):
    return new_str(int_to_decimal(self.value))


@descr.method(int_type, "__format__")
def int_format(self, spec):
    s = _spec_arg(spec)
    if not s:
        if self.ob_type is int_type:
            return new_str(int_to_decimal(self.value))
        return abstract.str_(self)
    return new_str(formatting.format_int(self.value, s, self.ob_type.name))


@descr.method(int_type, "__getnewargs__")
def int_getnewargs(self):
    return new_tuple([new_int(int(self.value))])


@descr.method(int_type, "__sizeof__")
def int_sizeof(self):
    return new_int(int_size(self.value))


@named_method(int_type, "bit_length")
def int_bit_length(self):
    return new_int(int(self.value).bit_length())


@named_method(int_type, "bit_count")
def int_bit_count(self):
    return new_int(bin(int(self.value)).count("1"))


@named_method(int_type, "as_integer_ratio")
def int_as_integer_ratio(self):
    return new_tuple([_int_exact(self), new_int(1)])


descr.add_getset(int_type, "real", _int_exact)
descr.add_getset(int_type, "imag", lambda self: new_int(0))
descr.add_getset(int_type, "numerator", _int_exact)
descr.add_getset(int_type, "denominator", lambda self: new_int(1))
_set_new(int_type, int_new)


# ===========================================================================
# bool
# ===========================================================================

_TRUE_STR = _static_str("True")
_FALSE_STR = _static_str("False")


def bool_new(args, kwargs):
    _check_type_arg(args, bool_type)
    if kwargs:
        raise exc("TypeError", "bool() takes no keyword arguments")
    if len(args) > 2:
        raise exc("TypeError", "bool expected at most 1 argument, got %d" % (len(args) - 1))
    if len(args) == 1:
        return _new_bool(False)
    return _new_bool(abstract.truth(args[1]))


@descr.method(bool_type, "__repr__")
def bool_repr(self):
    s = _TRUE_STR if self.value else _FALSE_STR
    s.ob_refcnt += 1
    return s


def _bool_binops():
    for name, fn in (("and", _op.and_), ("or", _op.or_), ("xor", _op.xor)):
        iop = lookup(int_type, "__%s__" % name).impl

        def op(a, b, fn=fn, iop=iop):
            if b.ob_type is bool_type:
                return _new_bool(fn(a.value, b.value))
            return iop(a, b)
        descr.add_method(bool_type, "__%s__" % name, op, 1, 1)
        descr.add_method(bool_type, "__r%s__" % name, op, 1, 1)


_bool_binops()
_set_new(bool_type, bool_new)


# ===========================================================================
# float
# ===========================================================================

def parse_float(s):
    try:
        return float(s)
    except ValueError as e:
        raise exc("ValueError", str(e))


def float_from_object(o):
    """float(o) (CPython's PyNumber_Float) as a new reference to an exact float."""
    t = o.ob_type
    if t is float_type:
        o.ob_refcnt += 1
        return o
    f = lookup(t, "__float__")
    if f is not None:
        r = abstract.call_dunder(f, o, ())
        if r.ob_type is float_type:
            return r
        if isinstance(r, PyFloat):
            v = r.value
            decref(r)
            return new_float(v)
        name = r.ob_type.name
        decref(r)
        raise exc("TypeError", "%s.__float__ returned non-float (type %s)" % (t.name, name))
    if lookup(t, "__index__") is not None:
        v = formatting._call_index(o)
        try:
            return new_float(float(v))
        except OverflowError:
            raise exc("OverflowError", "int too large to convert to float")
    if isinstance(o, PyStr):
        return new_float(parse_float(o.value))
    raise exc("TypeError", "float() argument must be a string or a real number, not '%s'"
              % t.name)


def float_new(args, kwargs):
    tp = _check_type_arg(args, float_type)
    if kwargs:
        raise exc("TypeError", "float() takes no keyword arguments")
    if len(args) > 2:
        raise exc("TypeError", "float expected at most 1 argument, got %d" % (len(args) - 1))
    if len(args) == 1:
        v = 0.0
        if tp is float_type:
            return new_float(v)
    else:
        r = float_from_object(args[1])
        if tp is float_type:
            return r
        v = r.value
        decref(r)
    return new_subclass_instance(tp, float_type, v, FLOAT_SIZE)


def _float_operand(b):
    return isinstance(b, PyFloat) or isinstance(b, PyInt)


def _fv(o):
    v = o.value
    return v if type(v) is float else int(v)


def _float_binops():
    ops = [
        ("add", _op.add), ("sub", _op.sub), ("mul", _op.mul), ("truediv", _op.truediv),
        ("floordiv", _op.floordiv), ("mod", _op.mod), ("divmod", divmod),
    ]
    for name, fn in ops:
        def op(a, b, fn=fn):
            if not _float_operand(b):
                return _ni()
            try:
                r = fn(a.value, _fv(b))
            except ArithmeticError as e:
                _zero_division(e, "float", fn)
                raise host_exc(e)
            return _box(r)

        def rop(a, b, fn=fn):
            if not _float_operand(b):
                return _ni()
            try:
                r = fn(_fv(b), a.value)
            except ArithmeticError as e:
                _zero_division(e, "float", fn)
                raise host_exc(e)
            return _box(r)
        descr.add_method(float_type, "__%s__" % name, op, 1, 1)
        descr.add_method(float_type, "__r%s__" % name, rop, 1, 1)


_float_binops()


def _float_pow(a, b, mod):
    if mod is not None and mod is not NONE:
        raise exc("TypeError", "pow() 3rd argument not allowed unless all arguments are integers")
    try:
        r = pow(float(a), float(b))
    except (ArithmeticError, ValueError) as e:
        raise host_exc(e)
    return _box(r)


if _sys.implementation.name != "cpython":
    _POW_RANGE_ERROR = OverflowError(34, "Numerical result out of range")

    def _float_pow(a, b, mod):      # noqa: F811 - the PyPy host's version
        """PyPy's float ** overflows to inf or raises OverflowError('float power'):
        CPython raises OverflowError(34, 'Numerical result out of range')."""
        if mod is not None and mod is not NONE:
            raise exc("TypeError", "pow() 3rd argument not allowed unless all arguments are "
                      "integers")
        a = float(a)
        b = float(b)
        try:
            r = pow(a, b)
        except OverflowError:
            raise host_exc(_POW_RANGE_ERROR)
        except (ArithmeticError, ValueError) as e:
            raise host_exc(e)
        if type(r) is float and _math.isinf(r) and _math.isfinite(a) and _math.isfinite(b):
            raise host_exc(_POW_RANGE_ERROR)
        return _box(r)


@descr.method(float_type, "__pow__")
def float_pow(self, other, mod=None):
    if not _float_operand(other):
        return _ni()
    try:
        b = float(_fv(other))
    except OverflowError:
        raise exc("OverflowError", "int too large to convert to float")
    return _float_pow(self.value, b, mod)


@descr.method(float_type, "__rpow__")
def float_rpow(self, other, mod=None):
    if not _float_operand(other):
        return _ni()
    try:
        a = float(_fv(other))
    except OverflowError:
        raise exc("OverflowError", "int too large to convert to float")
    return _float_pow(a, self.value, mod)


def _float_compares():
    for name, fn in (("lt", _op.lt), ("le", _op.le), ("eq", _op.eq), ("ne", _op.ne),
                     ("gt", _op.gt), ("ge", _op.ge)):
        def cmp(a, b, fn=fn):
            if not _float_operand(b):
                return _ni()
            return _new_bool(fn(a.value, _fv(b)))
        descr.add_method(float_type, "__%s__" % name, cmp, 1, 1)


_float_compares()


def _float_exact(o):
    if o.ob_type is float_type:
        o.ob_refcnt += 1
        return o
    return new_float(o.value)


@descr.method(float_type, "__neg__")
def float_neg(self):
    return new_float(-self.value)


descr.add_method(float_type, "__pos__", _float_exact, 0, 0)
descr.add_method(float_type, "__float__", _float_exact, 0, 0)
named_method(float_type, "conjugate", _float_exact)
descr.add_getset(float_type, "real", _float_exact)
descr.add_getset(float_type, "imag", lambda self: new_float(0.0))


@descr.method(float_type, "__abs__")
def float_abs(self):
    return new_float(abs(self.value))


@descr.method(float_type, "__bool__")
def float_bool(self):
    return _new_bool(self.value != 0.0)


def _float_to_int(self):
    try:
        return new_int(int(self.value))
    except (ValueError, OverflowError) as e:
        raise host_exc(e)


descr.add_method(float_type, "__int__", _float_to_int, 0, 0)
descr.add_method(float_type, "__trunc__", _float_to_int, 0, 0)


@descr.method(float_type, "__floor__")
def float_floor(self):
    try:
        return new_int(_math.floor(self.value))
    except (ValueError, OverflowError) as e:
        raise host_exc(e)


@descr.method(float_type, "__ceil__")
def float_ceil(self):
    try:
        return new_int(_math.ceil(self.value))
    except (ValueError, OverflowError) as e:
        raise host_exc(e)


@descr.method(float_type, "__round__")
def float_round(self, ndigits=None):
    try:
        if ndigits is None or ndigits is NONE:
            return new_int(round(self.value))
        return new_float(round(self.value, _index(ndigits)))
    except (ValueError, OverflowError) as e:
        raise host_exc(e)


def pointer_hash(addr):
    """CPython's _Py_HashPointer (the hash of a NaN, of plain objects)."""
    y = ((addr >> 4) | (addr << 60)) & 0xFFFFFFFFFFFFFFFF
    if y >= 1 << 63:
        y -= 1 << 64
    return -2 if y == -1 else y


@descr.method(float_type, "__hash__")
def float_hash(self):
    v = self.value
    if v != v:
        return new_int(pointer_hash(self.ob_addr))
    return new_int(hash(v))


@descr.method(float_type, "__repr__")
def float_repr(self):
    return new_str(repr(self.value))


@descr.method(float_type, "__format__")
def float_format(self, spec):
    s = _spec_arg(spec)
    if not s:
        if self.ob_type is float_type:
            return new_str(repr(self.value))
        return abstract.str_(self)
    return new_str(formatting.format_float(self.value, s, self.ob_type.name))


@descr.method(float_type, "__getnewargs__")
def float_getnewargs(self):
    return new_tuple([new_float(self.value)])


@named_method(float_type, "is_integer")
def float_is_integer(self):
    return _new_bool(self.value.is_integer())


@named_method(float_type, "as_integer_ratio")
def float_as_integer_ratio(self):
    try:
        n, d = self.value.as_integer_ratio()
    except (ValueError, OverflowError) as e:
        raise host_exc(e)
    return new_tuple([new_int(n), new_int(d)])


@named_method(float_type, "hex")
def float_hex(self):
    return new_str(self.value.hex())


_HEX_FLOAT = None


def _cpython_fromhex(text):
    """float.fromhex as CPython computes it (round-half-even to the nearest float,
    subnormals included; PyPy's rounds some subnormals otherwise), for a host
    that is not CPython."""
    global _HEX_FLOAT
    import re
    if _HEX_FLOAT is None:
        _HEX_FLOAT = re.compile(r"[ \t\n\r\x0b\x0c]*([+-]?)(?:0[xX])?([0-9a-fA-F]*)"
                                r"(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?[ \t\n\r\x0b\x0c]*")
    m = _HEX_FLOAT.fullmatch(text)
    if m is None or not (m.group(2) or m.group(3)):
        low = text.strip(" \t\n\r\x0b\x0c").lower().lstrip("+-")
        if low in ("inf", "infinity", "nan"):
            return float(text.strip(" \t\n\r\x0b\x0c"))
        raise exc("ValueError", "invalid hexadecimal floating-point string")
    frac = m.group(3) or ""
    mant = int((m.group(2) or "") + frac or "0", 16)
    e = int(m.group(4) or "0") - 4 * len(frac)
    sign = -1.0 if m.group(1) == "-" else 1.0
    if mant == 0:
        return _math.copysign(0.0, sign)
    nb = mant.bit_length()
    if nb + e > 1024:
        raise exc("OverflowError", "hexadecimal value too large to represent as a float")
    if nb + e < -1076:
        return _math.copysign(0.0, sign)
    shift = max(nb + e - 53, -1074)
    if shift > e:
        d = shift - e
        q = mant >> d
        rem = mant & ((1 << d) - 1)
        half = 1 << (d - 1)
        if rem > half or (rem == half and q & 1):
            q += 1
    else:
        q = mant << (e - shift)
    try:
        return _math.copysign(_math.ldexp(float(q), shift), sign)
    except OverflowError:
        raise exc("OverflowError", "hexadecimal value too large to represent as a float")


def float_fromhex(cls, s):
    if not isinstance(s, PyStr):
        raise exc("TypeError", "bad argument type for built-in operation")
    try:
        v = float.fromhex(s.value) if _sys.implementation.name == "cpython" \
            else _cpython_fromhex(s.value)
    except (ValueError, OverflowError) as e:
        raise host_exc(e)
    f = new_float(v)
    if cls is float_type:
        return f
    try:
        return abstract.call(cls, [f])
    finally:
        decref(f)


def _float_fromhex_call(cls, args, kwargs):
    if kwargs or len(args) != 1:
        try:
            float.fromhex(*[_Dummy()] * len(args), **{k: _Dummy() for k in (kwargs or ())})
        except TypeError as e:
            from minipy.runtime.modules._common import host_arity_message
            raise exc("TypeError", host_arity_message("float.fromhex", e, len(args), kwargs)
                      or str(e))
    return float_fromhex(cls, args[0])


descr.add_method(float_type, "fromhex", _float_fromhex_call, 1, 1, takes_kw=True, cls=True)
_set_new(float_type, float_new)


# ===========================================================================
# str
# ===========================================================================

_proxy_classes = {}


def _proxy(o):
    """A host stand-in for a minipy object passed to a host str method: it has
    the minipy type's name (so the host's TypeError messages name the right
    type) and forwards ``__index__``."""
    tp = o.ob_type
    has_index = lookup(tp, "__index__") is not None
    key = (tp.name, has_index)
    cls = _proxy_classes.get(key)
    if cls is None:
        ns = {"__slots__": ("obj",)}
        if has_index:
            ns["__index__"] = lambda self: formatting._call_index(self.obj)
        cls = type(tp.name, (), ns)
        _proxy_classes[key] = cls
    p = cls()
    p.obj = o
    return p


_host_subclasses = {}


def _host_subclass_value(base, o):
    """A host instance of a host subclass of ``base`` named like o's type (so that a
    host error message names the minipy subclass)."""
    key = (base, o.ob_type.name)
    cls = _host_subclasses.get(key)
    if cls is None:
        cls = type(o.ob_type.name, (base,), {"__slots__": ()})
        _host_subclasses[key] = cls
    return cls(o.value)


def _h(o):
    """The host value standing for a minipy argument of a host str method."""
    t = o.ob_type
    if t is str_type or t is int_type or t is float_type or t is bool_type:
        return o.value
    if isinstance(o, PyStr):
        return _host_subclass_value(str, o)
    if isinstance(o, PyInt):
        return _host_subclass_value(int, o)
    if isinstance(o, PyFloat):
        return _host_subclass_value(float, o)
    if o is NONE:
        return None
    if isinstance(o, PyTuple):
        return tuple([_h(x) for x in o.items])
    return _proxy(o)


def _str_result(self, r, args=()):
    """The minipy object for a host result of a method of ``self`` (a str): a host
    str that *is* the host value of ``self`` or of an exact-str argument stands for
    that object (CPython returns the object itself in the same cases)."""
    t = type(r)
    if t is str:
        if r is self.value and self.ob_type is str_type:
            self.ob_refcnt += 1
            return self
        for a in args:
            if a.ob_type is str_type and a.value is r:
                a.ob_refcnt += 1
                return a
        return new_str(r)
    if t is bool:
        return _new_bool(r)
    if t is int:
        return new_int(r)
    if t is list:
        return new_list([_str_result(self, x, args) for x in r])
    if t is tuple:
        return new_tuple([_str_result(self, x, args) for x in r])
    if r is None:
        return _none()
    if isinstance(r, str):
        return new_str(str.__str__(r))
    if isinstance(r, int):
        return new_int(int(r))
    raise exc("SystemError", "unexpected host result %s" % t.__name__)


_HOST_ERRORS = (TypeError, ValueError, OverflowError, IndexError, LookupError)


def _raise_host_exc(e):
    raise host_exc(e)


# the host str/bytes methods that take no arguments (METH_NOARGS in CPython)
_NO_ARGUMENTS = frozenset(["capitalize", "casefold", "isalnum", "isalpha", "isascii", "isdecimal",
                           "isdigit", "isidentifier", "islower", "isnumeric", "isprintable",
                           "isspace", "istitle", "isupper", "lower", "swapcase", "title", "upper"])


def wrap_host_method(tp, host_tp, name, to_host, box, raise_host=_raise_host_exc):
    """Give the built-in type *tp* the method *name* of the host type *host_tp*
    (str, bytes...) run on the object's host value: arguments converted by
    *to_host*, host errors raised as minipy ones by *raise_host*, the result
    boxed by ``box(self, result, args)``."""
    hm = getattr(host_tp, name)
    noargs = name in _NO_ARGUMENTS

    def impl(self, args, kwargs):
        if noargs and (args or kwargs):
            # (checked here, not left to the host: PyPy words these differently)
            if kwargs:
                raise exc("TypeError", "%s.%s() takes no keyword arguments" % (tp.name, name))
            raise exc("TypeError", "%s.%s() takes no arguments (%d given)"
                      % (tp.name, name, len(args)))
        hargs = [to_host(a) for a in args]
        try:
            if kwargs:
                r = hm(self.value, *hargs, **{k: to_host(v) for k, v in kwargs.items()})
            else:
                r = hm(self.value, *hargs)
        except _HOST_ERRORS as e:
            from minipy.runtime.modules._common import host_arity_message
            m = host_arity_message(key, e, len(args), kwargs)      # (not PyPy's words)
            if m is not None:
                raise exc("TypeError", m)
            from minipy.runtime import cpython_argcheck
            if cpython_argcheck.ENABLED:
                ce = cpython_argcheck.cpython_error(tp.name, name, args, kwargs, e)
                if ce is not None:
                    raise ce
            raise_host(e)
        except MemoryError:
            from minipy.runtime import cpython_argcheck
            if cpython_argcheck.ENABLED:    # (an argument CPython refuses first)
                ce = cpython_argcheck.cpython_error(tp.name, name, args, kwargs, None)
                if ce is not None:
                    raise ce
            raise exc("MemoryError")
        return box(self, r, args)
    key = "%s.%s" % (tp.name, name)
    if name == "splitlines" and _sys.implementation.name != "cpython":
        host_impl = impl

        def impl(self, args, kwargs):      # noqa: F811
            # (PyPy takes any object as keepends; CPython wants an int)
            from minipy.runtime import cpython_argcheck
            ce = cpython_argcheck.cpython_error(tp.name, name, args, kwargs, None)
            if ce is not None:
                raise ce
            return host_impl(self, args, kwargs)
    impl.__name__ = "%s_%s" % (tp.name, name)
    descr.add_method(tp, name, impl, 0, 0, takes_kw=True)


for _name in ("capitalize", "casefold", "center", "count", "endswith", "expandtabs", "find",
              "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
              "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle",
              "isupper", "ljust", "lower", "lstrip", "partition", "removeprefix",
              "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit",
              "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title",
              "upper", "zfill"):
    if hasattr(str, _name):
        wrap_host_method(str_type, str, _name, _h, _str_result)


def str_new(args, kwargs):
    tp = _check_type_arg(args, str_type)
    rest = args[1:]
    n = len(rest) + (len(kwargs) if kwargs else 0)
    if n > 3:                   # (argument clinic counts keywords too, before naming them)
        raise exc("TypeError", "str() takes at most 3 arguments (%d given)" % n)
    names = ("object", "encoding", "errors")
    vals = list(rest) + [None] * (3 - len(rest))
    if kwargs:
        for k, v in kwargs.items():
            if k not in names:
                raise exc("TypeError", "'%s' is an invalid keyword argument for str()" % k)
            i = names.index(k)
            if i < len(rest):
                raise exc("TypeError", "argument for str() given by name ('%s') and "
                          "position (%d)" % (k, i + 1))
            vals[i] = v
    obj, enc, errs = vals
    if enc is not None or errs is not None:
        for nm, v in (("encoding", enc), ("errors", errs)):
            if v is not None and not isinstance(v, PyStr):
                raise exc("TypeError", "str() argument '%s' must be str, not %s"
                          % (nm, v.ob_type.name))
        if obj is not None:
            if isinstance(obj, PyStr):
                raise exc("TypeError", "decoding str is not supported")
            raise exc("TypeError", "decoding to str: need a bytes-like object, %s found"
                      % obj.ob_type.name)
    if obj is None:
        r = new_str("")
    else:
        r = abstract.str_(obj)
    if tp is str_type:
        return r
    v = r.value
    decref(r)
    return new_subclass_instance(tp, str_type, v, str_size(v))


_set_new(str_type, str_new)


@descr.method(str_type, "__len__")
def str_len(self):
    return new_int(len(self.value))


def slice_indices_host(sl):
    """A host ``slice`` for a minipy slice object (bounds via __index__)."""
    def conv(o):
        if o is NONE:
            return None
        if isinstance(o, PyInt):
            return int(o.value)
        if lookup(o.ob_type, "__index__") is None:
            raise exc("TypeError", "slice indices must be integers or None or have an "
                      "__index__ method")
        return formatting._call_index(o)
    step = conv(sl.step)
    if step == 0:
        raise exc("ValueError", "slice step cannot be zero")
    return slice(conv(sl.start), conv(sl.stop), step)


@descr.method(str_type, "__getitem__")
def str_getitem(self, key):
    s = self.value
    if isinstance(key, PyInt):
        i = int(key.value)
    elif isinstance(key, PySlice):
        r = s[slice_indices_host(key)]
        return _str_result(self, r)
    elif lookup(key.ob_type, "__index__") is not None:
        i = formatting._call_index(key)
    else:
        raise exc("TypeError", "string indices must be integers, not '%s'" % key.ob_type.name)
    _ssize(i)
    n = len(s)
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise exc("IndexError", "string index out of range")
    return new_str(s[i])


@descr.method(str_type, "__contains__")
def str_contains(self, item):
    if not isinstance(item, PyStr):
        raise exc("TypeError", "'in <string>' requires string as left operand, not %s"
                  % item.ob_type.name)
    return _new_bool(item.value in self.value)


@descr.method(str_type, "__add__")
def str_add(self, other):
    if not isinstance(other, PyStr):
        # CPython's str has no nb_add: ``s + x`` tries x.__radd__ and then str
        # concatenation, which raises.  Do both here (the abstract layer tries
        # the left operand's method first).
        f = lookup(other.ob_type, "__radd__")
        if f is not None and type(f) is not descr.PyMethodDescr:
            r = abstract.call_dunder(f, other, (self,))
            if r is not NOTIMPL:
                return r
            decref(r)
        raise exc("TypeError", 'can only concatenate str (not "%s") to str'
                  % other.ob_type.name)
    a = self.value
    b = other.value
    if len(a) + len(b) > _MAX_STR_ALLOC:
        raise exc("MemoryError")
    r = a + b
    if r is a and self.ob_type is str_type:
        return _self(self)
    if r is b and other.ob_type is str_type:
        return _self(other)
    return new_str(r)


def _repeat(self, other, reflected):
    if isinstance(other, PyInt):
        n = int(other.value)
    elif lookup(other.ob_type, "__index__") is not None:
        n = formatting._call_index(other)
    else:
        if reflected and isinstance(other, PyStr):
            # ``s * sub`` for a str subclass instance ``sub`` reached its __rmul__
            # first: the repeat count is ``self``
            raise exc("TypeError", "can't multiply sequence by non-int of type '%s'"
                      % self.ob_type.name)
        if not reflected:
            f = lookup(other.ob_type, "__rmul__")
            # a built-in type's __rmul__ (list/tuple repetition, numbers) is not a
            # number slot CPython would try here: only a class-defined one is
            if f is not None and type(f) is not descr.PyMethodDescr:
                r = abstract.call_dunder(f, other, (self,))
                if r is not NOTIMPL:
                    return r
                decref(r)
        raise exc("TypeError", "can't multiply sequence by non-int of type '%s'"
                  % other.ob_type.name)
    _ssize(n, "OverflowError")
    s = self.value
    if n <= 0 or not s:
        return new_str("")
    if len(s) * n > _SSIZE_MAX:
        raise exc("OverflowError", "repeated string is too long")
    if len(s) * n > _MAX_STR_ALLOC:
        raise exc("MemoryError")
    return _str_result(self, s * n)


@descr.method(str_type, "__mul__")
def str_mul(self, other):
    return _repeat(self, other, False)


@descr.method(str_type, "__rmul__")
def str_rmul(self, other):
    return _repeat(self, other, True)


def _result_from_args(r, candidates):
    for c in candidates:
        if c.ob_type is str_type and c.value is r:
            c.ob_refcnt += 1
            return c
    return new_str(r)


@descr.method(str_type, "__mod__")
def str_mod(self, args):
    r = formatting.percent_format(self.value, args)
    if isinstance(args, PyTuple):
        cands = args.items
    else:
        cands = (args,)
    if r is self.value and self.ob_type is str_type:
        return _self(self)
    return _result_from_args(r, cands)


@descr.method(str_type, "__rmod__")
def str_rmod(self, other):
    return _ni()


def _str_compares():
    for name, fn in (("lt", _op.lt), ("le", _op.le), ("eq", _op.eq), ("ne", _op.ne),
                     ("gt", _op.gt), ("ge", _op.ge)):
        def cmp(a, b, fn=fn):
            if not isinstance(b, PyStr):
                return _ni()
            return _new_bool(fn(a.value, b.value))
        descr.add_method(str_type, "__%s__" % name, cmp, 1, 1)


_str_compares()


@descr.method(str_type, "__hash__")
def str_hash(self):
    return new_int(_str_hash(self.value))


@descr.method(str_type, "__repr__")
def str_repr(self):
    return new_str(repr(self.value))


@descr.method(str_type, "__str__")
def str_str(self):
    if self.ob_type is str_type:
        return _self(self)
    return new_str(self.value)


@descr.method(str_type, "__format__")
def str_format_spec(self, spec):
    s = _spec_arg(spec)
    if not s:
        if self.ob_type is str_type:
            return _self(self)
        return abstract.str_(self)
    return _str_result(self, formatting.format_str(self.value, s, self.ob_type.name))


@descr.method(str_type, "__getnewargs__")
def str_getnewargs(self):
    return new_tuple([new_str(self.value)])


@descr.method(str_type, "__sizeof__")
def str_sizeof(self):
    v = self.value
    if self.ob_type is str_type:
        return new_int(str_size(v))
    # instances of subclasses are "legacy" (non-compact) strings in CPython:
    # a PyUnicodeObject plus a separate data buffer
    m = max(map(ord, v)) if v else 0
    kind = 1 if m < 256 else (2 if m < 65536 else 4)
    return new_int(80 + (len(v) + 1) * kind)


@named_method(str_type, "join")
def str_join(self, iterable):
    t = iterable.ob_type
    if not isinstance(iterable, (PyList, PyTuple)):
        it = lookup(t, "__iter__")
        if it is NONE or (it is None and lookup(t, "__getitem__") is None):
            raise exc("TypeError", "can only join an iterable")
    items = abstract.sequence_to_list(iterable)
    try:
        for i, x in enumerate(items):
            if not isinstance(x, PyStr):
                raise exc("TypeError", "sequence item %d: expected str instance, %s found"
                          % (i, x.ob_type.name))
        total = sum(len(x.value) for x in items) + len(self.value) * max(len(items) - 1, 0)
        if total > _MAX_STR_ALLOC:
            raise exc("MemoryError")
        r = self.value.join([x.value for x in items])
        if len(items) == 1 and r is items[0].value and items[0].ob_type is str_type:
            return _self(items[0])
        return new_str(r)
    finally:
        core.decref_all(items)


def str_format_method(self, args, kwargs):
    r = formatting.vformat(self.value, args, kwargs)
    if r is self.value and self.ob_type is str_type:
        return _self(self)
    cands = list(args)
    if kwargs:
        cands.extend(kwargs.values())
    return _result_from_args(r, cands)


descr.add_method(str_type, "format", str_format_method, 0, 0, takes_kw=True)


@named_method(str_type, "format_map")
def str_format_map(self, mapping):
    r = formatting.vformat(self.value, None, None, mapping)
    if r is self.value and self.ob_type is str_type:
        return _self(self)
    return new_str(r)


def _is_lookup_error(e):
    return typeobject.is_subtype(e.exc.ob_type, EXC_TYPES["LookupError"])


@named_method(str_type, "translate")
def str_translate(self, table):
    s = self.value
    cache = {}
    out = []
    for ch in s:
        r = cache.get(ch)
        if r is None:
            key = new_int(ord(ch))
            try:
                v = abstract.getitem(table, key)
            except PyExc as e:
                if not _is_lookup_error(e):
                    raise
                decref(e.exc)
                v = None
            finally:
                decref(key)
            if v is None:
                r = ch
            else:
                try:
                    if v is NONE:
                        r = ""
                    elif isinstance(v, PyInt):
                        c = int(v.value)
                        if c < 0 or c > 0x10FFFF:
                            raise exc("ValueError", "character mapping must be in range(0x110000)")
                        r = chr(c)
                    elif isinstance(v, PyStr):
                        r = v.value
                    else:
                        raise exc("TypeError", "character mapping must return integer, None or str")
                finally:
                    decref(v)
            cache[ch] = r
        out.append(r)
    return _str_result(self, "".join(out) if out else s)


def str_maketrans(x, y=None, z=None):
    """str.maketrans (a static method): a new dict."""
    if y is None or z is None:
        pass
    d = dictobject.new_dict()
    try:
        if y is None:
            if not isinstance(x, PyDict):
                raise exc("TypeError", "if you give only one argument to maketrans it must "
                          "be a dict")
            for hk, k in list(x.dk.items()):
                v = x.dv[hk]
                if isinstance(k, PyInt):
                    key = new_int(int(k.value))
                elif isinstance(k, PyStr):
                    if len(k.value) != 1:
                        raise exc("ValueError", "string keys in translate table must be of "
                                  "length 1")
                    key = new_int(ord(k.value))
                else:
                    raise exc("TypeError", "keys in translate table must be strings or integers")
                try:
                    dictobject.dict_setitem(d, key, v)
                finally:
                    decref(key)
        else:
            if not isinstance(x, PyStr):
                raise exc("TypeError", "maketrans() argument 1 must be str, not %s"
                          % x.ob_type.name)
            if not isinstance(y, PyStr):
                raise exc("TypeError", "maketrans() argument 2 must be str, not %s"
                          % y.ob_type.name)
            if z is not None and not isinstance(z, PyStr):
                raise exc("TypeError", "maketrans() argument 3 must be str, not %s"
                          % z.ob_type.name)
            if len(x.value) != len(y.value):
                raise exc("ValueError", "the first two maketrans arguments must have equal "
                          "length")
            for a, b in zip(x.value, y.value):
                key = new_int(ord(a))
                val = new_int(ord(b))
                dictobject.dict_setitem(d, key, val)
                decref(key)
                decref(val)
            if z is not None:
                for a in z.value:
                    key = new_int(ord(a))
                    dictobject.dict_setitem(d, key, NONE)
                    decref(key)
    except BaseException:
        decref(d)
        raise
    return d


_add_static_method(str_type, "maketrans", str_maketrans, 1, 3)


# --- iteration -------------------------------------------------------------

_str_iternext = value_iternext(new_str)


str_ascii_iterator_type = make_iter_type("str_ascii_iterator", _str_iternext)
str_iterator_type = make_iter_type("str_iterator", _str_iternext)


@descr.method(str_type, "__iter__")
def str_iter(self):
    tp = str_ascii_iterator_type if self.value.isascii() else str_iterator_type
    return new_iter(tp, self)


add_sequence_iterator_methods((str_ascii_iterator_type, str_iterator_type))


# ===========================================================================
# None, NotImplemented, Ellipsis
# ===========================================================================

def _singleton_new(tp, obj):
    def impl(args, kwargs):
        if len(args) > 1 or kwargs:
            raise exc("TypeError", "%s takes no arguments" % tp.name)
        obj.ob_refcnt += 1
        return obj
    _set_new(tp, impl)


for _tp, _obj, _text in ((none_type, NONE, "None"), (notimpl_type, NOTIMPL, "NotImplemented"),
                         (ellipsis_type, ELLIPSIS, "Ellipsis")):
    _s = _static_str(_text)

    def _repr(self, _s=_s):
        _s.ob_refcnt += 1
        return _s
    descr.add_method(_tp, "__repr__", _repr, 0, 0)
    _singleton_new(_tp, _obj)


@descr.method(none_type, "__bool__")
def none_bool(self):
    return _new_bool(False)


__all__ = ["int_from_object", "float_from_object", "parse_int", "parse_float",
           "new_subclass_instance", "slice_indices_host", "pointer_hash", "ascii_host"]
