"""The minipy parser: Lark LALR(1) over grammar/minipy.lark.

``parse(source, filename, mode)`` returns a ``nodes.Module`` (mode "exec"),
``nodes.Interactive`` ("single") or ``nodes.Expression`` ("eval"), or raises
``minipy.errors.MiniSyntaxError`` with CPython 3.11's message and location.

Pipeline: Lark's basic lexer -> ``_PostLexer`` (indentation, brackets, the
checks CPython's tokenizer makes on numbers) -> Lark's LALR parser, which
calls ``builder.Builder`` as it reduces -> positions converted to UTF-8 byte
offsets.  On a syntax error, ``diagnose`` (in diagnostics.py) works out the
message CPython would give.

The built parser is cached in the user's cache directory (keyed by a hash of
the grammar and the Lark/Python versions), so importing is cheap.
"""

import hashlib
import os
import sys
import tempfile
import threading
from pathlib import Path

import lark
from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from ..errors import MiniSyntaxError
from . import nodes as N
from .builder import Builder
from .fstrings import StringBuilder

START_RULES = {'exec': 'file_input', 'single': 'single_input', 'eval': 'eval_input'}

MAXINDENT = 100     # CPython's tokenizer limits
MAXLEVEL = 200


# ----------------------------------------------------------------- grammar

def grammar_path():
    """grammar/minipy.lark next to the package (checkout or editable install),
    else a copy inside the package."""
    import minipy
    here = Path(minipy.__file__).resolve().parent
    p = here.parent / 'grammar' / 'minipy.lark'
    if p.is_file():
        return p
    p = here / 'syntax' / 'minipy.lark'
    if p.is_file():
        return p
    raise FileNotFoundError('minipy grammar not found (looked for %s)' % p)


def _cache_dirs():
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    yield os.path.join(base, 'minipy')
    yield os.path.join(tempfile.gettempdir(), 'minipy-cache-%s' % _uid())


def _uid():
    try:
        return str(os.getuid())
    except AttributeError:      # pragma: no cover - Windows
        return 'user'


LARK_OPTIONS = dict(parser='lalr', lexer='basic', maybe_placeholders=True,
                    start=['file_input', 'single_input', 'eval_input'])


def _build_lark(grammar_text, **kw):
    return Lark(grammar_text, **LARK_OPTIONS, **kw)


class _Context:
    """Per-parse state shared by the postlexer, the builder and diagnostics."""
    __slots__ = ('src', 'lines', 'last', 'parens', 'filename', 'nested')

    def __init__(self, src, filename, nested=False):
        self.src = src
        self.lines = None
        self.last = None        # the last token handed to the parser
        self.parens = []        # open brackets (tokens) at that point
        self.filename = filename
        self.nested = nested    # parsing an f-string replacement field


_local = threading.local()


def _ctx_stack():
    try:
        return _local.stack
    except AttributeError:
        _local.stack = []
        return _local.stack


def _ctx():
    return _local.stack[-1]


# -------------------------------------------------------------- postlexer

def _indent_cols(ws):
    """(col, altcol) of an indentation string, like CPython's tokenizer
    (tabs to multiples of 8, and of 1 for the consistency check)."""
    if '\t' not in ws and '\f' not in ws:
        return len(ws), len(ws)
    col = altcol = 0
    for ch in ws:
        if ch == ' ':
            col += 1
            altcol += 1
        elif ch == '\t':
            col = (col // 8 + 1) * 8
            altcol += 1
        elif ch == '\f':
            col = altcol = 0
    return col, altcol


_OPEN = {'LPAR': ')', 'LSQB': ']', 'LBRACE': '}'}
_CLOSE = {'RPAR': '(', 'RSQB': '[', 'RBRACE': '{'}
_NUM_FOLLOW_OK = frozenset(' \t\f\n\\#()[]{},.:;=+-*/%@&|^~<>!"\'`$?')


class _PostLexer:
    """Indentation (INDENT/DEDENT), bracket matching and number checks.

    Re-entrant: all state is local to one ``process`` call (f-string fields
    are parsed while an outer parse is suspended)."""

    always_accept = ('_NEWLINE',)

    def process(self, stream):
        ctx = _ctx()
        return _indenter(stream, ctx)


def _mktok(type_, value, line, col, pos):
    return Token(type_, value, pos, line, col, line, col, pos)


def _indenter(stream, ctx):
    from .diagnostics import check_number, tokenizer_error
    src = ctx.src
    parens = ctx.parens
    indents = [0]
    altindents = [0]
    tok = None
    first = True
    for tok in stream:
        t = tok.type
        if first:
            first = False
            if t != '_NEWLINE' and tok.column > 1 and tok.line == 1:
                col, altcol = _indent_cols(src[:tok.start_pos])
                if col:
                    ind = _mktok('_INDENT', '', 1, tok.column, tok.start_pos)
                    ctx.last = ind
                    yield ind
        if t == '_NEWLINE':
            if parens:
                continue
            ctx.last = tok
            yield tok
            v = tok.value
            ws = v[v.rfind('\n') + 1:]
            col, altcol = _indent_cols(ws)
            line = tok.end_line
            if col == indents[-1]:
                if altcol != altindents[-1]:
                    tokenizer_error(ctx, 'tab', line)
            elif col > indents[-1]:
                if len(indents) >= MAXINDENT:
                    tokenizer_error(ctx, 'toodeep', line)
                if altcol <= altindents[-1]:
                    tokenizer_error(ctx, 'tab', line)
                indents.append(col)
                altindents.append(altcol)
                ind = _mktok('_INDENT', ws, line, tok.end_column, tok.end_pos)
                ctx.last = ind
                yield ind
            else:
                n = 0
                while len(indents) > 1 and col < indents[-1]:
                    indents.pop()
                    altindents.pop()
                    n += 1
                if col != indents[-1]:
                    tokenizer_error(ctx, 'dedent', line)
                if altcol != altindents[-1]:
                    tokenizer_error(ctx, 'tab', line)
                for _ in range(n):
                    ded = _mktok('_DEDENT', '', line, tok.end_column, tok.end_pos)
                    ctx.last = ded
                    yield ded
            continue
        if t in _OPEN:
            if len(parens) >= MAXLEVEL:
                tokenizer_error(ctx, 'toomanyparens', tok)
            parens.append(tok)
        elif t in _CLOSE:
            if not parens:
                tokenizer_error(ctx, 'unmatched', tok)
            if parens[-1].value != _CLOSE[t]:
                tokenizer_error(ctx, 'mismatch', tok)
            parens.pop()
        elif t == 'NUMBER':
            v = tok.value
            e = tok.end_pos
            if (e < len(src) and src[e] not in _NUM_FOLLOW_OK) or \
                    (v[0] == '0' and len(v) > 1 and v[1] not in 'xXoObB.eEjJ'):
                check_number(ctx, tok)
        ctx.last = tok
        yield tok
    # end of input: close the open blocks
    if tok is not None:
        line, col, pos = tok.end_line, tok.end_column, tok.end_pos
    else:
        line, col, pos = 1, 1, 0
    for _ in range(len(indents) - 1):
        ded = _mktok('_DEDENT', '', line, col, pos)
        ctx.last = ded
        yield ded


# ------------------------------------------------------------------ parser

class _Parser:
    def __init__(self):
        self.builder = Builder()
        self.builder.strings_builder = StringBuilder(_parse_fexpr, _lookahead_pos)
        self.postlex = _PostLexer()
        self.grammar_file = grammar_path()
        grammar_text = self.grammar_file.read_text(encoding='utf-8')
        self.lark = self._load(grammar_text)

    def _load(self, grammar_text):
        key = hashlib.sha256('\0'.join([
            grammar_text, lark.__version__, sys.version.split()[0], repr(sorted(LARK_OPTIONS.items()))
        ]).encode('utf-8')).hexdigest()[:24]
        name = 'grammar-%s.lark.pickle' % key
        kw = dict(transformer=self.builder, postlex=self.postlex)
        for d in _cache_dirs():
            path = os.path.join(d, name)
            try:
                with open(path, 'rb') as f:
                    inst = Lark.__new__(Lark)
                    return inst._load(f, **kw)
            except Exception:
                continue
        parser = _build_lark(grammar_text, **kw)
        for d in _cache_dirs():
            try:
                os.makedirs(d, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=d, prefix='.tmp-', suffix='.pickle')
                try:
                    with os.fdopen(fd, 'wb') as f:
                        parser.save(f)
                    os.replace(tmp, os.path.join(d, name))
                finally:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
                break
            except Exception:
                continue
        return parser


_PARSER = None
_PARSER_LOCK = threading.Lock()


def get_parser():
    global _PARSER
    if _PARSER is None:
        with _PARSER_LOCK:
            if _PARSER is None:
                _PARSER = _Parser()
    return _PARSER


def _lookahead_pos():
    """(line, col, end_line, end_col) of the parser's current lookahead token,
    with CPython's token extents (0-based character columns)."""
    from .diagnostics import cpython_token_range
    ctx = _ctx()
    if ctx.last is None:
        return None
    return cpython_token_range(ctx, ctx.last)


def _run(ctx, text, start):
    p = get_parser()
    stack = _ctx_stack()
    stack.append(ctx)
    try:
        return p.lark.parse(text, start=start)
    except UnexpectedInput as e:
        from .diagnostics import diagnose
        raise diagnose(ctx, e, start) from None
    finally:
        stack.pop()


def _parse_fexpr(text, line, col):
    """Parse the expression of an f-string replacement field.  *text* is
    "(expr)"; its "(" stands at (*line*, *col*) in the source."""
    outer = _ctx()
    ctx = _Context(text, outer.filename, nested=True)
    try:
        tree = _run(ctx, text, 'eval_input')
    except MiniSyntaxError as e:
        if not e.msg.startswith('f-string'):
            e.msg = 'f-string: ' + e.msg
            e.args = (e.msg,)
        if e.text is None:
            e.text = _line_of(text, e.lineno)
        e.lineno = e.lineno + line - 1
        if e.end_lineno is not None:
            e.end_lineno = e.end_lineno + line - 1
        e._fstring = True
        raise
    expr = tree.body
    dl = line - 1
    for node in N.walk(expr):
        if isinstance(node, N._Located):
            if node.lineno == 1:
                node.col_offset += col
            if node.end_lineno == 1:
                node.end_col_offset += col
            node.lineno += dl
            node.end_lineno += dl
            o = node._outer
            if o is not None:
                node._outer = (o[0] + dl, o[1] + col if o[0] == 1 else o[1],
                               o[2] + dl, o[3] + col if o[2] == 1 else o[3])
    return expr


def _line_of(text, lineno):
    lines = text.split('\n')
    if 1 <= lineno <= len(lines):
        return lines[lineno - 1]
    return None


def _normalize(source):
    if isinstance(source, (bytes, bytearray)):
        source = bytes(source)
        if source.startswith(b'\xef\xbb\xbf'):
            source = source[3:]
        source = source.decode('utf-8')
    if source.startswith('\ufeff'):
        source = source[1:]
    if '\r' in source:
        source = source.replace('\r\n', '\n').replace('\r', '\n')
    return source


def parse(source, filename='<string>', mode='exec'):
    """Parse minipy source; see the module docstring."""
    try:
        start = START_RULES[mode]
    except KeyError:
        raise ValueError("mode must be 'exec', 'eval' or 'single'") from None
    src = _normalize(source)
    ctx = _Context(src, filename)
    try:
        if '\0' in src:
            from .diagnostics import null_bytes_error
            raise null_bytes_error(ctx)
        if mode != 'exec' and not _has_code(src):
            from .diagnostics import empty_input_error
            raise empty_input_error(ctx, mode)
        tree = _run(ctx, src + '\n', start)
    except MiniSyntaxError as e:
        _finish_error(e, ctx)
        raise
    except RecursionError:
        e = MiniSyntaxError('too many nested parentheses', filename, 1, 1)
        _finish_error(e, ctx)
        raise e from None
    if not src.isascii():
        _to_byte_offsets(tree, src)
    return tree


def _has_code(src):
    for line in src.split('\n'):
        s = line.strip(' \t\f')
        if s and not s.startswith('#'):
            return True
    return False


def _finish_error(e, ctx):
    e.filename = ctx.filename
    if e.text is None and e.lineno:
        if ctx.lines is None:
            ctx.lines = ctx.src.split('\n')
        if 1 <= e.lineno <= len(ctx.lines):
            e.text = ctx.lines[e.lineno - 1] + '\n'
    if not hasattr(e, 'incomplete'):
        e.incomplete = False


def _to_byte_offsets(tree, src):
    lines = src.split('\n')
    wide = set(i + 1 for i, line in enumerate(lines) if not line.isascii())
    if not wide:
        return
    for node in N.walk(tree):
        if isinstance(node, N._Located) and node.lineno is not None:
            if node.lineno in wide:
                node.col_offset = len(lines[node.lineno - 1][:node.col_offset].encode('utf-8'))
            if node.end_lineno in wide:
                node.end_col_offset = len(
                    lines[node.end_lineno - 1][:node.end_col_offset].encode('utf-8'))
