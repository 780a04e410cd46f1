"""The heap audit: recount every reference and compare with the stored counts.

Walks the roots (the interpreter's builtins, ``sys.modules``, the intern
table, the handled exception, live frames) and every live object's
``tp_traverse``; for each heap object the number of references found must
equal its ``ob_refcnt``.  It also checks that every allocated block is either
a live object, item storage owned by a live container, or a block kept by a
type free list, and reports objects that no root reaches (garbage cycles
awaiting the collector).
"""

from minipy.objects import core, strobject


def _roots(interp):
    roots = [interp.builtins, interp.modules]
    if interp.main is not None:
        roots.append(interp.main)
    roots.extend(strobject.interned.values())
    states = [interp.vm.ts] + [ts for ts, _ in interp.threads.values()
                                if ts is not interp.vm.ts]
    for ts in states:           # every thread's frames are roots
        if ts.exc_info is not None:
            roots.append(ts.exc_info)
        roots.extend(o for o in getattr(ts, "owned", ()) if o is not None)
        roots.extend(o for o in (ts.agen_firstiter, ts.agen_finalizer) if o is not None)
        f = ts.frame
        while f is not None:
            roots.extend(f.references())
            f = f.back
    return roots


def audit(interp):
    """Returns a dict: mismatches (list of (repr, stored, counted)), unreachable count, checked."""
    counts = {}
    live = core.live_objects()
    for o in _roots(interp):
        counts[id(o)] = counts.get(id(o), 0) + 1
    for o in list(live.values()) + list(core.statics.values()):
        for r in o.ob_type.tp_traverse(o):
            counts[id(r)] = counts.get(id(r), 0) + 1
        if o.ob_type.is_heaptype:
            pass   # the type reference is reported by the subtype traverse
    mismatches = []
    for addr, o in live.items():
        c = counts.get(id(o), 0)
        if c != o.ob_refcnt:
            mismatches.append(("%s at 0x%x" % (o.ob_type.name, addr), o.ob_refcnt, c))
    # reachability from the roots
    seen = set()
    stack = list(_roots(interp))
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        stack.extend(o.ob_type.tp_traverse(o))
    unreachable = [o for o in live.values() if id(o) not in seen]
    orphans = orphan_blocks(interp, live)
    from minipy.objects import weakrefobject
    for problem in weakrefobject.check(core.is_live):
        mismatches.append((problem, 0, 0))
    return {"checked": len(live), "mismatches": mismatches, "unreachable": len(unreachable),
            "orphan_blocks": orphans}


def orphan_blocks(interp, live):
    """Allocated blocks that are neither a live object, the item storage of a
    live container, nor a block kept by a type's free list (a leak in minipy)."""
    from minipy.objects import floatobject, listobject, dictobject, tupleobject
    owned = set(live)
    for o in live.values():
        for field in ("items_addr", "keys_addr", "table_addr"):
            a = getattr(o, field, 0)
            if a:
                owned.add(a)
        more = getattr(o, "storage_addrs", None)       # several blocks (a deque's)
        if more is not None:
            owned.update(more())
    owned.update(floatobject.free_list)
    owned.update(listobject.free_list)
    owned.update(dictobject.free_list)
    for fl in tupleobject.free_lists:
        owned.update(fl)
    heap = interp.heap
    blocks = [a for a, _ in heap.iter_live_blocks()] + list(heap.raw.sizes)
    return ["0x%x" % a for a in blocks if a not in owned]


def install_audit_each(interp):
    """--audit=each: audit the heap whenever a new source line starts.

    Only at points where no host code is in the middle of a call (the only
    entry frame on the stack is the module's): there every reference is held
    by a frame, an object or a root, so the counts must agree exactly.  The
    first mismatch stops the run with an internal error naming the line."""
    from minipy.errors import InternalError
    last = [None]

    def hook(vm, f):
        pc = f.pc - 1
        lines = f.code.co_lines
        line = lines[pc] if 0 <= pc < len(lines) else None
        key = (id(f), line)
        if key == last[0]:
            return
        last[0] = key
        g = vm.ts.frame
        entries = 0
        while g is not None:
            entries += g.entry
            g = g.back
        if entries != 1 or vm.interp.threads:
            return
        report = audit(interp)
        if report["mismatches"] or report["orphan_blocks"]:
            raise InternalError("heap audit before %s line %s: %d refcount mismatches %s, "
                                "%d orphan blocks" % (f.code.co_filename, line,
                                                      len(report["mismatches"]),
                                                      report["mismatches"][:3],
                                                      len(report["orphan_blocks"])))
        interp.audits_done = getattr(interp, "audits_done", 0) + 1
    interp.vm.set_trace(hook)
