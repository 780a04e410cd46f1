"""Heap geometry: the one place where the numbers of the simulated obmalloc live.

CPython's small-object allocator carves memory in three levels::

    arena (256 KiB classic / 1 MiB in 3.10+)  -- obtained from the OS with mmap
      pool (4 KiB classic / 16 KiB in 3.10+)  -- every block in a pool has one size
        block (8..512 bytes, a multiple of ALIGNMENT) -- what PyObject_Malloc returns

A request of ``n`` bytes (``0 < n <= SMALL_REQUEST_THRESHOLD``) is rounded up
to a *size class*: ``index = (n - 1) >> ALIGNMENT_SHIFT`` and the class's block
size is ``(index + 1) << ALIGNMENT_SHIFT``.  Each pool starts with a 48-byte
``pool_header`` (POOL_OVERHEAD on 64-bit builds), so a pool of class ``i``
holds ``(POOL_SIZE - 48) // size`` blocks; the remainder is "quantization".

Two profiles are provided:

* ``CLASSIC`` -- CPython 3.3-3.7 on 64-bit (and 32-bit builds later): 8-byte
  alignment, 64 classes 8..512, 4 KiB pools, 256 KiB arenas.
* ``CPYTHON311`` -- CPython 3.10-3.14 on 64-bit: 16-byte alignment, 32
  classes 16..512, 16 KiB pools, 1 MiB arenas, radix tree for
  ``address_in_range``.

Both keep 64 pools per arena.  The simulated address space (where arenas,
the raw malloc heap and the "static" objects live) is also described here so
that no other module hard-codes an address.
"""


def _is_power_of_two(n):
    return n > 0 and (n & (n - 1)) == 0


# szidx of a freshly carved pool that has not been given a class yet
# (obmalloc's DUMMY_SIZE_IDX).
DUMMY_SIZE_IDX = 0xFFFF

# The constants that define a geometry, with their defaults (the classic
# build).  Equality and hashing use exactly these.
_PARAMETERS = (
    ("name", None),
    ("alignment", 8),
    ("small_request_threshold", 512),
    ("pool_size", 4 * 1024),
    ("arena_size", 256 * 1024),
    ("pool_header_size", 48),
    # True for 3.10+ builds: address_in_range uses a 3-level radix tree whose
    # node counts appear in the _debugmallocstats report.
    ("use_radix_tree", False),
    # Simulated address space.  Arenas are "mmap"ed upward from arena_base
    # (arena-size aligned); arena_misalignment shifts every arena base by that
    # many bytes to imitate mmap's mere page alignment (a base that is not
    # pool-aligned loses one pool, as in real 3.11 with 16 KiB pools).
    ("arena_base", 0x7F3A_0000_0000),
    ("arena_misalignment", 0),
    # glibc's malloc heap (the raw domain) and the interpreter's static data.
    ("raw_base", 0x55D0_8000_0000),
    ("static_base", 0x55D0_0000_0000),
)
_NAMES = tuple(n for n, _ in _PARAMETERS)


class HeapGeometry(object):
    """Constants of one simulated obmalloc build, plus tables derived from them.

    Immutable and hashable (a plain slotted class: this is built at every
    start, and a data-class library's import would cost more than the rest
    of the heap's).  The derived attributes (``alignment_shift``,
    ``num_size_classes``, ``pools_per_arena``, ``class_sizes``,
    ``blocks_per_pool``, masks) are computed once at construction so the
    allocator's hot paths only read them.
    """

    __slots__ = _NAMES + (
        "alignment_shift", "num_size_classes",
        "pools_per_arena",      # MAX_POOLS_IN_ARENA
        "class_sizes",          # tuple: index -> block size
        "blocks_per_pool",      # tuple: index -> NUMBLOCKS
        "pool_size_mask",       # POOL_SIZE_MASK
        "arena_size_mask", "arena_bits",
    )

    def __init__(self, name, **params):
        unknown = set(params) - set(_NAMES)
        if unknown:
            raise TypeError("HeapGeometry() got unexpected parameters: %s"
                            % ", ".join(sorted(unknown)))
        setf = object.__setattr__
        setf(self, "name", name)
        for key, default in _PARAMETERS[1:]:
            setf(self, key, params.get(key, default))
        self._derive()

    def __setattr__(self, key, value):
        raise AttributeError("HeapGeometry is immutable (cannot set %r)" % (key,))

    def _key(self):
        return tuple(getattr(self, n) for n in _NAMES)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash(self._key())

    def _derive(self):
        a = self.alignment
        if not _is_power_of_two(a) or a < 8:
            raise ValueError("alignment must be a power of two >= 8, got %r" % (a,))
        t = self.small_request_threshold
        if t <= 0 or t % a:
            raise ValueError("small_request_threshold must be a positive multiple of alignment")
        if not _is_power_of_two(self.pool_size):
            raise ValueError("pool_size must be a power of two")
        if not _is_power_of_two(self.arena_size) or self.arena_size < self.pool_size:
            raise ValueError("arena_size must be a power of two >= pool_size")
        h = self.pool_header_size
        if h <= 0 or h % a:
            raise ValueError("pool_header_size must be a positive multiple of alignment")
        # obmalloc initialises a new pool by handing out its first block and
        # threading the second onto the free list: every pool needs >= 2 blocks.
        if self.pool_size - h < 2 * t:
            raise ValueError("a pool must hold at least two blocks of the largest class")
        m = self.arena_misalignment
        if m < 0 or m % a or m >= self.arena_size:
            raise ValueError("arena_misalignment must be a multiple of alignment below arena_size")
        if self.arena_base % self.arena_size:
            raise ValueError("arena_base must be arena-size aligned")

        setf = object.__setattr__
        setf(self, "alignment_shift", a.bit_length() - 1)
        n = t >> (a.bit_length() - 1)
        setf(self, "num_size_classes", n)
        setf(self, "pools_per_arena", self.arena_size // self.pool_size)
        sizes = tuple((i + 1) * a for i in range(n))
        setf(self, "class_sizes", sizes)
        setf(self, "blocks_per_pool", tuple((self.pool_size - h) // s for s in sizes))
        setf(self, "pool_size_mask", self.pool_size - 1)
        setf(self, "arena_size_mask", self.arena_size - 1)
        setf(self, "arena_bits", self.arena_size.bit_length() - 1)

    def __repr__(self):
        return ("HeapGeometry(%r, alignment=%d, threshold=%d, classes=%d, pool=%d, "
                "arena=%d, pools/arena=%d)" % (
                    self.name, self.alignment, self.small_request_threshold,
                    self.num_size_classes, self.pool_size, self.arena_size,
                    self.pools_per_arena))

    # ---- the three obmalloc macros ------------------------------------------
    def size_class(self, nbytes):
        """Size-class index of a small request: ``(n - 1) >> ALIGNMENT_SHIFT``."""
        if not 0 < nbytes <= self.small_request_threshold:
            raise ValueError("%r bytes is not a small request" % (nbytes,))
        return (nbytes - 1) >> self.alignment_shift

    def class_size(self, index):
        """Block size of class ``index``: ``INDEX2SIZE(i) = (i + 1) << ALIGNMENT_SHIFT``."""
        return (index + 1) << self.alignment_shift

    def num_blocks(self, index):
        """Blocks per pool of class ``index``: ``(POOL_SIZE - POOL_OVERHEAD) // size``."""
        return (self.pool_size - self.pool_header_size) // self.class_size(index)

    def quantization(self, index):
        """Bytes wasted at the end of every pool of class ``index``."""
        return (self.pool_size - self.pool_header_size) % self.class_size(index)

    def is_small_request(self, nbytes):
        return 0 < nbytes <= self.small_request_threshold

    # ---- radix tree shape (3.10+, 64-bit, IGNORE_BITS = 0) -------------------
    def radix_tree_shape(self):
        """(interior_bits, bottom_bits) of obmalloc's arena map on a 64-bit build."""
        address_bits = 64
        interior = (address_bits - self.arena_bits + 2) // 3
        bottom = address_bits - self.arena_bits - 2 * interior
        return interior, bottom


CLASSIC = HeapGeometry(
    name="classic",
    alignment=8,
    small_request_threshold=512,
    pool_size=4 * 1024,
    arena_size=256 * 1024,
    pool_header_size=48,
    use_radix_tree=False,
)

CPYTHON311 = HeapGeometry(
    name="cpython311",
    alignment=16,
    small_request_threshold=512,
    pool_size=16 * 1024,
    arena_size=1024 * 1024,
    pool_header_size=48,
    use_radix_tree=True,
)

PROFILES = {"classic": CLASSIC, "cpython311": CPYTHON311}


def get_profile(name):
    """The geometry registered under ``name`` (``ValueError`` lists the valid names)."""
    try:
        return PROFILES[name]
    except (KeyError, TypeError):
        raise ValueError("unknown heap profile %r (valid: %s)"
                         % (name, ", ".join(sorted(PROFILES))))
