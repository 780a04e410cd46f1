"""Incomplete-input detection for the REPL.

``is_incomplete(source)`` answers the question the REPL asks after each line:
should it show the ``...`` prompt and read more?  It follows
``codeop.compile_command(source, symbol="single")`` returning None:

* the input ends inside brackets, a triple-quoted string, after a backslash
  continuation, or where a statement or block still has to follow (the
  parser failed at the end of the input);
* a compound statement that has not yet been ended by an empty line
  (the source does not end with a newline), as in Python's REPL.

Otherwise the input is complete: either it parses (run it) or
``parse(source, mode="single")`` raises the error to show.  A
MiniSyntaxError raised by ``parse`` also has an ``incomplete`` attribute: True
when the parser failed at the end of the input.
"""

from ..errors import MiniSyntaxError
from . import nodes as N
from .parser import normalize_source, parse

_COMPOUND = (N.If, N.For, N.While, N.With, N.Try, N.TryStar, N.FunctionDef, N.ClassDef,
             N.AsyncFunctionDef, N.AsyncFor, N.AsyncWith, N.Match)


def is_incomplete(source, filename='<stdin>'):
    """True if *source* (REPL input so far) needs more lines."""
    src = normalize_source(source)
    if not any(line.strip(' \t\f') and not line.strip(' \t\f').startswith('#')
               for line in src.split('\n')):
        return False
    try:
        tree = parse(src, filename, 'single')
    except MiniSyntaxError:
        try:
            parse(src + '\n', filename, 'single')
            return True
        except MiniSyntaxError as e:
            return bool(getattr(e, 'incomplete', False))
    body = tree.body
    if body and isinstance(body[-1], _COMPOUND) and not src.endswith('\n'):
        return True
    return False
