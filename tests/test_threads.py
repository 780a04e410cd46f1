"""Threads under the GIL: deterministic interleavings, switch counts, a stress run."""

import os
import subprocess
import sys

from minipy.api import Interpreter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, PYTHONPATH=ROOT)

COUNTER = """
import threading
counter = 0
def inc():
    global counter
    for i in range(800):
        counter += 1
threads = [threading.Thread(target=inc) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("no lock:", counter)
counter = 0
lock = threading.Lock()
def inc_locked():
    global counter
    for i in range(800):
        with lock:
            counter += 1
threads = [threading.Thread(target=inc_locked) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("with lock:", counter)
"""


def run(src, **opts):
    interp = Interpreter(capture=True, **opts)
    status = interp.run_source(src, "<threads>")
    interp.finalize()
    return interp, status


def test_deterministic_mode_shows_lost_updates_without_a_lock_and_none_with_one():
    outs = set()
    for _ in range(2):
        interp, status = run(COUNTER, switch_every=7)
        assert status == 0, interp.stderr_text()
        outs.add(interp.stdout_text())
    assert len(outs) == 1                      # the same interleaving every time
    out = outs.pop()
    lost = int(out.split("no lock: ")[1].split()[0])
    assert lost < 3200                          # += on a shared global loses updates
    assert "with lock: 3200" in out             # a Lock prevents that


def test_switch_count_grows_as_the_interval_shrinks():
    src = ("import threading, sys\nsys.setswitchinterval(%s)\n"
           "def spin():\n    x = 0\n    for i in range(30000):\n        x += i\n"
           "ts = [threading.Thread(target=spin) for _ in range(2)]\n"
           "for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n"
           "print(sum(1 for _ in ts))\n")
    counts = []
    for interval in ("0.05", "0.0005"):
        interp, status = run(src % interval)
        assert status == 0, interp.stderr_text()
        counts.append(interp.vm.gil.switches)
    assert counts[1] > counts[0]
    forced = sum(st.forced_switches for st in interp.vm.gil.stats.values())
    assert forced > 0


def test_stress_threads_allocating_and_dropping_cycles_keep_the_heap_exact():
    src = """
import threading, gc
class Node:
    def __init__(self, v):
        self.v = v
        self.peer = None
def churn(k):
    keep = []
    for i in range(300):
        a = Node(i)
        b = Node([i, str(i)])
        a.peer = b
        b.peer = a
        if i % 10 == 0:
            keep.append({"a": a, "n": i})
    return len(keep)
results = []
lock = threading.Lock()
def worker(k):
    n = churn(k)
    with lock:
        results.append(n)
ts = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results))
gc.collect()
print("left:", gc.collect())
"""
    interp = Interpreter(capture=True)
    status = interp.run_source(src, "<stress>")
    assert status == 0, interp.stderr_text()
    assert interp.stdout_text() == "[30, 30, 30, 30, 30, 30]\nleft: 0\n"
    report = interp.audit()
    assert report["mismatches"] == []
    assert report["orphan_blocks"] == []
    assert report["unreachable"] == 0
    interp.finalize()


def test_gil_stats_flag_reports_each_thread(tmp_path):
    path = tmp_path / "two.mpy"
    path.write_text("import threading\n"
                    "def work(n):\n    s = 0\n    for i in range(n):\n        s += i\n"
                    "a = threading.Thread(target=work, args=(20000,))\n"
                    "b = threading.Thread(target=work, args=(20000,))\n"
                    "a.start(); b.start(); a.join(); b.join()\nprint('done')\n")
    p = subprocess.run([sys.executable, "-m", "minipy", "--gil-stats", str(path)],
                       capture_output=True, text=True, env=ENV, timeout=120)
    assert p.returncode == 0 and p.stdout == "done\n"
    lines = p.stderr.splitlines()
    assert lines[0].startswith("gil stats:")
    assert any(l.split()[0] == "MainThread" for l in lines[2:])
    assert len([l for l in lines[2:] if l.strip()]) >= 3


def test_exception_in_thread_is_reported_and_others_go_on(tmp_path):
    path = tmp_path / "boom.mpy"
    path.write_text("import threading\n"
                    "def boom():\n    raise ValueError('bad')\n"
                    "def fine():\n    print('fine ran')\n"
                    "t = threading.Thread(target=boom); t.start(); t.join()\n"
                    "u = threading.Thread(target=fine); u.start(); u.join()\n"
                    "print('main done')\n")
    p = subprocess.run([sys.executable, "-m", "minipy", str(path)], capture_output=True,
                       text=True, env=ENV, timeout=120)
    assert p.returncode == 0
    assert p.stdout == "fine ran\nmain done\n"
    assert p.stderr.startswith("Exception in thread Thread-1 (boom):\nTraceback")
    assert p.stderr.rstrip().endswith("ValueError: bad")
