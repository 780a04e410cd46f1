"""complex objects: size, heap allocation, refcount hygiene, hash/repr/arithmetic
against the host (CPython 3.11), constants from the compiler."""

import ast
import itertools
import math
import sys

from minipy.runtime.bootstrap import bootstrap
bootstrap()

from minipy.api import Interpreter  # noqa: E402
from minipy.compiler import compile_module  # noqa: E402
from minipy.objects import core  # noqa: E402
from minipy.objects.core import decref  # noqa: E402
from minipy.objects.exceptions import PyExc  # noqa: E402
from minipy.objects.complexobject import (new_complex, complex_type, PyComplex,  # noqa: E402
                                         COMPLEX_SIZE)
from minipy.objects.intobject import new_int  # noqa: E402
from minipy.objects.floatobject import new_float  # noqa: E402
from minipy.bytecode.opcodes import BINARY_OPS  # noqa: E402
from minipy.runtime import abstract  # noqa: E402
from minipy.runtime.builtins_core import _sizeof  # noqa: E402
from minipy.runtime.complex_methods import complex_hash_value  # noqa: E402

VALUES = [0j, 1j, -1j, 1 + 2j, complex(-0.0, 0.0), complex(1e308, -1e308), complex(2.5, 0),
          complex(float("inf"), 1), complex(-3, float("-inf")), 1e-300j]


def run(src):
    interp = Interpreter(capture=True)
    interp.main = interp.new_module("__main__")
    code = compile_module(ast.parse(src), "<test>", src)
    try:
        decref(interp.exec_code(code, interp.main.dict))
    except PyExc as e:
        interp.handle_uncaught(e.exc)
    return interp


def test_size_is_cpythons():
    Interpreter(capture=True)
    z = new_complex(1j)
    assert COMPLEX_SIZE == sys.getsizeof(1j) == 32
    assert _sizeof(z) == 32
    assert core.heap.block_size(z.ob_addr) >= 32
    assert z.ob_type is complex_type and z.ob_refcnt == 1
    decref(z)


def test_hash_and_repr_match_host():
    Interpreter(capture=True)
    for v in VALUES:
        z = new_complex(v)
        assert complex_hash_value(z) == hash(v)
        assert abstract.hash_(z) == hash(v)
        assert abstract.repr_host(z) == repr(v)
        decref(z)


def _same(x, y):
    if type(x) is not type(y):
        return False
    if type(x) is complex:
        return _same(x.real, y.real) and _same(x.imag, y.imag)
    if type(x) is float:
        if math.isnan(x):
            return math.isnan(y)
        return x == y and math.copysign(1, x) == math.copysign(1, y)
    return x == y


def test_arithmetic_matches_host_and_keeps_refcounts():
    Interpreter(capture=True)
    others = [2, -3, 0, 1.5, -0.0, True] + VALUES
    for sym in ("+", "-", "*", "/", "**"):
        op = [i for i, row in enumerate(BINARY_OPS) if row[0] == sym][0]
        for a, b in itertools.product(VALUES[:6], others):
            for x, y in ((a, b), (b, a)):
                try:
                    expected = ("ok", eval("x %s y" % sym))
                except Exception as e:      # noqa: BLE001
                    expected = ("err", type(e).__name__, str(e))
                ox = new_complex(x) if type(x) is complex else \
                    (new_float(x) if type(x) is float else new_int(x))
                oy = new_complex(y) if type(y) is complex else \
                    (new_float(y) if type(y) is float else new_int(y))
                rc = (ox.ob_refcnt, oy.ob_refcnt)
                try:
                    r = abstract.binary_op(ox, oy, op)
                    assert isinstance(r, PyComplex)
                    got = ("ok", r.value)
                    decref(r)
                except PyExc as e:
                    o = e.exc
                    got = ("err", o.ob_type.name, o.args.items[0].value)
                    decref(o)
                assert got[0] == expected[0], (x, sym, y, got, expected)
                if got[0] == "ok":
                    assert _same(got[1], expected[1]), (x, sym, y, got, expected)
                else:
                    assert got == expected
                assert (ox.ob_refcnt, oy.ob_refcnt) == rc
                decref(ox)
                decref(oy)


def test_literals_are_constants_and_fold_like_cpython():
    it = run("a = 2j\nb = 1 + 2j\nc = -0j\nd = (1j, 2.5j)\nimport sys\ns = sys.getsizeof(b)\n")
    assert it.lookup_global("a").value == 2j
    assert it.lookup_global("b").value == 1 + 2j
    c = it.lookup_global("c").value
    assert math.copysign(1, c.real) == -1 and math.copysign(1, c.imag) == -1
    assert [x.value for x in it.lookup_global("d").items] == [1j, 2.5j]
    assert it.lookup_global("s").value == 32
    assert it.audit()["mismatches"] == []


def test_freed_complex_returns_its_block():
    Interpreter(capture=True)
    before = core.object_count()
    zs = [new_complex(complex(i, i)) for i in range(50)]
    assert core.object_count() == before + 50
    for z in zs:
        decref(z)
    assert core.object_count() == before
