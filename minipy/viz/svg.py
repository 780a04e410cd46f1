"""The heap map: the simulated obmalloc heap drawn as an SVG that minipy
writes itself (plain XML strings, every text escaped).

``capture(heap, label)`` freezes the state of a heap into host data (so a
program can take several snapshots while it runs); ``render(states)`` draws
them, one section per state, stacked top to bottom in a single SVG:

* one row per live arena (``<g class="arena">``), one cell per carved pool
  (``<rect class="pool">``) coloured by size class, with a bar showing how
  full it is (blocks in use / blocks per pool); empty pools (on the arena's
  free list) are white with a dashed border, pools never carved are grey;
* arenas that were released (munmap'd) and not mapped again, as dashed rows;
* the raw allocations (requests of 0 or more than 512 bytes) in a column
  beside them, with their size and owner;
* totals, and a legend of the size classes present.

Every cell has a ``<title>`` (a tooltip in browsers) listing the pool's
address, class, occupancy and the types of the objects in it.
"""

import colorsys
import math

from minipy.objects import core

CELL_W = 12
CELL_H = 26
CELL_GAP = 2
LABEL_W = 200
MARGIN = 20
RAW_W = 330
ROW_GAP = 8
RAW_ROW = 15
MAX_RAW_ROWS = 30
MAX_SNAPSHOTS = 20


def esc(text):
    """Escape text for XML character data and double-quoted attributes."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def fmt_bytes(n):
    if n >= 10 * 1024 * 1024:
        return "%.1f MiB" % (n / 1048576.0)
    if n >= 10 * 1024:
        return "%.1f KiB" % (n / 1024.0)
    return "{:,} B".format(n)


def class_color(szidx, nclasses, light=False):
    # spread over log(size): small classes, the common ones, get distinct hues
    t = math.log(szidx + 1) / math.log(max(2, nclasses))
    hue = (0.75 - 0.75 * t) % 1.0           # violet (small) ... red (large)
    if light:
        r, g, b = colorsys.hls_to_rgb(hue, 0.90, 0.55)
    else:
        # neighbouring classes alternate in lightness so they stay apart
        r, g, b = colorsys.hls_to_rgb(hue, 0.40 if szidx % 2 else 0.52, 0.70)
    return "#%02x%02x%02x" % (int(r * 255), int(g * 255), int(b * 255))


# ---------------------------------------------------------------------------
# Capture
# ---------------------------------------------------------------------------

def _owners():
    """Block address -> a short description of what occupies it."""
    own = {}
    for addr, o in core.live_objects().items():
        own[addr] = o.ob_type.name
        for field in ("items_addr", "keys_addr", "table_addr"):
            a = getattr(o, field, 0)
            if a:
                own[a] = "%s storage" % o.ob_type.name
    try:
        from minipy.objects import floatobject, listobject, dictobject, tupleobject
        for a in floatobject.free_list:
            own[a] = "free-list float"
        for a in listobject.free_list:
            own[a] = "free-list list"
        for a in dictobject.free_list:
            own[a] = "free-list dict"
        for fl in tupleobject.free_lists:
            for a in fl:
                own[a] = "free-list tuple"
    except (ImportError, AttributeError):
        pass
    return own


def capture(heap, label="at exit", where=None):
    """The state of ``heap`` as host data (dicts, lists, ints, strs)."""
    g = heap.geometry
    header = g.pool_header_size
    owners = _owners()
    pool_types = {}
    for addr, _ in heap.iter_live_blocks():
        pool = heap.pool_of(addr)
        d = pool_types.setdefault(pool.address, {})
        tn = owners.get(addr, "?")
        d[tn] = d.get(tn, 0) + 1
    arenas = []
    for ao in heap.iter_arenas():
        pools = []
        for p in ao.pools:
            if p.size:
                cap = g.blocks_per_pool[p.szidx]
                carved = (p.nextoffset - header) // p.size
            else:
                cap = carved = 0
            pools.append({
                "address": p.address, "szidx": p.szidx if p.size else -1, "size": p.size,
                "ref": p.ref_count, "cap": cap, "carved": carved, "state": p.state,
                "types": sorted(pool_types.get(p.address, {}).items(),
                                key=lambda kv: (-kv[1], kv[0])),
            })
        arenas.append({"index": ao.index, "address": ao.address, "ntotalpools": ao.ntotalpools,
                       "nfreepools": ao.nfreepools, "pools": pools,
                       "uncarved": ao.ntotalpools - len(ao.pools)})
    am = heap.arenas
    # arenas munmap'd and not mapped again (the simulated mmap's free slots)
    released = sorted(g.arena_base + s * g.arena_size + g.arena_misalignment
                      for s in getattr(am, "_free_slots", ()))
    raw = sorted((a, n, owners.get(a, "?")) for a, n in heap.raw.sizes.items())
    small_bytes = sum(size for _, size in heap.iter_live_blocks())
    nused = sum(1 for a in arenas for p in a["pools"] if p["state"] == "used")
    nfull = sum(1 for a in arenas for p in a["pools"] if p["state"] == "full")
    nempty = sum(1 for a in arenas for p in a["pools"] if p["state"] == "empty")
    return {
        "label": label,
        "where": where,
        "geometry": {"name": g.name, "pool_size": g.pool_size, "arena_size": g.arena_size,
                     "threshold": g.small_request_threshold, "alignment": g.alignment,
                     "nclasses": g.num_size_classes, "pools_per_arena": g.pools_per_arena},
        "arenas": arenas,
        "released": released,
        "reclaimed_total": am.narenas_reclaimed,
        "highwater": am.narenas_highwater,
        "raw": raw,
        "totals": {
            "arenas": len(arenas), "pools": sum(len(a["pools"]) for a in arenas),
            "used": nused, "full": nfull, "empty": nempty,
            "blocks": heap.small_blocks, "small_bytes": small_bytes,
            "raw_blocks": heap.raw.nblocks, "raw_bytes": heap.raw.nbytes,
            "mapped": heap.mapped_bytes, "objects": core.object_count(),
        },
    }


# ---------------------------------------------------------------------------
# Render
# ---------------------------------------------------------------------------

def _text(x, y, s, size=11, weight=None, fill="#222", anchor=None, cls=None, family=None):
    attrs = ['x="%d"' % x, 'y="%d"' % y, 'font-size="%d"' % size, 'fill="%s"' % fill]
    if weight:
        attrs.append('font-weight="%s"' % weight)
    if anchor:
        attrs.append('text-anchor="%s"' % anchor)
    if cls:
        attrs.append('class="%s"' % cls)
    if family:
        attrs.append('font-family="%s"' % family)
    return "<text %s>%s</text>" % (" ".join(attrs), esc(s))


def _pool_title(p, geo):
    if p["szidx"] < 0:
        return "pool 0x%x: carved, never formatted" % p["address"]
    lines = ["pool 0x%x" % p["address"],
             "size class %d: %d-byte blocks" % (p["szidx"], p["size"]),
             "%d of %d blocks in use (%s)" % (p["ref"], p["cap"], p["state"]),
             "%d blocks carved so far" % p["carved"]]
    if p["types"]:
        lines.append(", ".join("%s \u00d7%d" % kv for kv in p["types"][:6])
                     + (", \u2026" if len(p["types"]) > 6 else ""))
    return "\n".join(lines)


def _section(state, y0, width):
    """SVG lines for one snapshot, starting at y0; returns (lines, height)."""
    geo = state["geometry"]
    tot = state["totals"]
    nclasses = geo["nclasses"]
    ppa = geo["pools_per_arena"]
    out = ['<g class="snapshot" transform="translate(0,%d)">' % y0]
    y = 22
    title = "heap %s" % state["label"]
    if state.get("where"):
        title += " \u2014 %s" % state["where"]
    out.append(_text(MARGIN, y, title, 16, "bold", cls="title"))
    y += 18
    out.append(_text(MARGIN, y, "%s profile: %d size classes (%d-byte steps), %s pools, "
                     "%s arenas, blocks > %d B go to the raw allocator" % (
                         geo["name"], nclasses, geo["alignment"], fmt_bytes(geo["pool_size"]),
                         fmt_bytes(geo["arena_size"]), geo["threshold"]), 11, fill="#555"))
    y += 16
    out.append(_text(MARGIN, y, (
        "%d arena%s mapped (%s; high-water %d, %d released during the run) \u00b7 "
        "%d pools carved: %d used, %d full, %d empty \u00b7 %s blocks in use (%s) \u00b7 "
        "raw: %d blocks (%s) \u00b7 %s live objects") % (
            tot["arenas"], "" if tot["arenas"] == 1 else "s", fmt_bytes(tot["mapped"]),
            state["highwater"], state["reclaimed_total"], tot["pools"], tot["used"],
            tot["full"], tot["empty"], "{:,}".format(tot["blocks"]),
            fmt_bytes(tot["small_bytes"]), tot["raw_blocks"], fmt_bytes(tot["raw_bytes"]),
            "{:,}".format(tot["objects"])), 11, cls="totals"))
    y += 14
    top = y
    grid_x = MARGIN + LABEL_W
    pitch = CELL_W + CELL_GAP
    # ---- arenas ----------------------------------------------------------------
    classes_seen = set()
    for a in state["arenas"]:
        npools = len(a["pools"])
        full = sum(1 for p in a["pools"] if p["state"] != "empty" and p["szidx"] >= 0)
        out.append('<g class="arena" data-index="%d" data-address="0x%x">' % (
            a["index"], a["address"]))
        out.append("<title>%s</title>" % esc(
            "arena #%d at 0x%x\n%d pools carved of %d, %d free (empty or never carved)" % (
                a["index"], a["address"], npools, a["ntotalpools"], a["nfreepools"])))
        out.append(_text(MARGIN, y + 11, "arena #%d \u00b7 %d/%d pools in use" % (
            a["index"], full, a["ntotalpools"]), 12, "bold"))
        out.append(_text(MARGIN, y + 24, "0x%x" % a["address"], 10, fill="#555",
                         family="monospace"))
        for k, p in enumerate(a["pools"]):
            x = grid_x + k * pitch
            out.append("<g>")
            out.append("<title>%s</title>" % esc(_pool_title(p, geo)))
            if p["szidx"] < 0 or p["state"] == "empty":
                out.append('<rect class="pool" data-state="empty" x="%d" y="%d" width="%d" '
                           'height="%d" fill="#ffffff" stroke="#999999" stroke-dasharray="2,2"/>'
                           % (x, y, CELL_W, CELL_H))
            else:
                classes_seen.add((p["szidx"], p["size"]))
                c = class_color(p["szidx"], nclasses)
                out.append('<rect class="pool" data-state="%s" data-class="%d" x="%d" y="%d" '
                           'width="%d" height="%d" fill="%s" stroke="%s"/>' % (
                               p["state"], p["szidx"], x, y, CELL_W, CELL_H,
                               class_color(p["szidx"], nclasses, True), c))
                fh = int(round(CELL_H * p["ref"] / float(p["cap"] or 1)))
                if p["ref"] and fh < 1:
                    fh = 1
                out.append('<rect class="fill" x="%d" y="%d" width="%d" height="%d" fill="%s"/>'
                           % (x, y + CELL_H - fh, CELL_W, fh, c))
            out.append("</g>")
        for k in range(npools, npools + a["uncarved"]):
            x = grid_x + k * pitch
            out.append('<rect class="uncarved" x="%d" y="%d" width="%d" height="%d" '
                       'fill="#eeeeee" stroke="#dddddd"/>' % (x, y + 6, CELL_W, CELL_H - 12))
        out.append("</g>")
        y += CELL_H + ROW_GAP
    for addr in state["released"]:
        out.append('<g class="arena-released">')
        out.append(_text(MARGIN, y + 11, "released arena", 12, "bold", fill="#888"))
        out.append(_text(MARGIN, y + 24, "0x%x \u00b7 munmap'd" % addr, 10, fill="#888",
                         family="monospace"))
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#aaaaaa" '
                   'stroke-dasharray="6,4"/>' % (grid_x, y, ppa * pitch - CELL_GAP, CELL_H))
        out.append(_text(grid_x + 8, y + 17, "returned to the OS: every pool of this arena was "
                         "empty", 11, fill="#888"))
        out.append("</g>")
        y += CELL_H + ROW_GAP
    if not state["arenas"] and not state["released"]:
        out.append(_text(grid_x, y + 16, "no arena mapped", 12, fill="#888"))
        y += CELL_H + ROW_GAP
    # ---- raw allocations --------------------------------------------------------------
    rx = grid_x + ppa * pitch + 30
    ry = top
    raw = state["raw"]
    out.append('<g class="raw-column">')
    out.append(_text(rx, ry + 11, "raw allocations (0 B or > %d B)" % geo["threshold"], 12,
                     "bold"))
    ry += 16
    out.append(_text(rx, ry + 10, "%d blocks, %s" % (len(raw), fmt_bytes(tot["raw_bytes"])), 10,
                     fill="#555"))
    ry += 8
    biggest = max([n for _, n, _ in raw] or [1])
    shown = raw if len(raw) <= MAX_RAW_ROWS else sorted(raw, key=lambda r: -r[1])[:MAX_RAW_ROWS]
    shown = sorted(shown)
    for addr, n, owner in shown:
        ry += RAW_ROW
        w = max(2, int(110 * (n / float(biggest)) ** 0.5))
        out.append('<g><title>%s</title>' % esc("raw block 0x%x: %s bytes (%s)" % (
            addr, "{:,}".format(n), owner)))
        out.append('<rect class="raw" x="%d" y="%d" width="%d" height="%d" fill="#8c6d31"/>'
                   % (rx, ry - 9, w, 10))
        out.append(_text(rx + 116, ry, "%s \u00b7 %s" % (fmt_bytes(n), owner), 10))
        out.append("</g>")
    if len(raw) > len(shown):
        rest = [r for r in raw if r not in shown]
        ry += RAW_ROW
        out.append(_text(rx, ry, "\u2026 and %d more (%s)" % (
            len(rest), fmt_bytes(sum(n for _, n, _ in rest))), 10, fill="#555"))
    out.append("</g>")
    y = max(y, ry + 10)
    # ---- legend -----------------------------------------------------------------------
    y += 8
    out.append('<g class="legend">')
    out.append(_text(MARGIN, y + 10, "legend", 12, "bold"))
    lx = grid_x
    items = [("pool in use: bar height = blocks in use / blocks per pool", "bar")]
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s"/>' % (
        lx, y, CELL_W, 16, class_color(3, 8, True), class_color(3, 8)))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>' % (
        lx, y + 8, CELL_W, 8, class_color(3, 8)))
    out.append(_text(lx + 16, y + 12, items[0][0], 10))
    lx += 16 + 330
    out.append('<rect x="%d" y="%d" width="%d" height="16" fill="#ffffff" stroke="#999999" '
               'stroke-dasharray="2,2"/>' % (lx, y, CELL_W))
    out.append(_text(lx + 16, y + 12, "empty pool (on its arena's free list)", 10))
    lx += 16 + 200
    out.append('<rect x="%d" y="%d" width="%d" height="8" fill="#eeeeee" stroke="#dddddd"/>'
               % (lx, y + 4, CELL_W))
    out.append(_text(lx + 16, y + 12, "never carved", 10))
    lx += 16 + 80
    out.append('<rect x="%d" y="%d" width="20" height="10" fill="#8c6d31"/>' % (lx, y + 3))
    out.append(_text(lx + 24, y + 12, "raw block", 10))
    y += 22
    # size-class swatches, in rows
    sx = grid_x
    out.append(_text(MARGIN, y + 11, "size classes", 11, fill="#555"))
    for szidx, size in sorted(classes_seen):
        if sx + 64 > width - MARGIN:
            sx = grid_x
            y += 16
        out.append('<rect class="swatch" x="%d" y="%d" width="12" height="12" fill="%s"/>' % (
            sx, y + 1, class_color(szidx, nclasses)))
        out.append(_text(sx + 15, y + 11, "%d B" % size, 10))
        sx += 58
    if not classes_seen:
        out.append(_text(sx, y + 11, "(no pool in use)", 10, fill="#888"))
    y += 22
    out.append("</g>")
    out.append("</g>")
    return out, y + 12


def render(states, title=None, notice=None):
    """One SVG document holding a section per heap state."""
    if not states:
        raise ValueError("no heap state to draw")
    ppa = max(s["geometry"]["pools_per_arena"] for s in states)
    width = MARGIN + LABEL_W + ppa * (CELL_W + CELL_GAP) + 30 + RAW_W + MARGIN
    body = []
    y = 0
    if title:
        body.append(_text(MARGIN, 24, title, 18, "bold"))
        y = 30
    if notice:
        body.append(_text(MARGIN, y + 16, notice, 12, fill="#b22222", cls="notice"))
        y += 22
    for i, st in enumerate(states):
        if i:
            body.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#cccccc"/>' % (
                MARGIN, y + 2, width - MARGIN, y + 2))
        lines, h = _section(st, y, width)
        body.extend(lines)
        y += h
    height = y + 6
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
            'viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">' % (
                width, height, width, height))
    bg = '<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>' % (width, height)
    return "\n".join([head, bg] + body + ["</svg>"]) + "\n"


def write_png(svg_path, png_path):
    """Convert with rsvg-convert or ImageMagick; returns None or an error message."""
    import shutil
    import subprocess
    tried = []
    for argv in (["rsvg-convert", "-o", png_path, svg_path],
                 ["convert", svg_path, png_path]):
        exe = shutil.which(argv[0])
        if exe is None:
            continue
        tried.append(argv[0])
        try:
            r = subprocess.run(argv, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            continue
        import os
        if r.returncode == 0 and os.path.exists(png_path) and os.path.getsize(png_path) > 0:
            with open(png_path, "rb") as fh:
                if fh.read(8) == b"\x89PNG\r\n\x1a\n":
                    return None
    why = ("%s failed" % " and ".join(tried)) if tried else "no converter found"
    return ("cannot write %s: %s; install rsvg-convert (apt-get install librsvg2-bin) or "
            "ImageMagick (apt-get install imagemagick)" % (png_path, why))
