"""``python -m bench``: minipy against CPython on the programs in bench/programs.

    python -m bench                      # every program, 3 runs after a warm-up
    python -m bench --quick              # 1 run, no warm-up
    python -m bench --runs 5 --json out.json
    python -m bench --host python3 --host pypy3   # minipy on both hosts, side by side
    python -m bench --big                # include the 1M-object collection
    python -m bench --micro-only --big   # only the in-process micro figures
    python -m bench --programs fib,nbody --no-micro

Each program runs as a whole process under the CPython baseline
(``python3 prog.py``) and under minipy on every host (``HOST -m minipy
prog.py``); the wall time of the process is measured (``time.perf_counter``
around ``subprocess.run``) and the median kept.  minipy's stdout must equal
CPython's: a mismatch shows as WRONG, a program that needs a module minipy
lacks (ModuleNotFoundError) as n/a, any other failure as ERR.  The geometric
mean of the ratios is taken over the programs that ran correctly.

The micro figures (parse+compile, allocator, collector, memory) come from
``python -m bench.micro`` run under each host.

A host named ``pypy3`` (or ``pypy``) runs from the virtualenv ``.venv-pypy``
in the repository root, which the runner creates when missing::

    pypy3 -m venv .venv-pypy
    .venv-pypy/bin/python -m pip install -e .
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS_DIR = os.path.join(ROOT, "bench", "programs")
PYPY_VENV = os.path.join(ROOT, ".venv-pypy")

OK, WRONG, NA, ERR, TIMEOUT = "ok", "WRONG", "n/a", "ERR", "TIMEOUT"


# ---------------------------------------------------------------- pure helpers

def median(times):
    """Median of a non-empty list of numbers (None for an empty one)."""
    if not times:
        return None
    return statistics.median(times)


def geomean(values):
    """Geometric mean of positive numbers (None if there are none)."""
    vals = [v for v in values if v is not None and v > 0]
    if not vals:
        return None
    return math.exp(sum(math.log(v) for v in vals) / len(vals))


def classify(expected_stdout, returncode, stdout, stderr, timed_out=False):
    """Status of one minipy run against CPython's stdout."""
    if timed_out:
        return TIMEOUT
    if returncode != 0 and "ModuleNotFoundError" in (stderr or ""):
        return NA
    if stdout == expected_stdout and returncode == 0:
        return OK
    if returncode != 0:
        return ERR
    return WRONG


_EXC_LINE = re.compile(r"^([A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning|Iteration))(:|$)")


def first_error_line(stderr):
    """The most telling line of a traceback: the last ``SomeError: message``
    line (a multi-line message is cut there), else the last non-empty line."""
    lines = [ln.strip() for ln in (stderr or "").splitlines() if ln.strip()]
    for ln in reversed(lines):
        if _EXC_LINE.match(ln):
            return ln[:200]
    return lines[-1][:200] if lines else ""


def summarize(programs, hosts):
    """Per host: geometric mean of ratios, the program with the largest ratio,
    and how many programs ran correctly.  ``programs`` is the list of program
    records (see ``run_program``)."""
    out = {}
    for host in hosts:
        ratios = []
        worst = None
        for p in programs:
            m = p["minipy"].get(host)
            if not m or m["status"] != OK or m.get("ratio") is None:
                continue
            ratios.append(m["ratio"])
            if worst is None or m["ratio"] > worst[1]:
                worst = (p["name"], m["ratio"])
        out[host] = {
            "geomean": geomean(ratios),
            "max": list(worst) if worst else None,
            "ok": len(ratios),
            "total": len(programs),
        }
    return out


def _fmt_time(t):
    if t is None:
        return "-"
    return "%.3fs" % t if t < 10 else "%.2fs" % t


def _fmt_ratio(r):
    if r is None:
        return "-"
    return "%.1fx" % r


def format_table(programs, hosts, summary=None):
    """The result table as text: program, CPython median, then per host the
    minipy median and the ratio (or the status when it did not run right)."""
    if summary is None:
        summary = summarize(programs, hosts)
    headers = ["program", "CPython"]
    for h in hosts:
        headers += ["minipy[%s]" % h, "ratio"]
    rows = []
    for p in programs:
        row = [p["name"], _fmt_time(p["cpython"].get("median"))]
        if p["cpython"].get("status", OK) != OK:
            row[1] = p["cpython"]["status"]
        for h in hosts:
            m = p["minipy"].get(h) or {"status": ERR}
            if m["status"] == OK:
                row += [_fmt_time(m.get("median")), _fmt_ratio(m.get("ratio"))]
            else:
                t = _fmt_time(m.get("median")) if m["status"] == WRONG else "-"
                row += [t, m["status"]]
        rows.append(row)
    geo = ["geometric mean", ""]
    for h in hosts:
        s = summary[h]
        geo += ["(%d/%d)" % (s["ok"], s["total"]), _fmt_ratio(s["geomean"])]
    widths = [max(len(str(r[i])) for r in [headers] + rows + [geo]) for i in range(len(headers))]

    def line(cells):
        parts = [str(cells[0]).ljust(widths[0])]
        parts += [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:])]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(line(["-" * w for w in widths]))
    out.append(line(geo))
    for h in hosts:
        s = summary[h]
        if s["max"]:
            out.append("slowest on %s: %s (%.1fx)" % (h, s["max"][0], s["max"][1]))
    return "\n".join(out)


def format_micro(micro):
    """The micro figures of every host as text."""
    out = []
    for host, m in micro.items():
        out.append("micro figures, minipy on %s:" % host)
        if m is None or "error" in (m or {}):
            out.append("  failed: %s" % ((m or {}).get("error", "no result")))
            continue
        pc = m["parse_compile"]
        out.append("  parse+compile    %8.0f lines/s  (%d lines: parse %.0f lines/s, compile %.0f lines/s)"
                   % (pc["lines_per_s"], pc["lines"], pc["parse_lines_per_s"], pc["compile_lines_per_s"]))
        al = m["allocator"]
        out.append("  allocator        %8.0f malloc+free pairs/s  (%.0f operations/s, random sizes 1-512, %d live)"
                   % (al["pairs_per_s"], al["ops_per_s"], al["live_blocks"]))
        gc = m["gc"]
        for n in ("10000", "100000", "1000000"):
            g = gc.get(n)
            label = "  full collection  %7s objects:" % _fmt_count(int(n))
            if g is None:
                out.append(label + " skipped (--big)")
            else:
                out.append(label + " %.4fs  (%d tracked; building them took %.2fs)"
                           % (g["collect_s"], g["tracked"], g["build_s"]))
        for a, b in (("100000", "10000"), ("1000000", "100000")):
            r = gc_ratio(gc, a, b)
            if r is not None:
                out.append("  collection time %s/%s: %.1fx (10x the objects)"
                           % (_fmt_count(int(a)), _fmt_count(int(b)), r))
        if "startup_s" in m:
            out.append("  startup (minipy -c pass, process)  %.3fs" % m["startup_s"])
        mem = m["memory"]
        if mem["method"] == "tracemalloc":
            kinds = ", ".join("%s %.0f" % (k, v) for k, v in mem["kinds"].items())
            out.append("  host bytes per live object (%s, %d objects): %s"
                       % (mem["method"], mem["objects"], kinds))
            blocks = mem.get("heap_blocks")
            if blocks:
                per_block = ", ".join("%s %.0f (%.1f blocks)" % (k, v / blocks[k], blocks[k])
                                      for k, v in mem["kinds"].items() if blocks.get(k))
                out.append("  host bytes per live heap block: %s" % per_block)
        else:
            # maxrss only grows in whole heap chunks (PyPy's GC reserves its
            # arenas up front): deltas this small say nothing, so none is shown
            out.append("  host bytes per live object: n/a (no tracemalloc on this host)")
    return "\n".join(out)


def _fmt_count(n):
    if n >= 1000000 and n % 1000000 == 0:
        return "%dM" % (n // 1000000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def gc_ratio(gc, big, small):
    a, b = gc.get(big), gc.get(small)
    if not a or not b or not b["collect_s"]:
        return None
    return a["collect_s"] / b["collect_s"]


def make_report(programs, hosts, micro, machine, runs):
    """Everything as one JSON-serialisable dict."""
    summary = summarize(programs, hosts)
    return {
        "machine": machine,
        "runs": runs,
        "hosts": hosts,
        "programs": programs,
        "summary": summary,
        "micro": micro,
    }


def write_json(path, report):
    with open(path, "w") as fh:
        json.dump(report, fh, indent=2, sort_keys=True)
        fh.write("\n")


# ---------------------------------------------------------------- running things

def list_programs(names=None):
    files = sorted(f for f in os.listdir(PROGRAMS_DIR) if f.endswith(".py") and not f.startswith("_"))
    progs = [(f[:-3], os.path.join(PROGRAMS_DIR, f)) for f in files]
    if names:
        wanted = set(names)
        progs = [p for p in progs if p[0] in wanted]
        missing = wanted - set(p[0] for p in progs)
        if missing:
            raise SystemExit("bench: no such program(s): %s" % ", ".join(sorted(missing)))
    return progs


def real_executable(cmd, env=None):
    """The interpreter behind ``cmd`` (pyenv shims and the like resolve to the
    real binary, so that the shim's own start-up is not measured)."""
    try:
        r = subprocess.run([cmd, "-c", "import sys; print(sys.executable)"],
                           capture_output=True, text=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = r.stdout.strip()
    return path if r.returncode == 0 and path else None


def setup_pypy_venv(log=print):
    """Create .venv-pypy with pypy3 and install minipy (editable) into it."""
    py = os.path.join(PYPY_VENV, "bin", "python")
    if os.path.exists(py):
        return py
    pypy = shutil.which("pypy3")
    if pypy is None:
        raise SystemExit("bench: pypy3 not found (Debian: apt-get install pypy3 pypy3-venv)")
    log("bench: creating %s: pypy3 -m venv .venv-pypy && .venv-pypy/bin/python -m pip install -e ."
        % PYPY_VENV)
    subprocess.run([pypy, "-m", "venv", PYPY_VENV], check=True)
    with open(os.path.join(PYPY_VENV, ".gitignore"), "w") as fh:
        fh.write("*\n")
    subprocess.run([py, "-m", "pip", "install", "-q", "-e", ROOT], check=True, cwd=ROOT)
    return py


def resolve_host(name, env, log=print):
    """Executable for a host name: 'pypy3'/'pypy' -> .venv-pypy, else the name on PATH."""
    if os.path.basename(name) in ("pypy3", "pypy"):
        cmd = setup_pypy_venv(log)
    else:
        cmd = name
    exe = real_executable(cmd, env)
    if exe is None:
        raise SystemExit("bench: cannot run host %r" % name)
    return exe


def bench_env(bytecode_cache=True):
    """The environment of the measured processes: minipy importable from the
    checkout; host bytecode caching on (in a cache directory outside the
    repository) so that every minipy start does not recompile minipy."""
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "minipy-bench-pycache")
    return env


def run_once(argv, env, timeout):
    """One process: (seconds, returncode, stdout, stderr, timed_out)."""
    t0 = time.perf_counter()
    try:
        r = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT,
                           timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return time.perf_counter() - t0, None, "", str(e), True
    return time.perf_counter() - t0, r.returncode, r.stdout, r.stderr, False


def measure(argv, env, runs, warmup, timeout, expected=None):
    """Warm-up then ``runs`` timed runs; stops early on a failure.  Returns a
    record with times, median, status (vs ``expected`` stdout) and stdout."""
    rec = {"times": []}
    first = None
    for i in range(runs + (1 if warmup else 0)):
        t, rc, out, err, timed_out = run_once(argv, env, timeout)
        if expected is None:
            status = OK if rc == 0 and not timed_out else (TIMEOUT if timed_out else ERR)
        else:
            status = classify(expected, rc, out, err, timed_out)
        if first is None:
            first = out
        if status != OK:
            rec.update(status=status, note=first_error_line(err) if status != WRONG else
                       "stdout %r, expected %r" % (out[-120:], (expected or "")[-120:]),
                       stdout=out)
            if status == WRONG:
                rec["times"].append(t)
                rec["median"] = median(rec["times"])
            return rec
        if warmup and i == 0:
            continue
        rec["times"].append(t)
    rec.update(status=OK, median=median(rec["times"]), min=min(rec["times"]), stdout=first)
    return rec


def run_program(name, path, cpython, hosts, env, runs, warmup, timeout, log=print):
    rec = {"name": name, "minipy": {}}
    cp = measure([cpython, path], env, runs, warmup, timeout)
    rec["cpython"] = {k: cp.get(k) for k in ("times", "median", "min", "status", "note")}
    expected = cp.get("stdout") or ""
    rec["stdout"] = expected.strip()
    for host, exe in hosts:
        if cp["status"] != OK:
            rec["minipy"][host] = {"status": ERR, "note": "CPython run failed", "times": []}
            continue
        m = measure([exe, "-m", "minipy", path], env, runs, warmup, timeout, expected)
        m.pop("stdout", None)
        if m["status"] == OK and cp["median"]:
            m["ratio"] = m["median"] / cp["median"]
        rec["minipy"][host] = m
        log("  %-16s CPython %s  minipy[%s] %s %s" % (
            name, _fmt_time(cp["median"]), host, _fmt_time(m.get("median")),
            _fmt_ratio(m.get("ratio")) if m["status"] == OK else m["status"] + " " + m.get("note", "")))
    return rec


def run_micro(host, exe, env, big, quick, timeout):
    argv = [exe, "-m", "bench.micro"] + (["--big"] if big else []) + (["--quick"] if quick else [])
    t, rc, out, err, timed_out = run_once(argv, env, timeout)
    if rc != 0 or timed_out:
        return {"error": first_error_line(err) or "exit status %s" % rc}
    try:
        m = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": "bad output: %r" % out[-200:]}
    starts = []
    for _ in range(1 if quick else 3):
        t, rc, _o, _e, _to = run_once([exe, "-m", "minipy", "-c", "pass"], env, timeout)
        if rc == 0:
            starts.append(t)
    m["startup_s"] = median(starts)
    return m


def machine_info(cpython, hosts, env):
    info = {"platform": platform.platform(), "nproc": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as fh:
            for ln in fh:
                if ln.startswith("model name"):
                    info["cpu"] = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        info["loadavg_at_start"] = list(os.getloadavg())
    except (OSError, AttributeError):
        pass
    versions = {}
    for label, exe in [("CPython", cpython)] + list(hosts):
        r = subprocess.run([exe, "-c", "import sys; print(sys.version.replace(chr(10), ' '))"],
                           capture_output=True, text=True, env=env)
        versions[label] = r.stdout.strip()
    info["versions"] = versions
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="timed runs per program (after a warm-up)")
    ap.add_argument("--quick", action="store_true", help="1 run, no warm-up, lighter micro figures")
    ap.add_argument("--host", action="append", default=None,
                    help="interpreter that runs minipy (repeatable; default python3)")
    ap.add_argument("--cpython", default="python3", help="the reference interpreter (default python3)")
    ap.add_argument("--programs", default=None, help="comma-separated subset of programs")
    ap.add_argument("--big", action="store_true", help="also time a collection of 1M objects")
    ap.add_argument("--no-micro", action="store_true", help="skip the micro figures")
    ap.add_argument("--micro-only", action="store_true", help="only the micro figures")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="keep the environment's PYTHONDONTWRITEBYTECODE (minipy recompiled at every start)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per process")
    ap.add_argument("--json", metavar="FILE", help="write every figure to FILE")
    args = ap.parse_args(argv)

    runs = 1 if args.quick else max(1, args.runs)
    warmup = not args.quick
    host_names = args.host or ["python3"]
    env = bench_env(not args.no_bytecode_cache)
    t_start = time.perf_counter()
    cpython = real_executable(args.cpython, env)
    if cpython is None:
        raise SystemExit("bench: cannot run %r" % args.cpython)
    hosts = []
    for h in host_names:
        if h not in [x[0] for x in hosts]:
            hosts.append((h, resolve_host(h, env)))
    machine = machine_info(cpython, hosts, env)
    print("bench: %d runs%s; CPython %s; minipy on %s" % (
        runs, " after a warm-up" if warmup else "", cpython,
        ", ".join("%s (%s)" % h for h in hosts)))
    print("machine: %s, %s cpus, load %s" % (machine.get("cpu", "?"), machine["nproc"],
                                             machine.get("loadavg_at_start")))
    programs = []
    selected = list_programs(args.programs.split(",") if args.programs else None)
    for name, path in ([] if args.micro_only else selected):
        programs.append(run_program(name, path, cpython, hosts, env, runs, warmup, args.timeout))
    micro = {}
    if not args.no_micro:
        for host, exe in hosts:
            print("  micro figures on %s ..." % host)
            micro[host] = run_micro(host, exe, env, args.big, args.quick, max(args.timeout, 1800))
    names = [h for h, _ in hosts]
    report = make_report(programs, names, micro, machine, runs)
    report["elapsed_s"] = time.perf_counter() - t_start
    if programs:
        print()
        print(format_table(programs, names, report["summary"]))
    if micro:
        print()
        print(format_micro(micro))
    print("\nbench: %.0fs in all" % report["elapsed_s"])
    if args.json:
        write_json(args.json, report)
        print("bench: wrote %s" % args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
