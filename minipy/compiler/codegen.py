"""Code generation: AST + symbol table -> CodeObjects.

Modelled on CPython 3.11's ``Python/compile.c`` (one ``visit_<Node>`` method
per AST class, the same evaluation order, the same shapes for calls,
comprehensions, unpacking, with/try and the unwinding of ``break``,
``continue`` and ``return``), adapted to minipy's instruction table
(``minipy/bytecode/opcodes.py``), whose exception handling uses a per-frame
block stack.  Nodes are only read through ``type(node).__name__`` and their
field names, so host ``ast`` nodes and minipy's parser nodes both work.
"""

import gc
import operator
import sys

from ..bytecode import opcodes
from ..bytecode.code import CodeObject
from ..errors import MiniSyntaxError, InternalError
from . import symtable as st
from .assembler import Label, assemble
from ..syntax.nodes import _Located, Load as _Load

STACK_USE_GUIDELINE = 30

# fblock kinds (CPython's fblocktype)
WHILE_LOOP = "while"
FOR_LOOP = "for"
TRY_EXCEPT = "try_except"
FINALLY_TRY = "finally_try"
FINALLY_END = "finally_end"
WITH = "with"
ASYNC_WITH = "async_with"
HANDLER_CLEANUP = "handler_cleanup"
EXCEPTION_HANDLER = "exception_handler"
EXCEPTION_GROUP_HANDLER = "exception_group_handler"
POP_VALUE = "pop_value"

_NOT_CONST = object()
_OPCODE = opcodes.OPCODE
# name operations by kind and context (CPython's compiler_nameop)
_DEREF_OPS = {"Load": _OPCODE["LOAD_DEREF"], "Store": _OPCODE["STORE_DEREF"],
              "Del": _OPCODE["DELETE_DEREF"]}
_FAST_OPS = {"Load": _OPCODE["LOAD_FAST"], "Store": _OPCODE["STORE_FAST"],
             "Del": _OPCODE["DELETE_FAST"]}
_GLOBAL_OPS = {"Load": _OPCODE["LOAD_GLOBAL"], "Store": _OPCODE["STORE_GLOBAL"],
               "Del": _OPCODE["DELETE_GLOBAL"]}
_NAME_OPS = {"Load": _OPCODE["LOAD_NAME"], "Store": _OPCODE["STORE_NAME"],
             "Del": _OPCODE["DELETE_NAME"]}
_RETURN_VALUE = _OPCODE["RETURN_VALUE"]
_LOAD_CONST = _OPCODE["LOAD_CONST"]

_UNARY_OPS = {
    "Invert": "UNARY_INVERT",
    "Not": "UNARY_NOT",
    "UAdd": "UNARY_POSITIVE",
    "USub": "UNARY_NEGATIVE",
}

_CONVERSIONS = {-1: opcodes.FVC_NONE, None: opcodes.FVC_NONE, 115: opcodes.FVC_STR,
                114: opcodes.FVC_REPR, 97: opcodes.FVC_ASCII,
                "s": opcodes.FVC_STR, "r": opcodes.FVC_REPR, "a": opcodes.FVC_ASCII}


def _kind(node):
    return type(node).__name__


# infer_type's answers for displays (constants: the value's type)
_DISPLAY_TYPES = {"Tuple": "tuple", "List": "list", "ListComp": "list", "Dict": "dict",
                  "DictComp": "dict", "Set": "set", "SetComp": "set",
                  "GeneratorExp": "generator", "Lambda": "function", "JoinedStr": "str",
                  "FormattedValue": "str"}
_CONST_TYPE_NAMES = {int: "int", bool: "bool", float: "float", complex: "complex",
                     str: "str", bytes: "bytes", tuple: "tuple", frozenset: "frozenset",
                     type(None): "NoneType", type(Ellipsis): "ellipsis"}
_NOT_CALLABLE_KINDS = frozenset(["Constant", "Tuple", "List", "ListComp", "Dict", "DictComp",
                                 "Set", "SetComp", "GeneratorExp", "JoinedStr",
                                 "FormattedValue"])


def _is_literal(v):
    """Is the folded value *v* a literal ``is`` should not be used with?"""
    return v is not _NOT_CONST and not (v is None or v is True or v is False or v is Ellipsis)


def _has_starred(exprs):
    """Is one of *exprs* a ``*x``?  (By class name, like ``_kind``: the
    compiler also takes the host's ``ast`` trees.)"""
    for x in exprs:
        if type(x).__name__ == "Starred":
            return True
    return False


def _has_double_star(keywords):
    """Is one of the call's *keywords* a ``**x``?"""
    for k in keywords:
        if k.arg is None:
            return True
    return False


def _ctx(node):
    return type(node.ctx).__name__


def _loc(node):
    """(lineno, end_lineno, col_offset, end_col_offset) as stored in co_positions."""
    if isinstance(node, _Located):
        lineno = node.lineno
        end_lineno = node.end_lineno
        col = node.col_offset
        end_col = node.end_col_offset
        if lineno and col is not None and end_lineno is not None and end_col is not None:
            return (lineno, end_lineno, col, end_col)
    lineno, col, end_lineno, end_col = st.node_loc(node)
    return (lineno, end_lineno, col, end_col)


_VISITORS = {}      # node class -> CodeGen.visit_<name> (unbound), filled as met


def _visitor(cls, what):
    meth = getattr(CodeGen, "visit_" + cls.__name__, None)
    if meth is not None:
        _VISITORS[cls] = meth
    return meth


def const_key(value):
    """A key under which equal constants of the same type are merged."""
    t = type(value)
    if t is float or t is complex:
        return (t, repr(value))
    if t is tuple:
        return (t, tuple(const_key(v) for v in value))
    if t is frozenset:
        return (t, frozenset(const_key(v) for v in value))
    if t is CodeObject:
        return (t, id(value))
    return (t, value)


# --------------------------------------------------------------------------------
# Constant folding (CPython's Python/ast_opt.c, with the same size limits)
# --------------------------------------------------------------------------------

MAX_INT_SIZE = 128
MAX_COLLECTION_SIZE = 256
MAX_STR_SIZE = 4096
MAX_TOTAL_ITEMS = 1024


def _check_complexity(obj, limit):
    if isinstance(obj, tuple):
        limit -= len(obj)
        for item in obj:
            if limit < 0:
                break
            limit = _check_complexity(item, limit)
    elif isinstance(obj, frozenset):
        limit -= len(obj)
        for item in obj:
            if limit < 0:
                break
            limit = _check_complexity(item, limit)
    return limit


def _is_int(v):
    return type(v) is int or type(v) is bool


def _safe_multiply(v, w):
    if _is_int(v) and _is_int(w) and v and w:
        if abs(v).bit_length() + abs(w).bit_length() > MAX_INT_SIZE:
            return _NOT_CONST
    elif _is_int(v) and isinstance(w, (tuple, frozenset)):
        size = len(w)
        if size:
            if v < 0 or v > MAX_COLLECTION_SIZE // size:
                return _NOT_CONST
            if v and _check_complexity(w, MAX_TOTAL_ITEMS // v) < 0:
                return _NOT_CONST
    elif _is_int(v) and isinstance(w, (str, bytes)):
        size = len(w)
        if size:
            if v < 0 or v > MAX_STR_SIZE // size:
                return _NOT_CONST
    elif _is_int(w) and isinstance(v, (tuple, frozenset, str, bytes)):
        return _safe_multiply(w, v)
    return v * w


def _safe_power(v, w):
    if _is_int(v) and _is_int(w) and v and w > 0:
        vbits = abs(v).bit_length()
        if vbits > MAX_INT_SIZE // w:
            return _NOT_CONST
    return v ** w


def _safe_lshift(v, w):
    if _is_int(v) and _is_int(w) and v and w:
        vbits = abs(v).bit_length()
        if w < 0:
            return v << w      # raises ValueError: not folded
        if w > MAX_INT_SIZE or vbits > MAX_INT_SIZE - w:
            return _NOT_CONST
    return v << w


def _safe_mod(v, w):
    if isinstance(v, (str, bytes)):
        return _NOT_CONST
    return v % w


_FOLD_BINOPS = {
    "Add": operator.add, "Sub": operator.sub, "Mult": _safe_multiply,
    "Div": operator.truediv, "FloorDiv": operator.floordiv, "Mod": _safe_mod,
    "Pow": _safe_power, "LShift": _safe_lshift, "RShift": operator.rshift,
    "BitOr": operator.or_, "BitXor": operator.xor, "BitAnd": operator.and_,
}

_FOLD_UNARY = {
    "Invert": operator.invert, "Not": operator.not_, "UAdd": operator.pos,
    "USub": operator.neg,
}

_CONST_TYPES = (type(None), bool, int, float, complex, str, bytes, type(Ellipsis),
                tuple, frozenset)


def _valid_const(v):
    if isinstance(v, (tuple, frozenset)):
        return all(_valid_const(x) for x in v)
    # minipy has no bytes objects: such results are left to run time
    return type(v) in _CONST_TYPES and type(v) is not bytes


def _parse_literal(fmt, pos):
    start = pos
    size = len(fmt)
    has_percents = False
    while pos < size:
        if fmt[pos] != "%":
            pos += 1
        elif pos + 1 < size and fmt[pos + 1] == "%":
            has_percents = True
            pos += 2
        else:
            break
    if pos == start:
        return None, pos
    text = fmt[start:pos]
    if has_percents:
        text = text.replace("%%", "%")
    return text, pos


_MAXDIGITS = 3


def _parse_format_spec(fmt, pos):
    """CPython's simple_format_arg_parse: (spec, ljust, width, prec, pos) or None."""
    n = len(fmt)
    ljust = False
    width = prec = -1
    if pos >= n:
        return None
    ch = fmt[pos]
    pos += 1
    while ch in "-+ #0":
        if ch == "-":
            ljust = True
        if pos >= n:
            return None
        ch = fmt[pos]
        pos += 1
    if "0" <= ch <= "9":
        width = 0
        digits = 0
        while "0" <= ch <= "9":
            width = width * 10 + int(ch)
            if pos >= n:
                return None
            ch = fmt[pos]
            pos += 1
            digits += 1
            if digits >= _MAXDIGITS:
                return None
    if ch == ".":
        if pos >= n:
            return None
        ch = fmt[pos]
        pos += 1
        prec = 0
        digits = 0
        while "0" <= ch <= "9":
            prec = prec * 10 + int(ch)
            if pos >= n:
                return None
            ch = fmt[pos]
            pos += 1
            digits += 1
            if digits >= _MAXDIGITS:
                return None
    return ch, ljust, width, prec, pos


def _optimize_format(fmt, elts):
    """Split '%s %r' % (a, b) into f-string parts, or None when CPython would not."""
    parts = []
    pos = 0
    cnt = 0
    while True:
        lit, pos = _parse_literal(fmt, pos)
        if lit is not None:
            parts.append(("lit", lit))
        if pos >= len(fmt):
            break
        if cnt >= len(elts):
            return None
        pos += 1            # the '%'
        parsed = _parse_format_spec(fmt, pos)
        if parsed is None:
            return None
        ch, ljust, width, prec, pos = parsed
        if ch not in "sra":
            return None
        spec = ""
        if not ljust and width > 0:
            spec += ">"
        if width >= 0:
            spec += str(width)
        if prec >= 0:
            spec += "." + str(prec)
        parts.append(("fmt", elts[cnt], ch, spec or None))
        cnt += 1
    if cnt < len(elts):
        return None
    return parts


# --------------------------------------------------------------------------------
# Compilation units
# --------------------------------------------------------------------------------

class FBlock:
    __slots__ = ("kind", "start", "exit", "datum")

    def __init__(self, kind, start=None, exit=None, datum=None):
        self.kind = kind
        self.start = start
        self.exit = exit
        self.datum = datum


class Unit:
    """The state of one code object under construction (CPython's compiler_unit)."""

    def __init__(self, scope, kind, name, qualname, private, firstlineno, filename):
        self.scope = scope
        self.kind = kind          # "module", "function", "lambda", "class", "comprehension"
        self.name = name
        self.qualname = qualname
        self.private = private
        self.firstlineno = firstlineno
        self.filename = filename
        # the instructions: three parallel lists (see assembler)
        self.ops = []
        self.args = []
        self.locs = []
        self.consts = []
        self.const_index = {}
        self.names = []
        self.name_index = {}
        self.load_ops = {}        # name -> (opcode, operand) of a load, once worked out
        self.varnames = list(scope.varnames)
        self.varname_index = {n: i for i, n in enumerate(self.varnames)}
        self.fblocks = []
        self.labelled = -1        # where the last label was placed
        self.loc = (firstlineno, firstlineno, 0, 0)
        self.argcount = 0
        self.posonlyargcount = 0
        self.kwonlyargcount = 0
        self.doc = None
        # cell and free variables, in CPython 3.11's order
        cells = []
        frees = []
        for n, f in scope.symbols.items():
            sc = (f >> st.SCOPE_OFFSET) & 7
            if sc == st.FREE or f & st.DEF_FREE_CLASS:
                frees.append(n)
            if sc == st.CELL:
                cells.append(n)
        if scope.kind == st.CLASS:
            self.cellvars = ["__class__"] if scope.needs_class_closure else []
        elif cells:
            # parameters first, in their order, then the others sorted
            cells = set(cells)
            self.cellvars = [n for n in self.varnames if n in cells] + \
                sorted(n for n in cells if n not in self.varname_index)
        else:
            self.cellvars = []
        frees.sort()
        self.freevars = frees
        self.cell_index = {n: i for i, n in enumerate(self.cellvars)}
        self.free_index = {n: i + len(self.cellvars) for i, n in enumerate(frees)}

    def add_const(self, value):
        key = const_key(value)
        i = self.const_index.get(key)
        if i is None:
            i = len(self.consts)
            self.consts.append(value)
            self.const_index[key] = i
        return i

    def add_name(self, name):
        i = self.name_index.get(name)
        if i is None:
            i = len(self.names)
            self.names.append(name)
            self.name_index[name] = i
        return i

    def add_varname(self, name):
        i = self.varname_index.get(name)
        if i is None:
            i = len(self.varnames)
            self.varnames.append(name)
            self.varname_index[name] = i
        return i


# --------------------------------------------------------------------------------
# The code generator
# --------------------------------------------------------------------------------

class _PatternContext:
    """The state of compiling one pattern (CPython's pattern_context): the
    names captured so far (their values wait on the stack, the first one
    captured on top of them), whether an irrefutable pattern is allowed, the
    labels that pop n items and fail (fail_pop[n]), and the number of items
    above the captures that must stay there."""
    __slots__ = ("stores", "allow_irrefutable", "fail_pop", "on_top")

    def __init__(self, allow_irrefutable):
        self.stores = []
        self.allow_irrefutable = allow_irrefutable
        self.fail_pop = []
        self.on_top = 0


def _is_wildcard(p):
    return _kind(p) == "MatchAs" and p.pattern is None and p.name is None


class CodeGen:
    def __init__(self, symtab, filename, source, interactive=False, optimize=0):
        self.symtab = symtab
        self.filename = filename
        self.source = source
        self.interactive = interactive
        # -O (1): asserts dropped, __debug__ False; -OO (2): docstrings dropped too
        self.optimize = optimize
        self.debug = not optimize       # the value of __debug__
        self.u = None
        self.stack = []
        self._consts = {}
        self.future = frozenset()       # features named by the module's __future__ imports
        self._future_stmts = ()         # those (leading) import statements
        self.warnings = []              # SyntaxWarnings: (message, location...)

    # -- errors --------------------------------------------------------------------
    def error(self, msg, loc=None):
        if loc is None:
            loc = self.u.loc
        lineno, end_lineno, col, end_col = loc
        text = st.source_line(self.source, lineno)
        raise MiniSyntaxError(msg, self.filename, lineno, (col or 0) + 1, text,
                              end_lineno, (end_col or 0) + 1)

    def warn(self, msg):
        """A SyntaxWarning at the current location (CPython's compiler_warn):
        (message, lineno, end_lineno, col, end_col)."""
        self.warnings.append((msg,) + tuple(self.u.loc))

    # CPython's checks for code that cannot work, which it compiles with a
    # SyntaxWarning ("perhaps you missed a comma?"); the types are inferred
    # from displays and (folded) constants, as its infer_type does
    def infer_type(self, e):
        k = type(e).__name__
        name = _DISPLAY_TYPES.get(k)
        if name is None:
            v = self.const_value(e)
            if v is not _NOT_CONST:
                name = _CONST_TYPE_NAMES.get(type(v))
        return name

    def check_caller(self, func):
        if type(func).__name__ in _NOT_CALLABLE_KINDS or self.const_value(func) is not _NOT_CONST:
            self.warn("'%s' object is not callable; perhaps you missed a comma?"
                      % self.infer_type(func))

    def check_subscripter(self, value):
        v = self.const_value(value)
        if v is not _NOT_CONST:
            if not (v is None or v is Ellipsis or type(v) in (int, bool, float, complex,
                                                              frozenset)):
                return
        elif type(value).__name__ not in ("Set", "SetComp", "GeneratorExp", "Lambda"):
            return
        self.warn("'%s' object is not subscriptable; perhaps you missed a comma?"
                  % self.infer_type(value))

    def check_index(self, value, index):
        index_type = self.infer_type(index)
        if index_type is None or index_type in ("int", "bool"):
            return
        v = self.const_value(value)
        if v is not _NOT_CONST:
            if type(v) not in (str, bytes, tuple):
                return
        elif type(value).__name__ not in ("List", "ListComp", "JoinedStr", "FormattedValue",
                                          "Tuple"):
            return
        self.warn("%s indices must be integers or slices, not %s; perhaps you missed a comma?"
                  % (self.infer_type(value), index_type))

    def check_compare(self, e):
        left = self.const_value(e.left)
        for op, right_node in zip(e.ops, e.comparators):
            right = self.const_value(right_node)
            if type(op).__name__ in ("Is", "IsNot") and (_is_literal(left) or _is_literal(right)):
                self.warn('"is" with a literal. Did you mean "=="?' if type(op).__name__ == "Is"
                          else '"is not" with a literal. Did you mean "!="?')
                return
            left = right

    # -- emission ------------------------------------------------------------------
    def emit(self, opname, arg=0):
        u = self.u
        u.ops.append(_OPCODE[opname])
        u.args.append(arg)
        u.locs.append(u.loc)

    def label(self, lab):
        u = self.u
        lab.index = u.labelled = len(u.ops)

    def load_const(self, value):
        u = self.u
        u.ops.append(_LOAD_CONST)
        u.args.append(u.add_const(value))
        u.locs.append(u.loc)

    def emit_name(self, opname, name):
        # CPython's ADDOP_NAME mangles every name operand (attributes, imports...)
        self.emit(opname, self.u.add_name(self.mangle(name)))

    def mangle(self, name):
        return st.mangle(self.u.private, name)

    # -- scopes ----------------------------------------------------------------------
    def enter_scope(self, name, kind, node, firstlineno):
        scope = self.symtab.lookup(node)
        parent = self.u
        private = parent.private if parent is not None else None
        qualname = name
        if parent is not None and parent.kind != "module":
            force_global = False
            if kind in ("function", "class"):
                mangled = st.mangle(parent.private, name)
                if parent.scope.scope_of(mangled) == st.GLOBAL_EXPLICIT:
                    force_global = True
            if not force_global:
                if parent.kind in ("function", "lambda"):
                    qualname = parent.qualname + ".<locals>." + name
                else:
                    qualname = parent.qualname + "." + name
        u = Unit(scope, kind, name, qualname, private, firstlineno, self.filename)
        if parent is not None:
            self.stack.append(parent)
        self.u = u
        return u

    def exit_scope(self):
        self.u = self.stack.pop() if self.stack else None

    def make_code(self, add_return=True):
        u = self.u
        # (not after a final return nothing jumps past: it would be unreachable,
        # and dropping it here spares the assembler its compaction pass)
        if add_return and not (u.ops and u.ops[-1] == _RETURN_VALUE and u.labelled != len(u.ops)):
            self.load_const(None)
            self.emit("RETURN_VALUE")
        scope = u.scope
        code = CodeObject(u.name, u.qualname, u.filename, u.firstlineno)
        code.co_argcount = u.argcount
        code.co_posonlyargcount = u.posonlyargcount
        code.co_kwonlyargcount = u.kwonlyargcount
        flags = 0
        if scope.kind == st.FUNCTION:
            flags |= opcodes.CO_OPTIMIZED | opcodes.CO_NEWLOCALS
            if scope.nested:
                flags |= opcodes.CO_NESTED
            if scope.coroutine and scope.generator:
                flags |= opcodes.CO_ASYNC_GENERATOR
            elif scope.coroutine:
                flags |= opcodes.CO_COROUTINE
            elif scope.generator:
                flags |= opcodes.CO_GENERATOR
            if scope.varargs:
                flags |= opcodes.CO_VARARGS
            if scope.varkeywords:
                flags |= opcodes.CO_VARKEYWORDS
        code.co_flags = flags
        code.co_varnames = tuple(u.varnames)
        code.co_cellvars = tuple(u.cellvars)
        code.co_freevars = tuple(u.freevars)
        nargs = u.argcount + u.kwonlyargcount + bool(flags & opcodes.CO_VARARGS) + \
            bool(flags & opcodes.CO_VARKEYWORDS)
        if u.cellvars:
            code.co_cell2arg = tuple((i, u.varname_index[n]) for i, n in enumerate(u.cellvars)
                                     if n in u.varname_index and u.varname_index[n] < nargs)
        code.co_doc = u.doc
        assemble(u.ops, u.args, u.locs, code)
        # names and constants may grow during assembly? (they do not) -- set last
        code.co_names = tuple(u.names)
        code.co_consts = tuple(u.consts)
        return code

    # -- locations -------------------------------------------------------------------
    def set_loc(self, node):
        self.u.loc = _loc(node)

    def update_start_location_to_match_attr(self, attr):
        lineno, end_lineno, col, end_col = self.u.loc
        if lineno != attr.end_lineno and attr.end_lineno is not None:
            lineno = attr.end_lineno
            n = len(attr.attr)
            if n <= attr.end_col_offset:
                col = attr.end_col_offset - n
            else:
                col = end_col = None
            end_lineno = max(lineno, end_lineno)
            if lineno == end_lineno and col is not None and end_col is not None:
                end_col = max(col, end_col)
            self.u.loc = (lineno, end_lineno, col, end_col)

    # -- entry points --------------------------------------------------------------------
    def compile_module(self, tree):
        kind = _kind(tree)
        self.enter_scope("<module>", "module", tree, 1)
        if kind == "Module":
            self.scan_future(tree.body)
            self.body_with_docstring(tree.body)
            code = self.make_code()
        elif kind == "Interactive":
            if self.find_ann(tree.body):
                self.emit("SETUP_ANNOTATIONS")
            self.visit_stmts(tree.body)
            code = self.make_code()
        elif kind == "Expression":
            self.visit(tree.body)
            self.emit("RETURN_VALUE")
            code = self.make_code(add_return=False)
        else:
            raise InternalError("cannot compile a %s" % kind)
        self.exit_scope()
        code.co_warnings = tuple(self.warnings)
        return code

    def scan_future(self, body):
        """The ``from __future__ import`` statements that open a module (after
        its docstring) switch features on for the whole module (future.c)."""
        feats = set()
        stmts = st.leading_future_imports(body)
        for st_ in stmts:
            where = (st_.lineno, st_.lineno, 0, -1)     # future.c: the line, column 1
            for alias in st_.names:
                if alias.name == "braces":
                    self.error("not a chance", where)
                if alias.name not in _FUTURE_FEATURES:
                    self.error("future feature %s is not defined" % alias.name, where)
                feats.add(alias.name)
        self.future = frozenset(feats)
        self._future_stmts = tuple(stmts)

    def body_with_docstring(self, stmts):
        """compiler_body: SETUP_ANNOTATIONS, the docstring as __doc__, the statements."""
        if stmts:
            self.set_loc(stmts[0])
        if self.find_ann(stmts):
            self.emit("SETUP_ANNOTATIONS")
        if not stmts:
            return
        i = 0
        doc = self.get_docstring(stmts) if self.optimize < 2 else None
        if doc is not None:
            i = 1
            self.set_loc(stmts[0])
            self.visit(stmts[0].value)
            self.store_name("__doc__")
        self.visit_stmts(stmts[i:])

    @staticmethod
    def get_docstring(body):
        if body and _kind(body[0]) == "Expr":
            v = body[0].value
            if _kind(v) == "Constant" and isinstance(v.value, str):
                return v.value
        return None

    def find_ann(self, stmts):
        for s in stmts or ():
            k = _kind(s)
            if k == "AnnAssign":
                return True
            if k in ("For", "While", "If"):
                if self.find_ann(s.body) or self.find_ann(s.orelse):
                    return True
            elif k == "With":
                if self.find_ann(s.body):
                    return True
            elif k == "Match":
                for case in s.cases:
                    if self.find_ann(case.body):
                        return True
            elif k == "Try":
                for h in s.handlers or ():
                    if self.find_ann(h.body):
                        return True
                if self.find_ann(s.body) or self.find_ann(s.finalbody) or \
                        self.find_ann(s.orelse):
                    return True
        return False

    # -- visiting -------------------------------------------------------------------------
    def visit_stmts(self, stmts):
        visit_stmt = self.visit_stmt
        for s in stmts or ():
            visit_stmt(s)

    def visit_stmt(self, s):
        self.u.loc = _loc(s)
        meth = _VISITORS.get(type(s))
        if meth is None:
            meth = _visitor(type(s), "statement")
            if meth is None:
                self.error("unsupported statement: %s" % _kind(s))
        meth(self, s)

    def visit(self, e):
        """Compile an expression (its instructions carry its position)."""
        u = self.u
        saved = u.loc
        loc = (e.lineno, e.end_lineno, e.col_offset, e.end_col_offset)
        u.loc = loc if loc[0] and None not in loc else _loc(e)
        meth = _VISITORS.get(type(e))
        if meth is None:
            meth = _visitor(type(e), "expression")
            if meth is None:
                self.error("unsupported expression: %s" % _kind(e))
        meth(self, e)
        self.u.loc = saved

    # -- names -----------------------------------------------------------------------------
    def nameop(self, name, ctx):
        u = self.u
        if name == "__debug__":
            if ctx == "Load":
                self.load_const(self.debug)
                return
            self.error("cannot assign to __debug__" if ctx == "Store"
                       else "cannot delete __debug__")
        source_name = name
        if u.private is not None and name.startswith("__"):
            name = st.mangle(u.private, name)
        scope_kind = u.scope.kind
        scope = (u.scope.symbols.get(name, 0) >> st.SCOPE_OFFSET) & 7
        if scope == st.FREE or scope == st.CELL:
            index = u.free_index[name] if scope == st.FREE else u.cell_index[name]
            if ctx == "Load" and scope_kind == st.CLASS:
                op = _OPCODE["LOAD_CLASSDEREF"]
            else:
                op = _DEREF_OPS[ctx]
        elif scope_kind == st.FUNCTION and scope == st.LOCAL:
            op = _FAST_OPS[ctx]
            index = u.varname_index.get(name)
            if index is None:
                index = u.add_varname(name)
        else:
            if scope == st.GLOBAL_EXPLICIT or (scope == st.GLOBAL_IMPLICIT
                                               and scope_kind == st.FUNCTION):
                op = _GLOBAL_OPS[ctx]
            else:
                op = _NAME_OPS[ctx]
            index = u.name_index.get(name)
            if index is None:
                index = u.add_name(name)
        u.ops.append(op)
        u.args.append(index)
        u.locs.append(u.loc)
        if ctx == "Load":
            # (the same for every load of the name in this code object)
            u.load_ops[source_name] = (op, index)

    def store_name(self, name):
        self.nameop(name, "Store")

    # -- constant folding ----------------------------------------------------------------------
    def const_value(self, e):
        """The folded constant value of expression e, or _NOT_CONST."""
        k = type(e).__name__
        if k == "Constant":
            return e.value
        if k == "Name":     # (the two commonest: no folding, no cache entry)
            if e.id == "__debug__" and type(e.ctx).__name__ == "Load":
                return self.debug
            return _NOT_CONST
        key = id(e)
        cached = self._consts.get(key)
        if cached is not None and cached[0] is e:
            return cached[1]
        value = self._fold(e)
        self._consts[key] = (e, value)
        return value

    def _fold(self, e):
        k = _kind(e)
        if k == "Constant":
            return e.value
        if k == "Name":
            if e.id == "__debug__" and _ctx(e) == "Load":
                return self.debug
            return _NOT_CONST
        if k == "Tuple":
            if _ctx(e) != "Load":
                return _NOT_CONST
            values = []
            for elt in e.elts:
                if _kind(elt) == "Starred":
                    return _NOT_CONST
                v = self.const_value(elt)
                if v is _NOT_CONST:
                    return _NOT_CONST
                values.append(v)
            return tuple(values)
        if k == "UnaryOp":
            v = self.const_value(e.operand)
            if v is _NOT_CONST:
                return _NOT_CONST
            try:
                r = _FOLD_UNARY[_kind(e.op)](v)
            except Exception:
                return _NOT_CONST
            return r if _valid_const(r) else _NOT_CONST
        if k == "BinOp":
            fn = _FOLD_BINOPS.get(_kind(e.op))
            if fn is None:
                return _NOT_CONST
            left = self.const_value(e.left)
            if left is _NOT_CONST:
                return _NOT_CONST
            right = self.const_value(e.right)
            if right is _NOT_CONST:
                return _NOT_CONST
            try:
                r = fn(left, right)
            except Exception:
                return _NOT_CONST
            return r if r is not _NOT_CONST and _valid_const(r) else _NOT_CONST
        if k == "Subscript":
            if _ctx(e) != "Load" or _kind(e.slice) == "Slice":
                return _NOT_CONST
            v = self.const_value(e.value)
            if v is _NOT_CONST:
                return _NOT_CONST
            i = self.const_value(e.slice)
            if i is _NOT_CONST:
                return _NOT_CONST
            try:
                r = v[i]
            except Exception:
                return _NOT_CONST
            return r if _valid_const(r) else _NOT_CONST
        return _NOT_CONST

    # ======================================================================================
    # Statements
    # ======================================================================================

    def visit_FunctionDef(self, s):
        self.set_loc(s)
        decorators = list(s.decorator_list or ())
        for d in decorators:
            saved = self.u.loc
            self.set_loc(d)
            self.emit("PUSH_NULL")
            self.u.loc = saved
            self.visit(d)
        firstlineno = decorators[0].lineno if decorators else s.lineno
        flags = self.default_arguments(s.args)
        flags |= self.annotations(s.args, s.returns)
        code = self.compile_function_body(s, s.name, "function", firstlineno)
        self.make_closure(code, flags)
        self.apply_decorators(decorators)
        self.set_loc(s)
        self.store_name(s.name)

    def visit_AsyncFunctionDef(self, s):
        self.visit_FunctionDef(s)       # (its scope says it is a coroutine)

    def apply_decorators(self, decorators):
        saved = self.u.loc
        for d in reversed(decorators):
            self.set_loc(d)
            self.emit("CALL", 1)
        self.u.loc = saved

    def check_debug_args(self, args):
        for group in (args.posonlyargs, args.args, args.kwonlyargs, (args.vararg, args.kwarg)):
            for a in group or ():
                if a is not None and a.arg == "__debug__":
                    self.error("cannot assign to __debug__")

    def default_arguments(self, args):
        self.check_debug_args(args)
        flags = 0
        defaults = list(args.defaults or ())
        if defaults:
            values = [self.const_value(d) for d in defaults]
            if all(v is not _NOT_CONST for v in values):
                self.load_const(tuple(values))
            else:
                for d in defaults:
                    self.visit(d)
                self.emit("BUILD_TUPLE", len(defaults))
            flags |= opcodes.MF_DEFAULTS
        n = 0
        for a, d in zip(args.kwonlyargs or (), args.kw_defaults or ()):
            if d is not None:
                self.load_const(self.mangle(a.arg))
                self.visit(d)
                n += 1
        if n:
            self.emit("BUILD_MAP", n)
            flags |= opcodes.MF_KWDEFAULTS
        return flags

    def annotations(self, args, returns):
        """compiler_visit_annotations: push (name, value) pairs of the annotations
        in CPython's order (args, positional-only, *args, keyword-only, **kwargs,
        return) as one tuple; the MAKE_FUNCTION flag, or 0 if there are none."""
        pairs = None
        for group in (args.args, args.posonlyargs, (args.vararg,), args.kwonlyargs,
                      (args.kwarg,)):
            for a in group or ():
                if a is not None and a.annotation is not None:
                    if pairs is None:
                        pairs = []
                    pairs.append((a.arg, a.annotation))
        if returns is not None:
            if pairs is None:
                pairs = []
            pairs.append(("return", returns))
        if pairs is None:
            return 0
        n = 0
        for name, ann in pairs:
            self.load_const(self.mangle(name))
            if "annotations" in self.future:
                self.load_const(unparse(ann))
            else:
                self.visit(ann)
            n += 2
        if not n:
            return 0
        self.emit("BUILD_TUPLE", n)
        return opcodes.MF_ANNOTATIONS

    def compile_function_body(self, node, name, kind, firstlineno):
        self.enter_scope(name, kind, node, firstlineno)
        u = self.u
        args = node.args
        u.argcount = len(args.posonlyargs or ()) + len(args.args or ())
        u.posonlyargcount = len(args.posonlyargs or ())
        u.kwonlyargcount = len(args.kwonlyargs or ())
        self.set_loc(node)
        u.loc = (firstlineno,) + u.loc[1:]
        if kind == "lambda":
            u.add_const(None)       # (CPython 3.11: a lambda's first constant)
            self.visit(node.body)
            self.emit("RETURN_VALUE")
            code = self.make_code(add_return=False)
        else:
            body = list(node.body)
            doc = self.get_docstring(body) if self.optimize < 2 else None
            # (CPython 3.11: a function's first constant is its docstring or None)
            u.add_const(doc)
            if doc is not None:
                u.doc = doc
                body = body[1:]
            self.visit_stmts(body)
            code = self.make_code()
        self.exit_scope()
        return code

    def make_closure(self, code, flags):
        u = self.u
        if code.co_freevars:
            for name in code.co_freevars:
                if u.kind == "class" and name == "__class__":
                    index = u.cell_index.get(name)
                else:
                    scope = u.scope.scope_of(name)
                    if scope == st.CELL:
                        index = u.cell_index.get(name)
                    else:
                        index = u.free_index.get(name)
                if index is None:
                    raise InternalError("free variable %r of %s not found in %s"
                                        % (name, code.co_qualname, u.qualname))
                self.emit("LOAD_CLOSURE", index)
            self.emit("BUILD_TUPLE", len(code.co_freevars))
            flags |= opcodes.MF_CLOSURE
        self.load_const(code)
        self.emit("MAKE_FUNCTION", flags)

    def visit_ClassDef(self, s):
        self.set_loc(s)
        decorators = list(s.decorator_list or ())
        for d in decorators:
            saved = self.u.loc
            self.set_loc(d)
            self.emit("PUSH_NULL")
            self.u.loc = saved
            self.visit(d)
        firstlineno = decorators[0].lineno if decorators else s.lineno
        self.enter_scope(s.name, "class", s, firstlineno)
        u = self.u
        u.private = s.name
        u.loc = (firstlineno, firstlineno, 0, 0)
        self.nameop("__name__", "Load")
        self.store_name("__module__")
        self.load_const(u.qualname)
        self.store_name("__qualname__")
        self.body_with_docstring(s.body)
        if u.scope.needs_class_closure:
            self.emit("LOAD_CLOSURE", u.cell_index["__class__"])
            self.emit_name("STORE_NAME", "__classcell__")
        code = self.make_code()
        self.exit_scope()
        self.set_loc(s)
        self.emit("PUSH_NULL")
        self.emit("LOAD_BUILD_CLASS")
        self.make_closure(code, 0)
        self.load_const(s.name)
        self.call_helper(2, list(s.bases or ()), list(s.keywords or ()))
        self.apply_decorators(decorators)
        self.set_loc(s)
        self.store_name(s.name)

    def visit_Return(self, s):
        if self.u.scope.kind != st.FUNCTION:
            self.error("'return' outside function")
        if s.value is not None:
            if self.u.scope.coroutine and self.u.scope.generator:
                self.error("'return' with value in async generator", _loc(s))
            self.visit(s.value)
        else:
            self.load_const(None)
        if s.value is not None and s.value.lineno == s.lineno and \
                any(fb.kind == EXCEPTION_GROUP_HANDLER for fb in self.u.fblocks):
            # (reported where the value is, as CPython's compiler_return does)
            self.error("'break', 'continue' and 'return' cannot appear in an except* block",
                       _loc(s.value))
        self.set_loc(s)
        self.unwind_fblock_stack(True, False)
        self.set_loc(s)
        self.emit("RETURN_VALUE")

    def visit_Delete(self, s):
        for t in s.targets:
            self.visit(t)

    def visit_Assign(self, s):
        targets = list(s.targets)
        if len(targets) == 1 and self.try_swap_assign(targets[0], s.value):
            return
        self.visit(s.value)
        for i, t in enumerate(targets):
            if i < len(targets) - 1:
                self.emit("COPY", 1)
            self.visit(t)

    def try_swap_assign(self, target, value):
        """``a, b = x, y`` without building a tuple (CPython's BUILD_TUPLE+UNPACK peephole)."""
        if _kind(target) not in ("Tuple", "List") or _kind(value) != "Tuple":
            return False
        n = len(target.elts)
        if n not in (1, 2, 3) or len(value.elts) != n:
            return False
        if _has_starred(target.elts) or \
                _has_starred(value.elts):
            return False
        if self.const_value(value) is not _NOT_CONST:
            return False
        saved = self.u.loc
        self.set_loc(value)
        for x in value.elts:
            self.visit(x)
        if n > 1:
            self.emit("SWAP", n)
        self.u.loc = saved
        self.set_loc(target)
        for x in target.elts:
            self.visit(x)
        return True

    def visit_AugAssign(self, s):
        e = s.target
        k = _kind(e)
        saved = self.u.loc
        self.set_loc(e)
        if k == "Attribute":
            self.visit(e.value)
            self.emit("COPY", 1)
            self.update_start_location_to_match_attr(e)
            self.emit_name("LOAD_ATTR", self.mangle(e.attr))
        elif k == "Subscript":
            self.visit(e.value)
            self.visit(e.slice)
            self.emit("COPY", 2)
            self.emit("COPY", 2)
            self.emit("BINARY_SUBSCR")
        elif k == "Name":
            self.nameop(e.id, "Load")
        else:
            self.error("'%s' is an illegal expression for augmented assignment" % k)
        self.u.loc = saved
        self.visit(s.value)
        self.emit("BINARY_OP", opcodes.BINOP_FROM_AST[_kind(s.op)] + opcodes.INPLACE_OFFSET)
        self.set_loc(e)
        if k == "Attribute":
            self.update_start_location_to_match_attr(e)
            self.emit("SWAP", 2)
            self.emit_name("STORE_ATTR", self.mangle(e.attr))
        elif k == "Subscript":
            self.emit("SWAP", 3)
            self.emit("SWAP", 2)
            self.emit("STORE_SUBSCR")
        else:
            self.nameop(e.id, "Store")

    def visit_AnnAssign(self, s):
        target = s.target
        k = _kind(target)
        if s.value is not None:
            self.visit(s.value)
            self.visit(target)
        module_or_class = self.u.kind in ("module", "class")
        if k == "Name":
            if target.id == "__debug__":
                self.error("cannot assign to __debug__")
            if s.simple and module_or_class:
                if "annotations" in self.future:
                    self.load_const(unparse(s.annotation))     # PEP 563: kept as text
                else:
                    self.visit(s.annotation)
                self.emit_name("LOAD_NAME", "__annotations__")
                self.load_const(self.mangle(target.id))
                self.emit("STORE_SUBSCR")
        elif k == "Attribute":
            if s.value is None:
                self.check_ann_expr(target.value)
        elif k == "Subscript":
            if s.value is None:
                self.check_ann_expr(target.value)
                self.check_ann_subscr(target.slice)
        if not s.simple and module_or_class and "annotations" not in self.future:
            self.check_ann_expr(s.annotation)

    def check_ann_expr(self, e):
        self.visit(e)
        self.emit("POP_TOP")

    def check_ann_subscr(self, e):
        k = _kind(e)
        if k == "Slice":
            for part in (e.lower, e.upper, e.step):
                if part is not None:
                    self.check_ann_expr(part)
        elif k == "Tuple":
            for elt in e.elts:
                self.check_ann_subscr(elt)
        else:
            self.check_ann_expr(e)

    def visit_For(self, s):
        start = Label("for")
        cleanup = Label("for_cleanup")
        end = Label("for_end")
        self.u.fblocks.append(FBlock(FOR_LOOP, start, end))
        self.visit_iter(s.iter)
        self.emit("GET_ITER")
        self.label(start)
        self.emit("FOR_ITER", cleanup)
        self.visit(s.target)
        self.visit_stmts(s.body)
        self.set_loc(s)
        self.emit("JUMP", start)
        self.label(cleanup)
        self.u.fblocks.pop()
        self.visit_stmts(s.orelse)
        self.label(end)

    def visit_AsyncFor(self, s):
        if not self.u.scope.coroutine:
            self.error("'async for' outside async function")
        start = Label("async_for")
        stop = Label("async_for_stop")
        end = Label("async_for_end")
        self.u.fblocks.append(FBlock(FOR_LOOP, start, end))
        self.visit(s.iter)
        self.emit("GET_AITER")
        self.label(start)
        # [aiter] -> [aiter, await aiter.__anext__()]; StopAsyncIteration ends it
        self.emit("SETUP_FINALLY", stop)
        self.emit("GET_ANEXT")
        self.load_const(None)
        self.send_loop()
        self.emit("POP_BLOCK")
        self.visit(s.target)
        self.visit_stmts(s.body)
        self.set_loc(s)
        self.emit("JUMP", start)
        self.label(stop)
        self.emit("END_ASYNC_FOR")
        self.u.fblocks.pop()
        self.visit_stmts(s.orelse)
        self.label(end)

    def visit_While(self, s):
        loop = Label("while")
        anchor = Label("while_anchor")
        end = Label("while_end")
        self.label(loop)
        self.u.fblocks.append(FBlock(WHILE_LOOP, loop, end))
        self.jump_if(s.test, anchor, False)
        self.visit_stmts(s.body)
        self.set_loc(s)
        self.emit("JUMP", loop)
        self.u.fblocks.pop()
        self.label(anchor)
        self.visit_stmts(s.orelse)
        self.label(end)

    def visit_If(self, s):
        end = Label("if_end")
        nxt = Label("else") if s.orelse else end
        self.jump_if(s.test, nxt, False)
        self.visit_stmts(s.body)
        if s.orelse:
            self.emit("JUMP", end)
            self.label(nxt)
            self.visit_stmts(s.orelse)
        self.label(end)

    def visit_With(self, s):
        self.with_item(s, 0, False)

    def with_item(self, s, pos, is_async):
        item = s.items[pos]
        final = Label("with_final")
        cleanup = Label("with_cleanup")
        suppress = Label("with_suppress")
        exit_ = Label("with_exit")
        self.visit(item.context_expr)
        self.set_loc(s)
        if is_async:
            self.emit("BEFORE_ASYNC_WITH")
            self.await_top()
        else:
            self.emit("BEFORE_WITH")
        self.emit("SETUP_CLEANUP", final)
        self.u.fblocks.append(FBlock(ASYNC_WITH if is_async else WITH, None, None, s))
        if item.optional_vars is not None:
            self.visit(item.optional_vars)
        else:
            self.emit("POP_TOP")
        if pos + 1 == len(s.items):
            self.visit_stmts(s.body)
        else:
            self.with_item(s, pos + 1, is_async)
        self.u.fblocks.pop()
        self.set_loc(s)
        self.emit("POP_BLOCK")
        self.with_exit(is_async)
        self.emit("JUMP", exit_)
        # exceptional exit: [exit, exc] -> [exit, prev, exc]
        self.label(final)
        self.emit("PUSH_EXC_INFO")
        self.emit("SETUP_CLEANUP", cleanup)
        self.emit("WITH_EXCEPT_START")
        if is_async:
            self.await_top()
        self.emit("POP_JUMP_IF_TRUE", suppress)
        self.emit("RERAISE")
        self.label(suppress)
        self.emit("POP_TOP")
        self.emit("POP_BLOCK")
        self.emit("POP_EXCEPT")
        self.emit("POP_TOP")
        self.emit("JUMP", exit_)
        self.label(cleanup)
        self.emit("POP_EXCEPT_RERAISE")
        self.label(exit_)

    def visit_AsyncWith(self, s):
        if not self.u.scope.coroutine:
            self.error("'async with' outside async function")
        self.with_item(s, 0, True)

    def with_exit(self, is_async):
        """[exit] -> []: exit(None, None, None), awaited for ``async with``."""
        if not is_async:
            self.emit("WITH_EXIT")
            return
        self.emit("PUSH_NULL")
        self.emit("SWAP", 2)
        for _ in range(3):
            self.load_const(None)
        self.emit("CALL", 3)
        self.await_top()
        self.emit("POP_TOP")

    def await_top(self):
        """[x] -> [await x]."""
        self.emit("GET_AWAITABLE")
        self.load_const(None)
        self.send_loop()

    # -- the match statement (CPython 3.11's compiler_match and compiler_pattern_*) --------
    def visit_Match(self, s):
        self.visit(s.subject)
        end = Label("match_end")
        cases = list(s.cases)
        n = len(cases)
        last = cases[-1]
        has_default = _is_wildcard(last.pattern) and n > 1
        for i in range(n - has_default):
            m = cases[i]
            self.set_loc(m.pattern)
            # only copy the subject when another case may need it
            if i != n - has_default - 1:
                self.emit("COPY", 1)
            pc = _PatternContext(m.guard is not None or i == n - 1)
            self.compile_pattern(m.pattern, pc)
            # a match: store the captured names (their values are on the stack)
            for name in pc.stores:
                self.nameop(name, "Store")
            if m.guard is not None:
                self.ensure_fail_pop(pc, 0)
                self.jump_if(m.guard, pc.fail_pop[0], False)
            # done with the subject
            if i != n - has_default - 1:
                self.emit("POP_TOP")
            self.visit_stmts(m.body)
            self.emit("JUMP", end)
            # the cleanup of a failed match belongs to the pattern's line
            self.set_loc(m.pattern)
            self.emit_and_reset_fail_pop(pc)
        if has_default:
            self.set_loc(last.pattern)
            if n == 1:
                self.emit("POP_TOP")
            else:
                self.emit("NOP")
            if last.guard is not None:
                self.jump_if(last.guard, end, False)
            self.visit_stmts(last.body)
        self.label(end)

    def ensure_fail_pop(self, pc, n):
        while len(pc.fail_pop) < n + 1:
            pc.fail_pop.append(Label("fail_pop"))

    def jump_to_fail_pop(self, pc, op):
        pops = pc.on_top + len(pc.stores)
        self.ensure_fail_pop(pc, pops)
        self.emit(op, pc.fail_pop[pops])

    def emit_and_reset_fail_pop(self, pc):
        labels = pc.fail_pop
        if not labels:
            return
        for i in range(len(labels) - 1, 0, -1):
            self.label(labels[i])
            self.emit("POP_TOP")
        self.label(labels[0])
        pc.fail_pop = []

    def pattern_rotate(self, count):
        while count > 1:
            self.emit("SWAP", count)
            count -= 1

    def pattern_store_name(self, name, pc):
        if name is None:
            self.emit("POP_TOP")
            return
        if name == "__debug__":
            self.error("cannot assign to __debug__")
        if name in pc.stores:
            self.error("multiple assignments to name %r in pattern" % name)
        # rotate the value underneath the items that must stay on top
        self.pattern_rotate(pc.on_top + len(pc.stores) + 1)
        pc.stores.append(name)

    def compile_pattern(self, p, pc):
        self.set_loc(p)
        meth = getattr(self, "pattern_" + _kind(p), None)
        if meth is None:
            self.error("unsupported pattern: %s" % _kind(p))
        meth(p, pc)

    def compile_subpattern(self, p, pc):
        # a sub-pattern may be irrefutable even when its pattern is not
        allow = pc.allow_irrefutable
        pc.allow_irrefutable = True
        self.compile_pattern(p, pc)
        pc.allow_irrefutable = allow

    def pattern_MatchValue(self, p, pc):
        value = p.value
        k = _kind(value)
        if not (k == "Constant" or k == "Attribute" or
                (k in ("UnaryOp", "BinOp") and self.const_value(value) is not _NOT_CONST)):
            self.error("patterns may only match literals and attribute lookups")
        self.visit(value)
        self.emit("COMPARE_OP", opcodes.CMPOP_FROM_AST["Eq"])
        self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")

    def pattern_MatchSingleton(self, p, pc):
        self.load_const(p.value)
        self.emit("IS_OP", 0)
        self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")

    def pattern_MatchAs(self, p, pc):
        if p.pattern is None:
            # an irrefutable match
            if not pc.allow_irrefutable:
                if p.name is not None:
                    self.error("name capture %r makes remaining patterns unreachable" % p.name)
                self.error("wildcard makes remaining patterns unreachable")
            self.pattern_store_name(p.name, pc)
            return
        # keep a copy to store if the sub-pattern matches
        pc.on_top += 1
        self.emit("COPY", 1)
        self.compile_pattern(p.pattern, pc)
        pc.on_top -= 1
        self.pattern_store_name(p.name, pc)

    def pattern_MatchStar(self, p, pc):
        self.pattern_store_name(p.name, pc)

    def pattern_MatchSequence(self, p, pc):
        patterns = list(p.patterns)
        size = len(patterns)
        star = -1
        only_wildcard = True
        star_wildcard = False
        for i, sub in enumerate(patterns):
            if _kind(sub) == "MatchStar":
                if star >= 0:
                    self.error("multiple starred names in sequence pattern")
                star_wildcard = sub.name is None
                only_wildcard = only_wildcard and star_wildcard
                star = i
                continue
            only_wildcard = only_wildcard and _is_wildcard(sub)
        # the subject stays on top during the type and length checks
        pc.on_top += 1
        self.emit("MATCH_SEQUENCE")
        self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")
        if star < 0:
            self.emit("GET_LEN")
            self.load_const(size)
            self.emit("COMPARE_OP", opcodes.CMPOP_FROM_AST["Eq"])
            self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")
        elif not star_wildcard or size > 1:
            self.emit("GET_LEN")
            self.load_const(size - 1)
            self.emit("COMPARE_OP", opcodes.CMPOP_FROM_AST["GtE"])
            self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")
        pc.on_top -= 1
        if only_wildcard:
            self.emit("POP_TOP")
        elif star_wildcard:
            self.pattern_sequence_subscr(patterns, star, pc)
        else:
            self.pattern_sequence_unpack(patterns, star, pc)

    def pattern_sequence_unpack(self, patterns, star, pc):
        size = len(patterns)
        if star < 0:
            self.emit("UNPACK_SEQUENCE", size)
        else:
            self.emit("UNPACK_EX", star | ((size - star - 1) << 8))
        pc.on_top += size
        for sub in patterns:
            pc.on_top -= 1
            self.compile_subpattern(sub, pc)

    def pattern_sequence_subscr(self, patterns, star, pc):
        # keep the subject to take the items from
        pc.on_top += 1
        size = len(patterns)
        for i, sub in enumerate(patterns):
            if _is_wildcard(sub) or i == star:
                continue
            self.emit("COPY", 1)
            if i < star:
                self.load_const(i)
            else:
                # the subject may not support negative indexes
                self.emit("GET_LEN")
                self.load_const(size - i)
                self.emit("BINARY_OP", opcodes.BINOP_FROM_AST["Sub"])
            self.emit("BINARY_SUBSCR")
            self.compile_subpattern(sub, pc)
        pc.on_top -= 1
        self.emit("POP_TOP")

    def pattern_MatchMapping(self, p, pc):
        keys = list(p.keys)
        patterns = list(p.patterns)
        size = len(keys)
        if size != len(patterns):
            self.error("keys (%d) / patterns (%d) length mismatch in mapping pattern"
                       % (size, len(patterns)))
        star_target = p.rest
        pc.on_top += 1
        self.emit("MATCH_MAPPING")
        self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")
        if not size and star_target is None:
            # just "{}": done, pop the subject
            pc.on_top -= 1
            self.emit("POP_TOP")
            return
        if size:
            self.emit("GET_LEN")
            self.load_const(size)
            self.emit("COMPARE_OP", opcodes.CMPOP_FROM_AST["GtE"])
            self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")
        seen = set()
        for key in keys:
            k = _kind(key)
            value = self.const_value(key) if k in ("Constant", "UnaryOp", "BinOp") else _NOT_CONST
            if value is not _NOT_CONST:
                if value in seen:
                    self.error("mapping pattern checks duplicate key (%r)" % (value,))
                seen.add(value)
            elif k != "Attribute":
                self.error("mapping pattern keys may only match literals and attribute lookups")
            self.visit(key)
        self.emit("BUILD_TUPLE", size)
        self.emit("MATCH_KEYS")
        # a tuple of keys and a tuple of values (or None) on top of the subject
        pc.on_top += 2
        self.emit("COPY", 1)
        self.load_const(None)
        self.emit("IS_OP", 1)
        self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")
        self.emit("UNPACK_SEQUENCE", size)
        pc.on_top += size - 1
        for sub in patterns:
            pc.on_top -= 1
            self.compile_subpattern(sub, pc)
        # a match: what follows consumes the tuple of keys and the subject
        pc.on_top -= 2
        if star_target is not None:
            # rest = dict(subject), then del rest[key] for each key
            self.emit("BUILD_MAP", 0)           # [subject, keys, empty]
            self.emit("SWAP", 3)                # [empty, keys, subject]
            self.emit("DICT_UPDATE", 2)         # [copy, keys]
            self.emit("UNPACK_SEQUENCE", size)  # [copy, keys...]
            while size:
                self.emit("COPY", 1 + size)     # [copy, keys..., copy]
                size -= 1
                self.emit("SWAP", 2)            # [copy, keys..., copy, key]
                self.emit("DELETE_SUBSCR")      # [copy, keys...]
            self.pattern_store_name(star_target, pc)
        else:
            self.emit("POP_TOP")    # the tuple of keys
            self.emit("POP_TOP")    # the subject

    def pattern_MatchClass(self, p, pc):
        patterns = list(p.patterns)
        kwd_attrs = list(p.kwd_attrs)
        kwd_patterns = list(p.kwd_patterns)
        nargs = len(patterns)
        nattrs = len(kwd_attrs)
        if nattrs != len(kwd_patterns):
            self.error("kwd_attrs (%d) / kwd_patterns (%d) length mismatch in class pattern"
                       % (nattrs, len(kwd_patterns)))
        if nattrs:
            for i, attr in enumerate(kwd_attrs):
                self.set_loc(kwd_patterns[i])
                if attr == "__debug__":
                    self.error("cannot assign to __debug__")
                for j in range(i + 1, nattrs):
                    if kwd_attrs[j] == attr:
                        self.set_loc(kwd_patterns[j])
                        self.error("attribute name repeated in class pattern: %s" % attr)
            self.set_loc(p)
        self.visit(p.cls)
        self.load_const(tuple(kwd_attrs))
        self.emit("MATCH_CLASS", nargs)
        self.emit("COPY", 1)
        self.load_const(None)
        self.emit("IS_OP", 1)
        # the top is now a tuple of nargs + nattrs attributes (or None)
        pc.on_top += 1
        self.jump_to_fail_pop(pc, "POP_JUMP_IF_FALSE")
        self.emit("UNPACK_SEQUENCE", nargs + nattrs)
        pc.on_top += nargs + nattrs - 1
        for sub in patterns + kwd_patterns:
            pc.on_top -= 1
            if _is_wildcard(sub):
                self.emit("POP_TOP")
                continue
            self.compile_subpattern(sub, pc)

    def pattern_MatchOr(self, p, pc):
        end = Label("or_end")
        alts = list(p.patterns)
        size = len(alts)
        old_stores, old_allow, old_fail_pop, old_on_top = \
            pc.stores, pc.allow_irrefutable, pc.fail_pop, pc.on_top
        control = None
        for i, alt in enumerate(alts):
            self.set_loc(alt)
            pc.stores = []
            # an irrefutable alternative must be last, if allowed at all
            pc.allow_irrefutable = i == size - 1 and old_allow
            pc.fail_pop = []
            pc.on_top = 0
            self.emit("COPY", 1)
            self.compile_pattern(alt, pc)
            nstores = len(pc.stores)
            if i == 0:
                control = pc.stores
            elif nstores != len(control):
                self.error("alternative patterns bind different names")
            elif nstores:
                # bound the same names: put them in the same order as the first
                icontrol = nstores
                while icontrol:
                    icontrol -= 1
                    name = control[icontrol]
                    if name not in pc.stores:
                        self.error("alternative patterns bind different names")
                    istores = pc.stores.index(name)
                    if icontrol != istores:
                        rotations = istores + 1
                        rotated = pc.stores[:rotations]
                        del pc.stores[:rotations]
                        pc.stores[icontrol - istores:icontrol - istores] = rotated
                        for _ in range(rotations):
                            self.pattern_rotate(icontrol + 1)
            self.emit("JUMP", end)
            self.emit_and_reset_fail_pop(pc)
        pc.stores, pc.allow_irrefutable, pc.fail_pop, pc.on_top = \
            old_stores, old_allow, old_fail_pop, old_on_top
        # no alternative matched: pop the remaining copy of the subject and fail
        # (with the location of the last alternative, as CPython 3.11)
        self.emit("POP_TOP")
        self.jump_to_fail_pop(pc, "JUMP")
        self.label(end)
        nstores = len(control)
        # move the new captures below the other stores, the copy of the subject
        # and whatever else is on top
        nrots = nstores + 1 + pc.on_top + len(pc.stores)
        for i in range(nstores):
            self.pattern_rotate(nrots)
            name = control[i]
            if name in pc.stores:
                self.error("multiple assignments to name %r in pattern" % name)
            pc.stores.append(name)
        # pop the copy of the subject
        self.emit("POP_TOP")


    def visit_Raise(self, s):
        n = 0
        if s.exc is not None:
            self.visit(s.exc)
            n = 1
            if s.cause is not None:
                self.visit(s.cause)
                n = 2
        self.set_loc(s)
        self.emit("RAISE_VARARGS", n)

    def visit_Try(self, s):
        if s.finalbody:
            self.try_finally(s)
        else:
            self.try_except(s)

    def visit_TryStar(self, s):
        if s.finalbody:
            self.try_finally(s, self.try_star_except)
        else:
            self.try_star_except(s)

    def try_star_except(self, s):
        """try/except*: each clause takes the part of the exception group it
        matches (CHECK_EG_MATCH) and leaves the rest to the next; at the end,
        PREP_RERAISE_STAR combines what is left unhandled with what the
        handlers raised, and that (if anything) is raised."""
        handler_label = Label("except_star")
        cleanup = Label("except_star_cleanup")
        reraise = Label("except_star_reraise")
        orelse = Label("try_star_else")
        end = Label("try_star_end")
        self.protected_body(s, handler_label)
        self.emit("JUMP", orelse)       # (CPython places the else block after the clauses)
        self.label(handler_label)                           # [exc]
        self.set_loc(s)
        self.emit("PUSH_EXC_INFO")                          # [prev, exc]
        self.emit("SETUP_CLEANUP", cleanup)
        self.u.fblocks.append(FBlock(EXCEPTION_GROUP_HANDLER))
        self.emit("COPY", 1)
        self.emit("BUILD_LIST", 0)
        self.emit("SWAP", 2)                                # [prev, orig, raised, exc]
        for h in s.handlers:
            self.set_loc(h)
            no_match = Label("no_match")
            after = Label("after_handler")
            self.visit(h.type)
            self.emit("CHECK_EG_MATCH")                     # [.., rest, match]
            self.emit("COPY", 1)
            self.load_const(None)
            self.emit("IS_OP", 0)
            self.emit("POP_JUMP_IF_TRUE", no_match)
            if h.name:
                self.store_name(h.name)
            else:
                self.emit("POP_TOP")                        # [prev, orig, raised, rest]
            raised = Label("handler_raised")
            self.emit("SETUP_FINALLY", raised)
            self.u.fblocks.append(FBlock(HANDLER_CLEANUP, None, None, h.name))
            self.visit_stmts(h.body)
            self.u.fblocks.pop()
            self.set_loc(h)
            self.emit("POP_BLOCK")
            if h.name:
                self.load_const(None)
                self.store_name(h.name)
                self.nameop(h.name, "Del")
            self.emit("JUMP", after)
            # an exception in the clause's body joins the list: [.., rest, newexc]
            self.label(raised)
            if h.name:
                self.load_const(None)
                self.store_name(h.name)
                self.nameop(h.name, "Del")
            self.emit("LIST_APPEND", 2)
            self.emit("JUMP", after)
            self.label(no_match)
            self.emit("POP_TOP")                            # the None match
            self.label(after)
        self.u.fblocks.pop()
        self.set_loc(s)
        self.emit("LIST_APPEND", 1)                         # [prev, orig, raised + rest]
        self.emit("PREP_RERAISE_STAR")                      # [prev, exc or None]
        self.emit("COPY", 1)
        self.load_const(None)
        self.emit("IS_OP", 0)
        self.emit("POP_JUMP_IF_FALSE", reraise)
        self.emit("POP_TOP")
        self.emit("POP_BLOCK")
        self.emit("POP_EXCEPT")
        self.emit("JUMP", end)
        self.label(reraise)
        self.emit("POP_BLOCK")
        self.emit("POP_EXCEPT_RERAISE")
        self.label(cleanup)
        self.emit("POP_EXCEPT_RERAISE")
        self.label(orelse)
        self.visit_stmts(s.orelse)
        self.label(end)

    def try_finally(self, s, try_except=None):
        handler = Label("finally")
        cleanup = Label("finally_cleanup")
        exit_ = Label("finally_exit")
        self.emit("SETUP_FINALLY", handler)
        self.u.fblocks.append(FBlock(FINALLY_TRY, None, None, s.finalbody))
        if s.handlers:
            (try_except or self.try_except)(s)
        else:
            self.visit_stmts(s.body)
        self.u.fblocks.pop()
        self.emit("POP_BLOCK")
        self.visit_stmts(s.finalbody)
        self.emit("JUMP", exit_)
        # exceptional path: [exc] -> [prev, exc]
        self.label(handler)
        self.set_loc(s)
        self.emit("PUSH_EXC_INFO")
        self.emit("SETUP_CLEANUP", cleanup)
        self.u.fblocks.append(FBlock(FINALLY_END))
        self.visit_stmts(s.finalbody)
        self.u.fblocks.pop()
        self.emit("POP_BLOCK")
        self.emit("POP_EXCEPT_RERAISE")
        self.label(cleanup)
        self.emit("POP_EXCEPT_RERAISE")
        self.label(exit_)

    def protected_body(self, s, handler_label):
        """A try statement's body, its exceptions going to ``handler_label``."""
        self.set_loc(s)
        self.emit("SETUP_FINALLY", handler_label)
        self.u.fblocks.append(FBlock(TRY_EXCEPT))
        self.visit_stmts(s.body)
        self.u.fblocks.pop()
        self.emit("POP_BLOCK")

    def try_except(self, s):
        handler_label = Label("except")
        cleanup = Label("except_cleanup")
        end = Label("try_end")
        self.protected_body(s, handler_label)
        self.visit_stmts(s.orelse)
        self.emit("JUMP", end)
        # [exc] -> [prev, exc]
        self.label(handler_label)
        self.set_loc(s)
        self.emit("PUSH_EXC_INFO")
        self.emit("SETUP_CLEANUP", cleanup)
        self.u.fblocks.append(FBlock(EXCEPTION_HANDLER))
        handlers = list(s.handlers)
        for i, h in enumerate(handlers):
            self.set_loc(h)
            nxt = Label("next_handler")
            if h.type is None and i < len(handlers) - 1:
                self.error("default 'except:' must be last")
            if h.type is not None:
                # CHECK_EXC_MATCH keeps the exception: [exc, type] -> [exc, bool]
                self.visit(h.type)
                self.emit("CHECK_EXC_MATCH")
                self.emit("POP_JUMP_IF_FALSE", nxt)
            if h.name:
                cleanup_name = Label("handler_name_cleanup")
                self.store_name(h.name)                     # [prev]
                self.emit("SETUP_FINALLY", cleanup_name)
                self.u.fblocks.append(FBlock(HANDLER_CLEANUP, None, None, h.name))
                self.visit_stmts(h.body)
                self.u.fblocks.pop()
                self.set_loc(h)
                self.emit("POP_BLOCK")                      # cleanup_name
                self.load_const(None)
                self.store_name(h.name)
                self.nameop(h.name, "Del")
                self.emit("POP_BLOCK")                      # cleanup
                self.emit("POP_EXCEPT")
                self.emit("JUMP", end)
                # an exception in the handler body: [prev, newexc]
                self.label(cleanup_name)
                self.load_const(None)
                self.store_name(h.name)
                self.nameop(h.name, "Del")
                self.emit("RERAISE")                        # -> cleanup
            else:
                self.emit("POP_TOP")                        # [prev]
                self.u.fblocks.append(FBlock(HANDLER_CLEANUP, None, None, None))
                self.visit_stmts(h.body)
                self.u.fblocks.pop()
                self.set_loc(h)
                self.emit("POP_BLOCK")
                self.emit("POP_EXCEPT")
                self.emit("JUMP", end)
            self.label(nxt)
        self.u.fblocks.pop()
        self.set_loc(s)
        self.emit("RERAISE")                                # no handler matched
        self.label(cleanup)
        self.emit("POP_EXCEPT_RERAISE")
        self.label(end)

    def visit_Assert(self, s):
        if type(s.test).__name__ == "Tuple" and s.test.elts:
            self.warn("assertion is always true, perhaps remove parentheses?")
        if self.optimize:
            return
        ok = Label("assert_ok")
        # (a failed assert is reported where jump_if leaves the location: at
        # the statement, or at the last comparison in the test)
        self.jump_if(s.test, ok, True)
        self.emit("PUSH_NULL")
        self.emit("LOAD_ASSERTION_ERROR")
        if s.msg is not None:
            self.visit(s.msg)
            self.emit("CALL", 1)
        else:
            self.emit("CALL", 0)
        self.emit("RAISE_VARARGS", 1)
        self.label(ok)

    def visit_Import(self, s):
        for alias in s.names:
            self.load_const(0)
            self.load_const(None)
            self.emit_name("IMPORT_NAME", alias.name)
            if alias.asname:
                parts = alias.name.split(".")
                if len(parts) > 1:
                    for i, attr in enumerate(parts[1:]):
                        self.emit_name("IMPORT_FROM", attr)
                        if i < len(parts) - 2:
                            self.emit("SWAP", 2)
                            self.emit("POP_TOP")
                    self.store_name(alias.asname)
                    self.emit("POP_TOP")
                else:
                    self.store_name(alias.asname)
            else:
                self.store_name(alias.name.split(".")[0])

    def visit_ImportFrom(self, s):
        if s.module == "__future__" and not s.level and \
                not any(s is f for f in self._future_stmts):
            self.error("from __future__ imports must occur at the beginning of the file")
        names = tuple(a.name for a in s.names)
        self.load_const(s.level or 0)
        self.load_const(names)
        self.emit_name("IMPORT_NAME", s.module or "")
        for i, alias in enumerate(s.names):
            if i == 0 and alias.name == "*":
                self.emit("IMPORT_STAR")
                return
            self.emit_name("IMPORT_FROM", alias.name)
            self.store_name(alias.asname or alias.name)
        self.emit("POP_TOP")

    def visit_Global(self, s):
        pass

    visit_Nonlocal = visit_Global
    visit_Pass = visit_Global

    def visit_Expr(self, s):
        value = s.value
        if self.interactive and self.u.kind == "module":
            self.visit(value)
            self.emit("PRINT_EXPR")
            return
        if self.const_value(value) is not _NOT_CONST:
            return          # a constant statement (e.g. a string) does nothing
        self.visit(value)
        self.set_loc(s)
        self.emit("POP_TOP")

    def visit_Break(self, s):
        loop = self.unwind_fblock_stack(False, True)
        if loop is None:
            self.set_loc(s)
            self.error("'break' outside loop")
        self.set_loc(s)
        self.unwind_fblock(loop, False)
        self.emit("JUMP", loop.exit)

    def visit_Continue(self, s):
        loop = self.unwind_fblock_stack(False, True)
        if loop is None:
            self.set_loc(s)
            self.error("'continue' not properly in loop")
        self.set_loc(s)
        self.emit("JUMP", loop.start)

    # -- unwinding ----------------------------------------------------------------------------
    def unwind_fblock(self, fb, preserve_tos):
        k = fb.kind
        if k in (WHILE_LOOP, EXCEPTION_HANDLER):
            return
        if k == FOR_LOOP:
            if preserve_tos:
                self.emit("SWAP", 2)
            self.emit("POP_TOP")
        elif k == TRY_EXCEPT:
            self.emit("POP_BLOCK")
        elif k == FINALLY_TRY:
            self.emit("POP_BLOCK")
            saved = self.u.loc
            if preserve_tos:
                self.u.fblocks.append(FBlock(POP_VALUE))
            self.visit_stmts(fb.datum)
            if preserve_tos:
                self.u.fblocks.pop()
            self.u.loc = saved
        elif k == FINALLY_END:
            self.emit("POP_BLOCK")
            if preserve_tos:
                self.emit("SWAP", 2)
            self.emit("POP_TOP")        # the exception
            if preserve_tos:
                self.emit("SWAP", 2)
            self.emit("POP_EXCEPT")
        elif k == WITH or k == ASYNC_WITH:
            saved = self.u.loc
            self.set_loc(fb.datum)
            self.emit("POP_BLOCK")
            if preserve_tos:
                self.emit("SWAP", 2)
            self.with_exit(k == ASYNC_WITH)
            self.u.loc = saved
        elif k == HANDLER_CLEANUP:
            if fb.datum:
                self.emit("POP_BLOCK")  # the name cleanup block
            self.emit("POP_BLOCK")
            if preserve_tos:
                self.emit("SWAP", 2)
            self.emit("POP_EXCEPT")
            if fb.datum:
                self.load_const(None)
                self.store_name(fb.datum)
                self.nameop(fb.datum, "Del")
        elif k == POP_VALUE:
            if preserve_tos:
                self.emit("SWAP", 2)
            self.emit("POP_TOP")
        else:
            raise InternalError("unknown fblock %r" % k)

    def unwind_fblock_stack(self, preserve_tos, want_loop):
        fblocks = self.u.fblocks
        if not fblocks:
            return None
        top = fblocks[-1]
        if top.kind == EXCEPTION_GROUP_HANDLER:
            self.error("'break', 'continue' and 'return' cannot appear in an except* block")
        if want_loop and top.kind in (WHILE_LOOP, FOR_LOOP):
            return top
        fblocks.pop()
        self.unwind_fblock(top, preserve_tos)
        loop = self.unwind_fblock_stack(preserve_tos, want_loop)
        fblocks.append(top)
        return loop

    # ======================================================================================
    # Expressions
    # ======================================================================================

    def visit_Constant(self, e):
        self.load_const(e.value)

    def visit_Name(self, e):
        if type(e.ctx) is _Load:
            u = self.u
            known = u.load_ops.get(e.id)
            if known is not None:
                u.ops.append(known[0])
                u.args.append(known[1])
                u.locs.append(u.loc)
                return
        self.nameop(e.id, _ctx(e))

    def visit_Attribute(self, e):
        ctx = _ctx(e)
        self.visit(e.value)
        self.update_start_location_to_match_attr(e)
        attr = self.mangle(e.attr)
        if ctx != "Load" and e.attr == "__debug__":
            self.error("cannot assign to __debug__" if ctx == "Store" else "cannot delete __debug__")
        if ctx == "Load":
            self.emit_name("LOAD_ATTR", attr)
        elif ctx == "Store":
            self.emit_name("STORE_ATTR", attr)
        else:
            self.emit_name("DELETE_ATTR", attr)

    def visit_Subscript(self, e):
        ctx = _ctx(e)
        if ctx == "Load":
            v = self.const_value(e)
            if v is not _NOT_CONST:
                self.load_const(v)
                return
            self.check_subscripter(e.value)
            self.check_index(e.value, e.slice)
        self.visit(e.value)
        self.visit(e.slice)
        if ctx == "Load":
            self.emit("BINARY_SUBSCR")
        elif ctx == "Store":
            self.emit("STORE_SUBSCR")
        else:
            self.emit("DELETE_SUBSCR")

    def visit_Slice(self, e):
        n = 2
        for part in (e.lower, e.upper):
            if part is not None:
                self.visit(part)
            else:
                self.load_const(None)
        if e.step is not None:
            n = 3
            self.visit(e.step)
        self.emit("BUILD_SLICE", n)

    def visit_Starred(self, e):
        if _ctx(e) == "Store":
            self.error("starred assignment target must be in a list or tuple")
        self.error("can't use starred expression here")

    def visit_NamedExpr(self, e):
        self.visit(e.value)
        self.emit("COPY", 1)
        self.visit(e.target)

    def visit_BinOp(self, e):
        v = self.const_value(e)
        if v is not _NOT_CONST:
            self.load_const(v)
            return
        if _kind(e.op) == "Mod" and _kind(e.right) == "Tuple":
            parts = self.percent_format_parts(e)
            if parts is not None:
                self.emit_format_parts(parts)
                return
        self.visit(e.left)
        self.visit(e.right)
        self.emit("BINARY_OP", opcodes.BINOP_FROM_AST[_kind(e.op)])

    def visit_UnaryOp(self, e):
        v = self.const_value(e)
        if v is not _NOT_CONST:
            self.load_const(v)
            return
        self.visit(e.operand)
        self.emit(_UNARY_OPS[_kind(e.op)])

    def visit_BoolOp(self, e):
        end = Label("boolop_end")
        op = "JUMP_IF_FALSE_OR_POP" if _kind(e.op) == "And" else "JUMP_IF_TRUE_OR_POP"
        values = list(e.values)
        for v in values[:-1]:
            self.visit(v)
            self.emit(op, end)
        self.visit(values[-1])
        self.label(end)

    def emit_compare(self, op):
        k = _kind(op)
        if k == "Is":
            self.emit("IS_OP", 0)
        elif k == "IsNot":
            self.emit("IS_OP", 1)
        elif k == "In":
            self.emit("CONTAINS_OP", 0)
        elif k == "NotIn":
            self.emit("CONTAINS_OP", 1)
        else:
            self.emit("COMPARE_OP", opcodes.CMPOP_FROM_AST[k])

    def visit_comparator(self, ops, comparators, i):
        """The last operand of `in`/`not in` gets CPython's fold_iter treatment."""
        if i == len(ops) - 1 and _kind(ops[i]) in ("In", "NotIn"):
            self.visit_iter(comparators[i])
        else:
            self.visit(comparators[i])

    def visit_Compare(self, e):
        self.check_compare(e)
        ops = list(e.ops)
        comparators = list(e.comparators)
        n = len(ops) - 1
        self.visit(e.left)
        if n == 0:
            self.visit_comparator(ops, comparators, 0)
            self.emit_compare(ops[0])
            return
        cleanup = Label("compare_cleanup")
        end = Label("compare_end")
        for i in range(n):
            self.visit(comparators[i])
            self.emit("SWAP", 2)
            self.emit("COPY", 2)
            self.emit_compare(ops[i])
            self.emit("JUMP_IF_FALSE_OR_POP", cleanup)
        self.visit_comparator(ops, comparators, n)
        self.emit_compare(ops[n])
        self.emit("JUMP", end)
        self.label(cleanup)
        self.emit("SWAP", 2)
        self.emit("POP_TOP")
        self.label(end)

    def jump_if(self, e, target, cond):
        """Jump to target if bool(e) == cond (CPython's compiler_jump_if).  As
        in CPython 3.11, a comparison's location stays the current one after
        it (what a failed ``assert a < b`` is reported at)."""
        k = _kind(e)
        v = self.const_value(e)
        if v is not _NOT_CONST:
            try:
                truth = bool(v)
            except Exception:
                truth = None
            if truth is not None:
                if truth == cond:
                    saved = self.u.loc
                    self.set_loc(e)
                    self.emit("JUMP", target)
                    self.u.loc = saved
                return
        if k == "UnaryOp" and _kind(e.op) == "Not":
            self.jump_if(e.operand, target, not cond)
            return
        if k == "BoolOp":
            values = list(e.values)
            cond2 = _kind(e.op) == "Or"
            next2 = target
            if cond2 != cond:
                next2 = Label("boolop_next")
            for v in values[:-1]:
                self.jump_if(v, next2, cond2)
            self.jump_if(values[-1], target, cond)
            if next2 is not target:
                self.label(next2)
            return
        if k == "IfExp":
            end = Label("ifexp_end")
            next2 = Label("ifexp_else")
            self.jump_if(e.test, next2, False)
            self.jump_if(e.body, target, cond)
            self.emit("JUMP", end)
            self.label(next2)
            self.jump_if(e.orelse, target, cond)
            self.label(end)
            return
        if k == "Compare" and len(e.ops) > 1:
            self.set_loc(e)
            ops = list(e.ops)
            comparators = list(e.comparators)
            n = len(ops) - 1
            cleanup = Label("compare_cleanup")
            self.visit(e.left)
            for i in range(n):
                self.visit(comparators[i])
                self.emit("SWAP", 2)
                self.emit("COPY", 2)
                self.emit_compare(ops[i])
                self.emit("POP_JUMP_IF_FALSE", cleanup)
            self.visit_comparator(ops, comparators, n)
            self.emit_compare(ops[n])
            self.emit("POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", target)
            end = Label("compare_end")
            self.emit("JUMP", end)
            self.label(cleanup)
            self.emit("POP_TOP")
            if not cond:
                self.emit("JUMP", target)
            self.label(end)
            return
        if k == "Compare":
            self.set_loc(e)
        self.visit(e)
        self.emit("POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", target)

    def visit_IfExp(self, e):
        end = Label("ifexp_end")
        orelse = Label("ifexp_else")
        self.jump_if(e.test, orelse, False)
        self.visit(e.body)
        self.emit("JUMP", end)
        self.label(orelse)
        self.visit(e.orelse)
        self.label(end)

    def visit_Lambda(self, e):
        flags = self.default_arguments(e.args)
        code = self.compile_function_body(e, "<lambda>", "lambda", e.lineno)
        self.make_closure(code, flags)

    # -- containers -------------------------------------------------------------------------
    def starunpack_helper(self, elts, pushed, build, add, extend, tuple_=False):
        elts = list(elts)
        n = len(elts)
        if n > 2 and not _has_starred(elts):
            values = [self.const_value(x) for x in elts]
            if all(v is not _NOT_CONST for v in values):
                folded = tuple(values)
                if tuple_ and not pushed:
                    self.load_const(folded)
                else:
                    if add == "SET_ADD":
                        folded = frozenset(folded)
                    self.emit(build, pushed)
                    self.load_const(folded)
                    self.emit(extend, 1)
                    if tuple_:
                        self.emit("LIST_TO_TUPLE")
                return
        big = n + pushed > STACK_USE_GUIDELINE
        seen_star = _has_starred(elts)
        if not seen_star and not big:
            for x in elts:
                self.visit(x)
            self.emit("BUILD_TUPLE" if tuple_ else build, n + pushed)
            return
        built = False
        if big:
            self.emit(build, pushed)
            built = True
        for i, x in enumerate(elts):
            if _kind(x) == "Starred":
                if not built:
                    self.emit(build, i + pushed)
                    built = True
                self.visit(x.value)
                self.emit(extend, 1)
            else:
                self.visit(x)
                if built:
                    self.emit(add, 1)
        if tuple_:
            self.emit("LIST_TO_TUPLE")

    def assignment_helper(self, elts):
        elts = list(elts)
        n = len(elts)
        seen_star = False
        for i, x in enumerate(elts):
            if _kind(x) == "Starred":
                if seen_star:
                    self.error("multiple starred expressions in assignment")
                if i >= (1 << 8) or n - i - 1 >= (0x7FFFFFFF >> 8):
                    self.error("too many expressions in star-unpacking assignment")
                self.emit("UNPACK_EX", i + ((n - i - 1) << 8))
                seen_star = True
        if not seen_star:
            self.emit("UNPACK_SEQUENCE", n)
        for x in elts:
            self.visit(x.value if _kind(x) == "Starred" else x)

    def visit_List(self, e):
        ctx = _ctx(e)
        if ctx == "Store":
            self.assignment_helper(e.elts)
        elif ctx == "Load":
            self.starunpack_helper(e.elts, 0, "BUILD_LIST", "LIST_APPEND", "LIST_EXTEND")
        else:
            for x in e.elts:
                self.visit(x)

    def visit_Tuple(self, e):
        ctx = _ctx(e)
        if ctx == "Store":
            self.assignment_helper(e.elts)
        elif ctx == "Load":
            v = self.const_value(e)
            if v is not _NOT_CONST:
                self.load_const(v)
                return
            self.starunpack_helper(e.elts, 0, "BUILD_LIST", "LIST_APPEND", "LIST_EXTEND", True)
        else:
            for x in e.elts:
                self.visit(x)

    def visit_Set(self, e):
        self.starunpack_helper(e.elts, 0, "BUILD_SET", "SET_ADD", "SET_UPDATE")

    def visit_iter(self, e):
        """CPython's fold_iter: a list display iterated over becomes a tuple; a constant
        set display becomes a frozenset constant."""
        k = _kind(e)
        if k == "List" and not _has_starred(e.elts):
            saved = self.u.loc
            self.set_loc(e)
            values = [self.const_value(x) for x in e.elts]
            if all(v is not _NOT_CONST for v in values):
                self.load_const(tuple(values))
            else:
                self.starunpack_helper(e.elts, 0, "BUILD_LIST", "LIST_APPEND",
                                       "LIST_EXTEND", True)
            self.u.loc = saved
            return
        if k == "Set":
            values = [self.const_value(x) if _kind(x) != "Starred" else _NOT_CONST
                      for x in e.elts]
            if all(v is not _NOT_CONST for v in values):
                saved = self.u.loc
                self.set_loc(e)
                self.load_const(frozenset(values))
                self.u.loc = saved
                return
        self.visit(e)

    def subdict(self, keys, values, begin, end):
        for i in range(begin, end):
            self.visit(keys[i])
            self.visit(values[i])
        self.emit("BUILD_MAP", end - begin)

    def visit_Dict(self, e):
        keys = list(e.keys)
        values = list(e.values)
        n = len(values)
        have_dict = False
        elements = 0
        for i in range(n):
            if keys[i] is None:
                if elements:
                    self.subdict(keys, values, i - elements, i)
                    if have_dict:
                        self.emit("DICT_UPDATE", 1)
                    have_dict = True
                    elements = 0
                if not have_dict:
                    self.emit("BUILD_MAP", 0)
                    have_dict = True
                self.visit(values[i])
                self.emit("DICT_UPDATE", 1)
            else:
                if elements * 2 > STACK_USE_GUIDELINE:
                    self.subdict(keys, values, i - elements, i + 1)
                    if have_dict:
                        self.emit("DICT_UPDATE", 1)
                    have_dict = True
                    elements = 0
                else:
                    elements += 1
        if elements:
            self.subdict(keys, values, n - elements, n)
            if have_dict:
                self.emit("DICT_UPDATE", 1)
            have_dict = True
        if not have_dict:
            self.emit("BUILD_MAP", 0)

    # -- '%s' % (a, b) as an f-string (CPython 3.11's ast_opt optimize_format) -----
    def percent_format_parts(self, e):
        left = self.const_value(e.left)
        if _kind(e.left) != "Constant" or not isinstance(left, str):
            return None
        elts = list(e.right.elts)
        if _has_starred(elts) or self.const_value(e.right) is not _NOT_CONST:
            return None
        return _optimize_format(left, elts)

    def emit_format_parts(self, parts):
        for part in parts:
            if part[0] == "lit":
                self.load_const(part[1])
            else:
                _, arg, conv, spec = part
                saved = self.u.loc
                self.set_loc(arg)
                self.visit(arg)
                flags = _CONVERSIONS[conv]
                if spec is not None:
                    self.load_const(spec)
                    flags |= opcodes.FVS_HAVE_SPEC
                self.emit("FORMAT_VALUE", flags)
                self.u.loc = saved
        if len(parts) != 1:
            self.emit("BUILD_STRING", len(parts))

    # -- f-strings -----------------------------------------------------------------------------
    def visit_JoinedStr(self, e):
        values = list(e.values)
        if len(values) > STACK_USE_GUIDELINE:
            # CPython: ''.join([...]); here: build in chunks
            self.load_const("")
            for i in range(0, len(values), STACK_USE_GUIDELINE):
                chunk = values[i:i + STACK_USE_GUIDELINE]
                for v in chunk:
                    self.visit(v)
                self.emit("BUILD_STRING", len(chunk) + 1)
            return
        for v in values:
            self.visit(v)
        if len(values) != 1:
            self.emit("BUILD_STRING", len(values))

    def visit_FormattedValue(self, e):
        self.visit(e.value)
        conv = e.conversion
        flags = _CONVERSIONS.get(conv)
        if flags is None:
            self.error("invalid conversion character in f-string")
        if e.format_spec is not None:
            self.visit(e.format_spec)
            flags |= opcodes.FVS_HAVE_SPEC
        self.emit("FORMAT_VALUE", flags)

    # -- calls -----------------------------------------------------------------------------------
    def is_import_originated(self, e):
        if _kind(e) != "Name":
            return False
        return bool(self.symtab.top.flags(e.id) & st.DEF_IMPORT)

    def visit_Call(self, e):
        if self.maybe_method_call(e):
            return
        self.check_caller(e.func)
        func = e.func
        saved = self.u.loc
        self.set_loc(func)
        self.emit("PUSH_NULL")
        self.u.loc = saved
        self.visit(func)
        self.call_helper(0, list(e.args or ()), list(e.keywords or ()))

    def maybe_method_call(self, e):
        meth = e.func
        if _kind(meth) != "Attribute" or _ctx(meth) != "Load":
            return False
        if self.is_import_originated(meth.value):
            return False
        args = list(e.args or ())
        kws = list(e.keywords or ())
        if len(args) + len(kws) + (len(kws) != 0) >= STACK_USE_GUIDELINE:
            return False
        if _has_starred(args) or _has_double_star(kws):
            return False
        self.validate_keywords(kws)
        self.visit(meth.value)
        saved = self.u.loc
        self.set_loc(meth)
        self.update_start_location_to_match_attr(meth)
        self.emit_name("LOAD_METHOD", self.mangle(meth.attr))
        self.u.loc = saved
        self.update_start_location_to_match_attr(meth)
        for a in args:
            self.visit(a)
        if kws:
            for k in kws:
                self.visit(k.value)
            self.load_const(tuple(k.arg for k in kws))
            self.emit("CALL_KW", len(args) + len(kws))
        else:
            self.emit("CALL", len(args))
        self.u.loc = saved
        return True

    def validate_keywords(self, keywords):
        for i, kw in enumerate(keywords):
            if kw.arg is None:
                continue
            if kw.arg == "__debug__":
                self.error("cannot assign to __debug__")
            for other in keywords[i + 1:]:
                if other.arg is not None and other.arg == kw.arg:
                    self.error("keyword argument repeated: %s" % kw.arg, _loc(other))

    def call_helper(self, pushed, args, keywords):
        """Arguments of a call whose callable (and `pushed` positional args) are stacked."""
        self.validate_keywords(keywords)
        nelts = len(args)
        nkw = len(keywords)
        simple = nelts + nkw * 2 <= STACK_USE_GUIDELINE and \
            not _has_starred(args) and \
            not _has_double_star(keywords)
        if simple:
            for a in args:
                self.visit(a)
            if nkw:
                for k in keywords:
                    self.visit(k.value)
                self.load_const(tuple(k.arg for k in keywords))
                self.emit("CALL_KW", pushed + nelts + nkw)
            else:
                self.emit("CALL", pushed + nelts)
            return
        # the general form: f(*args_tuple, **kwargs_dict)
        if pushed == 0 and nelts == 1 and _kind(args[0]) == "Starred":
            self.visit(args[0].value)      # as CPython: CALL_FUNCTION_EX makes the tuple
        elif not _has_starred(args) and \
                nelts + pushed <= STACK_USE_GUIDELINE:
            for a in args:
                self.visit(a)
            self.emit("BUILD_TUPLE", pushed + nelts)
        else:
            self.starunpack_helper(args, pushed, "BUILD_LIST", "LIST_APPEND", "LIST_EXTEND", True)
        if nkw:
            have_dict = False
            nseen = 0
            for i, kw in enumerate(keywords):
                if kw.arg is None:
                    if nseen:
                        self.subkwargs(keywords, i - nseen, i)
                        if have_dict:
                            self.emit("DICT_MERGE", 1)
                        have_dict = True
                        nseen = 0
                    if not have_dict:
                        self.emit("BUILD_MAP", 0)
                        have_dict = True
                    self.visit(kw.value)
                    self.emit("DICT_MERGE", 1)
                else:
                    nseen += 1
            if nseen:
                self.subkwargs(keywords, nkw - nseen, nkw)
                if have_dict:
                    self.emit("DICT_MERGE", 1)
        self.emit("CALL_FUNCTION_EX", 1 if nkw else 0)

    def subkwargs(self, keywords, begin, end):
        for kw in keywords[begin:end]:
            self.load_const(kw.arg)
            self.visit(kw.value)
        self.emit("BUILD_MAP", end - begin)

    # -- generators ---------------------------------------------------------------------------
    def visit_Yield(self, e):
        if self.u.scope.kind != st.FUNCTION:
            self.error("'yield' outside function")
        if e.value is not None:
            self.visit(e.value)
        else:
            self.load_const(None)
        if self.u.scope.coroutine:
            self.emit("ASYNC_GEN_WRAP")
        self.emit("YIELD_VALUE")

    def visit_YieldFrom(self, e):
        if self.u.scope.kind != st.FUNCTION:
            self.error("'yield' outside function")
        if self.u.scope.coroutine:
            self.error("'yield from' inside async function")
        self.visit(e.value)
        self.emit("GET_YIELD_FROM_ITER")
        self.load_const(None)
        self.send_loop()

    def visit_Await(self, e):
        scope = self.u.scope
        if scope.kind != st.FUNCTION:
            self.error("'await' outside function")
        if not scope.coroutine:
            # (a comprehension with an await is asynchronous: comprehension() checks
            # where that is allowed)
            self.error("'await' outside async function")
        self.visit(e.value)
        self.await_top()

    def send_loop(self):
        """[receiver, None] -> [result]: send to the receiver, yielding what it
        yields, until it returns (yield from, await)."""
        loop = Label("send")
        exit_ = Label("send_exit")
        self.label(loop)
        self.emit("SEND", exit_)
        self.emit("YIELD_VALUE")
        self.emit("JUMP", loop)
        self.label(exit_)

    # -- comprehensions -----------------------------------------------------------------------------
    def visit_ListComp(self, e):
        self.comprehension(e, "<listcomp>", "list", e.elt, None)

    def visit_SetComp(self, e):
        self.comprehension(e, "<setcomp>", "set", e.elt, None)

    def visit_DictComp(self, e):
        self.comprehension(e, "<dictcomp>", "dict", e.key, e.value)

    def visit_GeneratorExp(self, e):
        self.comprehension(e, "<genexpr>", "genexp", e.elt, None)

    def comprehension(self, e, name, ctype, elt, val):
        generators = list(e.generators)
        outermost = generators[0]
        self.enter_scope(name, "comprehension", e, e.lineno)
        self.set_loc(e)
        if self.u.scope.coroutine and ctype != "genexp":
            # an asynchronous list/set/dict comprehension is awaited where it
            # stands: inside an async function (or a comprehension awaited there);
            # an asynchronous generator expression may stand anywhere
            outer = next((u for u in reversed(self.stack) if not u.scope.comprehension), None)
            if outer is None or not outer.scope.coroutine:
                self.error("asynchronous comprehension outside of an asynchronous function",
                           _loc(e))
        self.u.argcount = 1
        if ctype == "list":
            self.emit("BUILD_LIST", 0)
        elif ctype == "set":
            self.emit("BUILD_SET", 0)
        elif ctype == "dict":
            self.emit("BUILD_MAP", 0)
        self.comprehension_generator(generators, 0, 0, elt, val, ctype)
        if ctype != "genexp":
            self.emit("RETURN_VALUE")
            code = self.make_code(add_return=False)
        else:
            code = self.make_code()
        self.exit_scope()
        self.emit("PUSH_NULL")
        self.make_closure(code, 0)
        self.visit_iter(outermost.iter)
        self.emit("GET_AITER" if outermost.is_async else "GET_ITER")
        self.emit("CALL", 1)
        if code.co_flags & opcodes.CO_COROUTINE:
            self.await_top()        # (an await inside: the comprehension is a coroutine)

    def comprehension_generator(self, generators, gen_index, depth, elt, val, ctype):
        start = Label("comp_start")
        if_cleanup = Label("comp_if_cleanup")
        anchor = Label("comp_anchor")
        gen = generators[gen_index]
        if gen_index == 0:
            self.emit("LOAD_FAST", self.u.add_varname(".0"))
        else:
            it = gen.iter
            elts = None
            if _kind(it) in ("List", "Tuple"):
                elts = list(it.elts)
            if elts is not None and len(elts) == 1 and _kind(elts[0]) != "Starred" and \
                    not gen.is_async:
                self.visit(elts[0])
                start = None
            else:
                self.visit_iter(it)
                self.emit("GET_AITER" if gen.is_async else "GET_ITER")
        if start is None:
            pass
        elif gen.is_async:
            # [aiter] -> [aiter, await aiter.__anext__()] until StopAsyncIteration
            depth += 1
            self.label(start)
            self.emit("SETUP_FINALLY", anchor)
            self.emit("GET_ANEXT")
            self.load_const(None)
            self.send_loop()
            self.emit("POP_BLOCK")
        else:
            depth += 1
            self.label(start)
            self.emit("FOR_ITER", anchor)
        self.visit(gen.target)
        for cond in gen.ifs or ():
            self.jump_if(cond, if_cleanup, False)
        gen_index += 1
        if gen_index < len(generators):
            self.comprehension_generator(generators, gen_index, depth, elt, val, ctype)
        else:
            if ctype == "genexp":
                self.visit(elt)
                if self.u.scope.coroutine:
                    self.emit("ASYNC_GEN_WRAP")
                self.emit("YIELD_VALUE")
                self.emit("POP_TOP")
            elif ctype == "list":
                self.visit(elt)
                self.emit("LIST_APPEND", depth + 1)
            elif ctype == "set":
                self.visit(elt)
                self.emit("SET_ADD", depth + 1)
            else:
                self.visit(elt)
                self.visit(val)
                self.emit("MAP_ADD", depth + 1)
        self.label(if_cleanup)
        if start is not None:
            self.emit("JUMP", start)
            self.label(anchor)
            if gen.is_async:
                self.emit("END_ASYNC_FOR")


_FUTURE_FEATURES = frozenset((
    "nested_scopes", "generators", "division", "absolute_import", "with_statement",
    "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations"))

# ast.unparse's spelling of the operators, and their precedence (higher binds tighter)
_UNPARSE_BINOP = {"BitOr": ("|", 4), "BitXor": ("^", 5), "BitAnd": ("&", 6),
                  "LShift": ("<<", 7), "RShift": (">>", 7), "Add": ("+", 8), "Sub": ("-", 8),
                  "Mult": ("*", 9), "MatMult": ("@", 9), "Div": ("/", 9), "Mod": ("%", 9),
                  "FloorDiv": ("//", 9), "Pow": ("**", 11)}
_UNPARSE_UNARY = {"USub": "-", "UAdd": "+", "Invert": "~", "Not": "not "}


def unparse(e, prec=0):
    """The text ``ast.unparse`` gives an annotation expression (what a PEP 563
    annotation stores): names, attributes, subscripts, constants, tuples,
    lists, ``|`` and the other operators, calls."""
    k = _kind(e)
    if k == "Name":
        return e.id
    if k == "Constant":
        v = e.value
        return "..." if v is Ellipsis else repr(v)
    if k == "Attribute":
        return unparse(e.value, 20) + "." + e.attr
    if k == "Subscript":
        sl = e.slice
        if _kind(sl) == "Tuple" and sl.elts:
            inner = ", ".join(unparse(x) for x in sl.elts)
        else:
            inner = unparse(sl)
        return unparse(e.value, 20) + "[" + inner + "]"
    if k == "Tuple":
        if len(e.elts) == 1:
            return "(" + unparse(e.elts[0]) + ",)"
        return "(" + ", ".join(unparse(x) for x in e.elts) + ")"
    if k == "List":
        return "[" + ", ".join(unparse(x) for x in e.elts) + "]"
    if k == "BinOp":
        op, p = _UNPARSE_BINOP[_kind(e.op)]
        right = p + 1 if op != "**" else p
        left = p if op != "**" else p + 1
        text = "%s %s %s" % (unparse(e.left, left), op, unparse(e.right, right))
        return "(" + text + ")" if p < prec else text
    if k == "UnaryOp":
        op = _UNPARSE_UNARY[_kind(e.op)]
        p = 3 if op == "not " else 10
        text = op + unparse(e.operand, p)
        return "(" + text + ")" if p < prec else text
    if k == "Call":
        parts = [unparse(a) for a in e.args]
        parts += ["%s=%s" % (kw.arg, unparse(kw.value)) if kw.arg else "**" + unparse(kw.value)
                  for kw in e.keywords]
        return unparse(e.func, 20) + "(" + ", ".join(parts) + ")"
    raise InternalError("cannot unparse a %s annotation" % k)


def compile_module(tree, filename="<string>", source=None, mode="exec", optimize=0):
    """Compile a Module (mode "exec"), Interactive ("single") or Expression ("eval")
    tree; ``optimize`` is CPython's level: 1 (-O) drops asserts and makes
    ``__debug__`` False, 2 (-OO) also drops docstrings."""
    kind = _kind(tree)
    expected = {"exec": "Module", "single": "Interactive", "eval": "Expression"}.get(mode)
    if expected is None:
        raise ValueError("compile_module() mode must be 'exec', 'eval' or 'single'")
    if kind != expected:
        raise ValueError("mode %r expects a %s tree, got %s" % (mode, expected, kind))
    # the passes recurse over the tree: give deeply nested sources
    # (a + b + ... with thousands of terms, long elif chains) room, as CPython does
    old_limit = sys.getrecursionlimit()
    if old_limit < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    # (the host's cycle collector would keep re-scanning the tree and the
    # growing tables: paused while compiling)
    gc_enabled = gc.isenabled()
    gc.disable()
    try:
        symtab = st.build_symtable(tree, filename, source)
        gen = CodeGen(symtab, filename, source, interactive=(kind == "Interactive"),
                      optimize=optimize)
        return gen.compile_module(tree)
    finally:
        if gc_enabled:
            gc.enable()
        if old_limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(old_limit)


_RECURSION_LIMIT = 30000
