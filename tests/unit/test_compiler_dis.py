"""The disassembler: CPython-style listings driven by the instruction table."""

import io
import re

import pytest

from minipy.bytecode import opcodes
from minipy.bytecode.dis import argrepr, code_info, dis, dis_to_string

from test_compiler_support import compile_src, corpus_sources, iter_codes


def test_listing_layout():
    code = compile_src("x = 1\nif x:\n    y = x + 2\n")
    text = dis_to_string(code)
    assert text == (
        "  1           0 LOAD_CONST               0 (1)\n"
        "              2 STORE_NAME               0 (x)\n"
        "\n"
        "  2           4 LOAD_NAME                0 (x)\n"
        "              6 POP_JUMP_IF_FALSE        8 (to 16)\n"
        "\n"
        "  3           8 LOAD_NAME                0 (x)\n"
        "             10 LOAD_CONST               1 (2)\n"
        "             12 BINARY_OP                0 (+)\n"
        "             14 STORE_NAME               1 (y)\n"
        "        >>   16 LOAD_CONST               2 (None)\n"
        "             18 RETURN_VALUE\n")


def test_nested_code_objects_follow_their_parent():
    code = compile_src("def f(a):\n    def g():\n        return a\n    return g\n")
    text = dis_to_string(code)
    assert 'LOAD_CONST               0 (<code object f at 0x1, file "<test>", line 1>)' in text
    assert '\nDisassembly of <code object f at 0x1, file "<test>", line 1>:\n' in text
    assert '\nDisassembly of <code object g at 0x2, file "<test>", line 2>:\n' in text
    assert text.index("Disassembly of <code object f") < text.index("Disassembly of <code object g")
    assert "LOAD_CLOSURE             0 (a)" in text
    assert "LOAD_DEREF               0 (a)" in text
    assert "MAKE_FUNCTION            8 (closure)" in text


def test_operand_details():
    src = ("def f(p, *a, k=1, **kw):\n"
           "    q = p is not None and p in a and p < 3\n"
           "    return f'{q!r:>4}{q}' + str(kw)\n")
    text = dis_to_string(compile_src(src))
    for fragment in ["LOAD_FAST                0 (p)", "IS_OP                    1 (is not)",
                     "CONTAINS_OP              0 (in)", "COMPARE_OP               0 (<)",
                     "FORMAT_VALUE             6 (repr, with format)",
                     "FORMAT_VALUE             0", "LOAD_GLOBAL              0 (str)",
                     "MAKE_FUNCTION            2 (kwdefaults)", "BUILD_STRING             2",
                     "JUMP_IF_FALSE_OR_POP"]:
        assert fragment in text, fragment


def test_argrepr_for_every_operand_kind():
    code = compile_src("def f():\n    x = 1\n    return x\n")
    f = [c for c in iter_codes(code) if c.co_name == "f"][0]
    op = opcodes.OPCODE
    assert argrepr(f, op["LOAD_FAST"], 0) == "x"
    assert argrepr(f, op["JUMP"], 3) == "to 6"
    assert argrepr(f, op["BINARY_OP"], opcodes.BINOP_FROM_AST["Add"] + opcodes.INPLACE_OFFSET) \
        == "+="
    assert argrepr(f, op["COMPARE_OP"], opcodes.CMPOP_FROM_AST["GtE"]) == ">="
    assert argrepr(f, op["CALL"], 2) == ""
    assert argrepr(f, op["CALL_FUNCTION_EX"], 1) == "kwargs"
    assert argrepr(f, op["FORMAT_VALUE"], opcodes.FVC_ASCII) == "ascii"


def test_dis_writes_to_a_file_and_defaults_to_stdout(capsys):
    code = compile_src("pass")
    buf = io.StringIO()
    dis(code, buf)
    dis(code)
    assert capsys.readouterr().out == buf.getvalue()
    assert buf.getvalue().splitlines()[-1].split()[-1] == "RETURN_VALUE"


CORPUS = corpus_sources()
LINE = re.compile(r"^( {3}|\s*\d+) {5}(>>|  ) +\d+ [A-Z_]+( +-?\d+( \(.*\))?)?$")


@pytest.mark.parametrize("path,src", CORPUS[:20], ids=[p for p, _ in CORPUS[:20]])
def test_every_instruction_is_listed(path, src):
    code = compile_src(src, filename=path)
    text = dis_to_string(code)
    n = sum(len(c.co_code) for c in iter_codes(code))
    lines = [l for l in text.splitlines() if l and not l.startswith("Disassembly of")]
    assert len(lines) == n
    for l in lines:
        assert LINE.match(l), l


def test_code_info():
    info = code_info(compile_src("def f(a, *b):\n    yield a\n").co_consts[0])
    assert "Name:              f" in info
    assert "GENERATOR" in info and "VARARGS" in info
    assert "Variable names:" in info
