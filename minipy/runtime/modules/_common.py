"""Helpers shared by the built-in modules: argument conversion, host calls,
arity errors with CPython's exact messages, module construction."""

import sys as _hsys

from minipy.objects import core, descr, dictobject
from minipy.objects.core import decref
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.floatobject import PyFloat, new_float
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.tupleobject import PyTuple, new_tuple
from minipy.objects.listobject import new_list
from minipy.objects.singletons import NONE
from minipy.objects.moduleobject import new_module
from minipy.runtime import formatting
from minipy.runtime.formatting import host_exc
from minipy.runtime.abstract import exc

HOST_ERRORS = (ArithmeticError, ValueError, TypeError, IndexError, LookupError)


class _Dummy(object):
    __slots__ = ()


_CPYTHON_HOST = _hsys.implementation.name == "cpython" and _hsys.version_info[:2] == (3, 11)


def host_key(hf):
    """``module.name`` of a host function, ``Class.name`` of a bound method."""
    owner = getattr(hf, "__self__", None)
    if owner is not None and not isinstance(owner, type(_hsys)):
        return "%s.%s" % (type(owner).__name__, hf.__name__)
    return "%s.%s" % (getattr(hf, "__module__", None), hf.__name__)


def cpython_arity_message(key, nargs, kwargs):
    """CPython 3.11's arity TypeError message for a wrong call of the host
    function ``key`` (``math.cos``, ``str.join``, ``Random.sample``), from the
    table generated on CPython; None when the table does not know it."""
    from minipy.runtime.modules._cpython_arity import TEMPLATES, TABLE
    entry = TABLE.get(key)
    if entry is None or nargs > 6:
        return None
    row, params = entry
    kw = None
    if kwargs:
        kw = next(iter(kwargs))
        if any(k in params for k in kwargs):
            return None        # a parameter given by name: not the placeholder's message
    i = row[nargs + (7 if kwargs else 0)]
    if i < 0:
        return None
    m = TEMPLATES[i]
    if "\x00" in m:
        qual, _, name = key.rpartition(".")
        m = m.replace("\x00Q", key).replace("\x00S", name).replace("\x00K", kw or "")
        for d in range(3):
            m = m.replace("\x00N%d" % d, str(nargs + d))
    return m


_ARITY_WORDS = ("positional argument", "required positional", "unexpected keyword argument",
                "takes no keyword", "takes no arguments", "takes exactly", "takes at most",
                "takes at least", "expected at most", "expected at least")


def host_arity_message(key, e, nargs, kwargs):
    """CPython 3.11's message for the host's TypeError ``e`` from a wrong call of
    ``key`` with ``nargs`` arguments and ``kwargs``, when ``e`` is an arity error
    and the host is not CPython 3.11 (else None: the host's words stand)."""
    if _CPYTHON_HOST or not isinstance(e, TypeError):
        return None
    msg = str(e)
    if not any(w in msg for w in _ARITY_WORDS):
        return None
    return cpython_arity_message(key, nargs, kwargs)


def arity_error(hf, args, kwargs):
    """The TypeError CPython raises for a call of ``hf`` with this many arguments:
    obtained by calling the host function with placeholder arguments (on a
    host other than CPython 3.11, from the table of CPython's messages)."""
    if not _CPYTHON_HOST:
        m = cpython_arity_message(host_key(hf), len(args), kwargs)
        if m is not None:
            return exc("TypeError", m)
    try:
        hf(*[_Dummy()] * len(args), **{k: _Dummy() for k in (kwargs or ())})
    except TypeError as e:
        return exc("TypeError", str(e))
    except Exception:
        pass
    return exc("TypeError", "%s() got an unexpected argument" % getattr(hf, "__name__", "?"))


def isclose_args(hf, args, kwargs):
    """The two operands and the rel_tol/abs_tol keywords of an isclose(a, b, *,
    rel_tol, abs_tol) call (a and b may be given by name), with the arity
    error of the host function *hf*."""
    kwargs = dict(kwargs) if kwargs else {}
    args = list(args)
    for i, name in enumerate(("a", "b")):
        if name in kwargs and len(args) == i:
            args.append(kwargs.pop(name))
    if len(args) != 2 or any(k not in ("rel_tol", "abs_tol") for k in kwargs):
        raise arity_error(hf, args, kwargs)
    return args, kwargs


def to_float_arg(o):
    """A number argument of a math function as a host int or float (CPython's
    math functions convert ints themselves; other objects via __float__/__index__)."""
    if isinstance(o, PyFloat):
        return o.value
    if isinstance(o, PyInt):
        return int(o.value)
    return formatting.to_host_float(o)


def to_index_arg(o):
    if isinstance(o, PyInt):
        return int(o.value)
    return formatting._call_index(o)


def to_host(o):
    """Plain data (None/bool/int/float/str, tuples and lists of them) as host values;
    other objects become stand-ins named after their type (for error messages)."""
    from minipy.runtime.types_methods import _h
    from minipy.objects.listobject import PyList
    from minipy.objects.setobject import PySet
    from minipy.objects.dictobject import PyDict
    if isinstance(o, PyList):
        return [to_host(x) for x in o.items]
    if isinstance(o, PyTuple):
        return tuple([to_host(x) for x in o.items])
    try:
        if isinstance(o, PyDict):
            return {to_host(k): to_host(o.dv[hk]) for hk, k in o.dk.items()}
        if isinstance(o, PySet):
            from minipy.objects.setobject import set_items
            items = [to_host(x) for x in set_items(o)]
            return frozenset(items) if o.ob_type.name == "frozenset" else set(items)
    except TypeError:            # unhashable stand-ins
        pass
    from minipy.objects.bytesobject import PyBytes, PyByteArray
    if isinstance(o, PyBytes):
        return o.value
    if isinstance(o, PyByteArray):
        return bytearray(o.value)
    return _h(o)


def to_obj(r):
    """A new minipy object for a host result (None/bool/int/float/complex/str/tuple/list)."""
    t = type(r)
    if t is bool:
        from minipy.objects.intobject import new_bool
        return new_bool(r)
    if t is int:
        return new_int(r)
    if t is float:
        return new_float(r)
    if t is complex:
        from minipy.objects.complexobject import new_complex
        return new_complex(r)
    if t is str:
        return new_str(r)
    if r is None:
        NONE.ob_refcnt += 1
        return NONE
    if t is tuple:
        return new_tuple([to_obj(x) for x in r])
    if t is list:
        return new_list([to_obj(x) for x in r])
    if t is bytes:
        from minipy.objects.bytesobject import new_bytes
        return new_bytes(r)
    raise exc("SystemError", "unexpected host result %s" % t.__name__)


def host_call(hf, hargs, hkw=None):
    try:
        if hkw:
            return hf(*hargs, **hkw)
        return hf(*hargs)
    except HOST_ERRORS as e:
        raise host_exc(e)
    except MemoryError:
        raise exc("MemoryError")


def builtin(module, name, impl, minargs=0, maxargs=0, takes_kw=False):
    return descr.new_builtin(name, impl, minargs, maxargs, takes_kw=takes_kw, module=module)


def build_module(name, funcs, constants, doc=None):
    """A new module object: ``funcs`` (name -> static builtin), ``constants``
    (name -> new reference, consumed)."""
    d = dictobject.new_dict()
    for k, v in (("__name__", new_str(name)), ("__doc__", new_str(doc) if doc else None),
                 ("__package__", new_str(""))):
        if v is None:
            NONE.ob_refcnt += 1
            v = NONE
        dictobject.dict_setitem_str(d, k, v)
        decref(v)
    for k, f in funcs.items():
        dictobject.dict_setitem_str(d, k, f)
    for k, v in constants.items():
        dictobject.dict_setitem_str(d, k, v)
        decref(v)
    return new_module(name, d)


__all__ = ["core", "PyStr", "PyTuple"]
