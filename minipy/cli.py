"""The command line: run a file, ``-c CODE``, ``-m MODULE`` or standard input,
the REPL, and ``dis``; CPython's options where they mean something here.

    minipy [options] FILE [args...]     run a program
    minipy [options] -c CODE [args...]  run a string
    minipy [options] -m MODULE [args...] run a module found on the path as __main__
    minipy [options] - [args...]        run the program read from standard input
    minipy [options] -i FILE            run, then start the REPL
    minipy [options]                    the REPL (a program on standard input
                                        when it is not a terminal)
    minipy dis FILE                     disassemble
    minipy heapmap FILE -o map.svg      draw the heap (minipy.viz)
    minipy refgraph FILE -o graph.svg   draw the reference graph
    minipy trace FILE -o trace.html     a step-through visualizer of the run

Options are parsed as CPython parses its own (``-OO``, ``-Werror``, ``-uB``
and ``-W error`` alike; the first non-option argument is the program, and the
rest are its ``sys.argv``); see ``HELP``.
"""

import os
import sys

from minipy.errors import MiniSyntaxError, InternalError, ResourceLimitExceeded

USAGE = ("usage: minipy [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
         "       minipy dis|heapmap|refgraph|trace FILE [-o OUT]")

HELP = USAGE + """
Options (CPython's):
-b, -bb  : set sys.flags.bytes_warning
-B       : set sys.dont_write_bytecode (minipy's code cache is still used)
-c cmd   : program passed in as string (terminates option list)
-d, -v   : set sys.flags.debug / sys.flags.verbose
-E, -s, -S, -R : accepted (sys.flags); the environment still reaches the host
-h, -?, --help : print this help message and exit
-i       : inspect interactively after running the program
-I       : isolate (implies -E, -P and -s)
-m mod   : run a module found on the path as a script (terminates option list)
-O       : remove assert statements and __debug__-dependent code (.opt-1)
-OO      : do -O and also discard docstrings
-P       : do not prepend the program's directory (or the current one) to sys.path
-q       : no banner at the interactive prompt
-u       : unbuffered stdout and stderr
-V, --version : print the Python version number and exit (-VV: more)
-W arg   : warning control: action:message:category:module:lineno (sys.warnoptions)
-x       : skip the first line of the source
-X opt   : set an implementation-specific option (sys._xoptions);
           -X int_max_str_digits=N sets the int/str conversion limit
file     : program read from a file; - : program read from stdin
minipy's own:
--heap-profile {classic,cpython311}, --max-heap SIZE (e.g. 64M)
--audit (check every refcount at exit; --audit=each: after every instruction)
--gc-stats, --gil-stats, --stats (reports at exit, on stderr)
--max-steps N, --timeout SECONDS, --switch-every N (GIL switch interval in instructions)
"""


def parse_size(text):
    text = text.strip().upper()
    mult = 1
    for suffix, m in (("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)):
        if text.endswith(suffix) or text.endswith(suffix + "B"):
            mult = m
            text = text.rstrip("B")[:-1]
            break
    return int(float(text) * mult)


def _setup_host():
    # Deep host-level recursion (builtins calling back into programs) needs room.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))


def install_sigint(interp):
    """Ctrl-C: while the program runs, raise KeyboardInterrupt in it at the next
    safe point (the eval breaker, as CPython's signal handling does); at the
    REPL prompt, interrupt the input line."""
    import signal

    def handler(signum, frame):
        vm = interp.vm
        if vm.ts.frame is not None:
            vm.pending_signal = "KeyboardInterrupt"
            vm.eval_breaker = True
        else:
            raise KeyboardInterrupt
    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:          # not the main thread (embedded use): leave it alone
        pass


class Options:
    """What the command line asked for."""

    def __init__(self):
        self.interp = {"heap_profile": "classic", "max_heap": None, "switch_every": None}
        self.limits = {}
        self.audit = self.audit_each = False
        self.gc_stats = self.gil_stats = self.stats = False
        self.code = None            # -c
        self.module = None          # -m
        self.inspect = False        # -i
        self.unbuffered = False     # -u
        self.skip_first_line = False    # -x
        self.version = 0            # -V, -VV
        self.help = False
        self.optimize = 0           # -O, -OO
        self.warnoptions = []       # -W
        self.xoptions = []          # -X
        self.flags = {}             # sys.flags fields set by options


class UsageError(Exception):
    pass


# minipy's long options: name -> (takes a value, what it sets)
def _long_option(o, name, value):
    if name == "--heap-profile":
        o.interp["heap_profile"] = value
    elif name == "--max-heap":
        o.interp["max_heap"] = parse_size(value)
    elif name == "--max-steps":
        o.limits["max_steps"] = int(value)
    elif name == "--timeout":
        o.limits["timeout"] = float(value)
    elif name == "--switch-every":
        o.interp["switch_every"] = int(value)
    elif name == "--check-hash-based-pycs":
        pass                    # (CPython's; minipy's code cache is keyed by content)
    elif name == "--audit":
        o.audit = True
    elif name == "--audit=each":
        o.audit = o.audit_each = True
    elif name == "--gc-stats":
        o.gc_stats = True
    elif name == "--gil-stats":
        o.gil_stats = True
    elif name == "--stats":
        o.stats = True
    elif name == "--help":
        o.help = True
    elif name == "--version":
        o.version += 1
    else:
        raise UsageError("unknown option %s" % name)


_LONG_WITH_VALUE = ("--heap-profile", "--max-heap", "--max-steps", "--timeout",
                    "--switch-every", "--check-hash-based-pycs")
_COUNTED_FLAGS = {"b": "bytes_warning", "d": "debug", "v": "verbose"}
_SET_FLAGS = {"B": "dont_write_bytecode", "E": "ignore_environment", "s": "no_user_site",
              "S": "no_site", "q": "quiet", "P": "safe_path"}


# sys.flags fields the environment can set (PYTHONDONTWRITEBYTECODE and the like)
_ENVIRONMENT_FLAGS = ("debug", "inspect", "dont_write_bytecode", "no_user_site", "verbose",
                      "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path")


def parse_options(argv):
    """(Options, the program's arguments) for the command line *argv*; the
    program (file, '-', or the -c/-m operand's place) is the first of them."""
    o = Options()
    argv = list(argv)
    while argv:
        a = argv[0]
        if a == "-" or not a.startswith("-"):
            break
        argv.pop(0)
        if a == "--":
            break
        if a.startswith("--"):
            name, eq, value = a.partition("=")
            if name in _LONG_WITH_VALUE:
                if not eq:
                    if not argv:
                        raise UsageError("option %s needs a value" % name)
                    value = argv.pop(0)
                _long_option(o, name, value)
            else:
                _long_option(o, a, None)
            continue
        i = 1
        while i < len(a):
            ch = a[i]
            i += 1
            if ch in "cmWX":
                # the value: the rest of this argument, or the next one
                if i < len(a):
                    value = a[i:]
                elif argv:
                    value = argv.pop(0)
                else:
                    raise UsageError("Argument expected for the -%s option" % ch)
                i = len(a)
                if ch == "c":
                    o.code = value
                    return o, argv
                if ch == "m":
                    o.module = value
                    return o, argv
                (o.warnoptions if ch == "W" else o.xoptions).append(value)
            elif ch == "O":
                o.optimize += 1
            elif ch == "i":
                o.inspect = True
                o.flags["inspect"] = o.flags["interactive"] = 1
            elif ch == "I":
                o.flags.update(isolated=1, ignore_environment=1, no_user_site=1, safe_path=True)
            elif ch == "u":
                o.unbuffered = True
            elif ch == "x":
                o.skip_first_line = True
            elif ch == "V":
                o.version += 1
            elif ch in "h?":
                o.help = True
            elif ch in _COUNTED_FLAGS:
                f = _COUNTED_FLAGS[ch]
                o.flags[f] = o.flags.get(f, 0) + 1
            elif ch in _SET_FLAGS:
                o.flags[_SET_FLAGS[ch]] = True if ch == "P" else 1
            elif ch == "R":
                pass            # (hash randomization: on by default, as in CPython)
            else:
                raise UsageError("Unknown option: -%s" % ch)
    return o, argv


def _int_max_str_digits(xoptions):
    """-X int_max_str_digits=N (the last one wins), or None."""
    n = None
    for x in xoptions:
        name, _, value = x.partition("=")
        if name == "int_max_str_digits":
            if not value.isdigit() or (int(value) and int(value) < 640):
                raise UsageError("-X int_max_str_digits: invalid limit; must be >= 640 "
                                 "or 0 for unlimited.")
            n = int(value)
    return n


def _unbuffered_std_streams():
    """-u: stdout and stderr write through to their file descriptors."""
    import io
    for name in ("stdout", "stderr"):
        f = getattr(sys, name)
        try:
            fd = f.fileno()
        except (AttributeError, OSError, ValueError):
            continue
        raw = io.FileIO(fd, "w", closefd=False)
        setattr(sys, name, io.TextIOWrapper(raw, encoding=f.encoding, errors=f.errors,
                                            write_through=True))


def _find_module_file(name, lib_path):
    """The file ``-m name`` runs: <cwd>/name.mpy or .py, then minipy's own
    standard module; or an error message."""
    if "." in name:
        return None, "No module named %s (minipy has no packages)" % name
    for d, exts in ((os.getcwd(), (".mpy", ".py")), (lib_path, (".mpy",))):
        for ext in exts:
            path = os.path.join(d, name + ext)
            if os.path.isfile(path):
                return path, None
    from minipy.runtime.bootstrap import bootstrap
    bootstrap()             # (the runtime's modules exist only after it)
    from minipy.runtime.sysmodule import BUILTIN_MODULES
    if name in BUILTIN_MODULES:
        return None, "No code object available for %s" % name
    return None, "No module named %s" % name


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        o, argv = parse_options(argv)
        max_digits = _int_max_str_digits(o.xoptions)
    except (UsageError, ValueError) as e:
        sys.stderr.write("%s\n%s\nTry `minipy -h' for more information.\n" % (e, USAGE))
        return 2
    if o.help:
        print(HELP, end="")
        return 0
    if o.version:
        print("Python 3.11.7 (minipy)" if o.version > 1 else "Python 3.11.7")
        return 0
    _setup_host()
    if o.unbuffered:
        _unbuffered_std_streams()
    from minipy.api import Interpreter
    if o.code is None and o.module is None and argv and argv[0] == "dis":
        try:
            return _dis(argv[1:])
        except BrokenPipeError:
            # `minipy dis prog | head`: the reader went away; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
    if o.code is None and o.module is None and argv and \
            argv[0] in ("heapmap", "refgraph", "trace"):
        from minipy.viz import cli as viz_cli
        return viz_cli.main(argv[0], argv[1:], o.interp)
    if o.stats:
        from minipy.viz.stats import with_stats
        Interpreter = with_stats(Interpreter)
    # the environment's settings (the host python read them: PYTHONOPTIMIZE,
    # PYTHONWARNINGS, PYTHONDONTWRITEBYTECODE...), then the options'
    flags = dict(o.flags)
    host_optimize, host_warnoptions = sys.flags.optimize, sys.warnoptions
    if flags.get("ignore_environment"):
        # -E, -I: what the environment set for the host does not count
        host_optimize, host_warnoptions = 0, []
        for name in _ENVIRONMENT_FLAGS:
            flags.setdefault(name, 0)
    optimize = host_optimize + o.optimize
    # (in CPython's order: -X dev, PYTHONWARNINGS, -W, then -b/-bb)
    dev = any(x == "dev" for x in o.xoptions)
    if dev:
        flags["dev_mode"] = True
    warnoptions = (["default"] if dev else []) + list(host_warnoptions) + o.warnoptions
    if flags.get("bytes_warning"):
        warnoptions.append("error::BytesWarning" if flags["bytes_warning"] > 1
                           else "default::BytesWarning")
    if max_digits is not None:
        flags["int_max_str_digits"] = max_digits

    def make_interpreter(argv):
        interp = Interpreter(argv=argv, optimize=optimize, warnoptions=warnoptions,
                             xoptions=o.xoptions, flags=flags, **o.interp)
        interp.vm.set_limits(**o.limits)
        if max_digits is not None:
            from minipy.runtime import formatting
            formatting.INT_MAX_STR_DIGITS = max_digits
        if o.audit_each:
            from minipy.runtime.audit import install_audit_each
            install_audit_each(interp)
        if warnoptions:
            # (CPython has its warnings module, and the -W filters, from the start)
            interp.import_warnings()
        return interp
    interactive = o.inspect
    try:
        if o.code is not None:
            interp = make_interpreter(argv=["-c"] + argv)
            status = interp.run_source(o.code if o.code.endswith("\n") else o.code + "\n",
                                       "<string>")
        elif o.module is not None:
            from minipy import api
            path, error = _find_module_file(o.module, api.lib_path())
            if error:
                sys.stderr.write("minipy: %s\n" % error)
                return 1
            flags["run_module"] = True
            interp = make_interpreter(argv=[path] + argv)
            status = _run_program_file(interp, path, o)
        elif argv and argv[0] != "-":
            interp = make_interpreter(argv=argv)
            try:
                with open(argv[0], encoding="utf-8", errors="surrogateescape"):
                    pass
            except OSError as e:
                sys.stderr.write("minipy: can't open file '%s': [Errno %d] %s\n"
                                 % (os.path.abspath(argv[0]), e.errno or 2, e.strerror))
                return 2
            status = _run_program_file(interp, argv[0], o)
        elif argv or not (interactive or sys.stdin is None or sys.stdin.isatty()):
            # `minipy -` or a program piped in: standard input is the program
            interp = make_interpreter(argv=argv or [""])
            source = sys.stdin.read() if sys.stdin is not None else ""
            if o.skip_first_line:
                from minipy.api import without_first_line
                source = without_first_line(source)
            interp.main = interp.new_module("__main__", "<stdin>")    # (its __file__)
            status = interp.run_source(source, "<stdin>")
        else:
            interp = make_interpreter(argv=[""])
            interactive = True
            status = 0
        if interactive:
            install_sigint(interp)
            from minipy.repl import repl
            status = repl(interp, banner=not o.flags.get("quiet"))
        return _finish(interp, status, o, interactive)
    except ResourceLimitExceeded as e:
        sys.stdout.flush()
        sys.stderr.write("minipy: %s\n" % e.what)
        return e.exit_status
    except InternalError as e:
        sys.stdout.flush()
        sys.stderr.write("minipy: internal error: %s\n" % e)
        return 70
    except Exception as e:        # a bug in minipy: never a host traceback for the user
        sys.stdout.flush()
        sys.stderr.write("minipy: internal error: %s: %s\n" % (type(e).__name__, e))
        return 70


def _run_program_file(interp, path, o):
    try:
        return interp.run_file(path, skip_first_line=o.skip_first_line)
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _finish(interp, status, o, interactive):
    """After the program: --audit, interpreter exit, the reports; the status."""
    if o.audit:
        report = interp.audit()
        sys.stderr.write("audit: %d objects checked, %d refcount mismatches, %d unreachable, "
                         "%d orphan blocks\n"
                         % (report["checked"], len(report["mismatches"]), report["unreachable"],
                            len(report["orphan_blocks"])))
        for m in report["mismatches"][:20]:
            sys.stderr.write("  %s: stored %d, counted %d\n" % m)
        if report["mismatches"] or report["orphan_blocks"]:
            status = status or 3
    interp.finalize()
    if o.gc_stats:
        sys.stdout.flush()
        sys.stderr.write(gc_stats_report())
    if o.gil_stats:
        sys.stdout.flush()
        sys.stderr.write(gil_stats_report(interp))
    if o.stats:
        sys.stdout.flush()
        sys.stderr.write(interp.stats_report())
    sys.stdout.flush()
    if interp.interrupted and not interactive:
        _die_by_sigint()
    return status


def _die_by_sigint():
    """After an uncaught KeyboardInterrupt CPython ends by SIGINT (exit status
    130 in a shell, -2 for a parent process), so callers see an interrupt."""
    import os
    import signal
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except (AttributeError, OSError, ValueError):     # pragma: no cover - no signals
        pass


def gil_stats_report(interp):
    """The --gil-stats table: GIL acquisitions, forced switches and waiting per thread."""
    from minipy.runtime.sysmodule import gil_stats_rows
    gil = interp.vm.gil
    mode = ("every %d instructions" % gil.switch_every if gil.switch_every is not None
            else "interval %.4fs" % gil.interval)
    lines = ["gil stats: %d switches between threads (%s)" % (gil.switches, mode),
             "  %-16s %12s %16s %12s" % ("thread", "acquisitions", "forced switches", "waited (s)")]
    for name, acq, forced, wait in gil_stats_rows(gil):
        lines.append("  %-16s %12d %16d %12.4f" % (name, acq, forced, wait))
    return "\n".join(lines) + "\n"


def gc_stats_report():
    """The --gc-stats summary: what the cycle collector did during the run."""
    from minipy.gc import state as gcstate
    st = gcstate.state
    lines = ["gc stats: %d collections, %.4fs in the collector" % (len(st.log), st.total_time)]
    for g in range(3):
        runs = [r for r in st.log if r[0] == g]
        lines.append("  generation %d: %d collections, %d objects examined, %d unreachable, "
                     "%d uncollectable, %.4fs" % (
                         g, len(runs), sum(r[1] for r in runs), sum(r[2] for r in runs),
                         sum(r[3] for r in runs), sum(r[4] for r in runs)))
    auto = sum(1 for r in st.log if r[5] == "automatic")
    lines.append("  triggered: %d automatic, %d by gc.collect(), %d at exit" % (
        auto, sum(1 for r in st.log if r[5] == "manual"),
        sum(1 for r in st.log if r[5] == "shutdown")))
    lines.append("  tracked now: %d %d %d (frozen %d)" % tuple(len(st.generations[i]) for i in range(4)))
    return "\n".join(lines) + "\n"


def _dis(args):
    if not args:
        sys.stderr.write("usage: minipy dis FILE\n")
        return 2
    from minipy.syntax import parse
    from minipy.compiler import compile_module
    from minipy.bytecode.dis import dis
    path = args[0]
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    try:
        code = compile_module(parse(source, path), path, source)
    except MiniSyntaxError as e:
        sys.stderr.write(e.format())
        return 1
    dis(code, sys.stdout)
    return 0
