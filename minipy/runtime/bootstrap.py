"""Build the static world once per process.

Built-in types get their methods, the builtins and the built-in modules get
their functions, all as static objects: ``core.static_mode`` is on while the
modules that define them are imported, so every object they create lands in
the simulated data segment instead of a heap.
"""

import sys

from minipy.objects import core

_done = False


def _pause_jit():
    """On PyPy, turn the JIT off and return a function that turns it back on;
    elsewhere (or when the command line chose JIT parameters of its own,
    which turning it back on with the defaults would undo) None.

    Building the static world runs once per process, yet a few of the
    helpers and loops it runs thousands of times (``alloc_static``, the
    import system's path joining) pass PyPy's JIT thresholds and get traced
    and compiled into machine code that is never used again: about 3% of
    an empty program's start-up."""
    if sys.implementation.name != "pypy":
        return None
    try:
        import pypyjit
        with open("/proc/self/cmdline", "rb") as f:
            if b"--jit" in f.read():
                return None
    except (ImportError, OSError):
        return None
    pypyjit.set_param("off")
    return lambda: pypyjit.set_param("default")


def bootstrap():
    global _done
    if _done:
        return
    resume_jit = _pause_jit()
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
        if resume_jit is not None:
            resume_jit()
    _done = True
