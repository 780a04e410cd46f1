"""The compiled-code cache: minipy's ``__pycache__``.

Parsing and compiling a module costs more than running most module bodies,
so, like CPython's ``.pyc`` files, the code compiled from a source file is
kept on disk and reused while nothing it depends on changes.  There is one
entry per source file and host Python (the file name is inside the code
objects); it records the source text it was compiled from and a
fingerprint of the compiler (the grammar, the instruction table, the parser
and compiler modules), and is used only when both still match, so editing
a file or minipy replaces the entry, as a changed file or a new CPython
version replaces a ``.pyc``.

Entries are marshal data (plain tuples and lists: fast to load on CPython
and PyPy alike) in the user's cache directory, written atomically next to
the parser's table cache.
Any problem with a cache file means compiling from source.
"""

import marshal
import os
import sys

from .. import diskcache
from ..bytecode.code import CodeObject

FORMAT = 3

# the CodeObject fields an entry stores, in order (``runtime`` is the
# loaded form, never stored; co_consts is stored apart: it may hold code)
_FIELDS = tuple(f for f in CodeObject.__slots__ if f not in ("runtime", "co_consts"))

_fingerprint = []       # the compiler's fingerprint, computed on first use


def _compiler_fingerprint():
    # the names, sizes and modification times of everything that turns text
    # into code objects, the grammar included (syntax/minipy.lark: a link to
    # grammar/ in a checkout, a copy in an installed package), as a .pyc
    # records its source's; only stat()ed, so that a run whose code is all
    # cached neither loads nor reads the parser and the compiler
    if not _fingerprint:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        parts = []
        for sub in ("syntax", "compiler", "bytecode"):
            d = os.path.join(root, sub)
            for name in sorted(os.listdir(d)):
                if name.endswith((".py", ".lark")):
                    st = os.stat(os.path.join(d, name))
                    parts.append("%s/%s %d %d" % (sub, name, st.st_size, st.st_mtime_ns))
        _fingerprint.append(diskcache.cache_key(*parts))
    return _fingerprint[0]


def _entry_name(filename, optimize=0):
    # one entry per file, host and -O level (CPython's .opt-1.pyc), overwritten
    # when the file or minipy's compiler changes (as a .pyc is): the compiler's
    # fingerprint is checked inside the entry, not spelt in its name, so old
    # entries do not pile up
    return "code-%s-%d%s.marshal" % (
        diskcache.cache_key(filename, sys.implementation.name,
                            "%d.%d" % sys.version_info[:2]), FORMAT,
        ".opt-%d" % optimize if optimize else "")


def _source_key(source):
    return diskcache.cache_key(source)


def cacheable(filename):
    """Files worth an entry: not pseudo-files (``<stdin>``) nor throwaway
    files in a temporary directory (their entries would only pile up)."""
    if filename.startswith("<"):
        return False
    path = os.path.abspath(filename)
    return not any(path.startswith(d + os.sep) for d in diskcache.temp_dirs())


def _frozensets(value):
    """The frozensets inside a constant, in a fixed traversal order."""
    if isinstance(value, tuple):
        for v in value:
            yield from _frozensets(v)
    elif isinstance(value, frozenset):
        yield value
        for v in value:
            yield from _frozensets(v)


def _to_data(code):
    consts = []
    nested = []
    orders = []     # each frozenset constant's iteration order (see _from_data)
    for i, c in enumerate(code.co_consts):
        if isinstance(c, CodeObject):
            nested.append(i)
            consts.append(_to_data(c))
        else:
            consts.append(c)
            orders.extend(tuple(fs) for fs in _frozensets(c))
    return tuple(getattr(code, f) for f in _FIELDS) + (consts, nested, orders)


class _OrderChanged(Exception):
    """A frozenset constant came back from marshal in another iteration order."""


def _from_data(data):
    code = CodeObject.__new__(CodeObject)
    for f, v in zip(_FIELDS, data):
        setattr(code, f, v)
    consts, nested, orders = data[-3], data[-2], data[-1]
    for i in nested:
        consts[i] = _from_data(consts[i])
    # A set display of constants iterates a frozenset, and the order of items
    # whose hashes collide (-1 and -2) depends on how the set was built:
    # marshal rebuilds it from its iteration order, which can differ.  Such
    # an entry is not used (the program's output would differ).
    loaded = [tuple(fs) for i, c in enumerate(consts) if i not in nested
              for fs in _frozensets(c)]
    if loaded != orders:
        raise _OrderChanged()
    code.co_consts = consts
    code.runtime = None
    return code


def load(source, filename, optimize=0):
    """The cached code compiled from *source* at *filename* (at -O level
    *optimize*), or None."""
    try:
        entry = diskcache.read(_entry_name(filename, optimize), marshal.load)
        if entry is None or entry[0] != _source_key(source) or \
                entry[1] != _compiler_fingerprint():
            return None     # none yet, or compiled from another version of the
            # file or by another version of minipy
        return _from_data(entry[2])
    except Exception:       # a damaged entry: compile instead
        return None


def store(source, filename, code, optimize=0):
    try:
        entry = (_source_key(source), _compiler_fingerprint(), _to_data(code))
        diskcache.write(_entry_name(filename, optimize), lambda f: marshal.dump(entry, f))
    except Exception:       # (a value marshal cannot store: just do not cache)
        pass
