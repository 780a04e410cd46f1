"""Built-in modules implemented in host code: ``math``, ``random``, ``time``.

Each module file defines ``make_module()``, which returns a new minipy module
object (a fresh dict per interpreter) holding the module's functions (static
built-in function objects created once at import time) and its constants.
``BUILTIN_MODULES`` maps a module name to the dotted host module defining it;
``make_module(name)`` builds the module or returns None for an unknown name.
"""

import importlib

BUILTIN_MODULES = {
    "math": "minipy.runtime.modules.math",
    "cmath": "minipy.runtime.modules.cmath",
    "random": "minipy.runtime.modules.random",
    "time": "minipy.runtime.modules.time",
    "re": "minipy.runtime.modules.re",
}


def make_module(name):
    """A new module object for built-in module ``name`` (new reference), or None."""
    path = BUILTIN_MODULES.get(name)
    if path is None:
        return None
    return importlib.import_module(path).make_module()
