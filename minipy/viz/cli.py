"""The ``heapmap``, ``refgraph`` and ``trace`` subcommands of ``minipy``.

    minipy heapmap FILE -o map.svg [--png] [args...]
    minipy refgraph FILE -o graph.svg|graph.dot [--roots a,b] [--depth N] [args...]
    minipy trace FILE -o trace.html [--max-steps N] [--max-objects N] [args...]

Each runs the program (its output goes to the terminal as usual), then
draws what it found.  The heap-profile and heap-limit options given before
the subcommand apply (``minipy --heap-profile cpython311 heapmap ...``).
"""

import argparse
import os
import sys

from minipy.errors import InternalError


class _ArgError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise _ArgError("%s\n%s: error: %s" % (self.format_usage().rstrip(), self.prog, message))


def _parser(cmd):
    p = _Parser(prog="minipy " + cmd, add_help=True)
    p.add_argument("file", help="the program to run")
    p.add_argument("-o", "--output", required=True, help="the file to write")
    if cmd == "heapmap":
        p.add_argument("--png", action="store_true",
                       help="also write a PNG next to the SVG (needs rsvg-convert or ImageMagick)")
    elif cmd == "refgraph":
        p.add_argument("--roots", default=None,
                       help="comma-separated global names to start from (default: all)")
        p.add_argument("--depth", type=int, default=None,
                       help="follow at most N references from a name")
        p.add_argument("--max-nodes", type=int, default=None, help=argparse.SUPPRESS)
    elif cmd == "trace":
        p.add_argument("--max-steps", type=int, default=None,
                       help="record at most N steps (default 2000)")
        p.add_argument("--max-objects", type=int, default=None,
                       help="show at most N heap objects per step (default 200)")
    p.add_argument("args", nargs="*", help="arguments for the program (after --)")
    return p


def main(cmd, argv, opts):
    """Run subcommand ``cmd`` with its arguments; returns the exit status."""
    parser = _parser(cmd)
    try:
        ns = parser.parse_args(argv)
        for opt in ("depth", "max_steps", "max_objects", "max_nodes"):
            v = getattr(ns, opt, None)
            if v is not None and v < 1:
                parser.error("--%s must be at least 1" % opt.replace("_", "-"))
    except _ArgError as e:
        sys.stderr.write("%s\n" % e)
        return 2
    except SystemExit as e:            # --help
        return e.code or 0
    from minipy.runtime.bootstrap import bootstrap
    bootstrap()           # the object model must exist before minipy.viz imports it
    try:
        if cmd == "heapmap":
            return heapmap(ns, opts)
        if cmd == "refgraph":
            return refgraph(ns, opts)
        return trace(ns, opts)
    except InternalError as e:
        sys.stdout.flush()
        sys.stderr.write("minipy: internal error: %s\n" % e)
        return 70


def _new_interp(ns, opts, **kw):
    from minipy.api import Interpreter
    return Interpreter(argv=[ns.file] + list(ns.args), **dict(opts, **kw))


def _run(interp, path):
    """Run the program; returns its exit status or None if it could not be opened."""
    try:
        return interp.run_file(path)
    except OSError as e:
        sys.stderr.write("minipy: can't open file '%s': [Errno %d] %s\n"
                         % (path, e.errno or 2, e.strerror))
        return None


def _write(path, text):
    d = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(d):
        os.makedirs(d)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


# ---------------------------------------------------------------------------
# heapmap
# ---------------------------------------------------------------------------

def heapmap(ns, opts):
    from minipy.viz import svg
    interp = _new_interp(ns, opts)
    from minipy.runtime.modules import heap as heapmod     # after the runtime is bootstrapped
    states = []
    skipped = [0]
    base = os.path.basename(ns.file)

    def listener(label, filename, lineno):
        if len(states) >= svg.MAX_SNAPSHOTS:
            skipped[0] += 1
            return
        n = len(states) + 1
        where = "%s:%d" % (os.path.basename(filename or "?"), lineno)
        states.append(svg.capture(interp.heap, "snapshot %d%s" % (
            n, ": %s" % label if label else ""), where))

    heapmod.listener = listener
    try:
        status = _run(interp, ns.file)
    finally:
        heapmod.listener = None
    if status is None:
        return 2
    states.append(svg.capture(interp.heap, "at exit", base))
    interp.finalize()
    notice = None
    if skipped[0]:
        notice = ("only the first %d heap.snapshot() calls are drawn (%d more were made)"
                  % (svg.MAX_SNAPSHOTS, skipped[0]))
    text = svg.render(states, title="minipy heap map: %s" % base, notice=notice)
    _write(ns.output, text)
    sys.stdout.flush()
    sys.stderr.write("heapmap: wrote %s (%d section%s)\n" % (
        ns.output, len(states), "" if len(states) == 1 else "s"))
    if ns.png:
        png = os.path.splitext(ns.output)[0] + ".png"
        err = svg.write_png(ns.output, png)
        if err is not None:
            sys.stderr.write("minipy heapmap: %s\n" % err)
            return 1
        sys.stderr.write("heapmap: wrote %s\n" % png)
    return status


# ---------------------------------------------------------------------------
# refgraph
# ---------------------------------------------------------------------------

def refgraph(ns, opts):
    from minipy.viz import refgraph as rg
    interp = _new_interp(ns, opts)
    status = _run(interp, ns.file)
    if status is None:
        return 2
    roots = [r.strip() for r in ns.roots.split(",") if r.strip()] if ns.roots else None
    try:
        graph = rg.build(interp, roots=roots, depth=ns.depth,
                         max_nodes=ns.max_nodes or rg.MAX_NODES)
    except rg.UnknownRoot as e:
        interp.finalize()
        sys.stderr.write("minipy refgraph: %s\n" % e)
        return 2
    title = "minipy reference graph: %s" % os.path.basename(ns.file)
    dot_text = rg.to_dot(graph, title)
    out = ns.output
    if out.endswith(".dot") or out.endswith(".gv"):
        _write(out, dot_text)
        how = "DOT"
    else:
        svg_text, how = rg.render_svg(graph, dot_text, title)
        _write(out, svg_text)
    interp.finalize()
    sys.stdout.flush()
    sys.stderr.write("refgraph: wrote %s (%d objects, %s)\n" % (out, len(graph.nodes), how))
    if how.startswith("built-in"):
        sys.stderr.write("refgraph: Graphviz's dot was not found; the layout is minipy's own. "
                         "For Graphviz layouts: apt-get install graphviz\n")
    return status


# ---------------------------------------------------------------------------
# trace
# ---------------------------------------------------------------------------

def trace(ns, opts):
    from minipy.viz import trace_html
    interp = _new_interp(ns, opts, capture=True)
    rec = trace_html.Recorder(interp, max_steps=ns.max_steps or trace_html.MAX_STEPS,
                              max_objects=ns.max_objects or trace_html.MAX_OBJECTS)
    rec.install()
    try:
        status = _run(interp, ns.file)
    finally:
        rec.uninstall()
    if status is None:
        return 2
    rec.finish(status)
    interp.finalize()
    rec.after_finalize()
    sys.stdout.write(interp.stdout_text())
    sys.stdout.flush()
    sys.stderr.write(interp.stderr_text())
    _write(ns.output, trace_html.render(rec, os.path.basename(ns.file)))
    sys.stderr.write("trace: wrote %s (%d step%s%s)\n" % (
        ns.output, len(rec.steps), "" if len(rec.steps) == 1 else "s",
        ", capped" if rec.capped else ""))
    return status
