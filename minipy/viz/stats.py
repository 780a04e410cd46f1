"""``minipy --stats FILE``: a summary of the run, printed at exit.

* objects allocated and freed during the run, by type (and still alive);
* peak heap bytes (mapped arenas + raw blocks, sampled at every object
  allocation and free) and peak bytes in blocks, the arena high-water mark;
* collections per generation with the time spent (the collector's log);
* GIL switches between threads (n/a when the VM has no GIL).

The counting is an allocation observer on ``core.tracer`` (shared with
``tracemalloc`` through ``minipy.viz.hooks``).  Classes are created without
the object layer's allocation hook, so allocations are counted as
``freed + alive at exit - alive at start`` per type, which is exact for every
type either way.
"""

from minipy.objects import core
from minipy.viz import hooks


class RunStats(object):
    """The allocation observer behind --stats."""

    def __init__(self, interp):
        self.interp = interp
        self.heap = interp.heap
        self.arena_size = interp.heap.geometry.arena_size
        self.allocated = {}
        self.freed = {}
        self.start_live = self._live_by_type()
        self.peak_total = self.heap.total_bytes
        self.peak_blocks = 0
        self.nallocs = 0
        self.nfrees = 0
        self.sizes = {}                 # address -> size of objects allocated in the run
        self.object_bytes = 0
        self.peak_object_bytes = 0

    @staticmethod
    def _live_by_type():
        out = {}
        for o in core.live_objects().values():
            tn = o.ob_type.name
            out[tn] = out.get(tn, 0) + 1
        return out

    def on_alloc(self, obj, size):
        tn = obj.ob_type.name
        a = self.allocated
        a[tn] = a.get(tn, 0) + 1
        self.nallocs += 1
        h = self.heap
        t = h.arenas.narenas_currently_allocated * self.arena_size + h.raw.nbytes
        if t > self.peak_total:
            self.peak_total = t
        old = self.sizes.get(obj.ob_addr)
        if old is not None:
            self.object_bytes -= old
        self.sizes[obj.ob_addr] = size
        self.object_bytes += size
        if self.object_bytes > self.peak_object_bytes:
            self.peak_object_bytes = self.object_bytes

    def on_free(self, obj):
        tn = obj.ob_type.name
        f = self.freed
        f[tn] = f.get(tn, 0) + 1
        self.nfrees += 1
        size = self.sizes.pop(obj.ob_addr, None)
        if size is not None:
            self.object_bytes -= size
        h = self.heap
        t = h.arenas.narenas_currently_allocated * self.arena_size + h.raw.nbytes
        if t > self.peak_total:
            self.peak_total = t

    # -- the report --------------------------------------------------------------------

    def rows(self):
        """(type, allocated, freed, alive now) sorted by allocations."""
        end = self._live_by_type()
        names = set(self.allocated) | set(self.freed) | set(end) | set(self.start_live)
        out = []
        for tn in names:
            freed = self.freed.get(tn, 0)
            alive = end.get(tn, 0)
            alloc = max(self.allocated.get(tn, 0),
                        freed + alive - self.start_live.get(tn, 0))
            if alloc or freed:
                out.append((tn, alloc, freed, alive))
        out.sort(key=lambda r: (-r[1], -r[2], r[0]))
        return out

    def report(self, max_types=25):
        from minipy.gc import state as gcstate
        h = self.heap
        g = h.geometry
        rows = self.rows()
        lines = ["run stats:"]
        lines.append("  objects allocated %s, freed %s (%d types)" % (
            "{:,}".format(sum(r[1] for r in rows)), "{:,}".format(sum(r[2] for r in rows)),
            len(rows)))
        w = max([len(r[0]) for r in rows[:max_types]] + [4])
        lines.append("    %-*s %12s %12s %12s" % (w, "type", "allocated", "freed", "alive now"))
        for tn, a, f, alive in rows[:max_types]:
            lines.append("    %-*s %12s %12s %12s" % (w, tn, "{:,}".format(a),
                                                       "{:,}".format(f), "{:,}".format(alive)))
        if len(rows) > max_types:
            rest = rows[max_types:]
            lines.append("    %-*s %12s %12s %12s" % (
                w, "(%d more)" % len(rest), "{:,}".format(sum(r[1] for r in rest)),
                "{:,}".format(sum(r[2] for r in rest)), "{:,}".format(sum(r[3] for r in rest))))
        peak_total = max(self.peak_total, h.total_bytes)
        lines.append("  peak heap: %s bytes (arenas mapped + raw blocks); now %s" % (
            "{:,}".format(peak_total), "{:,}".format(h.total_bytes)))
        lines.append("  peak bytes in objects allocated during the run: %s" % (
            "{:,}".format(self.peak_object_bytes)))
        lines.append("  arenas: high-water %d (%s each), %d allocated in total, %d reclaimed, "
                     "%d mapped now" % (h.narenas_highwater, _kib(g.arena_size),
                                        h.narenas_allocated_total, h.narenas_reclaimed,
                                        h.narenas_currently_allocated))
        lines.append("  raw allocator: peak %s bytes in %s blocks" % (
            "{:,}".format(h.raw.peak_bytes), "{:,}".format(h.raw.peak_blocks)))
        st = gcstate.state
        lines.append("  gc: %d collections, %.4fs in the collector" % (len(st.log), st.total_time))
        for gen in range(3):
            runs = [r for r in st.log if r[0] == gen]
            lines.append("    generation %d: %d collections, %d collected, %.4fs" % (
                gen, len(runs), sum(r[2] for r in runs), sum(r[4] for r in runs)))
        gil = getattr(self.interp.vm, "gil", None)
        switches = getattr(gil, "switches", None)
        lines.append("  GIL switches: %s" % ("n/a (no GIL in this build)" if switches is None
                                              else "{:,}".format(switches)))
        return "\n".join(lines) + "\n"


def _kib(n):
    if n % (1 << 20) == 0:
        return "%d MiB" % (n >> 20)
    return "%d KiB" % (n >> 10)


def install(interp):
    """Start counting for ``interp`` (call right after creating it)."""
    rs = RunStats(interp)
    hooks.add_tracer(rs)
    return rs


def with_stats(interp_class):
    """An Interpreter subclass that counts from its creation and has ``stats_report()``."""

    class StatsInterpreter(interp_class):
        def __init__(self, *args, **kwargs):
            interp_class.__init__(self, *args, **kwargs)
            self.run_stats = install(self)

        def stats_report(self):
            return self.run_stats.report()

    StatsInterpreter.__name__ = interp_class.__name__
    return StatsInterpreter
