"""The instruction set: defined once, read by the compiler, the VM and `dis`.

Each instruction is a row of ``INSTRUCTIONS``: its name, the kind of operand it
takes, its stack effect and a one-line description.  Everything else is derived
from this table: the numeric opcodes (``OPCODE[name]`` and module-level
constants such as ``LOAD_FAST``), the assembler's maximum-stack-depth
computation (``stack_effect``), the disassembler's rendering of operands, and
the VM's dispatch table (``minipy.vm`` defines one ``op_NAME`` handler per row
and a test checks there is no row without a handler).

The design follows CPython 3.11's ``Python/bytecodes.c`` in spirit, simplified
where simplification costs no fidelity:

* One instruction = (opcode, operand).  Code objects keep them as two parallel
  host lists ``co_code`` (opcodes) and ``co_arg`` (operands, 0 when unused);
  jump operands are absolute instruction indexes, not byte offsets.
* Exception handling uses a per-frame *block stack* (as CPython did up to 3.10)
  instead of 3.11's zero-cost exception table: ``SETUP_FINALLY`` /
  ``SETUP_CLEANUP`` push a block (handler index, stack level), ``POP_BLOCK``
  pops it.  When an exception is raised, the VM pops the innermost block,
  truncates the value stack to the block's level, pushes the exception object
  and jumps to the handler.  With no block left, the frame is abandoned and the
  exception moves to the caller.
* Calls use 3.11's layout: ``[NULL, callable, args...]`` for a plain call
  (``PUSH_NULL`` comes first) or ``[method, self, args...]`` after
  ``LOAD_METHOD``.  ``CALL n`` consumes n + 2 stack items and pushes the result.

Stack-effect notation in the docs: ``[a, b] -> [c]`` shows the top of the stack
on the right.  Operand kinds:

  none   no operand (co_arg is 0)
  const  index into co_consts
  name   index into co_names (globals, attributes, imported names)
  local  index into co_varnames (fast locals)
  deref  index into cell+free variables: co_cellvars + co_freevars
  jump   absolute instruction index
  count  a plain number (items, arguments)
  binop  an index into BINARY_OPS
  cmpop  an index into COMPARE_OPS
  flags  a bit set described in the row's doc
"""

# ---------------------------------------------------------------------------
# Operand tables for BINARY_OP and COMPARE_OP (index -> (symbol, dunder, rdunder))
# ---------------------------------------------------------------------------

#: BINARY_OP operand: index -> (symbol, method, reflected method, in-place method).
#: Entries 0..12 are the plain operators; 13..25 the augmented (in-place) forms,
#: in the same order, so ``inplace = plain + INPLACE_OFFSET``.
_BINARY = [
    ("+", "__add__", "__radd__"),
    ("-", "__sub__", "__rsub__"),
    ("*", "__mul__", "__rmul__"),
    ("/", "__truediv__", "__rtruediv__"),
    ("//", "__floordiv__", "__rfloordiv__"),
    ("%", "__mod__", "__rmod__"),
    ("**", "__pow__", "__rpow__"),
    ("<<", "__lshift__", "__rlshift__"),
    (">>", "__rshift__", "__rrshift__"),
    ("&", "__and__", "__rand__"),
    ("|", "__or__", "__ror__"),
    ("^", "__xor__", "__rxor__"),
    ("@", "__matmul__", "__rmatmul__"),
]
INPLACE_OFFSET = len(_BINARY)
BINARY_OPS = [(sym, m, r, "__i" + m[2:]) for sym, m, r in _BINARY] + \
             [(sym + "=", m, r, "__i" + m[2:]) for sym, m, r in _BINARY]
#: ast operator class name -> BINARY_OP operand (plain form)
BINOP_FROM_AST = {
    "Add": 0, "Sub": 1, "Mult": 2, "Div": 3, "FloorDiv": 4, "Mod": 5, "Pow": 6,
    "LShift": 7, "RShift": 8, "BitAnd": 9, "BitOr": 10, "BitXor": 11, "MatMult": 12,
}

#: COMPARE_OP operand: index -> (symbol, method, reflected method)
COMPARE_OPS = [
    ("<", "__lt__", "__gt__"),
    ("<=", "__le__", "__ge__"),
    ("==", "__eq__", "__eq__"),
    ("!=", "__ne__", "__ne__"),
    (">", "__gt__", "__lt__"),
    (">=", "__ge__", "__le__"),
]
CMPOP_FROM_AST = {"Lt": 0, "LtE": 1, "Eq": 2, "NotEq": 3, "Gt": 4, "GtE": 5}

# MAKE_FUNCTION flag bits
MF_DEFAULTS = 0x01      # a tuple of positional defaults is on the stack
MF_KWDEFAULTS = 0x02    # a dict of keyword-only defaults is on the stack
MF_ANNOTATIONS = 0x04   # a tuple (name, value, name, value...) of annotations is on the stack
MF_CLOSURE = 0x08       # a tuple of cells is on the stack

# FORMAT_VALUE flag bits (same values as CPython)
FVC_MASK = 0x3
FVC_NONE, FVC_STR, FVC_REPR, FVC_ASCII = 0x0, 0x1, 0x2, 0x3
FVS_HAVE_SPEC = 0x4

# code object flags (same values as CPython's co_flags)
CO_OPTIMIZED = 0x0001
CO_NEWLOCALS = 0x0002
CO_VARARGS = 0x0004
CO_VARKEYWORDS = 0x0008
CO_NESTED = 0x0010
CO_GENERATOR = 0x0020
CO_COROUTINE = 0x0080
CO_ITERABLE_COROUTINE = 0x0100
CO_ASYNC_GENERATOR = 0x0200
# calling code with one of these makes a generator-like object, not a run
CO_SUSPENDABLE = CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR


def _n(arg):
    return arg


# ---------------------------------------------------------------------------
# The table.  effect: int, or a function of the operand giving the effect when
# the instruction falls through.  jump_effect: for instructions with a jump
# operand, the effect on the path where the jump is taken (None = same).
# ---------------------------------------------------------------------------

INSTRUCTIONS = [
    # name, operand kind, effect, jump_effect, doc
    ("NOP", "none", 0, None, "Do nothing (a placeholder that keeps a line number)."),
    ("POP_TOP", "none", -1, None, "[x] -> []: drop the top of the stack."),
    ("PUSH_NULL", "none", 1, None, "[] -> [NULL]: the marker below a callable for a plain CALL."),
    ("COPY", "count", 1, None, "[.., x(n)] -> [.., x(n), x(n)]: push another reference to the n-th item (1 = top)."),
    ("SWAP", "count", 0, None, "Swap the top of the stack with the n-th item (n >= 2)."),

    # --- names ------------------------------------------------------------
    ("LOAD_CONST", "const", 1, None, "[] -> [co_consts[i]]."),
    ("LOAD_FAST", "local", 1, None, "[] -> [local i]; UnboundLocalError if unset."),
    ("STORE_FAST", "local", -1, None, "[x] -> []: local i = x."),
    ("DELETE_FAST", "local", 0, None, "del local i (UnboundLocalError if unset)."),
    ("LOAD_DEREF", "deref", 1, None, "[] -> [contents of cell i]; NameError/UnboundLocalError if empty."),
    ("STORE_DEREF", "deref", -1, None, "[x] -> []: cell i contents = x."),
    ("DELETE_DEREF", "deref", 0, None, "Empty cell i."),
    ("LOAD_CLOSURE", "deref", 1, None, "[] -> [cell i itself] (to build a closure tuple)."),
    ("LOAD_CLASSDEREF", "deref", 1, None,
     "Class body read of a free variable: the class namespace first, then cell i."),
    ("LOAD_GLOBAL", "name", 1, None, "[] -> [globals or builtins [co_names[i]]]; NameError if missing."),
    ("STORE_GLOBAL", "name", -1, None, "[x] -> []: globals[co_names[i]] = x."),
    ("DELETE_GLOBAL", "name", 0, None, "del globals[co_names[i]]."),
    ("LOAD_NAME", "name", 1, None, "Module/class body read: locals, then globals, then builtins."),
    ("STORE_NAME", "name", -1, None, "[x] -> []: locals[co_names[i]] = x (module/class body)."),
    ("DELETE_NAME", "name", 0, None, "del locals[co_names[i]] (module/class body)."),

    # --- attributes and subscripts --------------------------------------------
    ("LOAD_ATTR", "name", 0, None, "[obj] -> [obj.name]."),
    ("STORE_ATTR", "name", -2, None, "[value, obj] -> []: obj.name = value."),
    ("DELETE_ATTR", "name", -1, None, "[obj] -> []: del obj.name."),
    ("LOAD_METHOD", "name", 1, None,
     "[obj] -> [meth, obj] when obj.name is a plain method found on the type (no bound "
     "method is created), else [NULL, obj.name]."),
    ("BINARY_SUBSCR", "none", -1, None, "[container, key] -> [container[key]]."),
    ("STORE_SUBSCR", "none", -3, None, "[value, container, key] -> []: container[key] = value."),
    ("DELETE_SUBSCR", "none", -2, None, "[container, key] -> []: del container[key]."),
    ("BUILD_SLICE", "count", lambda n: 1 - n, None, "[start, stop(, step)] -> [slice] (n is 2 or 3)."),

    # --- operators ------------------------------------------------------------
    ("BINARY_OP", "binop", -1, None,
     "[a, b] -> [a op b]; operand indexes BINARY_OPS (in-place forms try __iop__ first)."),
    ("UNARY_POSITIVE", "none", 0, None, "[x] -> [+x]."),
    ("UNARY_NEGATIVE", "none", 0, None, "[x] -> [-x]."),
    ("UNARY_NOT", "none", 0, None, "[x] -> [not x]."),
    ("UNARY_INVERT", "none", 0, None, "[x] -> [~x]."),
    ("COMPARE_OP", "cmpop", -1, None, "[a, b] -> [a cmp b]; operand indexes COMPARE_OPS."),
    ("IS_OP", "count", -1, None, "[a, b] -> [a is b] (operand 1: is not)."),
    ("CONTAINS_OP", "count", -1, None, "[a, b] -> [a in b] (operand 1: not in)."),

    # --- building containers ------------------------------------------------------
    ("BUILD_TUPLE", "count", lambda n: 1 - n, None, "[x1..xn] -> [(x1, .., xn)]."),
    ("BUILD_LIST", "count", lambda n: 1 - n, None, "[x1..xn] -> [[x1, .., xn]]."),
    ("BUILD_SET", "count", lambda n: 1 - n, None, "[x1..xn] -> [{x1, .., xn}]."),
    ("BUILD_MAP", "count", lambda n: 1 - 2 * n, None, "[k1, v1 .. kn, vn] -> [{k1: v1, ..}]."),
    ("BUILD_STRING", "count", lambda n: 1 - n, None, "[s1..sn] -> [s1 + .. + sn] (all str)."),
    ("LIST_APPEND", "count", -1, None, "[.., list(i), .., x] -> [.., list, ..]: list is the i-th item after popping x (comprehensions)."),
    ("SET_ADD", "count", -1, None, "Like LIST_APPEND for a set."),
    ("MAP_ADD", "count", -2, None, "[.., dict(i), .., k, v] -> [.., dict, ..]: dict[k] = v (i counted after popping k, v)."),
    ("LIST_EXTEND", "count", -1, None, "[.., list(i), .., iterable] -> [..]: list.extend(iterable) (star unpacking)."),
    ("SET_UPDATE", "count", -1, None, "[.., set(i), .., iterable] -> [..]: set.update(iterable)."),
    ("DICT_UPDATE", "count", -1, None, "[.., dict(i), .., mapping] -> [..]: dict.update(mapping) ({**m})."),
    ("DICT_MERGE", "count", -1, None,
     "Like DICT_UPDATE for f(**m): TypeError on a repeated keyword or a non-mapping."),
    ("LIST_TO_TUPLE", "none", 0, None, "[list] -> [tuple(list)]."),
    ("FORMAT_VALUE", "flags", lambda f: -1 if f & FVS_HAVE_SPEC else 0, None,
     "[value(, spec)] -> [formatted str]; flags & 3: 0 none, 1 str(), 2 repr(), 3 ascii(); "
     "flags & 4: a format spec is on the stack."),
    ("UNPACK_SEQUENCE", "count", lambda n: n - 1, None,
     "[seq] -> [xn .. x1] (x1 on top): exactly n items, else ValueError."),
    ("UNPACK_EX", "count", lambda a: (a & 0xFF) + (a >> 8), None,
     "[seq] -> [after.., list, before..]: operand = before | after << 8; the starred "
     "target gets a list; the first item ends on top."),

    # --- iteration and jumps ---------------------------------------------------------
    ("GET_ITER", "none", 0, None, "[iterable] -> [iter(iterable)]."),
    ("FOR_ITER", "jump", 1, -1, "[it] -> [it, next(it)], or pop it and jump when exhausted."),
    ("JUMP", "jump", 0, None, "Jump unconditionally."),
    ("POP_JUMP_IF_FALSE", "jump", -1, None, "[x] -> []: jump if not x."),
    ("POP_JUMP_IF_TRUE", "jump", -1, None, "[x] -> []: jump if x."),
    ("JUMP_IF_FALSE_OR_POP", "jump", -1, 0, "If not TOS jump keeping it, else pop it (and)."),
    ("JUMP_IF_TRUE_OR_POP", "jump", -1, 0, "If TOS jump keeping it, else pop it (or)."),

    # --- calls and functions ------------------------------------------------------------
    ("CALL", "count", lambda n: -n - 1, None,
     "[NULL, f, a1..an] -> [f(a1..an)], or [meth, self, a1..an] -> [meth(self, a1..an)]."),
    ("CALL_KW", "count", lambda n: -n - 2, None,
     "[NULL|meth, f|self, a1..an, names] -> [result]: names is a tuple of str (LOAD_CONST) "
     "naming the last len(names) arguments, which are keyword arguments."),
    ("CALL_FUNCTION_EX", "flags", lambda f: -2 - (f & 1), None,
     "[NULL, f, args_tuple(, kwargs_dict)] -> [f(*args, **kwargs)]; flags & 1: kwargs present."),
    ("MAKE_FUNCTION", "flags", lambda f: -bin(f & 0xF).count("1"), None,
     "[(defaults), (kwdefaults), (annotations), (closure), code] -> [function]: the optional "
     "items are present per MF_DEFAULTS/MF_KWDEFAULTS/MF_ANNOTATIONS/MF_CLOSURE, pushed in "
     "that order before the code."),
    ("RETURN_VALUE", "none", -1, None, "[x] -> return x to the caller (or end the generator)."),
    ("YIELD_VALUE", "none", 0, None, "[x] -> [sent]: suspend the generator yielding x; resume with the sent value."),
    ("ASYNC_GEN_WRAP", "none", 0, None,
     "[x] -> [wrapped x]: marks what an async generator yields to its consumer, as distinct "
     "from what its awaits pass up to the event loop."),
    ("GET_YIELD_FROM_ITER", "none", 0, None, "[x] -> [iter(x)] (a generator stays itself)."),
    ("GET_AWAITABLE", "none", 0, None,
     "[x] -> [awaitable]: a coroutine stays itself, else x.__await__() (an iterator)."),
    ("GET_AITER", "none", 0, None, "[x] -> [x.__aiter__()] (async for)."),
    ("GET_ANEXT", "none", 1, None,
     "[aiter] -> [aiter, awaitable of aiter.__anext__()] (async for)."),
    ("END_ASYNC_FOR", "none", -2, None,
     "[aiter, exc] -> []: the async for is over when exc is StopAsyncIteration; else re-raise it."),
    ("SEND", "jump", 0, -1,
     "[receiver, v] -> [receiver, yielded] after receiver.send(v) (next() when v is None); "
     "when the receiver finishes: -> [return value] and jump."),
    ("LOAD_BUILD_CLASS", "none", 1, None, "[] -> [__build_class__]."),

    # --- exceptions ---------------------------------------------------------------------------
    ("SETUP_FINALLY", "jump", 0, 1,
     "Push a block (handler = operand, level = stack depth): an exception unwinds to it."),
    ("SETUP_CLEANUP", "jump", 0, 0,
     "Like SETUP_FINALLY, but the level excludes the top item, so the handler sees "
     "[.., new exception] in place of the top item."),
    ("POP_BLOCK", "none", 0, None, "Pop the innermost block of this frame."),
    ("PUSH_EXC_INFO", "none", 1, None,
     "[exc] -> [prev, exc]: exc becomes the exception being handled (sys.exc_info); prev is the one it replaces."),
    ("POP_EXCEPT", "none", -1, None, "[prev] -> []: the exception being handled goes back to prev."),
    ("POP_EXCEPT_RERAISE", "none", -2, None,
     "[prev, exc] -> raise: restore prev as the handled exception and re-raise exc unchanged."),
    ("CHECK_EXC_MATCH", "none", 0, None, "[exc, type] -> [exc, isinstance(exc, type)]; TypeError for a non-exception type."),
    ("CHECK_EG_MATCH", "none", 0, None,
     "[exc, type] -> [rest, match]: split exc (an exception group, or a lone exception "
     "wrapped in one) by type for except*; match None when nothing matches, rest None when "
     "all does; a match becomes the handled exception."),
    ("PREP_RERAISE_STAR", "none", -1, None,
     "[orig, excs] -> [exc or None]: what leaves a try/except* block: the unhandled and "
     "re-raised parts of orig (in orig's shape) plus what the handlers raised."),
    ("RERAISE", "none", -1, None, "[exc] -> re-raise exc without adding a traceback entry."),
    ("RAISE_VARARGS", "count", lambda n: -n, None,
     "raise (n=0: re-raise the handled exception), raise exc (n=1), raise exc from cause (n=2)."),
    ("LOAD_ASSERTION_ERROR", "none", 1, None, "[] -> [AssertionError]."),
    ("BEFORE_WITH", "none", 1, None, "[mgr] -> [mgr.__exit__ bound, mgr.__enter__()]."),
    ("BEFORE_ASYNC_WITH", "none", 1, None,
     "[mgr] -> [mgr.__aexit__ bound, mgr.__aenter__()] (to be awaited)."),
    ("WITH_EXIT", "none", -1, None, "[exit] -> []: call exit(None, None, None) and drop the result."),
    ("WITH_EXCEPT_START", "none", 1, None,
     "[exit, prev, exc] -> [exit, prev, exc, exit(type(exc), exc, tb)]."),

    # --- modules and the REPL ----------------------------------------------------------
    ("IMPORT_NAME", "name", -1, None,
     "[level, fromlist] -> [module]: import co_names[i] (the top package unless fromlist)."),
    ("IMPORT_FROM", "name", 1, None, "[module] -> [module, module.name] (ImportError if missing)."),
    ("IMPORT_STAR", "none", -1, None, "[module] -> []: copy its public names into locals."),
    ("SETUP_ANNOTATIONS", "none", 0, None, "Create an empty __annotations__ dict in the namespace if it has none."),
    ("PRINT_EXPR", "none", -1, None, "[x] -> []: REPL echo: print repr(x) unless None, and bind builtins._."),

    # --- structural pattern matching (the match statement) -------------------------------
    ("GET_LEN", "none", 1, None, "[x] -> [x, len(x)]."),
    ("MATCH_MAPPING", "none", 1, None,
     "[x] -> [x, True] if x is a mapping (dict and its subclasses...), else [x, False]."),
    ("MATCH_SEQUENCE", "none", 1, None,
     "[x] -> [x, True] if x is a sequence for a pattern (list, tuple, range, deque... "
     "and their subclasses; not str, bytes, bytearray), else [x, False]."),
    ("MATCH_KEYS", "none", 1, None,
     "[map, keys] -> [map, keys, values]: values is a tuple of map's values for the tuple "
     "of keys (looked up with map.get), or None when a key is missing."),
    ("MATCH_CLASS", "count", -2, None,
     "[subject, cls, names] -> [attrs]: if isinstance(subject, cls), a tuple of the n "
     "attributes named by cls.__match_args__ then those named by the tuple names; "
     "None when it does not match."),
]

# Derived tables -------------------------------------------------------------------

OPNAME = [row[0] for row in INSTRUCTIONS]
OPCODE = {name: i for i, name in enumerate(OPNAME)}
OPERAND_KIND = [row[1] for row in INSTRUCTIONS]
DOC = {row[0]: row[4] for row in INSTRUCTIONS}
HAS_JUMP = frozenset(i for i, row in enumerate(INSTRUCTIONS) if row[1] == "jump")
#: instructions after which control never falls through
NO_FALLTHROUGH = frozenset(OPCODE[n] for n in (
    "JUMP", "RETURN_VALUE", "RERAISE", "RAISE_VARARGS", "POP_EXCEPT_RERAISE"))

globals().update(OPCODE)       # LOAD_FAST etc. as module constants


# effect and taken-jump effect by opcode (from the table; the assembler's
# stack-depth analysis reads these directly)
EFFECT = [row[2] for row in INSTRUCTIONS]
JUMP_EFFECT = [row[2] if row[3] is None else row[3] for row in INSTRUCTIONS]


def stack_effect(opcode, arg, jump=False):
    """Net change of the stack depth for one instruction (taken jump if ``jump``)."""
    effect = JUMP_EFFECT[opcode] if jump else EFFECT[opcode]
    if effect.__class__ is not int:
        return effect(arg)
    return effect
