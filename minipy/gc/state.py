"""Tracking and generations: which containers the collector knows about.

Every object of a GC type (lists, dicts, instances, functions ...) is
*tracked* when it is created: it joins generation 0, an insertion-ordered
table keyed by address (CPython links a ``PyGC_Head`` into a list; order
matters, it decides the order of finalizers).  Deallocation untracks it.
Generation 0's count is GC allocations minus GC deallocations; when it passes
the threshold (700) a collection runs right there, inside the allocation,
before the new object is tracked — as in CPython 3.11, where it is safe
because anything the running code holds has a reference count the collector
cannot explain and so counts as a root.

Two CPython optimisations are kept: dicts start untracked and become tracked
when a value that may be a container is stored in them, and a full
collection untracks dicts and tuples that hold only atoms.
"""

import time as _time

NUM_GENERATIONS = 3
PERMANENT = 3          # gc.freeze()
EMBEDDED = -2          # gc_gen of an instance's inline attribute dict (see materialize)


class GCState:
    __slots__ = ("generations", "thresholds", "counts", "enabled", "collecting", "debug",
                 "long_lived_total", "long_lived_pending", "stats", "module", "log",
                 "total_time")

    def __init__(self):
        # generations 0..2 plus the permanent generation of gc.freeze()
        self.generations = [{}, {}, {}, {}]
        self.thresholds = [700, 10, 10]
        self.counts = [0, 0, 0]
        self.enabled = True
        self.collecting = False
        self.debug = 0
        self.long_lived_total = 0
        self.long_lived_pending = 0
        # per generation: collections, collected, uncollectable
        self.stats = [[0, 0, 0] for _ in range(NUM_GENERATIONS)]
        self.module = None            # the gc module object (garbage, callbacks)
        self.log = []                 # one record per collection (for --gc-stats)
        self.total_time = 0.0


state = GCState()
collect_generations = None          # set by the collector module


def bind(new_state):
    global state
    state = new_state


def track(o):
    """Put ``o`` in generation 0 (no-op if already tracked or embedded)."""
    if o.gc_gen == -1:
        o.gc_gen = 0
        state.generations[0][o.ob_addr] = o


def untrack(o):
    g = o.gc_gen
    if g >= 0:
        del state.generations[g][o.ob_addr]
        o.gc_gen = -1


def materialize(d):
    """An instance's inline attribute dict becomes an object of its own (its
    ``__dict__`` was read): tracked like any dict from now on."""
    if d.gc_gen == EMBEDDED:
        d.gc_gen = -1
        state.counts[0] += 1        # now it is a GC object CPython would have allocated
        if any(may_be_tracked(v) for v in d.dv.values()):
            track(d)


def on_gc_alloc():
    """A GC object is being allocated: count it, maybe collect (CPython's _PyObject_GC_Link)."""
    st = state
    st.counts[0] += 1
    if st.counts[0] > st.thresholds[0] and st.enabled and st.thresholds[0] and not st.collecting:
        st.collecting = True
        try:
            collect_generations(st)
        finally:
            st.collecting = False


def on_gc_free():
    """A GC object's memory is released (PyObject_GC_Del)."""
    if state.counts[0] > 0:
        state.counts[0] -= 1


def may_be_tracked(o):
    """CPython's _PyObject_GC_MAY_BE_TRACKED: could ``o`` take part in a cycle?"""
    tp = o.ob_type
    if not tp.is_gc:
        return False
    if tp.flags & 32 and not tp.is_heaptype:       # exact tuple: only if tracked
        return o.gc_gen >= 0
    return True


def now():
    return _time.perf_counter()
