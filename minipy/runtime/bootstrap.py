"""Build the static world once per process.

Built-in types get their methods, the builtins and the built-in modules get
their functions, all as static objects: ``core.static_mode`` is on while the
modules that define them are imported, so every object they create lands in
the simulated data segment instead of a heap.
"""

import importlib

from ..objects import core

_done = False


def bootstrap():
    global _done
    if _done:
        return
    core.static_mode = True
    try:
        from ..objects import (typeobject, dictobject, strobject, intobject, floatobject,  # noqa
                               singletons, tupleobject, listobject, setobject, descr,
                               funcobject, exceptions, instance, moduleobject, iterobject,
                               genobject)
        from . import abstract  # noqa: F401
        import importlib.util
        for name in ("types_methods", "complex_methods", "bytes_methods", "containers"):
            # int/float/str; complex; bytes/bytearray; list/tuple/dict/set
            if importlib.util.find_spec("minipy.runtime." + name) is not None:
                importlib.import_module("minipy.runtime." + name)
        from . import builtins_core  # noqa: F401 (object, type, functions, class creation)
        from . import builtins_mod, sysmodule  # noqa: F401
        from . import builtins_exec  # noqa: F401 (compile, eval, exec)
        builtins_mod.install_type_docs()
        from ..vm import interpreter  # noqa: F401
    finally:
        core.static_mode = False
    _done = True
