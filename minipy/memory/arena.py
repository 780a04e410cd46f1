"""Arenas: the big chunks obmalloc gets from the OS, and the lists that order them.

An arena (256 KiB classic, 1 MiB in 3.10+) is ``mmap``ed in one piece and cut
into pools lazily: ``pool_address`` is a high-water mark, the next pool to
carve.  Its bookkeeping lives *outside* the arena, in an ``arena_object``
slot of the ``arenas[]`` vector (16 slots at first, doubled when exhausted).
A slot whose ``address`` is 0 has no arena and sits on the singly linked
``unused_arena_objects`` list (a released slot is pushed on its front).

Arenas that still have at least one free pool (empty, or not yet carved) are
on the doubly linked ``usable_arenas`` list, **sorted by ascending
nfreepools**: new pools always come from the head, the most used arena, so
that lightly used arenas get a chance to drain completely and be returned to
the OS.  Keeping the list sorted when an arena gains a free pool used to be a
linear walk; since 3.8 (bpo-37029) ``nfp2lasta[n]`` remembers the *rightmost*
arena with exactly ``n`` free pools, so an arena that moves is re-inserted
right after it in O(1).  This module follows that code step by step.

When a pool becomes empty and that makes its whole arena empty, the arena is
unmapped ("arenas reclaimed" in the statistics) -- **except** when it is the
last arena of ``usable_arenas``: since 3.8 (bpo-37257) obmalloc keeps that one
wholly empty arena, because a loop that allocates and frees one object at an
arena boundary would otherwise map and unmap an arena on every iteration.  We
implement the 3.8+ rule for both profiles (classic CPython freed at once); the
consequence is that at most one wholly empty arena exists, and it is the last
one on ``usable_arenas``.

The simulated ``mmap`` hands out arena-size aligned address ranges upward from
``geometry.arena_base`` and reuses the lowest released range first.
"""

import heapq

from minipy.memory.pool import Pool

# obmalloc's INITIAL_ARENA_OBJECTS: size of the arenas[] vector at first use.
INITIAL_ARENA_OBJECTS = 16


class Arena(object):
    """One ``arena_object`` slot of the ``arenas[]`` vector."""

    __slots__ = (
        "index",          # position in arenas[] (obmalloc's pool->arenaindex)
        "address",        # base address of the mapped arena; 0 = slot unused
        "pool_address",   # next pool to carve (pool-aligned high-water mark)
        "nfreepools",     # empty pools + pools not carved yet
        "ntotalpools",    # usable pools: 64, or 63 if the base is not pool-aligned
        "freepools",      # head of the singly linked list of empty pools (via nextpool)
        "nextarena",      # usable_arenas / unused_arena_objects link
        "prevarena",      # usable_arenas back link
        "pools",          # carved pools in address order (for iteration; not in obmalloc)
    )

    def __init__(self, index):
        self.index = index
        self.address = 0
        self.pool_address = 0
        self.nfreepools = 0
        self.ntotalpools = 0
        self.freepools = None
        self.nextarena = None
        self.prevarena = None
        self.pools = []

    @property
    def nusedpools(self):
        """Pools holding at least one allocated block."""
        return self.ntotalpools - self.nfreepools

    def iter_freepools(self):
        p = self.freepools
        while p is not None:
            yield p
            p = p.nextpool

    def __repr__(self):
        if not self.address:
            return "<Arena #%d unused>" % self.index
        return "<Arena #%d 0x%x free=%d/%d carved=%d>" % (
            self.index, self.address, self.nfreepools, self.ntotalpools, len(self.pools))


class ArenaManager(object):
    """``arenas[]``, ``unused_arena_objects``, ``usable_arenas``, ``nfp2lasta``
    and the arena counters, plus the simulated ``mmap``/``munmap``."""

    __slots__ = (
        "geometry", "arenas", "unused_arena_objects", "usable_arenas", "nfp2lasta",
        "pools_by_address", "arenas_by_address",
        "ntimes_arena_allocated", "narenas_currently_allocated", "narenas_highwater",
        "_free_slots", "_next_slot", "_mid_nodes", "_bot_nodes",
        "_pool_size", "_arena_size",
    )

    def __init__(self, geometry):
        self.geometry = geometry
        self._pool_size = geometry.pool_size
        self._arena_size = geometry.arena_size
        self.arenas = []                      # the arenas[] vector (maxarenas = len)
        self.unused_arena_objects = None
        self.usable_arenas = None
        self.nfp2lasta = [None] * (geometry.pools_per_arena + 1)
        self.pools_by_address = {}            # carved pool base -> Pool (POOL_ADDR lookup)
        self.arenas_by_address = {}           # live arena base -> Arena (address_in_range)
        self.ntimes_arena_allocated = 0
        self.narenas_currently_allocated = 0
        self.narenas_highwater = 0
        self._free_slots = []                 # min-heap of released mmap slots
        self._next_slot = 0
        self._mid_nodes = set()               # radix tree: top indices with a mid node
        self._bot_nodes = set()               # radix tree: (top, mid) with a bottom node

    # ---- statistics -----------------------------------------------------------
    @property
    def mapped_bytes(self):
        return self.narenas_currently_allocated * self._arena_size

    @property
    def narenas_reclaimed(self):
        return self.ntimes_arena_allocated - self.narenas_currently_allocated

    @property
    def arena_map_mid_count(self):
        return len(self._mid_nodes)

    @property
    def arena_map_bot_count(self):
        return len(self._bot_nodes)

    def iter_arenas(self):
        """Live arenas in arenas[] order (what _debugmallocstats walks)."""
        for ao in self.arenas:
            if ao.address:
                yield ao

    def arena_containing(self, addr):
        """The live Arena whose mapped range holds ``addr``, or None
        (the question obmalloc's ``address_in_range`` answers)."""
        g = self.geometry
        off = addr - g.arena_base - g.arena_misalignment
        if off < 0:
            return None
        base = addr - off % self._arena_size
        return self.arenas_by_address.get(base)

    def iter_usable(self):
        ao = self.usable_arenas
        while ao is not None:
            yield ao
            ao = ao.nextarena

    # ---- simulated mmap ---------------------------------------------------------
    def _mmap(self):
        if self._free_slots:
            slot = heapq.heappop(self._free_slots)
        else:
            slot = self._next_slot
            self._next_slot += 1
        g = self.geometry
        return g.arena_base + slot * self._arena_size + g.arena_misalignment

    def _munmap(self, address):
        g = self.geometry
        heapq.heappush(self._free_slots, (address - g.arena_base) // self._arena_size)

    def _radix_mark(self, address):
        # 3.10+: arena_map_mark_used() creates the mid and bottom nodes covering
        # the arena (and the next "ideal" slot when the base is not arena
        # aligned).  Nodes are never freed, so only creation is tracked.
        interior, bottom = self.geometry.radix_tree_shape()
        shift_bot = self.geometry.arena_bits
        shift_mid = shift_bot + bottom
        shift_top = shift_mid + interior
        mask = (1 << interior) - 1
        addrs = [address]
        if address & (self._arena_size - 1):
            addrs.append(address + self._arena_size)
        for a in addrs:
            top = (a >> shift_top) & mask
            mid = (a >> shift_mid) & mask
            self._mid_nodes.add(top)
            self._bot_nodes.add((top, mid))

    # ---- new_arena() --------------------------------------------------------------
    def new_arena(self):
        """Map a new arena into an unused slot (growing arenas[] if needed)."""
        if self.unused_arena_objects is None:
            old = len(self.arenas)
            numarenas = old * 2 if old else INITIAL_ARENA_OBJECTS
            new = [Arena(i) for i in range(old, numarenas)]
            for i in range(len(new) - 1):
                new[i].nextarena = new[i + 1]
            self.arenas.extend(new)
            self.unused_arena_objects = new[0]
        ao = self.unused_arena_objects
        self.unused_arena_objects = ao.nextarena
        address = self._mmap()
        if self.geometry.use_radix_tree:
            self._radix_mark(address)
        ao.address = address
        self.arenas_by_address[address] = ao
        self.narenas_currently_allocated += 1
        self.ntimes_arena_allocated += 1
        if self.narenas_currently_allocated > self.narenas_highwater:
            self.narenas_highwater = self.narenas_currently_allocated
        ao.freepools = None
        ao.pools = []
        ao.pool_address = address
        ao.nfreepools = self.geometry.pools_per_arena
        excess = address & (self._pool_size - 1)
        if excess:
            # Not pool-aligned: the partial pools at both ends are lost.
            ao.nfreepools -= 1
            ao.pool_address += self._pool_size - excess
        ao.ntotalpools = ao.nfreepools
        return ao

    # ---- allocate_from_new_pool(), arena half --------------------------------------
    def allocate_pool(self):
        """Take a pool from the head of usable_arenas (mapping an arena if none).

        Returns the Pool; the caller links it into usedpools and formats it.
        The caller has already checked any memory limit.
        """
        nfp2lasta = self.nfp2lasta
        ao = self.usable_arenas
        if ao is None:
            ao = self.new_arena()
            ao.nextarena = ao.prevarena = None
            self.usable_arenas = ao
            nfp2lasta[ao.nfreepools] = ao
        # The head already has the fewest free pools, so taking one keeps the
        # list sorted; only nfp2lasta needs fixing.
        nf = ao.nfreepools
        if nfp2lasta[nf] is ao:
            nfp2lasta[nf] = None
        if nf > 1:
            nfp2lasta[nf - 1] = ao
        pool = ao.freepools
        if pool is not None:
            # A cached empty pool (most recently emptied first).
            ao.freepools = pool.nextpool
        else:
            # Carve a new pool at the high-water mark.
            pool = Pool(ao.pool_address, ao)
            ao.pools.append(pool)
            self.pools_by_address[pool.address] = pool
            ao.pool_address += self._pool_size
        ao.nfreepools = nf - 1
        if nf == 1:
            # Wholly allocated: it leaves usable_arenas (it is the head).
            nxt = ao.nextarena
            self.usable_arenas = nxt
            if nxt is not None:
                nxt.prevarena = None
            ao.nextarena = None
        pool.nextpool = pool.prevpool = None
        return pool

    # ---- insert_to_freepool(), arena half -------------------------------------------
    def pool_emptied(self, pool):
        """Put a pool that just became empty on its arena's freepools and do
        the four-case arena management of obmalloc (release / re-link /
        slide right / nothing).  The caller has unlinked it from usedpools."""
        ao = pool.arena
        pool.nextpool = ao.freepools
        pool.prevpool = None
        ao.freepools = pool
        nfp2lasta = self.nfp2lasta
        nf = ao.nfreepools
        # If ao was the rightmost arena with nf free pools, that role passes to
        # its left neighbour if it has the same count.  (nf == 0: ao was full and
        # not on usable_arenas; nfp2lasta[0] is always None.)
        lastnf = nfp2lasta[nf]
        if lastnf is ao:
            p = ao.prevarena
            nfp2lasta[nf] = p if (p is not None and p.nfreepools == nf) else None
        nf += 1
        ao.nfreepools = nf

        # Case 1: wholly empty and not the last arena of the list -> unmap.
        if nf == ao.ntotalpools and ao.nextarena is not None:
            prev = ao.prevarena
            nxt = ao.nextarena
            if prev is None:
                self.usable_arenas = nxt
            else:
                prev.nextarena = nxt
            nxt.prevarena = prev
            self._release(ao)
            return

        # Case 2: the arena was full; it now has the fewest free pools possible.
        if nf == 1:
            head = self.usable_arenas
            ao.nextarena = head
            ao.prevarena = None
            if head is not None:
                head.prevarena = ao
            self.usable_arenas = ao
            if nfp2lasta[1] is None:
                nfp2lasta[1] = ao
            return

        if nfp2lasta[nf] is None:
            nfp2lasta[nf] = ao
        # Case 4: ao was the rightmost with the old count, so it is still in order.
        if ao is lastnf:
            return

        # Case 3: ao now has more free pools than its right neighbour.  Every
        # arena up to lastnf (the rightmost with ao's old count) has fewer
        # than nf, every arena after it at least nf: slide ao to just after
        # lastnf, i.e. to the left end of the group with nf free pools.
        prev = ao.prevarena
        nxt = ao.nextarena
        if prev is not None:
            prev.nextarena = nxt
        else:
            self.usable_arenas = nxt
        nxt.prevarena = prev
        ao.prevarena = lastnf
        ao.nextarena = lastnf.nextarena
        if ao.nextarena is not None:
            ao.nextarena.prevarena = ao
        lastnf.nextarena = ao

    def _release(self, ao):
        """Unmap a wholly empty arena and put its slot on unused_arena_objects."""
        pools = self.pools_by_address
        for p in ao.pools:
            del pools[p.address]
            p.arena = None
            p.nextpool = p.prevpool = None
        ao.pools = []
        ao.freepools = None
        ao.prevarena = None
        ao.nextarena = self.unused_arena_objects
        self.unused_arena_objects = ao
        del self.arenas_by_address[ao.address]
        self._munmap(ao.address)
        ao.address = 0
        ao.pool_address = 0
        ao.nfreepools = ao.ntotalpools = 0
        self.narenas_currently_allocated -= 1
