"""The ``hashlib`` module, on the host's hashlib.

Each hash object is a heap object that owns a hidden host hash object (never
visible as a minipy value); ``update`` feeds it the bytes of a bytes-like
argument, ``digest``/``hexdigest`` return heap bytes/str.  Digests are the
host's, so they are CPython's; so are the errors (str data must be encoded
first; unknown algorithm names).
"""

import hashlib as _hhashlib

from minipy.objects import core, descr
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type
from minipy.objects.intobject import new_int
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.bytesobject import PyBytes, PyByteArray, new_bytes
from minipy.objects.singletons import NONE
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.modules._common import builtin, build_module

# the constructors CPython 3.11 has as hashlib attributes
_NAMES = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s",
          "sha3_224", "sha3_256", "sha3_384", "sha3_512", "shake_128", "shake_256")
_GUARANTEED = frozenset(_NAMES)


class PyHash(PyObject):
    __slots__ = ("h",)


def _hash_dealloc(o):
    o.h = None
    core.free_block(o)


_static = core.static_mode
core.static_mode = True
try:
    hash_type = make_type("HASH", host_class=PyHash, basicsize=32, dealloc=_hash_dealloc)
    hash_type.module = "_hashlib"
finally:
    core.static_mode = _static


def _data(o):
    """The host bytes of a bytes-like argument, with CPython's errors."""
    if isinstance(o, PyBytes):
        return o.value
    if isinstance(o, PyByteArray):
        return bytes(o.value)
    if isinstance(o, PyStr):
        raise exc("TypeError", "Strings must be encoded before hashing")
    raise exc("TypeError", "object supporting the buffer API required")


def _wrap(h, data=None):
    """A HASH object for host hash ``h``, first fed the bytes-like ``data`` if any."""
    if data is not None:
        h.update(_data(data))
    o = PyHash.__new__(PyHash)
    o.h = h
    return core.alloc(o, 32, hash_type)


def _new_hash(name, args, kwargs):
    data = None
    if args:
        if len(args) > 1:
            raise exc("TypeError", "%s() takes at most 1 positional argument (%d given)"
                      % (name if name != "new" else "new", len(args)))
        data = args[0]
    for k, v in (kwargs or {}).items():
        if k in ("data", "string") and data is None:
            data = v
        elif k == "usedforsecurity":
            pass
        else:
            raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (k, name))
    return data


def _constructor(name):
    def make(args, kwargs):
        data = _new_hash(name, args, kwargs)
        return _wrap(getattr(_hhashlib, name)(), data)
    make.__name__ = "hashlib_" + name
    return make


def hashlib_new(args, kwargs):
    kwargs = dict(kwargs or {})
    if args:
        name, args = args[0], args[1:]
    elif "name" in kwargs:
        name = kwargs.pop("name")
    else:
        raise exc("TypeError", "new() missing required argument 'name' (pos 1)")
    if not isinstance(name, PyStr):
        raise exc("TypeError", "new() argument 'name' must be str, not %s" % type_name(name))
    data = _new_hash("new", args, kwargs)
    try:
        h = _hhashlib.new(name.value)
    except ValueError as e:
        raise exc("ValueError", str(e))
    return _wrap(h, data)


def _m_update(self, data):
    self.h.update(_data(data))
    NONE.ob_refcnt += 1
    return NONE


def _is_shake(self):
    return self.h.name.startswith("shake_")


def _digest(self, args, kwargs, name, box):
    """HASH.digest/hexdigest (``name``): a shake hash takes its length."""
    f = getattr(self.h, name)
    if _is_shake(self):
        n = args[0] if args else (kwargs or {}).get("length")
        if n is None:
            raise exc("TypeError", "%s() missing required argument 'length' (pos 1)" % name)
        return box(f(int(n.value)))
    if args or kwargs:
        raise exc("TypeError", "HASH.%s() takes no arguments (%d given)" % (name, len(args)))
    return box(f())


def _m_digest(self, args, kwargs):
    return _digest(self, args, kwargs, "digest", new_bytes)


def _m_hexdigest(self, args, kwargs):
    return _digest(self, args, kwargs, "hexdigest", new_str)


def _m_copy(self):
    return _wrap(self.h.copy())


def _m_repr(self):
    return new_str("<%s _hashlib.HASH object @ 0x%x>" % (self.h.name, core.address_of(self)
                                                          if hasattr(core, "address_of")
                                                          else id(self)))


_static = core.static_mode
core.static_mode = True
try:
    descr.add_method(hash_type, "update", _m_update, 1, 1)
    descr.add_method(hash_type, "digest", _m_digest, 0, 1, takes_kw=True)
    descr.add_method(hash_type, "hexdigest", _m_hexdigest, 0, 1, takes_kw=True)
    descr.add_method(hash_type, "copy", _m_copy, 0, 0)
    descr.add_getset(hash_type, "name", lambda o: new_str(o.h.name))
    descr.add_getset(hash_type, "digest_size", lambda o: new_int(o.h.digest_size))
    descr.add_getset(hash_type, "block_size", lambda o: new_int(o.h.block_size))
finally:
    core.static_mode = _static


def hashlib_pbkdf2_hmac(args, kwargs):
    """pbkdf2_hmac(hash_name, password, salt, iterations, dklen=None): the host's."""
    from minipy.objects.intobject import PyInt
    from minipy.runtime.modules._io import parse
    hash_name, password, salt, iterations, dklen = parse(
        "pbkdf2_hmac", args, kwargs, ("hash_name", "password", "salt", "iterations", "dklen"), 4)
    if not isinstance(hash_name, PyStr):
        raise exc("TypeError", "pbkdf2_hmac() argument 'hash_name' must be str, not %s"
                  % type_name(hash_name))
    if not isinstance(iterations, PyInt):
        raise exc("TypeError", "'%s' object cannot be interpreted as an integer"
                  % type_name(iterations))
    if dklen is not None and dklen is not NONE and not isinstance(dklen, PyInt):
        raise exc("TypeError", "'%s' object cannot be interpreted as an integer"
                  % type_name(dklen))
    for o in (password, salt):
        if isinstance(o, PyStr):
            raise exc("TypeError", "a bytes-like object is required, not 'str'")
    try:
        r = _hhashlib.pbkdf2_hmac(hash_name.value, _data(password), _data(salt),
                                  int(iterations.value),
                                  None if dklen is None or dklen is NONE else int(dklen.value))
    except OverflowError as e:
        raise exc("OverflowError", str(e))
    except ValueError as e:       # (CPython: UnsupportedDigestmodError, a ValueError)
        raise exc("ValueError", str(e))
    return new_bytes(r)


_static = core.static_mode
core.static_mode = True
try:
    FUNCS = {"new": builtin("hashlib", "new", hashlib_new, 0, 0, True),
             "pbkdf2_hmac": builtin("hashlib", "pbkdf2_hmac", hashlib_pbkdf2_hmac, 0, 0, True)}
    for _name in _NAMES:
        FUNCS[_name] = builtin("hashlib", _name, _constructor(_name), 0, 0, True)
finally:
    core.static_mode = _static


def _name_set():
    from minipy.objects.setobject import new_set, frozenset_type, set_add_hk
    from minipy.objects.dictobject import hostkey
    fs = new_frozenset = new_set(frozenset_type)
    for n in sorted(_GUARANTEED):
        o = new_str(n)
        set_add_hk(new_frozenset, hostkey(o), o)
        core.decref(o)
    return fs


def make_module():
    consts = {"algorithms_guaranteed": _name_set(), "algorithms_available": _name_set()}
    return build_module("hashlib", FUNCS, consts, "hashlib module - A common interface to "
                        "many hash functions.")


__all__ = ["make_module"]
