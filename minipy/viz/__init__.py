"""Seeing the machine: heap maps, reference graphs, a step-through visualizer
and a run summary.

* ``svg``       -- the heap map (arenas, pools, raw blocks) as an SVG minipy writes itself
* ``refgraph``  -- the reference graph as Graphviz DOT, rendered with ``dot`` or a
                   built-in layout
* ``trace_html``-- one self-contained HTML page that steps through a run
* ``stats``     -- the ``--stats`` run summary
* ``objinfo``   -- host-side views of objects (short reprs, labelled references)
                   that never allocate, run program code or touch a refcount
* ``hooks``     -- sharing ``core.tracer`` between several observers
* ``cli``       -- the ``heapmap``/``refgraph``/``trace`` subcommands

Everything here only *reads* the interpreter's state; nothing changes what a
program computes or what the heap looks like.
"""
