"""The exception hierarchy: BaseException and the built-in subclasses.

A raised minipy exception is an ordinary heap object (``PyBaseException``)
with ``args``, ``__traceback__``, ``__cause__``, ``__context__`` and
``__suppress_context__``.  While it propagates through host code it travels
inside the host exception ``PyExc`` (the only host exception that carries
program-level errors); the VM catches ``PyExc`` and unwinds minipy frames.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc
from minipy.objects.typeobject import make_type, object_type, TPFLAGS_EXCEPTION

EXC_SIZE = 88       # sys.getsizeof(ValueError('x')) in CPython 3.11


class PyBaseException(PyObject):
    __slots__ = ("args", "traceback", "cause", "context", "suppress_context", "inst_dict",
                 "value", "notes", "name", "obj",
                 # ImportError's msg, name (``imp_name``) and path; OSError's errno,
                 # strerror, filename and filename2 (objects, or None for C's NULL),
                 # and BlockingIOError's characters_written (a host int, -1 if unset)
                 "msg", "imp_name", "path", "errno", "strerror", "filename", "filename2",
                 "written",
                 # SyntaxError's position (msg and filename are the fields above)
                 "lineno", "offset", "text", "end_lineno", "end_offset", "print_file_and_line",
                 # BaseExceptionGroup's exceptions (a tuple; its message is ``msg``)
                 "excs")


# the object fields of an exception besides args/traceback/cause/context
_FIELDS = ("inst_dict", "value", "obj", "msg", "imp_name", "path", "errno", "strerror",
           "filename", "filename2", "lineno", "offset", "text", "end_lineno", "end_offset",
           "print_file_and_line", "excs")


class PyExc(Exception):
    """Host carrier of a minipy exception object (holds one reference)."""

    def __init__(self, exc):
        Exception.__init__(self)
        self.exc = exc


_exc_traverse, _exc_dealloc = core.field_gc_functions("args", "traceback", "cause", "context",
                                                     *_FIELDS)
_clear_fields = core.field_clearer(*_FIELDS)


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


def _build_groups():
    """BaseExceptionGroup(BaseException) and ExceptionGroup(BaseExceptionGroup, Exception)."""
    base = make_type("BaseExceptionGroup", base=EXC_TYPES["BaseException"],
                     host_class=PyBaseException, basicsize=EXC_SIZE + 16)
    base.has_dict = True
    exc_t = EXC_TYPES["Exception"]
    eg = make_type("ExceptionGroup", base=base, host_class=PyBaseException,
                   basicsize=EXC_SIZE + 16)
    eg.has_dict = True
    eg.bases = (base, exc_t)
    eg.mro = (eg, base) + exc_t.mro
    exc_t.subclasses.append(eg)
    EXC_TYPES["BaseExceptionGroup"] = base
    EXC_TYPES["ExceptionGroup"] = eg


_build_groups()
globals().update({name + "_type": t for name, t in EXC_TYPES.items()})


def new_exception(tp, args_tuple):
    """An exception instance of type ``tp`` with ``args`` (a tuple; reference taken).

    Like CPython's ``tp_new``: an OSError is built by OSError's ``__new__``
    (``OSError(2, "x")`` is a FileNotFoundError with errno and strerror set);
    exceptions that the runtime raises without calling their class get the
    attributes CPython's ``__init__`` would have set (ImportError's ``msg``)."""
    mro = tp.mro
    if OSError_type in mro and not _oserror_use_init(tp):
        return _new_oserror(tp, args_tuple)
    e = _alloc_exception(tp, args_tuple)
    if ImportError_type in mro and not tp.is_heaptype:
        _import_error_from_runtime(e)
    elif SyntaxError_type in mro and not tp.is_heaptype and len(args_tuple.items) == 1:
        _set_field(e, "msg", args_tuple.items[0])      # (what SyntaxError.__init__ sets)
    return e


def _alloc_exception(tp, args_tuple):
    e = tp.host_class.__new__(tp.host_class)
    e.args = args_tuple
    e.traceback = e.cause = e.context = None
    _clear_fields(e)   # (AttributeError's obj: the object it was looked up on...)
    e.suppress_context = False
    e.notes = None
    e.name = None      # NameError/AttributeError: the missing name (host str)
    e.written = -1
    if tp.host_class is not PyBaseException:       # a user subclass: its layout has slots
        e.slot_vals = [None] * len(tp.slotnames) if tp.slotnames else None
    return alloc(e, EXC_SIZE, tp)


# CPython keeps preallocated MemoryError instances so that reporting an
# out-of-memory condition never needs memory; minipy keeps one static one.
_MEMORY_ERROR = PyBaseException.__new__(PyBaseException)
core.alloc_static(_MEMORY_ERROR, EXC_SIZE, EXC_TYPES["MemoryError"])
_MEMORY_ERROR.args = None
_MEMORY_ERROR.traceback = _MEMORY_ERROR.cause = _MEMORY_ERROR.context = None
_MEMORY_ERROR.notes = _MEMORY_ERROR.name = None
_clear_fields(_MEMORY_ERROR)
_MEMORY_ERROR.written = -1
_MEMORY_ERROR.suppress_context = False


def _memory_error():
    e = _MEMORY_ERROR
    if e.args is None:
        from minipy.objects.tupleobject import EMPTY
        EMPTY.ob_refcnt += 1
        e.args = EMPTY
    if e.ob_refcnt == 1:          # not in use: forget the previous traceback and context
        old = (e.traceback, e.context, e.cause)
        e.traceback = e.context = e.cause = None
        core.decref_all([o for o in old if o is not None])
    e.ob_refcnt += 1
    return PyExc(e)


core.memory_error = _memory_error


# ---------------------------------------------------------------------------
# Methods and attributes of BaseException (add_note), ImportError and OSError
# (CPython 3.11's Objects/exceptions.c).  The rest of BaseException's methods
# are defined with the builtins (runtime/builtins_core.py).
# ---------------------------------------------------------------------------

def _runtime():
    from minipy.runtime import abstract
    return abstract


def _none_or(o):
    """A member slot's value: the object, or None for C's NULL (new reference)."""
    if o is None:
        from minipy.objects.singletons import NONE
        o = NONE
    o.ob_refcnt += 1
    return o


def _set_field(e, field, v):
    """Store ``v`` (borrowed; None means NULL) in a member slot, dropping the old value."""
    old = getattr(e, field)
    if v is not None:
        v.ob_refcnt += 1
    setattr(e, field, v)
    if old is not None:
        core.decref(old)


def _member(tp, name, field):
    from minipy.objects.descr import add_getset
    add_getset(tp, name, lambda e: _none_or(getattr(e, field)),
               lambda e, v: _set_field(e, field, v))


def _base_exception_str(e):
    """BaseException.__str__ (what OSError and ImportError fall back to)."""
    abstract = _runtime()
    items = e.args.items
    if not items:
        from minipy.objects.strobject import new_str
        return new_str("")
    return abstract.str_(items[0] if len(items) == 1 else e.args)


# -- BaseException.add_note ----------------------------------------------------------

def _exc_add_note(e, note):
    from minipy.objects.strobject import PyStr
    from minipy.objects.listobject import PyList, new_list, list_append
    from minipy.objects.singletons import ret_none
    abstract = _runtime()
    if not isinstance(note, PyStr):
        raise abstract.exc("TypeError", "note must be a str, not '%s'" % note.ob_type.name)
    try:
        notes = abstract.getattr_(e, "__notes__")
    except PyExc as err:          # PyObject_HasAttr: any error means "no attribute"
        core.decref(err.exc)
        notes = None
    if notes is None:
        new = new_list([])
        try:
            abstract.setattr_(e, "__notes__", new)
        finally:
            core.decref(new)
        notes = abstract.getattr_(e, "__notes__")
    try:
        if not isinstance(notes, PyList):
            raise abstract.exc("TypeError", "Cannot add note: __notes__ is not a list")
        list_append(notes, note)
    finally:
        core.decref(notes)
    return ret_none()


# -- ImportError ---------------------------------------------------------------------

# the messages of the errors minipy's import machinery raises without calling the
# class: CPython passes name= (and path=) with them.  (Patterns, compiled by
# ``re`` on first use: compiling is pure Python on PyPy, too slow for start-up.)
_NOT_FOUND_RE = r"No module named '([^']*)'\Z"
_CANNOT_IMPORT_RE = r"(?s)cannot import name '[^']*' from '([^']*)' \((.*)\)\Z"


def _import_error_from_runtime(e):
    """An ImportError the runtime raised without calling the class: set ``msg`` (and,
    for the import machinery's own errors, ``name`` and ``path``) as CPython's
    ``ImportError.__init__`` does when the interpreter raises it.  When a program
    calls the class, ``__init__`` sets them all again from its arguments."""
    from minipy.objects.strobject import PyStr, str_type, new_str
    items = e.args.items
    if len(items) != 1:
        return
    m = items[0]
    m.ob_refcnt += 1
    e.msg = m
    if not isinstance(m, PyStr) or m.ob_type is not str_type:
        return
    tp = e.ob_type
    if tp is ModuleNotFoundError_type:
        import re
        found = re.match(_NOT_FOUND_RE, m.value)
        if found:
            e.imp_name = new_str(found.group(1))
    elif tp is ImportError_type:
        import re
        found = re.match(_CANNOT_IMPORT_RE, m.value)
        if found:
            e.imp_name = new_str(found.group(1))
            if found.group(2) != "unknown location":
                e.path = new_str(found.group(2))


def _import_error_init(e, args, kwargs):
    from minipy.objects.tupleobject import new_tuple
    from minipy.objects.singletons import ret_none
    abstract = _runtime()
    old = e.args
    e.args = new_tuple([core.incref(a) for a in args])
    core.decref(old)
    name = path = None
    for k, v in (kwargs or {}).items():
        if k == "name":
            name = v
        elif k == "path":
            path = v
        else:
            raise abstract.exc("TypeError", "'%s' is an invalid keyword argument for "
                               "ImportError()" % k)
    _set_field(e, "imp_name", name)
    _set_field(e, "path", path)
    _set_field(e, "msg", args[0] if len(args) == 1 else None)
    return ret_none()


def _import_error_str(e):
    from minipy.objects.strobject import str_type
    m = e.msg
    if m is not None and m.ob_type is str_type:
        m.ob_refcnt += 1
        return m
    return _base_exception_str(e)


# -- OSError -------------------------------------------------------------------------

def _errno_map():
    """errno -> the OSError subclass ``OSError(errno, ...)`` creates (CPython's errnomap)."""
    import errno as _e
    table = (("BlockingIOError", ("EAGAIN", "EALREADY", "EWOULDBLOCK", "EINPROGRESS")),
             ("ChildProcessError", ("ECHILD",)),
             ("BrokenPipeError", ("EPIPE", "ESHUTDOWN")),
             ("ConnectionAbortedError", ("ECONNABORTED",)),
             ("ConnectionRefusedError", ("ECONNREFUSED",)),
             ("ConnectionResetError", ("ECONNRESET",)),
             ("FileExistsError", ("EEXIST",)),
             ("FileNotFoundError", ("ENOENT",)),
             ("IsADirectoryError", ("EISDIR",)),
             ("NotADirectoryError", ("ENOTDIR",)),
             ("InterruptedError", ("EINTR",)),
             ("PermissionError", ("EACCES", "EPERM", "ENOTCAPABLE")),
             ("ProcessLookupError", ("ESRCH",)),
             ("TimeoutError", ("ETIMEDOUT",)))
    out = {}
    for tname, codes in table:
        for c in codes:
            if hasattr(_e, c):
                out[getattr(_e, c)] = EXC_TYPES[tname]
    return out


_ERRNO_MAP = _errno_map()
_OSERROR_SLOTS = {}       # "__new__" / "__init__" -> OSError's own (to recognise overrides)


def _oserror_use_init(tp):
    """CPython's oserror_use_init: a subclass that defines __init__ (but not __new__)
    gets its arguments parsed by OSError.__init__, not by OSError.__new__."""
    if not _OSERROR_SLOTS:
        return False
    from minipy.objects.typeobject import lookup
    return (lookup(tp, "__init__") is not _OSERROR_SLOTS["__init__"]
            and lookup(tp, "__new__") is _OSERROR_SLOTS["__new__"])


def _oserror_parse(items):
    """(errno, strerror, filename, filename2) from the arguments (borrowed; None = absent)."""
    n = len(items)
    if 2 <= n <= 5:
        return (items[0], items[1], items[2] if n > 2 else None, items[4] if n > 4 else None)
    return None, None, None, None


def _is_number(o):
    from minipy.objects.intobject import PyInt
    from minipy.objects.floatobject import PyFloat
    from minipy.objects.typeobject import lookup
    if isinstance(o, (PyInt, PyFloat)):
        return True
    return any(lookup(o.ob_type, n) is not None for n in ("__index__", "__int__", "__float__"))


def _oserror_init(e, items, set_args=False):
    """CPython's oserror_init: set the fields from the arguments ``items`` (borrowed).
    ``e.args`` loses the file names; with ``set_args`` it becomes the arguments."""
    from minipy.objects.tupleobject import new_tuple
    from minipy.objects.singletons import NONE
    myerrno, strerror, filename, filename2 = _oserror_parse(items)
    args = items
    if filename is not None and filename is not NONE:
        if e.ob_type is BlockingIOError_type and _is_number(filename):
            abstract = _runtime()
            v = abstract.index_value(filename)
            if not -(1 << 63) <= v < (1 << 63):
                raise abstract.exc("ValueError", "cannot fit '%s' into an index-sized integer"
                                   % filename.ob_type.name)
            e.written = v
        else:
            _set_field(e, "filename", filename)
            if filename2 is not None and filename2 is not NONE:
                _set_field(e, "filename2", filename2)
            if 2 <= len(items) <= 5:
                args = items[:2]
    _set_field(e, "errno", myerrno)
    _set_field(e, "strerror", strerror)
    if set_args or args is not items:
        old = e.args
        e.args = new_tuple([core.incref(a) for a in args])
        core.decref(old)


def _new_oserror(tp, args_tuple):
    """OSError.__new__ for a class whose arguments __new__ parses (reference to
    ``args_tuple`` taken)."""
    from minipy.objects.intobject import PyInt
    items = args_tuple.items
    if tp is OSError_type and 2 <= len(items) <= 5 and isinstance(items[0], PyInt):
        tp = _ERRNO_MAP.get(int(items[0].value), tp)
    e = _alloc_exception(tp, args_tuple)
    try:
        _oserror_init(e, items)
    except PyExc:
        core.decref(e)
        raise
    return e


def check_new_type(args, base, base_name):
    """The checks CPython's tp_new wrapper makes on ``X.__new__(tp, ...)``: returns tp."""
    from minipy.objects.typeobject import PyType
    abstract = _runtime()
    if not args:
        raise abstract.exc("TypeError", "%s.__new__(): not enough arguments" % base_name)
    tp = args[0]
    if not isinstance(tp, PyType):
        raise abstract.exc("TypeError", "%s.__new__(X): X is not a type object (%s)"
                           % (base_name, tp.ob_type.name))
    if base not in tp.mro:
        raise abstract.exc("TypeError", "%s.__new__(%s): %s is not a subtype of %s"
                           % (base_name, tp.name, tp.name, base_name))
    return tp


def _oserror_new(args, kwargs):
    from minipy.objects.tupleobject import new_tuple, EMPTY
    abstract = _runtime()
    tp = check_new_type(args, OSError_type, "OSError")
    if not _oserror_use_init(tp):
        if kwargs:
            raise abstract.exc("TypeError", "%s() takes no keyword arguments" % tp.name)
        return new_exception(tp, new_tuple([core.incref(a) for a in args[1:]]))
    EMPTY.ob_refcnt += 1
    return _alloc_exception(tp, EMPTY)


def _oserror_init_method(e, args, kwargs):
    from minipy.objects.singletons import ret_none
    abstract = _runtime()
    if _oserror_use_init(e.ob_type):
        if kwargs:
            raise abstract.exc("TypeError", "%s() takes no keyword arguments" % e.ob_type.name)
        _oserror_init(e, list(args), True)
    return ret_none()


def _oserror_str(e):
    from minipy.objects.strobject import new_str
    abstract = _runtime()
    s = abstract.str_host
    r = abstract.repr_host
    errno_s = s(e.errno) if e.errno is not None else "None"
    if e.filename is not None:
        strerror_s = s(e.strerror) if e.strerror is not None else "None"
        if e.filename2 is not None:
            return new_str("[Errno %s] %s: %s -> %s" % (errno_s, strerror_s, r(e.filename),
                                                        r(e.filename2)))
        return new_str("[Errno %s] %s: %s" % (errno_s, strerror_s, r(e.filename)))
    if e.errno is not None and e.strerror is not None:
        return new_str("[Errno %s] %s" % (errno_s, s(e.strerror)))
    return _base_exception_str(e)


# -- SyntaxError ---------------------------------------------------------------------

def _syntax_error_init(e, args, kwargs):
    """SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset]))."""
    from minipy.objects.tupleobject import new_tuple, PyTuple
    from minipy.objects.singletons import ret_none
    abstract = _runtime()
    if kwargs:
        raise abstract.exc("TypeError", "%s() takes no keyword arguments" % e.ob_type.name)
    old = e.args
    e.args = new_tuple([core.incref(a) for a in args])
    core.decref(old)
    if args:
        _set_field(e, "msg", args[0])
    if len(args) == 2:
        info = args[1]
        items = info.items if isinstance(info, PyTuple) else abstract.sequence_to_list(info)
        try:
            n = len(items)
            if n < 4:
                raise abstract.exc("TypeError",
                                   "function takes at least 4 arguments (%d given)" % n)
            if n > 6:
                raise abstract.exc("TypeError",
                                   "function takes at most 6 arguments (%d given)" % n)
            if n == 5:
                raise abstract.exc("TypeError",
                                   "end_offset must be provided when end_lineno is provided")
            for name in ("end_lineno", "end_offset"):       # (unless given again)
                _set_field(e, name, None)
            for name, v in zip(("filename", "lineno", "offset", "text", "end_lineno",
                                "end_offset"), items):
                _set_field(e, name, v)
        finally:
            if not isinstance(info, PyTuple):
                core.decref_all(items)
    return ret_none()


def _syntax_error_str(e):
    """'msg (file.py, line 3)': CPython's SyntaxError_str (the file's base name)."""
    from minipy.objects.strobject import new_str, PyStr
    from minipy.objects.intobject import int_type
    abstract = _runtime()
    msg = abstract.str_host(e.msg) if e.msg is not None else "None"
    filename = e.filename.value.rsplit("/", 1)[-1] if isinstance(e.filename, PyStr) else None
    lineno = e.lineno.value if e.lineno is not None and e.lineno.ob_type is int_type else None
    if filename is not None and lineno is not None:
        return new_str("%s (%s, line %d)" % (msg, filename, lineno))
    if filename is not None:
        return new_str("%s (%s)" % (msg, filename))
    if lineno is not None:
        return new_str("%s (line %d)" % (msg, lineno))
    return new_str(msg)


def syntax_error_from(err, mode="exec"):
    """The minipy SyntaxError (IndentationError, TabError) for the compiler's
    MiniSyntaxError *err*, with CPython's attributes: the line's text keeps its
    newline, as CPython's tokenizer sees it."""
    from minipy.objects.strobject import new_str
    from minipy.objects.intobject import new_int
    from minipy.objects.tupleobject import new_tuple
    from minipy.objects.singletons import NONE
    text = err.text
    if text is not None:
        text = text.rstrip("\n") if mode in ("eval", "single") else \
            (text if text.endswith("\n") else text + "\n")

    def box(v, make):
        if v is None:
            NONE.ob_refcnt += 1
            return NONE
        return make(v)
    info = new_tuple([box(err.filename, new_str), box(err.lineno, new_int),
                      box(err.offset, new_int), box(text, new_str),
                      box(err.end_lineno, new_int), box(err.end_offset, new_int)])
    e = new_exception(EXC_TYPES.get(err.kind, SyntaxError_type),
                      new_tuple([new_str(err.msg), core.incref(info)]))
    _set_field(e, "msg", e.args.items[0])
    for name, v in zip(("filename", "lineno", "offset", "text", "end_lineno", "end_offset"),
                       info.items):
        _set_field(e, name, None if v is NONE else v)
    core.decref(info)
    return e


def _characters_written_get(e):
    from minipy.objects.intobject import new_int
    if e.written == -1:
        raise _runtime().exc("AttributeError", "characters_written")
    return new_int(e.written)


def _characters_written_set(e, v):
    e.written = _runtime().index_value(v)


# -- BaseExceptionGroup / ExceptionGroup (CPython 3.11's Objects/exceptions.c) -------------

def is_group(e):
    return BaseExceptionGroup_type in e.ob_type.mro


def _group_new(args, kwargs):
    from minipy.objects.strobject import PyStr
    from minipy.objects.tupleobject import new_tuple
    abstract = _runtime()
    tp = check_new_type(args, BaseExceptionGroup_type, "BaseExceptionGroup")
    if len(args) != 3:
        raise abstract.exc("TypeError", "BaseExceptionGroup.__new__() takes exactly 2 "
                           "arguments (%d given)" % (len(args) - 1))
    message, excs = args[1], args[2]
    if not isinstance(message, PyStr):
        raise abstract.exc("TypeError", "BaseExceptionGroup.__new__() argument 1 must be "
                           "str, not %s" % message.ob_type.name)
    from minipy.vm.traceback import _is_sequence
    if not _is_sequence(excs):
        raise abstract.exc("TypeError", "second argument (exceptions) must be a sequence")
    items = abstract.sequence_to_list(excs)
    try:
        if not items:
            raise abstract.exc("ValueError",
                               "second argument (exceptions) must be a non-empty sequence")
        nested_base = False
        for i, x in enumerate(items):
            if not isinstance(x, PyBaseException):
                raise abstract.exc("ValueError", "Item %d of second argument (exceptions) "
                                   "is not an exception" % i)
            if Exception_type not in x.ob_type.mro:
                nested_base = True
        cls = tp
        if tp is ExceptionGroup_type:
            if nested_base:
                raise abstract.exc("TypeError",
                                   "Cannot nest BaseExceptions in an ExceptionGroup")
        elif tp is BaseExceptionGroup_type:
            if not nested_base:
                cls = ExceptionGroup_type
        elif nested_base and Exception_type in tp.mro:
            raise abstract.exc("TypeError", "Cannot nest BaseExceptions in '%s'" % tp.name)
    except PyExc:
        core.decref_all(items)
        raise
    excs_tuple = new_tuple(items)
    e = _alloc_exception(cls, new_tuple([core.incref(a) for a in args[1:]]))
    message.ob_refcnt += 1
    e.msg = message
    e.excs = excs_tuple
    return e


def _group_str(e):
    from minipy.objects.strobject import new_str
    abstract = _runtime()
    n = len(e.excs.items) if e.excs is not None else 0
    msg = abstract.str_host(e.msg) if e.msg is not None else "None"
    return new_str("%s (%d sub-exception%s)" % (msg, n, "s" if n > 1 else ""))


def _group_derive(e, excs):
    from minipy.objects.singletons import NONE
    abstract = _runtime()
    return abstract.call(BaseExceptionGroup_type, [e.msg if e.msg is not None else NONE, excs])


def _group_matcher(cond):
    """(kind, value): kind "type" (a class or tuple of exception classes) or "pred"."""
    from minipy.objects.typeobject import PyType
    from minipy.objects.tupleobject import PyTuple
    abstract = _runtime()
    if not isinstance(cond, PyType) and abstract.lookup(cond.ob_type, "__call__") is not None:
        return "pred"
    if isinstance(cond, PyType) and BaseException_type in cond.mro:
        return "type"
    if type(cond) is PyTuple and all(isinstance(c, PyType) and BaseException_type in c.mro
                                     for c in cond.items):
        return "type"
    raise abstract.exc("TypeError",
                       "expected a function, exception type or tuple of exception types")


def _group_match(e, kind, cond):
    abstract = _runtime()
    if kind == "ids":           # a host set of the ids of the leaves to keep
        return id(e) in cond
    if kind == "type":
        mro = e.ob_type.mro
        if cond in mro:
            return True
        items = getattr(cond, "items", None)    # a tuple of classes
        return items is not None and any(c in mro for c in items)
    r = abstract.call(cond, [e])
    try:
        return abstract.truth(r)
    finally:
        core.decref(r)


def _group_subset(orig, excs):
    """orig.derive(excs) with orig's traceback, cause, context and a copy of its notes
    (a new reference, or None when ``excs`` is empty)."""
    from minipy.objects.listobject import new_list
    abstract = _runtime()
    if not excs:
        return None
    for x in excs:
        x.ob_refcnt += 1
    lst = new_list(list(excs))
    try:
        derive = abstract.getattr_(orig, "derive")
        try:
            eg = abstract.call(derive, [lst])
        finally:
            core.decref(derive)
    finally:
        core.decref(lst)
    try:
        if not isinstance(eg, PyBaseException) or not is_group(eg):
            raise abstract.exc("TypeError",
                               "derive must return an instance of BaseExceptionGroup")
        for field in ("traceback", "context", "cause"):
            old = getattr(eg, field)
            v = getattr(orig, field)
            setattr(eg, field, core.incref(v) if v is not None else None)
            if old is not None:
                core.decref(old)
        eg.suppress_context = True          # (PyException_SetCause)
        try:
            notes = abstract.getattr_(orig, "__notes__")
        except PyExc as err:
            if not abstract.isinstance_(err.exc, AttributeError_type):
                raise
            core.decref(err.exc)
            notes = None
        if notes is not None:
            try:
                from minipy.vm.traceback import _is_sequence
                if _is_sequence(notes):
                    copy = new_list(abstract.sequence_to_list(notes))
                    try:
                        abstract.setattr_(eg, "__notes__", copy)
                    finally:
                        core.decref(copy)
            finally:
                core.decref(notes)
    except PyExc:
        core.decref(eg)
        raise
    return eg


def _group_split_rec(e, kind, cond, with_rest):
    """(match, rest): new references or None."""
    if _group_match(e, kind, cond):
        return core.incref(e), None
    if not isinstance(e, PyBaseException) or not is_group(e):
        return None, (core.incref(e) if with_rest else None)
    matches = []
    rests = []
    try:
        for x in e.excs.items:
            m, r = _group_split_rec(x, kind, cond, with_rest)
            if m is not None:
                matches.append(m)
            if r is not None:
                rests.append(r)
        match = _group_subset(e, matches)
        try:
            rest = _group_subset(e, rests) if with_rest else None
        except PyExc:
            if match is not None:
                core.decref(match)
            raise
        return match, rest
    finally:
        core.decref_all(matches)
        core.decref_all(rests)


def _group_split(e, cond):
    from minipy.objects.tupleobject import new_tuple
    from minipy.objects.singletons import NONE
    kind = _group_matcher(cond)
    m, r = _group_split_rec(e, kind, cond, True)
    return new_tuple([m if m is not None else core.incref(NONE),
                      r if r is not None else core.incref(NONE)])


def _group_subgroup(e, cond):
    from minipy.objects.singletons import ret_none
    kind = _group_matcher(cond)
    m, _ = _group_split_rec(e, kind, cond, False)
    return m if m is not None else ret_none()


# -- except* (CPython 3.11's _PyEval_ExceptionGroupMatch and _PyExc_PrepReraiseStar) --------

def except_star_match(e, tp):
    """(rest, match) for ``except* tp`` on exception ``e`` (None: no exception
    left from an earlier clause); new references or None.  A lone exception
    that matches is wrapped in ExceptionGroup("", [e]) with e's traceback."""
    from minipy.objects.tupleobject import new_tuple
    abstract = _runtime()
    if e is None:
        return None, None
    if _group_match(e, "type", tp):
        if is_group(e):
            return None, core.incref(e)
        wrapped = _new_group(new_tuple([core.incref(e)]))
        wrapped.traceback = core.incref(e.traceback) if e.traceback is not None else None
        return None, wrapped
    if is_group(e):
        match, rest = _group_split_rec(e, "type", tp, True)
        return rest, match
    return core.incref(e), None


def _new_group(excs):
    """BaseExceptionGroup("", excs) (an ExceptionGroup when it can be); excs consumed."""
    from minipy.objects.strobject import new_str
    msg = new_str("")
    try:
        return _runtime().call(BaseExceptionGroup_type, [msg, excs])
    finally:
        core.decref(msg)
        core.decref(excs)


def _leaf_ids(e, out):
    if is_group(e):
        for x in e.excs.items:
            _leaf_ids(x, out)
    else:
        out.add(id(e))


def _notes(e):
    d = e.inst_dict
    return d.dv.get("__notes__") if d is not None else None


def prep_reraise_star(orig, excs):
    """What a try/except* block raises at its end (new reference or None).
    ``excs``: what each handler raised, then the unhandled rest (None
    entries skipped).  A handler's exception that carries orig's metadata
    (traceback, cause, context, notes: a bare ``raise`` of the match, or the
    rest) is a re-raise: those are projected back onto orig's structure; the
    others are raised beside them in a new ExceptionGroup("", [...])."""
    from minipy.objects.listobject import new_list
    excs = [x for x in excs if x is not None and x is not _none()]
    if not excs:
        return None
    if not is_group(orig):
        # a lone exception was caught (wrapped): one clause at most ran
        return core.incref(excs[0])
    raised, reraised = [], []
    for x in excs:
        same = (x.traceback is orig.traceback and x.cause is orig.cause and
                x.context is orig.context and _notes(x) is _notes(orig))
        (reraised if same else raised).append(x)
    reraised_eg = None
    if reraised:
        ids = set()
        for x in reraised:
            _leaf_ids(x, ids)
        reraised_eg, _ = _group_split_rec(orig, "ids", ids, False)
    if not raised:
        return reraised_eg
    items = [core.incref(x) for x in raised]
    if reraised_eg is not None:
        items.append(reraised_eg)
    if len(items) == 1:
        return items[0]
    return _new_group(new_list(items))


def _none():
    from minipy.objects.singletons import NONE
    return NONE


def _install():
    from minipy.objects.descr import add_method, new_builtin
    from minipy.objects.dictobject import dict_setitem_str
    add_method(BaseException_type, "add_note", _exc_add_note, 1, 1)

    add_method(ImportError_type, "__init__", _import_error_init, takes_kw=True)
    add_method(ImportError_type, "__str__", _import_error_str)
    _member(ImportError_type, "msg", "msg")
    _member(ImportError_type, "name", "imp_name")
    _member(ImportError_type, "path", "path")

    add_method(SyntaxError_type, "__init__", _syntax_error_init, takes_kw=True)
    add_method(SyntaxError_type, "__str__", _syntax_error_str)
    for name in ("msg", "filename", "lineno", "offset", "text", "end_lineno", "end_offset",
                 "print_file_and_line"):
        _member(SyntaxError_type, name, name)

    f = new_builtin("__new__", _oserror_new, takes_kw=True)
    dict_setitem_str(OSError_type.dict, "__new__", f)
    core.decref(f)
    add_method(OSError_type, "__init__", _oserror_init_method, takes_kw=True)
    add_method(OSError_type, "__str__", _oserror_str)
    for name in ("errno", "strerror", "filename", "filename2"):
        _member(OSError_type, name, name)
    from minipy.objects.descr import add_getset
    add_getset(OSError_type, "characters_written", _characters_written_get,
               _characters_written_set)
    f = new_builtin("__new__", _group_new, takes_kw=True)
    dict_setitem_str(BaseExceptionGroup_type.dict, "__new__", f)
    core.decref(f)
    add_method(BaseExceptionGroup_type, "__str__", _group_str)
    add_method(BaseExceptionGroup_type, "derive", _group_derive, 1, 1)
    add_method(BaseExceptionGroup_type, "split", _group_split, 1, 1)
    add_method(BaseExceptionGroup_type, "subgroup", _group_subgroup, 1, 1)
    add_getset(BaseExceptionGroup_type, "message", lambda e: _none_or(e.msg))
    add_getset(BaseExceptionGroup_type, "exceptions", lambda e: _none_or(e.excs))
    _OSERROR_SLOTS["__new__"] = OSError_type.dict.dv["__new__"]
    _OSERROR_SLOTS["__init__"] = OSError_type.dict.dv["__init__"]


_static = core.static_mode
core.static_mode = True          # the descriptors and the types' dict entries are static
try:
    _install()
finally:
    core.static_mode = _static
