"""AST node classes for minipy.

The classes mirror CPython 3.11's ``ast`` module for the supported subset:
same class names, same ``_fields`` (in the same order), the same optional
fields, and the position attributes ``lineno``, ``col_offset``,
``end_lineno``, ``end_col_offset`` on statements, expressions, ``arg``,
``keyword``, ``alias`` and ``ExceptHandler``.  Column offsets are UTF-8 byte
offsets, as in CPython.

``dump(node)`` produces exactly what ``ast.dump`` produces for the equivalent
host tree, so the two can be compared in tests.

Context (``Load``/``Store``/``Del``) and operator nodes are shared
singletons, as in CPython's parser: compare them by type, not identity.
"""

__all__ = ["AST", "mod", "stmt", "expr", "expr_context", "boolop", "operator",
           "unaryop", "cmpop", "excepthandler", "dump", "iter_fields",
           "iter_child_nodes", "walk", "copy_location", "LOAD", "STORE", "DEL"]


# A hundred node classes are defined here, and the parser builds one per
# construct, so they are slotted classes with a generated ``__init__`` each.
# (attrs would do the same, but it compiles every ``__init__`` on its own;
# here the sources are gathered and compiled by one ``exec`` at the end of
# the module, which cuts the interpreter's start-up, most of all on PyPy.)

_MISSING = object()


class _Field:
    """A declared node field: ``default`` or ``factory`` make it optional,
    ``kw_only`` keeps it out of the positional parameters, and ``init=False``
    fields are set to their default without being a parameter."""
    __slots__ = ('default', 'factory', 'kw_only', 'init')

    def __init__(self, default=_MISSING, factory=None, kw_only=False, init=True):
        self.default = default
        self.factory = factory
        self.kw_only = kw_only
        self.init = init


def field(default=_MISSING, factory=None, kw_only=False, init=True, repr=True):
    return _Field(default, factory, kw_only, init)


_pending_inits = []      # (class, source of its __init__) not compiled yet


def _node(cls):
    """Turn a class body's ``field()`` declarations into slots (the class is
    re-created, as a slotted class must be) and queue its ``__init__``."""
    own = [(k, v) for k, v in cls.__dict__.items() if isinstance(v, _Field)]
    body = {k: v for k, v in cls.__dict__.items()
            if not isinstance(v, _Field) and k not in ('__dict__', '__weakref__')}
    body['__slots__'] = tuple(k for k, _ in own)
    inherited = []
    for base in cls.__bases__:
        inherited.extend(getattr(base, '_node_fields', ()))
    new = type(cls.__name__, cls.__bases__, body)
    new.__qualname__ = cls.__qualname__
    fields = inherited + own
    new._node_fields = tuple(fields)
    if fields:
        _pending_inits.append((new, fields))
    return new


def _compile_inits():
    """Compile every queued ``__init__`` with a single ``exec``."""
    src = []
    env = {'_MISSING': _MISSING}
    for n, (cls, fields) in enumerate(_pending_inits):
        params, kwonly, lines = ['self'], [], []
        for name, f in fields:
            if f.factory is not None:
                env['_f%d_%s' % (n, name)] = f.factory
            elif f.default is not _MISSING:
                env['_d%d_%s' % (n, name)] = f.default
            if not f.init:
                value = ('_f%d_%s()' % (n, name) if f.factory is not None
                         else '_d%d_%s' % (n, name))
                lines.append('self.%s = %s' % (name, value))
                continue
            if f.factory is not None:
                param = '%s=_MISSING' % name
                lines.append('self.%s = _f%d_%s() if %s is _MISSING else %s'
                             % (name, n, name, name, name))
            else:
                param = name if f.default is _MISSING else '%s=_d%d_%s' % (name, n, name)
                lines.append('self.%s = %s' % (name, name))
            (kwonly if f.kw_only else params).append(param)
        if kwonly:
            params.append('*')
            params.extend(kwonly)
        src.append('def _init%d(%s):\n    %s\n' % (n, ', '.join(params), '\n    '.join(lines)))
    exec(compile('\n'.join(src), '<minipy node classes>', 'exec'), env)
    for n, (cls, _) in enumerate(_pending_inits):
        init = env['_init%d' % n]
        init.__qualname__ = cls.__qualname__ + '.__init__'
        cls.__init__ = init
    del _pending_inits[:]


def _pos_field():
    return field(default=None, kw_only=True)


@_node
class AST:
    """Base of all nodes.  ``_fields`` lists the children in ast order;
    ``_optional`` the fields ``ast.dump`` omits when they are None."""
    _fields = ()
    _attributes = ()
    _optional = frozenset()

    def __repr__(self):
        return dump(self)


@_node
class _Located(AST):
    """A node with a source range (1-based lines, 0-based UTF-8 columns)."""
    _attributes = ('lineno', 'col_offset', 'end_lineno', 'end_col_offset')
    lineno = _pos_field()
    col_offset = _pos_field()
    end_lineno = _pos_field()
    end_col_offset = _pos_field()
    # Builder-private: the range of the outermost parentheses around an
    # expression, (lineno, col, end_lineno, end_col), or None.
    _outer = field(default=None, init=False, repr=False)


@_node
class mod(AST):
    pass


@_node
class stmt(_Located):
    pass


@_node
class expr(_Located):
    pass


@_node
class excepthandler(_Located):
    pass


@_node
class expr_context(AST):
    pass


@_node
class Load(expr_context):
    pass


@_node
class Store(expr_context):
    pass


@_node
class Del(expr_context):
    pass


LOAD = Load()
STORE = Store()
DEL = Del()


@_node
class boolop(AST):
    pass


@_node
class And(boolop):
    pass


@_node
class Or(boolop):
    pass


@_node
class operator(AST):
    pass


@_node
class Add(operator):
    pass


@_node
class Sub(operator):
    pass


@_node
class Mult(operator):
    pass


@_node
class MatMult(operator):
    pass


@_node
class Div(operator):
    pass


@_node
class Mod(operator):
    pass


@_node
class Pow(operator):
    pass


@_node
class LShift(operator):
    pass


@_node
class RShift(operator):
    pass


@_node
class BitOr(operator):
    pass


@_node
class BitXor(operator):
    pass


@_node
class BitAnd(operator):
    pass


@_node
class FloorDiv(operator):
    pass


@_node
class unaryop(AST):
    pass


@_node
class Invert(unaryop):
    pass


@_node
class Not(unaryop):
    pass


@_node
class UAdd(unaryop):
    pass


@_node
class USub(unaryop):
    pass


@_node
class cmpop(AST):
    pass


@_node
class Eq(cmpop):
    pass


@_node
class NotEq(cmpop):
    pass


@_node
class Lt(cmpop):
    pass


@_node
class LtE(cmpop):
    pass


@_node
class Gt(cmpop):
    pass


@_node
class GtE(cmpop):
    pass


@_node
class Is(cmpop):
    pass


@_node
class IsNot(cmpop):
    pass


@_node
class In(cmpop):
    pass


@_node
class NotIn(cmpop):
    pass


# ------------------------------ mod


@_node
class Module(mod):
    _fields = ('body', 'type_ignores')
    body = field()
    type_ignores = field(factory=list)


@_node
class Interactive(mod):
    _fields = ('body',)
    body = field()


@_node
class Expression(mod):
    _fields = ('body',)
    body = field()


# ------------------------------ stmt


@_node
class FunctionDef(stmt):
    _fields = ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment')
    _optional = frozenset(('returns', 'type_comment'))
    name = field()
    args = field()
    body = field()
    decorator_list = field()
    returns = field(default=None)
    type_comment = field(default=None)


@_node
class AsyncFunctionDef(stmt):
    _fields = ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment')
    _optional = frozenset(('returns', 'type_comment'))
    name = field()
    args = field()
    body = field()
    decorator_list = field()
    returns = field(default=None)
    type_comment = field(default=None)


@_node
class ClassDef(stmt):
    _fields = ('name', 'bases', 'keywords', 'body', 'decorator_list')
    name = field()
    bases = field()
    keywords = field()
    body = field()
    decorator_list = field(factory=list)


@_node
class Return(stmt):
    _fields = ('value',)
    _optional = frozenset(('value',))
    value = field(default=None)


@_node
class Delete(stmt):
    _fields = ('targets',)
    targets = field()


@_node
class Assign(stmt):
    _fields = ('targets', 'value', 'type_comment')
    _optional = frozenset(('type_comment',))
    targets = field()
    value = field()
    type_comment = field(default=None)


@_node
class AugAssign(stmt):
    _fields = ('target', 'op', 'value')
    target = field()
    op = field()
    value = field()


@_node
class AnnAssign(stmt):
    _fields = ('target', 'annotation', 'value', 'simple')
    _optional = frozenset(('value',))
    target = field()
    annotation = field()
    value = field()
    simple = field()


@_node
class For(stmt):
    _fields = ('target', 'iter', 'body', 'orelse', 'type_comment')
    _optional = frozenset(('type_comment',))
    target = field()
    iter = field()
    body = field()
    orelse = field()
    type_comment = field(default=None)


@_node
class AsyncFor(stmt):
    _fields = ('target', 'iter', 'body', 'orelse', 'type_comment')
    _optional = frozenset(('type_comment',))
    target = field()
    iter = field()
    body = field()
    orelse = field()
    type_comment = field(default=None)


@_node
class While(stmt):
    _fields = ('test', 'body', 'orelse')
    test = field()
    body = field()
    orelse = field()


@_node
class If(stmt):
    _fields = ('test', 'body', 'orelse')
    test = field()
    body = field()
    orelse = field()


@_node
class With(stmt):
    _fields = ('items', 'body', 'type_comment')
    _optional = frozenset(('type_comment',))
    items = field()
    body = field()
    type_comment = field(default=None)


@_node
class AsyncWith(stmt):
    _fields = ('items', 'body', 'type_comment')
    _optional = frozenset(('type_comment',))
    items = field()
    body = field()
    type_comment = field(default=None)


@_node
class Raise(stmt):
    _fields = ('exc', 'cause')
    _optional = frozenset(('exc', 'cause'))
    exc = field(default=None)
    cause = field(default=None)


@_node
class Try(stmt):
    _fields = ('body', 'handlers', 'orelse', 'finalbody')
    body = field()
    handlers = field()
    orelse = field()
    finalbody = field()


@_node
class TryStar(stmt):
    _fields = ('body', 'handlers', 'orelse', 'finalbody')
    body = field()
    handlers = field()
    orelse = field()
    finalbody = field()


@_node
class Assert(stmt):
    _fields = ('test', 'msg')
    _optional = frozenset(('msg',))
    test = field()
    msg = field(default=None)


@_node
class Import(stmt):
    _fields = ('names',)
    names = field()


@_node
class ImportFrom(stmt):
    _fields = ('module', 'names', 'level')
    _optional = frozenset(('module', 'level'))
    module = field()
    names = field()
    level = field(default=0)


@_node
class Global(stmt):
    _fields = ('names',)
    names = field()


@_node
class Nonlocal(stmt):
    _fields = ('names',)
    names = field()


@_node
class Expr(stmt):
    _fields = ('value',)
    value = field()


@_node
class Pass(stmt):
    _fields = ()


@_node
class Break(stmt):
    _fields = ()


@_node
class Continue(stmt):
    _fields = ()


# ------------------------------ expr


@_node
class BoolOp(expr):
    _fields = ('op', 'values')
    op = field()
    values = field()


@_node
class NamedExpr(expr):
    _fields = ('target', 'value')
    target = field()
    value = field()


@_node
class BinOp(expr):
    _fields = ('left', 'op', 'right')
    left = field()
    op = field()
    right = field()


@_node
class UnaryOp(expr):
    _fields = ('op', 'operand')
    op = field()
    operand = field()


@_node
class Lambda(expr):
    _fields = ('args', 'body')
    args = field()
    body = field()


@_node
class IfExp(expr):
    _fields = ('test', 'body', 'orelse')
    test = field()
    body = field()
    orelse = field()


@_node
class Dict(expr):
    _fields = ('keys', 'values')
    keys = field()
    values = field()


@_node
class Set(expr):
    _fields = ('elts',)
    elts = field()


@_node
class ListComp(expr):
    _fields = ('elt', 'generators')
    elt = field()
    generators = field()


@_node
class SetComp(expr):
    _fields = ('elt', 'generators')
    elt = field()
    generators = field()


@_node
class DictComp(expr):
    _fields = ('key', 'value', 'generators')
    key = field()
    value = field()
    generators = field()


@_node
class GeneratorExp(expr):
    _fields = ('elt', 'generators')
    elt = field()
    generators = field()


@_node
class Await(expr):
    _fields = ('value',)
    value = field()


@_node
class Yield(expr):
    _fields = ('value',)
    _optional = frozenset(('value',))
    value = field(default=None)


@_node
class YieldFrom(expr):
    _fields = ('value',)
    value = field()


@_node
class Compare(expr):
    _fields = ('left', 'ops', 'comparators')
    left = field()
    ops = field()
    comparators = field()


@_node
class Call(expr):
    _fields = ('func', 'args', 'keywords')
    func = field()
    args = field()
    keywords = field()


@_node
class FormattedValue(expr):
    _fields = ('value', 'conversion', 'format_spec')
    _optional = frozenset(('format_spec',))
    value = field()
    conversion = field(default=-1)
    format_spec = field(default=None)


@_node
class JoinedStr(expr):
    _fields = ('values',)
    values = field()


@_node
class Constant(expr):
    _fields = ('value', 'kind')
    _optional = frozenset(('kind',))
    value = field()
    kind = field(default=None)


@_node
class Attribute(expr):
    _fields = ('value', 'attr', 'ctx')
    value = field()
    attr = field()
    ctx = field()


@_node
class Subscript(expr):
    _fields = ('value', 'slice', 'ctx')
    value = field()
    slice = field()
    ctx = field()


@_node
class Starred(expr):
    _fields = ('value', 'ctx')
    value = field()
    ctx = field()


@_node
class Name(expr):
    _fields = ('id', 'ctx')
    id = field()
    ctx = field()


@_node
class List(expr):
    _fields = ('elts', 'ctx')
    elts = field()
    ctx = field()


@_node
class Tuple(expr):
    _fields = ('elts', 'ctx')
    elts = field()
    ctx = field()


@_node
class Slice(expr):
    _fields = ('lower', 'upper', 'step')
    _optional = frozenset(('lower', 'upper', 'step'))
    lower = field(default=None)
    upper = field(default=None)
    step = field(default=None)


@_node
class Match(stmt):
    _fields = ('subject', 'cases')
    subject = field()
    cases = field()


# ------------------------------ pattern (structural pattern matching)


@_node
class pattern(_Located):
    pass


@_node
class MatchValue(pattern):
    _fields = ('value',)
    value = field()


@_node
class MatchSingleton(pattern):
    _fields = ('value',)
    value = field()


@_node
class MatchSequence(pattern):
    _fields = ('patterns',)
    patterns = field(factory=list)


@_node
class MatchMapping(pattern):
    _fields = ('keys', 'patterns', 'rest')
    _optional = frozenset(('rest',))
    keys = field(factory=list)
    patterns = field(factory=list)
    rest = field(default=None)


@_node
class MatchClass(pattern):
    _fields = ('cls', 'patterns', 'kwd_attrs', 'kwd_patterns')
    cls = field()
    patterns = field(factory=list)
    kwd_attrs = field(factory=list)
    kwd_patterns = field(factory=list)


@_node
class MatchStar(pattern):
    _fields = ('name',)
    _optional = frozenset(('name',))
    name = field(default=None)


@_node
class MatchAs(pattern):
    _fields = ('pattern', 'name')
    _optional = frozenset(('pattern', 'name'))
    pattern = field(default=None)
    name = field(default=None)


@_node
class MatchOr(pattern):
    _fields = ('patterns',)
    patterns = field(factory=list)


# ------------------------------ excepthandler


@_node
class ExceptHandler(excepthandler):
    _fields = ('type', 'name', 'body')
    _optional = frozenset(('type', 'name'))
    type = field(default=None)
    name = field(default=None)
    body = field(factory=list)


# ------------------------------ AST


@_node
class comprehension(AST):
    _fields = ('target', 'iter', 'ifs', 'is_async')
    target = field()
    iter = field()
    ifs = field(factory=list)
    is_async = field(default=0)
    # Builder-private: (lineno, col, end_lineno, end_col) of the 'for' keyword
    _for_pos = field(default=None, init=False, repr=False)


@_node
class arguments(AST):
    _fields = ('posonlyargs', 'args', 'vararg', 'kwonlyargs', 'kw_defaults', 'kwarg', 'defaults')
    _optional = frozenset(('vararg', 'kwarg'))
    posonlyargs = field(factory=list)
    args = field(factory=list)
    vararg = field(default=None)
    kwonlyargs = field(factory=list)
    kw_defaults = field(factory=list)
    kwarg = field(default=None)
    defaults = field(factory=list)


@_node
class withitem(AST):
    _fields = ('context_expr', 'optional_vars')
    _optional = frozenset(('optional_vars',))
    context_expr = field()
    optional_vars = field(default=None)


@_node
class match_case(AST):
    _fields = ('pattern', 'guard', 'body')
    _optional = frozenset(('guard',))
    pattern = field()
    guard = field(default=None)
    body = field(factory=list)


# ------------------------------ _Located


@_node
class arg(_Located):
    _fields = ('arg', 'annotation', 'type_comment')
    _optional = frozenset(('annotation', 'type_comment'))
    arg = field()
    annotation = field(default=None)
    type_comment = field(default=None)


@_node
class keyword(_Located):
    _fields = ('arg', 'value')
    _optional = frozenset(('arg',))
    arg = field()
    value = field()


@_node
class alias(_Located):
    _fields = ('name', 'asname')
    _optional = frozenset(('asname',))
    name = field()
    asname = field(default=None)


# ---------------------------------------------------------------- helpers

_compile_inits()


def iter_fields(node):
    """Yield ``(name, value)`` for each field of *node*, in ``_fields`` order."""
    for name in node._fields:
        yield name, getattr(node, name)


def iter_child_nodes(node):
    """Yield the direct child nodes of *node* (fields and lists of nodes)."""
    for name in node._fields:
        value = getattr(node, name)
        if isinstance(value, AST):
            yield value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, AST):
                    yield item


def walk(node):
    """Yield *node* and all its descendants (breadth first, like ast.walk)."""
    todo = [node]
    i = 0
    while i < len(todo):
        node = todo[i]
        i += 1
        todo.extend(iter_child_nodes(node))
        yield node


def copy_location(new_node, old_node):
    """Copy the source range of *old_node* onto *new_node*; return it."""
    for name in ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'):
        if name in new_node._attributes and hasattr(old_node, name):
            setattr(new_node, name, getattr(old_node, name))
    return new_node


def dump(node, annotate_fields=True, include_attributes=False, *, indent=None):
    """Return the same string as ``ast.dump`` would for the host tree."""
    def _format(node, level=0):
        if indent is not None:
            level += 1
            prefix = '\n' + indent * level
            sep = ',\n' + indent * level
        else:
            prefix = ''
            sep = ', '
        if isinstance(node, AST):
            cls = type(node)
            args = []
            allsimple = True
            keywords = annotate_fields
            for name in node._fields:
                try:
                    value = getattr(node, name)
                except AttributeError:
                    keywords = True
                    continue
                if value is None and name in cls._optional:
                    keywords = True
                    continue
                value, simple = _format(value, level)
                allsimple = allsimple and simple
                if keywords:
                    args.append('%s=%s' % (name, value))
                else:
                    args.append(value)
            if include_attributes and node._attributes:
                for name in node._attributes:
                    value = getattr(node, name, None)
                    if value is None and name.startswith('end_'):
                        continue
                    value, simple = _format(value, level)
                    allsimple = allsimple and simple
                    args.append('%s=%s' % (name, value))
            if allsimple and len(args) <= 3:
                return '%s(%s)' % (cls.__name__, ', '.join(args)), not args
            return '%s(%s%s)' % (cls.__name__, prefix, sep.join(args)), False
        elif isinstance(node, list):
            if not node:
                return '[]', True
            return '[%s%s]' % (prefix, sep.join(_format(x, level)[0] for x in node)), False
        return repr(node), True

    if not isinstance(node, AST):
        raise TypeError('expected AST, got %r' % node.__class__.__name__)
    if indent is not None and not isinstance(indent, str):
        indent = ' ' * indent
    return _format(node)[0]
