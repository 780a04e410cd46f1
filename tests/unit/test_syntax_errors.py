"""Syntax errors: messages, locations and kinds as CPython 3.11 reports them.

Every snippet of ERROR_CASES is compiled by the host (ast only: errors found
by CPython's compiler/symtable, such as 'return' outside a function, are the
minipy compiler's business) and parsed by minipy; the kind, message,
lineno, offset, end_lineno and end_offset must all be equal.
"""

import ast
import codeop
import subprocess
import sys

import pytest

from minipy.errors import MiniSyntaxError
from minipy.syntax import is_incomplete, parse

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::SyntaxWarning")


def host_error(src, mode='exec'):
    try:
        compile(src, 'f', mode, ast.PyCF_ONLY_AST)
    except SyntaxError as e:
        return (type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    return None


def minipy_error(src, mode='exec'):
    try:
        parse(src, 'f', mode)
    except MiniSyntaxError as e:
        return (e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    return None


ERROR_CASES = [
    'f() = 1',
    'x = f() = 1',
    'f() += 1',
    'a + 1 = 2',
    '1 = x',
    '(a, f()) = 1',
    '[a, 1] = 2',
    'a, b += 1',
    'del f()',
    'del a + b',
    'del (a, 1)',
    'for f() in x: pass',
    'for a + b in c: pass',
    'for a < b in c: pass',
    '[x for f() in y]',
    'with a as f(): pass',
    'if x = 1: pass',
    'if f() = 1: pass',
    'while a.b = 1: pass',
    'f(a=1, b)',
    'f(**k, *a)',
    'f(**k, a)',
    'f(a.b=1)',
    'f(True=1)',
    'f(a for a in b, c)',
    'f(c, a for a in b)',
    'f(a for a in b,)',
    'def f(a=1, b): pass',
    'def f(*): pass',
    'def f(*, **k): pass',
    'def f(a, /, b, /): pass',
    'def f(/): pass',
    'def f(*a, /): pass',
    'def f(**k, a): pass',
    'def f(*a=1): pass',
    'lambda a=1, b: 0',
    'x = (*a)',
    'x = [*a for a in b]',
    'x: int, y: int = 1',
    'a, b: int',
    '(a, b): int',
    '[a]: int',
    'f(): int',
    'x = yield = 1',
    'yield = 1',
    '(a) := 1',
    'a.b := 1',
    'x = (a.b := 1)',
    'x = (a as b)',
    'with (a as b) as c: pass',
    'x = a if b',
    'print "hello"',
    'exec "x"',
    'f(a b)',
    '[a b c]',
    '{a b}',
    '(a b)',
    'a b',
    'f(a, b c)',
    'x = 1 +',
    'x = (1 + 2',
    'x = [1, 2\ny = 3',
    'foo(',
    'x = )',
    'x = (1, 2]',
    'x = (1,\n     2]',
    'x = "abc',
    'x = """abc',
    'x = """abc\ny = 1',
    "x = 'abc\\\ndef",
    'x = rb"abc',
    'x = 1 \\ 2',
    'x = 1 \\',
    'x = 0777',
    'x = 1abc',
    'x = 1_',
    'x = 0b12',
    'x = 0o8',
    'x = 0x',
    'x = 1e',
    'x = 1e+',
    'x = 1.2.3',
    'x = 1__0',
    'x = 5€',
    'x = €',
    'x = a€b',
    'x = a$b',
    'x = a?b',
    'x = a!b',
    'x = 1 x = 2\n',
    'a < b = 1',
    'not a = 1',
    'a and b = 1',
    'True = 1',
    'None = 1',
    '... = 1',
    'f() = not x',
    'f() = lambda: 0',
    'f() = 1, 2',
    'f() = *a, b',
    'f() = g() = 1',
    '(f()) = 1',
    'f() = yield',
    '"a" = 1',
    'f"{a}" = 1',
    '[x = 1]',
    'f(a, x = 1 for x in y)',
    'x = [a = 1]',
    '{a = 1}',
    'if x = 1:\n    pass',
    'x = (a = 1)',
    'if x:\npass',
    'if x:\n    pass\n  pass',
    'if x:\n        pass\n    pass',
    '  x = 1',
    'x = 1\n    y = 2',
    'if x\n    pass',
    'if x y:\n    pass',
    'while x\n    pass',
    'for x in y\n    pass',
    'def f()\n    pass',
    'def f:\n    pass',
    'def f(x) -> int\n    pass',
    'class A\n    pass',
    'class A(B)\n    pass',
    'try\n    pass',
    'try:\n    pass\nexcept\n    pass',
    'try:\n    pass\nexcept E\n    pass',
    'try:\n    pass\nfinally\n    pass',
    'with a\n    pass',
    'with a as b\n    pass',
    'if x:\n    pass\nelse\n    pass',
    'if x:\n    pass\nelif y\n    pass',
    'def f():\npass',
    'class A:\npass',
    'for x in y:\npass',
    'while x:\npass',
    'with a:\npass',
    'try:\npass',
    'try:\n    pass\nexcept:\npass',
    'try:\n    pass\nfinally:\npass',
    'if x:\n    pass\nelse:\npass',
    'if x:\n    pass\nelif y:\npass',
    'try:\n    pass\nx = 1',
    'try:\n    pass',
    'if x:',
    'lambda x',
    'x = {1: 2, 3}',
    'x = {1: }',
    'x = {1:2, **}',
    'import a.',
    'from a import b,',
    'from a import (b',
    'from import x',
    'import',
    'def f(a, b',
    'f(a,',
    'x = [\n1,\n2',
    'if x:\n\tpass\n        pass',
    'if x:\n        pass\n\tpass',
    'if x:\n    if y:\n\tpass\n',
    'x = 1\ny = 2 \\ 3',
    'x = 1 + # c',
    'x = 1 + #',
    'try x:\n    pass',
    'else x:',
    'def f() x:\n    pass',
    'for x in y z:\n    pass',
    'while x y:\n    pass',
    'with a b:\n    pass',
    'try:\n    pass\nexcept E x:\n    pass',
    'class A x:\n    pass',
    'x = 5é',
    'x = 1x',
    'if x:\n    pass\n  else:\n    pass',
    'for x in y:\n    pass\nx = 1\nelse:\n    pass',
    'def f(x):\n    return x\n        y = 1',
    'x = (1,',
    'x = (1 +\ny = 2',
    'x = (1 2\ny = 3)',
    'f(a=1, b',
    'print x',
    'print(a b)',
    'x = [1, 2 3]',
    'x = [1, 2\n     3]',
    'x = {a: b c}',
    'x = (a if b else c d)',
    'x = (not a b)',
    'x = (a < b c)',
    'f(_ x)',
    'x = [a.b c]',
    'x = [a(1) c]',
    'x = [a[1] c]',
    'x = [-a c]',
    'x = [a ** b c]',
    'x = (yield a b)',
    'x = (a := b c)',
    'x = [x for x in y z]',
    'x = f(a)(b c)',
    'def f(a=1, b, c d):\n    pass',
    'f() = 1 +',
    'x = "a" "b',
    'import a as',
    'from a import',
    'x = (',
    '@\ndef f(): pass',
    'class',
    'def f(a b): pass',
    'x = 1 if 2 else',
    'x = [1, 2,,]',
    'x = a.',
    'x = a..b',
    'del',
    'return x y',
    'assert x y',
    'raise x y',
    'global x y',
    'x = lambda: a b',
    'x = 1; ; y = 2',
    'f(a=1, b c)',
    'f(a for a in b c)',
    'x = {1: 2, 3: 4 5}',
    'x = {1 2: 3}',
    'x = [1 if 2 3 else 4]',
    'x = (a.b = 1)',
    'f(a, b=1 c)',
    'x = y = f() = 1 +',
    'a, f() = 1 +',
    'for f() in y +:\n    pass',
    'x = 1\nif x:\n    y = (1,\n         2 3)',
    'if x:\n    pass\n      pass',
    'x = """abc\ndef',
    "x = 'abc\ny = 1",
    'x = 1 +\ny = "abc',
    'x = 1 +\ny = (',
    'x = (1 +\ny = "abc',
    'x = 1 +\n\ty',
    'x = 1 +\n  y = 2\n  z = 3',
    'def f():\n    x = 1 +\n  y',
    'x = "\\x4"',
    'x = "\\x4" + 1',
    'x = ("\\x4"\n, 1)',
    'x = f"{a b}"',
    'x = f"{}"',
    'x = f"{x!}"',
    'x = f"{x!z}"',
    'x = f"{x"',
    'x = f"}"',
    'x = f"{x:{y:{z}}}"',
    'x = b"a" "b"',
    'x = "é"  b"\\xff"',
    'x = b"é"',
    'x = f"{a\\nb}"',
    'x = f"{a#}"',
    'x = f"""\n{a b}"""',
    'x = f"{a)}"',
    'x = f"{(a]}"',
    'x = f"{*a}"',
    'x = f"{lambda x: 1}"',
    'x = f"{a!r=}"',
    'x = f"{ }"',
    'x = f"{a b}" + f"{c d}"',
    'x = (f"{a b}"\n  f"{c}")',
    'print("a", B\nprint("b", B',
    'print("a", B\nprint("b")',
    'print("a", B\nx = 1',
    'print("a", B\nx',
    'f(a\nb(c',
    'f(a\nb c\n',
    'print(a, m\nax(b, key=c))',
    'print(a, m ax(b, key=c))',
    'print(a, m ax(b))',
    'print(m ax(b, key=c))',
    'f(m ax(k=c))',
    'f(m ax(*c))',
    'f(m a[1])',
    'f(m a.b)',
    'f(m ax(b))',
    '[m ax(k=c)]',
    'bad[0[2] = 5',
    'block.step():= ',
    'counts[n] = sum(1 for _ = ! in solve_queens(n))',
    'self.parent = {x: x for x in items}        self.rank = {x: 0 for x in items}',
    'tail.next = ll.head head.next.next',
    'bad[0][ [2] = 5',
    'def f( (a, x, lo=0, hi=None, *, key=None):\n    pass',
    'print(sorted(set(words)), words.count("the"), max(words), min(words, key=len, sorted(words, key=lambda w: w[::-1])[:3])',
    'def make_accumulator()(:\n    pass',
    'stock = {"apple": 5, "pear"- : 2, "plum": 0}',
    'print"ints from math:", type(math.floor(2.5)).__name__, type(math.p',
    'nested = [[1, [2, 3]], [4, [5, [6]]]]\nprint("two-level flatten:", [y for x i',
    'x = "ßtraße.upper(), "|", "İ".lower() == "i̇")',
    'class Both:\n    \t __repr__(self):\n        return "Both-repr"',
    '\\',
    'x = (1 \\',
    'print(f"tellers={n_tellers}: avg wait {sum(w) / len(w):6.2f} {max(c.start + c.service for cin cs)}")\n',
    'f(m 1)',
    'f(m x + 1)',
    'f(m x(1) + 1)',
    'f(m 1 + x(1))',
    'f(m not x)',
    'f(m lambda: 1)',
    'f(m x if y else z)',
    'f(m x.y + 1)',
    'f(m {1})',
    'f(m "a".b)',
    'f(m 1 .b)',
    'f(m.a x)',
    'f(m() x)',
    'f(1 x)',
    'f(1 x.y)',
    'f(1 x(y))',
    'f(m x ** 2)',
    'f(m await x)',
    'f(m ~x.y)',
    '[a b(c)]',
    '(a b.c)',
    '{a b[c]}',
    'f(a, b c[d])\n',
    'obj.None = 1',
    'obj.True = 1',
    '(True := 1)',
    '(x for x in x) = 1',
    '1 = 1',
    '"abc" = 1',
    'b"" = 1',
    '`1` = 1',
    '(a, "b", c) = (1, 2, 3)',
    '(a, True, c) = (1, 2, 3)',
    '(a, *True, c) = (1, 2, 3)',
    '[a, b, c + 1] = [1, 2, 3]',
    '[a, b[1], c + 1] = [1, 2, 3]',
    '[a, b.c.d, c + 1] = [1, 2, 3]',
    'a if 1 else b = 1',
    'a = 42 if True',
    'a = (42 if True)',
    'a = [1, 42 if True, 4]',
    'if True:\n    print("Hello"\n\nif 2:\n   print(123))',
    'True = True = 3',
    'x = y = True = z = 3',
    'x = y = yield = 1',
    'a, b += 1, 2',
    '(a, b) += 1, 2',
    '[a, b] += 1, 2',
    'for a() in b: pass',
    'for (a, b()) in b: pass',
    'for [a, b()] in b: pass',
    'for (*a, b, c+1) in b: pass',
    'for (x, *(y, z.d())) in b: pass',
    'for a, b() in c: pass',
    'for a, b, (c + 1, d()): pass',
    'for i < (): pass',
    'for a, b',
    'with a as b(): pass',
    'with a as (b, c()): pass',
    'with a as [b, c()]: pass',
    'with a as (*b, c, d+1): pass',
    'with a as (x, *(y, z.d())): pass',
    'with a as b, c as d(): pass',
    'with a as b',
    'p = p =',
    '[x,y for x,y in range(100)]',
    '{x,y for x,y in range(100)}',
    '[1, 2 3]',
    '{1, 2 3}',
    '{1:2, 2:5 3:12}',
    '(1, 2 3)',
    'def f(None=1):\n    pass',
    'def f(x, y=1, z):\n    pass',
    'def f(x, None):\n    pass',
    'def f(*None):\n    pass',
    'def f(**None):\n    pass',
    'def foo(/,a,b=,c):\n   pass',
    'def foo(a,/,/,b,c):\n   pass',
    'def foo(a,/,a1,/,b,c):\n   pass',
    'def foo(a=1,/,/,*b,/,c):\n   pass',
    'def foo(a,/,a1=1,/,b,c):\n   pass',
    'def foo(a,*b,c,/,d,e):\n   pass',
    'def foo(a=1,*b,c=3,/,d,e):\n   pass',
    'def foo(a,*b=3,c):\n   pass',
    'def foo(a,*b: int=,c):\n   pass',
    'def foo(a,**b=3):\n   pass',
    'def foo(a,**b: int=3):\n   pass',
    'def foo(a,*a, b, **c, d):\n   pass',
    'def foo(a,*a, b, **c, d=4):\n   pass',
    'def foo(a,*a, b, **c, *d):\n   pass',
    'def foo(a,*a, b, **c, **d):\n   pass',
    'def foo(a=1,/,**b,/,c):\n   pass',
    'def foo(*b,*d):\n   pass',
    'def foo(a,*b,c,*d,*e,c):\n   pass',
    'def foo(a,b,/,c,*b,c,*d,*e,c):\n   pass',
    'def foo(a,b,/,c,*b,c,*d,**e):\n   pass',
    'def foo(a=1,/*,b,c):\n   pass',
    'def foo(a=1,d=,c):\n   pass',
    'def foo(a,d=,c):\n   pass',
    'def foo(a,d: int=,c):\n   pass',
    'lambda /,a,b,c: None',
    'lambda a,/,/,b,c: None',
    'lambda a,/,a1,/,b,c: None',
    'lambda a=1,/,/,*b,/,c: None',
    'lambda a,/,a1=1,/,b,c: None',
    'lambda a,*b,c,/,d,e: None',
    'lambda a=1,*b,c=3,/,d,e: None',
    'lambda a=1,/*,b,c: None',
    'lambda a,*b=3,c: None',
    'lambda a,**b=3: None',
    'lambda a, *a, b, **c, d: None',
    'lambda a,*a, b, **c, d=4: None',
    'lambda a,*a, b, **c, *d: None',
    'lambda a,*a, b, **c, **d: None',
    'lambda a=1,/,**b,/,c: None',
    'lambda *b,*d: None',
    'lambda a,*b,c,*d,*e,c: None',
    'lambda a,b,/,c,*b,c,*d,*e,c: None',
    'lambda a,b,/,c,*b,c,*d,**e: None',
    'lambda a=1,d=,c: None',
    'lambda a,d=,c: None',
    'def None(x):\n    pass',
    'f(x for x in L, 1)',
    'f(x for x in L, y=1)',
    'f(x for x in L, *[])',
    'f(x for x in L, **{})',
    'f(L, x for x in L)',
    'f(x for x in L, y for y in L)',
    'f(x for x in L,)',
    'class C(x for x in L):\n    pass',
    'f(lambda x: x[0] = 3)',
    'f(a={x: for x in {}})',
    'f(x()=2)',
    'f(a or b=1)',
    'f(x.y=1)',
    'f((x)=2)',
    'f(False=1)',
    'f(None=1)',
    '(x for x in x) += 1',
    'None += 1',
    'if 1:\n  x() = 1\nelif 1:\n  pass',
    'if 1:\n  pass\nelif 1:\n  x() = 1',
    'if 1:\n  x() = 1\nelif 1:\n  pass\nelse:\n  pass',
    'if 1:\n  pass\nelif 1:\n  x() = 1\nelse:\n  pass',
    'if 1:\n  pass\nelif 1:\n  pass\nelse:\n  x() = 1',
    'class R&D:\n    pass',
    'if 1\n  pass\nelif 1:\n  pass\nelse:\n  x() = 1',
    'if 1:\n  pass\nelif 1\n  pass\nelse:\n  x() = 1',
    'if 1:\n  pass\nelif 1:\n  pass\nelse\n  x() = 1',
    'for x in range(10)\n  pass',
    'for x in range 10:\n  pass',
    'while True\n  pass',
    'with blech as something\n  pass',
    'with blech\n  pass',
    'with blech, block as something\n  pass',
    'with blech, block as something, bluch\n  pass',
    'with (blech as something)\n  pass',
    'with (blech)\n  pass',
    'with (blech, block as something)\n  pass',
    'with (blech, block as something, bluch)\n  pass',
    'with block ad something:\n  pass',
    'try\n  pass',
    'try:\n  pass\nexcept\n  pass',
    'if x = 3:\n   pass',
    'while x = 3:\n   pass',
    'if x.a = 3:\n   pass',
    'while x.a = 3:\n   pass',
    'def f:',
    'async def f:',
    'def f(x, (y, z), w):\n   pass',
    'def f((x, y, z, w)):\n   pass',
    'def f(x, (y, z, w)):\n   pass',
    'def f((x, y, z), w):\n   pass',
    'lambda x, (y, z), w: None',
    'lambda (x, y, z, w): None',
    'lambda x, (y, z, w): None',
    'lambda (x, y, z), w: None',
    'try:\n   x = 34\n',
    'try:\n   pass\nexcept TypeError:\n   pass\nexcept* ValueError:\n   pass',
    'try:\n   pass\nexcept* TypeError:\n   pass\nexcept ValueError:\n   pass',
    'try:\n   pass\nexcept TypeError:\n   pass\nexcept TypeError:\n   pass\nexcept* ValueError:\n   pass',
    'try:\n   pass\nexcept* TypeError:\n   pass\nexcept* TypeError:\n   pass\nexcept ValueError:\n   pass',
    'f(2, 4, x=34); 1 $ 2',
    'dict(x=34); x $ y',
    'dict(x=34, x=1, y=2); x $ y',
    '{1:2, 3:4, 5}',
    '{1:2, 3:4, 5:}',
    '{1: *12+1, 23: 1}',
    '{1: *12+1}',
    '{1: 23, 1: *12+1}',
    '{1:}',
    '{1} $',
    '{1: 2, 3: foo(,), 4: 5}',
    '{1: $, 2: 3}',
    'while condition:\npass',
    'for x in range(10):\npass',
    'for x in range(10):\n    pass\nelse:\npass',
    'async for x in range(10):\npass',
    'async for x in range(10):\n    pass\nelse:\npass',
    'if something:\npass',
    'if something:\n    pass\nelif something_else:\npass',
    'if something:\n    pass\nelif something_else:\n    pass\nelse:\npass',
    'try:\n    something()\nexcept:\npass',
    'try:\n    something()\nexcept A:\npass',
    'try:\n    something()\nexcept* A:\npass',
    'try:\n    something()\nexcept A:\n    pass\nfinally:\npass',
    'try:\n    something()\nexcept* A:\n    pass\nfinally:\npass',
    'with A:\npass',
    'with A as a, B as b:\npass',
    'with (A as a, B as b):\npass',
    'async with A:\npass',
    'async with A as a, B as b:\npass',
    'async with (A as a, B as b):\npass',
    'def foo(x, /, y, *, z=2):\npass',
    'class Blech(A):\npass',
    'raise X, Y',
    'raise X, Y, Z',
    'try:\n  pass\nexcept A, B:\n  pass',
    'try:\n  pass\nexcept A, B, C:\n  pass',
    'try:\n  pass\nexcept A, B, C as blech:\n  pass',
    'try:\n  pass\nexcept A, B, C as blech:\n  pass\nfinally:\n  pass',
    'try:\n  pass\nexcept* A, B:\n  pass',
    'try:\n  pass\nexcept* A, B, C:\n  pass',
    'try:\n  pass\nexcept* A, B, C as blech:\n  pass',
    'try:\n  pass\nexcept* A, B, C as blech:\n  pass\nfinally:\n  pass',
    'try:\n  pass\nexcept* A as a:\n  pass\nexcept*:\n  pass',
    '{1, 2, 3} = 42',
    '{1: 2, 3: 4} = 42',
    "f'{x}' = 42",
    "f'{x}-{y}' = 42",
    '(x, y, z=3, d, e)',
    '[x, y, z=3, d, e]',
    '[z=3]',
    '{x, y, z=3, d, e}',
    '{z=3}',
    'from t import x,',
    'from t import x,y,',
    'from t import x,y, and 3',
    '(): int',
    '[]: int',
    '(()): int',
    '([]): int',
    'with (lambda *:0): pass',
    'import ä £',
    'A[:*b]',
    'A[:(*b)]',
    'A[:*b] = 1',
    'del A[:*b]',
    'A[*b:]',
    'A[(*b):]',
    'A[*b:] = 1',
    'del A[*b:]',
    'A[*b:*b]',
    'A[(*b:*b)]',
    'A[*b:*b] = 1',
    'del A[*b:*b]',
    'A[*(1:2)]',
    'A[*(1:2)] = 1',
    'del A[*(1:2)]',
    'A[*:]',
    'A[:*]',
    'A[*]',
    'A[**]',
    'A[**b]',
    'A[**b] = 1',
    'del A[**b]',
    'def f6(x: *b): pass',
    'def f7(x: *b = 1): pass',
    'def f8(**kwargs: *a): pass',
    'x: *b',
    'x: *b = 1',
    'b"Ā"',
    'b"абвгде"',
    'b"abc ъющый"  # first 3 letters are ascii',
    'f(**x, *y)',
    'f(x, *:)',
    'matrix = 1\nprint(squares[1:3], squares[::2], matrix[\\\n\\\n ][2], pairs)\n',
    'f(a[])',
    'x[]',
    '[a[], b]',
    '[m[], b]',
    '[a.b[]]',
    '\nef gen(():\nef gen(():\n    total = 0',
    '\ndata = {"x": [1, 2, \ndata = {"x": [1, 2, \ndata = {"x": [1, 2, ',
    'print(squares[1:3], squares[::2], mat\nprint(squares[1:3], squares[::2], mat\nprint(squares[1:3], squares[::2], mat',
    'class A:\n    def __init__(self, owner, balance=0, *, \\\n="EUR", **extra):\n        pass\n',
    '    \\\n """A"""',
    'x=1\n\\\n print(2)\n',
    'if x:\n    pass\n  \\\n    y\n',
    'a{\n(',
    'a{\na{',
    'try:    from m import *\n    from m import x\nexcept ImportError:\n    pass\n',
    'class A:\n    @property',
    '(a as b) + 1',
    '{(a as b): 1}',
    'while (a as b): pass',
    'for x in (a as b): pass',
    'with (a as b), c: pass',
    'f(*[] if p else [1]',
    'def f(/, a): pass',
    'lambda *: 0',
    'lambda *, **k: 0',
    'print"ints", type(math.p',
    'x = \\\n',
    'x = (1 \\\n',
    '\\\n\\\n',
    'for i, line in enumerate(lines, start=1\nfor i, line in enumerate(lines, start=1',
    'f(x=1 for )',
    'f(x=1 for x in y if z)',
    'f(x=1 for x in)',
]


@pytest.mark.parametrize('src', ERROR_CASES)
def test_error_matches_cpython(src):
    expected = host_error(src)
    assert expected is not None, 'the host accepts this'
    assert minipy_error(src) == expected


# Known differences: (source, what minipy reports).  Line and kind still match.
KNOWN_DIFFERENCES = [
    # CPython: offset 0 for this end-of-input token
    ('@l', ('SyntaxError', 'invalid syntax', 1, 3, 1, -1)),
    # CPython treats a name that is a prefix of a soft keyword ('m' for
    # 'match') specially; the comma hint then starts at the '['
    ('f(m[1] x)', ('SyntaxError', 'invalid syntax', 1, 8, 1, 9)),
    ('dict(x=34, (x for x in range 10), 1); x $ y',
     ('SyntaxError', 'invalid syntax', 1, 30, 1, 32)),
    ('f(**x, *)', ('SyntaxError', 'invalid syntax', 1, 9, 1, 10)),
]


@pytest.mark.parametrize('src, mine', KNOWN_DIFFERENCES)
def test_known_differences(src, mine):
    expected = host_error(src)
    assert minipy_error(src) == mine
    assert (mine[0], mine[2]) == (expected[0], expected[2])


def test_error_object():
    src = 'x = 1\nif x\n    pass\n'
    with pytest.raises(MiniSyntaxError) as info:
        parse(src, 'prog.py')
    e = info.value
    assert (e.msg, e.filename, e.lineno, e.offset, e.text, e.kind) == \
        ("expected ':'", 'prog.py', 2, 5, 'if x\n', 'SyntaxError')
    assert e.incomplete is False
    assert str(e) == "expected ':'"


def test_kinds():
    assert minipy_error('if x:\npass')[0] == 'IndentationError'
    assert minipy_error('if x:\n\tpass\n        pass')[0] == 'TabError'
    assert minipy_error('  x')[0] == 'IndentationError'
    assert minipy_error('if x:\n    a\n  b')[0] == 'IndentationError'


def test_null_bytes():
    with pytest.raises(MiniSyntaxError) as info:
        parse('x = 1\ny = "a\0b"\n', 'f.py')
    e = info.value
    assert e.msg == 'source code cannot contain null bytes'
    assert (e.lineno, e.offset, e.text) == (2, None, 'y = "a')


def test_nesting_limits():
    parse('x = ' + '(' * 200 + '1' + ')' * 200)
    deep = 'x = ' + '(' * 5000 + '1' + ')' * 5000
    assert minipy_error(deep) == host_error(deep)
    assert minipy_error(deep)[1] == 'too many nested parentheses'
    blocks = ''.join('    ' * i + 'if x:\n' for i in range(100)) + '    ' * 100 + 'pass\n'
    assert minipy_error(blocks) == host_error(blocks)
    # long but flat: no recursion limit problems
    parse('x = ' + ' + '.join(['a'] * 10000))
    parse('x = ' + '-' * 10000 + '1')


def test_recursion_error_becomes_syntax_error(monkeypatch):
    from minipy.syntax import parser as P

    def boom(*args):
        raise RecursionError
    monkeypatch.setattr(P, '_run', boom)
    with pytest.raises(MiniSyntaxError) as info:
        parse('x = 1')
    assert info.value.msg == 'too many nested parentheses'


ODD_INPUTS = ['\x7f', '\x01', 'x = \ufeff1', '\u2028', 'x = "\\N{NOPE}"', 'b"\\777"',
              'f"{x!"', 'f"{', 'f"{x:{y:{z}}}"', '0' * 50, '9' * 5000, '\\', 'x = \\',
              '(\\', "'''", 'f"{a}" b"x"', '\t\f\v', 'x = 1\r\r\ny', '\\\n\\\n',
              'f"{\\}"', 'f"{#}"', "f'{'", 'f"{x!z}"', 'x = "\\x4"', 'b"\\x4"', 'b"é"']


@pytest.mark.parametrize('src', ODD_INPUTS)
def test_odd_inputs_raise_only_syntax_errors(src):
    expected = host_error(src)
    got = minipy_error(src)
    if expected is None:
        assert got is None
    else:
        assert got is not None and got[0] == expected[0] and got[2] == expected[2]


# ----------------------------------------------------------------- layout

LAYOUT_CASES = [
    'x = (1,\n     2]\n',
    'if x\n    pass\n',
    'print("a", end=""\n',
    'a = f() = 3\n',
    'x = "abc\n',
    'y = 0777\n',
    'z = f(a b)\n',
    'def f(a=1, b):\n    pass\n',
    'x = 1 +\n',
    'print "hi"\n',
    's = f"{a b}"\n',
    'x = 1\ny = "a\0"\n',
    'v = "€" + €\n',
]


# The caret rules of CPython's printer: none when the offset points into the
# leading whitespace or under an empty line, a single one for IndentationError,
# a range to the end of the first line for an error spanning lines.
LAYOUT_CASES += [
    'def f():\nreturn 1\n',
    'x = 1\n    y = 2\n',
    'if True:\n\tx = 1\n        y = 2\n',
    'for i in x:\nprint(i)\n',
    'class A:\n\n',
    '  x = (1,\n2)\n',
    'if x:\n        a = 1\n    b = 2\n',
    'f(a,\n  b c)\n',
]


@pytest.mark.parametrize('src', LAYOUT_CASES)
def test_format_matches_python_output(src, tmp_path):
    """MiniSyntaxError.format() prints what CPython prints for a bad file."""
    path = tmp_path / 'bad.py'
    path.write_text(src, encoding='utf-8')
    r = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 1
    with pytest.raises(MiniSyntaxError) as info:
        parse(src, str(path))
    assert info.value.format() == r.stderr


# ------------------------------------------------------------------- REPL

REPL_INPUTS = [
    'if x:', 'if x:\n  pass', 'if x:\n  pass\n', 'if x:\n  pass\n\n', 'x = (1,',
    'x = "abc', 'x = """abc', 'x = 1 \\', 'x = 1 +', 'def f():\n  return 1\n',
    'def f():\n  return 1', 'x = 1', 'f(a b', '@dec', '@dec\n',
    'for x in y:\n  pass\nelse:', 'try:\n  pass\n', '  x', 'x = [1,\n2]', 'x = [1,\n2',
    'class A:', 'class A:\n  def f(self):', 'while x:\n  x -= 1', '"""doc', 'f(', 'x = {',
    'x = 1; y = (', 'if x:\n  y = [', 'lambda:', 'x =', 'import', 'del',
]


def codeop_incomplete(src):
    try:
        return codeop.compile_command(src, '<stdin>', 'single') is None
    except SyntaxError:
        return False


@pytest.mark.parametrize('src', REPL_INPUTS)
def test_is_incomplete_matches_codeop(src):
    assert is_incomplete(src) == codeop_incomplete(src)


def test_is_incomplete_blank_input():
    assert is_incomplete('') is False
    assert is_incomplete('# comment') is False


def test_incomplete_attribute():
    with pytest.raises(MiniSyntaxError) as info:
        parse('x = (1,\n', '<stdin>', 'single')
    assert info.value.incomplete is True
    with pytest.raises(MiniSyntaxError) as info:
        parse('x = )', '<stdin>', 'single')
    assert info.value.incomplete is False


@pytest.mark.parametrize('src', ['x = 1\ny = 2', 'x = 1\n\ny = 2\n', 'x = 1; y = 2\nz = 3'])
def test_single_mode_errors(src):
    assert minipy_error(src, 'single') == host_error(src, 'single')
