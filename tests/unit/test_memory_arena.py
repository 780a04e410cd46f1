"""Arenas: usable_arenas order, nfp2lasta, release (bpo-37257), address reuse.

Most tests use a tiny geometry so that arenas fill quickly: 4 pools of 512
bytes per arena, 3 blocks of 128 bytes per pool.
"""

import pytest

from minipy.memory import CLASSIC, CPYTHON311, Heap, HeapGeometry

TINY = HeapGeometry(name="tiny", alignment=8, small_request_threshold=128,
                    pool_size=512, arena_size=2048)
B = TINY.arena_base


def group(h):
    """Allocate one whole pool's worth of 128-byte blocks (3 blocks)."""
    return [h.malloc(128) for _ in range(3)]


def free_all(h, blocks):
    for b in blocks:
        h.free(b)


def order(h):
    return [(a.index, a.nfreepools) for a in h.iter_usable_arenas()]


def test_arena_slot_and_address():
    h = Heap(TINY)
    groups = [group(h) for _ in range(5)]
    a0, a1 = list(h.iter_arenas())
    assert (a0.index, a0.address) == (0, B)
    assert (a1.index, a1.address) == (1, B + 2048)
    assert a0.nfreepools == 0 and a0.ntotalpools == 4
    assert a1.nfreepools == 3
    assert [p.address for p in a0.pools] == [B, B + 512, B + 1024, B + 1536]
    assert h.pool_of(groups[4][0]).arena is a1
    assert order(h) == [(1, 3)]        # a full arena is on no list
    assert len(h.arenas.arenas) == 16  # INITIAL_ARENA_OBJECTS
    h.check_invariants()


def test_full_arena_rejoins_at_head_and_is_preferred():
    h = Heap(TINY)
    a_groups = [group(h) for _ in range(4)]           # arena 0 full
    group(h)                                          # arena 1: 3 free pools
    free_all(h, a_groups[0])                          # arena 0: was full -> head
    assert order(h) == [(0, 1), (1, 3)]
    x = h.malloc(8)                                   # a new pool: from the most used arena
    assert h.pool_of(x).arena.index == 0
    assert h.pool_of(x).address == B                  # the cached (emptied) pool
    assert order(h) == [(1, 3)]
    h.check_invariants()


def test_freepools_are_reused_lifo():
    h = Heap(TINY)
    gs = [group(h) for _ in range(4)]
    group(h)
    free_all(h, gs[1])
    free_all(h, gs[2])                                # freepools: pool 2 -> pool 1
    assert [p.address for p in h.pool_of(gs[0][0]).arena.iter_freepools()] == [B + 1024, B + 512]
    assert h.pool_of(h.malloc(16)).address == B + 1024
    assert h.pool_of(h.malloc(24)).address == B + 512
    h.check_invariants()


def test_resort_moves_arena_right_and_most_used_arena_serves():
    h = Heap(TINY)
    a_groups = [group(h) for _ in range(4)]           # arena 0: 4 used pools
    b_groups = [group(h) for _ in range(2)]           # arena 1: 2 used pools
    assert order(h) == [(1, 2)]
    free_all(h, a_groups[0])
    assert order(h) == [(0, 1), (1, 2)]
    assert h.arenas.nfp2lasta[1].index == 0 and h.arenas.nfp2lasta[2].index == 1
    free_all(h, a_groups[1])                          # tie: stays left of arena 1
    assert order(h) == [(0, 2), (1, 2)]
    assert h.arenas.nfp2lasta[1] is None and h.arenas.nfp2lasta[2].index == 1
    h.check_invariants()
    free_all(h, a_groups[2])                          # now less used: slides right
    assert order(h) == [(1, 2), (0, 3)]
    h.check_invariants()
    x = h.malloc(8)
    assert h.pool_of(x).arena.index == 1              # most used arena first
    assert order(h) == [(1, 1), (0, 3)]
    h.check_invariants()
    h.free(x)
    free_all(h, b_groups[0])
    assert order(h) == [(1, 3), (0, 3)]          # ties keep their place
    assert h.arenas.nfp2lasta[3].index == 0
    h.check_invariants()


def test_empty_arena_not_last_is_released():
    h = Heap(TINY)
    a_groups = [group(h) for _ in range(4)]
    b = group(h)
    assert h.narenas_currently_allocated == 2
    for g in a_groups:
        free_all(h, g)
    # arena 0 became wholly empty while arena 1 was after it in usable_arenas
    assert h.narenas_currently_allocated == 1
    assert h.narenas_reclaimed == 1
    assert h.narenas_allocated_total == 2
    assert h.narenas_highwater == 2
    assert h.arenas.arenas[0].address == 0
    assert h.arenas.unused_arena_objects is h.arenas.arenas[0]
    for blk in a_groups[0]:
        assert not h.is_small(blk) and h.pool_of(blk) is None
    h.check_invariants()
    free_all(h, b)
    # the last wholly empty arena is kept (bpo-37257)
    assert h.narenas_currently_allocated == 1 and h.narenas_reclaimed == 1
    assert h.allocated_blocks() == 0
    h.check_invariants()


def test_last_empty_arena_is_kept_no_thrashing():
    h = Heap(TINY)
    for _ in range(50):
        a = h.malloc(100)
        h.free(a)
    assert h.narenas_allocated_total == 1
    assert h.narenas_currently_allocated == 1
    assert h.narenas_reclaimed == 0
    # at an arena boundary too
    full = [group(h) for _ in range(4)]
    for _ in range(20):
        x = h.malloc(128)                 # needs a second arena
        h.free(x)                         # empty again, and last: kept
    assert h.narenas_allocated_total == 2
    assert h.narenas_currently_allocated == 2
    for g in full:
        free_all(h, g)
    h.check_invariants()


def test_kept_empty_arena_released_when_another_empties_after_it():
    h = Heap(TINY)
    a_groups = [group(h) for _ in range(4)]
    b_groups = [group(h) for _ in range(2)]
    for g in a_groups:
        free_all(h, g)          # arena 0 slides right of arena 1, then is kept (last)
    assert h.narenas_currently_allocated == 2
    assert order(h) == [(1, 2), (0, 4)]
    for g in b_groups:
        free_all(h, g)          # arena 1 empties; arena 0 is after it -> released
    assert h.narenas_currently_allocated == 1
    assert [a.index for a in h.iter_arenas()] == [0]
    h.check_invariants()


def test_released_address_range_and_slot_are_reused():
    h = Heap(TINY)
    a_groups = [group(h) for _ in range(4)]
    b_groups = [group(h) for _ in range(4)]
    c = group(h)                                    # arena 2
    assert [a.address for a in h.iter_arenas()] == [B, B + 2048, B + 4096]
    for g in a_groups:
        free_all(h, g)                              # arena 0 released
    assert [a.index for a in h.iter_arenas()] == [1, 2]
    # fill arena 2, then a new arena is needed: lowest free range, freed slot
    more = [group(h) for _ in range(3)]
    assert h.narenas_currently_allocated == 2
    d = h.malloc(128)
    new = h.pool_of(d).arena
    assert new.index == 0 and new.address == B
    assert d == B + 48
    assert h.narenas_allocated_total == 4 and h.narenas_reclaimed == 1
    h.check_invariants()


def test_arena_vector_doubles():
    h = Heap(TINY)
    blocks = [group(h) for _ in range(4 * 17)]
    assert h.narenas_currently_allocated == 17
    assert len(h.arenas.arenas) == 32
    assert [a.index for a in h.iter_arenas()] == list(range(17))
    h.check_invariants()
    for g in blocks:
        free_all(h, g)
    assert h.narenas_currently_allocated == 1
    assert h.narenas_reclaimed == 16
    h.check_invariants()


@pytest.mark.parametrize("g", [CLASSIC, CPYTHON311])
def test_real_profiles_fill_one_arena(g):
    h = Heap(g)
    per_pool = g.blocks_per_pool[-1]
    blocks = [h.malloc(512) for _ in range(per_pool * g.pools_per_arena)]
    assert h.narenas_currently_allocated == 1
    (arena,) = h.iter_arenas()
    assert arena.nfreepools == 0
    assert blocks[-1] == g.arena_base + (g.pools_per_arena - 1) * g.pool_size + 48 \
        + (per_pool - 1) * 512
    extra = h.malloc(512)
    assert extra == g.arena_base + g.arena_size + 48
    h.check_invariants()


def test_misaligned_arena_loses_one_pool():
    g = HeapGeometry(name="311-mmap", alignment=16, small_request_threshold=512,
                     pool_size=16384, arena_size=1 << 20, use_radix_tree=True,
                     arena_misalignment=4096)
    h = Heap(g)
    a = h.malloc(16)
    (arena,) = h.iter_arenas()
    assert arena.address == g.arena_base + 4096
    assert arena.ntotalpools == 63 and arena.nfreepools == 62
    assert a == g.arena_base + 16384 + 48          # first pool-aligned address
    assert h.is_small(arena.address) and h.is_small(arena.address + (1 << 20) - 1)
    assert not h.is_small(arena.address + (1 << 20))
    # the radix tree marks both "ideal" slots an unaligned arena straddles
    assert h.arenas.arena_map_mid_count == 1 and h.arenas.arena_map_bot_count == 1
    h.check_invariants()
