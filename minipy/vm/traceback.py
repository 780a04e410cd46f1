"""Traceback objects and the text of an uncaught exception.

As in CPython, each frame an exception passes through adds a traceback
object at the head of ``exc.__traceback__`` (``PyTraceBack_Here``), so the
chain runs from the outermost frame to the one that raised.  ``format_exception``
renders the chain, the ``__cause__``/``__context__`` chain before it, and the
final ``Type: message`` line, the way CPython's ``traceback`` module does.
"""

from minipy.objects import core
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type


class PyTraceback(PyObject):
    __slots__ = ("tb_next", "tb_frame", "tb_lineno", "tb_lasti")


_tb_traverse, _tb_dealloc = core.field_gc_functions("tb_next", "tb_frame")


traceback_type = make_type("traceback", host_class=PyTraceback, basicsize=64,
                           dealloc=_tb_dealloc, traverse=_tb_traverse, final=True, gc=True)


def new_traceback(tb_next, frame_obj, lineno, lasti):
    """References to tb_next and frame_obj are transferred."""
    tb = PyTraceback.__new__(PyTraceback)
    tb.tb_next = tb_next
    tb.tb_frame = frame_obj
    tb.tb_lineno = lineno
    tb.tb_lasti = lasti
    return core.alloc(tb, 64, traceback_type)


def _raw_line(sources, filename, lineno):
    src = sources.get(filename)
    if src is None:
        _source_line(sources, filename, lineno)
        src = sources.get(filename)
    lines = src.splitlines() if src else []
    return lines[lineno - 1] if 1 <= lineno <= len(lines) else None


def _char_offset(line, byte_offset):
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))


def _anchors(segment):
    """Where the operator of a binary operation or the brackets of a subscript
    sit in ``segment`` (CPython 3.11's _extract_caret_anchors_from_line_segment)."""
    from minipy.syntax import parse
    from minipy.errors import MiniSyntaxError
    try:
        tree = parse(segment, "<segment>")
    except (MiniSyntaxError, RecursionError):
        return None
    if len(tree.body) != 1 or type(tree.body[0]).__name__ != "Expr":
        return None
    expr = tree.body[0].value
    kind = type(expr).__name__

    def normalize(offset):
        return _char_offset(segment, offset)
    if kind == "BinOp":
        operator_start = normalize(expr.left.end_col_offset)
        operator_end = normalize(expr.right.col_offset)
        operator_str = segment[operator_start:operator_end]
        operator_offset = len(operator_str) - len(operator_str.lstrip())
        left = expr.left.end_col_offset + operator_offset
        right = left + 1
        if operator_offset + 1 < len(operator_str) and not operator_str[operator_offset + 1].isspace():
            right += 1
        while left < len(segment) and (segment[left].isspace() or segment[left] in ")#"):
            left += 1
            right += 1
        return normalize(left), normalize(right)
    if kind == "Subscript":
        left = normalize(expr.value.end_col_offset)
        right = normalize(expr.slice.end_col_offset + 1)
        while left < len(segment) and (segment[left].isspace() or segment[left] != "["):
            left += 1
        while right < len(segment) and (segment[right].isspace() or segment[right] != "]"):
            right += 1
        if right < len(segment):
            right += 1
        return left, right
    return None


def _carets(line, pos):
    """The line of ~ and ^ CPython 3.11 prints under the failing expression, or None."""
    lineno, end_lineno, col, end_col = pos
    if col is None or end_col is None or col < 0 or end_col < 0:
        return None
    stripped = line.strip()
    indent = len(line) - len(line.lstrip())
    start = _char_offset(line, col) + 1
    end = _char_offset(line, end_col) + 1
    anchors = None
    if lineno == end_lineno:
        anchors = _anchors(line[start - 1:end - 1])
    else:
        end = len(line.rstrip()) + 1
    if end - start < len(stripped) or (anchors and anchors[1] - anchors[0] > 0):
        out = "    " + " " * (start - 1 - indent)
        if anchors:
            out += "~" * anchors[0] + "^" * (anchors[1] - anchors[0]) + \
                "~" * (end - start - anchors[1])
        else:
            out += "^" * (end - start)
        return out
    return None


def _source_line(sources, filename, lineno):
    src = sources.get(filename)
    if src is None:
        try:
            with open(filename, encoding="utf-8", errors="replace") as fh:
                src = fh.read()
        except OSError:
            src = ""
        sources[filename] = src
    lines = src.splitlines()
    if 1 <= lineno <= len(lines):
        return lines[lineno - 1].strip()
    return None


_RECURSIVE_CUTOFF = 3        # CPython's traceback._RECURSIVE_CUTOFF
_MISSING_TB = object()


def tb_position(tb):
    """(lineno, end_lineno, col, end_col) of the instruction ``tb`` stopped at, or None."""
    positions = tb.tb_frame.pycode.code.co_positions
    if 0 <= tb.tb_lasti < len(positions) and positions[tb.tb_lasti]:
        pos = positions[tb.tb_lasti]
        if len(pos) == 4:
            return pos
    return None


def _format_entry(tb, sources):
    code = tb.tb_frame.pycode.code
    return format_frame_entry(sources, code.co_filename, tb.tb_lineno, code.co_name,
                              tb_position(tb))


def format_frame_entry(sources, filename, lineno, name, pos):
    """One ``  File ..., line N, in name`` entry: the source line, then the carets
    under the expression at ``pos`` (lineno, end_lineno, col, end_col; or None)."""
    out = ['  File "%s", line %s, in %s\n' % (filename, lineno, name)]
    line = _source_line(sources, filename, lineno) if isinstance(lineno, int) else None
    if line:
        out.append("    %s\n" % line)
        if pos is not None and pos[0] == lineno:
            raw = _raw_line(sources, filename, lineno)
            if raw is not None:
                carets = _carets(raw, pos)
                if carets:
                    out.append(carets + "\n")
    return "".join(out)


def _format_tb(tb, sources, limit=None):
    """The entries, with runs of the same entry collapsed as CPython does
    (``limit``: at most that many entries, from the outermost)."""
    out = []
    last = None
    count = 0
    while tb is not None and (limit is None or limit > 0):
        if limit is not None:
            limit -= 1
        code = tb.tb_frame.pycode.code
        key = (code.co_filename, tb.tb_lineno, code.co_name)
        if key == last:
            count += 1
        else:
            if count > _RECURSIVE_CUTOFF:
                n = count - _RECURSIVE_CUTOFF
                out.append("  [Previous line repeated %d more time%s]\n" % (n, "s" if n > 1 else ""))
            last = key
            count = 1
        if count <= _RECURSIVE_CUTOFF:
            out.append(_format_entry(tb, sources))
        tb = tb.tb_next
    if count > _RECURSIVE_CUTOFF:
        n = count - _RECURSIVE_CUTOFF
        out.append("  [Previous line repeated %d more time%s]\n" % (n, "s" if n > 1 else ""))
    return out


# "Did you mean" suggestions: CPython 3.11's Python/suggestions.c
_MAX_CANDIDATE_ITEMS = 750
_MAX_STRING_SIZE = 40
_MOVE_COST = 2
_CASE_COST = 1


def _levenshtein(a, b):
    """Edit distance where a substitution that only changes case costs 1, other edits 2."""
    prev = [j * _MOVE_COST for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [i * _MOVE_COST]
        for j, cb in enumerate(b, 1):
            if ca == cb:
                sub = 0
            elif ca.lower() == cb.lower():
                sub = _CASE_COST
            else:
                sub = _MOVE_COST
            cur.append(min(prev[j - 1] + sub, prev[j] + _MOVE_COST, cur[j - 1] + _MOVE_COST))
        prev = cur
    return prev[-1]


def _best_match(candidates, name):
    if len(candidates) >= _MAX_CANDIDATE_ITEMS or len(name) > _MAX_STRING_SIZE:
        return None
    best, best_dist = None, None
    for item in candidates:
        if item == name:
            continue
        max_distance = (len(name) + len(item) + 3) * _MOVE_COST // 6
        if best_dist is not None:
            max_distance = min(max_distance, best_dist - 1)
        d = _levenshtein(name, item)
        if d > max_distance:
            continue
        if best is None or d < best_dist:
            best, best_dist = item, d
    return best


def suggestion(exc):
    """The name CPython would suggest for a NameError or AttributeError, or None."""
    name = exc.name
    if not isinstance(name, str):
        return None
    mro = exc.ob_type.mro
    names = [t.name for t in mro]
    if "AttributeError" in names and exc.obj is not None:
        from minipy.runtime.builtins_core import _dir_names
        from minipy.objects.core import decref_all
        strs = _dir_names(exc.obj)
        cands = [s.value for s in strs]
        decref_all(strs)
        return _best_match(cands, name)
    if "NameError" in names and exc.traceback is not None:
        tb = exc.traceback
        while tb.tb_next is not None:
            tb = tb.tb_next
        fo = tb.tb_frame
        code = fo.pycode.code
        for cands in (list(code.co_varnames),
                      [k for k in fo.globals.dv if isinstance(k, str)],
                      [k for k in (fo.frame.builtins.dv if fo.frame is not None and fo.frame.builtins
                                   is not None else _builtins_of(fo)) if isinstance(k, str)]):
            s = _best_match(cands, name)
            if s is not None:
                return s
    return None


def _builtins_of(fo):
    b = fo.globals.dv.get("__builtins__")
    b = getattr(b, "dict", b)           # __main__'s is the builtins module
    return b.dv if b is not None and hasattr(b, "dv") else {}


def format_exception_only(exc, str_host):
    """``Type: message`` (or ``Type``) for exception object ``exc``."""
    tp = exc.ob_type
    name = tp.name
    mod = tp.module
    if mod is not None and mod not in ("builtins", "__main__"):
        name = mod + "." + name
    if exc.lineno is not None:          # (only a SyntaxError has a line number)
        shown = _syntax_error_lines(exc, name, str_host)
        if shown is not None:
            return shown
    try:
        msg = str_host(exc)
    except Exception:       # noqa: BLE001 - str() of the exception itself failed
        msg = "<exception str() failed>"
    hint = suggestion(exc) if exc.name is not None else None
    if hint is not None:
        msg += ". Did you mean: '%s'?" % hint
    return "%s: %s\n" % (name, msg) if msg else "%s\n" % name


def _syntax_error_lines(exc, name, str_host):
    """A SyntaxError's report: its file and line, the source line with a
    caret, then ``Type: msg`` (pythonrun.c's print_exception for an
    exception with ``print_file_and_line``); None if its fields do not fit."""
    from minipy.errors import MiniSyntaxError

    def host(o, kind):
        if o is None or not isinstance(getattr(o, "value", None), kind) or \
                isinstance(o.value, bool):
            return None
        return o.value
    lineno = host(exc.lineno, int)
    if lineno is None:
        return None
    text = host(exc.text, str)
    e = MiniSyntaxError(str_host(exc.msg) if exc.msg is not None else "None",
                        host(exc.filename, str) or "<string>", lineno,
                        host(exc.offset, int), text.rstrip("\n") if text is not None else None,
                        host(exc.end_lineno, int), host(exc.end_offset, int), kind=name)
    return e.format()


_CAUSE_MESSAGE = "The above exception was the direct cause of the following exception:\n"
_CONTEXT_MESSAGE = "During handling of the above exception, another exception occurred:\n"
_GROUP_WIDTH = 15            # the most sub-exceptions of a group shown (max_group_width)
_GROUP_DEPTH = 10            # the deepest nesting of groups shown (max_group_depth)


class _PrintContext:
    """What printing one exception (its chain and its groups' members) carries
    along: CPython's ``exception_print_context`` / ``_ExceptionPrintContext``."""
    __slots__ = ("str_host", "sources", "seen", "notes", "limit", "chain", "depth",
                 "need_close", "module")

    def __init__(self, str_host, sources, seen, notes, limit, chain, module):
        self.str_host = str_host
        self.sources = sources
        self.seen = seen
        self.notes = notes
        self.limit = limit
        self.chain = chain
        self.depth = 0               # exception-group nesting: the margin's indentation
        self.need_close = False
        self.module = module          # the traceback module's rendering

    def emit(self, out, text, margin="|"):
        """``text``, each of its lines behind the group margin when inside a group."""
        if self.depth and text:
            prefix = "  " * self.depth + margin + " "
            out.append("".join(prefix + line for line in text.splitlines(True)))
        else:
            out.append(text)


def format_exception(exc, str_host, sources, seen=None, notes=True, tb=_MISSING_TB,
                     limit=None, chain=True, module=False):
    """The full text CPython prints for an uncaught exception (``notes=False``: without
    the ``__notes__`` lines, as CPython's report of an unraisable exception), as a
    list of strings: the ``__cause__``/``__context__`` chain first, exception groups
    with their members framed as CPython 3.11 frames them.  ``tb`` replaces the
    exception's own traceback, ``limit`` cuts every traceback (negative: its last
    entries), ``chain=False`` leaves causes and contexts out.

    ``module``: the ``traceback`` module's rendering (``TracebackException``), which
    decides which causes and contexts are shown when it is built, taking exceptions
    from a queue (an exception already met is not shown again), where the
    interpreter's report (pythonrun.c) decides while printing, depth first; they
    differ only when a group's members are also in its chain.
    """
    ctx = _PrintContext(str_host, sources, set() if seen is None else seen, notes, limit,
                        chain, module)
    out = []
    tb = exc.traceback if tb is _MISSING_TB else tb
    if module:
        _format_node(_exception_tree(exc, tb), ctx, out)
    else:
        _format_recursive(exc, ctx, out, tb)
    return out


def _format_recursive(exc, ctx, out, tb):
    """pythonrun.c's print_exception_recursive."""
    ctx.seen.add(id(exc))
    if ctx.chain:
        cause = exc.cause
        if cause is not None:
            if id(cause) not in ctx.seen:
                _format_chained(cause, _CAUSE_MESSAGE, ctx, out)
        elif exc.context is not None and not exc.suppress_context and \
                id(exc.context) not in ctx.seen:
            _format_chained(exc.context, _CONTEXT_MESSAGE, ctx, out)
    _format_body(exc, tb, exc.excs.items if exc.excs is not None else None, ctx, out,
                 _format_member)


def _format_member(exc, ctx, out):
    _format_recursive(exc, ctx, out, exc.traceback)


def _format_chained(exc, message, ctx, out):
    need_close = ctx.need_close
    _format_recursive(exc, ctx, out, exc.traceback)
    ctx.need_close = need_close      # (pythonrun.c's print_chained; traceback.py does not)
    ctx.emit(out, "\n" + message + "\n")


def _exception_tree(exc, tb):
    """The nodes ``[exc, tb, cause node, context node, member nodes]`` the traceback
    module's ``TracebackException`` builds, with its choice of what is shown."""
    seen = set()

    def node(e, t):
        seen.add(id(e))
        return [e, t, None, None, None]
    top = node(exc, tb)
    queue = [(top, exc)]
    while queue:
        te, e = queue.pop()
        c = e.cause
        cause = node(c, c.traceback) if c is not None and id(c) not in seen else None
        x = e.context
        context = node(x, x.traceback) if x is not None and id(x) not in seen else None
        members = None
        if e.excs is not None:
            members = [node(m, m.traceback) for m in e.excs.items]
        te[2] = cause
        te[3] = context
        te[4] = members
        if cause is not None:
            queue.append((cause, c))
        if context is not None:
            queue.append((context, x))
        if members:
            queue.extend(zip(members, e.excs.items))
    return top


def _format_node(te, ctx, out):
    """TracebackException.format: the chain, then each exception of it."""
    links = []
    node = te
    if ctx.chain:
        while node is not None:
            if node[2] is not None:
                links.append((_CAUSE_MESSAGE, node))
                node = node[2]
            elif node[3] is not None and not node[0].suppress_context:
                links.append((_CONTEXT_MESSAGE, node))
                node = node[3]
            else:
                links.append((None, node))
                node = None
    else:
        links.append((None, te))
    for i in range(len(links) - 1, -1, -1):
        node = links[i][1]
        _format_body(node[0], node[1], node[4], ctx, out, _format_node)
        if i:                         # the message linking it to the next one
            ctx.emit(out, "\n" + links[i - 1][0] + "\n")


def _format_body(exc, tb, members, ctx, out, format_member):
    """One exception: its traceback and ``Type: message`` line, and for a group
    (``members`` not None) its members, each by ``format_member(m, ctx, out)``."""
    if members is None:
        _emit_tb(tb, ctx, out, "Traceback (most recent call last):\n", "|")
        _format_final(exc, ctx, out)
        return
    if ctx.depth > _GROUP_DEPTH:
        ctx.emit(out, "... (max_group_depth is %d)\n" % _GROUP_DEPTH)
        return
    top = ctx.depth == 0
    if top:
        ctx.depth = 1
    _emit_tb(tb, ctx, out, "Exception Group Traceback (most recent call last):\n",
             "+" if top else "|")
    _format_final(exc, ctx, out)
    count = len(members)
    n = count if count <= _GROUP_WIDTH else _GROUP_WIDTH + 1
    ctx.need_close = False
    for i in range(n):
        last = i == n - 1
        if last:
            ctx.need_close = True        # (a member that is a group may close the frame)
        truncated = i >= _GROUP_WIDTH
        out.append("%s%s+---------------- %s ----------------\n"
                   % ("  " * ctx.depth, "+-" if i == 0 else "  ",
                      "..." if truncated else str(i + 1)))
        ctx.depth += 1
        if truncated:
            left = count - _GROUP_WIDTH
            ctx.emit(out, "and %d more exception%s\n" % (left, "s" if left > 1 else ""))
        else:
            format_member(members[i], ctx, out)
        if last and ctx.need_close:
            out.append("  " * ctx.depth + "+------------------------------------\n")
            ctx.need_close = False
        ctx.depth -= 1
    if top:
        ctx.depth = 0


def _emit_tb(tb, ctx, out, header, margin):
    """The header and the entries of ``tb`` (nothing when no entry is left)."""
    if tb is None:
        return
    limit = ctx.limit
    if limit is not None and limit < 0:       # the last -limit entries
        n = 0
        t = tb
        while t is not None:
            n += 1
            t = t.tb_next
        skip = max(0, n + limit)
        while skip and tb is not None:
            tb = tb.tb_next
            skip -= 1
        limit = None
    entries = _format_tb(tb, ctx.sources, limit)
    if entries:
        ctx.emit(out, header, margin)
        for entry in entries:
            ctx.emit(out, entry)


def _format_final(exc, ctx, out):
    ctx.emit(out, format_exception_only(exc, ctx.str_host))
    if ctx.module:                  # (one item per line of each note)
        for line in format_notes(exc, as_lines=True):
            ctx.emit(out, line)
    elif ctx.notes:
        text = format_notes(exc)
        if text:
            ctx.emit(out, text)


def format_notes(exc, as_lines=False):
    """The ``__notes__`` lines CPython 3.11 prints after ``Type: message``
    (pythonrun.c's print_exception_notes): each note's str() line by line and a
    newline after each note; a ``__notes__`` that is not a sequence is printed
    as its repr (without a newline).  ``as_lines``: a list with one item per
    line of each note, as ``traceback.format_exception_only`` returns them."""
    from minipy.objects.exceptions import PyExc
    from minipy.runtime import abstract
    if exc.inst_dict is None and not exc.ob_type.has_getattribute and \
            not exc.ob_type.has_getattr and abstract.lookup(exc.ob_type, "__notes__") is None:
        return [] if as_lines else ""     # the common case: no notes, nothing to look up
    try:
        notes = abstract.getattr_(exc, "__notes__")
    except PyExc as e:            # PyObject_HasAttr: no notes
        core.decref(e.exc)
        return [] if as_lines else ""
    out = []
    try:
        if not _is_sequence(notes):
            try:
                out.append(abstract.repr_host(notes))
            except PyExc as e:
                core.decref(e.exc)
                out.append("<__notes__ repr() failed>")
            return out if as_lines else "".join(out)
        for i in range(abstract.length(notes)):
            from minipy.objects.intobject import new_int
            idx = new_int(i)
            try:
                note = abstract.getitem(notes, idx)
            finally:
                core.decref(idx)
            try:
                text = abstract.str_host(note)
            except PyExc as e:
                core.decref(e.exc)
                text = "<note str() failed>"
            finally:
                core.decref(note)
            if as_lines:
                out.extend(line + "\n" for line in text.split("\n"))
            else:
                out.append(text)
                out.append("\n")
    except PyExc as e:           # the sequence itself failed: stop printing notes
        core.decref(e.exc)
    finally:
        core.decref(notes)
    return out if as_lines else "".join(out)


def _is_sequence(o):
    """PySequence_Check: has __getitem__ and is not a dict."""
    from minipy.objects.dictobject import PyDict
    from minipy.runtime import abstract
    if isinstance(o, PyDict):
        return False
    return abstract.lookup(o.ob_type, "__getitem__") is not None
