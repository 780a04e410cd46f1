"""The reference graph (minipy refgraph): nodes are exactly the heap objects
reachable from the roots, labelled with their true refcounts; cycles and
garbage are marked; DOT, Graphviz SVG and the built-in SVG layout agree."""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from minipy.api import Interpreter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")
SVG = "{http://www.w3.org/2000/svg}"

PROGRAM = """\
class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None

a = Node("alpha")
b = Node("beta")
a.peer = b
b.peer = a
items = [a, 1000, 7]
table = {"items": items, "pair": (2.5, "two words")}
count = 3
"""

# every heap object the globals reach (7, 3 and the one-char strs are static)
EXPECTED = [
    ("type", "<class 'Node'>"),
    ("Node", "<Node name='alpha' peer=<Node>>"),
    ("Node", "<Node name='beta' peer=<Node>>"),
    ("str", "'alpha'"), ("str", "'beta'"),
    ("list", "[<Node>, 1000, 7]"),
    ("int", "1000"),
    ("dict", "{'items': […], 'pair': (…)}"),
    ("tuple", "(2.5, 'two words')"),
    ("float", "2.5"), ("str", "'two words'"),
]


def minipy(*args, env=None):
    return subprocess.run([sys.executable, "-m", "minipy"] + list(args), capture_output=True,
                          text=True, env=env or ENV, timeout=300)


def build(source, **kw):
    from minipy.viz import refgraph
    interp = Interpreter(capture=True)
    assert interp.run_source(source, "/virtual/prog.mpy") == 0, interp.stderr_text()
    return interp, refgraph.build(interp, **kw)


def svg_object_nodes(root):
    """Object nodes of an SVG from Graphviz or the built-in layout: <g class="node">
    whose <title> is the node id (o + address)."""
    out = []
    for g in root.iter(SVG + "g"):
        if "node" in (g.get("class") or "").split():
            t = g.find(SVG + "title")
            if t is not None and re.match(r"^o[0-9a-f]+$", t.text or ""):
                out.append(t.text)
    return out


def test_nodes_are_the_objects_reachable_from_the_roots():
    interp, g = build(PROGRAM)
    got = sorted((n.type, n.repr) for n in g.nodes.values())
    assert got == sorted(EXPECTED)
    assert len(g.nodes) == len(EXPECTED) == 11
    # labels carry the true refcounts and addresses
    for n in g.nodes.values():
        assert n.refcnt == n.obj.ob_refcnt
        assert n.id == "o%x" % n.obj.ob_addr
    by_repr = {(n.type, n.repr): n for n in g.nodes.values()}
    assert by_repr[("list", "[<Node>, 1000, 7]")].refcnt == 2     # items, table
    # the frame's names, with statics inline
    roots = {name: (nid, rep) for name, nid, rep in g.roots}
    assert set(roots) == {"Node", "a", "b", "items", "table", "count"}
    assert roots["count"] == (None, "3")
    # edges carry the reference's label
    labels = sorted(label for _, _, label, _ in g.edges)
    assert labels.count(".peer") == 2 and "[0]" in labels and "'items'" in labels
    interp.finalize()


def test_cycles_and_garbage_are_marked():
    interp, g = build(PROGRAM + "c = Node('gamma')\nd = Node('delta')\nc.peer = d\n"
                      "d.peer = c\ndel c, d\nself_ref = []\nself_ref.append(self_ref)\n")
    cyclic = sorted(n.repr for n in g.nodes.values() if n.cyclic and not n.garbage)
    assert cyclic == ["<Node name='alpha' peer=<Node>>", "<Node name='beta' peer=<Node>>",
                      "[[…]]"]
    garbage = [n for n in g.nodes.values() if n.garbage]
    assert sorted(n.type for n in garbage) == ["Node", "Node"]
    assert all(n.cyclic for n in garbage)
    assert any("garbage awaiting the cycle collector" in note for note in g.notes)
    # the collector agrees: a full collection frees exactly those two (+ their dicts)
    import minipy.viz.refgraph as rg
    assert len(rg.garbage_objects()) == 2
    interp.finalize()


def test_roots_and_depth():
    interp, g = build(PROGRAM, roots=["items"], depth=1)
    assert [n.repr for n in g.nodes.values()] == ["[<Node>, 1000, 7]"]
    (n,) = g.nodes.values()
    assert n.hidden == 2                        # a and 1000 not followed (7 is static)
    interp.finalize()
    interp, g = build(PROGRAM, roots=["items"], depth=2)
    assert sorted(n.type for n in g.nodes.values()) == ["Node", "int", "list"]
    interp.finalize()
    interp, g = build(PROGRAM, roots=["items", "count"])
    # items reaches a, b (through a.peer), their names, 1000 -- and no garbage pass
    assert len(g.nodes) == 6
    interp.finalize()


def test_dot_and_both_svg_layouts_have_one_node_per_object():
    from minipy.viz import refgraph
    interp, g = build(PROGRAM + "weird = '<b> & \"quotes\" \\\\ back'\n")
    dot = refgraph.to_dot(g, "test")
    ids = set(g.node_ids())
    assert set(re.findall(r"^  (o[0-9a-f]+) \[", dot, re.M)) == ids
    assert "frame [shape=plaintext" in dot
    own = ET.fromstring(refgraph.builtin_svg(g, "test").encode("utf-8"))
    assert sorted(svg_object_nodes(own)) == sorted(ids)
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (apt-get install graphviz)")
    text, how = refgraph.render_svg(g, dot, "test")
    assert how == "Graphviz dot"
    root = ET.fromstring(text.encode("utf-8"))
    assert sorted(svg_object_nodes(root)) == sorted(ids)
    assert "&lt;b&gt; &amp;" in text
    interp.finalize()


def test_cli_refgraph_svg_dot_and_errors(tmp_path):
    prog = tmp_path / "g.mpy"
    prog.write_text(PROGRAM)
    out = tmp_path / "g.dot"
    r = minipy("refgraph", str(prog), "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert text.startswith("digraph refgraph {") and len(re.findall(r"^  o[0-9a-f]+ \[", text,
                                                                    re.M)) == 11
    r = minipy("refgraph", str(prog), "-o", str(tmp_path / "g.svg"), "--roots", "a,count",
               "--depth", "2")
    assert r.returncode == 0, r.stderr
    root = ET.parse(str(tmp_path / "g.svg")).getroot()
    assert len(svg_object_nodes(root)) == 3      # a, its name and b (depth 2)
    r = minipy("refgraph", str(prog), "-o", str(tmp_path / "x.svg"), "--roots", "nope")
    assert r.returncode == 2
    assert "no global named 'nope'" in r.stderr and "items" in r.stderr


def test_cli_refgraph_without_graphviz_uses_the_builtin_layout(tmp_path):
    prog = tmp_path / "g.mpy"
    prog.write_text(PROGRAM)
    out = tmp_path / "g.svg"
    env = dict(ENV, PATH=str(tmp_path))          # no dot on the PATH
    r = minipy("refgraph", str(prog), "-o", str(out), env=env)
    assert r.returncode == 0, r.stderr
    assert "built-in layout" in r.stderr and "apt-get install graphviz" in r.stderr
    root = ET.parse(str(out)).getroot()
    assert len(svg_object_nodes(root)) == 11
