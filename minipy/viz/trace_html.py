"""``minipy trace FILE -o trace.html``: a step-through visualizer in one HTML file.

A ``Recorder`` watches the run through ``VM.set_trace``: before each
instruction it checks whether the current frame or line changed, and if so
records a *step*: the frame stack with each frame's locals and value stack
(name, short repr, refcount, address), the heap objects those reach (type,
repr, refcount, labelled references to other objects), the occupancy of every
arena's pools, the collections the cycle collector ran since the previous
step and how much output the program had written.  A last step shows the
globals when the program has finished.

``render`` writes one self-contained page (inline CSS, JS and data: no
network, no server) that steps forwards and backwards through them with
buttons, a slider, the arrow keys or the timeline.  Runs longer than
``MAX_STEPS`` steps and steps that reach more than ``MAX_OBJECTS`` objects are
cut there, and the page says so.

Recording only reads the interpreter: no minipy object is created and no
reference count changes, so the program runs exactly as it would untraced.
"""

import json

from minipy.objects import core
from minipy.viz import objinfo

MAX_STEPS = 2000
MAX_OBJECTS = 200


class Recorder(object):
    def __init__(self, interp, max_steps=MAX_STEPS, max_objects=MAX_OBJECTS):
        self.interp = interp
        self.vm = interp.vm
        self.max_steps = max_steps
        self.max_objects = max_objects
        self.steps = []
        self.capped = False
        self.skipped = 0                # line events after the cap
        self.objects_capped = 0         # steps whose heap pane was cut
        self.last_frame = None
        self.last_line = None
        self.files = []
        self.file_index = {}
        self.objects = []               # distinct object records
        self.object_index = {}
        self.strips = []                # distinct pool-occupancy strips
        self.strip_index = {}
        self.gc_events = []
        self.gc_seen = 0
        self.gil_events = []
        self.gil_seen = 0
        self.instructions = 0
        self.status = None
        self.geometry = interp.heap.geometry

    # -- hooks ---------------------------------------------------------------------

    def install(self):
        from minipy.gc import state as gcstate
        self.gc_seen = len(gcstate.state.log)
        self.gil_seen = self._gil_switches()
        self.vm.set_trace(self.hook)

    def uninstall(self):
        self.vm.set_trace(None)

    def hook(self, vm, f):
        self.instructions += 1
        code = f.code
        i = f.pc - 1
        lines = code.co_lines
        line = lines[i] if 0 <= i < len(lines) else code.co_firstlineno
        if f is self.last_frame and line == self.last_line:
            return
        self.last_frame = f
        self.last_line = line
        if len(self.steps) >= self.max_steps:
            self.capped = True
            self.skipped += 1
            return
        self.record(f, line)

    def finish(self, status):
        """The program has returned: a last step with its globals."""
        self.status = status
        self.last_frame = None
        d = self.interp.globals()
        frames = []
        if d is not None:
            frames.append({"n": "<module> (finished)", "f": self._file(self._main_file()),
                           "l": 0, "v": self._vars(self._dict_items(d)), "s": []})
        roots = [v for _, v in self._dict_items(d)] if d is not None else []
        self._append_step(frames, roots, self._main_file(), 0, note="program finished "
                          "(exit status %s)" % status)

    def after_finalize(self):
        """Collections run at interpreter exit belong to the last step."""
        self._collect_gc(len(self.steps) - 1)

    # -- recording ----------------------------------------------------------------------

    def _main_file(self):
        m = self.interp.main
        if m is not None:
            f = m.dict.dv.get("__file__")
            if f is not None and hasattr(f, "value"):
                return f.value
        return self.files[0] if self.files else "<main>"

    def _file(self, name):
        i = self.file_index.get(name)
        if i is None:
            i = len(self.files)
            self.files.append(name)
            self.file_index[name] = i
        return i

    @staticmethod
    def _dict_items(d):
        out = []
        for hk, k in d.dk.items():
            name = k.value if hasattr(k, "value") and isinstance(k.value, str) else str(hk)
            if name.startswith("__") and name.endswith("__"):
                continue
            out.append((name, d.dv[hk]))
        return out

    def _vars(self, pairs):
        out = []
        for name, v in pairs:
            heap = objinfo.is_heap_object(v)
            out.append([name, objinfo.short_repr(v, 40), v.ob_refcnt if heap else None,
                        "0x%x" % v.ob_addr if heap else "", v.ob_type.name])
        return out

    def record(self, f, line):
        chain = []
        x = f
        while x is not None:
            chain.append(x)
            x = x.back
        chain.reverse()
        frames = []
        roots = []
        for fr in chain:
            pairs = objinfo.frame_locals(fr)
            stack = [o for o in fr.stack if o is not None and hasattr(o, "ob_type")]
            frames.append({"n": fr.code.co_name, "f": self._file(fr.code.co_filename),
                           "l": objinfo.frame_lineno(fr) if fr is not f else line,
                           "v": self._vars(pairs),
                           "s": self._vars([("", o) for o in stack])})
        # the innermost frame's objects first, so they survive the cap
        for fr in reversed(chain):
            roots.extend(v for _, v in objinfo.frame_locals(fr))
            roots.extend(o for o in fr.stack if o is not None and hasattr(o, "ob_type"))
        self._append_step(frames, roots, f.code.co_filename, line)

    def _append_step(self, frames, roots, filename, line, note=None):
        idx = len(self.steps)
        self._collect_gc(idx)
        self._collect_gil(idx)
        objs, cut = self._objects(roots)
        if cut:
            self.objects_capped += 1
        out = self.interp._out
        step = {"file": self._file(filename), "line": line, "frames": frames, "objs": objs,
                "thread": getattr(self.vm.ts, "name", "MainThread"),
                "strip": self._strip(), "out": out.tell() if out is not None else 0,
                "err": self.interp._err.tell() if self.interp._err is not None else 0,
                "ins": self.instructions}
        if cut:
            step["cut"] = cut
        if note:
            step["note"] = note
        self.steps.append(step)

    def _gil_switches(self):
        return getattr(getattr(self.vm, "gil", None), "switches", 0) or 0

    def _collect_gil(self, idx):
        n = self._gil_switches()
        if n != self.gil_seen:
            ts = self.vm.ts
            self.gil_events.append({"step": max(0, idx), "switches": n - self.gil_seen,
                                    "thread": getattr(ts, "name", "?")})
            self.gil_seen = n

    def _collect_gc(self, idx):
        from minipy.gc import state as gcstate
        log = gcstate.state.log
        while self.gc_seen < len(log):
            r = log[self.gc_seen]
            self.gc_seen += 1
            self.gc_events.append({"step": max(0, idx), "gen": r[0], "examined": r[1],
                                   "collected": r[2], "uncollectable": r[3],
                                   "time": round(r[4], 6), "reason": r[5]})

    def _objects(self, roots):
        """Indices of the object records reachable from ``roots`` (BFS, capped)."""
        seen = set()
        order = []
        queue = [o for o in roots if objinfo.is_heap_object(o)]
        cut = 0
        i = 0
        while i < len(queue):
            o = queue[i]
            i += 1
            if id(o) in seen:
                continue
            if len(order) >= self.max_objects:
                cut += 1
                continue
            seen.add(id(o))
            refs = []
            for label, c in objinfo.children(o):
                if objinfo.is_heap_object(c):
                    refs.append([label, "0x%x" % c.ob_addr, ""])
                    if id(c) not in seen:
                        queue.append(c)
                else:
                    refs.append([label, "", objinfo.short_repr(c, 24)])
            rec = ["0x%x" % o.ob_addr, o.ob_type.name, objinfo.short_repr(o, 60), o.ob_refcnt,
                   refs]
            key = json.dumps(rec, separators=(",", ":"))
            k = self.object_index.get(key)
            if k is None:
                k = len(self.objects)
                self.objects.append(rec)
                self.object_index[key] = k
            order.append(k)
        return order, cut

    def _strip(self):
        heap = self.interp.heap
        g = self.geometry
        arenas = []
        for ao in heap.iter_arenas():
            pools = []
            for p in ao.pools:
                cap = g.blocks_per_pool[p.szidx] if p.size else 0
                pools.append([p.szidx if p.size else -1, p.ref_count, cap])
            arenas.append([ao.index, ao.ntotalpools, pools])
        key = json.dumps(arenas, separators=(",", ":"))
        k = self.strip_index.get(key)
        if k is None:
            k = len(self.strips)
            self.strips.append(arenas)
            self.strip_index[key] = k
        return k

    # -- output ---------------------------------------------------------------------------

    def data(self, title):
        sources = self.interp.sources
        out = self.interp._out
        err = self.interp._err
        notices = []
        if self.capped:
            notices.append("Recording stopped after %d steps; the program went on for %d more "
                           "line changes that are not shown (minipy trace --max-steps N records "
                           "more)." % (self.max_steps, self.skipped))
        if self.objects_capped:
            notices.append("%d step%s reach more than %d heap objects; only the first %d "
                           "(nearest the innermost frame) are listed." % (
                               self.objects_capped, "" if self.objects_capped == 1 else "s",
                               self.max_objects, self.max_objects))
        return {
            "title": title,
            "files": [{"name": f, "source": sources.get(f, "")} for f in self.files],
            "steps": self.steps,
            "objects": self.objects,
            "strips": self.strips,
            "gc": self.gc_events,
            "gil": self.gil_events,
            "output": out.getvalue() if out is not None else "",
            "stderr": err.getvalue() if err is not None else "",
            "notices": notices,
            "status": self.status,
            "instructions": self.instructions,
            "geometry": {"name": self.geometry.name, "nclasses": self.geometry.num_size_classes,
                         "alignment": self.geometry.alignment,
                         "pools_per_arena": self.geometry.pools_per_arena},
            "max_steps": self.max_steps,
            "max_objects": self.max_objects,
        }


def render(rec, title):
    data = json.dumps(rec.data(title), separators=(",", ":"), ensure_ascii=True)
    data = data.replace("</", "<\\/")
    return (PAGE.replace("@@TITLE@@", _esc(title))
            .replace("@@CSS@@", CSS).replace("@@JS@@", JS).replace("@@DATA@@", data))


def _esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>minipy trace: @@TITLE@@</title>
<style>@@CSS@@</style>
</head>
<body>
<header>
  <h1>minipy trace: <span id="title">@@TITLE@@</span></h1>
  <div id="controls">
    <button id="first" title="first step (Home)">&#124;&#9664; first</button>
    <button id="prev" title="previous step (left arrow)">&#9664; prev</button>
    <span id="step-label">step 0 / 0</span>
    <button id="next" title="next step (right arrow)">next &#9654;</button>
    <button id="last" title="last step (End)">last &#9654;&#124;</button>
    <input type="range" id="slider" min="0" max="0" value="0" aria-label="step">
    <span id="where"></span>
  </div>
  <div id="notices"></div>
</header>
<main>
  <section id="source-pane"><h2>source <span id="file-name"></span></h2><div id="source"></div></section>
  <section id="frames-pane"><h2>frames <small>(innermost first)</small></h2><div id="frames"></div></section>
  <section id="heap-pane"><h2>heap objects <small id="heap-count"></small></h2><div id="heap"></div></section>
</main>
<section id="pools-pane"><h2>arenas and pools <small>(colour: size class; filled part: blocks in use)</small></h2><div id="pools"></div></section>
<section id="timeline-pane"><h2>timeline</h2><div id="timeline"></div><div id="events"></div></section>
<section id="output-pane"><h2>output</h2><pre id="output"></pre></section>
<script id="trace-data" type="application/json">@@DATA@@</script>
<script>@@JS@@</script>
</body>
</html>
"""

CSS = """
* { box-sizing: border-box; }
body { font: 13px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid #ddd; padding: 8px 14px; }
h1 { font-size: 17px; margin: 0 0 6px 0; }
h2 { font-size: 13px; margin: 0 0 6px 0; color: #444; }
h2 small { font-weight: normal; color: #777; }
#controls { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
#controls button { font-size: 13px; padding: 3px 10px; cursor: pointer; }
#slider { width: 320px; }
#step-label { font-variant-numeric: tabular-nums; min-width: 120px; text-align: center; }
#where { color: #555; font-family: monospace; }
#notices .notice { background: #fff4d6; border: 1px solid #e0b84c; padding: 4px 8px; margin-top: 6px; border-radius: 3px; }
main { display: grid; grid-template-columns: minmax(300px, 1.1fr) minmax(260px, 0.9fr) minmax(320px, 1.2fr); gap: 10px; padding: 10px 14px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 8px; min-width: 0; }
body > section { margin: 0 14px 10px 14px; }
#source { font-family: Menlo, Consolas, monospace; font-size: 12px; max-height: 60vh; overflow: auto; }
#source .line { white-space: pre; padding: 0 4px; }
#source .line .ln { display: inline-block; width: 3.2em; color: #999; text-align: right; margin-right: 8px; user-select: none; }
#source .line.current { background: #ffe58a; }
#source .line.caller { background: #eef3ff; }
#frames, #heap { max-height: 60vh; overflow: auto; }
.frame { border: 1px solid #ccd; border-radius: 3px; margin-bottom: 8px; }
.frame-head { background: #e8edf8; padding: 2px 6px; font-weight: bold; }
.frame.innermost .frame-head { background: #ffe58a; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 1px 6px; border-bottom: 1px solid #eee; vertical-align: top; text-align: left; }
th { font-weight: 600; color: #555; background: #f6f6f6; }
td.name { font-family: monospace; white-space: nowrap; }
td.repr { font-family: monospace; overflow-wrap: anywhere; }
td.repr a.ref { white-space: normal; }
#heap td.repr { min-width: 12em; }
td.rc { white-space: nowrap; color: #333; font-variant-numeric: tabular-nums; }
td.addr { font-family: monospace; white-space: nowrap; color: #666; }
tr.stackrow td { color: #666; font-style: italic; }
a.ref { font-family: monospace; color: #2451a6; text-decoration: none; white-space: nowrap; }
a.ref:hover { text-decoration: underline; }
.inline { font-family: monospace; color: #666; white-space: nowrap; }
tr.hl td { background: #dff0d8; }
tr.new td.addr { color: #1a7f37; font-weight: bold; }
.empty { color: #888; font-style: italic; }
#pools svg, #timeline svg { display: block; }
#events { font-size: 12px; color: #444; margin-top: 4px; }
#output { max-height: 22vh; overflow: auto; margin: 0; font-size: 12px; background: #f6f6f6; padding: 6px; }
#output .err { color: #b22222; }
"""

JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("trace-data").textContent);
  var N = D.steps.length;
  var cur = 0;
  var $ = function (id) { return document.getElementById(id); };
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  var srcLines = D.files.map(function (f) { return f.source.split("\n"); });

  function classColor(szidx, light) {
    var n = D.geometry.nclasses;
    var t = Math.log(szidx + 1) / Math.log(Math.max(2, n));
    var hue = ((0.75 - 0.75 * t) % 1 + 1) % 1 * 360;
    if (light) return "hsl(" + hue.toFixed(0) + ",55%,90%)";
    return "hsl(" + hue.toFixed(0) + ",70%," + (szidx % 2 ? "40%" : "52%") + ")";
  }

  // ---- panes ---------------------------------------------------------------------
  var shownFile = -1;
  function renderSource(step) {
    var fi = step.file;
    if (fi !== shownFile) {
      var lines = srcLines[fi] || [];
      var html = [];
      for (var i = 0; i < lines.length; i++) {
        html.push('<div class="line" data-line="' + (i + 1) + '"><span class="ln">' + (i + 1) +
                  '</span>' + esc(lines[i]) + '</div>');
      }
      $("source").innerHTML = html.join("");
      $("file-name").textContent = D.files[fi] ? D.files[fi].name : "";
      shownFile = fi;
    }
    var old = $("source").querySelectorAll(".line.current, .line.caller");
    for (var k = 0; k < old.length; k++) old[k].classList.remove("current", "caller");
    step.frames.forEach(function (fr, j) {
      if (fr.f !== fi || !fr.l) return;
      var el = $("source").querySelector('.line[data-line="' + fr.l + '"]');
      if (el) el.classList.add(j === step.frames.length - 1 ? "current" : "caller");
    });
    var here = $("source").querySelector('.line[data-line="' + step.line + '"]');
    if (here) {
      here.classList.remove("caller");
      here.classList.add("current");
      var box = $("source");
      if (here.offsetTop < box.scrollTop || here.offsetTop > box.scrollTop + box.clientHeight - 20)
        box.scrollTop = Math.max(0, here.offsetTop - box.clientHeight / 3);
    }
  }

  function refLink(addr, text) {
    return '<a class="ref" href="#obj-' + addr + '" data-target="' + addr + '">' + esc(text) + '</a>';
  }

  function varRows(vars, cls) {
    return vars.map(function (v) {
      var name = v[0], repr = v[1], rc = v[2], addr = v[3];
      return '<tr class="' + cls + '" data-name="' + esc(name) + '" data-addr="' + addr +
        '" data-rc="' + (rc === null ? "" : rc) + '"><td class="name">' + esc(name || "\u00b7") +
        '</td><td class="repr">' + (addr ? refLink(addr, repr) : esc(repr)) + '</td><td class="rc">' +
        (rc === null ? '<span class="inline">static</span>' : "refcount " + rc) + '</td></tr>';
    }).join("");
  }

  function renderFrames(step) {
    var html = [];
    for (var i = step.frames.length - 1; i >= 0; i--) {
      var fr = step.frames[i];
      var where = (D.files[fr.f] ? D.files[fr.f].name.split("/").pop() : "?") + (fr.l ? ":" + fr.l : "");
      html.push('<div class="frame' + (i === step.frames.length - 1 ? " innermost" : "") +
                '" data-frame="' + esc(fr.n) + '"><div class="frame-head">' + esc(fr.n) +
                ' <small>' + esc(where) + '</small></div><table>');
      var rows = varRows(fr.v, "local");
      if (fr.s.length) rows += varRows(fr.s, "stackrow");
      html.push(rows || '<tr><td class="empty">no locals</td></tr>');
      html.push("</table></div>");
    }
    if (!step.frames.length) html.push('<p class="empty">no frame</p>');
    $("frames").innerHTML = html.join("");
  }

  function renderHeap(step, prev) {
    var before = {};
    if (prev) prev.objs.forEach(function (k) { before[D.objects[k][0]] = true; });
    var html = ['<table><tr><th>address</th><th>type</th><th>value</th><th>refcount</th><th>references</th></tr>'];
    step.objs.forEach(function (k) {
      var o = D.objects[k];
      var refs = o[4].map(function (r) {
        var label = r[0] ? r[0] + " \u2192 " : "\u2192 ";
        return r[1] ? refLink(r[1], label + r[1]) : '<span class="inline">' + esc(label + r[2]) + '</span>';
      }).join("<br>");
      html.push('<tr id="obj-' + o[0] + '" data-addr="' + o[0] + '" data-type="' + esc(o[1]) +
                '" data-rc="' + o[3] + '" class="' + (prev && !before[o[0]] ? "new" : "") +
                '"><td class="addr">' + o[0] + '</td><td>' + esc(o[1]) + '</td><td class="repr">' +
                esc(o[2]) + '</td><td class="rc">' + o[3] + '</td><td>' + refs + '</td></tr>');
    });
    html.push("</table>");
    if (!step.objs.length) html = ['<p class="empty">no heap object is reachable from the frames</p>'];
    if (step.cut) html.push('<p class="notice">' + step.cut + ' more objects not listed (limit ' + D.max_objects + ')</p>');
    $("heap").innerHTML = html.join("");
    $("heap-count").textContent = "(" + step.objs.length + " reachable from the frames)";
  }

  function renderPools(step) {
    var arenas = D.strips[step.strip];
    var cw = 9, ch = 16, gap = 1, lw = 70, ppa = D.geometry.pools_per_arena;
    var w = lw + ppa * (cw + gap) + 10, h = Math.max(1, arenas.length) * (ch + 4) + 4;
    var s = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '">'];
    arenas.forEach(function (a, row) {
      var y = 2 + row * (ch + 4);
      s.push('<g class="arena"><text x="0" y="' + (y + 12) + '" font-size="11">arena #' + a[0] + '</text>');
      a[2].forEach(function (p, k) {
        var x = lw + k * (cw + gap);
        var t = p[0] < 0 || p[1] === 0 ? "empty pool" : (p[1] + "/" + p[2] + " blocks of class " + p[0] + " (" + (p[0] + 1) * D.geometry.alignment + " B)");
        if (p[0] < 0 || p[1] === 0) {
          s.push('<rect class="pool" x="' + x + '" y="' + y + '" width="' + cw + '" height="' + ch + '" fill="#fff" stroke="#aaa" stroke-dasharray="2,2"><title>' + t + '</title></rect>');
        } else {
          var fh = Math.max(1, Math.round(ch * p[1] / (p[2] || 1)));
          s.push('<rect class="pool" x="' + x + '" y="' + y + '" width="' + cw + '" height="' + ch + '" fill="' + classColor(p[0], true) + '" stroke="' + classColor(p[0]) + '"><title>' + t + '</title></rect>');
          s.push('<rect x="' + x + '" y="' + (y + ch - fh) + '" width="' + cw + '" height="' + fh + '" fill="' + classColor(p[0]) + '" pointer-events="none"/>');
        }
      });
      for (var k = a[2].length; k < a[1]; k++) {
        s.push('<rect x="' + (lw + k * (cw + gap)) + '" y="' + (y + 5) + '" width="' + cw + '" height="' + (ch - 10) + '" fill="#eee"/>');
      }
      s.push("</g>");
    });
    s.push("</svg>");
    $("pools").innerHTML = arenas.length ? s.join("") : '<p class="empty">no arena mapped</p>';
  }

  var TL_W = 900;
  function renderTimelineFrame() {
    var lw = 60, w = TL_W, row = 18;
    var s = ['<svg id="timeline-svg" xmlns="http://www.w3.org/2000/svg" width="' + (lw + w + 10) + '" height="' + (row * 3 + 8) + '">'];
    var labels = ["steps", "gc", "GIL"];
    labels.forEach(function (l, i) {
      s.push('<text x="0" y="' + (i * row + 14) + '" font-size="11" fill="#555">' + l + '</text>');
      s.push('<rect x="' + lw + '" y="' + (i * row + 3) + '" width="' + w + '" height="' + (row - 6) + '" fill="#f2f2f2"/>');
    });
    // line changes: a tick per step, coloured by file
    var step = Math.max(1, Math.floor(N / w));
    for (var i = 0; i < N; i += step) {
      var x = lw + (N > 1 ? i / (N - 1) : 0) * w;
      s.push('<rect x="' + x.toFixed(1) + '" y="4" width="1" height="10" fill="#9fb3d9"/>');
    }
    D.gc.forEach(function (e) {
      var x = lw + (N > 1 ? e.step / (N - 1) : 0) * w;
      s.push('<rect class="gc-mark" x="' + (x - 2).toFixed(1) + '" y="' + (row + 2) + '" width="5" height="' + (row - 4) +
             '" fill="' + ["#2ca02c", "#ff7f0e", "#d62728"][e.gen] + '"><title>generation ' + e.gen + ' collection (' + e.reason +
             '): ' + e.collected + ' collected, ' + e.examined + ' examined, ' + (e.time * 1000).toFixed(2) + ' ms</title></rect>');
    });
    D.gil.forEach(function (e) {
      var x = lw + (N > 1 ? e.step / (N - 1) : 0) * w;
      s.push('<rect class="gil-mark" x="' + (x - 1).toFixed(1) + '" y="' + (2 * row + 2) + '" width="3" height="' + (row - 4) +
             '" fill="#9467bd"><title>GIL switch to ' + esc(e.thread) + '</title></rect>');
    });
    if (!D.gil.length)
      s.push('<text x="' + (lw + 6) + '" y="' + (2 * row + 13) + '" font-size="10" fill="#888">' +
             'no GIL events: the run used one thread</text>');
    s.push('<rect id="tl-cursor" x="' + lw + '" y="0" width="2" height="' + (row * 3) + '" fill="#d62728"/>');
    s.push("</svg>");
    $("timeline").innerHTML = s.join("");
    $("timeline-svg").addEventListener("click", function (ev) {
      var r = this.getBoundingClientRect();
      var frac = (ev.clientX - r.left - lw) / w;
      if (frac < 0 || frac > 1) return;
      go(Math.round(frac * (N - 1)));
    });
  }

  function renderTimelineCursor() {
    var c = $("tl-cursor");
    if (c) c.setAttribute("x", (60 + (N > 1 ? cur / (N - 1) : 0) * TL_W - 1).toFixed(1));
    var ev = D.gc.filter(function (e) { return e.step === cur; });
    var total = D.gc.length;
    var text = total + " collection" + (total === 1 ? "" : "s") + " during the run";
    if (ev.length) {
      text += "; before this step: " + ev.map(function (e) {
        return "generation " + e.gen + " (" + e.reason + ", " + e.collected + " collected)";
      }).join(", ");
    }
    $("events").textContent = text;
  }

  function renderOutput(step) {
    var out = D.output.slice(0, step.out);
    var err = D.stderr.slice(0, step.err);
    $("output").innerHTML = esc(out) + (err ? '<span class="err">' + esc(err) + "</span>" : "");
    $("output").scrollTop = $("output").scrollHeight;
  }

  function go(i) {
    if (!N) return;
    var prev = D.steps[cur];
    cur = Math.max(0, Math.min(N - 1, i));
    var step = D.steps[cur];
    $("step-label").textContent = "step " + (cur + 1) + " / " + N;
    $("slider").value = cur;
    var name = D.files[step.file] ? D.files[step.file].name.split("/").pop() : "?";
    $("where").textContent = step.note ? step.note : name + ":" + step.line + "  (" + step.ins + " instructions" +
      (step.thread && step.thread !== "MainThread" ? ", thread " + step.thread : "") + ")";
    renderSource(step);
    renderFrames(step);
    renderHeap(step, prev !== step ? prev : null);
    renderPools(step);
    renderTimelineCursor();
    renderOutput(step);
    $("prev").disabled = cur === 0;
    $("first").disabled = cur === 0;
    $("next").disabled = cur === N - 1;
    $("last").disabled = cur === N - 1;
    if (history.replaceState) history.replaceState(null, "", "#step=" + (cur + 1));
  }

  // ---- wiring ------------------------------------------------------------------------
  $("first").addEventListener("click", function () { go(0); });
  $("prev").addEventListener("click", function () { go(cur - 1); });
  $("next").addEventListener("click", function () { go(cur + 1); });
  $("last").addEventListener("click", function () { go(N - 1); });
  $("slider").max = Math.max(0, N - 1);
  $("slider").addEventListener("input", function () { go(parseInt(this.value, 10)); });
  document.addEventListener("keydown", function (ev) {
    if (ev.target && ev.target.id === "slider") return;
    if (ev.key === "ArrowRight") { go(cur + 1); ev.preventDefault(); }
    else if (ev.key === "ArrowLeft") { go(cur - 1); ev.preventDefault(); }
    else if (ev.key === "Home") { go(0); ev.preventDefault(); }
    else if (ev.key === "End") { go(N - 1); ev.preventDefault(); }
  });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a.ref") : null;
    if (!a) return;
    ev.preventDefault();
    var old = document.querySelectorAll("tr.hl");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("hl");
    var row = document.getElementById("obj-" + a.getAttribute("data-target"));
    if (row) { row.classList.add("hl"); row.scrollIntoView({block: "nearest"}); }
  });
  D.notices.forEach(function (n) {
    var d = document.createElement("div");
    d.className = "notice";
    d.textContent = n;
    $("notices").appendChild(d);
  });
  renderTimelineFrame();
  var m = /step=(\d+)/.exec(location.hash || "");
  go(m ? parseInt(m[1], 10) - 1 : 0);
  window.minipyTrace = { go: go, current: function () { return cur; }, steps: N };
})();
"""
