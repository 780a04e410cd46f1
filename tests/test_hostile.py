"""Hostile input: whatever a program is, minipy answers as Python would, never with a
host traceback, a hang or a corrupted heap, and it reaches nothing of the host."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")


def both(tmp_path, source, *minipy_args, data=None):
    p = tmp_path / "h.mpy"
    if data is not None:
        p.write_bytes(data)
    else:
        p.write_text(source)
    got = subprocess.run([sys.executable, "-m", "minipy"] + list(minipy_args) + [str(p)],
                         capture_output=True, text=True, env=ENV, timeout=120)
    exp = subprocess.run([sys.executable, str(p)], capture_output=True, text=True,
                         env=ENV, timeout=120)
    assert "internal error" not in got.stderr
    assert 'File "/' not in got.stderr or str(p) in got.stderr      # no host frames
    return got, exp


def last_line(text):
    return text.strip().splitlines()[-1] if text.strip() else ""


@pytest.mark.parametrize("source", [
    "x = " + "(" * 10000 + "1" + ")" * 10000 + "\n",          # absurd nesting
    "x = " + "[" * 300 + "]" * 300 + "\nprint(len(x))\n",     # deep but fine
    "x = 1 +\n",
    "def f(:\n    pass\n",
    "if True:\n\tx = 1\n        y = 2\n",                      # TabError
    "print('unterminated\n",
])
def test_bad_or_extreme_source(tmp_path, source):
    got, exp = both(tmp_path, source)
    assert got.returncode == exp.returncode
    assert got.stdout == exp.stdout
    assert last_line(got.stderr) == last_line(exp.stderr)


@pytest.mark.parametrize("data", [b"x = 1\x00\n", b"print('\xff')\n"])
def test_nul_bytes_and_invalid_utf8(tmp_path, data):
    got, exp = both(tmp_path, None, data=data)
    assert got.returncode == exp.returncode == 1
    assert last_line(got.stderr) == last_line(exp.stderr)


@pytest.mark.parametrize("source", [
    "café = 3\nnaïve = café * 2\nprint(naïve, 'é' * 3)\n",    # unicode identifiers
    "s = 'x' * 200000\nprint(len(s), s[-3:])\n" + "y = [" + ", ".join(["1"] * 20000) + "]\nprint(sum(y))\n",
    "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n",
    "def gen():\n    n = 0\n    while True:\n        yield n\n        n += 1\n"
    "for v in gen():\n    if v > 1000:\n        break\nprint(v)\n",
    "print(int('1' * 4000) % 97)\ntry:\n    int('1' * 5000)\nexcept ValueError as e:\n    print(e)\n",
    "x = 2 ** 100000\nprint(x % 1000003, x.bit_length())\n",
])
def test_extreme_but_valid_programs(tmp_path, source):
    got, exp = both(tmp_path, source)
    assert (got.returncode, got.stdout) == (exp.returncode, exp.stdout)


def test_huge_list_under_a_heap_limit_is_a_catchable_memory_error(tmp_path):
    src = ("try:\n    x = [0] * 10_000_000\nexcept MemoryError:\n    print('MemoryError')\n"
           "print('still fine', sum(range(5)))\n")
    got, _ = both(tmp_path, src, "--max-heap", "32M")
    assert got.stdout == "MemoryError\nstill fine 10\n" and got.returncode == 0


@pytest.mark.parametrize("source,expected", [
    ("import socket\n", "ModuleNotFoundError: No module named 'socket'"),
    ("import subprocess\n", "ModuleNotFoundError: No module named 'subprocess'"),
    ("import os\nos.system('true')\n", "AttributeError: module 'os' has no attribute 'system'"),
    # exec/eval run minipy's compiler: the same world, no way out
    ("exec('import subprocess')\n", "ModuleNotFoundError: No module named 'subprocess'"),
    ("eval(\"__import__('subprocess')\")\n", "ModuleNotFoundError: No module named 'subprocess'"),
    ("exec(compile('open(0)', 'x', 'exec'), {'__builtins__': {}})\n",
     "NameError: name 'open' is not defined"),
    ("__import__('socket')\n", "ModuleNotFoundError: No module named 'socket'"),
])
def test_no_way_to_the_host(tmp_path, source, expected):
    p = tmp_path / "c.mpy"
    p.write_text(source)
    got = subprocess.run([sys.executable, "-m", "minipy", str(p)], capture_output=True,
                         text=True, env=ENV, timeout=60)
    assert got.returncode == 1
    assert last_line(got.stderr) == expected


def test_introspection_reaches_only_minipy_objects():
    from minipy.api import Interpreter
    from minipy.objects.core import PyObject
    src = ("import sys\n"
           "subs = ().__class__.__bases__[0].__subclasses__()\n"
           "td = type.__dict__\n"
           "def f():\n    return sys._getframe()\n"
           "fr = f()\n"
           "g = (i for i in range(3))\n"
           "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    tb = e.__traceback__\n"
           "things = [subs, td, f.__globals__, f.__code__, fr, fr.f_back, fr.f_globals,\n"
           "          g.gi_frame, tb, tb.tb_frame, tb.tb_frame.f_back, vars(sys)]\n")
    interp = Interpreter(capture=True)
    assert interp.run_source(src, "<intro>") == 0, interp.stderr_text()
    things = interp.lookup_global("things")
    seen, todo = set(), list(things.items)
    while todo:                          # everything reachable is a heap object
        o = todo.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        assert isinstance(o, PyObject), type(o)
        todo.extend(o.ob_type.tp_traverse(o))
    assert len(seen) > 100
