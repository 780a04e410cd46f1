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
    """Flatten labels: return (instrs, targets) with jump args as indexes."""
    instrs = []
    for item in items:
        if isinstance(item, Label):
            item.index = len(instrs)
        else:
            instrs.append(item)
    out = []
    for ins in instrs:
        arg = ins.arg
        if ins.op in opcodes.HAS_JUMP:
            if not isinstance(arg, Label) or arg.index is None:
                raise InternalError("unplaced jump target %r" % (arg,))
            arg = arg.index
            if arg >= len(instrs):
                raise InternalError("jump past the end of the code (%s)" % opcodes.OPNAME[ins.op])
        out.append(Instr(ins.op, arg, ins.pos))
    return out


def _successors(instrs, i):
    ins = instrs[i]
    succ = []
    if ins.op not in opcodes.NO_FALLTHROUGH:
        succ.append(i + 1)
    if ins.op in opcodes.HAS_JUMP:
        succ.append(ins.arg)
    return succ


def _compact(instrs):
    """Remove unreachable instructions and jumps to the next instruction."""
    while True:
        n = len(instrs)
        reachable = [False] * n
        work = [0] if n else []
        while work:
            i = work.pop()
            if i >= n:
                raise InternalError("control falls off the end of the code")
            if reachable[i]:
                continue
            reachable[i] = True
            work.extend(_successors(instrs, i))
        # a jump whose target is the next reachable instruction is useless
        nxt = [None] * (n + 1)
        k = None
        for i in range(n - 1, -1, -1):
            nxt[i] = k
            if reachable[i]:
                k = i
        changed = False
        keep = list(reachable)
        for i in range(n):
            ins = instrs[i]
            if keep[i] and ins.op == _JUMP and ins.arg == nxt[i]:
                keep[i] = False
                changed = True
        if all(keep) and not changed:
            return instrs
        newindex = [None] * n
        j = 0
        for i in range(n):
            if keep[i]:
                newindex[i] = j
                j += 1

        def target(t):
            # first kept instruction at or after t
            while t < n and not keep[t]:
                t += 1
            if t >= n:
                raise InternalError("jump to removed code at the end")
            return newindex[t]
        out = []
        for i in range(n):
            if keep[i]:
                ins = instrs[i]
                arg = ins.arg
                if ins.op in opcodes.HAS_JUMP:
                    arg = target(arg)
                out.append(Instr(ins.op, arg, ins.pos))
        instrs = out


def stack_depths(co_code, co_arg, name="?"):
    """Depth of the stack before each instruction (None if unreachable), and the max."""
    n = len(co_code)
    depth = [None] * n
    maxdepth = 0
    if n == 0:
        return depth, 0
    work = [(0, 0)]
    while work:
        i, d = work.pop()
        if i >= n:
            raise InternalError("%s: control falls off the end of the code" % name)
        if depth[i] is not None:
            if depth[i] != d:
                raise InternalError("%s: stack depth mismatch at instruction %d (%s): %d vs %d"
                                    % (name, i, opcodes.OPNAME[co_code[i]], depth[i], d))
            continue
        depth[i] = d
        op, arg = co_code[i], co_arg[i]
        if op not in opcodes.NO_FALLTHROUGH:
            nd = d + opcodes.stack_effect(op, arg, jump=False)
            if nd < 0:
                raise InternalError("%s: negative stack depth after instruction %d (%s)"
                                    % (name, i, opcodes.OPNAME[op]))
            maxdepth = max(maxdepth, nd)
            work.append((i + 1, nd))
        if op in opcodes.HAS_JUMP:
            jd = d + opcodes.stack_effect(op, arg, jump=True)
            if jd < 0:
                raise InternalError("%s: negative stack depth on the jump of instruction %d (%s)"
                                    % (name, i, opcodes.OPNAME[op]))
            maxdepth = max(maxdepth, jd)
            work.append((arg, jd))
        elif op in opcodes.NO_FALLTHROUGH:
            # RETURN_VALUE, RERAISE...: check they have their operands
            nd = d + opcodes.stack_effect(op, arg)
            if nd < 0:
                raise InternalError("%s: negative stack depth at instruction %d (%s)"
                                    % (name, i, opcodes.OPNAME[op]))
    return depth, maxdepth


def assemble(unit_items, code):
    """Fill ``code`` (a CodeObject with its tables set) from the emitted items."""
    instrs = _compact(_resolve(unit_items))
    code.co_code = [ins.op for ins in instrs]
    code.co_arg = [ins.arg if ins.arg is not None else 0 for ins in instrs]
    code.co_positions = [ins.pos or _NO_POSITION for ins in instrs]
    code.co_lines = [p[0] for p in code.co_positions]
    _, code.co_stacksize = stack_depths(code.co_code, code.co_arg, code.co_qualname)
    return code


__all__ = ["Label", "Instr", "assemble", "stack_depths", "CodeObject"]
