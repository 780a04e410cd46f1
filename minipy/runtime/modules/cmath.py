"""The ``cmath`` module.

Arguments are converted the way CPython's cmathmodule converts them
(``PyComplex_AsCComplex``: a complex, else ``__complex__``, else a real number
through ``__float__``/``__index__``: "must be real number, not str"), then the
host's ``cmath`` function (CPython's C code) computes on host complex values,
so results and errors ("math domain error", "math range error") are
CPython's.  Results are boxed as minipy complex/float/bool/tuple objects.
"""

import cmath as _hcmath
import math as _hmath
import sys as _hsys

from minipy.objects.exceptions import PyExc
from minipy.objects.complexobject import new_complex
from minipy.objects.floatobject import new_float
from minipy.runtime.complex_methods import to_host_complex
from minipy.runtime.modules._common import (arity_error, isclose_args, to_float_arg, to_obj, host_call, builtin,
                                            build_module)
from minipy.runtime.abstract import exc

FUNCS = {}


def _reg(name, impl, minargs, maxargs, takes_kw=False):
    FUNCS[name] = builtin("cmath", name, impl, minargs, maxargs, takes_kw)


def _unary(name):
    hf = getattr(_hcmath, name)

    def impl(args, kwargs):
        if kwargs or len(args) != 1:
            raise arity_error(hf, args, kwargs)
        return to_obj(host_call(hf, [to_host_complex(args[0])]))
    impl.__name__ = "cmath_" + name
    _reg(name, impl, 1, 1, True)


for _name in ("acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp",
              "log10", "sin", "sinh", "sqrt", "tan", "tanh", "phase", "polar",
              "isfinite", "isinf", "isnan"):
    _unary(_name)


def cmath_log(args, kwargs):
    """log(x[, base]): both converted first, then log(x) / log(base)."""
    n = len(args)
    if kwargs or n < 1 or n > 2:
        raise arity_error(_hcmath.log, args, kwargs)
    hargs = [to_host_complex(a) for a in args]
    try:
        return to_obj(host_call(_hcmath.log, hargs))
    except PyExc:
        if n == 2 and hargs[0] == 0 and _hsys.implementation.name != "cpython":
            return to_obj(_log0_base(hargs[0], hargs[1]))
        raise


def _log0_base(x, base):
    """CPython's cmath.log(0, base): the domain error of log(0) is forgotten once
    log(base) succeeds, and the result is (-inf + phase j) / log(base), by
    _Py_c_quot (PyPy raises the error)."""
    b = host_call(_hcmath.log, [base])
    a = complex(-_hmath.inf, _hmath.atan2(x.imag, x.real))
    if b == 0:
        raise exc("ValueError", "math domain error")
    if abs(b.real) >= abs(b.imag):
        ratio = b.imag / b.real
        denom = b.real + b.imag * ratio
        return complex((a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom)
    ratio = b.real / b.imag
    denom = b.real * ratio + b.imag
    return complex((a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom)


_reg("log", cmath_log, 1, 2, True)


def cmath_rect(args, kwargs):
    if kwargs or len(args) != 2:
        raise arity_error(_hcmath.rect, args, kwargs)
    hargs = [to_float_arg(a) for a in args]
    return to_obj(host_call(_hcmath.rect, hargs))


_reg("rect", cmath_rect, 2, 2, True)


def cmath_isclose(args, kwargs):
    args, kwargs = isclose_args(_hcmath.isclose, args, kwargs)
    hargs = [to_host_complex(a) for a in args]
    hkw = {}
    for k in ("rel_tol", "abs_tol"):
        if k in kwargs:
            hkw[k] = to_float_arg(kwargs[k])
    return to_obj(host_call(_hcmath.isclose, hargs, hkw))


_reg("isclose", cmath_isclose, 2, 2, True)


def make_module():
    consts = {
        "pi": new_float(_hcmath.pi),
        "e": new_float(_hcmath.e),
        "tau": new_float(2 * _hcmath.pi),      # (PyPy 3.9's cmath has no tau)
        "inf": new_float(_hcmath.inf),
        "infj": new_complex(_hcmath.infj),
        "nan": new_float(_hcmath.nan),
        "nanj": new_complex(_hcmath.nanj),
    }
    return build_module("cmath", FUNCS, consts,
                        "This module provides access to mathematical functions for complex\n"
                        "numbers.")
