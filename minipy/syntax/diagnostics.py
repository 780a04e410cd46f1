"""Syntax error messages and locations, as CPython 3.11 reports them.

CPython finds syntax errors in three places, and this module mirrors each:

* its tokenizer (unterminated strings, bad numbers and characters, bracket
  mismatches, indentation): ``tokenizer_error``, ``check_number`` and
  ``lex_error`` (called while tokenizing, so in source order);
* a first parser pass; when it fails, a second pass with extra ``invalid_*``
  rules that recognise common mistakes.  ``diagnose`` does the equivalent
  from the state of the LALR parser at the failing token: the token, the
  parser stacks (what has been recognised so far) and the tokens that follow;
* after either kind of parser error, CPython tokenizes the rest of the file
  and lets a later tokenizer error (or a bracket never closed) take
  precedence: ``override``.

Error positions follow CPython: ``offset``/``end_offset`` are 1-based
character columns; ``text`` is the source line (with its newline for errors
raised by the parser, without it for tokenizer errors).
"""

from ..errors import MiniSyntaxError
from . import nodes as N
from .tokens import Tok

# tokenizer error kinds.  CPython lets a later "pyerr" tokenizer error replace
# a parser error; "done" errors only stop its look-ahead.
PYERR, DONE = 'pyerr', 'done'

_SOFT_KEYWORDS = ('_', 'match', 'case')
_OPENERS = {'LPAR': '(', 'LSQB': '[', 'LBRACE': '{'}
_CLOSERS = {'RPAR': 'LPAR', 'RSQB': 'LSQB', 'RBRACE': 'LBRACE'}

# tokens that can start an expression
_EXPR_START = frozenset('''NAME NUMBER STRING LPAR LSQB LBRACE MINUS PLUS TILDE NOT LAMBDA
    AWAIT NONE TRUE FALSE ELLIPSIS'''.split())
# binary/unary operator tokens inside a "bitwise_or"
_BITOR_OPS = frozenset('''VBAR CIRCUMFLEX AMPERSAND LSHIFT RSHIFT PLUS MINUS STAR SLASH
    DOUBLESLASH PERCENT AT DOUBLESTAR TILDE AWAIT DOT'''.split())
# ... and inside a "disjunction"
_DISJ_OPS = _BITOR_OPS | frozenset('''LESSTHAN MORETHAN EQEQUAL MOREEQUAL LESSEQUAL NOTEQUAL
    IN NOT IS AND OR'''.split())
_ATOM_TOKENS = frozenset('NAME NUMBER STRING NONE TRUE FALSE ELLIPSIS'.split())

_BLOCK_KEYWORDS = {
    'IF': "'if' statement", 'ELIF': "'elif' statement", 'ELSE': "'else' statement",
    'WHILE': "'while' statement", 'FOR': "'for' statement", 'WITH': "'with' statement",
    'TRY': "'try' statement", 'EXCEPT': "'except' statement",
    'FINALLY': "'finally' statement", 'DEF': 'function definition',
    'CLASS': 'class definition', 'MATCH': "'match' statement", 'CASE': "'case' statement",
}
# headers where CPython insists on ':' whatever follows (&&':' in its grammar)
_FORCED_COLON = frozenset(['TRY', 'FINALLY', 'ELSE', 'DEF'])
_STMT_KEYWORDS = frozenset(_BLOCK_KEYWORDS) | frozenset(['ASYNC'])


def _err(msg, line, offset, end_line=None, end_offset=None, kind='SyntaxError', text=None,
         source=None):
    e = MiniSyntaxError(msg, None, line, offset, text, end_line, end_offset, kind)
    e._source = source
    return e


# ------------------------------------------------------------ token extents

def cpython_token_range(ctx, tok):
    """(line, col, end_line, end_col) of *tok* as CPython's tokenizer would
    give them (0-based columns): NEWLINE covers a preceding comment and ends
    at the newline; INDENT/DEDENT/end-of-input have no column (-1)."""
    t = tok.type
    if t == '_NEWLINE':
        i = tok.value.find('\n')
        return tok.line, tok.column - 1, tok.line, tok.column - 1 + i
    if t in ('_INDENT', '_DEDENT', '$END'):
        return tok.line, -1, tok.line, -1
    return tok.line, tok.column - 1, tok.end_line, tok.end_column - 1


def _eof_position(ctx):
    """CPython's location of the end of input: the last line, just after its
    newline; no end column."""
    src = ctx.src
    lines = src.split('\n')
    if src.endswith('\n'):
        lines.pop()
    if not lines:
        return 1, 0
    return len(lines), len(lines[-1]) + 1


def _at_token(ctx, msg, tok, kind='SyntaxError'):
    """An error located at *tok*, CPython style (RAISE_SYNTAX_ERROR)."""
    if tok.type in ('_INDENT', '_DEDENT', '$END'):
        line, offset = _dedent_position(ctx, tok)
        return _err(msg, line, offset, line, -1, kind)
    line, col, eline, ecol = cpython_token_range(ctx, tok)
    return _err(msg, line, col + 1, eline, ecol + 1, kind)


def _dedent_position(ctx, tok):
    """Tokens without a column: CPython reports the tokenizer's position,
    the end of the line it has just read (or the end of input)."""
    if tok.type == '$END' or tok.start_pos >= len(ctx.src):
        return _eof_position(ctx)
    # the tokenizer has just read the indentation of the line
    return tok.line, len(tok.value)


def _node_start(x):
    if isinstance(x, Tok):
        return x.line, x.column - 1
    if hasattr(x, 'lineno') and x.lineno is not None:
        return x.lineno, x.col_offset
    children = getattr(x, 'children', None)     # lark Tree of a helper rule
    if children:
        for c in children:
            s = _node_start(c)
            if s is not None:
                return s
    if isinstance(x, (list, tuple)):
        for c in x:
            s = _node_start(c)
            if s is not None:
                return s
    return None


def _node_end(x):
    if isinstance(x, Tok):
        return x.end_line, x.end_column - 1
    if hasattr(x, 'end_lineno') and x.end_lineno is not None:
        o = getattr(x, '_outer', None)
        if o is not None:
            return o[2], o[3]
        return x.end_lineno, x.end_col_offset
    children = getattr(x, 'children', None)
    if children:
        for c in reversed(children):
            s = _node_end(c)
            if s is not None:
                return s
    if isinstance(x, (list, tuple)):
        for c in reversed(x):
            s = _node_end(c)
            if s is not None:
                return s
    return None


def _flatten(values):
    """Tokens and nodes of the value stack, with Lark helper trees opened."""
    out = []
    for v in values:
        ch = getattr(v, 'children', None)
        if ch is not None and not hasattr(v, '_fields'):
            out.extend(_flatten(ch))
        else:
            out.append(v)
    return out


# ------------------------------------------------------- tokenizer errors

def tokenizer_error(ctx, kind, where):
    """Raise the error CPython's tokenizer reports; *where* is a line number
    (indentation errors) or the offending token."""
    if kind == 'tab':
        raise _err('inconsistent use of tabs and spaces in indentation', where, 1, where, 0,
                   'TabError', source=DONE)
    if kind == 'dedent':
        line = ctx.line(where) or ''
        raise _err('unindent does not match any outer indentation level', where,
                   len(line) + 1, where, -1, 'IndentationError', source=DONE)
    if kind == 'toodeep':
        raise _err('too many levels of indentation', where, 1, where, 0,
                   'IndentationError', source=DONE)
    tok = where
    text = ctx.line(tok.line)
    col = tok.column
    if kind == 'unmatched':
        raise _err("unmatched '%s'" % tok.value, tok.line, col, tok.line, col, text=text,
                   source=PYERR)
    if kind == 'mismatch':
        opener = ctx.parens[-1]
        msg = "closing parenthesis '%s' does not match opening parenthesis '%s'" % (
            tok.value, opener.value)
        if opener.line != tok.line:
            msg += ' on line %d' % opener.line
        raise _err(msg, tok.line, col, tok.line, col, text=text, source=PYERR)
    if kind == 'toomanyparens':
        raise _err('too many nested parentheses', tok.line, col, tok.line, col, text=text,
                   source=PYERR)
    raise AssertionError(kind)


def _isdigit(c):
    return '0' <= c <= '9'


def _is_potential_identifier_char(c):
    return c.isascii() and (c.isalnum() or c == '_')


def check_number(ctx, tok):
    """CPython's tokenizer on the number starting at *tok*: raise its error
    if it has one (e.g. "invalid decimal literal")."""
    src = ctx.src
    n = len(src)
    start = tok.start_pos
    line_start = start - (tok.column - 1)
    text = ctx.line(tok.line)

    def nextc(i):
        return src[i] if i < n else ''

    def error(msg, cur):
        # CPython: offset = characters before the tokenizer's position
        raise _err(msg, tok.line, cur - line_start, tok.line, cur - line_start, text=text,
                   source=PYERR)

    def verify_end(i, kind):
        # i: index of the character following the number
        c = nextc(i)
        r = False
        if c == 'a':
            r = src.startswith('nd', i + 1)
        elif c == 'e':
            r = src.startswith('lse', i + 1)
        elif c == 'f':
            r = src.startswith('or', i + 1)
        elif c == 'i':
            r = nextc(i + 1) in ('f', 'n', 's') and nextc(i + 1) != ''
        elif c == 'o':
            r = src.startswith('r', i + 1)
        elif c == 'n':
            r = src.startswith('ot', i + 1)
        if r:
            return
        if c and _is_potential_identifier_char(c):
            error('invalid %s literal' % kind, i)

    def decimal_tail(i):
        # i at a digit; returns index of first char after the digits
        while True:
            while _isdigit(nextc(i)):
                i += 1
            if nextc(i) != '_':
                return i
            i += 1
            if not _isdigit(nextc(i)):
                error('invalid decimal literal', i)

    i = start
    c = nextc(i)
    if c == '0':
        i += 1
        c = nextc(i)
        if c in 'xX' and c:
            i += 1
            c = nextc(i)
            while True:
                if c == '_':
                    i += 1
                    c = nextc(i)
                if not (c and c in '0123456789abcdefABCDEF'):
                    error('invalid hexadecimal literal', i)
                while c and c in '0123456789abcdefABCDEF':
                    i += 1
                    c = nextc(i)
                if c != '_':
                    break
            verify_end(i, 'hexadecimal')
            return
        if c in 'oO' and c:
            i += 1
            c = nextc(i)
            while True:
                if c == '_':
                    i += 1
                    c = nextc(i)
                if not ('0' <= c <= '7' and c):
                    if _isdigit(c):
                        error("invalid digit '%s' in octal literal" % c, i + 1)
                    error('invalid octal literal', i)
                while c and '0' <= c <= '7':
                    i += 1
                    c = nextc(i)
                if c != '_':
                    break
            if _isdigit(c):
                error("invalid digit '%s' in octal literal" % c, i + 1)
            verify_end(i, 'octal')
            return
        if c in 'bB' and c:
            i += 1
            c = nextc(i)
            while True:
                if c == '_':
                    i += 1
                    c = nextc(i)
                if c not in ('0', '1'):
                    if _isdigit(c):
                        error("invalid digit '%s' in binary literal" % c, i + 1)
                    error('invalid binary literal', i)
                while c in ('0', '1'):
                    i += 1
                    c = nextc(i)
                if c != '_':
                    break
            if _isdigit(c):
                error("invalid digit '%s' in binary literal" % c, i + 1)
            verify_end(i, 'binary')
            return
        nonzero = False
        while True:
            if c == '_':
                i += 1
                c = nextc(i)
                if not _isdigit(c):
                    error('invalid decimal literal', i)
            if c != '0':
                break
            i += 1
            c = nextc(i)
        zeros_end = i
        if _isdigit(c):
            nonzero = True
            i = decimal_tail(i)
            c = nextc(i)
        if c == '.':
            i += 1
            return _fraction(ctx, tok, i, nextc, decimal_tail, verify_end, error)
        if c in ('e', 'E'):
            return _exponent(ctx, tok, i, nextc, decimal_tail, verify_end, error)
        if c in ('j', 'J'):
            verify_end(i + 1, 'imaginary')
            return
        if nonzero:
            raise _err('leading zeros in decimal integer literals are not permitted; '
                       'use an 0o prefix for octal integers', tok.line, start - line_start + 1,
                       tok.line, zeros_end - line_start + 1, text=text, source=PYERR)
        verify_end(i, 'decimal')
        return
    if c == '.':
        return _fraction(ctx, tok, i + 1, nextc, decimal_tail, verify_end, error)
    i = decimal_tail(i)
    c = nextc(i)
    if c == '.':
        i += 1
        return _fraction(ctx, tok, i, nextc, decimal_tail, verify_end, error)
    if c in ('e', 'E'):
        return _exponent(ctx, tok, i, nextc, decimal_tail, verify_end, error)
    if c in ('j', 'J'):
        verify_end(i + 1, 'imaginary')
        return
    verify_end(i, 'decimal')


def _fraction(ctx, tok, i, nextc, decimal_tail, verify_end, error):
    if _isdigit(nextc(i)):
        i = decimal_tail(i)
    c = nextc(i)
    if c in ('e', 'E'):
        return _exponent(ctx, tok, i, nextc, decimal_tail, verify_end, error)
    if c in ('j', 'J'):
        verify_end(i + 1, 'imaginary')
        return
    verify_end(i, 'decimal')


def _exponent(ctx, tok, i, nextc, decimal_tail, verify_end, error):
    e = i
    i += 1
    c = nextc(i)
    if c in ('+', '-'):
        i += 1
        c = nextc(i)
        if not _isdigit(c):
            error('invalid decimal literal', i)
    elif not _isdigit(c):
        verify_end(e, 'decimal')
        return
    i = decimal_tail(i)
    c = nextc(i)
    if c in ('j', 'J'):
        verify_end(i + 1, 'imaginary')
        return
    verify_end(i, 'decimal')


_STRING_PREFIXES = frozenset(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf'])


def lex_error(ctx, pos):
    """No terminal matches at *pos*: the tokenizer error CPython reports
    (raised), or None for a character CPython turns into an operator token
    the parser then rejects ('$', '?', '!', '`')."""
    src = ctx.src
    ch = src[pos]
    line_start = src.rfind('\n', 0, pos) + 1
    line = src.count('\n', 0, pos) + 1
    col = pos - line_start
    text = ctx.line(line)
    if ch in '"\'':
        if src[pos - 2:pos] == ch * 2 and pos - 2 >= line_start:
            # the scanner took the start of an unterminated '"""' for an
            # empty string: CPython sees a triple-quoted string
            pos -= 2
            col = pos - line_start
        start = pos
        # a string prefix that the scanner took for a name
        j = pos
        while j > line_start and src[j - 1].isalpha():
            j -= 1
        if src[j:pos].lower() in _STRING_PREFIXES and (
                j == line_start or not (src[j - 1].isalnum() or src[j - 1] == '_')):
            start = j
        scol = start - line_start + 1
        if src.startswith(ch * 3, pos):
            lines = src.split('\n')
            if src.endswith('\n'):
                lines.pop()
            detected = len(lines)
            e = _err('unterminated triple-quoted string literal (detected at line %d)'
                     % detected, line, scol, line, scol, text=text, source=PYERR)
            e.incomplete = True
            raise e
        # a single-quoted string ends at the first newline not escaped
        i = pos + 1
        detected = line
        while i < len(src):
            c = src[i]
            if c == '\\' and i + 1 < len(src):
                if src[i + 1] == '\n':
                    detected += 1
                i += 2
                continue
            if c == '\n':
                break
            i += 1
        raise _err('unterminated string literal (detected at line %d)' % detected,
                   line, scol, line, scol, text=text, source=PYERR)
    if ch == '\\':
        raise _err('unexpected character after line continuation character', line, col + 2,
                   line, 0, text=text + '\n' if text is not None else None, source=DONE)
    if ch in '$?!`':
        return None
    if ch.isprintable():
        msg = "invalid character '%s' (U+%04X)" % (ch, ord(ch))
    else:
        msg = 'invalid non-printable character U+%04X' % ord(ch)
    raise _err(msg, line, col + 1, line, col + 1, text=text, source=PYERR)


def bad_identifier(ctx, value, line, col):
    """A name with a character that cannot be in an identifier."""
    for i, ch in enumerate(value):
        if not (('a' + ch).isidentifier() if i else ch.isidentifier()):
            break
    if ch.isprintable():
        msg = "invalid character '%s' (U+%04X)" % (ch, ord(ch))
    else:
        msg = 'invalid non-printable character U+%04X' % ord(ch)
    c = col + i
    raise _err(msg, line, c, line, c, text=ctx.line(line), source=PYERR)


def continuation_at_eof(ctx):
    """A backslash continuation at the very end of the input."""
    if ctx.parens:
        e = unclosed_error(ctx, ctx.parens[-1])
    else:
        line, col = _eof_position(ctx)
        e = _err('unexpected EOF while parsing', line, col, line, -1)
    e._source = DONE
    e.incomplete = True
    raise e


def null_bytes_error(ctx):
    """Like CPython running a file: the line of the first null byte, its text
    up to the null byte, and no column."""
    src = ctx.src
    i = src.index('\0')
    line = src.count('\n', 0, i) + 1
    start = src.rfind('\n', 0, i) + 1
    return _err('source code cannot contain null bytes', line, None, line, None,
                text=src[start:i], source=PYERR)


def empty_input_error(ctx, mode):
    if mode == 'single' and ctx.src == '':
        return _err('invalid syntax', 0, 0, source=None)
    line, col = _eof_position(ctx)
    return _err('invalid syntax' if mode == 'single' else 'unexpected EOF while parsing',
                line, col if mode == 'single' else col, line, -1)


# ---------------------------------------------------------------- diagnose

class EOFInBrackets(Exception):
    pass


class Diagnosis:
    """Works out CPython's error for a failed LALR parse."""

    ctx_parens_end = ()

    def __init__(self, g, ctx, tok, states, values, rest, rest_error):
        self.g = g
        self.ctx = ctx
        self.tok = tok                  # the token the parser could not take
        self.states = states            # LALR state stack at that point
        self.values = values            # LALR value stack (tokens, nodes...)
        self.rest = rest                # the tokens after tok
        self.rest_error = rest_error    # tokenizer error met after tok, if any
        self.prev = None                # the token before tok
        for v in reversed(_flatten(values)):
            if isinstance(v, Tok):
                self.prev = v
                break

    # -- parser simulation --------------------------------------------------

    def accepts(self, ttype, states=None):
        """Can the parser shift a *ttype* token next (after reductions)?"""
        g = self.g
        st = list(self.states if states is None else states)
        ends = g.end_state_set
        while True:
            act = g.actions[st[-1]].get(ttype)
            if act is None:
                return False
            if act.__class__ is int:
                return True
            size = act[0]
            if size:
                del st[-size:]
            st.append(g.gotos[st[-1]][act[1]])
            if st[-1] in ends:
                return ttype == '$END'

    def reduce_for(self, ttype):
        """The value stack after the reductions a *ttype* lookahead would
        cause (running the builder), or None if *ttype* cannot follow."""
        g = self.g
        st = list(self.states)
        vs = list(self.values)
        while True:
            act = g.actions[st[-1]].get(ttype)
            if act is None:
                return None
            if act.__class__ is int:
                return vs
            size, origin, cb, unit, _ = act
            if unit:
                st[-1] = g.gotos[st[-2]][origin]
                continue
            if size:
                s = vs[-size:]
                del st[-size:]
                del vs[-size:]
            else:
                s = []
            vs.append(cb(s))
            st.append(g.gotos[st[-1]][origin])

    def expr_end(self, toks, tuples=False):
        """End (line, col) of the longest expression at the start of *toks*
        (the failing token and what follows).  CPython's second pass reads
        ahead the same way: when that runs into the end of the input inside
        brackets, it reports the innermost one as never closed."""
        g = self.g
        st = [g.start_states['eval_input']]
        last_end = None
        depth = 0
        consumed_all = True
        for t in toks:
            if depth == 0 and t.type in ('_NEWLINE', '$END') or \
                    (depth == 0 and t.type == 'COMMA' and not tuples):
                consumed_all = False
                break
            if not self.accepts(t.type, st):
                consumed_all = False
                self._eof_inside(toks, toks.index(t), depth)
                break
            st = self._shift(st, t.type)
            if t.type in _OPENERS:
                depth += 1
            elif t.type in _CLOSERS:
                depth -= 1
            if depth == 0 and self.accepts('$END', st):
                last_end = (t.end_line, t.end_column - 1)
        if consumed_all:
            self.check_eof()
        return last_end

    def _eof_inside(self, toks, i, depth):
        """The read-ahead failed at toks[i] with *depth* brackets of its own
        open.  If those (or a bracket toks[i] opens) are never closed, and
        toks[i] makes CPython's second pass read further (an expression
        juxtaposed to another, or '='), it reads to the end of the input."""
        if toks[i].type not in _EXPR_START and toks[i].type != 'EQUAL':
            return
        if toks[i].type in _OPENERS:
            depth += 1
            i += 1
        if depth <= 0:
            return
        for t in toks[i:]:
            if t.type in _OPENERS:
                depth += 1
            elif t.type in _CLOSERS:
                depth -= 1
                if depth == 0:
                    return
        self.check_eof()

    def _shift(self, st, ttype):
        g = self.g
        st = list(st)
        while True:
            act = g.actions[st[-1]].get(ttype)
            if act.__class__ is int:
                st.append(act)
                return st
            size = act[0]
            if size:
                del st[-size:]
            st.append(g.gotos[st[-1]][act[1]])

    def check_eof(self):
        """CPython's second pass reads the token after the last one we have:
        a tokenizer error there is raised; the end of the input inside
        brackets reports the innermost one as never closed."""
        if self.rest_error is not None:
            raise EOFInBrackets(self.rest_error)
        if self.ctx_parens_end:
            raise EOFInBrackets()

    # -- helpers ------------------------------------------------------------

    def error_at_tok(self, msg, kind='SyntaxError'):
        return _at_token(self.ctx, msg, self.tok, kind)

    def flat(self):
        return _flatten(self.values)

    def statement_items(self):
        """The flattened value-stack items of the statement being parsed."""
        items = self.flat()
        i = len(items)
        depth = 0
        while i > 0:
            v = items[i - 1]
            if isinstance(v, Tok):
                t = v.type
                if t in _CLOSERS:
                    depth += 1
                elif t in _OPENERS:
                    if depth:
                        depth -= 1
                elif depth == 0 and t in ('_NEWLINE', '_INDENT', '_DEDENT', 'SEMICOLON'):
                    break
            elif type(v) is list:       # a block or a simple_stmt
                break
            elif hasattr(v, '_fields') and v.__class__.__name__ in _STMT_NODE_NAMES:
                break
            i -= 1
        return items[i:]

    def expression_start(self, ops, items=None):
        """Index in flat() (or *items*) where the expression ending at the top
        of the stack starts, walking back over atoms, nodes and *ops* tokens."""
        if items is None:
            items = self.flat()
        i = len(items)
        depth = 0
        while i > 0:
            v = items[i - 1]
            if isinstance(v, Tok):
                t = v.type
                if t in _CLOSERS:
                    depth += 1
                elif t in _OPENERS:
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and not (t in ops or t in _ATOM_TOKENS):
                    break
            elif depth == 0 and not hasattr(v, 'lineno') and not _is_expr_piece(v):
                # helper objects (argument lists ...) occur inside brackets;
                # anything else ends the expression
                break
            i -= 1
        # an expression cannot start with a binary operator token
        while i < len(items) and isinstance(items[i], Tok) and \
                items[i].type in ops and items[i].type not in ('MINUS', 'PLUS', 'TILDE', 'NOT',
                                                                'AWAIT'):
            i += 1
        return items, i

    # -- the rules ----------------------------------------------------------

    def run(self):
        tok = self.tok
        t = tok.type
        for rule in (self.rule_single, self.rule_eof_in_brackets, self.rule_try,
                     self.rule_indent, self.rule_indented_block, self.rule_expected_colon, self.rule_if_else,
                     self.rule_assignment, self.rule_named_eq, self.rule_kwarg_for,
                     self.rule_comprehension_target, self.rule_parameters, self.rule_except,
                     self.rule_dict,
                     self.rule_legacy_print, self.rule_comma, self.rule_import_comma,
                     self.rule_continuation_eof, self.rule_pending_targets):
            try:
                e = rule()
            except EOFInBrackets as x:
                if x.args and isinstance(x.args[0], MiniSyntaxError):
                    e = x.args[0]
                else:
                    e = unclosed_error(self.ctx, self.ctx_parens_end[-1])
                e._final = True
            if e is not None:
                return e
        if not self.rest and t in _EXPR_START and (
                self.ctx_parens_end or self.rest_error is not None):
            # CPython's second pass reads past the last token
            if self.rest_error is not None:
                e = self.rest_error
            else:
                e = unclosed_error(self.ctx, self.ctx_parens_end[-1])
            e._final = True
            return e
        prev = self.prev
        if prev is not None and prev.type == 'COLON' and t not in _EXPR_START and \
                not self.ctx.parens:
            items = self.statement_items()
            if len(items) == 2 and items[1] is prev and hasattr(items[0], '_fields') and \
                    type(items[0]).__name__ not in _STMT_NODE_NAMES:
                target = items[0]
                if type(target).__name__ not in ('Name', 'Attribute', 'Subscript') or \
                        (type(target).__name__ != 'Name' and target._outer is not None):
                    return _at_token(self.ctx, 'invalid syntax', prev)
        if t == '_DEDENT':
            e = self.error_at_tok('unexpected unindent', 'IndentationError')
            e._final = True
            return e
        return self.error_at_tok('invalid syntax')

    def rule_single(self):
        """Mode "single": a second statement after a complete one."""
        if self.start != 'single_input' or self.tok.type == '$END':
            return None
        if self.values and type(self.values[-1]) is list and self.accepts("$END"):
            end = _node_end(self.values[-1])
            if end is None:
                return None
            # at the NEWLINE that ended the statement
            text = self.ctx.line(end[0]) or ''
            col = end[1]
            rest = text[col:]
            k = rest.find('#')
            col = col + (k if k >= 0 else len(rest.rstrip(' \t\f\\')))
            return _err('multiple statements found while compiling a single statement',
                        end[0], col + 1, end[0], col + 1)
        return None

    def at_eof(self):
        """Is the failing token the end of the input (or a DEDENT there)?"""
        t = self.tok
        return t.type == '$END' or (t.type == '_DEDENT' and t.start_pos >= len(self.ctx.src))

    def rule_eof_in_brackets(self):
        if self.at_eof() and self.ctx.parens:
            e = unclosed_error(self.ctx, self.ctx.parens[-1])
            e._final = True
            return e
        return None

    def rule_indent(self):
        # CPython does not look further for errors after this one
        if self.tok.type == '_INDENT':
            e = self.error_at_tok('unexpected indent', 'IndentationError')
            e._final = True
            return e
        return None

    def rule_indented_block(self):
        prev = self.prev
        if prev is None or prev.type != '_NEWLINE' or self.tok.type == '_INDENT':
            return None
        if not self.accepts('_INDENT'):
            return None
        items = self.flat()
        depth = 0
        for i in range(len(items) - 1, -1, -1):
            v = items[i]
            if not isinstance(v, Tok):
                continue
            if v.type in _CLOSERS:
                depth += 1
            elif v.type in _OPENERS:
                depth -= 1
            elif depth == 0 and v.type in _BLOCK_KEYWORDS:
                what = _BLOCK_KEYWORDS[v.type]
                if v.type == 'EXCEPT' and i + 1 < len(items) and isinstance(items[i + 1], Tok) \
                        and items[i + 1].type == 'STAR':
                    what = "'except*' statement"
                line = v.line
                if v.type in ('IF', 'ELIF') and i + 1 < len(items):
                    s = _node_start(items[i + 1])
                    if s is not None:
                        line = s[0]
                return self.error_at_tok('expected an indented block after %s on line %d'
                                         % (what, line), 'IndentationError')
        return None

    def rule_try(self):
        if self.tok.type in ('EXCEPT', 'FINALLY'):
            return None
        if self.accepts('EXCEPT') and self.accepts('FINALLY') and not self.accepts('ELSE'):
            return self.error_at_tok("expected 'except' or 'finally' block")
        return None

    def _header_keyword(self):
        """The keyword of the compound statement header being parsed."""
        items = self.statement_items()
        depth = 0
        for v in reversed(items):
            if not isinstance(v, Tok):
                continue
            t = v.type
            if t in _CLOSERS:
                depth += 1
            elif t in _OPENERS:
                depth -= 1
            elif depth == 0:
                if t in _BLOCK_KEYWORDS:
                    return v
                if t in ('COLON', 'SEMICOLON', 'LAMBDA', 'AT'):
                    return None
        return None

    def rule_expected_colon(self):
        t = self.tok.type
        if len(self.ctx.parens) > (1 if t in _OPENERS else 0):
            return None
        kw = self._header_keyword()
        if kw is None:
            return None
        head = kw.type
        if head == 'DEF' and self.accepts('LPAR') and t != 'LPAR':
            return self.error_at_tok("expected '('")
        if t == 'COLON' or not self.accepts('COLON'):
            return None
        if head == 'ELSE' and not any(isinstance(v, Tok) and v.type in ('IF', 'ELIF') for v in
                                      self.flat()) and not self.flat()[:1]:
            return None
        if t == '_NEWLINE' or head in _FORCED_COLON:
            return self.error_at_tok("expected ':'")
        return None

    def rule_if_else(self):
        # "a if b" not followed by "else": CPython points at "a if b"
        if self.tok.type in ('ELSE', 'COLON') or not self.accepts('ELSE'):
            return None
        items = self.flat()
        depth = 0
        for i in range(len(items) - 1, -1, -1):
            v = items[i]
            if isinstance(v, Tok):
                if v.type in _CLOSERS:
                    depth += 1
                elif v.type in _OPENERS:
                    if depth == 0:
                        return None
                    depth -= 1
                elif depth == 0 and v.type == 'IF':
                    if i == 0 or i == len(items) - 1:
                        return None
                    _, a_start = self._expr_before(i)
                    if a_start is None:
                        return None
                    end = _node_end(items[-1])
                    return _err("expected 'else' after 'if' expression", a_start[0],
                                a_start[1] + 1, end[0], end[1] + 1)
                elif depth == 0 and not (v.type in _DISJ_OPS or v.type in _ATOM_TOKENS):
                    return None
            elif depth == 0 and not _is_expr_piece(v):
                return None
        return None

    def _expr_before(self, i):
        """Start of the disjunction that ends just before flat()[i]."""
        items = self.flat()[:i]
        j = len(items)
        depth = 0
        while j > 0:
            v = items[j - 1]
            if isinstance(v, Tok):
                if v.type in _CLOSERS:
                    depth += 1
                elif v.type in _OPENERS:
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and not (v.type in _DISJ_OPS or v.type in _ATOM_TOKENS):
                    break
            elif depth == 0 and not _is_expr_piece(v):
                break
            j -= 1
        if j >= len(items):
            return items, None
        return items, _node_start(items[j])

    def rule_assignment(self):
        """':=' at the start of a statement: "(a) := 1", "a.b := 1"."""
        if self.tok.type != 'COLONEQUAL' or self.ctx.parens:
            return None
        items = self.statement_items()
        if not items or any(isinstance(v, Tok) and v.type in ('EQUAL', 'COLON')
                            for v in items) or not hasattr(items[0], '_fields'):
            return None
        if not self.rest or self.expr_end(self.rest) is None:
            return None
        vs = self.reduce_for('EQUAL')
        if vs is None or not hasattr(vs[-1], '_fields'):
            return None
        e = vs[-1]
        if type(e).__name__ == 'Tuple' and e.elts and e._outer is None and \
                (e.lineno, e.col_offset) == _node_start(e.elts[0]):
            e = e.elts[-1]
        if type(e).__name__ == 'Name' and e._outer is None:
            return None
        from .builder import _expr_name
        return _err('cannot use assignment expressions with %s' % _expr_name(e), e.lineno,
                    e.col_offset + 1, e.end_lineno, e.end_col_offset + 1)

    def rule_named_eq(self):
        """'=' where a named expression is expected: "[x = 1]", "if x = 1:"."""
        if self.tok.type != 'EQUAL':
            return None
        items, j = self.expression_start(_BITOR_OPS)
        if j >= len(items):
            return None
        before = items[j - 1] if j > 0 else None
        if not isinstance(before, Tok) or before.type not in (
                'LPAR', 'LSQB', 'LBRACE', 'COMMA', 'IF', 'ELIF', 'WHILE', 'AT'):
            return None
        first = items[j]
        is_name = j == len(items) - 1 and (
            (isinstance(first, Tok) and first.type == 'NAME') or
            (type(first).__name__ == 'Name' and first._outer is None))
        if not is_name:
            if isinstance(first, Tok) and first.type in ('LSQB', 'LPAR', 'TRUE', 'NONE',
                                                         'FALSE'):
                return None
            if hasattr(first, '_fields') and self.g.builder._starts_with_display(first):
                return None
        # the right-hand side: a bitwise_or not followed by '=' or ':='
        rest = self.rest
        end = _bitor_end(self, rest)
        if end is None:
            return None
        k, b_end = end
        if k >= len(rest):
            self.check_eof()
        elif rest[k].type in ('EQUAL', 'COLONEQUAL'):
            return None
        a_start = _node_start(first)
        if is_name:
            return _err("invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        a_start[0], a_start[1] + 1, b_end[0], b_end[1] + 1)
        if j == len(items) - 1 and hasattr(first, '_fields'):
            node = first            # already reduced (LALR reduces eagerly)
        else:
            vs = self.reduce_for('LESSTHAN')
            if vs is None:
                return None
            node = vs[-1]
            if not hasattr(node, '_fields'):
                return None
        from .builder import _expr_name
        s = (node.lineno, node.col_offset)
        return _err("cannot assign to %s here. Maybe you meant '==' instead of '='?"
                    % _expr_name(node), s[0], s[1] + 1, node.end_lineno,
                    node.end_col_offset + 1)

    def rule_kwarg_for(self):
        """f(x=1 for x in y)"""
        if self.tok.type != 'FOR':
            return None
        items = self.flat()
        for i in range(len(items) - 1, 0, -1):
            v = items[i]
            if isinstance(v, Tok):
                if v.type == 'EQUAL':
                    a = items[i - 1]
                    if (isinstance(a, Tok) and a.type == 'NAME') or (
                            type(a).__name__ == 'Name' and a._outer is None):
                        if not self._comprehension_clauses_follow():
                            return None
                        s = _node_start(a)
                        return _err("invalid syntax. Maybe you meant '==' or ':=' instead of "
                                    "'='?", s[0], s[1] + 1, v.line, v.end_column)
                    return None
                if v.type in _OPENERS or v.type == 'COMMA':
                    return None
        return None

    def _comprehension_clauses_follow(self):
        """Do "for ... in ..." clauses start at the failing token?  CPython
        parses them (reading to the end of the input if it gets there)."""
        t = self.tok
        st = [self.g.start_states['eval_input']]
        for ttype in ('LSQB', 'NAME'):
            st = self._shift(st, ttype)
        for k, x in enumerate([t] + self.rest):
            if not self.accepts(x.type, st):
                return self.accepts('RSQB', st)
            st = self._shift(st, x.type)
        self.check_eof()
        return False

    def _innermost_open(self):
        items = self.flat()
        depth = 0
        for i in range(len(items) - 1, -1, -1):
            v = items[i]
            if isinstance(v, Tok):
                if v.type in _CLOSERS:
                    depth += 1
                elif v.type in _OPENERS:
                    if depth == 0:
                        return items, i
                    depth -= 1
        return items, None

    def rule_comprehension_target(self):
        """[x, y for x, y in z]"""
        if self.tok.type != 'FOR':
            return None
        items, k = self._innermost_open()
        if k is None or items[k].type not in ('LSQB', 'LBRACE'):
            return None
        inside = items[k + 1:]
        depth = 0
        commas = False
        for v in inside:
            if isinstance(v, Tok):
                if v.type in _OPENERS:
                    depth += 1
                elif v.type in _CLOSERS:
                    depth -= 1
                elif v.type in ('COLON', 'FOR', 'LAMBDA', 'DOUBLESTAR'):
                    return None
                elif v.type == 'COMMA' and depth == 0:
                    commas = True
            elif hasattr(v, 'children') or hasattr(v, '_fields'):
                if len(_flatten([v])) > 1:
                    commas = True
        if not commas or not inside:
            return None
        a = _node_start(inside[0])
        b = _node_end(inside[-1])
        return _err('did you forget parentheses around the comprehension target?',
                    a[0], a[1] + 1, b[0], b[1] + 1)

    def _param_context(self):
        """'def' or 'lambda' if the parser is inside a parameter list."""
        items = self.statement_items()
        depth = 0
        for i in range(len(items) - 1, -1, -1):
            v = items[i]
            if not isinstance(v, Tok):
                continue
            if v.type in _CLOSERS:
                depth += 1
            elif v.type in _OPENERS:
                if depth == 0:
                    if v.type == 'LPAR' and i >= 2 and isinstance(items[i - 2], Tok) and \
                            items[i - 2].type == 'DEF':
                        return 'def'
                    return None
                depth -= 1
            elif depth == 0 and v.type == 'LAMBDA':
                return 'lambda'
        return None

    def rule_parameters(self):
        t = self.tok.type
        ctx = self._param_context()
        if ctx is None:
            return None
        items = self.flat()
        params = [v for v in self.statement_items() if type(v).__name__ == '_Param']
        if params and params[-1].kind == 'bare_star' and t not in ('RPAR', 'DOUBLESTAR',
                                                                   'COLON'):
            params.pop()        # CPython only checks "*)", "*, )", "*, **"
        if params:
            try:
                self.g.builder._arguments(params, True)
            except MiniSyntaxError as e:
                return e
        prev = items[-1] if items else None
        if t == 'LPAR':
            close = _simple_name_list_close(self.rest)
            if close is not None:
                what = ('Function parameters' if ctx == 'def' else
                        'Lambda expression parameters')
                return _err('%s cannot be parenthesized' % what, self.tok.line,
                            self.tok.column, close.end_line, close.end_column)
        if isinstance(prev, Tok) and prev.type == 'EQUAL':
            # "*a=" / "**a=", or "a=" without a value
            j = len(items) - 2
            if j >= 0 and not isinstance(items[j], Tok):
                j -= 2 if j >= 2 and isinstance(items[j - 1], Tok) and \
                    items[j - 1].type == 'COLON' else 0
            k = j
            while k >= 0 and not (isinstance(items[k], Tok) and items[k].type in (
                    'STAR', 'DOUBLESTAR', 'COMMA', 'LPAR', 'LAMBDA')):
                k -= 1
            if k >= 0 and items[k].type in ('STAR', 'DOUBLESTAR'):
                which = 'var-positional' if items[k].type == 'STAR' else 'var-keyword'
                return _err('%s argument cannot have default value' % which, prev.line,
                            prev.column, prev.end_line, prev.end_column)
            if t in ('COMMA', 'RPAR', 'COLON'):
                return _err('expected default value expression', prev.line, prev.column,
                            prev.end_line, prev.end_column)
        if t == 'STAR' and isinstance(prev, Tok) and prev.type == 'SLASH':
            return self.error_at_tok('expected comma between / and *')
        return None

    def rule_except(self):
        t = self.tok.type
        items = self.statement_items()
        for i in range(len(items) - 1, -1, -1):
            if isinstance(items[i], Tok) and items[i].type == 'EXCEPT':
                items = items[i:]
                break
        else:
            return None
        star = len(items) > 1 and isinstance(items[1], Tok) and items[1].type == 'STAR'
        if star and t == 'COLON' and len(items) == 2:
            return self.error_at_tok('expected one or more exception types')
        if t == 'COMMA' and not self.ctx.parens:
            body = items[2 if star else 1:]
            if not body:
                return None
            a = _node_start(body[0])
            end = None
            for tk in [self.tok] + self.rest:
                if tk.type in ('COLON', '_NEWLINE', '$END'):
                    break
                end = tk
            if a is None or end is None:
                return None
            return _err('multiple exception types must be parenthesized', a[0], a[1] + 1,
                        end.end_line, end.end_column)
        return None

    def rule_dict(self):
        t = self.tok.type
        items = self.flat()
        # find the innermost open bracket
        depth = 0
        k = None
        for i in range(len(items) - 1, -1, -1):
            v = items[i]
            if isinstance(v, Tok):
                if v.type in _CLOSERS:
                    depth += 1
                elif v.type in _OPENERS:
                    if depth == 0:
                        k = i
                        break
                    depth -= 1
        if k is None or items[k].type != 'LBRACE':
            return None
        inside = items[k + 1:]
        if not any(type(x) is tuple for x in inside):
            if not (len(inside) >= 2 and isinstance(inside[-1], Tok) and
                    inside[-1].type == 'COLON'):
                return None
        last = inside[-1] if inside else None
        if isinstance(last, Tok) and last.type == 'COLON' and t == 'STAR':
            end = _bitor_end(self, self.rest)
            if end is not None:
                return _err('cannot use a starred expression in a dictionary value',
                            self.tok.line, self.tok.column, end[1][0], end[1][1] + 1)
        if isinstance(last, Tok) and last.type == 'COLON' and t in ('RBRACE', 'COMMA'):
            return _err("expression expected after dictionary key and ':'", last.line,
                        last.column, last.end_line, last.end_column)
        if not any(type(x) is tuple for x in inside):
            return None
        # the item being parsed: after the last ',' of this display
        cur = []
        depth = 0
        for x in inside:
            if isinstance(x, Tok):
                if x.type in _OPENERS:
                    depth += 1
                elif x.type in _CLOSERS:
                    depth -= 1
                elif depth == 0 and x.type == 'COMMA':
                    cur = []
                    continue
            elif depth == 0 and type(x) is tuple:
                cur = []
                continue
            cur.append(x)
        if not cur or any(isinstance(x, Tok) and x.type in ('COLON', 'DOUBLESTAR') for x in cur):
            return None
        # its longest complete expression: drop a dangling operator
        while cur and isinstance(cur[-1], Tok) and cur[-1].type in _DISJ_OPS and \
                cur[-1].type not in ('NOT',):
            cur.pop()
        if not cur or t == 'COLON' and len(cur) == len(inside):
            return None
        end = _node_end(cur[-1])
        if end is None:
            return None
        return _err("':' expected after dictionary key", end[0], end[1], end[0], 0)

    def _expression_before(self):
        """The expression that ends just before the failing token, as a
        node (the builder runs the pending reductions), or None."""
        vs = self.reduce_for('COMMA')
        if vs is None:
            a = self.values[-1] if self.values else None
            if not hasattr(a, '_fields'):
                return None
        else:
            a = vs[-1]
        while getattr(a, 'children', None) and not hasattr(a, '_fields'):
            a = a.children[-1]          # a Lark helper tree ("," item)*
        if type(a) is tuple:            # a dict item
            a = a[1]
        if type(a).__name__ == '_Param':
            a = a.default
            if a is None:
                return None
        name = type(a).__name__
        if name == '_KwArg':
            a = a.keyword.value
        elif not isinstance(a, N.expr):
            return None
        return a

    def rule_legacy_print(self):
        """"print x": Missing parentheses in call to 'print'."""
        tok = self.tok
        if tok.type not in _EXPR_START or tok.type == 'LPAR':
            return None
        items = self.flat()
        if not items:
            return None
        a = items[-1]
        if isinstance(a, Tok):
            name = a.value if a.type == 'NAME' else None
        else:
            name = a.id if type(a).__name__ == 'Name' and a._outer is None else None
        if name is None:
            return None
        if len(items) >= 2 and isinstance(items[-2], Tok) and items[-2].type in ('DOT',):
            return None
        # CPython parses what follows any name (invalid_legacy_expression)
        # before checking the name is print or exec: that may read to the end
        end = self.expr_end([tok] + self.rest, tuples=True)
        if end is None or name not in ('print', 'exec'):
            return None
        a = _node_start(a)
        return _err("Missing parentheses in call to '%s'. Did you mean %s(...)?"
                    % (name, name), a[0], a[1] + 1, end[0], end[1] + 1)

    def rule_comma(self):
        """Two expressions side by side inside brackets."""
        tok = self.tok
        after = [tok] + self.rest
        items = None
        if tok.type == 'RSQB' and self.prev is not None and self.prev.type == 'LSQB':
            # "x[]": CPython then reads "x" and "[]" as two expressions
            flat = self.flat()
            if flat and flat[-1] is self.prev:
                items = flat[:-1]
                after = [self.prev] + after
                tok = self.prev
        if tok.type not in _EXPR_START:
            return None
        if tok is self.tok:
            depth = len(self.ctx.parens) - (1 if tok.type in _OPENERS else 0)
        else:
            depth = len(self.ctx.parens)      # the '[' is closed already
        items, j = self.expression_start(_DISJ_OPS, items)
        if j >= len(items):
            return None
        before = items[j - 1] if j > 0 else None
        if isinstance(before, Tok) and before.type in ('ELSE', 'IF', 'IN', 'STAR', 'DOUBLESTAR'):
            return None
        first = items[j]
        name = first.value if isinstance(first, Tok) and first.type == 'NAME' else (
            first.id if type(first).__name__ == 'Name' and first._outer is None else None)
        if name is not None:
            # CPython compares a name with the soft keywords by prefix
            if any(kw.startswith(name) for kw in _SOFT_KEYWORDS):
                return None
            if j == len(items) - 1 and tok.type == 'STRING':
                return None
            if j == len(items) - 1 and name in ('print', 'exec'):
                return None
        if tok is self.tok:
            a = self._expression_before()
            if a is None:
                return None
        a_start = _node_start(first)
        # CPython parses the second expression before checking it is inside
        # brackets: reading ahead may meet the end of the input
        end = self.expr_end(after)
        if a_start is None or end is None or depth <= 0:
            return None
        return _err('invalid syntax. Perhaps you forgot a comma?', a_start[0], a_start[1] + 1,
                    end[0], end[1] + 1)

    def rule_import_comma(self):
        if self.tok.type != '_NEWLINE' or self.prev is None or self.prev.type != 'COMMA':
            return None
        items = self.statement_items()
        if items and isinstance(items[0], Tok) and items[0].type == 'FROM' and \
                not any(isinstance(v, Tok) and v.type == 'LPAR' for v in items):
            return self.error_at_tok('trailing comma not allowed without surrounding parentheses')
        return None

    def rule_continuation_eof(self):
        if not self.at_eof():
            return None
        src = self.ctx.src
        s = src.rstrip('\n')
        if s.endswith('\\'):
            line, col = _eof_position(self.ctx)
            return _err('unexpected EOF while parsing', line, col, line, -1)
        return None

    def rule_pending_targets(self):
        """Checks CPython's second pass makes on what precedes the error:
        assignment/for/del targets, augmented assignment, parameters."""
        b = self.g.builder
        items = self.statement_items()
        if not items:
            return None
        first = items[0]
        try:
            if isinstance(first, Tok) and first.type == 'FOR':
                if len(items) >= 3 and isinstance(items[2], Tok) and items[2].type == 'IN' \
                        and hasattr(items[1], '_fields'):
                    b.check_target(items[1], 'for')
                elif not any(isinstance(v, Tok) and v.type == 'IN' for v in items):
                    vs = self.reduce_for('IN')
                    if vs is not None and hasattr(vs[-1], '_fields'):
                        b.check_target(vs[-1], 'for')
                return None
            if isinstance(first, Tok) and first.type == 'DEL':
                for v in items[1:]:
                    if isinstance(v, Tok):
                        if v.type != 'COMMA':
                            break
                    elif hasattr(v, '_fields'):
                        b.check_target(v, 'del')
                    else:
                        break
                return None
            if isinstance(first, Tok) and first.type in ('DEF', 'LAMBDA'):
                params = [v for v in items if type(v).__name__ == '_Param']
                if params and params[-1].kind == 'bare_star' and \
                        self.tok.type not in ('RPAR', 'DOUBLESTAR', 'COLON'):
                    params.pop()
                if params:
                    b._arguments(params, True)
                return None
            if hasattr(first, '_fields') and len(items) >= 2 and \
                    type(items[1]).__mro__[1].__name__ == 'operator':
                b.augassign([first, items[1], first])
                return None
            # assignments: node = node = ... (the reduced '=' are gone)
            targets = []
            k = 0
            while k < len(items) and hasattr(items[k], '_fields'):
                k += 1
            if 0 < k < len(items) and isinstance(items[k], Tok) and items[k].type == 'EQUAL':
                targets = items[:k]
                k += 1
            if targets and type(targets[0]).__name__ not in _STMT_NODE_NAMES:
                after = items[k:]
                nxt = after[0] if after else self.tok
                starts = not (isinstance(nxt, Tok) and nxt.type in
                              ('NOT', 'LAMBDA', 'YIELD', 'STAR', '_NEWLINE', '$END'))
                if any(b._invalid_target(t, 'store') is not None or
                       type(t).__name__ in ('Yield', 'YieldFrom') for t in targets):
                    b.assign_error(targets, (starts, None))
        except MiniSyntaxError as e:
            return e
        return None


_STMT_NODE_NAMES = frozenset('''FunctionDef AsyncFunctionDef ClassDef Return Delete Assign
    AugAssign AnnAssign For AsyncFor While If With AsyncWith Raise Try TryStar Assert Import
    ImportFrom Global Nonlocal Expr Pass Break Continue'''.split())


def _is_expr_piece(v):
    if isinstance(v, Tok):
        return v.type in _ATOM_TOKENS
    if hasattr(v, '_fields'):
        return v.__class__.__name__ not in _STMT_NODE_NAMES
    return getattr(v, 'children', None) is not None or v.__class__.__name__ in (
        '_Args', '_KwArg', '_GenArg')


def _bitor_end(diag, toks):
    """(index after, end position) of the bitwise_or at the start of *toks*."""
    g = diag.g
    st = [g.start_states['eval_input']]
    depth = 0
    last = None
    for k, t in enumerate(toks):
        if depth == 0 and t.type not in _BITOR_OPS and t.type not in _ATOM_TOKENS and \
                t.type not in _OPENERS:
            break
        if not diag.accepts(t.type, st):
            diag._eof_inside(toks, k, depth)
            break
        st = diag._shift(st, t.type)
        if t.type in _OPENERS:
            depth += 1
        elif t.type in _CLOSERS:
            depth -= 1
        if depth == 0 and diag.accepts('$END', st):
            last = (k + 1, (t.end_line, t.end_column - 1))
    return last


def _simple_name_list_close(toks):
    """The ')' of "name, name ,)" at the start of *toks*, else None."""
    want_name = True
    for t in toks:
        if want_name:
            if t.type == 'RPAR':
                return t if t is not toks[0] else None
            if t.type != 'NAME':
                return None
            want_name = False
        else:
            if t.type == 'RPAR':
                return t
            if t.type != 'COMMA':
                return None
            want_name = True
    return None


def _matching_close(toks, across_lines=False):
    depth = 0
    for t in toks:
        if t.type in _OPENERS:
            depth += 1
        elif t.type in _CLOSERS:
            if depth == 0:
                return t
            depth -= 1
        elif t.type in ('_NEWLINE', '$END') and not across_lines:
            return None
    return None


def unclosed_error(ctx, opener):
    text = ctx.line(opener.line)
    return _err("'%s' was never closed" % opener.value, opener.line, opener.column,
                opener.line, 0, text=text, source=PYERR)


def diagnose(ctx, e, text):
    """Turn a ParseError/LexError of the parser into CPython's MiniSyntaxError."""
    from .parser import LexError, get_grammar
    g = get_grammar()
    if isinstance(e, LexError):
        # the tokenizer raises before the parser sees anything later
        r = lex_error(ctx, e.pos)
        raise AssertionError('lex_error returned %r' % (r,))
    tok = e.token
    rest, rest_error, parens = [], None, list(ctx.parens)
    gen = getattr(e, 'tokens', None)
    if gen is not None:
        rest, rest_error = drain(gen)
    saved = ctx.parens
    ctx.parens = parens
    try:
        d = Diagnosis(g, ctx, tok, e.state_stack, e.value_stack, rest, rest_error)
        d.ctx_parens_end = list(saved)
        d.start = e.start
        try:
            err = d.run()
        except MiniSyntaxError as be:     # the builder, while simulating
            err = be
        except Exception:                 # a bug in a heuristic: stay safe
            err = _at_token(ctx, 'invalid syntax', tok)
    finally:
        ctx.parens = saved
    # the REPL asks for more input when the parser failed at the end
    err.incomplete = d.at_eof()
    return override(ctx, err, tok.line, rest_error, ctx.parens)


def drain(gen):
    """The remaining tokens of a tokenizer generator, and the tokenizer error
    that stopped it (or None)."""
    from .parser import LexError
    rest = []
    try:
        for t in gen:
            rest.append(t)
    except MiniSyntaxError as te:
        return rest, te
    except LexError as le:
        return rest, le
    return rest, None


def override(ctx, err, err_line, rest_error, parens_at_end):
    """CPython's _PyPegen_tokenize_full_source_to_check_for_errors: after a
    parser error, a later tokenizer error wins; so does a bracket left open
    before the error's line (when the tokenizer stops)."""
    from .parser import LexError
    if getattr(err, '_final', False):
        return err
    if isinstance(rest_error, LexError):
        try:
            kind = lex_error(ctx, rest_error.pos)
        except MiniSyntaxError as te:
            rest_error = te
        else:
            rest_error = None if kind is None else 'stop'
    if isinstance(rest_error, MiniSyntaxError) and getattr(rest_error, '_source', None) == PYERR:
        return rest_error
    # the tokenizer stopped (error or end of input) with brackets open
    if parens_at_end:
        opener = parens_at_end[-1]
        if err_line > opener.line:
            return unclosed_error(ctx, opener)
    return err
