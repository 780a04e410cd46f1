"""The ``sys`` module and the registry of built-in modules.

``sys.getrefcount``, ``sys.getsizeof``, ``sys.getallocatedblocks`` and
``sys._debugmallocstats`` read the simulated heap directly, so a program sees
its own objects' reference counts, block sizes and the allocator's state.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import make_type, PyType, lookup
from minipy.objects.descr import new_builtin, method, add_getset, add_method
from minipy.objects.intobject import new_int, new_bool, PyInt
from minipy.objects.floatobject import new_float
from minipy.objects.strobject import new_str, PyStr, intern_obj
from minipy.objects.tupleobject import new_tuple, tuple_type
from minipy.objects.listobject import new_list
from minipy.objects.dictobject import new_dict, dict_setitem_str
from minipy.objects.moduleobject import new_module
from minipy.objects.singletons import NONE, ret_none
from minipy.objects.exceptions import EXC_TYPES
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime import builtins_core


class PyTextStream(PyObject):
    """sys.stdin / sys.stdout / sys.stderr: reads come from the interpreter's
    input, writes go to its output (``stream`` names which one)."""
    __slots__ = ("stream", "buffer")


class PyBufferStream(PyObject):
    """sys.stdin.buffer / sys.stdout.buffer / sys.stderr.buffer: the same input
    and output as bytes (UTF-8); ``pending`` holds bytes read ahead of a read(n)."""
    __slots__ = ("stream", "pending")


def _stream_dealloc(s):
    b = s.buffer
    s.buffer = None
    core.free_block(s)
    if b is not None:
        decref(b)


def _stream_traverse(s):
    return (s.buffer,) if s.buffer is not None else ()


textio_type = make_type("TextIOWrapper", host_class=PyTextStream, basicsize=200,
                        dealloc=_stream_dealloc, traverse=_stream_traverse)
textio_type.module = "_io"
bufreader_type = make_type("BufferedReader", host_class=PyBufferStream, basicsize=184,
                           dealloc=lambda b: core.free_block(b))
bufreader_type.module = "_io"
bufwriter_type = make_type("BufferedWriter", host_class=PyBufferStream, basicsize=184,
                           dealloc=lambda b: core.free_block(b))
bufwriter_type.module = "_io"


def _vm():
    return builtins_core.vm_ref[0]


def _unsupported(what):
    return exc("OSError", "not " + what)        # (io.UnsupportedOperation's message)


def _readable(s):
    if s.stream != "stdin":
        raise _unsupported("readable")
    return _vm().interp


@method(textio_type, "readline")
def _stream_readline(s, size=None):
    n = -1 if size is None or size is NONE else abstract.index_value(size)
    interp = _readable(s)
    line = interp.read_stdin_line() if n < 0 else interp._stdin_source().readline(n)
    return new_str(line or "")


@method(textio_type, "read")
def _stream_read(s, size=None):
    n = -1 if size is None or size is NONE else abstract.index_value(size)
    return new_str(_readable(s).read_stdin(n))


@method(textio_type, "readlines")
def _stream_readlines(s, hint=None):
    interp = _readable(s)
    lines = []
    while True:
        line = interp.read_stdin_line()
        if line is None:
            return new_list([new_str(x) for x in lines])
        lines.append(line)


@method(textio_type, "__iter__")
def _stream_iter(s):
    return core.incref(s)


@method(textio_type, "__next__")
def _stream_next(s):
    line = _readable(s).read_stdin_line()
    if line is None:
        raise exc("StopIteration", None)
    return new_str(line)


@method(textio_type, "isatty")
def _stream_isatty(s):
    return new_bool(False)


@method(textio_type, "readable")
def _stream_readable(s):
    return new_bool(s.stream == "stdin")


@method(textio_type, "writable")
def _stream_writable(s):
    return new_bool(s.stream != "stdin")


@method(textio_type, "write")
def _stream_write(s, text):
    if s.stream == "stdin":
        raise _unsupported("writable")
    if not isinstance(text, PyStr):
        raise exc("TypeError", "write() argument must be str, not %s" % type_name(text))
    _vm().interp.host_write(s.stream, text.value)
    return new_int(len(text.value))


@method(textio_type, "flush")
def _stream_flush(s):
    return ret_none()


@method(textio_type, "__repr__")
def _stream_repr(s):
    return new_str("<_io.TextIOWrapper name='<%s>' mode='%s' encoding='utf-8'>"
                   % (s.stream, "r" if s.stream == "stdin" else "w"))


add_getset(textio_type, "name", lambda s: new_str("<%s>" % s.stream))
add_getset(textio_type, "mode", lambda s: new_str("r" if s.stream == "stdin" else "w"))
add_getset(textio_type, "encoding", lambda s: new_str("utf-8"))
add_getset(textio_type, "closed", lambda s: new_bool(False))
_FILENOS = {"stdin": 0, "stdout": 1, "stderr": 2}
add_method(textio_type, "fileno", lambda s: new_int(_FILENOS[s.stream]), 0, 0)


def _new_stream(name):
    s = PyTextStream.__new__(PyTextStream)
    s.stream = name
    s.buffer = None
    return core.alloc(s, 200, textio_type)


def _stream_buffer(s):
    """The stream's binary layer (made once, then the same object)."""
    b = s.buffer
    if b is None:
        b = PyBufferStream.__new__(PyBufferStream)
        b.stream = s.stream
        b.pending = b""
        b = core.alloc(b, 184, bufreader_type if s.stream == "stdin" else bufwriter_type)
        s.buffer = b
    return core.incref(b)


add_getset(textio_type, "buffer", _stream_buffer)


def _breadable(b):
    if b.stream != "stdin":
        raise _unsupported("readable")
    return _vm().interp


def _bytes_arg(size):
    return -1 if size is None or size is NONE else abstract.index_value(size)


def _new_bytes(data):
    from minipy.objects.bytesobject import new_bytes
    return new_bytes(data)


def _buf_read_host(b, n):
    interp = _breadable(b)
    data = b.pending
    if n < 0:
        b.pending = b""
        return data + interp.read_stdin(-1).encode("utf-8", "surrogateescape")
    while len(data) < n:
        more = interp.read_stdin(n - len(data))
        if not more:
            break
        data += more.encode("utf-8", "surrogateescape")
    b.pending = data[n:]
    return data[:n]


def _buf_readline_host(b, n=-1):
    interp = _breadable(b)
    data = b.pending
    while b"\n" not in data and (n < 0 or len(data) < n):
        line = interp.read_stdin_line()
        if line is None:
            break
        data += line.encode("utf-8", "surrogateescape")
    i = data.find(b"\n")
    end = len(data) if i < 0 else i + 1
    if 0 <= n < end:
        end = n
    b.pending = data[end:]
    return data[:end]


for _bt in (bufreader_type, bufwriter_type):
    add_method(_bt, "read", lambda b, size=None: _new_bytes(_buf_read_host(b, _bytes_arg(size))),
               0, 1)
    add_method(_bt, "read1", lambda b, size=None: _new_bytes(_buf_read_host(b, _bytes_arg(size))),
               0, 1)
    add_method(_bt, "readline",
               lambda b, size=None: _new_bytes(_buf_readline_host(b, _bytes_arg(size))), 0, 1)

    def _buf_readlines(b, hint=None):
        lines = []
        while True:
            line = _buf_readline_host(b)
            if not line:
                return new_list([_new_bytes(x) for x in lines])
            lines.append(line)
    add_method(_bt, "readlines", _buf_readlines, 0, 1)
    add_method(_bt, "__iter__", lambda b: core.incref(b), 0, 0)

    def _buf_next(b):
        line = _buf_readline_host(b)
        if not line:
            raise exc("StopIteration", None)
        return _new_bytes(line)
    add_method(_bt, "__next__", _buf_next, 0, 0)

    def _buf_write(b, data):
        from minipy.objects.bytesobject import PyBytes, PyByteArray
        if b.stream == "stdin":
            raise _unsupported("writable")
        if not isinstance(data, (PyBytes, PyByteArray)):
            raise exc("TypeError", "a bytes-like object is required, not '%s'" % type_name(data))
        raw = bytes(data.value)
        _vm().interp.host_write(b.stream, raw.decode("utf-8", "surrogateescape"))
        return new_int(len(raw))
    add_method(_bt, "write", _buf_write, 1, 1)
    add_method(_bt, "flush", lambda b: ret_none(), 0, 0)
    add_method(_bt, "isatty", lambda b: new_bool(False), 0, 0)
    add_method(_bt, "readable", lambda b: new_bool(b.stream == "stdin"), 0, 0)
    add_method(_bt, "writable", lambda b: new_bool(b.stream != "stdin"), 0, 0)
    add_method(_bt, "__repr__", lambda b: new_str("<_io.%s name='<%s>'>" % (
        "BufferedReader" if b.stream == "stdin" else "BufferedWriter", b.stream)), 0, 0)
    add_getset(_bt, "name", lambda b: new_str("<%s>" % b.stream))
    add_getset(_bt, "mode", lambda b: new_str("rb" if b.stream == "stdin" else "wb"))
    add_getset(_bt, "closed", lambda b: new_bool(False))
    add_method(_bt, "fileno", lambda b: new_int(_FILENOS[b.stream]), 0, 0)


# sys.version_info, sys.float_info, sys.hash_info, sys.int_info: tuple subclasses with
# named fields and a repr that names them, as CPython's structseq types
def _structseq_type(name, fields, basicsize, repr_name=None):
    tp = make_type(name, base=tuple_type, host_class=tuple_type.host_class,
                   basicsize=basicsize, final=True)
    tp.module = "sys"
    for i, n in enumerate(fields):
        add_getset(tp, n, (lambda i: lambda t: core.incref(t.items[i]))(i))
    repr_name = repr_name or "sys." + name

    def _repr(t):
        parts = ["%s=%s" % (n, abstract.repr_host(v)) for n, v in zip(fields, t.items)]
        return new_str("%s(%s)" % (repr_name, ", ".join(parts)))
    add_method(tp, "__repr__", _repr)
    for attr, v in (("n_fields", len(fields)), ("n_sequence_fields", len(fields)),
                    ("n_unnamed_fields", 0)):
        o = new_int(v)
        dict_setitem_str(tp.dict, attr, o)
        decref(o)
    return tp


version_info_type = _structseq_type("version_info", ("major", "minor", "micro", "releaselevel",
                                                     "serial"), 80)
_FI_FIELDS = ("max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp", "dig", "mant_dig",
              "epsilon", "radix", "rounds")
float_info_type = _structseq_type("float_info", _FI_FIELDS, 128)
hash_info_type = _structseq_type("hash_info", ("width", "modulus", "inf", "nan", "imag",
                                               "algorithm", "hash_bits", "seed_bits", "cutoff"),
                                 112)
int_info_type = _structseq_type("int_info", ("bits_per_digit", "sizeof_digit",
                                             "default_max_str_digits",
                                             "str_digits_check_threshold"), 72)

_FLAG_FIELDS = ("debug", "inspect", "interactive", "optimize", "dont_write_bytecode",
                "no_user_site", "no_site", "ignore_environment", "verbose", "bytes_warning",
                "quiet", "hash_randomization", "isolated", "dev_mode", "utf8_mode",
                "warn_default_encoding", "safe_path", "int_max_str_digits")
_BOOL_FLAGS = ("dev_mode", "safe_path")
flags_type = _structseq_type("flags", _FLAG_FIELDS, 184)


def _namespace_type():
    """sys.implementation: a types.SimpleNamespace in CPython (named fields, its repr)."""
    fields = ("name", "cache_tag", "version", "hexversion", "_multiarch")
    tp = _structseq_type("SimpleNamespace", fields, 48, "namespace")
    tp.module = "types"
    return tp


implementation_type = _namespace_type()

FUNCS = {}


def sysfunc(name, minargs=0, maxargs=0):
    def deco(fn):
        FUNCS[name] = new_builtin(name, fn, minargs, maxargs, module="sys")
        return fn
    return deco


@sysfunc("getrefcount", 1, 1)
def sys_getrefcount(o):
    return new_int(o.ob_refcnt)


@sysfunc("getsizeof", 1, 2)
def sys_getsizeof(o, default=None):
    return new_int(builtins_core._sizeof(o))


asyncgen_hooks_type = _structseq_type("asyncgen_hooks", ("firstiter", "finalizer"), 56,
                                      "asyncgen_hooks")
asyncgen_hooks_type.module = "builtins"


def sys_set_asyncgen_hooks(args, kwargs):
    """The hooks event loops install for async generators (runtime/asyncgen.py);
    an argument left out keeps its hook."""
    names = ("firstiter", "finalizer")
    if len(args) > 2:
        raise exc("TypeError", "set_asyncgen_hooks() takes at most 2 arguments (%d given)"
                  % len(args))
    given = dict(zip(names, args))
    for k, v in (kwargs or {}).items():
        if k not in names:
            raise exc("TypeError", "'%s' is an invalid keyword argument for "
                      "set_asyncgen_hooks()" % k)
        given[k] = v
    for k in names:
        v = given.get(k)
        if v is not None and v is not NONE and not (
                isinstance(v, PyType) or lookup(v.ob_type, "__call__") is not None):
            raise exc("TypeError", "callable %s expected, got %s" % (k, type_name(v)))
    ts = _vm().ts
    for k in names:
        if k in given:
            v = given[k]
            v = None if v is NONE else core.incref(v)
            attr = "agen_" + k
            old = getattr(ts, attr)
            setattr(ts, attr, v)
            if old is not None:
                decref(old)
    return ret_none()


FUNCS["set_asyncgen_hooks"] = new_builtin("set_asyncgen_hooks", sys_set_asyncgen_hooks,
                                          takes_kw=True, module="sys")


@sysfunc("get_asyncgen_hooks")
def sys_get_asyncgen_hooks():
    ts = _vm().ts
    items = [core.incref(v if v is not None else NONE)
             for v in (ts.agen_firstiter, ts.agen_finalizer)]
    return new_tuple(items, asyncgen_hooks_type)


@sysfunc("getrecursionlimit")
def sys_getrecursionlimit():
    return new_int(_vm().recursion_limit)


@sysfunc("setrecursionlimit", 1, 1)
def sys_setrecursionlimit(n):
    if not isinstance(n, PyInt) or isinstance(n.value, bool):
        raise exc("TypeError", "'%s' object cannot be interpreted as an integer" % type_name(n))
    v = n.value
    if v < 1:
        raise exc("ValueError", "recursion limit must be greater or equal than 1")
    vm = _vm()
    if v <= vm.ts.depth:
        raise exc("RecursionError", "cannot set the recursion limit to %d at the recursion depth "
                  "%d: the limit is too low" % (v, vm.ts.depth))
    vm.recursion_limit = v
    return ret_none()


@sysfunc("intern", 1, 1)
def sys_intern(s):
    if type(s) is not PyStr or s.ob_type.name != "str":
        raise exc("TypeError", "intern() argument must be str, not %s" % type_name(s))
    return intern_obj(s)


@sysfunc("exit", 0, 1)
def sys_exit(code=None):
    # like PyErr_SetObject(SystemExit, None): sys.exit(None) has empty args
    args = [] if code is None or code is NONE else [core.incref(code)]
    raise abstract.exc_args(EXC_TYPES["SystemExit"], args)


def _excepthook(args, kwargs):
    """sys.excepthook(type, value, traceback): print the exception as an uncaught one."""
    from minipy.objects.exceptions import PyBaseException
    from minipy.vm.traceback import format_exception
    if kwargs:
        raise exc("TypeError", "excepthook() takes no keyword arguments")
    if len(args) != 3:
        raise exc("TypeError", "excepthook expected 3 arguments, got %d" % len(args))
    value = args[1]
    interp = _vm().interp
    if not isinstance(value, PyBaseException):
        interp.host_write("stderr", "TypeError: print_exception(): Exception expected for "
                          "value, %s found\n" % type_name(value))
        return ret_none()
    tb = args[2]
    if value.traceback is None and tb is not NONE and tb.ob_type.name == "traceback":
        value.traceback = core.incref(tb)
    interp.host_write("stderr", "".join(format_exception(value, abstract.str_host,
                                                         interp.sources)))
    return ret_none()


FUNCS["excepthook"] = new_builtin("excepthook", _excepthook, takes_kw=True, module="sys")


@sysfunc("getallocatedblocks")
def sys_getallocatedblocks():
    return new_int(core.heap.allocated_blocks())


def freelist_lines():
    from minipy.objects import floatobject, listobject, dictobject, tupleobject
    lines = [(len(dictobject.free_list), "PyDictObject", 48),
             (len(floatobject.free_list), "PyFloatObject", 24),
             (len(listobject.free_list), "PyListObject", 40)]
    for n in range(1, tupleobject.TUPLE_MAXSAVESIZE + 1):
        lines.append((len(tupleobject.free_lists[n]), "%d-sized PyTupleObject" % n, 24 + 8 * n))
    return lines


@sysfunc("_debugmallocstats")
def sys_debugmallocstats():
    from minipy.memory import debugmallocstats
    text = debugmallocstats(core.heap, freelist_lines())
    _vm().interp.host_write("stderr", text if text.endswith("\n") else text + "\n")
    return ret_none()


@sysfunc("exc_info")
def sys_exc_info():
    e = _vm().ts.exc_info
    if e is None:
        return new_tuple([ret_none(), ret_none(), ret_none()])
    tb = e.traceback if e.traceback is not None else NONE
    return new_tuple([core.incref(e.ob_type), core.incref(e), core.incref(tb)])


@sysfunc("exception")
def sys_exception():
    e = _vm().ts.exc_info
    return core.incref(e) if e is not None else ret_none()


@sysfunc("_getframe", 0, 1)
def sys_getframe(depth=None):
    from minipy.vm.frame import frame_object
    f = _vm().ts.frame
    n = depth.value if depth is not None else 0
    for _ in range(n):
        if f is None:
            break
        f = f.back
    if f is None:
        raise exc("ValueError", "call stack is not deep enough")
    return frame_object(f)


@sysfunc("get_int_max_str_digits")
def sys_get_int_max_str_digits():
    from minipy.runtime import formatting
    return new_int(formatting.INT_MAX_STR_DIGITS)


def _set_int_max_str_digits(args, kwargs):
    from minipy.runtime import formatting
    if len(args) + len(kwargs or {}) != 1 or (kwargs and "maxdigits" not in kwargs):
        raise exc("TypeError", "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)")
    n = args[0] if args else kwargs["maxdigits"]
    v = abstract.index_value(n)
    if v != 0 and v < 640:
        raise exc("ValueError", "maxdigits must be 0 or larger than 640")
    formatting.INT_MAX_STR_DIGITS = v
    return ret_none()


FUNCS["set_int_max_str_digits"] = new_builtin("set_int_max_str_digits", _set_int_max_str_digits,
                                              takes_kw=True, module="sys")


@sysfunc("getdefaultencoding")
def sys_getdefaultencoding():
    return new_str("utf-8")


@sysfunc("getfilesystemencoding")
def sys_getfilesystemencoding():
    return new_str("utf-8")


@sysfunc("getfilesystemencodeerrors")
def sys_getfilesystemencodeerrors():
    return new_str("surrogateescape")


@sysfunc("gettrace")
def sys_gettrace():
    return ret_none()


@sysfunc("getprofile")
def sys_getprofile():
    return ret_none()


@sysfunc("is_finalizing")
def sys_is_finalizing():
    return new_bool(False)


@sysfunc("getswitchinterval")
def sys_getswitchinterval():
    return new_float(_vm().gil.interval_us * 1e-6)


@sysfunc("setswitchinterval", 1, 1)
def sys_setswitchinterval(v):
    from minipy.objects.floatobject import PyFloat
    if not isinstance(v, (PyFloat, PyInt)):
        raise exc("TypeError", "must be real number, not %s" % type_name(v))
    x = float(v.value)
    if x <= 0:
        raise exc("ValueError", "switch interval must be strictly positive")
    # CPython keeps whole microseconds and reports us * 1e-6 (the GIL waits at least 1 us)
    gil = _vm().gil
    gil.interval_us = int(x * 1e6)
    gil.interval = max(gil.interval_us, 1) * 1e-6
    return ret_none()


def gil_stats_rows(gil):
    """(name, acquisitions, forced switches, wait seconds) per thread, in first-seen order."""
    return [(st.name, st.acquisitions, st.forced_switches, st.wait_time)
            for st in gil.stats.values()]


@sysfunc("_gil_stats")
def sys_gil_stats():
    """minipy extension: {thread name: {'acquisitions', 'forced_switches', 'wait_time'}}."""
    gil = _vm().gil
    d = new_dict()
    for name, acq, forced, wait in gil_stats_rows(gil):
        row = new_dict()
        for k, v in (("acquisitions", new_int(acq)), ("forced_switches", new_int(forced)),
                     ("wait_time", new_float(wait))):
            dict_setitem_str(row, k, v)
            decref(v)
        dict_setitem_str(d, name, row)
        decref(row)
    sw = new_int(gil.switches)
    dict_setitem_str(d, "<switches>", sw)
    decref(sw)
    return d


def make_sys(interp, argv):
    d = new_dict()
    for name, f in FUNCS.items():
        dict_setitem_str(d, name, f)
    vals = {
        "argv": new_list([new_str(a) for a in argv]),
        "maxsize": new_int((1 << 63) - 1),
        "stdin": _new_stream("stdin"),
        "stdout": _new_stream("stdout"),
        "stderr": _new_stream("stderr"),
        "platform": new_str("linux"),
        "version": new_str("3.11.7 (minipy)"),
        "byteorder": new_str("little"),
        "implementation_name": new_str("minipy"),
        "version_info": new_tuple([new_int(3), new_int(11), new_int(7), new_str("final"), new_int(0)],
                                  version_info_type),
        "__name__": new_str("sys"),
    }
    import sys as host_sys
    fi = host_sys.float_info
    vals["float_info"] = new_tuple([new_float(fi.max), new_int(fi.max_exp), new_int(fi.max_10_exp),
                                    new_float(fi.min), new_int(fi.min_exp), new_int(fi.min_10_exp),
                                    new_int(fi.dig), new_int(fi.mant_dig), new_float(fi.epsilon),
                                    new_int(fi.radix), new_int(fi.rounds)], float_info_type)
    # CPython 3.11 on 64-bit Linux
    vals["hash_info"] = new_tuple([new_int(64), new_int((1 << 61) - 1), new_int(314159), new_int(0),
                                   new_int(1000003), new_str("siphash13"), new_int(64),
                                   new_int(128), new_int(0)], hash_info_type)
    vals["int_info"] = new_tuple([new_int(30), new_int(4), new_int(4300), new_int(640)],
                                 int_info_type)
    # (the host's flags, as its environment set them, under the command line's)
    flag = interp.flags.get
    vals["flags"] = new_tuple([new_bool(bool(flag(n, getattr(host_sys.flags, n, 0))))
                               if n in _BOOL_FLAGS
                               else new_int(flag(n, -1)) if n == "int_max_str_digits"
                               else new_int(int(flag(n, getattr(host_sys.flags, n, 0))))
                               for n in _FLAG_FIELDS], flags_type)
    vals["implementation"] = new_tuple(
        [new_str("cpython"), new_str("cpython-311"),
         new_tuple([new_int(3), new_int(11), new_int(7), new_str("final"), new_int(0)],
                   version_info_type),
         new_int(0x030B07F0), new_str("x86_64-linux-gnu")], implementation_type)
    for k, v in (("float_repr_style", "short"), ("abiflags", ""), ("platlibdir", "lib"),
                 ("executable", host_sys.executable or ""), ("prefix", host_sys.prefix),
                 ("base_prefix", host_sys.base_prefix), ("exec_prefix", host_sys.exec_prefix),
                 ("base_exec_prefix", host_sys.base_exec_prefix),
                 ("copyright", getattr(host_sys, "copyright", ""))):
        vals[k] = new_str(v)
    vals["maxunicode"] = new_int(0x10FFFF)
    vals["hexversion"] = new_int(0x030B07F0)
    vals["api_version"] = new_int(1013)
    vals["dont_write_bytecode"] = new_bool(bool(interp.flags.get("dont_write_bytecode",
                                                                 host_sys.dont_write_bytecode)))
    vals["pycache_prefix"] = core.incref(NONE)
    vals["warnoptions"] = new_list([new_str(w) for w in interp.warnoptions])
    xopts = vals["_xoptions"] = new_dict()
    for x in interp.xoptions:
        name, eq, value = x.partition("=")
        v = new_str(value) if eq else new_bool(True)
        dict_setitem_str(xopts, name, v)
        decref(v)
    vals["path"] = new_list([new_str(p) for p in _sys_path(interp, argv)])
    vals["__excepthook__"] = core.incref(FUNCS["excepthook"])
    vals["__stdin__"] = core.incref(vals["stdin"])
    vals["__stdout__"] = core.incref(vals["stdout"])
    vals["__stderr__"] = core.incref(vals["stderr"])
    for k, v in vals.items():
        dict_setitem_str(d, k, v)
        decref(v)
    dict_setitem_str(d, "modules", interp.modules)
    m = new_module("sys", d)
    dict_setitem_str(interp.modules, "sys", m)
    decref(m)
    return m


def _sys_path(interp, argv):
    """sys.path as CPython starts it: the script's directory (symlinks resolved), or ''
    for -c, stdin and the REPL, the current directory for -m, none with -P; then
    where the standard modules are (minipy/lib)."""
    import os
    script = argv[0] if argv else ""
    if interp.flags.get("safe_path"):
        out = []            # -P: no directory of the program's before the standard ones
    elif script in ("", "-c", "-"):
        out = [""]
    elif interp.flags.get("run_module"):
        out = [os.getcwd()]     # -m: the current directory
    else:
        out = [os.path.dirname(os.path.realpath(script))]
    lib = getattr(interp, "lib_path", None)
    if lib:
        out.append(lib)
    return out


def _module_maker(modname):
    def make(interp):
        import importlib
        mod = importlib.import_module("minipy.runtime.modules." + modname)
        return mod.make_module()
    return make


BUILTIN_MODULES = {name: _module_maker(name) for name in ("math", "cmath", "random", "time", "gc",
                                                                  "heap", "tracemalloc", "_thread", "re",
                                                                  "_traceback", "_io", "posix", "hashlib",
                                                                  "_functools", "_heapq", "_bisect")}

BUILTIN_MODULES.update({name: _module_maker(name) for name in ("_weakref", "array", "struct")})
BUILTIN_MODULES.update({name: _module_maker(name) for name in ("binascii", "_base64", "errno")})
BUILTIN_MODULES["_collections"] = _module_maker("_collections")
BUILTIN_MODULES["itertools"] = _module_maker("itertools")


def _make_builtins_module(interp):
    """``import builtins``: a module whose dict is the interpreter's builtins."""
    return new_module("builtins", core.incref(interp.builtins))


BUILTIN_MODULES["builtins"] = _make_builtins_module
