"""Disassembler: CPython-``dis``-style listings of minipy code objects.

Everything is driven by the instruction table (``opcodes.py``): the operand
kind of each row decides how its operand is rendered.  Offsets are shown as
``instruction index * 2`` so listings look like CPython's wordcode offsets;
jump operands are shown the same way (``to N``).  Nested code objects are
listed after their parent under ``Disassembly of <code object ...>:`` headers;
their addresses are a stable fake counter (``0x0``, ``0x1``, ...) so listings
are reproducible.
"""

import sys

from minipy.bytecode import opcodes
from minipy.bytecode.code import CodeObject

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5

_CONVERSION_NAMES = {opcodes.FVC_NONE: "", opcodes.FVC_STR: "str",
                     opcodes.FVC_REPR: "repr", opcodes.FVC_ASCII: "ascii"}
_MAKE_FUNCTION_FLAGS = [(opcodes.MF_DEFAULTS, "defaults"), (opcodes.MF_KWDEFAULTS, "kwdefaults"),
                        (opcodes.MF_CLOSURE, "closure")]


class _Addresses:
    """Stable fake addresses for code objects, in listing order."""

    def __init__(self):
        self.ids = {}

    def of(self, code):
        key = id(code)
        if key not in self.ids:
            self.ids[key] = (len(self.ids), code)
        return self.ids[key][0]

    def code_repr(self, code):
        return '<code object %s at 0x%x, file "%s", line %d>' % (
            code.co_name, self.of(code), code.co_filename, code.co_firstlineno)


def _const_repr(value, addresses):
    if isinstance(value, CodeObject):
        return addresses.code_repr(value)
    return repr(value)


def _deref_name(code, i):
    names = tuple(code.co_cellvars) + tuple(code.co_freevars)
    return names[i] if 0 <= i < len(names) else "?"


def argrepr(code, opcode, arg, addresses=None):
    """The parenthesised detail shown after an operand ('' for none)."""
    addresses = addresses or _Addresses()
    kind = opcodes.OPERAND_KIND[opcode]
    name = opcodes.OPNAME[opcode]
    try:
        if kind == "const":
            return _const_repr(code.co_consts[arg], addresses)
        if kind == "name":
            return code.co_names[arg]
        if kind == "local":
            return code.co_varnames[arg]
        if kind == "deref":
            return _deref_name(code, arg)
        if kind == "jump":
            return "to %d" % (arg * 2)
        if kind == "binop":
            return opcodes.BINARY_OPS[arg][0]
        if kind == "cmpop":
            return opcodes.COMPARE_OPS[arg][0]
    except (IndexError, TypeError):
        return "?"
    if name == "IS_OP":
        return "is not" if arg else "is"
    if name == "CONTAINS_OP":
        return "not in" if arg else "in"
    if name == "FORMAT_VALUE":
        text = _CONVERSION_NAMES.get(arg & opcodes.FVC_MASK, "")
        if arg & opcodes.FVS_HAVE_SPEC:
            text = (text + ", " if text else "") + "with format"
        return text
    if name == "MAKE_FUNCTION":
        return ", ".join(n for bit, n in _MAKE_FUNCTION_FLAGS if arg & bit)
    if name == "CALL_FUNCTION_EX":
        return "kwargs" if arg & 1 else ""
    return ""


def _jump_targets(code):
    targets = set()
    for op, arg in zip(code.co_code, code.co_arg):
        if op in opcodes.HAS_JUMP:
            targets.add(arg)
    return targets


def disassemble(code, file=None, addresses=None):
    """List the instructions of one code object (no nested code objects)."""
    file = file if file is not None else sys.stdout
    addresses = addresses or _Addresses()
    lines = list(code.co_lines) if code.co_lines else []
    show_lineno = any(l is not None for l in lines)
    if show_lineno:
        maxline = max(l for l in lines if l is not None)
        lineno_width = len(str(maxline)) if maxline >= 1000 else 3
    else:
        lineno_width = 0
    maxoffset = (len(code.co_code) - 1) * 2
    offset_width = len(str(maxoffset)) if maxoffset >= 10000 else 4
    targets = _jump_targets(code)
    prev_line = None
    for i, (op, arg) in enumerate(zip(code.co_code, code.co_arg)):
        line = lines[i] if i < len(lines) else None
        starts_line = None
        if show_lineno and line is not None and line != prev_line:
            starts_line = line
            prev_line = line
            if i > 0:
                print(file=file)
        fields = []
        if lineno_width:
            if starts_line is not None:
                fields.append(("%%%dd" % lineno_width) % starts_line)
            else:
                fields.append(" " * lineno_width)
        fields.append("   ")
        fields.append(">>" if i in targets else "  ")
        fields.append(repr(i * 2).rjust(offset_width))
        fields.append(opcodes.OPNAME[op].ljust(_OPNAME_WIDTH))
        if opcodes.OPERAND_KIND[op] != "none":
            fields.append(repr(arg).rjust(_OPARG_WIDTH))
            detail = argrepr(code, op, arg, addresses)
            if detail:
                fields.append("(" + detail + ")")
        print(" ".join(fields).rstrip(), file=file)


def dis(code, file=None):
    """Disassemble ``code`` and, recursively, the code objects in its constants."""
    file = file if file is not None else sys.stdout
    addresses = _Addresses()
    addresses.of(code)
    _dis_recursive(code, file, addresses)


def _dis_recursive(code, file, addresses):
    disassemble(code, file, addresses)
    for const in code.co_consts:
        if isinstance(const, CodeObject):
            print(file=file)
            print("Disassembly of %s:" % addresses.code_repr(const), file=file)
            _dis_recursive(const, file, addresses)


def dis_to_string(code):
    """The listing ``dis`` would print, as a string."""
    import io
    buf = io.StringIO()
    dis(code, buf)
    return buf.getvalue()


def code_info(code):
    """A short summary of a code object's attributes (like ``dis.code_info``)."""
    flag_names = [(opcodes.CO_OPTIMIZED, "OPTIMIZED"), (opcodes.CO_NEWLOCALS, "NEWLOCALS"),
                  (opcodes.CO_VARARGS, "VARARGS"), (opcodes.CO_VARKEYWORDS, "VARKEYWORDS"),
                  (opcodes.CO_NESTED, "NESTED"), (opcodes.CO_GENERATOR, "GENERATOR"),
                  (opcodes.CO_COROUTINE, "COROUTINE"),
                  (opcodes.CO_ITERABLE_COROUTINE, "ITERABLE_COROUTINE"),
                  (opcodes.CO_ASYNC_GENERATOR, "ASYNC_GENERATOR")]
    out = [
        "Name:              %s" % code.co_name,
        "Qualified name:    %s" % code.co_qualname,
        "Filename:          %s" % code.co_filename,
        "Argument count:    %d" % code.co_argcount,
        "Positional-only arguments: %d" % code.co_posonlyargcount,
        "Kw-only arguments: %d" % code.co_kwonlyargcount,
        "Number of locals:  %d" % len(code.co_varnames),
        "Stack size:        %d" % code.co_stacksize,
        "Flags:             %s" % (", ".join(n for bit, n in flag_names if code.co_flags & bit)
                                   or "0"),
    ]
    for title, seq in (("Constants", code.co_consts), ("Names", code.co_names),
                       ("Variable names", code.co_varnames), ("Cell variables", code.co_cellvars),
                       ("Free variables", code.co_freevars)):
        if seq:
            out.append("%s:" % title)
            for i, v in enumerate(seq):
                out.append("%4d: %s" % (i, repr(v) if title == "Constants" else v))
    return "\n".join(out)


__all__ = ["dis", "disassemble", "dis_to_string", "argrepr", "code_info"]
