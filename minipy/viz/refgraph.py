"""The reference graph: who refers to whom after a program has run.

``build(interp, roots, depth)`` walks from the globals of ``__main__`` (the
frame on the left; ``roots`` selects names) through the labelled references
of ``objinfo.children``: list and tuple items, dict entries, instance
attributes, closure cells, bound-method parts.  Every heap object reached is
a node labelled with its type, a short repr, its reference count and its
address; static objects (None, True, small ints, one-character strings)
live outside the heap, so they appear inline in reprs instead.  Classes,
functions' code, modules and built-ins are leaves.

Reference cycles -- strongly connected components of more than one node,
or a node referring to itself -- are drawn in red.  Garbage awaiting the
cycle collector is found the collector's own way (``deduce_unreachable``
over every tracked object: what only garbage refers to is garbage) and drawn
dashed and grey; it is shown when no ``roots`` are selected.

``to_dot`` writes Graphviz DOT; ``render_svg`` runs Graphviz's ``dot -Tsvg``
when it is installed and otherwise draws a simple layered layout itself.
"""

import shutil
import subprocess

from minipy.viz import objinfo
from minipy.viz.svg import esc

MAX_NODES = 300


class UnknownRoot(Exception):
    pass


class Node(object):
    __slots__ = ("addr", "obj", "type", "repr", "refcnt", "depth", "garbage", "cyclic",
                 "hidden")

    def __init__(self, obj, depth):
        self.addr = obj.ob_addr
        self.obj = obj
        self.type = obj.ob_type.name
        self.repr = objinfo.short_repr(obj, 40)
        self.refcnt = obj.ob_refcnt
        self.depth = depth
        self.garbage = False
        self.cyclic = False
        self.hidden = 0             # references not followed (depth or node limit)

    @property
    def id(self):
        return "o%x" % self.addr


class Graph(object):
    def __init__(self, frame_name):
        self.frame_name = frame_name
        self.roots = []             # (name, node id or None, inline repr)
        self.nodes = {}             # addr -> Node, in insertion order
        self.edges = []             # (src id, dst id, label, cyclic)
        self.notes = []

    def node_ids(self):
        return [n.id for n in self.nodes.values()]


def build(interp, roots=None, depth=None, max_nodes=MAX_NODES):
    """The Graph of what the globals of ``__main__`` (or ``roots``) reach."""
    d = interp.globals()
    names = []
    if d is not None:
        from minipy.objects.strobject import PyStr
        for hk, k in d.dk.items():
            if isinstance(k, PyStr):
                names.append((k.value, d.dv[hk]))
    if roots:
        have = dict(names)
        missing = [r for r in roots if r not in have]
        if missing:
            avail = ", ".join(n for n, _ in names if not n.startswith("__")) or "(none)"
            raise UnknownRoot("no global named %s; the globals are: %s" % (
                ", ".join(repr(m) for m in missing), avail))
        names = [(r, have[r]) for r in roots]
    else:
        names = [(n, v) for n, v in names if not (n.startswith("__") and n.endswith("__"))]
    g = Graph("__main__")
    queue = []
    limit_hit = [0]

    def add(obj, dep):
        n = g.nodes.get(obj.ob_addr)
        if n is not None and n.obj is obj:
            return n
        if len(g.nodes) >= max_nodes:
            limit_hit[0] += 1
            return None
        n = Node(obj, dep)
        g.nodes[obj.ob_addr] = n
        queue.append(n)
        return n

    for name, v in names:
        if objinfo.is_heap_object(v):
            n = add(v, 1)
            g.roots.append((name, n.id if n is not None else None, objinfo.short_repr(v, 24)))
        else:
            g.roots.append((name, None, objinfo.short_repr(v, 24)))
    _expand(g, queue, add, depth)
    if not roots:
        _add_garbage(g, add, queue, depth)
    _mark_cycles(g)
    if limit_hit[0]:
        g.notes.append("node limit of %d reached: %d more references not drawn"
                       % (max_nodes, limit_hit[0]))
    return g


def _expand(g, queue, add, depth):
    i = 0
    while i < len(queue):
        n = queue[i]
        i += 1
        kids = [(label, c) for label, c in objinfo.children(n.obj) if objinfo.is_heap_object(c)]
        if depth is not None and n.depth >= depth:
            n.hidden = len(kids)
            continue
        for label, c in kids:
            m = add(c, n.depth + 1)
            if m is None:
                n.hidden += 1
                continue
            g.edges.append([n.id, m.id, label, False])
    del queue[:]


def garbage_objects():
    """Objects only garbage refers to: the unreachable part of every tracked
    object plus what it alone keeps alive (the collector's deduce_unreachable)."""
    from minipy.gc import state as gcstate, collector
    st = gcstate.state
    tracked = [o for gen in range(3) for o in st.generations[gen].values()]
    _, unreachable = collector.deduce_unreachable(tracked)
    if not unreachable:
        return []
    # what the unreachable objects refer to may be garbage too (untracked
    # strs, ints...): run the deduction again over the closure
    seen = set(id(o) for o in tracked)
    extra = []
    work = list(unreachable)
    while work:
        o = work.pop()
        for r in collector.referents(o) if o.ob_type.is_gc else ():
            if id(r) not in seen and objinfo.is_heap_object(r):
                seen.add(id(r))
                extra.append(r)
                work.append(r)
    if extra:
        _, unreachable = collector.deduce_unreachable(tracked + extra)
    return unreachable


def _add_garbage(g, add, queue, depth):
    garbage = garbage_objects()
    if not garbage:
        return
    ids = set(id(o) for o in garbage)
    shown = 0
    for o in garbage:
        n = add(o, 1)
        if n is not None:
            shown += 1
    _expand(g, queue, add, depth)
    for n in g.nodes.values():
        if id(n.obj) in ids:
            n.garbage = True
    g.notes.append("%d object%s unreachable: garbage awaiting the cycle collector" % (
        len(garbage), "" if len(garbage) == 1 else "s"))


def _mark_cycles(g):
    """Tarjan's strongly connected components, iteratively."""
    succ = {}
    for e in g.edges:
        succ.setdefault(e[0], []).append(e[1])
    index = {}
    low = {}
    on_stack = set()
    stack = []
    comp_of = {}
    counter = [0]
    ncomp = 0
    for start in g.node_ids():
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter[0]
                counter[0] += 1
                stack.append(v)
                on_stack.add(v)
            kids = succ.get(v, ())
            recurse = False
            while i < len(kids):
                w = kids[i]
                i += 1
                if w not in index:
                    work.append((v, i))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                members = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp_of[w] = ncomp
                    members.append(w)
                    if w == v:
                        break
                if len(members) > 1:
                    for m in members:
                        comp_of[m] = ("cycle", ncomp)
                ncomp += 1
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    by_id = dict((n.id, n) for n in g.nodes.values())
    for e in g.edges:
        a, b = e[0], e[1]
        if a == b or (isinstance(comp_of.get(a), tuple) and comp_of.get(a) == comp_of.get(b)):
            e[3] = True
            by_id[a].cyclic = True
            by_id[b].cyclic = True


# ---------------------------------------------------------------------------
# DOT
# ---------------------------------------------------------------------------

def _dq(text):
    """A DOT double-quoted string body."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _html(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def node_label(n):
    lines = [n.type + (" (garbage)" if n.garbage else ""), n.repr,
             "refcount %d \u00b7 0x%x" % (n.refcnt, n.addr)]
    if n.hidden:
        lines.append("\u2026 %d more reference%s" % (n.hidden, "" if n.hidden == 1 else "s"))
    return "\n".join(lines)


def to_dot(g, title="reference graph"):
    out = ["digraph refgraph {"]
    notes = list(g.notes)
    legend = ("red: reference cycle \u00b7 grey dashed: garbage awaiting the collector\n"
              "refcount: every reference, from names, containers, frames and the runtime")
    label = "\n".join([title] + notes + [legend])
    out.append('  graph [rankdir=LR, fontname="Helvetica", fontsize=11, labelloc=t, '
               'nodesep=0.25, ranksep=0.6, label="%s"];' % _dq(label))
    out.append('  node [shape=box, style="rounded,filled", fillcolor="#f4f6fb", color="#5b6b8c", '
               'fontname="Helvetica", fontsize=9];')
    out.append('  edge [fontname="Helvetica", fontsize=8, color="#555555", arrowsize=0.6];')
    rows = ['<TR><TD BGCOLOR="#dfe6f3"><B>frame %s</B></TD></TR>' % _html(g.frame_name)]
    for i, (name, nid, rep) in enumerate(g.roots):
        text = _html(name) if nid else "%s = %s" % (_html(name), _html(rep))
        rows.append('<TR><TD PORT="r%d" ALIGN="LEFT">%s</TD></TR>' % (i, text))
    if not g.roots:
        rows.append("<TR><TD>(no globals)</TD></TR>")
    out.append('  frame [shape=plaintext, style="", label=<<TABLE BORDER="0" CELLBORDER="1" '
               'CELLSPACING="0" CELLPADDING="4">%s</TABLE>>];' % "".join(rows))
    for n in g.nodes.values():
        attrs = ['label="%s"' % _dq(node_label(n)), 'id="%s"' % n.id]
        classes = ["obj"]
        if n.garbage:
            attrs.append('style="rounded,dashed,filled", fillcolor="#eeeeee", color="#888888", '
                         'fontcolor="#555555"')
            classes.append("garbage")
        if n.cyclic:
            attrs.append('color="#d62728", penwidth=2')
            classes.append("cycle")
        attrs.append('class="%s"' % " ".join(classes))
        out.append("  %s [%s];" % (n.id, ", ".join(attrs)))
    for i, (name, nid, rep) in enumerate(g.roots):
        if nid:
            out.append('  frame:r%d -> %s [color="#3b5b9c"];' % (i, nid))
    for a, b, label, cyc in g.edges:
        attrs = []
        if label:
            attrs.append('label="%s"' % _dq(label))
        if cyc:
            attrs.append('color="#d62728", penwidth=1.6')
        out.append("  %s -> %s%s;" % (a, b, " [%s]" % ", ".join(attrs) if attrs else ""))
    out.append("}")
    return "\n".join(out) + "\n"


def graphviz_available():
    return shutil.which("dot") is not None


def render_svg(g, dot_text, title="reference graph"):
    """(svg text, how it was laid out)."""
    if graphviz_available():
        try:
            r = subprocess.run(["dot", "-Tsvg"], input=dot_text.encode("utf-8"),
                               capture_output=True, timeout=120)
            if r.returncode == 0 and r.stdout:
                return r.stdout.decode("utf-8"), "Graphviz dot"
        except (OSError, subprocess.SubprocessError):
            pass
    return builtin_svg(g, title), "built-in layout"


# ---------------------------------------------------------------------------
# The built-in layout: columns by distance from the frame
# ---------------------------------------------------------------------------

NODE_W = 190
NODE_H = 52
COL_GAP = 70
ROW_GAP = 16


def builtin_svg(g, title="reference graph"):
    cols = {}
    for n in g.nodes.values():
        c = n.depth if not n.garbage else None
        cols.setdefault(c, []).append(n)
    ordered = sorted(k for k in cols if k is not None)
    if None in cols:
        ordered.append(None)
    x0 = 20
    y0 = 50 + 16 * len(g.notes)
    frame_h = 26 + 20 * max(1, len(g.roots))
    frame_w = 170
    pos = {}
    col_x = x0 + frame_w + COL_GAP
    height = y0 + frame_h
    for k in ordered:
        y = y0
        for n in cols[k]:
            pos[n.id] = (col_x, y)
            y += NODE_H + ROW_GAP
        height = max(height, y)
        col_x += NODE_W + COL_GAP
    width = max(col_x, 600)
    height += 40
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="Helvetica, Arial, sans-serif">' % (width, height, width, height),
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
           'fill="#555555"/></marker><marker id="arrow-red" viewBox="0 0 10 10" refX="10" '
           'refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
           '<path d="M 0 0 L 10 5 L 0 10 z" fill="#d62728"/></marker></defs>',
           '<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>' % (width, height),
           '<text x="20" y="24" font-size="15" font-weight="bold">%s</text>' % esc(title)]
    for i, note in enumerate(g.notes):
        out.append('<text x="20" y="%d" font-size="11" fill="#555555">%s</text>' % (
            42 + 16 * i, esc(note)))
    # the frame
    out.append('<g class="node frame" id="frame"><title>frame</title>')
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="#ffffff" stroke="#5b6b8c"/>'
               % (x0, y0, frame_w, frame_h))
    out.append('<rect x="%d" y="%d" width="%d" height="22" fill="#dfe6f3" stroke="#5b6b8c"/>'
               % (x0, y0, frame_w))
    out.append('<text x="%d" y="%d" font-size="11" font-weight="bold">frame %s</text>' % (
        x0 + 8, y0 + 15, esc(g.frame_name)))
    root_pos = []
    for i, (name, nid, rep) in enumerate(g.roots):
        ry = y0 + 22 + 20 * i
        text = name if nid else "%s = %s" % (name, rep)
        out.append('<text x="%d" y="%d" font-size="11" font-family="monospace">%s</text>' % (
            x0 + 8, ry + 14, esc(text)))
        root_pos.append((x0 + frame_w, ry + 10, nid))
    out.append("</g>")
    # edges (under the nodes)
    out.append('<g class="edges">')
    for x, y, nid in root_pos:
        if nid and nid in pos:
            tx, ty = pos[nid]
            out.append(_edge(x, y, tx, ty + NODE_H / 2.0, "#3b5b9c", "arrow", None))
    for a, b, label, cyc in g.edges:
        if a not in pos or b not in pos:
            continue
        ax, ay = pos[a]
        bx, by = pos[b]
        color = "#d62728" if cyc else "#777777"
        marker = "arrow-red" if cyc else "arrow"
        if a == b:
            out.append('<path d="M %d %d C %d %d, %d %d, %d %d" fill="none" stroke="%s" '
                       'marker-end="url(#%s)"/>' % (
                           ax + NODE_W - 30, ay, ax + NODE_W + 10, ay - 30, ax + NODE_W + 30,
                           ay + 10, ax + NODE_W, ay + 14, color, marker))
            continue
        if bx > ax:
            out.append(_edge(ax + NODE_W, ay + NODE_H / 2.0, bx, by + NODE_H / 2.0, color,
                             marker, label))
        else:
            # a reference back to an earlier column: leave from the bottom
            out.append(_edge(ax + NODE_W / 2.0, ay + NODE_H, bx + NODE_W / 2.0, by + NODE_H,
                             color, marker, label, back=True))
    out.append("</g>")
    for n in g.nodes.values():
        x, y = pos[n.id]
        fill, stroke, dash, width_ = "#f4f6fb", "#5b6b8c", "", 1
        if n.garbage:
            fill, stroke, dash = "#eeeeee", "#888888", ' stroke-dasharray="5,3"'
        if n.cyclic:
            stroke, width_ = "#d62728", 2
        classes = "node" + (" garbage" if n.garbage else "") + (" cycle" if n.cyclic else "")
        out.append('<g class="%s" id="%s"><title>%s</title>' % (classes, n.id, n.id))
        out.append('<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="%s" '
                   'stroke-width="%d"%s/>' % (x, y, NODE_W, NODE_H, fill, stroke, width_, dash))
        for j, line in enumerate(node_label(n).split("\n")[:4]):
            out.append('<text x="%d" y="%d" font-size="%d" text-anchor="middle"%s>%s</text>' % (
                x + NODE_W / 2, y + 14 + 12 * j, 10 if j == 0 else 9,
                ' font-weight="bold"' if j == 0 else "", esc(line)))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edge(x1, y1, x2, y2, color, marker, label, back=False):
    if back:
        dy = 40
        d = "M %.1f %.1f C %.1f %.1f, %.1f %.1f, %.1f %.1f" % (
            x1, y1, x1, y1 + dy, x2, y2 + dy, x2, y2)
        mx, my = (x1 + x2) / 2.0, max(y1, y2) + dy * 0.75
    else:
        cx = (x1 + x2) / 2.0
        d = "M %.1f %.1f C %.1f %.1f, %.1f %.1f, %.1f %.1f" % (x1, y1, cx, y1, cx, y2, x2, y2)
        mx, my = cx, (y1 + y2) / 2.0
    s = '<path class="edge" d="%s" fill="none" stroke="%s" marker-end="url(#%s)"/>' % (
        d, color, marker)
    if label:
        s += '<text x="%.1f" y="%.1f" font-size="8" fill="#444444" text-anchor="middle">%s</text>' \
            % (mx, my - 2, esc(label))
    return s
