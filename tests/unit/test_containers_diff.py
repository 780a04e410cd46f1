"""Differential tests of the built-in containers: each program runs under minipy
and under the host CPython (the oracle, in this process, so str hashes and set
orders agree); the printed output must match exactly and the heap audit must
be clean.  Programs are parsed with the host's ``ast``."""

import ast
import contextlib
import io
import warnings

import pytest

from minipy.api import Interpreter
from minipy.compiler import compile_module
from minipy.objects import core
from minipy.objects.exceptions import PyExc

PRELUDE = """\
def _t(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
"""


def run_minipy(src):
    interp = Interpreter(capture=True)
    interp.main = interp.new_module("__main__")
    code = compile_module(ast.parse(src), "<test>", src)
    try:
        core.decref(interp.exec_code(code, interp.main.dict))
    except PyExc as e:
        interp.handle_uncaught(e.exc)
    return interp, interp.stdout_text()


def run_host(src):
    buf = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(buf):
            exec(compile(src, "<test>", "exec"), {"__name__": "__main__"})
    return buf.getvalue()


def audit_mismatches(interp):
    skip = ("dict at 0x%x" % interp.main.dict.ob_addr, "dict at 0x%x" % interp.builtins.ob_addr)
    return [m for m in interp.audit()["mismatches"] if m[0] not in skip]


def check(src):
    src = PRELUDE + src
    expected = run_host(src)
    interp, out = run_minipy(src)
    assert interp.stderr_text() == ""
    assert out == expected
    assert audit_mismatches(interp) == []


# One expression per line: printed as repr or as "ExcType message".
EXPRESSIONS = """
[].index(3)
(1,).index(3)
[].pop()
[1].pop(5)
[1].remove(2)
[].sort(1)
[].sort(foo=1)
sorted()
sorted([], foo=1)
sorted([], 1)
list(1, 2)
list(a=1)
dict(1, 2)
dict([(1, 2, 3)])
dict([1])
dict([(1, 2), [3, 4], 'ab'])
{}.popitem()
{}.pop(1)
{1: 2}.pop(3, 'dflt')
set().pop()
set().remove(1)
min()
max([])
max(1, 2, default=3)
max([1], foo=2)
min([], default=None)
max(1, 2, key=None)
max([1, 3, 2], key=lambda x: -x)
max([(1, 'b'), (1, 'a')])
min('hello')
sum()
sum(['a'], '')
sum([1], 2, 3)
sum([1], foo=3)
sum([[1], [2]], [])
sum([1, 2.5, 3])
sum([0.1] * 10)
sum([True, True, 1])
sum(range(10), 100)
sum([1 << 64, 1 << 64])
sum([1.5, 1 << 70])
sum((x for x in range(5)), start=10)
range()
range(1, 2, 3, 4)
range(1.0)
range(1, 2, 0)
range(3)[5]
range(3)['a']
range(3)[-1]
range(10)[::-2]
range(0, 10, 3)[1:]
range(10)[2:8:3]
range(1 << 70)[-1]
len(range(1 << 70))
range(5).index(1.0)
range(5).count(1.0)
range(3).index(5)
'x' in range(3)
True in range(3)
3 in range(0, 10, 3)
list(range(5, 0, -2))
(range(0, 3) == range(0, 3), range(0) == range(4, 4), range(0, 3, 2) == range(0, 4, 2))
hash(range(0, 10, 2)) == hash(range(0, 9, 2))
(range(3).start, range(3).stop, range(2, 9, 3).step)
[1]['a']
(1,)['a']
[1][5]
(1,)[5]
[1, 2, 3][-100:100]
[1, 2, 3][::0]
[1, 2, 3]['a':]
[1] * 2.0
2.0 * [1]
[1] + (1,)
(1,) + [1]
[1] * (1 << 70)
[[]] * 3
[1, 2] * -1
(1,) * 0
3 * (1, 2)
{} | []
{1: 2} | [(1, 2)]
{1: 2} | {1: 3, 4: 5}
enumerate()
enumerate([], foo=1)
enumerate(1.5)
enumerate([], 1.5)
enumerate([], 0, 1)
enumerate([], iterable=[])
list(enumerate(iterable='ab', start=2))
list(enumerate('ab', start=-1))
list(zip([1, 2], [1, 2], [3], strict=True))
list(zip([1], [1, 2], [1, 2], strict=True))
list(zip([1, 2], [3], strict=True))
list(zip('ab', range(3), [0, 0]))
list(zip())
zip(foo=1)
map(len)
list(map(None, [1]))
list(map(lambda a, b: a + b, [1, 2, 3], (10, 20)))
filter(None)
filter(None, [], x=1)
list(filter(None, [0, 1, '', 'a', None, [], [0]]))
list(filter(bool, [0, 2]))
reversed()
reversed(set())
reversed(1)
type(reversed({})).__name__
list(reversed({1: 2, 3: 4}))
list(reversed({1: 2, 3: 4}.items()))
list(reversed({1: 2, 3: 4}.values()))
list(reversed(range(1, 10, 3)))
list(reversed((1, 2, 3)))
list(reversed('abc'))
slice()
slice(1, 2, 3, 4)
slice(1, 2).indices(-1)
slice(1, 'a').indices(3)
slice(1).indices('a')
slice(None, None, -1).indices(5)
hash(slice(1, 2))
(slice(1, 2) == slice(1, 2), slice(1, 2) < slice(1, 3))
slice(1, 2) < 3
frozenset(1, 2)
set(1, 2)
set(a=1)
frozenset(a=1)
tuple(1, 2)
tuple(a=1)
{}.fromkeys()
{}.get()
{}.update(1, 2)
{}.update(1)
dict(1)
dict.fromkeys(1)
dict.fromkeys('abc', [])
set([[]])
{1} < [1]
[] < ()
{}['x']
{(1, 2): 3}[(1, 2)]
{1.0: 'a'}[True]
next(iter(range(0)))
all()
any(1)
all([1, [], 2])
any(x > 3 for x in range(5))
[].insert(1)
[].index(1, 'a')
[1, 2, 3].index(2, -1)
[1, 2, 3, 2].index(2, 2)
(1, 2, 3).index(3, 0, 2)
[1, 2, 3].sort(key=1)
hash([])
hash({})
hash(set())
{[]: 1}
sorted([3, 'a', 1])
max(1, 'a')
hash(()) == hash(())
(hash(frozenset()) == hash(frozenset()), hash(frozenset({1, 2})) == hash(frozenset({2, 1})))
iter([1]).__length_hint__()
iter({1: 2}).__length_hint__()
reversed(range(5)).__length_hint__()
type(reversed((1,))).__name__
(type(iter([])).__name__, type(iter(())).__name__, type(iter({})).__name__, type(iter(set())).__name__, type(iter(range(1))).__name__)
(type(iter({}.values())).__name__, type(iter({}.items())).__name__, type(reversed([])).__name__, type(reversed({})).__name__)
(type(enumerate([])).__name__, type(zip()).__name__, type({}.keys()).__name__, type({}.items()).__name__)
{'a': 1}.keys() & {'a'}
{'a': 1}.keys() | ['b']
sorted(['b'] | {'a': 1}.keys())
{'a': 1}.items() - {('a', 1)}
{'a': 1}.keys() == {'a'}
{'a': 1}.keys() == ['a']
{}.keys() < {1}
{'a': 1}.items() ^ {('a', 2)} == {('a', 1), ('a', 2)}
({1: 2}.keys().isdisjoint([3]), {1: 2}.items().isdisjoint([(1, 2)]))
(1, 2) in {1: 2}.items()
[1, 2] in {1: 2}.items()
{1: 2}.values() == {1: 2}.values()
repr({}.values())
frozenset([1, 2]) | {3}
{3} | frozenset([1, 2])
set([1]) == frozenset([1])
{1} & [1]
{1}.intersection([1], (1, 2))
{1, 2}.union()
set().issubset([1])
({1, 2} <= {1, 2, 3}, {1} < {1}, {1, 2} >= {2}, {1} > set())
{1, 2} == {2, 1}
{1, 2, 3}.difference([1], {2})
{1, 2}.symmetric_difference([2, 3])
frozenset({frozenset({1})})
{frozenset({1, 2}): 'x'}[frozenset({2, 1})]
{1} in [{1}]
{1} in {frozenset({1})}
set('hello')
sorted(set('hello'))
{(1, 2), (3, 4)}
list(set([10, 20, 30, 1000, 7]))
{x * 7 for x in range(20)}
set(range(100, 0, -7))
list(set([3, 2, 1, 100, 33, 65]))
set({'a': 1, 'b': 2})
set(dict.fromkeys(range(50, 0, -3)))
set(x * 31 for x in range(40)) - set(range(0, 1000, 2))
set(range(0, 300, 7)) & set(range(0, 300, 5))
set(range(0, 300, 7)) ^ set(range(0, 300, 5))
set(range(0, 30, 7)) | set(range(100, 130, 5))
frozenset(range(40, 0, -3)).union(range(7), {99})
list(dict(zip('abc', range(3))).items())
dict(a=1, b=2) == {'b': 2, 'a': 1}
{'a': [1], 'b': (2, 3)} == {'b': (2, 3), 'a': [1]}
[1, [2, [3]]] == [1, [2, [3]]]
([1, 2] < [1, 3], (1, 2) < (1, 2, 0), [1, 2] > [1], (2,) >= (1, 5))
(1, 'a') < (1, 2)
[1, 2] == (1, 2)
{1: 2} < {1: 2}
dict([('a', 1)], b=2)
dict({'x': 1}, y=2)
{**{'a': 1}, 'b': 2}
[*range(3), *'ab']
(*range(3),)
tuple(x for x in 'abc')
list('abc')
list({1: 2, 3: 4})
list({3: 4, 1: 2}.values())
sorted({'b': 1, 'a': 2})
sorted([3, 1, 2], reverse=True)
sorted(['b', 'A', 'c'], key=str.lower)
sorted([(1, 'b'), (1, 'a'), (0, 'z')], reverse=True)
sorted([0.5, -1, 3, 2.25, True, False])
sorted(['pear', 'fig', 'apple'], key=len)
sorted(range(20), key=lambda x: x % 3)
sorted([[3, 1], [2], [3, 0]])
sorted([1, 2, 3], reverse=None)
sorted([1, 2, 3], reverse=1.5)
[1, [2]].copy()
[3, 1, 2].count(1)
(1, 2, 1).count(1)
(1, (2, 3)) + (4,)
(1, 2, 3)[::-1]
(1, 2, 3)[1:]
((1,), (), (1, 2))
[(), [[]], {}, set(), {1: {2: {3: ()}}}]
repr([1, 'a', 2.5, None, True, (1,), frozenset()])
"""


@pytest.mark.parametrize("expr", [e for e in EXPRESSIONS.strip().splitlines() if e])
def test_expression(expr):
    check("_t(lambda: %s)\n" % expr)


PROGRAMS = {
    "list_methods": """
l = [3, 1, 2]
l.append(5)
l.sort()
print(l, len(l), l[0], l[-1], l[1:3], l[::-1], l[::2])
l[1:2] = [7, 8, 9]
print(l)
del l[::2]
print(l)
l.insert(0, 'x')
print(l, l.pop(), l.pop(0), l)
l.extend(range(3))
l.extend((9, 9))
l.extend(l)
print(l)
l.reverse()
print(l, l.count(9))
l.clear()
print(l, len(l))
""",
    "list_slice_assign": """
x = [1, 2, 3, 4, 5, 6]
x[1:4] = 'ab'
print(x)
x[::2] = [0, 0, 0]
print(x)
_t(lambda: x.__setitem__(slice(None, None, 2), [1]))
x[:] = x
print(x)
x[len(x):] = [9]
print(x)
x[-2:] = []
print(x)
x[5:2] = [7]
print(x)
x[::-1] = range(len(x))
print(x)
del x[::-2]
print(x)
del x[:]
print(x)
x *= 2
x += (7,)
x *= 3
print(x)
x *= 0
print(x)
l = [1, 2, 3]
l[1:1] = l
print(l)
""",
    "recursive_reprs": """
a = [1]
a.append(a)
print(a)
d = {}
d['self'] = d
d['l'] = [d]
print(d)
t = ([],)
t[0].append(t)
print(t)
print(d.keys(), d.items())
""",
    "dict_methods": """
d = {'a': 1, 'b': 2}
d['c'] = 3
print(d, d['a'], d.get('z'), d.get('z', 0), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop('a'), d, d.setdefault('q', 9), d, d.setdefault('b', 0))
print(d.keys(), d.values(), d.items())
for k, v in d.items():
    print(k, v)
print(d.popitem(), d)
del d['b']
print(d, d.copy(), d | {'z': 0})
d |= [('q', 1)]
d.update({'b': 20}, c=30)
d.update([('d', 4)])
d.update(e=5)
print(d, len(d), list(d))
e = dict.fromkeys(d)
print(e)
d.clear()
print(d, 'a' in d)
""",
    "dict_iteration_errors": """
d = {1: 1, 2: 2}
try:
    for k in d:
        d[k + 10] = 0
except RuntimeError as e:
    print(e)
d = {1: 1, 2: 2}
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print(e)
d = {1: 1, 2: 2}
for k in d:
    d[k] = k * 10
print(d)
s = {1, 2}
try:
    for k in s:
        s.add(k + 10)
except RuntimeError as e:
    print(e)
d = {i: i for i in range(5)}
it = iter(d)
next(it)
d.pop(3)
d[3] = 3
try:
    print(list(it))
except RuntimeError as e:
    print(e)
""",
    "sets": """
s = {1, 2, 3}
s.add(4)
print(s, s | {9}, s & {1, 2, 77}, s - {1}, s ^ {1, 100}, 3 in s, len(s))
print(frozenset([1, 2]), set(), frozenset())
a = {1, 2, 3}
a &= {2, 3, 4}
print(a)
a |= {10}
a -= {2}
a ^= {3, 99}
print(a, a.pop(), a)
fs = frozenset([1, 2])
print(frozenset(fs) is fs, fs.copy() is fs, {fs: 1})
b = {1, 2, 3}
b.intersection_update([2, 3, 4], (3,))
print(b)
b.update([5, 6], {7}, {8: 0})
b.difference_update({5})
b.symmetric_difference_update([6, 8])
print(b, b.issubset(range(10)), b.issuperset([3]), b.isdisjoint([100]))
b.discard(100)
b.discard(3)
b.remove(7)
print(b)
b.clear()
print(b, len(b))
p = set(range(0, 100, 3))
out = []
while p:
    out.append(p.pop())
print(out)
print({x % 7 for x in range(100)}, {str(i) for i in range(12)})
""",
    "set_pop_order_after_deletes": """
s = set(range(50))
for i in range(0, 50, 2):
    s.discard(i)
s.update(range(100, 140))
print(list(s))
print([s.pop() for _ in range(10)])
t = set(['apple', 'pear', 'fig', 'kiwi', 'plum', 'lime'])
t.discard('fig')
t |= {'date', 'melon'}
print(t, sorted(t))
""",
    "subclasses": """
class Stack(list):
    def push(self, x):
        self.append(x)
    def peek(self):
        return self[-1]
s = Stack([1, 2])
s.push(3)
print(s, s.peek(), len(s), type(s).__name__, isinstance(s, list), s + [4], type(s + [4]).__name__)
s.x = 5
print(s.x, s == [1, 2, 3], sorted(s, reverse=True))
class Counter(dict):
    def __missing__(self, key):
        return 0
c = Counter()
c['a'] += 1
c['a'] += 1
print(c, c['zz'], 'zz' in c, type(c.copy()).__name__)
class MySet(set):
    pass
ms = MySet([1, 2])
print(ms, type(ms | {3}).__name__, MySet(), repr(ms), type(ms.copy()).__name__)
class MyFrozen(frozenset):
    pass
mf = MyFrozen([3])
print(mf, type(mf | {1}).__name__, mf == {3})
class P(tuple):
    def first(self):
        return self[0]
p = P((1, 2))
print(p, p.first(), type(p).__name__, p == (1, 2), hash(p) == hash(P([1, 2])), type(p[:]).__name__)
class Init(list):
    def __init__(self, n):
        list.__init__(self, range(n))
print(Init(3))
class Dd(dict):
    def __init__(self, **kw):
        dict.__init__(self, **kw)
        self.extra = len(kw)
dd = Dd(a=1, b=2)
print(dd, dd.extra)
print(Counter.fromkeys('ab', 5), type(Counter.fromkeys('a')).__name__)
""",
    "user_keys": """
class K:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return isinstance(o, K) and self.v == o.v
    def __hash__(self): return self.v % 3
    def __repr__(self): return 'K(%r)' % self.v
    def __lt__(self, o): return self.v < o.v
ks = [K(3), K(1), K(2), K(1)]
print(sorted(ks), K(1) in ks, ks.index(K(2)), ks.count(K(1)), max(ks), min(ks))
st = set(ks)
print(len(st), K(3) in st, {K(1): 'one'}[K(1)])
ks.sort(key=lambda k: -k.v)
print(ks)
ks.remove(K(1))
print(ks)
d = {K(i): i for i in range(10)}
print(d[K(4)], K(11) in d, len(d))
del d[K(4)]
print(sorted(d.values()))
""",
    "sort_comparison_counts": """
count = 0
class C:
    def __init__(self, v): self.v = v
    def __lt__(self, o):
        global count
        count += 1
        return self.v < o.v
vals = [(i * 7919) % 1009 for i in range(500)]
cs = [C(v) for v in vals]
cs.sort()
print(count, [c.v for c in cs][:10])
count = 0
cs2 = sorted([C(v) for v in vals[:300]] + [C(v) for v in range(300)], reverse=True)
print(count, [c.v for c in cs2][:5])
count = 0
print(max(cs, key=lambda c: c.v).v, min(cs).v, count)
""",
    "sort_failure_state": """
class Bad:
    def __init__(self, v): self.v = v
    def __lt__(self, o):
        if self.v == 2 or o.v == 2:
            raise ValueError('bad compare')
        return self.v < o.v
    def __repr__(self): return 'B%d' % self.v
bl = [Bad(i) for i in [5, 3, 9, 7, 2, 8, 1, 6]]
try:
    bl.sort()
except ValueError as e:
    print('caught', e)
print(bl)
l = [3, 2, 1]
def keyf(x):
    l.append(x)
    return x
try:
    l.sort(key=keyf)
except ValueError as e:
    print(e)
print(l)
l = [5, 'a', 3, 1]
try:
    l.sort()
except TypeError as e:
    print(e)
print(l)
l = [3, 1, 2]
def boom(x):
    if x == 2:
        raise KeyError(x)
    return x
try:
    l.sort(key=boom)
except KeyError as e:
    print('key', e)
print(l)
""",
    "iterators": """
e = enumerate('xy')
print(next(e), next(e))
try:
    next(e)
except StopIteration:
    print('stop')
it = iter([1, 2, 3])
print(next(it), list(it), list(it))
z = zip([1, 2], [3, 4])
print(iter(z) is z, list(z))
m = map(lambda a, b: a * b, [1, 2, 3], [4, 5])
print(list(m))
print(list(filter(lambda x: x % 2, range(10))))
r = reversed([1, 2, 3])
print(next(r), list(r))
class Seq:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return i * 10
print(list(reversed(Seq())))
l = [1, 2, 3]
it = iter(l)
next(it)
l.append(4)
print(list(it))
li = iter(l)
l.clear()
print(list(li))
d = {'a': 1}
print(list(d.items()), [k for k in d.keys()], list(map(str, d.values())))
""",
    "nested_comprehensions_and_unpacking": """
grid = [[r * 3 + c for c in range(3)] for r in range(3)]
print(grid, [row[::-1] for row in grid], list(zip(*grid)))
flat = [x for row in grid for x in row if x % 2]
print(flat, sum(flat), max(flat), sorted(flat, reverse=True))
a, *b, c = range(6)
print(a, b, c)
(x, y), z = [1, 2], (3,)
print(x, y, z)
print({k: v for k, v in zip('abc', range(3))}, {v for v in 'abca'})
print(dict(enumerate('abc')), list(enumerate(range(3), 10)))
""",
    "builtins_on_containers": """
print(len([1, 2]), len((1,)), len({1: 2}), len({1, 2, 3}), len(range(10)), len('abc'))
print(bool([]), bool([0]), bool({}), bool(set()), bool(range(0)), bool(range(1)), bool(()))
print(list(map(len, ['a', 'bb', ''])), sorted({3: 'c', 1: 'a'}.items()))
words = 'the quick brown fox jumps over the lazy dog the end'.split()
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print(freq)
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
print(max(freq, key=freq.get), min(freq.values()), sum(freq.values()))
inv = {}
for k, v in freq.items():
    inv.setdefault(v, []).append(k)
print(inv)
print(any(v > 2 for v in freq.values()), all(isinstance(k, str) for k in freq))
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(name):
    check(PROGRAMS[name])


def test_tuple_hash_value_through_hash_builtin():
    check("print(hash((1, 2)), hash(()), hash(('a', (1, 2.5))) == hash(('a', (1, 2.5))))\n")


def test_dict_subclass_super_init_with_kwargs():
    check("class D(dict):\n    def __init__(self, *a, **k):\n        super().__init__(*a, **k)\n"
          "print(D(x=1, y=2))\n")


def test_set_display_order():
    check("print(list({10, 20, 30, 1000, 7}), {'apple', 'pear', 'fig', 'kiwi', 'plum', 'lime'})\n")


def test_sequence_protocol_iteration():
    check("class Seq:\n    def __getitem__(self, i):\n        if i >= 3: raise IndexError(i)\n"
          "        return i * 10\nprint(list(Seq()), 10 in Seq())\n")
