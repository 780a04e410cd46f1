"""``_thread``: the low-level thread primitives ``threading`` is written on.

``start_new_thread`` runs a minipy callable on a new host thread with a
thread state of its own; it shares the heap and takes the GIL before running
any bytecode.  ``lock`` and ``RLock`` objects wrap host locks; a blocking
acquire releases the GIL while it waits, as CPython's does.
"""

import threading as _host_threading

from minipy.objects import core
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import make_type
from minipy.objects.descr import new_builtin, add_method, method
from minipy.objects.intobject import new_int, new_bool, PyInt
from minipy.objects.floatobject import new_float, PyFloat
from minipy.objects.strobject import new_str, PyStr
from minipy.objects.dictobject import new_dict, dict_setitem_str
from minipy.objects.moduleobject import new_module
from minipy.objects.singletons import ret_none, NONE
from minipy.objects.exceptions import PyExc, EXC_TYPES
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name

TIMEOUT_MAX = 4294967.0
_seq = [0]
HOST_STACK_SIZE = 64 * 1024 * 1024


_vm_ref = []    # builtins_core.vm_ref, bound on first use (no import per call:
               # PyPy's import machinery is Python code)


def _vm():
    if not _vm_ref:
        from minipy.runtime.builtins_core import vm_ref
        _vm_ref.append(vm_ref)
    return _vm_ref[0][0]


# ---------------------------------------------------------------------------
# Locks
# ---------------------------------------------------------------------------

class PyLock(PyObject):
    __slots__ = ("lock", "owner", "count")


def _lock_dealloc(o):
    core.free_block(o)


lock_type = make_type("lock", host_class=PyLock, basicsize=40, dealloc=_lock_dealloc, final=True)
lock_type.module = "_thread"
rlock_type = make_type("RLock", host_class=PyLock, basicsize=48, dealloc=_lock_dealloc)
rlock_type.module = "_thread"


def _new_lock(tp):
    o = PyLock.__new__(PyLock)
    o.lock = _host_threading.Lock()
    o.owner = None
    o.count = 0
    return core.alloc(o, tp.basicsize, tp)


def _timeout_arg(args, kwargs, name):
    blocking, timeout = True, -1.0
    vals = list(args)
    for k, v in (kwargs or {}).items():
        if k == "blocking":
            vals = [v] + vals[1:] if vals else [v]
        elif k == "timeout":
            while len(vals) < 1:
                vals.append(None)
            vals = vals[:1] + [v]
        else:
            raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (k, name))
    if len(vals) > 2:
        raise exc("TypeError", "%s() takes at most 2 arguments (%d given)" % (name, len(vals)))
    if vals and vals[0] is not None:
        blocking = abstract.truth(vals[0])
    if len(vals) > 1 and vals[1] is not None:
        t = vals[1]
        if not isinstance(t, (PyInt, PyFloat)):
            raise exc("TypeError", "'%s' object cannot be interpreted as an integer or float"
                      % type_name(t))
        timeout = float(t.value)
    if not blocking and timeout != -1:
        raise exc("ValueError", "can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise exc("ValueError", "timeout value must be a non-negative number")
    if timeout > TIMEOUT_MAX:
        raise exc("OverflowError", "timeout value is too large")
    return blocking, timeout


def _acquire_host(lock, blocking, timeout):
    """Acquire a host lock; a wait that blocks releases the GIL meanwhile."""
    if lock.acquire(False):
        return True
    if not blocking:
        return False
    vm = _vm()
    return vm.gil.acquire_lock(vm.ts, lock, timeout)


def _lock_acquire(self, args, kwargs):
    blocking, timeout = _timeout_arg(args, kwargs, "acquire")
    return new_bool(_acquire_host(self.lock, blocking, timeout))


def _lock_release(self):
    if not self.lock.locked():
        raise exc("RuntimeError", "release unlocked lock")
    self.lock.release()
    return ret_none()


def _lock_exit(self, args, kwargs):
    _lock_release(self)
    return ret_none()


def _lock_enter(self):
    _acquire_host(self.lock, True, -1)
    return new_bool(True)


for _name, _impl, _kw in (("acquire", _lock_acquire, True), ("acquire_lock", _lock_acquire, True),
                          ("__exit__", _lock_exit, True)):
    add_method(lock_type, _name, _impl, takes_kw=True)
add_method(lock_type, "release", _lock_release, 0, 0)
add_method(lock_type, "release_lock", _lock_release, 0, 0)
add_method(lock_type, "__enter__", _lock_enter, 0, 0)
add_method(lock_type, "locked", lambda self: new_bool(self.lock.locked()), 0, 0)
add_method(lock_type, "locked_lock", lambda self: new_bool(self.lock.locked()), 0, 0)
add_method(lock_type, "__repr__", lambda self: new_str(
    "<%s _thread.lock object at 0x%x>" % ("locked" if self.lock.locked() else "unlocked",
                                          self.ob_addr)), 0, 0)


# RLock: owner and recursion count kept here; the host lock does the blocking.

def _rlock_new(args, kwargs):
    return _new_lock(args[0])


_f = new_builtin("__new__", _rlock_new, takes_kw=True)
dict_setitem_str(rlock_type.dict, "__new__", _f)
decref(_f)


def _rlock_acquire(self, args, kwargs):
    blocking, timeout = _timeout_arg(args, kwargs, "acquire")
    me = _vm().ts.ident
    if self.owner == me:
        self.count += 1
        return new_bool(True)
    if not _acquire_host(self.lock, blocking, timeout):
        return new_bool(False)
    self.owner = me
    self.count = 1
    return new_bool(True)


def _rlock_release(self):
    if self.owner != _vm().ts.ident or self.count == 0:
        raise exc("RuntimeError", "cannot release un-acquired lock")
    self.count -= 1
    if self.count == 0:
        self.owner = None
        self.lock.release()
    return ret_none()


def _rlock_enter(self):
    return _rlock_acquire(self, [], None)


def _rlock_exit(self, args, kwargs):
    return _rlock_release(self)


def _rlock_is_owned(self):
    return new_bool(self.owner == _vm().ts.ident)


def _rlock_release_save(self):
    if self.count == 0:
        raise exc("RuntimeError", "cannot release un-acquired lock")
    from minipy.objects.tupleobject import new_tuple
    state = new_tuple([new_int(self.count), new_int(self.owner or 0)])
    self.count = 0
    self.owner = None
    self.lock.release()
    return state


def _rlock_acquire_restore(self, state):
    _acquire_host(self.lock, True, -1)
    self.count = state.items[0].value
    self.owner = state.items[1].value
    return ret_none()


add_method(rlock_type, "acquire", _rlock_acquire, takes_kw=True)
add_method(rlock_type, "__exit__", _rlock_exit, takes_kw=True)
add_method(rlock_type, "release", _rlock_release, 0, 0)
add_method(rlock_type, "__enter__", _rlock_enter, 0, 0)
add_method(rlock_type, "_is_owned", _rlock_is_owned, 0, 0)
add_method(rlock_type, "_release_save", _rlock_release_save, 0, 0)
add_method(rlock_type, "_acquire_restore", _rlock_acquire_restore, 1, 1)
add_method(rlock_type, "__repr__", lambda self: new_str(
    "<%s _thread.RLock object owner=%d count=%d at 0x%x>" % (
        "locked" if self.count else "unlocked", self.owner or 0, self.count, self.ob_addr)), 0, 0)


# ---------------------------------------------------------------------------
# Threads
# ---------------------------------------------------------------------------

def _start_new_thread(args, kwargs):
    from minipy.vm.interpreter import ThreadState
    if kwargs:
        raise exc("TypeError", "start_new_thread() takes no keyword arguments")
    if len(args) not in (2, 3):
        raise exc("TypeError", "start_new_thread expected at least 2 arguments, got %d" % len(args))
    func, fargs = args[0], args[1]
    fkw = args[2] if len(args) == 3 else None
    if fargs.ob_type.name != "tuple":
        raise exc("TypeError", "2nd arg must be a tuple")
    vm = _vm()
    interp = vm.interp
    _seq[0] += 1
    ts = ThreadState(0, "thread-%d" % _seq[0])
    for o in (func, fargs, fkw):
        if o is not None:
            o.ob_refcnt += 1          # the new thread owns these until it ends
    ts.owned = (func, fargs, fkw)
    started = _host_threading.Event()
    ts.enqueued = started

    def host_main():
        ts.ident = _host_threading.get_ident()
        vm.gil.take(ts)
        try:
            kw = None
            if fkw is not None and fkw is not NONE:
                kw = {k.value: fkw.dv[hk] for hk, k in fkw.dk.items()}
            try:
                decref(abstract.call(func, list(fargs.items), kw))
            except PyExc as e:
                if EXC_TYPES["SystemExit"] not in e.exc.ob_type.mro:
                    interp.report_unraisable(e.exc, func, "Exception ignored in thread started by")
                else:
                    decref(e.exc)
        finally:
            ts.owned = ()
            hooks = (ts.agen_firstiter, ts.agen_finalizer)
            ts.agen_firstiter = ts.agen_finalizer = None
            for o in (func, fargs, fkw) + hooks:
                if o is not None:
                    decref(o)
            interp.thread_finished(ts)
            vm.gil.drop(ts)

    old = _host_threading.stack_size()
    try:
        _host_threading.stack_size(HOST_STACK_SIZE)
    except (ValueError, RuntimeError):
        pass
    t = _host_threading.Thread(target=host_main, daemon=True)
    interp.thread_started(ts, t)
    t.start()
    try:
        _host_threading.stack_size(old)
    except (ValueError, RuntimeError):
        pass
    # wait until the new thread exists and (deterministic mode) queues for the GIL,
    # so the order in which threads run does not depend on host scheduling
    if vm.gil.switch_every is not None:
        started.wait()
    while not ts.ident:
        _host_threading.Event().wait(0.0005)
    return new_int(ts.ident)


def _get_ident(args, kwargs):
    return new_int(_vm().ts.ident)


def _allocate_lock(args, kwargs):
    return _new_lock(lock_type)


def _count(args, kwargs):
    return new_int(_vm().interp.thread_count())


def _excepthook(args, kwargs):
    """Print an exception that escaped a thread's run(): "Exception in thread NAME:"."""
    e, name = args[0], args[1]
    interp = _vm().interp
    from minipy.vm.traceback import format_exception
    interp.host_write("stderr", "Exception in thread %s:\n" % abstract.str_host(name)
                      + "".join(format_exception(e, abstract.str_host, interp.sources)))
    return ret_none()


def _stack_size(args, kwargs):
    """stack_size([size]): the size asked for threads started later (the old one is
    returned).  minipy's threads run on host threads whose stacks it does not size,
    so the value is only kept."""
    if kwargs:
        raise exc("TypeError", "stack_size() takes no keyword arguments")
    if len(args) > 1:
        raise exc("TypeError", "stack_size() takes at most 1 argument (%d given)" % len(args))
    interp = _vm().interp
    old = getattr(interp, "thread_stack_size", 0)
    n = abstract.index_value(args[0]) if args else 0
    if n < 0:
        raise exc("ValueError", "size must be 0 or a positive value")
    if 0 < n < 32768:
        raise exc("ValueError", "size not valid: %d bytes" % n)
    interp.thread_stack_size = n
    return new_int(old)


FUNCS = {}
for _name, _impl in (("start_new_thread", _start_new_thread), ("start_new", _start_new_thread),
                     ("get_ident", _get_ident), ("allocate_lock", _allocate_lock),
                     ("allocate", _allocate_lock), ("_count", _count),
                     ("_excepthook", _excepthook), ("stack_size", _stack_size)):
    FUNCS[_name] = new_builtin(_name, _impl, takes_kw=True, module="_thread")


def make_module():
    d = new_dict()
    for name, f in FUNCS.items():
        dict_setitem_str(d, name, f)
    for name, v in (("LockType", lock_type), ("lock", lock_type), ("RLock", rlock_type),
                    ("error", EXC_TYPES["RuntimeError"])):
        dict_setitem_str(d, name, v)
    t = new_float(TIMEOUT_MAX)
    dict_setitem_str(d, "TIMEOUT_MAX", t)
    decref(t)
    n = new_str("_thread")
    dict_setitem_str(d, "__name__", n)
    decref(n)
    return new_module("_thread", d)
