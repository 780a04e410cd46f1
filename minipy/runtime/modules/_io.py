"""The ``_io`` module: ``open()`` and the file objects, on the host's ``io``.

Each minipy file object (``FileIO``, ``BufferedReader``, ``BufferedWriter``,
``BufferedRandom``, ``TextIOWrapper``, ``BytesIO``) holds a host file object
that the program never sees: every argument is converted to a host value
first (str, bytes, int, None; anything else becomes a stand-in named after
its minipy type, so the host's TypeError messages name the right type), and
every result comes back as a new heap object (str, bytes, int, list...).
The host does the real work, so modes, encodings, errors handlers, universal
newlines, ``tell()`` cookies and the error messages are CPython's.  Host
errors become the program's: ``OSError`` with errno, strerror and filename
(``FileNotFoundError``... chosen by errno as CPython does),
``io.UnsupportedOperation`` (the class the ``io`` module defines),
``UnicodeDecodeError`` with its five arguments, ``ValueError: I/O operation
on closed file.``.  A file object is closed (and flushed) when it is freed,
as in CPython; files still open when the host process ends are flushed.
"""

import atexit
import io as _hio
import sys as _hsys
import weakref

from minipy.objects import core
from minipy.objects.core import decref, PyObject
from minipy.objects.typeobject import make_type, lookup
from minipy.objects.descr import add_method, add_getset, new_builtin
from minipy.objects.dictobject import dict_setitem_str
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.bytesobject import PyBytes, PyByteArray, new_bytes
from minipy.objects.listobject import new_list
from minipy.objects.tupleobject import PyTuple
from minipy.objects.singletons import NONE
from minipy.objects.exceptions import PyExc, EXC_TYPES, new_exception
from minipy.runtime.formatting import host_exc
from minipy.runtime.modules._common import to_obj, build_module, HOST_ERRORS
from minipy.runtime import abstract
from minipy.runtime.abstract import exc
from minipy.runtime.builtins_mod import OPEN

FUNCS = {}
FILE_SIZE = 64
_PYPY = _hsys.implementation.name == "pypy"

# host files opened by programs and not closed yet: flushed when the host process ends
_LIVE = weakref.WeakSet()


@atexit.register
def _flush_live():
    for hf in list(_LIVE):
        try:
            if not hf.closed:
                hf.flush()
        except Exception:
            pass


# ---------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------

def _h(o):
    """The host value for a minipy argument."""
    if isinstance(o, PyBytes):
        return o.value
    if isinstance(o, PyByteArray):
        return bytes(o.value)
    from minipy.runtime.types_methods import _h as h
    return h(o)


def _obj(r):
    """A new minipy object for a host result."""
    t = type(r)
    if t is bytes:
        return new_bytes(r)
    if t is list:
        return new_list([_obj(x) for x in r])
    if t is tuple:
        from minipy.objects.tupleobject import new_tuple
        return new_tuple([_obj(x) for x in r])
    if t is bytearray:
        from minipy.objects.bytesobject import new_bytearray
        return new_bytearray(r)
    return to_obj(r)


def fspath(o):
    """The host str/bytes for a path argument: str, bytes or an object with
    ``__fspath__`` (None when ``o`` is none of these)."""
    if isinstance(o, PyStr):
        return o.value if type(o.value) is str else str(o.value)
    if isinstance(o, PyBytes):
        return o.value
    f = lookup(o.ob_type, "__fspath__")
    if f is None:
        return None
    r = abstract.call_dunder(f, o, ())
    try:
        if isinstance(r, (PyStr, PyBytes)):
            return str(r.value) if isinstance(r, PyStr) else r.value
        raise exc("TypeError", "expected %s.__fspath__() to return str or bytes, not %s"
                  % (o.ob_type.name, r.ob_type.name))
    finally:
        decref(r)


def path_arg(o, allow_fd=False):
    """A path argument of open() or an os function, as a host value; other
    objects become stand-ins so that the host's TypeError names their type."""
    if allow_fd and isinstance(o, PyInt):
        return int(o.value)
    p = fspath(o)
    if p is None:
        return _h(o)
    return p


def _unsupported(msg):
    """io.UnsupportedOperation(msg): the class of the program's ``io`` module."""
    from minipy.runtime import builtins_core
    vm = builtins_core.vm_ref[0]
    m = vm.interp.import_module("io", None, None)
    try:
        cls = abstract.getattr_(m, "UnsupportedOperation")
    finally:
        decref(m)
    try:
        s = new_str(msg)
        try:
            e = abstract.call(cls, [s])
        finally:
            decref(s)
    finally:
        decref(cls)
    return PyExc(e)


def os_error(e):
    """The program's OSError for a host OSError: errno, strerror, filename(s)."""
    if e.errno is None or not isinstance(e.errno, int):
        return host_exc(e)
    args = [new_int(e.errno), new_str(str(e.strerror))]
    if e.filename is not None:
        args.append(_obj(e.filename))
        if getattr(e, "filename2", None) is not None:
            args.append(to_obj(0))
            args.append(_obj(e.filename2))
    from minipy.objects.tupleobject import new_tuple
    return PyExc(new_exception(EXC_TYPES["OSError"], new_tuple(args)))


def convert(e):
    """The program's exception (a PyExc) for a host exception raised by a host I/O call."""
    if isinstance(e, PyExc):
        return e
    if isinstance(e, UnicodeError):
        from minipy.runtime.bytes_methods import unicode_exc
        return unicode_exc(e)
    if isinstance(e, _hio.UnsupportedOperation):
        return _unsupported(str(e))
    if isinstance(e, OSError):
        return os_error(e)
    if isinstance(e, MemoryError):
        return exc("MemoryError")
    if _PYPY and isinstance(e, ValueError) and str(e) == "I/O operation on closed file":
        return exc("ValueError", "I/O operation on closed file.")    # (PyPy's words)
    if isinstance(e, HOST_ERRORS + (OverflowError,)):
        return host_exc(e)
    return exc("SystemError", "%s: %s" % (type(e).__name__, e))


def hcall(fn, *args):
    """Call a host I/O function, turning host errors into the program's."""
    try:
        return fn(*args)
    except PyExc:
        raise
    except Exception as e:
        raise convert(e)


def parse(fname, args, kwargs, names, nreq):
    """Positional and keyword arguments (borrowed) in ``names`` order; None if absent."""
    n = len(args)
    if n > len(names):
        raise exc("TypeError", "%s() takes at most %d argument%s (%d given)"
                  % (fname, len(names), "" if len(names) == 1 else "s", n))
    vals = list(args) + [None] * (len(names) - n)
    for k, v in (kwargs or {}).items():
        if k not in names:
            raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (k, fname))
        i = names.index(k)
        if i < n:
            raise exc("TypeError", "argument for %s() given by name ('%s') and position (%d)"
                      % (fname, k, i + 1))
        vals[i] = v
    for i in range(nreq):
        if vals[i] is None:
            raise exc("TypeError", "%s() missing required argument '%s' (pos %d)"
                      % (fname, names[i], i + 1))
    return vals


# ---------------------------------------------------------------------------
# The file object types
# ---------------------------------------------------------------------------

class PyFile(PyObject):
    # hf: the host file object; name: the name object (or None); sub: the wrapper
    # of hf.buffer / hf.raw once asked for (or None)
    __slots__ = ("hf", "name", "sub")


def _traverse(f):
    return [o for o in (f.name, f.sub) if o is not None]


def _dealloc(f):
    refs = _traverse(f)
    hf = f.hf
    f.hf = f.name = f.sub = None
    if hf is not None:
        try:
            hf.close()          # (a file object is closed when it is freed)
        except PyExc as e:      # (a wrapped program object's close or write failed)
            decref(e.exc)
        except Exception:
            pass
        try:
            buf = hf.buffer
        except Exception:
            buf = None
        if isinstance(buf, _ObjectBuffer):
            buf._obj = None     # (the program's object goes with this file object)
    core.free_block(f)
    core.decref_all(refs)


TYPES = {}


def _wrap(hf, name):
    """A new file object for the host file ``hf`` (``name``: borrowed, or None)."""
    tp = TYPES[type(hf).__name__]
    f = PyFile.__new__(PyFile)
    f.hf = hf
    if name is not None:
        name.ob_refcnt += 1
    f.name = name
    f.sub = None
    try:
        _LIVE.add(hf)
    except TypeError:
        pass
    return core.alloc(f, FILE_SIZE, tp)


def _m(fn, minargs=0, maxargs=0, hname=None):
    return fn, minargs, maxargs, hname


def _simple(hname, conv=None):
    """A method calling the host method ``hname`` with the converted arguments."""
    def impl(f, *args):
        hargs = [_h(a) for a in args]
        try:
            return _obj(hcall(getattr(f.hf, hname), *hargs))
        except PyExc as e:
            if _PYPY:
                _pypy_method_error(f, hname, args, e)
            raise
    impl.__name__ = hname
    return impl


def _pypy_method_error(f, hname, args, e):
    """Raise CPython's exception in place of the one PyPy's io raised (``e``)."""
    msg = abstract.str_host(e.exc)
    new = None
    if hname == "fileno" and msg == "I/O operation on closed file.":
        new = exc("ValueError", "I/O operation on closed file")    # (FileIO's err_closed)
    elif e.exc.ob_type is EXC_TYPES["TypeError"] and args:
        a = args[0]
        if hname == "write":
            if isinstance(f.hf, _hio.TextIOBase):
                if not isinstance(a, PyStr):
                    new = exc("TypeError", "write() argument must be str, not %s"
                              % a.ob_type.name)
            elif not isinstance(a, (PyBytes, PyByteArray)):
                new = exc("TypeError", "a bytes-like object is required, not '%s'"
                          % a.ob_type.name)
        elif hname in ("read", "read1", "readline", "peek") and a is not NONE and \
                not isinstance(a, PyInt) and lookup(a.ob_type, "__index__") is None:
            new = exc("TypeError", "argument should be integer or None, not '%s'"
                      % a.ob_type.name)
    if new is not None:
        decref(e.exc)
        raise new


def _pypy_open_error(mode, encoding, errors, newline, e):
    """CPython's words for open()'s argument errors (PyPy's differ)."""
    for name, o, none_ok in (("mode", mode, False), ("encoding", encoding, True),
                             ("errors", errors, True), ("newline", newline, True)):
        if o is not None and not isinstance(o, PyStr) and not (none_ok and o is NONE):
            decref(e.exc)
            raise exc("TypeError", "open() argument '%s' must be str%s, not %s"
                      % (name, " or None" if none_ok else "", o.ob_type.name))
    msg = abstract.str_host(e.exc)
    if e.exc.ob_type is EXC_TYPES["ValueError"]:
        if msg.startswith("invalid mode: ") and isinstance(mode, PyStr):
            decref(e.exc)
            raise exc("ValueError", "invalid mode: %r" % mode.value)
        if msg.startswith("illegal newline value: ") and isinstance(newline, PyStr):
            decref(e.exc)
            raise exc("ValueError", "illegal newline value: %s" % newline.value)


def _kw_method(hname, names):
    """A method taking arguments by position or name, passed to the host positionally."""
    def impl(f, args, kwargs):
        vals = parse(hname, args, kwargs, names, 0)
        n = len(vals)
        while n and vals[n - 1] is None:
            n -= 1
        hargs = [None if v is None else _h(v) for v in vals[:n]]
        return _obj(hcall(getattr(f.hf, hname), *hargs))
    impl.__name__ = hname
    return impl


def _readinto(hname):
    def impl(f, b):
        if not isinstance(b, PyByteArray):
            hcall(getattr(f.hf, hname), _h(b))       # (the host's TypeError)
            raise exc("TypeError", "readinto() argument must be read-write bytes-like object, "
                      "not %s" % b.ob_type.name)
        buf = bytearray(len(b.value))
        n = hcall(getattr(f.hf, hname), buf)
        if n:
            b.value[:n] = buf[:n]
        return _obj(n)
    return impl


def _writelines(f, lines):
    hf = f.hf
    if hf.closed:
        raise exc("ValueError", "I/O operation on closed file.")
    it = abstract.get_iter(lines)
    try:
        while True:
            line = abstract.next_(it)
            if line is None:
                break
            try:
                hcall(hf.write, _h(line))
            finally:
                decref(line)
    finally:
        decref(it)
    NONE.ob_refcnt += 1
    return NONE


def _iter(f):
    hcall(iter, f.hf)             # (ValueError on a closed file)
    f.ob_refcnt += 1
    return f


def _iternext(f):
    try:
        r = next(f.hf)
    except StopIteration:
        return None
    except PyExc:
        raise
    except Exception as e:
        raise convert(e)
    return _obj(r)


def _next(f):
    r = _iternext(f)
    if r is None:
        raise exc("StopIteration")
    return r


def _enter(f):
    hcall(f.hf.__enter__)
    f.ob_refcnt += 1
    return f


def _exit(f, *args):
    hcall(f.hf.close)
    NONE.ob_refcnt += 1
    return NONE


def _repr(f):
    return new_str(hcall(repr, f.hf))


def _name(f):
    if f.name is None:
        raise exc("AttributeError", "'%s' object has no attribute 'name'" % f.ob_type.name)
    return core.incref(f.name)


def _sub(attr):
    def get(f):
        if f.sub is None:
            hs = hcall(getattr, f.hf, attr)
            f.sub = _wrap(hs, f.name)
        return core.incref(f.sub)
    return get


def _attr(attr):
    return lambda f: _obj(hcall(getattr, f.hf, attr))


_COMMON = {
    "close": (_simple("close"), 0, 0),
    "flush": (_simple("flush"), 0, 0),
    "fileno": (_simple("fileno"), 0, 0),
    "isatty": (_simple("isatty"), 0, 0),
    "readable": (_simple("readable"), 0, 0),
    "writable": (_simple("writable"), 0, 0),
    "seekable": (_simple("seekable"), 0, 0),
    "seek": (_simple("seek"), 1, 2),
    "tell": (_simple("tell"), 0, 0),
    "truncate": (_simple("truncate"), 0, 1),
    "readline": (_simple("readline"), 0, 1),
    "readlines": (_simple("readlines"), 0, 1),
    "write": (_simple("write"), 1, 1),
    "writelines": (_writelines, 1, 1),
    "__iter__": (_iter, 0, 0),
    "__next__": (_next, 0, 0),
    "__enter__": (_enter, 0, 0),
    "__exit__": (_exit, 0, 1 << 30),
    "__repr__": (_repr, 0, 0),
}

_SPECS = {
    "FileIO": {"read": (_simple("read"), 0, 1), "readall": (_simple("readall"), 0, 0),
               "readinto": (_readinto("readinto"), 1, 1)},
    "BufferedReader": {"read": (_simple("read"), 0, 1), "read1": (_simple("read1"), 0, 1),
                       "peek": (_simple("peek"), 0, 1),
                       "readinto": (_readinto("readinto"), 1, 1),
                       "readinto1": (_readinto("readinto1"), 1, 1)},
    "TextIOWrapper": {"read": (_simple("read"), 0, 1)},
    "BytesIO": {"read": (_simple("read"), 0, 1), "read1": (_simple("read1"), 0, 1),
                "readinto": (_readinto("readinto"), 1, 1),
                "getvalue": (_simple("getvalue"), 0, 0)},
}
_SPECS["BufferedWriter"] = {}
_SPECS["BufferedRandom"] = dict(_SPECS["BufferedReader"])

_GETSETS = {
    "FileIO": ("closed", "mode", "closefd"),
    "BufferedReader": ("closed", "mode"),
    "BufferedWriter": ("closed", "mode"),
    "BufferedRandom": ("closed", "mode"),
    "TextIOWrapper": ("closed", "mode", "encoding", "errors", "newlines", "line_buffering",
                      "write_through"),
    "BytesIO": ("closed",),
}


def _no_new(name):
    def impl(args, kwargs):
        raise exc("TypeError", "cannot create '_io.%s' instances" % name)
    return impl


def _make_types():
    for tname in ("FileIO", "BufferedReader", "BufferedWriter", "BufferedRandom",
                  "TextIOWrapper", "BytesIO"):
        t = make_type(tname, host_class=PyFile, basicsize=FILE_SIZE, dealloc=_dealloc,
                      traverse=_traverse, final=True, gc=False)
        t.module = "_io"
        t.tp_iternext = _iternext
        methods = dict(_COMMON)
        methods.update(_SPECS[tname])
        for mname, (fn, lo, hi) in methods.items():
            add_method(t, mname, fn, lo, hi)
        for a in _GETSETS[tname]:
            add_getset(t, a, _attr(a))
        if tname != "BytesIO":
            add_getset(t, "name", _name)
        if tname == "TextIOWrapper":
            add_getset(t, "buffer", _sub("buffer"))
        elif tname.startswith("Buffered"):
            add_getset(t, "raw", _sub("raw"))
        f = new_builtin("__new__", _CONSTRUCTORS.get(tname) or _no_new(tname), takes_kw=True)
        dict_setitem_str(t.dict, "__new__", f)
        decref(f)
        TYPES[tname] = t


# ---------------------------------------------------------------------------
# open() and the constructors
# ---------------------------------------------------------------------------

_OPEN_NAMES = ("file", "mode", "buffering", "encoding", "errors", "newline", "closefd",
               "opener")


def _opt_str(o):
    return None if o is None or o is NONE else _h(o)


def _host_opener(opener):
    def hopener(path, flags):
        a = _obj(path)
        b = new_int(flags)
        try:
            r = abstract.call(opener, [a, b])
        finally:
            decref(a)
            decref(b)
        try:
            return _h(r)
        finally:
            decref(r)
    return hopener


def b_open(args, kwargs):
    file, mode, buffering, encoding, errors, newline, closefd, opener = \
        parse("open", args, kwargs, _OPEN_NAMES, 1)
    hfile = path_arg(file, allow_fd=True)
    hmode = "r" if mode is None else _h(mode)
    hbuf = -1 if buffering is None else _h(buffering)
    henc = _opt_str(encoding)
    if henc == "locale" and _hsys.version_info < (3, 10):
        henc = None
    hclosefd = True if closefd is None else abstract.truth(closefd)
    hopener = None if opener is None or opener is NONE else _host_opener(opener)
    try:
        hf = hcall(_hio.open, hfile, hmode, hbuf, henc, _opt_str(errors), _opt_str(newline),
                   hclosefd, hopener)
    except PyExc as e:
        if _PYPY:
            _pypy_open_error(mode, encoding, errors, newline, e)
        raise
    if isinstance(file, (PyStr, PyBytes, PyInt)):
        return _wrap(hf, file)
    name = _obj(hfile)           # (open() names the file by the path __fspath__ gave)
    try:
        return _wrap(hf, name)
    finally:
        decref(name)


# the builtins' open (made before this module is loaded, see builtins_mod.OPEN)
OPEN.impl = b_open
FUNCS["open"] = OPEN


class _ObjectBuffer(_hio.BufferedIOBase):
    """A program's object with read/write methods (sys.stdout.buffer, a user class)
    seen by the host's TextIOWrapper as its buffer.  The object is borrowed: the
    wrapping file object holds it (its ``sub``).  Its exceptions pass through the
    host's code unchanged (PyExc)."""

    def __init__(self, obj):
        self._obj = obj          # None once closed or detached from its file object

    def _method(self, name):
        if self._obj is None:
            raise ValueError("I/O operation on closed file.")
        try:
            return abstract.getattr_(self._obj, name)
        except PyExc as e:
            if not abstract.isinstance_(e.exc, EXC_TYPES["AttributeError"]):
                raise
            decref(e.exc)
            return None

    def _call(self, name, *hargs, default=None):
        f = self._method(name)
        if f is None:
            return default
        args = [to_obj(a) for a in hargs]
        try:
            r = abstract.call(f, args)
        finally:
            decref(f)
            for a in args:
                decref(a)
        try:
            return _h(r)
        finally:
            decref(r)

    def readable(self):
        return bool(self._call("readable", default=False))

    def writable(self):
        return bool(self._call("writable", default=False))

    def seekable(self):
        return bool(self._call("seekable", default=False))

    def read(self, size=-1):
        return self._call("read", -1 if size is None else size, default=b"")

    def read1(self, size=-1):
        if self._method_exists("read1"):
            return self._call("read1", -1 if size is None else size)
        return self.read(size)

    def _method_exists(self, name):
        f = self._method(name)
        if f is None:
            return False
        decref(f)
        return True

    def readinto(self, b):
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)

    def write(self, b):
        data = bytes(b)
        n = self._call("write", data)
        return len(data) if n is None else n

    def flush(self):
        self._call("flush")

    def close(self):
        if not self.closed:
            self._call("close")

    @property
    def closed(self):
        if self._obj is None:
            return True
        v = self._method("closed")
        if v is None:
            return False
        try:
            return abstract.truth(v)
        finally:
            decref(v)

    def fileno(self):
        return self._call("fileno")

    def isatty(self):
        return bool(self._call("isatty", default=False))

    def seek(self, pos, whence=0):
        return self._call("seek", pos, whence)

    def tell(self):
        return self._call("tell")


def _ctor(tname, names, nreq, host_ctor, wrap_arg):
    """``_io.X(...)``: the host constructor on converted arguments; ``wrap_arg``
    converts the first (a file object to wrap: its host object)."""
    def impl(args, kwargs):
        vals = parse(tname, args[1:], kwargs, names, nreq)
        first = vals[0]
        n = len(vals)
        while n and vals[n - 1] is None:
            n -= 1
        hargs = [None if v is None else _h(v) for v in vals[:n]]
        sub = None
        name = None
        if n:
            if wrap_arg:
                if isinstance(first, PyFile):
                    hargs[0] = first.hf
                    sub = first
                    name = first.name
                elif tname == "TextIOWrapper":
                    # a program's buffer object: the host wrapper calls its methods
                    hargs[0] = _ObjectBuffer(first)
                    sub = first
                else:
                    raise exc("TypeError", "%s() argument must be a minipy file object, not %s"
                              % (tname, first.ob_type.name))
            elif tname == "FileIO":
                hargs[0] = path_arg(first, allow_fd=True)
                name = first
        hf = hcall(host_ctor, *hargs)
        f = _wrap(hf, name)
        if sub is not None:
            f.sub = core.incref(sub)
        return f
    return impl


_CONSTRUCTORS = {
    "FileIO": _ctor("FileIO", ("file", "mode", "closefd"), 1, _hio.FileIO, False),
    "BufferedReader": _ctor("BufferedReader", ("raw", "buffer_size"), 1,
                            _hio.BufferedReader, True),
    "BufferedWriter": _ctor("BufferedWriter", ("raw", "buffer_size"), 1,
                            _hio.BufferedWriter, True),
    "BufferedRandom": _ctor("BufferedRandom", ("raw", "buffer_size"), 1,
                            _hio.BufferedRandom, True),
    "TextIOWrapper": _ctor("TextIOWrapper", ("buffer", "encoding", "errors", "newline",
                                             "line_buffering", "write_through"), 1,
                           _hio.TextIOWrapper, True),
    "BytesIO": _ctor("BytesIO", ("initial_bytes",), 0, _hio.BytesIO, False),
}

_static = core.static_mode
core.static_mode = True
try:
    _make_types()
finally:
    core.static_mode = _static


def make_module():
    consts = {name: core.incref(t) for name, t in TYPES.items()}
    consts["DEFAULT_BUFFER_SIZE"] = new_int(_hio.DEFAULT_BUFFER_SIZE)
    return build_module("_io", FUNCS, consts, "The io module provides the Python interfaces "
                        "to stream handling.")


__all__ = ["PyTuple"]
