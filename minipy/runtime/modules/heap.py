"""The ``heap`` module (minipy only): a program's handle on the heap map.

``heap.snapshot(label=None)`` marks a moment worth drawing: under
``minipy heapmap`` every call adds a section to the map (labelled with the
label, or ``snapshot N``, and the calling line); otherwise it does nothing.
It returns the snapshot's number (1, 2, ...).

``heap.stats()`` returns a dict of the allocator's numbers right now:
arenas, pools (used/full/empty), blocks and bytes in use, raw blocks and
bytes, mapped bytes, live objects.
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.descr import new_builtin
from minipy.objects.intobject import new_int
from minipy.objects.strobject import PyStr
from minipy.objects.dictobject import new_dict, dict_setitem_str
from minipy.objects.singletons import NONE
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.modules._common import build_module

# Set by ``minipy heapmap``: called as listener(label, filename, lineno).
listener = None
_count = [0]

FUNCS = {}


def _caller_line():
    from minipy.runtime.builtins_core import vm_ref
    vm = vm_ref[0]
    f = vm.ts.frame if vm is not None else None
    if f is None:
        return None, 0
    i = f.pc - 1
    lines = f.code.co_lines
    return f.code.co_filename, (lines[i] if 0 <= i < len(lines) else f.code.co_firstlineno)


def _snapshot(label=None):
    if label is not None and label is not NONE and not isinstance(label, PyStr):
        raise exc("TypeError", "snapshot() label must be str or None, not %s" % type_name(label))
    _count[0] += 1
    if listener is not None:
        filename, lineno = _caller_line()
        text = label.value if isinstance(label, PyStr) else None
        listener(text, filename, lineno)
    return new_int(_count[0])


FUNCS["snapshot"] = new_builtin("snapshot", _snapshot, 0, 1, module="heap")


def _stats():
    h = core.heap
    used = full = empty = pools = 0
    for p in h.iter_pools():
        pools += 1
        s = p.state
        if s == "used":
            used += 1
        elif s == "full":
            full += 1
        else:
            empty += 1
    d = new_dict()
    for k, v in (("arenas", h.narenas_currently_allocated),
                 ("arenas_highwater", h.narenas_highwater),
                 ("arenas_reclaimed", h.narenas_reclaimed),
                 ("pools", pools), ("pools_used", used), ("pools_full", full),
                 ("pools_empty", empty),
                 ("blocks", h.small_blocks),
                 ("block_bytes", sum(size for _, size in h.iter_live_blocks())),
                 ("raw_blocks", h.raw_allocated_blocks), ("raw_bytes", h.raw_allocated_bytes),
                 ("mapped_bytes", h.mapped_bytes), ("objects", core.object_count())):
        o = new_int(v)
        dict_setitem_str(d, k, o)
        decref(o)
    return d


FUNCS["stats"] = new_builtin("stats", _stats, 0, 0, module="heap")


def make_module():
    _count[0] = 0
    return build_module("heap", FUNCS, {}, "Snapshots and statistics of minipy's simulated heap.")
