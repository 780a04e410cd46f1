"""open(), the file objects and os: what a differential test cannot see.

Host objects never reach a program (file objects, their buffers, errors,
os.environ, stat results, directory entries are heap objects); a file
object left open is flushed and closed when it is freed or when the
interpreter finishes; reading makes heap str/bytes; permission errors."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENV = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")


def _run(src, tmp_path):
    from minipy.api import Interpreter
    old = os.getcwd()
    os.chdir(str(tmp_path))
    try:
        interp = Interpreter(capture=True)
        status = interp.run_source(src, "<files>")
    finally:
        os.chdir(old)
    assert status == 0, interp.stderr_text()
    return interp


def test_file_objects_reach_only_heap_objects(tmp_path):
    from minipy.objects.core import PyObject
    src = ("import os, io\n"
           "f = open('a.txt', 'w+')\n"
           "f.write('text')\n"
           "b = open('b.bin', 'wb+')\n"
           "try:\n    open('missing')\nexcept OSError as e:\n    err = e\n"
           "try:\n    f.buffer.raw.read('x')\nexcept TypeError as e:\n    err2 = e\n"
           "entries = list(os.scandir('.'))\n"
           "things = [f, f.buffer, f.buffer.raw, b, b.raw, type(f), err, err2, os.environ,\n"
           "          os.stat('a.txt'), entries, io.BytesIO(b'x'), vars(os), vars(io),\n"
           "          f.newlines, f.mode, f.name, f.encoding, b.peek()]\n")
    interp = _run(src, tmp_path)
    things = interp.lookup_global("things")
    seen, todo = set(), list(things.items)
    while todo:
        o = todo.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        assert isinstance(o, PyObject), type(o)
        todo.extend(o.ob_type.tp_traverse(o))
    assert len(seen) > 100
    interp.finalize()


def test_read_data_are_heap_objects(tmp_path):
    from minipy.objects.strobject import PyStr
    from minipy.objects.bytesobject import PyBytes
    (tmp_path / "d.txt").write_bytes(b"one\ntwo\n")
    interp = _run("s = open('d.txt').read()\nb = open('d.txt', 'rb').read()\n"
                  "lines = open('d.txt').readlines()\n", tmp_path)
    s, b, lines = (interp.lookup_global(n) for n in ("s", "b", "lines"))
    assert isinstance(s, PyStr) and s.value == "one\ntwo\n"
    assert isinstance(b, PyBytes) and b.value == b"one\ntwo\n"
    assert [x.value for x in lines.items] == ["one\n", "two\n"]
    report = interp.audit()
    assert report["mismatches"] == [] and report["orphan_blocks"] == []
    interp.finalize()


def test_unclosed_files_are_flushed_when_freed_and_at_exit(tmp_path):
    src = ("f = open('kept.txt', 'w')\n"
           "f.write('kept open')\n"
           "g = open('freed.txt', 'w')\n"
           "g.write('freed')\n"
           "del g\n"
           "print(open('freed.txt').read())\n")
    p = tmp_path / "prog.mpy"
    p.write_text(src)
    got = subprocess.run([sys.executable, "-m", "minipy", str(p)], capture_output=True,
                         text=True, env=ENV, timeout=120, cwd=str(tmp_path))
    assert got.returncode == 0, got.stderr
    assert got.stdout == "freed\n"
    assert (tmp_path / "kept.txt").read_text() == "kept open"


def test_host_open_gives_a_closed_file_error_after_close(tmp_path):
    interp = _run("f = open('x.txt', 'w')\nf.close()\n"
                  "try:\n    f.write('a')\nexcept ValueError as e:\n    msg = str(e)\n", tmp_path)
    assert interp.lookup_global("msg").value == "I/O operation on closed file."
    interp.finalize()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root is never denied")
def test_permission_error(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    try:
        interp = _run("try:\n    open('locked.txt')\nexcept PermissionError as e:\n"
                      "    r = (str(e), e.errno, e.filename)\n", tmp_path)
    finally:
        locked.chmod(0o600)
    r = interp.lookup_global("r")
    assert [x.value for x in r.items] == ["[Errno 13] Permission denied: 'locked.txt'", 13,
                                          "locked.txt"]
    interp.finalize()


def test_no_process_control_in_os():
    interp_src = "import os\nnames = [n for n in ('system', 'popen', 'fork', 'execv', 'kill', " \
                 "'spawnv') if hasattr(os, n)]\n"
    from minipy.api import Interpreter
    interp = Interpreter(capture=True)
    assert interp.run_source(interp_src, "<os>") == 0, interp.stderr_text()
    assert interp.lookup_global("names").items == []
    interp.finalize()
