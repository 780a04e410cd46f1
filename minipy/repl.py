"""The interactive prompt: ``>>>`` and ``...``, echo of expression values.

Each input is read line by line until ``minipy.syntax.is_incomplete`` says it
is a whole statement (an empty line ends a compound statement, as in Python),
compiled in "single" mode — expression statements print their repr through
``PRINT_EXPR`` — and run in the ``__main__`` module.  An error prints its
traceback and the session goes on; Ctrl-D (end of input) leaves with status 0,
Ctrl-C abandons the current input with ``KeyboardInterrupt``.  Line editing and
history come from the host's ``readline`` when the terminal is interactive.
"""

import sys

from minipy.errors import MiniSyntaxError, ResourceLimitExceeded
from minipy.objects import core
from minipy.objects.exceptions import PyExc

BANNER = "minipy 0.1 (Python 3.11 subset on a simulated obmalloc heap)\n" \
         'Type "help", "copyright", "credits" or "license" for more information.\n'


def _reader(stdin):
    interactive = stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass

    def read(prompt):
        if interactive:
            return input(prompt)             # raises EOFError at Ctrl-D
        sys.stderr.write(prompt)             # prompts go to stderr, as CPython's do
        sys.stderr.flush()
        line = stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")
    return read


def repl(interp, stdin=None, banner=True):
    """Run the prompt until end of input; returns the exit status."""
    from minipy.syntax import is_incomplete
    stdin = stdin or sys.stdin
    read = _reader(stdin)
    if interp.main is None:
        interp.main = interp.new_module("__main__")
    if banner and stdin.isatty():
        sys.stderr.write(BANNER)
    while True:
        lines = []
        try:
            line = read(">>> ")
            lines.append(line)
            while is_incomplete("\n".join(lines), "<stdin>"):
                lines.append(read("... "))
        except EOFError:
            if not any(l.strip() for l in lines):
                sys.stderr.write("\n" if stdin.isatty() else "")
                return 0
        except KeyboardInterrupt:
            sys.stderr.write("\nKeyboardInterrupt\n")
            continue
        source = "\n".join(lines) + "\n"
        if not source.strip():
            continue
        status = run_interactive(interp, source)
        if status is not None:
            return status


def run_interactive(interp, source):
    """Compile and run one REPL input; returns an exit status only on SystemExit."""
    from minipy.objects.exceptions import EXC_TYPES
    try:
        code = interp.compile(source, "<stdin>", "single")
    except MiniSyntaxError as e:
        interp.host_write("stderr", e.format())
        return None
    interp.vm.steps = 0          # --max-steps applies to each input
    try:
        core.decref(interp.exec_code(code, interp.main.dict))
    except PyExc as e:
        if EXC_TYPES["SystemExit"] in e.exc.ob_type.mro:
            return interp.handle_uncaught(e.exc)
        interp.handle_uncaught(e.exc)
    except KeyboardInterrupt:
        interp.host_write("stderr", "Traceback (most recent call last):\n  ...\nKeyboardInterrupt\n")
        interp.vm.ts.frame = None
        interp.vm.ts.depth = 0
    except ResourceLimitExceeded as e:
        # the limit stops this input; the session stays usable
        interp.host_write("stderr", "minipy: %s\n" % e.what)
        interp.vm.ts.frame = None
        interp.vm.ts.depth = 0
    sys.stdout.flush()
    return None
