"""Smoke tests of the benchmark suite (bench/): the programs are valid Python
that run under python3 and print their checksum, minipy can compile them,
and the runner's pure functions (table, geometric mean, JSON) work on fake
timings.  The benchmark itself is never run here."""

import ast
import json
import math
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import __main__ as runner  # noqa: E402
from bench import micro  # noqa: E402

PROGRAMS = runner.list_programs()
ALLOWED_IMPORTS = {"sys", "math", "random", "time", "gc", "threading"}


def test_enough_programs():
    names = {n for n, _ in PROGRAMS}
    assert len(names) >= 12
    for required in ("fib", "nbody", "binary_trees", "richards", "word_count", "sort_keys",
                     "generators", "exceptions", "mini_interp", "gc_cycles", "threads"):
        assert required in names


@pytest.mark.parametrize("name,path", PROGRAMS, ids=[n for n, _ in PROGRAMS])
def test_program_runs_under_python3(name, path):
    with open(path) as fh:
        src = fh.read()
    tree = ast.parse(src, path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert {a.name for a in node.names} <= ALLOWED_IMPORTS
        assert not isinstance(node, ast.ImportFrom)
    r = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(name + " "), r.stdout
    again = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert again.stdout == r.stdout          # deterministic checksum


def test_programs_compile_under_minipy():
    from minipy.syntax import parse
    from minipy.compiler import compile_module
    for name, path in PROGRAMS:
        with open(path) as fh:
            src = fh.read()
        compile_module(parse(src, path), path, src)


def test_generated_source_is_valid_python():
    src = micro.generate_source(30)
    assert src.count("\n") > 300
    compile(src, "<generated>", "exec")
    exec(compile(src, "<generated>", "exec"), {"__name__": "__main__"})


# ---------------------------------------------------------------- pure functions

def test_median_and_geomean():
    assert runner.median([3.0, 1.0, 2.0]) == 2.0
    assert runner.median([1.0, 2.0]) == 1.5
    assert runner.median([]) is None
    assert math.isclose(runner.geomean([2.0, 8.0]), 4.0)
    assert math.isclose(runner.geomean([10.0, None, 1000.0]), 100.0)
    assert runner.geomean([]) is None


def test_classify():
    c = runner.classify
    assert c("x 1\n", 0, "x 1\n", "") == runner.OK
    assert c("x 1\n", 0, "x 2\n", "") == runner.WRONG
    assert c("x 1\n", 1, "", "Traceback\nModuleNotFoundError: No module named 'threading'\n") == runner.NA
    assert c("x 1\n", 1, "", "Traceback\nTypeError: bad\n") == runner.ERR
    assert c("x 1\n", None, "", "", timed_out=True) == runner.TIMEOUT
    assert runner.first_error_line("Traceback\nTypeError: f(...)\n    doc\n\nmore.\n") == "TypeError: f(...)"


def fake_programs():
    def prog(name, cp, hosts):
        rec = {"name": name, "cpython": {"times": [cp] * 3, "median": cp, "status": "ok"},
               "minipy": {}}
        for h, (status, t) in hosts.items():
            m = {"status": status, "times": [t] * 3 if t else [], "median": t}
            if status == "ok":
                m["ratio"] = t / cp
            rec["minipy"][h] = m
        return rec
    return [
        prog("fib", 0.1, {"python3": ("ok", 4.0), "pypy3": ("ok", 0.5)}),
        prog("nbody", 0.2, {"python3": ("ok", 2.0), "pypy3": ("ERR", None)}),
        prog("threads", 0.1, {"python3": ("n/a", None), "pypy3": ("n/a", None)}),
        prog("word_count", 0.1, {"python3": ("WRONG", 3.0), "pypy3": ("ok", 0.2)}),
    ]


def test_summary_and_table():
    progs = fake_programs()
    hosts = ["python3", "pypy3"]
    s = runner.summarize(progs, hosts)
    assert math.isclose(s["python3"]["geomean"], math.sqrt(40.0 * 10.0))
    assert s["python3"]["max"] == ["fib", 40.0]
    assert s["python3"]["ok"] == 2 and s["python3"]["total"] == 4
    assert math.isclose(s["pypy3"]["geomean"], math.sqrt(5.0 * 2.0))
    table = runner.format_table(progs, hosts, s)
    lines = table.splitlines()
    assert "minipy[python3]" in lines[0] and "minipy[pypy3]" in lines[0]
    fib = next(ln for ln in lines if ln.startswith("fib"))
    assert "40.0x" in fib and "5.0x" in fib
    assert "WRONG" in next(ln for ln in lines if ln.startswith("word_count"))
    assert "n/a" in next(ln for ln in lines if ln.startswith("threads"))
    assert "ERR" in next(ln for ln in lines if ln.startswith("nbody"))
    geo = next(ln for ln in lines if ln.startswith("geometric mean"))
    assert "20.0x" in geo and "3.2x" in geo and "(2/4)" in geo


def fake_micro():
    return {
        "host": "3.11.7", "implementation": "cpython",
        "parse_compile": {"lines": 3000, "lines_per_s": 10000.0, "parse_lines_per_s": 20000.0,
                          "compile_lines_per_s": 20000.0, "parse_s": 0.15, "compile_s": 0.15,
                          "grammar_load_s": 0.1},
        "allocator": {"pairs": 1000, "live_blocks": 10, "seconds": 0.001,
                      "pairs_per_s": 1e6, "ops_per_s": 2e6},
        "gc": {"10000": {"objects": 10000, "tracked": 10008, "build_s": 0.1, "collect_s": 0.01},
               "100000": {"objects": 100000, "tracked": 100008, "build_s": 1.0, "collect_s": 0.1},
               "1000000": None},
        "memory": {"objects": 1000, "method": "tracemalloc", "kinds": {"empty list": 300.0}},
        "startup_s": 0.4,
    }


def test_micro_format_and_json(tmp_path):
    micro_figs = {"python3": fake_micro(), "pypy3": {"error": "TypeError: getsizeof(...)"}}
    text = runner.format_micro(micro_figs)
    assert "10000 lines/s" in text
    assert "1M objects: skipped" in text
    assert "100k/10k: 10.0x" in text
    assert "failed: TypeError" in text
    progs = fake_programs()
    report = runner.make_report(progs, ["python3", "pypy3"], micro_figs, {"nproc": 2}, 3)
    path = tmp_path / "bench.json"
    runner.write_json(str(path), report)
    back = json.loads(path.read_text())
    assert back["runs"] == 3 and back["hosts"] == ["python3", "pypy3"]
    assert [p["name"] for p in back["programs"]] == ["fib", "nbody", "threads", "word_count"]
    assert math.isclose(back["summary"]["python3"]["geomean"], 20.0)
    assert back["micro"]["python3"]["gc"]["1000000"] is None
