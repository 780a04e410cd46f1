"""Syntax error diagnosis (placeholder, replaced below)."""

from ..errors import MiniSyntaxError


def cpython_token_range(ctx, tok):
    if tok.type == '_NEWLINE':
        i = tok.value.find('\n')
        return tok.line, tok.column - 1, tok.line, tok.column - 1 + i
    return tok.line, tok.column - 1, tok.end_line, tok.end_column - 1


def check_number(ctx, tok):
    pass


def tokenizer_error(ctx, kind, where):
    raise MiniSyntaxError(kind, None, where if isinstance(where, int) else where.line, 1)


def diagnose(ctx, e, start):
    line = getattr(e, 'line', 1)
    col = getattr(e, 'column', 1)
    return MiniSyntaxError('invalid syntax', None, line, col)


def null_bytes_error(ctx):
    return MiniSyntaxError('source code cannot contain null bytes', None, 1, 1)


def empty_input_error(ctx, mode):
    return MiniSyntaxError('invalid syntax', None, 1, 1)
