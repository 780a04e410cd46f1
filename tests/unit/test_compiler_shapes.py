"""The exact instruction shapes of the compiler/VM contract (see the brief in
``minipy/compiler`` and the docs in ``opcodes.py``)."""

import pytest

from minipy.bytecode import opcodes
from minipy.bytecode.code import CodeObject

from test_compiler_support import check_code, compile_src, find_code


def listing(code):
    """One readable string per instruction: 'NAME', 'NAME operand' or 'NAME detail'."""
    out = []
    for op, arg in zip(code.co_code, code.co_arg):
        name = opcodes.OPNAME[op]
        kind = opcodes.OPERAND_KIND[op]
        if kind == "none":
            out.append(name)
        elif kind == "const":
            v = code.co_consts[arg]
            out.append("%s %s" % (name, "<code %s>" % v.co_name if isinstance(v, CodeObject)
                                  else repr(v)))
        elif kind == "name":
            out.append("%s %s" % (name, code.co_names[arg]))
        elif kind == "local":
            out.append("%s %s" % (name, code.co_varnames[arg]))
        elif kind == "deref":
            out.append("%s %s" % (name, (code.co_cellvars + code.co_freevars)[arg]))
        elif kind == "jump":
            out.append("%s ->%d" % (name, arg))
        elif kind == "binop":
            out.append("%s %s" % (name, opcodes.BINARY_OPS[arg][0]))
        elif kind == "cmpop":
            out.append("%s %s" % (name, opcodes.COMPARE_OPS[arg][0]))
        else:
            out.append("%s %d" % (name, arg))
    return out


def module(src, mode="exec"):
    code = compile_src(src, mode=mode)
    check_code(code)
    return code


def mod_ops(src):
    """The module's listing without the final LOAD_CONST None / RETURN_VALUE."""
    ops = listing(module(src))
    assert ops[-2:] == ["LOAD_CONST None", "RETURN_VALUE"]
    return ops[:-2]


def func_ops(src, qualname="f"):
    return listing(find_code(module(src), qualname))


# -- calls ---------------------------------------------------------------------------

def test_plain_call():
    assert mod_ops("f(a, b)") == [
        "PUSH_NULL", "LOAD_NAME f", "LOAD_NAME a", "LOAD_NAME b", "CALL 2", "POP_TOP"]


def test_method_call():
    assert mod_ops("o.m(a)") == [
        "LOAD_NAME o", "LOAD_METHOD m", "LOAD_NAME a", "CALL 1", "POP_TOP"]


def test_keyword_call():
    assert mod_ops("f(a, k=1, j=b)") == [
        "PUSH_NULL", "LOAD_NAME f", "LOAD_NAME a", "LOAD_CONST 1", "LOAD_NAME b",
        "LOAD_CONST ('k', 'j')", "CALL_KW 3", "POP_TOP"]
    assert mod_ops("o.m(k=1)") == [
        "LOAD_NAME o", "LOAD_METHOD m", "LOAD_CONST 1", "LOAD_CONST ('k',)", "CALL_KW 1",
        "POP_TOP"]


def test_star_calls_build_a_tuple_and_a_dict():
    # (as CPython 3.11: a lone *a goes to CALL_FUNCTION_EX as it is, which makes the tuple)
    assert mod_ops("f(*a)") == [
        "PUSH_NULL", "LOAD_NAME f", "LOAD_NAME a", "CALL_FUNCTION_EX 0", "POP_TOP"]
    assert mod_ops("f(a, *b, c, k=1, **m)") == [
        "PUSH_NULL", "LOAD_NAME f", "LOAD_NAME a", "BUILD_LIST 1", "LOAD_NAME b",
        "LIST_EXTEND 1", "LOAD_NAME c", "LIST_APPEND 1", "LIST_TO_TUPLE",
        "LOAD_CONST 'k'", "LOAD_CONST 1", "BUILD_MAP 1", "LOAD_NAME m", "DICT_MERGE 1",
        "CALL_FUNCTION_EX 1", "POP_TOP"]
    assert mod_ops("f(**m)") == [
        "PUSH_NULL", "LOAD_NAME f", "BUILD_TUPLE 0", "BUILD_MAP 0", "LOAD_NAME m",
        "DICT_MERGE 1", "CALL_FUNCTION_EX 1", "POP_TOP"]


def test_method_call_with_star_is_a_plain_call_of_the_attribute():
    assert mod_ops("o.m(*a)") == [
        "PUSH_NULL", "LOAD_NAME o", "LOAD_ATTR m", "LOAD_NAME a", "CALL_FUNCTION_EX 0",
        "POP_TOP"]


def test_imported_module_attribute_calls_are_plain_calls():
    # CPython's is_import_originated: no LOAD_METHOD on a module imported at top level
    assert mod_ops("import m\nm.f(1)")[-6:] == [
        "PUSH_NULL", "LOAD_NAME m", "LOAD_ATTR f", "LOAD_CONST 1", "CALL 1", "POP_TOP"]


# -- definitions -------------------------------------------------------------------------

def test_function_defaults_and_kwdefaults():
    assert mod_ops("def f(a, b=1, c=2, *, d=x, e): pass") == [
        "LOAD_CONST (1, 2)", "LOAD_CONST 'd'", "LOAD_NAME x", "BUILD_MAP 1",
        "LOAD_CONST <code f>", "MAKE_FUNCTION 3", "STORE_NAME f"]
    assert mod_ops("def f(a=x, b=1): pass") == [
        "LOAD_NAME x", "LOAD_CONST 1", "BUILD_TUPLE 2", "LOAD_CONST <code f>",
        "MAKE_FUNCTION 1", "STORE_NAME f"]


def test_annotations_of_parameters_are_evaluated_when_def_runs():
    # CPython 3.11: (name, value) pairs in one tuple, MAKE_FUNCTION flag 0x04
    assert mod_ops("def f(a: int) -> str: pass") == [
        "LOAD_CONST 'a'", "LOAD_NAME int", "LOAD_CONST 'return'", "LOAD_NAME str",
        "BUILD_TUPLE 4", "LOAD_CONST <code f>", "MAKE_FUNCTION 4", "STORE_NAME f"]
    # with PEP 563 they are kept as text
    assert mod_ops("from __future__ import annotations\ndef f(a: list[int]): pass")[-6:-1] == [
        "LOAD_CONST 'a'", "LOAD_CONST 'list[int]'", "BUILD_TUPLE 2", "LOAD_CONST <code f>",
        "MAKE_FUNCTION 4"]


def test_decorators():
    assert mod_ops("@d1\n@d2(x)\ndef f(): pass") == [
        "PUSH_NULL", "LOAD_NAME d1", "PUSH_NULL", "PUSH_NULL", "LOAD_NAME d2", "LOAD_NAME x",
        "CALL 1", "LOAD_CONST <code f>", "MAKE_FUNCTION 0", "CALL 1", "CALL 1", "STORE_NAME f"]
    code = module("@d1\n@d2\ndef f(): pass")
    assert find_code(code, "f").co_firstlineno == 1


def test_closure():
    ops = func_ops("def f(a):\n    def g():\n        return a\n    return g")
    assert ops == ["LOAD_CLOSURE a", "BUILD_TUPLE 1", "LOAD_CONST <code g>", "MAKE_FUNCTION 8",
                   "STORE_FAST g", "LOAD_FAST g", "RETURN_VALUE"]
    assert func_ops("def f(a):\n    def g():\n        return a\n    return g", "f.<locals>.g") \
        == ["LOAD_DEREF a", "RETURN_VALUE"]


def test_class_definition():
    assert mod_ops("@dec\nclass C(B, metaclass=M):\n    x = 1") == [
        "PUSH_NULL", "LOAD_NAME dec", "PUSH_NULL", "LOAD_BUILD_CLASS", "LOAD_CONST <code C>",
        "MAKE_FUNCTION 0", "LOAD_CONST 'C'", "LOAD_NAME B", "LOAD_NAME M",
        "LOAD_CONST ('metaclass',)", "CALL_KW 4", "CALL 1", "STORE_NAME C"]
    assert func_ops("class C:\n    'doc'\n    x = 1", "C") == [
        "LOAD_NAME __name__", "STORE_NAME __module__", "LOAD_CONST 'C'",
        "STORE_NAME __qualname__", "LOAD_CONST 'doc'", "STORE_NAME __doc__",
        "LOAD_CONST 1", "STORE_NAME x", "LOAD_CONST None", "RETURN_VALUE"]


def test_class_cell():
    src = "class C:\n    def m(self):\n        return super().m()"
    assert func_ops(src, "C") == [
        "LOAD_NAME __name__", "STORE_NAME __module__", "LOAD_CONST 'C'",
        "STORE_NAME __qualname__", "LOAD_CLOSURE __class__", "BUILD_TUPLE 1",
        "LOAD_CONST <code m>", "MAKE_FUNCTION 8", "STORE_NAME m",
        "LOAD_CLOSURE __class__", "STORE_NAME __classcell__", "LOAD_CONST None",
        "RETURN_VALUE"]
    m = find_code(module(src), "C.m")
    assert m.co_freevars == ("__class__",)


def test_class_deref():
    src = "def f():\n    x = 1\n    class C:\n        y = x\n    return C"
    assert func_ops(src, "f.<locals>.C")[4:6] == ["LOAD_CLASSDEREF x", "STORE_NAME y"]


def test_function_docstring_is_not_executed():
    code = find_code(module("def f():\n    'the doc'\n    return 1"), "f")
    assert code.co_doc == "the doc"
    assert listing(code) == ["LOAD_CONST 1", "RETURN_VALUE"]


def test_lambda_and_qualnames():
    code = module("def f():\n    return lambda: [x for x in y]")
    assert find_code(code, "f.<locals>.<lambda>").co_name == "<lambda>"
    assert find_code(code, "f.<locals>.<lambda>.<locals>.<listcomp>").co_name == "<listcomp>"


# -- comprehensions -------------------------------------------------------------------------

def test_list_comprehension():
    code = module("r = [x * 2 for x in y if x]")
    assert listing(code)[:7] == ["PUSH_NULL", "LOAD_CONST <code <listcomp>>", "MAKE_FUNCTION 0",
                                 "LOAD_NAME y", "GET_ITER", "CALL 1", "STORE_NAME r"]
    comp = find_code(code, "<listcomp>")
    assert comp.co_varnames == (".0", "x")
    assert comp.co_argcount == 1
    assert listing(comp) == [
        "BUILD_LIST 0", "LOAD_FAST .0", "FOR_ITER ->11", "STORE_FAST x", "LOAD_FAST x",
        "POP_JUMP_IF_FALSE ->10", "LOAD_FAST x", "LOAD_CONST 2", "BINARY_OP *", "LIST_APPEND 2",
        "JUMP ->2", "RETURN_VALUE"]


def test_nested_comprehension_depth():
    comp = find_code(module("r = {k: v for a in b for k, v in a}"), "<dictcomp>")
    assert "MAP_ADD 3" in listing(comp)
    comp = find_code(module("r = {a for a in b for c in [a]}"), "<setcomp>")
    assert "SET_ADD 2" in listing(comp)     # the one-element idiom needs no iterator


def test_generator_expression():
    code = module("g = (x for x in y)")
    gen = find_code(code, "<genexpr>")
    assert gen.co_flags & opcodes.CO_GENERATOR
    assert listing(gen) == ["LOAD_FAST .0", "FOR_ITER ->7", "STORE_FAST x", "LOAD_FAST x",
                            "YIELD_VALUE", "POP_TOP", "JUMP ->1", "LOAD_CONST None",
                            "RETURN_VALUE"]


def test_walrus_in_comprehension_binds_outside():
    f = find_code(module("def f():\n    [y := i for i in z]\n    return y"), "f")
    comp = find_code(module("def f():\n    [y := i for i in z]\n    return y"),
                     "f.<locals>.<listcomp>")
    assert f.co_cellvars == ("y",)
    assert comp.co_freevars == ("y",)
    assert "STORE_DEREF y" in listing(comp)
    assert "COPY 1" in listing(comp)


# -- statements ----------------------------------------------------------------------------

def test_try_except_shape():
    ops = func_ops("def f():\n    try:\n        a()\n    except E as e:\n        b(e)\n"
                   "    except:\n        c()\n")
    assert ops == [
        "SETUP_FINALLY ->7",
        "PUSH_NULL", "LOAD_GLOBAL a", "CALL 0", "POP_TOP", "POP_BLOCK",
        "JUMP ->39",
        "PUSH_EXC_INFO",                                             # 7: [prev, exc]
        "SETUP_CLEANUP ->38",
        "LOAD_GLOBAL E", "CHECK_EXC_MATCH", "POP_JUMP_IF_FALSE ->30",
        "STORE_FAST e", "SETUP_FINALLY ->26",
        "PUSH_NULL", "LOAD_GLOBAL b", "LOAD_FAST e", "CALL 1", "POP_TOP",
        "POP_BLOCK", "LOAD_CONST None", "STORE_FAST e", "DELETE_FAST e",
        "POP_BLOCK", "POP_EXCEPT", "JUMP ->39",
        "LOAD_CONST None", "STORE_FAST e", "DELETE_FAST e", "RERAISE",  # 26: -> 38
        "POP_TOP",                                                   # 30: bare except
        "PUSH_NULL", "LOAD_GLOBAL c", "CALL 0", "POP_TOP",
        "POP_BLOCK", "POP_EXCEPT", "JUMP ->39",
        # (the final RERAISE is unreachable after a bare except: dropped)
        "POP_EXCEPT_RERAISE",                                        # 38
        "LOAD_CONST None", "RETURN_VALUE"]


def test_try_except_exact():
    ops = func_ops("def f():\n    try:\n        a\n    except E:\n        b\n")
    assert ops == [
        "SETUP_FINALLY ->5", "LOAD_GLOBAL a", "POP_TOP", "POP_BLOCK", "JUMP ->18",
        "PUSH_EXC_INFO", "SETUP_CLEANUP ->17", "LOAD_GLOBAL E", "CHECK_EXC_MATCH",
        "POP_JUMP_IF_FALSE ->16", "POP_TOP", "LOAD_GLOBAL b", "POP_TOP", "POP_BLOCK",
        "POP_EXCEPT", "JUMP ->18",
        "RERAISE", "POP_EXCEPT_RERAISE",
        "LOAD_CONST None", "RETURN_VALUE"]


def test_try_finally_exact():
    ops = func_ops("def f():\n    try:\n        a\n    finally:\n        b\n")
    assert ops == [
        "SETUP_FINALLY ->7", "LOAD_GLOBAL a", "POP_TOP", "POP_BLOCK", "LOAD_GLOBAL b",
        "POP_TOP", "JUMP ->14",
        "PUSH_EXC_INFO", "SETUP_CLEANUP ->13", "LOAD_GLOBAL b", "POP_TOP", "POP_BLOCK",
        "POP_EXCEPT_RERAISE",
        "POP_EXCEPT_RERAISE",
        "LOAD_CONST None", "RETURN_VALUE"]


def test_with_exact():
    ops = func_ops("def f():\n    with m as v:\n        b\n")
    assert ops == [
        "LOAD_GLOBAL m", "BEFORE_WITH", "SETUP_CLEANUP ->9", "STORE_FAST v", "LOAD_GLOBAL b",
        "POP_TOP", "POP_BLOCK", "WITH_EXIT", "JUMP ->20",
        "PUSH_EXC_INFO", "SETUP_CLEANUP ->19", "WITH_EXCEPT_START", "POP_JUMP_IF_TRUE ->14",
        "RERAISE", "POP_TOP", "POP_BLOCK", "POP_EXCEPT", "POP_TOP", "JUMP ->20",
        "POP_EXCEPT_RERAISE",
        "LOAD_CONST None", "RETURN_VALUE"]


def test_for_else_break():
    ops = func_ops("def f():\n    for x in y:\n        if x:\n            break\n"
                   "    else:\n        z\n")
    # break pops the iterator and skips the else clause
    assert ops == [
        "LOAD_GLOBAL y", "GET_ITER", "FOR_ITER ->9", "STORE_FAST x", "LOAD_FAST x",
        "POP_JUMP_IF_FALSE ->8", "POP_TOP", "JUMP ->11", "JUMP ->2",
        "LOAD_GLOBAL z", "POP_TOP",
        "LOAD_CONST None", "RETURN_VALUE"]


def test_return_unwinds_for_and_with():
    ops = func_ops("def f():\n    for x in y:\n        with m:\n            return x\n")
    i = ops.index("LOAD_FAST x")
    assert ops[i:i + 7] == ["LOAD_FAST x", "POP_BLOCK", "SWAP 2", "WITH_EXIT", "SWAP 2",
                            "POP_TOP", "RETURN_VALUE"]


def test_return_inlines_finally():
    ops = func_ops("def f():\n    try:\n        return a\n    finally:\n        b()\n")
    assert ops[:8] == ["SETUP_FINALLY ->%d" % ops.index("PUSH_EXC_INFO"), "LOAD_GLOBAL a",
                       "POP_BLOCK", "PUSH_NULL", "LOAD_GLOBAL b", "CALL 0", "POP_TOP",
                       "RETURN_VALUE"]


def test_return_from_named_handler():
    ops = func_ops("def f():\n    try:\n        a\n    except E as e:\n        return e\n")
    i = ops.index("LOAD_FAST e")
    assert ops[i:i + 8] == ["LOAD_FAST e", "POP_BLOCK", "POP_BLOCK", "SWAP 2", "POP_EXCEPT",
                            "LOAD_CONST None", "STORE_FAST e", "DELETE_FAST e"]
    assert ops[i + 8] == "RETURN_VALUE"


def test_return_in_finally_handler():
    ops = func_ops("def f():\n    try:\n        a\n    finally:\n        return 1\n")
    i = ops.index("PUSH_EXC_INFO")
    assert ops[i + 1].startswith("SETUP_CLEANUP")
    assert ops[i + 2:i + 9] == ["LOAD_CONST 1", "POP_BLOCK", "SWAP 2", "POP_TOP", "SWAP 2",
                                "POP_EXCEPT", "RETURN_VALUE"]


def test_assert():
    assert mod_ops("assert x, 'm'") == [
        "LOAD_NAME x", "POP_JUMP_IF_TRUE ->7", "PUSH_NULL", "LOAD_ASSERTION_ERROR",
        "LOAD_CONST 'm'", "CALL 1", "RAISE_VARARGS 1"]
    assert mod_ops("assert x") == [
        "LOAD_NAME x", "POP_JUMP_IF_TRUE ->6", "PUSH_NULL", "LOAD_ASSERTION_ERROR", "CALL 0",
        "RAISE_VARARGS 1"]


def test_raise():
    assert listing(module("raise")) == ["RAISE_VARARGS 0"]
    assert listing(module("raise E")) == ["LOAD_NAME E", "RAISE_VARARGS 1"]
    assert listing(module("raise E from C")) == ["LOAD_NAME E", "LOAD_NAME C", "RAISE_VARARGS 2"]


def test_imports():
    assert mod_ops("import a.b.c") == [
        "LOAD_CONST 0", "LOAD_CONST None", "IMPORT_NAME a.b.c", "STORE_NAME a"]
    assert mod_ops("import a.b.c as d") == [
        "LOAD_CONST 0", "LOAD_CONST None", "IMPORT_NAME a.b.c", "IMPORT_FROM b", "SWAP 2",
        "POP_TOP", "IMPORT_FROM c", "STORE_NAME d", "POP_TOP"]
    assert mod_ops("import a as b") == [
        "LOAD_CONST 0", "LOAD_CONST None", "IMPORT_NAME a", "STORE_NAME b"]
    assert mod_ops("from m import x as y, z") == [
        "LOAD_CONST 0", "LOAD_CONST ('x', 'z')", "IMPORT_NAME m", "IMPORT_FROM x",
        "STORE_NAME y", "IMPORT_FROM z", "STORE_NAME z", "POP_TOP"]
    assert mod_ops("from ..p import *") == [
        "LOAD_CONST 2", "LOAD_CONST ('*',)", "IMPORT_NAME p", "IMPORT_STAR"]
    assert mod_ops("from . import q") == [
        "LOAD_CONST 1", "LOAD_CONST ('q',)", "IMPORT_NAME ", "IMPORT_FROM q", "STORE_NAME q",
        "POP_TOP"]


def test_augmented_assignment():
    assert mod_ops("x += 1") == ["LOAD_NAME x", "LOAD_CONST 1", "BINARY_OP +=", "STORE_NAME x"]
    assert mod_ops("a.x -= v") == [
        "LOAD_NAME a", "COPY 1", "LOAD_ATTR x", "LOAD_NAME v", "BINARY_OP -=", "SWAP 2",
        "STORE_ATTR x"]
    assert mod_ops("a[k] *= v") == [
        "LOAD_NAME a", "LOAD_NAME k", "COPY 2", "COPY 2", "BINARY_SUBSCR", "LOAD_NAME v",
        "BINARY_OP *=", "SWAP 3", "SWAP 2", "STORE_SUBSCR"]


def test_assignments_and_unpacking():
    assert mod_ops("a = b = c") == ["LOAD_NAME c", "COPY 1", "STORE_NAME a", "STORE_NAME b"]
    assert mod_ops("a, b = c") == ["LOAD_NAME c", "UNPACK_SEQUENCE 2", "STORE_NAME a",
                                   "STORE_NAME b"]
    assert mod_ops("a, *b, c, d = e") == ["LOAD_NAME e", "UNPACK_EX %d" % (1 | 2 << 8),
                                          "STORE_NAME a", "STORE_NAME b", "STORE_NAME c",
                                          "STORE_NAME d"]
    assert mod_ops("a, b = b, a") == ["LOAD_NAME b", "LOAD_NAME a", "SWAP 2", "STORE_NAME a",
                                      "STORE_NAME b"]
    assert mod_ops("o.x, o[k] = v") == [
        "LOAD_NAME v", "UNPACK_SEQUENCE 2", "LOAD_NAME o", "STORE_ATTR x", "LOAD_NAME o",
        "LOAD_NAME k", "STORE_SUBSCR"]
    assert mod_ops("del a, b.c, d[e]") == [
        "DELETE_NAME a", "LOAD_NAME b", "DELETE_ATTR c", "LOAD_NAME d", "LOAD_NAME e",
        "DELETE_SUBSCR"]


def test_annotations():
    assert mod_ops("x: int = 1\ny: str") == [
        "SETUP_ANNOTATIONS", "LOAD_CONST 1", "STORE_NAME x", "LOAD_NAME int",
        "LOAD_NAME __annotations__", "LOAD_CONST 'x'", "STORE_SUBSCR", "LOAD_NAME str",
        "LOAD_NAME __annotations__", "LOAD_CONST 'y'", "STORE_SUBSCR"]
    assert func_ops("def f():\n    x: int = 1\n    y: str") == [
        "LOAD_CONST 1", "STORE_FAST x", "LOAD_CONST None", "RETURN_VALUE"]


# -- expressions ------------------------------------------------------------------------------

def test_chained_comparison_evaluates_middle_once():
    assert mod_ops("r = a < b <= c") == [
        "LOAD_NAME a", "LOAD_NAME b", "SWAP 2", "COPY 2", "COMPARE_OP <",
        "JUMP_IF_FALSE_OR_POP ->9", "LOAD_NAME c", "COMPARE_OP <=", "JUMP ->11",
        "SWAP 2", "POP_TOP", "STORE_NAME r"]


def test_is_in_and_boolops():
    assert mod_ops("r = a is not b") == ["LOAD_NAME a", "LOAD_NAME b", "IS_OP 1", "STORE_NAME r"]
    assert mod_ops("r = a not in b") == ["LOAD_NAME a", "LOAD_NAME b", "CONTAINS_OP 1",
                                         "STORE_NAME r"]
    assert mod_ops("r = a and b or c") == [
        "LOAD_NAME a", "JUMP_IF_FALSE_OR_POP ->3", "LOAD_NAME b", "JUMP_IF_TRUE_OR_POP ->5",
        "LOAD_NAME c", "STORE_NAME r"]
    assert mod_ops("r = not a") == ["LOAD_NAME a", "UNARY_NOT", "STORE_NAME r"]


def test_conditions_jump_directly():
    assert mod_ops("if not a and b:\n    c") == [
        "LOAD_NAME a", "POP_JUMP_IF_TRUE ->6", "LOAD_NAME b", "POP_JUMP_IF_FALSE ->6",
        "LOAD_NAME c", "POP_TOP"]


def test_slices_and_subscripts():
    assert mod_ops("r = a[1:2]") == ["LOAD_NAME a", "LOAD_CONST 1", "LOAD_CONST 2",
                                     "BUILD_SLICE 2", "BINARY_SUBSCR", "STORE_NAME r"]
    assert mod_ops("r = a[::s]") == ["LOAD_NAME a", "LOAD_CONST None", "LOAD_CONST None",
                                     "LOAD_NAME s", "BUILD_SLICE 3", "BINARY_SUBSCR",
                                     "STORE_NAME r"]


def test_displays():
    assert mod_ops("r = (a, *b)") == [
        "LOAD_NAME a", "BUILD_LIST 1", "LOAD_NAME b", "LIST_EXTEND 1", "LIST_TO_TUPLE",
        "STORE_NAME r"]
    assert mod_ops("r = {*a, 1}") == ["BUILD_SET 0", "LOAD_NAME a", "SET_UPDATE 1",
                                      "LOAD_CONST 1", "SET_ADD 1", "STORE_NAME r"]
    assert mod_ops("r = {1: a, **m}") == ["LOAD_CONST 1", "LOAD_NAME a", "BUILD_MAP 1",
                                          "LOAD_NAME m", "DICT_UPDATE 1", "STORE_NAME r"]
    assert mod_ops("r = (1, (2, 'x'), None)") == ["LOAD_CONST (1, (2, 'x'), None)",
                                                  "STORE_NAME r"]
    assert mod_ops("r = [1, 2, 3]") == ["BUILD_LIST 0", "LOAD_CONST (1, 2, 3)", "LIST_EXTEND 1",
                                        "STORE_NAME r"]


def test_constant_folding():
    assert mod_ops("r = -1") == ["LOAD_CONST -1", "STORE_NAME r"]
    assert mod_ops("r = 2 ** 10 + 1") == ["LOAD_CONST 1025", "STORE_NAME r"]
    assert mod_ops("r = 1 / 0") == ["LOAD_CONST 1", "LOAD_CONST 0", "BINARY_OP /",
                                    "STORE_NAME r"]
    assert mod_ops("r = 2 ** 1000")[-2:] == ["BINARY_OP **", "STORE_NAME r"]


def test_fstrings():
    assert mod_ops("r = f'a{x!r:>{w}}b'") == [
        "LOAD_CONST 'a'", "LOAD_NAME x", "LOAD_CONST '>'", "LOAD_NAME w", "FORMAT_VALUE 0",
        "BUILD_STRING 2", "FORMAT_VALUE %d" % (opcodes.FVC_REPR | opcodes.FVS_HAVE_SPEC),
        "LOAD_CONST 'b'", "BUILD_STRING 3", "STORE_NAME r"]
    assert mod_ops("r = f'{x}'") == ["LOAD_NAME x", "FORMAT_VALUE 0", "STORE_NAME r"]
    assert mod_ops("r = f'{x=}'") == ["LOAD_CONST 'x='", "LOAD_NAME x", "FORMAT_VALUE 2",
                                      "BUILD_STRING 2", "STORE_NAME r"]
    assert mod_ops("r = '%s-%r' % (a, b)") == [
        "LOAD_NAME a", "FORMAT_VALUE 1", "LOAD_CONST '-'", "LOAD_NAME b", "FORMAT_VALUE 2",
        "BUILD_STRING 3", "STORE_NAME r"]


def test_yield_and_yield_from():
    ops = func_ops("def f():\n    x = yield 1\n    return (yield from g)")
    assert ops == ["LOAD_CONST 1", "YIELD_VALUE", "STORE_FAST x", "LOAD_GLOBAL g",
                   "GET_YIELD_FROM_ITER", "LOAD_CONST None", "SEND ->9", "YIELD_VALUE",
                   "JUMP ->6", "RETURN_VALUE"]
    code = find_code(module("def f():\n    yield"), "f")
    assert code.co_flags & opcodes.CO_GENERATOR


def test_walrus_and_conditional_expression():
    assert mod_ops("r = (y := f) if c else d") == [
        "LOAD_NAME c", "POP_JUMP_IF_FALSE ->6", "LOAD_NAME f", "COPY 1", "STORE_NAME y",
        "JUMP ->7", "LOAD_NAME d", "STORE_NAME r"]


def test_global_and_local_ops():
    src = "g = 1\ndef f(a):\n    global h\n    b = a + g\n    h = b\n    del b\n"
    assert func_ops(src) == ["LOAD_FAST a", "LOAD_GLOBAL g", "BINARY_OP +", "STORE_FAST b",
                             "LOAD_FAST b", "STORE_GLOBAL h", "DELETE_FAST b",
                             "LOAD_CONST None", "RETURN_VALUE"]


def test_name_mangling():
    src = "class C:\n    def __m(self, __a):\n        return self.__x + __a\n"
    code = module(src)
    m = find_code(code, "C.__m")
    assert m.co_varnames == ("self", "_C__a")
    assert listing(m) == ["LOAD_FAST self", "LOAD_ATTR _C__x", "LOAD_FAST _C__a",
                          "BINARY_OP +", "RETURN_VALUE"]
    assert "STORE_NAME _C__m" in listing(find_code(code, "C"))


def test_while_true_has_no_test():
    ops = listing(module("while True:\n    f()"))
    assert ops == ["PUSH_NULL", "LOAD_NAME f", "CALL 0", "POP_TOP", "JUMP ->0"]


def test_positions_and_lines():
    src = "x = (a +\n     b)\ny = o.\\\n    m(1)\n"
    code = module(src)
    ops = listing(code)
    binop = ops.index("BINARY_OP +")
    assert code.co_positions[binop] == (1, 2, 5, 6)
    meth = ops.index("LOAD_METHOD m")
    assert code.co_lines[meth] == 4
    assert code.co_lines[0] == 1


@pytest.mark.parametrize("src", ["x = 1", "def f(): pass", "class C: pass"])
def test_every_code_ends_in_a_return(src):
    code = module(src)
    assert listing(code)[-1] == "RETURN_VALUE"
