"""The ``_traceback`` module (minipy only): the two primitives the ``traceback``
module (``minipy/lib/traceback.mpy``) is written on, rendered by the code that
prints an uncaught exception (``minipy/vm/traceback.py``).

``format_tb(tb, limit=None)`` returns the list of ``  File "...", line N, in
name`` entries (with the source line and CPython 3.11's carets) of the
traceback chain starting at ``tb``, at most ``limit`` of them (a negative or
None limit: all); ``format_exception_only(exc)`` returns the ``Type: message``
line and the lines of the exception's ``__notes__``; ``format_exception(exc, tb,
limit, chain)`` the whole report: the chain of causes and contexts, exception
groups with their members.
"""

from minipy.objects.descr import new_builtin
from minipy.objects.exceptions import PyBaseException, EXC_TYPES
from minipy.objects import typeobject
from minipy.objects.intobject import PyInt
from minipy.objects.listobject import new_list
from minipy.objects.strobject import new_str, PyStr
from minipy.objects import core
from minipy.objects.singletons import NONE
from minipy.vm.traceback import (traceback_type, _format_tb, format_exception_only, format_notes,
                                 format_exception, tb_position, _raw_line, _carets)
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.modules._common import build_module

FUNCS = {}


def _sources():
    from minipy.runtime.builtins_core import vm_ref
    vm = vm_ref[0]
    return vm.interp.sources if vm is not None else {}


def _format_tb_impl(tb, limit=None):
    if tb is NONE:
        return new_list([])
    if tb.ob_type is not traceback_type:
        raise exc("TypeError", "format_tb() argument 1 must be traceback or None, not %s"
                  % type_name(tb))
    n = None
    if limit is not None and limit is not NONE:
        if not isinstance(limit, PyInt):
            raise exc("TypeError", "limit must be an integer or None, not %s" % type_name(limit))
        n = int(limit.value)
        if n < 0:
            n = None
    return new_list([new_str(s) for s in _format_tb(tb, _sources(), n)])


def _format_exception_only_impl(e):
    if not isinstance(e, PyBaseException):
        raise exc("TypeError", "format_exception_only() argument must be an exception, not %s"
                  % type_name(e))
    text = format_exception_only(e, abstract.str_host)
    if typeobject.is_subtype(e.ob_type, EXC_TYPES["SyntaxError"]):
        lines = text.splitlines(True)       # (file, source, caret and message lines apart)
    else:
        lines = [text]
    lines.extend(format_notes(e, as_lines=True))
    return new_list([new_str(s) for s in lines])


def _format_exception_impl(e, tb, limit, chain):
    """The lines of ``e`` with its chain and its groups' members (``tb``: the
    traceback shown for ``e`` itself, or None)."""
    if not isinstance(e, PyBaseException):
        raise exc("TypeError", "format_exception() argument must be an exception, not %s"
                  % type_name(e))
    if tb is NONE:
        tb = None
    elif tb.ob_type is not traceback_type:
        raise exc("TypeError", "format_exception() argument 2 must be traceback or None, not %s"
                  % type_name(tb))
    n = None
    if limit is not NONE:
        if not isinstance(limit, PyInt):
            raise exc("TypeError", "limit must be an integer or None, not %s" % type_name(limit))
        n = int(limit.value)
    lines = format_exception(e, abstract.str_host, _sources(), tb=tb, limit=n,
                             chain=abstract.truth(chain), module=True)
    return new_list([new_str(s) for s in lines])


def _tb_position_impl(tb):
    """(lineno, end_lineno, colno, end_colno) of a traceback entry (lineno: tb_lineno
    when the instruction has no position; None for what is unknown)."""
    from minipy.objects.tupleobject import new_tuple
    from minipy.objects.intobject import new_int
    if tb.ob_type is not traceback_type:
        raise exc("TypeError", "expected a traceback, not %s" % type_name(tb))
    pos = tb_position(tb)
    if pos is None:
        pos = (None, None, None, None)
    if pos[0] is None:
        pos = (tb.tb_lineno,) + tuple(pos[1:])
    return new_tuple([new_int(v) if isinstance(v, int) else core.incref(NONE) for v in pos])


def _getline_impl(filename, lineno):
    """The line ``lineno`` of file ``filename`` with its newline, or "" (linecache.getline)."""
    if not isinstance(filename, PyStr) or not isinstance(lineno, PyInt):
        return new_str("")
    line = _raw_line(_sources(), filename.value, int(lineno.value))
    return new_str(line + "\n" if line is not None else "")


def _carets_impl(line, lineno, end_lineno, colno, end_colno):
    """The ``~~^^`` line CPython 3.11 prints under a source line, or None."""
    def host(o):
        return int(o.value) if isinstance(o, PyInt) else None
    if not isinstance(line, PyStr):
        return core.incref(NONE)
    text = _carets(line.value.rstrip("\n"), (host(lineno), host(end_lineno), host(colno),
                                           host(end_colno)))
    return new_str(text) if text else core.incref(NONE)


FUNCS["tb_position"] = new_builtin("tb_position", _tb_position_impl, 1, 1, module="_traceback")
FUNCS["getline"] = new_builtin("getline", _getline_impl, 2, 2, module="_traceback")
FUNCS["carets"] = new_builtin("carets", _carets_impl, 5, 5, module="_traceback")
FUNCS["format_exception"] = new_builtin("format_exception", _format_exception_impl, 4, 4,
                                        module="_traceback")
FUNCS["format_tb"] = new_builtin("format_tb", _format_tb_impl, 1, 2, module="_traceback")
FUNCS["format_exception_only"] = new_builtin("format_exception_only", _format_exception_only_impl,
                                             1, 1, module="_traceback")


def make_module():
    return build_module("_traceback", FUNCS, {},
                        "Traceback formatting primitives for the traceback module.")
