"""The minipy parser: LALR(1) over grammar/minipy.lark, tables built by Lark.

``parse(source, filename, mode)`` returns a ``nodes.Module`` (mode "exec"),
``nodes.Interactive`` ("single") or ``nodes.Expression`` ("eval"), or raises
``minipy.errors.MiniSyntaxError`` with CPython 3.11's message and location.

How it works
------------
Lark reads the grammar and builds everything that depends on it: the
terminal regexps (one combined scanner, ordered by Lark), the keyword
table, the LALR(1) parse table, and the reduction callbacks, which call the
methods of ``builder.Builder`` (Lark's "inline transformer" mode, so no
parse tree is built).  What the parser needs of all that is kept as plain
data in an on-disk cache (see ``_load_tables``), so a normal start neither
imports Lark nor rebuilds anything: one ``marshal.load``, one ``exec`` for the
reduction callbacks, one ``re.compile`` for the scanner.

For speed, the two loops that run per token are ours rather than Lark's
(Lark's general-purpose versions were about 2x too slow for the target of
20,000 lines/s):

* ``_tokenize`` runs Lark's compiled scanner over the source (the part of
  it that can match at the token's first character) and does the
  postlexer's job in the same loop: INDENT/DEDENT tokens with CPython's
  rules (tabs, TabError), dropping newlines inside brackets, bracket
  matching, and the checks CPython's tokenizer makes after a number.
* ``_drive`` is a plain LALR driver over Lark's parse table.  Chains of unit
  reductions (``?expr: xor_expr`` ...) whose callback would just return the
  child are collapsed into a single memoized goto, taken with the goto
  after the reduction that triggers them.

``parse_with_lark`` feeds the same tokens to Lark's own LALR parser; the
tests use it to check that ``_drive`` builds identical trees.

On a syntax error ``diagnostics.diagnose`` works out the message and
location CPython 3.11 would report.
"""

import bisect
import gc
import os
import marshal
import re
import sys
import threading
from pathlib import Path

from .. import diskcache
from ..errors import MiniSyntaxError
from . import nodes as N
from .builder import Builder
from .fstrings import StringBuilder
from .tokens import Tok

START_RULES = {'exec': 'file_input', 'single': 'single_input', 'eval': 'eval_input'}

MAXINDENT = 100     # CPython's tokenizer limits
MAXLEVEL = 200


# ----------------------------------------------------------------- grammar

def grammar_path():
    """grammar/minipy.lark next to the package (source checkout or editable
    install), else a copy shipped inside the package."""
    import minipy
    here = Path(minipy.__file__).resolve().parent
    p = here.parent / 'grammar' / 'minipy.lark'
    if p.is_file():
        return p
    p = here / 'syntax' / 'minipy.lark'
    if p.is_file():
        return p
    raise FileNotFoundError('minipy grammar not found (looked for %s)' % p)


LARK_OPTIONS = dict(parser='lalr', lexer='basic', maybe_placeholders=True,
                    start=['file_input', 'single_input', 'eval_input'])

# Bump when the layout of the cached tables (see ``_tables_from_lark``) changes.
TABLES_FORMAT = 4


def build_lark(grammar_text=None, **kw):
    """A fresh (uncached) Lark instance for the grammar."""
    from lark import Lark
    if grammar_text is None:
        grammar_text = grammar_path().read_text(encoding='utf-8')
    return Lark(grammar_text, **LARK_OPTIONS, **kw)


def _load(grammar_text, transformer):
    """Lark for *grammar_text*, from the on-disk cache if possible.

    Only the cross-checking driver (``parse_with_lark``) and the first start
    after the grammar changes need Lark itself; ``parse`` runs on the tables
    cached by ``_load_tables``.  Cache files live in the user's cache
    directory (or the temp dir), never in the package, keyed by the grammar,
    the Lark and the Python versions, and are written atomically.  Any
    problem with a cache just means building from the grammar (~0.5 s)."""
    import lark
    from lark import Lark
    name = 'grammar-%s.lark.pickle' % diskcache.cache_key(
        grammar_text, lark.__version__, sys.version.split()[0],
        repr(sorted(LARK_OPTIONS.items())))

    def load(f):
        inst = Lark.__new__(Lark)
        return inst._load(f, transformer=transformer)
    inst = diskcache.read(name, load)
    if inst is None:
        inst = build_lark(grammar_text, transformer=transformer)
        diskcache.write(name, inst.save)
    return inst


def _load_tables(grammar_text, builder):
    """The scanner and parse tables for *grammar_text* as plain data (see
    ``_tables_from_lark``), from the cache or built with Lark and cached."""
    # (marshal, not pickle: the tables are plain lists, dicts, tuples, ints and
    # strs, and PyPy's unpickler is written in Python: ten times slower)
    # (the reductions name the builder's methods, and a rule without one gets a
    # plain tree: the key includes which methods the builder has)
    methods = ' '.join(sorted(n for n in dir(type(builder)) if not n.startswith('__')))
    name = 'tables-%s-%d.marshal' % (
        diskcache.cache_key(grammar_text, methods, sys.implementation.name,
                   '%d.%d' % sys.version_info[:2]),
        TABLES_FORMAT)
    tables = diskcache.read(name, marshal.load)
    if isinstance(tables, dict) and tables.get('format') == TABLES_FORMAT:
        return tables
    tables = _tables_from_lark(_load(grammar_text, builder))
    diskcache.write(name, lambda f: marshal.dump(tables, f))
    return tables


def _tables_from_lark(lk):
    """Everything the tokenizer and ``_drive`` need, as plain data.

    Reductions are ``(size, origin, callback spec, is_unit)``; a callback spec
    says how Lark's reduction callback picks the children and which builder
    method it calls, so ``_compile_callbacks`` can rebuild it as plain code
    (see ``_callback_spec``)."""
    basic = lk.parser.lexer
    basic = getattr(basic, 'lexer', basic)       # unwrap a PostLexConnector
    scanner = basic.scanner
    keywords = {}
    for typ, cb in basic.callback.items():
        for t in getattr(getattr(cb, 'scanner', None), 'terminals', ()):
            keywords[str(t.pattern.value)] = str(t.name)
    pt = lk.parser.parser.parser.parse_table
    callbacks = lk._callbacks
    n = max(pt.states) + 1
    actions = [None] * n
    gotos = [None] * n
    rules = []                  # reduce entries, shared between states
    rule_index = {}
    for state, table in pt.states.items():
        acts = {}
        gos = {}
        for sym, (action, arg) in table.items():
            sym = str(sym)      # (plain str, not Lark's Token subclass)
            if action.name == 'Shift':
                if sym.isupper() or sym == '$END':
                    acts[sym] = arg
                else:
                    gos[sym] = arg
            else:
                i = rule_index.get(id(arg))
                if i is None:
                    i = rule_index[id(arg)] = len(rules)
                    exp = arg.expansion
                    unit = (len(exp) == 1 and arg.options.expand1 and not arg.alias
                            and not (exp[0].is_term and exp[0].filter_out)
                            and not exp[0].name.startswith('_'))
                    rules.append((len(exp), str(arg.origin.name), _callback_spec(callbacks[arg]),
                                  unit))
                acts[sym] = -1 - i     # a reduction (shifts are >= 0)
        actions[state] = acts
        gotos[state] = gos
    return {
        'format': TABLES_FORMAT,
        # Lark's scanner: one alternation of all terminals, in Lark's order
        'patterns': [(m.pattern, m.flags) for m in scanner._mres],
        'ignore_types': sorted(basic.ignore_types),
        # terminals that may span lines (Lark's test is conservative)
        'newline_types': sorted(t for t in basic.newline_types
                                if t in ('STRING', '_NEWLINE')),
        'keywords': keywords,
        # terminal name -> the literal text, for messages ("expected ':'")
        'literals': {str(t.name): str(t.pattern.value) for t in lk.terminals
                     if t.pattern.type == 'str'},
        'actions': actions, 'gotos': gotos, 'rules': rules,
        'start_states': dict(pt.start_states), 'end_states': dict(pt.end_states),
    }


def _callback_spec(cb):
    """Describe one of Lark's reduction callbacks as plain data:

    ``('method', name)``          the builder method, called with the children
    ``('children',)``             an inlined helper rule: a ``_Children``
    ``('expand1', spec)``         a lone child passes up, else ``spec``
    ``('filter', include, extra, spec)``  Lark's child filter (which children
                                  to keep, which helper rules to splice in,
                                  where missing optionals get None), then spec
    """
    import functools
    from lark import Tree
    from lark.parse_tree_builder import (ChildFilterLALR, ChildFilterLALR_NoPlaceholders,
                                         ExpandSingleChild)
    if isinstance(cb, functools.partial) and cb.func is Tree:
        return ('children',)
    if type(cb) is ExpandSingleChild:
        return ('expand1', _callback_spec(cb.node_builder))
    if type(cb) in (ChildFilterLALR, ChildFilterLALR_NoPlaceholders):
        include = [(item[0], bool(item[1]), item[2] if len(item) > 2 else 0)
                   for item in cb.to_include]
        return ('filter', include, getattr(cb, 'append_none', 0),
                _callback_spec(cb.node_builder))
    name = getattr(cb, '__name__', None)
    if name is not None and getattr(cb, '__self__', None) is not None:
        return ('method', name)
    raise ValueError('unexpected Lark callback %r' % (cb,))


def _compile_callbacks(specs, builder):
    """Build the reduction callbacks from their specs, as straight-line code
    compiled by one ``exec``.  (Lark's generic child filter loops over a list
    of instructions at every reduction; this does the same selection in a
    few list operations.)  Helper rules get a ``_Children`` instead of a
    Lark ``Tree``."""
    env = {'_Children': _Children}
    src = []
    names = []

    def emit(spec):
        kind = spec[0]
        if kind == 'method':
            key = 'm_' + spec[1]
            env[key] = getattr(builder, spec[1])
            return key
        if kind == 'children':
            return '_Children'
        inner = emit(spec[-1])
        key = 'cb%d' % len(src)
        if kind == 'expand1':
            src.append('def %s(c):\n    return c[0] if len(c) == 1 else %s(c)\n' % (key, inner))
            return key
        lines = []
        first = True
        reuse = None        # a helper's _Children whose list becomes the result
        for i, expand, nones in spec[1]:
            if nones:
                lines.append(('r = [None] * %d' if first else 'r += [None] * %d') % nones)
                first = False
            if expand:
                # (reusing the first helper's list keeps left recursion linear)
                if first:
                    reuse = i
                lines.append(('r = c[%d].children' if first else 'r += c[%d].children') % i)
            else:
                lines.append(('r = [c[%d]]' if first else 'r.append(c[%d])') % i)
            first = False
        if spec[2]:
            lines.append(('r = [None] * %d' if first else 'r += [None] * %d') % spec[2])
            first = False
        if first:
            lines.append('r = []')
        if inner == '_Children' and reuse is not None:
            # another helper whose list grew in place: pass its object up
            result = 'c[%d]' % reuse
        else:
            result = '%s(r)' % inner
        src.append('def %s(c):\n    %s\n    return %s\n' % (key, '\n    '.join(lines), result))
        return key

    for spec in specs:
        names.append(emit(spec))
    exec(compile('\n'.join(src), '<minipy reductions>', 'exec'), env)
    return [env[n] for n in names]


class ParseError(Exception):
    """The LALR driver met a token it cannot shift (internal)."""

    def __init__(self, token, state_stack, value_stack, start):
        Exception.__init__(self, token)
        self.token = token
        self.state_stack = state_stack
        self.value_stack = value_stack
        self.start = start


class LexError(Exception):
    """No terminal matches at *pos* (internal)."""

    def __init__(self, pos, line, column):
        Exception.__init__(self, pos)
        self.pos = pos
        self.line = line
        self.column = column


class Grammar:
    """Everything derived from the grammar file: scanner and parse tables."""

    def __init__(self):
        self.builder = Builder()
        self.builder.strings_builder = StringBuilder(_parse_fexpr, _lookahead_pos)
        self.builder.context = current_context
        self.path = grammar_path()
        self.text = self.path.read_text(encoding='utf-8')
        self._lark = None
        t = _load_tables(self.text, self.builder)
        self.patterns = [re.compile(p, flags) for p, flags in t['patterns']]
        self.first_char = _first_char_table(t['patterns'], t['literals'])
        self.ignore_types = frozenset(t['ignore_types'])
        self.newline_types = frozenset(t['newline_types'])
        self.keywords = t['keywords']
        self.literals = t['literals']
        callbacks = _compile_callbacks([r[2] for r in t['rules']], self.builder)
        # a reduction: (size, origin, callback, is_unit, goto memo); the memo,
        # shared by the reductions to the same symbol on the same lookahead,
        # maps the state below the reduced symbols to where ``_drive`` goes
        reductions = {}
        memos = {}
        for acts in t['actions']:
            for sym, a in acts.items():
                if a < 0 and (a, sym) not in reductions:
                    size, origin, _, unit = t['rules'][-1 - a]
                    memo = memos.get((origin, sym))
                    if memo is None:
                        memo = memos[origin, sym] = {}
                    reductions[a, sym] = (size, origin, callbacks[-1 - a], unit, memo)
        self.actions = [{sym: (a if a >= 0 else reductions[a, sym]) for sym, a in acts.items()}
                        for acts in t['actions']]
        self.gotos = t['gotos']
        self.start_states = t['start_states']
        self.end_states = t['end_states']
        self.end_state_set = frozenset(self.end_states.values())

    @property
    def lark(self):
        """Lark's own parser for the grammar (only ``parse_with_lark`` uses it)."""
        if self._lark is None:
            self._lark = _load(self.text, self.builder)
        return self._lark


# Where each of the scanner's regular-expression terminals can start (the
# other terminals are literal strings, which start with their first
# character).  A test checks the dispatch below against the full scanner.
_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'
_REGEX_STARTS = {
    'STRING': '\'"rRuUbBfF',
    'NUMBER': '0123456789.',
    'NAME': _LETTERS,
    '_NEWLINE': '\n#',
    '__IGNORE_0': ' \t\f',            # blanks
    '__IGNORE_1': '\\',                # a backslash continuation
}


# the table's entry for the letters that can only start a name
_NAME_START = object()
# an ASCII name; where it stops before a non-ASCII character, the grammar's
# NAME pattern (several times slower: Unicode classes) takes over
_ASCII_NAME = re.compile('[A-Za-z_][A-Za-z0-9_]*')


def _first_char_table(patterns, literals):
    """Dispatch on a token's first character instead of trying the
    scanner's ~50 alternatives in turn (Python's re engine tries them one
    by one): character -> the terminal's name when only a one-character
    operator can start there, ``_NAME_START`` for the letters that can only
    start a name, else the ``match`` of a scanner made of the
    alternatives that can start with it, in the scanner's order (so the
    longest-match-first choice is unchanged).  Characters not in the table
    (blanks, backslashes, non-ASCII) use the full scanner."""
    if len(patterns) != 1:
        return {}
    text, flags = patterns[0]
    alts = re.split(r'\|(?=\(\?P<)', text)
    named = [(re.match(r'\(\?P<(\w+)>', a).group(1), a) for a in alts]
    table = {}
    chars = set(_LETTERS) | set('0123456789.\'"\n#')
    for name, _ in named:
        if name in literals:
            chars.add(literals[name][0])
    for c in chars:
        picked = []
        for name, alt in named:
            if name in literals:
                if literals[name][0] == c:
                    picked.append((name, alt))
            elif name not in _REGEX_STARTS:
                return {}           # an unknown terminal: always use the scanner
            elif c in _REGEX_STARTS[name]:
                picked.append((name, alt))
        if len(picked) == 1 and picked[0][0] in literals and len(literals[picked[0][0]]) == 1:
            table[c] = picked[0][0]
        elif len(picked) == 1 and picked[0][0] == 'NAME':
            table[c] = _NAME_START
        elif picked:
            table[c] = re.compile('|'.join(a for _, a in picked), flags).match
    return table


class _Children:
    """The value of an inlined helper rule (Lark builds a Tree for it)."""
    __slots__ = ('children',)

    def __init__(self, children):
        self.children = children


_GRAMMAR = None
_GRAMMAR_LOCK = threading.Lock()


def get_grammar():
    global _GRAMMAR
    if _GRAMMAR is None:
        with _GRAMMAR_LOCK:
            if _GRAMMAR is None:
                _GRAMMAR = Grammar()
    return _GRAMMAR


# ------------------------------------------------------------------ context

class _Context:
    """Per-parse state shared by the tokenizer, the builder and diagnostics."""
    __slots__ = ('src', 'lines', 'last', 'parens', 'filename', 'nested', 'indents', 'wide')

    def __init__(self, src, filename, nested=False):
        self.src = src
        self.wide = None        # lines with non-ASCII tokens (byte columns differ)
        self.lines = None
        self.last = None        # the last token handed to the parser
        self.parens = []        # brackets open at that point (tokens)
        self.indents = None
        self.filename = filename
        self.nested = nested    # parsing an f-string replacement field

    def line(self, lineno):
        if self.lines is None:
            self.lines = self.src.split('\n')
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1]
        return None


_local = threading.local()


def _ctx_stack():
    try:
        return _local.stack
    except AttributeError:
        _local.stack = []
        return _local.stack


def current_context():
    return _local.stack[-1]


# ---------------------------------------------------------------- tokenizer

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


def _continued_indent(text, ws, p):
    """Indentation followed by backslash continuations at *p*: CPython keeps
    reading the next lines; the whitespace before the first backslash is
    the indentation, unless there is none.  Returns (indentation, number of
    lines, position after it, whether the line turned out blank, the
    whitespace on the last line)."""
    n = len(text)
    total = ws
    lines = 1
    while text.startswith('\\\n', p):
        p += 2
        lines += 1
        j = p
        while j < n and text[j] in ' \t\f':
            j += 1
        total += text[p:j]
        p = j
    blank = p >= n or text[p] in '\n#'
    last = text[text.rfind('\n', 0, p) + 1:p]      # whitespace on the last line
    return (ws if _indent_cols(ws)[0] else total), lines, p, blank, last


_OPEN = {'LPAR': ')', 'LSQB': ']', 'LBRACE': '}'}
_CLOSE = {'RPAR': '(', 'RSQB': '[', 'RBRACE': '{'}
# after a number, these characters cannot continue it (anything else gets
# CPython's careful check, see diagnostics.check_number)
_NUM_FOLLOW_OK = frozenset(' \t\f\n\\#()[]{},:;=+-*/%@&|^~<>!"\'`$?')


def _track_bracket(ctx, parens, tok):
    """Keep *parens*, the stack of open brackets, for a bracket token, with
    the tokenizer's errors for one too many or a closing one unmatched."""
    if tok.type in _OPEN:
        if len(parens) >= MAXLEVEL:
            _tokenizer_error(ctx, 'toomanyparens', tok)
        parens.append(tok)
    else:
        if not parens:
            _tokenizer_error(ctx, 'unmatched', tok)
        if parens[-1].value != _CLOSE[tok.type]:
            _tokenizer_error(ctx, 'mismatch', tok)
        parens.pop()


def _tokenizer_error(ctx, kind, tok):
    from .diagnostics import tokenizer_error    # (loaded only when needed)
    tokenizer_error(ctx, kind, tok)


# "match" and "case" are soft keywords (see _soft_keyword_header)
_SOFT_KEYWORDS = frozenset(['match', 'case'])
# the tokens after which a token starts a logical line
_LINE_STARTS = frozenset(['_NEWLINE', '_INDENT', '_DEDENT'])
# what cannot follow the soft keyword in a statement header
_NOT_AFTER_SOFT = frozenset(
    'EQUAL COLON DOT COMMA RPAR RSQB RBRACE COLONEQUAL SEMICOLON PLUSEQUAL MINEQUAL '
    'STAREQUAL ATEQUAL SLASHEQUAL PERCENTEQUAL AMPEREQUAL VBAREQUAL CIRCUMFLEXEQUAL '
    'LSHIFTEQUAL RSHIFTEQUAL DOUBLESTAREQUAL DOUBLESLASHEQUAL'.split())


def _soft_keyword_header(text, p, scan, ignore):
    """Is the NAME ``match`` that starts a logical line and ends at *p* the
    keyword of a match statement?  CPython's PEG parser tries both readings;
    no expression statement can end with a ':', so here the header is a
    logical line that ends, outside brackets, with ':' (a comment may
    follow), and does not go on like an assignment, an annotation or an
    attribute (``match = 1``, ``match: int``, ``match.x``).  (A line starting
    with ``case`` is a case clause when it stands directly in the block of a
    match statement: the tokenizer keeps track of those blocks.)"""
    depth = 0
    first = last = None
    n = len(text)
    while p < n:
        m = scan(text, p)
        if m is None:
            return False
        typ = m.lastgroup
        p = m.end()
        if typ in ignore:
            continue
        if typ == '_NEWLINE':
            if depth:
                continue
            break
        if typ in _OPEN:
            depth += 1
        elif typ in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
        if first is None:
            first = typ
            if typ in _NOT_AFTER_SOFT:
                return False
        last = typ
    return last == 'COLON'


def _tokenize(g, ctx, text):
    """Yield the tokens of *text* for the parser (see module docstring)."""
    from .diagnostics import (check_number, tokenizer_error, lex_error, bad_identifier,
                              continuation_at_eof)
    patterns = g.patterns
    if len(patterns) == 1:
        scan = patterns[0].match
    else:
        def scan(text, pos):
            for p in patterns:
                m = p.match(text, pos)
                if m:
                    return m
            return None
    first = g.first_char
    ascii_name = _ASCII_NAME.match
    ignore = g.ignore_types
    multiline = g.newline_types
    keywords = g.keywords
    parens = ctx.parens
    indents = [0]
    altindents = [0]
    ctx.indents = indents
    n = len(text)
    pos = 0
    line = 1
    line_start = 0
    tok = None
    blank_continuation = False
    # the indentation depths (len(indents)) of the open match statements' blocks,
    # where a line starting with the name 'case' is a case clause
    match_levels = []
    # leading indentation of the first line
    i = 0
    while i < n and text[i] in ' \t\f':
        i += 1
    ws = text[:i]
    iline = 1
    if text.startswith('\\\n', i):
        ws, iline, i, blank, last_ws = _continued_indent(text, ws, i)
        if blank:
            i = 0
    else:
        last_ws = ws
    if i and i < n and text[i] not in '#\n\\':
        col, _ = _indent_cols(ws)
        if col:
            tok = Tok('_INDENT', last_ws, i, iline, i + 1, iline, i + 1, i)
            ctx.last = tok
            yield tok
    while pos < n:
        if text[pos] == ' ':
            # blanks between tokens (the commonest ignored text) skipped
            # without the scanner; the source ends with a newline, so this stops
            pos += 1
            while text[pos] == ' ':
                pos += 1
            continue
        f = first.get(text[pos], scan)
        if f is _NAME_START:        # the commonest token
            end = ascii_name(text, pos).end()
            if text[end] < '\x80':
                value = text[pos:end]
                col = pos - line_start + 1
                typ = keywords.get(value, 'NAME')
                if value in _SOFT_KEYWORDS and (ctx.last is None or
                                                ctx.last.type in _LINE_STARTS):
                    if value == 'match':
                        if _soft_keyword_header(text, end, scan, ignore):
                            typ = 'MATCH'
                            # its case clauses: one indentation level deeper
                            match_levels.append(len(indents) + 1)
                    elif match_levels and match_levels[-1] == len(indents):
                        typ = 'CASE'
                tok = Tok(typ, value, pos, line, col, line, col + end - pos, end)
                pos = end
                ctx.last = tok
                yield tok
                continue
            f = scan                # a name going on with non-ASCII characters
        elif f.__class__ is str:
            # a one-character operator that starts no other token
            col = pos - line_start + 1
            tok = Tok(f, text[pos], pos, line, col, line, col + 1, pos + 1)
            if f in _OPEN or f in _CLOSE:
                _track_bracket(ctx, parens, tok)
            pos += 1
            ctx.last = tok
            yield tok
            continue
        m = f(text, pos)
        if m is None:
            while text[pos] in ' \t\f':
                pos += 1
            lex_error(ctx, pos)         # raises, except for the characters
            # CPython makes an operator token of, which the parser rejects
            col = pos - line_start + 1
            tok = Tok('ERRORTOKEN', text[pos], pos, line, col, line, col + 1, pos + 1)
            pos += 1
            ctx.last = tok
            yield tok
            continue
        typ = m.lastgroup
        end = m.end()
        if typ == 'NAME':
            value = m.group()
            col = pos - line_start + 1
            typ = keywords.get(value, 'NAME')
            if not value.isascii():
                if not value.isidentifier():
                    bad_identifier(ctx, value, line, col)
                if ctx.wide is None:
                    ctx.wide = set()
                ctx.wide.add(line)
            tok = Tok(typ, value, pos, line, col, line, col + end - pos, end)
            pos = end
            ctx.last = tok
            yield tok
            continue
        if typ in ignore:
            if text[end - 1] == '\n':       # line continuation
                line += 1
                line_start = end
                if end >= len(ctx.src):
                    continuation_at_eof(ctx)
            pos = end
            continue
        value = m.group()
        col = pos - line_start + 1
        if typ in multiline:
            k = value.count('\n')
            if k:
                end_line = line + k
                line_start = pos + value.rindex('\n') + 1
                tok = Tok(typ, value, pos, line, col, end_line, end - line_start + 1, end)
                line = end_line
            else:
                tok = Tok(typ, value, pos, line, col, line, col + end - pos, end)
            if typ == 'STRING':
                if not value.isascii():
                    if ctx.wide is None:
                        ctx.wide = set()
                    ctx.wide.update(range(tok.line, tok.end_line + 1))
                q = value[-1]
                if end < n and text[end] == q and value.endswith(q + q) and \
                        value.lstrip('rRbBuUfF') == q + q:
                    lex_error(ctx, end)     # an unterminated triple-quoted string
            elif typ == '_NEWLINE':
                pos = end
                if parens:
                    continue
                if blank_continuation:
                    # the line was only a backslash continuation
                    blank_continuation = False
                else:
                    ctx.last = tok
                    yield tok
                ws = value[value.rfind('\n') + 1:]
                iline = line
                p = end
                last_ws = ws
                if text.startswith('\\\n', end):
                    ws, k, p, blank_continuation, last_ws = _continued_indent(text, ws, end)
                    iline += k - 1
                    if blank_continuation:
                        continue
                if p < n and text[p] == '\\':
                    lex_error(ctx, p)       # a backslash not ending the line
                c, altc = _indent_cols(ws)
                if c == indents[-1]:
                    if altc != altindents[-1]:
                        tokenizer_error(ctx, 'tab', iline)
                elif c > indents[-1]:
                    if len(indents) >= MAXINDENT:
                        tokenizer_error(ctx, 'toodeep', iline)
                    if altc <= altindents[-1]:
                        tokenizer_error(ctx, 'tab', iline)
                    indents.append(c)
                    altindents.append(altc)
                    t2 = Tok('_INDENT', last_ws, end, iline, tok.end_column, iline,
                             tok.end_column, end)
                    ctx.last = t2
                    yield t2
                else:
                    k = 0
                    while len(indents) > 1 and c < indents[-1]:
                        indents.pop()
                        altindents.pop()
                        k += 1
                    while match_levels and match_levels[-1] > len(indents):
                        match_levels.pop()
                    if c != indents[-1]:
                        tokenizer_error(ctx, 'dedent', iline)
                    if altc != altindents[-1]:
                        tokenizer_error(ctx, 'tab', iline)
                    for _ in range(k):
                        t2 = Tok('_DEDENT', last_ws, end, iline, tok.end_column, iline,
                                 tok.end_column, end)
                        ctx.last = t2
                        yield t2
                continue
        else:
            tok = Tok(typ, value, pos, line, col, line, col + end - pos, end)
            if typ in _OPEN or typ in _CLOSE:   # (only without the first-character table)
                _track_bracket(ctx, parens, tok)
            elif typ == 'NUMBER':
                if (end < n and text[end] not in _NUM_FOLLOW_OK) or \
                        (value[0] == '0' and len(value) > 1 and value[1] not in 'xXoObB.eEjJ'):
                    check_number(ctx, tok)
        pos = end
        ctx.last = tok
        yield tok
    # end of input: close the open blocks
    col = pos - line_start + 1
    for _ in range(len(indents) - 1):
        t2 = Tok('_DEDENT', '', pos, line, col, line, col, pos)
        ctx.last = t2
        yield t2


# ------------------------------------------------------------------- driver

def _drive(g, tokens, start):
    """Run the LALR automaton over *tokens*; return the start rule's value."""
    actions = g.actions
    gotos = g.gotos
    state = g.start_states[start]
    state_stack = [state]           # (state is always state_stack[-1])
    value_stack = []
    end_state = g.end_states[start]
    tok = None
    for tok in tokens:
        ttype = tok.type
        while True:
            act = actions[state].get(ttype)
            if act is None:
                raise ParseError(tok, state_stack, value_stack, start)
            if act.__class__ is int:
                state_stack.append(act)
                value_stack.append(tok)
                state = act
                break
            size, origin, cb, unit, memo = act
            if unit:                # (rare: most are taken with the goto below)
                state = state_stack[-1] = _unit_chain(actions, gotos, state_stack[-2],
                                                      origin, ttype)
                continue
            # the goto, and the unit reductions the lookahead then triggers
            # (more than half the time), in one step memoized per (rule,
            # lookahead) by the state below the reduced symbols
            if size == 1:           # (the commonest: replace the top in place)
                value_stack[-1] = cb([value_stack[-1]])
                below = state_stack[-2]
                state = memo.get(below)
                if state is None:
                    state = memo[below] = _unit_chain(actions, gotos, below, origin, ttype)
                state_stack[-1] = state
                continue
            if size:
                s = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
                value_stack.append(cb(s))
                below = state_stack[-1]
            else:
                value_stack.append(cb([]))
                below = state
            state = memo.get(below)
            if state is None:
                state = memo[below] = _unit_chain(actions, gotos, below, origin, ttype)
            state_stack.append(state)
    # end of input
    if tok is not None:
        end = Tok('$END', '', tok.end_pos, tok.end_line, tok.end_column,
                  tok.end_line, tok.end_column, tok.end_pos)
    else:
        end = Tok('$END', '', 0, 1, 1, 1, 1, 0)
    while True:
        top = state_stack[-1]
        act = actions[top].get('$END')
        if act is None:
            raise ParseError(end, state_stack, value_stack, start)
        if act.__class__ is int:        # pragma: no cover - $END is never shifted
            raise ParseError(end, state_stack, value_stack, start)
        size, origin, cb, unit, _ = act
        if unit:
            state_stack[-1] = gotos[state_stack[-2]][origin]
        else:
            if size:
                s = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                s = []
            value_stack.append(cb(s))
            state_stack.append(gotos[state_stack[-1]][origin])
        if state_stack[-1] == end_state:
            return value_stack[-1]


def _unit_chain(actions, gotos, below, origin, ttype):
    state = gotos[below][origin]
    while True:
        act = actions[state].get(ttype)
        if act is None or act.__class__ is int or not act[3]:
            return state
        state = gotos[below][act[1]]


# ------------------------------------------------------------------- parse

def _lookahead_pos():
    """(line, col, end_line, end_col) of the parser's current lookahead token,
    with CPython's token extents (0-based character columns)."""
    from .diagnostics import cpython_token_range
    ctx = current_context()
    if ctx.last is None:
        return None
    return cpython_token_range(ctx, ctx.last)


def _run(ctx, text, start, use_lark=False):
    g = get_grammar()
    stack = _ctx_stack()
    stack.append(ctx)
    tokens = _tokenize(g, ctx, text)
    try:
        try:
            if use_lark:
                return _lark_drive(g, tokens, start)
            return _drive(g, tokens, start)
        except ParseError as e:
            from .diagnostics import diagnose
            e.tokens = tokens
            raise diagnose(ctx, e, text) from None
        except MiniSyntaxError as e:
            if getattr(e, '_source', None) is not None:     # from the tokenizer
                raise
            # found by the builder: a later tokenizer error may take precedence
            from .diagnostics import drain, override
            line = ctx.last.line if ctx.last is not None else e.lineno
            rest, rest_error = drain(tokens)
            raise override(ctx, e, line, rest_error, ctx.parens) from None
    finally:
        stack.pop()


def _lark_drive(g, tokens, start):
    from lark.exceptions import UnexpectedToken

    class _Thread:
        def lex(self, parser_state):
            return tokens
    try:
        return g.lark.parser.parser.parser.parse(_Thread(), start)
    except UnexpectedToken as e:
        raise ParseError(e.token, e.state.state_stack, e.state.value_stack, start)


def _parse_fexpr(text, line, col):
    """Parse the expression of an f-string replacement field.  *text* is
    "(expr)"; its "(" stands at (*line*, *col*) in the source."""
    outer = current_context()
    ctx = _Context(text, outer.filename, nested=True)
    try:
        tree = _run(ctx, text, 'eval_input')
    except MiniSyntaxError as e:
        if not e.msg.startswith('f-string'):
            e.msg = 'f-string: ' + e.msg
            e.args = (e.msg,)
        if e.text is None:
            t = ctx.line(e.lineno)
            e.text = None if t is None else t + '\n'
        e.lineno = e.lineno + line - 1
        if e.end_lineno is not None:
            e.end_lineno = e.end_lineno + line - 1
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


def normalize_source(source):
    """str (or UTF-8 bytes, whose BOM is dropped) -> str with '\\n' newlines.
    (Like compile(), a BOM at the start of a str is an invalid character.)"""
    if isinstance(source, (bytes, bytearray)):
        source = bytes(source)
        if source.startswith(b'\xef\xbb\xbf'):
            source = source[3:]
        source = source.decode('utf-8')
    if '\r' in source:
        source = source.replace('\r\n', '\n').replace('\r', '\n')
    return source


def parse(source, filename='<string>', mode='exec'):
    """Parse minipy source; see the module docstring."""
    return _parse(source, filename, mode, False)


def parse_with_lark(source, filename='<string>', mode='exec'):
    """Like parse(), but with Lark's own LALR driver (for cross-checking)."""
    return _parse(source, filename, mode, True)


def _parse(source, filename, mode, use_lark):
    try:
        start = START_RULES[mode]
    except KeyError:
        raise ValueError("mode must be 'exec', 'eval' or 'single'") from None
    src = normalize_source(source)
    ctx = _Context(src, filename)
    try:
        if '\0' in src:
            from .diagnostics import null_bytes_error
            raise null_bytes_error(ctx)
        if mode != 'exec' and not _has_code(src):
            from .diagnostics import empty_input_error
            raise empty_input_error(ctx, mode)
        # (the host's cycle collector would keep re-scanning the growing tree,
        # which has no cycles: paused for the parse)
        gc_enabled = gc.isenabled()
        gc.disable()
        try:
            tree = _run(ctx, src + '\n', start, use_lark)
        finally:
            if gc_enabled:
                gc.enable()
    except MiniSyntaxError as e:
        _finish_error(e, ctx)
        raise
    except RecursionError:
        e = MiniSyntaxError('too many nested parentheses', filename, 1, 1)
        _finish_error(e, ctx)
        raise e from None
    if ctx.wide:
        _to_byte_offsets(tree, src, ctx.wide)
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
        t = ctx.line(e.lineno)
        if t is not None:
            e.text = t + '\n'
    if not hasattr(e, 'incomplete'):
        e.incomplete = False


def _to_byte_offsets(tree, src, wide):
    """Character columns -> UTF-8 byte columns on the lines in *wide*."""
    lines = src.split('\n')
    wl = sorted(wide)
    lo, hi = wl[0], wl[-1]
    located = N._Located
    always = (N.FunctionDef, N.AsyncFunctionDef, N.ClassDef)   # decorators precede them
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, located):
            if node.end_lineno < lo or node.lineno > hi:
                if not isinstance(node, always):
                    continue
            else:
                i = bisect.bisect_left(wl, node.lineno)
                if i < len(wl) and wl[i] <= node.end_lineno:
                    if node.lineno in wide:
                        node.col_offset = len(
                            lines[node.lineno - 1][:node.col_offset].encode('utf-8'))
                    if node.end_lineno in wide:
                        node.end_col_offset = len(
                            lines[node.end_lineno - 1][:node.end_col_offset].encode('utf-8'))
                elif not isinstance(node, always):
                    continue
        for name in node._fields:
            v = getattr(node, name)
            if isinstance(v, N.AST):
                todo.append(v)
            elif type(v) is list:
                for x in v:
                    if isinstance(x, N.AST):
                        todo.append(x)
