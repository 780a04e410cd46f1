"""The tracemalloc module: statistics sum to the traced totals, name the lines
that allocated, and print like CPython's."""

import re
import tracemalloc as host_tracemalloc

import pytest

from minipy.api import Interpreter

PATH = "/virtual/alloc.mpy"

PROGRAM = """\
import tracemalloc
tracemalloc.start()
words = []
for i in range(40):
    words.append("word-" + str(i))
class Point:
    def __init__(self, x):
        self.x = x
points = [Point(i * 1000) for i in range(25)]
big = list(range(1000, 1100))
snap = tracemalloc.take_snapshot()
current, peak = tracemalloc.get_traced_memory()
stats = snap.statistics('lineno')
print(sum(s.size for s in stats) == current, sum(s.count for s in stats), peak >= current)
for s in stats:
    print(s.traceback[0].lineno, s.size, s.count, str(s))
"""


def run(source, path=PATH):
    interp = Interpreter(capture=True)
    status = interp.run_source(source, path)
    return interp, status


def test_statistics_sum_to_the_traced_total_and_name_the_lines():
    interp, status = run(PROGRAM)
    assert status == 0, interp.stderr_text()
    lines = interp.stdout_text().splitlines()
    head = lines[0].split()
    assert head[0] == "True" and head[2] == "True"
    total_count = int(head[1])
    by_line = {}
    for line in lines[1:]:
        lineno, size, count, text = line.split(" ", 3)
        by_line[int(lineno)] = (int(size), int(count), text)
    assert sum(c for _, c, _ in by_line.values()) == total_count
    # line 5: 40 strs ("word-N"; the str(i) temporaries are freed)
    assert by_line[5][1] == 40
    # line 9: 25 Point instances and 25 ints >= 1000 (plus the list)
    assert by_line[9][1] >= 50
    # line 10: the list and 100 ints (range() and its iterator are gone)
    assert by_line[10][1] == 101
    # line 3: the empty list
    assert by_line[3][1] == 1
    # no allocation is attributed to the tracemalloc calls themselves
    assert not set(by_line) & {11, 12, 13}
    # sorted biggest first
    sizes = [v[0] for v in sorted(by_line.values(), key=lambda v: -v[0])]
    order = [int(l.split()[1]) for l in lines[1:]]
    assert order == sizes
    # CPython's line format
    for lineno, (size, count, text) in by_line.items():
        m = re.match(r"^(.*):(\d+): size=(\S+ \S+), count=(\d+), average=(\S+ \S+)$", text)
        assert m, text
        assert m.group(1) == PATH and int(m.group(2)) == lineno
        assert m.group(3) == host_tracemalloc._format_size(size, False)
        assert int(m.group(4)) == count
        assert m.group(5) == host_tracemalloc._format_size(size / count, False)
    interp.finalize()


def test_sizes_match_the_heap_blocks_of_the_objects():
    interp, status = run("import tracemalloc\ntracemalloc.start()\nv = 3\n"
                         "x = [v * 1.5, v * 2.5]\nsnap = tracemalloc.take_snapshot()\n")
    assert status == 0, interp.stderr_text()
    from minipy.runtime.modules import tracemalloc as tm
    t = tm._tracer()
    x = interp.lookup_global("x")
    traced = dict(t.traces)
    # the list and both floats were traced with their sizes, on line 4
    for o, size in ((x, 56), (x.items[0], 24), (x.items[1], 24)):
        assert traced[o.ob_addr] == (size, ((PATH, 4),))
    interp.finalize()


def test_compare_to_and_formatting():
    interp, status = run("""\
import tracemalloc
tracemalloc.start(3)
def grow(n):
    return [str(i) * 500 for i in range(n)]
first = tracemalloc.take_snapshot()
keep = grow(30)
second = tracemalloc.take_snapshot()
diffs = second.compare_to(first, 'lineno')
print(diffs[0])
print(repr(diffs[0]))
print(diffs[0].size_diff == diffs[0].size, diffs[0].count_diff == diffs[0].count >= 30)
tb = second.statistics('traceback')[0].traceback
print(len(tb), tb[0].lineno, tb[-1].lineno, tb.format()[0].endswith('line 6'))
print(second.statistics('filename')[0].traceback)
print(tracemalloc.get_traceback_limit(), tracemalloc.is_tracing())
print(tracemalloc.get_object_traceback(keep[0])[-1])
tracemalloc.stop()
print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory())
try:
    tracemalloc.take_snapshot()
except RuntimeError as e:
    print("RuntimeError:", e)
""")
    assert status == 0, interp.stderr_text()
    out = interp.stdout_text().splitlines()
    m = re.match(r"^%s:4: size=(\d+\.\d KiB) \(\+(\d+\.\d KiB)\), count=(\d+) \(\+(\d+)\), "
                 r"average=\d+ B$" % re.escape(PATH), out[0])
    assert m and m.group(1) == m.group(2) and m.group(3) == m.group(4), out[0]
    assert out[1].startswith("<StatisticDiff traceback=<Traceback (<Frame filename='%s' "
                             "lineno=4>,)> size=" % PATH)
    assert out[2] == "True True"
    # module line 6 -> grow() line 4 -> its list comprehension, oldest first
    assert out[3] == "3 6 4 True"
    assert out[4] == PATH + ":0"
    assert out[5] == "3 True"
    assert out[6] == PATH + ":4"
    assert out[7] == "False (0, 0)"
    assert out[8] == ("RuntimeError: the tracemalloc module must be tracing memory "
                      "allocations to take a snapshot")
    interp.finalize()


@pytest.mark.parametrize("size", [0, 1, 99, 100, 1023, 1024, 1234, 10 * 1024 - 1, 10 * 1024,
                                  12345, 99 * 1024, 100 * 1024, 5 * 1024 * 1024, 3 * 2 ** 40,
                                  -1234, -20000, 55.5])
def test_format_size_is_cpythons(size):
    from minipy.runtime.modules import tracemalloc as tm
    for sign in (False, True):
        assert tm._format_size(size, sign) == host_tracemalloc._format_size(size, sign)


def test_tracemalloc_objects_are_not_traced_and_refcounts_stay_exact():
    interp, status = run("""\
import tracemalloc
tracemalloc.start()
x = [[i] for i in range(10)]
before = tracemalloc.get_traced_memory()[0]
for i in range(3):
    s = tracemalloc.take_snapshot()
    st = s.statistics('lineno')
    d = s.compare_to(s, 'filename')
    text = [str(e) for e in st]
after = tracemalloc.get_traced_memory()[0]
print(after - before)
""")
    assert status == 0, interp.stderr_text()
    # what the loop left is the ``text`` list (56 bytes): the snapshots, statistics
    # and the strs str() made of them are tracemalloc's own objects, never traced
    assert interp.stdout_text() == "56\n"
    report = interp.audit()
    assert report["mismatches"] == [] and report["orphan_blocks"] == []
    interp.finalize()


def test_tracing_stops_with_a_new_interpreter():
    interp, status = run("import tracemalloc\ntracemalloc.start()\n")
    assert status == 0
    interp2, status = run("import tracemalloc\nprint(tracemalloc.is_tracing(), "
                          "tracemalloc.get_traced_memory())\n")
    assert interp2.stdout_text() == "False (0, 0)\n"
