"""Weak references: uncounted referents, the per-object weak lists, clearing
by reference counting and by the cycle collector (before finalizers), and an
exact heap audit throughout."""

from minipy.runtime.bootstrap import bootstrap
bootstrap()

from minipy.api import Interpreter  # noqa: E402
from minipy.objects import core, weakrefobject  # noqa: E402
from minipy.objects.weakrefobject import weaklists, PyWeakRef  # noqa: E402


def run(src):
    interp = Interpreter(capture=True)
    status = interp.run_source(src, "<test>")
    assert status == 0, interp._err.getvalue()
    return interp


def clean_audit(interp):
    report = interp.audit()
    assert report["mismatches"] == []
    assert report["orphan_blocks"] == []
    return report


def test_weakref_does_not_count_and_lives_in_heap():
    it = run("import weakref, sys\n"
             "class A: pass\n"
             "a = A()\n"
             "before = sys.getrefcount(a)\n"
             "r = weakref.ref(a)\n"
             "after = sys.getrefcount(a)\n")
    assert it.lookup_global("before").value == it.lookup_global("after").value
    r = it.lookup_global("r")
    a = it.lookup_global("a")
    assert isinstance(r, PyWeakRef) and core.is_live(r)
    assert r.wr_object is a
    assert weaklists[id(a)] == [r]
    # the referent is not among the weakref's references
    assert a not in r.ob_type.tp_traverse(r)
    clean_audit(it)


def test_refcount_death_clears_list_and_calls_callback():
    it = run("import weakref\n"
             "class A: pass\n"
             "log = []\n"
             "a = A()\n"
             "r = weakref.ref(a, lambda w: log.append(w() is None))\n"
             "key = id(a)\n"
             "del a\n")
    log = it.lookup_global("log")
    assert len(log.items) == 1 and log.items[0].value is True
    r = it.lookup_global("r")
    assert r.wr_object is None and r.wr_callback is None
    assert not any(x is r for lst in weaklists.values() for x in lst)
    clean_audit(it)


def test_collector_clears_weakrefs_before_finalizers_and_tp_clear():
    it = run("import weakref, gc\n"
             "order = []\n"
             "class A:\n"
             "    def __del__(self):\n"
             "        order.append(('del', wr() is None))\n"
             "a = A(); a.me = a\n"
             "wr = weakref.ref(a, lambda w: order.append(('cb', w() is None)))\n"
             "del a\n"
             "n = gc.collect()\n")
    order = it.lookup_global("order")
    got = [(t.items[0].value, t.items[1].value) for t in order.items]
    assert got == [("cb", True), ("del", True)]
    assert it.lookup_global("n").value == 1
    clean_audit(it)


def test_garbage_weakref_callback_not_called():
    it = run("import weakref, gc\n"
             "calls = []\n"
             "class A: pass\n"
             "a = A(); a.me = a\n"
             "a.w = weakref.ref(a, lambda w: calls.append(1))\n"
             "del a\n"
             "gc.collect()\n")
    assert it.lookup_global("calls").items == []
    clean_audit(it)


def test_handle_weakrefs_unlinks_garbage_weakref_to_live_object():
    it = run("import weakref, gc\n"
             "class A: pass\n"
             "keep = A()\n"
             "b = A(); b.me = b\n"
             "b.w = weakref.ref(keep, lambda w: None)\n"
             "del b\n"
             "gc.collect()\n"
             "count = weakref.getweakrefcount(keep)\n")
    assert it.lookup_global("count").value == 0
    assert id(it.lookup_global("keep")) not in weaklists
    clean_audit(it)


def test_weak_containers_keep_audit_exact():
    it = run("import weakref, gc\n"
             "class A: pass\n"
             "d = weakref.WeakValueDictionary()\n"
             "k = weakref.WeakKeyDictionary()\n"
             "s = weakref.WeakSet()\n"
             "objs = [A() for i in range(20)]\n"
             "for i, o in enumerate(objs):\n"
             "    d[i] = o; k[o] = i; s.add(o)\n"
             "del objs[::2]\n"
             "lens = (len(d), len(k), len(s))\n")
    lens = [x.value for x in it.lookup_global("lens").items]
    assert lens == [10, 10, 10]
    clean_audit(it)


def test_audit_reports_stale_weak_list():
    it = run("import weakref\nclass A: pass\na = A()\nr = weakref.ref(a)\n")
    r = it.lookup_global("r")
    a = it.lookup_global("a")
    # corrupt: list the weakref under another object
    lst = weaklists.pop(id(a))
    weaklists[id(r)] = lst
    try:
        problems = weakrefobject.check(core.is_live)
        assert problems and "wrong object" in problems[0]
    finally:
        weaklists.pop(id(r))
        weaklists[id(a)] = lst
    clean_audit(it)


def test_types_without_weakrefs_keep_their_deallocator():
    from minipy.objects.listobject import list_type
    from minipy.objects.tupleobject import tuple_type
    orig = list_type.tp_dealloc, tuple_type.tp_dealloc
    run("import weakref\nclass A: pass\nr = weakref.ref(A())\nx = [1, 2]\ndel x\n")
    assert (list_type.tp_dealloc, tuple_type.tp_dealloc) == orig
