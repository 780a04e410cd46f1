"""Host-side errors: the only host exceptions minipy defines.

They never reach a minipy program.  ``MiniSyntaxError`` carries everything
needed to print CPython's SyntaxError layout; ``InternalError`` marks a bug in
minipy itself (a wrong refcount, a double free, an unknown opcode) and must
fail a test loudly rather than be turned into a program-level exception.
"""


class MiniSyntaxError(Exception):
    """Bad source: reported like CPython's SyntaxError (file, line, caret)."""

    def __init__(self, msg, filename="<string>", lineno=1, offset=1, text=None,
                 end_lineno=None, end_offset=None, kind="SyntaxError"):
        super().__init__(msg)
        self.msg = msg
        self.filename = filename
        self.lineno = lineno
        self.offset = offset          # 1-based column, as in CPython
        self.text = text              # the source line, without its newline
        self.end_lineno = end_lineno
        self.end_offset = end_offset
        self.kind = kind              # "SyntaxError", "IndentationError" or "TabError"

    def format(self):
        """The lines CPython prints for an uncaught SyntaxError (no traceback
        header): pythonrun.c's print_error_text, caret rules included."""
        lines = ['  File "%s", line %d' % (self.filename, self.lineno)]
        if self.text is not None:
            raw = self.text.rstrip("\r\n")
            stripped = raw.lstrip(" \t\f")
            lines.append("    " + stripped)
            offset = self.offset
            if offset is not None and offset >= 1:
                col = offset - 1 - (len(raw) - len(stripped))
                col = min(col, len(stripped))
                # no caret when it would point into the indentation (or before
                # the line), nor under an empty line (CPython's file tokenizer
                # reports offset 0 there); an IndentationError gets a single caret
                if col >= 0 and stripped:
                    width = 1
                    end = self.end_offset
                    if end is not None and self.end_lineno is not None and \
                            self.end_lineno > self.lineno:
                        # highlight to the end of the first line
                        end = len(self.text.rstrip("\n")) + 1
                    if end is not None:
                        end = min(end, len(self.text) + 1)
                        if end > offset and self.kind not in ("IndentationError", "TabError"):
                            width = end - offset
                    lines.append("    " + " " * col + "^" * width)
        lines.append("%s: %s" % (self.kind, self.msg))
        return "\n".join(lines) + "\n"


class InternalError(Exception):
    """A bug in minipy.  Never caught by programs; tests treat it as a failure."""


class HeapCorruption(InternalError):
    """Double free, foreign address or another allocator invariant broken."""


class HeapExhausted(Exception):
    """The configured --max-heap limit would be exceeded (becomes MemoryError)."""


class ResourceLimitExceeded(Exception):
    """--max-steps or --timeout ran out: the run is stopped (programs cannot catch it).

    The command line reports it and exits with ``exit_status`` (see README)."""

    def __init__(self, what, exit_status):
        super().__init__(what)
        self.what = what
        self.exit_status = exit_status


class ProcessExit(BaseException):
    """os._exit(status) in an interpreter whose output is captured (tests): the
    run stops at once -- no except/finally clause, atexit function, finalizer or
    flush runs -- and the interpreter reports ``status``.  (On the command line
    os._exit ends the host process itself.)"""

    def __init__(self, status):
        super().__init__(status)
        self.status = status
