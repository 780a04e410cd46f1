"""The simulated private heap: CPython's ``PyObject_Malloc``/``Free``/``Realloc``.

Every minipy object gets its address here, so ``id()`` reuse, the order in
which addresses are handed out and the ``sys._debugmallocstats()`` numbers
behave as in CPython.  The layers are those of obmalloc::

    Heap.malloc(n)
      |-- 0 < n <= 512  -> pymalloc: usedpools[class] -> pool -> block
      |                    (arenas and pools: arena.py, pool.py)
      `-- n == 0 or n > 512 -> the raw allocator (raw.py, i.e. C malloc)

Allocation (``pymalloc_alloc``): ``usedpools[i]`` is the list of *used* pools
of class ``i``.  If it is not empty, its head pool hands out the head of its
free list (refilled lazily from never-used space).  If it is empty, a pool is
taken from the most used arena (``allocate_from_new_pool``) and put at the
front of the list.

Free (``pymalloc_free``): ``POOL_ADDR(p)`` finds the pool; the block is pushed
on its free list (LIFO).  A *full* pool becomes *used* and goes to the front
of ``usedpools`` -- so the block just freed is the next one of its class to
be handed out; a pool whose last block is freed becomes *empty* and goes to
its arena's ``freepools``, which may release the whole arena (arena.py).

Differences from C, all deliberate:

* ``usedpools[i]`` holds the head pool or ``None`` (a ``None``-terminated
  doubly linked list) instead of obmalloc's circular list with a fake header.
* ``POOL_ADDR`` is followed by a lookup of the pool base among the carved
  pools (C just dereferences it), and each pool keeps a byte per block saying
  whether it is allocated, and by what (``owner``): a double free or a
  foreign/interior pointer raises ``HeapCorruption`` instead of corrupting the
  heap (what the debug hooks do), and the blocks' owners are the table of
  live objects (``owner_of``, ``iter_owners``).
* A ``max_bytes`` limit (``--max-heap``) raises ``HeapExhausted`` before any
  structure is touched.
* ``static_alloc`` serves the objects CPython allocates statically (None,
  True, built-in types, small ints): a separate address range, never freed,
  not counted anywhere else.

Addresses are plain ints; 0 plays NULL (``free(0)`` is a no-op and
``realloc(0, n)`` is ``malloc(n)``, as in C).
"""

from minipy.errors import HeapCorruption, HeapExhausted
from minipy.memory.arena import ArenaManager
from minipy.memory.geometry import CLASSIC, DUMMY_SIZE_IDX, HeapGeometry, get_profile
from minipy.memory.pool import EMPTY, FULL, USED
from minipy.memory.raw import RawAllocator


class Heap(object):
    """The allocator facade: small blocks via pools/arenas, the rest via raw."""

    __slots__ = (
        "geometry", "max_bytes", "raw", "arenas",
        "_usedpools", "_pools", "_pool_mask", "_threshold", "_shift", "_header", "_pool_size",
        "_arena_size", "_class_sizes", "_raw_owners",
        "_static_top", "static_blocks", "static_bytes",
    )

    def __init__(self, geometry=CLASSIC, max_bytes=None):
        if not isinstance(geometry, HeapGeometry):
            geometry = get_profile(geometry)
        if max_bytes is not None and max_bytes < 0:
            raise ValueError("max_bytes must be None or >= 0")
        g = geometry
        self.geometry = g
        self.max_bytes = max_bytes
        self.raw = RawAllocator(g.raw_base)
        self.arenas = ArenaManager(g)
        # usedpools[i]: head of the doubly linked list of used pools of class i.
        self._usedpools = [None] * g.num_size_classes
        # POOL_ADDR lookup: carved pool base -> Pool (the arena manager keeps it).
        self._pools = self.arenas.pools_by_address
        self._pool_mask = ~(g.pool_size - 1)
        self._raw_owners = {}       # raw block address -> owner
        # Geometry copied into slots: the hot paths read these once per call.
        self._threshold = g.small_request_threshold
        self._shift = g.alignment_shift
        self._header = g.pool_header_size
        self._pool_size = g.pool_size
        self._arena_size = g.arena_size
        self._class_sizes = list(g.class_sizes)
        self._static_top = g.static_base
        self.static_blocks = 0
        self.static_bytes = 0

    # =========================================================================
    # malloc
    # =========================================================================
    def malloc(self, nbytes, owner=True):
        """Allocate ``nbytes``; returns the block's simulated address.  ``owner``
        is what the block will hold (the object, or True for plain memory)."""
        if 0 < nbytes <= self._threshold:
            pool = self._usedpools[(nbytes - 1) >> self._shift]
            if pool is not None:
                # Fast path: the head used pool of the class has a free block.
                pool.ref_count += 1
                fl = pool.freeblock
                addr = fl.pop()
                if not fl:
                    # Free list used up: thread the next virgin block onto
                    # it, or, if none is left, the pool is full and leaves
                    # usedpools (it is the head, so no prev link to fix).
                    off = pool.nextoffset
                    if off <= pool.maxnextoffset:
                        fl.append(pool.address + off)
                        pool.nextoffset = off + pool.size
                    else:
                        nxt = pool.nextpool
                        self._usedpools[pool.szidx] = nxt
                        if nxt is not None:
                            nxt.prevpool = None
                        pool.nextpool = None
                pool.owners[(addr - pool.address - self._header) // pool.size] = owner
                return addr
            return self._malloc_from_new_pool((nbytes - 1) >> self._shift, owner)
        addr = self._malloc_raw(nbytes)
        self._raw_owners[addr] = owner
        return addr

    def _malloc_from_new_pool(self, idx, owner):
        """allocate_from_new_pool(): no used pool for class idx."""
        am = self.arenas
        if am.usable_arenas is None and self.max_bytes is not None:
            need = am.mapped_bytes + self._arena_size + self.raw.nbytes
            if need > self.max_bytes:
                raise HeapExhausted(
                    "heap limit of %d bytes exceeded: mapping a new %d-byte arena "
                    "would use %d bytes" % (self.max_bytes, self._arena_size, need))
        pool = am.allocate_pool()
        # Front-link into usedpools[idx] (which is empty, or we would not be here).
        pool.nextpool = self._usedpools[idx]
        pool.prevpool = None
        if pool.nextpool is not None:
            pool.nextpool.prevpool = pool
        self._usedpools[idx] = pool
        if pool.szidx == idx:
            # Luckily the pool last held blocks of this class: its free list
            # is still valid, hand out its head.
            pool.ref_count = 1
            fl = pool.freeblock
            addr = fl.pop()
            if not fl:
                self._extend_or_unlink(pool)
        else:
            addr = pool.init_for_class(idx, self._class_sizes[idx], self._header,
                                       self._pool_size)
        pool.owners[(addr - pool.address - self._header) // pool.size] = owner
        return addr

    def _extend_or_unlink(self, pool):
        # Same as the inline code in malloc() (kept separate for the rare path).
        off = pool.nextoffset
        if off <= pool.maxnextoffset:
            pool.freeblock.append(pool.address + off)
            pool.nextoffset = off + pool.size
        else:
            self._unlink_used(pool)

    def _malloc_raw(self, nbytes):
        if nbytes < 0:
            raise ValueError("negative allocation size %r" % (nbytes,))
        if self.max_bytes is not None:
            need = (self.arenas.mapped_bytes + self.raw.nbytes
                    + RawAllocator.request_bytes(nbytes))
            if need > self.max_bytes:
                raise HeapExhausted(
                    "heap limit of %d bytes exceeded: a %d-byte request would use %d bytes"
                    % (self.max_bytes, nbytes, need))
        return self.raw.malloc(nbytes)

    # =========================================================================
    # free
    # =========================================================================
    def free(self, addr):
        """Free a block returned by malloc/realloc (``free(0)`` does nothing)."""
        pool = self._pools.get(addr & self._pool_mask)
        if pool is None:
            return self._free_not_small(addr)
        # the block's index in the pool, and a check that it is allocated
        size = pool.size
        off = addr - pool.address - self._header
        owners = pool.owners
        i = off // size if size else len(owners)    # (an unformatted pool: no block)
        if off < 0 or off != i * size or i >= len(owners) or owners[i] is None:
            self._diagnose(addr, "free")
        owners[i] = None
        fl = pool.freeblock
        if fl:
            fl.append(addr)
            rc = pool.ref_count - 1
            pool.ref_count = rc
            if not rc:
                self._pool_emptied(pool)
            return
        # The pool was full (in no list): it becomes used and goes to the
        # front of usedpools, so this very block is the next one handed out.
        fl.append(addr)
        pool.ref_count -= 1
        idx = pool.szidx
        head = self._usedpools[idx]
        pool.nextpool = head
        pool.prevpool = None
        if head is not None:
            head.prevpool = pool
        self._usedpools[idx] = pool

    def _pool_emptied(self, pool):
        # used -> empty: unlink from usedpools, hand to the arena (freepools,
        # nfp2lasta, usable_arenas order, maybe release).
        self._unlink_used(pool)
        self.arenas.pool_emptied(pool)

    def _unlink_used(self, pool):
        prev = pool.prevpool
        nxt = pool.nextpool
        if prev is None:
            self._usedpools[pool.szidx] = nxt
        else:
            prev.nextpool = nxt
        if nxt is not None:
            nxt.prevpool = prev
        pool.nextpool = pool.prevpool = None

    def _free_not_small(self, addr):
        if self.raw.owns(addr):
            self.raw.free(addr)
            self._raw_owners.pop(addr, None)
            return
        if addr == 0:
            return
        self._diagnose(addr, "free")

    def _diagnose(self, addr, what):
        """Raise HeapCorruption explaining why ``addr`` is not a live block."""
        pool = self.arenas.pools_by_address.get(addr & ~(self._pool_size - 1))
        if pool is not None:
            off = addr - pool.address - self._header
            if pool.size and off >= 0 and off % pool.size == 0 and \
                    off + self._header < pool.nextoffset and addr in pool.freeblock:
                raise HeapCorruption(
                    "%s(0x%x): double free: the %d-byte block is already free (pool 0x%x, class %d)"
                    % (what, addr, pool.size, pool.address, pool.szidx))
            if pool.ref_count == 0:
                raise HeapCorruption(
                    "%s(0x%x): address in an empty pool (pool 0x%x); double free?"
                    % (what, addr, pool.address))
            raise HeapCorruption(
                "%s(0x%x): not the start of an allocated block (pool 0x%x, block size %d)"
                % (what, addr, pool.address, pool.size))
        if self.arenas.arena_containing(addr) is not None:
            raise HeapCorruption("%s(0x%x): address in an arena but in no carved pool"
                                 % (what, addr))
        if self.is_static(addr):
            raise HeapCorruption("%s(0x%x): static objects are never freed" % (what, addr))
        self.raw.diagnose(addr, what)

    # =========================================================================
    # realloc
    # =========================================================================
    def realloc(self, addr, nbytes):
        """Resize a block, CPython style; returns the (possibly new) address.

        A pymalloc block stays in place if ``nbytes`` fits its size class and
        is more than 3/4 of it (a shrink by at least 25% moves the data to a
        smaller class); otherwise malloc + copy + free.  A raw block stays
        with the raw allocator whatever the new size (pymalloc never adopts
        memory it did not allocate).  On HeapExhausted the old block is left
        untouched, like C's realloc returning NULL.
        """
        if addr == 0:
            return self.malloc(nbytes)
        if nbytes < 0:
            raise ValueError("negative allocation size %r" % (nbytes,))
        pool = self._live_pool(addr)
        if pool is not None:
            size = pool.size
            if nbytes <= size and 4 * nbytes > 3 * size:
                return addr
            new = self.malloc(nbytes)
            self.free(addr)
            return new
        raw = self.raw
        old = raw.sizes.get(addr)
        if old is None:
            self._diagnose(addr, "realloc")
        if self.max_bytes is not None:
            grow = RawAllocator.request_bytes(nbytes) - old
            need = self.arenas.mapped_bytes + raw.nbytes + grow
            if grow > 0 and need > self.max_bytes:
                raise HeapExhausted(
                    "heap limit of %d bytes exceeded: realloc to %d bytes would use %d bytes"
                    % (self.max_bytes, nbytes, need))
        new = raw.realloc(addr, nbytes)
        self._raw_owners[new] = self._raw_owners.pop(addr, True)
        return new

    # =========================================================================
    # static objects
    # =========================================================================
    def static_alloc(self, nbytes):
        """An address for a statically allocated object (never freed, not counted)."""
        if nbytes < 0:
            raise ValueError("negative allocation size %r" % (nbytes,))
        a = self.geometry.alignment
        addr = self._static_top
        self._static_top += max(a, (nbytes + a - 1) & ~(a - 1))
        self.static_blocks += 1
        self.static_bytes += nbytes
        return addr

    def is_static(self, addr):
        return self.geometry.static_base <= addr < self._static_top

    # =========================================================================
    # introspection
    # =========================================================================
    def block_size(self, addr):
        """Usable size of a live block: the class size for a small block, the
        requested size (0 counts as 1) for a raw one."""
        pool = self._live_pool(addr)
        if pool is not None:
            return pool.size
        if self.raw.owns(addr):
            return self.raw.block_size(addr)
        self._diagnose(addr, "block_size")

    def is_small(self, addr):
        """True if pymalloc owns ``addr`` (it lies in a live arena):
        obmalloc's ``address_in_range``."""
        return self.arenas.arena_containing(addr) is not None

    def _block_slot(self, addr):
        """POOL_ADDR plus the block index: (pool, i) when ``addr`` starts block
        ``i`` of a carved pool, (pool, -1) when it lies in one elsewhere, and
        (None, -1) when it is in no pool (the raw allocator's, or nobody's)."""
        pool = self._pools.get(addr & self._pool_mask)
        if pool is None or not pool.size:
            return pool, -1
        off = addr - pool.address - self._header
        i = off // pool.size
        if off < 0 or off != i * pool.size or i >= len(pool.owners):
            return pool, -1
        return pool, i

    def _live_pool(self, addr):
        """The pool of ``addr`` if it is an allocated small block, else None."""
        pool, i = self._block_slot(addr)
        return pool if i >= 0 and pool.owners[i] is not None else None

    # ---- what the blocks hold --------------------------------------------------
    def owner_of(self, addr):
        """What the live block at ``addr`` holds (an object, or True), else None."""
        pool, i = self._block_slot(addr)
        if pool is None:
            return self._raw_owners.get(addr)
        return pool.owners[i] if i >= 0 else None

    def owner_slot(self, addr):
        """Where the owner of the live small block at ``addr`` is recorded:
        (the pool's owner list, index), or None for any other block.  A type's
        free list keeps it to hand the block out again without a lookup."""
        pool, i = self._block_slot(addr)
        if i >= 0 and pool.owners[i] is not None:
            return pool.owners, i
        return None

    def set_owner(self, addr, owner):
        """Record what the live block at ``addr`` now holds (an object, or True
        when it becomes plain memory, e.g. kept by a type's free list)."""
        pool, i = self._block_slot(addr)
        if i >= 0 and pool.owners[i] is not None:
            pool.owners[i] = owner
        elif self.raw.owns(addr):
            self._raw_owners[addr] = owner
        else:
            self._diagnose(addr, "set_owner")

    def _iter_small(self):
        """(address, size, owner) of every live small block, pool by pool."""
        header = self._header
        for pool in list(self._pools.values()):
            size = pool.size
            base = pool.address + header
            for i, o in enumerate(pool.owners):
                if o is not None:
                    yield base + i * size, size, o

    def iter_owners(self):
        """(address, owner) of every live block, small ones pool by pool, then raw."""
        for addr, _, o in self._iter_small():
            yield addr, o
        for item in list(self._raw_owners.items()):
            yield item

    def is_live(self, addr):
        return self._live_pool(addr) is not None or self.raw.owns(addr)

    def pool_of(self, addr):
        """The carved Pool containing ``addr`` (POOL_ADDR + lookup), or None."""
        return self._pools.get(addr & self._pool_mask)

    def size_class_of(self, nbytes):
        return self.geometry.size_class(nbytes)

    def allocated_blocks(self):
        """What ``sys.getallocatedblocks()`` returns: raw blocks + the sum of
        every pool's ref count (= the number of live small blocks)."""
        return self.small_blocks + self.raw.nblocks

    @property
    def small_blocks(self):
        return sum(p.ref_count for p in self._pools.values())

    @property
    def narenas_allocated_total(self):
        return self.arenas.ntimes_arena_allocated

    @property
    def narenas_reclaimed(self):
        return self.arenas.narenas_reclaimed

    @property
    def narenas_highwater(self):
        return self.arenas.narenas_highwater

    @property
    def narenas_currently_allocated(self):
        return self.arenas.narenas_currently_allocated

    @property
    def raw_allocated_blocks(self):
        return self.raw.nblocks

    @property
    def raw_allocated_bytes(self):
        return self.raw.nbytes

    @property
    def mapped_bytes(self):
        """Bytes of arenas currently mapped."""
        return self.arenas.mapped_bytes

    @property
    def total_bytes(self):
        """What ``max_bytes`` limits: mapped arenas + live raw bytes."""
        return self.arenas.mapped_bytes + self.raw.nbytes

    def iter_arenas(self):
        """Live arenas in ``arenas[]`` order."""
        return self.arenas.iter_arenas()

    def iter_pools(self):
        """Every carved pool of every live arena, arena by arena, in address order."""
        for ao in self.arenas.iter_arenas():
            for p in ao.pools:
                yield p

    def iter_usable_arenas(self):
        """usable_arenas from head (most used) to tail."""
        return self.arenas.iter_usable()

    def usedpools(self, idx):
        """The used pools of class ``idx``, head (next to serve) first."""
        out = []
        p = self._usedpools[idx]
        while p is not None:
            out.append(p)
            p = p.nextpool
        return out

    def iter_live_blocks(self):
        """(address, usable size) of every live small block, pool by pool."""
        for addr, size, _ in self._iter_small():
            yield addr, size

    # =========================================================================
    # audit
    # =========================================================================
    def check_invariants(self):
        """Walk every structure; raise HeapCorruption on the first inconsistency."""
        g = self.geometry
        am = self.arenas
        header = self._header
        psize = self._pool_size

        def bad(msg, *args):
            raise HeapCorruption("heap invariant broken: " + (msg % args))

        # ---- arenas[] and unused_arena_objects -------------------------------
        unused = []
        ao = am.unused_arena_objects
        seen = set()
        while ao is not None:
            if id(ao) in seen:
                bad("unused_arena_objects has a cycle")
            seen.add(id(ao))
            if ao.address:
                bad("arena #%d on unused_arena_objects has an address", ao.index)
            unused.append(ao)
            ao = ao.nextarena
        for i, ao in enumerate(am.arenas):
            if ao.index != i:
                bad("arena slot %d has index %d", i, ao.index)
            if not ao.address and ao not in unused:
                bad("unused arena #%d is not on unused_arena_objects", i)
        live_arenas = [ao for ao in am.arenas if ao.address]
        if len(live_arenas) != am.narenas_currently_allocated:
            bad("narenas_currently_allocated=%d but %d arenas are mapped",
                am.narenas_currently_allocated, len(live_arenas))
        if not (am.narenas_currently_allocated <= am.narenas_highwater
                <= am.ntimes_arena_allocated):
            bad("arena counters out of order")
        if sorted(am.arenas_by_address) != sorted(ao.address for ao in live_arenas):
            bad("arenas_by_address does not match the mapped arenas")
        if len(set(ao.address for ao in live_arenas)) != len(live_arenas):
            bad("two arenas share an address")

        # ---- usable_arenas order and nfp2lasta ----------------------------------
        usable = []
        prev = None
        ao = am.usable_arenas
        while ao is not None:
            if len(usable) > len(am.arenas):
                bad("usable_arenas has a cycle")
            if ao.prevarena is not prev:
                bad("usable_arenas back link of arena #%d is wrong", ao.index)
            if not ao.address:
                bad("unmapped arena #%d on usable_arenas", ao.index)
            if prev is not None and prev.nfreepools > ao.nfreepools:
                bad("usable_arenas not sorted by nfreepools")
            usable.append(ao)
            prev = ao
            ao = ao.nextarena
        expect_usable = set(id(a) for a in live_arenas if a.nfreepools > 0)
        if set(id(a) for a in usable) != expect_usable or len(usable) != len(expect_usable):
            bad("usable_arenas does not hold exactly the arenas with free pools")
        if am.nfp2lasta[0] is not None:
            bad("nfp2lasta[0] is set")
        for nf in range(1, len(am.nfp2lasta)):
            rightmost = None
            for a in usable:
                if a.nfreepools == nf:
                    rightmost = a
            if am.nfp2lasta[nf] is not rightmost:
                bad("nfp2lasta[%d] is not the rightmost arena with %d free pools", nf, nf)
        empties = [a for a in live_arenas if a.nfreepools == a.ntotalpools]
        if len(empties) > 1 or (empties and usable[-1] is not empties[0]):
            bad("a wholly empty arena was kept although it is not the last usable arena")

        # ---- each arena and its pools -------------------------------------------
        used_expected = {}
        all_pools = {}
        for ao in live_arenas:
            first = ao.address
            excess = first & (psize - 1)
            if excess:
                first += psize - excess
            total = g.pools_per_arena - (1 if excess else 0)
            if ao.ntotalpools != total:
                bad("arena #%d ntotalpools=%d, expected %d", ao.index, ao.ntotalpools, total)
            ncarved = (ao.pool_address - first) // psize
            if first + ncarved * psize != ao.pool_address or not 0 <= ncarved <= total:
                bad("arena #%d pool_address is off", ao.index)
            if len(ao.pools) != ncarved:
                bad("arena #%d has %d pool objects for %d carved pools",
                    ao.index, len(ao.pools), ncarved)
            free_list = list(ao.iter_freepools()) if ncarved else []
            if ao.freepools is not None and not ncarved:
                bad("arena #%d has freepools but no carved pool", ao.index)
            if len(set(map(id, free_list))) != len(free_list):
                bad("arena #%d freepools has a repeated pool", ao.index)
            if ao.nfreepools != (total - ncarved) + len(free_list):
                bad("arena #%d nfreepools=%d but %d uncarved + %d empty", ao.index,
                    ao.nfreepools, total - ncarved, len(free_list))
            free_ids = set(map(id, free_list))
            for k, p in enumerate(ao.pools):
                if p.address != first + k * psize or p.arena is not ao:
                    bad("pool %r misplaced in arena #%d", p, ao.index)
                all_pools[p.address] = p
                if (p.ref_count == 0) != (id(p) in free_ids):
                    bad("pool 0x%x: empty=%s but on freepools=%s", p.address,
                        p.ref_count == 0, id(p) in free_ids)
                if p.szidx == DUMMY_SIZE_IDX:
                    if p.ref_count:
                        bad("unformatted pool 0x%x has allocated blocks", p.address)
                    continue
                size = g.class_size(p.szidx)
                if p.size != size or p.maxnextoffset != psize - size:
                    bad("pool 0x%x header does not match class %d", p.address, p.szidx)
                carved = (p.nextoffset - header) // size
                if header + carved * size != p.nextoffset or not \
                        2 <= carved <= g.blocks_per_pool[p.szidx]:
                    bad("pool 0x%x nextoffset=%d is off", p.address, p.nextoffset)
                fl = p.freeblock
                if len(set(fl)) != len(fl):
                    bad("pool 0x%x free list holds a block twice", p.address)
                for b in fl:
                    off = b - p.address - header
                    if off < 0 or off % size or b >= p.address + p.nextoffset:
                        bad("pool 0x%x free list holds a bad address 0x%x", p.address, b)
                    if p.owners[off // size] is not None:
                        bad("block 0x%x is both live and free", b)
                if len(p.owners) != g.blocks_per_pool[p.szidx]:
                    bad("pool 0x%x owner map has %d entries for %d blocks", p.address,
                        len(p.owners), g.blocks_per_pool[p.szidx])
                nowned = len(p.owners) - p.owners.count(None)
                if nowned != p.ref_count:
                    bad("pool 0x%x: ref_count %d but %d blocks have an owner", p.address,
                        p.ref_count, nowned)
                if any(o is not None for o in p.owners[carved:]):
                    bad("pool 0x%x has a live block beyond nextoffset", p.address)
                if p.ref_count + len(fl) != carved:
                    bad("pool 0x%x: ref_count %d + %d free != %d carved",
                        p.address, p.ref_count, len(fl), carved)
                if not fl and p.nextoffset <= p.maxnextoffset:
                    bad("pool 0x%x has an empty free list but virgin blocks left", p.address)
                if p.ref_count and fl:
                    used_expected[id(p)] = p
        if all_pools != am.pools_by_address:
            bad("pools_by_address does not match the carved pools")

        # ---- usedpools ------------------------------------------------------------
        in_used = 0
        for idx, head in enumerate(self._usedpools):
            prev = None
            p = head
            while p is not None:
                if in_used > len(all_pools):
                    bad("usedpools[%d] has a cycle", idx)
                if p.prevpool is not prev:
                    bad("usedpools[%d] back link broken at 0x%x", idx, p.address)
                if p.szidx != idx or p.state != USED or id(p) not in used_expected:
                    bad("pool 0x%x (state %s, class %s) on usedpools[%d]",
                        p.address, p.state, p.szidx, idx)
                if all_pools.get(p.address) is not p:
                    bad("usedpools[%d] holds a pool of no live arena", idx)
                in_used += 1
                prev = p
                p = p.nextpool
        if in_used != len(used_expected):
            bad("%d used pools but %d on usedpools lists", len(used_expected), in_used)

        # ---- raw allocator and the limit -----------------------------------------------
        self.raw.check_invariants()
        if set(self._raw_owners) != set(self.raw.sizes):
            bad("raw blocks and their owners differ")
        if self.max_bytes is not None and self.total_bytes > self.max_bytes:
            bad("heap uses %d bytes, over its limit of %d", self.total_bytes, self.max_bytes)

    def __repr__(self):
        return "<Heap %s: %d arenas, %d small + %d raw blocks>" % (
            self.geometry.name, self.narenas_currently_allocated,
            self.small_blocks, self.raw.nblocks)


__all__ = ["Heap", "USED", "FULL", "EMPTY"]
