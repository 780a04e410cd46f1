"""minipy's parser front end: source text -> AST.

    parse(source, filename="<string>", mode="exec")
        source: str (or UTF-8 bytes).  Returns nodes.Module for mode "exec",
        nodes.Interactive for "single" (one REPL input), nodes.Expression for
        "eval".  Raises minipy.errors.MiniSyntaxError with CPython 3.11's
        message, location (lineno, 1-based character offset, end_lineno,
        end_offset), text and kind ("SyntaxError", "IndentationError",
        "TabError").  The error also has ``incomplete``: True when the parser
        failed at the end of the input.

    is_incomplete(source) -> bool
        For the REPL: True if *source* needs more lines (open brackets or
        triple-quoted string, a block not yet ended by an empty line ...),
        like codeop.compile_command(..., "single") returning None.

    nodes
        The AST classes (same names, fields and positions as CPython 3.11's
        ``ast``; columns are UTF-8 byte offsets), ``dump`` (identical output
        to ``ast.dump``), ``walk``, ``iter_child_nodes``, ``iter_fields``.

The syntax itself is in grammar/minipy.lark.
"""

__all__ = ["parse", "is_incomplete", "nodes"]


def __getattr__(name):
    # loaded on first use: a run whose code all comes from the code cache
    # (minipy.compiler.cache) never needs the parser ("nodes", a submodule,
    # is imported by ``from minipy.syntax import nodes`` itself)
    if name == "parse":
        from .parser import parse
        return parse
    if name == "is_incomplete":
        from .repl import is_incomplete
        return is_incomplete
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
