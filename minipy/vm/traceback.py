"""Traceback objects and the text of an uncaught exception.

As in CPython, each frame an exception passes through adds a traceback
object at the head of ``exc.__traceback__`` (``PyTraceBack_Here``), so the
chain runs from the outermost frame to the one that raised.  ``format_exception``
renders the chain, the ``__cause__``/``__context__`` chain before it, and the
final ``Type: message`` line, the way CPython's ``traceback`` module does.
"""

from ..objects import core
from ..objects.core import PyObject
from ..objects.typeobject import make_type


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
    from ..syntax import parse
    from ..errors import MiniSyntaxError
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


def _format_entry(tb, sources):
    code = tb.tb_frame.pycode.code
    out = ['  File "%s", line %d, in %s\n' % (code.co_filename, tb.tb_lineno, code.co_name)]
    line = _source_line(sources, code.co_filename, tb.tb_lineno)
    if line:
        out.append("    %s\n" % line)
        positions = code.co_positions
        if 0 <= tb.tb_lasti < len(positions) and positions[tb.tb_lasti]:
            pos = positions[tb.tb_lasti]
            raw = _raw_line(sources, code.co_filename, tb.tb_lineno)
            if raw is not None and len(pos) == 4 and pos[0] == tb.tb_lineno:
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
        from ..runtime.builtins_core import _dir_names
        from ..objects.core import decref_all
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
    from ..errors import MiniSyntaxError

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


def format_exception(exc, str_host, sources, seen=None, notes=True):
    """The full text CPython prints for an uncaught exception (``notes=False``: without
    the ``__notes__`` lines, as CPython's report of an unraisable exception)."""
    if seen is None:
        seen = set()
    seen.add(id(exc))
    out = []
    cause = exc.cause
    context = exc.context
    if cause is not None and id(cause) not in seen:
        out.extend(format_exception(cause, str_host, sources, seen, notes))
        out.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exc.suppress_context and id(context) not in seen:
        out.extend(format_exception(context, str_host, sources, seen, notes))
        out.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if exc.traceback is not None:
        out.append("Traceback (most recent call last):\n")
        out.extend(_format_tb(exc.traceback, sources))
    out.append(format_exception_only(exc, str_host))
    if notes:
        text = format_notes(exc)
        if text:
            out.append(text)
    return out


def format_notes(exc):
    """The ``__notes__`` lines CPython 3.11 prints after ``Type: message``
    (pythonrun.c's print_exception_notes): each note's str() line by line and a
    newline after each note; a ``__notes__`` that is not a sequence is printed
    as its repr (without a newline)."""
    from ..objects.exceptions import PyExc
    from ..runtime import abstract
    if exc.inst_dict is None and not exc.ob_type.has_getattribute and \
            not exc.ob_type.has_getattr and abstract.lookup(exc.ob_type, "__notes__") is None:
        return ""                 # the common case: no notes, nothing to look up
    try:
        notes = abstract.getattr_(exc, "__notes__")
    except PyExc as e:            # PyObject_HasAttr: no notes
        core.decref(e.exc)
        return ""
    out = []
    try:
        if not _is_sequence(notes):
            try:
                out.append(abstract.repr_host(notes))
            except PyExc as e:
                core.decref(e.exc)
                out.append("<__notes__ repr() failed>")
            return "".join(out)
        for i in range(abstract.length(notes)):
            from ..objects.intobject import new_int
            idx = new_int(i)
            try:
                note = abstract.getitem(notes, idx)
            finally:
                core.decref(idx)
            try:
                text = abstract.str_host(note)
            except PyExc as e:
                core.decref(e.exc)
                out.append("<note str() failed>")
            else:
                out.append(text)
            finally:
                core.decref(note)
            out.append("\n")
    except PyExc as e:           # the sequence itself failed: stop printing notes
        core.decref(e.exc)
    finally:
        core.decref(notes)
    return "".join(out)


def _is_sequence(o):
    """PySequence_Check: has __getitem__ and is not a dict."""
    from ..objects.dictobject import PyDict
    from ..runtime import abstract
    if isinstance(o, PyDict):
        return False
    return abstract.lookup(o.ob_type, "__getitem__") is not None
