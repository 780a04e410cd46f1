"""Heap integrity under stress: --audit=each, and arenas given back after waves."""

import glob
import os
import subprocess
import sys

import pytest

from minipy.api import Interpreter
from minipy.runtime.audit import install_audit_each

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = sorted(glob.glob(os.path.join(ROOT, "programs", "*.mpy")))


def _audited_run(path):
    interp = Interpreter(capture=True, argv=[path])
    install_audit_each(interp)
    status = interp.run_file(path)      # an audit mismatch raises InternalError
    return interp, status


@pytest.mark.parametrize("name", ["closures.mpy", "exceptions_chain.mpy", "unpacking.mpy",
                                  "generators_pipeline.mpy", "scoping_walrus.mpy"])
def test_audit_after_every_line_is_clean(name):
    interp, status = _audited_run(os.path.join(ROOT, "programs", name))
    assert status == 0
    assert interp.audits_done > 20          # it really audited, line after line


@pytest.mark.fuzz
@pytest.mark.parametrize("path", PROGRAMS, ids=os.path.basename)
def test_audit_each_whole_suite(path):
    interp, status = _audited_run(path)
    assert "internal error" not in interp.stderr_text()


SOAK = """
import sys
class Item:
    def __init__(self, n):
        self.n = n
        self.data = [n, str(n), (n, n)]
def wave(size):
    items = [Item(i) for i in range(size)]
    total = 0
    for it in items:
        total += it.n
    return total
for w in range(%(waves)d):
    wave(%(size)d)
print("done")
"""


def _highwater_after(waves, size):
    interp = Interpreter(capture=True)
    assert interp.run_source(SOAK % {"waves": waves, "size": size}, "<soak>") == 0
    heap = interp.heap
    return heap.narenas_highwater, heap.narenas_currently_allocated, heap


def test_waves_of_allocation_release_their_arenas():
    first_hw, _, _ = _highwater_after(1, 3000)
    hw, current, heap = _highwater_after(8, 3000)
    assert hw == first_hw                   # no growth after the first wave
    assert heap.narenas_reclaimed > 0 or current <= first_hw


@pytest.mark.fuzz
def test_soak_million_allocations():
    first_hw, _, _ = _highwater_after(1, 5000)
    hw, _, heap = _highwater_after(40, 5000)     # about a million allocations and frees
    assert hw == first_hw
