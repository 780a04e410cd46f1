"""Code objects: what the compiler produces and the VM executes.

A ``CodeObject`` is a plain host structure with CPython's ``co_*`` field names.
It knows nothing about the heap: constants are host values (None, bool, int,
float, complex, str, bytes, Ellipsis, tuples and frozensets of those, and
nested CodeObjects).  When the runtime loads a code object it boxes these
constants once into heap objects (``minipy.objects.code``), so that running the
code never converts host values again.

Instructions are two parallel lists: ``co_code`` holds opcodes (see
``opcodes.py``), ``co_arg`` their operands.  ``co_lines[i]`` is the source line
of instruction i and ``co_positions[i]`` its (lineno, end_lineno, col_offset,
end_col_offset), used for tracebacks.

Fast-locals layout of a frame (as CPython's "localsplus"): the first
``len(co_varnames)`` slots are the local variables (arguments first), then one
slot per name in ``co_cellvars`` and one per name in ``co_freevars``, each
holding a cell.  A ``deref`` operand i refers to slot ``len(co_varnames) + i``.
``co_cell2arg`` lists (cell index, argument index) pairs for arguments that are
also cell variables: the frame starts such a cell with the argument's value.
"""

from minipy.bytecode import opcodes


class CodeObject:
    __slots__ = (
        "co_name", "co_qualname", "co_filename", "co_firstlineno",
        "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_flags",
        "co_varnames", "co_cellvars", "co_freevars", "co_names", "co_consts",
        "co_code", "co_arg", "co_lines", "co_positions", "co_stacksize",
        "co_cell2arg", "co_doc", "co_warnings", "runtime",
    )

    def __init__(self, name, qualname, filename, firstlineno):
        self.co_name = name
        self.co_qualname = qualname
        self.co_filename = filename
        self.co_firstlineno = firstlineno
        self.co_argcount = 0
        self.co_posonlyargcount = 0
        self.co_kwonlyargcount = 0
        self.co_flags = 0
        self.co_varnames = ()
        self.co_cellvars = ()
        self.co_freevars = ()
        self.co_names = ()
        self.co_consts = []
        self.co_code = []
        self.co_arg = []
        self.co_lines = []
        self.co_positions = []
        self.co_stacksize = 0
        self.co_cell2arg = ()
        self.co_doc = None
        # a module's code: the compiler's SyntaxWarnings, (message, lineno,
        # end_lineno, col, end_col), shown when it is run (kept with it in
        # the code cache)
        self.co_warnings = ()
        self.runtime = None    # the runtime's boxed form, attached when loaded

    @property
    def co_nlocals(self):
        return len(self.co_varnames)

    def instructions(self):
        """Yield (index, opname, arg) for each instruction."""
        for i, (op, arg) in enumerate(zip(self.co_code, self.co_arg)):
            yield i, opcodes.OPNAME[op], arg

    def __repr__(self):
        return "<code object %s, file %r, line %d>" % (self.co_name, self.co_filename, self.co_firstlineno)
