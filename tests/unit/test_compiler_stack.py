"""Stack discipline of the generated code, checked by abstract interpretation.

Every snippet and every .mpy program in the repository is compiled and each
code object is executed abstractly (see ``test_compiler_support.check_code``):
operand kinds, joins, block levels, clean returns, co_stacksize.
"""

import pytest

from minipy.bytecode import opcodes
from minipy.compiler.assembler import Label, assemble, stack_depths
from minipy.bytecode.code import CodeObject
from minipy.errors import InternalError

from test_compiler_support import (SNIPPETS, check_all_opcodes_known, check_code, compile_src,
                                   corpus_sources, iter_codes, opnames)

CORPUS = corpus_sources()


@pytest.mark.parametrize("src", SNIPPETS, ids=["snippet%d" % i for i in range(len(SNIPPETS))])
def test_snippet_stack(src):
    code = compile_src(src)
    check_code(code)
    check_all_opcodes_known(code)


@pytest.mark.parametrize("path,src", CORPUS, ids=[p for p, _ in CORPUS])
def test_corpus_stack(path, src):
    code = compile_src(src, filename=path)
    check_code(code)
    check_all_opcodes_known(code)


UNWIND = [
    # return / break / continue through every kind of block, nested both ways
    "def f():\n for a in b:\n  with c as d:\n   try:\n    return d\n   finally:\n    g()\n",
    "def f():\n for a in b:\n  try:\n   pass\n  except E as e:\n   with c:\n    continue\n",
    "def f():\n while 1:\n  try:\n   break\n  finally:\n   return 1\n",
    "def f():\n for a in b:\n  try:\n   raise\n  finally:\n   for c in d:\n    return c\n",
    "def f():\n try:\n  pass\n finally:\n  try:\n   return 1\n  except:\n   return 2\n",
    "def f():\n for i in x:\n  try:\n   try:\n    continue\n   finally:\n    break\n  finally:\n   pass\n",
    "def f():\n with a as b, c as d, e:\n  for x in y:\n   if x: return x\n   if y: break\n",
    "def f():\n try:\n  return 1\n except E as e:\n  return e\n except:\n  return 3\n else:\n  return 4\n",
    "def g():\n for i in x:\n  try:\n   yield i\n  except GeneratorExit:\n   return\n  finally:\n   yield from i\n",
    "def f():\n for a in b:\n  for c in d:\n   try:\n    return [c for c in d]\n   except:\n    break\n",
    "def f():\n try:\n  pass\n except E as e:\n  try:\n   return e\n  finally:\n   del e\n",
]


@pytest.mark.parametrize("src", UNWIND)
def test_unwinding_keeps_the_stack_clean(src):
    check_code(compile_src(src))


@pytest.mark.parametrize("mode,src", [
    ("single", "x\n"),
    ("single", "if x:\n    x + 1\n    'text'\n"),
    ("single", "for i in y: i\n"),
    ("eval", "x + [y for y in z] if a else (lambda: b)()"),
    ("exec", ""),
    ("exec", "'''just a docstring'''"),
])
def test_modes(mode, src):
    code = compile_src(src, mode=mode)
    check_code(code)
    if mode == "single":
        assert "PRINT_EXPR" in opnames(code)
    if mode == "eval":
        assert opnames(code)[-1] == "RETURN_VALUE"
        assert "PRINT_EXPR" not in opnames(code)


def test_deep_expressions_stay_within_limits():
    n = 200
    src = "x = [" + ", ".join("a%d" % i for i in range(n)) + "]\n" \
          "y = f(" + ", ".join("a%d" % i for i in range(n)) + ")\n" \
          "z = {" + ", ".join("a%d: %d" % (i, i) for i in range(n)) + "}\n" \
          "w = (" + ", ".join("a%d" % i for i in range(n)) + ")\n" \
          "s = f'" + "".join("{a%d}" % i for i in range(n)) + "'\n" \
          "o.m(" + ", ".join("a%d" % i for i in range(n)) + ")\n"
    code = compile_src(src)
    check_code(code)
    assert code.co_stacksize < 40


def _code(items):
    """Assemble a list of (opcode name, operand) pairs and Labels, all at one position."""
    ops, args, locs = [], [], []
    for item in items:
        if isinstance(item, Label):
            item.index = len(ops)
        else:
            ops.append(opcodes.OPCODE[item[0]])
            args.append(item[1])
            locs.append(POS)
    return assemble(ops, args, locs, CodeObject("t", "t", "<t>", 1))


POS = (1, 1, 0, 1)


def test_assembler_resolves_labels_and_drops_dead_code():
    end = Label()
    code = _code([("LOAD_CONST", 0), ("POP_JUMP_IF_FALSE", end),
                  ("JUMP", end), ("LOAD_CONST", 0),  # dead
                  ("POP_TOP", 0), end,
                  ("LOAD_CONST", 0), ("RETURN_VALUE", 0)])
    assert [opcodes.OPNAME[o] for o in code.co_code] == [
        "LOAD_CONST", "POP_JUMP_IF_FALSE", "LOAD_CONST", "RETURN_VALUE"]
    assert code.co_arg[1] == 2
    assert code.co_stacksize == 1
    assert code.co_lines == [1, 1, 1, 1]
    assert code.co_positions[0] == POS


def test_assembler_drops_chains_of_jumps_to_the_next_instruction():
    """Dropping dead code can make a jump a jump to the next instruction, and
    dropping that one can do the same to an earlier jump: all go at once."""
    a, b = Label(), Label()
    code = _code([("JUMP", a), a, ("JUMP", b), ("LOAD_CONST", 0), ("POP_TOP", 0), b,
                  ("LOAD_CONST", 0), ("RETURN_VALUE", 0)])
    assert [opcodes.OPNAME[o] for o in code.co_code] == ["LOAD_CONST", "RETURN_VALUE"]
    loop = Label()
    code = _code([loop, ("JUMP", loop)])            # a jump to itself stays
    assert [opcodes.OPNAME[o] for o in code.co_code] == ["JUMP"] and code.co_arg == [0]


def test_assembler_rejects_depth_mismatch():
    join = Label()
    with pytest.raises(InternalError):
        _code([("LOAD_CONST", 0), ("POP_JUMP_IF_FALSE", join),
               ("LOAD_CONST", 0), join,
               ("LOAD_CONST", 0), ("RETURN_VALUE", 0)])


def test_assembler_rejects_negative_depth_and_falling_off():
    with pytest.raises(InternalError):
        _code([("POP_TOP", 0), ("LOAD_CONST", 0),
               ("RETURN_VALUE", 0)])
    with pytest.raises(InternalError):
        _code([("LOAD_CONST", 0), ("POP_TOP", 0)])


def test_stack_depths_follow_handler_edges():
    op = opcodes.OPCODE
    # SETUP_FINALLY at depth 1: the handler starts at depth 2
    code = [op["LOAD_CONST"], op["SETUP_FINALLY"], op["POP_BLOCK"], op["RETURN_VALUE"],
            op["POP_TOP"], op["RETURN_VALUE"]]
    args = [0, 4, 0, 0, 0, 0]
    depths, maxdepth = stack_depths(code, args)
    assert depths == [0, 1, 1, 1, 2, 1]
    assert maxdepth == 2


def test_single_mode_prints_only_at_top_level():
    code = compile_src("def f():\n    1 + g()\n", mode="single")
    assert "PRINT_EXPR" not in opnames(code)
    f = [c for c in iter_codes(code) if c.co_name == "f"][0]
    assert "PRINT_EXPR" not in opnames(f)
    assert "POP_TOP" in opnames(f)


def test_deeply_nested_sources_compile_at_the_default_recursion_limit():
    import ast
    import sys
    from minipy.compiler import compile_module
    n = 2000
    srcs = ["x = " + " + ".join("a%d" % i for i in range(n)) + "\n",
            "if a:\n    pass\n" + "".join("elif a%d:\n    pass\n" % i for i in range(n))]
    for src in srcs:
        tree = ast.parse(src)
        limit = sys.getrecursionlimit()
        code = compile_module(tree, "<deep>", src)
        assert sys.getrecursionlimit() == limit
        check_code(code)


def test_compile_source_uses_minipy_parser_when_available():
    from minipy.compiler import compile_source
    try:
        import minipy.syntax  # noqa: F401
        from minipy.syntax import parse  # noqa: F401
    except ImportError:
        pytest.skip("parser not available")
    code = compile_source("x = [i for i in range(3)]\n", "<src>")
    check_code(code)
    import ast as host_ast
    code2 = compile_source("y = 1\n", "<src>", parse=lambda s, f, m: host_ast.parse(s, f, m))
    assert code2.co_names == ("y",)
