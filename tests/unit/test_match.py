"""The match statement (PEP 634) against CPython 3.11: the AST (ast.dump and
every position), the soft keywords 'match' and 'case', syntax errors of the
parser and of the compiler (message and location), and the disassembly of
the pattern-matching instructions.  (Run-time behaviour is covered by the
conformance programs in tests/conformance/match/.)"""

import ast
import sys

import pytest

from minipy.bytecode.dis import dis_to_string
from minipy.compiler import compile_module
from minipy.errors import MiniSyntaxError
from minipy.syntax import nodes, parse

from test_syntax_ast import first_position_difference

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="compares with CPython 3.11")


def compare(src):
    host = ast.parse(src)
    mine = parse(src, '<test>')
    assert nodes.dump(mine) == ast.dump(host)
    diff = first_position_difference(host, mine)
    assert diff is None, diff


M = 'match x:\n    case %s:\n        pass\n'

PATTERNS = [
    '1', '-1', '1.5', '-2.5e3', '1j', '-1j', '1 + 2j', '-1 - 2j', '0x10', '"s"', '"a" "b"',
    "'''t'''", 'None', 'True', 'False', 'a.b', 'a.b.c', 'x', '_', '(x)', '((x))',
    '[]', '()', '[x]', '(x,)', '[x,]', '[x, y]', '(x, y)', 'x, y', 'x, *y', '*y, x', '*_, x',
    '[x, *_, y]', '[*rest]', '(1, [2, *r])', '[a, (b, c)]',
    '{}', '{"k": v}', '{"k": v,}', '{1: a, -2: b, a.b: c}', '{**rest}', '{**rest,}',
    '{"a": 1, **rest}', '{"a": {"b": [c]}}', '{None: n, True: t}',
    'P()', 'P(x)', 'P(x,)', 'P(x, y)', 'P(a=1)', 'P(a=1,)', 'P(x, a=1, b=y)', 'a.b.P(c=d)',
    'P(Q(1), a=R(b=2))', 'int(n)', 'str() as s',
    '1 | 2', '1 | 2 | 3', '(1 | 2) | 3', 'P() | Q()', '[a] | (a,)', '1 as y', '(1 | 2) as y',
    '[x, y] as pair', '(x as y)', '((1 | 2) as a) as b', '[1 as one, *_]',
    '(\n        1\n        | 2\n    )', '[\n   x,\n   y,\n]',
]


@pytest.mark.parametrize('pattern', PATTERNS)
def test_pattern_ast(pattern):
    compare(M % pattern)


STATEMENTS = [
    'match x:\n    case 1:\n        pass\n    case _:\n        pass\n',
    'match x:\n    case 1 if y:\n        pass\n    case z if (w := z):\n        pass\n',
    'match x, y:\n    case 1, 2: pass\n',
    'match x,:\n    case 1, 2: pass\n',
    'match *x, y:\n    case 1, 2: pass\n',
    'match (x):\n    case 1: pass\n',
    'match(x):\n    case 1: pass\n',
    'match [x]:\n    case 1: pass\n',
    'match -x:\n    case 1: pass\n',
    'match x.y:\n    case 1: pass\n',
    'match f(x):  # comment\n    case 1: pass  # comment\n',
    'match x:\n    # comment\n    case 1:\n        pass\n\n    case 2:\n        pass\n',
    'match x:\n    case 1: pass\n    case 2: pass\n',
    'match x:\n    case {\n        "a": 1,\n    }:\n        pass\n',
    'match \\\n  x:\n    case 1: pass\n',
    'def f(x):\n    match x:\n        case [a]:\n            return a\n    return None\n',
    'match x:\n    case 1:\n        match y:\n            case 2:\n                pass\n'
    '        case = 3\n    case 4:\n        pass\ncase = 5\n',
    'if a:\n    match x:\n        case 1: pass\nelse:\n    match = 2\n',
    'match = 1\ncase = 2\nmatch.x = case.y\nprint(match, case)\n',
    'match(x)\ncase(y)\nmatch[x]\ncase[y] = 1\n',
    'match: int = 1\ncase: int\nmatch += 1\ncase, match = 1, 2\n',
    'match(x) if y else z\nmatch * x\nmatch - x\nmatch(\n    a,\n)\n',
    'for match in case: pass\nwith match as case: pass\n',
    'match = lambda: 1\ncase = {1: 2}\nmatch [1:2]\n',
    'class A:\n    match = 1\n    case = 2\n    def match(self): pass\n',
    'match x:\n    case case:\n        pass\n',
    'match x := 1:\n    case 1: pass\n',
    'match lambda: 1:\n    case 1: pass\n',
    'match x if y else z:\n    case 1: pass\n',
    'def f():\n    match (yield x):\n        case 1: pass\n',
    'match x:\n    case 1 if x := 1:\n        pass\n',
    'match x:\n    case -0 | -1-2j | 0x1F | 0o7 | 1_0 | None | True as t:\n        pass\n',
    'match match:\n    case match: pass\n',
    'match case:\n    case match if case: pass\n',
]


@pytest.mark.parametrize('src', STATEMENTS)
def test_statement_ast(src):
    compare(src)


def host_syntax_error(src):
    try:
        compile(src, '<bad>', 'exec')
    except SyntaxError as e:
        return (type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    return None


def minipy_syntax_error(src):
    try:
        compile_module(parse(src, '<bad>'), '<bad>', src)
    except MiniSyntaxError as e:
        return (e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    return None


ERRORS = [
    # the compiler's
    M % 'y' + '    case 1:\n        pass\n',
    M % '_' + '    case 1:\n        pass\n',
    M % 'a | b',
    M % '_ | 1',
    M % '(y as z) | 3',
    M % '[a, b] | [a, c]',
    M % '[a, b] | [a]',
    M % '[a] | [b]',
    M % '[a, a]',
    M % '{"k": a, **a}',
    M % 'P(a, b=a)',
    M % '[a] | [a] as a',
    M % '[*a, *b]',
    M % '[*_, *_]',
    M % "f'x'",
    M % '{1: a, 1: b}',
    M % '{True: a, 1: b}',
    M % "{'a': 1, 'a': 2}",
    M % '{-0.0: a, 0: b}',
    M % "{f'a': 1}",
    M % 'P(x=1, x=2)',
    M % 'P(x=1, y=2, x=3)',
    M % '__debug__',
    M % 'P(__debug__=1)',
    M % '[__debug__]',
    'match x:\n    case 1 if y:\n        pass\n    case z:\n        pass\n    case w:\n        pass\n',
    # the parser's
    M % '1 + 1',
    M % '1j + 2',
    M % 'P(x=1, 2)',
    M % '1 as _',
    M % '{**_}',
    M % '{**r, "a": 1}',
    M % '-x',
    M % '1 + x',
    M % '*a',
    M % '[1, 2] as y.z',
    'match x:\n    case 1:\n    pass\n',
    'match x:\n    pass\n',
    'match *x:\n    case 1: pass\n',
    'match yield x:\n    case 1: pass\n',
    'match x:\n    case:\n        pass\n',
    M % '{a: 1}',
    M % 'P(a=)',
    M % '1 | *a',
    M % '{**a, **b}',
    M % 'a.b as c.d',
    M % '"a" f"b"',
    M % '...',
    'match x:\n    case 1:\n        pass\n  case 2:\n        pass\n',
    'match x:\n    case 1\n        pass\n',
    'match x:\n    case 1 if:\n        pass\n',
    'match x:\n    case 1:\n        pass\n    case\n',
    'match x:\ncase 1: pass\n',
    'match x:\n    case 1:\n        pass\n    x = 1\n',
]


@pytest.mark.parametrize('src', ERRORS)
def test_error_matches_cpython(src):
    expected = host_syntax_error(src)
    assert expected is not None, 'CPython accepts this'
    assert minipy_syntax_error(src) == expected


def test_known_difference():
    # CPython's PEG parser tries a match statement and fails at 'case'; the
    # tokenizer here sees a line not ending with ':', so 'match' is a name
    src = 'match x: case 1: pass\n'
    assert host_syntax_error(src) == ('SyntaxError', 'invalid syntax', 1, 10, 1, 14)
    assert minipy_syntax_error(src) == ('SyntaxError', 'invalid syntax', 1, 7, 1, 8)


def test_compiler_accepts_host_ast():
    # the code generator reads node classes by name: host ast trees work too
    src = 'match x:\n    case [a, *b] | (a, b, *_) if a:\n        pass\n    case {1: c, **d}:\n' \
          '        pass\n    case P(e, f=g) | Q(e, f=g):\n        pass\n'
    mine = dis_to_string(compile_module(parse(src, '<t>'), '<t>', src))
    host = dis_to_string(compile_module(ast.parse(src), '<t>', src))
    assert mine == host


def test_dis_shows_the_pattern_instructions():
    src = 'match x:\n    case [a]:\n        pass\n    case {1: b}:\n        pass\n' \
          '    case P(c, d=e):\n        pass\n'
    text = dis_to_string(compile_module(parse(src, '<t>'), '<t>', src))
    for name in ('MATCH_SEQUENCE', 'GET_LEN', 'MATCH_MAPPING', 'MATCH_KEYS', 'MATCH_CLASS'):
        assert name in text
    assert "('d',)" in text
