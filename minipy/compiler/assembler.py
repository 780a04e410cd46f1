"""Assembler: the code generator's instruction lists -> a finished CodeObject.

The code generator emits into three parallel lists (opcodes, operands,
source positions); a jump's operand is a ``Label``, whose ``index`` the
generator sets when it places the label.  The assembler

* resolves labels to absolute instruction indexes,
* computes the stack depth before every instruction by a flow analysis
  driven only by the instruction table's stack effects (fall-through edge
  and jump edge; for ``SETUP_*`` the jump edge is the handler entry with the
  handler's effect), raising ``InternalError`` when two paths reach an
  instruction with different depths, when the depth goes negative or when
  control falls off the end; the largest depth is ``co_stacksize``,
* drops what that analysis never reached and jumps to the next instruction
  (neither changes the depth of what is kept),
* fills ``co_code``, ``co_arg``, ``co_lines`` and ``co_positions``.
"""

from operator import itemgetter

from ..bytecode import opcodes
from ..bytecode.code import CodeObject
from ..errors import InternalError

_JUMP = opcodes.OPCODE["JUMP"]
_NO_POSITION = (None, None, None, None)
_first = itemgetter(0)
# the instructions that jump or do not fall through (the others just change the depth)
_FLOW = opcodes.HAS_JUMP | opcodes.NO_FALLTHROUGH


class Label:
    """A jump target; the code generator sets ``index`` when it places it."""
    __slots__ = ("index", "name")

    def __init__(self, name=""):
        self.index = None
        self.name = name

    def __repr__(self):
        return "<Label %s %s>" % (self.name, self.index)


def _resolve(ops, args):
    """Jump operands (Labels) -> instruction indexes, absent operands -> 0 (in
    place); returns the indexes of the jump instructions."""
    n = len(ops)
    has_jump = opcodes.HAS_JUMP
    jumps = [i for i, op in enumerate(ops) if op in has_jump]
    for i in jumps:
        arg = args[i]
        if arg.__class__ is not Label:
            raise InternalError("a jump without a label (%s)" % opcodes.OPNAME[ops[i]])
        target = arg.index
        if target is None:
            raise InternalError("unplaced jump target %r" % (arg,))
        if target >= n:
            raise InternalError("jump past the end of the code (%s)" % opcodes.OPNAME[ops[i]])
        args[i] = target
    if None in args:
        args[:] = [0 if a is None else a for a in args]
    return jumps


def _compact(ops, args, positions, depth):
    """Remove the instructions the flow analysis never reached (depth None)
    and jumps whose target is the next instruction kept; retarget jumps."""
    n = len(ops)
    nxt = n                         # the next kept instruction after i (n: the end)
    nxt_kept = [n] * (n + 1)        # first kept instruction at or after each index
    from_end = [0] * (n + 1)        # kept instructions from each kept one to the end
    kept = 0
    for i in range(n - 1, -1, -1):
        if depth[i] is None or (ops[i] == _JUMP and args[i] > i and nxt_kept[args[i]] == nxt):
            nxt_kept[i] = nxt
        else:
            nxt_kept[i] = nxt = i
            kept += 1
            from_end[i] = kept
    if kept == n:
        return ops, args, positions
    has_jump = opcodes.HAS_JUMP
    new_ops = []
    new_args = []
    new_pos = []
    for i in range(n):
        if nxt_kept[i] == i:
            op = ops[i]
            arg = args[i]
            if op in has_jump:
                t = nxt_kept[arg]
                if t == n:
                    raise InternalError("jump to removed code at the end")
                arg = kept - from_end[t]        # the target's index in the new code
            new_ops.append(op)
            new_args.append(arg)
            new_pos.append(positions[i])
    return new_ops, new_args, new_pos


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
    flow = _FLOW
    work = [0, 0]                   # (instruction, depth) pairs still to follow, flattened
    while work:
        d = work.pop()
        i = work.pop()
        while True:                 # follow the fall-through edges from i
            if i >= n:
                raise InternalError("%s: control falls off the end of the code" % name)
            seen = depth[i]
            if seen is not None:
                if seen != d:
                    raise InternalError("%s: stack depth mismatch at instruction %d (%s): %d vs %d"
                                        % (name, i, opcodes.OPNAME[co_code[i]], seen, d))
                break
            depth[i] = d
            op = co_code[i]
            e = effects[op]
            if e.__class__ is not int:
                e = e(co_arg[i])
            d += e
            if op in flow:          # (the rest go straight on)
                if op in has_jump:
                    je = jump_effects[op]
                    if je.__class__ is not int:
                        je = je(co_arg[i])
                    jd = d - e + je
                    if jd < 0:
                        raise InternalError("%s: negative stack depth on the jump of instruction "
                                            "%d (%s)" % (name, i, opcodes.OPNAME[op]))
                    if jd > maxdepth:
                        maxdepth = jd
                    work.append(co_arg[i])
                    work.append(jd)
                if op in no_fallthrough:
                    if d < 0:
                        raise InternalError("%s: negative stack depth at instruction %d (%s)"
                                            % (name, i, opcodes.OPNAME[op]))
                    break           # RETURN_VALUE, RERAISE, JUMP...
            if d > maxdepth:
                maxdepth = d
            elif d < 0:
                raise InternalError("%s: negative stack depth after instruction %d (%s)"
                                    % (name, i, opcodes.OPNAME[op]))
            i += 1
    return depth, maxdepth


def _jumps_to_next(ops, args, jumps):
    for i in jumps:
        if ops[i] == _JUMP and args[i] == i + 1:
            return True
    return False


def assemble(ops, args, positions, code):
    """Fill ``code`` (a CodeObject with its tables set) from the emitted lists
    (which it may change)."""
    jumps = _resolve(ops, args)
    depth, code.co_stacksize = stack_depths(ops, args, code.co_qualname)
    # (nothing to drop when every instruction is reachable and no jump goes
    # to the next instruction: the innermost of any chain of jumps would)
    if None in depth or (jumps and _jumps_to_next(ops, args, jumps)):
        ops, args, positions = _compact(ops, args, positions, depth)
    code.co_code = ops
    code.co_arg = args
    if None in positions:
        positions = [p or _NO_POSITION for p in positions]
    code.co_positions = positions
    code.co_lines = list(map(_first, positions))
    return code


__all__ = ["Label", "assemble", "stack_depths", "CodeObject"]
