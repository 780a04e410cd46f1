"""The ``math`` module.

Arguments are converted to host values the way CPython's mathmodule converts
them (ints stay exact ints: ``math.log(10**400)`` works; other objects go
through ``__float__``/``__index__``), then the host's ``math`` function (the
same C code as CPython's) computes the result, so values and error messages
("math domain error", "math range error", "factorial() not defined for
negative values"...) are CPython's.  ``floor``/``ceil``/``trunc`` dispatch to
``__floor__``/``__ceil__``/``__trunc__``; ``prod`` multiplies minipy objects.
"""

import math as _hmath
import sys as _hsys

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.floatobject import float_type, new_float
from minipy.objects.typeobject import lookup
from minipy.objects.singletons import NONE
from minipy.runtime import abstract
from minipy.runtime.abstract import exc
from minipy.runtime.modules._common import (arity_error, isclose_args, to_float_arg, to_index_arg, to_obj,
                                            host_call, builtin,
                                            build_module)

FUNCS = {}
_CPYTHON = _hsys.implementation.name == "cpython"
if not _CPYTHON:
    from minipy.runtime.modules import _cpython_math


def _reg(name, impl, minargs, maxargs, takes_kw=False):
    FUNCS[name] = builtin("math", name, impl, minargs, maxargs, takes_kw)


def _libm(name):
    """math.<name> as CPython 3.11's math_1 computes it (the C library's function,
    OverflowError/ValueError on an inf/nan result of a finite/non-nan
    argument), for a host without it (PyPy 3.9 has no cbrt, exp2): the same
    libm function, called through ctypes (loaded at the first call)."""
    fn = []

    def hf(x):
        if not fn:
            import ctypes
            import ctypes.util
            f = getattr(ctypes.CDLL(ctypes.util.find_library("m")), name)
            f.restype = ctypes.c_double
            f.argtypes = [ctypes.c_double]
            fn.append(f)
        x = float(x)
        r = fn[0](x)
        if _hmath.isnan(r) and not _hmath.isnan(x):
            raise ValueError("math domain error")
        if _hmath.isinf(r) and _hmath.isfinite(x):
            raise OverflowError("math range error")
        return r
    hf.__name__ = name
    hf.__module__ = "math"
    return hf


def _to_double_arg(o):
    """PyFloat_AsDouble: an int becomes a float first (OverflowError when too big),
    as CPython converts the arguments of these functions, one by one."""
    v = to_float_arg(o)
    if type(v) is not float:
        try:
            v = float(v)
        except OverflowError:
            raise exc("OverflowError", "int too large to convert to float")
    return v


# functions the host (PyPy) computes otherwise than CPython 3.11: the C library's
_LIBM_ALWAYS = frozenset(() if _CPYTHON else ("erf", "erfc"))
# CPython's algorithm in Python
_OWN = {} if _CPYTHON else {"hypot": _cpython_math.hypot}


def _simple(name, conv, minargs, maxargs):
    """A function of float (conv=to_float_arg) or integer (to_index_arg) arguments."""
    hf = getattr(_hmath, name, None) or _libm(name)
    if not _CPYTHON:
        if name in _LIBM_ALWAYS:
            hf = _libm(name)
        hf = _OWN.get(name, hf)
        if conv is to_float_arg and name not in ("log2", "log10"):
            conv = _to_double_arg        # (log2/log10 take big ints exactly, as CPython)

    def impl(args, kwargs):
        n = len(args)
        if kwargs or n < minargs or n > maxargs:
            raise arity_error(hf, args, kwargs)
        return to_obj(host_call(hf, [conv(a) for a in args]))
    impl.__name__ = "math_" + name
    _reg(name, impl, minargs, maxargs, True)


_VARARGS = 1 << 30

for _name in ("acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "cos", "cosh",
              "degrees", "erf", "erfc", "exp", "exp2", "expm1", "fabs", "gamma", "lgamma",
              "log10", "log1p", "log2", "radians", "sin", "sinh", "sqrt", "tan", "tanh",
              "isfinite", "isinf", "isnan", "modf", "frexp", "ulp"):
    if hasattr(_hmath, _name) or _name in ("cbrt", "exp2"):
        _simple(_name, to_float_arg, 1, 1)
for _name in ("atan2", "copysign", "fmod", "pow", "remainder", "nextafter"):
    if hasattr(_hmath, _name):
        _simple(_name, to_float_arg, 2, 2)


def math_log(args, kwargs):
    """log(x[, base]): x is converted and checked before the base, as in CPython."""
    n = len(args)
    if kwargs or n < 1 or n > 2:
        raise arity_error(_hmath.log, args, kwargs)
    hx = to_float_arg(args[0])
    r = host_call(_hmath.log, [hx])
    if n == 2:
        hb = to_float_arg(args[1])
        den = host_call(_hmath.log, [hb])
        if _CPYTHON:
            r = host_call(_hmath.log, [hx, hb])
        elif den == 0:      # (PyPy's log(x, base) divides otherwise)
            raise exc("ZeroDivisionError", "float division by zero")
        else:
            r = r / den
    return to_obj(r)


_reg("log", math_log, 1, 2, True)
_simple("hypot", to_float_arg, 0, _VARARGS)
for _name in ("factorial", "isqrt"):
    _simple(_name, to_index_arg, 1, 1)


def _negative_factorial(v):
    if v < 0:       # (checked here: PyPy's words are "x must be >= 0")
        raise exc("ValueError", "factorial() not defined for negative values")


if not _CPYTHON:
    _factorial_impl = FUNCS["factorial"].impl

    def math_factorial(args, kwargs):
        if len(args) == 1 and not kwargs:
            _negative_factorial(to_index_arg(args[0]))
        return _factorial_impl(args, kwargs)
    _reg("factorial", math_factorial, 1, 1, True)
for _name in ("gcd", "lcm"):
    if hasattr(_hmath, _name):
        _simple(_name, to_index_arg, 0, _VARARGS)
_simple("comb", to_index_arg, 2, 2)


def math_perm(args, kwargs):
    n = len(args)
    if kwargs or n < 1 or n > 2:
        raise arity_error(_hmath.perm, args, kwargs)
    hargs = [to_index_arg(args[0])]
    if n == 2 and args[1] is not NONE:
        hargs.append(to_index_arg(args[1]))
    elif not _CPYTHON:
        _negative_factorial(hargs[0])        # perm(n) is factorial(n)
    return to_obj(host_call(_hmath.perm, hargs))


_reg("perm", math_perm, 1, 2, True)


def math_ldexp(args, kwargs):
    if kwargs or len(args) != 2:
        raise arity_error(_hmath.ldexp, args, kwargs)
    x = to_float_arg(args[0])
    i = args[1]
    if not isinstance(i, PyInt):
        raise exc("TypeError", "Expected an int as second argument to ldexp.")
    return to_obj(host_call(_hmath.ldexp, [x, int(i.value)]))


_reg("ldexp", math_ldexp, 2, 2, True)


def _rounding(name, dunder):
    hf = getattr(_hmath, name)

    def impl(args, kwargs):
        if kwargs or len(args) != 1:
            raise arity_error(hf, args, kwargs)
        x = args[0]
        t = x.ob_type
        if t is float_type:
            return to_obj(host_call(hf, [x.value]))
        f = lookup(t, dunder)
        if f is not None:
            return abstract.call_dunder(f, x, ())
        if name == "trunc":
            raise exc("TypeError", "type %s doesn't define __trunc__ method" % t.name)
        return to_obj(host_call(hf, [to_float_arg(x)]))
    impl.__name__ = "math_" + name
    _reg(name, impl, 1, 1, True)


_rounding("floor", "__floor__")
_rounding("ceil", "__ceil__")
_rounding("trunc", "__trunc__")


def _floats_of(iterable):
    items = abstract.sequence_to_list(iterable)
    try:
        return [to_float_arg(x) for x in items]
    finally:
        for x in items:
            decref(x)


def math_fsum(args, kwargs):
    if kwargs or len(args) != 1:
        raise arity_error(_hmath.fsum, args, kwargs)
    return to_obj(host_call(_hmath.fsum, [_floats_of(args[0])]))


_reg("fsum", math_fsum, 1, 1, True)


def math_dist(args, kwargs):
    if kwargs or len(args) != 2:
        raise arity_error(_hmath.dist, args, kwargs)
    p = abstract.sequence_to_list(args[0])
    try:
        q = abstract.sequence_to_list(args[1])
        try:
            if len(p) != len(q):
                raise exc("ValueError", "both points must have the same number of dimensions")
            conv = to_float_arg if _CPYTHON else _to_double_arg
            hp = tuple([conv(x) for x in p])
            hq = tuple([conv(x) for x in q])
        finally:
            core.decref_all(q)
    finally:
        core.decref_all(p)
    if not _CPYTHON:
        return to_obj(host_call(_cpython_math.dist, [hp, hq]))
    return to_obj(host_call(_hmath.dist, [hp, hq]))


_reg("dist", math_dist, 2, 2, True)


def math_isclose(args, kwargs):
    args, kwargs = isclose_args(_hmath.isclose, args, kwargs)
    conv = to_float_arg if _CPYTHON else _to_double_arg
    hkw = {k: conv(v) for k, v in kwargs.items()}
    return to_obj(host_call(_hmath.isclose, [conv(a) for a in args], hkw))


_reg("isclose", math_isclose, 2, 2, True)


def math_prod(args, kwargs):
    if len(args) != 1 or (kwargs and any(k != "start" for k in kwargs)):
        raise arity_error(_hmath.prod, args, kwargs)
    start = kwargs.get("start") if kwargs else None
    if start is None:
        acc = new_int(1)
    else:
        start.ob_refcnt += 1
        acc = start
    try:
        it = abstract.get_iter(args[0])
    except BaseException:
        decref(acc)
        raise
    try:
        while True:
            x = abstract.next_(it)
            if x is None:
                break
            try:
                r = abstract.binary_op(acc, x, 2)
            finally:
                decref(x)
            decref(acc)
            acc = r
    except BaseException:
        decref(acc)
        raise
    finally:
        decref(it)
    return acc


_reg("prod", math_prod, 1, 1, True)


def make_module():
    consts = {
        "pi": new_float(_hmath.pi),
        "e": new_float(_hmath.e),
        "tau": new_float(_hmath.tau),
        "inf": new_float(_hmath.inf),
        "nan": new_float(_hmath.nan),
    }
    return build_module("math", FUNCS, consts,
                        "This module provides access to the mathematical functions\n"
                        "defined by the C standard.")
