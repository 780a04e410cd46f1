"""Finding and breaking unreachable cycles (gc_collect_main in CPython 3.11).

A collection of generation g looks only at the objects tracked in
generations 0..g ("young"):

1. ``update_refs``: copy each object's reference count into a scratch count.
2. ``subtract_refs``: for every reference from one young object to another
   (found by the type's traverse function), subtract one.  What is left is
   the number of references from outside the young set: from older
   generations, from frames and the VM, from host code.
3. ``move_unreachable``: objects with a count above zero are reachable roots;
   everything they reach is reachable too.  The rest is unreachable.
   The walk is CPython's, so the order of the unreachable list — and with it
   the order in which finalizers run — is the same.
4. Survivors move to the next generation; tuples (and, in a full
   collection, dicts) that hold only atoms stop being tracked.
5. Finalizers (``__del__``, and ``close`` for suspended generators) run
   once per object; anything they resurrect is found by running step 1-3
   again on the unreachable set and is spared.
6. The remaining garbage is broken with each type's ``tp_clear``; reference
   counting then frees it block by block.

Everything is iterative, so a million-node cycle needs no host recursion.
"""

import sys

from minipy.objects import core
from minipy.objects.dictobject import PyDict
from minipy.gc import state as gcstate
from minipy.gc.state import NUM_GENERATIONS, now
from minipy.gc.clear import clear_object, has_finalizer, run_finalizer
from minipy.objects import weakrefobject

DEBUG_STATS = 1
DEBUG_COLLECTABLE = 2
DEBUG_UNCOLLECTABLE = 4
DEBUG_SAVEALL = 32

report_unraisable = None         # set by the runtime: (exc, obj) -> None
call_callbacks = None            # set by the gc module: (phase, generation, collected, uncollectable)
write_stderr = None              # set by the runtime


def referents(o):
    """What CPython's tp_traverse of ``o`` visits, in its order (gc.get_referents)."""
    if isinstance(o, PyDict) and o.unicode:
        return list(o.dv.values())        # a str-keys dict does not visit its keys
    return _traverse(o)


def _traverse(o):
    """The objects ``o`` refers to, as the collector sees them: an embedded
    attribute dict is transparent (its contents count as the instance's)."""
    refs = o.ob_type.tp_traverse(o)
    for r in refs:
        if r.gc_gen == -2:
            out = [x for x in refs if x.gc_gen != -2]
            for e in refs:
                if e.gc_gen == -2:
                    out.extend(e.dv.values())      # inline values (keys are str)
            return out
    return refs


# While deduce_unreachable runs, the objects it examines carry their gc_refs
# in the header, as CPython keeps it in the GC header's prev field: gc_gen is
# temporarily COLLECTING + gc_refs (a real generation is 0..3, untracked -1,
# an embedded dict -2), or TENTATIVELY_UNREACHABLE.  No side table is needed,
# so the work per object stays constant however many objects there are.
TENTATIVELY_UNREACHABLE = 15
COLLECTING = 16


def deduce_unreachable(young, bias=0):
    """Split ``young`` (a list) into (reachable, unreachable), CPython's way.
    ``bias`` references per object are the collector's own and do not count."""
    objs = []
    saved = []
    # update_refs: gc_refs = ob_refcnt
    for o in young:
        g = o.gc_gen
        if g >= TENTATIVELY_UNREACHABLE:        # listed twice
            continue
        saved.append(g)
        objs.append(o)
        o.gc_gen = COLLECTING + max(o.ob_refcnt - bias, 0)
    # subtract_refs: what is left counts references from outside the set
    for o in objs:
        for r in _traverse(o):
            g = r.gc_gen
            if g > COLLECTING:
                r.gc_gen = g - 1
    # move_unreachable: whatever an object with outside references reaches
    # is reachable; the rest is tentatively unreachable until reached
    reachable = []
    tentative = []
    work = list(objs)
    i = 0
    while i < len(work):
        o = work[i]
        i += 1
        if o.gc_gen > COLLECTING:
            reachable.append(o)
            for r in _traverse(o):
                g = r.gc_gen
                if g == TENTATIVELY_UNREACHABLE:
                    # tentatively unreachable, but reachable after all: rescan it later
                    r.gc_gen = COLLECTING + 1
                    work.append(r)
                elif g == COLLECTING:
                    r.gc_gen = COLLECTING + 1
        else:
            o.gc_gen = TENTATIVELY_UNREACHABLE
            tentative.append(o)
    unreachable = [o for o in tentative if o.gc_gen == TENTATIVELY_UNREACHABLE]
    for o, g in zip(objs, saved):
        o.gc_gen = g
    return reachable, unreachable


def _alive(o):
    """Is ``o`` still a live object (not freed by a finalizer or a clear)?"""
    return core.is_live(o)


def _untrack_tuples(objs):
    for o in objs:
        if o.gc_gen >= 0 and o.ob_type.flags & 32 and not o.ob_type.is_heaptype:
            if not any(gcstate.may_be_tracked(x) for x in o.items):
                gcstate.untrack(o)


def _untrack_dicts(objs):
    for o in objs:
        if o.gc_gen >= 0 and o.ob_type.flags & 64 and not o.ob_type.is_heaptype:
            if not any(gcstate.may_be_tracked(x) for x in o.dv.values()) and \
                    not any(gcstate.may_be_tracked(x) for x in o.dk.values()):
                gcstate.untrack(o)


def _move_to(objs, gen, st):
    table = st.generations[gen]
    for o in objs:
        g = o.gc_gen
        if g >= 0 and g != gen:
            del st.generations[g][o.ob_addr]
            o.gc_gen = gen
            table[o.ob_addr] = o


def collect(st, generation, reason="manual"):
    """Collect ``generation`` and the younger ones; returns collected + uncollectable."""
    t0 = now()
    if st.debug & DEBUG_STATS:
        write_stderr("gc: collecting generation %d...\n" % generation)
        write_stderr("gc: objects in each generation: %d %d %d\n"
                     % tuple(len(st.generations[i]) for i in range(NUM_GENERATIONS)))
        write_stderr("gc: objects in permanent generation: %d\n" % len(st.generations[3]))
    if generation + 1 < NUM_GENERATIONS:
        st.counts[generation + 1] += 1
    for i in range(generation + 1):
        st.counts[i] = 0
    # merge the younger generations into the one being collected
    young_table = st.generations[generation]
    for i in range(generation):
        for addr, o in st.generations[i].items():
            o.gc_gen = generation
            young_table[addr] = o
        st.generations[i].clear()
    young = list(young_table.values())
    examined = len(young)
    old_gen = generation + 1 if generation < NUM_GENERATIONS - 1 else generation

    reachable, unreachable = deduce_unreachable(young)
    _untrack_tuples(reachable)
    if old_gen != generation:
        if generation == NUM_GENERATIONS - 2:
            st.long_lived_pending += sum(1 for o in reachable if o.gc_gen >= 0)
        _move_to([o for o in reachable if o.gc_gen >= 0], old_gen, st)
    else:
        _untrack_dicts(reachable)
        st.long_lived_pending = 0
        st.long_lived_total = len(st.generations[generation]) - len(unreachable)

    if st.debug & DEBUG_COLLECTABLE:
        for o in unreachable:
            write_stderr("gc: collectable <%s 0x%x>\n" % (o.ob_type.name, o.ob_addr))

    # weak references to the garbage are cleared and their callbacks run
    # before any finalizer or tp_clear (handle_weakrefs)
    freed_weakrefs = 0
    if weakrefobject.weaklists:
        freed_weakrefs = weakrefobject.handle_weakrefs(unreachable)
    # finalizers, once per object (PEP 442); an object freed meanwhile (a
    # finalizer may break the cycle) simply drops out, as it leaves CPython's list
    for o in unreachable:
        if _alive(o) and has_finalizer(o):
            o.ob_refcnt += 1
            run_finalizer(o)
            core.decref(o)
    unreachable = [o for o in unreachable if _alive(o)]
    # resurrection: whatever a finalizer made reachable again is spared
    still_reachable, final_unreachable = deduce_unreachable(unreachable)
    _move_to([o for o in still_reachable if o.gc_gen >= 0], old_gen, st)
    m = len(final_unreachable) + freed_weakrefs
    garbage = st.module.garbage_list() if st.module is not None else None
    for o in final_unreachable:
        if not _alive(o):
            continue
        if st.debug & DEBUG_SAVEALL and garbage is not None:
            from minipy.objects.listobject import list_append
            list_append(garbage, o)
        else:
            o.ob_refcnt += 1
            try:
                clear_object(o)
            finally:
                core.decref(o)
    final_unreachable = [o for o in final_unreachable if _alive(o)]
    # objects that survived their tp_clear go to the older generation
    _move_to([o for o in final_unreachable if o.gc_gen >= 0], old_gen, st)
    n = 0
    if generation == NUM_GENERATIONS - 1:
        clear_freelists()
    elapsed = now() - t0
    stats = st.stats[generation]
    stats[0] += 1
    stats[1] += m
    stats[2] += n
    st.total_time += elapsed
    st.log.append((generation, examined, m, n, elapsed, reason))
    if st.debug & DEBUG_STATS:
        write_stderr("gc: done, %d unreachable, %d uncollectable, %.4fs elapsed\n" % (m, n, elapsed))
    return m + n


def collect_with_callbacks(st, generation, reason="manual"):
    if call_callbacks is not None:
        call_callbacks("start", generation, 0, 0)
    before = list(st.stats[generation])
    n = collect(st, generation, reason)
    if call_callbacks is not None:
        after = st.stats[generation]
        call_callbacks("stop", generation, after[1] - before[1], after[2] - before[2])
    return n


def collect_generations(st):
    """The automatic trigger: collect the oldest generation over its threshold."""
    for i in range(NUM_GENERATIONS - 1, -1, -1):
        if st.counts[i] > st.thresholds[i]:
            # a full collection waits until the long-lived pending objects exceed
            # 25% of the long-lived total (issue #4074)
            if i == NUM_GENERATIONS - 1 and st.long_lived_pending < st.long_lived_total // 4:
                continue
            collect_with_callbacks(st, i, "automatic")
            break


gcstate.collect_generations = collect_generations


def clear_freelists():
    """A full collection empties the type free lists (their blocks go back to the pools)."""
    from minipy.objects import floatobject, listobject, dictobject, tupleobject
    heap = core.heap
    for fl in (floatobject.free_list, listobject.free_list, dictobject.free_list):
        while fl:
            heap.free(fl.pop())
    del floatobject._free_slots[:]      # (kept in step with its free list)
    for fl in tupleobject.free_lists:
        while fl:
            heap.free(fl.pop())
