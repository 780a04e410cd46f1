"""Hypothesis state machine: random malloc/free/realloc against a simple model.

The model only knows which addresses are live and how big they were asked to
be.  After every step the heap must agree with it and pass its own audit
(``check_invariants``: pool and arena counts, usedpools/freepools/
usable_arenas lists and order, nfp2lasta, at most one wholly empty arena and
only at the end of usable_arenas).  Each malloc is also checked against
obmalloc's reuse rules:

* the block comes from the head of ``usedpools[class]`` if that list is not
  empty; if that head pool holds the block freed most recently for the class
  (no malloc of the class in between), that very block is returned (LIFO);
* otherwise a new pool comes from the most used arena (head of
  ``usable_arenas``), or from a freshly mapped arena if there is none.

(obmalloc does *not* promise that the last freed block of a class is always
next: freeing into a used pool that is not the head of usedpools leaves it
behind the head pool.)
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (RuleBasedStateMachine, invariant, precondition, rule)

from minipy.memory import CLASSIC, CPYTHON311, Heap, HeapGeometry

TINY = HeapGeometry(name="tiny", alignment=8, small_request_threshold=128,
                    pool_size=512, arena_size=2048)
MISALIGNED_311 = HeapGeometry(name="311-mmap", alignment=16, small_request_threshold=512,
                              pool_size=16384, arena_size=1 << 20, use_radix_tree=True,
                              arena_misalignment=4096)

SETTINGS = settings(max_examples=25, stateful_step_count=40, deadline=None,
                    suppress_health_check=list(HealthCheck))


def make_machine(geometry):
    t = geometry.small_request_threshold
    sizes = st.one_of(
        st.just(0),
        st.integers(1, t),
        st.integers(1, 4 * geometry.alignment),        # the crowded small classes
        st.sampled_from([t - 1, t, t + 1]),
        st.integers(t + 1, 8 * t),
    )

    class HeapMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.g = geometry
            self.heap = Heap(geometry)
            self.live = {}            # address -> (requested size, size class or None if raw)
            self.last_freed = {}      # size class -> address freed last, not yet reused

        # ---- model helpers -------------------------------------------------------
        def _expect(self, n):
            """What obmalloc must do for malloc(n): (exact address or None,
            pool it must come from or None, arena it must come from or None)."""
            h = self.heap
            if not 0 < n <= t:
                return None, None, None
            c = self.g.size_class(n)
            used = h.usedpools(c)
            if used:
                head = used[0]
                last = self.last_freed.get(c)
                if last is not None and h.pool_of(last) is head:
                    return last, head, None
                return None, head, None
            usable = list(h.iter_usable_arenas())
            if not usable:
                return None, None, "new"
            ao = usable[0]
            # a cached empty pool (most recently emptied first), else a carved one
            return None, (ao.freepools or ("carve", ao.pool_address)), ao

        def _check_new_block(self, addr, n, expect):
            h, g = self.heap, self.g
            exact, pool, arena = expect
            assert addr not in self.live, "address 0x%x handed out twice" % addr
            assert addr != 0
            if 0 < n <= t:
                c = g.size_class(n)
                p = h.pool_of(addr)
                assert p is not None and h.is_small(addr)
                assert p.szidx == c and p.size == g.class_size(c)
                off = addr - p.address - g.pool_header_size
                assert off >= 0 and off % p.size == 0
                assert addr + p.size <= p.address + g.pool_size
                assert h.block_size(addr) == g.class_size(c)
                if exact is not None:
                    assert addr == exact, "LIFO reuse broken"
                if isinstance(pool, tuple):
                    assert p.address == pool[1], "did not carve the next pool"
                elif pool is not None:
                    assert p is pool, "did not use the expected pool"
                if arena == "new":
                    assert p.arena.nfreepools == p.arena.ntotalpools - 1
                elif arena is not None:
                    assert p.arena is arena, "did not use the most used arena"
                self.last_freed.pop(c, None)
            else:
                assert not h.is_small(addr) and h.pool_of(addr) is None
                assert h.block_size(addr) == max(n, 1)
            self.live[addr] = (n, g.size_class(n) if 0 < n <= t else None)

        def _note_free(self, addr):
            n, cls = self.live.pop(addr)
            if cls is not None:
                self.last_freed[cls] = addr

        def _free(self, addr):
            """free() plus obmalloc's pool state transitions."""
            h = self.heap
            p = h.pool_of(addr) if self.live[addr][1] is not None else None
            was_full = p is not None and p.state == "full"
            h.free(addr)
            self._note_free(addr)
            if p is None:
                return
            if was_full:
                # full -> used: linked at the front of usedpools
                assert h.usedpools(p.szidx)[0] is p
            elif p.ref_count == 0:
                # used -> empty: front of its arena's freepools, or the arena is gone
                if p.arena is not None:
                    assert p.arena.freepools is p
                    assert p not in h.usedpools(p.szidx)
                else:
                    assert h.pool_of(addr) is None and not h.is_small(addr)

        def _malloc(self, n):
            expect = self._expect(n)
            addr = self.heap.malloc(n)
            self._check_new_block(addr, n, expect)
            return addr

        # ---- rules -------------------------------------------------------------
        @rule(n=sizes)
        def malloc(self, n):
            self._malloc(n)

        @rule(n=sizes, count=st.integers(1, 30))
        def malloc_many(self, n, count):
            for _ in range(count):
                self._malloc(n)

        @precondition(lambda self: self.live)
        @rule(data=st.data())
        def free(self, data):
            addr = data.draw(st.sampled_from(sorted(self.live)))
            self._free(addr)

        @precondition(lambda self: self.live)
        @rule(data=st.data())
        def free_last_then_malloc_same_class(self, data):
            addr = data.draw(st.sampled_from(sorted(self.live)))
            n, cls = self.live[addr]
            self._free(addr)
            new = self._malloc(n)
            # same class, same (still live) pool: the block just freed comes back
            if cls is not None and 0 < n <= t and self.g.size_class(n) == cls \
                    and self.heap.pool_of(addr) is not None \
                    and self.heap.pool_of(new) is self.heap.pool_of(addr):
                assert new == addr

        @precondition(lambda self: self.live)
        @rule(data=st.data(), keep=st.integers(0, 3))
        def free_many(self, data, keep):
            # free all but every (keep+1)-th block: drains pools and arenas
            addrs = sorted(self.live)
            shift = data.draw(st.integers(0, max(keep, 0)))
            for i, a in enumerate(addrs):
                if keep == 0 or (i + shift) % (keep + 1):
                    self._free(a)

        @precondition(lambda self: self.live)
        @rule(data=st.data(), n=sizes)
        def realloc(self, data, n):
            h = self.heap
            addr = data.draw(st.sampled_from(sorted(self.live)))
            old, old_class = self.live[addr]
            was_small = old_class is not None
            if was_small:
                size = h.block_size(addr)
                in_place = n <= size and 4 * n > 3 * size
            else:
                in_place = None     # the raw allocator decides
            expect = self._expect(n) if (was_small and not in_place) else (None, None, None)
            new = h.realloc(addr, n)
            if was_small and in_place:
                assert new == addr
                self.live[addr] = (n, old_class)
                return
            if new == addr:
                assert not was_small
                assert not h.is_small(new) and h.block_size(new) == max(n, 1)
                self.live[addr] = (n, None)
                return
            del self.live[addr]
            if was_small:
                self._check_new_block(new, n, expect)
                self.last_freed[old_class] = addr
            else:
                # a raw block stays raw, whatever the new size
                assert not h.is_small(new) and h.block_size(new) == max(n, 1)
                assert new not in self.live
                self.live[new] = (n, None)

        @rule(n=st.integers(0, 100))
        def static(self, n):
            a = self.heap.static_alloc(n)
            assert self.heap.is_static(a) and not self.heap.is_small(a)
            assert a not in self.live

        # ---- invariants ---------------------------------------------------------
        @invariant()
        def heap_is_consistent(self):
            h = self.heap
            h.check_invariants()
            assert h.allocated_blocks() == len(self.live)
            assert h.raw_allocated_blocks == sum(1 for _, cls in self.live.values()
                                                 if cls is None)
            hs = self.g.pool_header_size
            for addr, (n, cls) in self.live.items():
                assert h.is_live(addr) and h.is_small(addr) == (cls is not None)
                if cls is not None:
                    p = h.pool_of(addr)
                    assert p.szidx == cls
                    assert (addr - p.address - hs) % self.g.class_size(cls) == 0
                    assert p.size >= n
                else:
                    assert h.block_size(addr) == max(n, 1)
            arenas = list(h.iter_arenas())
            empty = [a for a in arenas if a.nfreepools == a.ntotalpools]
            assert len(empty) <= 1
            if empty:
                assert list(h.iter_usable_arenas())[-1] is empty[0]
            assert h.narenas_currently_allocated == len(arenas)
            assert h.narenas_reclaimed == h.narenas_allocated_total - len(arenas)

    HeapMachine.__name__ = "HeapMachine_" + geometry.name.replace("-", "_")
    return HeapMachine


ClassicMachine = make_machine(CLASSIC)
Cpython311Machine = make_machine(CPYTHON311)
TinyMachine = make_machine(TINY)
Misaligned311Machine = make_machine(MISALIGNED_311)

TestClassicHeap = ClassicMachine.TestCase
TestClassicHeap.settings = SETTINGS
TestCpython311Heap = Cpython311Machine.TestCase
TestCpython311Heap.settings = SETTINGS
TestTinyHeap = TinyMachine.TestCase
TestTinyHeap.settings = settings(SETTINGS, max_examples=60)
TestMisaligned311Heap = Misaligned311Machine.TestCase
TestMisaligned311Heap.settings = SETTINGS
