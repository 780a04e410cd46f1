"""The ``re`` module: regular expressions on str, matched by the host's ``re``.

The host compiles and matches the host strings; minipy wraps the results:
``re.Pattern`` (a host compiled pattern plus the program's pattern string),
``re.Match`` (a host match plus the searched string and its Pattern), the
``RegexFlag`` constants (ints whose repr is CPython's ``re.IGNORECASE``) and
``re.error`` (an Exception subclass with ``msg``, ``pattern``, ``pos``,
``lineno`` and ``colno``).  Patterns are str or bytes; a bytes pattern
matches bytes and bytearray strings and gives bytes groups, as in CPython.
"""

import re as _hre
import sys as _hsys

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import make_type, lookup
from minipy.objects.descr import add_method, add_getset, new_builtin
from minipy.objects.dictobject import dict_setitem_str, new_dict
from minipy.objects.intobject import PyInt, new_int, int_type
from minipy.objects.strobject import PyStr, new_str
from minipy.objects.tupleobject import new_tuple
from minipy.objects.bytesobject import PyBytes, PyByteArray, new_bytes
from minipy.objects.listobject import new_list
from minipy.objects.singletons import NONE, NOTIMPL
from minipy.objects.exceptions import PyExc, EXC_TYPES, PyBaseException, EXC_SIZE, new_exception
from minipy.runtime.formatting import host_exc
from minipy.runtime.modules._common import to_obj, builtin, build_module, to_host, HOST_ERRORS
from minipy.runtime import abstract
from minipy.runtime.abstract import exc

FUNCS = {}
_MAXSIZE = (1 << 63) - 1


# ---------------------------------------------------------------------------
# Host calls and argument handling
# ---------------------------------------------------------------------------

def _hcall(fn, *args):
    """Call a host re function, turning host errors into the program's."""
    try:
        return fn(*args)
    except _hre.error as e:
        raise _re_error(e)
    except HOST_ERRORS as e:
        if isinstance(e, TypeError) and _hsys.implementation.name != "cpython":
            m = _hre.fullmatch(r"sequence item (\d+): expected (str|bytes), (.*) found", str(e))
            if m:   # (a repl function's result; PyPy's words for the join of the pieces)
                raise exc("TypeError", "sequence item %s: expected %s, %s found" % (
                    m.group(1), "str instance" if m.group(2) == "str"
                    else "a bytes-like object", m.group(3)))
        raise host_exc(e)
    except RecursionError:
        raise exc("RecursionError", "maximum recursion depth exceeded")
    except MemoryError:
        raise exc("MemoryError")


def _h(o):
    from minipy.runtime.types_methods import _h as h
    return h(o)


def _parse(fname, args, kwargs, names, nreq, pystyle=False):
    """Positional and keyword arguments (borrowed) in ``names`` order; None if absent."""
    n = len(args)
    if n > len(names):
        if pystyle:
            raise exc("TypeError", "%s() takes from %d to %d positional arguments but %d were "
                      "given" % (fname, nreq, len(names), n) if nreq != len(names) else
                      "%s() takes %d positional arguments but %d were given"
                      % (fname, nreq, n))
        raise exc("TypeError", "%s() takes at most %d argument%s (%d given)"
                  % (fname, len(names), "" if len(names) == 1 else "s", n))
    vals = list(args) + [None] * (len(names) - n)
    for k, v in (kwargs or {}).items():
        if k not in names:
            raise exc("TypeError", "%s() got an unexpected keyword argument '%s'" % (fname, k))
        i = names.index(k)
        if i < n:
            if pystyle:
                raise exc("TypeError", "%s() got multiple values for argument '%s'" % (fname, k))
            raise exc("TypeError", "argument for %s() given by name ('%s') and position (%d)"
                      % (fname, k, i + 1))
        vals[i] = v
    missing = [names[i] for i in range(nreq) if vals[i] is None]
    if missing:
        if pystyle:
            q = ["'%s'" % m for m in missing]
            if len(q) == 1:
                lst = q[0]
            elif len(q) == 2:
                lst = "%s and %s" % tuple(q)
            else:
                lst = ", ".join(q[:-1]) + ", and " + q[-1]
            raise exc("TypeError", "%s() missing %d required positional argument%s: %s"
                      % (fname, len(q), "" if len(q) == 1 else "s", lst))
        i = names.index(missing[0])
        raise exc("TypeError", "%s() missing required argument '%s' (pos %d)"
                  % (fname, missing[0], i + 1))
    return vals


def _index(o, default):
    if o is None:
        return default
    if isinstance(o, PyInt):
        return int(o.value)
    return abstract.index_value(o)


def _string(o):
    """The host str (bytes) for a str (bytes-like) string argument."""
    if isinstance(o, PyStr):
        return _h(o)
    if isinstance(o, PyBytes):
        return o.value
    if isinstance(o, PyByteArray):
        return bytes(o.value)
    raise exc("TypeError", "expected string or bytes-like object, got '%s'"
              % abstract.type_name(o))


def _str_or_none(r):
    if r is None:
        NONE.ob_refcnt += 1
        return NONE
    if type(r) is bytes:
        return new_bytes(r)
    return new_str(r)


# ---------------------------------------------------------------------------
# re.error
# ---------------------------------------------------------------------------

_static = core.static_mode
core.static_mode = True
try:
    error_type = make_type("error", base=EXC_TYPES["Exception"], host_class=PyBaseException,
                           basicsize=EXC_SIZE)
    error_type.has_dict = True
    error_type.module = "re"
finally:
    core.static_mode = _static


def _re_error(e):
    """The program's re.error (a PyExc) for a host re.error."""
    inst = new_exception(error_type, new_tuple([new_str(str(e))]))
    try:
        for name, v in (("msg", e.msg), ("pattern", e.pattern), ("pos", e.pos),
                        ("lineno", e.lineno), ("colno", e.colno)):
            if isinstance(v, bytes):
                v = None
            o = to_obj(v)
            try:
                abstract.setattr_(inst, name, o)
            finally:
                decref(o)
    except PyExc:
        decref(inst)
        raise
    return PyExc(inst)


# ---------------------------------------------------------------------------
# RegexFlag: int constants whose repr is CPython's (re.IGNORECASE|re.MULTILINE)
# ---------------------------------------------------------------------------

_static = core.static_mode
core.static_mode = True
try:
    flag_type = make_type("RegexFlag", base=int_type, host_class=PyInt, basicsize=28,
                          final=True)
    flag_type.module = "re"
finally:
    core.static_mode = _static


def _new_flag(v, static=False):
    o = PyInt.__new__(PyInt)
    o.value = v
    if static:
        return core.alloc_static(o, 28, flag_type)
    return core.alloc(o, 28, flag_type)


def _flag_repr(f):
    return new_str(repr(_hre.RegexFlag(int(f.value))))


def _flag_binop(op):
    def impl(a, b):
        if not isinstance(b, PyInt):
            NOTIMPL.ob_refcnt += 1
            return NOTIMPL
        r = op(_hre.RegexFlag(int(a.value)), int(b.value))
        if isinstance(r, _hre.RegexFlag):
            return _new_flag(int(r))
        return new_int(int(r))
    return impl


def _flag_invert(a):
    return _new_flag(int(~_hre.RegexFlag(int(a.value))))


_static = core.static_mode
core.static_mode = True
try:
    add_method(flag_type, "__repr__", _flag_repr, 0, 0)
    add_method(flag_type, "__str__", _flag_repr, 0, 0)
    for _n, _op in (("or", lambda a, b: a | b), ("and", lambda a, b: a & b),
                    ("xor", lambda a, b: a ^ b)):
        add_method(flag_type, "__%s__" % _n, _flag_binop(_op), 1, 1)
        add_method(flag_type, "__r%s__" % _n, _flag_binop(_op), 1, 1)
    add_method(flag_type, "__invert__", _flag_invert, 0, 0)
    FLAGS = {}
    for _name in ("NOFLAG", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL", "UNICODE",
                  "VERBOSE", "DEBUG", "ASCII", "TEMPLATE"):
        if hasattr(_hre, _name):
            FLAGS[_name] = _new_flag(int(getattr(_hre, _name)), static=True)
    for _short, _long in (("I", "IGNORECASE"), ("L", "LOCALE"), ("M", "MULTILINE"),
                          ("S", "DOTALL"), ("U", "UNICODE"), ("X", "VERBOSE"),
                          ("A", "ASCII"), ("T", "TEMPLATE")):
        if _long in FLAGS:
            FLAGS[_short] = FLAGS[_long]
finally:
    core.static_mode = _static


# ---------------------------------------------------------------------------
# Pattern and Match objects
# ---------------------------------------------------------------------------

class PyPattern(core.PyObject):
    __slots__ = ("hp", "pattern")        # host compiled pattern; the pattern str (owned)


class PyMatch(core.PyObject):
    __slots__ = ("hm", "string", "pat")  # host match; the string and the Pattern (owned)


def _pat_traverse(p):
    return [p.pattern] if p.pattern is not None else []


def _pat_dealloc(p):
    refs = _pat_traverse(p)
    p.pattern = None
    p.hp = None
    core.free_block(p)
    core.decref_all(refs)


def _match_traverse(m):
    return [o for o in (m.string, m.pat) if o is not None]


def _match_dealloc(m):
    refs = _match_traverse(m)
    m.string = m.pat = None
    m.hm = None
    core.free_block(m)
    core.decref_all(refs)


_static = core.static_mode
core.static_mode = True
try:
    pattern_type = make_type("Pattern", host_class=PyPattern, basicsize=96,
                             dealloc=_pat_dealloc, traverse=_pat_traverse, final=True, gc=True)
    pattern_type.module = "re"
    match_type = make_type("Match", host_class=PyMatch, basicsize=80,
                           dealloc=_match_dealloc, traverse=_match_traverse, final=True, gc=True)
    match_type.module = "re"
finally:
    core.static_mode = _static

_CACHE = {}
_MAXCACHE = 512


def _host_compile(s, flags):
    key = (type(s), s, flags)
    hp = _CACHE.get(key)
    if hp is None:
        hp = _hcall(_hre.compile, s, flags)
        if len(_CACHE) >= _MAXCACHE:
            try:
                del _CACHE[next(iter(_CACHE))]
            except (StopIteration, RuntimeError, KeyError):
                pass
        _CACHE[key] = hp
    return hp


def _new_pattern(hp, pattern_obj):
    p = PyPattern.__new__(PyPattern)
    p.hp = hp
    pattern_obj.ob_refcnt += 1
    p.pattern = pattern_obj
    return core.alloc(p, 96, pattern_type)


def _compile(pattern_obj, flags_obj):
    """A new reference to the Pattern for a pattern argument and flags argument."""
    flags = _index(flags_obj, 0)
    if isinstance(pattern_obj, PyPattern):
        if flags:
            raise exc("ValueError", "cannot process flags argument with a compiled pattern")
        pattern_obj.ob_refcnt += 1
        return pattern_obj
    if isinstance(pattern_obj, PyStr):
        hs = _h(pattern_obj)
    elif isinstance(pattern_obj, PyBytes):
        hs = pattern_obj.value
    else:
        raise exc("TypeError", "first argument must be string or compiled pattern")
    hp = _host_compile(hs, flags)
    return _new_pattern(hp, pattern_obj)


def _new_match(hm, string_obj, pat):
    """A new Match for a host match (None gives None)."""
    if hm is None:
        NONE.ob_refcnt += 1
        return NONE
    m = PyMatch.__new__(PyMatch)
    m.hm = hm
    string_obj.ob_refcnt += 1
    m.string = string_obj
    pat.ob_refcnt += 1
    m.pat = pat
    return core.alloc(m, 80, match_type)


def _no_new(name):
    def impl(args, kwargs):
        raise exc("TypeError", "cannot create 're.%s' instances" % name)
    return impl


# -- Pattern methods ---------------------------------------------------------

def _pat_matcher(hname):
    def impl(p, args, kwargs):
        s, pos, endpos = _parse(hname, args, kwargs, ("string", "pos", "endpos"), 1)
        hs = _string(s)
        hm = _hcall(getattr(p.hp, hname), hs, _index(pos, 0), _index(endpos, _MAXSIZE))
        return _new_match(hm, s, p)
    return impl


def _pat_findall(p, args, kwargs):
    s, pos, endpos = _parse("findall", args, kwargs, ("string", "pos", "endpos"), 1)
    return to_obj(_hcall(p.hp.findall, _string(s), _index(pos, 0), _index(endpos, _MAXSIZE)))


def _finditer(p, s, pos, endpos):
    hms = _hcall(lambda: list(p.hp.finditer(_string(s), pos, endpos)))
    lst = new_list([_new_match(hm, s, p) for hm in hms])
    try:
        return abstract.get_iter(lst)
    finally:
        decref(lst)


def _pat_finditer(p, args, kwargs):
    s, pos, endpos = _parse("finditer", args, kwargs, ("string", "pos", "endpos"), 1)
    return _finditer(p, s, _index(pos, 0), _index(endpos, _MAXSIZE))


def _pat_split(p, args, kwargs):
    s, maxsplit = _parse("split", args, kwargs, ("string", "maxsplit"), 1)
    return to_obj(_hcall(p.hp.split, _string(s), _index(maxsplit, 0)))


def _host_repl(repl, p, s):
    """The host replacement for a repl argument: a template str, or a host function
    calling the program's function with a Match."""
    if isinstance(repl, PyStr):
        return _h(repl)
    if isinstance(repl, (PyBytes, PyByteArray)):
        return _string(repl)
    if lookup(repl.ob_type, "__call__") is None:
        return to_host(repl)

    def hf(hm):
        m = _new_match(hm, s, p)
        try:
            r = abstract.call(repl, [m])
        finally:
            decref(m)
        try:
            if r is NONE:
                return None
            if isinstance(r, PyStr):
                return _h(r)
            if isinstance(r, (PyBytes, PyByteArray)):
                return _string(r)
            return to_host(r)       # the host then reports CPython's TypeError
        finally:
            decref(r)
    return hf


def _subn(p, repl, s, count):
    hs = _string(s)
    return _hcall(p.hp.subn, _host_repl(repl, p, s), hs, count)


def _pat_sub(p, args, kwargs):
    repl, s, count = _parse("sub", args, kwargs, ("repl", "string", "count"), 2)
    return _str_or_none(_subn(p, repl, s, _index(count, 0))[0])


def _pat_subn(p, args, kwargs):
    repl, s, count = _parse("subn", args, kwargs, ("repl", "string", "count"), 2)
    r, n = _subn(p, repl, s, _index(count, 0))
    return new_tuple([_str_or_none(r), new_int(n)])


def _pat_repr(p):
    return new_str(repr(p.hp))


def _pat_eq(p, other):
    if not isinstance(other, PyPattern):
        NOTIMPL.ob_refcnt += 1
        return NOTIMPL
    return abstract.new_bool(p.hp == other.hp)


def _pat_hash(p):
    return new_int(hash(p.hp))


def _pat_groupindex(p):
    d = new_dict()
    for k, v in p.hp.groupindex.items():
        o = new_int(v)
        dict_setitem_str(d, k, o)
        decref(o)
    return d


def _pat_copy(p, *args):
    p.ob_refcnt += 1
    return p


# -- Match methods -----------------------------------------------------------

def _group_key(o):
    if isinstance(o, PyInt):
        return int(o.value)
    if isinstance(o, PyStr):
        return _h(o)
    raise exc("IndexError", "no such group")


def _m_group(m, args, kwargs):
    if kwargs:
        raise exc("TypeError", "group() takes no keyword arguments")
    if not args:
        return _str_or_none(_hcall(m.hm.group))
    keys = [_group_key(a) for a in args]
    if len(keys) == 1:
        return _str_or_none(_hcall(m.hm.group, keys[0]))
    return new_tuple([_str_or_none(r) for r in _hcall(m.hm.group, *keys)])


def _m_getitem(m, key):
    return _str_or_none(_hcall(m.hm.__getitem__, _group_key(key)))


_SENTINEL = object()


def _with_default(r, default):
    if r is _SENTINEL:
        default.ob_refcnt += 1
        return default
    return _str_or_none(r)


def _m_groups(m, args, kwargs):
    (default,) = _parse("groups", args, kwargs, ("default",), 0)
    if default is None:
        default = NONE
    return new_tuple([_with_default(r, default) for r in m.hm.groups(_SENTINEL)])


def _m_groupdict(m, args, kwargs):
    (default,) = _parse("groupdict", args, kwargs, ("default",), 0)
    if default is None:
        default = NONE
    d = new_dict()
    for k, r in m.hm.groupdict(_SENTINEL).items():
        o = _with_default(r, default)
        dict_setitem_str(d, k, o)
        decref(o)
    return d


def _m_pos_method(name):
    def impl(m, *args):
        key = _group_key(args[0]) if args else 0
        return to_obj(_hcall(getattr(m.hm, name), key))
    return impl


def _m_expand(m, template):
    return _str_or_none(_hcall(m.hm.expand, _string(template)))


def _m_repr(m):
    return new_str(repr(m.hm))


def _m_copy(m, *args):
    m.ob_refcnt += 1
    return m


_static = core.static_mode
core.static_mode = True
try:
    for _tp, _nm in ((pattern_type, "Pattern"), (match_type, "Match")):
        _f = new_builtin("__new__", _no_new(_nm), takes_kw=True)
        dict_setitem_str(_tp.dict, "__new__", _f)
        decref(_f)
    for _nm in ("search", "match", "fullmatch"):
        add_method(pattern_type, _nm, _pat_matcher(_nm), takes_kw=True)
    add_method(pattern_type, "findall", _pat_findall, takes_kw=True)
    add_method(pattern_type, "finditer", _pat_finditer, takes_kw=True)
    add_method(pattern_type, "split", _pat_split, takes_kw=True)
    add_method(pattern_type, "sub", _pat_sub, takes_kw=True)
    add_method(pattern_type, "subn", _pat_subn, takes_kw=True)
    add_method(pattern_type, "__repr__", _pat_repr, 0, 0)
    add_method(pattern_type, "__eq__", _pat_eq, 1, 1)
    add_method(pattern_type, "__hash__", _pat_hash, 0, 0)
    add_method(pattern_type, "__copy__", _pat_copy, 0, 0)
    add_method(pattern_type, "__deepcopy__", _pat_copy, 1, 1)
    add_getset(pattern_type, "pattern", lambda p: core.incref(p.pattern))
    add_getset(pattern_type, "flags", lambda p: new_int(p.hp.flags))
    add_getset(pattern_type, "groups", lambda p: new_int(p.hp.groups))
    add_getset(pattern_type, "groupindex", _pat_groupindex)

    add_method(match_type, "group", _m_group, takes_kw=True)
    add_method(match_type, "__getitem__", _m_getitem, 1, 1)
    add_method(match_type, "groups", _m_groups, takes_kw=True)
    add_method(match_type, "groupdict", _m_groupdict, takes_kw=True)
    for _nm in ("start", "end", "span"):
        add_method(match_type, _nm, _m_pos_method(_nm), 0, 1)
    add_method(match_type, "expand", _m_expand, 1, 1)
    add_method(match_type, "__repr__", _m_repr, 0, 0)
    add_method(match_type, "__copy__", _m_copy, 0, 0)
    add_method(match_type, "__deepcopy__", _m_copy, 1, 1)
    add_getset(match_type, "string", lambda m: core.incref(m.string))
    add_getset(match_type, "re", lambda m: core.incref(m.pat))
    add_getset(match_type, "pos", lambda m: new_int(m.hm.pos))
    add_getset(match_type, "endpos", lambda m: new_int(m.hm.endpos))
    add_getset(match_type, "lastindex", lambda m: to_obj(m.hm.lastindex))
    add_getset(match_type, "lastgroup", lambda m: to_obj(m.hm.lastgroup))
    add_getset(match_type, "regs", lambda m: to_obj(m.hm.regs))
finally:
    core.static_mode = _static


# ---------------------------------------------------------------------------
# Module-level functions
# ---------------------------------------------------------------------------

def _module_func(name, names, nreq, body):
    def impl(args, kwargs):
        vals = _parse(name, args, kwargs, names, nreq, pystyle=True)
        return body(*vals)
    impl.__name__ = "re_" + name
    FUNCS[name] = builtin("re", name, impl, 0, len(names), True)


def _with_pattern(pattern, flags, fn):
    p = _compile(pattern, flags)
    try:
        return fn(p)
    finally:
        decref(p)


def _matcher_body(hname):
    def body(pattern, string, flags):
        def fn(p):
            hm = _hcall(getattr(p.hp, hname), _string(string))
            return _new_match(hm, string, p)
        return _with_pattern(pattern, flags, fn)
    return body


for _nm in ("search", "match", "fullmatch"):
    _module_func(_nm, ("pattern", "string", "flags"), 2, _matcher_body(_nm))

_module_func("compile", ("pattern", "flags"), 1, _compile)
_module_func("findall", ("pattern", "string", "flags"), 2,
             lambda pattern, string, flags: _with_pattern(
                 pattern, flags, lambda p: to_obj(_hcall(p.hp.findall, _string(string)))))
_module_func("finditer", ("pattern", "string", "flags"), 2,
             lambda pattern, string, flags: _with_pattern(
                 pattern, flags, lambda p: _finditer(p, string, 0, _MAXSIZE)))
_module_func("split", ("pattern", "string", "maxsplit", "flags"), 2,
             lambda pattern, string, maxsplit, flags: _with_pattern(
                 pattern, flags,
                 lambda p: to_obj(_hcall(p.hp.split, _string(string), _index(maxsplit, 0)))))
_module_func("sub", ("pattern", "repl", "string", "count", "flags"), 3,
             lambda pattern, repl, string, count, flags: _with_pattern(
                 pattern, flags,
                 lambda p: _str_or_none(_subn(p, repl, string, _index(count, 0))[0])))


def _subn_body(pattern, repl, string, count, flags):
    def fn(p):
        r, n = _subn(p, repl, string, _index(count, 0))
        return new_tuple([_str_or_none(r), new_int(n)])
    return _with_pattern(pattern, flags, fn)


_module_func("subn", ("pattern", "repl", "string", "count", "flags"), 3, _subn_body)
_module_func("escape", ("pattern",), 1,
             lambda pattern: _str_or_none(_hcall(_hre.escape, _string(pattern))))


def _purge():
    _CACHE.clear()
    _hre.purge()
    NONE.ob_refcnt += 1
    return NONE


_module_func("purge", (), 0, _purge)


def make_module():
    consts = {name: core.incref(f) for name, f in FLAGS.items()}
    consts["RegexFlag"] = core.incref(flag_type)
    consts["error"] = core.incref(error_type)
    consts["Pattern"] = core.incref(pattern_type)
    consts["Match"] = core.incref(match_type)
    return build_module("re", FUNCS, consts, "Support for regular expressions (RE).")
