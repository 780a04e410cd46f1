"""Unit tests of int/bool/float/str methods, formatting and the built-in modules,
calling the host implementations directly: results against the host CPython,
exception types and messages, identity rules, and reference-count hygiene (no
leaked objects, arguments' counts unchanged, no host exception escaping)."""

import itertools
import math
import random

import pytest

from minipy.runtime.bootstrap import bootstrap
bootstrap()     # the static world (types and their methods) before any object import

from minipy.api import Interpreter  # noqa: E402
from minipy.objects import core  # noqa: E402
from minipy.objects.core import decref
from minipy.objects.exceptions import PyExc
from minipy.objects.intobject import new_int, int_type, bool_type, TRUE, FALSE, PyInt
from minipy.objects.floatobject import new_float, float_type, PyFloat
from minipy.objects.complexobject import new_complex, PyComplex
from minipy.objects.strobject import new_str, str_type, PyStr
from minipy.objects.tupleobject import new_tuple, PyTuple
from minipy.objects.singletons import NONE, NOTIMPL
from minipy.objects.typeobject import lookup
from minipy.objects.iterobject import new_slice
from minipy.bytecode.opcodes import BINARY_OPS
from minipy.runtime import abstract, formatting
from minipy.runtime import types_methods as tm


@pytest.fixture
def interp():
    return Interpreter(capture=True)


# ---------------------------------------------------------------------------
# helpers: host <-> minipy values, calling with exceptions captured
# ---------------------------------------------------------------------------

def box(v):
    if v is None:
        NONE.ob_refcnt += 1
        return NONE
    if type(v) is bool:
        o = TRUE if v else FALSE
        o.ob_refcnt += 1
        return o
    if type(v) is int:
        return new_int(v)
    if type(v) is float:
        return new_float(v)
    if type(v) is complex:
        return new_complex(v)
    if type(v) is str:
        return new_str(v)
    if type(v) is tuple:
        return new_tuple([box(x) for x in v])
    raise TypeError(type(v))


def unbox(o):
    if o is NONE:
        return None
    if isinstance(o, PyTuple):
        return tuple(unbox(x) for x in o.items)
    if o.ob_type.name == "list":
        return [unbox(x) for x in o.items]
    if isinstance(o, (PyInt, PyFloat, PyStr, PyComplex)):
        return o.value
    if o is NOTIMPL:
        return NotImplemented
    raise TypeError(o)


def exc_info(e):
    """(type name, message) of a minipy exception carried by PyExc (consumed)."""
    o = e.exc
    args = o.args.items
    msg = args[0].value if len(args) == 1 and isinstance(args[0], PyStr) else \
        repr(tuple(unbox(a) for a in args)) if args else ""
    name = o.ob_type.name
    if name == "KeyError" and len(args) == 1:
        msg = repr(unbox(args[0]))
    decref(o)
    return name, msg


def host_outcome(fn):
    try:
        return ("ok", fn())
    except Exception as e:    # noqa: BLE001 - the oracle's exception is the expected value
        if isinstance(e, KeyError):
            return ("err", type(e).__name__, repr(e.args[0]))
        return ("err", type(e).__name__, str(e))


def mini_outcome(fn):
    try:
        r = fn()
    except PyExc as e:
        return ("err",) + exc_info(e)
    v = unbox(r)
    decref(r)
    return ("ok", v)


def same(a, b):
    """Outcome equality, with NaN equal to NaN and -0.0 distinguished from 0.0."""
    if a[0] != b[0]:
        return False
    if a[0] == "err":
        return a == b
    x, y = a[1], b[1]
    return _same_val(x, y)


def _same_val(x, y):
    if type(x) is not type(y):
        return False
    if type(x) is float:
        if math.isnan(x):
            return math.isnan(y)
        return x == y and math.copysign(1, x) == math.copysign(1, y)
    if type(x) is complex:
        return _same_val(x.real, y.real) and _same_val(x.imag, y.imag)
    if type(x) in (tuple, list):
        return len(x) == len(y) and all(_same_val(a, b) for a, b in zip(x, y))
    return x == y


def method(o, name):
    """The host impl of built-in method ``name`` of o's type."""
    d = lookup(o.ob_type, name)
    return d


def call_method(o, name, *args, **kwargs):
    d = lookup(o.ob_type, name)
    if d.takes_kw:
        return d.impl(o, list(args), kwargs or None)
    return d.impl(o, *args)


def check_no_leak(fn):
    """Run fn twice (the first run warms caches) and check the number of live objects."""
    fn()
    before = core.object_count()
    fn()
    assert core.object_count() == before


# ---------------------------------------------------------------------------
# Binary operators on numbers against the host, with refcount hygiene
# ---------------------------------------------------------------------------

NUMBERS = [0, 1, -1, 2, 7, -7, 3, 255, 2 ** 62, -(2 ** 64), 10 ** 30, True, False,
           0.0, -0.0, 1.5, -2.5, 0.1, 1e308, -1e-308, float("inf"), float("-inf"),
           float("nan"), 3.0, 0j, 1j, -2.5 + 0.5j, complex(float("inf"), -0.0),
           complex(1e308, 1e308)]
OPS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"]
SMALL_POW = 200


def host_binop(a, b, sym):
    if sym == "**" and isinstance(b, int) and abs(b) > SMALL_POW and abs(a) > 1:
        return None
    if sym in ("<<",) and isinstance(b, int) and b > 200:
        return None
    r = host_outcome(lambda: eval("a %s b" % sym, {"a": a, "b": b}))
    if r[0] == "err" and r[1] == "TypeError":
        return ("err", "TypeError")      # message comes from the abstract layer
    return r


@pytest.mark.parametrize("sym", OPS)
def test_binary_operators_match_host(interp, sym):
    op = [i for i, row in enumerate(BINARY_OPS) if row[0] == sym][0]
    for a, b in itertools.product(NUMBERS, NUMBERS):
        expected = host_binop(a, b, sym)
        if expected is None:
            continue
        oa, ob = box(a), box(b)
        rca, rcb = oa.ob_refcnt, ob.ob_refcnt
        got = mini_outcome(lambda: abstract.binary_op(oa, ob, op))
        if expected == ("err", "TypeError"):
            got = got[:2]
        assert same(got, expected), (a, sym, b, got, expected)
        assert (oa.ob_refcnt, ob.ob_refcnt) == (rca, rcb)
        decref(oa)
        decref(ob)


def test_binary_operators_do_not_leak(interp):
    def work():
        for sym in OPS:
            op = [i for i, row in enumerate(BINARY_OPS) if row[0] == sym][0]
            for a, b in itertools.product(NUMBERS[:12], NUMBERS[12:]):
                if host_binop(a, b, sym) is None:
                    continue
                oa, ob = box(a), box(b)
                mini_outcome(lambda: abstract.binary_op(oa, ob, op))
                decref(oa)
                decref(ob)
    check_no_leak(work)


@pytest.mark.parametrize("cmp", range(6))
def test_comparisons_match_host(interp, cmp):
    sym = ["<", "<=", "==", "!=", ">", ">="][cmp]
    values = NUMBERS + ["a", "b", "ab", ""]
    for a, b in itertools.product(values, values):
        expected = host_outcome(lambda: eval("a %s b" % sym, {"a": a, "b": b}))
        oa, ob = box(a), box(b)
        got = mini_outcome(lambda: abstract.compare(oa, ob, cmp))
        if expected[0] == "err":
            assert got[:2] == expected[:2]
        else:
            assert got == expected, (a, sym, b)
        decref(oa)
        decref(ob)


def test_bool_bitwise_results_are_bools(interp):
    for a, b in itertools.product([True, False], repeat=2):
        for name, fn in (("__and__", lambda x, y: x & y), ("__or__", lambda x, y: x | y),
                         ("__xor__", lambda x, y: x ^ y)):
            r = call_method(box(a), name, box(b))
            assert r.ob_type is bool_type and r.value == fn(a, b)
    r = call_method(TRUE, "__and__", new_int(3))
    assert r.ob_type is int_type and r.value == 1


def test_ternary_pow(interp):
    assert unbox(call_method(new_int(3), "__pow__", new_int(200), new_int(1000))) == \
        pow(3, 200, 1000)
    assert call_method(new_int(3), "__pow__", new_int(2), new_float(2.0)) is NOTIMPL
    assert mini_outcome(lambda: call_method(new_float(3.0), "__pow__", new_int(2), new_int(5))) \
        == ("err", "TypeError", "pow() 3rd argument not allowed unless all arguments are integers")
    assert mini_outcome(lambda: call_method(new_int(2), "__pow__", new_int(-1), new_int(4))) \
        == ("err", "ValueError", "base is not invertible for the given modulus")


# ---------------------------------------------------------------------------
# Unary operations, conversions, rounding
# ---------------------------------------------------------------------------

UNARY = ["__neg__", "__pos__", "__abs__", "__invert__", "__bool__", "__int__", "__float__",
         "__trunc__", "__floor__", "__ceil__", "__round__", "__index__", "__hash__", "__repr__"]


def test_unary_methods_match_host(interp):
    for v in NUMBERS:
        for name in UNARY:
            hm = getattr(type(v), name, None)
            if hm is None:
                assert lookup(box(v).ob_type, name) is None or name == "__repr__"
                continue
            expected = host_outcome(lambda: hm(v))
            o = box(v)
            if lookup(o.ob_type, name) is None:
                continue
            got = mini_outcome(lambda: call_method(o, name))
            if name == "__hash__" and isinstance(v, float) and v != v:
                continue
            assert same(got, expected), (v, name, got, expected)
            assert o.ob_refcnt >= 1
            decref(o)


def test_round_with_ndigits(interp):
    for v in [0, 5, 15, 25, 1234, -1250, 10 ** 20 + 5, 2.675, 1.5, -2.5, 1e300, float("inf")]:
        for nd in [-3, -1, 0, 1, 2, 5]:
            expected = host_outcome(lambda: round(v, nd))
            got = mini_outcome(lambda: call_method(box(v), "__round__", new_int(nd)))
            assert same(got, expected), (v, nd)


def test_exact_int_identity(interp):
    x = new_int(10 ** 20)
    for name in ("__pos__", "__abs__", "__int__", "__index__", "__trunc__", "__floor__",
                 "__ceil__", "conjugate", "__round__"):
        r = call_method(x, name)
        assert r is x
        decref(r)
    assert x.ob_refcnt == 1
    r = call_method(TRUE, "__int__")
    assert r.ob_type is int_type and r.value == 1


def test_int_getsets_and_methods(interp):
    x = new_int(-37)
    assert unbox(abstract.getattr_(x, "real")) == -37
    assert unbox(abstract.getattr_(x, "imag")) == 0
    assert unbox(abstract.getattr_(x, "numerator")) == -37
    assert unbox(abstract.getattr_(x, "denominator")) == 1
    assert unbox(call_method(x, "bit_length")) == 6
    assert unbox(call_method(new_int(255), "bit_count")) == 8
    assert unbox(call_method(x, "as_integer_ratio")) == (-37, 1)
    f = new_float(0.1)
    assert unbox(call_method(f, "as_integer_ratio")) == (0.1).as_integer_ratio()
    assert unbox(call_method(f, "hex")) == (0.1).hex()
    assert unbox(call_method(new_float(3.0), "is_integer")) is True
    assert unbox(abstract.getattr_(f, "imag")) == 0.0


def test_int_to_str_digit_limit(interp):
    big = new_int(10 ** 4300)
    assert mini_outcome(lambda: call_method(big, "__repr__"))[1] == "ValueError"
    ok = new_int(10 ** 4299)
    assert len(unbox(call_method(ok, "__repr__"))) == 4300
    neg = new_int(-(10 ** 4299))
    assert len(unbox(call_method(neg, "__repr__"))) == 4301


def test_int_str_limit_is_configurable(interp, monkeypatch):
    monkeypatch.setattr(formatting, "INT_MAX_STR_DIGITS", 0)
    r = formatting.int_to_decimal(-(10 ** 5000) - 7)
    assert r == "-1" + "0" * 4998 + "07"
    monkeypatch.setattr(formatting, "INT_MAX_STR_DIGITS", 100)
    with pytest.raises(PyExc) as ei:
        formatting.int_to_decimal(10 ** 100)
    assert "(100 digits)" in exc_info(ei.value)[1]


def test_nan_hash_is_pointer_hash(interp):
    a = new_float(float("nan"))
    h = unbox(call_method(a, "__hash__"))
    assert h == tm.pointer_hash(a.ob_addr)
    assert unbox(call_method(new_float(1.5), "__hash__")) == hash(1.5)


# ---------------------------------------------------------------------------
# Constructors
# ---------------------------------------------------------------------------

def construct(tp, *args, **kwargs):
    return abstract.call(tp, list(args), kwargs or None)


CTOR_CASES = [
    (int, ()), (int, ("12",)), (int, (" -0x1f ", 16)), (int, ("0o17", 0)), (int, ("1_0",)),
    (int, ("1e5",)), (int, (3.99,)), (int, (-3.99,)), (int, (True,)), (int, (float("inf"),)),
    (int, (float("nan"),)), (int, ("z", 37)), (int, (5, 2)), (int, ("5", 2.0)),
    (int, ("9" * 5000,)), (int, (None,)),
    (float, ()), (float, ("  -1.5e3 ",)), (float, ("inf",)), (float, ("-nan",)), (float, ("x",)),
    (float, (10 ** 400,)), (float, (7,)), (float, (None,)), (float, (1, 2)),
    (str, ()), (str, (12,)), (str, (1.5,)), (str, (None,)), (str, ("a", "utf-8")),
    (str, (1, 2, 3, 4)), (bool, ()), (bool, (0,)), (bool, ("",)), (bool, ("x",)), (bool, (1, 2)),
]


@pytest.mark.parametrize("hosttype,args", CTOR_CASES,
                         ids=["%s%r" % (t.__name__, a) for t, a in CTOR_CASES])
def test_constructors_match_host(interp, hosttype, args):
    tp = {int: int_type, float: float_type, str: str_type, bool: bool_type}[hosttype]
    expected = host_outcome(lambda: hosttype(*args))
    boxed = [box(a) for a in args]
    got = mini_outcome(lambda: construct(tp, *boxed))
    assert same(got, expected), (got, expected)
    for b in boxed:
        decref(b)


def test_constructor_keywords(interp):
    assert unbox(construct(int_type, new_str("ff"), base=new_int(16))) == 255
    assert mini_outcome(lambda: construct(int_type, x=new_int(1))) == \
        ("err", "TypeError", "'x' is an invalid keyword argument for int()")
    assert mini_outcome(lambda: construct(int_type, base=new_int(2))) == \
        ("err", "TypeError", "int() missing string argument")
    assert mini_outcome(lambda: construct(float_type, x=new_int(1))) == \
        ("err", "TypeError", "float() takes no keyword arguments")
    assert unbox(construct(str_type, object=new_str("hi"))) == "hi"
    assert unbox(construct(str_type, encoding=new_str("utf-8"))) == ""


def test_constructors_return_exact_argument(interp):
    x = new_int(10 ** 20)
    r = construct(int_type, x)
    assert r is x
    f = new_float(2.5)
    assert construct(float_type, f) is f
    s = new_str("hello world")
    assert construct(str_type, s) is s


def test_singleton_types(interp):
    for o, text in ((NONE, "None"), (NOTIMPL, "NotImplemented")):
        assert abstract.repr_host(o) == text
        r = construct(o.ob_type)
        assert r is o
    assert abstract.truth(NONE) is False


# ---------------------------------------------------------------------------
# str methods against the host
# ---------------------------------------------------------------------------

STRINGS = ["", "a", "Hello World", "  padded  ", "a,b,,c", "ÉTÉ été", "tab\tsep\nline\r\nend",
           "ß", "aaa", "x" * 30, "123", "½²", "Title Case Words", "snake_case_id", "\x00\x7f"]
STR_ARGS = {
    "capitalize": [()], "casefold": [()], "lower": [()], "upper": [()], "swapcase": [()],
    "title": [()], "isalnum": [()], "isalpha": [()], "isascii": [()], "isdecimal": [()],
    "isdigit": [()], "isidentifier": [()], "islower": [()], "isnumeric": [()],
    "isprintable": [()], "isspace": [()], "istitle": [()], "isupper": [()],
    "center": [(9,), (9, "*"), (0,), (3, "xy"), ("a",)], "ljust": [(8,), (8, ".")],
    "rjust": [(8,), (8, "0")], "zfill": [(6,), (-1,)], "expandtabs": [(), (3,)],
    "count": [("a",), ("a", 1), ("a", 1, -1), ("",), (1,)],
    "find": [("a",), ("l", 3), ("l", -3, None), ("zz",), ("a", 1.5)],
    "rfind": [("a",), ("l", 0, 5)], "index": [("a",), ("l",)], "rindex": [("a",), ("o",)],
    "startswith": [("He",), (("x", "Hel"),), ("a", 1), (1,)],
    "endswith": [("d",), (("x", "ld"),), ("", 50)],
    "strip": [(), ("ad ",), (None,)], "lstrip": [(), (" p",)], "rstrip": [(), ("d ",)],
    "split": [(), (",",), (",", 1), (None, 1), ("",)], "rsplit": [(), (",", 1)],
    "splitlines": [(), (True,)], "partition": [(",",), ("zz",), ("",)],
    "rpartition": [(",",), ("zz",)], "replace": [("a", "b"), ("a", "", 1), ("", "-"), ("a",)],
    "removeprefix": [("He",), ("",)], "removesuffix": [("ld",)],
}


@pytest.mark.parametrize("name", sorted(STR_ARGS))
def test_str_methods_match_host(interp, name):
    for s in STRINGS:
        for args in STR_ARGS[name]:
            expected = host_outcome(lambda: getattr(s, name)(*args))
            so = new_str(s)
            bargs = [box(a) for a in args]
            rc = so.ob_refcnt
            got = mini_outcome(lambda: call_method(so, name, *bargs))
            assert same(got, expected), (s, name, args, got, expected)
            assert so.ob_refcnt == rc
            decref(so)
            for b in bargs:
                assert b.ob_refcnt >= 1
                decref(b)


def test_str_methods_keyword_arguments(interp):
    s = new_str("a b c")
    assert unbox(call_method(s, "split", maxsplit=new_int(1))) == ["a", "b c"]
    assert unbox(call_method(new_str("a\nb"), "splitlines", keepends=TRUE)) == ["a\n", "b"]
    assert mini_outcome(lambda: call_method(s, "center", width=new_int(3))) == \
        ("err", "TypeError", "str.center() takes no keyword arguments")
    assert mini_outcome(lambda: call_method(s, "split", foo=new_int(3))) == \
        ("err", "TypeError", "'foo' is an invalid keyword argument for split()")


def test_str_method_argument_type_names_are_minipy_types(interp):
    s = new_str("abc")
    from minipy.objects.dictobject import new_dict
    dd = new_dict()
    assert mini_outcome(lambda: call_method(s, "startswith", dd)) == \
        ("err", "TypeError", "startswith first arg must be str or a tuple of str, not dict")
    assert mini_outcome(lambda: call_method(s, "find", dd)) == \
        ("err", "TypeError", "must be str, not dict")
    decref(dd)


def test_str_methods_do_not_leak(interp):
    def work():
        for name in sorted(STR_ARGS):
            for s in STRINGS[:6]:
                for args in STR_ARGS[name]:
                    so = new_str(s)
                    bargs = [box(a) for a in args]
                    mini_outcome(lambda: call_method(so, name, *bargs))
                    decref(so)
                    for b in bargs:
                        decref(b)
    check_no_leak(work)


def test_str_identity_rules(interp):
    s = new_str("hello world")
    for name, args in (("strip", ()), ("replace", ("z", "q")), ("center", (3,)),
                       ("ljust", (2,)), ("zfill", (1,)), ("removeprefix", ("x",)),
                       ("__str__", ()), ("__format__", ("",))):
        r = call_method(s, name, *[box(a) for a in args])
        assert r is s, name
        decref(r)
    r = call_method(s, "split")
    assert r.items[0] is not s and r.items[1] is not s
    decref(r)
    r = call_method(new_str("nospace"), "split")
    assert r.items[0].value == "nospace"
    empty = new_str("")
    r = call_method(s, "__add__", empty)
    assert r is s
    decref(r)
    r = call_method(empty, "__add__", s)
    assert r is s
    decref(r)
    one = new_int(1)
    r = call_method(s, "__mul__", one)
    assert r is s
    decref(r)
    r = call_method(s, "__getitem__", new_slice(core.incref(NONE), core.incref(NONE),
                                                 core.incref(NONE)))
    assert r is s
    decref(r)
    assert s.ob_refcnt == 1
    c = call_method(s, "__getitem__", new_int(0))
    assert core.is_static(c) and c.value == "h"


def test_str_subscripts(interp):
    s = new_str("abcdef")
    for idx in [0, 5, -1, -6, 6, -7, 10 ** 20]:
        expected = host_outcome(lambda: "abcdef"[idx])
        got = mini_outcome(lambda: call_method(s, "__getitem__", new_int(idx)))
        assert same(got, expected), idx
    for start, stop, step in itertools.product([None, 0, 2, -2, 100], [None, 3, -1, -100],
                                               [None, 1, 2, -1, -3, 0]):
        expected = host_outcome(lambda: "abcdef"[start:stop:step])
        sl = new_slice(box(start), box(stop), box(step))
        got = mini_outcome(lambda: call_method(s, "__getitem__", sl))
        assert same(got, expected), (start, stop, step)
        decref(sl)
    got = mini_outcome(lambda: call_method(s, "__getitem__", new_float(1.0)))
    assert got == ("err", "TypeError", "string indices must be integers, not 'float'")


def test_str_iterator(interp):
    s = new_str("héllo")
    it = call_method(s, "__iter__")
    assert it.ob_type.name == "str_iterator"
    assert s.ob_refcnt == 2
    out = []
    while True:
        x = abstract.next_(it)
        if x is None:
            break
        out.append(x.value)
        decref(x)
    assert "".join(out) == "héllo"
    assert s.ob_refcnt == 1            # an exhausted iterator drops its string
    decref(it)
    it = call_method(new_str("abc"), "__iter__")
    assert it.ob_type.name == "str_ascii_iterator"
    assert unbox(call_method(it, "__length_hint__")) == 3
    decref(it)


def test_str_contains_and_join_errors(interp):
    s = new_str("abc")
    assert mini_outcome(lambda: call_method(s, "__contains__", new_int(1))) == \
        ("err", "TypeError", "'in <string>' requires string as left operand, not int")
    t = new_tuple([new_str("x"), new_int(1)])
    assert mini_outcome(lambda: call_method(s, "join", t)) == \
        ("err", "TypeError", "sequence item 1: expected str instance, int found")
    assert mini_outcome(lambda: call_method(s, "join", new_int(5))) == \
        ("err", "TypeError", "can only join an iterable")
    t = new_tuple([new_str("only one item")])
    r = call_method(new_str("-"), "join", t)
    assert r is t.items[0]


# ---------------------------------------------------------------------------
# printf-style formatting and format specs (fuzzed against the host)
# ---------------------------------------------------------------------------

def test_percent_format_fuzz(interp):
    rng = random.Random(1234)
    convs = "sdiouxXeEfFgGcr%a"
    values = [0, 1, -42, 255, 10 ** 20, 3.14159, -0.5, 1e100, float("inf"), "hi", "héllo",
              True, None, 65]
    for _ in range(3000):
        flags = "".join(rng.sample("-+ #0", rng.randint(0, 2)))
        width = rng.choice(["", "5", "12", "*"])
        prec = rng.choice(["", ".0", ".3", ".*"])
        conv = rng.choice(convs)
        fmt = "<%" + flags + width + prec + conv + ">"
        nargs = fmt.count("*") + (0 if conv == "%" else 1)
        args = [rng.choice([3, -4, 0]) if i < fmt.count("*") else rng.choice(values)
                for i in range(nargs)]
        hargs = tuple(args)
        expected = host_outcome(lambda: fmt % hargs)
        fo = new_str(fmt)
        ao = box(hargs)
        got = mini_outcome(lambda: abstract.binary_op(fo, ao, 5))
        assert same(got, expected), (fmt, hargs, got, expected)
        decref(fo)
        decref(ao)


def test_percent_format_single_and_errors(interp):
    cases = [("%s", 5), ("%s%s", (1,)), ("%s", (1, 2)), ("abc", 5), ("%(a)s", 5),
             ("%", ()), ("%.", ()), ("%5", ()), ("%-", ()), ("%y", 1), ("%\u20ac", 1),
             ("%s", ()), ("x%%y", ()), ("%c", 10 ** 20), ("%c", -1), ("%*s", ("a", "b"))]
    for fmt, args in cases:
        expected = host_outcome(lambda: fmt % args)
        fo, ao = new_str(fmt), box(args)
        got = mini_outcome(lambda: abstract.binary_op(fo, ao, 5))
        assert same(got, expected), (fmt, args, got, expected)


SPEC_VALUES = [0, 7, -1234567, 10 ** 25, True, 0.0, -0.0, 3.14159, -1234.5678, 1e-7, 1e22,
               float("nan"), float("-inf"), "", "abc", "héllo"]


def test_format_spec_fuzz(interp):
    rng = random.Random(99)
    for _ in range(4000):
        fill = rng.choice(["", "", "*", "0"])
        align = rng.choice(["", "<", ">", "^", "="]) if fill == "" or rng.random() < 0.9 else ""
        if fill and not align:
            fill = ""
        spec = (fill + align + rng.choice(["", "+", "-", " "]) + rng.choice(["", "z"]) +
                rng.choice(["", "#"]) + rng.choice(["", "0"]) + rng.choice(["", "8", "15"]) +
                rng.choice(["", ",", "_"]) + rng.choice(["", ".0", ".3"]) +
                rng.choice(["", "b", "c", "d", "e", "E", "f", "F", "g", "G", "n", "o", "s",
                            "x", "X", "%"]))
        v = rng.choice(SPEC_VALUES)
        expected = host_outcome(lambda: format(v, spec))
        o = box(v)
        so = new_str(spec)
        got = mini_outcome(lambda: call_method(o, "__format__", so))
        assert same(got, expected), (v, spec, got, expected)
        decref(o)
        decref(so)


def test_str_format_fuzz(interp):
    templates = ["{}", "{0}{1}", "{}{}{}", "{0!r:>6}", "{a}", "{a.real}", "{0[1]}", "{:{}}",
                 "{0:{1}.{2}f}", "{{}}", "{", "}", "{0!z}", "{}{0}", "{0}{}", "{:*^{w}}",
                 "{0.imag!s:>5}", "{0[}", "{0.}", "{0]}", "{a[0]}", "{99}", "{:{:{}}}",
                 "{:d}", "{!a}", "x{0}y{1!s}z{a:_>4}", "{0:%}", "{0.bogus}"]
    args_list = [(1, 2, 3), ("ab", 8, 2), (3.14159, 10, 3), ()]
    kwargs_list = [{}, {"a": 5, "w": 9}, {"a": "xyz", "w": 3}]
    for t in templates:
        for args in args_list:
            for kwargs in kwargs_list:
                expected = host_outcome(lambda: t.format(*args, **kwargs))
                so = new_str(t)
                bargs = [box(a) for a in args]
                bkw = {k: box(v) for k, v in kwargs.items()}
                got = mini_outcome(lambda: call_method(so, "format", *bargs, **bkw))
                assert same(got, expected), (t, args, kwargs, got, expected)
                decref(so)
                core.decref_all(bargs)
                core.decref_all(bkw.values())


def test_formatting_does_not_leak(interp):
    def work():
        for fmt, args in (("%s %d %5.2f %r", ("a", 3, 2.5, "b")), ("%(x)s", 5), ("%d", "x")):
            fo, ao = new_str(fmt), box(args)
            mini_outcome(lambda: abstract.binary_op(fo, ao, 5))
            decref(fo)
            decref(ao)
        for t in ("{0:{1}} {0!r} {0[0]}", "{x}", "{0.real}"):
            so = new_str(t)
            a = [new_str("abc"), new_int(5)]
            mini_outcome(lambda: call_method(so, "format", *a))
            decref(so)
            core.decref_all(a)
    check_no_leak(work)


# ---------------------------------------------------------------------------
# Modules
# ---------------------------------------------------------------------------

def module_func(mod, name):
    return mod.dict.dv[name]


def test_math_functions_match_host(interp):
    from minipy.runtime.modules import make_module
    m = make_module("math")
    one_arg = ["sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos",
               "atan", "sinh", "cosh", "tanh", "fabs", "floor", "ceil", "trunc", "factorial",
               "isqrt", "gamma", "lgamma", "erf", "erfc", "expm1", "log1p", "degrees", "radians",
               "isfinite", "isinf", "isnan", "modf", "frexp"]
    vals = [0, 1, -1, 2, 0.5, -0.5, 10 ** 30, 1e308, float("inf"), float("nan"), 20, 2.5, True]
    for name in one_arg:
        hf = getattr(math, name)
        f = module_func(m, name)
        for v in vals:
            expected = host_outcome(lambda: hf(v))
            bv = box(v)
            got = mini_outcome(lambda: abstract.call(f, [bv]))
            assert same(got, expected), (name, v, got, expected)
            decref(bv)
    two_arg = ["pow", "atan2", "copysign", "fmod", "remainder", "log", "gcd", "lcm", "comb",
               "perm", "ldexp", "hypot", "isclose"]
    vals2 = [0, 3, -2, 0.5, 7, 1e300, float("inf")]
    for name in two_arg:
        hf = getattr(math, name)
        f = module_func(m, name)
        for a, b in itertools.product(vals2, vals2):
            expected = host_outcome(lambda: hf(a, b))
            ba, bb = box(a), box(b)
            got = mini_outcome(lambda: abstract.call(f, [ba, bb]))
            assert same(got, expected), (name, a, b, got, expected)
            decref(ba)
            decref(bb)
    decref(m)


def test_math_constants_and_arity(interp):
    from minipy.runtime.modules import make_module
    m = make_module("math")
    assert m.dict.dv["pi"].value == math.pi
    assert math.isnan(m.dict.dv["nan"].value)
    assert mini_outcome(lambda: abstract.call(module_func(m, "sqrt"), [])) == \
        ("err", "TypeError", "math.sqrt() takes exactly one argument (0 given)")
    assert mini_outcome(lambda: abstract.call(module_func(m, "pow"), [new_int(1)])) == \
        ("err", "TypeError", "pow expected 2 arguments, got 1")
    assert mini_outcome(lambda: abstract.call(module_func(m, "trunc"), [new_str("a")])) == \
        ("err", "TypeError", "type str doesn't define __trunc__ method")
    decref(m)


def test_random_matches_host_sequence(interp):
    from minipy.runtime.modules import make_module
    m = make_module("random")
    call = lambda name, *a, **k: abstract.call(module_func(m, name), list(a), k or None)  # noqa
    decref(call("seed", new_int(2024)))
    h = random.Random(2024)
    for _ in range(5):
        assert unbox(call("random")) == h.random()
        assert unbox(call("randint", new_int(1), new_int(6))) == h.randint(1, 6)
        assert unbox(call("randrange", new_int(0), new_int(100), new_int(7))) == \
            h.randrange(0, 100, 7)
        assert unbox(call("uniform", new_int(1), new_int(3))) == h.uniform(1, 3)
        assert unbox(call("gauss")) == h.gauss()
        assert unbox(call("getrandbits", new_int(100))) == h.getrandbits(100)
        assert unbox(call("choice", new_str("abcdef"))) == h.choice("abcdef")
    t = box(tuple(range(20)))
    assert unbox(call("sample", t, new_int(5))) == h.sample(range(20), 5)
    assert unbox(call("choices", t, k=new_int(4))) == h.choices(tuple(range(20)), k=4)
    st = call("getstate")
    a = unbox(call("random"))
    decref(call("setstate", st))
    assert unbox(call("random")) == a
    decref(st)
    assert mini_outcome(lambda: call("choice", new_str(""))) == \
        ("err", "IndexError", "Cannot choose from an empty sequence")
    assert mini_outcome(lambda: call("randint", new_int(5), new_int(3)))[1] == "ValueError"
    decref(t)
    decref(m)


def test_random_state_is_per_interpreter(interp):
    from minipy.runtime.modules import make_module, random as mrandom
    m = make_module("random")
    decref(abstract.call(module_func(m, "seed"), [new_int(1)]))
    r1 = mrandom.current_rng()
    Interpreter(capture=True)            # binds a new heap
    assert mrandom.current_rng() is not r1


def test_time_module(interp):
    from minipy.runtime.modules import make_module
    m = make_module("time")
    t = abstract.call(module_func(m, "time"), [])
    assert t.ob_type is float_type
    assert abstract.call(module_func(m, "sleep"), [new_int(0)]) is NONE
    assert mini_outcome(lambda: abstract.call(module_func(m, "sleep"), [new_int(-1)])) == \
        ("err", "ValueError", "sleep length must be non-negative")
    decref(m)


def test_int_parse_digit_limit(interp, monkeypatch):
    assert tm.parse_int("1" * 4300) == int("1" * 4300)
    with pytest.raises(PyExc) as ei:
        tm.parse_int("1" * 4301)
    assert exc_info(ei.value) == ("ValueError", "Exceeds the limit (4300 digits) for integer "
                                  "string conversion: value has 4301 digits; use "
                                  "sys.set_int_max_str_digits() to increase the limit")
    assert tm.parse_int("0x" + "f" * 5000, 0) == int("f" * 5000, 16)
    assert tm.parse_int("f" * 5000, 16) == int("f" * 5000, 16)
    monkeypatch.setattr(formatting, "INT_MAX_STR_DIGITS", 0)
    v = tm.parse_int(" -" + "1_23" * 2000 + " ")
    assert v < 0 and v.bit_length() > 19000
    assert formatting.int_to_decimal(v) == "-" + "123" * 2000
    monkeypatch.setattr(formatting, "INT_MAX_STR_DIGITS", 640)
    with pytest.raises(PyExc) as ei:
        tm.parse_int("7" * 641)
    assert "(640 digits)" in exc_info(ei.value)[1]
