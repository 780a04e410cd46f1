"""Shared helpers for the compiler tests (and tests of the helpers themselves).

* ``compile_src``: host ``ast.parse`` + minipy's compiler (the compiler only
  reads node class names and fields, so host trees stand in for minipy's
  parser).
* ``check_code``: an abstract interpreter over a code object (and its nested
  code objects) that tracks the *kind* of every stack item (value, NULL,
  iterator, exception, "previous exception" saved by PUSH_EXC_INFO, the
  ``__exit__`` of a with block) and the block stack, and checks that every
  instruction finds the operands it needs, that every join point is reached
  with the same stack and block stack, that no block's level is above the
  stack depth, that RETURN_VALUE leaves nothing behind (no iterator, no block),
  and that the net effects agree with ``opcodes.stack_effect`` and
  ``co_stacksize``.
* ``SNIPPETS`` and ``corpus_sources()``: the programs the tests compile.
"""

import ast
import glob
import os
import warnings

import pytest

from minipy.bytecode import opcodes
from minipy.bytecode.code import CodeObject
from minipy.compiler import compile_module

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def compile_src(src, mode="exec", filename="<test>"):
    return compile_module(ast.parse(src, filename, mode), filename, src, mode)


def iter_codes(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, CodeObject):
            yield from iter_codes(c)


def ops(code):
    """[(opname, arg)] of one code object."""
    return [(opcodes.OPNAME[op], arg) for op, arg in zip(code.co_code, code.co_arg)]


def opnames(code):
    return [opcodes.OPNAME[op] for op in code.co_code]


def find_code(code, qualname):
    for c in iter_codes(code):
        if c.co_qualname == qualname:
            return c
    raise KeyError(qualname)


def corpus_sources():
    """(path, source) of every .mpy program in the repository that compiles
    (the conformance suite also holds programs whose point is a SyntaxError)."""
    paths = sorted(glob.glob(os.path.join(ROOT, "programs", "**", "*.mpy"), recursive=True)
                   + glob.glob(os.path.join(ROOT, "tests", "conformance", "**", "*.mpy"),
                               recursive=True))
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            src = f.read()
        try:
            with warnings.catch_warnings():
                # (some programs have compile-time SyntaxWarnings on purpose)
                warnings.simplefilter("ignore", SyntaxWarning)
                compile(src, p, "exec")
        except SyntaxError:
            continue
        out.append((os.path.relpath(p, ROOT), src))
    return out


# ---------------------------------------------------------------------------------
# Abstract interpretation of the stack
# ---------------------------------------------------------------------------------

V, NULL, ITER, EXC, PREV, EXIT = "v", "null", "iter", "exc", "prev", "exit"


class StackError(AssertionError):
    pass


def _accepts(expected, actual):
    if expected == "any":
        return actual not in (PREV, NULL)
    if expected == V:
        return actual in (V, EXC)
    if expected == "arg":           # a call argument (a comprehension gets its iterator)
        return actual in (V, EXC, ITER)
    return expected == actual


def _outermost_is_async(code):
    ops = list(code.co_code)
    anext, for_iter = opcodes.GET_ANEXT, opcodes.FOR_ITER
    return anext in ops and (for_iter not in ops or ops.index(anext) < ops.index(for_iter))


def _spec(code, op, arg):
    """(pops, pushes, jump_pushes or None, terminal) for one instruction.

    pops lists the expected kinds, deepest first; pushes likewise.
    """
    name = opcodes.OPNAME[op]
    n = arg
    simple = {
        "NOP": ([], []), "POP_TOP": (["any"], []), "PUSH_NULL": ([], [NULL]),
        "LOAD_CONST": ([], [V]), "LOAD_DEREF": ([], [V]), "LOAD_CLOSURE": ([], [V]),
        "LOAD_CLASSDEREF": ([], [V]), "LOAD_GLOBAL": ([], [V]), "LOAD_NAME": ([], [V]),
        "STORE_FAST": ([V], []), "STORE_DEREF": ([V], []), "STORE_GLOBAL": ([V], []),
        "STORE_NAME": ([V], []), "DELETE_FAST": ([], []), "DELETE_DEREF": ([], []),
        "DELETE_GLOBAL": ([], []), "DELETE_NAME": ([], []),
        "LOAD_ATTR": ([V], [V]), "STORE_ATTR": ([V, V], []), "DELETE_ATTR": ([V], []),
        "LOAD_METHOD": ([V], [NULL, V]), "BINARY_SUBSCR": ([V, V], [V]),
        "STORE_SUBSCR": ([V, V, V], []), "DELETE_SUBSCR": ([V, V], []),
        "BINARY_OP": ([V, V], [V]), "UNARY_POSITIVE": ([V], [V]), "UNARY_NEGATIVE": ([V], [V]),
        "UNARY_NOT": ([V], [V]), "UNARY_INVERT": ([V], [V]), "COMPARE_OP": ([V, V], [V]),
        "IS_OP": ([V, V], [V]), "CONTAINS_OP": ([V, V], [V]),
        "LIST_TO_TUPLE": ([V], [V]), "GET_ITER": ([V], [ITER]),
        "YIELD_VALUE": ([V], [V]), "GET_YIELD_FROM_ITER": ([V], [ITER]),
        "LOAD_BUILD_CLASS": ([], [V]), "POP_BLOCK": ([], []),
        "PUSH_EXC_INFO": ([EXC], [PREV, EXC]), "POP_EXCEPT": ([PREV], []),
        "CHECK_EXC_MATCH": ([EXC, V], [EXC, V]), "LOAD_ASSERTION_ERROR": ([], [V]),
        "BEFORE_WITH": ([V], [EXIT, V]), "WITH_EXIT": ([EXIT], []),
        "WITH_EXCEPT_START": ([EXIT, PREV, EXC], [EXIT, PREV, EXC, V]),
        "IMPORT_NAME": ([V, V], [V]), "IMPORT_FROM": ([V], [V, V]), "IMPORT_STAR": ([V], []),
        "SETUP_ANNOTATIONS": ([], []), "PRINT_EXPR": ([V], []),
        "SETUP_FINALLY": ([], []), "SETUP_CLEANUP": ([], []), "JUMP": ([], []),
        "POP_JUMP_IF_FALSE": ([V], []), "POP_JUMP_IF_TRUE": ([V], []),
        "GET_LEN": ([V], [V, V]), "MATCH_MAPPING": ([V], [V, V]),
        "MATCH_SEQUENCE": ([V], [V, V]), "MATCH_KEYS": ([V, V], [V, V, V]),
        "MATCH_CLASS": ([V, V, V], [V]),
        "GET_AWAITABLE": ([V], [ITER]), "GET_AITER": ([V], [V]), "GET_ANEXT": ([V], [V, ITER]),
        "END_ASYNC_FOR": ([V, EXC], []), "BEFORE_ASYNC_WITH": ([V], [EXIT, V]),
        "ASYNC_GEN_WRAP": ([V], [V]),
        "CHECK_EG_MATCH": ([EXC, V], [EXC, V]), "PREP_RERAISE_STAR": ([V, V], [EXC]),
    }
    if name == "LOAD_FAST":
        kind = V
        if code.co_varnames[arg] == ".0":
            # a comprehension's outermost iterator (an async one for ``async for``)
            kind = V if _outermost_is_async(code) else ITER
        return [], [kind], None, False
    if name in simple:
        pops, pushes = simple[name]
        return pops, pushes, None, False
    if name in ("BUILD_TUPLE", "BUILD_LIST", "BUILD_SET", "BUILD_STRING", "BUILD_SLICE"):
        return [V] * n, [V], None, False
    if name == "BUILD_MAP":
        return [V] * (2 * n), [V], None, False
    if name in ("LIST_APPEND", "SET_ADD", "LIST_EXTEND", "SET_UPDATE", "DICT_UPDATE",
                "DICT_MERGE"):
        return [V], [], None, False
    if name == "MAP_ADD":
        return [V, V], [], None, False
    if name == "FORMAT_VALUE":
        return ([V, V] if arg & opcodes.FVS_HAVE_SPEC else [V]), [V], None, False
    if name == "UNPACK_SEQUENCE":
        return [V], [V] * n, None, False
    if name == "UNPACK_EX":
        return [V], [V] * ((n & 0xFF) + (n >> 8) + 1), None, False
    if name == "FOR_ITER":
        return [ITER], [ITER, V], [], False
    if name == "JUMP_IF_FALSE_OR_POP" or name == "JUMP_IF_TRUE_OR_POP":
        return [V], [], [V], False
    if name == "CALL":
        # (the callable may be a with block's exit: async with calls and awaits it)
        return [NULL, "any"] + ["arg"] * n, [V], None, False
    if name == "CALL_KW":
        return [NULL, V] + [V] * n + [V], [V], None, False
    if name == "CALL_FUNCTION_EX":
        return [NULL, V, V] + ([V] if arg & 1 else []), [V], None, False
    if name == "MAKE_FUNCTION":
        return [V] * (bin(arg & 0xF).count("1") + 1), [V], None, False
    if name == "SEND":
        return [ITER, V], [ITER, V], [V], False
    if name == "RETURN_VALUE":
        return [V], [], None, True
    if name == "POP_EXCEPT_RERAISE":
        return [PREV, EXC], [], None, True
    if name == "RERAISE":
        return [EXC], [], None, True
    if name == "RAISE_VARARGS":
        return [V] * n, [], None, True
    if name in ("COPY", "SWAP"):
        return None, None, None, False
    raise StackError("no stack spec for %s" % name)


def check_code(code, recursive=True):
    """Abstractly execute ``code``; raise StackError on any inconsistency."""
    n = len(code.co_code)
    where = code.co_qualname
    if n == 0:
        raise StackError("%s: empty code" % where)
    if not (len(code.co_arg) == len(code.co_lines) == len(code.co_positions) == n):
        raise StackError("%s: parallel lists differ in length" % where)
    states = [None] * n
    work = [(0, (), ())]
    maxdepth = 0
    while work:
        i, stack, blocks = work.pop()
        if i >= n:
            raise StackError("%s: falls off the end" % where)
        if states[i] is not None:
            if states[i] != (stack, blocks):
                raise StackError("%s: join mismatch at %d (%s): %r vs %r"
                                 % (where, i, opcodes.OPNAME[code.co_code[i]], states[i],
                                    (stack, blocks)))
            continue
        states[i] = (stack, blocks)
        maxdepth = max(maxdepth, len(stack))
        for handler, level in blocks:
            if level > len(stack):
                raise StackError("%s: block level %d above the stack depth %d at %d"
                                 % (where, level, len(stack), i))
        op, arg = code.co_code[i], code.co_arg[i]
        name = opcodes.OPNAME[op]
        if name == "COPY":
            if arg < 1 or arg > len(stack):
                raise StackError("%s: COPY %d with %d items at %d" % (where, arg, len(stack), i))
            if stack[-arg] in (PREV, NULL):
                raise StackError("%s: COPY of a %s at %d" % (where, stack[-arg], i))
            new = stack + (stack[-arg],)
            work.append((i + 1, new, blocks))
            maxdepth = max(maxdepth, len(new))
            continue
        if name == "SWAP":
            if arg < 2 or arg > len(stack):
                raise StackError("%s: SWAP %d with %d items at %d" % (where, arg, len(stack), i))
            lst = list(stack)
            lst[-1], lst[-arg] = lst[-arg], lst[-1]
            work.append((i + 1, tuple(lst), blocks))
            continue
        pops, pushes, jump_pushes, terminal = _spec(code, op, arg)
        k = len(pops)
        if k > len(stack):
            raise StackError("%s: %s needs %d items, has %d at %d"
                             % (where, name, k, len(stack), i))
        top = stack[len(stack) - k:] if k else ()
        for exp, act in zip(pops, top):
            if not _accepts(exp, act):
                raise StackError("%s: %s expects %s, found %s at %d (stack %r)"
                                 % (where, name, exp, act, i, stack))
        base = stack[:len(stack) - k]
        # container instructions: the container must be a value
        if name in ("LIST_APPEND", "SET_ADD", "LIST_EXTEND", "SET_UPDATE", "DICT_UPDATE",
                    "DICT_MERGE", "MAP_ADD"):
            if arg < 1 or arg > len(base) or base[-arg] != V:
                raise StackError("%s: %s %d has no container at %d (stack %r)"
                                 % (where, name, arg, i, stack))
        # the table must agree with the spec
        table_effect = opcodes.stack_effect(op, arg)
        if not terminal and table_effect != len(pushes) - k:
            raise StackError("%s: %s table effect %d, spec %d"
                             % (where, name, table_effect, len(pushes) - k))
        new_blocks = blocks
        if name in ("SETUP_FINALLY", "SETUP_CLEANUP"):
            level = len(stack) - (1 if name == "SETUP_CLEANUP" else 0)
            if level < 0:
                raise StackError("%s: SETUP_CLEANUP on an empty stack at %d" % (where, i))
            handler_stack = stack[:level] + (EXC,)
            maxdepth = max(maxdepth, len(handler_stack))
            jeff = opcodes.stack_effect(op, arg, jump=True)
            if len(handler_stack) != len(stack) + jeff:
                raise StackError("%s: %s handler depth disagrees with the table" % (where, name))
            work.append((arg, handler_stack, blocks))
            new_blocks = blocks + ((arg, level),)
        elif name == "POP_BLOCK":
            if not blocks:
                raise StackError("%s: POP_BLOCK with no block at %d" % (where, i))
            new_blocks = blocks[:-1]
        if name == "RETURN_VALUE":
            if len(stack) != 1 or blocks:
                raise StackError("%s: RETURN_VALUE leaves %r and blocks %r at %d"
                                 % (where, stack[:-1], blocks, i))
        if terminal:
            continue
        new = base + tuple(pushes)
        maxdepth = max(maxdepth, len(new))
        if op in opcodes.HAS_JUMP and name not in ("SETUP_FINALLY", "SETUP_CLEANUP"):
            jstack = base + tuple(jump_pushes if jump_pushes is not None else pushes)
            jeff = opcodes.stack_effect(op, arg, jump=True)
            if len(jstack) != len(stack) + jeff:
                raise StackError("%s: %s jump effect disagrees with the table" % (where, name))
            if not (0 <= arg < n):
                raise StackError("%s: jump target %d out of range" % (where, arg))
            work.append((arg, jstack, blocks))
            maxdepth = max(maxdepth, len(jstack))
        if name != "JUMP":
            work.append((i + 1, new, new_blocks))
    if maxdepth != code.co_stacksize:
        raise StackError("%s: co_stacksize %d, abstract max depth %d"
                         % (where, code.co_stacksize, maxdepth))
    if recursive:
        for c in code.co_consts:
            if isinstance(c, CodeObject):
                check_code(c)
    return True


def check_all_opcodes_known(code):
    for c in iter_codes(code):
        for op in c.co_code:
            assert 0 <= op < len(opcodes.INSTRUCTIONS)
        for op, arg in zip(c.co_code, c.co_arg):
            kind = opcodes.OPERAND_KIND[op]
            if kind == "const":
                assert 0 <= arg < len(c.co_consts)
            elif kind == "name":
                assert 0 <= arg < len(c.co_names)
            elif kind == "local":
                assert 0 <= arg < len(c.co_varnames)
            elif kind == "deref":
                assert 0 <= arg < len(c.co_cellvars) + len(c.co_freevars)
            elif kind == "jump":
                assert 0 <= arg < len(c.co_code)
            elif kind == "none":
                assert arg == 0


# ---------------------------------------------------------------------------------
# A corpus of snippets exercising every construct
# ---------------------------------------------------------------------------------

SNIPPETS = [
    # closures and scopes
    """
def f(a, b=2, *args, c, d=4, **kw):
    def g():
        nonlocal a
        a = b + c
        return d
    return g
""",
    """
def outer():
    x = 1
    class C:
        x = 2
        def m(self):
            return x
        y = x
    return C
""",
    """
def outer():
    x = 1
    class C:
        def m(self):
            return x
        print(x)
    return C
""",
    """
class A:
    def f(self):
        return super().f()
    def g(self):
        return __class__
    def h(self):
        return [super() for _ in ()]
    lam = lambda self: super()
""",
    """
def f():
    [y := i for i in range(3)]
    return y
def g():
    global z
    [z := 1 for i in ()]
w = [(q := i) for i in range(2)]
""",
    """
def f():
    x = 1
    def g():
        def h():
            return x
        return h
    return g
""",
    """
class C:
    __x = 1
    def __m(self, __a, *, __b=1):
        self.__y = __a
        __z = self.__x
        return __z, _C__q
    def n(self):
        import __hidden.mod as __alias
        from mod import __name2
        return __alias, __name2
class _D__:
    __v = 1
class ___:
    __w = 1
""",
    """
def gen(n):
    yield n
    x = yield from range(n)
    return x
g = (i * 2 for i in range(10) if i)
lg = lambda: (yield)
""",
    """
def f(p, /, q, *, r):
    return p + q + r
def g(*, only): pass
def h(a, /): pass
""",
    """
def deco(fn): return fn
@deco
@deco
def f():
    "docstring"
    return 1
@deco
class K:
    "class doc"
    x: int = 1
    y: str
""",
    """
x: int = 1
y: 'str'
(z): int = 3
a.b: int
a[1:2, 3]: int
def f():
    a: int = 1
    b: list
    c.d: int = 2
    return a
""",
    """
def f(x):
    def g(y):
        def h(z):
            return x + y + z
        return h
    return g
""",
    """
def f():
    del x
    x = 1
    global y
    del y
""",
    """
try:
    pass
except ValueError as e:
    print(e)
else:
    pass
finally:
    pass
def f():
    for i in range(3):
        try:
            continue
        finally:
            break
    while True:
        with open("x") as (a, b), open("y"):
            return a
""",
    """
import os.path
import os.path as osp
import a.b.c.d as e
from os import path, sep as s
from . import rel
from ..pkg.mod import thing
from m import *
def f():
    import sys
    return sys
""",
    """
def f(a, b):
    def g():
        return a
    return g, b
def h(*args, **kwargs):
    def i():
        return args, kwargs
    return i
""",
    """
class Outer:
    class Inner:
        def m(self):
            def n():
                return 1
            return n
    def f(self):
        class Local:
            pass
        return Local
""",
    """
def f():
    global g
    def g():
        pass
    class H:
        global HH
        class HH:
            pass
""",
    """
x = [[i * j for j in range(3)] for i in range(3)]
y = {k: v for k, v in zip("ab", "cd")}
z = {a for a in "abc" for b in a if b}
t = [p for p in range(3) for q in [p * 2] if q]
def f(n):
    return [m for m in range(n) if m % n if m > 1]
""",
    """
def f():
    a = 1
    return [lambda: a for _ in range(3)]
""",
    """
def f(x):
    class C:
        x = x
    return C
""",
    # expressions
    """
a = 1 + 2 * 3 - 4 / 5 // 6 % 7 ** 8 << 1 >> 2 & 3 | 4 ^ 5
b = -x, +x, ~x, not x, x @ y
c = a < b <= c == d != e > f >= g
d = a is b, a is not b, a in b, a not in b, 1 in [1, 2], x in [y, z], x in {1, 2}
e = a and b or c and not d
f = x if y else z
g = lambda x, y=1, *a, k=2, **kw: x + y
h = (yield_ := 5)
i = a[1], a[1:2], a[::3], a[1:2:3], a[:, 1], a[...]
j = [1, 2, 3], [*a, 1, *b], (*a, *b), {1, 2, 3}, {*a, 1}, {}, {1: 2, **m, 3: 4}, {**m}
k = f"a{x}b{y!r:>{w}}c{z=}{q!a}{r!s:10}"
l = f"{x}"
m = f""
n = x.y.z, x.y(1).z(2, k=3)
o = -1, 2 ** 10, "ab" * 3, (1, (2, 3)), not 0, 1 / 0, "abc"[1], 2 ** 200
a += 1; a.x -= 2; a[k] *= 3; a[1:2] //= 4
""",
    """
f(a, b)
f(*a)
f(a, *b, c)
f(**k)
f(a, k=1)
f(a, *b, k=1, **m)
f(k=1, **m, j=2)
o.m(a)
o.m(a, k=1)
o.m(*a)
o.m(**k)
f(a)(b)(c)
print(*[1, 2], sep="")
f(x for x in y)
f(i, j=(k for k in l))
""",
    # statements
    """
a = b = c = 1
a, b = b, a
a, b, c = c, b, a
[a, b] = x
a, *b = x
*a, b, c = x
(a, b), c = x
a.b, a[c] = 1, 2
for i, (j, k) in x: pass
for a.b in x: pass
del a, b.c, d[e], (f, g), [h]
assert x
assert x, "msg"
raise
raise X
raise X from Y
global gg
pass
if a: pass
elif b: pass
else: pass
while a:
    if b: break
    if c: continue
else:
    pass
for i in x:
    pass
else:
    pass
""",
    """
def f():
    while True:
        try:
            return 1
        except E:
            break
        except (F, G) as e:
            continue
        except:
            return 2
        else:
            return 3
        finally:
            pass
""",
    """
def f():
    for x in y:
        with a as b:
            with c:
                if x:
                    return b
                if y:
                    break
                continue
""",
    """
def f():
    try:
        try:
            return g()
        finally:
            return h()
    except Exception as e:
        try:
            raise
        except:
            return e
    finally:
        for i in x:
            try:
                pass
            finally:
                continue
""",
    """
def f():
    for i in x:
        try:
            pass
        except E as e:
            for j in y:
                return e
        finally:
            return i
""",
    """
def g():
    try:
        yield 1
    finally:
        yield 2
    with ctx() as c:
        yield from c
    x = [(yield)] if False else None
""",
    """
x = 1
if x:
    x = 2
if 0:
    y = 1
while 0:
    pass
while 1:
    break
if not x and y or z:
    pass
if a < b < c:
    pass
if (a if b else c):
    pass
while not (a and b):
    pass
""",
    """
class Meta(type):
    pass
class A(metaclass=Meta):
    pass
class B(A, *bases, **kw):
    pass
class C():
    pass
@d1
@d2(1)
class D(B, A):
    def m(self):
        return __class__
""",
    """
def f(*, a, b=1, c):
    return a
def g(a, b=x, *c, d=y, **e):
    return a
def h(a, b=(1, 2), c=[1]):
    pass
""",
    """
def f():
    x = 1
    def g():
        nonlocal x
        del x
    return g
""",
    """
def f():
    x = y = 0
    def g():
        return x
    x += 1
    return [x for x in range(3)], y
""",
]

BAD_SNIPPETS = [
    "def f(x):\n    global x\n",
    "def f():\n    x = 1\n    global x\n",
    "def f():\n    print(x)\n    global x\n",
    "nonlocal x\n",
    "def f():\n    nonlocal x\n",
    "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n",
    "def f(a, b, a): pass",
    "def f(a, *, a): pass",
    "def f(a, *a): pass",
    "def f(a, **a): pass",
    "lambda a, a: 1",
    "[(yield x) for x in y]",
    "def f():\n    {(yield x) for x in y}",
    "def f():\n    ((yield x) for x in y)",
    "def f():\n    {x: (yield) for x in y}",
    "def f():\n    [(yield from x) for x in y]",
    "[x for x in (y := [1])]",
    "[x for x in range(3) if (x := 1)]",
    "class C:\n    [(z := 1) for x in y]",
    "def f():\n    [i for i in range(3) for j in (k := [1])]",
    "def f():\n    [(i := 1) for i in range(3)]",
    "def f():\n    [[(j := 1) for i in range(3)] for j in range(2)]",
    "return 1",
    "class C:\n    return 1",
    "x = 1\nyield x",
    "class C:\n    yield 1",
    "class C:\n    x = yield from y",
    "break",
    "continue",
    "while 1:\n    def f():\n        break",
    "for x in y:\n    pass\nelse:\n    continue",
    "def f():\n    from m import *",
    "class C:\n    from m import *",
    "class C:\n    nonlocal x\n",
    "def f():\n  x = 1\n  nonlocal x",
    "def f():\n  print(x)\n  nonlocal x",
    "def f(x):\n  nonlocal x",
    "x: int = 1\ndef f():\n  x: int\n  global x",
    "def f():\n  x: int\n  nonlocal x",
    "def f():\n  try:\n    pass\n  finally:\n    continue",
    "try:\n pass\nexcept:\n pass\nexcept E:\n pass\n",
    "f(a=1, a=2)",
    "f(x, a=1, b=2, *c, a=3)",
    "*a = 1",
    "a, *b, *c = d",
    "__debug__ = 1",
    "del __debug__",
    "def f(__debug__): pass",
    "x = *a",
    "for *x in y: pass",
    "with a as *b: pass",
    "x += yield",
    "def f():\n    class C:\n        def g(self):\n            nonlocal C\n",
    "def f():\n    def g():\n        global x\n    def h():\n        nonlocal x\n    x = 1",
    "def f():\n    if 0:\n        return\n    return\nbreak",
    "if 0:\n    return",
    "while False:\n    yield 1",
    "f(**{}, __debug__=1)",
    "a.__debug__ = 1",
    "x = 1\ndef f():\n    def g():\n        return 1\n    return 2\nreturn 3",
]


# ---------------------------------------------------------------------------------
# tests of the helpers themselves
# ---------------------------------------------------------------------------------

def _fake(instrs, consts=(None,), varnames=(), stacksize=None):
    code = CodeObject("f", "f", "<fake>", 1)
    code.co_code = [opcodes.OPCODE[n] for n, _ in instrs]
    code.co_arg = [a for _, a in instrs]
    code.co_lines = [1] * len(instrs)
    code.co_positions = [(1, 1, 0, 0)] * len(instrs)
    code.co_consts = list(consts)
    code.co_varnames = tuple(varnames)
    code.co_stacksize = stacksize if stacksize is not None else 1
    return code


def test_checker_accepts_a_good_sequence():
    code = _fake([("PUSH_NULL", 0), ("LOAD_CONST", 0), ("CALL", 0), ("RETURN_VALUE", 0)],
                 stacksize=2)
    assert check_code(code)


def test_checker_rejects_a_call_without_null():
    code = _fake([("LOAD_CONST", 0), ("LOAD_CONST", 0), ("CALL", 0), ("RETURN_VALUE", 0)],
                 stacksize=2)
    with pytest.raises(StackError):
        check_code(code)


def test_checker_rejects_return_with_a_block():
    code = _fake([("SETUP_FINALLY", 3), ("LOAD_CONST", 0), ("RETURN_VALUE", 0),
                  ("RERAISE", 0)], stacksize=1)
    with pytest.raises(StackError):
        check_code(code)


def test_checker_rejects_a_join_mismatch():
    code = _fake([("LOAD_CONST", 0), ("POP_JUMP_IF_FALSE", 3), ("LOAD_CONST", 0),
                  ("LOAD_CONST", 0), ("RETURN_VALUE", 0)], stacksize=2)
    with pytest.raises(StackError):
        check_code(code)


def test_checker_rejects_a_block_above_the_stack():
    # the handler of SETUP_FINALLY is set at depth 1, then the stack is emptied
    code = _fake([("LOAD_CONST", 0), ("SETUP_FINALLY", 4), ("POP_TOP", 0), ("JUMP", 5),
                  ("RERAISE", 0), ("LOAD_CONST", 0), ("RETURN_VALUE", 0)], stacksize=2)
    with pytest.raises(StackError):
        check_code(code)


def test_checker_rejects_wrong_stacksize():
    code = _fake([("LOAD_CONST", 0), ("RETURN_VALUE", 0)], stacksize=5)
    with pytest.raises(StackError):
        check_code(code)


def test_corpus_is_not_empty():
    assert len(SNIPPETS) > 20
    assert len(corpus_sources()) > 10
