"""The command line: run a file, ``-c CODE``, the REPL, and ``dis``.

    minipy [options] FILE [args...]     run a program
    minipy [options] -c CODE [args...]  run a string
    minipy [options] -i FILE            run, then start the REPL
    minipy [options]                    the REPL
    minipy dis FILE                     disassemble
    minipy heapmap FILE -o map.svg      draw the heap (minipy.viz)
    minipy refgraph FILE -o graph.svg   draw the reference graph
    minipy trace FILE -o trace.html     a step-through visualizer of the run

Options: --heap-profile {classic,cpython311}, --max-heap SIZE (e.g. 64M),
--audit (check every refcount at exit and report), --gc-stats (what the cycle
collector did, printed at exit), --stats (a run summary at exit).
"""

import os
import sys

from minipy.errors import MiniSyntaxError, InternalError, ResourceLimitExceeded

USAGE = """usage: minipy [--heap-profile NAME] [--max-heap SIZE] [--audit] [--gc-stats] [--stats] [-c CODE | -i FILE | FILE | dis FILE | heapmap|refgraph|trace FILE -o OUT] [args...]"""


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


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    opts = {"heap_profile": "classic", "max_heap": None, "switch_every": None}
    audit = False
    gc_stats = False
    gil_stats = False
    audit_each = False
    limits = {}
    stats = False
    interactive = False
    code = None
    while argv and argv[0].startswith("-") and argv[0] != "-":
        a = argv.pop(0)
        if a == "--heap-profile" and argv:
            opts["heap_profile"] = argv.pop(0)
        elif a.startswith("--heap-profile="):
            opts["heap_profile"] = a.split("=", 1)[1]
        elif a == "--max-heap" and argv:
            opts["max_heap"] = parse_size(argv.pop(0))
        elif a.startswith("--max-heap="):
            opts["max_heap"] = parse_size(a.split("=", 1)[1])
        elif a == "--audit":
            audit = True
        elif a == "--audit=each":
            audit = True
            audit_each = True
        elif a == "--gc-stats":
            gc_stats = True
        elif a == "--gil-stats":
            gil_stats = True
        elif a == "--max-steps" and argv:
            limits["max_steps"] = int(argv.pop(0))
        elif a == "--timeout" and argv:
            limits["timeout"] = float(argv.pop(0))
        elif a == "--switch-every" and argv:
            opts["switch_every"] = int(argv.pop(0))
        elif a.startswith("--switch-every="):
            opts["switch_every"] = int(a.split("=", 1)[1])
        elif a == "--stats":
            stats = True
        elif a == "-i":
            interactive = True
        elif a == "-c" and argv:
            code = argv.pop(0)
            break
        elif a in ("-h", "--help"):
            print(USAGE)
            return 0
        else:
            sys.stderr.write("minipy: unknown option %s\n%s\n" % (a, USAGE))
            return 2
    _setup_host()
    from minipy.api import Interpreter

    def make_interpreter(argv):
        interp = Interpreter(argv=argv, **opts)
        interp.vm.set_limits(**limits)
        if audit_each:
            from minipy.runtime.audit import install_audit_each
            install_audit_each(interp)
        return interp
    if code is None and argv and argv[0] == "dis":
        try:
            return _dis(argv[1:])
        except BrokenPipeError:
            # `minipy dis prog | head`: the reader went away; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
    if code is None and argv and argv[0] in ("heapmap", "refgraph", "trace"):
        from minipy.viz import cli as viz_cli
        return viz_cli.main(argv[0], argv[1:], opts)
    if stats:
        from minipy.viz.stats import with_stats
        Interpreter = with_stats(Interpreter)
    try:
        if code is not None:
            interp = make_interpreter(argv=["-c"] + argv)
            status = interp.run_source(code if code.endswith("\n") else code + "\n", "<string>")
        elif argv:
            interp = make_interpreter(argv=argv)
            try:
                with open(argv[0], encoding="utf-8", errors="surrogateescape"):
                    pass
            except OSError as e:
                sys.stderr.write("minipy: can't open file '%s': [Errno %d] %s\n"
                                 % (os.path.abspath(argv[0]), e.errno or 2, e.strerror))
                return 2
            try:
                status = interp.run_file(argv[0])
            except BrokenPipeError:
                # the reader of our output went away (e.g. `| head`): stop quietly
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                return 1
        else:
            interp = make_interpreter(argv=[""])
            interactive = True
            status = 0
        if interactive:
            install_sigint(interp)
            from minipy.repl import repl
            status = repl(interp)
        if audit:
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
        if gc_stats:
            sys.stdout.flush()
            sys.stderr.write(gc_stats_report())
        if gil_stats:
            sys.stdout.flush()
            sys.stderr.write(gil_stats_report(interp))
        if stats:
            sys.stdout.flush()
            sys.stderr.write(interp.stats_report())
        sys.stdout.flush()
        if interp.interrupted and not interactive:
            _die_by_sigint()
        return status
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
