"""The compiled-code cache (minipy's __pycache__): entries round-trip exactly,
are used only for the source they were compiled from, and skip throwaway files."""

import glob
import marshal
import os

import pytest

from minipy.bytecode.code import CodeObject
from minipy.compiler import cache, compile_module
from minipy.syntax import parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = sorted(glob.glob(os.path.join(ROOT, "programs", "*.mpy"))) + \
    sorted(glob.glob(os.path.join(ROOT, "minipy", "lib", "*.mpy")))


def _compile(path):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    return src, compile_module(parse(src, path), path, src)


def _fields(code):
    """Every stored field of a code object, nested code objects included."""
    out = {}
    for name in CodeObject.__slots__:
        if name == "runtime":
            continue
        v = getattr(code, name)
        if name == "co_consts":
            v = [_fields(c) if isinstance(c, CodeObject) else (type(c), repr(c)) for c in v]
        elif isinstance(v, (list, tuple)):
            v = list(v)
        out[name] = v
    return out


@pytest.mark.parametrize("path", SOURCES, ids=[os.path.basename(p) for p in SOURCES])
def test_entries_round_trip_every_field(path):
    _, code = _compile(path)
    again = cache._from_data(cache._to_data(code))
    assert _fields(again) == _fields(code)
    assert again.runtime is None


def test_an_entry_serves_only_the_source_it_was_compiled_from():
    name = os.path.join(ROOT, "no-such-dir", "cache_probe.mpy")     # (never read)
    src = "def f(x):\n    return (x, 1.5, -0.0, 'é', frozenset({1}), ...)\nprint(f(2))\n"
    code = compile_module(parse(src, name), name, src)
    cache.store(src, name, code)
    loaded = cache.load(src, name)
    if loaded is None:
        pytest.skip("no writable cache directory")
    assert _fields(loaded) == _fields(code)
    assert cache.load(src.replace("2", "3"), name) is None      # the file changed


def test_throwaway_and_pseudo_files_are_not_cached(tmp_path):
    import tempfile
    assert not cache.cacheable("<stdin>") and not cache.cacheable("<string>")
    assert not cache.cacheable(os.path.join(tempfile.gettempdir(), "x.mpy"))
    assert cache.cacheable(os.path.join(ROOT, "programs", "heap_tour.mpy"))


def test_a_cached_program_runs_as_the_compiled_one(monkeypatch):
    """The interpreter takes the cached code and runs it identically."""
    from minipy.api import Interpreter
    path = os.path.join(ROOT, "programs", "heap_tour.mpy")
    outputs = []
    for _ in range(2):          # the first run may fill the cache, the second uses it
        it = Interpreter(capture=True)
        assert it.run_file(path) == 0
        outputs.append(it.stdout_text())
        assert it.audit()["mismatches"] == []
        it.finalize()
    assert outputs[0] == outputs[1]


def test_a_frozenset_constant_keeps_its_iteration_order_or_the_entry_is_not_used():
    """-1 and -2 share a hash: a frozenset rebuilt by marshal may iterate them
    in another order, and a set display would print differently."""
    src = "print({-1, -2, 5, 100, 33, 8}, -1 in {-2, -1})\n"
    code = compile_module(parse(src, "<t>"), "<t>", src)
    original = [tuple(c) for c in code.co_consts if isinstance(c, frozenset)]
    data = cache._to_data(code)
    try:
        again = cache._from_data(marshal.loads(marshal.dumps(data)))
    except cache._OrderChanged:
        return                      # refused: the program is compiled again
    assert [tuple(c) for c in again.co_consts if isinstance(c, frozenset)] == original


def test_a_new_compiler_replaces_the_entry_instead_of_adding_one(monkeypatch, tmp_path):
    """One entry per file: a changed compiler fingerprint makes the entry
    unusable (not a second file beside it), as a new CPython replaces a .pyc."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = os.path.join(ROOT, "programs", "heap_tour.mpy")
    src, code = _compile(path)
    cache.store(src, path, code)
    name = cache._entry_name(path)
    assert cache.load(src, path) is not None
    monkeypatch.setattr(cache, "_fingerprint", ["another-compiler"])
    assert cache._entry_name(path) == name
    assert cache.load(src, path) is None
    cache.store(src, path, code)
    assert cache.load(src, path) is not None
    # (the parser's tables may be cached beside it when this test loads them first)
    entries = [n for n in os.listdir(os.path.join(str(tmp_path), "minipy"))
               if n.startswith("code-")]
    assert entries == [name]


def test_optimized_code_has_its_own_entry(monkeypatch, tmp_path):
    """-O code (no asserts) and plain code are kept apart, as .pyc and .opt-1.pyc."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from minipy.api import Interpreter
    prog = tmp_path / "prog.mpy"
    prog.write_text("try:\n    assert False, 'ran'\n    print('skipped')\n"
                    "except AssertionError as e:\n    print(e)\n")
    monkeypatch.setattr(cache, "cacheable", lambda filename: True)
    outs = []
    for optimize in (0, 1, 0, 1):
        interp = Interpreter(capture=True, optimize=optimize)
        assert interp.run_file(str(prog)) == 0
        outs.append(interp.stdout_text())
    assert outs == ["ran\n", "skipped\n", "ran\n", "skipped\n"]
    assert cache._entry_name(str(prog)) != cache._entry_name(str(prog), 1)
    for level in (0, 1):
        assert cache.load(prog.read_text(), str(prog), level) is not None
