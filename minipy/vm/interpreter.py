"""The bytecode interpreter: one loop, a dispatch table, frames on a VM stack.

``VM.run(frame)`` executes instructions until that frame returns or yields.
A call from minipy code to a minipy function does not recurse in the host: the
CALL handler builds the callee's frame and hands it back to the loop, which
continues with it; RETURN_VALUE hands the caller back.  (CPython 3.11 works
the same way: Python-to-Python calls stay inside one ``_PyEval_EvalFrameDefault``.)
Only calls that pass through host code — a built-in calling back into the
program, ``__eq__`` invoked by a dict lookup, a generator being resumed —
start a nested ``run``.

Dispatch: ``HANDLERS[opcode]`` is the ``op_<NAME>`` function for every row of
the instruction table (``bytecode/opcodes.py``).  A handler returns None to
continue with the same frame, another frame to switch to, or ``EXIT`` when the
entry frame of this ``run`` returned or yielded.

Exceptions: a failing operation raises the host ``PyExc`` carrying the minipy
exception object.  The loop catches it, adds a traceback entry for the frame,
and unwinds that frame's block stack; with no handler left the frame is
abandoned and the exception moves to its caller.
"""

from minipy.bytecode import opcodes
from minipy.bytecode.opcodes import BINARY_OPS, INSTRUCTIONS
from minipy.errors import InternalError, HeapExhausted, ResourceLimitExceeded
from minipy.objects import core
from minipy.objects.core import decref, dealloc
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int, TRUE, FALSE
from minipy.objects.floatobject import float_type, new_float
from minipy.objects.complexobject import new_complex
from minipy.objects.strobject import PyStr, str_type, new_str, intern_str
from minipy.objects.tupleobject import PyTuple, tuple_type, new_tuple
from minipy.objects.listobject import PyList, list_type, new_list, list_append
from minipy.objects.dictobject import PyDict, dict_type, new_dict, dict_setitem, dict_setitem_str
from minipy.objects import dictobject
from minipy.objects.setobject import new_set, set_add_hk
from minipy.objects.singletons import NONE, NOTIMPL
from minipy.objects.funcobject import (PyFunction, PyCode, PyCell, PyMethod, code_type, function_type,
                                       new_cell)
from minipy.objects.exceptions import PyExc, EXC_TYPES, PyBaseException, \
    except_star_match, prep_reraise_star
from minipy.objects.genobject import PyGen, new_generator, coroutine_type, \
    async_generator_type, wrap_async_gen_value, \
    coroutine_wrapper_type
from minipy.objects import genobject
from minipy.objects.typeobject import lookup, PyType
from minipy.objects import typeobject
from minipy.objects.iterobject import new_slice
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, is_data_descr, type_name
from minipy.runtime import containers_set
from minipy.vm.frame import Frame, frame_object
from minipy.vm.traceback import new_traceback

EXIT = object()       # a handler's signal: the entry frame of this run is done
STEP_LIMIT_STATUS = 125     # exit status after --max-steps ran out
TIME_LIMIT_STATUS = 124     # exit status after --timeout ran out (as GNU timeout's)

StopIteration_type = EXC_TYPES["StopIteration"]
GeneratorExit_type = EXC_TYPES["GeneratorExit"]


class ThreadState:
    """Per-thread interpreter state (one per minipy thread)."""
    __slots__ = ("frame", "depth", "exc_info", "retval", "yielded", "ident", "name",
                 "enqueued", "owned", "agen_firstiter", "agen_finalizer")

    def __init__(self, ident=0, name="MainThread"):
        self.frame = None
        self.depth = 0
        self.exc_info = None      # the exception being handled (owned) or None
        self.retval = None
        self.yielded = False
        self.ident = ident
        self.name = name
        self.enqueued = None      # deterministic mode: set once waiting for the GIL
        self.owned = ()           # references the host side of a thread holds
        # sys.set_asyncgen_hooks() (owned references or None)
        self.agen_firstiter = None
        self.agen_finalizer = None


# ---------------------------------------------------------------------------
# Boxing code objects
# ---------------------------------------------------------------------------

def box_const(v):
    t = type(v)
    if v is None:
        NONE.ob_refcnt += 1
        return NONE
    if t is bool:
        o = TRUE if v else FALSE
        o.ob_refcnt += 1
        return o
    if t is int:
        return new_int(v)
    if t is float:
        return new_float(v)
    if t is complex:
        return new_complex(v)
    if t is str:
        # CPython interns constants that look like identifiers
        if v.isidentifier() or len(v) <= 1:
            return intern_str(v)
        return new_str(v)
    if t is tuple:
        return new_tuple([box_const(x) for x in v])
    if t is bytes:
        from minipy.objects.bytesobject import new_bytes
        return new_bytes(v)
    if t is frozenset:
        from minipy.objects.setobject import frozenset_type
        s = new_set(frozenset_type)
        for x in v:
            o = box_const(x)
            set_add_hk(s, dictobject.hostkey(o), o)
            decref(o)
        # CPython's compiler builds the constant in source order and then, when
        # it merges constants, rebuilds it from its own iteration order
        # (merge_consts_recursive); doing the same gives CPython's table layout
        s.hs = set(frozenset(list(v)))
        return s
    if v is Ellipsis:
        from minipy.objects.singletons import ELLIPSIS
        ELLIPSIS.ob_refcnt += 1
        return ELLIPSIS
    from minipy.bytecode.code import CodeObject
    if t is CodeObject:
        return load_code(v)
    raise InternalError("cannot box constant of type %s" % t.__name__)


def load_code(code):
    """The heap code object for compiler output ``code`` (new reference)."""
    pc = PyCode.__new__(PyCode)
    pc.code = code
    pc.names = []
    pc.consts = []
    core.alloc(pc, 168, code_type)
    pc.consts = [box_const(c) for c in code.co_consts]
    # CPython interns every name a code object uses, so storing a global or
    # an attribute reuses the code's str object instead of allocating one
    pc.names = [intern_str(n) for n in code.co_names]
    return pc


# ---------------------------------------------------------------------------
# The VM
# ---------------------------------------------------------------------------

class VM:
    def __init__(self, interp):
        self.interp = interp
        self.ts = ThreadState()
        self.recursion_limit = 1000
        self.sources = interp.sources
        self.handlers = HANDLERS        # or a traced copy: see set_trace
        self.trace_hook = None
        self.eval_breaker = False       # "look at the GIL and pending signals"
        self.pending_signal = None      # "KeyboardInterrupt" after Ctrl-C
        self.gil = None                 # minipy.vm.gil.GIL (set by the interpreter)
        self.instr_count = 0
        self.max_steps = None           # --max-steps: instructions allowed in all
        self.steps = 0

    def set_trace(self, hook):
        """Call ``hook(vm, frame)`` before every instruction (None: stop tracing).
        The instruction about to run is ``frame.code.co_code[frame.pc - 1]``.
        Tracing swaps in a wrapped dispatch table, so the untraced loop pays nothing."""
        self.trace_hook = hook
        self._rebuild_handlers()

    def _rebuild_handlers(self):
        hook = self.trace_hook
        every = self.gil.switch_every if self.gil is not None else None
        limit = self.max_steps
        if hook is None and every is None and limit is None:
            self.handlers = HANDLERS
            return
        vm = self

        def before(f):
            if limit is not None:
                vm.steps += 1
                if vm.steps > limit:
                    raise ResourceLimitExceeded("step limit of %d instructions exceeded" % limit,
                                                STEP_LIMIT_STATUS)
            if every is not None:
                vm.instr_count += 1
                if vm.instr_count >= every:
                    vm.instr_count = 0
                    vm.gil.deterministic_switch(vm.ts)
            if hook is not None:
                hook(vm, f)

        def wrap(h):
            def traced(vm, f, arg):
                before(f)
                return h(vm, f, arg)
            return traced
        self.handlers = [wrap(h) for h in HANDLERS]

    def handle_eval_breaker(self):
        """At a safe point: deliver a pending Ctrl-C, honour a GIL drop request."""
        sig = self.pending_signal
        if sig is not None and self.ts.ident == self.main_ident:
            self.pending_signal = None
            self.eval_breaker = False
            if sig == "timeout":
                raise ResourceLimitExceeded("time limit of %gs exceeded" % self.timeout,
                                            TIME_LIMIT_STATUS)
            raise exc(sig)
        gil = self.gil
        if gil is not None:
            self.eval_breaker = False
            gil.yield_if_requested(self.ts)
            if self.pending_signal is not None:
                self.eval_breaker = True

    main_ident = 0
    timeout = None

    def set_limits(self, max_steps=None, timeout=None):
        """--max-steps / --timeout: stop the run (uncatchably) past these limits."""
        self.max_steps = max_steps
        self._rebuild_handlers()
        self.timeout = timeout      # (the clock starts with the program: start_clock)

    def start_clock(self):
        """Start the --timeout clock, once, when the program starts running
        (so the time to start and compile does not count against it)."""
        timeout = self.timeout
        if timeout is None or self._clock_started:
            return
        self._clock_started = True
        import threading as host_threading
        vm = self

        def expire():
            vm.pending_signal = "timeout"
            vm.eval_breaker = True
        t = host_threading.Timer(timeout, expire)
        t.daemon = True
        t.start()

    _clock_started = False

    # -- frames -----------------------------------------------------------------

    def push_frame_check(self):
        ts = self.ts
        if ts.depth >= self.recursion_limit:
            raise exc("RecursionError", "maximum recursion depth exceeded")

    def make_frame(self, func, args, kwargs):
        """A frame for calling ``func``; takes ownership of the references in ``args``."""
        code = func.code
        f = Frame(code, func.pycode, func.globals, func.builtins, None, func)
        func.pycode.ob_refcnt += 1
        func.globals.ob_refcnt += 1
        func.builtins.ob_refcnt += 1
        func.ob_refcnt += 1
        fast = f.fast
        argcount = code.co_argcount
        n = len(args)
        if n == argcount and not kwargs and not (code.co_flags & 0x0C) and not code.co_kwonlyargcount:
            fast[:n] = args
        else:
            try:
                bind_arguments(func, code, args, kwargs, fast)
            except PyExc:
                f.clear()
                raise
        if code.co_cellvars:
            nl = f.nlocals
            for i in range(len(code.co_cellvars)):
                fast[nl + i] = new_cell(None)
            for ci, ai in code.co_cell2arg:
                cell = fast[nl + ci]
                cell.contents = fast[ai]
                fast[ai] = None
        if code.co_freevars:
            base = f.nlocals + len(code.co_cellvars)
            for i, cell in enumerate(func.closure.items):
                cell.ob_refcnt += 1
                fast[base + i] = cell
        return f

    def call_function(self, func, args, kwargs):
        """Call a minipy function from host code (args borrowed); new reference."""
        for a in args:
            a.ob_refcnt += 1
        f = self.make_frame(func, args, kwargs)
        if func.code.co_flags & opcodes.CO_SUSPENDABLE:
            return new_generator(f)
        return self.run(f)

    # -- the loop ------------------------------------------------------------------

    def run(self, f, throw=None):
        """Run frame ``f`` until it returns or yields; returns a new reference.

        The hottest instructions are executed inline here with the program
        counter in a local variable; every other one (and all of them while
        tracing) goes through its ``op_NAME`` handler in the dispatch table."""
        ts = self.ts
        if ts.depth >= self.recursion_limit:
            f.clear() if f.gen is None else None
            raise exc("RecursionError", "maximum recursion depth exceeded")
        f.entry = True
        f.back = ts.frame
        ts.frame = f
        ts.depth += 1
        handlers = self.handlers
        if handlers is not HANDLERS:
            return self._run_traced(f, throw)
        pending = throw
        pc = f.pc
        while True:
            try:
                if pending is not None:
                    p = pending
                    pending = None
                    raise p
                code = f.code.co_code
                args = f.code.co_arg
                stack = f.stack
                fast = f.fast
                pc = f.pc
                while True:
                    op = code[pc]
                    arg = args[pc]
                    pc += 1
                    if _INLINE[op]:
                        if op == _LOAD_FAST:
                            o = fast[arg]
                            if o is not None:
                                o.ob_refcnt += 1
                                stack.append(o)
                                continue
                        elif op == _LOAD_CONST:
                            o = f.consts[arg]
                            o.ob_refcnt += 1
                            stack.append(o)
                            continue
                        elif op == _BINARY_OP:
                            b = stack[-1]
                            a = stack[-2]
                            if a.ob_type is int_type and b.ob_type is int_type and arg in _INT_FAST:
                                x = a.value
                                y = b.value
                                if arg == 0 or arg == 13:
                                    v = x + y
                                elif arg == 1 or arg == 14:
                                    v = x - y
                                elif arg == 2 or arg == 15:
                                    v = x * y
                                elif y and (arg == 4 or arg == 17):
                                    v = x // y
                                elif y and (arg == 5 or arg == 18):
                                    v = x % y
                                elif arg == 9 or arg == 22:
                                    v = x & y
                                elif arg == 8 or arg == 21:
                                    v = x >> y if y >= 0 else None
                                elif arg == 10 or arg == 23:
                                    v = x | y
                                elif arg == 11 or arg == 24:
                                    v = x ^ y
                                elif arg == 7 or arg == 20:
                                    # (small shifts only: a huge result is the generic path's)
                                    v = x << y if 0 <= y < 64 else None
                                elif arg == 6 or arg == 19:
                                    # (a small exponent >= 0: an int; the rest, generic)
                                    v = x ** y if 0 <= y <= 64 else None
                                else:
                                    v = None
                                if v is not None:
                                    f.pc = pc
                                    del stack[-1]
                                    stack[-1] = new_int(v)
                                    rc = a.ob_refcnt - 1
                                    a.ob_refcnt = rc
                                    if not rc:
                                        dealloc(a)
                                    rc = b.ob_refcnt - 1
                                    b.ob_refcnt = rc
                                    if not rc:
                                        dealloc(b)
                                    continue
                            elif a.ob_type is float_type and arg in _FLOAT_FAST and \
                                    (b.ob_type is float_type or
                                     (b.ob_type is int_type and -_EXACT < b.value < _EXACT)):
                                x = a.value
                                y = b.value
                                if arg == 0 or arg == 13:
                                    v = x + y
                                elif arg == 1 or arg == 14:
                                    v = x - y
                                elif arg == 2 or arg == 15:
                                    v = x * y
                                elif arg == 6 or arg == 19:
                                    # a positive base: a float result or an overflow (the
                                    # generic path raises CPython's error for that)
                                    v = None
                                    if x > 0.0:
                                        try:
                                            v = x ** y
                                        except OverflowError:
                                            pass
                                        if v == _INF:
                                            v = None    # (PyPy's ** overflows to inf)
                                elif y:
                                    v = x / y
                                else:
                                    v = None
                                if v is not None:
                                    f.pc = pc
                                    del stack[-1]
                                    stack[-1] = new_float(v)
                                    rc = a.ob_refcnt - 1
                                    a.ob_refcnt = rc
                                    if not rc:
                                        dealloc(a)
                                    rc = b.ob_refcnt - 1
                                    b.ob_refcnt = rc
                                    if not rc:
                                        dealloc(b)
                                    continue
                        elif op == _STORE_FAST:
                            old = fast[arg]
                            fast[arg] = stack.pop()
                            if old is not None:
                                rc = old.ob_refcnt - 1
                                old.ob_refcnt = rc
                                if not rc:
                                    f.pc = pc
                                    dealloc(old)
                            continue
                        elif op == _POP_JUMP_IF_FALSE or op == _POP_JUMP_IF_TRUE:
                            o = stack[-1]
                            if o is TRUE or o is FALSE:
                                stack.pop()
                                o.ob_refcnt -= 1
                                if (o is FALSE) == (op == _POP_JUMP_IF_FALSE):
                                    pc = arg
                                continue
                        elif op == _CALL:
                            # a plain call of a simple minipy function: the new frame is
                            # built right here and the loop continues with it
                            # (NULL, function, args...) or, after LOAD_METHOD, (function,
                            # self, args...): self is then the first argument
                            base = len(stack) - arg - 2
                            func = stack[base]
                            if func is None:
                                func = stack[base + 1]
                                a0 = base + 2
                                n = arg
                            else:
                                a0 = base + 1
                                n = arg + 1
                            if type(func) is PyFunction and not self.eval_breaker:
                                code2 = func.code
                                if code2.co_argcount == n and not code2.co_flags & 0x2AC and \
                                        not code2.co_kwonlyargcount and not code2.co_cellvars and \
                                        ts.depth < self.recursion_limit:
                                    nf = Frame(code2, func.pycode, func.globals, func.builtins, None,
                                               func)        # the stack's reference to func moves here
                                    func.pycode.ob_refcnt += 1
                                    func.globals.ob_refcnt += 1
                                    func.builtins.ob_refcnt += 1
                                    nfast = nf.fast
                                    nfast[:n] = stack[a0:]
                                    if code2.co_freevars:
                                        fb = nf.nlocals
                                        for i, cell in enumerate(func.closure.items):
                                            cell.ob_refcnt += 1
                                            nfast[fb + i] = cell
                                    del stack[base:]
                                    f.pc = pc
                                    nf.back = f
                                    ts.frame = nf
                                    ts.depth += 1
                                    f = nf
                                    code = code2.co_code
                                    args = code2.co_arg
                                    stack = nf.stack
                                    fast = nfast
                                    pc = 0
                                    continue
                        elif op == _JUMP:
                            if arg < pc and self.eval_breaker:
                                # a backward jump is where CPython 3.11 checks the eval breaker
                                f.pc = arg
                                self.handle_eval_breaker()
                            pc = arg
                            continue
                        elif op == _COMPARE_OP:
                            b = stack[-1]
                            a = stack[-2]
                            t = a.ob_type
                            if (t is int_type or t is float_type or t is str_type) and b.ob_type is t:
                                x = a.value
                                y = b.value
                                if arg == 0:
                                    res = x < y
                                elif arg == 1:
                                    res = x <= y
                                elif arg == 2:
                                    res = x == y
                                elif arg == 3:
                                    res = x != y
                                elif arg == 4:
                                    res = x > y
                                else:
                                    res = x >= y
                                r = TRUE if res else FALSE
                                r.ob_refcnt += 1
                                del stack[-1]
                                stack[-1] = r
                                f.pc = pc
                                rc = a.ob_refcnt - 1
                                a.ob_refcnt = rc
                                if not rc:
                                    dealloc(a)
                                rc = b.ob_refcnt - 1
                                b.ob_refcnt = rc
                                if not rc:
                                    dealloc(b)
                                continue
                        elif op == _RETURN_VALUE:
                            if not f.entry:
                                # back to a caller in this same loop (op_RETURN_VALUE
                                # handles the frame the loop was entered with)
                                v = stack.pop()
                                ts.depth -= 1
                                caller = f.back
                                ts.frame = caller
                                f.clear()
                                f = caller
                                stack = f.stack
                                stack.append(v)
                                code = f.code.co_code
                                args = f.code.co_arg
                                fast = f.fast
                                pc = f.pc
                                continue
                        elif op == _LOAD_GLOBAL:
                            name = f.names[arg]
                            v = f.globals.dv.get(name)
                            if v is None:
                                v = f.builtins.dv.get(name)
                            if v is not None:
                                v.ob_refcnt += 1
                                stack.append(v)
                                continue

                        elif op == _PUSH_NULL:
                            stack.append(None)
                            continue
                        elif op == _FOR_ITER:
                            it = stack[-1]
                            nx = it.ob_type.tp_iternext
                            if nx is not None:
                                f.pc = pc
                                v = nx(it)
                                if v is None:
                                    stack.pop()
                                    rc = it.ob_refcnt - 1
                                    it.ob_refcnt = rc
                                    if not rc:
                                        dealloc(it)
                                    pc = arg
                                else:
                                    stack.append(v)
                                continue
                        elif op == _LOAD_ATTR:
                            # an attribute in a plain instance's __dict__, when the class
                            # has no data descriptor of that name (see op_LOAD_ATTR)
                            o = stack[-1]
                            tp = o.ob_type
                            if tp.is_heaptype and not tp.has_getattribute:
                                idict = getattr(o, "inst_dict", None)
                                if idict is not None:
                                    name = f.names[arg]
                                    v = idict.dv.get(name)
                                    if v is not None:
                                        d = lookup(tp, name)
                                        if d is None or not is_data_descr(d):
                                            v.ob_refcnt += 1
                                            stack[-1] = v
                                            rc = o.ob_refcnt - 1
                                            o.ob_refcnt = rc
                                            if not rc:
                                                f.pc = pc
                                                dealloc(o)
                                            continue
                        elif op == _STORE_ATTR:
                            # rebinding an attribute a plain instance already has
                            o = stack[-1]
                            tp = o.ob_type
                            if tp.is_heaptype and not tp.has_setattr:
                                idict = getattr(o, "inst_dict", None)
                                if idict is not None:
                                    name = f.names[arg]
                                    if idict.dv.get(name) is not None and lookup(tp, name) is None:
                                        f.pc = pc
                                        del stack[-1]
                                        v = stack.pop()
                                        dict_setitem_str(idict, name, v)
                                        decref(o)
                                        decref(v)
                                        continue
                        elif op == _POP_TOP:
                            o = stack.pop()
                            if o is not None:
                                rc = o.ob_refcnt - 1
                                o.ob_refcnt = rc
                                if not rc:
                                    f.pc = pc
                                    dealloc(o)
                            continue
                        elif op == _IS_OP:
                            b = stack.pop()
                            a = stack[-1]
                            r = TRUE if (a is b) != bool(arg) else FALSE
                            r.ob_refcnt += 1
                            stack[-1] = r
                            f.pc = pc
                            decref(a)
                            decref(b)
                            continue
                    # everything else: the table's handler
                    f.pc = pc
                    r = handlers[op](self, f, arg)
                    if r is not None:
                        if r is EXIT:
                            return ts.retval
                        f = r
                        code = f.code.co_code
                        args = f.code.co_arg
                        stack = f.stack
                        fast = f.fast
                    pc = f.pc
            except PyExc as e:
                f = self.unwind(f, e)
            except HeapExhausted:
                f = self.unwind(f, exc("MemoryError"))
            except RecursionError:
                # the host stack ran out below a deep chain of host-level calls
                f = self.unwind(f, exc("RecursionError", "maximum recursion depth exceeded"))

    def _run_traced(self, f, throw):
        """The loop used while tracing: every instruction through its (wrapped) handler."""
        ts = self.ts
        handlers = self.handlers
        pending = throw
        while True:
            try:
                if pending is not None:
                    p = pending
                    pending = None
                    raise p
                code = f.code.co_code
                args = f.code.co_arg
                while True:
                    pc = f.pc
                    f.pc = pc + 1
                    r = handlers[code[pc]](self, f, args[pc])
                    if r is not None:
                        if r is EXIT:
                            return ts.retval
                        f = r
                        code = f.code.co_code
                        args = f.code.co_arg
            except PyExc as e:
                f = self.unwind(f, e)
            except HeapExhausted:
                f = self.unwind(f, exc("MemoryError"))
            except RecursionError:
                f = self.unwind(f, exc("RecursionError", "maximum recursion depth exceeded"))

    def unwind(self, f, e):
        """Find a handler for exception ``e`` starting in frame ``f``; returns the
        frame to continue with, or re-raises ``e`` once the entry frame is left."""
        ts = self.ts
        xo = e.exc
        if getattr(e, "reraise", False):
            e.reraise = False
        else:
            self.add_traceback(f, xo)
            if not getattr(e, "chained", False):
                e.chained = True
                ctx = ts.exc_info
                if ctx is not None and ctx is not xo and xo.context is None:
                    # avoid creating a context cycle, as CPython does
                    o = ctx
                    while o is not None and o is not xo:
                        o = o.context
                    if o is None:
                        ctx.ob_refcnt += 1
                        xo.context = ctx
        while True:
            if f.blocks:
                handler, level = f.blocks.pop()
                stack = f.stack
                while len(stack) > level:
                    o = stack.pop()
                    if o is not None:
                        decref(o)
                stack.append(xo)          # the PyExc's reference moves to the stack
                f.pc = handler
                return f
            # no handler in this frame: leave it
            ts.depth -= 1
            ts.frame = f.back
            entry = f.entry
            caller = f.back
            if f.gen is not None:
                f.gen.frame = None
            f.clear()
            if entry:
                e.reraise = False
                raise e
            f = caller
            self.add_traceback(f, xo)

    def add_traceback(self, f, xo):
        f.lasti = f.pc - 1
        fo = frame_object(f)
        tb = new_traceback(xo.traceback, fo, f.lineno, f.lasti)
        xo.traceback = tb

    # -- generators ---------------------------------------------------------------------

    def gen_resume(self, g, value, throw=None):
        """Resume generator ``g`` sending ``value`` (borrowed; None means None).
        Returns (yielded, obj): yielded True with the yielded value, or False
        with the return value (new references)."""
        f = g.frame
        if f is None:
            if g.ob_type is coroutine_type:
                if throw is not None:
                    decref(throw.exc)
                raise exc("RuntimeError", "cannot reuse already awaited coroutine")
            if throw is not None:
                raise throw
            return False, None
        if g.running:
            raise exc("ValueError", "generator already executing")
        if f.pc == 0:
            if value is not None and value is not NONE and throw is None:
                raise exc("TypeError", "can't send non-None value to a just-started %s"
                          % _gen_kind(g))
        else:
            if value is None:
                value = NONE
            value.ob_refcnt += 1
            f.stack.append(value)
            if throw is not None:
                f.stack.pop()
                decref(value)
        g.running = True
        ts = self.ts
        try:
            r = self.run(f, throw)
        except PyExc as e:
            g.frame = None
            if e.exc.ob_type is StopIteration_type or \
                    typeobject.is_subtype(e.exc.ob_type, StopIteration_type):
                new = exc("RuntimeError", "%s raised StopIteration" % _gen_kind(g))
            elif g.ob_type is async_generator_type and typeobject.is_subtype(
                    e.exc.ob_type, EXC_TYPES["StopAsyncIteration"]):
                new = exc("RuntimeError", "async generator raised StopAsyncIteration")
            else:
                raise
            new.exc.cause = e.exc
            new.exc.suppress_context = True
            e.exc.ob_refcnt += 1
            new.exc.context = e.exc      # the PyExc's reference became the cause
            raise new
        finally:
            g.running = False
        if ts.yielded:
            ts.yielded = False
            return True, r
        g.frame = None
        return False, r

    def gen_yieldfrom(self, g):
        """The iterator ``g`` is delegating to (suspended inside ``yield from``:
        at the JUMP back to a SEND, right after its YIELD_VALUE), or None."""
        f = g.frame
        if f is None or f.pc < 2:
            return None
        code = f.code.co_code
        if code[f.pc - 1] == _YIELD_VALUE and code[f.pc - 2] == _SEND:
            return f.stack[-1]
        return None

    def gen_throw(self, g, e, args=None):
        """``g.throw(e)`` (``e`` a PyExc, consumed), CPython's _gen_throw: a
        generator inside ``yield from`` first passes the exception on to the
        iterator it delegates to; only if that one does not handle it (or
        finishes) does ``g`` itself resume, past the ``yield from``.  ``args``
        are the arguments ``throw`` was called with (borrowed): a delegate that
        is not a generator gets them as they were given."""
        sub = self.gen_yieldfrom(g)
        if sub is not None:
            t = e.exc.ob_type
            if t is GeneratorExit_type or typeobject.is_subtype(t, GeneratorExit_type):
                # close the delegate first; an error from it replaces GeneratorExit
                g.running = True
                try:
                    if type(sub) is PyGen:
                        self.gen_close(sub)
                    else:
                        close = lookup(sub.ob_type, "close")
                        if close is not None:
                            decref(abstract.call_dunder(close, sub, ()))
                except PyExc as err:
                    decref(e.exc)
                    e = err
                finally:
                    g.running = False
                return self.gen_resume(g, None, e)
            g.running = True
            try:
                if type(sub) is PyGen:
                    yielded, r = self.gen_throw(sub, e, args)
                    if yielded:
                        return True, r
                    # the delegate returned: g resumes with its value
                    self._leave_yieldfrom(g)
                    g.running = False
                    try:
                        return self.gen_resume(g, r)
                    finally:
                        decref(r)
                meth = lookup(sub.ob_type, "throw")
                if meth is not None:
                    x = e.exc
                    try:
                        r = abstract.call_dunder(meth, sub, tuple(args) if args else (x,))
                    finally:
                        decref(x)
                    return True, r
            except PyExc as err:
                # the delegate raised: StopIteration ends the ``yield from`` with
                # its value, anything else is raised in g at that point
                e = err
                self._leave_yieldfrom(g)
                t = err.exc.ob_type
                if t is StopIteration_type or typeobject.is_subtype(t, StopIteration_type):
                    v = stop_iteration_value(err.exc)
                    decref(err.exc)
                    g.running = False
                    try:
                        return self.gen_resume(g, v)
                    finally:
                        decref(v)
            finally:
                g.running = False
        return self.gen_resume(g, None, e)

    def _leave_yieldfrom(self, g):
        """Pop the delegate of a suspended ``yield from`` and move past it
        (to the SEND's jump target), as CPython's _gen_throw does."""
        f = g.frame
        decref(f.stack.pop())
        f.pc = f.code.co_arg[f.pc - 2]

    def gen_close(self, g):
        f = g.frame
        if f is None:
            return
        if f.pc == 0:
            g.frame = None
            f.clear()
            return
        ge = abstract.exc_args(GeneratorExit_type, [])
        try:
            yielded, r = self.gen_resume(g, None, ge)
        except PyExc as e:
            t = e.exc.ob_type
            if t is GeneratorExit_type or typeobject.is_subtype(t, StopIteration_type):
                decref(e.exc)
                return
            raise
        decref(r)
        if yielded:
            raise exc("RuntimeError", "%s ignored GeneratorExit" % _gen_kind(g))


# ---------------------------------------------------------------------------
# Argument binding (CPython's positional/keyword rules and error messages)
# ---------------------------------------------------------------------------

def _fname(func):
    return func.qualname.value if func.qualname is not None else func.code.co_name


def bind_arguments(func, code, args, kwargs, fast):
    """Bind ``args`` (owned references, consumed) and ``kwargs`` (borrowed) into ``fast``."""
    argcount = code.co_argcount
    posonly = code.co_posonlyargcount
    kwonly = code.co_kwonlyargcount
    flags = code.co_flags
    varnames = code.co_varnames
    n = len(args)
    name = _fname(func)
    total = argcount + kwonly
    try:
        if n > argcount:
            if flags & opcodes.CO_VARARGS:
                extra = args[argcount:]
                fast[total] = new_tuple(extra)
                args = args[:argcount]
            else:
                ndef = len(func.defaults.items) if func.defaults is not None else 0
                kwgiven = sum(1 for k in (kwargs or ()) if k in varnames[argcount:total])
                if ndef:
                    what = "from %d to %d positional arguments" % (argcount - ndef, argcount)
                else:
                    what = "%d positional argument%s" % (argcount, "" if argcount == 1 else "s")
                if kwgiven:
                    given = "%d positional argument%s (and %d keyword-only argument%s)" % (
                        n, "" if n == 1 else "s", kwgiven, "" if kwgiven == 1 else "s")
                else:
                    given = "%d" % n
                core.decref_all(args)
                args = []
                raise exc("TypeError", "%s() takes %s but %s %s given"
                          % (name, what, given, "was" if n == 1 else "were"))
        elif flags & opcodes.CO_VARARGS:
            fast[total] = new_tuple(())
        fast[:len(args)] = args
        args = []
        kwdict = None
        if flags & opcodes.CO_VARKEYWORDS:
            kwdict = new_dict()
            fast[total + (1 if flags & opcodes.CO_VARARGS else 0)] = kwdict
        if kwargs:
            for k, v in kwargs.items():
                try:
                    i = varnames.index(k, 0, total)
                except ValueError:
                    i = -1
                if i < posonly:
                    if kwdict is not None:
                        dict_setitem_str(kwdict, k, v)
                        continue
                    if i >= 0 or k in varnames[:posonly]:
                        raise exc("TypeError", "%s() got some positional-only arguments passed as "
                                  "keyword arguments: '%s'" % (name, k))
                    raise exc("TypeError", "%s() got an unexpected keyword argument '%s'" % (name, k))
                if fast[i] is not None:
                    raise exc("TypeError", "%s() got multiple values for argument '%s'" % (name, k))
                v.ob_refcnt += 1
                fast[i] = v
        # defaults
        missing = []
        defaults = func.defaults.items if func.defaults is not None else ()
        ndef = len(defaults)
        for i in range(argcount):
            if fast[i] is None:
                j = i - (argcount - ndef)
                if j >= 0:
                    d = defaults[j]
                    d.ob_refcnt += 1
                    fast[i] = d
                else:
                    missing.append(varnames[i])
        if missing:
            raise exc("TypeError", "%s() missing %d required positional argument%s: %s"
                      % (name, len(missing), "" if len(missing) == 1 else "s", _names(missing)))
        for i in range(argcount, total):
            if fast[i] is None:
                kwd = func.kwdefaults
                d = kwd.dv.get(varnames[i]) if kwd is not None else None
                if d is not None:
                    d.ob_refcnt += 1
                    fast[i] = d
                else:
                    missing.append(varnames[i])
        if missing:
            raise exc("TypeError", "%s() missing %d required keyword-only argument%s: %s"
                      % (name, len(missing), "" if len(missing) == 1 else "s", _names(missing)))
    finally:
        core.decref_all(args)


def _names(names):
    q = ["'%s'" % n for n in names]
    if len(q) == 1:
        return q[0]
    if len(q) == 2:
        return "%s and %s" % (q[0], q[1])
    return ", ".join(q[:-1]) + ", and " + q[-1]


# ---------------------------------------------------------------------------
# Handlers: one per instruction (HANDLERS is built from the table below)
# ---------------------------------------------------------------------------

def op_NOP(vm, f, arg):
    return None


def op_POP_TOP(vm, f, arg):
    o = f.stack.pop()
    if o is not None:
        decref(o)


def op_PUSH_NULL(vm, f, arg):
    f.stack.append(None)


def op_COPY(vm, f, arg):
    o = f.stack[-arg]
    o.ob_refcnt += 1
    f.stack.append(o)


def op_SWAP(vm, f, arg):
    s = f.stack
    s[-1], s[-arg] = s[-arg], s[-1]


def op_LOAD_CONST(vm, f, arg):
    o = f.consts[arg]
    o.ob_refcnt += 1
    f.stack.append(o)


def op_LOAD_FAST(vm, f, arg):
    o = f.fast[arg]
    if o is None:
        raise exc("UnboundLocalError", "cannot access local variable '%s' where it is not "
                  "associated with a value" % f.code.co_varnames[arg])
    o.ob_refcnt += 1
    f.stack.append(o)


def op_STORE_FAST(vm, f, arg):
    fast = f.fast
    old = fast[arg]
    fast[arg] = f.stack.pop()
    if old is not None:
        decref(old)


def op_DELETE_FAST(vm, f, arg):
    old = f.fast[arg]
    if old is None:
        raise exc("UnboundLocalError", "cannot access local variable '%s' where it is not "
                  "associated with a value" % f.code.co_varnames[arg])
    f.fast[arg] = None
    decref(old)


def _deref_name(f, arg):
    code = f.code
    names = code.co_cellvars + code.co_freevars
    return names[arg]


def _free_var_error(f, arg):
    name = _deref_name(f, arg)
    if arg < len(f.code.co_cellvars):
        return exc("UnboundLocalError", "cannot access local variable '%s' where it is not "
                   "associated with a value" % name)
    return exc("NameError", "cannot access free variable '%s' where it is not associated with "
               "a value in enclosing scope" % name)


def op_LOAD_DEREF(vm, f, arg):
    o = f.fast[f.nlocals + arg].contents
    if o is None:
        raise _free_var_error(f, arg)
    o.ob_refcnt += 1
    f.stack.append(o)


def op_STORE_DEREF(vm, f, arg):
    cell = f.fast[f.nlocals + arg]
    old = cell.contents
    cell.contents = f.stack.pop()
    if old is not None:
        decref(old)


def op_DELETE_DEREF(vm, f, arg):
    cell = f.fast[f.nlocals + arg]
    old = cell.contents
    if old is None:
        raise _free_var_error(f, arg)
    cell.contents = None
    decref(old)


def op_LOAD_CLOSURE(vm, f, arg):
    c = f.fast[f.nlocals + arg]
    c.ob_refcnt += 1
    f.stack.append(c)


def op_LOAD_CLASSDEREF(vm, f, arg):
    name = _deref_name(f, arg)
    v = f.locals.dv.get(name) if f.locals is not None else None
    if v is None:
        v = f.fast[f.nlocals + arg].contents
        if v is None:
            raise _free_var_error(f, arg)
    v.ob_refcnt += 1
    f.stack.append(v)


def _name_error(name):
    e = exc("NameError", "name '%s' is not defined" % name)
    e.exc.name = name
    return e


def op_LOAD_GLOBAL(vm, f, arg):
    name = f.names[arg]
    v = f.globals.dv.get(name)
    if v is None:
        v = f.builtins.dv.get(name)
        if v is None:
            raise _name_error(name)
    v.ob_refcnt += 1
    f.stack.append(v)


def op_STORE_GLOBAL(vm, f, arg):
    v = f.stack.pop()
    dict_setitem_str(f.globals, f.names[arg], v)
    decref(v)


def op_DELETE_GLOBAL(vm, f, arg):
    name = f.names[arg]
    if not dictobject.dict_delitem_hk(f.globals, name):
        raise _name_error(name)


def op_LOAD_NAME(vm, f, arg):
    name = f.names[arg]
    loc = f.locals
    if loc.ob_type is dict_type:
        v = loc.dv.get(name)
    else:
        # a namespace from a metaclass __prepare__: its own __getitem__
        v = _load_name_mapping(loc, name)
        if v is not None:
            f.stack.append(v)
            return
    if v is None:
        v = f.globals.dv.get(name)
        if v is None:
            v = f.builtins.dv.get(name)
            if v is None:
                raise _name_error(name)
    v.ob_refcnt += 1
    f.stack.append(v)


def _load_name_mapping(loc, name):
    """loc[name] for a namespace that is not an exact dict (new reference),
    None when that raises KeyError."""
    k = new_str(name)
    try:
        return abstract.getitem(loc, k)
    except PyExc as e:
        if not abstract.isinstance_(e.exc, EXC_TYPES["KeyError"]):
            raise
        decref(e.exc)
        return None
    finally:
        decref(k)


def op_STORE_NAME(vm, f, arg):
    v = f.stack.pop()
    loc = f.locals
    if loc.ob_type is dict_type:
        dict_setitem_str(loc, f.names[arg], v)
        decref(v)
        return
    k = new_str(f.names[arg])
    try:
        abstract.setitem(loc, k, v)
    finally:
        decref(k)
        decref(v)


def op_DELETE_NAME(vm, f, arg):
    name = f.names[arg]
    if not dictobject.dict_delitem_hk(f.locals, name):
        raise _name_error(name)


def op_LOAD_ATTR(vm, f, arg):
    s = f.stack
    o = s[-1]
    s[-1] = abstract.getattr_(o, f.names[arg])
    decref(o)


def op_STORE_ATTR(vm, f, arg):
    s = f.stack
    o = s.pop()
    v = s.pop()
    try:
        abstract.setattr_(o, f.names[arg], v)
    finally:
        decref(o)
        decref(v)


def op_DELETE_ATTR(vm, f, arg):
    o = f.stack.pop()
    try:
        abstract.delattr_(o, f.names[arg])
    finally:
        decref(o)


def op_LOAD_METHOD(vm, f, arg):
    s = f.stack
    o = s[-1]
    name = f.names[arg]
    tp = o.ob_type
    if not tp.has_getattribute and not isinstance(o, PyType):
        d = lookup(tp, name)
        if d is not None:
            t = type(d)
            if t is PyFunction or t is _PyMethodDescr:
                idict = abstract.instance_dict(o)
                if idict is None or idict.dv.get(name) is None:
                    d.ob_refcnt += 1
                    s[-1] = d
                    s.append(o)          # the object's reference moves up as "self"
                    return
    v = abstract.getattr_(o, name)      # o stays on the stack if this raises
    s[-1] = None
    s.append(v)
    decref(o)


def op_BINARY_SUBSCR(vm, f, arg):
    s = f.stack
    k = s.pop()
    c = s[-1]
    t = c.ob_type
    r = None
    if (t is list_type or t is tuple_type) and k.ob_type is int_type:
        items = c.items
        i = k.value
        if -len(items) <= i < len(items):
            r = items[i]
            r.ob_refcnt += 1
    elif t is dict_type and (k.ob_type is str_type or k.ob_type is int_type):
        r = c.dv.get(k.value)
        if r is not None:
            r.ob_refcnt += 1
    if r is None:
        try:
            r = abstract.getitem(c, k)
        except PyExc:
            decref(k)
            raise
    s[-1] = r
    decref(c)
    decref(k)


def op_STORE_SUBSCR(vm, f, arg):
    s = f.stack
    k = s.pop()
    c = s.pop()
    v = s.pop()
    try:
        if c.ob_type is list_type and k.ob_type is int_type:
            items = c.items
            i = k.value
            if -len(items) <= i < len(items):
                old = items[i]
                v.ob_refcnt += 1
                items[i] = v
                decref(old)
                return
        elif c.ob_type is dict_type:
            dict_setitem(c, k, v)
            return
        abstract.setitem(c, k, v)
    finally:
        decref(k)
        decref(c)
        decref(v)


def op_DELETE_SUBSCR(vm, f, arg):
    s = f.stack
    k = s.pop()
    c = s.pop()
    try:
        abstract.delitem(c, k)
    finally:
        decref(k)
        decref(c)


def op_BUILD_SLICE(vm, f, arg):
    s = f.stack
    if arg == 3:
        step = s.pop()
    else:
        step = NONE
        NONE.ob_refcnt += 1
    stop = s.pop()
    start = s.pop()
    s.append(new_slice(start, stop, step))


def _int_binop(op, a, b):
    """Fast path for int (not bool) operands; None when not handled here."""
    if op == 0 or op == 13:
        return new_int(a + b)
    if op == 1 or op == 14:
        return new_int(a - b)
    if op == 2 or op == 15:
        return new_int(a * b)
    if (op == 4 or op == 17) and b:
        return new_int(a // b)
    if (op == 5 or op == 18) and b:
        return new_int(a % b)
    return None


def op_BINARY_OP(vm, f, arg):
    s = f.stack
    b = s.pop()
    a = s[-1]
    ta = a.ob_type
    r = None
    if ta is int_type and b.ob_type is int_type:
        r = _int_binop(arg, a.value, b.value)
    elif ta is float_type and b.ob_type is float_type and arg in (0, 1, 2, 13, 14, 15):
        x, y = a.value, b.value
        r = new_float(x + y if arg % 13 == 0 else (x - y if arg % 13 == 1 else x * y))
    elif ta is str_type and b.ob_type is str_type and (arg == 0 or arg == 13) and a.value and b.value:
        r = new_str(a.value + b.value)       # (s + '' is s itself: the slow path keeps that)
    if r is None:
        try:
            r = abstract.binary_op(a, b, arg)
        except PyExc:
            decref(b)
            raise
    s[-1] = r
    decref(a)
    decref(b)


def _unary(name, sym):
    def handler(vm, f, arg):
        s = f.stack
        o = s[-1]
        fn = lookup(o.ob_type, name)
        if fn is None:
            raise exc("TypeError", "bad operand type for unary %s: '%s'" % (sym, o.ob_type.name))
        s[-1] = abstract.call_dunder(fn, o, ())
        decref(o)
    return handler


op_UNARY_POSITIVE = _unary("__pos__", "+")
op_UNARY_NEGATIVE = _unary("__neg__", "-")
op_UNARY_INVERT = _unary("__invert__", "~")


def op_UNARY_NOT(vm, f, arg):
    s = f.stack
    o = s[-1]
    r = FALSE if abstract.truth(o) else TRUE
    r.ob_refcnt += 1
    s[-1] = r
    decref(o)


def op_COMPARE_OP(vm, f, arg):
    s = f.stack
    b = s.pop()
    a = s[-1]
    ta = a.ob_type
    if ta is b.ob_type and (ta is int_type or ta is str_type or ta is float_type):
        x, y = a.value, b.value
        if arg == 0:
            res = x < y
        elif arg == 1:
            res = x <= y
        elif arg == 2:
            res = x == y
        elif arg == 3:
            res = x != y
        elif arg == 4:
            res = x > y
        else:
            res = x >= y
        r = TRUE if res else FALSE
        r.ob_refcnt += 1
    else:
        try:
            r = abstract.compare(a, b, arg)
        except PyExc:
            decref(b)
            raise
    s[-1] = r
    decref(a)
    decref(b)


def op_IS_OP(vm, f, arg):
    s = f.stack
    b = s.pop()
    a = s[-1]
    r = TRUE if (a is b) != bool(arg) else FALSE
    r.ob_refcnt += 1
    s[-1] = r
    decref(a)
    decref(b)


def op_CONTAINS_OP(vm, f, arg):
    s = f.stack
    container = s.pop()
    item = s[-1]
    try:
        res = abstract.contains(container, item)
    except PyExc:
        decref(container)
        raise
    r = TRUE if res != bool(arg) else FALSE
    r.ob_refcnt += 1
    s[-1] = r
    decref(item)
    decref(container)


def _pop_n(s, n):
    if n == 0:
        return []
    items = s[-n:]
    del s[-n:]
    return items


def op_BUILD_TUPLE(vm, f, arg):
    s = f.stack
    s.append(new_tuple(_pop_n(s, arg)))


def op_BUILD_LIST(vm, f, arg):
    s = f.stack
    s.append(new_list(_pop_n(s, arg)))


def op_BUILD_SET(vm, f, arg):
    s = f.stack
    items = _pop_n(s, arg)
    st = new_set()
    try:
        for o in items:
            set_add_hk(st, dictobject.hostkey(o), o)
    except PyExc:
        decref(st)
        core.decref_all(items)
        raise
    core.decref_all(items)
    s.append(st)


def op_BUILD_MAP(vm, f, arg):
    s = f.stack
    items = _pop_n(s, 2 * arg)
    d = new_dict()
    dictobject.presize(d, arg)
    try:
        for i in range(0, len(items), 2):
            dict_setitem(d, items[i], items[i + 1])
    except PyExc:
        decref(d)
        core.decref_all(items)
        raise
    core.decref_all(items)
    s.append(d)


def op_BUILD_STRING(vm, f, arg):
    s = f.stack
    items = _pop_n(s, arg)
    r = new_str("".join([o.value for o in items]))
    core.decref_all(items)
    s.append(r)


def op_LIST_APPEND(vm, f, arg):
    s = f.stack
    v = s.pop()
    list_append(s[-arg], v)
    decref(v)


def op_SET_ADD(vm, f, arg):
    s = f.stack
    v = s.pop()
    try:
        set_add_hk(s[-arg], dictobject.hostkey(v), v)
    finally:
        decref(v)


def op_MAP_ADD(vm, f, arg):
    s = f.stack
    v = s.pop()
    k = s.pop()
    try:
        dict_setitem(s[-arg], k, v)
    finally:
        decref(k)
        decref(v)


def op_LIST_EXTEND(vm, f, arg):
    s = f.stack
    it = s.pop()
    lst = s[-arg]
    try:
        if it.ob_type is not list_type and it.ob_type is not tuple_type \
                and lookup(it.ob_type, "__iter__") is None and lookup(it.ob_type, "__getitem__") is None:
            raise exc("TypeError", "Value after * must be an iterable, not %s" % it.ob_type.name)
        items = abstract.sequence_to_list(it)
    finally:
        decref(it)
    for o in items:
        list_append(lst, o)
        decref(o)


def op_SET_UPDATE(vm, f, arg):
    s = f.stack
    it = s.pop()
    st = s[-arg]
    try:
        containers_set.set_update_internal(st, it)     # CPython merges set tables
    finally:
        decref(it)


def function_str(f):
    """CPython's _PyObject_FunctionStr: how call errors name a callable."""
    if type(f) is PyFunction:
        mod = f.module.value if isinstance(f.module, PyStr) else None
        qn = f.qualname.value
        return ("%s.%s()" % (mod, qn)) if mod and mod != "builtins" else qn + "()"
    try:                          # __qualname__ and __module__, as CPython asks
        qn = abstract.getattr_(f, "__qualname__")
    except PyExc as e:
        decref(e.exc)
        return abstract.str_host(f)
    try:
        qs = abstract.str_host(qn)
    finally:
        decref(qn)
    try:
        mod = abstract.getattr_(f, "__module__")
    except PyExc as e:
        decref(e.exc)
        return qs + "()"
    try:
        if isinstance(mod, PyStr) and mod.value != "builtins":
            return "%s.%s()" % (mod.value, qs)
    finally:
        decref(mod)
    return qs + "()"


def _dict_update(d, m, merge, func=None):
    # (merge: a call's **m, func the callee; its name is looked up only for an
    # error, as CPython does: the lookup may run the program's code)
    if m.ob_type is dict_type:
        for hk, k in list(m.dk.items()):
            if merge and hk in d.dv:
                raise exc("TypeError", "%s got multiple values for keyword argument '%s'"
                          % (function_str(func), abstract.str_host(k)))
            dict_setitem(d, k, m.dv[hk])
        return
    keys_fn = lookup(m.ob_type, "keys")
    if keys_fn is None:
        if merge:
            raise exc("TypeError", "%s argument after ** must be a mapping, not %s"
                      % (function_str(func), m.ob_type.name))
        raise exc("TypeError", "'%s' object is not a mapping" % m.ob_type.name)
    ks = abstract.call_dunder(keys_fn, m, ())
    try:
        keys = abstract.sequence_to_list(ks)
    finally:
        decref(ks)
    try:
        for k in keys:
            if merge and dictobject.hostkey(k) in d.dv:
                raise exc("TypeError", "%s got multiple values for keyword argument '%s'"
                          % (function_str(func), abstract.str_host(k)))
            v = abstract.getitem(m, k)
            dict_setitem(d, k, v)
            decref(v)
    finally:
        core.decref_all(keys)


def op_DICT_UPDATE(vm, f, arg):
    s = f.stack
    m = s.pop()
    try:
        _dict_update(s[-arg], m, False)
    finally:
        decref(m)


def op_DICT_MERGE(vm, f, arg):
    s = f.stack
    m = s.pop()
    try:
        _dict_update(s[-arg], m, True, s[-arg - 2])
    finally:
        decref(m)


def op_LIST_TO_TUPLE(vm, f, arg):
    s = f.stack
    lst = s[-1]
    items = list(lst.items)
    for o in items:
        o.ob_refcnt += 1
    s[-1] = new_tuple(items)
    decref(lst)


def op_FORMAT_VALUE(vm, f, arg):
    s = f.stack
    spec = s.pop() if arg & opcodes.FVS_HAVE_SPEC else None
    v = s[-1]
    conv = arg & opcodes.FVC_MASK
    try:
        if conv == opcodes.FVC_STR:
            nv = abstract.str_(v)
        elif conv == opcodes.FVC_REPR:
            nv = abstract.repr_(v)
        elif conv == opcodes.FVC_ASCII:
            r = abstract.repr_host(v)
            nv = new_str(r.encode("ascii", "backslashreplace").decode("ascii"))
        else:
            v.ob_refcnt += 1
            nv = v
        try:
            if spec is None and nv.ob_type is str_type:
                res = nv
                nv = None
            else:
                res = new_str(abstract.format_(nv, spec.value if spec is not None else ""))
        finally:
            if nv is not None:
                decref(nv)
    finally:
        if spec is not None:
            decref(spec)
    s[-1] = res
    decref(v)


def _unpack_error_few(n, got):
    return exc("ValueError", "not enough values to unpack (expected %d, got %d)" % (n, got))


def op_UNPACK_SEQUENCE(vm, f, arg):
    s = f.stack
    seq = s.pop()
    t = seq.ob_type
    if t is tuple_type or t is list_type:
        items = seq.items
        if len(items) != arg:
            decref(seq)
            if len(items) < arg:
                raise _unpack_error_few(arg, len(items))
            raise exc("ValueError", "too many values to unpack (expected %d)" % arg)
        for i in range(arg - 1, -1, -1):
            o = items[i]
            o.ob_refcnt += 1
            s.append(o)
        decref(seq)
        return
    try:
        if lookup(t, "__iter__") is None and lookup(t, "__getitem__") is None:
            raise exc("TypeError", "cannot unpack non-iterable %s object" % t.name)
        it = abstract.get_iter(seq)
    finally:
        decref(seq)
    got = []
    try:
        while len(got) < arg:
            x = abstract.next_(it)
            if x is None:
                raise _unpack_error_few(arg, len(got))
            got.append(x)
        x = abstract.next_(it)
        if x is not None:
            decref(x)
            raise exc("ValueError", "too many values to unpack (expected %d)" % arg)
    except PyExc:
        core.decref_all(got)
        decref(it)
        raise
    decref(it)
    got.reverse()
    s.extend(got)


def op_UNPACK_EX(vm, f, arg):
    s = f.stack
    before = arg & 0xFF
    after = arg >> 8
    seq = s.pop()
    try:
        if lookup(seq.ob_type, "__iter__") is None and lookup(seq.ob_type, "__getitem__") is None:
            raise exc("TypeError", "cannot unpack non-iterable %s object" % seq.ob_type.name)
        items = abstract.sequence_to_list(seq)
    finally:
        decref(seq)
    if len(items) < before + after:
        core.decref_all(items)
        raise exc("ValueError", "not enough values to unpack (expected at least %d, got %d)"
                  % (before + after, len(items)))
    head = items[:before]
    mid = items[before:len(items) - after]
    tail = items[len(items) - after:]
    for o in reversed(tail):
        s.append(o)
    s.append(new_list(mid))
    for o in reversed(head):
        s.append(o)


def op_GET_ITER(vm, f, arg):
    s = f.stack
    o = s[-1]
    s[-1] = abstract.get_iter(o)
    decref(o)


def op_FOR_ITER(vm, f, arg):
    s = f.stack
    it = s[-1]
    nx = it.ob_type.tp_iternext
    v = nx(it) if nx is not None else abstract.next_(it)
    if v is None:
        s.pop()
        decref(it)
        f.pc = arg
    else:
        s.append(v)


def op_JUMP(vm, f, arg):
    if arg < f.pc and vm.eval_breaker:
        vm.handle_eval_breaker()
    f.pc = arg


def op_POP_JUMP_IF_FALSE(vm, f, arg):
    o = f.stack.pop()
    if o is FALSE:
        o.ob_refcnt -= 1
        f.pc = arg
    elif o is TRUE:
        o.ob_refcnt -= 1
    else:
        try:
            if not abstract.truth(o):
                f.pc = arg
        finally:
            decref(o)


def op_POP_JUMP_IF_TRUE(vm, f, arg):
    o = f.stack.pop()
    if o is TRUE:
        o.ob_refcnt -= 1
        f.pc = arg
    elif o is FALSE:
        o.ob_refcnt -= 1
    else:
        try:
            if abstract.truth(o):
                f.pc = arg
        finally:
            decref(o)


def op_JUMP_IF_FALSE_OR_POP(vm, f, arg):
    s = f.stack
    if not abstract.truth(s[-1]):
        f.pc = arg
    else:
        decref(s.pop())


def op_JUMP_IF_TRUE_OR_POP(vm, f, arg):
    s = f.stack
    if abstract.truth(s[-1]):
        f.pc = arg
    else:
        decref(s.pop())


def _do_call(vm, f, callable_, args, kwargs):
    """Call with owned ``callable_`` and ``args``; returns a frame to switch to or None."""
    if type(callable_) is PyMethod:
        m = callable_
        callable_ = m.func
        callable_.ob_refcnt += 1
        m.self_obj.ob_refcnt += 1
        args.insert(0, m.self_obj)
        decref(m)
    if type(callable_) is PyFunction:
        ts = vm.ts
        if ts.depth >= vm.recursion_limit:
            core.decref_all(args)
            decref(callable_)
            raise exc("RecursionError", "maximum recursion depth exceeded")
        try:
            nf = vm.make_frame(callable_, args, kwargs)
        finally:
            decref(callable_)
        if nf.code.co_flags & opcodes.CO_SUSPENDABLE:
            g = new_generator(nf)
            nf.gen = g
            f.stack.append(g)
            return None
        nf.back = f
        ts.frame = nf
        ts.depth += 1
        return nf
    try:
        r = abstract.call(callable_, args, kwargs)
    finally:
        core.decref_all(args)
        decref(callable_)
    f.stack.append(r)
    return None


def op_CALL(vm, f, arg):
    if vm.eval_breaker:
        vm.handle_eval_breaker()
    s = f.stack
    base = len(s) - arg - 2
    first = s[base]
    if first is None:
        callable_ = s[base + 1]
        args = s[base + 2:]
    else:
        callable_ = first
        args = s[base + 1:]
    t = type(callable_)
    if t is not PyFunction and t is not PyMethod:
        # a call into host code: the arguments stay on the value stack until it
        # returns, as in CPython, so they remain visible (audit, collector,
        # other threads) while a builtin blocks or calls back into the program
        if t is _PyBuiltinFunction and not callable_.takes_kw and \
                callable_.self_obj is None and \
                callable_.minargs <= len(args) <= callable_.maxargs:
            # a built-in function with positional arguments in range: straight
            # to its implementation (what abstract.call_builtin would do)
            r = callable_.impl(*args)
        elif t is _PyMethodDescr and args and not callable_.takes_kw and \
                callable_.minargs <= len(args) - 1 <= callable_.maxargs and \
                (args[0].ob_type is callable_.owner or
                 typeobject.is_subtype(args[0].ob_type, callable_.owner)):
            # a method of a built-in type found by LOAD_METHOD: args[0] is self
            r = callable_.impl(*args)
        else:
            r = abstract.call(callable_, args, None)
        items = s[base:]
        del s[base:]
        for o in items:
            if o is not None:
                rc = o.ob_refcnt - 1
                o.ob_refcnt = rc
                if not rc:
                    dealloc(o)
        s.append(r)
        return None
    del s[base:]
    return _do_call(vm, f, callable_, args, None)


def op_CALL_KW(vm, f, arg):
    s = f.stack
    names = s.pop()
    kwn = [o.value for o in names.items]
    decref(names)
    base = len(s) - arg - 2
    first = s[base]
    if first is None:
        callable_ = s[base + 1]
        allargs = s[base + 2:]
    else:
        callable_ = first
        allargs = s[base + 1:]
    del s[base:]
    nk = len(kwn)
    args = allargs[:len(allargs) - nk]
    kwvals = allargs[len(allargs) - nk:]
    kwargs = dict(zip(kwn, kwvals))
    try:
        return _do_call(vm, f, callable_, args, kwargs)
    finally:
        core.decref_all(kwvals)


def op_CALL_FUNCTION_EX(vm, f, arg):
    s = f.stack
    kw = s.pop() if arg & 1 else None
    posargs = s.pop()
    callable_ = s.pop()
    null = s.pop()
    kwargs = None
    try:
        if posargs.ob_type is not tuple_type:
            if lookup(posargs.ob_type, "__iter__") is None and \
                    lookup(posargs.ob_type, "__getitem__") is None:
                raise exc("TypeError", "%s argument after * must be an iterable, not %s"
                          % (function_str(callable_), posargs.ob_type.name))
            args = abstract.sequence_to_list(posargs)
        else:
            args = list(posargs.items)
            for o in args:
                o.ob_refcnt += 1
        if kw is not None:
            kwargs = {}
            for hk, k in kw.dk.items():
                if k.ob_type is not str_type and not isinstance(k, PyStr):
                    core.decref_all(args)
                    raise exc("TypeError", "keywords must be strings")
                kwargs[k.value] = kw.dv[hk]
    except PyExc:
        decref(callable_)
        decref(posargs)
        if kw is not None:
            decref(kw)
        raise
    try:
        return _do_call(vm, f, callable_, args, kwargs)
    finally:
        decref(posargs)
        if kw is not None:
            decref(kw)


def op_MAKE_FUNCTION(vm, f, arg):
    s = f.stack
    pycode = s.pop()
    closure = s.pop() if arg & opcodes.MF_CLOSURE else None
    annotations = s.pop() if arg & opcodes.MF_ANNOTATIONS else None
    kwdefaults = s.pop() if arg & opcodes.MF_KWDEFAULTS else None
    defaults = s.pop() if arg & opcodes.MF_DEFAULTS else None
    s.append(new_function(pycode, f.globals, f.builtins, defaults, kwdefaults, closure,
                          annotations))


def new_function(pycode, g, b, defaults=None, kwdefaults=None, closure=None, annotations=None):
    """A function object for the code object *pycode* (reference taken, as
    those of the optional parts), with globals *g* and builtins *b* (borrowed)."""
    code = pycode.code
    fn = PyFunction.__new__(PyFunction)
    fn.code = code
    fn.pycode = pycode
    g.ob_refcnt += 1
    fn.globals = g
    b.ob_refcnt += 1
    fn.builtins = b
    fn.name = intern_str(code.co_name)
    fn.qualname = new_str(code.co_qualname)
    fn.defaults = defaults
    fn.kwdefaults = kwdefaults
    fn.closure = closure
    fn.annotations = annotations
    fn.doc = new_str(code.co_doc) if code.co_doc is not None else None
    m = g.dv.get("__name__")
    if m is not None:
        m.ob_refcnt += 1
    fn.module = m
    fn.inst_dict = None
    return core.alloc(fn, 152, function_type)


def op_RETURN_VALUE(vm, f, arg):
    v = f.stack.pop()
    ts = vm.ts
    ts.depth -= 1
    ts.frame = f.back
    if f.entry:
        if f.gen is not None:
            f.gen.frame = None
        f.clear()
        ts.retval = v
        return EXIT
    caller = f.back
    f.clear()
    caller.stack.append(v)
    return caller


def op_YIELD_VALUE(vm, f, arg):
    v = f.stack.pop()
    ts = vm.ts
    ts.depth -= 1
    ts.frame = f.back
    f.back = None
    ts.retval = v
    ts.yielded = True
    return EXIT


def op_ASYNC_GEN_WRAP(vm, f, arg):
    s = f.stack
    s[-1] = wrap_async_gen_value(s[-1])


def _gen_kind(g):
    """How messages name a generator-like object."""
    t = g.ob_type
    if t is coroutine_type:
        return "coroutine"
    return "async generator" if t is async_generator_type else "generator"


def op_GET_YIELD_FROM_ITER(vm, f, arg):
    s = f.stack
    o = s[-1]
    if type(o) is not PyGen:
        s[-1] = abstract.get_iter(o)
        decref(o)
    elif o.ob_type is coroutine_type and not f.code.co_flags & _AWAITING_CODE:
        raise exc("TypeError", "cannot 'yield from' a coroutine object in a non-coroutine "
                  "generator")


_AWAITING_CODE = opcodes.CO_COROUTINE | opcodes.CO_ITERABLE_COROUTINE


def op_GET_AWAITABLE(vm, f, arg):
    s = f.stack
    o = s[-1]
    if type(o) is PyGen:
        if o.ob_type is coroutine_type:
            if vm.gen_yieldfrom(o) is not None:
                raise exc("RuntimeError", "coroutine is being awaited already")
            return
        if o.code.co_flags & opcodes.CO_ITERABLE_COROUTINE:
            return          # a generator made awaitable (types.coroutine)
    s[-1] = awaitable_iter(o)
    decref(o)


def op_GET_AITER(vm, f, arg):
    s = f.stack
    o = s[-1]
    meth = lookup(o.ob_type, "__aiter__")
    if meth is None:
        raise exc("TypeError", "'async for' requires an object with __aiter__ method, got %s"
                  % type_name(o))
    it = abstract.call_dunder(meth, o, ())
    s[-1] = it
    decref(o)
    if lookup(it.ob_type, "__anext__") is None:
        raise exc("TypeError", "'async for' received an object from __aiter__ that does not "
                  "implement __anext__: %s" % type_name(it))


def op_GET_ANEXT(vm, f, arg):
    s = f.stack
    it = s[-1]
    meth = lookup(it.ob_type, "__anext__")
    if meth is None:
        raise exc("TypeError", "'async for' requires an iterator with __anext__ method, got %s"
                  % type_name(it))
    r = abstract.call_dunder(meth, it, ())
    try:
        s.append(awaitable_iter(r))
    except PyExc as e:
        if e.exc.ob_type is EXC_TYPES["TypeError"]:
            decref(e.exc)
            e = exc("TypeError", "'async for' received an invalid object from __anext__: %s"
                    % type_name(r))
        raise e
    finally:
        decref(r)


def op_END_ASYNC_FOR(vm, f, arg):
    s = f.stack
    e = s.pop()
    if typeobject.is_subtype(e.ob_type, EXC_TYPES["StopAsyncIteration"]):
        decref(e)
        decref(s.pop())
        return
    raise _reraise(e)


def op_BEFORE_ASYNC_WITH(vm, f, arg):
    _enter_context(f.stack, "__aenter__", "__aexit__", "asynchronous context manager")


def awaitable_iter(o):
    """What ``await o`` drives (new reference): a coroutine itself, else the
    iterator ``o.__await__()`` returns."""
    if o.ob_type is coroutine_type:
        o.ob_refcnt += 1
        return o
    meth = lookup(o.ob_type, "__await__")
    if meth is None:
        raise exc("TypeError", "object %s can't be used in 'await' expression" % type_name(o))
    r = abstract.call_dunder(meth, o, ())
    if r.ob_type is coroutine_wrapper_type:
        # (another coroutine's __await__(): await drives that coroutine itself,
        # which gives its return value)
        coro = r.src
        coro.ob_refcnt += 1
        decref(r)
        return coro
    if type(r) is PyGen and (r.ob_type is coroutine_type or
                             r.code.co_flags & opcodes.CO_ITERABLE_COROUTINE):
        decref(r)
        raise exc("TypeError", "__await__() returned a coroutine")
    if r.ob_type.tp_iternext is None and lookup(r.ob_type, "__next__") is None:
        decref(r)
        raise exc("TypeError", "__await__() returned non-iterator of type '%s'" % type_name(r))
    return r


def op_SEND(vm, f, arg):
    s = f.stack
    v = s.pop()
    recv = s[-1]
    try:
        if type(recv) is PyGen:
            yielded, r = vm.gen_resume(recv, v)
            if not yielded and r is None:
                r = NONE
                NONE.ob_refcnt += 1
        elif v is NONE and recv.ob_type.tp_iternext is not None:
            r = recv.ob_type.tp_iternext(recv)
            yielded = r is not None
            if not yielded:
                r = NONE
                NONE.ob_refcnt += 1
        else:
            # __next__() or send(v): the StopIteration that ends it carries the
            # result of the ``await``/``yield from``
            try:
                if v is NONE:
                    r = abstract.call_dunder(lookup(recv.ob_type, "__next__"), recv, ())
                else:
                    meth = abstract.getattr_(recv, "send")
                    try:
                        r = abstract.call(meth, [v])
                    finally:
                        decref(meth)
                yielded = True
            except PyExc as e:
                if not typeobject.is_subtype(e.exc.ob_type, StopIteration_type):
                    raise
                r = stop_iteration_value(e.exc)
                decref(e.exc)
                yielded = False
    finally:
        decref(v)
    if yielded:
        s.append(r)
    else:
        s.pop()
        decref(recv)
        s.append(r)
        f.pc = arg


def stop_iteration_value(e):
    """The value carried by a StopIteration object (new reference)."""
    if e.value is not None:
        e.value.ob_refcnt += 1
        return e.value
    items = e.args.items if e.args is not None else ()
    v = items[0] if items else NONE
    v.ob_refcnt += 1
    return v


def op_LOAD_BUILD_CLASS(vm, f, arg):
    bc = f.builtins.dv.get("__build_class__")
    if bc is None:
        raise exc("NameError", "__build_class__ not found")
    bc.ob_refcnt += 1
    f.stack.append(bc)


def op_SETUP_FINALLY(vm, f, arg):
    f.blocks.append((arg, len(f.stack)))


def op_SETUP_CLEANUP(vm, f, arg):
    f.blocks.append((arg, len(f.stack) - 1))


def op_POP_BLOCK(vm, f, arg):
    f.blocks.pop()


def op_PUSH_EXC_INFO(vm, f, arg):
    s = f.stack
    e = s[-1]
    ts = vm.ts
    prev = ts.exc_info
    if prev is None:
        prev = NONE
        NONE.ob_refcnt += 1
    s[-1] = prev
    e.ob_refcnt += 1
    ts.exc_info = e
    s.append(e)


def _restore_exc_info(vm, prev):
    ts = vm.ts
    old = ts.exc_info
    if prev is NONE:
        prev.ob_refcnt -= 1
        prev = None
    ts.exc_info = prev
    if old is not None:
        decref(old)


def op_POP_EXCEPT(vm, f, arg):
    _restore_exc_info(vm, f.stack.pop())


def _reraise(e):
    pe = PyExc(e)
    pe.reraise = True
    pe.chained = True
    return pe


def op_POP_EXCEPT_RERAISE(vm, f, arg):
    s = f.stack
    e = s.pop()
    _restore_exc_info(vm, s.pop())
    raise _reraise(e)


def op_CHECK_EXC_MATCH(vm, f, arg):
    s = f.stack
    t = s.pop()
    e = s[-1]
    try:
        ok = _exc_matches(e, t)
    finally:
        decref(t)
    r = TRUE if ok else FALSE
    r.ob_refcnt += 1
    s.append(r)


def op_CHECK_EG_MATCH(vm, f, arg):
    s = f.stack
    t = s.pop()
    e = s[-1]
    try:
        _check_except_star_type(t)
        rest, match = except_star_match(None if e is NONE else e, t)
    finally:
        decref(t)
    s[-1] = rest if rest is not None else core.incref(NONE)
    decref(e)
    if match is None:
        s.append(core.incref(NONE))
        return
    s.append(match)
    # the match is the exception being handled in the clause (sys.exc_info())
    ts = vm.ts
    old = ts.exc_info
    ts.exc_info = core.incref(match)
    if old is not None:
        decref(old)


def _check_except_star_type(t):
    items = t.items if t.ob_type is tuple_type else (t,)
    for x in items:
        if not abstract.is_exception_type(x):
            raise exc("TypeError", "catching classes that do not inherit from BaseException "
                      "is not allowed")
    for x in items:
        if EXC_TYPES["BaseExceptionGroup"] in x.mro:
            raise exc("TypeError", "catching ExceptionGroup with except* is not allowed. "
                      "Use except instead.")


def op_PREP_RERAISE_STAR(vm, f, arg):
    s = f.stack
    excs = s.pop()
    orig = s[-1]
    try:
        r = prep_reraise_star(orig, excs.items)
    finally:
        decref(excs)
    s[-1] = r if r is not None else core.incref(NONE)
    decref(orig)


def _exc_matches(e, t):
    if t.ob_type is tuple_type:
        for x in t.items:
            if not abstract.is_exception_type(x):
                raise exc("TypeError", "catching classes that do not inherit from BaseException "
                          "is not allowed")
        return any(x in e.ob_type.mro for x in t.items)
    if not abstract.is_exception_type(t):
        raise exc("TypeError", "catching classes that do not inherit from BaseException is not allowed")
    return t in e.ob_type.mro


def op_RERAISE(vm, f, arg):
    raise _reraise(f.stack.pop())


def make_exception(o):
    """The exception instance to raise for ``raise o`` (o borrowed); new reference."""
    if isinstance(o, PyType):
        if not abstract.is_exception_type(o):
            raise exc("TypeError", "exceptions must derive from BaseException")
        r = abstract.call(o, [])
        if not isinstance(r, PyBaseException):
            decref(r)
            raise exc("TypeError", "calling %s should have returned an instance of BaseException, "
                      "not %s" % (o.name, r.ob_type.name))
        return r
    if isinstance(o, PyBaseException):
        o.ob_refcnt += 1
        return o
    raise exc("TypeError", "exceptions must derive from BaseException")


def op_RAISE_VARARGS(vm, f, arg):
    s = f.stack
    if arg == 0:
        e = vm.ts.exc_info
        if e is None:
            raise exc("RuntimeError", "No active exception to reraise")
        e.ob_refcnt += 1
        pe = PyExc(e)
        pe.reraise = True           # a bare raise adds no traceback entry (CPython's do_raise)
        pe.chained = True
        raise pe
    cause = s.pop() if arg == 2 else None
    o = s.pop()
    try:
        e = make_exception(o)
    finally:
        decref(o)
    if cause is not None:
        try:
            if cause is NONE:
                c = None
                decref(cause)
            elif isinstance(cause, PyType) or isinstance(cause, PyBaseException):
                try:
                    c = make_exception(cause)
                except PyExc:
                    decref(e)
                    raise
                finally:
                    decref(cause)
            else:
                decref(cause)
                decref(e)
                raise exc("TypeError", "exception causes must derive from BaseException")
        except PyExc:
            raise
        old = e.cause
        e.cause = c
        e.suppress_context = True
        if old is not None:
            decref(old)
    raise PyExc(e)


def op_LOAD_ASSERTION_ERROR(vm, f, arg):
    t = EXC_TYPES["AssertionError"]
    t.ob_refcnt += 1
    f.stack.append(t)


def op_BEFORE_WITH(vm, f, arg):
    _enter_context(f.stack, "__enter__", "__exit__", "context manager")


def _enter_context(s, enter_name, exit_name, protocol):
    """[mgr] -> [bound exit, enter()] on the stack ``s`` (with, async with)."""
    mgr = s.pop()
    tp = mgr.ob_type
    enter = lookup(tp, enter_name)
    exit_ = lookup(tp, exit_name)
    try:
        if enter is None:
            raise exc("TypeError", "'%s' object does not support the %s protocol"
                      % (tp.name, protocol))
        if exit_ is None:
            raise exc("TypeError", "'%s' object does not support the %s protocol "
                      "(missed %s method)" % (tp.name, protocol, exit_name))
        bound_exit = abstract.descr_get(exit_, mgr, tp)
        try:
            res = abstract.call_dunder(enter, mgr, ())
        except PyExc:
            decref(bound_exit)
            raise
    finally:
        decref(mgr)
    s.append(bound_exit)
    s.append(res)


def op_WITH_EXIT(vm, f, arg):
    ex = f.stack.pop()
    try:
        r = abstract.call(ex, [NONE, NONE, NONE])
    finally:
        decref(ex)
    decref(r)


def op_WITH_EXCEPT_START(vm, f, arg):
    s = f.stack
    ex = s[-3]
    e = s[-1]
    tb = e.traceback if e.traceback is not None else NONE
    s.append(abstract.call(ex, [e.ob_type, e, tb]))


def op_IMPORT_NAME(vm, f, arg):
    s = f.stack
    fromlist = s.pop()
    level = s.pop()
    try:
        m = vm.interp.import_module(f.names[arg], f, fromlist)
    finally:
        decref(fromlist)
        decref(level)
    s.append(m)


def op_IMPORT_FROM(vm, f, arg):
    s = f.stack
    m = s[-1]
    name = f.names[arg]
    try:
        v = abstract.getattr_(m, name)
    except PyExc as e:
        if not typeobject.is_subtype(e.exc.ob_type, EXC_TYPES["AttributeError"]):
            raise
        decref(e.exc)
        mname = getattr(m, "name", "?")
        raise exc("ImportError", "cannot import name '%s' from '%s' (%s)"
                  % (name, mname, vm.interp.module_file(mname)))
    s.append(v)


def op_IMPORT_STAR(vm, f, arg):
    m = f.stack.pop()
    try:
        d = m.dict
        names = d.dv.get("__all__")
        if names is None:
            # no __all__: the public names of the module's dict
            for hk, k in list(d.dk.items()):
                if isinstance(hk, str) and not hk.startswith("_"):
                    dict_setitem(f.locals, k, d.dv[hk])
            return
        # __all__: exactly those names, each looked up as an attribute (a
        # module __getattr__ may make it), as CPython's import_all_from
        from minipy.runtime.containers_common import iterate
        for name in iterate(names):
            try:
                if not isinstance(name, PyStr):
                    modname = d.dv.get("__name__")
                    raise abstract.exc("TypeError", "Item in %s.__all__ must be str, not %s"
                                       % (modname.value if isinstance(modname, PyStr) else "?",
                                          abstract.type_name(name)))
                v = abstract.getattr_(m, name.value)
                try:
                    dict_setitem(f.locals, name, v)
                finally:
                    decref(v)
            finally:
                decref(name)
    finally:
        decref(m)


def op_SETUP_ANNOTATIONS(vm, f, arg):
    if f.locals.dv.get("__annotations__") is None:
        d = new_dict()
        dict_setitem_str(f.locals, "__annotations__", d)
        decref(d)


def op_PRINT_EXPR(vm, f, arg):
    v = f.stack.pop()
    try:
        vm.interp.display_hook(v)
    finally:
        decref(v)


# --- structural pattern matching ---------------------------------------------

# built-in types whose instances are sequences / mappings for a pattern
# (CPython's Py_TPFLAGS_SEQUENCE / Py_TPFLAGS_MAPPING; str, bytes and bytearray
# are not sequences here), and the classes of collections (collections.abc
# registers them in CPython)
_SEQUENCE_TYPES = frozenset(("list", "tuple", "range", "memoryview", "deque"))
_MAPPING_TYPES = frozenset(("dict", "mappingproxy"))
_COLLECTIONS_KINDS = {"deque": 1, "UserList": 1, "UserDict": 2, "ChainMap": 2}
# built-in types that match themselves with one positional sub-pattern
# (_Py_TPFLAGS_MATCH_SELF, inherited by subclasses)
_MATCH_SELF_TYPES = frozenset(("bool", "bytearray", "bytes", "dict", "float", "frozenset",
                               "int", "list", "set", "str", "tuple"))


def _collection_kind(t):
    """1 if instances of type t are sequences for a pattern, 2 if mappings, else 0."""
    for x in t.mro:
        if not x.is_heaptype:
            if x.name in _SEQUENCE_TYPES:
                return 1
            if x.name in _MAPPING_TYPES:
                return 2
            continue
        kind = _COLLECTIONS_KINDS.get(x.name)
        if kind is not None:
            m = lookup(x, "__module__")
            if isinstance(m, PyStr) and m.value == "collections":
                return kind
    return 0


def op_GET_LEN(vm, f, arg):
    s = f.stack
    s.append(new_int(abstract.length(s[-1])))


def op_MATCH_MAPPING(vm, f, arg):
    t = f.stack[-1].ob_type
    r = TRUE if t is dict_type or _collection_kind(t) == 2 else FALSE
    r.ob_refcnt += 1
    f.stack.append(r)


def op_MATCH_SEQUENCE(vm, f, arg):
    t = f.stack[-1].ob_type
    r = TRUE if t is list_type or t is tuple_type or _collection_kind(t) == 1 else FALSE
    r.ob_refcnt += 1
    f.stack.append(r)


def op_MATCH_KEYS(vm, f, arg):
    s = f.stack
    s.append(_match_keys(s[-2], s[-1]))


def _match_keys(subject, keys):
    """The tuple of subject's values for the tuple ``keys`` (new reference), or
    None (a new reference) when one is missing (CPython's match_keys)."""
    items = keys.items
    if not items:
        return new_tuple([])
    exact = subject.ob_type is dict_type
    get = dummy = None
    seen = set()
    values = []
    try:
        if not exact:
            # map.get(key, dummy): no key is created (defaultdict's __missing__)
            get = abstract.getattr_(subject, "get")
            dummy = abstract.call(typeobject.object_type, [])
        for key in items:
            hk = dictobject.hostkey(key)
            if hk in seen:
                raise exc("ValueError", "mapping pattern checks duplicate key (%s)"
                          % abstract.repr_host(key))
            seen.add(hk)
            if exact:
                v = subject.dv.get(hk)
                if v is None:
                    break
                v.ob_refcnt += 1
            else:
                v = abstract.call(get, [key, dummy])
                if v is dummy:
                    decref(v)
                    break
            values.append(v)
        else:
            r = new_tuple(values)
            values = []
            return r
        NONE.ob_refcnt += 1
        return NONE
    finally:
        core.decref_all(values)
        if get is not None:
            decref(get)
        if dummy is not None:
            decref(dummy)


def op_MATCH_CLASS(vm, f, arg):
    s = f.stack
    names = s.pop()
    cls = s.pop()
    subject = s[-1]
    try:
        attrs = _match_class(subject, cls, arg, names)
    finally:
        decref(names)
        decref(cls)
    if attrs is None:
        NONE.ob_refcnt += 1
        attrs = NONE
    s[-1] = attrs
    decref(subject)


def _match_class(subject, cls, nargs, names):
    """CPython's match_class: the tuple of attributes (new reference), or None
    when the subject does not match."""
    if not isinstance(cls, PyType):
        raise exc("TypeError", "called match pattern must be a type")
    if not abstract.isinstance_(subject, cls):
        return None
    seen = set()
    attrs = []
    try:
        if nargs:
            match_self = False
            try:
                match_args = abstract.getattr_(cls, "__match_args__")
            except PyExc as e:
                if not abstract.isinstance_(e.exc, EXC_TYPES["AttributeError"]):
                    raise
                decref(e.exc)
                match_args = new_tuple([])
                match_self = any(not x.is_heaptype and x.name in _MATCH_SELF_TYPES
                                 for x in cls.mro)
            try:
                if match_args.ob_type is not tuple_type:
                    raise exc("TypeError", "%s.__match_args__ must be a tuple (got %s)"
                              % (cls.name, match_args.ob_type.name))
                allowed = 1 if match_self else len(match_args.items)
                if allowed < nargs:
                    raise exc("TypeError", "%s() accepts %d positional sub-pattern%s (%d given)"
                              % (cls.name, allowed, "" if allowed == 1 else "s", nargs))
                if match_self:
                    subject.ob_refcnt += 1
                    attrs.append(subject)
                else:
                    for name in match_args.items[:nargs]:
                        if name.ob_type is not str_type:
                            raise exc("TypeError", "__match_args__ elements must be strings "
                                      "(got %s)" % name.ob_type.name)
                        a = _match_class_attr(subject, cls, name, seen)
                        if a is None:
                            return None
                        attrs.append(a)
            finally:
                decref(match_args)
        for name in names.items:
            a = _match_class_attr(subject, cls, name, seen)
            if a is None:
                return None
            attrs.append(a)
        r = new_tuple(attrs)
        attrs = []
        return r
    finally:
        core.decref_all(attrs)


def _match_class_attr(subject, cls, name, seen):
    if name.value in seen:
        raise exc("TypeError", "%s() got multiple sub-patterns for attribute %r"
                  % (cls.name, name.value))
    seen.add(name.value)
    try:
        return abstract.getattr_(subject, name.value)
    except PyExc as e:
        if not abstract.isinstance_(e.exc, EXC_TYPES["AttributeError"]):
            raise
        decref(e.exc)
        return None


# ---------------------------------------------------------------------------
# The dispatch table, derived from the instruction table
# ---------------------------------------------------------------------------

from minipy.objects.descr import PyMethodDescr as _PyMethodDescr  # noqa: E402
from minipy.objects.descr import PyBuiltinFunction as _PyBuiltinFunction  # noqa: E402


def _build_handlers():
    g = globals()
    table = []
    for name, *_ in INSTRUCTIONS:
        h = g.get("op_" + name)
        if h is None:
            raise InternalError("no handler for opcode %s" % name)
        table.append(h)
    return table


HANDLERS = _build_handlers()

# opcodes executed inline by VM.run
_LOAD_FAST = opcodes.OPCODE["LOAD_FAST"]
_STORE_FAST = opcodes.OPCODE["STORE_FAST"]
_LOAD_CONST = opcodes.OPCODE["LOAD_CONST"]
_POP_TOP = opcodes.OPCODE["POP_TOP"]
_BINARY_OP = opcodes.OPCODE["BINARY_OP"]
_COMPARE_OP = opcodes.OPCODE["COMPARE_OP"]
_POP_JUMP_IF_FALSE = opcodes.OPCODE["POP_JUMP_IF_FALSE"]
_POP_JUMP_IF_TRUE = opcodes.OPCODE["POP_JUMP_IF_TRUE"]
_JUMP = opcodes.OPCODE["JUMP"]
_FOR_ITER = opcodes.OPCODE["FOR_ITER"]
_LOAD_GLOBAL = opcodes.OPCODE["LOAD_GLOBAL"]
_CALL = opcodes.OPCODE["CALL"]
_PUSH_NULL = opcodes.OPCODE["PUSH_NULL"]
_LOAD_ATTR = opcodes.OPCODE["LOAD_ATTR"]
_STORE_ATTR = opcodes.OPCODE["STORE_ATTR"]
_IS_OP = opcodes.OPCODE["IS_OP"]
_RETURN_VALUE = opcodes.OPCODE["RETURN_VALUE"]
_YIELD_VALUE = opcodes.OPCODE["YIELD_VALUE"]
_SEND = opcodes.OPCODE["SEND"]
# opcodes with a fast path inline in VM.run (the others go straight to their
# handler, without walking the chain of tests)
_INLINE = [False] * len(opcodes.OPNAME)
for _op in (_LOAD_FAST, _STORE_FAST, _LOAD_CONST, _POP_TOP, _BINARY_OP, _COMPARE_OP,
            _POP_JUMP_IF_FALSE, _POP_JUMP_IF_TRUE, _JUMP, _FOR_ITER, _LOAD_GLOBAL, _CALL,
            _PUSH_NULL, _RETURN_VALUE, _LOAD_ATTR, _STORE_ATTR, _IS_OP):
    _INLINE[_op] = True
# + - * // % ** & >> | ^ << and their in-place forms (see BINARY_OPS)
_INT_FAST = frozenset((0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11,
                       13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24))
_EXACT = 1 << 53                 # ints this small convert to float exactly
_INF = float("inf")
_FLOAT_FAST = frozenset((0, 1, 2, 3, 6, 13, 14, 15, 16, 19))  # + - * / ** and in-place forms
