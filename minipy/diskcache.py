"""minipy's on-disk caches: where they live, how entries are named and written.

Two caches keep minipy's start-up short: the parser's tables (built once per
grammar by Lark, see ``syntax.parser._load_tables``) and the code compiled from
source files (``compiler.cache``, minipy's ``__pycache__``).  Both are plain
files in the user's cache directory, named by a key of everything the entry
depends on and written atomically, so two processes never see half an entry.

This module imports nothing of minipy's: a run whose code comes from the cache
never loads the parser or the compiler.
"""

import os
import zlib


def cache_dirs():
    """The directories to try, best first: $XDG_CACHE_HOME/minipy (or
    ~/.cache/minipy), then a private one in the temporary directory."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    yield os.path.join(base, 'minipy')
    import tempfile
    try:
        uid = os.getuid()
    except AttributeError:          # pragma: no cover - Windows
        return
    d = os.path.join(tempfile.gettempdir(), 'minipy-cache-%d' % uid)
    # a shared directory: only one this user made and nobody else can write
    # (another user could otherwise plant entries: code to run)
    try:
        os.mkdir(d, 0o700)
    except OSError:
        pass
    try:
        st = os.lstat(d)
    except OSError:
        return
    import stat
    if stat.S_ISDIR(st.st_mode) and st.st_uid == uid and not st.st_mode & 0o022:
        yield d


def cache_key(*parts):
    """A short name for the strings *parts* (not a security hash: entries are
    checked against what they were made from, where that matters)."""
    # (zlib rather than hashlib: on PyPy hashlib drags in the whole of
    # OpenSSL's bindings, a tenth of a second at every start)
    data = '\0'.join(parts).encode('utf-8')
    return '%08x%08x%x' % (zlib.crc32(data), zlib.adler32(data), len(data))


def write(name, dump):
    """Write entry *name* atomically (``dump(file)`` writes the bytes) into
    the first usable cache directory; any failure means no entry."""
    import tempfile
    for d in cache_dirs():
        try:
            os.makedirs(d, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=d, prefix='.tmp-')
            try:
                with os.fdopen(fd, 'wb') as f:
                    dump(f)
                os.replace(tmp, os.path.join(d, name))
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            return
        except Exception:
            continue


def read(name, load):
    """``load(file)`` of entry *name*, or None when there is none (or it is
    unreadable)."""
    for d in cache_dirs():
        try:
            with open(os.path.join(d, name), 'rb') as f:
                return load(f)
        except Exception:
            continue
    return None


def temp_dirs():
    """Where throwaway files live (``tempfile.gettempdir``'s candidates,
    without importing tempfile and what it imports)."""
    out = [os.environ[v] for v in ('TMPDIR', 'TEMP', 'TMP') if os.environ.get(v)]
    out += ['/tmp', '/var/tmp', '/usr/tmp']
    return [os.path.abspath(d) for d in out]
