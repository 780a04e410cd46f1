"""Build the static world once per process.

Built-in types get their methods, the builtins and the built-in modules get
their functions, all as static objects: ``core.static_mode`` is on while the
modules that define them are imported, so every object they create lands in
the simulated data segment instead of a heap.
"""

from minipy.objects import core

_done = False


def bootstrap():
    global _done
    if _done:
        return
    core.static_mode = True
    try:
        from minipy.objects import (typeobject, dictobject, strobject, intobject, floatobject,  # noqa
                                    singletons, tupleobject, listobject, setobject, descr,
                                    funcobject, exceptions, instance, moduleobject, iterobject,
                                    genobject)
        from minipy.runtime import abstract  # noqa: F401
        from minipy.runtime import types_methods  # noqa: F401 (int/float/str)
        from minipy.runtime import complex_methods  # noqa: F401
        from minipy.runtime import bytes_methods  # noqa: F401 (bytes/bytearray)
        from minipy.runtime import containers  # noqa: F401 (list/tuple/dict/set...)
        from minipy.runtime import builtins_core  # noqa: F401 (object, type, functions, class creation)
        from minipy.runtime import builtins_mod, sysmodule  # noqa: F401
        from minipy.runtime import builtins_exec  # noqa: F401 (compile, eval, exec)
        builtins_mod.install_type_docs()
        from minipy.vm import interpreter  # noqa: F401
    finally:
        core.static_mode = False
    _done = True
