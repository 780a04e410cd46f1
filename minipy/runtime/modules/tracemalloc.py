"""The ``tracemalloc`` module: which source lines allocated the simulated heap's blocks.

While tracing, every object allocation the object layer reports through
``core.tracer`` is recorded with its size and the (filename, line) of the
innermost frame executing -- the line whose instruction allocated it, read
from ``co_lines[pc - 1]`` -- and up to ``nframe`` callers.  A free removes the
trace.  The API and the output are CPython's::

    tracemalloc.start()
    ...
    snap = tracemalloc.take_snapshot()
    for stat in snap.statistics('lineno')[:3]:
        print(stat)        # /path/prog.mpy:12: size=1234 B, count=5, average=247 B

``start(nframe=1)``, ``stop()``, ``is_tracing()``, ``clear_traces()``,
``get_traced_memory()`` -> (current, peak), ``reset_peak()``,
``get_traceback_limit()``, ``get_object_traceback(obj)``, ``take_snapshot()``;
``Snapshot.statistics(key_type, cumulative=False)`` with key types
``'lineno'``, ``'filename'`` and ``'traceback'``,
``Snapshot.compare_to(old, key_type)``; ``Statistic``, ``StatisticDiff``,
``Traceback`` and ``Frame`` objects print exactly as CPython's do.

Differences from CPython: sizes are the object blocks' requested sizes on
the simulated heap; the item storage of containers (a list's item array, a
dict's keys table) is not traced, since the object layer reports only
objects.  Objects this module creates itself (snapshots, statistics, the
tuples it returns) are never traced.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import make_type
from minipy.objects.descr import new_builtin, method, add_getset
from minipy.objects.intobject import new_int, new_bool, PyInt
from minipy.objects.strobject import new_str, PyStr
from minipy.objects.tupleobject import new_tuple
from minipy.objects.listobject import new_list
from minipy.objects.singletons import NONE, ret_none
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.modules._common import build_module
from minipy.viz import hooks


# ---------------------------------------------------------------------------
# The tracer
# ---------------------------------------------------------------------------

class _Tracer(object):
    """The core.tracer observer: address -> (size, frames most recent first)."""
    __slots__ = ("heap", "traces", "current", "peak", "busy", "nframe", "vm", "tracing")

    def __init__(self, heap):
        self.heap = heap
        self.traces = {}
        self.current = 0
        self.peak = 0
        self.busy = 0
        self.nframe = 1
        self.vm = None
        self.tracing = False

    def where(self):
        vm = self.vm
        f = vm.ts.frame if vm is not None else None
        if f is None:
            return (("<unknown>", 0),)
        out = []
        n = self.nframe
        while f is not None and len(out) < n:
            code = f.code
            i = f.pc - 1
            lines = code.co_lines
            out.append((code.co_filename, lines[i] if 0 <= i < len(lines)
                        else code.co_firstlineno))
            f = f.back
        return tuple(out)

    def on_alloc(self, obj, size):
        if self.busy:
            return
        addr = obj.ob_addr
        old = self.traces.get(addr)
        if old is not None:
            self.current -= old[0]
        self.traces[addr] = (size, self.where())
        cur = self.current + size
        self.current = cur
        if cur > self.peak:
            self.peak = cur

    def on_free(self, obj):
        t = self.traces.pop(obj.ob_addr, None)
        if t is not None:
            self.current -= t[0]


_state = [None]


def _tracer():
    """This interpreter's tracer (a new interpreter gets a fresh one)."""
    t = _state[0]
    if t is None or t.heap is not core.heap:
        t = _Tracer(core.heap)
        _state[0] = t
    if t.tracing and not hooks.is_installed(t):
        # a new interpreter reset core.tracer: this one no longer traces
        t.tracing = False
        t.traces.clear()
        t.current = t.peak = 0
    return t


class _Quiet(object):
    """Allocations made by this module are not traced."""
    __slots__ = ("t",)

    def __enter__(self):
        self.t = _tracer()
        self.t.busy += 1
        return self.t

    def __exit__(self, *exc_info):
        self.t.busy -= 1
        return False


def _format_size(size, sign):
    """CPython's tracemalloc._format_size."""
    for unit in ('B', 'KiB', 'MiB', 'GiB', 'TiB'):
        if abs(size) < 100 and unit != 'B':
            return ("%+.1f %s" if sign else "%.1f %s") % (size, unit)
        if abs(size) < 10 * 1024 or unit == 'TiB':
            return ("%+.0f %s" if sign else "%.0f %s") % (size, unit)
        size /= 1024


# ---------------------------------------------------------------------------
# Types: Frame, Traceback, Statistic, StatisticDiff, Snapshot
# ---------------------------------------------------------------------------

class PyTMFrame(PyObject):
    __slots__ = ("fr",)                 # (filename, lineno)


class PyTMTraceback(PyObject):
    __slots__ = ("frames",)             # frame tuples, oldest first


class PyTMStatistic(PyObject):
    __slots__ = ("frames", "size", "count", "size_diff", "count_diff")


class PyTMSnapshot(PyObject):
    __slots__ = ("traces", "limit")     # [(size, frames most recent first)], nframe


def _plain_dealloc(o):
    core.free_block(o)


def _make(name, host, size):
    t = make_type(name, host_class=host, basicsize=size, dealloc=_plain_dealloc, final=True)
    t.module = "tracemalloc"
    return t


_static = core.static_mode
core.static_mode = True          # the types' dicts and descriptors are static objects
try:
    frame_type = _make("Frame", PyTMFrame, 24)
    traceback_type = _make("Traceback", PyTMTraceback, 24)
    statistic_type = _make("Statistic", PyTMStatistic, 48)
    statistic_diff_type = _make("StatisticDiff", PyTMStatistic, 48)
    snapshot_type = _make("Snapshot", PyTMSnapshot, 32)
finally:
    core.static_mode = _static


def _new(_host, _tp, _nbytes, **fields):
    o = _host.__new__(_host)
    for k, v in fields.items():
        setattr(o, k, v)
    return core.alloc(o, _nbytes, _tp)


def new_frame(fr):
    with _Quiet():
        return _new(PyTMFrame, frame_type, 24, fr=fr)


def new_traceback(frames):
    with _Quiet():
        return _new(PyTMTraceback, traceback_type, 24, frames=tuple(frames))


def _frame_str(fr):
    return "%s:%s" % fr


def _frame_repr(fr):
    return "<Frame filename=%r lineno=%r>" % fr


def _tb_repr(frames):
    inner = ", ".join(_frame_repr(fr) for fr in frames)
    if len(frames) == 1:
        inner += ","
    return "<Traceback (%s)>" % inner


def _str(text):
    with _Quiet():
        return new_str(text)


def _int(v):
    with _Quiet():
        return new_int(v)


# Frame
@method(frame_type, "__str__")
def _f_str(o):
    return _str(_frame_str(o.fr))


@method(frame_type, "__repr__")
def _f_repr(o):
    return _str(_frame_repr(o.fr))


# Traceback
@method(traceback_type, "__str__")
def _tb_str(o):
    return _str(_frame_str(o.frames[0]) if o.frames else "")


@method(traceback_type, "__repr__")
def _tb_repr_m(o):
    return _str(_tb_repr(o.frames))


@method(traceback_type, "__len__")
def _tb_len(o):
    return _int(len(o.frames))


@method(traceback_type, "__getitem__")
def _tb_getitem(o, index):
    if not isinstance(index, PyInt):
        raise exc("TypeError", "tuple indices must be integers or slices, not %s"
                  % type_name(index))
    i = int(index.value)
    try:
        fr = o.frames[i]
    except IndexError:
        raise exc("IndexError", "tuple index out of range")
    return new_frame(fr)


@method(traceback_type, "format", 0, 2)
def _tb_format(o, limit=None, most_recent_first=None):
    frames = list(o.frames)
    if limit is not None and limit is not NONE:
        n = int(limit.value)
        frames = frames[-n:] if n > 0 else frames[:n]
    if most_recent_first is not None and most_recent_first is not NONE and \
            getattr(most_recent_first, "value", False):
        frames.reverse()
    from minipy.runtime.builtins_core import vm_ref
    sources = vm_ref[0].interp.sources if vm_ref[0] is not None else {}
    lines = []
    for filename, lineno in frames:
        lines.append('  File "%s", line %s' % (filename, lineno))
        src = sources.get(filename)
        if src is not None and 0 < lineno <= len(src.splitlines()):
            text = src.splitlines()[lineno - 1].strip()
            if text:
                lines.append("    %s" % text)
    with _Quiet():
        return new_list([new_str(s) for s in lines])


def _getter(field, make):
    return lambda o: make(getattr(o, field))


add_getset(frame_type, "filename", lambda o: _str(o.fr[0]))
add_getset(frame_type, "lineno", lambda o: _int(o.fr[1]))
add_getset(traceback_type, "total_nframe", lambda o: ret_none())
for _t in (statistic_type, statistic_diff_type):
    add_getset(_t, "traceback", lambda o: new_traceback(o.frames))
    add_getset(_t, "size", _getter("size", _int))
    add_getset(_t, "count", _getter("count", _int))
add_getset(statistic_diff_type, "size_diff", _getter("size_diff", _int))
add_getset(statistic_diff_type, "count_diff", _getter("count_diff", _int))


def statistic_str(o):
    """CPython's Statistic.__str__ / StatisticDiff.__str__."""
    tb = _frame_str(o.frames[0])
    if o.size_diff is None:
        text = "%s: size=%s, count=%i" % (tb, _format_size(o.size, False), o.count)
    else:
        text = "%s: size=%s (%s), count=%i (%+i)" % (
            tb, _format_size(o.size, False), _format_size(o.size_diff, True),
            o.count, o.count_diff)
    if o.count:
        text += ", average=%s" % _format_size(o.size / o.count, False)
    return text


def statistic_repr(o):
    if o.size_diff is None:
        return "<Statistic traceback=%s size=%i count=%i>" % (
            _tb_repr(o.frames), o.size, o.count)
    return "<StatisticDiff traceback=%s size=%i (%+i) count=%i (%+i)>" % (
        _tb_repr(o.frames), o.size, o.size_diff, o.count, o.count_diff)


for _t in (statistic_type, statistic_diff_type):
    method(_t, "__str__")(lambda o: _str(statistic_str(o)))
    method(_t, "__repr__")(lambda o: _str(statistic_repr(o)))


def _new_stat(frames, size, count, size_diff=None, count_diff=None, tp=None):
    with _Quiet():
        return _new(PyTMStatistic, tp or (statistic_type if size_diff is None
                                          else statistic_diff_type), 48,
                    frames=frames, size=size, count=count, size_diff=size_diff,
                    count_diff=count_diff)


# Snapshot

def group_by(traces, key_type):
    """{traceback frames (oldest first): [size, count]} for a snapshot's traces."""
    if key_type not in ("traceback", "filename", "lineno"):
        raise exc("ValueError", "unknown key_type: %r" % (key_type,))
    stats = {}
    for size, frames in traces:
        if key_type == "traceback":
            key = tuple(reversed(frames))
        elif key_type == "lineno":
            key = frames[:1]
        else:
            key = ((frames[0][0], 0),)
        s = stats.get(key)
        if s is None:
            stats[key] = [size, 1]
        else:
            s[0] += size
            s[1] += 1
    return stats


def statistics_host(traces, key_type):
    """Sorted (frames, size, count), as Snapshot.statistics orders them."""
    grouped = group_by(traces, key_type)
    out = [(k, v[0], v[1]) for k, v in grouped.items()]
    out.sort(reverse=True, key=lambda s: (s[1], s[2], s[0]))
    return out


def compare_host(new_traces, old_traces, key_type):
    new = group_by(new_traces, key_type)
    old = group_by(old_traces, key_type)
    out = []
    for k, (size, count) in new.items():
        prev = old.pop(k, None)
        if prev is not None:
            out.append((k, size, size - prev[0], count, count - prev[1]))
        else:
            out.append((k, size, size, count, count))
    for k, (size, count) in old.items():
        out.append((k, 0, -size, 0, -count))
    out.sort(reverse=True, key=lambda s: (abs(s[2]), s[1], abs(s[4]), s[3], s[0]))
    return out


def _key_type(o):
    if not isinstance(o, PyStr):
        raise exc("ValueError", "unknown key_type: %s" % _repr_arg(o))
    return o.value


def _repr_arg(o):
    from minipy.runtime import abstract
    return abstract.repr_host(o)


def _cumulative(o, key_type):
    if o is not None and o is not NONE and getattr(o, "value", False):
        if key_type not in ("lineno", "filename"):
            raise exc("ValueError", "cumulative mode cannot by used with key type %r"
                      % key_type)
        return True
    return False


def _snapshot_traces(snap, cumulative):
    if not cumulative:
        return snap.traces
    # cumulative: every frame of a traceback counts the block (once per frame)
    out = []
    for size, frames in snap.traces:
        seen = set()
        for fr in frames:
            if fr not in seen:
                seen.add(fr)
                out.append((size, (fr,)))
    return out


@method(snapshot_type, "statistics", 1, 2)
def _snap_statistics(snap, key_type, cumulative=None):
    kt = _key_type(key_type)
    cum = _cumulative(cumulative, kt)
    stats = statistics_host(_snapshot_traces(snap, cum), kt)
    with _Quiet():
        return new_list([_new_stat(k, size, count) for k, size, count in stats])


@method(snapshot_type, "compare_to", 2, 3)
def _snap_compare_to(snap, old, key_type, cumulative=None):
    if not isinstance(old, PyTMSnapshot) or old.ob_type is not snapshot_type:
        raise exc("TypeError", "compare_to() argument must be a Snapshot, not %s"
                  % type_name(old))
    kt = _key_type(key_type)
    cum = _cumulative(cumulative, kt)
    diffs = compare_host(_snapshot_traces(snap, cum), _snapshot_traces(old, cum), kt)
    with _Quiet():
        return new_list([_new_stat(k, size, count, sd, cd)
                         for k, size, sd, count, cd in diffs])


add_getset(snapshot_type, "traceback_limit", lambda s: _int(s.limit))


@method(snapshot_type, "__repr__")
def _snap_repr(s):
    return _str("<tracemalloc.Snapshot object: %d traces>" % len(s.traces))


# ---------------------------------------------------------------------------
# Module functions
# ---------------------------------------------------------------------------

FUNCS = {}


def tmfunc(name, minargs=0, maxargs=0):
    def deco(fn):
        FUNCS[name] = new_builtin(name, fn, minargs, maxargs, module="tracemalloc")
        return fn
    return deco


@tmfunc("start", 0, 1)
def tm_start(nframe=None):
    t = _tracer()
    n = 1
    if nframe is not None:
        if not isinstance(nframe, PyInt):
            raise exc("TypeError", "'%s' object cannot be interpreted as an integer"
                      % type_name(nframe))
        n = int(nframe.value)
        if not 1 <= n <= 65535:
            raise exc("ValueError", "the number of frames must be in range [1; 65535]")
    t.nframe = n
    if not t.tracing:
        from minipy.runtime.builtins_core import vm_ref
        t.vm = vm_ref[0]
        t.tracing = True
        hooks.add_tracer(t)
    return ret_none()


@tmfunc("stop")
def tm_stop():
    t = _tracer()
    if t.tracing:
        hooks.remove_tracer(t)
        t.tracing = False
    t.traces.clear()
    t.current = t.peak = 0
    return ret_none()


@tmfunc("is_tracing")
def tm_is_tracing():
    return new_bool(_tracer().tracing)


@tmfunc("clear_traces")
def tm_clear_traces():
    t = _tracer()
    t.traces.clear()
    t.current = t.peak = 0
    return ret_none()


@tmfunc("reset_peak")
def tm_reset_peak():
    t = _tracer()
    t.peak = t.current
    return ret_none()


@tmfunc("get_traced_memory")
def tm_get_traced_memory():
    t = _tracer()
    with _Quiet():
        return new_tuple([new_int(t.current), new_int(t.peak)])


@tmfunc("get_traceback_limit")
def tm_get_traceback_limit():
    return _int(_tracer().nframe)


@tmfunc("get_tracemalloc_memory")
def tm_get_tracemalloc_memory():
    # what the traces would take in C: a hash table entry and a frame each
    return _int(64 * len(_tracer().traces))


@tmfunc("get_object_traceback", 1, 1)
def tm_get_object_traceback(obj):
    t = _tracer()
    tr = t.traces.get(obj.ob_addr) if t.tracing else None
    if tr is None:
        return ret_none()
    return new_traceback(tuple(reversed(tr[1])))


@tmfunc("take_snapshot")
def tm_take_snapshot():
    t = _tracer()
    if not t.tracing:
        raise exc("RuntimeError", "the tracemalloc module must be tracing memory "
                  "allocations to take a snapshot")
    traces = list(t.traces.values())
    with _Quiet():
        return _new(PyTMSnapshot, snapshot_type, 32, traces=traces, limit=t.nframe)


def make_module():
    consts = {}
    for name, tp in (("Snapshot", snapshot_type), ("Statistic", statistic_type),
                     ("StatisticDiff", statistic_diff_type), ("Traceback", traceback_type),
                     ("Frame", frame_type)):
        tp.ob_refcnt += 1
        consts[name] = tp
    return build_module("tracemalloc", FUNCS, consts,
                        "Trace memory blocks allocated by minipy programs.")
