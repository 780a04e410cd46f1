"""debugmallocstats(): CPython 3.11's sys._debugmallocstats() layout."""

import re

import pytest

from minipy.memory import CLASSIC, CPYTHON311, Heap, HeapGeometry, debugmallocstats
from minipy.memory.stats import format_freelist_line, printone

ROW = re.compile(r"^ {0,4}\d+ +\d+ +\d+ +\d+ +\d+$")


def value(text, label):
    for line in text.splitlines():
        if line.startswith(label) and "=" in line:
            return int(line.split("=", 1)[1].replace(",", ""))
    raise AssertionError("no line %r" % label)


def test_printone_matches_cpython_lines():
    # lines copied from a real 3.11.7 report
    assert printone("# arenas allocated total", 4) == \
        "# arenas allocated total           =                    4\n"
    assert printone("4 arenas * 1048576 bytes/arena", 4194304) == \
        "4 arenas * 1048576 bytes/arena     =            4,194,304\n"
    assert printone("17 unused pools * 16384 bytes", 278528) == \
        "17 unused pools * 16384 bytes      =              278,528\n"
    assert printone("Total", 655360) == \
        "Total                              =              655,360\n"


def test_freelist_line_format():
    assert format_freelist_line(8, "PyDictObject", 48) == \
        "            8 free PyDictObjects * 48 bytes each =                  384\n"
    assert format_freelist_line(40, "PyListObject", 40) == \
        "           40 free PyListObjects * 40 bytes each =                1,600\n"
    assert format_freelist_line(6, "20-sized PyTupleObject", 184) == \
        " 6 free 20-sized PyTupleObjects * 184 bytes each =                1,104\n"


def test_empty_heap_report():
    text = debugmallocstats(Heap())
    lines = text.split("\n")
    assert lines[0] == "Small block threshold = 512, in 64 size classes."
    assert lines[1] == ""
    assert lines[2] == "class   size   num pools   blocks in use  avail blocks"
    assert lines[3] == "-----   ----   ---------   -------------  ------------"
    assert lines[4] == ""
    assert value(text, "# arenas allocated total") == 0
    assert "0 arenas * 262144 bytes/arena      =                    0" in text
    assert value(text, "Total") == 0
    assert text.endswith("Total                              =                    0\n\n")
    assert "arena map" not in text


def test_known_sequence_classic():
    h = Heap(CLASSIC)
    for _ in range(3):
        h.malloc(16)
    h.malloc(512)
    h.malloc(600)              # raw: not in the report
    text = debugmallocstats(h)
    expected = (
        "Small block threshold = 512, in 64 size classes.\n"
        "\n"
        "class   size   num pools   blocks in use  avail blocks\n"
        "-----   ----   ---------   -------------  ------------\n"
        "    1     16           1               3           250\n"
        "   63    512           1               1             6\n"
        "\n"
        "# arenas allocated total           =                    1\n"
        "# arenas reclaimed                 =                    0\n"
        "# arenas highwater mark            =                    1\n"
        "# arenas allocated current         =                    1\n"
        "1 arenas * 262144 bytes/arena      =              262,144\n"
        "\n"
        "# bytes in allocated blocks        =                  560\n"
        "# bytes in available blocks        =                7,072\n"
        "62 unused pools * 4096 bytes       =              253,952\n"
        "# bytes lost to pool headers       =                   96\n"
        "# bytes lost to quantization       =                  464\n"
        "# bytes lost to arena alignment    =                    0\n"
        "Total                              =              262,144\n"
        "\n"
    )
    assert text == expected


def test_known_sequence_cpython311_with_freelists():
    h = Heap(CPYTHON311)
    blocks = [h.malloc(n) for n in (1, 16, 17, 48, 500)]
    h.free(blocks[1])
    text = debugmallocstats(h, [(8, "PyDictObject", 48), (4, "PyFloatObject", 24),
                                "already formatted line"])
    lines = text.splitlines()
    assert lines[0] == "Small block threshold = 512, in 32 size classes."
    rows = [l for l in lines if ROW.match(l)]
    assert rows == [
        "    0     16           1               1          1020",
        "    1     32           1               1           509",
        "    2     48           1               1           339",
        "   31    512           1               1            30",
    ]
    assert "1 arenas * 1048576 bytes/arena     =            1,048,576" in lines
    assert "60 unused pools * 16384 bytes      =              983,040" in lines
    assert value(text, "# bytes in allocated blocks") == 16 + 32 + 48 + 512
    assert value(text, "# bytes lost to pool headers") == 4 * 48
    quant = sum((16384 - 48) % s for s in (16, 32, 48, 512))
    assert value(text, "# bytes lost to quantization") == quant
    tail = text.split("# bytes lost to arena alignment")[1]
    assert tail.splitlines()[1] == "Total                              =            1,048,576"
    assert "\narena map counts\n" in text
    assert "# arena map mid nodes              =                    1" in lines
    assert "# arena map bot nodes              =                    1" in lines
    assert "# bytes lost to arena map root     =              262,144" in lines
    assert "# bytes lost to arena map mid      =              262,144" in lines
    assert "# bytes lost to arena map bot      =              131,072" in lines
    assert "Total                              =              655,360" in lines
    assert text.endswith(
        "Total                              =              655,360\n"
        "\n"
        "            8 free PyDictObjects * 48 bytes each =                  384\n"
        "           4 free PyFloatObjects * 24 bytes each =                   96\n"
        "already formatted line\n")


@pytest.mark.parametrize("g", [CLASSIC, CPYTHON311])
def test_breakdown_sums_to_total(g):
    import random
    rnd = random.Random(7)
    h = Heap(g)
    live = []
    for _ in range(6000):
        if live and rnd.random() < 0.4:
            h.free(live.pop(rnd.randrange(len(live))))
        else:
            live.append(h.malloc(rnd.choice((rnd.randint(1, 512), rnd.randint(1, 40)))))
    text = debugmallocstats(h)
    parts = ["# bytes in allocated blocks", "# bytes in available blocks", "unused pools",
             "# bytes lost to pool headers", "# bytes lost to quantization",
             "# bytes lost to arena alignment"]
    total = 0
    for line in text.splitlines():
        if any(p in line for p in parts):
            total += int(line.split("=")[1].replace(",", ""))
    n = h.narenas_currently_allocated
    assert total == n * g.arena_size == value(text.split("\n\n", 3)[3], "Total")
    rows = [l for l in text.splitlines() if ROW.match(l)]
    in_use = sum(int(r.split()[3]) for r in rows)
    assert in_use == h.allocated_blocks() - h.raw_allocated_blocks
    for r in rows:
        idx, size, pools, used, avail = map(int, r.split())
        assert size == g.class_size(idx)
        assert used + avail == pools * g.blocks_per_pool[idx]


def test_reclaimed_and_highwater_lines():
    g = HeapGeometry(name="tiny", alignment=8, small_request_threshold=128,
                     pool_size=512, arena_size=2048)
    h = Heap(g)
    first = [h.malloc(128) for _ in range(12)]
    second = h.malloc(128)
    for b in first:
        h.free(b)
    text = debugmallocstats(h)
    assert value(text, "# arenas allocated total") == 2
    assert value(text, "# arenas reclaimed") == 1
    assert value(text, "# arenas highwater mark") == 2
    assert value(text, "# arenas allocated current") == 1
    assert "3 unused pools * 512 bytes" in text


def test_arena_alignment_line_for_misaligned_arenas():
    g = HeapGeometry(name="311-mmap", alignment=16, small_request_threshold=512,
                     pool_size=16384, arena_size=1 << 20, use_radix_tree=True,
                     arena_misalignment=4096)
    h = Heap(g)
    blocks = [h.malloc(512) for _ in range(31 * 63 + 1)]    # two arenas
    text = debugmallocstats(h)
    assert value(text, "# bytes lost to arena alignment") == 2 * 16384
    assert "62 unused pools * 16384 bytes" in text
    assert value(text, "# arena map bot nodes") == 1
    assert blocks
