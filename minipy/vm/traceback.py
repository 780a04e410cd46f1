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


def _tb_traverse(tb):
    return [o for o in (tb.tb_next, tb.tb_frame) if o is not None]


def _tb_dealloc(tb):
    refs = _tb_traverse(tb)
    tb.tb_next = tb.tb_frame = None
    core.free_block(tb)
    core.decref_all(refs)


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


def _format_tb(tb, sources):
    out = []
    while tb is not None:
        fo = tb.tb_frame
        code = fo.pycode.code
        out.append('  File "%s", line %d, in %s\n' % (code.co_filename, tb.tb_lineno, code.co_name))
        line = _source_line(sources, code.co_filename, tb.tb_lineno)
        if line:
            out.append("    %s\n" % line)
        tb = tb.tb_next
    return out


def format_exception_only(exc, str_host):
    """``Type: message`` (or ``Type``) for exception object ``exc``."""
    tp = exc.ob_type
    name = tp.name
    mod = tp.module
    if mod is not None and mod not in ("builtins", "__main__"):
        name = mod + "." + name
    try:
        msg = str_host(exc)
    except Exception:       # noqa: BLE001 - str() of the exception itself failed
        msg = "<exception str() failed>"
    if tp.name == "SyntaxError" or tp.name in ("IndentationError", "TabError"):
        pass
    return "%s: %s\n" % (name, msg) if msg else "%s\n" % name


def format_exception(exc, str_host, sources, seen=None):
    """The full text CPython prints for an uncaught exception."""
    if seen is None:
        seen = set()
    seen.add(id(exc))
    out = []
    cause = exc.cause
    context = exc.context
    if cause is not None and id(cause) not in seen:
        out.extend(format_exception(cause, str_host, sources, seen))
        out.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exc.suppress_context and id(context) not in seen:
        out.extend(format_exception(context, str_host, sources, seen))
        out.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if exc.traceback is not None:
        out.append("Traceback (most recent call last):\n")
        out.extend(_format_tb(exc.traceback, sources))
    out.append(format_exception_only(exc, str_host))
    return out
