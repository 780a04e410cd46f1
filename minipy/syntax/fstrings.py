"""String literals: decoding, implicit concatenation and f-strings.

This follows CPython 3.11's Parser/string_parser.c: a STRING token holds a
whole literal (an f-string included); the replacement fields of an f-string
are found by scanning its text, and each expression is parsed on its own,
wrapped in parentheses, by the same grammar (start rule ``eval_input``).
Node positions follow CPython 3.11 too: the Constant/FormattedValue/JoinedStr
nodes produced here span the whole group of concatenated literals, while the
nodes of a replacement expression carry their true source positions.

Errors the C code raises with RAISE_SYNTAX_ERROR are located at the token
*after* the string group (the parser's lookahead), as CPython does.
"""

import codecs
import re
import warnings
from keyword import iskeyword

from . import nodes as N
from ..errors import MiniSyntaxError

_VALID_ESCAPES = set('\n\\\'"abfnrtv01234567xNuU')
# a replacement field that is just a (dotted) ASCII name
_SIMPLE_FIELD = re.compile(r'([ \t]*)([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)[ \t]*\Z')
_CONVERSIONS = {'s': 115, 'r': 114, 'a': 97}


def _decode_str(body):
    """Decode the escapes of a non-raw str literal body, as CPython does
    (decode_unicode_with_escapes + the unicode-escape codec)."""
    if '\\' not in body:
        return body
    buf = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch == '\\':
            buf.append('\\')
            i += 1
            if i >= n or ord(body[i]) >= 0x80:
                buf.append('u005c')
                if i >= n:
                    break
            ch = body[i]
        if ord(ch) >= 0x80:
            buf.append('\\U%08x' % ord(ch))
        else:
            buf.append(ch)
        i += 1
    data = ''.join(buf).encode('ascii')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return codecs.unicode_escape_decode(data)[0]


def _decode_bytes(body):
    if '\\' not in body:
        return body.encode('ascii')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return codecs.escape_decode(body.encode('ascii'))[0]


class _Literal:
    __slots__ = ('tok', 'prefix', 'body', 'body_offset', 'raw', 'is_bytes', 'is_f')


def _split_token(tok):
    v = tok.value
    i = 0
    while v[i] not in '"\'':
        i += 1
    lit = _Literal()
    prefix = v[:i].lower()
    q = v[i]
    ql = 3 if v[i:i + 3] == q * 3 else 1
    lit.tok = tok
    lit.prefix = prefix
    lit.body = v[i + ql:len(v) - ql]
    lit.body_offset = i + ql
    lit.raw = 'r' in prefix
    lit.is_bytes = 'b' in prefix
    lit.is_f = 'f' in prefix
    return lit


class _State:
    """CPython's FstringParser: pending literal text + list of parts."""
    __slots__ = ('last_str', 'parts', 'fmode')

    def __init__(self):
        self.last_str = None
        self.parts = []
        self.fmode = False

    def add_str(self, s):
        if not s:
            return
        if self.last_str is None:
            self.last_str = s
        else:
            self.last_str += s


class StringBuilder:
    """Builds the node for a group of adjacent string literal tokens.

    *parse_fexpr(text, line, col)* parses an f-string replacement field:
    *text* is the field's expression wrapped in parentheses and (*line*,
    *col*) the 1-based line and 0-based character column of its '{'.
    """

    def __init__(self, parse_fexpr, lookahead):
        self.parse_fexpr = parse_fexpr
        # returns the token following the string group (for error locations)
        self.lookahead = lookahead

    # ----------------------------------------------------------------- errors

    def _error_here(self, msg):
        """RAISE_SYNTAX_ERROR: located at the parser's current token."""
        tok = self.lookahead()
        if tok is None:
            raise MiniSyntaxError(msg, None, 1, 1)
        line, col, end_line, end_col = tok
        raise MiniSyntaxError(msg, None, line, col + 1, None, end_line, end_col + 1)

    # ------------------------------------------------------------------ build

    def build(self, builder, toks):
        first, last = toks[0], toks[-1]
        lits = [_split_token(t) for t in toks]
        bytesmode = lits[0].is_bytes
        kind = 'u' if first.value[0] == 'u' else None
        fmode = False
        for lit in lits:
            if lit.is_f:
                fmode = True
        if not fmode and len(lits) == 1:
            # the common case: a single plain literal
            lit = lits[0]
            value = self._decode(lit)
            return builder._span(N.Constant(value, kind), first, last)
        if bytesmode:
            chunks = []
            for i, lit in enumerate(lits):
                if not lit.is_bytes:
                    self._error_here('cannot mix bytes and nonbytes literals')
                chunks.append(self._decode(lit))
            return builder._span(N.Constant(b''.join(chunks), kind), first, last)
        state = _State()
        for i, lit in enumerate(lits):
            if lit.is_bytes:
                if i:
                    self._error_here('cannot mix bytes and nonbytes literals')
            if lit.is_f:
                state.fmode = True
                pos = [0]
                self._concat_fstring(builder, state, lit, pos, len(lit.body), 0, first, last, kind)
            else:
                state.add_str(self._decode(lit))
        if not state.fmode:
            return builder._span(N.Constant(state.last_str or '', kind), first, last)
        if state.last_str is not None:
            state.parts.append(builder._span(N.Constant(state.last_str, kind), first, last))
        return builder._span(N.JoinedStr(state.parts), first, last)

    def _decode(self, lit):
        body = lit.body
        if lit.is_bytes:
            if not body.isascii():
                tok = lit.tok
                raise MiniSyntaxError('bytes can only contain ASCII literal characters', None,
                                      tok.line, tok.column, None, tok.end_line, tok.end_column)
            if lit.raw:
                return body.encode('ascii')
            try:
                return _decode_bytes(body)
            except (UnicodeError, ValueError) as e:
                self._decode_error(e)
        if lit.raw:
            return body
        try:
            return _decode_str(body)
        except (UnicodeError, ValueError) as e:
            self._decode_error(e)

    def _decode_error(self, e):
        kind = 'unicode error' if isinstance(e, UnicodeError) else 'value error'
        self._error_here('(%s) %s' % (kind, e))

    # --------------------------------------------------------------- f-strings

    def _concat_fstring(self, builder, state, lit, pos, end, recurse_lvl, first, last, kind):
        """CPython's _PyPegen_FstringParser_ConcatFstring over lit.body[pos[0]:end]."""
        body = lit.body
        while True:
            literal, result = self._find_literal(body, pos, end, lit.raw, recurse_lvl)
            if literal:
                state.add_str(literal)
            if result == 1:
                continue
            i = pos[0]
            if i >= end or body[i] == '}':
                break
            expr_text, expression = self._find_expr(builder, lit, pos, end, recurse_lvl,
                                                    first, last, kind)
            if expr_text:
                state.add_str(expr_text)
            if state.last_str is not None:
                state.parts.append(builder._span(N.Constant(state.last_str, kind), first, last))
                state.last_str = None
            state.parts.append(expression)
        if recurse_lvl != 0 and (pos[0] >= end or body[pos[0]] != '}'):
            self._error_here("f-string: expecting '}'")

    def _find_literal(self, body, pos, end, raw, recurse_lvl):
        s = pos[0]
        start = s
        result = 0
        stop = None
        while s < end:
            ch = body[s]
            s += 1
            if not raw and ch == '\\' and s < end:
                ch = body[s]
                s += 1
                if ch == 'N':
                    if s < end:
                        c2 = body[s]
                        s += 1
                        if c2 == '{':
                            while s < end:
                                c3 = body[s]
                                s += 1
                                if c3 == '}':
                                    break
                            continue
                    continue
            if ch == '{' or ch == '}':
                if recurse_lvl == 0:
                    if s < end and body[s] == ch:
                        pos[0] = s + 1
                        stop = s
                        result = 1
                        break
                    if ch == '}':
                        pos[0] = s - 1
                        self._error_here("f-string: single '}' is not allowed")
                s -= 1
                break
        if stop is None:
            pos[0] = s
            stop = s
        text = body[start:stop]
        if not text:
            return None, result
        if raw:
            return text, result
        try:
            return _decode_str(text), result
        except (UnicodeError, ValueError) as e:
            self._decode_error(e)

    def _find_expr(self, builder, lit, pos, end, recurse_lvl, first, last, kind):
        body = lit.body
        if recurse_lvl >= 2:
            self._error_here('f-string: expressions nested too deeply')
        s = pos[0] + 1          # skip '{'
        brace = pos[0]
        expr_start = s
        quote_char = None
        string_type = 0
        parenstack = []
        while s < end:
            ch = body[s]
            if ch == '\\':
                self._error_here('f-string expression part cannot include a backslash')
            if quote_char:
                if ch == quote_char:
                    if string_type == 3:
                        if s + 2 < end and body[s + 1] == ch and body[s + 2] == ch:
                            s += 3
                            string_type = 0
                            quote_char = None
                            continue
                    else:
                        quote_char = None
                        string_type = 0
                s += 1
                continue
            if ch == "'" or ch == '"':
                if s + 2 < end and body[s + 1] == ch and body[s + 2] == ch:
                    string_type = 3
                    s += 2
                else:
                    string_type = 1
                quote_char = ch
            elif ch in '[{(':
                if len(parenstack) >= 200:
                    self._error_here('f-string: too many nested parenthesis')
                parenstack.append(ch)
            elif ch == '#':
                self._error_here("f-string expression part cannot include '#'")
            elif not parenstack and ch in '!:}=<>':
                if s + 1 < end:
                    nxt = body[s + 1]
                    if nxt == '=' and ch in '!=<>':
                        s += 2
                        continue
                if ch == '>' or ch == '<':
                    s += 1
                    continue
                break
            elif ch in ']})':
                if not parenstack:
                    self._error_here("f-string: unmatched '%s'" % ch)
                opening = parenstack.pop()
                if (opening + ch) not in ('()', '[]', '{}'):
                    self._error_here("f-string: closing parenthesis '%s' does not match "
                                     "opening parenthesis '%s'" % (ch, opening))
            s += 1
        expr_end = s
        if quote_char:
            self._error_here('f-string: unterminated string')
        if parenstack:
            self._error_here("f-string: unmatched '%s'" % parenstack[-1])
        if s >= end:
            self._error_here("f-string: expecting '}'")
        expr_text_src = body[expr_start:expr_end]
        if not expr_text_src.strip(' \t\n\f'):
            self._error_here('f-string: empty expression not allowed')
        value = self._compile_expr(lit, brace, expr_text_src)

        expr_text = None
        conversion = -1
        format_spec = None
        if body[s] == '=':
            s += 1
            while s < end and body[s] in ' \t\n\r\f\v':
                s += 1
            if s >= end:
                self._error_here("f-string: expecting '}'")
            expr_text = body[expr_start:s]
        if body[s] == '!':
            s += 1
            if s >= end:
                self._error_here("f-string: expecting '}'")
            c = body[s]
            s += 1
            conversion = _CONVERSIONS.get(c)
            if conversion is None:
                self._error_here("f-string: invalid conversion character: "
                                 "expected 's', 'r', or 'a'")
        if s < end and body[s] == ':':
            s += 1
            if s >= end:
                self._error_here("f-string: expecting '}'")
            pos[0] = s
            spec_state = _State()
            spec_state.fmode = True
            self._concat_fstring(builder, spec_state, lit, pos, end, recurse_lvl + 1,
                                 first, last, kind)
            # CPython finishes the spec with the position of this token only
            tok = lit.tok
            if spec_state.last_str is not None:
                spec_state.parts.append(
                    builder._span(N.Constant(spec_state.last_str, kind), tok, tok))
            format_spec = builder._span(N.JoinedStr(spec_state.parts), tok, tok)
            s = pos[0]
        if s >= end or body[s] != '}':
            self._error_here("f-string: expecting '}'")
        pos[0] = s + 1
        if expr_text is not None and format_spec is None and conversion == -1:
            conversion = 114
        fv = N.FormattedValue(value, conversion, format_spec)
        return expr_text, builder._span(fv, first, last)

    def _compile_expr(self, lit, brace, text):
        """Parse the expression of a replacement field; *brace* is the index
        of its '{' in lit.body."""
        tok = lit.tok
        value = tok.value
        k = lit.body_offset + brace        # index of '{' in the token text
        nl = value.rfind('\n', 0, k)
        if nl < 0:
            line = tok.line
            col = tok.column - 1 + k
        else:
            line = tok.line + value.count('\n', 0, k)
            col = k - nl - 1
        m = _SIMPLE_FIELD.match(text)
        if m is not None and not any(iskeyword(n) for n in m.group(2).split('.')):
            return _simple_field(m, line, col + 1)
        return self.parse_fexpr('(' + text + ')', line, col)


def _simple_field(m, line, col):
    """The nodes for a field that is a name or a dotted name ("{a.b}"), the
    most common case, without running the parser (same result)."""
    start = col + m.start(2)
    parts = m.group(2).split('.')
    node = N.Name(parts[0], N.LOAD, lineno=line, col_offset=start, end_lineno=line,
                  end_col_offset=start + len(parts[0]))
    end = start + len(parts[0])
    for attr in parts[1:]:
        end += 1 + len(attr)
        node = N.Attribute(node, attr, N.LOAD, lineno=line, col_offset=start,
                           end_lineno=line, end_col_offset=end)
    return node
