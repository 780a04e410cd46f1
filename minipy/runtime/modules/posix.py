"""The ``posix`` module: the operating-system primitives ``os`` is written on.

Each function converts its arguments to host values (paths: str, bytes, an
object with ``__fspath__`` or, where CPython allows one, a file descriptor),
calls the host's ``os`` function and hands back new heap objects; a host
``OSError`` becomes the program's with errno, strerror and the file name(s),
so ``os.remove('x')`` fails with CPython's ``FileNotFoundError: [Errno 2] No
such file or directory: 'x'``.  The ``os`` and ``posixpath`` modules (in
minipy, under ``minipy/lib``) build the rest: ``stat_result``, ``environ``,
``walk``, ``scandir``, ``makedirs`` and the ``os.path`` functions.
"""

import os as _hos

from minipy.objects import core
from minipy.objects.descr import new_builtin
from minipy.objects.singletons import NONE
from minipy.objects.dictobject import new_dict, dict_setitem
from minipy.objects.strobject import new_str
from minipy.runtime.modules._common import build_module, to_obj
from minipy.runtime.modules._io import hcall, parse, path_arg, fspath, _h, _obj
from minipy.runtime import abstract
from minipy.runtime.abstract import exc

FUNCS = {}


def _path(o, fd=False):
    return path_arg(o, allow_fd=fd)


def _int(o):
    return _h(o)


def _flag(o):
    return abstract.truth(o)


P = _path


def PF(o):
    return _path(o, True)


def _optpath(o):
    return None if o is NONE else _path(o, True)


def _func(name, names, nreq, convs, hf=None, result=_obj):
    """posix.<name>: arguments by position or by name (``names``), converted by ``convs``
    (absent optional arguments are not passed), the host function called."""
    hf = hf or getattr(_hos, name)

    def impl(args, kwargs):
        vals = parse(name, args, kwargs, names, nreq)
        hargs = []
        hkw = {}
        for i, (v, c) in enumerate(zip(vals, convs)):
            if v is None:
                continue
            if i == len(hargs):
                hargs.append(c(v))
            else:
                hkw[names[i]] = c(v)
        return result(hcall(lambda: hf(*hargs, **hkw)))
    impl.__name__ = "posix_" + name
    FUNCS[name] = new_builtin(name, impl, 0, len(names), takes_kw=True, module="posix")


def _stat_tuple(st):
    """The fields of a stat_result, in CPython's order (sequence fields, then the
    float times, the _ns times, st_blksize, st_blocks, st_rdev)."""
    vals = [st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, st.st_size,
            int(st.st_atime), int(st.st_mtime), int(st.st_ctime),
            st.st_atime, st.st_mtime, st.st_ctime,
            st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns,
            getattr(st, "st_blksize", 0), getattr(st, "st_blocks", 0), getattr(st, "st_rdev", 0)]
    return _obj(tuple(vals))


def _stat(hfn):
    def f(path, follow_symlinks=True):
        return hfn(path, follow_symlinks=follow_symlinks)
    return f


_func("stat", ("path", "follow_symlinks"), 1, (PF, _flag), _stat(_hos.stat), _stat_tuple)
_func("lstat", ("path",), 1, (P,), _hos.lstat, _stat_tuple)
_func("listdir", ("path",), 0, (_optpath,), lambda p=".": _hos.listdir(p if p is not None
                                                                           else "."))
_func("mkdir", ("path", "mode"), 1, (P, _int))
_func("rmdir", ("path",), 1, (P,))
_func("unlink", ("path",), 1, (P,))
_func("remove", ("path",), 1, (P,))
_func("rename", ("src", "dst"), 2, (P, P))
_func("replace", ("src", "dst"), 2, (P, P))
_func("getcwd", (), 0, ())
_func("getcwdb", (), 0, ())
_func("chdir", ("path",), 1, (PF,))
_func("getpid", (), 0, ())
_func("getppid", (), 0, ())
_func("getuid", (), 0, ())
_func("getgid", (), 0, ())
_func("cpu_count", (), 0, ())
_func("urandom", ("size",), 1, (_int,))
_func("strerror", ("code",), 1, (_int,))
_func("access", ("path", "mode"), 2, (PF, _int))
_func("chmod", ("path", "mode"), 2, (PF, _int))
_func("utime", ("path", "times"), 1, (PF, _h))
_func("readlink", ("path",), 1, (P,))
_func("symlink", ("src", "dst"), 2, (P, P))
_func("umask", ("mask",), 1, (_int,))
_func("truncate", ("path", "length"), 2, (PF, _int))
_func("open", ("path", "flags", "mode"), 2, (P, _int, _int))
_func("close", ("fd",), 1, (_int,))
_func("read", ("fd", "length"), 2, (_int, _int))
_func("write", ("fd", "data"), 2, (_int, _h))
_func("lseek", ("fd", "position", "whence"), 3, (_int, _int, _int))
_func("isatty", ("fd",), 1, (_int,))
_func("fsync", ("fd",), 1, (_int,))
_func("_realpath", ("path",), 1, (P,), _hos.path.realpath)
_func("_uname", (), 0, (), lambda: tuple(_hos.uname()))
_func("_get_terminal_size", ("fd",), 0, (_int,), lambda fd=1: tuple(_hos.get_terminal_size(fd)))
_func("_sched_getaffinity", ("pid",), 1, (_int,),
      lambda pid: tuple(sorted(_hos.sched_getaffinity(pid))))
_func("getloadavg", (), 0, ())
_func("_times", (), 0, (), lambda: tuple(_hos.times()))
_func("geteuid", (), 0, ())
_func("getegid", (), 0, ())
_func("getgroups", (), 0, ())
_func("getlogin", (), 0, ())
_func("getpgrp", (), 0, ())
_func("link", ("src", "dst"), 2, (P, P))
_func("dup", ("fd",), 1, (_int,))
_func("dup2", ("fd", "fd2"), 2, (_int, _int))
_func("pipe", (), 0, ())
_func("ftruncate", ("fd", "length"), 2, (_int, _int))
_func("fchmod", ("fd", "mode"), 2, (_int, _int))
_func("fdatasync", ("fd",), 1, (_int,))
_func("sync", (), 0, ())
_func("get_blocking", ("fd",), 1, (_int,))
_func("set_blocking", ("fd", "blocking"), 2, (_int, _flag))
_func("get_inheritable", ("fd",), 1, (_int,))
_func("set_inheritable", ("fd", "inheritable"), 2, (_int, _flag))
_func("device_encoding", ("fd",), 1, (_int,))
_func("closerange", ("fd_low", "fd_high"), 2, (_int, _int))
_func("ttyname", ("fd",), 1, (_int,))


def _scandir(p):
    out = []
    with _hos.scandir(p) as it:
        for e in it:
            def safe(fn):
                try:
                    return fn()
                except OSError:
                    return False
            out.append((e.name, e.path, safe(e.is_dir), safe(lambda: e.is_dir(
                follow_symlinks=False)), safe(e.is_file),
                safe(lambda: e.is_file(follow_symlinks=False)), safe(e.is_symlink),
                e.inode()))
    return out


_func("_scandir", ("path",), 1, (PF,), _scandir)


def _fspath_impl(args, kwargs):
    from minipy.objects.strobject import PyStr
    from minipy.objects.bytesobject import PyBytes
    (o,) = parse("fspath", args, kwargs, ("path",), 1)
    if isinstance(o, (PyStr, PyBytes)):
        return core.incref(o)
    p = fspath(o)
    if p is None:
        raise exc("TypeError", "expected str, bytes or os.PathLike object, not %s"
                  % o.ob_type.name)
    return _obj(p)


FUNCS["fspath"] = new_builtin("fspath", _fspath_impl, 1, 1, takes_kw=True, module="posix")

def _exit_impl(args, kwargs):
    """os._exit(status): end the process now, with no normal exit processing
    (no finally clauses, atexit functions, finalizers or sys.stdout flush)."""
    from minipy.runtime import builtins_core
    from minipy.errors import ProcessExit
    (o,) = parse("_exit", args, kwargs, ("status",), 1)
    status = abstract.index_value(o)
    if not -(1 << 31) <= status < (1 << 31):
        raise exc("OverflowError", "Python int too large to convert to C int")
    interp = builtins_core.vm_ref[0].interp
    if interp.capture:
        raise ProcessExit(status & 0xFF)
    # what the program wrote reaches the host's streams (minipy's sys.stdout
    # has no buffer of its own to drop); nothing of the program's runs
    import sys as _hsys
    for s in (_hsys.stdout, _hsys.stderr):
        try:
            s.flush()
        except (OSError, ValueError):
            pass
    _hos._exit(status & 0xFF)


FUNCS["_exit"] = new_builtin("_exit", _exit_impl, 0, 1, takes_kw=True, module="posix")

_CONSTS = ("F_OK", "R_OK", "W_OK", "X_OK", "O_RDONLY", "O_WRONLY", "O_RDWR", "O_APPEND",
           "O_CREAT", "O_EXCL", "O_TRUNC", "O_NONBLOCK", "O_CLOEXEC", "SEEK_SET", "SEEK_CUR",
           "SEEK_END")


def make_module():
    consts = {n: to_obj(getattr(_hos, n)) for n in _CONSTS if hasattr(_hos, n)}
    env = new_dict()
    for k, v in _hos.environ.items():
        ko = new_str(k)
        vo = new_str(v)
        dict_setitem(env, ko, vo)
        core.decref(ko)
        core.decref(vo)
    consts["_environ"] = env
    return build_module("posix", FUNCS, consts, "This module provides access to operating "
                        "system functionality that is standardized by the C Standard and the "
                        "POSIX standard (a thinly disguised Unix interface).  Refer to the "
                        "library manual and corresponding Unix manual entries for more "
                        "information on calls.")
