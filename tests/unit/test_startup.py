"""Start-up cost guards: what creating an interpreter makes the host load.

On PyPy the import system and start-up code run unjitted, so a relative
import (PyPy's importlib in Python: ~8x an absolute one) or an eagerly
imported host module costs measurably at every start (see README, Benchmark).
"""

import ast
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (prints the modules that creating an interpreter added to the host's own)
_PROBE = """
import sys
before = set(sys.modules)
from minipy.api import Interpreter
Interpreter(argv=["x"])
print("\\n".join(sorted(set(sys.modules) - before)))
"""


def _modules_after_start_up():
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                         text=True, check=True).stdout
    return set(out.split())


def test_start_up_loads_no_parser_and_no_host_threading():
    mods = _modules_after_start_up()
    assert "minipy.runtime.builtins_core" in mods
    # (the parser and compiler load on first use, host threading once a
    # program starts a thread, _io once it opens a file)
    assert not {m for m in mods if m.startswith(("minipy.syntax.", "minipy.compiler."))}
    assert "threading" not in mods
    assert "minipy.runtime.modules._io" not in mods


def test_modules_loaded_at_start_up_use_absolute_imports():
    mods = _modules_after_start_up()
    relative = []
    for name in sorted(mods):
        if not name.startswith("minipy.") or name.startswith(("minipy.syntax", "minipy.compiler")):
            continue
        path = os.path.join(ROOT, *name.split(".")) + ".py"
        if not os.path.exists(path):
            path = os.path.join(ROOT, *name.split("."), "__init__.py")
            if not os.path.exists(path):        # (a namespace package)
                continue
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        relative += ["%s:%d" % (name, n.lineno) for n in ast.walk(tree)
                     if isinstance(n, ast.ImportFrom) and n.level]
    assert relative == []
