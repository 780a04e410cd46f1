"""The global interpreter lock: one thread at a time runs bytecode.

Every minipy thread runs on a host thread of its own, and all of them share
one heap; the GIL is what makes that safe (refcounts, the allocator and the
collector are only ever touched by its holder).  This is CPython 3.11's
``Python/ceval_gil.h`` protocol:

* A thread that wants the GIL waits on a condition for at most the switch
  interval (``sys.setswitchinterval``, 5 ms).  If it timed out, the GIL is
  still held and no switch happened meanwhile, it sets the *drop request*
  and the *eval breaker*.
* The holder checks the eval breaker at the points CPython 3.11 does
  (backward jumps and calls); on a drop request it releases the GIL and, so
  as not to grab it straight back (the "convoy effect" on multi-core
  machines, FORCE_SWITCHING), waits until another thread has taken it.
* Blocking operations (``time.sleep``, waiting for a lock, ``join``) release
  the GIL around the wait.

``switch_every`` selects a deterministic mode instead: the holder hands the
GIL to the next waiting thread, in FIFO order, every N instructions (counted
by a wrapped dispatch table), so tests can force interleavings reproducibly.
"""

import _thread
import time


class ThreadStats:
    __slots__ = ("name", "acquisitions", "forced_switches", "wait_time")

    def __init__(self, name):
        self.name = name
        self.acquisitions = 0
        self.forced_switches = 0
        self.wait_time = 0.0


class GIL:
    def __init__(self, vm, interval=0.005, switch_every=None):
        self.vm = vm
        self.interval = interval
        self.interval_us = int(interval * 1e6)     # what sys.getswitchinterval reports
        self.switch_every = switch_every
        self.mutex = _thread.allocate_lock()
        # the two conditions on the mutex are made when a thread first has to
        # wait (see _make_conditions): until then nobody waits on them, so
        # there is nobody to notify either
        self.cond = None           # "the GIL was released"
        self.switch_cond = None    # "another thread took it"
        self.locked = False
        self.holder = None
        self.last_holder = None
        self.switch_number = 0
        self.drop_request = False
        self.waiting = []            # deterministic mode: FIFO of thread states
        self.handoff = None          # deterministic mode: who may take it next
        self.stats = {}              # id(thread state) -> ThreadStats
        self.switches = 0            # times the GIL went to a different thread

    def _make_conditions(self):
        """Create the conditions (with the mutex held).  A program that never
        starts a thread never needs them, and so never imports the host's
        ``threading`` (a few milliseconds of PyPy's start-up); one that does
        has imported it already (``_thread`` starts threads with it)."""
        if self.cond is None:
            from threading import Condition
            self.cond = Condition(self.mutex)
            self.switch_cond = Condition(self.mutex)

    def _stats(self, ts):
        st = self.stats.get(id(ts))
        if st is None:
            st = self.stats[id(ts)] = ThreadStats(ts.name)
        return st

    # -- taking and dropping ------------------------------------------------------

    def take(self, ts):
        """Block until ``ts``'s thread holds the GIL; then it is the VM's thread."""
        t0 = time.perf_counter()
        with self.mutex:
            if self.switch_every is not None:
                self._take_deterministic(ts)
            else:
                while self.locked:
                    self._make_conditions()
                    saved = self.switch_number
                    if not self.cond.wait(self.interval):
                        if self.locked and self.switch_number == saved:
                            # timed out, still held, nobody switched: ask the holder to drop it
                            self.drop_request = True
                            self.vm.eval_breaker = True
            self.locked = True
            self.holder = ts
            if ts is not self.last_holder:
                self.last_holder = ts
                self.switch_number += 1
                self.switches += 1
            if self.switch_cond is not None:
                self.switch_cond.notify_all()
            if self.drop_request:
                self.drop_request = False
            st = self._stats(ts)
            st.acquisitions += 1
            st.wait_time += time.perf_counter() - t0
        self.vm.ts = ts
        self.vm.eval_breaker = self.vm.pending_signal is not None

    def drop(self, ts, forced=False):
        """Release the GIL; after a drop request, wait until someone else takes it."""
        with self.mutex:
            self.locked = False
            self.holder = None
            if self.switch_every is not None:
                if self.waiting:
                    self.handoff = self.waiting[0]
                if self.cond is not None:
                    self.cond.notify_all()
                return
            if self.cond is not None:
                self.cond.notify()
            if forced and self.last_holder is ts:
                self._stats(ts).forced_switches += 1
                # FORCE_SWITCHING: do not take it straight back
                self._make_conditions()
                while self.last_holder is ts and not self.locked and self._others_waiting():
                    if not self.switch_cond.wait(self.interval):
                        break

    def _others_waiting(self):
        return True

    def _take_deterministic(self, ts):
        self.waiting.append(ts)
        if ts.enqueued is not None:
            ts.enqueued.set()          # the creating thread may go on now
        while self.locked or (self.handoff is not None and self.handoff is not ts) or \
                (self.handoff is None and self.waiting[0] is not ts):
            self._make_conditions()
            self.cond.wait()
        self.waiting.remove(ts)
        self.handoff = None

    def register_waiter_count(self):
        with self.mutex:
            return len(self.waiting)

    # -- the holder's side -------------------------------------------------------------

    def yield_if_requested(self, ts):
        """Called at the eval breaker: honour a drop request."""
        if self.drop_request:
            self.drop(ts, forced=True)
            self.take(ts)

    def deterministic_switch(self, ts):
        """Deterministic mode: hand the GIL to the next waiting thread, if any."""
        with self.mutex:
            if not self.waiting:
                return
        self._stats(ts).forced_switches += 1
        self.drop(ts)
        self.take(ts)

    def allow_threads(self, ts, fn, *args):
        """Run the host call ``fn(*args)`` (a blocking wait) without the GIL."""
        self.drop(ts)
        try:
            return fn(*args)
        finally:
            self.take(ts)

    def acquire_lock(self, ts, lock, timeout):
        """Block until the host ``lock`` is acquired (or ``timeout`` passes; -1: none).

        Normally the GIL is released around the host wait.  In deterministic
        mode the thread instead keeps its place in the GIL's queue: it hands the
        GIL on and retries when its turn comes back, so who runs when depends
        only on the instruction counts, never on host scheduling."""
        if self.switch_every is None:
            return self.allow_threads(ts, lock.acquire, True, timeout)
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
        while True:
            if lock.acquire(False):
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False
            self.pass_turn(ts)

    def sleep(self, ts, secs):
        if self.switch_every is None:
            return self.allow_threads(ts, time.sleep, secs)
        deadline = time.monotonic() + secs
        self.pass_turn(ts)
        while time.monotonic() < deadline:
            self.pass_turn(ts)

    def pass_turn(self, ts):
        """Deterministic mode: let every other waiting thread run before us again."""
        with self.mutex:
            others = bool(self.waiting)
        if others:
            self.drop(ts)
            self.take(ts)
        else:
            time.sleep(0.0005)       # nobody else can run: a timed wait is all that can change
