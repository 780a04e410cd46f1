"""str objects: immutable text with CPython's compact-string sizes.

A ``PyStr`` wraps a host ``str``.  Its block size is what ``sys.getsizeof``
reports for CPython 3.11's compact strings: 48 + n + 1 bytes for ASCII text
(``PyASCIIObject`` is 48 bytes in 3.11), 72 + n + 1 for other Latin-1 text,
72 + 2(n + 1) for UCS-2 and 72 + 4(n + 1) for UCS-4.  The empty string and the 256 one-character Latin-1 strings are
static singletons (3.11 keeps them in ``_PyRuntime``), so ``'abc'[0] is 'a'``.
Interned strings (identifiers in code, ``sys.intern``) live in one table per
interpreter, on top of the process-wide table of static names.
"""

from minipy.objects import core
from minipy.objects.core import PyObject, alloc
from minipy.objects.typeobject import make_type, TPFLAGS_STR


class PyStr(PyObject):
    __slots__ = ("value",)


def str_size(s):
    n = len(s)
    if s.isascii():     # (most strings: one cheap host call, no scan in Python)
        return 49 + n
    m = max(map(ord, s)) if n < 64 else max(s)
    if not isinstance(m, int):
        m = ord(m)
    if m < 128:
        return 48 + n + 1
    if m < 256:
        return 72 + n + 1
    if m < 65536:
        return 72 + 2 * (n + 1)
    return 72 + 4 * (n + 1)


def _str_dealloc(o):
    core.free_block(o)


str_type = make_type("str", host_class=PyStr, basicsize=49, flags=TPFLAGS_STR,
                     dealloc=_str_dealloc)

static_interned = {}     # host str -> static PyStr (names of the static world)
interned = {}            # host str -> PyStr interned at run time (this interpreter)
CHARS = [None] * 256


def _make_static(s):
    o = PyStr.__new__(PyStr)
    o.value = s
    core.alloc_static(o, str_size(s), str_type)
    return o


EMPTY = _make_static("")
for _i in range(256):
    CHARS[_i] = _make_static(chr(_i))
static_interned[""] = EMPTY
for _i in range(128):
    static_interned[chr(_i)] = CHARS[_i]


def new_str(s):
    """A new reference to a str object holding the host string ``s``."""
    n = len(s)
    if n <= 1:
        if n == 0:
            EMPTY.ob_refcnt += 1
            return EMPTY
        c = ord(s)
        if c < 256:
            o = CHARS[c]
            o.ob_refcnt += 1
            return o
    o = PyStr.__new__(PyStr)
    o.value = s
    if core.static_mode:
        return core.alloc_static(o, str_size(s), str_type)
    return alloc(o, str_size(s), str_type)


def intern_str(s):
    """A new reference to the interned str object for ``s``."""
    o = static_interned.get(s)
    if o is None:
        o = interned.get(s)
        if o is None:
            if core.static_mode:
                o = core.alloc_static(PyStr.__new__(PyStr), str_size(s), str_type)
                o.value = s
                static_interned[s] = o
            else:
                o = new_str(s)
                interned[s] = o        # the table's own reference
                o.ob_refcnt += 1
                return o
    o.ob_refcnt += 1
    return o


def intern_obj(o):
    """sys.intern: the canonical object equal to ``o`` (new reference)."""
    s = o.value
    c = static_interned.get(s) or interned.get(s)
    if c is None:
        interned[s] = o
        o.ob_refcnt += 2      # the table's reference and the result
        return o
    c.ob_refcnt += 1
    return c


def reset_interned():
    """A new interpreter starts with an empty run-time intern table."""
    interned.clear()
