"""Property: mutated programs are rejected exactly when CPython rejects them,
on the same line and with the same kind of error.

Valid programs are mutated (tokens deleted, duplicated, replaced or inserted,
indentation broken, strings unterminated, odd characters injected, lines
dropped or duplicated, the text truncated).  Then, with the host's ast
parser as the oracle (errors of CPython's compiler proper, such as 'return'
outside a function, belong to minipy's compiler):

* host raises SyntaxError -> parse raises MiniSyntaxError with the same
  lineno and kind (SyntaxError / IndentationError / TabError);
* host accepts -> minipy accepts with an identical ast.dump, or (only for
  constructs outside the subset, e.g. match statements) MiniSyntaxError;
* never any other exception.
"""

import ast
import io
import tokenize
import warnings

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from minipy.errors import MiniSyntaxError
from minipy.syntax import nodes, parse

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::SyntaxWarning")

SEEDS = [
    '''\
import sys
from collections import (deque,
                         OrderedDict as OD)


class Account(object):
    """A bank account."""
    rate: float = 0.05

    def __init__(self, owner, balance=0, *, currency="EUR", **extra):
        self.owner = owner
        self.balance = balance
        self.history = []

    @property
    def total(self):
        return sum(amount for kind, amount in self.history if kind != 'fee')

    def deposit(self, amount, /):
        if amount <= 0:
            raise ValueError(f"bad amount {amount!r:>10}")
        elif amount > 10_000:
            print("large", amount, sep=": ", end="\\n")
        else:
            pass
        self.balance += amount
        self.history.append(('deposit', amount))
        return self.balance
''',
    '''\
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    else:
        return a


def gen(items):
    total = 0
    while True:
        item = yield total
        if item is None:
            break
        total += item
    yield from range(3)


data = {"x": [1, 2, 3], "y": (4, 5), 'z': {6, 7}, **{"w": None}}
squares = [i * i for i in range(10) if i % 2 == 0]
pairs = {k: v for k, v in data.items() if k not in ("w",)}
matrix = [[r * c for c in range(3)] for r in range(3)]
print(squares[1:3], squares[::2], matrix[1][2], pairs)
''',
    '''\
try:
    value = int("12")
    result = 100 / value
except (ValueError, ZeroDivisionError) as exc:
    print("error:", type(exc).__name__, exc)
    raise RuntimeError("failed") from exc
else:
    print("ok", result)
finally:
    del value


with open("f") as f, open("g") as g:
    lines = [line.rstrip() for line in f]

if (n := len(lines)) > 10:
    print(f"{n=} lines, first={lines[0]!s}")

total = 0
for i, line in enumerate(lines, start=1):
    if not line or line.startswith('#'):
        continue
    total += len(line)
assert total >= 0, "negative"
lam = lambda x, y=2, *a, k=3, **kw: (x + y) * k if x else -y
s = 'single' "double" """triple""" r'raw\\d'
b = b'bytes' rb"\\x00"
x = 0x1F + 0o17 + 0b101 + 1_000 + 1.5e3 + 2j
''',
    '''\
def outer():
    count = 0

    def inner(step=1):
        nonlocal count
        count += step
        return count
    return inner


global_name = 1


def uses_global():
    global global_name
    global_name = global_name << 2 | 1 & 3 ^ 4 >> 1
    return not global_name or -global_name ** 2 // 3 % 5 @ 1


class Meta(type):
    pass


class Shape(metaclass=Meta):
    sides = 0

    def area(self) -> float:
        raise NotImplementedError


class Square(Shape):
    sides = 4

    def __init__(self, side):
        super().__init__()
        self.side = side

    def area(self):
        return self.side ** 2

    def __repr__(self):
        return f"Square({self.side})"
''',
]

VOCAB = ['(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '==', '+', '-', '*', '**', '/',
         'if', 'else', 'elif', 'for', 'in', 'while', 'def', 'class', 'return', 'lambda', 'not',
         'and', 'or', 'is', 'x', 'y', '1', '0', '1.5', '"s"', "'t'", 'f"{x}"', '\n', '    ',
         '\t', 'yield', 'import', 'from', 'as', 'with', 'try', 'except', 'finally', 'pass',
         'del', '@', '->', ':=', '...', ';', '\\\n', '#', '"""', "'", '"', 'global', 'raise',
         'assert', '0x', '1e', '1_', '$', '?', '!', '\u20ac', '\x0c', '\u00e9', '\u00a0', '\\',
         'print', '*a', '**k', 'f(', 'a[', '0777', '1__0']

ODD_CHARS = ['\x01', '\x7f', '\u20ac', '\u00e9', '\u2013', '\\', '$', '`', '\t', '\x0c', '#',
             '\n', ' ', '0', 'a', '(', ')', '[', '}', '"', "'", '\u00a0', '\ufeff', ':', '=']

KNOWN = {name for name in dir(nodes) if isinstance(getattr(nodes, name), type)}


def tokens_of(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            return [t for t in tokenize.generate_tokens(io.StringIO(src).readline)
                    if t.type not in (tokenize.ENDMARKER, tokenize.DEDENT, tokenize.INDENT)
                    and t.string]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []


@st.composite
def mutation(draw, src):
    kind = draw(st.integers(0, 9))
    lines = src.split('\n')
    if kind <= 3:
        toks = tokens_of(src)
        if not toks:
            return src
        t = draw(st.sampled_from(toks))
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        a = starts[t.start[0] - 1] + t.start[1]
        b = starts[t.end[0] - 1] + t.end[1]
        op = draw(st.integers(0, 3))
        if op == 0:
            return src[:a] + src[b:]
        if op == 1:
            return src[:a] + t.string + ' ' + src[a:]
        if op == 2:
            return src[:a] + draw(st.sampled_from(VOCAB)) + ' ' + src[a:]
        return src[:a] + draw(st.sampled_from(VOCAB)) + src[b:]
    if kind == 4:
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        op = draw(st.integers(0, 4))
        if op == 0:
            lines[i] = ' ' + line
        elif op == 1:
            lines[i] = line[1:] if line.startswith(' ') else line
        elif op == 2:
            lines[i] = line.replace('    ', '\t', 1)
        elif op == 3:
            lines[i] = '    ' + line
        else:
            lines[i] = line.lstrip()
        return '\n'.join(lines)
    if kind == 5:
        quotes = [i for i, c in enumerate(src) if c in '"\'']
        if not quotes:
            return src
        i = draw(st.sampled_from(quotes))
        return src[:i] + src[i + 1:]
    if kind == 6:
        i = draw(st.integers(0, len(src)))
        return src[:i] + draw(st.sampled_from(ODD_CHARS)) + src[i:]
    if kind == 7:
        if not src:
            return src
        i = draw(st.integers(0, len(src) - 1))
        return src[:i] + src[i + 1:]
    if kind == 8:
        i = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            del lines[i]
        else:
            lines.insert(i, lines[i])
        return '\n'.join(lines)
    return src[:draw(st.integers(0, len(src)))]


@st.composite
def mutated_programs(draw):
    seed = draw(st.sampled_from(SEEDS))
    lines = seed.split('\n')
    # a window of the program keeps examples small
    a = draw(st.integers(0, len(lines) - 1))
    b = draw(st.integers(a + 1, min(len(lines), a + 30)))
    src = '\n'.join(lines[a:b])
    if draw(st.booleans()):
        src += '\n'
    for _ in range(draw(st.integers(1, 3))):
        src = draw(mutation(src))
    return src


def out_of_subset(tree):
    for node in ast.walk(tree):
        if type(node).__name__ not in KNOWN:
            return True
        if isinstance(node, ast.comprehension) and node.is_async:
            return True
    return False


def check(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            host = compile(src, 'f', 'exec', ast.PyCF_ONLY_AST)
        host_error = None
    except SyntaxError as e:
        host, host_error = None, e
    try:
        mine = parse(src, 'f')
        mine_error = None
    except MiniSyntaxError as e:
        mine, mine_error = None, e
    if host_error is not None:
        assert mine_error is not None, 'accepted; CPython: %s (line %s)' % (
            host_error.msg, host_error.lineno)
        if '\0' in src:
            assert 'null bytes' in mine_error.msg
            return
        assert (mine_error.kind, mine_error.lineno) == \
            (type(host_error).__name__, host_error.lineno), (
            'CPython: %s %r line %s; minipy: %s %r line %s' % (
                type(host_error).__name__, host_error.msg, host_error.lineno,
                mine_error.kind, mine_error.msg, mine_error.lineno))
    elif mine_error is not None:
        assert out_of_subset(host), 'rejected valid source: %s (line %s)' % (
            mine_error.msg, mine_error.lineno)
    else:
        assert nodes.dump(mine) == ast.dump(host)


# (derandomize: a CI run must not pass or fail by chance)
@settings(max_examples=1000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(mutated_programs())
def test_mutated_programs(src):
    check(src)


@pytest.mark.parametrize('seed', SEEDS)
def test_seeds_are_valid(seed):
    check(seed)
    assert nodes.dump(parse(seed)) == ast.dump(ast.parse(seed))


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list('()[]{}:;,.=+-*/%<>!@$?`\\\'"#\n\t \x0c'
                                      'abcxyz019_') + ['if ', 'def ', ' in ', 'for ', '"""',
                                                       "f'", '\u00e9', '\u20ac', '    ']),
                max_size=30).map(''.join))
def test_random_text(src):
    """Arbitrary short texts: same verdict and line as CPython."""
    check(src)


@pytest.mark.xfail(strict=True, reason="found by test_random_text: CPython reports the missing "
                   "comma on line 1 ('invalid syntax. Perhaps you forgot a comma?'), minipy "
                   "the '(' never closed on line 2")
def test_known_divergence_missing_comma_before_unclosed_paren():
    check("a{'f'a\na(")
