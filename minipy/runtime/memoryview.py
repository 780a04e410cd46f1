"""The ``memoryview`` builtin over bytes, bytearray and array.array objects.

A memoryview is a 184-byte object (CPython 3.11's size for a one-dimensional
view) holding a reference to a *managed buffer* (``managedbuffer``, as in
CPython), which holds the one reference to the exporting object: slices and
``memoryview(m)`` share their parent's managed buffer, so the exporter's
reference count moves as in CPython (one reference however many views).

The view itself is described by the host object it exports (a host ``bytes``,
``bytearray`` or ``array.array``) and the chain of operations that made it
from a plain view of that object (item/slice keys, ``cast``, ``toreadonly``).
Each operation builds a host ``memoryview`` from the chain, uses it and
releases it at once (a host view left alive would lock the host bytearray
against resizing), so indexing, slicing, casts, ``tolist``, ``hex`` and the
error messages are the host's, which are CPython's C code.  Values read
become heap objects; writes go through to the exporter's host buffer.

A bytearray's ``exports`` counts its live managed buffers (CPython's
``ob_exports``).
"""

from minipy.objects import core
from minipy.objects.core import decref, PyObject
from minipy.objects.typeobject import make_type, lookup
from minipy.objects.descr import add_method, add_getset
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.floatobject import PyFloat
from minipy.objects.strobject import new_str
from minipy.objects.bytesobject import PyBytes, PyByteArray, new_bytes
from minipy.objects.tupleobject import PyTuple
from minipy.objects.singletons import NONE, NOTIMPL, ret_none
from minipy.objects.iterobject import make_iter_type, new_iter, PySlice
from minipy.objects import weakrefobject
from minipy.runtime.formatting import host_exc
from minipy.runtime import abstract
from minipy.runtime.builtins_core import add_iterator_protocol
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import register_new
from minipy.runtime.modules._common import to_obj, to_host

MEMORYVIEW_SIZE = 184
MBUF_SIZE = 48
_HOST_ERRORS = (TypeError, ValueError, IndexError, LookupError, OverflowError,
                NotImplementedError, BufferError)
_RELEASED = "operation forbidden on released memoryview object"


class PyManagedBuffer(PyObject):
    __slots__ = ("obj", "exports")


class PyMemoryView(PyObject):
    __slots__ = ("mbuf", "ops", "released", "hash")

    # the buffer protocol, as struct and bytes() use it
    def buffer_bytes(self):
        with _Host(self) as hv:
            return hv.tobytes()

    def write_buffer(self, data):
        with _Host(self) as hv:
            _hcall(hv.__setitem__, slice(None), bytes(data))


def _mbuf_release(b):
    """The exporter's buffer is released (its reference dropped) when the last
    view of the managed buffer is (CPython's mbuf_release)."""
    obj = b.obj
    b.obj = None
    if obj is not None:
        if isinstance(obj, PyByteArray):
            obj.exports -= 1
        decref(obj)


def _mbuf_dealloc(b):
    obj = b.obj
    b.obj = None
    core.free_block(b)
    if obj is not None:
        if isinstance(obj, PyByteArray):
            obj.exports -= 1
        decref(obj)


def _view_release(m):
    if not m.released:
        m.released = True
        b = m.mbuf
        b.exports -= 1
        if b.exports == 0:
            _mbuf_release(b)


def _mbuf_traverse(b):
    return [b.obj] if b.obj is not None else []


def _mv_dealloc(m):
    if not m.released:
        _view_release(m)
    mbuf = m.mbuf
    m.mbuf = None
    core.free_block(m)
    if mbuf is not None:
        decref(mbuf)


def _mv_traverse(m):
    return [m.mbuf] if m.mbuf is not None else []


_static = core.static_mode
core.static_mode = True
try:
    managedbuffer_type = make_type("managedbuffer", host_class=PyManagedBuffer,
                                   basicsize=MBUF_SIZE, dealloc=_mbuf_dealloc,
                                   traverse=_mbuf_traverse, final=True)
    memoryview_type = make_type("memoryview", host_class=PyMemoryView,
                                basicsize=MEMORYVIEW_SIZE, dealloc=_mv_dealloc,
                                traverse=_mv_traverse, final=True)
    memoryview_type.flags |= weakrefobject.TPFLAGS_WEAKREF
finally:
    core.static_mode = _static


def _hcall(fn, *args):
    try:
        return fn(*args)
    except _HOST_ERRORS as e:
        raise host_exc(e)


def _host_base(obj):
    """The host object whose buffer a bytes-like program object exports, or None."""
    if isinstance(obj, (PyBytes, PyByteArray)):
        return obj.value
    arr = getattr(obj, "arr", None)         # array.array
    if arr is not None and hasattr(arr, "typecode"):
        return arr
    return None


class _Host(object):
    """``with _Host(m) as hv``: a host memoryview equal to ``m``, released afterwards."""
    __slots__ = ("views",)

    def __init__(self, m):
        if m.released:
            raise exc("ValueError", _RELEASED)
        views = [memoryview(_host_base(m.mbuf.obj))]
        try:
            for op in m.ops:
                kind = op[0]
                if kind == "k":
                    views.append(views[-1][op[1]])
                elif kind == "c":
                    views.append(views[-1].cast(*op[1:]))
                else:
                    views.append(views[-1].toreadonly())
        except _HOST_ERRORS as e:
            for v in reversed(views):
                v.release()
            raise host_exc(e)
        self.views = views

    def __enter__(self):
        return self.views[-1]

    def __exit__(self, *a):
        for v in reversed(self.views):
            v.release()
        return False


def _new_view(mbuf, ops):
    m = PyMemoryView.__new__(PyMemoryView)
    mbuf.ob_refcnt += 1
    mbuf.exports += 1
    m.mbuf = mbuf
    m.ops = ops
    m.released = False
    m.hash = None
    return core.alloc(m, MEMORYVIEW_SIZE, memoryview_type)


def memoryview_of(obj):
    """``memoryview(obj)`` (a new reference), or CPython's TypeError."""
    if isinstance(obj, PyMemoryView):
        if obj.released:
            raise exc("ValueError", _RELEASED)
        return _new_view(obj.mbuf, obj.ops)
    if _host_base(obj) is None:
        raise exc("TypeError", "memoryview: a bytes-like object is required, not '%s'"
                  % type_name(obj))
    b = PyManagedBuffer.__new__(PyManagedBuffer)
    obj.ob_refcnt += 1
    b.obj = obj
    b.exports = 0
    b = core.alloc(b, MBUF_SIZE, managedbuffer_type)
    if isinstance(obj, PyByteArray):
        obj.exports += 1
    try:
        return _new_view(b, ())
    finally:
        decref(b)


def _mv_new(args, kwargs):
    args = args[1:]
    kwargs = kwargs or {}
    if len(args) + len(kwargs) > 1:
        if kwargs and len(kwargs) > 1:
            raise exc("TypeError", "memoryview() takes at most 1 keyword argument (%d given)"
                      % len(kwargs))
        raise exc("TypeError", "memoryview() takes at most 1 argument (%d given)"
                  % (len(args) + len(kwargs)))
    if kwargs:
        k = next(iter(kwargs))
        if k != "object":
            raise exc("TypeError", "memoryview() got an unexpected keyword argument '%s'" % k)
        obj = kwargs[k]
    elif args:
        obj = args[0]
    else:
        raise exc("TypeError", "memoryview() missing required argument 'object' (pos 1)")
    return memoryview_of(obj)


def _check(m):
    if m.released:
        raise exc("ValueError", _RELEASED)


# ---------------------------------------------------------------------------
# keys and values
# ---------------------------------------------------------------------------

def _host_key(k):
    if isinstance(k, PyInt):
        return int(k.value)
    if isinstance(k, PySlice):
        def v(x):
            return None if x is None or x is NONE else abstract.index_value(x)
        return slice(v(k.start), v(k.stop), v(k.step))
    if isinstance(k, PyTuple):
        return tuple(_host_key(x) for x in k.items)
    from minipy.objects.singletons import ELLIPSIS
    if k is ELLIPSIS:
        return Ellipsis
    if lookup(k.ob_type, "__index__") is not None:
        return abstract.index_value(k)
    return to_host(k)


def _host_value(v):
    t = type(v)
    if t is PyBytes:
        return v.value
    if isinstance(v, PyInt):
        if v.ob_type.name == "bool":
            return bool(v.value)
        return int(v.value)
    if isinstance(v, PyFloat):
        return float(v.value)
    if not isinstance(v, PyMemoryView) and lookup(v.ob_type, "__index__") is not None:
        return abstract.index_value(v)
    return to_host(v)


# ---------------------------------------------------------------------------
# methods
# ---------------------------------------------------------------------------

def _check_index(hv, hk):
    """CPython's IndexError for an int index out of range (PyPy words it differently)."""
    if type(hk) is int and hv.ndim == 1:
        n = hv.shape[0]
        if not -n <= hk < n:
            raise exc("IndexError", "index out of bounds on dimension 1")


_INT_FORMATS = "bBhHiIlLqQnN"


def _check_item_value(hv, hval):
    """CPython's errors for a value that does not fit the view's format."""
    fmt = hv.format.lstrip("@=<>!")
    if fmt in _INT_FORMATS and len(fmt) == 1:
        if type(hval) is not int and type(hval) is not bool:
            raise exc("TypeError", "memoryview: invalid type for format '%s'" % hv.format)
        import struct as _hstruct
        try:
            _hstruct.pack(hv.format, hval)
        except (_hstruct.error, OverflowError):
            raise exc("ValueError", "memoryview: invalid value for format '%s'" % hv.format)
    elif fmt == "c":
        if type(hval) is not bytes:
            raise exc("TypeError", "memoryview: invalid type for format '%s'" % hv.format)
        if len(hval) != 1:
            raise exc("ValueError", "memoryview: invalid value for format '%s'" % hv.format)
    elif fmt in ("f", "d", "e"):
        if type(hval) not in (int, float, bool):
            raise exc("TypeError", "memoryview: invalid type for format '%s'" % hv.format)


def _check_structure(hv, hk, rv):
    """The lvalue/rvalue structure check of a 1-D slice assignment."""
    if hv.ndim != 1 or type(hk) is not slice or not isinstance(rv, memoryview):
        return
    n = len(range(*hk.indices(hv.shape[0])))
    if rv.ndim != 1 or rv.shape[0] != n or rv.format != hv.format or rv.itemsize != hv.itemsize:
        raise exc("ValueError", "memoryview assignment: lvalue and rvalue have different "
                  "structures")


def _getitem(self, key):
    hk = _host_key(key)
    with _Host(self) as hv:
        _check_index(hv, hk)
        r = _hcall(hv.__getitem__, hk)
        if isinstance(r, memoryview):
            r.release()
            return _new_view(self.mbuf, self.ops + (("k", hk),))
        return to_obj(r)


def _setitem(self, key, value):
    hk = _host_key(key)
    with _Host(self) as hv:
        if hv.readonly:
            raise exc("TypeError", "cannot modify read-only memory")
        if isinstance(value, PyMemoryView):
            with _Host(value) as rv:
                _check_structure(hv, hk, rv)
                _hcall(hv.__setitem__, hk, rv)
            return ret_none()
        base = _host_base(value)
        if base is not None and type(hk) is slice:
            rv = memoryview(base)
            try:
                _check_structure(hv, hk, rv)
                _hcall(hv.__setitem__, hk, rv)
            finally:
                rv.release()
            return ret_none()
        hval = base if base is not None else _host_value(value)
        _check_index(hv, hk)
        if type(hk) is int:
            _check_item_value(hv, hval)
        _hcall(hv.__setitem__, hk, hval)
    return ret_none()


def _delitem(self, key):
    _check(self)
    raise exc("TypeError", "cannot delete memory")


def _len(self):
    with _Host(self) as hv:
        return new_int(_hcall(len, hv))


def _repr(self):
    if self.released:
        return new_str("<released memory at 0x%x>" % self.ob_addr)
    return new_str("<memory at 0x%x>" % self.ob_addr)


def _tobytes(self, *args, **kwargs):
    kw = {k: _host_value(v) if v is not NONE else None for k, v in (kwargs or {}).items()}
    hargs = [None if a is NONE else to_host(a) for a in args]
    with _Host(self) as hv:
        return new_bytes(_hcall(lambda: hv.tobytes(*hargs, **kw)))


def _tobytes_m(self, args, kwargs):
    return _tobytes(self, *args, **(kwargs or {}))


def _tolist(self):
    with _Host(self) as hv:
        return to_obj(_hcall(hv.tolist))


def _hex(self, args, kwargs):
    hargs = [_host_value(a) for a in args]
    kw = {k: _host_value(v) for k, v in (kwargs or {}).items()}
    with _Host(self) as hv:
        return new_str(_hcall(lambda: hv.hex(*hargs, **kw)))


def _cast(self, args, kwargs):
    hargs = [to_host(a) for a in args]
    kw = {k: to_host(v) for k, v in (kwargs or {}).items()}
    with _Host(self) as hv:
        r = _hcall(lambda: hv.cast(*hargs, **kw))
        r.release()
    op = ("c", hargs[0] if hargs else kw.get("format"))
    shape = hargs[1] if len(hargs) > 1 else kw.get("shape")
    if shape is not None:
        op = op + (shape,)
    return _new_view(self.mbuf, self.ops + (op,))


def _toreadonly(self):
    _check(self)
    return _new_view(self.mbuf, self.ops + (("r",),))


def _release(self):
    _view_release(self)
    return ret_none()


def _enter(self):
    _check(self)
    self.ob_refcnt += 1
    return self


def _exit(self, *args):
    _view_release(self)
    return ret_none()


def _getattr_host(name):
    def get(self):
        with _Host(self) as hv:
            return to_obj(getattr(hv, name))
    return get


def _obj(self):
    _check(self)
    o = self.mbuf.obj
    o.ob_refcnt += 1
    return o


def _other_host(o):
    """A host buffer equal to the program object ``o``, or None (NotImplemented)."""
    return _host_base(o)


def _compare(op):
    def impl(self, other):
        if op not in (2, 3):
            NOTIMPL.ob_refcnt += 1
            return NOTIMPL
        if self is other:
            return abstract.new_bool(op == 2)
        if isinstance(other, PyMemoryView):
            if self.released or other.released:
                return abstract.new_bool(op == 3)
            with _Host(self) as hv, _Host(other) as ov:
                eq = hv == ov
            return abstract.new_bool(eq if op == 2 else not eq)
        ob = _other_host(other)
        if ob is None:
            NOTIMPL.ob_refcnt += 1
            return NOTIMPL
        if self.released:
            return abstract.new_bool(op == 3)
        with _Host(self) as hv:
            ov = memoryview(ob)
            try:
                eq = hv == ov
            finally:
                ov.release()
        return abstract.new_bool(eq if op == 2 else not eq)
    return impl


def _hash(self):
    if self.hash is not None:
        return new_int(self.hash)
    with _Host(self) as hv:
        if not hv.readonly:
            raise exc("ValueError", "cannot hash writable memoryview object")
        if hv.format not in ("B", "b", "c"):
            raise exc("ValueError", "memoryview: hashing is restricted to formats 'B', 'b' or 'c'")
        data = hv.tobytes()
    b = new_bytes(data)
    try:
        h = abstract.hash_(b)
    finally:
        decref(b)
    self.hash = h
    return new_int(h)


def _iternext(it):
    m = it.src
    if m is None:
        return None
    with _Host(m) as hv:
        if hv.ndim == 0:
            raise exc("TypeError", "invalid indexing of 0-dim memory")
        i = it.pos
        if i < len(hv):
            it.pos = i + 1
            return to_obj(hv[i])
    it.src = None
    decref(m)
    return None


def _iter(self):
    with _Host(self) as hv:
        if hv.ndim == 0:
            raise exc("TypeError", "invalid indexing of 0-dim memory")
        if hv.ndim > 1:
            raise exc("NotImplementedError", "multi-dimensional sub-views are not implemented")
    return new_iter(memory_iterator_type, self)


def _reduce_ex(self, proto):
    raise exc("TypeError", "cannot pickle 'memoryview' object")


_DOC = "Create a new memoryview object which references the given object."

_static = core.static_mode
core.static_mode = True
try:
    memory_iterator_type = make_iter_type("memory_iterator", _iternext)
    add_iterator_protocol(memory_iterator_type)
    register_new(memoryview_type, _mv_new)
    add_method(memoryview_type, "__getitem__", _getitem, 1, 1)
    add_method(memoryview_type, "__setitem__", _setitem, 2, 2)
    add_method(memoryview_type, "__delitem__", _delitem, 1, 1)
    add_method(memoryview_type, "__len__", _len, 0, 0)
    add_method(memoryview_type, "__repr__", _repr, 0, 0)
    add_method(memoryview_type, "__iter__", _iter, 0, 0)
    add_method(memoryview_type, "__hash__", _hash, 0, 0)
    add_method(memoryview_type, "__enter__", _enter, 0, 0)
    add_method(memoryview_type, "__exit__", _exit, 0, 3)
    add_method(memoryview_type, "__reduce_ex__", _reduce_ex, 1, 1)
    for _i, _n in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
        add_method(memoryview_type, _n, _compare(_i), 1, 1)
    add_method(memoryview_type, "tobytes", _tobytes_m, takes_kw=True)
    add_method(memoryview_type, "hex", _hex, takes_kw=True)
    add_method(memoryview_type, "cast", _cast, takes_kw=True)
    add_method(memoryview_type, "tolist", _tolist, 0, 0)
    add_method(memoryview_type, "toreadonly", _toreadonly, 0, 0)
    add_method(memoryview_type, "release", _release, 0, 0)
    for _n in ("format", "itemsize", "nbytes", "readonly", "ndim", "shape", "strides",
               "suboffsets", "c_contiguous", "f_contiguous", "contiguous"):
        add_getset(memoryview_type, _n, _getattr_host(_n))
    add_getset(memoryview_type, "obj", _obj)
finally:
    core.static_mode = _static


def install():
    """Make ``memoryview`` a builtin (the builtins namespace takes the types
    of ``containers.BUILTIN_TYPES``)."""
    from minipy.runtime import containers
    containers.BUILTIN_TYPES["memoryview"] = memoryview_type


install()
