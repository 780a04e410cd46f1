"""Differential tests: minipy's AST against the host's ``ast`` module.

For every snippet, ``nodes.dump(parse(src)) == ast.dump(ast.parse(src))``
and every node with a position has the same lineno/col_offset/end_lineno/
end_col_offset (UTF-8 byte columns) as the host's.
"""

import ast
import glob
import os

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")

from minipy.syntax import nodes, parse

POS = ('lineno', 'col_offset', 'end_lineno', 'end_col_offset')


def compare(src, mode='exec'):
    host = ast.parse(src, mode=mode)
    mine = parse(src, '<test>', mode)
    assert nodes.dump(mine) == ast.dump(host)
    diff = first_position_difference(host, mine)
    assert diff is None, diff


def first_position_difference(h, m, path='tree'):
    if isinstance(h, ast.AST):
        assert type(h).__name__ == type(m).__name__, path
        if 'lineno' in h._attributes:
            hp = tuple(getattr(h, a, None) for a in POS)
            mp = tuple(getattr(m, a, None) for a in POS)
            if hp != mp:
                return '%s (%s): host %s, minipy %s' % (path, type(h).__name__, hp, mp)
        for f in h._fields:
            r = first_position_difference(getattr(h, f), getattr(m, f), path + '.' + f)
            if r:
                return r
    elif isinstance(h, list):
        assert len(h) == len(m), path
        for i, (a, b) in enumerate(zip(h, m)):
            r = first_position_difference(a, b, '%s[%d]' % (path, i))
            if r:
                return r
    return None


LITERALS = ['1',
    '0',
    '00',
    '0_0',
    '1_000_000',
    '0x1F',
    '0XdeadBEEF',
    '0x_1f',
    '0o17',
    '0O7_7',
    '0b1010',
    '0B_1',
    '1.5',
    '1.',
    '.5',
    '1_000.5',
    '1e10',
    '1E-3',
    '1.5e+3_0',
    '1j',
    '2.5J',
    '1e3j',
    '0j',
    '000.5',
    '07j',
    'True, False, None, ...', "'single'", '"double"', "'''triple'''", '"""triple\ndouble"""', "r'\\n\\d'", 'R"\\x"', "u'unicode'", 'U"x"', "b'bytes\\x00\\xff'", 'B"x"', "rb'\\d'", 'bR"\\d"', "Rb'x'", '\'a\' "b" \'\'\'c\'\'\'',
    'u"a" "b"',
    '"a" u"b"',
    'b"a" b\'b\'',
    '\'\\n\\t\\\\\\\'\\"\\a\\b\\f\\v\\r\\0\'', "'\\x41\\u0041\\U00000041\\N{EM DASH}\\101\\7\\777'", "'\\d\\q\\ '", "'line \\\ncontinued'", '"""a\\\nb"""',
    '\'é\' "日本語"', "'\\é'", "''", '""""""', "''''''", '"\'" \'"\' """\'""" """ " """',
    '\'\'\'a\'b"c\'\'\'', "'''\nx\n'''"]

FSTRINGS = r'''
f"plain"
f""
f"{x}"
f"{x!r}"
f"{x!s}"
f"{x!a}"
f"{x:>10}"
f"{x!r:>{w}}"
f"{x:{w}.{p}}"
f"{x:{{}}>10}"
f"{{}}"
f"{{{x}}}"
f"a{{b}}c{x}{{"
f"{x=}"
f"{x = }"
f"{x=!s}"
f"{x=:>5}"
f"{x=!r:^20}"
f"{ x }"
f"{x}{y}"
f"a{b}c{d}e"
f"{a['b']}"
f'{a["b"]}'
f"{f'{x}'}"
f"{a, b}"
f"{*a, b}"
f"{yield}"
f"{(yield x)}"
f"{x if y else z}"
f"{(lambda: 1)()}"
f"{a:=1}"
f"{(a:=1)}"
f"{x!r}" f"{y}"
"a" f"b{c}" "d"
u"a" f"{b}"
f"a" "b"
"" f""
f"{x:}"
f"{x:{y}}" "a"
f"{x:a{y}b}"
rf"\d{x}"
fr'\n{x}\n'
F"{x}"
f"\n{x}\t"
f"\N{EM DASH}{x}"
f"é{x}"
"é" f"{x}"
f"{'é'}{x}"
f"{x!r:{'é'}}"
f"{3.14:.2f}"
f"{x:=^10}"
f"{x<y}"
f"{x>=y}"
f"{x!=y}"
f"{x==y}"
f"{x:{y}{z}}"
f"{a}{b:{c}}{d!r:>{e}}"
'''.split('\n')

EXPRESSIONS = r'''
x
a.b.c
a[1]
a[1:2]
a[1:2:3]
a[::]
a[:]
a[::2]
a[1:]
a[:2]
a[::-1]
a[1:2, 3]
a[:, 1]
a[1,]
a[(1, 2)]
a[*b]
a[b, *c]
a[x:=1]
f()
f(a)
f(a, b)
f(a=1)
f(*a)
f(**k)
f(a, *b, c=1, **d)
f(*a, *b, **c, **d)
f(a=1, *b)
f(x for x in y)
f((x for x in y), z)
f(a)(b)(c)
f(a,)
f(x := 1)
a.b(c)[d].e
(a)
((a))
(a).b
(a)(b)
(a, b)
((a, b))
(a,)
()
[]
[1]
[1, 2,]
[*a, *b]
{}
{1: 2}
{1: 2, **a, 3: 4,}
{**a}
{1}
{1, 2,}
{*a, b}
[x for x in y]
[x for x in y if x if y]
[x for x in y for z in x]
[(x, y) for x, y in z]
[x for x, in y]
[x for (a, b) in c]
[x for a.b in c]
[x for a[0] in c]
{x for x in y}
{k: v for k, v in d.items()}
{k: v for k in a if k for v in b}
(x for x in y)
((x for x in y))
(x for x in (yield))
[x for x in lambda_ if x]
-x
+x
~x
not x
not not x
- - x
-x ** 2
(-x) ** 2
x ** -y
x ** y ** z
a + b - c
a * b / c // d % e @ f
a + b * c
(a + b) * c
a << b >> c
a & b | c ^ d
a | b & c
a or b and c
a and b or c and d
a or b or c
a and b and c
not a and b
a < b
a < b <= c > d >= e == f != g
a is b
a is not b
a in b
a not in b
a if b else c
a if b else c if d else e
(a if b else c) if d else e
lambda: 0
lambda x: x
lambda x, y=1, *a, z, w=2, **k: x
lambda *, a: a
lambda *a, **k: 0
lambda a, /, b: 0
lambda x=lambda: 1: x
lambda: (yield)
lambda: lambda: 1
await x
(yield)
(yield x)
(yield x, y)
(yield from x)
(x := 1)
(x := (y := 2)) if 0 else 0
[x := 1, y]
{(a := 1): 2}
a if (b := 1) else c
x.y if z else [1, 2][0]
f(a)[b].c(d)
"abc".upper()
1 .real
1.0.real
[1, 2][0]
{'a': 1}['a']
(1, 2)[0]
a @ b
a // b
-1
--1
1 - -1
1+2*3-4/5%6**7//8
'''.split('\n')

STATEMENTS = [
    'x = 1', 'a = b = c = 1', 'a, b = b, a', 'a, = b', '(a, b) = c', '[a, b] = c',
    'a, *b = c', '*a, b = c', '[a, *b] = c', 'a.b = 1', 'a[0] = 1', 'a[1:2] = b',
    'a.b.c[d][e] = f', '(a) = 1', '((a)) = 1', 'x = yield', 'x = yield a', 'x = yield a, b',
    'x = yield from a', 'x = *a, b', 'x = a, *b', 'x = a,', 'x = (yield)',
    'x += 1', 'x -= 1', 'x *= 1', 'x /= 1', 'x //= 1', 'x %= 1', 'x **= 1', 'x @= 1',
    'x <<= 1', 'x >>= 1', 'x &= 1', 'x |= 1', 'x ^= 1', 'a.b += 1', 'a[0] += 1',
    'x += yield', 'x: int', 'x: int = 1', 'x: list[int] = []', '(x): int', '(x): int = 1',
    'a.b: int', 'a[0]: int = 1', 'x: int = yield', 'x: "str" = *a, b',
    'del x', 'del x, y', 'del x,', 'del (x, y)', 'del [x, y]', 'del a.b, a[0], (c)',
    'del (a)', 'del a[1:2]', 'pass', 'break', 'continue', 'return', 'return x',
    'return x, y', 'return *a, b', 'raise', 'raise E', 'raise E from F', 'raise E()',
    'global x', 'global x, y', 'nonlocal x', 'nonlocal x, y', 'assert x', 'assert x, "m"',
    'assert (x, y)', 'import a', 'import a.b.c', 'import a as b', 'import a.b as c, d',
    'from a import b', 'from a import b as c', 'from a import b, c as d', 'from a import (b)',
    'from a import (b, c,)', 'from a.b import c', 'from . import x', 'from .. import x',
    'from ... import x', 'from .... import x', 'from .a import b', 'from ...a.b import c',
    'from a import *', 'from . import *', 'yield', 'yield x', 'yield x, y', 'yield from x',
    'await x', 'x; y', 'x; y;', 'x = 1; y = 2', 'print(*a, sep="")', 'f(a)(b)',
    '1', '"docstring"', 'x.y', '...', '*a', '*a, b',
    'if x: pass', 'if x:\n    a\nelif y:\n    b\nelif z:\n    c\nelse:\n    d',
    'if x:\n    pass\nelse:\n    if y:\n        pass',
    'if (n := len(a)) > 10: pass',
    'while x: pass', 'while x:\n    break\nelse:\n    pass',
    'for x in y: pass', 'for x, y in z: pass', 'for x, in y: pass', 'for (x, y) in z: pass',
    'for [x, y] in z: pass', 'for x.a in y: pass', 'for x[0] in y: pass',
    'for *a, b in c: pass', 'for x in *a, b: pass', 'for x in y:\n    pass\nelse:\n    pass',
    'for x in range(10):\n    if x: continue\n    break',
    'try:\n    pass\nexcept:\n    pass',
    'try:\n    pass\nexcept E:\n    pass',
    'try:\n    pass\nexcept E as e:\n    pass',
    'try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\nelse:\n    pass\n'
    'finally:\n    pass',
    'try:\n    pass\nfinally:\n    pass',
    'try:\n    pass\nexcept* E:\n    pass\nexcept* (A, B) as e:\n    pass',
    'with a: pass', 'with a as b: pass', 'with a as b, c as d: pass', 'with a, b: pass',
    'with a as (b, c): pass', 'with a as [b, c]: pass', 'with a as b.c: pass',
    'with (a): pass', 'with (a, b): pass', 'with (a,): pass', 'with (a, b) as c: pass',
    'with (a as b): pass', 'with (a as b, c as d): pass', 'with (a as b, c as d,): pass',
    'with (a, b as c): pass', 'with (): pass', 'with (*a, b): pass',
    'with (yield): pass', 'with (a := b): pass', 'with ((a, b)): pass',
    'with a() as b, c(): pass', 'with (a) as b: pass',
    'def f(): pass', 'def f(a): pass', 'def f(a, b=1): pass', 'def f(a, /): pass',
    'def f(a, /, b): pass', 'def f(a=1, /, b=2): pass', 'def f(a, /, *, b): pass',
    'def f(*a): pass', 'def f(*a, b): pass', 'def f(*a, b=1, c): pass', 'def f(*, a): pass',
    'def f(**k): pass', 'def f(a, *b, c=1, **d): pass', 'def f(a,): pass',
    'def f(a, *, b,): pass', 'def f(**k,): pass', 'def f(a: int, b: str = "") -> bool: pass',
    'def f(*a: int, **k: str): pass', 'def f(a, b, /, c, d, *e, f, g, **h): pass',
    'def f():\n    """doc"""\n    return 1',
    'def f():\n    yield\n    yield x\n    x = yield\n    yield from y',
    'def f():\n    global x\n    nonlocal y',
    '@dec\ndef f(): pass', '@dec\n@dec2(1)\n@a.b[c]\ndef f(): pass',
    '@(lambda f: f)\ndef f(): pass', '@x := y\ndef f(): pass', '@dec\nclass A: pass',
    'class A: pass', 'class A(): pass', 'class A(B): pass', 'class A(B, C): pass',
    'class A(metaclass=M): pass', 'class A(B, *c, d=1, **e): pass',
    'class A:\n    x = 1\n    def f(self):\n        return self.x',
    'async def f():\n    await x\n    async for a in b: pass\n    async with a as b: pass',
    '@dec\nasync def f(): pass',
    'if x:\n    # comment\n    pass\n    # trailing comment\n# dedented comment\ny = 1',
    'x = (1 +\n     2)', 'x = [\n    1,\n    2,\n]', 'x = {\n    "a": 1,\n}',
    'x = 1 + \\\n    2', 'if x and \\\n        y:\n    pass',
    'x = f(a,\n      b)', 'x = """a\nb""" + y', 'x = (\n    "a"\n    "b"\n)',
    'x = ("a"\n     f"{b}"\n     "c")',
    'if x:\n\tpass', 'if x:\n\tif y:\n\t\tpass', 'if x:\n        pass\n\t# mixed\n',
    'x = 1  # comment', '# only a comment', '\n\n\nx = 1\n\n\n', '', '   \n', '#!shebang\nx',
    'x = 1\n', 'x = 1\n\n', 'if x:\n    pass\n\n\n\n', 'if x:\n  pass\n  \n  pass',
    'def f(\n    a,\n    b,\n):\n    pass',
    'é = 1', 'x = é + ñ', 'µ = 1', 'ﬁ = 1', 'x = "é" + y', 'x = f"é{é}é"',
    'x = "日本" + y  # コメント', 'def f(é="é"): return é',
    'x = [é for é in "éé"]', 'class É(Ñ): pass',
    'x = (\n  "é"\n  "ü")',
    'x = "é"; y = 2',
    "x = f'''\n{a}\n  {b +\n c}'''",
    "x = f'''abc\n  {a+b} {c}'''",
    "x = f'''{\na}'''",
    "x = f'''{a\n+b}'''",
    'x = ("abc"\n  f"{a}")',
    'x = f"{a}" f"{b}"',
    "x = f'{f\"{y}\"}'",
    'x = f"{ a }"',
    'x = f"é{a}"',
    'x = "é" f"{a}"',
    'match = 1', 'case = 2', '_ = 3', 'type = 4', 'print(match, case, _)',
    'def foo():\n    x = 1; pass; del x;\n', 'if a:\n    b = 1;\nelse:\n    c;',
    'f(*[] if p else [1], *a or b, *lambda: 1)', 'x = 1;', 'if a: b;',
    'x = 1if y else 2', 'x = 0x1for y', 'x = [0x1for x in y]', 'x = 1or 2', 'x = 1in y',
    'x = 1is y', 'x = 1and 2', 'x = 1not in y', 'x = 1.0if y else 2',
]


def _ok_for_host(src, mode='exec'):
    try:
        ast.parse(src, mode=mode)
        return True
    except SyntaxError:
        return False


EXPR_CASES = [s for s in LITERALS + FSTRINGS + EXPRESSIONS if s.strip()]


@pytest.mark.parametrize('src', EXPR_CASES)
def test_expression_statement(src):
    assert _ok_for_host(src), src
    compare(src)


@pytest.mark.parametrize('src', EXPR_CASES)
def test_expression_in_context(src):
    """The same expressions inside other constructs (positions shift)."""
    if not _ok_for_host('(' + src + ')'):
        pytest.skip('not an expression')
    compare('if  True :\n    foo = [\n      ' + src + ' ,\n  ]\n')
    compare('def g():\n\treturn (' + src + ')\n')


@pytest.mark.parametrize('src', [s for s in EXPR_CASES if _ok_for_host(s, 'eval')])
def test_eval_mode(src):
    compare(src, 'eval')


@pytest.mark.parametrize('src', STATEMENTS)
def test_statement(src):
    assert _ok_for_host(src), src
    compare(src)


def test_all_statements_as_one_module():
    src = '\n'.join(s for s in STATEMENTS if s.strip())
    compare(src)


def test_statements_nested_in_blocks():
    for src in STATEMENTS:
        if not src.strip():
            continue
        body = '\n'.join('        ' + line if line else line for line in src.split('\n'))
        wrapped = 'class C:\n    def m(self):\n' + body + '\n        pass\n'
        if _ok_for_host(wrapped):
            compare(wrapped)


def test_deeply_nested_parentheses():
    src = 'x = ' + '(' * 100 + '1' + ')' * 100
    compare(src)
    src = 'x = ' + '[' * 60 + ']' * 60 + ' + ' + '{' * 60 + '}' * 60
    compare(src)


def test_long_chains():
    compare('x = ' + ' + '.join('a%d' % i for i in range(500)))
    compare('x = ' + '-' * 300 + '1')
    compare('x = a' + '.b' * 300)
    compare('x = [' + ', '.join(str(i) for i in range(2000)) + ']')


def test_constant_values_and_types():
    m = parse('x = (1, 1.5, 2j, "s", b"b", True, None, ..., 10**3)')
    vals = [e.value for e in m.body[0].value.elts[:8]]
    assert vals == [1, 1.5, 2j, 's', b'b', True, None, Ellipsis]
    assert [type(v) for v in vals] == [int, float, complex, str, bytes, bool, type(None),
                                       type(Ellipsis)]
    assert parse('x = 10000000000000000000000000000').body[0].value.value == 10 ** 28


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROGRAMS = sorted(glob.glob(os.path.join(REPO, 'programs', '*.mpy')) +
                  glob.glob(os.path.join(REPO, 'tests', 'conformance', '**', '*.mpy'),
                            recursive=True))


@pytest.mark.parametrize('path', PROGRAMS, ids=[os.path.basename(p) for p in PROGRAMS])
def test_repository_programs(path):
    with open(path, encoding='utf-8') as f:
        src = f.read()
    if not _ok_for_host(src):
        pytest.skip('not valid Python')
    compare(src)


def test_stdlib_module_sample():
    """A few real modules of the host's standard library (in the subset)."""
    import textwrap as tw_mod
    import shlex as shlex_mod
    import heapq as heapq_mod
    for mod in (tw_mod, shlex_mod, heapq_mod):
        with open(mod.__file__, encoding='utf-8') as f:
            compare(f.read())
