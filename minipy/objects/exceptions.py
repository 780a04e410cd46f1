"""The exception hierarchy: BaseException and the built-in subclasses.

A raised minipy exception is an ordinary heap object (``PyBaseException``)
with ``args``, ``__traceback__``, ``__cause__``, ``__context__`` and
``__suppress_context__``.  While it propagates through host code it travels
inside the host exception ``PyExc`` (the only host exception that carries
program-level errors); the VM catches ``PyExc`` and unwinds minipy frames.
"""

from . import core
from .core import PyObject, alloc
from .typeobject import make_type, object_type, TPFLAGS_EXCEPTION

EXC_SIZE = 88       # sys.getsizeof(ValueError('x')) in CPython 3.11


class PyBaseException(PyObject):
    __slots__ = ("args", "traceback", "cause", "context", "suppress_context", "inst_dict",
                 "value", "notes", "name", "obj")


class PyExc(Exception):
    """Host carrier of a minipy exception object (holds one reference)."""

    def __init__(self, exc):
        Exception.__init__(self)
        self.exc = exc


def _exc_traverse(e):
    return [o for o in (e.args, e.traceback, e.cause, e.context, e.inst_dict, e.value, e.obj)
            if o is not None]


def _exc_dealloc(e):
    refs = _exc_traverse(e)
    e.args = e.traceback = e.cause = e.context = e.inst_dict = e.value = e.obj = None
    core.free_block(e)
    core.decref_all(refs)


BaseException_type = make_type("BaseException", host_class=PyBaseException, basicsize=EXC_SIZE,
                               flags=TPFLAGS_EXCEPTION, dealloc=_exc_dealloc,
                               traverse=_exc_traverse, gc=True)
BaseException_type.has_dict = True

EXC_TYPES = {"BaseException": BaseException_type}

_HIERARCHY = """
BaseException
  SystemExit
  KeyboardInterrupt
  GeneratorExit
  Exception
    StopIteration
    StopAsyncIteration
    ArithmeticError
      FloatingPointError
      OverflowError
      ZeroDivisionError
    AssertionError
    AttributeError
    BufferError
    EOFError
    ImportError
      ModuleNotFoundError
    LookupError
      IndexError
      KeyError
    MemoryError
    NameError
      UnboundLocalError
    OSError
      BlockingIOError
      ChildProcessError
      ConnectionError
        BrokenPipeError
        ConnectionAbortedError
        ConnectionRefusedError
        ConnectionResetError
      FileExistsError
      FileNotFoundError
      InterruptedError
      IsADirectoryError
      NotADirectoryError
      PermissionError
      ProcessLookupError
      TimeoutError
    ReferenceError
    RuntimeError
      NotImplementedError
      RecursionError
    SyntaxError
      IndentationError
        TabError
    SystemError
    TypeError
    ValueError
      UnicodeError
        UnicodeDecodeError
        UnicodeEncodeError
        UnicodeTranslateError
    Warning
      DeprecationWarning
      PendingDeprecationWarning
      RuntimeWarning
      SyntaxWarning
      UserWarning
      FutureWarning
      ImportWarning
      UnicodeWarning
      BytesWarning
      EncodingWarning
      ResourceWarning
"""


def _build():
    stack = []
    for line in _HIERARCHY.strip("\n").splitlines():
        depth = (len(line) - len(line.lstrip())) // 2
        name = line.strip()
        del stack[depth:]
        if name != "BaseException":
            t = make_type(name, base=stack[-1], host_class=PyBaseException, basicsize=EXC_SIZE)
            t.has_dict = True
            EXC_TYPES[name] = t
        stack.append(EXC_TYPES[name])


_build()
globals().update({name + "_type": t for name, t in EXC_TYPES.items()})


def new_exception(tp, args_tuple):
    """An exception instance of type ``tp`` with ``args`` (a tuple; reference taken)."""
    e = tp.host_class.__new__(tp.host_class)
    e.args = args_tuple
    e.traceback = e.cause = e.context = e.inst_dict = e.value = None
    e.suppress_context = False
    e.notes = None
    e.name = None      # NameError/AttributeError: the missing name (host str)
    e.obj = None       # AttributeError: the object it was looked up on
    if tp.host_class is not PyBaseException:       # a user subclass: its layout has slots
        e.slot_vals = [None] * len(tp.slotnames) if tp.slotnames else None
    return alloc(e, EXC_SIZE, tp)


# CPython keeps preallocated MemoryError instances so that reporting an
# out-of-memory condition never needs memory; minipy keeps one static one.
_MEMORY_ERROR = PyBaseException.__new__(PyBaseException)
core.alloc_static(_MEMORY_ERROR, EXC_SIZE, EXC_TYPES["MemoryError"])
_MEMORY_ERROR.args = None
_MEMORY_ERROR.traceback = _MEMORY_ERROR.cause = _MEMORY_ERROR.context = None
_MEMORY_ERROR.inst_dict = _MEMORY_ERROR.value = _MEMORY_ERROR.notes = None
_MEMORY_ERROR.name = _MEMORY_ERROR.obj = None
_MEMORY_ERROR.suppress_context = False


def _memory_error():
    e = _MEMORY_ERROR
    if e.args is None:
        from .tupleobject import EMPTY
        EMPTY.ob_refcnt += 1
        e.args = EMPTY
    if e.ob_refcnt == 1:          # not in use: forget the previous traceback and context
        old = (e.traceback, e.context, e.cause)
        e.traceback = e.context = e.cause = None
        core.decref_all([o for o in old if o is not None])
    e.ob_refcnt += 1
    return PyExc(e)


core.memory_error = _memory_error
