"""The ``random`` module.

Each interpreter has one hidden host ``random.Random`` instance (CPython's
module-level ``_inst``), created by ``make_module`` and looked up through the
interpreter's heap; it is never visible as a minipy value.  Every function is
the host instance's method applied to host values, so the same seed gives
exactly CPython's sequence and the same error messages (CPython's module
functions are the bound methods of ``_inst`` too).  Functions that take
sequences of objects (``choice``, ``shuffle``, ``sample``, ``choices``) run
the host algorithm on a host list of the minipy objects, which makes the same
random calls and picks the same positions.

``random.Random`` is a type whose instances each own a hidden host
``random.Random``; its methods are the module functions applied to that
generator.
"""

import random as _hrandom
import sys as _hsys
import warnings as _warnings

from minipy.objects import core, descr, dictobject
from minipy.objects.core import PyObject
from minipy.objects.typeobject import make_type, PyType, is_subtype
from minipy.objects.core import decref
from minipy.objects.intobject import PyInt, new_int
from minipy.objects.strobject import PyStr, str_type, new_str
from minipy.objects.listobject import PyList, list_type, new_list
from minipy.objects.tupleobject import PyTuple
from minipy.objects.iterobject import PyRange
from minipy.objects.singletons import NONE
from minipy.runtime import abstract
from minipy.runtime.abstract import exc
from minipy.runtime.modules._common import arity_error, to_host, to_obj, host_call, builtin, build_module

_rngs = {}          # id(heap) -> (heap, host Random)


def _new_rng():
    h = core.heap
    rng = _hrandom.Random()
    if len(_rngs) > 16:
        for k in list(_rngs)[:8]:
            del _rngs[k]
    _rngs[id(h)] = (h, rng)
    return rng


def current_rng():
    """The host Random of the running interpreter."""
    h = core.heap
    ent = _rngs.get(id(h))
    if ent is None or ent[0] is not h:
        return _new_rng()
    return ent[1]


FUNCS = {}
METHODS = {}        # name -> impl(rng, args, kwargs)


def _reg(name, impl):
    """Register ``impl(rng, args, kwargs)`` as module function and Random method."""
    METHODS[name] = impl

    def modfunc(args, kwargs):
        return impl(current_rng(), args, kwargs)
    modfunc.__name__ = "random_" + name
    FUNCS[name] = builtin("random", name, modfunc, 0, 0, True)


def _plain(name):
    """A method taking plain data (numbers, strings, None, tuples)."""
    def impl(rng, args, kwargs):
        hf = getattr(rng, name)
        hargs = [to_host(a) for a in args]
        hkw = {k: to_host(v) for k, v in kwargs.items()} if kwargs else None
        if name == "randrange" or name == "randint":
            # non-integer arguments: the host's DeprecationWarning would point at
            # this module, not at the program
            with _warnings.catch_warnings():
                _warnings.simplefilter("ignore", DeprecationWarning)
                return to_obj(host_call(hf, hargs, hkw))
        return to_obj(host_call(hf, hargs, hkw))
    impl.__name__ = "random_" + name
    _reg(name, impl)


for _name in ("seed", "random", "uniform", "triangular", "randint", "randrange",
              "normalvariate", "lognormvariate", "expovariate", "vonmisesvariate",
              "gammavariate", "gauss", "betavariate", "paretovariate", "weibullvariate",
              "getstate", "setstate", "getrandbits", "binomialvariate", "randbytes"):
    if hasattr(_hrandom.Random, _name):
        _plain(_name)


class _SeqProxy(object):
    """A host sequence over a minipy object (len and indexing go through the
    object protocol); fetched items are kept in ``owned`` until the call ends."""
    __slots__ = ("obj", "owned")

    def __init__(self, obj, owned):
        self.obj = obj
        self.owned = owned

    def __len__(self):
        return abstract.length(self.obj)

    def __getitem__(self, i):
        k = new_int(i)
        try:
            v = abstract.getitem(self.obj, k)
        finally:
            decref(k)
        self.owned.append(v)
        return v


def _host_population(o, owned):
    """A host sequence standing for population ``o`` (items: borrowed minipy objects
    or host str characters / range ints)."""
    if isinstance(o, (PyList, PyTuple)):
        return list(o.items)
    if isinstance(o, PyStr):
        return o.value
    if isinstance(o, PyRange):
        return range(o.start, o.stop, o.step)
    return _SeqProxy(o, owned)


def _result_item(x):
    if isinstance(x, str):
        return new_str(x)
    if isinstance(x, int):
        return new_int(x)
    x.ob_refcnt += 1
    return x


def _number_list(o):
    """A weights argument: an iterable of numbers as a host list (others: host value)."""
    if isinstance(o, PyInt) or o is NONE:
        return to_host(o)
    items = abstract.sequence_to_list(o)
    try:
        return [to_host(x) for x in items]
    finally:
        core.decref_all(items)


def random_choice(rng, args, kwargs):
    if kwargs or len(args) != 1:
        if not (kwargs and list(kwargs) == ["seq"] and not args):
            raise arity_error(rng.choice, args, kwargs)
    seq = args[0] if args else kwargs["seq"]
    n = abstract.length(seq)
    if not n:
        raise exc("IndexError", "Cannot choose from an empty sequence")
    k = new_int(rng._randbelow(n))
    try:
        return abstract.getitem(seq, k)
    finally:
        decref(k)


_reg("choice", random_choice)


def random_shuffle(rng, args, kwargs):
    if kwargs or len(args) != 1:
        if not (kwargs and list(kwargs) == ["x"] and not args):
            raise arity_error(rng.shuffle, args, kwargs)
    x = args[0] if args else kwargs["x"]
    if x.ob_type is list_type:
        rng.shuffle(x.items)
    else:
        randbelow = rng._randbelow
        for i in reversed(range(1, abstract.length(x))):
            j = randbelow(i + 1)
            ki = new_int(i)
            kj = new_int(j)
            try:
                a = abstract.getitem(x, kj)
                try:
                    b = abstract.getitem(x, ki)
                    try:
                        abstract.setitem(x, ki, a)
                        abstract.setitem(x, kj, b)
                    finally:
                        decref(b)
                finally:
                    decref(a)
            finally:
                decref(ki)
                decref(kj)
    NONE.ob_refcnt += 1
    return NONE


_reg("shuffle", random_shuffle)


def random_sample(rng, args, kwargs):
    names = ("population", "k")
    vals = list(args)
    hkw = {}
    if kwargs:
        for k, v in kwargs.items():
            if k == "counts":
                hkw["counts"] = _number_list(v)
            elif k in names and names.index(k) >= len(args):
                while len(vals) <= names.index(k):
                    vals.append(None)
                vals[names.index(k)] = v
            else:
                raise arity_error(rng.sample, args, kwargs)
    if len(vals) != 2 or None in vals:
        raise arity_error(rng.sample, args, kwargs)
    pop, k = vals
    if not isinstance(pop, (PyList, PyTuple, PyStr, PyRange)):
        raise exc("TypeError", "Population must be a sequence.  For dicts or sets, use "
                  "sorted(d).")
    owned = []
    try:
        r = host_call(rng.sample, [_host_population(pop, owned), to_host(k)], hkw)
        return new_list([_result_item(x) for x in r])
    finally:
        core.decref_all(owned)


_reg("sample", random_sample)


def random_choices(rng, args, kwargs):
    names = ("population", "weights")
    vals = list(args)
    hkw = {}
    if len(vals) > 2:
        raise arity_error(rng.choices, args, kwargs)
    if kwargs:
        for k, v in kwargs.items():
            if k == "cum_weights":
                hkw[k] = _number_list(v)
            elif k == "k":
                hkw[k] = to_host(v)
            elif k in names and names.index(k) >= len(args):
                while len(vals) <= names.index(k):
                    vals.append(None)
                vals[names.index(k)] = v
            else:
                raise arity_error(rng.choices, args, kwargs)
    if not vals or vals[0] is None:
        raise arity_error(rng.choices, args, kwargs)
    owned = []
    try:
        hargs = [_host_population(vals[0], owned)]
        if len(vals) > 1 and vals[1] is not None:
            hargs.append(_number_list(vals[1]))
        r = host_call(rng.choices, hargs, hkw)
        return new_list([_result_item(x) for x in r])
    finally:
        core.decref_all(owned)


_reg("choices", random_choices)


# ---------------------------------------------------------------------------
# random.Random
# ---------------------------------------------------------------------------

class PyRandom(PyObject):
    __slots__ = ("rng",)


RANDOM_SIZE = (_hsys.getsizeof(_hrandom.Random()) if _hsys.implementation.name == "cpython"
               else 2560)     # CPython 3.11's size of a random.Random


def _random_dealloc(o):
    o.rng = None
    d = getattr(o, "inst_dict", None)
    if d is not None:
        o.inst_dict = None
    core.free_block(o)
    if d is not None:
        decref(d)




def random_new(args, kwargs):
    tp = args[0] if args else None
    if not isinstance(tp, PyType) or not is_subtype(tp, random_type):
        raise exc("TypeError", "Random.__new__(X): X is not a subtype of Random")
    # Arguments are checked and used by __init__ (which seeds); a subclass's
    # __init__ may take any arguments.  The state starts seeded from the first
    # argument when it is a plain seed, else from the OS.
    if is_subtype(tp, system_random_type):     # the OS's randomness; seed() does nothing
        rng = _hrandom.SystemRandom()
    else:
        rng = _hrandom.Random()
    if len(args) == 2 and not kwargs:
        try:
            rng.seed(to_host(args[1]))
        except (TypeError, ValueError):
            pass
    hc = tp.host_class or PyRandom
    o = hc.__new__(hc)
    o.rng = rng
    for slot, val in (("inst_dict", None),
                      ("slot_vals", [None] * len(tp.slotnames) if tp.slotnames else None)):
        try:
            setattr(o, slot, val)
        except AttributeError:
            pass
    return core.alloc(o, RANDOM_SIZE, tp)


def _make_random_type():
    t = make_type("Random", host_class=PyRandom, basicsize=RANDOM_SIZE,
                  dealloc=_random_dealloc)
    t.module = "random"
    return t


def _install_random_type():
    f = descr.new_builtin("__new__", random_new, takes_kw=True, module="random")
    dictobject.dict_setitem_str(random_type.dict, "__new__", f)
    decref(f)
    for name, impl in METHODS.items():
        def meth(self, args, kwargs, impl=impl):
            return impl(self.rng, args, kwargs)
        meth.__name__ = "Random_" + name
        descr.add_method(random_type, name, meth, 0, 0, takes_kw=True)

    def init(self, args, kwargs):          # Random.__init__ (re)seeds, as in CPython
        hargs = [to_host(a) for a in args]
        hkw = {k: to_host(v) for k, v in kwargs.items()} if kwargs else None
        host_call(self.rng.__init__, hargs, hkw)
        NONE.ob_refcnt += 1
        return NONE
    descr.add_method(random_type, "__init__", init, 0, 0, takes_kw=True)


_static = core.static_mode
core.static_mode = True          # the type's dict and descriptors are static objects
try:
    random_type = _make_random_type()
    _install_random_type()
    system_random_type = make_type("SystemRandom", base=random_type, host_class=PyRandom,
                                   basicsize=RANDOM_SIZE, dealloc=_random_dealloc)
    system_random_type.module = "random"
finally:
    core.static_mode = _static


def make_module():
    _new_rng()
    random_type.ob_refcnt += 1
    system_random_type.ob_refcnt += 1
    return build_module("random", FUNCS, {"Random": random_type,
                                          "SystemRandom": system_random_type},
                        "Random variable generators.")


__all__ = ["current_rng", "make_module", "str_type"]
