"""The ``_traceback`` module (minipy only): the two primitives the ``traceback``
module (``minipy/lib/traceback.mpy``) is written on, rendered by the code that
prints an uncaught exception (``minipy/vm/traceback.py``).

``format_tb(tb, limit=None)`` returns the list of ``  File "...", line N, in
name`` entries (with the source line and CPython 3.11's carets) of the
traceback chain starting at ``tb``, at most ``limit`` of them (a negative or
None limit: all); ``format_exception_only(exc)`` returns the ``Type: message``
line and the lines of the exception's ``__notes__``.
"""

from ...objects.descr import new_builtin
from ...objects.exceptions import PyBaseException
from ...objects.intobject import PyInt
from ...objects.listobject import new_list
from ...objects.strobject import new_str
from ...objects.singletons import NONE
from ...vm.traceback import traceback_type, _format_tb, format_exception_only, format_notes
from .. import abstract
from ..abstract import exc, type_name
from ._common import build_module

FUNCS = {}


def _sources():
    from ..builtins_core import vm_ref
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
    lines = [format_exception_only(e, abstract.str_host)]
    notes = format_notes(e)
    if notes:
        lines.append(notes)
    return new_list([new_str(s) for s in lines])


FUNCS["format_tb"] = new_builtin("format_tb", _format_tb_impl, 1, 2, module="_traceback")
FUNCS["format_exception_only"] = new_builtin("format_exception_only", _format_exception_only_impl,
                                             1, 1, module="_traceback")


def make_module():
    return build_module("_traceback", FUNCS, {},
                        "Traceback formatting primitives for the traceback module.")
