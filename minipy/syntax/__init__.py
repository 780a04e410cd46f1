"""minipy's parser front end: source text -> AST (minipy.syntax.nodes).

    parse(source, filename="<string>", mode="exec")
        -> nodes.Module ("exec"), nodes.Interactive ("single"),
           nodes.Expression ("eval"); raises minipy.errors.MiniSyntaxError.
    is_incomplete(source) -> bool
        True if *source* (REPL input) is a valid prefix that needs more lines.

The AST mirrors CPython 3.11's ``ast`` module (class names, fields,
positions); ``nodes.dump`` matches ``ast.dump``.
"""

from . import nodes
from .parser import parse
from .repl import is_incomplete

__all__ = ["parse", "is_incomplete", "nodes"]
