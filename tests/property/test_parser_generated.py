"""Property: randomly generated programs of the subset parse exactly like
the host's ``ast`` (same dump, same positions)."""

import ast

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from minipy.syntax import nodes, parse

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::SyntaxWarning",
                                        "ignore::hypothesis.errors.HypothesisWarning")

POS = ('lineno', 'col_offset', 'end_lineno', 'end_col_offset')


def positions_equal(h, m):
    if isinstance(h, ast.AST):
        if type(h).__name__ != type(m).__name__:
            return False
        if 'lineno' in h._attributes and \
                tuple(getattr(h, a) for a in POS) != tuple(getattr(m, a) for a in POS):
            return False
        return all(positions_equal(getattr(h, f), getattr(m, f)) for f in h._fields)
    if isinstance(h, list):
        return len(h) == len(m) and all(positions_equal(a, b) for a, b in zip(h, m))
    return True


def check(src):
    try:
        host = ast.parse(src)
    except SyntaxError:
        assume(False)
    mine = parse(src)
    assert nodes.dump(mine) == ast.dump(host)
    assert positions_equal(host, mine)


# ------------------------------------------------------------ expressions
# Each strategy yields (text, tight): tight expressions (atoms, primaries)
# can be used as operands without parentheses.

NAMES = st.sampled_from(['x', 'y', 'foo', 'bar_1', '_', 'é', 'ñame', 'match', 'case', 'type',
                         'print', 'Ω'])
SPACE = st.sampled_from(['', ' ', '  '])


def _int_text(draw):
    n = draw(st.integers(0, 10 ** 6))
    form = draw(st.sampled_from(['d', 'x', 'o', 'b', 'u']))
    if form == 'x':
        return hex(n)
    if form == 'o':
        return oct(n)
    if form == 'b':
        return bin(n)
    if form == 'u' and n >= 1000:
        return '{:_}'.format(n)
    return str(n)


@st.composite
def numbers(draw):
    kind = draw(st.sampled_from(['int', 'float', 'exp', 'imag']))
    if kind == 'int':
        return _int_text(draw)
    a = draw(st.integers(0, 999))
    b = draw(st.integers(0, 999))
    if kind == 'float':
        return draw(st.sampled_from(['%d.%d' % (a, b), '%d.' % a, '.%d' % b]))
    if kind == 'exp':
        return '%de%s%d' % (a, draw(st.sampled_from(['', '+', '-'])), b)
    return '%d.%dj' % (a, b)


STR_CHARS = st.sampled_from(list('abc xyz') + ['\\n', '\\t', '\\\\', "\\'", '\\"', '\\x41',
                                                '\\u00e9', 'é', '日', '{{', '}}', '\\N{EM DASH}'])


@st.composite
def strings(draw):
    prefix = draw(st.sampled_from(['', 'r', 'u', 'R', 'b', 'rb', 'Br']))
    quote = draw(st.sampled_from(["'", '"', "'''", '"""']))
    chars = draw(st.lists(STR_CHARS, max_size=5))
    if 'b' in prefix.lower():
        chars = [c for c in chars if c.isascii() and 'N{' not in c and '\\u' not in c]
    if 'r' in prefix.lower():
        chars = [c for c in chars if not c.endswith('\\')]
    body = ''.join(c for c in chars if quote[0] not in c)
    return prefix + quote + body + quote


@st.composite
def string_groups(draw):
    """Implicit concatenation: all bytes or all str."""
    group = draw(st.lists(strings(), min_size=2, max_size=3))
    first = 'b' in group[0].split('"')[0].split("'")[0].lower()
    group = [g for g in group if ('b' in g.split('"')[0].split("'")[0].lower()) == first]
    return ' '.join(group)


@st.composite
def fstrings(draw, exprs):
    quote = draw(st.sampled_from(["'", '"', '"""']))
    other = '"' if quote[0] == "'" else "'"
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(['a', ' ', '{{', '}}', 'é', '\\n'])))
        else:
            e, _ = draw(exprs)
            e = e.replace(quote[0], other)
            if '\\' in e or '#' in e or "'" in e and '"' in e:
                e = 'x'
            if e.startswith('{'):
                e = ' ' + e
            field = '{' + e
            field += draw(st.sampled_from(['', '=', ' = ']))
            field += draw(st.sampled_from(['', '!r', '!s', '!a']))
            field += draw(st.sampled_from(['', ':', ':>10', ':{w}', ':.{p}f']))
            parts.append(field + '}')
    return draw(st.sampled_from(['f', 'F', 'rf'])) + quote + ''.join(parts) + quote


def wrap(e, tight_needed=True):
    text, tight = e
    return text if (tight or not tight_needed) else '(' + text + ')'


def atoms():
    return st.one_of(
        NAMES.map(lambda n: (n, True)),
        numbers().map(lambda n: (n, True)),
        strings().map(lambda s: (s, True)),
        string_groups().map(lambda s: (s, True)),
        st.sampled_from(['True', 'False', 'None', '...']).map(lambda s: (s, True)),
    )


def extend(exprs):
    sp = SPACE

    def binop(t):
        a, op, b = t
        return (wrap(a) + op + wrap(b), False)

    def call(t):
        f, args = t
        return (wrap(f) + '(' + ', '.join(args) + ')', True)

    args = st.lists(st.one_of(
        exprs.map(lambda e: wrap(e, False)),
        exprs.map(lambda e: '*' + wrap(e)),
        st.tuples(NAMES, exprs).map(lambda t: t[0] + '=' + wrap(t[1], False)),
        exprs.map(lambda e: '**' + wrap(e)),
    ), max_size=3).filter(_args_ok)

    comp = st.tuples(exprs, NAMES, exprs, st.lists(exprs, max_size=2)).map(
        lambda t: wrap(t[0], False) + ' for ' + t[1] + ' in ' + wrap(t[2]) +
        ''.join(' if ' + wrap(c) for c in t[3]))

    return st.one_of(
        st.tuples(exprs, st.sampled_from([' + ', '-', ' * ', '/', ' // ', '%', ' @ ', ' ** ',
                                          ' << ', '>>', ' & ', ' | ', '^', ' and ', ' or ',
                                          ' < ', ' <= ', ' == ', ' != ', ' > ', ' >= ',
                                          ' is ', ' is not ', ' in ', ' not in ']),
                  exprs).map(binop),
        st.tuples(st.sampled_from(['-', '+', '~', 'not ', '- ']), exprs).map(
            lambda t: (t[0] + wrap(t[1]), False)),
        st.tuples(exprs, args).map(call),
        st.tuples(exprs, NAMES).map(lambda t: (_attr_base(t[0]) + '.' + t[1], True)),
        st.tuples(exprs, st.lists(st.one_of(
            exprs.map(lambda e: wrap(e, False)),
            st.tuples(st.one_of(st.none(), exprs), st.one_of(st.none(), exprs),
                      st.one_of(st.none(), exprs), st.booleans()).map(_slice)),
            min_size=1, max_size=3), st.booleans()).map(
            lambda t: (wrap(t[0]) + '[' + ', '.join(t[1]) + (',' if t[2] else '') + ']',
                       True)),
        st.lists(exprs, max_size=3).map(lambda l: ('[' + ', '.join(wrap(e, False) for e in l)
                                                   + ']', True)),
        st.lists(exprs, max_size=3).map(_tuple),
        st.lists(exprs, min_size=1, max_size=3).map(
            lambda l: ('{' + ', '.join(wrap(e, False) for e in l) + '}', True)),
        st.lists(st.tuples(exprs, exprs), max_size=3).map(
            lambda l: ('{' + ', '.join(wrap(k, False) + ': ' + wrap(v, False) for k, v in l)
                       + '}', True)),
        comp.map(lambda c: ('[' + c + ']', True)),
        comp.map(lambda c: ('{' + c + '}', True)),
        comp.map(lambda c: ('(' + c + ')', True)),
        st.tuples(exprs, NAMES, exprs).map(
            lambda t: ('{' + wrap(t[0]) + ': ' + t[1] + ' for ' + t[1] + ' in ' + wrap(t[2]) +
                       '}', True)),
        st.tuples(exprs, exprs, exprs).map(
            lambda t: (wrap(t[0]) + ' if ' + wrap(t[1]) + ' else ' + wrap(t[2], False),
                       False)),
        st.tuples(st.lists(NAMES, max_size=3, unique=True), exprs).map(
            lambda t: ('lambda ' + ', '.join(t[0]) + ': ' + wrap(t[1], False), False)),
        st.tuples(NAMES, exprs).map(lambda t: ('(' + t[0] + ' := ' + wrap(t[1], False) + ')',
                                               True)),
        exprs.map(lambda e: ('(' + e[0] + ')', True)),
        st.tuples(exprs, SPACE).map(lambda t: ('(' + t[1] + t[0][0] + t[1] + ')', True)),
        fstrings(exprs).map(lambda s: (s, True)),
        exprs.map(lambda e: ('(yield ' + wrap(e, False) + ')', True)),
    )


def _attr_base(e):
    text = wrap(e)
    return '(' + text + ')' if text[:1].isdigit() or text[:1] == '.' else text


def _tuple(l):
    if len(l) == 1:
        return ('(' + wrap(l[0], False) + ',)', True)
    return ('(' + ', '.join(wrap(e, False) for e in l) + ')', True)


def _slice(t):
    a, b, c, step = t
    s = (wrap(a) if a else '') + ':' + (wrap(b) if b else '')
    if step:
        s += ':' + (wrap(c) if c else '')
    return s


def _args_ok(args):
    # CPython: keyword / ** ordering rules
    seen_kw = seen_dstar = False
    for a in args:
        if a.startswith('**'):
            seen_dstar = True
        elif a.startswith('*'):
            if seen_dstar:
                return False
        elif '=' in a.split('(')[0] and not a.startswith(('(', '[', '{')) and \
                a.split('=')[0].isidentifier():
            seen_kw = True
        else:
            if seen_kw or seen_dstar:
                return False
    return True


EXPRS = st.recursive(atoms(), extend, max_leaves=12)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(EXPRS)
def test_random_expressions(e):
    check(e[0])
    check('x = ' + e[0])


# ------------------------------------------------------------ statements

def simple_statements():
    e = EXPRS.map(lambda e: wrap(e, False))
    target = st.one_of(NAMES, st.tuples(NAMES, NAMES).map(lambda t: t[0] + '.' + t[1]),
                       st.tuples(NAMES, e).map(lambda t: t[0] + '[' + t[1] + ']'))
    return st.one_of(
        e,
        st.tuples(st.lists(target, min_size=1, max_size=3), e).map(
            lambda t: ' = '.join(t[0]) + ' = ' + t[1]),
        st.tuples(target, target, e).map(lambda t: t[0] + ', ' + t[1] + ' = ' + t[2]),
        st.tuples(target, st.sampled_from(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '<<=',
                                           '>>=', '&=', '|=', '^=', '@=']), e).map(
            lambda t: ' '.join(t)),
        st.tuples(target, e, st.one_of(st.none(), e)).map(
            lambda t: t[0] + ': ' + t[1] + ('' if t[2] is None else ' = ' + t[2])),
        st.lists(target, min_size=1, max_size=3).map(lambda l: 'del ' + ', '.join(l)),
        st.sampled_from(['pass', 'break', 'continue', 'return', 'raise', 'global x, y',
                         'nonlocal x', 'import a.b as c, d', 'from .. m import (a, b as c,)',
                         'from m import *', 'yield', 'yield from x']),
        e.map(lambda x: 'return ' + x),
        e.map(lambda x: 'assert ' + x + ', "m"'),
        st.tuples(e, e).map(lambda t: 'raise ' + t[0] + ' from ' + t[1]),
    )


def blocks(inner, indent):
    pad = ' ' * indent
    body = st.lists(inner, min_size=1, max_size=3).map(
        lambda l: '\n'.join(pad + '    ' + line for s in l for line in s.split('\n')))
    e = EXPRS.map(lambda e: wrap(e, False))
    header = st.one_of(
        e.map(lambda x: 'if ' + x + ':'),
        e.map(lambda x: 'while ' + x + ':'),
        st.tuples(NAMES, e).map(lambda t: 'for ' + t[0] + ' in ' + t[1] + ':'),
        st.tuples(e, NAMES).map(lambda t: 'with ' + t[0] + ' as ' + t[1] + ':'),
        st.tuples(NAMES, st.lists(NAMES, max_size=3, unique=True)).map(
            lambda t: 'def ' + t[0] + '(' + ', '.join(t[1]) + '):'),
        NAMES.map(lambda n: 'class ' + n + '(object):'),
        st.just('try:'),
    )

    def assemble(t):
        h, b, b2 = t
        text = pad + h + '\n' + b
        if h == 'try:':
            text += '\n' + pad + 'except Exception as e:\n' + b2
        elif h.startswith(('if', 'while', 'for')) and b2 != b:
            text += '\n' + pad + 'else:\n' + b2
        return text
    return st.tuples(header, body, body).map(assemble)


def programs():
    stmt = simple_statements()
    level1 = st.one_of(stmt, blocks(stmt, 0))
    return st.lists(st.one_of(level1, blocks(st.one_of(stmt, blocks(stmt, 4).map(
        lambda s: s[4:] if s.startswith('    ') else s)), 0)),
        min_size=1, max_size=4).map(lambda l: '\n'.join(l) + '\n')


PROGRAMS = programs()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(PROGRAMS)
def test_random_programs(src):
    check(src)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(simple_statements(), min_size=1, max_size=4),
       st.sampled_from(['; ', ';', ' ; ']))
def test_semicolons(stmts, sep):
    check(sep.join(stmts) + '\n')
