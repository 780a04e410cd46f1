"""The compiler against CPython 3.11 itself: scopes and code object attributes.

* ``symtable``: for every scope, every symbol's flags and resolved scope equal
  those of the host's ``symtable`` module.
* code objects: co_name, co_qualname, co_firstlineno, argument counts,
  co_varnames (CPython's order), co_cellvars, co_freevars, co_names (same
  names in the same order) and the flags minipy defines equal the host's
  ``compile()``, for every nested code object.
"""

import ast
import symtable as host_symtable
import sys
import types
from collections import defaultdict

import pytest

from minipy.bytecode import opcodes
from minipy.compiler import build_symtable
from minipy.compiler import symtable as st

from test_compiler_support import SNIPPETS, compile_src, corpus_sources, iter_codes

pytestmark = [pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                 reason="compares with CPython 3.11's compiler"),
              # (some corpus programs have compile-time SyntaxWarnings on purpose)
              pytest.mark.filterwarnings("ignore::SyntaxWarning")]

CORPUS = corpus_sources()
SOURCES = [("snippet%d" % i, s) for i, s in enumerate(SNIPPETS)] + CORPUS
IDS = [name for name, _ in SOURCES]


def _host_codes(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from _host_codes(c)


def _host_tables(t):
    out = [t]
    for c in t.get_children():
        out.extend(_host_tables(c))
    return out


def _my_tables(scope):
    out = [scope]
    for c in scope.children:
        out.extend(_my_tables(c))
    return out


MY_FLAGS = (opcodes.CO_OPTIMIZED | opcodes.CO_NEWLOCALS | opcodes.CO_VARARGS |
            opcodes.CO_VARKEYWORDS | opcodes.CO_NESTED | opcodes.CO_GENERATOR |
            opcodes.CO_COROUTINE | opcodes.CO_ASYNC_GENERATOR)

ATTRS = ["co_name", "co_qualname", "co_firstlineno", "co_argcount", "co_posonlyargcount",
         "co_kwonlyargcount", "co_varnames", "co_cellvars", "co_freevars", "co_names"]


@pytest.mark.parametrize("name,src", SOURCES, ids=IDS)
def test_symtable_matches_host(name, src):
    host = _host_tables(host_symtable.symtable(src, name, "exec"))
    mine = _my_tables(build_symtable(ast.parse(src), name, src).top)
    assert [t.get_name() for t in host] == [s.name for s in mine]
    for ht, ms in zip(host, mine):
        assert ht.get_type() == ms.kind
        hsyms = {s.get_name(): s._Symbol__flags for s in ht.get_symbols()}
        assert hsyms == ms.symbols, ms.name
        if ht.get_type() == "function":
            assert list(ht.get_parameters()) == ms.varnames


@pytest.mark.parametrize("name,src", SOURCES, ids=IDS)
def test_code_attributes_match_host(name, src):
    host = list(_host_codes(compile(src, name, "exec")))
    mine = list(iter_codes(compile_src(src, filename=name)))
    # CPython merges equal constants, so pair code objects by (qualname, line), in order
    pending = defaultdict(list)
    for m in mine:
        pending[(m.co_qualname, m.co_firstlineno)].append(m)
    assert sorted(pending) == sorted({(h.co_qualname, h.co_firstlineno) for h in host})
    for h in host:
        m = pending[(h.co_qualname, h.co_firstlineno)].pop(0)
        for attr in ATTRS:
            hv = getattr(h, attr)
            mv = getattr(m, attr)
            if isinstance(hv, tuple):
                mv = tuple(mv)
            assert mv == hv, (h.co_qualname, attr)
        assert m.co_flags == h.co_flags & MY_FLAGS, h.co_qualname
        is_def = h.co_flags & opcodes.CO_OPTIMIZED and not h.co_name.startswith("<")
        if is_def and isinstance(h.co_consts[0], str):
            assert m.co_doc == h.co_consts[0]
        else:
            assert m.co_doc is None


def test_cell2arg_lists_arguments_that_are_cells():
    code = compile_src("def f(a, b, *c, d, **e):\n"
                       "    x = 1\n"
                       "    def g(): return a, c, e, x, d\n"
                       "    return g\n")
    f = [c for c in iter_codes(code) if c.co_name == "f"][0]
    assert f.co_cellvars == ("a", "d", "c", "e", "x")
    assert f.co_varnames[:5] == ("a", "b", "d", "c", "e")
    assert f.co_cell2arg == ((0, 0), (1, 2), (2, 3), (3, 4))


def test_scope_queries():
    tree = ast.parse("def f(a):\n    b = 1\n    def g():\n        return a, c\n    return g\n")
    table = build_symtable(tree, "<t>")
    f = table.top.children[0]
    g = f.children[0]
    assert f.scope_of("a") == st.CELL
    assert f.scope_of("b") == st.LOCAL
    assert g.scope_of("a") == st.FREE
    assert g.scope_of("c") == st.GLOBAL_IMPLICIT
    assert f.nested is False and g.nested is True
    assert table.lookup(tree.body[0]) is f


@pytest.mark.parametrize("private,name,expected", [
    ("C", "__x", "_C__x"),
    ("_C", "__x", "_C__x"),
    ("__C", "__x", "_C__x"),
    ("C", "__x__", "__x__"),
    ("C", "_x", "_x"),
    ("C", "__a.b", "__a.b"),
    ("___", "__x", "__x"),
    (None, "__x", "__x"),
])
def test_mangle(private, name, expected):
    assert st.mangle(private, name) == expected
