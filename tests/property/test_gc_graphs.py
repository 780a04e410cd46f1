"""Hypothesis: random object graphs built through the language, dropped, collected.

Each example builds instances with references between them (attributes and
lists, so cycles of every shape appear), keeps some as roots, drops the rest
and calls gc.collect().  Differential against python3: the same collect()
result and the same survivors.  Against the heap: exactly the objects
reachable from the roots are still alive, and the audit is clean.
"""

import os
import subprocess
import sys

from hypothesis import given, settings, strategies as st, HealthCheck

from minipy.api import Interpreter
from minipy.objects import core


@st.composite
def graphs(draw):
    n = draw(st.integers(2, 10))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                    st.sampled_from(["attr", "list"])), max_size=20))
    roots = draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True))
    return n, edges, roots


def program(n, edges, roots):
    lines = ["import gc", "gc.disable()", "gc.collect()",
             "class Node:", "    def __init__(self, i):", "        self.i = i",
             "        self.out = []",
             "nodes = [Node(i) for i in range(%d)]" % n]
    for k, (a, b, kind) in enumerate(edges):
        if kind == "attr":
            lines.append("nodes[%d].e%d = nodes[%d]" % (a, k, b))
        else:
            lines.append("nodes[%d].out.append(nodes[%d])" % (a, b))
    lines.append("roots = [nodes[i] for i in %r]" % (roots,))
    lines.append("del nodes")
    lines.append("print('collected', gc.collect())")
    lines.append("seen = set()")
    lines.append("todo = list(roots)")
    lines.append("while todo:")
    lines.append("    x = todo.pop()")
    lines.append("    if x.i in seen:")
    lines.append("        continue")
    lines.append("    seen.add(x.i)")
    lines.append("    todo.extend(x.out)")
    lines.append("    todo.extend(v for k, v in sorted(vars(x).items()) if k.startswith('e'))")
    lines.append("print('alive', sorted(seen))")
    return "\n".join(lines) + "\n"


def reachable(n, edges, roots):
    adj = {i: set() for i in range(n)}
    for a, b, _ in edges:
        adj[a].add(b)
    seen, todo = set(), list(roots)
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo.extend(adj[x])
    return seen


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_random_graphs_collect_like_cpython(tmp_path_factory, g):
    n, edges, roots = g
    src = program(n, edges, roots)
    path = tmp_path_factory.mktemp("g") / "graph.mpy"
    path.write_text(src)
    expected = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONHASHSEED="0"), timeout=60).stdout
    interp = Interpreter(capture=True)
    status = interp.run_file(str(path))
    assert status == 0, interp.stderr_text()
    assert interp.stdout_text() == expected
    # the heap agrees: only the nodes reachable from the roots are alive
    live_nodes = [o for o in core.live_objects().values() if o.ob_type.name == "Node"
                  and o.ob_type.is_heaptype]
    assert len(live_nodes) == len(reachable(n, edges, roots))
    report = interp.audit()
    assert report["mismatches"] == []
    assert report["orphan_blocks"] == []
    assert report["unreachable"] == 0      # no garbage left behind by the collection
