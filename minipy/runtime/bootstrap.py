"""Build the static world once per process.

Built-in types get their methods, the builtins and the built-in modules get
their functions, all as static objects: ``core.static_mode`` is on while the
modules that define them are imported, so every object they create lands in
the simulated data segment instead of a heap.
"""

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
        from . import types_methods  # noqa: F401  (int/float/str/... methods)
        from . import containers  # noqa: F401    (list/tuple/dict/set/... methods)
        from . import builtins_core  # noqa: F401 (object, type, functions, class creation)
    finally:
        core.static_mode = False
    _done = True
