"""Sharing ``core.tracer``: several observers (tracemalloc, --stats, the
visualizers) may watch allocations at once.

``core.tracer`` holds one object with ``on_alloc(obj, size)`` and
``on_free(obj)``.  ``add_tracer`` installs an observer next to whatever is
there already (through a small fan-out object when there is more than one);
``remove_tracer`` takes it away again.  A new ``Interpreter`` resets
``core.tracer`` to None, so observers belong to the interpreter they were
installed under.
"""

from minipy.objects import core


class Fanout(object):
    """Calls every observer in turn."""
    __slots__ = ("tracers",)

    def __init__(self, tracers):
        self.tracers = tracers

    def on_alloc(self, obj, size):
        for t in self.tracers:
            t.on_alloc(obj, size)

    def on_free(self, obj):
        for t in self.tracers:
            t.on_free(obj)


def current_tracers():
    cur = core.tracer
    if cur is None:
        return []
    if isinstance(cur, Fanout):
        return list(cur.tracers)
    return [cur]


def _set(tracers):
    if not tracers:
        core.tracer = None
    elif len(tracers) == 1:
        core.tracer = tracers[0]
    else:
        core.tracer = Fanout(tracers)


def add_tracer(t):
    tracers = current_tracers()
    if not any(x is t for x in tracers):
        tracers.append(t)
    _set(tracers)


def remove_tracer(t):
    _set([x for x in current_tracers() if x is not t])


def is_installed(t):
    return any(x is t for x in current_tracers())
