"""VM and object-model tests that need no parser: programs are parsed with the
host's ``ast`` (the compiler accepts any tree with CPython's ast shapes) and run
through the API; results are read back from the program's globals and heap."""

import ast

import pytest

from minipy.api import Interpreter
from minipy.compiler import compile_module
from minipy.objects import core
from minipy.objects.exceptions import PyExc


def run(src):
    interp = Interpreter(capture=True)
    interp.main = interp.new_module("__main__")
    code = compile_module(ast.parse(src), "<test>", src)
    try:
        core.decref(interp.exec_code(code, interp.main.dict))
    except PyExc as e:
        interp.handle_uncaught(e.exc)
    return interp


def g(interp, name):
    return interp.lookup_global(name)


def test_refcount_of_fresh_instance_matches_cpython():
    it = run("import sys\nclass C: pass\nc = C()\nr1 = sys.getrefcount(c)\nd = c\n"
             "r2 = sys.getrefcount(c)\nl = [c, c]\nr3 = sys.getrefcount(c)\n")
    assert (g(it, "r1").value, g(it, "r2").value, g(it, "r3").value) == (2, 3, 5)
    assert it.audit()["mismatches"] == []


def test_refcount_inside_callee_counts_the_frame_argument():
    it = run("import sys\nclass C: pass\nc = C()\ndef f(a):\n    return sys.getrefcount(a)\n"
             "r = f(c)\n")
    assert g(it, "r").value == 3


def test_freed_block_is_reused_by_next_object_of_same_size():
    it = run("class C: pass\na = C()\ni = id(a)\ndel a\nb = C()\nsame = id(b) == i\n")
    assert g(it, "same").value is True


def test_small_ints_are_shared_and_large_ones_are_not():
    # computed at run time (CPython folds constant expressions like 999 + 1)
    src = "a = 256\nb = int('255') + 1\nsmall = a is b\nx = 1000\ny = int('999') + 1\nbig = x is y\n"
    ns = {}
    exec(src, ns)
    assert (ns["small"], ns["big"]) == (True, False)     # what CPython does
    it = run(src)
    assert g(it, "small").value is True
    assert g(it, "big").value is False


def test_objects_die_when_last_reference_goes():
    it = run("class C: pass\nl = [C() for i in range(50)]\n")
    before = core.object_count()
    it2 = it
    code = compile_module(ast.parse("del l\n"), "<t>", "del l\n")
    core.decref(it2.exec_code(code, it2.main.dict))
    assert core.object_count() < before - 50
    assert it2.audit()["mismatches"] == []


def test_deep_chain_is_freed_without_host_recursion():
    it = run("class N:\n    def __init__(self, nxt):\n        self.nxt = nxt\n"
             "head = None\nfor i in range(20000):\n    head = N(head)\nhead = None\n")
    assert it.audit()["mismatches"] == []
    assert it.audit()["checked"] < 2000


def test_exception_caught_and_recursion_error():
    it = run("def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n"
             "    ok = True\n")
    assert g(it, "ok").value is True
    assert it.vm.ts.depth == 0


def test_generators_resume_and_finish():
    it = run("def gen(n):\n    i = 0\n    while i < n:\n        yield i\n        i = i + 1\n"
             "total = 0\nfor v in gen(5):\n    total = total + v\n")
    assert g(it, "total").value == 10
    assert it.audit()["mismatches"] == []


def test_closures_and_nonlocal():
    it = run("def counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n"
             "        return n\n    return inc\nc = counter()\nc()\nc()\nr = c()\n")
    assert g(it, "r").value == 3


def test_super_and_mro():
    it = run("class A:\n    def who(self):\n        return 1\nclass B(A):\n    def who(self):\n"
             "        return super().who() + 10\nclass C(A):\n    def who(self):\n"
             "        return super().who() + 100\nclass D(B, C):\n    def who(self):\n"
             "        return super().who() + 1000\nr = D().who()\n")
    assert g(it, "r").value == 1111


def test_uncaught_exception_traceback_and_status():
    it = Interpreter(capture=True)
    it.main = it.new_module("__main__")
    src = "def f():\n    raise KeyError('k')\nf()\n"
    code = compile_module(ast.parse(src), "<t>", src)
    with pytest.raises(PyExc) as ei:
        it.exec_code(code, it.main.dict)
    status = it.handle_uncaught(ei.value.exc)
    err = it.stderr_text()
    assert status == 1
    assert err.startswith("Traceback (most recent call last):\n")
    assert 'line 2, in f' in err and "KeyError: 'k'" in err


def test_importing_a_module_with_bad_syntax_raises_a_catchable_syntax_error(tmp_path):
    """The importer turns the compiler's error into a minipy SyntaxError with
    CPython's attributes (not a host exception, not an internal error)."""
    (tmp_path / "badmod.mpy").write_text("x = 1\ndef f(:\n    pass\n")
    interp = Interpreter(capture=True)
    interp.search_path.insert(0, str(tmp_path))
    status = interp.run_source(
        "try:\n    import badmod\nexcept SyntaxError as e:\n"
        "    print(type(e).__name__, e.msg, e.lineno, e.offset, repr(e.text),\n"
        "          e.filename.endswith('badmod.mpy'))\n"
        "import sys\nprint('badmod' in sys.modules)\n", "<main>")
    assert status == 0
    assert interp.stdout_text() == ("SyntaxError invalid syntax 2 7 'def f(:\\n' True\n"
                                    "False\n")
    assert interp.audit()["mismatches"] == []


def test_float_free_list_keeps_each_blocks_owner_slot_in_step():
    """The float free list remembers where each kept block's owner is
    recorded, so reuse needs no pool lookup: the slots must stay in step with
    the addresses (through frees, reuse and a full collection's clearing)."""
    from minipy.objects import floatobject
    it = run("xs = [i * 0.5 for i in range(300)]\ndel xs\ny = 1.5 * 3.0\n")
    fl, slots = floatobject.free_list, floatobject._free_slots
    assert len(fl) == len(slots) > 0
    for addr, slot in zip(fl, slots):
        assert it.heap.owner_of(addr) is True
        assert slot is not None and slot[0][slot[1]] is True
    ids_before = list(fl)
    it2 = run("import gc\nz = [0.25 * i for i in range(5)]\ngc.collect()\nw = 2.5 + 0.0\n")
    assert len(floatobject.free_list) == len(floatobject._free_slots)
    assert it2.audit()["mismatches"] == [] and ids_before
