"""Frames: one activation of a code object.

A frame holds what CPython's ``_PyInterpreterFrame`` holds: the code, the
globals and builtins dicts, the namespace dict for module and class bodies
(``locals``), the fast locals array (``fast``: locals, then cells, then free
variables), the value stack, the index of the next instruction (``pc``), the
block stack for exception handling, and a link to the calling frame.  Every
object the frame refers to is a counted reference; ``clear`` drops them all
when the frame finishes (so locals die the moment a function returns).

Frames are host structures, like CPython's frames that live on a per-thread
data stack; a heap frame object (``PyFrameObj``) is created on demand when a
traceback or ``sys._getframe`` needs one.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, decref, dealloc
from minipy.objects.typeobject import make_type


class Frame:
    __slots__ = ("code", "pycode", "consts", "names", "globals", "builtins", "locals",
                 "fast", "stack", "pc", "blocks", "back", "func", "gen", "entry",
                 "nlocals", "frame_obj", "lasti", "thread")

    def __init__(self, code, pycode, globals_, builtins, locals_, func):
        self.code = code
        self.pycode = pycode          # owned
        self.consts = pycode.consts
        self.names = code.co_names
        self.globals = globals_       # owned
        self.builtins = builtins      # owned
        self.locals = locals_         # owned (None for function frames)
        self.nlocals = len(code.co_varnames)
        self.fast = [None] * (self.nlocals + len(code.co_cellvars) + len(code.co_freevars))
        self.stack = []
        self.pc = 0
        self.blocks = []
        self.back = None
        self.func = func              # owned (or None)
        self.gen = None               # borrowed back-pointer
        self.entry = False
        self.frame_obj = None
        self.lasti = 0
        self.thread = None

    def references(self):
        """Every object this frame holds a reference to (for traversal and audits)."""
        out = [self.pycode, self.globals, self.builtins]
        if self.locals is not None:
            out.append(self.locals)
        if self.func is not None:
            out.append(self.func)
        if self.frame_obj is not None:
            out.append(self.frame_obj)
        out.extend(o for o in self.fast if o is not None)
        out.extend(o for o in self.stack if o is not None)
        return out

    def clear(self):
        """Drop every reference (the frame has finished).  If a frame object
        outlives the frame (a traceback holds it), the locals move into it, as
        CPython's frame object takes ownership of a finished frame's data —
        which is how an exception saved in a local makes a reference cycle."""
        fo = self.frame_obj
        if fo is not None:
            fo.lineno = self.lineno
            if fo.ob_refcnt > 1 and not fo.fast:
                # the frame object outlives the frame: it keeps the locals (by slot,
                # so f_locals can name them), the last line and the caller
                fo.fast = self.fast
                fo.varnames = self.code.co_varnames + self.code.co_cellvars + \
                    self.code.co_freevars
                fo.nlocals = self.nlocals
                self.fast = []
                if self.back is not None and fo.back is None:
                    fo.back = frame_object(self.back)
            fo.frame = None
            self.frame_obj = None
        fast = self.fast
        stack = self.stack
        pycode = self.pycode
        globals_ = self.globals
        builtins = self.builtins
        locals_ = self.locals
        func = self.func
        self.fast = []
        self.stack = []
        self.blocks = []
        self.locals = self.func = self.pycode = self.globals = self.builtins = None
        # locals in order, as CPython clears a frame; then the value stack; then
        # what every frame holds (written out, not looped over: this runs at
        # every return, and straight-line code is what PyPy's JIT likes best)
        for o in fast:
            if o is not None:
                rc = o.ob_refcnt - 1
                o.ob_refcnt = rc
                if not rc:
                    dealloc(o)
        if stack:
            for o in stack:
                if o is not None:
                    decref(o)
        decref(pycode)
        decref(globals_)
        decref(builtins)
        if locals_ is not None:
            decref(locals_)
        if func is not None:
            decref(func)
        if fo is not None:
            decref(fo)

    @property
    def lineno(self):
        """The line of the instruction running (or last run) in this frame."""
        code = self.code
        i = self.pc - 1
        if 0 <= i < len(code.co_lines):
            return code.co_lines[i]
        return code.co_firstlineno


class PyFrameObj(PyObject):
    """The heap object for a frame (``tb.tb_frame``, ``sys._getframe()``)."""
    __slots__ = ("frame", "pycode", "globals", "lineno", "back", "fast", "varnames", "nlocals")


def _frameobj_traverse(fo):
    return [o for o in (fo.pycode, fo.globals, fo.back) if o is not None] + \
        [o for o in fo.fast if o is not None]


def _frameobj_dealloc(fo):
    refs = _frameobj_traverse(fo)
    fo.pycode = fo.globals = fo.back = None
    fo.fast = []
    fo.frame = None
    core.free_block(fo)
    core.decref_all(refs)


frame_type = make_type("frame", host_class=PyFrameObj, basicsize=104, dealloc=_frameobj_dealloc,
                       traverse=_frameobj_traverse, final=True, gc=True)


def frame_object(f):
    """The heap frame object of host frame ``f`` (new reference)."""
    fo = f.frame_obj
    if fo is None:
        fo = PyFrameObj.__new__(PyFrameObj)
        fo.frame = f
        f.pycode.ob_refcnt += 1
        fo.pycode = f.pycode
        f.globals.ob_refcnt += 1
        fo.globals = f.globals
        fo.lineno = f.lineno
        fo.back = None
        fo.fast = []            # the locals, once the frame has finished
        fo.varnames = ()
        fo.nlocals = 0
        core.alloc(fo, 104, frame_type)
        f.frame_obj = fo        # the frame's own reference
    fo.lineno = f.lineno
    fo.ob_refcnt += 1
    return fo


def clear_frame_object(fo):
    """tp_clear of a frame object: drop the locals it kept."""
    refs = [o for o in fo.fast if o is not None]
    fo.fast = []
    core.decref_all(refs)
