"""The ``unicodedata`` module: the Unicode character database, from the host's.

Every function takes its answer from the host's ``unicodedata`` (the same
database CPython's C module is built from) and returns heap objects; the
argument checks and error messages are written out here with CPython 3.11's
words, so they are the same on any host.  ``unidata_version`` is the host's:
14.0.0 under CPython 3.11 (PyPy 3.9's database is 13.0.0, so characters added
in 14.0 are unassigned there).
"""

import unicodedata as _hud

from minipy.objects.strobject import PyStr, new_str
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.modules._common import build_module, builtin, to_obj

_DOC = ("This module provides access to the Unicode Character Database which\n"
        "defines character properties for all Unicode characters. The data in\n"
        "this database is based on the UnicodeData.txt file version\n"
        "%s which is publicly available from ftp://ftp.unicode.org/.\n\n"
        "The module uses the same names and symbols as defined by the\n"
        "UnicodeData.txt file." % _hud.unidata_version)

FUNCS = {}


def _nokw(name, kwargs):
    if kwargs:
        raise exc("TypeError", "unicodedata.%s() takes no keyword arguments" % name)


def _one_arg(name, args, kwargs):
    _nokw(name, kwargs)
    if len(args) != 1:
        raise exc("TypeError", "unicodedata.%s() takes exactly one argument (%d given)"
                  % (name, len(args)))
    return args[0]


def _one_or_two(name, args, kwargs):
    _nokw(name, kwargs)
    if not args:
        raise exc("TypeError", "%s expected at least 1 argument, got 0" % name)
    if len(args) > 2:
        raise exc("TypeError", "%s expected at most 2 arguments, got %d" % (name, len(args)))
    return args


def _char(o, fname, argno=True):
    if isinstance(o, PyStr):
        s = abstract.str_host(o)
        if len(s) == 1:
            return s
    if argno:
        raise exc("TypeError", "%s() argument 1 must be a unicode character, not %s"
                  % (fname, type_name(o)))
    raise exc("TypeError", "%s() argument must be a unicode character, not %s"
              % (fname, type_name(o)))


def _reg(name, fn):
    FUNCS[name] = builtin("unicodedata", name, fn, takes_kw=True)


def _simple(name, hf):
    def impl(args, kwargs):
        c = _char(_one_arg(name, args, kwargs), name, argno=False)
        return to_obj(hf(c))
    _reg(name, impl)


for _n in ("category", "bidirectional", "combining", "east_asian_width", "mirrored",
           "decomposition"):
    _simple(_n, getattr(_hud, _n))


def _with_default(name, hf, message):
    def impl(args, kwargs):
        args = _one_or_two(name, args, kwargs)
        c = _char(args[0], name)
        try:
            r = hf(c)
        except ValueError:
            if len(args) == 2:
                args[1].ob_refcnt += 1
                return args[1]
            raise exc("ValueError", message)
        return to_obj(r)
    _reg(name, impl)


_with_default("name", _hud.name, "no such name")
_with_default("decimal", _hud.decimal, "not a decimal")
_with_default("digit", _hud.digit, "not a digit")
_with_default("numeric", _hud.numeric, "not a numeric character")


def _lookup(args, kwargs):
    o = _one_arg("lookup", args, kwargs)
    if isinstance(o, PyStr):
        s = abstract.str_host(o)
        try:
            key = s.encode("ascii")
        except UnicodeEncodeError:
            raise exc("KeyError", "undefined character name '%s'" % s)
    else:
        from minipy.objects.bytesobject import PyBytes, PyByteArray
        if not isinstance(o, (PyBytes, PyByteArray)):
            raise exc("TypeError", "a bytes-like object is required, not '%s'" % type_name(o))
        key = bytes(o.value)
    try:
        r = _hud.lookup(key.decode("latin-1"))
    except KeyError:
        raise exc("KeyError", "undefined character name '%s'" % key.decode("latin-1"))
    return new_str(r)


_reg("lookup", _lookup)

_FORMS = ("NFC", "NFKC", "NFD", "NFKD")


def _form_args(name, args, kwargs):
    _nokw(name, kwargs)
    if len(args) != 2:
        raise exc("TypeError", "%s expected 2 arguments, got %d" % (name, len(args)))
    form, s = args
    if not isinstance(form, PyStr):
        raise exc("TypeError", "%s() argument 1 must be str, not %s" % (name, type_name(form)))
    if not isinstance(s, PyStr):
        raise exc("TypeError", "%s() argument 2 must be str, not %s" % (name, type_name(s)))
    f = abstract.str_host(form)
    if f not in _FORMS:
        raise exc("ValueError", "invalid normalization form")
    return f, abstract.str_host(s)


def _normalize(args, kwargs):
    f, s = _form_args("normalize", args, kwargs)
    r = _hud.normalize(f, s)
    if r == s and args[1].ob_type.name == "str":
        args[1].ob_refcnt += 1          # CPython returns the (exact str) argument itself
        return args[1]
    return new_str(r)


def _is_normalized(args, kwargs):
    f, s = _form_args("is_normalized", args, kwargs)
    if hasattr(_hud, "is_normalized"):
        r = _hud.is_normalized(f, s)
    else:
        r = _hud.normalize(f, s) == s
    return abstract.new_bool(r)


_reg("normalize", _normalize)
_reg("is_normalized", _is_normalized)


def make_module():
    consts = {"unidata_version": new_str(_hud.unidata_version)}
    m = build_module("unicodedata", FUNCS, consts, doc=_DOC)
    return m


__all__ = ["make_module"]
