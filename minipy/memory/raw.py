"""The raw allocator: what pymalloc falls back to for 0-byte and large requests.

``PyObject_Malloc(n)`` with ``n == 0`` or ``n > SMALL_REQUEST_THRESHOLD`` is
passed to ``PyMem_RawMalloc``, i.e. the C library's ``malloc`` (a 0-byte
request becomes ``malloc(1)`` so that it still yields a unique address).
pymalloc only counts those blocks (``raw_allocated_blocks``, part of
``sys.getallocatedblocks()``); it never adopts them, not even when a
``realloc`` shrinks one into the small range.

This module simulates that ``malloc`` just enough to give believable, unique
addresses in their own range (the brk heap, far below the mmap'd arenas):

* each block occupies a *chunk* of ``round_up(max(n, 1) + 16, 16)`` bytes
  whose first 16 bytes play glibc's chunk header, so ``addr % 16 == 0``;
* freed chunks go to an exact-size bin and are reused LIFO by the next
  request with the same chunk size (glibc's tcache does this, which is why a
  big list freed and re-created often gets the same ``id()``);
* otherwise chunks are cut from the top of the heap (a bump pointer);
* ``realloc`` stays in place when the new size fits the chunk or the chunk is
  the topmost one (it can grow into the top), and moves otherwise.

Accounting (blocks, bytes requested, peaks) is kept for the statistics and
the heap limit; a double free or an address this allocator never returned
raises ``HeapCorruption``.
"""

from minipy.errors import HeapCorruption

_CHUNK_HEADER = 16
_CHUNK_ALIGN = 16


def _chunk_size(nbytes):
    n = nbytes if nbytes > 0 else 1
    return (n + _CHUNK_HEADER + _CHUNK_ALIGN - 1) & ~(_CHUNK_ALIGN - 1)


class RawAllocator(object):
    """A simulated C ``malloc`` with its own address range and accounting."""

    __slots__ = ("base", "top", "sizes", "chunks", "bins",
                 "nblocks", "nbytes", "peak_blocks", "peak_bytes",
                 "total_allocs", "total_frees")

    def __init__(self, base):
        self.base = base
        self.top = base              # first address never handed out
        self.sizes = {}              # live block address -> requested size (0 -> 1)
        self.chunks = {}             # live block address -> chunk size
        self.bins = {}               # chunk size -> LIFO list of free block addresses
        self.nblocks = 0
        self.nbytes = 0              # sum of requested sizes of live blocks
        self.peak_blocks = 0
        self.peak_bytes = 0
        self.total_allocs = 0
        self.total_frees = 0

    @staticmethod
    def request_bytes(nbytes):
        """Bytes a request really costs: ``malloc(0)`` is ``malloc(1)``."""
        return nbytes if nbytes > 0 else 1

    def owns(self, addr):
        return addr in self.sizes

    def block_size(self, addr):
        return self.sizes[addr]

    def malloc(self, nbytes):
        n = nbytes if nbytes > 0 else 1
        csize = _chunk_size(n)
        bin_ = self.bins.get(csize)
        if bin_:
            addr = bin_.pop()
        else:
            addr = self.top + _CHUNK_HEADER
            self.top += csize
        self.sizes[addr] = n
        self.chunks[addr] = csize
        self.nblocks += 1
        self.nbytes += n
        self.total_allocs += 1
        if self.nblocks > self.peak_blocks:
            self.peak_blocks = self.nblocks
        if self.nbytes > self.peak_bytes:
            self.peak_bytes = self.nbytes
        return addr

    def diagnose(self, addr, what):
        """Raise HeapCorruption saying why ``addr`` is not a live raw block."""
        for bin_ in self.bins.values():
            if addr in bin_:
                raise HeapCorruption("%s: raw block 0x%x was already freed (double free)"
                                     % (what, addr))
        raise HeapCorruption("%s: 0x%x is not a live block of the raw allocator "
                             "(foreign address, or freed earlier)" % (what, addr))

    def free(self, addr):
        n = self.sizes.pop(addr, None)
        if n is None:
            self.diagnose(addr, "free")
        csize = self.chunks.pop(addr)
        if addr + csize - _CHUNK_HEADER == self.top:
            # The topmost chunk merges back into the top of the heap.
            self.top -= csize
        else:
            self.bins.setdefault(csize, []).append(addr)
        self.nblocks -= 1
        self.nbytes -= n
        self.total_frees += 1

    def realloc(self, addr, nbytes):
        """Resize a live block; returns the (possibly new) address."""
        old = self.sizes.get(addr)
        if old is None:
            self.diagnose(addr, "realloc")
        n = nbytes if nbytes > 0 else 1
        csize = self.chunks[addr]
        need = _chunk_size(n)
        if need <= csize:
            # Shrinking (or same chunk): stays put.  The chunk keeps its size,
            # a simplification of glibc splitting off the remainder.
            pass
        elif addr + csize - _CHUNK_HEADER == self.top:
            # Topmost chunk: grow into the top of the heap.
            self.top += need - csize
            self.chunks[addr] = need
        else:
            new = self.malloc(n)
            self.free(addr)
            return new
        self.sizes[addr] = n
        self.nbytes += n - old
        if self.nbytes > self.peak_bytes:
            self.peak_bytes = self.nbytes
        return addr

    def check_invariants(self):
        if len(self.sizes) != self.nblocks or len(self.chunks) != self.nblocks:
            raise HeapCorruption("raw allocator: block count %d does not match %d live blocks"
                                 % (self.nblocks, len(self.sizes)))
        if sum(self.sizes.values()) != self.nbytes:
            raise HeapCorruption("raw allocator: byte count is inconsistent")
        spans = []
        for addr, csize in self.chunks.items():
            if _chunk_size(self.sizes[addr]) > csize:
                raise HeapCorruption("raw block 0x%x is larger than its chunk" % addr)
            spans.append((addr - _CHUNK_HEADER, csize))
        for csize, bin_ in self.bins.items():
            if len(set(bin_)) != len(bin_):
                raise HeapCorruption("raw allocator: a chunk is binned twice")
            for addr in bin_:
                if addr in self.sizes:
                    raise HeapCorruption("raw block 0x%x is both live and free" % addr)
                spans.append((addr - _CHUNK_HEADER, csize))
        spans.sort()
        end = self.base
        for start, csize in spans:
            if start < end:
                raise HeapCorruption("raw chunks overlap at 0x%x" % start)
            end = start + csize
        if end > self.top:
            raise HeapCorruption("raw chunk beyond the top of the heap")
