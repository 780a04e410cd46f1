"""Unit tests of the built-in containers (minipy/runtime/containers*.py), calling
the host implementations directly: results, CPython's error messages, the
simulated memory (list over-allocation, dict/set table sizes) and reference
count hygiene (items owned exactly once, nothing leaked, arguments untouched)."""

import random

import pytest

from minipy.runtime.bootstrap import bootstrap
bootstrap()

from minipy.api import Interpreter  # noqa: E402
from minipy.objects import core  # noqa: E402
from minipy.objects.core import decref  # noqa: E402
from minipy.objects.exceptions import PyExc  # noqa: E402
from minipy.objects.intobject import new_int, PyInt, TRUE, FALSE  # noqa: E402
from minipy.objects.floatobject import new_float, PyFloat  # noqa: E402
from minipy.objects.strobject import new_str, PyStr  # noqa: E402
from minipy.objects.tupleobject import new_tuple, PyTuple, tuple_type  # noqa: E402
from minipy.objects.listobject import new_list, PyList, list_type, list_sizeof  # noqa: E402
from minipy.objects.dictobject import (new_dict, PyDict, dict_type, dict_setitem,  # noqa: E402
                                       dict_sizeof)
from minipy.objects.setobject import PySet, set_type, frozenset_type, set_sizeof  # noqa: E402
from minipy.objects.iterobject import new_slice, range_type, slice_type  # noqa: E402
from minipy.objects.singletons import NONE, NOTIMPL  # noqa: E402
from minipy.objects.typeobject import lookup  # noqa: E402
from minipy.runtime import abstract  # noqa: E402
from minipy.runtime import containers as C  # noqa: E402
from minipy.runtime import containers_common as cc  # noqa: E402
from minipy.runtime import containers_list as cl  # noqa: E402
from minipy.runtime import containers_tuple as ct  # noqa: E402
from minipy.runtime import containers_dict as cd  # noqa: E402
from minipy.runtime import containers_set as cs  # noqa: E402
from minipy.runtime import containers_range as cr  # noqa: E402
from minipy.runtime import containers_builtins as cb  # noqa: E402
from minipy.runtime.containers_sort import timsort  # noqa: E402


@pytest.fixture(autouse=True)
def interp():
    return Interpreter(capture=True)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def box(v):
    """A minipy object (new reference) for a host value."""
    if v is None:
        NONE.ob_refcnt += 1
        return NONE
    if isinstance(v, bool):
        return abstract.new_bool(v)
    if isinstance(v, int):
        return new_int(v)
    if isinstance(v, float):
        return new_float(v)
    if isinstance(v, str):
        return new_str(v)
    if isinstance(v, tuple):
        return new_tuple([box(x) for x in v])
    if isinstance(v, list):
        return new_list([box(x) for x in v])
    if isinstance(v, dict):
        d = new_dict()
        for k, x in v.items():
            ko, xo = box(k), box(x)
            dict_setitem(d, ko, xo)
            decref(ko)
            decref(xo)
        return d
    if isinstance(v, (set, frozenset)):
        s = cs.make_set(set_type if isinstance(v, set) else frozenset_type)
        for x in v:
            xo = box(x)
            cs.set_add_hk(s, abstract.hostkey(xo), xo)
            decref(xo)
        cs.sync_table(s)
        return s
    if isinstance(v, range):
        return cr.new_range(v.start, v.stop, v.step)
    raise TypeError(v)


def unbox(o):
    """The host value of a minipy object (does not consume the reference)."""
    if o is NONE:
        return None
    t = o.ob_type
    if isinstance(o, (PyInt, PyFloat, PyStr)):
        return o.value
    if isinstance(o, PyTuple):
        return tuple(unbox(x) for x in o.items)
    if isinstance(o, PyList):
        return [unbox(x) for x in o.items]
    if isinstance(o, PyDict):
        return {unbox(o.dk[hk]): unbox(v) for hk, v in o.dv.items()}
    if isinstance(o, PySet):
        items = [unbox(x) for x in cs.set_items(o)]
        return set(items) if t is set_type else frozenset(items)
    if t is range_type:
        return range(o.start, o.stop, o.step)
    raise TypeError(o)


def take(o):
    """unbox and release a new reference."""
    v = unbox(o)
    decref(o)
    return v


def order(o):
    """Members of a set in iteration order (host values)."""
    return [unbox(x) for x in cs.set_items(o)]


def call(tp, name, self_obj, *args, **kwargs):
    """Call method ``name`` of built-in type ``tp`` through its descriptor."""
    d = lookup(tp, name)
    return abstract.call_method_descr(d, [self_obj] + list(args), kwargs or None)


def construct(tp, *args, **kwargs):
    return abstract.call(tp, list(args), kwargs or None)


def raises(fn, *args, **kwargs):
    """(exception type name, message) raised by fn; the exception is released."""
    try:
        r = fn(*args, **kwargs)
    except PyExc as e:
        x = e.exc
        name = x.ob_type.name
        items = x.args.items
        msg = items[0].value if len(items) == 1 and isinstance(items[0], PyStr) else \
            (unbox(items[0]) if len(items) == 1 else None)
        decref(x)
        return name, msg
    decref(r)
    raise AssertionError("no exception raised")


def live():
    return core.object_count()


def host_exc(fn):
    try:
        fn()
    except Exception as e:      # noqa: BLE001
        return type(e).__name__, (e.args[0] if len(e.args) == 1 else None)
    raise AssertionError("host raised nothing")


# ---------------------------------------------------------------------------
# list
# ---------------------------------------------------------------------------

def test_append_owns_one_reference_and_follows_cpython_growth():
    l = new_list([])
    x = box("payload-string")
    rc = x.ob_refcnt
    sizes = []
    for i in range(20):
        decref(call(list_type, "append", l, x))
        sizes.append(list_sizeof(l))
    assert x.ob_refcnt == rc + 20
    # CPython 3.11: sys.getsizeof while appending to []
    host, h = [], []
    import sys
    for i in range(20):
        host.append(i)
        h.append(sys.getsizeof(host))
    assert sizes == h
    decref(l)
    assert x.ob_refcnt == rc
    decref(x)


def test_list_constructor_presizes_exactly_and_extend_uses_length_hint():
    import sys
    src = box(list(range(7)))
    l = construct(list_type, src)
    assert list_sizeof(l) == sys.getsizeof(list(range(7)))
    decref(l)
    r = box(range(10))
    l = construct(list_type, r)
    assert list_sizeof(l) == sys.getsizeof(list(range(10)))
    decref(l)
    # extend by a generic iterable without a length: default hint 8 then cut back
    e = new_list([])
    it = abstract.get_iter(r)
    cl.list_extend(e, it)
    hl = []
    hl.extend(iter(range(10)))
    assert list_sizeof(e) == sys.getsizeof(hl)
    for x in (e, it, r, src):
        decref(x)


def test_list_pop_insert_remove_index_count_and_errors():
    before = live()
    l = box([1, 2, 3, 2, 5])
    assert take(call(list_type, "pop", l)) == 5
    assert take(call(list_type, "pop", l, box(0))) == 1
    two = box(2)
    assert take(call(list_type, "index", l, two)) == 0
    assert take(call(list_type, "count", l, two)) == 2
    decref(call(list_type, "remove", l, two))
    assert unbox(l) == [3, 2]
    decref(call(list_type, "insert", l, box(-100), box("a")))
    decref(call(list_type, "insert", l, box(100), box("z")))
    assert unbox(l) == ["a", 3, 2, "z"]
    assert raises(call, list_type, "index", l, box(99)) == ("ValueError", "99 is not in list")
    assert raises(call, list_type, "remove", l, box(99)) == ("ValueError",
                                                            "list.remove(x): x not in list")
    assert raises(call, list_type, "pop", l, box(10)) == ("IndexError", "pop index out of range")
    e = new_list([])
    assert raises(call, list_type, "pop", e) == ("IndexError", "pop from empty list")
    assert raises(call, list_type, "index", l, two, box("x")) == \
        ("TypeError", "slice indices must be integers or have an __index__ method")
    decref(two)
    decref(e)
    decref(l)
    # small ints and one-char strings are static; everything else is gone
    assert live() <= before + 2


def test_list_getitem_slices_match_host():
    rng = random.Random(3)
    host = list(range(12))
    l = box(host)
    for _ in range(300):
        a = rng.choice([None, rng.randint(-15, 15)])
        b = rng.choice([None, rng.randint(-15, 15)])
        c = rng.choice([None, 1, -1, 2, -2, 3, -5])
        s = new_slice(box(a), box(b), box(c))
        assert take(cl.list_getitem(l, s)) == host[a:b:c]
        decref(s)
    assert raises(cl.list_getitem, l, box(12)) == ("IndexError", "list index out of range")
    assert raises(cl.list_getitem, l, box("x")) == \
        ("TypeError", "list indices must be integers or slices, not str")
    decref(l)


def test_list_setitem_and_delitem_slices_match_host():
    rng = random.Random(7)
    for _ in range(400):
        host = list(range(rng.randint(0, 10)))
        l = box(host)
        a = rng.choice([None, rng.randint(-12, 12)])
        b = rng.choice([None, rng.randint(-12, 12)])
        c = rng.choice([None, 1, -1, 2, -2, 3])
        val = list(range(100, 100 + rng.randint(0, 5)))
        s = new_slice(box(a), box(b), box(c))
        v = box(val)
        op = rng.choice(["set", "del"])
        try:
            if op == "set":
                host[a:b:c] = val
            else:
                del host[a:b:c]
            expect = None
        except ValueError as e:
            expect = ("ValueError", str(e))
        if expect is None:
            decref((cl.list_setitem(l, s, v) if op == "set" else cl.list_delitem(l, s)))
            assert unbox(l) == host
            # the simulated storage follows CPython's resize rule
            assert l.allocated >= len(l.items)
        else:
            assert raises(cl.list_setitem, l, s, v) == expect
        for o in (l, s, v):
            decref(o)


def test_list_ops_add_mul_iadd_imul_and_messages():
    a = box([1, 2])
    b = box([3])
    assert take(cl.list_add(a, b)) == [1, 2, 3]
    t = box((9,))
    r = cl.list_add(a, t)
    assert r is NOTIMPL
    decref(r)
    three = box(3)
    assert take(call(list_type, "__mul__", a, three)) == [1, 2, 1, 2, 1, 2]
    f = box(2.0)
    assert raises(call, list_type, "__mul__", a, f) == \
        ("TypeError", "can't multiply sequence by non-int of type 'float'")
    r = cl.list_iadd(a, t)
    assert r is a and unbox(a) == [1, 2, 9]
    decref(r)
    r = cl.list_imul(a, box(2))
    assert unbox(a) == [1, 2, 9, 1, 2, 9]
    decref(r)
    r = cl.list_imul(a, box(0))
    assert unbox(a) == [] and a.items_addr == 0
    decref(r)
    assert raises(cl.list_iadd, a, box(5)) == ("TypeError", "'int' object is not iterable")
    for o in (a, b, t, three, f):
        decref(o)


def test_list_comparisons_are_lexicographic():
    pairs = [([1, 2], [1, 3]), ([1, 2], [1, 2]), ([1, 2, 0], [1, 2]), ([], []), (["a"], ["b"])]
    names = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"]
    import operator
    ops = [operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge]
    for x, y in pairs:
        a, b = box(x), box(y)
        for n, op in zip(names, ops):
            r = call(list_type, n, a, b)
            assert (r is TRUE) == op(x, y)
            decref(r)
        decref(a)
        decref(b)
    a, b = box([1, "x"]), box([1, 2])
    assert raises(call, list_type, "__lt__", a, b) == \
        ("TypeError", "'<' not supported between instances of 'str' and 'int'")
    decref(a)
    decref(b)


def test_list_repr_recursive():
    l = box([1, "a", (2,)])
    decref(call(list_type, "append", l, l))
    assert take(cl.list_repr(l)) == "[1, 'a', (2,), [...]]"
    # break the cycle
    decref(call(list_type, "clear", l))
    decref(l)


def test_list_hash_is_none():
    l = new_list([])
    assert raises(abstract.hash_, l) == ("TypeError", "unhashable type: 'list'")
    decref(l)


# ---------------------------------------------------------------------------
# sort
# ---------------------------------------------------------------------------

def test_sort_matches_host_for_plain_values_and_reverse():
    rng = random.Random(11)
    for n in (0, 1, 2, 10, 70, 300):
        host = [rng.choice([rng.randint(-50, 50), rng.random(), True]) for _ in range(n)]
        for rev in (False, True):
            l = box(host)
            cl.list_sort(l, None, rev)
            exp = sorted(host, reverse=rev)
            got = unbox(l)
            assert got == exp
            # identity of equal items: stability
            assert [type(x) for x in got] == [type(x) for x in exp]
            decref(l)


def test_timsort_port_makes_cpythons_comparisons():
    rng = random.Random(5)

    class K:
        log = []

        def __init__(self, v):
            self.v = v

        def __lt__(self, o):
            K.log.append((self.v, o.v))
            return self.v < o.v

    for n in (5, 64, 65, 200, 1000):
        vals = [rng.randint(0, n // 3) for _ in range(n)]
        ks = [K(v) for v in vals]
        K.log = []
        sorted(ks)
        host_log = K.log
        K.log = []
        perm = list(range(n))
        timsort(perm, lambda i, j: ks[i] < ks[j])
        assert K.log == host_log


def test_sort_with_failing_comparison_keeps_every_item_once():
    # a list of ints and strs: the timsort port raises the TypeError of the
    # first incomparable pair, and the list keeps all its items.
    host = [5, 3, "x", 8, 1, 9, 2]
    l = box(host)
    before = [x.ob_refcnt for x in l.items]
    assert raises(cl.list_sort, l) == \
        ("TypeError", "'<' not supported between instances of 'str' and 'int'")
    try:
        host.sort()
    except TypeError:
        pass
    assert unbox(l) == host
    assert sorted(x.ob_refcnt for x in l.items) == sorted(before)
    decref(l)


def test_sort_key_function_and_modification_detection():
    l = box([3, 1, 2])
    keyf = cl.lookup(abstract.int_type, "__neg__")
    cl.list_sort(l, keyf, False)
    assert unbox(l) == [3, 2, 1]
    cl.list_sort(l, keyf, True)
    assert unbox(l) == [1, 2, 3]
    decref(l)


def test_sort_args_messages():
    l = new_list([])
    assert raises(call, list_type, "sort", l, box(1)) == \
        ("TypeError", "sort() takes no positional arguments")
    assert raises(call, list_type, "sort", l, foo=box(1)) == \
        ("TypeError", "'foo' is an invalid keyword argument for sort()")
    assert raises(cb.sorted_impl, [], None) == ("TypeError", "sorted expected 1 argument, got 0")
    decref(l)


# ---------------------------------------------------------------------------
# tuple
# ---------------------------------------------------------------------------

def test_tuple_hash_equals_cpython():
    for v in [(), (1,), (1, 2), ("a", 2.5, (None,)) if False else ("a", 2.5, (1, (2,))),
              (True, -1, 2 ** 62, 2 ** 70), tuple(range(30))]:
        t = box(v)
        assert ct.tuple_hash(t) == hash(v)
        decref(t)


def test_tuple_identity_rules_and_repr():
    t = box((1, 2))
    e = new_tuple(())
    r = ct.tuple_add(t, e)
    assert r is t
    decref(r)
    r = call(tuple_type, "__mul__", t, box(1))
    assert r is t
    decref(r)
    s = new_slice(box(None), box(None), box(None))
    r = ct.tuple_getitem(t, s)
    assert r is t
    decref(r)
    decref(s)
    one = box((1,))
    assert take(ct.tuple_repr(one)) == "(1,)"
    assert take(ct.tuple_repr(e)) == "()"
    assert raises(call, tuple_type, "index", t, box(7)) == \
        ("ValueError", "tuple.index(x): x not in tuple")
    assert raises(ct.tuple_getitem, t, box(5)) == ("IndexError", "tuple index out of range")
    for o in (t, e, one):
        decref(o)


def test_tuple_constructor():
    l = box([1, 2])
    t = construct(tuple_type, l)
    assert unbox(t) == (1, 2)
    t2 = construct(tuple_type, t)
    assert t2 is t
    assert raises(construct, tuple_type, l, l) == ("TypeError", "tuple expected at most 1 argument, got 2")
    assert raises(construct, tuple_type, a=l) == ("TypeError", "tuple() takes no keyword arguments")
    for o in (l, t, t2):
        decref(o)


# ---------------------------------------------------------------------------
# dict
# ---------------------------------------------------------------------------

def test_dict_basic_methods_and_key_error_carries_key():
    d = box({"a": 1, "b": 2})
    k = box("zz")
    rc = k.ob_refcnt
    assert raises(cd.dict_getitem, d, k) == ("KeyError", "zz")
    assert k.ob_refcnt == rc
    assert take(call(dict_type, "get", d, k)) is None
    assert take(call(dict_type, "setdefault", d, k, box(5))) == 5
    assert take(call(dict_type, "pop", d, k)) == 5
    assert raises(call, dict_type, "pop", d, k) == ("KeyError", "zz")
    assert take(call(dict_type, "popitem", d)) == ("b", 2)
    assert take(call(dict_type, "popitem", d)) == ("a", 1)
    assert raises(call, dict_type, "popitem", d) == ("KeyError", "popitem(): dictionary is empty")
    decref(d)
    decref(k)


def test_dict_constructor_forms_and_errors():
    pairs = box([(1, 2), (3, 4)])
    d = construct(dict_type, pairs, x=box(5))
    assert unbox(d) == {1: 2, 3: 4, "x": 5}
    bad = box([(1, 2, 3)])
    assert raises(construct, dict_type, bad) == \
        ("ValueError", "dictionary update sequence element #0 has length 3; 2 is required")
    bad2 = box([1])
    assert raises(construct, dict_type, bad2) == \
        ("TypeError", "cannot convert dictionary update sequence element #0 to a sequence")
    assert raises(construct, dict_type, pairs, pairs) == \
        ("TypeError", "dict expected at most 1 argument, got 2")
    d2 = construct(dict_type, d)
    assert unbox(d2) == unbox(d) and d2 is not d
    for o in (pairs, d, bad, bad2, d2):
        decref(o)


def test_dict_sizes_follow_cpython():
    import sys
    for n in (0, 1, 5, 6, 11, 30):
        host = {i: i for i in range(n)}
        d = box(host)
        c = cd.dict_copy(d)
        assert dict_sizeof(c) == sys.getsizeof(host.copy())
        decref(c)
        decref(d)
    host = {str(i): i for i in range(20)}
    d = box(host)
    r = cd.dict_copy(d)
    assert dict_sizeof(r) == sys.getsizeof(dict(host))
    decref(r)
    decref(d)


def test_dict_iteration_detects_size_change():
    d = box({1: 1, 2: 2})
    it = cd.dict_iter(d)
    x = abstract.next_(it)
    decref(x)
    one = box(100)
    dict_setitem(d, one, one)
    assert raises(abstract.next_, it) == ("RuntimeError", "dictionary changed size during iteration")
    assert raises(abstract.next_, it) == ("RuntimeError", "dictionary changed size during iteration")
    for o in (it, d, one):
        decref(o)


def test_dict_views_repr_and_set_operations():
    d = box({"a": 1, "b": 2})
    k = cd.dict_keys(d)
    assert take(abstract.repr_(k)) == "dict_keys(['a', 'b'])"
    it = cd.dict_items(d)
    assert take(abstract.repr_(it)) == "dict_items([('a', 1), ('b', 2)])"
    other = box({"b", "c"})
    assert take(abstract.binary_op(k, other, 9)) == {"b"}
    assert take(abstract.binary_op(k, other, 10)) == {"a", "b", "c"}
    assert take(abstract.binary_op(k, other, 1)) == {"a"}
    assert take(abstract.binary_op(other, k, 1)) == {"c"}
    assert take(abstract.binary_op(k, other, 11)) == {"a", "c"}
    ab = box({"a", "b"})
    assert take(abstract.compare(k, ab, 2)) is True
    assert raises(abstract.hash_, k) == ("TypeError", "unhashable type: 'dict_keys'")
    for o in (d, k, it, other, ab):
        decref(o)


def test_dict_or_and_ior():
    a = box({1: 1})
    b = box({2: 2})
    assert take(abstract.binary_op(a, b, 10)) == {1: 1, 2: 2}
    l = box([(3, 3)])
    assert raises(abstract.binary_op, a, l, 10) == \
        ("TypeError", "unsupported operand type(s) for |: 'dict' and 'list'")
    r = abstract.binary_op(a, l, 23)
    assert r is a and unbox(a) == {1: 1, 3: 3}
    for o in (r, a, b, l):
        decref(o)


def test_fromkeys():
    s = box("ab")
    d = abstract.call(abstract.getattr_(dict_type, "fromkeys"), [s, box(0)])
    assert unbox(d) == {"a": 0, "b": 0}
    decref(d)
    decref(s)


# ---------------------------------------------------------------------------
# set / frozenset
# ---------------------------------------------------------------------------

def test_set_order_and_table_size_follow_cpython():
    import sys
    rng = random.Random(2)
    for _ in range(50):
        a = {rng.randint(0, 200) for _ in range(rng.randint(0, 30))}
        b = {rng.randint(0, 200) for _ in range(rng.randint(0, 30))}
        # build like CPython would from an iterable: set(list)
        la, lb = box(sorted(a)), box(sorted(b))
        sa = construct(set_type, la)
        sb = construct(set_type, lb)
        ha, hb = set(sorted(a)), set(sorted(b))
        assert order(sa) == list(ha)
        assert set_sizeof(sa) == sys.getsizeof(ha)
        for opn, hop in ((9, ha & hb), (10, ha | hb), (1, ha - hb), (11, ha ^ hb)):
            r = abstract.binary_op(sa, sb, opn)
            assert order(r) == list(hop)
            assert set_sizeof(r) == sys.getsizeof(hop)
            decref(r)
        for o in (la, lb, sa, sb):
            decref(o)


def test_frozenset_hash_equals_cpython():
    for v in [frozenset(), frozenset({1}), frozenset({1, 2, 3}), frozenset(range(100)),
              frozenset({"a", "b", 2.5}), frozenset({(1, 2), frozenset({3})})]:
        s = box(v) if not any(isinstance(x, frozenset) for x in v) else None
        if s is None:
            inner = box(frozenset({3}))
            tup = box((1, 2))
            s = cs.make_set(frozenset_type)
            for x in (tup, inner):
                cs.set_add_hk(s, abstract.hostkey(x), x)
                decref(x)
        assert cs.frozenset_hash(s) == hash(v)
        decref(s)


def test_set_errors_and_frozenset_lookup():
    s = box({1, 2})
    assert raises(call, set_type, "remove", s, box(9)) == ("KeyError", 9)
    e = cs.make_set(set_type)
    assert raises(call, set_type, "pop", e) == ("KeyError", "pop from an empty set")
    inner = box({1})
    outer = cs.make_set(set_type)
    fz = construct(frozenset_type, inner)
    cs.set_add_hk(outer, abstract.hostkey(fz), fz)
    assert take(cs.set_contains(outer, inner)) is True
    lst = box([[]])
    assert raises(construct, set_type, lst) == ("TypeError", "unhashable type: 'list'")
    assert raises(construct, set_type, lst, lst) == ("TypeError", "set expected at most 1 argument, got 2")
    for o in (s, e, inner, outer, fz, lst):
        decref(o)


def test_frozenset_of_frozenset_is_same_object():
    f = box(frozenset({1, 2}))
    g = construct(frozenset_type, f)
    assert g is f
    decref(g)
    decref(f)


def test_set_repr_forms():
    for v, exp in ((set(), "set()"), (frozenset(), "frozenset()"), ({1, 2}, "{1, 2}"),
                   (frozenset({1}), "frozenset({1})")):
        o = box(v)
        assert take(cs.set_repr(o)) == exp
        decref(o)


def test_set_mutation_during_iteration():
    s = box({1, 2})
    it = cs.set_iter(s)
    decref(abstract.next_(it))
    x = box(77)
    decref(call(set_type, "add", s, x))
    assert raises(abstract.next_, it) == ("RuntimeError", "Set changed size during iteration")
    for o in (s, it, x):
        decref(o)


def test_set_inplace_ops_keep_members_owned():
    before = live()
    a = box({1000, 2000, 3000})
    b = box({2000, 4000})
    for opn in (22, 23, 14, 24):       # &=, |=, -=, ^=
        r = abstract.binary_op(a, b, opn)
        decref(r)
    members = cs.set_items(a)
    assert all(m.ob_refcnt >= 1 for m in members)
    decref(a)
    decref(b)
    assert live() == before


# ---------------------------------------------------------------------------
# range and slice
# ---------------------------------------------------------------------------

def test_range_matches_host():
    rng = random.Random(9)
    for _ in range(200):
        a, b = rng.randint(-20, 20), rng.randint(-20, 20)
        c = rng.choice([1, -1, 2, -3, 5])
        h = range(a, b, c)
        r = box(h)
        assert take(cr.range_len_m(r)) == len(h)
        assert take(cr.range_repr(r)) == repr(h)
        for i in range(-len(h) - 2, len(h) + 2):
            if -len(h) <= i < len(h):
                assert take(cr.range_getitem(r, box(i))) == h[i]
            else:
                assert raises(cr.range_getitem, r, box(i)) == \
                    ("IndexError", "range object index out of range")
        s = new_slice(box(rng.choice([None, 1, -2])), box(rng.choice([None, 3, -1])),
                      box(rng.choice([None, 2, -1])))
        hs = h[slice(unbox(s.start), unbox(s.stop), unbox(s.step))]
        assert take(cr.range_getitem(r, s)) == hs
        v = box(rng.randint(-25, 25))
        assert take(cr.range_contains(r, v)) == (v.value in h)
        if len(h) >= 2:             # shorter ranges hash None (an address)
            assert cr.range_hash(r) == hash(h)
        for o in (r, s, v):
            decref(o)


def test_range_errors():
    assert raises(construct, range_type) == ("TypeError", "range expected at least 1 argument, got 0")
    assert raises(construct, range_type, box(1), box(2), box(0)) == \
        ("ValueError", "range() arg 3 must not be zero")
    assert raises(construct, range_type, box(1.5)) == \
        ("TypeError", "'float' object cannot be interpreted as an integer")
    r = box(range(3))
    assert raises(cr.range_index, r, box(5)) == ("ValueError", "5 is not in range")
    decref(r)


def test_slice_indices_and_repr():
    rng = random.Random(1)
    for _ in range(300):
        a = rng.choice([None, rng.randint(-9, 9)])
        b = rng.choice([None, rng.randint(-9, 9)])
        c = rng.choice([None, 1, -1, 2, -3])
        n = rng.randint(0, 8)
        s = new_slice(box(a), box(b), box(c))
        assert take(cr.slice_indices_m(s, box(n))) == slice(a, b, c).indices(n)
        assert take(cr.slice_repr(s)) == repr(slice(a, b, c))
        decref(s)


# ---------------------------------------------------------------------------
# builtins
# ---------------------------------------------------------------------------

def test_min_max_sum_all_any():
    l = box([3, 1, 2])
    assert take(cb.min_max_impl([l], None, False)) == 1
    assert take(cb.min_max_impl([l], None, True)) == 3
    e = new_list([])
    assert raises(cb.min_max_impl, [e], None, True) == ("ValueError", "max() arg is an empty sequence")
    assert raises(cb.min_max_impl, [], None, False) == ("TypeError", "min expected at least 1 argument, got 0")
    d = box("dflt")
    assert take(cb.min_max_impl([e], {"default": d}, True)) == "dflt"
    assert take(cb.sum_impl([l], None)) == 6
    assert take(cb.sum_impl([l], {"start": box(10)})) == 16
    fl = box([0.1] * 10)
    assert take(cb.sum_impl([fl], None)) == sum([0.1] * 10)
    s = box("")
    assert raises(cb.sum_impl, [l, s], None) == \
        ("TypeError", "sum() can't sum strings [use ''.join(seq) instead]")
    assert take(cb.all_impl(l)) is True
    assert take(cb.any_impl(e)) is False
    for o in (l, e, d, fl, s):
        decref(o)


def test_enumerate_zip_map_filter_reversed():
    l = box([10, 20])
    en = construct(C.enumerate_type, l, box(5))
    out = []
    while True:
        x = abstract.next_(en)
        if x is None:
            break
        out.append(take(x))
    assert out == [(5, 10), (6, 20)]
    decref(en)
    z = construct(C.zip_type, l, box("abc"))
    assert take(cl.sequence_list(z)) == [(10, "a"), (20, "b")]
    decref(z)
    z = construct(C.zip_type, l, box("abc"), strict=TRUE)
    assert raises(cl.sequence_list, z) == ("ValueError", "zip() argument 2 is longer than argument 1")
    decref(z)
    r = construct(C.reversed_type, box("abc"))
    assert take(cl.sequence_list(r)) == ["c", "b", "a"]
    decref(r)
    f = construct(C.filter_type, NONE, box([0, 1, 2, 0]))
    assert take(cl.sequence_list(f)) == [1, 2]
    decref(f)
    assert raises(construct, C.reversed_type, box({1})) == ("TypeError", "'set' object is not reversible")
    assert raises(construct, C.map_type, NONE) == ("TypeError", "map() must have at least two arguments.")
    decref(l)


def test_no_leaks_across_a_mixed_workload():
    before = live()
    d = box({"k%d" % i: list(range(i)) for i in range(20)})
    s = box({(i, str(i)) for i in range(30)})
    l = box([(i * 7919) % 101 for i in range(100)])
    cl.list_sort(l, None, True)
    t = ct.tuple_of(l)
    c = cd.dict_copy(d)
    u = abstract.binary_op(s, s, 10)
    for o in (d, s, l, t, c, u):
        decref(o)
    assert live() == before


def test_exhausted_iterators_release_their_container():
    l = box([1, 2])
    rc = l.ob_refcnt
    it = cl.list_iter(l)
    assert l.ob_refcnt == rc + 1
    while True:
        x = abstract.next_(it)
        if x is None:
            break
        decref(x)
    assert l.ob_refcnt == rc and it.src is None
    decref(it)
    d = box({1: 2})
    rc = d.ob_refcnt
    it = cd.dict_iter_of(d, cd.ITEMS)
    assert take(abstract.next_(it)) == (1, 2)
    assert abstract.next_(it) is None
    assert d.ob_refcnt == rc
    decref(it)
    decref(d)
    decref(l)


def test_iterator_dunders_for_python_code():
    l = box([7])
    it = cl.list_iter(l)
    r = call(cl.list_iterator_type, "__iter__", it)
    assert r is it
    decref(r)
    assert take(call(cl.list_iterator_type, "__next__", it)) == 7
    assert raises(call, cl.list_iterator_type, "__next__", it) == ("StopIteration", None)
    decref(it)
    decref(l)


def test_fast_call_constructors():
    src = box((1, 2, 2))
    for tp, exp in ((list_type, [1, 2, 2]), (tuple_type, (1, 2, 2)), (set_type, {1, 2})):
        assert take(C.FAST_CALL[tp]([src], None)) == exp
    pairs = box([("a", 1)])
    assert take(C.FAST_CALL[dict_type]([pairs], {"b": box(2)})) == {"a": 1, "b": 2}
    assert raises(C.FAST_CALL[list_type], [src, src], None) == \
        ("TypeError", "list expected at most 1 argument, got 2")
    decref(src)
    decref(pairs)


def test_container_sizes_follow_cpython():
    import sys
    l = new_list([])
    for i in range(40):
        x = box(i)
        decref(call(list_type, "append", l, x))
        decref(x)
    host = []
    for i in range(40):
        host.append(i)
    assert list_sizeof(l) == sys.getsizeof(host)
    for i in range(35):
        decref(call(list_type, "pop", l))
        host.pop()
        assert list_sizeof(l) == sys.getsizeof(host)
    decref(l)
    s = cs.make_set(set_type)
    hs = set()
    for i in range(40):
        x = box(i * 7)
        decref(cs.set_add(s, x))
        decref(x)
        hs.add(i * 7)
        assert set_sizeof(s) == sys.getsizeof(hs)
    decref(s)
