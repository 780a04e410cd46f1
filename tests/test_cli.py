"""The command line and the REPL, driven as a user would: subprocesses, pipes, a pty."""

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")


def minipy(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "minipy"] + list(args), input=stdin,
                          capture_output=True, text=True, env=ENV, cwd=cwd, timeout=120)


def python3(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable] + list(args), input=stdin, capture_output=True,
                          text=True, env=ENV, cwd=cwd, timeout=120)


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def _no_caret_lines(text):
    """CPython 3.11 underlines the failing expression; minipy prints the rest identically."""
    return [l for l in text.splitlines() if not set(l.strip()) <= set("^~")]


def test_uncaught_exception_traceback_matches_python3(tmp_path):
    path = write(tmp_path, "err.mpy", "def inner(d):\n    return d['missing']\n"
                 "def outer():\n    return inner({})\nprint('before')\nouter()\n")
    got, exp = minipy(path), python3(path)
    assert got.returncode == exp.returncode == 1
    assert got.stdout == exp.stdout == "before\n"
    assert _no_caret_lines(got.stderr) == _no_caret_lines(exp.stderr)


def test_chained_exception_report_matches_python3(tmp_path):
    path = write(tmp_path, "chain.mpy", "try:\n    {}['k']\nexcept KeyError as e:\n"
                 "    raise ValueError('bad') from e\n")
    got, exp = minipy(path), python3(path)
    assert got.returncode == 1
    assert _no_caret_lines(got.stderr) == _no_caret_lines(exp.stderr)


@pytest.mark.parametrize("source", [
    "x = (1,\ny = 2\n",
    "if True\n    pass\n",
    "def f():\nreturn 1\n",
    "print('unterminated)\n",
    "x = 1 +\n",
    "a b c\n",
    "for x in range(3):\n    pass\n  bad = 1\n",
    "f() = 3\n",
])
def test_syntax_error_report_matches_python3(tmp_path, source):
    path = write(tmp_path, "bad.mpy", source)
    got, exp = minipy(path), python3(path)
    assert got.returncode == exp.returncode == 1
    assert got.stdout == ""
    assert got.stderr.splitlines()[-1] == exp.stderr.splitlines()[-1]
    assert got.stderr.splitlines()[0] == exp.stderr.splitlines()[0]     # file and line
    assert "Traceback" not in got.stderr and "lark" not in got.stderr.lower()


def test_exit_status_of_sys_exit(tmp_path):
    path = write(tmp_path, "ex.mpy", "import sys\nprint('a')\nsys.exit(7)\n")
    got = minipy(path)
    assert (got.returncode, got.stdout) == (7, "a\n")
    got = minipy(write(tmp_path, "ex2.mpy", "import sys\nsys.exit('fatal')\n"))
    assert (got.returncode, got.stderr) == (1, "fatal\n")


def test_dash_c_and_argv(tmp_path):
    got = minipy("-c", "import sys; print(sys.argv[1:], 6 * 7)", "x", "y")
    assert got.stdout == "['x', 'y'] 42\n" and got.returncode == 0


def test_deep_recursion_with_raised_limit_and_recursion_error(tmp_path):
    path = write(tmp_path, "deep.mpy",
                 "import sys\nsys.setrecursionlimit(5000)\n"
                 "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n"
                 "print(depth(4000))\n"
                 "def forever(n):\n    return forever(n + 1)\n"
                 "try:\n    forever(0)\nexcept RecursionError as e:\n    print(type(e).__name__, e)\n")
    got, exp = minipy(path), python3(path)
    assert got.stdout == exp.stdout
    assert got.returncode == 0


def test_import_sibling_module(tmp_path):
    write(tmp_path, "helper_mod.mpy", "GREETING = 'hi'\ndef double(x):\n    return 2 * x\n")
    path = write(tmp_path, "main.mpy", "import helper_mod\nfrom helper_mod import double as d\n"
                 "print(helper_mod.GREETING, d(21), helper_mod.__name__)\n"
                 "try:\n    import no_such_module\nexcept ImportError as e:\n"
                 "    print(type(e).__name__, e)\n")
    got = minipy(path)
    assert got.stdout == "hi 42 helper_mod\nModuleNotFoundError No module named 'no_such_module'\n"


def test_no_host_modules_reachable(tmp_path):
    got = minipy("-c", "import subprocess")
    assert got.returncode == 1
    assert got.stderr.splitlines()[-1] == "ModuleNotFoundError: No module named 'subprocess'"


def test_dis_lists_nested_code(tmp_path):
    path = write(tmp_path, "d.mpy", "def f(a):\n    return a + 1\nprint(f(1))\n")
    got = minipy("dis", path)
    assert got.returncode == 0
    assert "LOAD_FAST" in got.stdout and "BINARY_OP" in got.stdout and "RETURN_VALUE" in got.stdout
    assert "Disassembly of <code object f" in got.stdout


def test_audit_flag_reports_clean_heap(tmp_path):
    path = write(tmp_path, "a.mpy", "class N:\n    pass\nxs = [N() for _ in range(100)]\n"
                 "d = {i: str(i) for i in range(50)}\ndel xs\n")
    got = minipy("--audit", path)
    assert got.returncode == 0
    assert "0 refcount mismatches" in got.stderr


def test_max_heap_raises_memory_error_inside_program(tmp_path):
    path = write(tmp_path, "m.mpy", "chunks = []\ntry:\n    while True:\n"
                 "        chunks.append([0] * 1000)\nexcept MemoryError:\n"
                 "    n = len(chunks)\n    chunks = None\n    print('MemoryError caught', n > 10)\n"
                 "print(sum(range(10)))\n")
    got = minipy("--max-heap", "2M", "--audit", path)
    assert got.stdout == "MemoryError caught True\n45\n"
    assert got.returncode == 0


def test_cpython311_heap_profile_reports_32_classes(tmp_path):
    got = minipy("--heap-profile", "cpython311", "-c", "import sys; sys._debugmallocstats()")
    assert got.stderr.startswith("Small block threshold = 512, in 32 size classes.")
    got = minipy("-c", "import sys; sys._debugmallocstats()")
    assert got.stderr.startswith("Small block threshold = 512, in 64 size classes.")


def test_repl_through_a_pipe_recovers_from_errors():
    """-i with a pipe: the prompt reads line by line, echoes values, goes on after errors."""
    script = ("x = 6\nx * 7\ndef f(a):\n    return a + 1\n\nf(x)\n1/0\n"
              "for i in range(2):\n    print(i)\n\n'done'\n")
    got = minipy("-i", stdin=script)
    assert got.returncode == 0
    assert got.stdout == "42\n7\n0\n1\n'done'\n"
    assert "ZeroDivisionError: division by zero" in got.stderr


def test_repl_syntax_error_then_continues():
    got = minipy("-i", stdin="x = (1,\n]\nprint('still here')\n")
    assert "SyntaxError" in got.stderr
    assert got.stdout == "still here\n"


# a program whose blank line inside a function would end the block at a prompt,
# with an expression statement a prompt would echo
PIPED_PROGRAM = ("import sys\ndef f(a):\n    b = a + 1\n\n    return b * 2\n6 * 7\n"
                 "print(f(1), sys.argv, repr(__file__) if '__file__' in dir() else 'no file')\n"
                 "print(sys.path[0] == '', __name__)\n1/0\n")


@pytest.mark.parametrize("args", [(), ("-",), ("-", "x", "y")])
def test_a_program_on_stdin_runs_as_a_script_like_python3(args):
    """`minipy < prog`, `minipy - args`: standard input is the program, not a prompt."""
    got, exp = minipy(*args, stdin=PIPED_PROGRAM), python3(*args, stdin=PIPED_PROGRAM)
    assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode)
    assert got.stdout.startswith("4 ") and got.returncode == 1
    assert got.stderr.endswith("ZeroDivisionError: division by zero\n")
    assert 'File "<stdin>", line 9, in <module>' in got.stderr


OPTIONS_PROGRAM = (
    "import sys\n"
    "def f():\n    'doc'\n    return __debug__\n"
    "print(f(), f.__doc__, sys.flags.optimize, sys.flags.bytes_warning, sys.flags.verbose,\n"
    "      sys.flags.quiet, sys.flags.isolated, sys.flags.safe_path, sys.dont_write_bytecode)\n"
    "print(sys.warnoptions, sys._xoptions, sys.argv[1:], sys.get_int_max_str_digits())\n"
    "if __debug__:\n    print('debug code')\n"
    "try:\n    assert 1 > 2, 'no'\n    print('assert skipped')\n"
    "except AssertionError as e:\n    print('assert failed', e)\n")


@pytest.mark.parametrize("opts", [
    (), ("-O",), ("-OO",), ("-O", "-O"), ("-bb", "-v", "-q"), ("-uB",), ("-I",), ("-P", "-s", "-E"),
    ("-W", "error", "-Wignore::DeprecationWarning"), ("-Xfoo=1", "-X", "bar"),
    ("-X", "int_max_str_digits=1000"), ("--",), ("-X", "dev", "-b"),
])
def test_cpython_options_set_what_python3_sets(tmp_path, opts):
    """CPython's options, attached or separate: sys.flags, -O/-OO code, -W/-X lists."""
    path = write(tmp_path, "opts.py", OPTIONS_PROGRAM)
    args = list(opts) + [path, "-O", "arg"]     # (options after the program are its own)
    got, exp = minipy(*args), python3(*args)
    assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode)


def test_warning_options_filter_like_python3(tmp_path):
    """-W: actions by prefix, categories by name, message and module fields; the
    filters apply from the start (a SyntaxWarning made an error is a SyntaxError)."""
    path = write(tmp_path, "warn.py",
                 "import warnings\n"
                 "for cat in (UserWarning, DeprecationWarning, RuntimeWarning):\n"
                 "    try:\n        warnings.warn('careful ' + cat.__name__, cat)\n"
                 "        print('passed', cat.__name__)\n"
                 "    except Warning as e:\n        print('raised', type(e).__name__, e)\n")
    for opts in (["-W", "error"], ["-We::RuntimeWarning"], ["-W", "error:careful Dep"],
                 ["-W", "error::UserWarning:__main__"], ["-W", "error::Warning:other"],
                 ["-W", "bogus"], ["-W", "error::NoSuchWarning"], ["-W", "a:b:c:d:e:f"]):
        got, exp = minipy(*opts, path), python3(*opts, path)
        assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode), opts
        assert got.stderr.count("Invalid -W option ignored") == \
            exp.stderr.count("Invalid -W option ignored"), opts
    bad = write(tmp_path, "synwarn.py", "x = 1\nprint(x is 1)\n")
    got = minipy("-W", "error", bad)
    assert got.returncode == 1 and got.stdout == ""
    assert got.stderr.endswith("SyntaxError: \"is\" with a literal. Did you mean \"==\"?\n")


def test_dash_m_runs_a_module_as_main(tmp_path):
    """-m: the module is found from the current directory, then minipy's own
    library; sys.argv[0] is its file, sys.path[0] the current directory."""
    write(tmp_path, "tool.py", "import sys, os\nprint(__name__, os.path.basename(sys.argv[0]), "
          "sys.argv[1:], sys.path[0] == os.getcwd())\n")
    got = minipy("-m", "tool", "a", "-b", cwd=str(tmp_path))
    exp = python3("-m", "tool", "a", "-b", cwd=str(tmp_path))
    assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode)
    assert got.stdout == "__main__ tool.py ['a', '-b'] True\n"
    got = minipy("-m", "no_such_module_here", cwd=str(tmp_path))
    assert got.returncode == 1 and got.stderr == "minipy: No module named no_such_module_here\n"
    got, exp = minipy("-m", "keyword"), python3("-m", "keyword")    # a standard module
    assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode) == ("", 0)
    got, exp = minipy("-m", "math"), python3("-m", "math")          # one not in Python
    assert got.returncode == exp.returncode == 1
    assert got.stderr == "minipy: No code object available for math\n"


def test_version_help_and_bad_options():
    got = minipy("-V")
    assert (got.stdout, got.returncode) == (python3("-V").stdout, 0)
    assert minipy("--help").stdout.startswith("usage: minipy [option]")
    for bad, msg in ((["-z"], "Unknown option: -z"), (["-c"], "Argument expected for the -c option"),
                     (["--no-such"], "unknown option --no-such")):
        got = minipy(*bad)
        assert got.returncode == 2 and got.stderr.startswith(msg + "\nusage: "), bad


def test_x_skips_the_first_line_keeping_line_numbers(tmp_path):
    path = write(tmp_path, "x.py", "this is not python\nprint('ran')\n1/0\n")
    got = minipy("-x", path)
    assert got.stdout == "ran\n" and got.returncode == 1
    assert "line 3, in <module>" in got.stderr


class PtyRepl:
    """minipy's REPL in a pseudo-terminal, read and typed into like a user would."""

    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(ENV)
            os.execv(sys.executable, [sys.executable, "-m", "minipy"])
        self.out = b""

    def type(self, data):
        os.write(self.fd, data)

    def read_until(self, marker, timeout=30, after=b""):
        """Read until ``marker`` has appeared (after ``after``, if given)."""
        end = time.time() + timeout

        def seen():
            start = self.out.find(after) if after else 0
            return start >= 0 and self.out.find(marker, start + len(after)) >= 0
        while not seen() and time.time() < end:
            r, _, _ = select.select([self.fd], [], [], 0.5)
            if r:
                try:
                    self.out += os.read(self.fd, 4096)
                except OSError:
                    break
        return seen()

    def quit(self):
        self.type(b"\x04")          # Ctrl-D
        _wait_or_kill(self.pid)
        os.close(self.fd)


def test_repl_in_a_pseudo_terminal():
    repl = PtyRepl()
    assert repl.read_until(b">>> ")
    repl.type(b"2 ** 10\n")
    assert repl.read_until(b"1024")
    repl.type(b"if True:\n")
    assert repl.read_until(b"... ")
    repl.type(b"    print('in block')\n\n")
    assert repl.read_until(b">>> ", after=b"in block")
    repl.quit()


def test_ctrl_c_interrupts_running_code_in_the_repl():
    repl = PtyRepl()
    assert repl.read_until(b">>> ")
    repl.type(b"n = 0\n")
    repl.type(b"while True:\n    n += 1\n    if n == 1:\n        print('loop' + 'ing')\n\n")
    assert repl.read_until(b"looping")
    time.sleep(0.3)
    repl.type(b"\x03")                       # Ctrl-C while the loop runs
    assert repl.read_until(b"KeyboardInterrupt")
    repl.type(b"print('alive', n > 0)\n")
    assert repl.read_until(b">>> ", after=b"alive True")      # back at the prompt
    repl.quit()


def _wait_or_kill(pid, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.WEXITSTATUS(status) == 0
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError("the REPL did not exit after Ctrl-D")


def test_step_and_time_limits_stop_the_run_with_documented_statuses(tmp_path):
    loop = write(tmp_path, "loop.mpy", "print('start')\ni = 0\nwhile True:\n    i += 1\n")
    got = minipy("--max-steps", "5000", loop)
    assert (got.returncode, got.stdout) == (125, "start\n")
    assert got.stderr == "minipy: step limit of 5000 instructions exceeded\n"
    got = minipy("--timeout", "1", loop)
    assert (got.returncode, got.stdout) == (124, "start\n")
    assert got.stderr == "minipy: time limit of 1s exceeded\n"
    # a program that cannot catch it
    trap = write(tmp_path, "trap.mpy", "try:\n    while True:\n        pass\n"
                 "except BaseException:\n    print('caught?')\n")
    got = minipy("--max-steps", "2000", trap)
    assert got.returncode == 125 and got.stdout == ""


def test_repl_survives_a_step_limit():
    got = minipy("--max-steps", "3000", "-i",
                 stdin="while True:\n    pass\n\nprint('still usable')\n")
    assert "step limit of 3000 instructions exceeded" in got.stderr
    assert got.stdout == "still usable\n"
    assert got.returncode == 0


def test_non_utf8_source_is_a_syntax_error_like_cpython(tmp_path):
    p = tmp_path / "bad.mpy"
    p.write_bytes(b'x = 1\nprint("\xff\xfe")\n')
    got, exp = minipy(str(p)), python3(str(p))
    assert got.returncode == exp.returncode == 1
    assert got.stderr == exp.stderr


def test_uncaught_keyboard_interrupt_ends_the_process_by_sigint(tmp_path):
    """CPython prints the traceback, then kills itself with SIGINT (shell status
    130): so does the minipy command."""
    prog = tmp_path / "ki.mpy"
    prog.write_text('print("before")\nraise KeyboardInterrupt\n')
    exp = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True)
    got = subprocess.run([sys.executable, "-m", "minipy", str(prog)], capture_output=True,
                         text=True, cwd=ROOT)
    assert exp.returncode == got.returncode == -signal.SIGINT
    assert got.stdout == "before\n" and got.stderr == exp.stderr


STDIN_PROGRAM = 'import sys\nfirst = sys.stdin.readline()\nprint("first:", repr(first))\nname = input()\nprint("input:", name)\ncount = 0\nfor line in sys.stdin:\n    count += 1\n    if count == 2:\n        break\n    print("line:", line.rstrip())\nrest = sys.stdin.read()\nprint("rest:", repr(rest))\nprint(repr(sys.stdin.readline()), sys.stdin.readlines())\nprint(sys.stdin.readable(), sys.stdout.writable(), sys.stdin is sys.__stdin__)\nprint(repr(sys.stdin)[:30])\ntry:\n    sys.stdin.write("x")\nexcept OSError as e:\n    print(type(e).__name__ in ("OSError", "UnsupportedOperation"), e)\n'


def test_sys_stdin_reads_like_python3(tmp_path):
    """sys.stdin: readline, iteration, read, readlines, interleaved with input()."""
    path = write(tmp_path, "stdin.mpy", STDIN_PROGRAM)
    data = "a\nb\nc\nd\ne\nf\n"
    got, exp = minipy(path, stdin=data), python3(path, stdin=data)
    assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode)
    assert "rest: 'e\\nf\\n'" in got.stdout


STDIN_BUFFER_PROGRAM = (
    "import sys\n"
    "inp = sys.stdin.buffer.readline\n"
    "n = int(inp())\n"
    "print(n, list(map(int, inp().split())))\n"
    "print(sys.stdin.buffer.read(3), sys.stdin.buffer.readline(2), sys.stdin.buffer.readline())\n"
    "print(sys.stdin.buffer.read().split(), sys.stdin.buffer.read(), sys.stdin.buffer.readline())\n")


def test_sys_stdin_buffer_reads_bytes_like_python3(tmp_path):
    """sys.stdin.buffer (competitive-programming style fast input): bytes lines and reads."""
    path = write(tmp_path, "stdinb.mpy", STDIN_BUFFER_PROGRAM)
    data = "3\n1 2 3\nabcdefgh\nrest of \u00e9 input\n"
    got, exp = minipy(path, stdin=data), python3(path, stdin=data)
    assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode)
    assert "b'\\xc3\\xa9'" in got.stdout


def test_a_program_imports_its_sibling_py_module(tmp_path):
    """A program's own modules may be plain .py files, as CPython finds them."""
    write(tmp_path, "helper.py", "def double(x):\n    return 2 * x\nprint(list(globals()))\n")
    path = write(tmp_path, "main.py", "import helper\nprint(helper.double(21), helper.__name__)\n"
                 "print(list(globals()))\n")
    got, exp = minipy(path, cwd=str(tmp_path)), python3(path, cwd=str(tmp_path))
    assert (got.stdout, got.returncode) == (exp.stdout, exp.returncode)
    assert "42 helper" in got.stdout
