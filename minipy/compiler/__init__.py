"""The minipy compiler: AST -> CodeObjects.

``compile_module(tree, filename, source=None, mode="exec")`` runs the scope
analysis (``symtable``), the code generator (``codegen``) and the assembler
(``assembler``) and returns the module's CodeObject (nested code objects sit
in ``co_consts``).  Semantic errors raise ``minipy.errors.MiniSyntaxError``
with CPython's messages and positions.
"""


def __getattr__(name):
    # loaded on first use: reading the code cache (compiler.cache) needs none of it
    if name == "compile_module":
        from .codegen import compile_module
        return compile_module
    if name in ("build_symtable", "mangle"):
        from . import symtable
        return getattr(symtable, name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def compile_source(source, filename="<string>", mode="exec", parse=None):
    """Parse (with minipy's parser unless ``parse(source, filename, mode)`` is
    given) and compile."""
    if parse is None:
        from ..syntax import parse
    from .codegen import compile_module
    tree = parse(source, filename, mode)
    return compile_module(tree, filename, source, mode)


__all__ = ["compile_module", "compile_source", "build_symtable", "mangle"]
