"""Differential conformance: every program runs identically under python3 and minipy.

python3 is the oracle: stdout and the exit status must match exactly.  After
each program the heap audit must find no refcount mismatch.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = sorted((ROOT / "programs").glob("*.mpy")) + \
    sorted((ROOT / "tests" / "conformance").rglob("*.mpy"))

# Known divergences from CPython, each a bug to fix (strict: they must keep failing
# until fixed, so fixing one forces removing it from this list).
# program -> why minipy's output still differs from CPython's (a strict xfail:
# fixing the divergence makes the test fail until the entry is removed)
KNOWN_DIVERGENCES = {}


def _params():
    out = []
    for p in PROGRAMS:
        rel = str(p.relative_to(ROOT))
        if rel in KNOWN_DIVERGENCES:
            out.append(pytest.param(p, marks=pytest.mark.xfail(strict=True,
                                                               reason=KNOWN_DIVERGENCES[rel])))
        else:
            out.append(p)
    return out


def run_python3(path):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    p = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                       cwd=str(path.parent), env=env, timeout=60)
    return p.stdout, p.returncode, p.stderr


def run_minipy(path):
    from minipy.api import Interpreter
    interp = Interpreter(capture=True, argv=[str(path)])
    status = interp.run_file(str(path))
    report = interp.audit()
    interp.finalize()
    if interp.interrupted:
        # the command line then ends by SIGINT, as CPython does: a parent sees -2
        # (test_cli checks the real process)
        status = -signal.SIGINT
    return interp, report, interp.stdout_text(), status


@pytest.mark.parametrize("path", _params(), ids=lambda p: str(p.relative_to(ROOT)))
def test_program_matches_python3(path):
    expected_out, expected_status, expected_err = run_python3(path)
    interp, report, out, status = run_minipy(path)
    assert "internal error" not in interp.stderr_text()
    assert out == expected_out
    assert status == expected_status
    assert report["mismatches"] == []
    assert report["orphan_blocks"] == []
    after_exit = interp.audit()           # finalization keeps refcounts exact too
    assert after_exit["mismatches"] == []
    if path.parent.name == "errors":
        # uncaught errors: the whole traceback, carets and suggestions included
        assert interp.stderr_text() == expected_err
