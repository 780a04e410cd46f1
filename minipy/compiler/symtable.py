"""Scope analysis: a pass over the AST before code generation.

A faithful port of CPython 3.11's ``Python/symtable.c``.  Each function,
lambda, class body, comprehension and generator expression gets a ``Scope``
(CPython's "symbol table entry").  The first pass records, for every name
used in a scope, how it is used (``DEF_*`` flags); ``analyze`` then resolves
each name to one of ``LOCAL``, ``GLOBAL_EXPLICIT``, ``GLOBAL_IMPLICIT``,
``FREE`` or ``CELL`` exactly as CPython does (including free variables that
pass through class bodies, the implicit ``__class__`` cell, and assignment
expressions in comprehensions binding in the enclosing function).

The AST is only read through ``type(node).__name__`` and field names, so both
the host's ``ast`` nodes and minipy's own parser nodes work.
"""

import re

from ..errors import MiniSyntaxError

# Flags (same values as CPython's symtable.h)
DEF_GLOBAL = 1
DEF_LOCAL = 2
DEF_PARAM = 2 << 1
DEF_NONLOCAL = 2 << 2
USE = 2 << 3
DEF_FREE = 2 << 4
DEF_FREE_CLASS = 2 << 5
DEF_IMPORT = 2 << 6
DEF_ANNOT = 2 << 7
DEF_COMP_ITER = 2 << 8
DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT

SCOPE_OFFSET = 11
SCOPE_MASK = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL

# Scopes
LOCAL = 1
GLOBAL_EXPLICIT = 2
GLOBAL_IMPLICIT = 3
FREE = 4
CELL = 5

SCOPE_NAMES = {0: "unresolved", LOCAL: "local", GLOBAL_EXPLICIT: "global_explicit",
               GLOBAL_IMPLICIT: "global_implicit", FREE: "free", CELL: "cell"}

# Block kinds
MODULE = "module"
FUNCTION = "function"
CLASS = "class"

GLOBAL_PARAM = "name '%s' is parameter and global"
NONLOCAL_PARAM = "name '%s' is parameter and nonlocal"
GLOBAL_AFTER_ASSIGN = "name '%s' is assigned to before global declaration"
NONLOCAL_AFTER_ASSIGN = "name '%s' is assigned to before nonlocal declaration"
GLOBAL_AFTER_USE = "name '%s' is used prior to global declaration"
NONLOCAL_AFTER_USE = "name '%s' is used prior to nonlocal declaration"
GLOBAL_ANNOT = "annotated name '%s' can't be global"
NONLOCAL_ANNOT = "annotated name '%s' can't be nonlocal"
IMPORT_STAR_WARNING = "import * only allowed at module level"
NAMED_EXPR_COMP_IN_CLASS = \
    "assignment expression within a comprehension cannot be used in a class body"
NAMED_EXPR_COMP_CONFLICT = \
    "assignment expression cannot rebind comprehension iteration variable '%s'"
NAMED_EXPR_COMP_INNER_LOOP_CONFLICT = \
    "comprehension inner loop cannot rebind assignment expression target '%s'"
NAMED_EXPR_COMP_ITER_EXPR = \
    "assignment expression cannot be used in a comprehension iterable expression"

COMP_KIND_NAMES = {
    "ListComp": "list comprehension",
    "SetComp": "set comprehension",
    "DictComp": "dict comprehension",
    "GeneratorExp": "generator expression",
}


def mangle(private, name):
    """CPython's ``_Py_Mangle``: ``__x`` inside class ``_C`` becomes ``_C__x``."""
    if private is None or not name.startswith("__"):
        return name
    if name.endswith("__") or "." in name:
        return name
    stripped = private.lstrip("_")
    if not stripped:
        return name
    return "_" + stripped + name


def node_loc(node):
    """(lineno, col_offset, end_lineno, end_col_offset) of a node (0-based columns)."""
    lineno = getattr(node, "lineno", None) or 1
    col = getattr(node, "col_offset", None)
    if col is None:
        col = 0
    end_lineno = getattr(node, "end_lineno", None)
    if end_lineno is None:
        end_lineno = lineno
    end_col = getattr(node, "end_col_offset", None)
    if end_col is None:
        end_col = col
    return (lineno, col, end_lineno, end_col)


class Scope:
    """One symbol table entry (a block with its own namespace)."""

    def __init__(self, name, kind, node, loc, parent):
        self.name = name
        self.kind = kind                  # MODULE, FUNCTION or CLASS
        self.node = node
        self.loc = loc
        self.parent = parent
        self.symbols = {}                 # name -> flags (and scope << SCOPE_OFFSET)
        self.varnames = []                # parameters, in order
        self.children = []
        self.directives = {}              # name -> loc of global/nonlocal statement
        self.nested = bool(parent is not None and (parent.nested or parent.kind == FUNCTION))
        self.generator = False
        self.coroutine = False            # an async def
        self.varargs = False
        self.varkeywords = False
        self.comprehension = None         # "ListComp", ... for comprehension scopes
        self.comp_iter_target = False
        self.comp_iter_expr = 0
        self.free = False                 # has free variables
        self.child_free = False           # a child block has free variables
        self.needs_class_closure = False  # class body needs a __class__ cell
        self.is_lambda = False

    # -- queries used by the code generator --------------------------------
    def flags(self, name):
        return self.symbols.get(name, 0) & ((1 << SCOPE_OFFSET) - 1)

    def scope_of(self, name):
        return (self.symbols.get(name, 0) >> SCOPE_OFFSET) & 7

    def names_with_scope(self, scope):
        return [n for n, f in self.symbols.items() if (f >> SCOPE_OFFSET) & 7 == scope]

    def __repr__(self):
        return "<Scope %s %s line %d>" % (self.kind, self.name, self.loc[0])


class SymbolTable:
    """The result of the pass: the module scope and a map node -> Scope."""

    def __init__(self, top, scopes):
        self.top = top
        self._scopes = scopes

    def lookup(self, node):
        return self._scopes[id(node)]

    def all_scopes(self):
        out = []

        def walk(s):
            out.append(s)
            for c in s.children:
                walk(c)
        walk(self.top)
        return out


_VISITORS = {}      # node class -> _Builder.visit_<name> (unbound), filled as met


def leading_future_imports(body):
    """The ``from __future__ import`` statements that open a module body (after
    its docstring, if any): the only place they are allowed."""
    out = []
    start = 1 if body and type(body[0]).__name__ == "Expr" and \
        type(body[0].value).__name__ == "Constant" and isinstance(body[0].value.value, str) else 0
    for s in body[start:]:
        if type(s).__name__ != "ImportFrom" or s.module != "__future__" or s.level:
            break
        out.append(s)
    return out


class _Builder:
    def __init__(self, filename, source):
        self.filename = filename
        self.source = source
        self.stack = []
        self.cur = None
        self.top = None
        self.private = None
        self.scopes = {}
        self.skip_annotations = False    # set by build() for PEP 563 modules
        self._keep = []          # keep nodes alive while their id() is a key

    # -- errors --------------------------------------------------------------
    def error(self, msg, loc):
        """Raise a SyntaxError at *loc*: a (lineno, col, end_lineno, end_col)
        tuple, or a node (whose position is only worked out here)."""
        if loc.__class__ is not tuple:
            loc = node_loc(loc)
        lineno, col, end_lineno, end_col = loc
        text = source_line(self.source, lineno)
        raise MiniSyntaxError(msg, self.filename, lineno, col + 1, text,
                              end_lineno, end_col + 1)

    # -- blocks ----------------------------------------------------------------
    def enter_block(self, name, kind, node, loc):
        scope = Scope(name, kind, node, loc, self.cur)
        if self.cur is not None:
            self.cur.children.append(scope)
        else:
            self.top = scope
        self.stack.append(scope)
        self.cur = scope
        self.scopes[id(node)] = scope
        self._keep.append(node)
        return scope

    def exit_block(self):
        self.stack.pop()
        self.cur = self.stack[-1] if self.stack else None

    # -- definitions -------------------------------------------------------------
    def add_def(self, name, flag, loc, scope=None):
        return self.add_def_helper(name, flag, scope or self.cur, loc)

    def add_def_helper(self, name, flag, ste, loc):
        mangled = mangle(self.private, name)
        val = ste.symbols.get(mangled)
        if val is not None:
            if (flag & DEF_PARAM) and (val & DEF_PARAM):
                self.error("duplicate argument '%s' in function definition" % name, loc)
            val |= flag
        else:
            val = flag
        if ste.comp_iter_target:
            if val & (DEF_GLOBAL | DEF_NONLOCAL):
                self.error(NAMED_EXPR_COMP_INNER_LOOP_CONFLICT % name, loc)
            val |= DEF_COMP_ITER
        ste.symbols[mangled] = val
        if flag & DEF_PARAM:
            ste.varnames.append(mangled)
        elif flag & DEF_GLOBAL:
            # the module scope records explicit globals as well
            g = self.top.symbols.get(mangled)
            self.top.symbols[mangled] = (g | flag) if g is not None else flag
        return True

    def lookup(self, name):
        return self.cur.symbols.get(mangle(self.private, name), 0)

    def record_directive(self, name, loc):
        self.cur.directives.setdefault(mangle(self.private, name), loc)

    # -- visitors ------------------------------------------------------------------
    def visit_seq(self, nodes):
        for n in nodes or ():
            if n is not None:
                meth = _VISITORS.get(type(n))
                if meth is None:
                    self.visit(n)
                else:
                    meth(self, n)

    def visit(self, node):
        meth = _VISITORS.get(type(node))
        if meth is None:
            meth = getattr(_Builder, "visit_" + type(node).__name__, None)
            if meth is None:
                self.error("unsupported syntax: %s" % type(node).__name__, node_loc(node))
            _VISITORS[type(node)] = meth
        meth(self, node)

    # modules
    def build(self, tree):
        kind = type(tree).__name__
        # PEP 563: annotations are kept as text, so their names are not uses
        self.skip_annotations = kind == "Module" and any(
            a.name == "annotations" for s in leading_future_imports(tree.body) for a in s.names)
        self.enter_block("top", MODULE, tree, (0, 0, 0, 0))
        if kind == "Expression":
            self.visit(tree.body)
        else:
            self.visit_seq(tree.body)
        self.exit_block()
        self.analyze()
        return SymbolTable(self.top, self.scopes)

    # statements
    def visit_FunctionDef(self, s, coroutine=False):
        loc = node_loc(s)
        self.add_def(s.name, DEF_LOCAL, loc)
        self.visit_defaults(s.args)
        self.visit_annotations(s.args, s.returns)
        self.visit_seq(s.decorator_list)
        self.enter_block(s.name, FUNCTION, s, loc)
        self.cur.coroutine = coroutine
        self.visit_arguments(s.args)
        self.visit_seq(s.body)
        self.exit_block()

    def visit_AsyncFunctionDef(self, s):
        self.visit_FunctionDef(s, coroutine=True)

    def visit_ClassDef(self, s):
        loc = node_loc(s)
        self.add_def(s.name, DEF_LOCAL, loc)
        self.visit_seq(s.bases)
        for kw in s.keywords or ():
            self.visit(kw.value)
        self.visit_seq(s.decorator_list)
        self.enter_block(s.name, CLASS, s, loc)
        saved = self.private
        self.private = s.name
        self.visit_seq(s.body)
        self.private = saved
        self.exit_block()

    def visit_Return(self, s):
        if s.value is not None:
            self.visit(s.value)

    def visit_Delete(self, s):
        self.visit_seq(s.targets)

    def visit_Assign(self, s):
        self.visit_seq(s.targets)
        self.visit(s.value)

    def visit_AnnAssign(self, s):
        target = s.target
        if type(target).__name__ == "Name":
            cur = self.lookup(target.id)
            if (cur & (DEF_GLOBAL | DEF_NONLOCAL)) and self.cur is not self.top and s.simple:
                msg = GLOBAL_ANNOT if cur & DEF_GLOBAL else NONLOCAL_ANNOT
                self.error(msg % target.id, node_loc(s))
            if s.simple:
                self.add_def(target.id, DEF_ANNOT | DEF_LOCAL, node_loc(target))
            elif s.value is not None:
                self.add_def(target.id, DEF_LOCAL, node_loc(target))
        else:
            self.visit(target)
        if not self.skip_annotations:
            self.visit(s.annotation)
        if s.value is not None:
            self.visit(s.value)

    def visit_AugAssign(self, s):
        self.visit(s.target)
        self.visit(s.value)

    def visit_For(self, s):
        self.visit(s.target)
        self.visit(s.iter)
        self.visit_seq(s.body)
        self.visit_seq(s.orelse)

    visit_AsyncFor = visit_For

    def visit_While(self, s):
        self.visit(s.test)
        self.visit_seq(s.body)
        self.visit_seq(s.orelse)

    def visit_If(self, s):
        self.visit(s.test)
        self.visit_seq(s.body)
        self.visit_seq(s.orelse)

    def visit_Raise(self, s):
        if s.exc is not None:
            self.visit(s.exc)
            if s.cause is not None:
                self.visit(s.cause)

    def visit_Try(self, s):
        self.visit_seq(s.body)
        self.visit_seq(s.orelse)
        for h in s.handlers or ():
            self.visit_ExceptHandler(h)
        self.visit_seq(s.finalbody)

    visit_TryStar = visit_Try

    def visit_ExceptHandler(self, h):
        if h.type is not None:
            self.visit(h.type)
        if h.name:
            self.add_def(h.name, DEF_LOCAL, node_loc(h))
        self.visit_seq(h.body)

    def visit_Assert(self, s):
        self.visit(s.test)
        if s.msg is not None:
            self.visit(s.msg)

    def visit_Import(self, s):
        for a in s.names:
            self.visit_alias(a)

    def visit_ImportFrom(self, s):
        for a in s.names:
            self.visit_alias(a)

    def visit_alias(self, a):
        name = a.asname if a.asname else a.name
        if not a.asname and "." in name:
            name = name[:name.index(".")]
        if name != "*":
            self.add_def(name, DEF_IMPORT, node_loc(a))
        elif self.cur.kind != MODULE:
            self.error(IMPORT_STAR_WARNING, node_loc(a))

    def visit_Global(self, s):
        loc = node_loc(s)
        for name in s.names:
            cur = self.lookup(name)
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT):
                if cur & DEF_PARAM:
                    msg = GLOBAL_PARAM
                elif cur & USE:
                    msg = GLOBAL_AFTER_USE
                elif cur & DEF_ANNOT:
                    msg = GLOBAL_ANNOT
                else:
                    msg = GLOBAL_AFTER_ASSIGN
                self.error(msg % name, loc)
            self.add_def(name, DEF_GLOBAL, loc)
            self.record_directive(name, loc)

    def visit_Nonlocal(self, s):
        loc = node_loc(s)
        for name in s.names:
            cur = self.lookup(name)
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT):
                if cur & DEF_PARAM:
                    msg = NONLOCAL_PARAM
                elif cur & USE:
                    msg = NONLOCAL_AFTER_USE
                elif cur & DEF_ANNOT:
                    msg = NONLOCAL_ANNOT
                else:
                    msg = NONLOCAL_AFTER_ASSIGN
                self.error(msg % name, loc)
            self.add_def(name, DEF_NONLOCAL, loc)
            self.record_directive(name, loc)

    def visit_Expr(self, s):
        self.visit(s.value)

    def visit_Pass(self, s):
        pass

    visit_Break = visit_Continue = visit_Pass

    def visit_With(self, s):
        for item in s.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self.visit(item.optional_vars)
        self.visit_seq(s.body)

    visit_AsyncWith = visit_With

    def visit_Match(self, s):
        self.visit(s.subject)
        for case in s.cases:
            self.visit(case.pattern)
            if case.guard is not None:
                self.visit(case.guard)
            self.visit_seq(case.body)

    # patterns (symtable_visit_pattern): captures are local definitions
    def visit_MatchValue(self, p):
        self.visit(p.value)

    def visit_MatchSingleton(self, p):
        pass

    def visit_MatchSequence(self, p):
        self.visit_seq(p.patterns)

    visit_MatchOr = visit_MatchSequence

    def visit_MatchStar(self, p):
        if p.name is not None:
            self.add_def(p.name, DEF_LOCAL, node_loc(p))

    def visit_MatchMapping(self, p):
        self.visit_seq(p.keys)
        self.visit_seq(p.patterns)
        if p.rest is not None:
            self.add_def(p.rest, DEF_LOCAL, node_loc(p))

    def visit_MatchClass(self, p):
        self.visit(p.cls)
        self.visit_seq(p.patterns)
        self.visit_seq(p.kwd_patterns)

    def visit_MatchAs(self, p):
        if p.pattern is not None:
            self.visit(p.pattern)
        if p.name is not None:
            self.add_def(p.name, DEF_LOCAL, node_loc(p))

    # expressions
    def visit_NamedExpr(self, e):
        if self.cur.comp_iter_expr > 0:
            self.error(NAMED_EXPR_COMP_ITER_EXPR, node_loc(e))
        if self.cur.comprehension:
            self.extend_namedexpr_scope(e.target)
        self.visit(e.value)
        self.visit(e.target)

    def extend_namedexpr_scope(self, target):
        name = target.id
        loc = node_loc(target)
        for ste in reversed(self.stack):
            if ste.comprehension:
                if ste.symbols.get(name, 0) & DEF_COMP_ITER:
                    self.error(NAMED_EXPR_COMP_CONFLICT % name, loc)
                continue
            if ste.kind == FUNCTION:
                if ste.symbols.get(name, 0) & DEF_GLOBAL:
                    self.add_def(name, DEF_GLOBAL, loc)
                else:
                    self.add_def(name, DEF_NONLOCAL, loc)
                self.record_directive(name, loc)
                self.add_def_helper(name, DEF_LOCAL, ste, loc)
                return
            if ste.kind == MODULE:
                self.add_def(name, DEF_GLOBAL, loc)
                self.record_directive(name, loc)
                self.add_def_helper(name, DEF_GLOBAL, ste, loc)
                return
            if ste.kind == CLASS:
                self.error(NAMED_EXPR_COMP_IN_CLASS, loc)
        raise AssertionError("unreachable")

    def visit_BoolOp(self, e):
        self.visit_seq(e.values)

    def visit_BinOp(self, e):
        self.visit(e.left)
        self.visit(e.right)

    def visit_UnaryOp(self, e):
        self.visit(e.operand)

    def visit_Lambda(self, e):
        self.visit_defaults(e.args)
        scope = self.enter_block("lambda", FUNCTION, e, node_loc(e))
        scope.is_lambda = True
        self.visit_arguments(e.args)
        self.visit(e.body)
        self.exit_block()

    def visit_IfExp(self, e):
        self.visit(e.test)
        self.visit(e.body)
        self.visit(e.orelse)

    def visit_Dict(self, e):
        self.visit_seq(e.keys)
        self.visit_seq(e.values)

    def visit_Set(self, e):
        self.visit_seq(e.elts)

    def visit_GeneratorExp(self, e):
        self.handle_comprehension(e, "genexpr", e.generators, e.elt, None)

    def visit_ListComp(self, e):
        self.handle_comprehension(e, "listcomp", e.generators, e.elt, None)

    def visit_SetComp(self, e):
        self.handle_comprehension(e, "setcomp", e.generators, e.elt, None)

    def visit_DictComp(self, e):
        self.handle_comprehension(e, "dictcomp", e.generators, e.key, e.value)

    def handle_comprehension(self, e, name, generators, elt, value):
        outermost = generators[0]
        self.cur.comp_iter_expr += 1
        self.visit(outermost.iter)
        self.cur.comp_iter_expr -= 1
        scope = self.enter_block(name, FUNCTION, e, node_loc(e))
        kind = type(e).__name__
        scope.comprehension = kind
        # an ``async for`` makes it asynchronous: a coroutine the enclosing code
        # awaits, or (a generator expression) an asynchronous generator
        scope.coroutine = any(getattr(gen, "is_async", 0) for gen in generators)
        self.add_def(".0", DEF_PARAM, node_loc(e))
        scope.comp_iter_target = True
        self.visit(outermost.target)
        scope.comp_iter_target = False
        self.visit_seq(outermost.ifs)
        for gen in generators[1:]:
            scope.comp_iter_target = True
            self.visit(gen.target)
            scope.comp_iter_target = False
            scope.comp_iter_expr += 1
            self.visit(gen.iter)
            scope.comp_iter_expr -= 1
            self.visit_seq(gen.ifs)
        if value is not None:
            self.visit(value)
        self.visit(elt)
        scope.generator = kind == "GeneratorExp"
        self.exit_block()
        if scope.coroutine and not scope.generator and self.cur.comprehension:
            self.cur.coroutine = True       # it awaits the inner one

    def visit_Await(self, e):
        self.visit(e.value)
        if self.cur.comprehension:
            self.cur.coroutine = True       # an asynchronous comprehension

    def _yield_check(self, e):
        self.cur.generator = True
        if self.cur.comprehension:
            self.error("'yield' inside %s" % COMP_KIND_NAMES[self.cur.comprehension], node_loc(e))

    def visit_Yield(self, e):
        if e.value is not None:
            self.visit(e.value)
        self._yield_check(e)

    def visit_YieldFrom(self, e):
        self.visit(e.value)
        self._yield_check(e)

    def visit_Compare(self, e):
        self.visit(e.left)
        self.visit_seq(e.comparators)

    def visit_Call(self, e):
        self.visit(e.func)
        self.visit_seq(e.args)
        for kw in e.keywords or ():
            self.visit(kw.value)

    def visit_FormattedValue(self, e):
        self.visit(e.value)
        if e.format_spec is not None:
            self.visit(e.format_spec)

    def visit_JoinedStr(self, e):
        self.visit_seq(e.values)

    def visit_Constant(self, e):
        pass

    def visit_Attribute(self, e):
        self.visit(e.value)

    def visit_Subscript(self, e):
        self.visit(e.value)
        self.visit(e.slice)

    def visit_Starred(self, e):
        self.visit(e.value)

    def visit_Slice(self, e):
        for part in (e.lower, e.upper, e.step):
            if part is not None:
                self.visit(part)

    def visit_Name(self, e):
        name = e.id
        ctx = type(e.ctx).__name__
        if name == "__debug__" and ctx == "Load":
            return          # folded to a constant, as CPython's AST optimizer does
        flag = USE if ctx == "Load" else DEF_LOCAL
        ste = self.cur
        if (self.private is None or not name.startswith("__")) and not ste.comp_iter_target:
            # (add_def_helper's work for a plain use or binding, inline: the commonest case)
            symbols = ste.symbols
            symbols[name] = symbols.get(name, 0) | flag
        else:
            self.add_def_helper(name, flag, ste, e)
        if ctx == "Load" and ste.kind == FUNCTION and name == "super":
            self.add_def("__class__", USE, e)

    def visit_List(self, e):
        self.visit_seq(e.elts)

    visit_Tuple = visit_List

    # arguments
    def visit_defaults(self, args):
        self.visit_seq(args.defaults)
        self.visit_seq(args.kw_defaults)

    def visit_annotations(self, args, returns):
        if self.skip_annotations:
            return
        for group in (args.posonlyargs, args.args, args.kwonlyargs):
            for a in group or ():
                if a.annotation is not None:
                    self.visit(a.annotation)
        for a in (args.vararg, args.kwarg):
            if a is not None and a.annotation is not None:
                self.visit(a.annotation)
        if returns is not None:
            self.visit(returns)

    def visit_arguments(self, args):
        for a in list(args.posonlyargs or ()) + list(args.args or ()) + list(args.kwonlyargs or ()):
            self.add_def(a.arg, DEF_PARAM, node_loc(a))
        if args.vararg is not None:
            self.add_def(args.vararg.arg, DEF_PARAM, node_loc(args.vararg))
            self.cur.varargs = True
        if args.kwarg is not None:
            self.add_def(args.kwarg.arg, DEF_PARAM, node_loc(args.kwarg))
            self.cur.varkeywords = True

    # -- analysis (symtable.c: analyze_block and friends) -------------------------
    def analyze(self):
        self.analyze_block(self.top, None, set(), set())

    def analyze_name(self, ste, scopes, name, flags, bound, local, free, glob):
        if flags & DEF_GLOBAL:
            if flags & DEF_NONLOCAL:
                self.error("name '%s' is nonlocal and global" % name, ste.directives[name])
            scopes[name] = GLOBAL_EXPLICIT
            glob.add(name)
            if bound is not None:
                bound.discard(name)
            return
        if flags & DEF_NONLOCAL:
            if bound is None:
                self.error("nonlocal declaration not allowed at module level",
                           ste.directives[name])
            if name not in bound:
                self.error("no binding for nonlocal '%s' found" % name, ste.directives[name])
            scopes[name] = FREE
            ste.free = True
            free.add(name)
            return
        if flags & DEF_BOUND:
            scopes[name] = LOCAL
            local.add(name)
            glob.discard(name)
            return
        if bound is not None and name in bound:
            scopes[name] = FREE
            ste.free = True
            free.add(name)
            return
        if glob is not None and name in glob:
            scopes[name] = GLOBAL_IMPLICIT
            return
        if ste.nested:
            ste.free = True
        scopes[name] = GLOBAL_IMPLICIT

    def analyze_block(self, ste, bound, free, glob):
        local = set()
        scopes = {}
        newglobal = set()
        newfree = set()
        newbound = set()
        if ste.kind == CLASS:
            newglobal |= glob
            if bound is not None:
                newbound |= bound
        for name, flags in list(ste.symbols.items()):
            self.analyze_name(ste, scopes, name, flags, bound, local, free, glob)
        if ste.kind != CLASS:
            if ste.kind == FUNCTION:
                newbound |= local
            if bound is not None:
                newbound |= bound
            newglobal |= glob
        else:
            newbound.add("__class__")
        allfree = set()
        for child in ste.children:
            child_free = set()
            self.analyze_block(child, set(newbound), child_free, set(newglobal))
            allfree |= child_free
            if child.free or child.child_free:
                ste.child_free = True
        newfree |= allfree
        if ste.kind == FUNCTION:
            for name, sc in scopes.items():
                if sc == LOCAL and name in newfree:
                    scopes[name] = CELL
                    newfree.discard(name)
        elif ste.kind == CLASS:
            if "__class__" in newfree:
                newfree.discard("__class__")
                ste.needs_class_closure = True
        self.update_symbols(ste, scopes, bound, newfree, ste.kind == CLASS)
        free |= newfree

    def update_symbols(self, ste, scopes, bound, free, classflag):
        symbols = ste.symbols
        for name in list(symbols):
            symbols[name] |= scopes[name] << SCOPE_OFFSET
        for name in sorted(free):
            v = symbols.get(name)
            if v is not None:
                if classflag and v & (DEF_BOUND | DEF_GLOBAL):
                    symbols[name] = v | DEF_FREE_CLASS
                continue
            if bound is not None and name not in bound:
                continue
            symbols[name] = FREE << SCOPE_OFFSET


def source_line(source, lineno):
    """Physical line ``lineno`` (1-based) of ``source`` as the tokenizer counts
    lines, or None (no source, or no such line).  (Only errors need it: the
    source is not split up front.)"""
    if source is None or not lineno:
        return None
    lines = re.split(r"\r\n|\r|\n", source)
    return lines[lineno - 1] if 1 <= lineno <= len(lines) else None


def build_symtable(tree, filename="<string>", source=None):
    """Run the scope analysis over a Module/Interactive/Expression tree."""
    return _Builder(filename, source).build(tree)
