"""The heap map (minipy heapmap) and the run summary (minipy --stats).

The SVG must be well-formed XML whose structure mirrors the heap it was
drawn from: one ``<g class="arena">`` per live arena, one ``<rect
class="pool">`` per carved pool (with the pool's state), one dashed row per
released arena, one ``<rect class="raw">`` per raw block.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from minipy.api import Interpreter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")
SVG = "{http://www.w3.org/2000/svg}"


def minipy(*args, env=None):
    return subprocess.run([sys.executable, "-m", "minipy"] + list(args), capture_output=True,
                          text=True, env=env or ENV, timeout=300)


def classes(el):
    return (el.get("class") or "").split()


def find(root, tag, cls):
    return [e for e in root.iter(SVG + tag) if cls in classes(e)]


def run(source, name="prog.mpy"):
    interp = Interpreter(capture=True)
    status = interp.run_source(source, "/virtual/" + name)
    assert status == 0, interp.stderr_text()
    return interp


def draw(interp, label="at exit"):
    from minipy.viz import svg
    state = svg.capture(interp.heap, label, "prog.mpy")
    text = svg.render([state], title="test")
    return state, ET.fromstring(text.encode("utf-8"))


FRAGMENTED = """
keep = []
big = []
for i in range(5000):
    big.append([i, str(i) * 3])
    if i % 400 == 0:
        keep.append((i, i + 1))
del big[::3]
blob = "x" * 3000
"""


def test_one_arena_group_per_arena_and_one_cell_per_pool():
    interp = run(FRAGMENTED)
    heap = interp.heap
    state, root = draw(interp)
    arenas = list(heap.iter_arenas())
    assert len(arenas) >= 2                      # the program needs several arenas
    groups = find(root, "g", "arena")
    assert len(groups) == len(arenas)
    assert len(find(root, "rect", "pool")) == len(list(heap.iter_pools()))
    for g, ao in zip(groups, arenas):
        assert g.get("data-address") == "0x%x" % ao.address
        cells = find(g, "rect", "pool")
        assert len(cells) == len(ao.pools)
        assert [c.get("data-state") for c in cells] == [p.state for p in ao.pools]
        for c, p in zip(cells, ao.pools):
            if p.state != "empty":
                assert int(c.get("data-class")) == p.szidx
        assert len(find(g, "rect", "uncarved")) == ao.ntotalpools - len(ao.pools)
    # raw blocks beside the arenas (the 3000-char string, list storage ...)
    assert len(find(root, "rect", "raw")) == min(len(heap.raw.sizes), 30)
    assert any("3,049 B" in (t.text or "") or "3,000" in (t.text or "") or "str" in (t.text or "")
               for t in root.iter(SVG + "text"))
    # totals as text
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "%d arenas mapped" % len(arenas) in texts
    assert "{:,} blocks in use".format(heap.small_blocks) in texts
    assert "legend" in texts


def test_released_arenas_are_drawn():
    interp = run("""
big = []
for i in range(6000):
    big.append([i, i + 1])
big = None
x = [1.5, 2.5]
""")
    heap = interp.heap
    assert heap.narenas_reclaimed >= 1
    state, root = draw(interp)
    released = [g for g in root.iter(SVG + "g") if "arena-released" in classes(g)]
    assert len(released) == len(heap.arenas._free_slots) >= 1
    assert len(find(root, "g", "arena")) == heap.narenas_currently_allocated
    # pools on the free list of a live arena are drawn as empty cells
    empties = sum(1 for p in heap.iter_pools() if p.state == "empty")
    assert empties and len([c for c in find(root, "rect", "pool")
                            if c.get("data-state") == "empty"]) == empties


def test_pool_tooltips_name_the_objects_inside():
    interp = run("class Point:\n    pass\npts = [Point() for i in range(40)]\n")
    state, root = draw(interp)
    titles = [t.text for t in root.iter(SVG + "title") if t.text and "pool 0x" in t.text]
    import re
    counts = [int(m) for t in titles for m in re.findall("Point \u00d7(\\d+)", t)]
    assert sum(counts) == 40


def test_cli_heapmap_with_snapshots(tmp_path):
    prog = tmp_path / "snaps.mpy"
    prog.write_text("import heap\nxs = [[i] for i in range(300)]\n"
                    "print(heap.snapshot('built <xs> & co'))\n"
                    "del xs[::2]\nprint(heap.snapshot())\n"
                    "print(sorted(heap.stats())[:3])\n")
    out = tmp_path / "map.svg"
    r = minipy("heapmap", str(prog), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "1\n2\n['arenas', 'arenas_highwater', 'arenas_reclaimed']\n"
    root = ET.parse(str(out)).getroot()
    sections = find(root, "g", "snapshot")
    assert len(sections) == 3                     # two snapshots and the exit
    titles = [t.text for t in root.iter(SVG + "text") if "title" in classes(t)]
    assert titles[0] == "heap snapshot 1: built <xs> & co \u2014 snaps.mpy:3"
    assert titles[1] == "heap snapshot 2 \u2014 snaps.mpy:5"
    assert titles[2].startswith("heap at exit")
    for s in sections:
        assert find(s, "g", "arena") and find(s, "rect", "pool")
    assert "wrote" in r.stderr


def test_cli_heapmap_png_without_converter_says_how_to_get_one(tmp_path):
    prog = tmp_path / "p.mpy"
    prog.write_text("x = [1, 2, 3]\n")
    out = tmp_path / "m.svg"
    env = dict(ENV, PATH=str(tmp_path))          # no rsvg-convert, no convert
    r = minipy("heapmap", str(prog), "-o", str(out), "--png", env=env)
    assert r.returncode == 1
    assert "apt-get install librsvg2-bin" in r.stderr and "imagemagick" in r.stderr
    ET.parse(str(out))                           # the SVG was still written


def test_cli_heapmap_png_with_a_converter(tmp_path):
    import shutil
    conv = shutil.which("rsvg-convert")
    if conv is None:
        pytest.skip("rsvg-convert is not installed (apt-get install librsvg2-bin)")
    prog = tmp_path / "p.mpy"
    prog.write_text("x = [1, 2, 3]\n")
    out = tmp_path / "m.svg"
    r = minipy("heapmap", str(prog), "-o", str(out), "--png")
    assert r.returncode == 0, r.stderr
    with open(str(tmp_path / "m.png"), "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_cli_heapmap_errors(tmp_path):
    r = minipy("heapmap", str(tmp_path / "missing.mpy"), "-o", str(tmp_path / "m.svg"))
    assert r.returncode == 2 and "can't open file" in r.stderr
    r = minipy("heapmap", str(tmp_path / "x.mpy"))
    assert r.returncode == 2 and "-o" in r.stderr


def test_heap_module_without_heapmap():
    interp = run("import heap\nprint(heap.snapshot(), heap.snapshot('x'))\n"
                 "s = heap.stats()\nprint(s['arenas'] >= 1, s['blocks'] > 0, s['objects'] > 0)\n")
    assert interp.stdout_text() == "1 2\nTrue True True\n"
    interp.finalize()


def test_stats_summary(tmp_path):
    prog = tmp_path / "s.mpy"
    prog.write_text("import gc\nclass P:\n    pass\nps = [P() for i in range(10)]\n"
                    "a = []\na.append(a)\ndel a\ngc.collect()\nprint('done')\n")
    r = minipy("--stats", str(prog))
    assert r.returncode == 0 and r.stdout == "done\n"
    err = r.stderr
    assert err.startswith("run stats:\n")
    rows = {}
    for line in err.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[1].replace(",", "").isdigit():
            rows[parts[0]] = tuple(int(p.replace(",", "")) for p in parts[1:])
    assert rows["P"] == (10, 10, 0)              # freed when __main__ is torn down
    assert rows["list"][0] >= 2
    assert "peak heap:" in err and "arenas: high-water 1" in err
    assert "generation 2: 2 collections" in err   # gc.collect() and the one at exit
    import re
    assert re.search(r"^  GIL switches: (\d+|n/a)", err, re.M)
