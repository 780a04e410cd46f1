"""The token type used by the minipy lexer (lighter than lark.Token)."""


class Tok:
    """A token: *type* is the grammar's terminal name; lines are 1-based,
    columns 1-based (as in Lark), ``end_column`` is the column just after
    the token; ``start_pos``/``end_pos`` index the source text."""

    __slots__ = ('type', 'value', 'start_pos', 'line', 'column',
                 'end_line', 'end_column', 'end_pos')

    def __init__(self, type, value, start_pos, line, column, end_line, end_column, end_pos):
        self.type = type
        self.value = value
        self.start_pos = start_pos
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.end_pos = end_pos

    def __repr__(self):
        return 'Tok(%s, %r, %d:%d)' % (self.type, self.value, self.line, self.column)
