"""CPython 3.11's own algorithms for math functions that another host (PyPy
3.9) computes differently: ``hypot`` and ``dist`` by mathmodule.c's
``vector_norm`` (to the last bit: the same IEEE operations in the same order).
Used by the math module only when the host is not CPython."""

import math as _hmath


def _dl_split(x):
    t = x * 134217729.0
    hi = t - (t - x)
    return hi, x - hi


def _dl_mul(x, y):
    xh, xl = _dl_split(x)
    yh, yl = _dl_split(y)
    p = xh * yh
    q = xh * yl + xl * yh
    z = p + q
    return z, p - z + q + xl * yl


def vector_norm(vec, mx, found_nan):
    if _hmath.isinf(mx):
        return mx
    if found_nan:
        return _hmath.nan
    if mx == 0.0 or len(vec) <= 1:
        return mx
    max_e = _hmath.frexp(mx)[1]
    if max_e < -1023:
        # ldexp(1.0, -max_e) would overflow: divide by the max instead
        csum = 1.0
        frac = 0.0
        for x in vec:
            x /= mx
            x = x * x
            old = csum
            csum += x
            frac += (old - csum) + x
        return mx * _hmath.sqrt(csum - 1.0 + frac)
    scale = _hmath.ldexp(1.0, -max_e)
    csum = 1.0
    frac1 = frac2 = 0.0
    for x in vec:
        x *= scale
        hi, lo = _dl_mul(x, x)
        s = csum + hi
        frac2 += (csum - s) + hi
        csum = s
        frac1 += lo
    h = _hmath.sqrt(csum - 1.0 + (frac1 + frac2))
    hi, lo = _dl_mul(-h, h)
    s = csum + hi
    frac2 += (csum - s) + hi
    csum = s
    frac1 += lo
    x = csum - 1.0 + (frac1 + frac2)
    h += x / (2.0 * h)
    return h / scale


def _norm(vec):
    mx = 0.0
    nan = False
    for x in vec:
        nan |= x != x
        if x > mx:
            mx = x
    return vector_norm(vec, mx, nan)


def hypot(*coords):
    return _norm([abs(float(c)) for c in coords])


def dist(p, q):
    """math.dist of two tuples of host floats of the same length."""
    return _norm([abs(a - b) for a, b in zip(p, q)])


hypot.__module__ = dist.__module__ = "math"      # (named as math's own, in arity errors)
