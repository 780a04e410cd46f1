"""The ``array`` module: compact arrays of fixed-width numbers (and 'u' chars).

An ``array.array`` is a 64-byte object plus a separately allocated item
buffer of ``itemsize`` bytes per slot on the simulated heap (``items_addr``),
grown and shrunk with CPython's ``array_resize`` over-allocation, so the heap
sees what CPython allocates.  The values themselves are kept in a host
``array.array`` of the same typecode (the same C widths, overflow checks and
byte layout); each item a program reads is boxed as a new heap object.
"""

import array as _ha

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import make_type, lookup
from minipy.objects.descr import add_method, add_getset, new_builtin
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.floatobject import PyFloat
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.bytesobject import PyBytes, PyByteArray, new_bytes
from minipy.objects.tupleobject import PyTuple, new_tuple
from minipy.objects.listobject import PyList, new_list
from minipy.objects.singletons import NONE, NOTIMPL, ret_none
from minipy.objects.iterobject import make_iter_type, new_iter
from minipy.objects import weakrefobject
from minipy.runtime.formatting import host_exc
from minipy.runtime import abstract
from minipy.runtime.builtins_core import add_iterator_protocol
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.containers_common import register_new, check_type_arg, alloc_sub
from minipy.runtime.modules._common import to_obj, build_module, HOST_ERRORS

TYPECODES = "bBuhHiIlLqQfd"
ARRAY_SIZE = 64


class PyArray(core.PyObject):
    __slots__ = ("arr", "allocated", "items_addr")

    # the buffer protocol, as struct and bytes() use it
    def buffer_bytes(self):
        return self.arr.tobytes()

    def write_buffer(self, data):
        self.arr[:] = _ha.array(self.arr.typecode, bytes(data))


def _array_dealloc(a):
    if a.items_addr:
        core.storage_free(a.items_addr)
        a.items_addr = 0
    a.arr = None
    core.free_block(a)


_static = core.static_mode
core.static_mode = True
try:
    array_type = make_type("array", host_class=PyArray, basicsize=ARRAY_SIZE,
                           dealloc=_array_dealloc)
    array_type.module = "array"
    array_type.flags |= weakrefobject.TPFLAGS_WEAKREF
finally:
    core.static_mode = _static


def resize(a):
    """Fit the heap item buffer to the host array's length (CPython's array_resize)."""
    n = len(a.arr)
    allocated = a.allocated
    if allocated >= n and n + 16 > allocated and allocated != 0:
        return
    if n == 0:
        if a.items_addr:
            core.storage_free(a.items_addr)
        a.items_addr = 0
        a.allocated = 0
        return
    new_alloc = (n >> 4) + (3 if n < 8 else 7) + n
    nbytes = new_alloc * a.arr.itemsize
    a.items_addr = core.storage_realloc(a.items_addr, nbytes)
    a.allocated = new_alloc


def new_array(harr, tp=None):
    """A new array object owning the host array ``harr``."""
    tp = tp or array_type
    hc = tp.host_class
    a = hc.__new__(hc)
    a.arr = harr
    a.allocated = 0
    a.items_addr = 0
    n = len(harr)
    if n:
        a.items_addr = core.storage_malloc(n * harr.itemsize)
        a.allocated = n
    return alloc_sub(a, tp, ARRAY_SIZE)


def hcall(fn, *args):
    try:
        return fn(*args)
    except HOST_ERRORS as e:
        raise host_exc(e)
    except (OverflowError, MemoryError) as e:
        raise host_exc(e)


_STANDINS = {}


def _standin(o):
    """A host object whose type has the program object's type name (so the host
    raises CPython's message naming it)."""
    name = type_name(o)
    c = _STANDINS.get(name)
    if c is None:
        c = _STANDINS[name] = type(name, (object,), {"__slots__": ()})
    return c()


# CPython 3.11's OverflowError messages (the host's own, under PyPy, differ):
# typecode -> (min, max, too big, too small)
RANGE_ERRORS = {'B': (0,
       255,
       'unsigned byte integer is greater than maximum',
       'unsigned byte integer is less than minimum'),
 'H': (0, 65535, 'unsigned short is greater than maximum', 'unsigned short is less than minimum'),
 'I': (0,
       4294967295,
       'unsigned int is greater than maximum',
       "can't convert negative value to unsigned int"),
 'L': (0,
       18446744073709551615,
       'Python int too large to convert to C unsigned long',
       "can't convert negative value to unsigned int"),
 'Q': (0, 18446744073709551615, 'int too big to convert', "can't convert negative int to unsigned"),
 'b': (-128, 127, 'signed char is greater than maximum', 'signed char is less than minimum'),
 'h': (-32768,
       32767,
       'signed short integer is greater than maximum',
       'signed short integer is less than minimum'),
 'i': (-2147483648,
       2147483647,
       'signed integer is greater than maximum',
       'signed integer is less than minimum'),
 'l': (-9223372036854775808,
       9223372036854775807,
       'Python int too large to convert to C long',
       'Python int too large to convert to C long'),
 'q': (-9223372036854775808,
       9223372036854775807,
       'int too big to convert',
       'int too big to convert')}


def _checked(v, tc):
    r = RANGE_ERRORS.get(tc)
    if r is not None and not r[0] <= v <= r[1]:
        raise exc("OverflowError", r[2] if v > r[1] else r[3])
    return v


def to_host_item(o, tc):
    """A program value as the host value for an item of typecode ``tc``."""
    if tc == "u":
        if isinstance(o, PyStr) and len(abstract.str_host(o)) == 1:
            return abstract.str_host(o)
        raise exc("TypeError", "array item must be unicode character")
    if tc in "fd":
        if isinstance(o, PyFloat):
            return float(o.value)
        if isinstance(o, PyInt):
            return int(o.value)
        f = lookup(o.ob_type, "__float__")
        if f is not None:
            r = abstract.call_dunder(f, o, ())
            try:
                return float(r.value)
            finally:
                decref(r)
        raise exc("TypeError", "must be real number, not %s" % type_name(o))
    if isinstance(o, PyInt):
        return _checked(int(o.value), tc)
    if lookup(o.ob_type, "__index__") is not None:
        return _checked(abstract.index_value(o), tc)
    raise exc("TypeError", "'%s' object cannot be interpreted as an integer" % type_name(o))


def box(v):
    return to_obj(v)


def _host_list(a, seq_obj):
    tc = a.arr.typecode if isinstance(a, PyArray) else a
    items = abstract.sequence_to_list(seq_obj)
    try:
        return [to_host_item(x, tc) for x in items]
    finally:
        core.decref_all(items)


# ---------------------------------------------------------------------------
# array(typecode[, initializer])
# ---------------------------------------------------------------------------

def _array_new(args, kwargs):
    tp = check_type_arg(args, array_type)
    if kwargs:
        raise exc("TypeError", "array.array() takes no keyword arguments")
    args = args[1:]
    if not 1 <= len(args) <= 2:
        raise exc("TypeError", "array() takes at most 2 arguments (%d given)" % len(args)
                  if args else "array() takes at least 1 argument (0 given)")
    tco = args[0]
    if not isinstance(tco, PyStr) or len(abstract.str_host(tco)) != 1:
        if isinstance(tco, PyStr):
            raise exc("TypeError", "array() argument 1 must be a unicode character, not str")
        raise exc("TypeError", "array() argument 1 must be a unicode character, not %s"
                  % type_name(tco))
    tc = abstract.str_host(tco)
    if tc not in TYPECODES:
        raise exc("ValueError", "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
    harr = _ha.array(tc)
    if len(args) == 2:
        init = args[1]
        if isinstance(init, PyStr):
            if tc != "u":
                raise exc("TypeError", "cannot use a str to initialize an array with "
                          "typecode '%s'" % tc)
            hcall(harr.fromunicode, abstract.str_host(init))
        elif isinstance(init, (PyBytes, PyByteArray)):
            hcall(harr.frombytes, bytes(init.value))
        elif isinstance(init, PyArray):
            if init.arr.typecode == "u" and tc != "u":
                raise exc("TypeError", "cannot use a unicode array to initialize an array "
                          "with typecode '%s'" % tc)
            hcall(harr.extend, list(init.arr))
        else:
            hcall(harr.extend, _host_list(tc, init))
    return new_array(harr, tp)


def _array_init(self, args, kwargs):
    return ret_none()


def _ensure_array(o, what):
    if not isinstance(o, PyArray):
        raise exc("TypeError", what % type_name(o))


def _repr(self):
    tc = self.arr.typecode
    name = self.ob_type.name
    if not len(self.arr):
        return new_str("%s('%s')" % (name, tc))
    if tc == "u":
        inner = repr(self.arr.tounicode())      # (the host's str repr is CPython's)
    else:
        parts = []
        for v in self.arr:
            o = box(v)
            try:
                parts.append(abstract.repr_host(o))
            finally:
                decref(o)
        inner = "[" + ", ".join(parts) + "]"
    return new_str("%s('%s', %s)" % (name, tc, inner))


def _len(self):
    return new_int(len(self.arr))


def _index_arg(o):
    if isinstance(o, PyInt):
        return int(o.value)
    return abstract.index_value(o)


def _getitem(self, key):
    from minipy.objects.iterobject import PySlice
    if isinstance(key, PySlice):
        sl = _host_slice(key)
        return new_array(self.arr[sl], self.ob_type if not self.ob_type.is_heaptype else
                         self.ob_type)
    if not isinstance(key, PyInt) and lookup(key.ob_type, "__index__") is None:
        raise exc("TypeError", "array indices must be integers")
    i = _index_arg(key)
    n = len(self.arr)
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise exc("IndexError", "array index out of range")
    return box(self.arr[i])


def _host_slice(s):
    def v(x):
        return None if x is None or x is NONE else _index_arg(x)
    step = v(s.step)
    if step == 0:
        raise exc("ValueError", "slice step cannot be zero")
    return slice(v(s.start), v(s.stop), step)


def _setitem(self, key, value):
    from minipy.objects.iterobject import PySlice
    if isinstance(key, PySlice):
        if not isinstance(value, PyArray):
            raise exc("TypeError", 'can only assign array (not "%s") to array slice'
                      % type_name(value))
        if value.arr.typecode != self.arr.typecode:
            raise exc("TypeError", "bad argument type for built-in operation")
        hcall(self.arr.__setitem__, _host_slice(key), _ha.array(value.arr.typecode,
                                                               value.arr))
        resize(self)
        return ret_none()
    if not isinstance(key, PyInt) and lookup(key.ob_type, "__index__") is None:
        raise exc("TypeError", "array indices must be integers")
    i = _index_arg(key)
    n = len(self.arr)
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise exc("IndexError", "array assignment index out of range")
    hcall(self.arr.__setitem__, i, to_host_item(value, self.arr.typecode))
    return ret_none()


def _delitem(self, key):
    from minipy.objects.iterobject import PySlice
    if isinstance(key, PySlice):
        del self.arr[_host_slice(key)]
    else:
        i = _index_arg(key)
        n = len(self.arr)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise exc("IndexError", "array assignment index out of range")
        del self.arr[i]
    resize(self)
    return ret_none()


def _append(self, v):
    hcall(self.arr.append, to_host_item(v, self.arr.typecode))
    resize(self)
    return ret_none()


def _extend(self, other):
    if isinstance(other, PyArray):
        if other.arr.typecode != self.arr.typecode:
            raise exc("TypeError", "can only extend with array of same kind")
        self.arr.extend(_ha.array(other.arr.typecode, other.arr))
    else:
        vals = _host_list(self, other)
        try:
            for hv in vals:
                hcall(self.arr.append, hv)
        finally:
            resize(self)
    resize(self)
    return ret_none()


def _insert(self, i, v):
    hv = to_host_item(v, self.arr.typecode)
    hcall(self.arr.insert, _index_arg(i), hv)
    resize(self)
    return ret_none()


def _pop(self, i=None):
    n = len(self.arr)
    if n == 0:
        raise exc("IndexError", "pop from empty array")
    idx = -1 if i is None else _index_arg(i)
    if idx < 0:
        idx += n
    if not 0 <= idx < n:
        raise exc("IndexError", "pop index out of range")
    v = self.arr.pop(idx)
    resize(self)
    return box(v)


def _find(self, v):
    """Index of the first item equal to v (compared as minipy values), or -1."""
    return _find_from(self, v, 0, len(self.arr))


def _find_from(self, v, start, stop):
    for i in range(start, min(stop, len(self.arr))):
        o = box(self.arr[i])
        try:
            if abstract.compare_bool(o, v, 2):
                return i
        finally:
            decref(o)
    return -1


def _remove(self, v):
    i = _find(self, v)
    if i < 0:
        raise exc("ValueError", "array.remove(x): x not in array")
    del self.arr[i]
    resize(self)
    return ret_none()


def _index(self, v, start=None, stop=None):
    n = len(self.arr)

    def norm(x, default):
        if x is None:
            return default
        x = _index_arg(x)
        if x < 0:
            x = max(x + n, 0)
        return x
    i = _find_from(self, v, norm(start, 0), norm(stop, n))
    if i < 0:
        raise exc("ValueError", "array.index(x): x not in array")
    return new_int(i)


def _count(self, v):
    c = 0
    for i in range(len(self.arr)):
        o = box(self.arr[i])
        try:
            if abstract.compare_bool(o, v, 2):
                c += 1
        finally:
            decref(o)
    return new_int(c)


def _contains(self, v):
    return abstract.new_bool(_find(self, v) >= 0)


def _reverse(self):
    self.arr.reverse()
    return ret_none()


def _tolist(self):
    return new_list([box(v) for v in self.arr])


def _fromlist(self, lst):
    if not isinstance(lst, PyList):
        raise exc("TypeError", "arg must be list")
    vals = [to_host_item(x, self.arr.typecode) for x in list(lst.items)]
    tmp = _ha.array(self.arr.typecode)
    for hv in vals:
        hcall(tmp.append, hv)
    self.arr.extend(tmp)
    resize(self)
    return ret_none()


def _tobytes(self):
    return new_bytes(self.arr.tobytes())


def _frombytes(self, b):
    if isinstance(b, (PyBytes, PyByteArray)):
        data = bytes(b.value)
    elif isinstance(b, PyArray):
        data = b.arr.tobytes()
    else:
        raise exc("TypeError", "a bytes-like object is required, not '%s'" % type_name(b))
    hcall(self.arr.frombytes, data)
    resize(self)
    return ret_none()


def _tounicode(self):
    if self.arr.typecode != "u":
        raise exc("ValueError", "tounicode() may only be called on unicode type arrays")
    return new_str(self.arr.tounicode())


def _fromunicode(self, s):
    if not isinstance(s, PyStr):
        raise exc("TypeError", "fromunicode() argument must be str, not %s" % type_name(s))
    if self.arr.typecode != "u":
        raise exc("ValueError", "fromunicode() may only be called on unicode type arrays")
    self.arr.fromunicode(abstract.str_host(s))
    resize(self)
    return ret_none()


def _byteswap(self):
    hcall(self.arr.byteswap)
    return ret_none()


def _buffer_info(self):
    return new_tuple([new_int(self.items_addr), new_int(len(self.arr))])


def _add(self, other):
    if not isinstance(other, PyArray):
        raise exc("TypeError", 'can only append array (not "%s") to array' % type_name(other))
    if other.arr.typecode != self.arr.typecode:
        raise exc("TypeError", "bad argument type for built-in operation")
    return new_array(self.arr + other.arr)


def _iadd(self, other):
    if not isinstance(other, PyArray):
        raise exc("TypeError", 'can only extend array with array (not "%s")' % type_name(other))
    _extend(self, other)
    self.ob_refcnt += 1
    return self


def _mul(self, n):
    if not isinstance(n, PyInt) and lookup(n.ob_type, "__index__") is None:
        NOTIMPL.ob_refcnt += 1
        return NOTIMPL
    k = _index_arg(n)
    return new_array(hcall(self.arr.__mul__, max(k, 0)))


def _imul(self, n):
    if not isinstance(n, PyInt) and lookup(n.ob_type, "__index__") is None:
        NOTIMPL.ob_refcnt += 1
        return NOTIMPL
    k = _index_arg(n)
    if k <= 0:
        del self.arr[:]
    else:
        self.arr *= k
    resize(self)
    self.ob_refcnt += 1
    return self


def _compare(op):
    def impl(self, other):
        if not isinstance(other, PyArray):
            NOTIMPL.ob_refcnt += 1
            return NOTIMPL
        a, b = self.arr, other.arr
        # item by item, as minipy values (CPython's array_richcompare)
        n = min(len(a), len(b))
        for i in range(n):
            x, y = box(a[i]), box(b[i])
            try:
                if not abstract.compare_bool(x, y, 2):
                    if op == 2:
                        return abstract.new_bool(False)
                    if op == 3:
                        return abstract.new_bool(True)
                    return abstract.compare(x, y, op)
            finally:
                decref(x)
                decref(y)
        la, lb = len(a), len(b)
        return abstract.new_bool((la < lb, la <= lb, la == lb, la != lb, la > lb, la >= lb)[op])
    return impl


def _iternext(it):
    a = it.src
    if a is None:
        return None
    i = it.pos
    if i < len(a.arr):
        it.pos = i + 1
        return box(a.arr[i])
    it.src = None
    decref(a)
    return None


def _unhashable(self):
    raise exc("TypeError", "unhashable type: 'array.array'")


def _copy(self, *args):
    return new_array(_ha.array(self.arr.typecode, self.arr))


def _reduce_ex(self, proto):
    raise exc("TypeError", "cannot pickle 'array.array' object")


_static = core.static_mode
core.static_mode = True
try:
    arrayiter_type = make_iter_type("arrayiterator", _iternext)
    arrayiter_type.module = "array"
    register_new(array_type, _array_new)
    add_method(array_type, "__init__", _array_init, takes_kw=True)
    add_method(array_type, "__repr__", _repr, 0, 0)
    add_method(array_type, "__len__", _len, 0, 0)
    add_method(array_type, "__getitem__", _getitem, 1, 1)
    add_method(array_type, "__setitem__", _setitem, 2, 2)
    add_method(array_type, "__delitem__", _delitem, 1, 1)
    add_method(array_type, "__contains__", _contains, 1, 1)
    add_method(array_type, "__iter__", lambda self: new_iter(arrayiter_type, self), 0, 0)
    add_method(array_type, "__add__", _add, 1, 1)
    add_method(array_type, "__iadd__", _iadd, 1, 1)
    add_method(array_type, "__mul__", _mul, 1, 1)
    add_method(array_type, "__rmul__", _mul, 1, 1)
    add_method(array_type, "__imul__", _imul, 1, 1)
    add_method(array_type, "__copy__", _copy, 0, 0)
    add_method(array_type, "__deepcopy__", _copy, 1, 1)
    for _i, _n in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
        add_method(array_type, _n, _compare(_i), 1, 1)
    add_iterator_protocol(arrayiter_type)
    add_method(array_type, "__hash__", _unhashable, 0, 0)
    for _name, _fn, _lo, _hi in (("append", _append, 1, 1), ("extend", _extend, 1, 1),
                                 ("insert", _insert, 2, 2), ("pop", _pop, 0, 1),
                                 ("remove", _remove, 1, 1), ("index", _index, 1, 3),
                                 ("count", _count, 1, 1), ("reverse", _reverse, 0, 0),
                                 ("tolist", _tolist, 0, 0), ("fromlist", _fromlist, 1, 1),
                                 ("tobytes", _tobytes, 0, 0), ("frombytes", _frombytes, 1, 1),
                                 ("tounicode", _tounicode, 0, 0),
                                 ("fromunicode", _fromunicode, 1, 1),
                                 ("byteswap", _byteswap, 0, 0),
                                 ("buffer_info", _buffer_info, 0, 0),
                                 ("__reduce_ex__", _reduce_ex, 1, 1)):
        add_method(array_type, _name, _fn, _lo, _hi)
    add_getset(array_type, "typecode", lambda self: new_str(self.arr.typecode))
    add_getset(array_type, "itemsize", lambda self: new_int(self.arr.itemsize))
finally:
    core.static_mode = _static


def make_module():
    consts = {"array": core.incref(array_type), "ArrayType": core.incref(array_type),
              "typecodes": new_str(TYPECODES)}
    return build_module("array", {}, consts)
