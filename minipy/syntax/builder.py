"""The AST builder: one method per grammar rule (or alias) of minipy.lark.

Lark's LALR parser calls these methods as it reduces (the builder is passed
as Lark's ``transformer``), so no intermediate parse tree is built and
errors the builder detects are reported in source order, interleaved with
the parser's own errors, as CPython does.

Positions: every method computes the source range of the node it builds
from its first and last child (tokens or nodes).  Columns are *character*
offsets while building; ``parser.parse`` converts them to UTF-8 byte
offsets afterwards if the source is not pure ASCII.  A parenthesized
expression keeps its own range, and the range including the parentheses is
remembered in the hidden ``_outer`` slot so that enclosing nodes extend to
the parentheses, exactly like CPython.

The builder also performs the checks CPython's parser does with its
``invalid_*`` rules on an otherwise well-formed parse: assignment targets,
argument and parameter order, and so on.
"""

import unicodedata

from .tokens import Tok as Token

from . import nodes as N
from ..errors import MiniSyntaxError

LOAD, STORE, DEL = N.LOAD, N.STORE, N.DEL

_BINOPS = {
    'PLUS': N.Add(), 'MINUS': N.Sub(), 'STAR': N.Mult(), 'AT': N.MatMult(),
    'SLASH': N.Div(), 'PERCENT': N.Mod(), 'DOUBLESTAR': N.Pow(),
    'LSHIFT': N.LShift(), 'RSHIFT': N.RShift(), 'DOUBLESLASH': N.FloorDiv(),
}
_BITOR, _BITXOR, _BITAND = N.BitOr(), N.BitXor(), N.BitAnd()
_AUGOPS = {
    '+=': N.Add(), '-=': N.Sub(), '*=': N.Mult(), '@=': N.MatMult(),
    '/=': N.Div(), '%=': N.Mod(), '&=': N.BitAnd(), '|=': N.BitOr(),
    '^=': N.BitXor(), '<<=': N.LShift(), '>>=': N.RShift(), '**=': N.Pow(),
    '//=': N.FloorDiv(),
}
_UNARY = {'PLUS': N.UAdd(), 'MINUS': N.USub(), 'TILDE': N.Invert()}
_NOT = N.Not()
_AND, _OR = N.And(), N.Or()
_CMPOPS = {
    '<': N.Lt(), '>': N.Gt(), '==': N.Eq(), '>=': N.GtE(), '<=': N.LtE(),
    '!=': N.NotEq(), 'in': N.In(), 'is': N.Is(),
}
_NOT_IN, _IS_NOT = N.NotIn(), N.IsNot()
_CONSTS = {'None': None, 'True': True, 'False': False, '...': Ellipsis}


class _ElseClause:
    __slots__ = ('token', 'body')

    def __init__(self, token, body):
        self.token = token
        self.body = body


class _AsItem:
    """``test as target`` inside parentheses: only valid in a with-statement."""
    __slots__ = ('expr', 'target', 'as_tok')

    def __init__(self, expr, target, as_tok):
        self.expr = expr
        self.target = target
        self.as_tok = as_tok


class _ParenItems:
    """A parenthesized list containing ``as`` items: ``(a as b, c)``."""
    __slots__ = ('items', 'lpar', 'rpar', 'trailing_comma')

    def __init__(self, items, lpar, rpar, trailing_comma):
        self.items = items
        self.lpar = lpar
        self.rpar = rpar
        self.trailing_comma = trailing_comma


def _follows_with(src, pos):
    """Is the text before *pos* the keyword 'with' (ignoring blanks and
    backslash continuations)?"""
    i = pos
    while i > 0:
        c = src[i - 1]
        if c in ' \t\f':
            i -= 1
        elif c == '\n' and i >= 2 and src[i - 2] == '\\':
            i -= 2
        else:
            break
    return src.endswith('with', 0, i) and (i == 4 or not (src[i - 5].isalnum() or
                                                          src[i - 5] == '_'))


class _Param:
    __slots__ = ('kind', 'arg', 'default', 'token')

    # kind: 'plain', 'star', 'bare_star', 'kw', 'slash'
    def __init__(self, kind, arg, default, token):
        self.kind = kind
        self.arg = arg
        self.default = default
        self.token = token


class _Args:
    __slots__ = ('items',)

    def __init__(self, items):
        self.items = items


class _KwArg:
    __slots__ = ('keyword', 'lhs')

    def __init__(self, keyword, lhs):
        self.keyword = keyword
        self.lhs = lhs


class _KwPattern:
    """``name=pattern`` in a class pattern."""
    __slots__ = ('name', 'pattern')

    def __init__(self, name, pattern):
        self.name = name
        self.pattern = pattern


class _GenArg:
    __slots__ = ('elt', 'generators', 'first', 'last')

    def __init__(self, elt, generators, first, last):
        self.elt = elt
        self.generators = generators
        self.first = first
        self.last = last


def _expr_name(e):
    """What CPython calls an expression in 'cannot assign to %s'."""
    t = type(e)
    name = _EXPR_NAMES.get(t)
    if name is not None:
        return name
    if t is N.Constant:
        v = e.value
        if v is None:
            return 'None'
        if v is True:
            return 'True'
        if v is False:
            return 'False'
        if v is Ellipsis:
            return 'ellipsis'
        return 'literal'
    return 'expression'


# expressions that are not a "bitwise_or" unless parenthesized
_NOT_BITOR = frozenset([N.Compare, N.BoolOp, N.IfExp, N.Lambda, N.Yield, N.YieldFrom,
                        N.Starred, N.NamedExpr])

_EXPR_NAMES = {
    N.Attribute: 'attribute', N.Subscript: 'subscript', N.Starred: 'starred',
    N.Name: 'name', N.List: 'list', N.Tuple: 'tuple', N.Lambda: 'lambda',
    N.Call: 'function call', N.BoolOp: 'expression', N.BinOp: 'expression',
    N.UnaryOp: 'expression', N.GeneratorExp: 'generator expression',
    N.Yield: 'yield expression', N.YieldFrom: 'yield expression',
    N.Await: 'await expression', N.ListComp: 'list comprehension',
    N.SetComp: 'set comprehension', N.DictComp: 'dict comprehension',
    N.Dict: 'dict literal', N.Set: 'set display',
    N.JoinedStr: 'f-string expression', N.FormattedValue: 'f-string expression',
    N.Compare: 'comparison', N.IfExp: 'conditional expression',
    N.NamedExpr: 'named expression',
}


class Builder:
    """Lark inline transformer building minipy.syntax.nodes."""

    def __init__(self, strings_builder=None, context=None):
        # builds string literals / f-strings (fstrings.StringBuilder)
        self.strings_builder = strings_builder
        # returns the running parse's context (source, lookahead token)
        self.context = context

    # ------------------------------------------------------------ positions

    @staticmethod
    def _start(x):
        if isinstance(x, Token):
            return x.line, x.column - 1
        o = x._outer
        if o is not None:
            return o[0], o[1]
        return x.lineno, x.col_offset

    @staticmethod
    def _end(x):
        if isinstance(x, Token):
            return x.end_line, x.end_column - 1
        o = x._outer
        if o is not None:
            return o[2], o[3]
        return x.end_lineno, x.end_col_offset

    @staticmethod
    def _span(node, first, last):
        if isinstance(first, Token):
            node.lineno = first.line
            node.col_offset = first.column - 1
        else:
            o = first._outer
            if o is None:
                node.lineno = first.lineno
                node.col_offset = first.col_offset
            else:
                node.lineno = o[0]
                node.col_offset = o[1]
        if isinstance(last, Token):
            node.end_lineno = last.end_line
            node.end_col_offset = last.end_column - 1
        else:
            o = last._outer
            if o is None:
                node.end_lineno = last.end_lineno
                node.end_col_offset = last.end_col_offset
            else:
                node.end_lineno = o[2]
                node.end_col_offset = o[3]
        return node

    def _tok(self, node, tok):
        node.lineno = tok.line
        node.col_offset = tok.column - 1
        node.end_lineno = tok.end_line
        node.end_col_offset = tok.end_column - 1
        return node

    # --------------------------------------------------------------- errors

    def error(self, msg, first, last=None, kind='SyntaxError'):
        """Raise a syntax error located at *first* .. *last* (tokens/nodes;
        a node's own range, without parentheses, as CPython does)."""
        if isinstance(first, Token):
            line, col = first.line, first.column - 1
        else:
            line, col = first.lineno, first.col_offset
        if last is None:
            last = first
        if isinstance(last, Token):
            end_line, end_col = last.end_line, last.end_column - 1
        else:
            end_line, end_col = last.end_lineno, last.end_col_offset
        raise MiniSyntaxError(msg, None, line, col + 1, None, end_line, end_col + 1, kind)

    @staticmethod
    def error_at(msg, line, col, end_line=None, end_col=None):
        """*col*, *end_col*: 0-based character columns."""
        raise MiniSyntaxError(
            msg, None, line, col + 1, None, end_line if end_line is not None else line,
            (end_col + 1) if end_col is not None else col + 2)

    # ------------------------------------------------------------- contexts

    def _invalid_target(self, e, kind):
        """CPython's _PyPegen_get_invalid_target; kind: 'store', 'del', 'for'."""
        t = type(e)
        if t is N.Name or t is N.Attribute or t is N.Subscript:
            return None
        if t is N.Tuple or t is N.List:
            for elt in e.elts:
                bad = self._invalid_target(elt, kind)
                if bad is not None:
                    return bad
            return None
        if t is N.Starred:
            if kind == 'del':
                return e
            return self._invalid_target(e.value, kind)
        if t is N.Compare and kind == 'for':
            if type(e.ops[0]) is N.In:
                return self._invalid_target(e.left, kind)
            return None
        return e

    def check_target(self, e, kind='store'):
        bad = self._invalid_target(e, kind)
        if bad is not None:
            verb = 'delete' if kind == 'del' else 'assign to'
            self.error('cannot %s %s' % (verb, _expr_name(bad)), bad)

    def set_ctx(self, e, ctx):
        """Set the context of a (valid) target tree."""
        t = type(e)
        if t is N.Name or t is N.Attribute or t is N.Subscript:
            e.ctx = ctx
        elif t is N.Tuple or t is N.List:
            e.ctx = ctx
            for elt in e.elts:
                self.set_ctx(elt, ctx)
        elif t is N.Starred:
            e.ctx = ctx
            self.set_ctx(e.value, ctx)

    def store(self, e, kind='store'):
        self.check_target(e, kind)
        self.set_ctx(e, DEL if kind == 'del' else STORE)
        return e

    # ----------------------------------------------------------- start rules

    def file_input(self, c):
        body = []
        for s in c:
            if type(s) is list:
                body.extend(s)
            else:
                body.append(s)
        return N.Module(body, [])

    def single_input(self, c):
        s = c[-1]
        return N.Interactive(s if type(s) is list else [s])

    def eval_input(self, c):
        return N.Expression(c[0])

    # ------------------------------------------------------ simple statements

    def simple_stmt(self, c):
        semi = c.pop()
        if semi is not None:
            # a trailing ';' ends an enclosing compound statement (CPython)
            s = c[-1]
            s._outer = (s.lineno, s.col_offset, semi.end_line, semi.end_column - 1)
        return c

    def expr_stmt(self, c):
        value = c[0]
        self._check_bare_expr(value)
        return self._span(N.Expr(value), value, value)

    def _check_bare_expr(self, value):
        if type(value) is _ParenItems:
            self._bad_as(value)

    def _bad_as(self, p):
        for item in p.items:
            if type(item) is _AsItem:
                self.error('invalid syntax', item.as_tok)
        raise AssertionError('no as item')

    def assign(self, c):
        value = c[-1]
        self._check_bare_expr(value)
        targets = c[:-1]
        for t in targets:
            ty = type(t)
            if ty is _ParenItems:
                self._bad_as(t)
            if ty is N.Yield or ty is N.YieldFrom or self._invalid_target(t, 'store') is not None:
                self.assign_error(targets, value)
        for t in targets:
            self.set_ctx(t, STORE)
        return self._span(N.Assign(targets, value, None), targets[0], value)

    def assign_error(self, targets, value):
        """Raise CPython's error for an assignment with an invalid target.
        *value* is the assigned value, or a (starts_with_bitwise_or,
        end_of_that_bitwise_or) pair when it is not known (parse error)."""
        if len(targets) == 1:
            if isinstance(value, tuple):
                starts, b_end = value
            else:
                b = self._leading_bitor(value)
                starts = b is not None
                b_end = self._end(b) if starts else None
            if starts:
                t1 = targets[0]
                e = t1
                if type(t1) is N.Tuple and t1.elts and self._is_bare_tuple(t1):
                    e = t1.elts[-1]
                if e._outer is None and type(e) in _NOT_BITOR:
                    pass
                elif type(e) is N.Name and e._outer is None:
                    if b_end is not None:
                        raise MiniSyntaxError(
                            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", None,
                            e.lineno, e.col_offset + 1, None, b_end[0], b_end[1] + 1)
                elif not self._starts_with_display(e) and not (
                        type(e) is N.UnaryOp and type(e.op) is N.Not and e._outer is None):
                    self.error("cannot assign to %s here. Maybe you meant '==' instead of '='?"
                               % _expr_name(e), e)
        for t in targets:
            ty = type(t)
            if ty is N.Yield or ty is N.YieldFrom:
                self.error('assignment to yield expression not possible', t)
            bad = self._invalid_target(t, 'store')
            if bad is not None:
                self.error('cannot assign to %s' % _expr_name(bad), bad)

    def _is_bare_tuple(self, t):
        return t._outer is None and (t.lineno, t.col_offset) == self._start(t.elts[0])

    def _leading_bitor(self, v):
        """The bitwise_or-level expression *v* starts with (CPython's
        invalid_named_expression), or None if it starts otherwise."""
        while True:
            if v._outer is not None:
                return v
            t = type(v)
            if t is N.Tuple:
                if not v.elts or not self._is_bare_tuple(v):
                    return v
                v = v.elts[0]
            elif t is N.BoolOp:
                v = v.values[0]
            elif t is N.Compare:
                v = v.left
            elif t is N.IfExp:
                v = v.body
            elif t is N.Lambda or t is N.Yield or t is N.YieldFrom or t is N.Starred or \
                    t is N.NamedExpr or (t is N.UnaryOp and type(v.op) is N.Not):
                return None
            else:
                return v

    def _starts_with_display(self, e):
        """CPython's !(list|tuple|genexp|'True'|'None'|'False') lookahead."""
        while True:
            t = type(e)
            if t is N.List or t is N.GeneratorExp:
                return True
            if t is N.Tuple and not self._is_bare_tuple(e):
                return True
            if t is N.Constant and e._outer is None and (
                    e.value is True or e.value is False or e.value is None):
                return True
            if e._outer is not None:
                return False
            if t is N.Attribute or t is N.Subscript:
                e = e.value
            elif t is N.Call:
                e = e.func
            elif t is N.BinOp:
                e = e.left
            else:
                return False

    def _ann_target(self, target, annotation):
        t = type(target)
        if t is _ParenItems:
            self._bad_as(target)
        if t is N.Tuple or t is N.List:
            if t is N.Tuple and target._outer is None and target.elts and \
                    self._start(target.elts[0]) == (target.lineno, target.col_offset):
                # a bare "a, b: int": CPython points at the first element
                self.error('only single target (not tuple) can be annotated', target.elts[0])
            self.error('only single target (not %s) can be annotated'
                       % ('tuple' if t is N.Tuple else 'list'), target)
        if t is N.Name or t is N.Attribute or t is N.Subscript:
            target.ctx = STORE
            return 1 if (t is N.Name and target._outer is None) else 0
        self.error('illegal target for annotation', target)

    def annassign(self, c):
        target, annotation = c
        simple = self._ann_target(target, annotation)
        return self._span(N.AnnAssign(target, annotation, None, simple), target, annotation)

    def annassign_value(self, c):
        target, annotation, value = c
        self._check_bare_expr(value)
        simple = self._ann_target(target, annotation)
        return self._span(N.AnnAssign(target, annotation, value, simple), target, value)

    def augassign(self, c):
        target, op, value = c
        self._check_bare_expr(value)
        t = type(target)
        if t is _ParenItems:
            self._bad_as(target)
        if not (t is N.Name or t is N.Attribute or t is N.Subscript):
            self.error("'%s' is an illegal expression for augmented assignment"
                       % _expr_name(target), target)
        target.ctx = STORE
        return self._span(N.AugAssign(target, op, value), target, value)

    def augassign_op(self, c):
        return _AUGOPS[c[0].value]

    def del_stmt(self, c):
        tok, (targets, last) = c
        for t in targets:
            if type(t) is _ParenItems:
                self._bad_as(t)
            self.store(t, 'del')
        return self._span(N.Delete(targets), tok, last)

    def exprlist_items(self, c):
        last = c[-1]
        if last is None:
            c = c[:-1]
            last = c[-1]
        return [x for x in c if not isinstance(x, Token)], last

    def pass_stmt(self, c):
        return self._tok(N.Pass(), c[0])

    def break_stmt(self, c):
        return self._tok(N.Break(), c[0])

    def continue_stmt(self, c):
        return self._tok(N.Continue(), c[0])

    def return_stmt(self, c):
        return self._tok(N.Return(None), c[0])

    def return_value(self, c):
        tok, value = c
        self._check_bare_expr(value)
        return self._span(N.Return(value), tok, value)

    def raise_stmt(self, c):
        return self._tok(N.Raise(None, None), c[0])

    def raise_exc(self, c):
        tok, exc = c
        return self._span(N.Raise(exc, None), tok, exc)

    def raise_from(self, c):
        tok, exc, cause = c
        return self._span(N.Raise(exc, cause), tok, cause)

    def global_stmt(self, c):
        return self._span(N.Global([t.value for t in c[1:]]), c[0], c[-1])

    def nonlocal_stmt(self, c):
        return self._span(N.Nonlocal([t.value for t in c[1:]]), c[0], c[-1])

    def assert_stmt(self, c):
        tok, test = c
        return self._span(N.Assert(test, None), tok, test)

    def assert_msg(self, c):
        tok, test, msg = c
        return self._span(N.Assert(test, msg), tok, msg)

    # ---------------------------------------------------------------- import

    def import_name(self, c):
        return self._span(N.Import(c[1:]), c[0], c[-1])

    def dotted_as_name(self, c):
        name, first, last = c[0]
        return self._span(N.alias(name, None), first, last)

    def dotted_as_name_as(self, c):
        (name, first, last), asname = c
        return self._span(N.alias(name, self._ident(asname)), first, asname)

    def dotted_name(self, c):
        if len(c) == 1:
            return self._ident(c[0]), c[0], c[0]
        return '.'.join(self._ident(t) for t in c), c[0], c[-1]

    def import_from(self, c):
        tok = c[0]
        names, last = c[-1]
        module = c[-2][0]
        level = 0
        for t in c[1:-2]:
            level += 3 if t.type == 'ELLIPSIS' else 1
        return self._span(N.ImportFrom(module, names, level), tok, last)

    def import_from_rel(self, c):
        tok = c[0]
        names, last = c[-1]
        level = 0
        for t in c[1:-1]:
            level += 3 if t.type == 'ELLIPSIS' else 1
        return self._span(N.ImportFrom(None, names, level), tok, last)

    def import_star(self, c):
        return [self._tok(N.alias('*', None), c[0])], c[0]

    def import_targets(self, c):
        if isinstance(c[0], Token):      # parenthesized
            return c[1:-1], c[-1]
        return c, c[-1]

    def import_as_name(self, c):
        return self._tok(N.alias(self._ident(c[0]), None), c[0])

    def import_as_name_as(self, c):
        name, asname = c
        return self._span(N.alias(self._ident(name), self._ident(asname)), name, asname)

    # ------------------------------------------------------ compound statements

    def suite(self, c):
        return c[0]

    def block(self, c):
        body = []
        for s in c:
            if type(s) is list:
                body.extend(s)
            else:
                body.append(s)
        return body

    def if_stmt(self, c):
        tok, test, body = c[0], c[1], c[2]
        rest = c[3:]
        orelse = []
        last = body[-1]
        if rest and type(rest[-1]) is _ElseClause:
            orelse = rest[-1].body
            last = orelse[-1]
            rest = rest[:-1]
        elif rest:
            last = rest[-1][2][-1]
        for etok, etest, ebody in reversed(rest):
            node = N.If(etest, ebody, orelse)
            self._span(node, etok, last)
            orelse = [node]
        self._check_bare_expr(test)
        return self._span(N.If(test, body, orelse), tok, last)

    def elif_clause(self, c):
        return c[0], c[1], c[2]

    def else_clause(self, c):
        return _ElseClause(c[0], c[1])

    def while_stmt(self, c):
        tok, test, body = c[0], c[1], c[2]
        orelse = c[3].body if len(c) > 3 else []
        return self._span(N.While(test, body, orelse), tok, (orelse or body)[-1])

    def for_stmt(self, c):
        tok, target, it, body = c[0], c[1], c[2], c[3]
        orelse = c[4].body if len(c) > 4 else []
        self.store(target, 'for')
        return self._span(N.For(target, it, body, orelse, None), tok, (orelse or body)[-1])

    def try_stmt(self, c):
        tok, body = c[0], c[1]
        handlers = []
        orelse = []
        finalbody = []
        stars = []
        toks = []
        for x in c[2:]:
            t = type(x)
            if t is tuple:
                handlers.append(x[0])
                stars.append(x[1])
                toks.append(x[2])
            elif t is _ElseClause:
                orelse = x.body
            else:
                finalbody = x
        last = (finalbody or orelse or handlers[-1].body)[-1]
        if stars[0]:
            if not all(stars):
                a, b = toks[stars.index(False)]
                self.error("cannot have both 'except' and 'except*' on the same 'try'", a, b)
            return self._span(N.TryStar(body, handlers, orelse, finalbody), tok, last)
        if any(stars):
            a, b = toks[stars.index(True)]
            self.error("cannot have both 'except' and 'except*' on the same 'try'", a, b)
        return self._span(N.Try(body, handlers, orelse, finalbody), tok, last)

    def try_finally(self, c):
        tok, body, finalbody = c
        return self._span(N.Try(body, [], [], finalbody), tok, finalbody[-1])

    def finally_clause(self, c):
        return c[1]

    # except clauses return (handler, is_star, the 'except' or 'except*' tokens)
    def except_bare(self, c):
        tok, body = c
        return self._span(N.ExceptHandler(None, None, body), tok, body[-1]), False, (tok, tok)

    def except_clause(self, c):
        tok, typ, body = c
        return self._span(N.ExceptHandler(typ, None, body), tok, body[-1]), False, (tok, tok)

    def except_as(self, c):
        tok, typ, name, body = c
        return (self._span(N.ExceptHandler(typ, self._ident(name), body), tok, body[-1]),
                False, (tok, tok))

    def except_star(self, c):
        tok, star, typ, body = c
        return self._span(N.ExceptHandler(typ, None, body), tok, body[-1]), True, (tok, star)

    def except_star_as(self, c):
        tok, star, typ, name, body = c
        return (self._span(N.ExceptHandler(typ, self._ident(name), body), tok, body[-1]),
                True, (tok, star))

    def with_stmt(self, c):
        tok, body = c[0], c[-1]
        items = c[1:-1]
        if len(items) == 1 and items[0].optional_vars is None:
            e = items[0].context_expr
            if type(e) is _ParenItems:
                items = [self._with_item_from_paren(x) for x in e.items]
            elif type(e) is N.Tuple and e._outer is None and e.elts and \
                    (e.lineno, e.col_offset) != self._start(e.elts[0]):
                split = self._split_with_tuple(e)
                if split is not None:
                    items = split
        else:
            for it in items:
                if type(it.context_expr) is _ParenItems:
                    self._bad_as(it.context_expr)
        return self._span(N.With(items, body, None), tok, body[-1])

    def _with_item_from_paren(self, x):
        if type(x) is _AsItem:
            self.store(x.target)
            return N.withitem(x.expr, x.target)
        if type(x) is N.Starred:
            self.error('invalid syntax', x)
        return N.withitem(x, None)

    def _split_with_tuple(self, e):
        # "with (a, b):" is two with-items, unless an element is not a plain
        # expression (starred / unparenthesized walrus), in which case CPython
        # parses a tuple.
        for x in e.elts:
            t = type(x)
            if t is N.Starred:
                return None
            if t is N.NamedExpr and x._outer is None:
                return None
        return [N.withitem(x, None) for x in e.elts]

    def with_item(self, c):
        return N.withitem(c[0], None)

    def with_item_as(self, c):
        e, as_tok, target = c
        if type(e) is _ParenItems:
            self.error('invalid syntax', as_tok)
        self.store(target)
        return N.withitem(e, target)

    def funcdef(self, c):
        tok, name, params, returns, body = c
        if params is None:
            params = N.arguments([], [], None, [], [], None, [])
        return self._span(N.FunctionDef(self._ident(name), params, body, [], returns, None),
                          tok, body[-1])

    def classdef(self, c):
        tok, name, body = c
        return self._span(N.ClassDef(self._ident(name), [], [], body, []), tok, body[-1])

    def classdef_args(self, c):
        tok, name, lpar, args, rpar, body = c
        if args is None:
            bases, keywords = [], []
        else:
            for x in args.items:
                if type(x) is _GenArg:
                    self.error('invalid syntax', x.generators[0]._for_pos)
            bases, keywords = self._call_args(args, lpar, rpar)
        return self._span(N.ClassDef(self._ident(name), bases, keywords, body, []), tok, body[-1])

    def decorated(self, c):
        d = c[-1]
        d.decorator_list = c[:-1]
        return d

    def decorator(self, c):
        return c[0]

    def async_stmt(self, c):
        return c[0]

    def async_funcdef(self, c):
        tok, f = c
        n = N.AsyncFunctionDef(f.name, f.args, f.body, f.decorator_list, f.returns, None)
        return self._span(n, tok, f.body[-1])

    def async_for(self, c):
        tok, f = c
        n = N.AsyncFor(f.target, f.iter, f.body, f.orelse, None)
        return self._span(n, tok, (f.orelse or f.body)[-1])

    def async_with(self, c):
        tok, w = c
        return self._span(N.AsyncWith(w.items, w.body, None), tok, w.body[-1])

    # ------------------------------------------------------------ parameters

    def param_plain(self, c):
        return _Param('plain', self._tok(N.arg(self._ident(c[0]), None, None), c[0]), None, c[0])

    def param_ann(self, c):
        name, ann = c
        return _Param('plain', self._span(N.arg(self._ident(name), ann, None), name, ann), None, name)

    def param_default(self, c):
        name, default = c
        return _Param('plain', self._tok(N.arg(self._ident(name), None, None), name), default, name)

    def param_ann_default(self, c):
        name, ann, default = c
        return _Param('plain', self._span(N.arg(self._ident(name), ann, None), name, ann),
                      default, name)

    def param_bare_star(self, c):
        return _Param('bare_star', None, None, c[0])

    def param_star(self, c):
        name = c[1]
        return _Param('star', self._tok(N.arg(self._ident(name), None, None), name), None, c[0])

    def param_star_ann(self, c):
        name, ann = c[1], c[2]
        return _Param('star', self._span(N.arg(self._ident(name), ann, None), name, ann), None, c[0])

    def param_star_default(self, c):
        self.error('var-positional argument cannot have default value', c[2])   # the '='

    def param_star_ann_default(self, c):
        self.error('var-positional argument cannot have default value', c[3])

    def param_kw_ann_default(self, c):
        self.error('var-keyword argument cannot have default value', c[3])

    def param_kw(self, c):
        name = c[1]
        return _Param('kw', self._tok(N.arg(self._ident(name), None, None), name), None, c[0])

    def param_kw_ann(self, c):
        name, ann = c[1], c[2]
        return _Param('kw', self._span(N.arg(self._ident(name), ann, None), name, ann), None, c[0])

    def param_kw_default(self, c):
        self.error('var-keyword argument cannot have default value', c[2])

    def param_slash(self, c):
        return _Param('slash', None, None, c[0])

    def parameters(self, c):
        return self._arguments([p for p in c if type(p) is _Param], c[-1] is not None)

    def lambda_params(self, c):
        # checked by lambdef_params, which knows the ':'
        return [p for p in c if type(p) is _Param], c[-1] is not None

    def _arguments(self, params, trailing_comma=False, lambda_colon=None):
        posonly = []
        args = []
        defaults = []
        vararg = None
        kwonly = []
        kw_defaults = []
        kwarg = None
        state = 0        # 0: positional, 1: after * (keyword-only), 2: after **
        seen_slash = False
        seen_star = False
        seen_default = False
        bare_star = None
        for i, p in enumerate(params):
            k = p.kind
            if state == 2:
                self.error('arguments cannot follow var-keyword argument', p.token)
            if k == 'plain':
                if state == 0:
                    if p.default is not None:
                        seen_default = True
                        defaults.append(p.default)
                    elif seen_default:
                        self.error('non-default argument follows default argument', p.arg)
                    args.append(p.arg)
                else:
                    kwonly.append(p.arg)
                    kw_defaults.append(p.default)
                    bare_star = None
            elif k == 'slash':
                if seen_star:
                    self.error('/ must be ahead of *', p.token)
                if seen_slash:
                    self.error('/ may appear only once', p.token)
                if not args:
                    if i + 1 < len(params) or trailing_comma:
                        self.error('at least one argument must precede /', p.token)
                    self.error('invalid syntax', p.token)
                seen_slash = True
                posonly = args
                args = []
            elif k == 'star' or k == 'bare_star':
                if seen_star:
                    self.error('* argument may appear only once', p.token)
                seen_star = True
                state = 1
                if k == 'star':
                    vararg = p.arg
                else:
                    bare_star = p
            else:   # kw
                state = 2
                kwarg = p.arg
        if bare_star is not None:
            if lambda_colon is None:
                self.error('named arguments must follow bare *', bare_star.token)
            # CPython reports a lambda's at the token after "*" / "*,"
            i = params.index(bare_star)
            self.error('named arguments must follow bare *',
                       params[i + 1].token if i + 1 < len(params) else lambda_colon)
        return N.arguments(posonly, args, vararg, kwonly, kw_defaults, kwarg, defaults)

    # ------------------------------------------------------ match statement

    def match_stmt(self, c):
        tok, subject, cases = c[0], c[1], c[2:]
        if type(subject) is _ParenItems:
            self._bad_as(subject)
        return self._span(N.Match(subject, cases), tok, cases[-1].body[-1])

    def case_block(self, c):
        _tok, pat, body = c
        return N.match_case(pat, None, body)

    def case_block_guard(self, c):
        _tok, pat, _if, guard, body = c
        return N.match_case(pat, guard, body)

    def _patterns(self, items):
        return [x for x in items if x is not None and not isinstance(x, Token)]

    def open_sequence_pattern(self, c):
        last = c[-1]
        if last is None:
            c = c[:-1]
            last = c[-1]
        return self._span(N.MatchSequence(self._patterns(c)), c[0], last)

    def as_pattern(self, c):
        pat, _as, name = c
        if name.value == '_':
            self.error("cannot use '_' as a target", name)
        return self._span(N.MatchAs(pat, self._ident(name)), pat, name)

    def or_alternatives(self, c):
        return self._span(N.MatchOr(c), c[0], c[-1])

    def literal_pattern(self, c):
        e = c[0]
        if type(e) is N.Constant and (e.value is None or e.value is True or e.value is False):
            node = N.MatchSingleton(e.value)
        else:
            node = N.MatchValue(e)
        return self._span(node, e, e)

    def capture_pattern(self, c):
        tok = c[0]
        name = None if tok.value == '_' else self._ident(tok)
        return self._tok(N.MatchAs(None, name), tok)

    def value_pattern(self, c):
        e = c[0]
        return self._span(N.MatchValue(e), e, e)

    def group_pattern(self, c):
        lpar, pat, rpar = c
        pat._outer = (lpar.line, lpar.column - 1, rpar.end_line, rpar.end_column - 1)
        return pat

    def sequence_pattern(self, c):
        return self._span(N.MatchSequence(self._patterns(c[1:-1])), c[0], c[-1])

    def star_pattern(self, c):
        star, name = c
        return self._span(N.MatchStar(None if name.value == '_' else self._ident(name)),
                          star, name)

    def mapping_pattern(self, c):
        keys = []
        pats = []
        rest = None
        items = c[1:-1]
        for i, x in enumerate(items):
            if type(x) is tuple:
                keys.append(x[0])
                pats.append(x[1])
            elif isinstance(x, Token) and x.type == 'DOUBLESTAR':
                name = items[i + 1]
                if name.value == '_':
                    self.error('invalid syntax', name)
                rest = self._ident(name)
        return self._span(N.MatchMapping(keys, pats, rest), c[0], c[-1])

    def key_value_pattern(self, c):
        return c[0], c[1]

    def class_pattern(self, c):
        cls, args = c[0], self._patterns(c[2:-1])
        pats = []
        kwd_attrs = []
        kwd_pats = []
        for a in args:
            if type(a) is _KwPattern:
                kwd_attrs.append(a.name)
                kwd_pats.append(a.pattern)
            elif kwd_attrs:
                self.error('positional patterns follow keyword patterns', a)
            else:
                pats.append(a)
        return self._span(N.MatchClass(cls, pats, kwd_attrs, kwd_pats), cls, c[-1])

    def keyword_pattern(self, c):
        name, _eq, pat = c
        return _KwPattern(self._ident(name), pat)

    def neg_number(self, c):
        minus, num = c
        operand = self.number([num])
        return self._span(N.UnaryOp(_UNARY['MINUS'], operand), minus, num)

    def complex_literal(self, c):
        real, op, imag = c
        return self._complex(self.number([real]), op, imag)

    def neg_complex_literal(self, c):
        minus, real, op, imag = c
        return self._complex(self.neg_number([minus, real]), op, imag)

    def _complex(self, real, op, imag):
        part = real.operand if type(real) is N.UnaryOp else real
        if isinstance(part.value, complex):
            self.error('real number required in complex literal', real)
        right = self.number([imag])
        if not isinstance(right.value, complex):
            self.error('imaginary number required in complex literal', right)
        return self._span(N.BinOp(real, _BINOPS[op.type], right), real, right)

    # ----------------------------------------------------------- expressions

    def bare_tuple(self, c):
        last = c[-1]
        if last is None:
            c = c[:-1]
            last = c[-1]
        elts = [x for x in c if not isinstance(x, Token)]
        for x in elts:
            if type(x) is _ParenItems:
                self._bad_as(x)
        return self._span(N.Tuple(elts, LOAD), c[0], last)

    def star_expr(self, c):
        tok, value = c
        return self._span(N.Starred(value, LOAD), tok, value)

    def namedexpr_name(self, c):
        name, value = c
        target = self._tok(N.Name(self._ident(name), STORE), name)
        return self._span(N.NamedExpr(target, value), name, value)

    def namedexpr(self, c):
        target, value = c
        if type(target) is not N.Name:
            self.error('cannot use assignment expressions with %s' % _expr_name(target), target)
        target.ctx = STORE
        return self._span(N.NamedExpr(target, value), target, value)

    def ifexp(self, c):
        body, test, orelse = c
        return self._span(N.IfExp(test, body, orelse), body, orelse)

    def lambdef(self, c):
        tok, body = c
        return self._span(N.Lambda(N.arguments([], [], None, [], [], None, []), body), tok, body)

    def lambdef_params(self, c):
        tok, (params, trailing), colon, body = c
        args = self._arguments(params, trailing, colon)
        return self._span(N.Lambda(args, body), tok, body)

    def or_test(self, c):
        return self._span(N.BoolOp(_OR, c), c[0], c[-1])

    def and_test(self, c):
        return self._span(N.BoolOp(_AND, c), c[0], c[-1])

    def not_test(self, c):
        tok, operand = c
        return self._span(N.UnaryOp(_NOT, operand), tok, operand)

    def comparison(self, c):
        left = c[0]
        return self._span(N.Compare(left, c[1::2], c[2::2]), left, c[-1])

    def comp_op(self, c):
        if len(c) == 1:
            return _CMPOPS[c[0].value]
        return _NOT_IN if c[0].value == 'not' else _IS_NOT

    def _fold(self, c, op):
        left = c[0]
        for right in c[1:]:
            left = self._span(N.BinOp(left, op, right), left, right)
        return left

    def bitor(self, c):
        return self._fold(c, _BITOR)

    def bitxor(self, c):
        return self._fold(c, _BITXOR)

    def bitand(self, c):
        return self._fold(c, _BITAND)

    def binop(self, c):
        left = c[0]
        for i in range(1, len(c), 2):
            right = c[i + 1]
            left = self._span(N.BinOp(left, _BINOPS[c[i].type], right), left, right)
        return left

    def unary(self, c):
        tok, operand = c
        return self._span(N.UnaryOp(_UNARY[tok.type], operand), tok, operand)

    def power(self, c):
        left, _tok, right = c
        return self._span(N.BinOp(left, _BINOPS['DOUBLESTAR'], right), left, right)

    def await_expr(self, c):
        tok, value = c
        return self._span(N.Await(value), tok, value)

    # ------------------------------------------------------------- primaries

    def call_noargs(self, c):
        func, _lpar, rpar = c
        return self._span(N.Call(func, [], []), func, rpar)

    def call(self, c):
        func, lpar, args, rpar = c
        a, kw = self._call_args(args, lpar, rpar)
        return self._span(N.Call(func, a, kw), func, rpar)

    def _call_args(self, argsobj, lpar, rpar):
        items = argsobj.items
        args = []
        keywords = []
        seen_kw = False      # keyword argument
        seen_kwstar = False  # **kwargs
        trailing_comma = items[-1] is not None
        items = items[:-1]
        for x in items:
            t = type(x)
            if t is _GenArg:
                if len(items) > 1 or trailing_comma:
                    self.error('Generator expression must be parenthesized', x.first, x.last)
                args.append(self._span(N.GeneratorExp(x.elt, x.generators), lpar, rpar))
            elif t is _KwArg:
                keywords.append(x.keyword)
                if x.keyword.arg is not None:
                    seen_kw = True
                else:
                    seen_kwstar = True
            elif t is N.Starred:
                if seen_kwstar:
                    # located at the '*'
                    raise MiniSyntaxError(
                        'iterable argument unpacking follows keyword argument unpacking', None,
                        x.lineno, x.col_offset + 1, None, x.lineno, x.col_offset + 2)
                args.append(x)
            elif t is _ParenItems:
                self._bad_as(x)
            else:
                # CPython reports these at the token after the arguments
                if seen_kwstar:
                    self.error('positional argument follows keyword argument unpacking', rpar)
                if seen_kw:
                    self.error('positional argument follows keyword argument', rpar)
                args.append(x)
        return args, keywords

    def arguments(self, c):
        return _Args(c)

    def kwarg(self, c):
        lhs, eq, value = c
        if type(lhs) is not N.Name or lhs._outer is not None:
            if type(lhs) is N.Constant and (lhs.value is True or lhs.value is False
                                            or lhs.value is None) and lhs._outer is None:
                self.error('cannot assign to %s' % lhs.value, lhs, eq)
            self.error('expression cannot contain assignment, perhaps you meant "=="?',
                       lhs, eq)
        return _KwArg(self._span(N.keyword(lhs.id, value), lhs, value), lhs)

    def kwstar(self, c):
        tok, value = c
        return _KwArg(self._span(N.keyword(None, value), tok, value), None)

    def genexp_arg(self, c):
        elt = c[0]
        if type(elt) is _ParenItems:
            self._bad_as(elt)
        gens = c[1:]
        return _GenArg(elt, gens, elt, gens[-1].ifs[-1] if gens[-1].ifs else gens[-1].iter)

    def subscript(self, c):
        value, sl, rsqb = c
        return self._span(N.Subscript(value, sl, LOAD), value, rsqb)

    def subscriptlist(self, c):
        s = c[0]
        if type(s) is N.Starred:
            return self._span(N.Tuple([s], LOAD), s, s)
        if type(s) is _ParenItems:
            self._bad_as(s)
        return s

    def subscript_tuple(self, c):
        last = c[-1]
        if last is None:
            c = c[:-1]
            last = c[-1]
        elts = [x for x in c if not isinstance(x, Token)]
        for x in elts:
            if type(x) is _ParenItems:
                self._bad_as(x)
        return self._span(N.Tuple(elts, LOAD), c[0], last)

    def slice(self, c):
        lower, colon, upper = c
        return self._span(N.Slice(lower, upper, None), lower or colon, upper or colon)

    def slice_step(self, c):
        lower, colon, upper, colon2, step = c
        return self._span(N.Slice(lower, upper, step), lower or colon, step or colon2)

    def attribute(self, c):
        value, name = c
        return self._span(N.Attribute(value, self._ident(name), LOAD), value, name)

    # ----------------------------------------------------------------- atoms

    def empty_tuple(self, c):
        return self._span(N.Tuple([], LOAD), c[0], c[1])

    def paren_yield(self, c):
        lpar, e, rpar = c
        e._outer = (lpar.line, lpar.column - 1, rpar.end_line, rpar.end_column - 1)
        return e

    def paren(self, c):
        lpar, e, rpar = c
        t = type(e)
        if t is N.Starred:
            self.error('cannot use starred expression here', e)
        if t is _AsItem:
            return self._paren_items([e], lpar, rpar)
        e._outer = (lpar.line, lpar.column - 1, rpar.end_line, rpar.end_column - 1)
        return e

    def _paren_items(self, items, lpar, rpar):
        """"(a as b, c)" is only valid as the items of a with-statement:
        right after 'with' and followed by ':'.  CPython reports anything else
        at the first 'as' (or at the token following the parentheses)."""
        ctx = self.context()
        nxt = ctx.last
        if _follows_with(ctx.src, lpar.start_pos) and nxt is not None:
            if nxt.type in ('COLON', '_NEWLINE'):
                return _ParenItems(items, lpar, rpar, False)
            self.error('invalid syntax', nxt)
        for x in items:
            if type(x) is _AsItem:
                self.error('invalid syntax', x.as_tok)
        raise AssertionError('no as item')

    def paren_tuple(self, c):
        lpar, rpar = c[0], c[-1]
        elts = [x for x in c[1:-1] if x is not None and not isinstance(x, Token)]
        if any(type(x) is _AsItem for x in elts):
            return self._paren_items(elts, lpar, rpar)
        self._check_elts(elts)
        return self._span(N.Tuple(elts, LOAD), lpar, rpar)

    def genexp(self, c):
        lpar, elt, rpar = c[0], c[1], c[-1]
        self._comp_elt(elt)
        return self._span(N.GeneratorExp(elt, c[2:-1]), lpar, rpar)

    def _comp_elt(self, elt):
        t = type(elt)
        if t is N.Starred:
            self.error('iterable unpacking cannot be used in comprehension', elt)
        if t is _ParenItems:
            self._bad_as(elt)

    def _check_elts(self, elts):
        for x in elts:
            if type(x) is _ParenItems:
                self._bad_as(x)

    def list_display(self, c):
        elts = [x for x in c[1:-1] if not isinstance(x, Token)]
        self._check_elts(elts)
        return self._span(N.List(elts, LOAD), c[0], c[-1])

    def listcomp(self, c):
        elt = c[1]
        self._comp_elt(elt)
        return self._span(N.ListComp(elt, c[2:-1]), c[0], c[-1])

    def dict_display(self, c):
        keys = []
        values = []
        for x in c[1:-1]:
            if type(x) is tuple:
                keys.append(x[0])
                values.append(x[1])
        return self._span(N.Dict(keys, values), c[0], c[-1])

    def dict_item(self, c):
        return c[0], c[1]

    def dict_unpack(self, c):
        return None, c[1]

    def dictcomp(self, c):
        return self._span(N.DictComp(c[1], c[2], c[3:-1]), c[0], c[-1])

    def set_display(self, c):
        elts = [x for x in c[1:-1] if not isinstance(x, Token)]
        self._check_elts(elts)
        return self._span(N.Set(elts), c[0], c[-1])

    def setcomp(self, c):
        elt = c[1]
        self._comp_elt(elt)
        return self._span(N.SetComp(elt, c[2:-1]), c[0], c[-1])

    def as_item(self, c):
        e, as_tok, target = c
        return _AsItem(e, target, as_tok)

    def comp_for(self, c):
        tok, target, it = c[0], c[1], c[2]
        self.store(target, 'for')
        comp = N.comprehension(target, it, c[3:], 0)
        comp._for_pos = tok
        return comp

    def async_comp_for(self, c):
        comp = self.comp_for(c[1:])
        comp.is_async = 1
        comp._for_pos = c[0]
        return comp

    def comp_if(self, c):
        return c[0]

    def yield_expr(self, c):
        return self._tok(N.Yield(None), c[0])

    def yield_value(self, c):
        tok, value = c
        return self._span(N.Yield(value), tok, value)

    def yield_from(self, c):
        tok, value = c
        return self._span(N.YieldFrom(value), tok, value)

    def name(self, c):
        tok = c[0]
        s = tok.value
        if not s.isascii():
            s = self.nonascii_identifier(tok)
        return N.Name(s, LOAD, lineno=tok.line, col_offset=tok.column - 1,
                      end_lineno=tok.end_line, end_col_offset=tok.end_column - 1)

    def _ident(self, tok):
        s = tok.value
        if s.isascii():
            return s
        return self.nonascii_identifier(tok)

    def nonascii_identifier(self, tok):
        s = tok.value
        if not s.isidentifier():
            for i, ch in enumerate(s):
                if not (('a' + ch).isidentifier() if i else ch.isidentifier()):
                    break
            if ch.isprintable():
                msg = "invalid character '%s' (U+%04X)" % (ch, ord(ch))
            else:
                msg = "invalid non-printable character U+%04X" % ord(ch)
            col = tok.column - 1 + i
            self.error_at(msg, tok.line, col)
        return unicodedata.normalize('NFKC', s)

    def const(self, c):
        tok = c[0]
        return self._tok(N.Constant(_CONSTS[tok.value], None), tok)

    def number(self, c):
        tok = c[0]
        return self._tok(N.Constant(self.number_value(tok), None), tok)

    def number_value(self, tok):
        s = tok.value
        last = s[-1]
        try:
            if last in 'jJ':
                return complex(0.0, float(s[:-1]))
            if len(s) > 1 and s[1] in 'xXoObB':
                return int(s, 0)
            if '.' in s or 'e' in s or 'E' in s:
                return float(s)
            return int(s)
        except ValueError as e:    # e.g. too many digits
            self.error('%s - Consider hexadecimal for huge integer literals to avoid '
                       'decimal conversion limits.' % e, tok)

    def strings(self, c):
        return self.strings_builder.build(self, c)
