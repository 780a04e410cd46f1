"""Text formatting: the format-spec mini-language, printf-style ``%`` and str.format.

* ``format_int`` / ``format_float`` / ``format_str`` implement ``__format__`` of
  the built-in types.  The spec is validated and applied by the host's own
  ``format`` on the host value: the host *is* CPython, so its output and its
  error messages (``Unknown format code 'd' for object of type 'float'``...)
  are exactly CPython's; host ``ValueError``s become minipy ValueErrors.
* ``percent_format`` is CPython's ``PyUnicode_Format`` (``'%5.2f' % x``):
  the directive parsing, argument consumption (tuple, single value, mapping
  keys, ``*``) and every error are reproduced here; each directive is then
  rendered by the host's ``%`` operator on the converted host value with an
  explicit width and precision.
* ``vformat`` is ``str.format``/``str.format_map`` (CPython's
  ``unicode_format.h``): the host's ``_string.formatter_parser`` and
  ``_string.formatter_field_name_split`` (CPython's own markup parser) split
  the string; fields are fetched, converted and formatted through the minipy
  object protocol (``getattr``, ``getitem``, ``__format__``).

Every function takes borrowed minipy objects and returns a *host* str.
"""

import _string

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.intobject import PyInt
from minipy.objects.floatobject import PyFloat, float_type
from minipy.objects.strobject import PyStr, new_str, str_type
from minipy.objects.tupleobject import PyTuple
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.objects import typeobject
from minipy.objects.typeobject import lookup
from minipy.runtime import abstract
from minipy.runtime.abstract import exc

# sys.set_int_max_str_digits() changes this (0: no limit).
INT_MAX_STR_DIGITS = 4300
_pow10_cache = {}


def host_exc(e):
    """The minipy exception (as a PyExc) for a host exception raised by a host operation
    (same type, same args: ``OverflowError(34, 'Numerical result out of range')``)."""
    for cls in type(e).__mro__:
        if cls.__name__ in EXC_TYPES:
            name = cls.__name__
            break
    else:
        return exc("SystemError", str(e))
    args = e.args
    if len(args) == 1 and type(args[0]) is str or not args:
        return exc(name, str(e) if args else None)
    if all(type(a) in (int, str) for a in args):
        from minipy.objects.intobject import new_int
        return abstract.exc_args(EXC_TYPES[name],
                                 [new_int(a) if type(a) is int else new_str(a) for a in args])
    return exc(name, str(e))


def _limit_error():
    return exc("ValueError", "Exceeds the limit (%d digits) for integer string conversion; "
               "use sys.set_int_max_str_digits() to increase the limit" % INT_MAX_STR_DIGITS)


def check_int_str_digits(v):
    """Raise CPython's ValueError when ``v`` has too many decimal digits to print."""
    lim = INT_MAX_STR_DIGITS
    if lim and v.bit_length() > 3 * lim:
        p = _pow10_cache.get(lim)
        if p is None:
            p = _pow10_cache[lim] = 10 ** lim
        if -p >= v or v >= p:
            raise _limit_error()


def _big_decimal(v):
    """str(v) without the host's digit limit (only used when the host limit is lower)."""
    neg = v < 0
    if neg:
        v = -v
    chunk = 10 ** 1000
    parts = []
    while v >= chunk:
        v, r = divmod(v, chunk)
        parts.append("%01000d" % r)
    parts.append("%d" % v)
    parts.reverse()
    return ("-" if neg else "") + "".join(parts)


def int_to_decimal(v):
    """str(v) for a host int, with CPython's 4300-digit limit."""
    v = int(v)
    if -1000000 < v < 1000000:
        return str(v)
    check_int_str_digits(v)
    try:
        return str(v)
    except ValueError:
        return _big_decimal(v)


def ascii_host(o):
    """ascii(o) as a host str."""
    r = abstract.repr_host(o)
    if r.isascii():
        return r
    return r.encode("ascii", "backslashreplace").decode("ascii")


# ---------------------------------------------------------------------------
# __format__ of int, float and str
# ---------------------------------------------------------------------------

def _spec_error(e, tpname, host_tpname):
    msg = str(e)
    if tpname != host_tpname:
        msg = msg.replace("object of type '%s'" % host_tpname, "object of type '%s'" % tpname)
    return exc(type(e).__name__ if type(e).__name__ in EXC_TYPES else "ValueError", msg)


def format_int(v, spec, tpname="int"):
    """format(v, spec) for a host int (or bool) ``v`` and a non-empty spec."""
    t = spec[-1:] if spec else ""
    if t not in "bcoxXeEfFgG%" and type(v) is int and v.bit_length() > 3 * 1000:
        check_int_str_digits(v)
    try:
        return format(v, spec)
    except (ValueError, OverflowError, TypeError) as e:
        raise _spec_error(e, tpname, "bool" if type(v) is bool else "int")


def format_float(v, spec, tpname="float"):
    try:
        return format(v, spec)
    except (ValueError, OverflowError, TypeError) as e:
        raise _spec_error(e, tpname, "float")


def format_str(v, spec, tpname="str"):
    try:
        return format(v, spec)
    except (ValueError, OverflowError, TypeError) as e:
        raise _spec_error(e, tpname, "str")


# ---------------------------------------------------------------------------
# printf-style formatting: str % args
# ---------------------------------------------------------------------------

_PY_SSIZE_T_MAX = (1 << 63) - 1
_INT_MAX = (1 << 31) - 1


def _is_type_error(e):
    return typeobject.is_subtype(e.exc.ob_type, EXC_TYPES["TypeError"])


def _number_check(o):
    t = o.ob_type
    return (lookup(t, "__index__") is not None or lookup(t, "__int__") is not None
            or lookup(t, "__float__") is not None)


def _call_index(o):
    """operator.index(o) as a host int (raises TypeError when o has no __index__)."""
    t = o.ob_type
    if isinstance(o, PyInt):
        return int(o.value)
    f = lookup(t, "__index__")
    if f is None:
        raise exc("TypeError", "'%s' object cannot be interpreted as an integer" % t.name)
    r = abstract.call_dunder(f, o, ())
    if not isinstance(r, PyInt):
        name = r.ob_type.name
        decref(r)
        raise exc("TypeError", "__index__ returned non-int (type %s)" % name)
    v = int(r.value)
    decref(r)
    return v


def to_host_int(o):
    """int(o) for a number (PyNumber_Long without the str case), as a host int."""
    if isinstance(o, PyInt):
        return int(o.value)
    if o.ob_type is float_type:
        try:
            return int(o.value)
        except (ValueError, OverflowError) as e:
            raise host_exc(e)
    from minipy.runtime import types_methods
    r = types_methods.int_from_object(o, allow_str=False)
    v = int(r.value)
    decref(r)
    return v


def to_host_float(o):
    """PyFloat_AsDouble(o): a host float ("must be real number, not X")."""
    if isinstance(o, PyFloat):
        return o.value
    if isinstance(o, PyInt):
        try:
            return float(o.value)
        except OverflowError:
            raise exc("OverflowError", "int too large to convert to float")
    t = o.ob_type
    f = lookup(t, "__float__")
    if f is not None:
        r = abstract.call_dunder(f, o, ())
        if not isinstance(r, PyFloat):
            rname = r.ob_type.name
            decref(r)
            raise exc("TypeError", "%s.__float__ returned non-float (type %s)" % (t.name, rname))
        v = r.value
        decref(r)
        return v
    if lookup(t, "__index__") is not None:
        v = _call_index(o)
        try:
            return float(v)
        except OverflowError:
            raise exc("OverflowError", "int too large to convert to float")
    raise exc("TypeError", "must be real number, not %s" % t.name)


def percent_format(fmt, args):
    """``fmt % args`` (fmt a host str, args a borrowed object) as a host str."""
    if isinstance(args, PyTuple):
        arglist = args.items
        arglen = len(arglist)
        argidx = 0
    else:
        arglist = None
        arglen = -1
        argidx = -2
    cur = args                 # the object single-argument mode draws from
    tp = args.ob_type
    if not isinstance(args, PyTuple) and not isinstance(args, PyStr) \
            and lookup(tp, "__getitem__") is not None:
        mapping = args
    else:
        mapping = None
    owned = []                 # values fetched by %(key)s, released at the end

    def nextarg():
        nonlocal argidx
        if argidx < arglen:
            i = argidx
            argidx += 1
            if arglen < 0:
                return cur
            return arglist[i]
        raise exc("TypeError", "not enough arguments for format string")

    out = []
    n = len(fmt)
    pos = 0
    try:
        while pos < n:
            j = fmt.find("%", pos)
            if j < 0:
                out.append(fmt[pos:])
                break
            if j > pos:
                out.append(fmt[pos:j])
            pos = j + 1
            if pos >= n:
                raise exc("ValueError", "incomplete format")
            if fmt[pos] == "%":
                out.append("%")
                pos += 1
                continue
            # --- parse the directive (unicode_format_arg_parse) ---
            if fmt[pos] == "(":
                if mapping is None:
                    raise exc("TypeError", "format requires a mapping")
                pos += 1
                keystart = pos
                pcount = 1
                while pcount > 0 and pos < n:
                    c = fmt[pos]
                    if c == ")":
                        pcount -= 1
                    elif c == "(":
                        pcount += 1
                    pos += 1
                if pcount > 0:
                    raise exc("ValueError", "incomplete format key")
                key = new_str(fmt[keystart:pos - 1])
                try:
                    v = abstract.getitem(mapping, key)
                finally:
                    decref(key)
                owned.append(v)
                cur = v
                arglist = None
                arglen = -1
                argidx = -2


            flags = ""
            ch = None
            while pos < n:
                ch = fmt[pos]
                pos += 1
                if ch in "-+ #0":
                    if ch not in flags:
                        flags += ch
                    continue
                break
            else:
                raise exc("ValueError", "incomplete format")
            width = -1
            prec = -1
            end = False
            if ch == "*":
                v = nextarg()
                if not isinstance(v, PyInt):
                    raise exc("TypeError", "* wants int")
                width = int(v.value)
                if width > _PY_SSIZE_T_MAX or width < -_PY_SSIZE_T_MAX:
                    raise exc("OverflowError", "Python int too large to convert to C ssize_t")
                if width < 0:
                    if "-" not in flags:
                        flags += "-"
                    width = -width
                if pos < n:
                    ch = fmt[pos]
                    pos += 1
                else:
                    end = True
            elif "0" <= ch <= "9":
                width = ord(ch) - 48
                while True:
                    if pos >= n:
                        end = True
                        break
                    ch = fmt[pos]
                    pos += 1
                    if not ("0" <= ch <= "9"):
                        break
                    if width > (_PY_SSIZE_T_MAX - (ord(ch) - 48)) // 10:
                        raise exc("ValueError", "width too big")
                    width = width * 10 + ord(ch) - 48
            if ch == "." and not end:
                prec = 0
                if pos < n:
                    ch = fmt[pos]
                    pos += 1
                else:
                    end = True
                if end:
                    pass
                elif ch == "*":
                    v = nextarg()
                    if not isinstance(v, PyInt):
                        raise exc("TypeError", "* wants int")
                    prec = int(v.value)
                    if prec > _INT_MAX or prec < -_INT_MAX - 1:
                        raise exc("OverflowError", "Python int too large to convert to C int")
                    if prec < 0:
                        prec = 0
                    if pos < n:
                        ch = fmt[pos]
                        pos += 1
                    else:
                        end = True
                elif "0" <= ch <= "9":
                    prec = ord(ch) - 48
                    while True:
                        if pos >= n:
                            end = True
                            break
                        ch = fmt[pos]
                        pos += 1
                        if not ("0" <= ch <= "9"):
                            break
                        if prec > (_INT_MAX - (ord(ch) - 48)) // 10:
                            raise exc("ValueError", "precision too big")
                        prec = prec * 10 + ord(ch) - 48
            if not end and ch in "hlL":
                if pos < n:
                    ch = fmt[pos]
                    pos += 1
                else:
                    end = True
            if end:
                raise exc("ValueError", "incomplete format")
            # --- format the argument (unicode_format_arg_format) ---
            v = nextarg()
            directive = "%" + flags + (str(width) if width >= 0 else "") + \
                ("." + str(prec) if prec >= 0 else "")
            out.append(_format_one(v, ch, directive, pos - 1))
            if mapping is not None and argidx < arglen:
                raise exc("TypeError", "not all arguments converted during string formatting")
        if argidx < arglen and mapping is None:
            raise exc("TypeError", "not all arguments converted during string formatting")
    finally:
        for o in owned:
            decref(o)
    return "".join(out)


def _format_one(v, ch, directive, index):
    if ch == "s" or ch == "r" or ch == "a":
        if ch == "s":
            s = abstract.str_host(v)
        elif ch == "r":
            s = abstract.repr_host(v)
        else:
            s = ascii_host(v)
        if directive == "%":
            return s
        return (directive + "s") % s
    if ch in "iduoxX":
        if isinstance(v, PyInt):
            iv = int(v.value)
        else:
            if not _number_check(v):
                raise _wrongtype(ch, v)
            try:
                if ch in "oxX":
                    iv = _call_index(v)
                else:
                    iv = to_host_int(v)
            except PyExc as e:
                if _is_type_error(e):
                    decref(e.exc)
                    raise _wrongtype(ch, v)
                raise
        if ch in "idu" and iv.bit_length() > 3000:
            check_int_str_digits(iv)
        try:
            return (directive + ch) % iv
        except (ValueError, OverflowError) as e:
            if "Exceeds the limit" in str(e):
                raise _limit_error()
            raise host_exc(e)
    if ch in "eEfFgG":
        x = to_host_float(v)
        try:
            return (directive + ch) % x
        except (ValueError, OverflowError) as e:
            raise host_exc(e)
    if ch == "c":
        if isinstance(v, PyStr):
            if len(v.value) != 1:
                raise exc("TypeError", "%c requires int or char")
            hv = v.value
        else:
            try:
                hv = _call_index(v)
            except PyExc as e:
                if _is_type_error(e):
                    decref(e.exc)
                    raise exc("TypeError", "%c requires int or char")
                raise
            if hv < 0 or hv > 0x10FFFF:
                raise exc("OverflowError", "%c arg not in range(0x110000)")
        return (directive + "c") % hv
    c = ch if 31 <= ord(ch) <= 126 else "?"
    raise exc("ValueError", "unsupported format character '%s' (0x%x) at index %d"
              % (c, ord(ch), index))


def _wrongtype(ch, v):
    if ch in "oxX":
        return exc("TypeError", "%%%s format: an integer is required, not %s" % (ch, v.ob_type.name))
    return exc("TypeError", "%%%s format: a real number is required, not %s" % (ch, v.ob_type.name))


# ---------------------------------------------------------------------------
# str.format / str.format_map
# ---------------------------------------------------------------------------

class _AutoNumber:
    __slots__ = ("state", "number")

    def __init__(self):
        self.state = 0         # 0 init, 1 auto, 2 manual
        self.number = 0


def vformat(fmt, args, kwargs, mapping=None):
    """``fmt.format(*args, **kwargs)`` (args: host list or None for format_map;
    kwargs: host dict str -> object or None; mapping: the format_map argument)."""
    return _build_string(fmt, args, kwargs, mapping, 2, _AutoNumber())


def _build_string(fmt, args, kwargs, mapping, depth, auto):
    if depth <= 0:
        raise exc("ValueError", "Max string recursion exceeded")
    out = []
    it = _string.formatter_parser(fmt)
    while True:
        try:
            item = next(it)
        except StopIteration:
            break
        except ValueError as e:
            raise exc("ValueError", str(e))
        literal, field_name, spec, conv = item
        if literal:
            out.append(literal)
        if field_name is None:
            continue
        obj = _get_field(field_name, args, kwargs, mapping, auto)
        try:
            if conv is not None:
                if conv == "r":
                    conv_s = abstract.repr_(obj)
                elif conv == "s":
                    conv_s = abstract.str_(obj)
                elif conv == "a":
                    conv_s = new_str(ascii_host(obj))
                else:
                    if ord(conv) < 128:
                        raise exc("ValueError", "Unknown conversion specifier %s" % conv)
                    raise exc("ValueError", "Unknown conversion specifier \\x%x" % ord(conv))
                decref(obj)
                obj = conv_s
            if spec and "{" in spec:
                spec = _build_string(spec, args, kwargs, mapping, depth - 1, auto)
            if not spec and obj.ob_type is str_type:
                out.append(obj.value)
            else:
                out.append(abstract.format_(obj, spec or ""))
        finally:
            decref(obj)
    return "".join(out)


def _get_field(field_name, args, kwargs, mapping, auto):
    try:
        first, rest = _string.formatter_field_name_split(field_name)
    except ValueError as e:
        raise exc("ValueError", str(e))
    empty = first == ""
    numeric = empty or type(first) is int
    if numeric:
        if auto.state == 0:
            auto.state = 1 if empty else 2
        if auto.state == 2:
            if empty:
                raise exc("ValueError", "cannot switch from manual field specification to "
                          "automatic field numbering")
        elif not empty:
            raise exc("ValueError", "cannot switch from automatic field numbering to "
                      "manual field specification")
        if empty:
            first = auto.number
            auto.number += 1
        if args is None:
            raise exc("ValueError", "Format string contains positional fields")
        if first >= len(args):
            raise exc("IndexError", "Replacement index %d out of range for positional args tuple"
                      % first)
        obj = args[first]
        obj.ob_refcnt += 1
    else:
        if mapping is not None:
            key = new_str(first)
            try:
                obj = abstract.getitem(mapping, key)
            finally:
                decref(key)
        else:
            obj = kwargs.get(first) if kwargs else None
            if obj is None:
                raise exc("KeyError", first)
            obj.ob_refcnt += 1
    try:
        while True:
            try:
                is_attr, key = next(rest)
            except StopIteration:
                break
            except ValueError as e:
                raise exc("ValueError", str(e))
            if is_attr:
                nxt = abstract.getattr_(obj, key)
            else:
                if type(key) is int:
                    from minipy.objects.intobject import new_int
                    k = new_int(key)
                else:
                    k = new_str(key)
                try:
                    nxt = abstract.getitem(obj, k)
                finally:
                    decref(k)
            decref(obj)
            obj = nxt
    except BaseException:
        decref(obj)
        raise
    return obj


__all__ = ["format_int", "format_float", "format_str", "percent_format", "vformat",
           "int_to_decimal", "check_int_str_digits", "ascii_host", "host_exc",
           "to_host_float", "to_host_int", "INT_MAX_STR_DIGITS", "core"]
