"""HeapGeometry: the two profiles and the size-class arithmetic."""

import pytest

from minipy.memory import CLASSIC, CPYTHON311, PROFILES, HeapGeometry, get_profile


def test_classic_constants():
    g = CLASSIC
    assert g.name == "classic"
    assert g.alignment == 8
    assert g.alignment_shift == 3
    assert g.small_request_threshold == 512
    assert g.num_size_classes == 64
    assert g.pool_size == 4096
    assert g.arena_size == 256 * 1024
    assert g.pools_per_arena == 64
    assert g.pool_header_size == 48
    assert g.class_sizes[0] == 8 and g.class_sizes[-1] == 512
    assert g.class_sizes == tuple(range(8, 513, 8))
    assert not g.use_radix_tree


def test_cpython311_constants():
    g = CPYTHON311
    assert g.alignment == 16
    assert g.alignment_shift == 4
    assert g.num_size_classes == 32
    assert g.pool_size == 16 * 1024
    assert g.arena_size == 1024 * 1024
    assert g.pools_per_arena == 64
    assert g.pool_header_size == 48
    assert g.class_sizes == tuple(range(16, 513, 16))
    assert g.use_radix_tree
    assert g.radix_tree_shape() == (15, 14)


@pytest.mark.parametrize("size, blocks", [(8, 506), (16, 253), (64, 63), (512, 7)])
def test_classic_blocks_per_pool(size, blocks):
    idx = CLASSIC.size_class(size)
    assert CLASSIC.class_size(idx) == size
    assert CLASSIC.num_blocks(idx) == blocks
    assert CLASSIC.blocks_per_pool[idx] == blocks


@pytest.mark.parametrize("size, blocks", [(16, 1021), (32, 510), (48, 340), (64, 255),
                                          (128, 127), (256, 63), (512, 31)])
def test_cpython311_blocks_per_pool(size, blocks):
    idx = CPYTHON311.size_class(size)
    assert CPYTHON311.num_blocks(idx) == blocks
    assert CPYTHON311.blocks_per_pool[idx] == blocks


@pytest.mark.parametrize("g", [CLASSIC, CPYTHON311])
def test_size_class_mapping(g):
    a = g.alignment
    assert g.size_class(1) == 0
    assert g.size_class(a) == 0
    assert g.size_class(a + 1) == 1
    assert g.size_class(512) == g.num_size_classes - 1
    for n in range(1, 513):
        i = g.size_class(n)
        assert i == (n - 1) >> g.alignment_shift
        assert g.class_size(i) >= n > g.class_size(i) - a
        assert g.class_size(i) == (i + 1) << g.alignment_shift
    for bad in (0, 513, -1):
        with pytest.raises(ValueError):
            g.size_class(bad)


def test_quantization():
    assert CLASSIC.quantization(CLASSIC.size_class(512)) == 4048 - 7 * 512
    assert CPYTHON311.quantization(CPYTHON311.size_class(48)) == (16384 - 48) % 48


def test_profiles_registry():
    assert PROFILES == {"classic": CLASSIC, "cpython311": CPYTHON311}
    assert get_profile("classic") is CLASSIC
    assert get_profile("cpython311") is CPYTHON311
    with pytest.raises(ValueError) as e:
        get_profile("cpython2")
    assert "classic" in str(e.value) and "cpython311" in str(e.value)


def test_geometry_is_frozen_and_hashable():
    with pytest.raises(Exception):
        CLASSIC.pool_size = 8192
    assert hash(CLASSIC) != hash(CPYTHON311) or CLASSIC != CPYTHON311
    assert HeapGeometry(name="classic") == CLASSIC


@pytest.mark.parametrize("kwargs", [
    dict(alignment=12),
    dict(alignment=4),
    dict(small_request_threshold=500),
    dict(pool_size=5000),
    dict(arena_size=2048),                       # smaller than a pool
    dict(pool_header_size=44),
    dict(pool_size=1024, small_request_threshold=512),   # < 2 blocks of 512
    dict(arena_misalignment=3),
])
def test_invalid_geometry(kwargs):
    with pytest.raises(ValueError):
        HeapGeometry(name="bad", **kwargs)


def test_tiny_geometry_for_tests():
    g = HeapGeometry(name="tiny", alignment=8, small_request_threshold=128,
                     pool_size=512, arena_size=2048)
    assert g.pools_per_arena == 4
    assert g.num_size_classes == 16
    assert g.blocks_per_pool[-1] == 3
