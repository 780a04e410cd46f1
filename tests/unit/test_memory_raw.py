"""RawAllocator: the simulated C malloc behind 0-byte and large requests."""

import pytest

from minipy.errors import HeapCorruption
from minipy.memory.raw import RawAllocator

BASE = 0x55D0_8000_0000


def test_addresses_unique_aligned_and_above_base():
    r = RawAllocator(BASE)
    addrs = [r.malloc(n) for n in (0, 1, 600, 4096, 100000)]
    assert len(set(addrs)) == 5
    assert all(a % 16 == 0 and a > BASE for a in addrs)
    assert addrs == sorted(addrs)
    assert r.nblocks == 5 and r.nbytes == 1 + 1 + 600 + 4096 + 100000
    r.check_invariants()


def test_exact_size_bin_reuse_is_lifo():
    r = RawAllocator(BASE)
    a, b, c, top = r.malloc(1000), r.malloc(1000), r.malloc(1000), r.malloc(50)
    r.free(a)
    r.free(b)
    assert r.malloc(1000) == b
    assert r.malloc(1000) == a
    assert r.malloc(1000) not in (a, b, c)
    r.check_invariants()


def test_topmost_chunk_returns_to_top():
    r = RawAllocator(BASE)
    a = r.malloc(700)
    b = r.malloc(700)
    r.free(b)
    assert r.malloc(2000) == b            # the top grew back over b's chunk
    r.check_invariants()
    assert a


def test_realloc_shrink_grow_move():
    r = RawAllocator(BASE)
    a = r.malloc(1000)
    b = r.malloc(1000)
    assert r.realloc(a, 10) == a          # shrink in place
    assert r.sizes[a] == 10
    assert r.realloc(a, 1000) == a        # still fits the original chunk
    moved = r.realloc(a, 5000)            # a is not topmost: moves
    assert moved != a and not r.owns(a) and r.sizes[moved] == 5000
    assert r.realloc(moved, 9000) == moved   # topmost: grows in place
    assert r.nbytes == 1000 + 9000
    assert r.peak_bytes >= r.nbytes
    r.check_invariants()
    assert b


def test_errors():
    r = RawAllocator(BASE)
    a = r.malloc(600)
    r.malloc(600)
    r.free(a)
    with pytest.raises(HeapCorruption, match="double free"):
        r.free(a)
    with pytest.raises(HeapCorruption):
        r.free(BASE + 3)
    with pytest.raises(HeapCorruption):
        r.realloc(a, 10)
    r.check_invariants()
