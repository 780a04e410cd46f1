"""Semantic errors: the same message and position as CPython 3.11's compiler."""

import ast
import sys

import pytest

from minipy.compiler import compile_module
from minipy.errors import MiniSyntaxError

from minipy.bytecode import opcodes
from test_compiler_support import BAD_SNIPPETS, compile_src, iter_codes

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="compares with CPython 3.11's compiler")


def _host_error(src):
    try:
        compile(src, "<bad>", "exec")
    except SyntaxError as e:
        return (e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    return None


def _my_error(src):
    try:
        compile_module(ast.parse(src), "<bad>", src)
    except MiniSyntaxError as e:
        return (e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    return None


@pytest.mark.parametrize("src", BAD_SNIPPETS)
def test_error_matches_cpython(src):
    # (a few of these are valid and must compile on both sides)
    assert _my_error(src) == _host_error(src)


@pytest.mark.parametrize("src,msg", [
    ("return 1", "'return' outside function"),
    ("break", "'break' outside loop"),
    ("continue", "'continue' not properly in loop"),
    ("yield 1", "'yield' outside function"),
    ("nonlocal x", "nonlocal declaration not allowed at module level"),
    ("def f():\n    nonlocal x", "no binding for nonlocal 'x' found"),
    ("def f(x):\n    global x", "name 'x' is parameter and global"),
    ("def f():\n    x\n    global x", "name 'x' is used prior to global declaration"),
    ("def f():\n    x = 1\n    global x", "name 'x' is assigned to before global declaration"),
    ("def f():\n    x = 1\n    nonlocal x", "name 'x' is assigned to before nonlocal declaration"),
    ("def f(x, x): pass", "duplicate argument 'x' in function definition"),
    ("[(yield) for x in y]", "'yield' inside list comprehension"),
    ("[x for x in (y := z)]",
     "assignment expression cannot be used in a comprehension iterable expression"),
])
def test_brief_messages(src, msg):
    with pytest.raises(MiniSyntaxError) as info:
        compile_src(src)
    assert info.value.msg == msg
    assert info.value.kind == "SyntaxError"


def test_error_carries_the_source_line_and_formats_like_cpython():
    src = "x = 1\ndef f():\n    pass\nwhile x:\n    pass\nbreak\n"
    with pytest.raises(MiniSyntaxError) as info:
        compile_module(ast.parse(src), "prog.mpy", src)
    e = info.value
    assert (e.filename, e.lineno, e.offset, e.text) == ("prog.mpy", 6, 1, "break")
    assert e.format() == ('  File "prog.mpy", line 6\n'
                          '    break\n'
                          '    ^^^^^\n'
                          "SyntaxError: 'break' outside loop\n")


def test_error_without_source_has_no_text():
    with pytest.raises(MiniSyntaxError) as info:
        compile_module(ast.parse("return"), "prog.mpy")
    assert info.value.text is None
    assert info.value.lineno == 1


def test_symtable_errors_come_before_codegen_errors():
    # CPython reports the scope error even though 'return' comes first
    src = "return 1\ndef f():\n    nonlocal q\n"
    assert _my_error(src) == _host_error(src)


def test_errors_inside_dead_code_are_still_reported():
    assert _my_error("if 0:\n    break\n")[0] == "'break' outside loop"
    assert _my_error("while 0:\n    def f():\n        continue\n")[0] == \
        "'continue' not properly in loop"


def test_asynchronous_generators_compile():
    code = compile_src("async def f():\n    yield 1\ng = (x async for x in y)\n")
    flags = {c.co_name: c.co_flags for c in iter_codes(code)}
    assert flags["f"] & opcodes.CO_ASYNC_GENERATOR
    assert flags["<genexpr>"] & opcodes.CO_ASYNC_GENERATOR
    assert not flags["f"] & (opcodes.CO_COROUTINE | opcodes.CO_GENERATOR)


@pytest.mark.parametrize("src", [
    "await x\n", "def f():\n    await x\n", "async def f():\n    yield from x\n",
    "def f():\n    async for x in y:\n        pass\n", "async with x:\n    pass\n",
    "f = lambda: await x\n", "x = [await y for y in z]\n", "class C:\n    await x\n",
    "async def f():\n    def g():\n        await x\n",
    "async def f():\n    yield 1\n    return 2\n", "[x async for x in y]\n",
    "def f():\n    return [x async for x in y]\n", "def f():\n    return {x: 1 async for x in y}\n",
    "def f():\n    return [[x async for x in y] for z in w]\n",
])
def test_misplaced_await_and_async_statements_are_cpythons_errors(src):
    assert _my_error(src) == _host_error(src)


def test_mode_must_match_the_tree():
    with pytest.raises(ValueError):
        compile_module(ast.parse("1"), "<t>", "1", mode="eval")
    with pytest.raises(ValueError):
        compile_module(ast.parse("1"), "<t>", "1", mode="bogus")
