"""The text of ``sys._debugmallocstats()``, laid out exactly like CPython 3.11.

CPython's report is produced by ``_PyObject_DebugMallocStats`` (obmalloc.c)
followed by a blank line and ``_PyObject_DebugTypeStats`` (the free lists of
the object layer).  It walks every arena in ``arenas[]`` order and every
carved pool in it, skipping empty pools, and sums per size class:

* ``num pools``: non-empty (used or full) pools,
* ``blocks in use``: their ref counts,
* ``avail blocks``: ``NUMBLOCKS - ref.count`` over those pools.

Then every byte of every mapped arena is accounted for, and the sum is
asserted to be ``narenas * ARENA_SIZE``::

    allocated blocks + available blocks       (in non-empty pools)
    + unused pools * POOL_SIZE                (empty + never carved)
    + pool headers (48 per non-empty pool)
    + quantization ((POOL_SIZE - 48) % size per non-empty pool)
    + arena alignment (one POOL_SIZE per arena whose base is not pool aligned)

Number lines use obmalloc's ``printone``: the label padded to 35 columns,
``=``, then the value with thousands separators right-aligned in 21 columns.
3.10+ builds add the radix tree ("arena map") section; the classic profile
has no radix tree and omits it.  The raw allocator is not part of this
report in CPython, so it is not here either.

Free-list lines come from the object layer as ``(count, block_name,
size_each)`` tuples, formatted like ``_PyDebugAllocatorStats``:
``"%d free %ss * %zd bytes each"`` right-aligned in 48 columns, a space, then
the printone value column -- e.g. ``(8, "PyDictObject", 48)`` gives
``            8 free PyDictObjects * 48 bytes each =                  384``.
(For a tuple of size n CPython's block name is ``"%d-sized PyTupleObject"``.)
A plain string is taken as an already formatted line and copied verbatim.
"""

from minipy.errors import HeapCorruption


def printone(label, value):
    """One ``label = value`` line of the report (obmalloc's ``printone``)."""
    return "%s=%21s\n" % (label.ljust(35), "{:,}".format(value))


def format_freelist_line(count, block_name, size_each):
    """One free-list line, as ``_PyDebugAllocatorStats`` prints it."""
    label = "%48s " % ("%d free %ss * %d bytes each" % (count, block_name, size_each))
    return printone(label, count * size_each)


def size_class_table(heap):
    """Per class: (num pools, blocks in use, avail blocks) over non-empty pools,
    plus the number of unused pools and of misaligned arenas."""
    g = heap.geometry
    n = g.num_size_classes
    numpools = [0] * n
    numblocks = [0] * n
    numfree = [0] * n
    numfreepools = 0
    misaligned = 0
    narenas = 0
    nblocks = g.blocks_per_pool
    for ao in heap.iter_arenas():
        narenas += 1
        numfreepools += ao.nfreepools
        if ao.address & g.pool_size_mask:
            misaligned += 1
        for p in ao.pools:
            if p.ref_count == 0:
                continue
            sz = p.szidx
            numpools[sz] += 1
            numblocks[sz] += p.ref_count
            numfree[sz] += nblocks[sz] - p.ref_count
    return numpools, numblocks, numfree, numfreepools, misaligned, narenas


def debugmallocstats(heap, freelist_lines=()):
    """The text ``sys._debugmallocstats()`` would write to stderr for ``heap``."""
    g = heap.geometry
    numpools, numblocks, numfree, numfreepools, misaligned, narenas = size_class_table(heap)
    if narenas != heap.narenas_currently_allocated:
        raise HeapCorruption("debugmallocstats: arena count mismatch")
    out = []
    w = out.append
    w("Small block threshold = %d, in %u size classes.\n"
      % (g.small_request_threshold, g.num_size_classes))
    w("\n")
    w("class   size   num pools   blocks in use  avail blocks\n"
      "-----   ----   ---------   -------------  ------------\n")
    allocated_bytes = available_bytes = pool_header_bytes = quantization = 0
    for i in range(g.num_size_classes):
        p = numpools[i]
        if p == 0:
            continue
        b = numblocks[i]
        f = numfree[i]
        size = g.class_sizes[i]
        w("%5u %6u %11u %15u %13u\n" % (i, size, p, b, f))
        allocated_bytes += b * size
        available_bytes += f * size
        pool_header_bytes += p * g.pool_header_size
        quantization += p * ((g.pool_size - g.pool_header_size) % size)
    w("\n")
    w(printone("# arenas allocated total", heap.narenas_allocated_total))
    w(printone("# arenas reclaimed", heap.narenas_allocated_total - narenas))
    w(printone("# arenas highwater mark", heap.narenas_highwater))
    w(printone("# arenas allocated current", narenas))
    w(printone("%u arenas * %d bytes/arena" % (narenas, g.arena_size), narenas * g.arena_size))
    w("\n")
    arena_alignment = misaligned * g.pool_size
    total = allocated_bytes + available_bytes + numfreepools * g.pool_size \
        + pool_header_bytes + quantization + arena_alignment
    w(printone("# bytes in allocated blocks", allocated_bytes))
    w(printone("# bytes in available blocks", available_bytes))
    w(printone("%u unused pools * %d bytes" % (numfreepools, g.pool_size),
               numfreepools * g.pool_size))
    w(printone("# bytes lost to pool headers", pool_header_bytes))
    w(printone("# bytes lost to quantization", quantization))
    w(printone("# bytes lost to arena alignment", arena_alignment))
    w(printone("Total", total))
    if total != narenas * g.arena_size:
        raise HeapCorruption("debugmallocstats: byte breakdown %d != %d arenas * %d"
                             % (total, narenas, g.arena_size))
    if g.use_radix_tree:
        interior, bottom = g.radix_tree_shape()
        node_bytes = (1 << interior) * 8           # an array of pointers
        bot_bytes = (1 << bottom) * 8              # {int32 tail_hi, tail_lo} per arena
        mid = heap.arenas.arena_map_mid_count
        bot = heap.arenas.arena_map_bot_count
        w("\narena map counts\n")
        w(printone("# arena map mid nodes", mid))
        w(printone("# arena map bot nodes", bot))
        w("\n")
        w(printone("# bytes lost to arena map root", node_bytes))
        w(printone("# bytes lost to arena map mid", node_bytes * mid))
        w(printone("# bytes lost to arena map bot", bot_bytes * bot))
        w(printone("Total", node_bytes * (1 + mid) + bot_bytes * bot))
    # sys._debugmallocstats: a blank line after the pymalloc part, then the
    # object layer's free lists.
    w("\n")
    for item in freelist_lines:
        if isinstance(item, str):
            w(item if item.endswith("\n") else item + "\n")
        else:
            count, name, size = item
            w(format_freelist_line(count, name, size))
    return "".join(out)
