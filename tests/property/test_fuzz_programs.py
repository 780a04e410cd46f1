"""Differential fuzzing: random valid programs run identically under python3 and minipy.

A hypothesis strategy writes whole programs from the supported subset:
assignments of ints, strs, lists, tuples, dicts and sets to a few names,
arithmetic / comparison / boolean expressions, string methods, slicing and
indexing, if/elif/else, bounded for and while loops with break/continue,
small functions (defaults, *args, keywords), comprehensions, a small class
with __init__/__repr__/a method, f-strings with format specs, and a print of
the result after every statement.  Expressions that may raise are wrapped in
try/except printing ``type(e).__name__, e``, so error messages are compared
too.  Values stay small: ints are clamped by ``_c``, strs and lists are cut
on assignment, loops are short.

Each program runs under ``python3`` (PYTHONHASHSEED=0) and in-process under
minipy; stdout and exit status must be identical and the heap audit clean.

Quick run: 25 examples (part of the default suite).  Long run:
``python3 -m pytest -m fuzz tests/property/test_fuzz_programs.py`` (500 examples;
MINIPY_FUZZ_EXAMPLES=N for more).
A failing program is printed in full by the assertion, ready to be reduced
into ``tests/conformance/fuzz/``.
"""

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from minipy.api import Interpreter

INTS = ["a", "b", "c"]
STRS = ["s", "t"]
ERRORS = "(ZeroDivisionError, IndexError, KeyError, TypeError, ValueError, AttributeError)"

PRELUDE = """\
class Oops(Exception):
    pass
def _c(n):
    return n if -999 < n < 999 else n % 997
a = 3
b = -2
c = 7
s = 'Hello, World'
t = ' a b  c '
L = [1, 2, 3]
W = ['x', 'yy', 'zzz']
T = (4, 5, 6)
D = {'k': 1, 'q': 2}
S = {1, 2, 3}
"""

STR_LITS = ["''", "'a'", "'ab'", "'a b c'", "' x '", "'Hello'", "'l'", "'o'", "','",
            "'-'", "'a,b,,c'", "'MiXeD'", "'  '", "'xyz'"]
KEYS = ["'k'", "'q'", "'z'", "'a'"]


class Gen:
    def __init__(self, draw):
        self.draw = draw
        self.nfunc = 0
        self.funcs = []          # (name, n_required, has_default, has_star)
        self.klass = None
        self.loopvar = 0
        self.indent_fuel = 0

    def choice(self, seq):
        return self.draw(st.sampled_from(seq))

    def intn(self, lo, hi):
        return self.draw(st.integers(lo, hi))

    # ---- expressions ---------------------------------------------------------------------

    def int_expr(self, d=2, names=None):
        names = names if names is not None else INTS
        opts = ["lit", "var"]
        if d > 0:
            opts += ["bin", "bin", "neg", "len", "minmax", "cond", "find", "idx", "call",
                     "pow", "abs", "sum", "count", "method", "divmod", "int_str", "bool"]
        k = self.choice(opts)
        sub = lambda: self.int_expr(d - 1, names)
        if k == "lit" or (k == "var" and not names):
            return str(self.intn(-5, 20))
        if k == "var":
            return self.choice(names)
        if k == "bin":
            op = self.choice(["+", "-", "*", "//", "%", "&", "|", "^", "<<"])
            if op == "<<":
                return "(%s << %d)" % (sub(), self.intn(0, 4))
            return "(%s %s %s)" % (sub(), op, sub())
        if k == "neg":
            return "(-%s)" % sub()
        if k == "len":
            return "len(%s)" % self.choice([self.str_expr(d - 1), self.list_expr(d - 1), "D", "S", "T"])
        if k == "minmax":
            return "%s(%s, %s)" % (self.choice(["min", "max"]), sub(), sub())
        if k == "cond":
            return "(%s if %s else %s)" % (sub(), self.bool_expr(d - 1, names), sub())
        if k == "find":
            return "%s.%s(%s)" % (self.str_atom(d - 1), self.choice(["find", "count", "rfind"]),
                                  self.choice(STR_LITS))
        if k == "idx":
            return "%s[%s]" % (self.choice(["L", "T", "list(range(5))"]), sub())
        if k == "call" and self.funcs:
            return self.call_expr(d - 1, names)
        if k == "call" and self.klass:
            return "%s(%s).m(%s)" % (self.klass, sub(), sub())
        if k == "pow":
            return "(%s ** %d)" % (sub(), self.intn(0, 3))
        if k == "abs":
            return "abs(%s)" % sub()
        if k == "sum":
            return "sum(%s)" % self.list_expr(d - 1)
        if k == "count":
            return "%s.count(%s)" % (self.choice(["L", "T"]), sub())
        if k == "method":
            return "D.get(%s, %s)" % (self.choice(KEYS), sub())
        if k == "divmod":
            return "divmod(%s, %s)[%d]" % (sub(), sub(), self.intn(0, 1))
        if k == "int_str":
            return "int(%s)" % self.choice(["'12'", "' -3 '", "'0'", "'x1'", "str(%s)" % sub()])
        if k == "bool":
            return "(%s)" % self.bool_expr(d - 1, names)
        return str(self.intn(0, 9))

    def bool_expr(self, d=2, names=None):
        names = names if names is not None else INTS
        k = self.choice(["cmp", "cmp", "scmp", "in", "and", "not", "chain", "isinst", "any"]
                        if d > 0 else ["cmp", "lit"])
        if k == "lit":
            return self.choice(["True", "False"])
        if k == "cmp":
            return "%s %s %s" % (self.int_expr(d - 1 if d else 0, names),
                                 self.choice(["<", "<=", "==", "!=", ">", ">="]),
                                 self.int_expr(d - 1 if d else 0, names))
        if k == "scmp":
            return "%s %s %s" % (self.str_expr(d - 1), self.choice(["<", "==", "!=", ">="]),
                                 self.str_expr(d - 1))
        if k == "in":
            return self.choice([
                "%s in %s" % (self.int_expr(d - 1, names), self.choice(["L", "T", "S", "range(4)"])),
                "%s not in D" % self.choice(KEYS),
                "%s in %s" % (self.choice(STR_LITS), self.str_atom(d - 1))])
        if k == "and":
            return "(%s %s %s)" % (self.bool_expr(d - 1, names), self.choice(["and", "or"]),
                                   self.bool_expr(d - 1, names))
        if k == "not":
            return "not (%s)" % self.bool_expr(d - 1, names)
        if k == "chain":
            return "%s < %s <= %s" % (self.int_expr(0, names), self.int_expr(0, names),
                                      self.int_expr(0, names))
        if k == "isinst":
            return "isinstance(%s, %s)" % (self.choice(["a", "s", "L", "T", "D", "S"]),
                                          self.choice(["int", "str", "list", "tuple", "(int, str)"]))
        return "%s(%s)" % (self.choice(["any", "all"]), self.list_expr(d - 1))

    def str_atom(self, d=1):
        if d <= 0:
            return self.choice(STRS + STR_LITS)
        return self.choice([self.choice(STRS), self.choice(STR_LITS), "(%s)" % self.str_expr(d - 1)])

    def str_expr(self, d=2):
        opts = ["lit", "var"]
        if d > 0:
            opts += ["concat", "method", "replace", "strip", "slice", "idx", "mul", "join",
                     "str", "fstr", "fmt", "cond", "repr"]
        k = self.choice(opts)
        if k == "lit":
            return self.choice(STR_LITS)
        if k == "var":
            return self.choice(STRS)
        if k == "concat":
            return "(%s + %s)" % (self.str_expr(d - 1), self.str_expr(d - 1))
        if k == "method":
            return "%s.%s()" % (self.str_atom(d - 1), self.choice(
                ["upper", "lower", "strip", "title", "capitalize", "swapcase", "lstrip", "rstrip"]))
        if k == "replace":
            return "%s.replace(%s, %s)" % (self.str_atom(d - 1), self.choice(STR_LITS),
                                            self.choice(STR_LITS))
        if k == "strip":
            return "%s.strip(%s)" % (self.str_atom(d - 1), self.choice(["'H'", "'d'", "' a'", "'xo'"]))
        if k == "slice":
            return "%s[%s]" % (self.str_atom(d - 1), self.slice_text())
        if k == "idx":
            return "%s[%s]" % (self.str_atom(d - 1), self.int_expr(0))
        if k == "mul":
            return "(%s * %d)" % (self.str_atom(d - 1), self.intn(-1, 3))
        if k == "join":
            return "%s.join(%s)" % (self.choice(["''", "','", "' '", "'-'"]), self.strlist_expr(d - 1))
        if k == "str":
            return "str(%s)" % self.choice([self.int_expr(d - 1), "L", "T", "D", "None", "True"])
        if k == "fstr":
            return self.fstring(d - 1)
        if k == "fmt":
            return "'%%s-%%d' %% (%s, %s)" % (self.str_atom(0), self.int_expr(d - 1))
        if k == "cond":
            return "(%s if %s else %s)" % (self.str_expr(d - 1), self.bool_expr(d - 1),
                                           self.str_expr(d - 1))
        return "repr(%s)" % self.str_atom(d - 1)

    def slice_text(self):
        parts = []
        for _ in range(self.choice([1, 2, 2, 3])):
            parts.append(self.choice(["", str(self.intn(-6, 8)), self.choice(INTS)]))
        if len(parts) == 3 and parts[2] in ("0",):
            parts[2] = "-1"
        return ":".join(parts) if len(parts) > 1 else parts[0] + ":"

    def fstring(self, d):
        pieces = []
        for _ in range(self.intn(1, 3)):
            k = self.choice(["int", "str", "float", "lit", "conv"])
            if k == "int":
                spec = self.choice(["", ":>5", ":<4", ":^7", ":04d", ":+d", ":x", ":b", ":,", ":*^9"])
                pieces.append("{%s%s}" % (self.int_expr(min(d, 1)), spec))
            elif k == "str":
                spec = self.choice(["", ":>8", ":<6", ":^10", ":.3", ":_<5"])
                pieces.append("{%s%s}" % (self.choice(STRS), spec))
            elif k == "float":
                spec = self.choice([":.2f", ":.1f", ":8.3f", ":e", ":.0%", ":g", ""])
                pieces.append("{%s / %s%s}" % (self.choice(INTS), self.choice(["3", "7", "4"]), spec))
            elif k == "conv":
                pieces.append("{%s!r}" % self.choice(STRS + ["L", "D", "T"]))
            else:
                pieces.append(self.choice(["x", " = ", "[", "]", "{{", "}}", ": "]))
        return 'f"%s"' % "".join(pieces)

    def strlist_expr(self, d=1):
        k = self.choice(["W", "split", "splitarg", "lit", "comp", "sorted"] if d > 0 else ["W", "lit"])
        if k == "W":
            return "W"
        if k == "split":
            return "%s.split()" % self.str_atom(d - 1)
        if k == "splitarg":
            return "%s.split(%s)" % (self.str_atom(d - 1), self.choice(["','", "' '", "'l'", "'a'"]))
        if k == "lit":
            return "[%s]" % ", ".join(self.choice(STR_LITS) for _ in range(self.intn(0, 3)))
        if k == "comp":
            return "[w.upper() for w in W if %s in w]" % self.choice(["'x'", "'y'", "'z'", "''"])
        return "sorted(%s%s)" % (self.choice(["W", "%s.split()" % self.str_atom(0)]),
                                 self.choice(["", ", key=len", ", reverse=True"]))

    def list_expr(self, d=2):
        opts = ["lit", "var"]
        if d > 0:
            opts += ["concat", "slice", "range", "comp", "sorted", "listof", "mul", "rev"]
        k = self.choice(opts)
        if k == "lit":
            return "[%s]" % ", ".join(self.int_expr(0) for _ in range(self.intn(0, 4)))
        if k == "var":
            return "L"
        if k == "concat":
            return "(%s + %s)" % (self.list_expr(d - 1), self.list_expr(d - 1))
        if k == "slice":
            return "%s[%s]" % (self.list_expr(d - 1), self.slice_text())
        if k == "range":
            return "list(range(%s))" % ", ".join(str(self.intn(-3, 6)) for _ in range(self.intn(1, 3)))
        if k == "comp":
            src = self.choice(["L", "range(5)", "T", "S", "D.values()"])
            cond = self.choice(["", " if x %% 2 == %d" % self.intn(0, 1), " if x > %s" % self.int_expr(0)])
            return "[%s for x in %s%s]" % (self.int_expr(1, ["x"] + INTS), src, cond)
        if k == "sorted":
            return "sorted(%s%s)" % (self.choice(["L", "T", "S", "D.values()"]),
                                     self.choice(["", ", reverse=True", ", key=abs"]))
        if k == "listof":
            return "list(%s)" % self.choice(["T", "S", "D", "D.values()", "reversed(L)"])
        if k == "mul":
            return "(%s * %d)" % (self.list_expr(0), self.intn(0, 2))
        return "%s[::-1]" % self.list_expr(d - 1)

    def call_expr(self, d, names=None):
        name, nreq, has_def, has_star = self.choice(self.funcs)
        nargs = self.intn(nreq, nreq + (1 if has_def else 0) + (2 if has_star else 0))
        if self.draw(st.integers(0, 19)) == 0:
            nargs = self.intn(0, nreq + 3)          # maybe a TypeError
        args = [self.int_expr(max(d, 0), names) for _ in range(nargs)]
        if has_def and nargs == nreq and self.draw(st.booleans()):
            args.append("y=%s" % self.int_expr(0, names))
        return "%s(%s)" % (name, ", ".join(args))

    def any_expr(self, d=2):
        k = self.choice(["int", "int", "str", "bool", "list", "tuple", "dict", "set", "float",
                         "strlist", "obj", "misc", "err", "lambda"])
        if k == "int":
            return self.int_expr(d)
        if k == "str":
            return self.str_expr(d)
        if k == "bool":
            return self.bool_expr(d)
        if k == "list":
            return self.list_expr(d)
        if k == "tuple":
            return self.choice(["T", "(%s, %s)" % (self.int_expr(1), self.str_expr(1)),
                                "tuple(%s)" % self.list_expr(1), "T[%s]" % self.slice_text(),
                                "T + (%s,)" % self.int_expr(1), "divmod(%s, %s)" % (self.int_expr(1), self.int_expr(1))])
        if k == "dict":
            return self.choice(["D", "{x: x * %s for x in range(%d)}" % (self.int_expr(0), self.intn(0, 4)),
                                "dict(zip(W, L))", "{**D, %s: %s}" % (self.choice(KEYS), self.int_expr(1)),
                                "list(D.items())", "sorted(D)", "D[%s]" % self.choice(KEYS)])
        if k == "set":
            return self.choice(["S", "S | {%s}" % self.int_expr(1), "S & set(L)", "S - {%s}" % self.int_expr(0),
                                "sorted(S ^ {%s, %s})" % (self.int_expr(0), self.int_expr(0)),
                                "{x % 3 for x in L}", "len(S)"])
        if k == "float":
            return self.choice(["%s / %s" % (self.int_expr(1), self.int_expr(1)),
                                "round(%s / 3, 2)" % self.int_expr(1),
                                "float(%s)" % self.int_expr(1), "%s * 0.5" % self.int_expr(1)])
        if k == "strlist":
            return self.strlist_expr(d)
        if k == "err":
            # expressions that often raise: their messages are compared too
            return self.choice([
                "%s + %s" % (self.choice(STRS), self.int_expr(0)),
                "%s + %s" % (self.int_expr(0), self.choice(STRS)),
                "%s < %s" % (self.choice(["a", "L", "T", "None", "D"]), self.choice(["s", "L", "T", "None"])),
                "L[%s]" % self.choice(["s", "1.5", "None"]),
                "D[%s]" % self.choice(["s", "a", "L[0]"]),
                "int(%s)" % self.choice(STRS + STR_LITS),
                "%s.index(%s)" % (self.choice(STRS), self.choice(STR_LITS)),
                "L.index(%s)" % self.int_expr(0),
                "[].pop()", "{}.popitem()", "None + %s" % self.int_expr(0),
                "len(%s)" % self.choice(["a", "None", "1.5"]),
                "%s()" % self.choice(["a", "s", "L"]),
                "%s.upper(%s)" % (self.choice(STRS), self.int_expr(0)),
                "%s.nope" % self.choice(["a", "s", "L", "D", "K(1)" if self.klass else "T"]),
                "%s * %s" % (self.choice(["L", "s", "T"]), self.choice(["1.5", "s", "L"])),
                "%s %% %s" % (self.choice(["s", "'%d %s'", "'%s'"]), self.choice(["a", "(a,)", "(a, b)", "(s, a)", "()"])),
                "T[%s] = 1" if False else "hash(%s)" % self.choice(["L", "D", "T", "(1, [2])"]),
                "%s.join(%s)" % (self.choice(["','", "''"]), self.choice(["L", "[s, a]", "T", "W"])),
                "chr(%s)" % self.int_expr(1), "ord(%s)" % self.str_expr(1),
                "max(%s)" % self.choice(["[]", "L", "W", "()", "[a, s]"]),
                "range(%s)[%s]" % (self.int_expr(0), self.int_expr(0)),
                "%s // %s" % (self.int_expr(1), self.choice(["0", "0.0", "a - a"])),
                "%s ** %s" % (self.choice(["0", "0.0", "2"]), self.choice(["-1", "-2", "0.5"])),
                "float(%s)" % self.choice(STRS + ["'1e3'", "'nan'", "'inf'", "' 2.5 '"]),
                "list(%s)" % self.choice(["a", "None", "s", "D.items()"]),
                "dict(%s)" % self.choice(["[(1, 2), (3,)]", "L", "[('a', 1)]", "a=1"]),
            ])
        if k == "lambda":
            return self.choice([
                "(lambda x, y=2: x * y + %s)(%s)" % (self.int_expr(0, ["x", "y"]), self.int_expr(1)),
                "list(map(lambda v: v * %s, %s))" % (self.int_expr(0), self.list_expr(1)),
                "list(filter(lambda v: v %% 2, %s))" % self.list_expr(1),
                "sorted(%s, key=lambda v: (-v, v))" % self.list_expr(1),
                "[(lambda: x)() for x in range(%d)]" % self.intn(0, 3),
                "list(zip(%s, %s))" % (self.list_expr(1), self.strlist_expr(1)),
                "list(enumerate(%s, %s))" % (self.strlist_expr(1), self.int_expr(0)),
                "sum(x * x for x in %s)" % self.list_expr(1),
            ])
        if k == "obj" and self.klass:
            return self.choice(["%s(%s)" % (self.klass, self.int_expr(1)),
                                "[%s(x) for x in range(%d)]" % (self.klass, self.intn(0, 3)),
                                "%s(%s).v" % (self.klass, self.str_expr(1))])
        return self.choice(["None", "(a, b) == (b, a)", "L == list(T)", "[a, s][%s]" % self.int_expr(0),
                            "type(%s).__name__" % self.choice(["a", "s", "L", "T", "D", "S", "None"]),
                            "bool(%s)" % self.list_expr(1), "W * 2"])

    # ---- statements --------------------------------------------------------------------

    def guarded(self, lines, ind):
        """Wrap statement lines in try/except printing the exception."""
        p = "    " * ind
        out = [p + "try:"] + ["    " + l for l in lines]
        out += [p + "except %s as e:" % ERRORS, p + "    print(type(e).__name__, e)"]
        return out

    def stmt(self, ind, depth, in_loop):
        p = "    " * ind
        kinds = ["assign_int", "assign_int", "assign_str", "assign_list", "print", "print",
                 "print", "aug", "mutate", "dict", "set", "unpack"]
        if depth > 0:
            kinds += ["if", "for", "while", "tryfin"]
        if in_loop:
            kinds += ["break"]
        k = self.choice(kinds)
        if k == "assign_int":
            v = self.choice(INTS)
            return self.guarded([p + "%s = _c(%s)" % (v, self.int_expr()), p + "print(%r, %s)" % (v, v)], ind)
        if k == "assign_str":
            v = self.choice(STRS)
            return self.guarded([p + "%s = (%s)[:16]" % (v, self.str_expr()), p + "print(%s)" % v], ind)
        if k == "assign_list":
            if self.draw(st.booleans()):
                return self.guarded([p + "L = [_c(x) for x in %s][:8]" % self.list_expr(),
                                     p + "print(L)"], ind)
            return self.guarded([p + "W = (%s)[:6]" % self.strlist_expr(), p + "print(W)"], ind)
        if k == "print":
            n = self.intn(1, 2)
            return self.guarded([p + "print(%s)" % ", ".join(self.any_expr() for _ in range(n))], ind)
        if k == "aug":
            v = self.choice(INTS)
            op = self.choice(["+=", "-=", "*=", "//=", "%="])
            return self.guarded([p + "%s %s %s" % (v, op, self.int_expr(1)),
                                 p + "%s = _c(%s)" % (v, v), p + "print(%s)" % v], ind)
        if k == "mutate":
            op = self.choice(["L.append(_c(%s))" % self.int_expr(1), "L.pop()", "L.pop(0)",
                              "L.insert(%s, %s)" % (self.int_expr(0), self.int_expr(0)),
                              "L.remove(%s)" % self.int_expr(0), "L.sort()", "L.reverse()",
                              "L[%s] = %s" % (self.int_expr(0), self.int_expr(0)),
                              "del L[%s]" % self.int_expr(0),
                              "L.extend(%s)" % self.choice(["T", "[a]", "range(2)"]),
                              "L = L[:8]"])
            return self.guarded([p + op, p + "L = L[:8]", p + "print(L, len(L))"], ind)
        if k == "dict":
            op = self.choice(["D[%s] = %s" % (self.choice(KEYS), self.int_expr(1)),
                              "del D[%s]" % self.choice(KEYS),
                              "D.pop(%s)" % self.choice(KEYS),
                              "D.setdefault(%s, %s)" % (self.choice(KEYS), self.int_expr(0)),
                              "D.update({%s: %s})" % (self.choice(KEYS), self.int_expr(0)),
                              "print(D[%s])" % self.choice(KEYS)])
            return self.guarded([p + op, p + "print(D)"], ind)
        if k == "set":
            op = self.choice(["S.add(%s)" % self.int_expr(0), "S.discard(%s)" % self.int_expr(0),
                              "S.remove(%s)" % self.int_expr(0), "S = S | {%s}" % self.int_expr(0),
                              "S = {x % 5 for x in S}"])
            return self.guarded([p + op, p + "print(sorted(S), len(S))"], ind)
        if k == "unpack":
            return self.guarded([p + self.choice(["a, b = b, a", "a, *rest = L",
                                                  "x, y, z = T", "(a, b), c = divmod(c, 3), a",
                                                  "q, r = s.split(',', 1)"]),
                                 p + "print(a, b, c)"], ind)
        if k == "tryfin":
            out = [p + "try:"] + self.block(ind + 1, depth - 1, in_loop)
            out += [p + "    if %s:" % self.bool_expr(1),
                    p + "        raise %s" % self.choice(["Oops(a, s)", "Oops(L)", "ValueError(s)",
                                                          "KeyError(a)", "Oops()", "IndexError"])]
            out += [p + "except %s as e:" % self.choice(["Oops", "(Oops, ValueError)", "Exception",
                                                         "LookupError"]),
                    p + "    print('caught', type(e).__name__, e, e.args, repr(e))"]
            if self.draw(st.booleans()):
                out += [p + "else:", p + "    print('else')"]
            out += [p + "finally:", p + "    print('finally')"]
            return out
        if k == "break":
            kw = self.choice(["break", "continue"])
            return [p + "if %s:" % self.bool_expr(1), p + "    print(%r)" % kw, p + "    " + kw]
        if k == "if":
            out = [p + "if %s:" % self.bool_expr()]
            out += self.block(ind + 1, depth - 1, in_loop)
            for _ in range(self.intn(0, 2)):
                out.append(p + "elif %s:" % self.bool_expr())
                out += self.block(ind + 1, depth - 1, in_loop)
            if self.draw(st.booleans()):
                out.append(p + "else:")
                out += self.block(ind + 1, depth - 1, in_loop)
            return out
        if k == "for":
            self.loopvar += 1
            i = "i%d" % self.loopvar
            src = self.choice(["range(%d)" % self.intn(0, 4), "list(L)", "T", "W[:3]",
                               "enumerate(W[:3])", "sorted(D)", "zip(T, W)"])
            out = [p + "for %s in %s:" % (i, src), p + "    print(%r, %s)" % (i, i)]
            out += self.block(ind + 1, depth - 1, True)
            if self.draw(st.integers(0, 3)) == 0:
                out += [p + "else:", p + "    print('for-else')"]
            return out
        # while with a bounded counter
        self.loopvar += 1
        w = "w%d" % self.loopvar
        out = [p + "%s = 0" % w, p + "while %s < %d:" % (w, self.intn(0, 4)),
               p + "    %s += 1" % w, p + "    print(%r, %s)" % (w, w)]
        out += self.block(ind + 1, depth - 1, True)
        return out

    def block(self, ind, depth, in_loop):
        out = []
        for _ in range(self.intn(1, 3)):
            out += self.stmt(ind, depth, in_loop)
        return out

    def function(self):
        name = "f%d" % self.nfunc
        self.nfunc += 1
        nreq = self.intn(0, 2)
        params = ["x", "z"][:nreq]
        has_def = self.draw(st.booleans())
        has_star = self.draw(st.booleans())
        names = list(params)
        if has_def:
            params.append("y=%d" % self.intn(-3, 5))
            names.append("y")
        if has_star:
            params.append("*args")
            names.append("len(args)")
            names.append("sum(args)")
        out = ["def %s(%s):" % (name, ", ".join(params))]
        if names and self.draw(st.booleans()):
            out += ["    if %s:" % self.bool_expr(1, names),
                    "        return %s" % self.int_expr(1, names)]
        if self.draw(st.integers(0, 3)) == 0:
            out += ["    r = 0", "    for k in range(%d):" % self.intn(0, 4),
                    "        r += k * %s" % self.int_expr(0, names), "    return r"]
        else:
            out.append("    return _c(%s)" % self.int_expr(2, names))
        self.funcs.append((name, nreq, has_def, has_star))
        return out

    def cls(self):
        self.klass = "K"
        return ["class K:",
                "    def __init__(self, v):",
                "        self.v = v",
                "    def __repr__(self):",
                "        return %s" % self.choice(["f'K({self.v!r})'", "'K<%s>' % (self.v,)",
                                                  "'K(' + repr(self.v) + ')'"]),
                "    def m(self, k=1):",
                "        return %s" % self.choice(["self.v + k", "self.v * k - 1",
                                                  "[self.v, k][k % 2]", "_c(self.v * k)"])]


@st.composite
def programs(draw):
    g = Gen(draw)
    lines = PRELUDE.splitlines()
    for _ in range(draw(st.integers(0, 2))):
        lines += g.function()
    if draw(st.booleans()):
        lines += g.cls()
    for _ in range(draw(st.integers(1, 6))):
        lines += g.stmt(0, 2, False)
    if draw(st.integers(0, 4)) == 0:          # end with an uncaught exception: exit status 1
        lines.append("print(%s)" % g.any_expr())
    return "\n".join(lines) + "\n"


def run_python3(src):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    p = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True,
                       env=env, timeout=60)
    return p.stdout, p.returncode, p.stderr


def run_minipy(src):
    interp = Interpreter(capture=True)
    status = interp.run_source(src, "<fuzz>")
    report = interp.audit()
    interp.finalize()
    return interp, status, report


def check(src):
    expected_out, expected_status, expected_err = run_python3(src)
    interp, status, report = run_minipy(src)
    err = interp.stderr_text()
    assert "internal error" not in err, src + "\n" + err
    assert interp.stdout_text() == expected_out, src
    assert status == expected_status, src + "\n" + err + "\n" + expected_err
    assert report["mismatches"] == [], src


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs())
def test_random_programs_match_python3(src):
    check(src)


@pytest.mark.fuzz
@settings(max_examples=int(os.environ.get("MINIPY_FUZZ_EXAMPLES", "500")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs())
def test_random_programs_match_python3_long(src):
    check(src)
