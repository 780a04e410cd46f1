"""Heap: pymalloc's allocation and free paths, block by block."""

import pytest

from minipy.errors import HeapCorruption, HeapExhausted, InternalError
from minipy.memory import CLASSIC, CPYTHON311, Heap, HeapGeometry

BASE = CLASSIC.arena_base
HDR = 48

# 4 pools of 512 bytes per arena; 3 blocks of 128 bytes per pool.
TINY = HeapGeometry(name="tiny", alignment=8, small_request_threshold=128,
                    pool_size=512, arena_size=2048)


def test_first_block_of_fresh_pool_is_at_offset_48():
    h = Heap()
    a = h.malloc(8)
    assert a == BASE + HDR
    p = h.pool_of(a)
    assert p.address == BASE and p.szidx == 0 and p.ref_count == 1
    assert p.arena.index == 0 and p.arena.address == BASE
    h.check_invariants()


@pytest.mark.parametrize("g", [CLASSIC, CPYTHON311])
def test_lazy_carving_ascends_by_class_size(g):
    h = Heap(g)
    addrs = [h.malloc(24) for _ in range(10)]
    size = g.class_size(g.size_class(24))
    assert addrs == [g.arena_base + HDR + k * size for k in range(10)]
    # Only two blocks beyond the handed-out ones have been touched.
    p = h.pool_of(addrs[0])
    assert p.nextoffset == HDR + 11 * size
    assert p.freeblock == [addrs[-1] + size]


def test_each_class_gets_its_own_pool_in_carving_order():
    h = Heap()
    a8, a16, a512, b8 = h.malloc(1), h.malloc(16), h.malloc(500), h.malloc(8)
    assert a8 == BASE + HDR
    assert a16 == BASE + 4096 + HDR
    assert a512 == BASE + 2 * 4096 + HDR
    assert b8 == a8 + 8


def test_freed_block_is_next_handed_out_lifo():
    h = Heap()
    a, b, c = h.malloc(32), h.malloc(32), h.malloc(32)
    h.free(b)
    h.free(a)
    assert h.malloc(30) == a          # last freed, first reused (id() reuse)
    assert h.malloc(32) == b
    assert h.malloc(32) == c + 32     # then back to lazily carved blocks
    h.check_invariants()


def test_full_pool_getting_a_free_goes_to_front_of_usedpools():
    h = Heap()
    idx = CLASSIC.size_class(512)
    first = [h.malloc(512) for _ in range(7)]          # 7 blocks fill a 4 KiB pool
    p1 = h.pool_of(first[0])
    assert p1.state == "full" and h.usedpools(idx) == []
    second = h.malloc(512)
    p2 = h.pool_of(second)
    assert p2 is not p1 and h.usedpools(idx) == [p2]
    h.free(first[3])
    assert p1.state == "used"
    assert h.usedpools(idx) == [p1, p2]
    assert h.malloc(512) == first[3]
    # p1 is full again and left the list
    assert h.usedpools(idx) == [p2]
    h.check_invariants()


def test_free_in_a_used_pool_that_is_not_the_head_stays_behind():
    h = Heap()
    idx = CLASSIC.size_class(512)
    p1_blocks = [h.malloc(512) for _ in range(7)]
    p2_block = h.malloc(512)
    h.malloc(512)                             # p2 keeps a second block
    h.free(p1_blocks[0])                      # p1 -> front
    p2_extra = h.malloc(512)                  # served by p1 again (p1 full)
    assert p2_extra == p1_blocks[0]
    h.free(p1_blocks[1])                      # p1 front again: [p1, p2]
    h.free(p2_block)                          # p2 is used, not full: no move
    assert [p.address for p in h.usedpools(idx)] == [BASE, BASE + 4096]
    assert h.malloc(512) == p1_blocks[1]      # head pool serves, not p2's block
    h.check_invariants()


def test_emptied_pool_returns_to_freepools_and_serves_another_class():
    h = Heap()
    a = h.malloc(16)                 # pool 0
    b = h.malloc(32)                 # pool 1
    arena = h.pool_of(a).arena
    assert arena.nfreepools == 62
    pool0 = h.pool_of(a)
    h.free(a)
    assert pool0.state == "empty" and pool0.ref_count == 0
    assert arena.freepools is pool0 and arena.nfreepools == 63
    assert h.usedpools(CLASSIC.size_class(16)) == []
    c = h.malloc(64)                 # cached pool beats carving a new one
    assert c == BASE + HDR
    assert h.pool_of(c) is pool0 and pool0.szidx == CLASSIC.size_class(64)
    assert arena.nfreepools == 62
    h.free(b)
    h.check_invariants()


def test_emptied_pool_reused_by_same_class_keeps_its_free_list():
    h = Heap()
    a, b, c = h.malloc(40), h.malloc(40), h.malloc(40)
    h.free(a)
    h.free(c)
    h.free(b)                        # pool empty; free list b -> c -> a -> virgin
    assert h.malloc(40) == b
    assert h.malloc(40) == c
    assert h.malloc(40) == a
    assert h.malloc(40) == a + 120
    h.check_invariants()


def test_allocated_blocks_counts_small_and_raw():
    h = Heap()
    addrs = [h.malloc(n) for n in (0, 1, 100, 512, 513, 100000)]
    assert h.allocated_blocks() == 6
    assert h.raw_allocated_blocks == 3
    for a in addrs[:3]:
        h.free(a)
    assert h.allocated_blocks() == 3
    h.check_invariants()


def test_raw_allocator_for_zero_and_large_requests():
    h = Heap()
    z = h.malloc(0)
    big = h.malloc(513)
    huge = h.malloc(1 << 20)
    for a in (z, big, huge):
        assert not h.is_small(a)
        assert h.pool_of(a) is None
        assert h.is_live(a)
        assert a % 16 == 0
    assert h.block_size(z) == 1          # malloc(0) is malloc(1)
    assert h.block_size(big) == 513
    assert len({z, big, huge}) == 3
    assert h.narenas_currently_allocated == 0      # no arena for raw requests
    assert h.raw.nbytes == 1 + 513 + (1 << 20)
    assert h.raw.peak_bytes == h.raw.nbytes
    h.free(big)
    assert h.raw.nblocks == 2
    assert h.raw.peak_blocks == 3
    # the same chunk size is reused (glibc-like exact-size bin)
    assert h.malloc(520) == big
    h.check_invariants()


def test_small_block_queries():
    h = Heap()
    a = h.malloc(100)
    assert h.is_small(a)
    assert h.block_size(a) == 104
    h.free(a)
    with pytest.raises(HeapCorruption):
        h.block_size(a)
    with pytest.raises(HeapCorruption):
        h.block_size(12345)


def test_double_free_small_raises():
    h = Heap()
    a = h.malloc(24)
    h.malloc(24)
    h.free(a)
    with pytest.raises(HeapCorruption) as e:
        h.free(a)
    assert "double free" in str(e.value)
    h.check_invariants()


def test_double_free_in_emptied_pool_raises():
    h = Heap()
    a = h.malloc(24)
    h.free(a)
    with pytest.raises(HeapCorruption):
        h.free(a)
    h.check_invariants()


def test_double_free_raw_raises():
    h = Heap()
    a = h.malloc(1000)
    h.malloc(1000)
    h.free(a)
    with pytest.raises(HeapCorruption) as e:
        h.free(a)
    assert "double free" in str(e.value)


def test_foreign_addresses_raise():
    h = Heap()
    a = h.malloc(32)
    for bad in (12345, a + 8, a + 32 * 5, BASE + 4096 * 10 + 48, 0xDEAD_BEEF_0000):
        with pytest.raises(HeapCorruption):
            h.free(bad)
    s = h.static_alloc(16)
    with pytest.raises(HeapCorruption) as e:
        h.free(s)
    assert "static" in str(e.value)
    assert issubclass(HeapCorruption, InternalError)
    h.free(0)              # free(NULL) is a no-op
    h.check_invariants()


def test_static_region():
    h = Heap()
    a = h.static_alloc(16)
    b = h.static_alloc(32)
    c = h.static_alloc(0)
    assert a == CLASSIC.static_base and b == a + 16 and c == b + 32
    assert h.is_static(a) and h.is_static(c) and not h.is_static(h.malloc(8))
    assert not h.is_small(a)
    assert h.allocated_blocks() == 1
    assert h.narenas_currently_allocated == 0 or h.static_blocks == 3
    assert h.static_blocks == 3 and h.static_bytes == 48


def test_address_ranges_are_distinct():
    h = Heap()
    small, raw, static = h.malloc(8), h.malloc(1000), h.static_alloc(8)
    assert small >= CLASSIC.arena_base
    assert CLASSIC.raw_base <= raw < CLASSIC.arena_base
    assert CLASSIC.static_base <= static < CLASSIC.raw_base


def test_realloc_in_place_when_fits_and_over_three_quarters():
    h = Heap()
    a = h.malloc(100)                       # class 104
    assert h.realloc(a, 104) == a
    assert h.realloc(a, 80) == a            # 4*80 = 320 > 3*104 = 312
    assert h.realloc(a, 79) == a            # 316 > 312
    b = h.realloc(a, 78)                    # 312 is not > 312: moves down a class
    assert b != a and h.block_size(b) == 80
    assert not h.is_live(a)
    c = h.realloc(b, 81)                    # growth beyond the class: moves
    assert c != b and h.block_size(c) == 88
    assert h.allocated_blocks() == 1
    h.check_invariants()


def test_realloc_small_to_raw_and_raw_stays_raw():
    h = Heap()
    a = h.malloc(64)
    r = h.realloc(a, 2000)
    assert not h.is_small(r) and h.block_size(r) == 2000
    r2 = h.realloc(r, 10)                   # shrinking never moves back into pymalloc
    assert r2 == r and not h.is_small(r2) and h.block_size(r2) == 10
    z = h.realloc(h.malloc(64), 0)          # realloc(p, 0) -> malloc(0) -> raw
    assert not h.is_small(z)
    assert h.allocated_blocks() == 2
    h.check_invariants()


def test_realloc_zero_address_is_malloc_and_bad_address_raises():
    h = Heap()
    a = h.realloc(0, 24)
    assert h.is_small(a) and h.block_size(a) == 24
    with pytest.raises(HeapCorruption):
        h.realloc(a + 8, 10)
    h.free(a)
    with pytest.raises(HeapCorruption):
        h.realloc(a, 10)


def test_realloc_lifo_order():
    h = Heap()
    a = h.malloc(64)
    b = h.realloc(a, 300)         # malloc new then free a
    assert h.malloc(64) == a      # the old block is the next one of its class


def test_negative_sizes_rejected():
    h = Heap()
    with pytest.raises(ValueError):
        h.malloc(-1)
    with pytest.raises(ValueError):
        h.static_alloc(-1)


# ---- heap limit ---------------------------------------------------------------

def _snapshot(h):
    return (h.narenas_currently_allocated, h.narenas_allocated_total, h.allocated_blocks(),
            h.raw.nbytes, [(p.address, p.ref_count, list(p.freeblock), p.nextoffset)
                           for p in h.iter_pools()],
            [a.nfreepools for a in h.iter_arenas()])


def test_max_bytes_new_arena_raises_and_heap_is_intact():
    h = Heap(TINY, max_bytes=2048 + 200)
    blocks = [h.malloc(128) for _ in range(12)]          # one arena: 4 pools * 3 blocks
    assert h.narenas_currently_allocated == 1
    before = _snapshot(h)
    with pytest.raises(HeapExhausted):
        h.malloc(128)
    with pytest.raises(HeapExhausted):
        h.malloc(8)                                      # a new class needs a new pool too
    assert _snapshot(h) == before
    h.check_invariants()
    # raw requests that fit still work; those that do not raise
    r = h.malloc(199)                                    # raw (threshold 128)
    assert h.total_bytes == 2048 + 199
    r0 = h.malloc(0)                                     # costs 1 byte: exactly the limit
    assert h.total_bytes == h.max_bytes
    with pytest.raises(HeapExhausted):
        h.malloc(0)
    with pytest.raises(HeapExhausted):
        h.realloc(r, 200)
    h.free(r)
    h.free(r0)
    # freeing a block makes room in an existing pool: a small alloc works again
    h.free(blocks[5])
    assert h.malloc(128) == blocks[5]
    h.check_invariants()


def test_max_bytes_raw_and_realloc():
    h = Heap(CLASSIC, max_bytes=10000)
    a = h.malloc(6000)
    with pytest.raises(HeapExhausted):
        h.malloc(5000)
    with pytest.raises(HeapExhausted):
        h.realloc(a, 10001)
    assert h.block_size(a) == 6000
    assert h.realloc(a, 9000) == a          # topmost chunk grows in place
    with pytest.raises(HeapExhausted):
        h.malloc(8)                         # a 256 KiB arena does not fit
    h.check_invariants()
    h.free(a)
    assert h.total_bytes == 0


def test_max_bytes_realloc_failure_keeps_old_block():
    h = Heap(TINY, max_bytes=2048)
    blocks = [h.malloc(128) for _ in range(12)]
    with pytest.raises(HeapExhausted):
        h.realloc(blocks[0], 64)            # would need a fresh pool: no arena left
    assert h.is_live(blocks[0]) and h.block_size(blocks[0]) == 128
    h.check_invariants()


def test_max_bytes_zero():
    h = Heap(max_bytes=0)
    with pytest.raises(HeapExhausted):
        h.malloc(1)
    with pytest.raises(HeapExhausted):
        h.malloc(1000)
    h.check_invariants()


def test_heap_accepts_profile_name():
    assert Heap("cpython311").geometry is CPYTHON311
    with pytest.raises(ValueError):
        Heap("nope")


def test_blocks_record_their_owner_small_and_raw():
    """Every live block says what it holds; freeing forgets it, and a freed
    block's next owner is whoever is handed the same address."""
    h = Heap()
    a_obj, b_obj = object(), object()
    a = h.malloc(32, a_obj)
    b = h.malloc(2000, b_obj)           # raw allocator
    plain = h.malloc(64)                # plain memory: owner True
    assert h.owner_of(a) is a_obj and h.owner_of(b) is b_obj and h.owner_of(plain) is True
    assert h.owner_of(a + 8) is None    # interior address: no block starts there
    assert dict(h.iter_owners()) == {a: a_obj, b: b_obj, plain: True}
    h.set_owner(plain, a_obj)
    assert h.owner_of(plain) is a_obj
    h.free(a)
    h.free(b)
    assert h.owner_of(a) is None and h.owner_of(b) is None
    c = h.malloc(32, b_obj)             # LIFO: the same block again
    assert c == a and h.owner_of(c) is b_obj
    h.check_invariants()
    with pytest.raises(HeapCorruption):
        h.set_owner(a + 8, a_obj)


def test_owner_survives_raw_realloc_and_double_free_is_caught():
    h = Heap()
    o = object()
    a = h.malloc(1000, o)
    a2 = h.realloc(a, 5000)
    assert h.owner_of(a2) is o
    s = h.malloc(16, o)
    h.free(s)
    with pytest.raises(HeapCorruption):
        h.free(s)
    h.check_invariants()
