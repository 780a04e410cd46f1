"""The ``gc`` module: CPython 3.11's interface to the cycle collector.

``enable``/``disable``/``isenabled``, ``collect``, counts and thresholds,
``get_objects``/``get_referrers``/``get_referents``, ``is_tracked``/
``is_finalized``, ``get_stats``, ``freeze``, debug flags, and the
``garbage`` and ``callbacks`` lists.  Each interpreter gets its own module
object (and so its own ``garbage`` and ``callbacks``).
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.descr import new_builtin
from minipy.objects.intobject import new_int, new_bool, PyInt
from minipy.objects.strobject import new_str, PyStr
from minipy.objects.tupleobject import new_tuple
from minipy.objects.listobject import new_list, PyList
from minipy.objects.dictobject import new_dict, dict_setitem_str
from minipy.objects.moduleobject import new_module
from minipy.objects.singletons import ret_none, NONE
from minipy.gc import state as gcstate
from minipy.gc import collector
from minipy.gc.state import NUM_GENERATIONS, PERMANENT
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name

FUNCS = {}


def gcfunc(name, minargs=0, maxargs=0, takes_kw=False):
    def deco(fn):
        FUNCS[name] = new_builtin(name, fn, minargs, maxargs, takes_kw, module="gc")
        return fn
    return deco


def _st():
    return gcstate.state


def _int_arg(o, fname):
    if not isinstance(o, PyInt) or o.ob_type.name == "bool" and False:
        raise exc("TypeError", "'%s' object cannot be interpreted as an integer" % type_name(o))
    return int(o.value)


@gcfunc("enable")
def gc_enable():
    _st().enabled = True
    return ret_none()


@gcfunc("disable")
def gc_disable():
    _st().enabled = False
    return ret_none()


@gcfunc("isenabled")
def gc_isenabled():
    return new_bool(_st().enabled)


def _collect(args, kwargs):
    gen = None
    if args:
        gen = args[0]
    if kwargs:
        for k, v in kwargs.items():
            if k != "generation":
                raise exc("TypeError", "collect() got an unexpected keyword argument '%s'" % k)
            gen = v
    g = NUM_GENERATIONS - 1 if gen is None else _int_arg(gen, "collect")
    if not 0 <= g < NUM_GENERATIONS:
        raise exc("ValueError", "invalid generation")
    st = _st()
    if st.collecting:
        return new_int(0)          # already collecting: don't recurse
    st.collecting = True
    try:
        n = collector.collect_with_callbacks(st, g)
    finally:
        st.collecting = False
    return new_int(n)


FUNCS["collect"] = new_builtin("collect", _collect, 0, 1, True, module="gc")


@gcfunc("get_count")
def gc_get_count():
    return new_tuple([new_int(c) for c in _st().counts])


@gcfunc("get_threshold")
def gc_get_threshold():
    return new_tuple([new_int(t) for t in _st().thresholds])


@gcfunc("set_threshold", 1, 3)
def gc_set_threshold(t0, t1=None, t2=None):
    # CPython's set_threshold is a METH_VARARGS function: the call packs its
    # arguments into a tuple, and that tuple (unless its free list has one, and
    # a full collection has just emptied the free lists) is a GC allocation the
    # collector counts -- which moves every automatic collection after it
    args = [a for a in (t0, t1, t2) if a is not None]
    for a in args:
        a.ob_refcnt += 1
    packed = new_tuple(args)
    try:
        st = _st()
        st.thresholds[0] = _int_arg(t0, "set_threshold")
        if t1 is not None:
            st.thresholds[1] = _int_arg(t1, "set_threshold")
        if t2 is not None:
            st.thresholds[2] = _int_arg(t2, "set_threshold")
    finally:
        decref(packed)
    return ret_none()


@gcfunc("get_debug")
def gc_get_debug():
    return new_int(_st().debug)


@gcfunc("set_debug", 1, 1)
def gc_set_debug(flags):
    _st().debug = _int_arg(flags, "set_debug")
    return ret_none()


def _get_objects(args, kwargs):
    if len(args) + len(kwargs or {}) > 1:
        raise exc("TypeError", "get_objects() takes at most 1 argument (%d given)"
                  % (len(args) + len(kwargs or {})))
    if kwargs and set(kwargs) - {"generation"}:
        raise exc("TypeError", "get_objects() got an unexpected keyword argument '%s'"
                  % sorted(set(kwargs) - {"generation"})[0])
    gen = args[0] if args else (kwargs or {}).get("generation")
    st = _st()
    if gen is not None and gen is not NONE and isinstance(gen, PyInt) and gen.value == -1:
        gen = None                 # -1 also means every generation
    if gen is None or gen is NONE:
        objs = [o for g in range(NUM_GENERATIONS) for o in st.generations[g].values()]
    else:
        if not isinstance(gen, PyInt):
            raise exc("TypeError", "argument should be integer or None, not '%s'" % type_name(gen))
        g = int(gen.value)
        if g >= NUM_GENERATIONS:
            raise exc("ValueError", "generation parameter must be less than the number of "
                      "available generations (%d)" % NUM_GENERATIONS)
        if g < 0:
            raise exc("ValueError", "generation parameter cannot be negative")
        objs = list(st.generations[g].values())
    return new_list([core.incref(o) for o in objs])


FUNCS["get_objects"] = new_builtin("get_objects", _get_objects, 0, 1, True, module="gc")


@gcfunc("get_stats")
def gc_get_stats():
    out = []
    for collections, collected, uncollectable in _st().stats:
        d = new_dict()
        for k, v in (("collections", collections), ("collected", collected),
                     ("uncollectable", uncollectable)):
            o = new_int(v)
            dict_setitem_str(d, k, o)
            decref(o)
        out.append(d)
    return new_list(out)


@gcfunc("is_tracked", 1, 1)
def gc_is_tracked(o):
    # built-in functions and method descriptors are GC objects created at start-up
    # in CPython; minipy makes them static, so they count as tracked here
    static_gc = o.ob_type.is_gc and core.is_static(o) and o.ob_type.name in (
        "builtin_function_or_method", "method_descriptor", "classmethod_descriptor",
        "getset_descriptor", "member_descriptor")
    return new_bool(o.gc_gen >= 0 or static_gc)


@gcfunc("is_finalized", 1, 1)
def gc_is_finalized(o):
    from minipy.runtime.builtins_core import finalized
    return new_bool(id(o) in finalized)


def _get_referents(args, kwargs):
    if kwargs:
        raise exc("TypeError", "gc.get_referents() takes no keyword arguments")
    out = []
    for o in args:
        if o.ob_type.is_gc:
            out.extend(core.incref(r) for r in collector.referents(o))
    return new_list(out)


FUNCS["get_referents"] = new_builtin("get_referents", _get_referents, 0, 1 << 30, True,
                                     module="gc")


def _get_referrers(args, kwargs):
    if kwargs:
        raise exc("TypeError", "gc.get_referrers() takes no keyword arguments")
    targets = set(id(o) for o in args)
    st = _st()
    out = []
    for g in range(NUM_GENERATIONS):
        for o in list(st.generations[g].values()):
            if any(id(r) in targets for r in collector.referents(o)):
                out.append(core.incref(o))
    return new_list(out)


FUNCS["get_referrers"] = new_builtin("get_referrers", _get_referrers, 0, 1 << 30, True,
                                     module="gc")


@gcfunc("freeze")
def gc_freeze():
    st = _st()
    perm = st.generations[PERMANENT]
    for g in range(NUM_GENERATIONS):
        for addr, o in st.generations[g].items():
            o.gc_gen = PERMANENT
            perm[addr] = o
        st.generations[g].clear()
    for i in range(NUM_GENERATIONS):
        st.counts[i] = 0
    return ret_none()


@gcfunc("unfreeze")
def gc_unfreeze():
    st = _st()
    old = st.generations[NUM_GENERATIONS - 1]
    for addr, o in st.generations[PERMANENT].items():
        o.gc_gen = NUM_GENERATIONS - 1
        old[addr] = o
    st.generations[PERMANENT].clear()
    return ret_none()


@gcfunc("get_freeze_count")
def gc_get_freeze_count():
    return new_int(len(_st().generations[PERMANENT]))


class _ModuleLink:
    """What the collector needs of the gc module object: its garbage and callbacks lists."""
    __slots__ = ("module",)

    def __init__(self, module):
        self.module = module

    def garbage_list(self):
        g = self.module.dict.dv.get("garbage")
        return g if isinstance(g, PyList) else None

    def callbacks(self):
        c = self.module.dict.dv.get("callbacks")
        return list(c.items) if isinstance(c, PyList) else []


def _call_callbacks(phase, generation, collected, uncollectable):
    st = _st()
    link = st.module
    if link is None:
        return
    cbs = link.callbacks()
    if not cbs:
        return
    from minipy.runtime.builtins_core import _vm
    info = new_dict()
    for k, v in (("generation", generation), ("collected", collected),
                 ("uncollectable", uncollectable)):
        o = new_int(v)
        dict_setitem_str(info, k, o)
        decref(o)
    ph = new_str(phase)
    try:
        for cb in cbs:
            cb.ob_refcnt += 1
            try:
                decref(abstract.call(cb, [ph, info]))
            except abstract.PyExc as e:
                _vm().interp.report_unraisable(e.exc, cb)
            finally:
                decref(cb)
    finally:
        decref(ph)
        decref(info)


collector.call_callbacks = _call_callbacks

CONSTANTS = (("DEBUG_STATS", 1), ("DEBUG_COLLECTABLE", 2), ("DEBUG_UNCOLLECTABLE", 4),
             ("DEBUG_SAVEALL", 32), ("DEBUG_LEAK", 38))


def make_module():
    d = new_dict()
    for name, f in FUNCS.items():
        dict_setitem_str(d, name, f)
    for name, v in CONSTANTS:
        o = new_int(v)
        dict_setitem_str(d, name, o)
        decref(o)
    for name in ("garbage", "callbacks"):
        lst = new_list([])
        dict_setitem_str(d, name, lst)
        decref(lst)
    n = new_str("gc")
    dict_setitem_str(d, "__name__", n)
    decref(n)
    m = new_module("gc", d)
    _st().module = _ModuleLink(m)
    return m
