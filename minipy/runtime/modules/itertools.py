"""``itertools``, in the host (as CPython's C module).

Every iterator is a built-in type (``itertools.count``, ``itertools.product``,
...) whose ``tp_iternext`` is a plain host function returning the next item as
a new reference, or None at the end; the VM's ``for`` loop calls it directly,
so an item costs one host call rather than several interpreted frames.  The
types can be subclassed, as in CPython (``class C(itertools.chain)``).

What the objects hold is what CPython's hold, so reference counts (and
``sys.getrefcount`` of the items) come out the same: an object field is an
owned reference (or None), visible to the collector through ``tp_traverse``;
buffered items (``cycle``'s saved items, ``tee``'s values) live in heap lists,
which the collector can clear.  The combinatoric iterators keep their last
result tuple, as CPython keeps it to recycle it.
"""

from minipy.objects import core, descr
from minipy.objects.core import PyObject, decref
from minipy.objects.typeobject import make_type, lookup, object_type, is_subtype
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int
from minipy.objects.floatobject import PyFloat
from minipy.objects.complexobject import PyComplex
from minipy.objects.tupleobject import new_tuple, tuple_type
from minipy.objects.listobject import new_list, list_append
from minipy.objects.strobject import new_str
from minipy.objects.singletons import NONE
from minipy.objects.exceptions import PyExc
from minipy.runtime import abstract
from minipy.runtime.abstract import exc
from minipy.runtime.containers_common import (check_positional, check_type_arg, rich_eq, register_new,
                                              SSIZE_MAX, SSIZE_MIN)
from minipy.runtime.modules._common import build_module
from minipy.gc.state import track as _gc_track

_get_iter = abstract.get_iter
_call = abstract.call
_truth = abstract.truth
_next_slow = abstract.next_


def _next_of(it):
    nx = it.ob_type.tp_iternext
    if nx is not None:
        return nx(it)
    return _next_slow(it)


def _incref(o):
    o.ob_refcnt += 1
    return o


# ---------------------------------------------------------------------------
# Types, allocation, arguments
# ---------------------------------------------------------------------------

def _gc_functions(fields, lists=()):
    """tp_traverse and tp_dealloc of a type whose references are its object
    fields ``fields`` and the items of its host-list fields ``lists``."""
    def traverse(o):
        out = []
        for n in fields:
            v = getattr(o, n)
            if v is not None:
                out.append(v)
        for n in lists:
            vs = getattr(o, n)
            if vs:
                out.extend([v for v in vs if v is not None])
        return out

    def dealloc(o):
        refs = traverse(o)
        for n in fields:
            setattr(o, n, None)
        for n in lists:
            setattr(o, n, None)
        core.free_block(o)
        core.decref_all(refs)
    return traverse, dealloc


def _iter_self(it):
    it.ob_refcnt += 1
    return it


def _make_type(name, hc, nextfn, size, fields, lists=(), subclassable=True, doc=None):
    traverse, dealloc = _gc_functions(fields, lists)
    t = make_type(name, host_class=hc, basicsize=size, dealloc=dealloc, traverse=traverse,
                  gc=True, final=not subclassable)
    t.module = "itertools"
    t.doc = doc
    if nextfn is not None:
        t.tp_iternext = nextfn

        def _next(it):
            r = nextfn(it)
            if r is None:
                raise exc("StopIteration")
            return r
        descr.add_method(t, "__iter__", _iter_self, 0, 0)
        descr.add_method(t, "__next__", _next, 0, 0)
    return t


def _blank(tp, hc):
    """A fresh host object for an instance of ``tp`` (a built-in or a user subclass)."""
    if tp.is_heaptype:
        c = tp.host_class
        o = c.__new__(c)
        o.inst_dict = None
        o.slot_vals = [None] * len(tp.slotnames) if tp.slotnames else None
        return o
    return hc.__new__(hc)


def _alloc(o, tp):
    return core.alloc(o, tp.basicsize, tp)


_check_tp = check_type_arg


_OBJECT_INIT = []


def _no_kw(tp, base, kwargs, name):
    """CPython's check for the positional-only constructors: keywords are refused
    unless a subclass brings its own __init__."""
    if not kwargs:
        return
    if not _OBJECT_INIT:
        _OBJECT_INIT.append(lookup(object_type, "__init__"))
    if tp is base or lookup(tp, "__init__") is _OBJECT_INIT[0]:
        raise exc("TypeError", "%s() takes no keyword arguments" % name)


def _parse(fname, args, kwargs, names, minpos, maxpos):
    """Arguments by position or name, with the messages of CPython's argument
    clinic (_PyArg_UnpackKeywords): a host list of borrowed objects or None."""
    nargs = len(args)
    nkw = len(kwargs) if kwargs else 0
    maxargs = len(names)
    if nkw == 0 and minpos <= nargs <= maxpos:
        return list(args) + [None] * (maxargs - nargs)
    if nargs + nkw > maxargs:
        raise exc("TypeError", "%s() takes at most %d %sargument%s (%d given)"
                  % (fname, maxargs, "keyword " if nargs == 0 else "",
                     "" if maxargs == 1 else "s", nargs + nkw))
    if nargs > maxpos:
        raise exc("TypeError", "%s() takes %s %d positional argument%s (%d given)"
                  % (fname, "at most" if minpos < maxpos else "exactly", maxpos,
                     "" if maxpos == 1 else "s", nargs))
    out = list(args) + [None] * (maxargs - nargs)
    left = nkw
    for i in range(nargs, maxargs):
        v = kwargs.get(names[i]) if left else None
        out[i] = v
        if v is not None:
            left -= 1
        elif i < minpos:
            raise exc("TypeError", "%s() missing required argument '%s' (pos %d)"
                      % (fname, names[i], i + 1))
    if left:
        for i in range(nargs):
            if names[i] in kwargs:
                raise exc("TypeError", "argument for %s() given by name ('%s') and position (%d)"
                          % (fname, names[i], i + 1))
        for k in kwargs:
            if k not in names:
                raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (k, fname))
    return out


def _ssize(o):
    """PyNumber_AsSsize_t(o, OverflowError): a host int."""
    t = o.ob_type
    if t is int_type or t is bool_type:
        v = int(o.value)
    else:
        v = abstract.index_value(o)
    if v > SSIZE_MAX or v < SSIZE_MIN:
        raise exc("OverflowError", "Python int too large to convert to C ssize_t")
    return v


def _to_tuple(o):
    """PySequence_Tuple(o): a new reference."""
    if o.ob_type is tuple_type:
        o.ob_refcnt += 1
        return o
    return new_tuple(abstract.sequence_to_list(o))


def _is_exc(e, name):
    from minipy.objects.exceptions import EXC_TYPES
    return is_subtype(e.exc.ob_type, EXC_TYPES[name])


_static = core.static_mode
core.static_mode = True

# ---------------------------------------------------------------------------
# count
# ---------------------------------------------------------------------------


class PyCount(PyObject):
    # fast mode: cnt is None and the count is the host int ``ival`` (step ``istep``)
    __slots__ = ("cnt", "step", "ival", "istep")


def _count_next(o):
    cnt = o.cnt
    if cnt is None:
        v = o.ival
        o.ival = v + o.istep
        return new_int(v)
    o.cnt = abstract.binary_op(cnt, o.step, 0)
    return cnt


count_type = _make_type("count", PyCount, _count_next, 56, ("cnt", "step"),
                        doc="Return a count object whose .__next__() method returns "
                            "consecutive values.")


def _is_number(o):
    if isinstance(o, (PyInt, PyFloat, PyComplex)):
        return True
    t = o.ob_type
    for n in ("__index__", "__int__", "__float__", "__complex__"):
        if lookup(t, n) is not None:
            return True
    return False


def _count_new(args, kwargs):
    tp = _check_tp(args, count_type)
    start, step = _parse("count", args[1:], kwargs, ("start", "step"), 0, 2)
    if (start is not None and not _is_number(start)) or \
            (step is not None and not _is_number(step)):
        raise exc("TypeError", "a number is required")
    o = _blank(tp, PyCount)
    o.cnt = o.step = None
    o.ival = 0
    o.istep = 1
    step_one = step is None or (isinstance(step, PyInt) and step.value == 1)
    if start is None:
        if step is None or step.ob_type is int_type:
            o.istep = 1 if step is None else int(step.value)
            return _alloc(o, tp)
        start = new_int(0)
    else:
        st = start.ob_type
        if (isinstance(start, PyInt) and step_one) or \
                (st is int_type and (step is None or step.ob_type is int_type)):
            # CPython's fast mode (an int start, a step of 1), and exact ints
            o.ival = int(start.value)
            o.istep = 1 if step is None else int(step.value)
            return _alloc(o, tp)
        start.ob_refcnt += 1
    o.cnt = start
    o.step = _incref(step) if step is not None else new_int(1)
    return _alloc(o, tp)


register_new(count_type, _count_new)


def _count_repr(o):
    name = o.ob_type.name
    if o.cnt is None:
        if o.istep == 1:
            return new_str("%s(%d)" % (name, o.ival))
        return new_str("%s(%d, %d)" % (name, o.ival, o.istep))
    step = o.step
    if isinstance(step, PyInt) and step.value == 1:
        return new_str("%s(%s)" % (name, abstract.repr_host(o.cnt)))
    return new_str("%s(%s, %s)" % (name, abstract.repr_host(o.cnt), abstract.repr_host(step)))


descr.add_method(count_type, "__repr__", _count_repr, 0, 0)


# ---------------------------------------------------------------------------
# cycle
# ---------------------------------------------------------------------------

class PyCycle(PyObject):
    __slots__ = ("it", "saved", "index")


def _cycle_next(o):
    it = o.it
    if it is not None:
        x = _next_of(it)
        if x is not None:
            list_append(o.saved, x)
            return x
        o.it = None
        decref(it)
    saved = o.saved.items
    n = len(saved)
    if n == 0:
        return None
    i = o.index
    x = saved[i]
    i += 1
    o.index = 0 if i >= n else i
    x.ob_refcnt += 1
    return x


cycle_type = _make_type("cycle", PyCycle, _cycle_next, 64, ("it", "saved"),
                        doc="Return elements from the iterable until it is exhausted. "
                            "Then repeat the sequence indefinitely.")


def _cycle_new(args, kwargs):
    tp = _check_tp(args, cycle_type)
    _no_kw(tp, cycle_type, kwargs, "cycle")
    check_positional("cycle", len(args) - 1, 1, 1)
    it = _get_iter(args[1])
    o = _blank(tp, PyCycle)
    o.it = it
    o.saved = new_list([])
    o.index = 0
    return _alloc(o, tp)


register_new(cycle_type, _cycle_new)


# ---------------------------------------------------------------------------
# repeat
# ---------------------------------------------------------------------------

class PyRepeat(PyObject):
    __slots__ = ("element", "cnt")


def _repeat_next(o):
    cnt = o.cnt
    if cnt == 0:
        return None
    if cnt > 0:
        o.cnt = cnt - 1
    x = o.element
    x.ob_refcnt += 1
    return x


repeat_type = _make_type("repeat", PyRepeat, _repeat_next, 48, ("element",),
                         doc="repeat(object [,times]) -> create an iterator which returns "
                             "the object\nfor the specified number of times.  If not "
                             "specified, returns the object\nendlessly.")


def _repeat_new(args, kwargs):
    tp = _check_tp(args, repeat_type)
    element, times = _parse("repeat", args[1:], kwargs, ("object", "times"), 1, 2)
    cnt = -1
    if times is not None:
        cnt = _ssize(times)
        if cnt < 0:
            cnt = 0
    o = _blank(tp, PyRepeat)
    o.element = _incref(element)
    o.cnt = cnt
    return _alloc(o, tp)


register_new(repeat_type, _repeat_new)


def _repeat_repr(o):
    name = o.ob_type.name
    if o.cnt < 0:
        return new_str("%s(%s)" % (name, abstract.repr_host(o.element)))
    return new_str("%s(%s, %d)" % (name, abstract.repr_host(o.element), o.cnt))


def _repeat_hint(o):
    if o.cnt < 0:
        raise exc("TypeError", "len() of unsized object")
    return new_int(o.cnt)


descr.add_method(repeat_type, "__repr__", _repeat_repr, 0, 0)
descr.add_method(repeat_type, "__length_hint__", _repeat_hint, 0, 0)


# ---------------------------------------------------------------------------
# accumulate
# ---------------------------------------------------------------------------

class PyAccumulate(PyObject):
    __slots__ = ("it", "binop", "total", "initial")


def _accumulate_next(o):
    initial = o.initial
    if initial is not None:
        o.initial = None
        old = o.total
        o.total = initial            # (the reference moves)
        if old is not None:
            decref(old)
        initial.ob_refcnt += 1
        return initial
    val = _next_of(o.it)
    if val is None:
        return None
    total = o.total
    if total is None:
        val.ob_refcnt += 1
        o.total = val
        return val
    try:
        binop = o.binop
        if binop is None:
            if total.ob_type is int_type and val.ob_type is int_type:
                new = new_int(total.value + val.value)
            else:
                new = abstract.binary_op(total, val, 0)
        else:
            new = _call(binop, [total, val])
    finally:
        decref(val)
    new.ob_refcnt += 1
    o.total = new
    decref(total)
    return new


accumulate_type = _make_type("accumulate", PyAccumulate, _accumulate_next, 64,
                             ("it", "binop", "total", "initial"),
                             doc="Return series of accumulated sums (or other binary "
                                 "function results).")


def _accumulate_new(args, kwargs):
    tp = _check_tp(args, accumulate_type)
    iterable, func, initial = _parse("accumulate", args[1:], kwargs,
                                     ("iterable", "func", "initial"), 1, 2)
    it = _get_iter(iterable)
    o = _blank(tp, PyAccumulate)
    o.it = it
    o.binop = _incref(func) if func is not None and func is not NONE else None
    o.total = None
    o.initial = _incref(initial) if initial is not None and initial is not NONE else None
    return _alloc(o, tp)


register_new(accumulate_type, _accumulate_new)


# ---------------------------------------------------------------------------
# chain
# ---------------------------------------------------------------------------

class PyChain(PyObject):
    __slots__ = ("source", "active")


def _chain_next(o):
    while True:
        source = o.source
        if source is None:
            return None
        active = o.active
        if active is None:
            try:
                iterable = _next_of(source)
                if iterable is None:
                    o.source = None
                    decref(source)
                    return None
                try:
                    active = _get_iter(iterable)
                finally:
                    decref(iterable)
            except PyExc:
                if o.source is source:
                    o.source = None
                    decref(source)
                raise
            o.active = active
        try:
            x = _next_of(active)
        except PyExc as e:
            if not _is_exc(e, "StopIteration"):
                raise
            decref(e.exc)
            x = None
        if x is not None:
            return x
        if o.active is active:
            o.active = None
            decref(active)


chain_type = _make_type("chain", PyChain, _chain_next, 48, ("source", "active"),
                        doc="Return a chain object whose .__next__() method returns "
                            "elements from the\nfirst iterable until it is exhausted, then "
                            "elements from the next\niterable, until all of the iterables "
                            "are exhausted.")


def _new_chain(tp, source):
    o = _blank(tp, PyChain)
    o.source = source
    o.active = None
    return _alloc(o, tp)


def _chain_new(args, kwargs):
    tp = _check_tp(args, chain_type)
    _no_kw(tp, chain_type, kwargs, "chain")
    t = new_tuple([_incref(a) for a in args[1:]])
    try:
        source = _get_iter(t)
    finally:
        decref(t)
    return _new_chain(tp, source)


register_new(chain_type, _chain_new)


def _chain_from_iterable(cls, iterable):
    source = _get_iter(iterable)
    return _new_chain(cls, source)


def _chain_class_getitem(cls, item):
    from minipy.runtime.modules._weakref import _ref_class_getitem
    return _ref_class_getitem(cls, item)


descr.add_method(chain_type, "from_iterable", _chain_from_iterable, 1, 1, cls=True)
descr.add_method(chain_type, "__class_getitem__", _chain_class_getitem, 1, 1, cls=True)


# ---------------------------------------------------------------------------
# compress, dropwhile, takewhile, filterfalse, starmap
# ---------------------------------------------------------------------------

class PyCompress(PyObject):
    __slots__ = ("data", "selectors")


def _compress_next(o):
    data = o.data
    selectors = o.selectors
    dnext = data.ob_type.tp_iternext or _next_slow
    snext = selectors.ob_type.tp_iternext or _next_slow
    while True:
        d = dnext(data)
        if d is None:
            return None
        try:
            s = snext(selectors)
            if s is None:
                decref(d)
                return None
            try:
                ok = _truth(s)
            finally:
                decref(s)
        except PyExc:
            decref(d)
            raise
        if ok:
            return d
        decref(d)


compress_type = _make_type("compress", PyCompress, _compress_next, 48, ("data", "selectors"),
                           doc="Return data elements corresponding to true selector elements.")


def _compress_new(args, kwargs):
    tp = _check_tp(args, compress_type)
    data, selectors = _parse("compress", args[1:], kwargs, ("data", "selectors"), 2, 2)
    d = _get_iter(data)
    try:
        s = _get_iter(selectors)
    except PyExc:
        decref(d)
        raise
    o = _blank(tp, PyCompress)
    o.data = d
    o.selectors = s
    return _alloc(o, tp)


register_new(compress_type, _compress_new)


class PyPredIter(PyObject):
    # dropwhile, takewhile, filterfalse, starmap: a function and an iterator
    __slots__ = ("func", "it", "flag")


def _dropwhile_next(o):
    it = o.it
    nx = it.ob_type.tp_iternext or _next_slow
    while True:
        x = nx(it)
        if x is None:
            return None
        if o.flag:
            return x
        try:
            good = _call(o.func, [x])
            try:
                ok = _truth(good)
            finally:
                decref(good)
        except PyExc:
            decref(x)
            raise
        if not ok:
            o.flag = 1
            return x
        decref(x)


def _takewhile_next(o):
    if o.flag:
        return None
    x = _next_of(o.it)
    if x is None:
        return None
    try:
        good = _call(o.func, [x])
        try:
            ok = _truth(good)
        finally:
            decref(good)
    except PyExc:
        decref(x)
        raise
    if ok:
        return x
    decref(x)
    o.flag = 1
    return None


def _filterfalse_next(o):
    it = o.it
    nx = it.ob_type.tp_iternext or _next_slow
    func = o.func
    plain = func is NONE or func is bool_type
    while True:
        x = nx(it)
        if x is None:
            return None
        try:
            if plain:
                ok = _truth(x)
            else:
                good = _call(func, [x])
                try:
                    ok = _truth(good)
                finally:
                    decref(good)
        except PyExc:
            decref(x)
            raise
        if not ok:
            return x
        decref(x)


def _starmap_next(o):
    args = _next_of(o.it)
    if args is None:
        return None
    try:
        if args.ob_type is not tuple_type:
            t = new_tuple(abstract.sequence_to_list(args))
            decref(args)
            args = t
        return _call(o.func, list(args.items))
    finally:
        decref(args)


_PRED_FIELDS = ("func", "it")
dropwhile_type = _make_type("dropwhile", PyPredIter, _dropwhile_next, 56, _PRED_FIELDS,
                            doc="Drop items from the iterable while predicate(item) is true.")
takewhile_type = _make_type("takewhile", PyPredIter, _takewhile_next, 56, _PRED_FIELDS,
                            doc="Return successive entries from an iterable as long as the "
                                "predicate evaluates to true for each entry.")
filterfalse_type = _make_type("filterfalse", PyPredIter, _filterfalse_next, 48, _PRED_FIELDS,
                              doc="Return those items of iterable for which function(item) "
                                  "is false.")
starmap_type = _make_type("starmap", PyPredIter, _starmap_next, 48, _PRED_FIELDS,
                          doc="Return an iterator whose values are returned from the "
                              "function evaluated with an argument tuple taken from the "
                              "given sequence.")


def _pred_constructor(base, name):
    def new(args, kwargs):
        tp = _check_tp(args, base)
        _no_kw(tp, base, kwargs, name)
        check_positional(name, len(args) - 1, 2, 2)
        it = _get_iter(args[2])
        o = _blank(tp, PyPredIter)
        o.func = _incref(args[1])
        o.it = it
        o.flag = 0
        return _alloc(o, tp)
    return new


for _t in (dropwhile_type, takewhile_type, filterfalse_type, starmap_type):
    register_new(_t, _pred_constructor(_t, _t.name))


# ---------------------------------------------------------------------------
# pairwise, zip_longest
# ---------------------------------------------------------------------------

class PyPairwise(PyObject):
    __slots__ = ("it", "old")


def _pairwise_clear(o):
    it, old = o.it, o.old
    o.it = o.old = None
    if it is not None:
        decref(it)
    if old is not None:
        decref(old)


def _pairwise_next(o):
    it = o.it
    if it is None:
        return None
    old = o.old
    try:
        if old is None:
            old = _next_of(it)
            if old is None:
                _pairwise_clear(o)
                return None
            o.old = old
        new = _next_of(it)
    except PyExc:
        _pairwise_clear(o)
        raise
    if new is None:
        _pairwise_clear(o)
        return None
    old.ob_refcnt += 1
    new.ob_refcnt += 1
    o.old = new                    # (the pair took over the reference to old)
    decref(old)
    return new_tuple((old, new))


pairwise_type = _make_type("pairwise", PyPairwise, _pairwise_next, 48, ("it", "old"),
                           doc="Return an iterator of overlapping pairs taken from the "
                               "input iterator.")


def _pairwise_new(args, kwargs):
    tp = _check_tp(args, pairwise_type)
    _no_kw(tp, pairwise_type, kwargs, "pairwise")
    check_positional("pairwise", len(args) - 1, 1, 1)
    it = _get_iter(args[1])
    o = _blank(tp, PyPairwise)
    o.it = it
    o.old = None
    return _alloc(o, tp)


register_new(pairwise_type, _pairwise_new)


class PyZipLongest(PyObject):
    __slots__ = ("iters", "fillvalue", "result", "numactive")


def _zip_longest_next(o):
    iters = o.iters
    if not iters or o.numactive == 0:
        return None
    fill = o.fillvalue
    items = []
    try:
        for i in range(len(iters)):
            it = iters[i]
            if it is None:
                fill.ob_refcnt += 1
                items.append(fill)
                continue
            x = _next_of(it)
            if x is None:
                o.numactive -= 1
                if o.numactive == 0:
                    core.decref_all(items)
                    return None
                iters[i] = None
                decref(it)
                fill.ob_refcnt += 1
                x = fill
            items.append(x)
    except PyExc:
        o.numactive = 0
        core.decref_all(items)
        raise
    old = o.result
    if old.ob_refcnt == 1:
        # CPython recycles its result tuple when nobody else holds it
        olditems = old.items
        old.items = tuple(items)
        if old.gc_gen == -1:
            _gc_track(old)
        old.ob_refcnt = 2
        core.decref_all(olditems)
        return old
    return new_tuple(items)


zip_longest_type = _make_type("zip_longest", PyZipLongest, _zip_longest_next, 72,
                              ("fillvalue", "result"), ("iters",),
                              doc="Return a zip_longest object whose .__next__() method "
                                  "returns a tuple where\nthe i-th element comes from the "
                                  "i-th iterable argument.")


def _zip_longest_new(args, kwargs):
    tp = _check_tp(args, zip_longest_type)
    fill = NONE
    if kwargs:
        fill = kwargs.get("fillvalue") if len(kwargs) == 1 else None
        if fill is None:
            raise exc("TypeError", "zip_longest() got an unexpected keyword argument")
    iters = []
    try:
        for a in args[1:]:
            iters.append(_get_iter(a))
    except PyExc:
        core.decref_all(iters)
        raise
    n = len(iters)
    o = _blank(tp, PyZipLongest)
    o.iters = iters
    o.fillvalue = _incref(fill)
    NONE.ob_refcnt += n
    o.result = new_tuple([NONE] * n)
    o.numactive = n
    return _alloc(o, tp)


register_new(zip_longest_type, _zip_longest_new)


# ---------------------------------------------------------------------------
# islice
# ---------------------------------------------------------------------------

class PyIslice(PyObject):
    # stop -1: no stop (None)
    __slots__ = ("it", "next", "stop", "step", "cnt")


def _islice_next(o):
    it = o.it
    if it is None:
        return None
    nx = it.ob_type.tp_iternext or _next_slow
    stop = o.stop
    try:
        cnt = o.cnt
        target = o.next
        while cnt < target:
            x = nx(it)
            if x is None:
                break
            decref(x)
            cnt += 1
            o.cnt = cnt
        else:
            if stop == -1 or cnt < stop:
                x = nx(it)
            else:
                x = None
    except PyExc:
        o.it = None
        decref(it)
        raise
    if x is None:
        o.it = None
        decref(it)
        return None
    o.cnt = cnt + 1
    nxt = target + o.step
    if nxt > SSIZE_MAX or (stop != -1 and nxt > stop):
        nxt = stop
    o.next = nxt
    return x


islice_type = _make_type("islice", PyIslice, _islice_next, 72, ("it",),
                         doc="islice(iterable, stop) --> islice object\nislice(iterable, "
                             "start, stop[, step]) --> islice object")

_ISLICE_STOP = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
_ISLICE_IDX = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."
_ISLICE_STEP = "Step for islice() must be a positive integer or None."


def _islice_arg(o):
    """PyNumber_AsSsize_t with the error swallowed: -1 for an error."""
    try:
        return _ssize(o)
    except PyExc as e:
        decref(e.exc)
        return -1


def _islice_new(args, kwargs):
    tp = _check_tp(args, islice_type)
    _no_kw(tp, islice_type, kwargs, "islice")
    n = len(args) - 1
    check_positional("islice", n, 2, 4)
    seq = args[1]
    start, stop, step = 0, -1, 1
    a1 = args[2]
    if n == 2:
        if a1 is not NONE:
            stop = _islice_arg(a1)
            if stop == -1:
                raise exc("ValueError", _ISLICE_STOP)
    else:
        a2 = args[3]
        if a1 is not NONE:
            start = _islice_arg(a1)
        if a2 is not NONE:
            stop = _islice_arg(a2)
            if stop == -1:
                raise exc("ValueError", _ISLICE_STOP)
    if start < 0 or stop < -1:
        raise exc("ValueError", _ISLICE_IDX)
    if n == 4 and args[4] is not NONE:
        step = _islice_arg(args[4])
    if step < 1:
        raise exc("ValueError", _ISLICE_STEP)
    it = _get_iter(seq)
    o = _blank(tp, PyIslice)
    o.it = it
    o.next = start
    o.stop = stop
    o.step = step
    o.cnt = 0
    return _alloc(o, tp)


register_new(islice_type, _islice_new)


# ---------------------------------------------------------------------------
# groupby
# ---------------------------------------------------------------------------

class PyGroupBy(PyObject):
    # currgrouper: the current _grouper, borrowed (a host reference, not counted)
    __slots__ = ("it", "keyfunc", "tgtkey", "currkey", "currvalue", "currgrouper")


class PyGrouper(PyObject):
    __slots__ = ("parent", "tgtkey")


def _groupby_step(g):
    """Advance to the next value; False at the end of the input."""
    value = _next_of(g.it)
    if value is None:
        return False
    kf = g.keyfunc
    if kf is None:
        value.ob_refcnt += 1
        key = value
    else:
        try:
            key = _call(kf, [value])
        except PyExc:
            decref(value)
            raise
    oldvalue = g.currvalue
    oldkey = g.currkey
    g.currvalue = value
    g.currkey = key
    if oldkey is not None:
        decref(oldkey)
    if oldvalue is not None:
        decref(oldvalue)
    return True


def _groupby_next(g):
    g.currgrouper = None
    while True:
        currkey = g.currkey
        if currkey is None:
            pass
        elif g.tgtkey is None:
            break
        elif not rich_eq(g.tgtkey, currkey):
            break
        if not _groupby_step(g):
            return None
    currkey = g.currkey
    currkey.ob_refcnt += 1
    old = g.tgtkey
    g.tgtkey = currkey
    if old is not None:
        decref(old)
    grouper = _new_grouper(g, currkey)
    currkey.ob_refcnt += 1
    return new_tuple((currkey, grouper))


groupby_type = _make_type("groupby", PyGroupBy, _groupby_next, 80,
                          ("it", "keyfunc", "tgtkey", "currkey", "currvalue"),
                          doc="make an iterator that returns consecutive keys and groups "
                              "from the iterable")


def _groupby_new(args, kwargs):
    tp = _check_tp(args, groupby_type)
    iterable, key = _parse("groupby", args[1:], kwargs, ("iterable", "key"), 1, 2)
    it = _get_iter(iterable)
    o = _blank(tp, PyGroupBy)
    o.it = it
    o.keyfunc = _incref(key) if key is not None and key is not NONE else None
    o.tgtkey = o.currkey = o.currvalue = o.currgrouper = None
    return _alloc(o, tp)


register_new(groupby_type, _groupby_new)


def _grouper_next(igo):
    g = igo.parent
    if g.currgrouper is not igo:
        return None
    if g.currvalue is None:
        if not _groupby_step(g):
            return None
    if not rich_eq(igo.tgtkey, g.currkey):
        return None
    r = g.currvalue
    g.currvalue = None
    key = g.currkey
    g.currkey = None
    decref(key)
    return r


grouper_type = _make_type("_grouper", PyGrouper, _grouper_next, 48, ("parent", "tgtkey"),
                          subclassable=False)


def _new_grouper(parent, tgtkey):
    o = PyGrouper.__new__(PyGrouper)
    parent.ob_refcnt += 1
    tgtkey.ob_refcnt += 1
    o.parent = parent
    o.tgtkey = tgtkey
    o = core.alloc(o, 48, grouper_type)
    parent.currgrouper = o
    return o


def _grouper_new(args, kwargs):
    _check_tp(args, grouper_type)
    if kwargs:
        raise exc("TypeError", "_grouper() takes no keyword arguments")
    check_positional("_grouper", len(args) - 1, 2, 2)
    parent = args[1]
    if not is_subtype(parent.ob_type, groupby_type):
        raise exc("TypeError", "_grouper() argument 1 must be itertools.groupby, not %s"
                  % parent.ob_type.name)
    return _new_grouper(parent, args[2])


register_new(grouper_type, _grouper_new)


# ---------------------------------------------------------------------------
# tee
# ---------------------------------------------------------------------------

LINKCELLS = 57


class PyTeeData(PyObject):
    __slots__ = ("it", "values", "nextlink", "running")


class PyTee(PyObject):
    __slots__ = ("dataobj", "index")


teedata_type = _make_type("_tee_dataobject", PyTeeData, None, 512,
                          ("it", "values", "nextlink"), subclassable=False,
                          doc="Data container common to multiple tee objects.")


def _teedata_new(args, kwargs):
    raise exc("TypeError", "cannot create 'itertools._tee_dataobject' instances")


register_new(teedata_type, _teedata_new)


def _new_teedata(it):
    d = PyTeeData.__new__(PyTeeData)
    it.ob_refcnt += 1
    d.it = it
    d.values = new_list([])
    d.nextlink = None
    d.running = False
    return core.alloc(d, 512, teedata_type)


def _tee_next(to):
    d = to.dataobj
    i = to.index
    if i >= LINKCELLS:
        link = d.nextlink
        if link is None:
            link = _new_teedata(d.it)
            d.nextlink = link
        link.ob_refcnt += 1
        to.dataobj = link
        to.index = 0
        decref(d)
        d = link
        i = 0
    vals = d.values.items
    if i < len(vals):
        x = vals[i]
        x.ob_refcnt += 1
    else:
        if d.running:
            raise exc("RuntimeError", "cannot re-enter the tee iterator")
        d.running = True
        try:
            x = _next_of(d.it)
        finally:
            d.running = False
        if x is None:
            return None
        list_append(d.values, x)
    to.index = i + 1
    return x


tee_type = _make_type("_tee", PyTee, _tee_next, 56, ("dataobj",), subclassable=False,
                      doc="Iterator wrapped to make it copyable.")


def _tee_copy(to):
    o = PyTee.__new__(PyTee)
    d = to.dataobj
    d.ob_refcnt += 1
    o.dataobj = d
    o.index = to.index
    return core.alloc(o, 56, tee_type)


def _tee_fromiterable(iterable):
    it = _get_iter(iterable)
    try:
        if it.ob_type is tee_type:
            return _tee_copy(it)
        o = PyTee.__new__(PyTee)
        o.dataobj = _new_teedata(it)
        o.index = 0
        return core.alloc(o, 56, tee_type)
    finally:
        decref(it)


def _tee_new(args, kwargs):
    _check_tp(args, tee_type)
    if kwargs:
        raise exc("TypeError", "_tee() takes no keyword arguments")
    check_positional("_tee", len(args) - 1, 1, 1)
    return _tee_fromiterable(args[1])


register_new(tee_type, _tee_new)
descr.add_method(tee_type, "__copy__", _tee_copy, 0, 0)


def _tee_func(args, kwargs):
    if kwargs:
        raise exc("TypeError", "itertools.tee() takes no keyword arguments")
    check_positional("tee", len(args), 1, 2)
    n = 2
    if len(args) == 2:
        n = _ssize(args[1])
    if n < 0:
        raise exc("ValueError", "n must be >= 0")
    if n == 0:
        return new_tuple(())
    it = _get_iter(args[0])
    out = []
    copy = None
    try:
        if it.ob_type is tee_type:
            first = it
            copy = None
        else:
            copy = _copy_method(it)
            if copy is None:
                first = _tee_fromiterable(it)
                decref(it)
            else:
                first = it
        it = None
        out.append(first)
        for _ in range(1, n):
            if copy is None:
                out.append(_tee_copy(first))
            else:
                out.append(_call(copy, []))
    except PyExc:
        if it is not None:
            decref(it)
        core.decref_all(out)
        raise
    finally:
        if copy is not None:
            decref(copy)
    return new_tuple(out)


def _copy_method(it):
    """it.__copy__ (a new reference), or None when it has none."""
    t = it.ob_type
    if not t.is_heaptype and lookup(t, "__copy__") is None:
        return None
    try:
        return abstract.getattr_(it, "__copy__")
    except PyExc as e:
        if not _is_exc(e, "AttributeError"):
            raise
        decref(e.exc)
        return None


# ---------------------------------------------------------------------------
# product, combinations, combinations_with_replacement, permutations
# ---------------------------------------------------------------------------

def _set_result(o, items):
    """Make ``items`` (borrowed) the object's current result tuple, and return it
    (a new reference).  A result that nobody else holds is recycled in place, as
    CPython recycles it; otherwise a new tuple replaces it."""
    for x in items:
        x.ob_refcnt += 1
    old = o.result
    if old is not None:
        if old.ob_refcnt == 1 and len(old.items) == len(items):
            olditems = old.items
            old.items = tuple(items)
            if old.gc_gen == -1:
                _gc_track(old)           # (the collector may have untracked it)
            old.ob_refcnt = 2
            for x in olditems:
                decref(x)
            return old
        o.result = None
        decref(old)
    r = new_tuple(items)
    r.ob_refcnt += 1
    o.result = r
    return r


def _unshare_result(o):
    """At the end: CPython has copied a result someone else still holds."""
    old = o.result
    if old is not None and old.ob_refcnt > 1:
        items = old.items
        for x in items:
            x.ob_refcnt += 1
        o.result = new_tuple(items)
        decref(old)


class PyProduct(PyObject):
    # pools: the pool tuples (owned, one entry per repeat); hpools: their items
    __slots__ = ("pools", "result", "hpools", "indices", "stopped")


def _product_next(o):
    if o.stopped:
        return None
    pools = o.hpools
    old = o.result
    if old is None:
        items = []
        for p in pools:
            if not p:
                o.stopped = True
                if items:
                    decref(_set_result(o, items))
                return None
            items.append(p[0])
        o.indices = [0] * len(pools)
        return _set_result(o, items)
    items = list(old.items)
    indices = o.indices
    i = len(pools) - 1
    while i >= 0:
        p = pools[i]
        j = indices[i] + 1
        if j < len(p):
            indices[i] = j
            items[i] = p[j]
            return _set_result(o, items)
        indices[i] = 0
        items[i] = p[0]
        i -= 1
    o.stopped = True
    if items:
        # (CPython's result tuple has rolled over to the first items)
        decref(_set_result(o, items))
    return None


product_type = _make_type("product", PyProduct, _product_next, 64, ("result",), ("pools",),
                          doc="Cartesian product of input iterables.  Equivalent to nested "
                              "for-loops.")


def _product_new(args, kwargs):
    tp = _check_tp(args, product_type)
    repeat = 1
    if kwargs:
        (r,) = _parse("product", (), kwargs, ("repeat",), 0, 0)
        if r is not None:
            repeat = _ssize(r)
    if repeat < 0:
        raise exc("ValueError", "repeat argument cannot be negative")
    nargs = len(args) - 1
    if repeat and nargs > SSIZE_MAX // repeat:
        raise exc("OverflowError", "repeat argument too large")
    tuples = []
    try:
        for a in args[1:]:
            tuples.append(_to_tuple(a))
    except PyExc:
        core.decref_all(tuples)
        raise
    pools = tuples * repeat
    for t in pools[len(tuples):]:
        t.ob_refcnt += 1
    if not repeat:
        core.decref_all(tuples)
    o = _blank(tp, PyProduct)
    o.pools = pools
    o.hpools = [t.items for t in pools]
    o.result = None
    o.indices = None
    o.stopped = False
    return _alloc(o, tp)


register_new(product_type, _product_new)


class PyCombinations(PyObject):
    # permutations use cycles; the others leave it None
    __slots__ = ("pool", "result", "indices", "cycles", "r", "stopped")


def _combinations_next(o):
    if o.stopped:
        return None
    pool = o.pool.items
    r = o.r
    indices = o.indices
    if o.result is None:
        return _set_result(o, [pool[i] for i in indices])
    n = len(pool)
    i = r - 1
    d = n - r
    while i >= 0 and indices[i] == i + d:
        i -= 1
    if i < 0:
        o.stopped = True
        _unshare_result(o)
        return None
    v = indices[i] + 1
    indices[i] = v
    items = list(o.result.items)
    items[i] = pool[v]
    for j in range(i + 1, r):
        v += 1
        indices[j] = v
        items[j] = pool[v]
    return _set_result(o, items)


def _cwr_next(o):
    if o.stopped:
        return None
    pool = o.pool.items
    r = o.r
    indices = o.indices
    if o.result is None:
        return _set_result(o, [pool[0]] * r if pool else [])
    top = len(pool) - 1
    i = r - 1
    while i >= 0 and indices[i] == top:
        i -= 1
    if i < 0:
        o.stopped = True
        _unshare_result(o)
        return None
    v = indices[i] + 1
    x = pool[v]
    items = list(o.result.items)
    for j in range(i, r):
        indices[j] = v
        items[j] = x
    return _set_result(o, items)


def _permutations_next(o):
    if o.stopped:
        return None
    pool = o.pool.items
    r = o.r
    indices = o.indices
    if o.result is None:
        return _set_result(o, [pool[indices[i]] for i in range(r)])
    n = len(pool)
    if n == 0:
        o.stopped = True
        return None
    cycles = o.cycles
    i = r - 1
    while i >= 0:
        c = cycles[i] - 1
        if c == 0:
            x = indices[i]
            del indices[i]
            indices.append(x)
            cycles[i] = n - i
            i -= 1
        else:
            cycles[i] = c
            k = n - c
            indices[i], indices[k] = indices[k], indices[i]
            items = list(o.result.items)
            for m in range(i, r):
                items[m] = pool[indices[m]]
            return _set_result(o, items)
    o.stopped = True
    _unshare_result(o)
    return None


_COMB_FIELDS = ("pool", "result")
combinations_type = _make_type("combinations", PyCombinations, _combinations_next, 80,
                               _COMB_FIELDS,
                               doc="Return successive r-length combinations of elements in "
                                   "the iterable.")
cwr_type = _make_type("combinations_with_replacement", PyCombinations, _cwr_next, 80,
                      _COMB_FIELDS,
                      doc="Return successive r-length combinations of elements in the "
                          "iterable allowing individual elements to have successive "
                          "repeats.")
permutations_type = _make_type("permutations", PyCombinations, _permutations_next, 80,
                               _COMB_FIELDS,
                               doc="Return successive r-length permutations of elements in "
                                   "the iterable.")


def _new_comb(tp, pool, r, indices, cycles, stopped):
    o = _blank(tp, PyCombinations)
    o.pool = pool
    o.result = None
    o.indices = indices
    o.cycles = cycles
    o.r = r
    o.stopped = stopped
    return _alloc(o, tp)


def _combinations_new(args, kwargs):
    tp = _check_tp(args, combinations_type)
    iterable, robj = _parse("combinations", args[1:], kwargs, ("iterable", "r"), 2, 2)
    r = _ssize(robj)
    pool = _to_tuple(iterable)
    if r < 0:
        decref(pool)
        raise exc("ValueError", "r must be non-negative")
    n = len(pool.items)
    return _new_comb(tp, pool, r, list(range(r)) if r <= n else None, None, r > n)


def _cwr_new(args, kwargs):
    tp = _check_tp(args, cwr_type)
    iterable, robj = _parse("combinations_with_replacement", args[1:], kwargs,
                            ("iterable", "r"), 2, 2)
    r = _ssize(robj)
    pool = _to_tuple(iterable)
    if r < 0:
        decref(pool)
        raise exc("ValueError", "r must be non-negative")
    n = len(pool.items)
    stopped = n == 0 and r > 0
    return _new_comb(tp, pool, r, None if stopped else [0] * r, None, stopped)


def _permutations_new(args, kwargs):
    tp = _check_tp(args, permutations_type)
    iterable, robj = _parse("permutations", args[1:], kwargs, ("iterable", "r"), 1, 2)
    pool = _to_tuple(iterable)
    n = len(pool.items)
    r = n
    try:
        if robj is not None and robj is not NONE:
            if not isinstance(robj, PyInt):
                raise exc("TypeError", "Expected int as r")
            r = _ssize(robj)
        if r < 0:
            raise exc("ValueError", "r must be non-negative")
    except PyExc:
        decref(pool)
        raise
    if r > n:
        return _new_comb(tp, pool, r, None, None, True)
    return _new_comb(tp, pool, r, list(range(n)), list(range(n, n - r, -1)), False)


register_new(combinations_type, _combinations_new)
register_new(cwr_type, _cwr_new)
register_new(permutations_type, _permutations_new)


# ---------------------------------------------------------------------------
# The module
# ---------------------------------------------------------------------------

_tee_builtin = descr.new_builtin("tee", _tee_func, takes_kw=True, module="itertools")

core.static_mode = _static

_TYPES = {
    "count": count_type, "cycle": cycle_type, "repeat": repeat_type,
    "accumulate": accumulate_type, "chain": chain_type, "compress": compress_type,
    "dropwhile": dropwhile_type, "takewhile": takewhile_type, "filterfalse": filterfalse_type,
    "starmap": starmap_type, "pairwise": pairwise_type, "zip_longest": zip_longest_type,
    "islice": islice_type, "groupby": groupby_type, "product": product_type,
    "permutations": permutations_type, "combinations": combinations_type,
    "combinations_with_replacement": cwr_type, "_grouper": grouper_type, "_tee": tee_type,
    "_tee_dataobject": teedata_type,
}

_DOC = """Functional tools for creating and using iterators.

Infinite iterators:
count(start=0, step=1) --> start, start+step, start+2*step, ...
cycle(p) --> p0, p1, ... plast, p0, p1, ...
repeat(elem [,n]) --> elem, elem, elem, ... endlessly or up to n times

Iterators terminating on the shortest input sequence:
accumulate(p[, func]) --> p0, p0+p1, p0+p1+p2
chain(p, q, ...) --> p0, p1, ... plast, q0, q1, ...
chain.from_iterable([p, q, ...]) --> p0, p1, ... plast, q0, q1, ...
compress(data, selectors) --> (d[0] if s[0]), (d[1] if s[1]), ...
dropwhile(pred, seq) --> seq[n], seq[n+1], starting when pred fails
groupby(iterable[, keyfunc]) --> sub-iterators grouped by value of keyfunc(v)
filterfalse(pred, seq) --> elements of seq where pred(elem) is False
islice(seq, [start,] stop [, step]) --> elements from
       seq[start:stop:step]
pairwise(s) --> (s[0],s[1]), (s[1],s[2]), (s[2], s[3]), ...
starmap(fun, seq) --> fun(*seq[0]), fun(*seq[1]), ...
tee(it, n=2) --> (it1, it2 , ... itn) splits one iterator into n
takewhile(pred, seq) --> seq[0], seq[1], until pred fails
zip_longest(p, q, ...) --> (p[0], q[0]), (p[1], q[1]), ...

Combinatoric generators:
product(p, q, ... [repeat=1]) --> cartesian product
permutations(p[, r])
combinations(p, r)
combinations_with_replacement(p, r)
"""


def make_module():
    for t in _TYPES.values():
        t.ob_refcnt += 1
    return build_module("itertools", {"tee": _tee_builtin}, dict(_TYPES), _DOC)


__all__ = ["make_module"]
