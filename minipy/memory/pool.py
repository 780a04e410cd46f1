"""Pools: a fixed-size slice of an arena in which every block has the same size.

A pool (4 KiB classic, 16 KiB in 3.10+) begins with a 48-byte ``pool_header``;
its blocks follow at ``pool + 48 + k * size``.  obmalloc never formats a pool
up front.  Blocks are handed out from two sources, in this order:

1. ``freeblock``: a singly linked LIFO list threaded through the free blocks
   themselves.  ``free()`` pushes the block on the front, so the block freed
   last is the first one handed out again (that is why ``id()`` values repeat
   so quickly in CPython).
2. lazy carving: when the list runs dry, the block at ``nextoffset`` (never
   used before, "virgin") is threaded onto it and ``nextoffset += size``.
   When ``nextoffset > maxnextoffset`` there is nothing left to carve and the
   pool is *full*.

Here ``freeblock`` is a Python list used as a stack: its *end* is the front of
obmalloc's list (``append`` = push, ``pop`` = take the head).  Exactly as in
obmalloc, the list is never empty while the pool has anything to give: as soon
as the last entry is taken, the next virgin block (if any) is pushed, so
``nextoffset`` is the offset of the virgin block *after* the one already on
the list, and "the free list is empty" means "the pool is full".

A pool is in one of three states:

* **used**  -- some blocks allocated, some available; linked (``nextpool`` /
  ``prevpool``) into the ``usedpools[szidx]`` list of its size class.
* **full**  -- every block allocated (empty ``freeblock``); in no list.
  Freeing one block makes it *used* and links it at the **front** of
  ``usedpools[szidx]``, so the next request of that class reuses that block.
* **empty** -- ``ref_count == 0``; pushed on its arena's ``freepools`` list
  (linked through ``nextpool``, as in obmalloc).  It keeps ``szidx`` and its
  free list, so if it is taken again for the *same* class nothing has to be
  re-initialised; any other class re-initialises it.

``owners`` has no counterpart in obmalloc, which trusts its callers: one
entry per block, None while the block is free, else what the block holds
(the minipy object living in it, or True for memory that is not an object,
such as a list's item array).  It is what lets ``free`` turn a double free or
an interior pointer into ``HeapCorruption`` (as CPython's debug hooks do), and
it is the interpreter's table of live objects: the audit and the heap map
find every object through it.

The allocator's hot paths (``Heap.malloc``/``Heap.free``) manipulate these
fields directly; the methods below are for initialisation and introspection.
"""

from minipy.memory.geometry import DUMMY_SIZE_IDX

USED = "used"
FULL = "full"
EMPTY = "empty"


class Pool(object):
    """Header of one carved pool (obmalloc's ``struct pool_header``)."""

    __slots__ = (
        "address",        # simulated base address (pool-aligned)
        "arena",          # owning Arena object (obmalloc keeps its index: arena.index)
        "szidx",          # size-class index, DUMMY_SIZE_IDX until first initialised
        "size",           # block size of szidx (cached INDEX2SIZE; 0 while dummy)
        "ref_count",      # ref.count: blocks currently allocated from this pool
        "freeblock",      # list used as a LIFO stack of free block addresses (end = head)
        "nextoffset",     # offset of the next virgin block not yet on the free list
        "maxnextoffset",  # largest offset a block may start at: POOL_SIZE - size
        "nextpool",       # usedpools[] link (or the arena's freepools link when empty)
        "prevpool",       # usedpools[] back link (unused while on freepools)
        "owners",         # list, one entry per block: its owner while allocated (see below)
    )

    def __init__(self, address, arena):
        self.address = address
        self.arena = arena
        self.szidx = DUMMY_SIZE_IDX
        self.size = 0
        self.ref_count = 0
        self.freeblock = []
        self.nextoffset = 0
        self.maxnextoffset = 0
        self.nextpool = None
        self.prevpool = None
        self.owners = []

    def init_for_class(self, szidx, size, header_size, pool_size):
        """Format the pool for class ``szidx`` and return its first block.

        Like obmalloc, only the first two blocks are touched: the first is
        returned, the second becomes the whole free list, and ``nextoffset``
        points at the third.
        """
        self.szidx = szidx
        self.size = size
        self.ref_count = 1
        first = self.address + header_size
        self.freeblock = [first + size]
        self.nextoffset = header_size + 2 * size
        self.maxnextoffset = pool_size - size
        self.owners = [None] * ((pool_size - header_size) // size)
        return first

    # ---- introspection (not used on hot paths) --------------------------------
    @property
    def arenaindex(self):
        return self.arena.index

    @property
    def state(self):
        if self.ref_count == 0:
            return EMPTY
        if not self.freeblock:
            return FULL
        return USED

    def carved_blocks(self, header_size):
        """Number of blocks ever handed to the free list or to a caller."""
        if self.size == 0:
            return 0
        return (self.nextoffset - header_size) // self.size

    def block_addresses(self, header_size, pool_size):
        """Every block address this pool can ever hand out, in address order."""
        if self.size == 0:
            return range(0)
        start = self.address + header_size
        return range(start, self.address + pool_size - self.size + 1, self.size)

    def __repr__(self):
        return "<Pool 0x%x class=%s size=%d ref=%d %s>" % (
            self.address, self.szidx if self.szidx != DUMMY_SIZE_IDX else "dummy",
            self.size, self.ref_count, self.state)
