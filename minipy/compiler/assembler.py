"""Assembler: pseudo-instructions with labels -> a finished CodeObject.

The code generator emits a flat list of ``Instr`` (opcode name, operand,
position) with ``Label`` markers in between.  The assembler

* resolves labels to absolute instruction indexes,
* drops unreachable instructions and jumps to the next instruction,
* computes ``co_stacksize`` by a flow analysis driven only by
  ``opcodes.stack_effect`` (fall-through edge and jump edge; for ``SETUP_*``
  the jump edge is the handler entry with the handler's effect), raising
  ``InternalError`` when two paths reach an instruction with different
  depths, when the depth goes negative or when control falls off the end,
* fills ``co_code``, ``co_arg``, ``co_lines`` and ``co_positions``.
"""

from ..bytecode import opcodes
from ..bytecode.code import CodeObject
from ..errors import InternalError

_JUMP = opcodes.OPCODE["JUMP"]
_NO_POSITION = (None, None, None, None)


class Label:
    """A jump target; ``index`` is set by the assembler."""
    __slots__ = ("index", "name")

    def __init__(self, name=""):
        self.index = None
        self.name = name

    def __repr__(self):
        return "<Label %s %s>" % (self.name, self.index)


class Instr:
    __slots__ = ("op", "arg", "pos")

    def __init__(self, op, arg, pos):
        self.op = op          # numeric opcode
        self.arg = arg        # int, or a Label for jumps
        self.pos = pos        # (lineno, end_lineno, col_offset, end_col_offset)

    def __repr__(self):
        return "Instr(%s, %r)" % (opcodes.OPNAME[self.op], self.arg)


def _resolve(items):
    """Flatten labels: (ops, args, positions), three parallel lists, with jump
    operands turned into instruction indexes."""
    ops = []
    args = []
    positions = []
    for item in items:
        if item.__class__ is Label:
            item.index = len(ops)
        else:
            ops.append(item.op)
            args.append(item.arg)
            positions.append(item.pos)
    n = len(ops)
    has_jump = opcodes.HAS_JUMP
    for i in range(n):
        if ops[i] in has_jump:
            arg = args[i]
            if arg.__class__ is not Label or arg.index is None:
                raise InternalError("unplaced jump target %r" % (arg,))
            arg = arg.index
            if arg >= n:
                raise InternalError("jump past the end of the code (%s)" % opcodes.OPNAME[ops[i]])
            args[i] = arg
    return ops, args, positions


def _compact(ops, args, positions):
    """Remove unreachable instructions and jumps to the next instruction."""
    has_jump = opcodes.HAS_JUMP
    no_fallthrough = opcodes.NO_FALLTHROUGH
    while True:
        n = len(ops)
        reachable = [False] * n
        work = [0] if n else []
        while work:
            i = work.pop()
            if i >= n:
                raise InternalError("control falls off the end of the code")
            if reachable[i]:
                continue
            reachable[i] = True
            op = ops[i]
            if op not in no_fallthrough:
                work.append(i + 1)
            if op in has_jump:
                work.append(args[i])
        # a jump whose target is the next reachable instruction is useless
        keep = reachable
        changed = False
        k = None
        for i in range(n - 1, -1, -1):
            if keep[i]:
                if ops[i] == _JUMP and args[i] == k:
                    keep[i] = False
                    changed = True
                else:
                    k = i
        if not changed and all(keep):
            return ops, args, positions
        newindex = [None] * (n + 1)
        j = 0
        # first kept instruction at or after each index
        nxt_kept = [None] * (n + 1)
        first = None
        for i in range(n - 1, -1, -1):
            if keep[i]:
                first = i
            nxt_kept[i] = first
        for i in range(n):
            if keep[i]:
                newindex[i] = j
                j += 1
        new_ops = []
        new_args = []
        new_pos = []
        for i in range(n):
            if keep[i]:
                op = ops[i]
                arg = args[i]
                if op in has_jump:
                    t = nxt_kept[arg]
                    if t is None:
                        raise InternalError("jump to removed code at the end")
                    arg = newindex[t]
                new_ops.append(op)
                new_args.append(arg)
                new_pos.append(positions[i])
        ops, args, positions = new_ops, new_args, new_pos


def stack_depths(co_code, co_arg, name="?"):
    """Depth of the stack before each instruction (None if unreachable), and the max."""
    n = len(co_code)
    depth = [None] * n
    maxdepth = 0
    if n == 0:
        return depth, 0
    effects = opcodes.EFFECT
    jump_effects = opcodes.JUMP_EFFECT
    has_jump = opcodes.HAS_JUMP
    no_fallthrough = opcodes.NO_FALLTHROUGH
    work = [(0, 0)]
    while work:
        i, d = work.pop()
        if i >= n:
            raise InternalError("%s: control falls off the end of the code" % name)
        seen = depth[i]
        if seen is not None:
            if seen != d:
                raise InternalError("%s: stack depth mismatch at instruction %d (%s): %d vs %d"
                                    % (name, i, opcodes.OPNAME[co_code[i]], seen, d))
            continue
        depth[i] = d
        op = co_code[i]
        arg = co_arg[i]
        e = effects[op]
        if e.__class__ is not int:
            e = e(arg)
        if op not in no_fallthrough:
            nd = d + e
            if nd < 0:
                raise InternalError("%s: negative stack depth after instruction %d (%s)"
                                    % (name, i, opcodes.OPNAME[op]))
            if nd > maxdepth:
                maxdepth = nd
            work.append((i + 1, nd))
        if op in has_jump:
            je = jump_effects[op]
            if je.__class__ is not int:
                je = je(arg)
            jd = d + je
            if jd < 0:
                raise InternalError("%s: negative stack depth on the jump of instruction %d (%s)"
                                    % (name, i, opcodes.OPNAME[op]))
            if jd > maxdepth:
                maxdepth = jd
            work.append((arg, jd))
        elif op in no_fallthrough:
            # RETURN_VALUE, RERAISE...: check they have their operands
            if d + e < 0:
                raise InternalError("%s: negative stack depth at instruction %d (%s)"
                                    % (name, i, opcodes.OPNAME[op]))
    return depth, maxdepth


def assemble(unit_items, code):
    """Fill ``code`` (a CodeObject with its tables set) from the emitted items."""
    ops, args, positions = _compact(*_resolve(unit_items))
    code.co_code = ops
    code.co_arg = [0 if a is None else a for a in args]
    code.co_positions = [p or _NO_POSITION for p in positions]
    code.co_lines = [p[0] for p in code.co_positions]
    _, code.co_stacksize = stack_depths(code.co_code, code.co_arg, code.co_qualname)
    return code


__all__ = ["Label", "Instr", "assemble", "stack_depths", "CodeObject"]
