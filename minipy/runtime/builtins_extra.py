"""Builtins and built-in modules that live outside the core files.

Imported at the end of ``builtins_core`` (so during bootstrap, with
``core.static_mode`` on): ``memoryview`` joins the builtins namespace, and the
host modules listed in ``HOST_MODULES`` join ``sysmodule.BUILTIN_MODULES``.
"""

from minipy.runtime import memoryview  # noqa: F401 (registers the builtin)

HOST_MODULES = ("unicodedata", "_html_entities")


def _register():
    from minipy.runtime import sysmodule
    for name in HOST_MODULES:
        sysmodule.BUILTIN_MODULES.setdefault(name, sysmodule._module_maker(name))


_register()
