"""The ``complex`` type: constructor, arithmetic, comparisons, hash, repr and format.

Every method computes on host values (a host complex is CPython's
``Py_complex`` and host complex arithmetic is CPython's C code), so results,
signed zeros, infinities, NaNs and the error messages (``complex division by
zero``, ``0.0 to a negative or complex power``, ``complex exponentiation``,
``absolute value too large``, ``complex modulo``) are CPython 3.11's.

As in CPython 3.11, complex defines no ``__int__``, ``__float__``,
``__floordiv__``, ``__mod__``, ``__divmod__`` or ``__round__`` (so ``int(z)``,
``z // 2`` and ``round(z)`` raise the generic TypeErrors), its ordering
comparisons return NotImplemented, and ``str(z)`` goes through
``object.__str__`` to ``__repr__``.
"""

import operator as _op
import sys as _hsys

from minipy.objects import descr, dictobject
from minipy.objects.core import decref
from minipy.objects.typeobject import lookup
from minipy.objects.intobject import PyInt, new_int, TRUE, FALSE
from minipy.objects.floatobject import PyFloat, new_float
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.tupleobject import new_tuple
from minipy.objects.singletons import NONE, NOTIMPL
from minipy.objects.complexobject import PyComplex, complex_type, new_complex, COMPLEX_SIZE
from minipy.runtime import abstract
from minipy.runtime.abstract import exc
from minipy.runtime import formatting
from minipy.objects.singletons import ret_notimpl as _ni
from minipy.objects.intobject import new_bool as _new_bool
from minipy.runtime.formatting import host_exc
from minipy.runtime.types_methods import (_check_type_arg, new_subclass_instance, pointer_hash,
                                          _spec_arg, float_from_object)

_NO = object()          # "not a number complex arithmetic accepts"


def _operand(o):
    """The host value of an operand complex arithmetic accepts (CPython's
    TO_COMPLEX: an int, a float or a complex), or _NO."""
    if isinstance(o, PyComplex) or isinstance(o, PyFloat):
        return o.value
    if isinstance(o, PyInt):
        return int(o.value)
    return _NO


def _box(r):
    # host complex arithmetic with an int/float/complex operand gives a complex
    return new_complex(r if type(r) is complex else complex(r))


def _complex_binops():
    for name, fn in (("add", _op.add), ("sub", _op.sub), ("mul", _op.mul),
                     ("truediv", _op.truediv)):
        def op(a, b, fn=fn):
            hb = _operand(b)
            if hb is _NO:
                return _ni()
            try:
                return new_complex(fn(a.value, hb))
            except (ArithmeticError, ValueError) as e:
                raise host_exc(e)

        def rop(a, b, fn=fn):
            hb = _operand(b)
            if hb is _NO:
                return _ni()
            try:
                return new_complex(fn(hb, a.value))
            except (ArithmeticError, ValueError) as e:
                raise host_exc(e)
        descr.add_method(complex_type, "__%s__" % name, op, 1, 1)
        descr.add_method(complex_type, "__r%s__" % name, rop, 1, 1)


_complex_binops()


def _pow(a, b, mod):
    try:
        if mod is None or mod is NONE:
            r = pow(a, b)
        else:
            r = pow(a, b, 0)       # the host raises CPython's ValueError('complex modulo')
    except (ArithmeticError, ValueError) as e:
        raise host_exc(e)
    return _box(r)


@descr.method(complex_type, "__pow__")
def complex_pow(self, other, mod=None):
    hb = _operand(other)
    if hb is _NO:
        return _ni()
    return _pow(self.value, hb, mod)


@descr.method(complex_type, "__rpow__")
def complex_rpow(self, other, mod=None):
    ha = _operand(other)
    if ha is _NO:
        return _ni()
    return _pow(ha, self.value, mod)


def _complex_compares():
    for name, fn in (("eq", _op.eq), ("ne", _op.ne)):
        def cmp(a, b, fn=fn):
            hb = _operand(b)
            if hb is _NO:
                return _ni()
            return _new_bool(fn(a.value, hb))
        descr.add_method(complex_type, "__%s__" % name, cmp, 1, 1)
    for name in ("lt", "le", "gt", "ge"):
        descr.add_method(complex_type, "__%s__" % name, lambda a, b: _ni(), 1, 1)


_complex_compares()


def _complex_exact(o):
    """``o`` itself for an exact complex, else a plain complex copy."""
    if o.ob_type is complex_type:
        o.ob_refcnt += 1
        return o
    return new_complex(o.value)


@descr.method(complex_type, "__neg__")
def complex_neg(self):
    return new_complex(-self.value)


descr.add_method(complex_type, "__pos__", _complex_exact, 0, 0)
descr.add_method(complex_type, "__complex__", _complex_exact, 0, 0)


@descr.method(complex_type, "__abs__")
def complex_abs(self):
    try:
        return new_float(abs(self.value))
    except OverflowError as e:
        raise host_exc(e)


@descr.method(complex_type, "__bool__")
def complex_bool(self):
    return _new_bool(self.value != 0)


_HASH_MASK = (1 << 64) - 1
_HASH_IMAG = 1000003


def _hash_double(o, v):
    if v != v:
        return pointer_hash(o.ob_addr)
    return hash(v)


def complex_hash_value(o):
    """CPython's complex_hash as a host int (a NaN part hashes the object's address)."""
    v = o.value
    hr = _hash_double(o, v.real)
    hi = _hash_double(o, v.imag)
    h = (hr + _HASH_IMAG * hi) & _HASH_MASK
    if h >= 1 << 63:
        h -= 1 << 64
    return -2 if h == -1 else h


@descr.method(complex_type, "__hash__")
def complex_hash(self):
    return new_int(complex_hash_value(self))


@descr.method(complex_type, "__repr__")
def complex_repr(self):
    return new_str(repr(complex(self.value)))


def _zero_fill(spec):
    """Whether the fill character of format spec ``spec`` is '0' (given, or by
    the '0' flag when no fill is given)."""
    if len(spec) >= 2 and spec[1] in "<>=^":
        return spec[0] == "0"
    i = 1 if spec[:1] in ("<", ">", "=", "^") else 0
    while i < len(spec) and spec[i] in "+- z#":
        i += 1
    return spec[i:i + 1] == "0"


@descr.method(complex_type, "__format__")
def complex_format(self, spec):
    s = _spec_arg(spec)
    if not s:
        return abstract.str_(self)
    try:
        return new_str(format(complex(self.value), s))
    except (ValueError, OverflowError, TypeError) as e:
        if str(e).startswith("'=' alignment flag") and _zero_fill(s) and \
                _hsys.implementation.name != "cpython":
            # (PyPy's words for a zero-padded spec such as '010')
            raise exc("ValueError", "Zero padding is not allowed in complex format specifier")
        raise formatting._spec_error(e, self.ob_type.name, "complex")


@descr.method(complex_type, "__getnewargs__")
def complex_getnewargs(self):
    v = self.value
    return new_tuple([new_float(v.real), new_float(v.imag)])


@descr.method(complex_type, "conjugate")
def complex_conjugate(self):
    return new_complex(self.value.conjugate())


def _readonly(self, v):
    # CPython's real/imag are read-only member descriptors
    raise exc("AttributeError", "readonly attribute")


descr.add_getset(complex_type, "real", lambda self: new_float(self.value.real), _readonly)
descr.add_getset(complex_type, "imag", lambda self: new_float(self.value.imag), _readonly)
for _name in ("real", "imag"):
    # computed like getsets, but of CPython's type (T_DOUBLE members)
    complex_type.dict.dv[_name].ob_type = descr.member_descr_type


# ---------------------------------------------------------------------------
# complex(real=0, imag=0), complex(string)
# ---------------------------------------------------------------------------

def parse_complex(s):
    """complex(s) for a host str ``s`` (CPython's parser: the host's)."""
    try:
        return complex(s)
    except ValueError as e:
        if _hsys.implementation.name != "cpython":
            # CPython first turns any Unicode space into ' ' and strips the ends
            # (PyPy keeps a '\n' or '\x0c' at an end)
            t = "".join(" " if c.isspace() else c for c in s).strip(" ")
            if t != s:
                try:
                    return complex(t)
                except ValueError:
                    pass
        raise exc("ValueError", str(e))


def try_complex_special(o):
    """CPython's try_complex_special_method: the result of ``o.__complex__()``
    (a new reference to a complex), or None when ``o`` has no ``__complex__``."""
    f = lookup(o.ob_type, "__complex__")
    if f is None:
        return None
    r = abstract.call_dunder(f, o, ())
    if isinstance(r, PyComplex):
        return r
    name = r.ob_type.name
    decref(r)
    raise exc("TypeError", "__complex__ returned non-complex (type %s)" % name)


def _is_number(o):
    t = o.ob_type
    return (isinstance(o, PyComplex) or lookup(t, "__float__") is not None
            or lookup(t, "__index__") is not None)


def _float_part(o):
    r = float_from_object(o)
    v = r.value
    decref(r)
    return v


def complex_value_of(r, i=None):
    """The host complex ``complex(r, i)`` gives (``i`` None when absent)."""
    if isinstance(r, PyStr):
        if i is not None:
            raise exc("TypeError", "complex() can't take second arg if first is a string")
        return parse_complex(r.value)
    if i is not None and isinstance(i, PyStr):
        raise exc("TypeError", "complex() second arg can't be a string")
    tmp = try_complex_special(r)
    if tmp is not None:
        r = tmp
    try:
        if not _is_number(r):
            raise exc("TypeError", "complex() first argument must be a string or a number, "
                      "not '%s'" % r.ob_type.name)
        if i is not None and not _is_number(i):
            raise exc("TypeError", "complex() second argument must be a number, not '%s'"
                      % i.ob_type.name)
        cr_is_complex = isinstance(r, PyComplex)
        if cr_is_complex:
            cr_real, cr_imag = r.value.real, r.value.imag
        else:
            cr_real, cr_imag = _float_part(r), 0.0
    finally:
        if tmp is not None:
            decref(tmp)
    if i is None:
        ci_real = cr_imag
        ci_imag = 0.0
        ci_is_complex = False
    elif isinstance(i, PyComplex):
        ci_real, ci_imag = i.value.real, i.value.imag
        ci_is_complex = True
    else:
        ci_real, ci_imag = _float_part(i), 0.0
        ci_is_complex = False
    if ci_is_complex:
        cr_real -= ci_imag
    if cr_is_complex and i is not None:
        ci_real += cr_imag
    return complex(cr_real, ci_real)


def _complex_args_error(rest, kwargs):
    """Argument Clinic's errors for complex(real=0, imag=0)."""
    total = len(rest) + len(kwargs or ())
    if total > 2:
        raise exc("TypeError", "complex() takes at most 2 %sarguments (%d given)"
                  % ("" if rest else "keyword ", total))
    for k in kwargs or ():
        if k in ("real", "imag"):
            i = ("real", "imag").index(k)
            if i < len(rest):
                raise exc("TypeError", "argument for complex() given by name ('%s') and "
                          "position (%d)" % (k, i + 1))
    for k in kwargs or ():
        if k not in ("real", "imag"):
            raise exc("TypeError", "'%s' is an invalid keyword argument for complex()" % k)


def complex_new(args, kwargs):
    tp = _check_type_arg(args, complex_type)
    rest = args[1:]
    if kwargs or len(rest) > 2:
        if _hsys.implementation.name != "cpython":
            _complex_args_error(rest, kwargs)   # (CPython's words, not PyPy's)
        try:
            complex(*[0] * len(rest), **{k: 0 for k in (kwargs or ())})
        except TypeError as e:
            raise exc("TypeError", str(e))
    r = rest[0] if rest else None
    i = rest[1] if len(rest) > 1 else None
    if kwargs:
        r = kwargs.get("real", r)
        i = kwargs.get("imag", i)
    if r is None:
        if i is None:
            v = 0j
        else:
            zero = new_int(0)
            try:
                v = complex_value_of(zero, i)
            finally:
                decref(zero)
    elif r.ob_type is complex_type and i is None and tp is complex_type:
        r.ob_refcnt += 1
        return r
    else:
        v = complex_value_of(r, i)
    if tp is complex_type:
        return new_complex(v)
    return new_subclass_instance(tp, complex_type, v, COMPLEX_SIZE)


f = descr.new_builtin("__new__", complex_new, takes_kw=True)
f.qualname = "complex.__new__"
dictobject.dict_setitem_str(complex_type.dict, "__new__", f)
decref(f)
del f


def to_host_complex(o):
    """PyComplex_AsCComplex(o) as a host complex (cmath's argument conversion)."""
    if isinstance(o, PyComplex):
        return o.value
    r = try_complex_special(o)
    if r is not None:
        v = r.value
        decref(r)
        return v
    return complex(formatting.to_host_float(o), 0.0)


__all__ = ["complex_type", "new_complex", "complex_hash_value", "to_host_complex",
           "parse_complex"]
