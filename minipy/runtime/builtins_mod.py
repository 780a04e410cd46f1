"""The ``builtins`` namespace: builtin functions and the names of the built-in types.

The function objects are static (created once per process); each interpreter
gets a fresh ``builtins`` dict holding them, so a program that rebinds a
builtin name changes only its own interpreter.
"""

from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.typeobject import PyType, type_type, object_type, lookup
from minipy.objects.descr import new_builtin
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int, new_bool
from minipy.objects.floatobject import PyFloat, float_type, new_float
from minipy.objects.complexobject import complex_type
from minipy.objects.strobject import PyStr, str_type, new_str, intern_obj
from minipy.objects.tupleobject import tuple_type, new_tuple
from minipy.objects.listobject import new_list
from minipy.objects.dictobject import new_dict, dict_setitem_str, dict_setitem
from minipy.objects.singletons import NONE, NOTIMPL, ELLIPSIS, ret_none
from minipy.objects.funcobject import staticmethod_type, classmethod_type, property_type
from minipy.objects.exceptions import EXC_TYPES, PyExc
from minipy.objects.iterobject import PyRange
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name, call, repr_host, str_host
from minipy.runtime import builtins_core
from minipy.objects.genobject import PyGen, coroutine_wrapper_type
from minipy.runtime.builtins_core import super_type, _dir_names, _build_class_impl

FUNCS = {}


def builtin(name, minargs=0, maxargs=0, takes_kw=False):
    def deco(fn):
        FUNCS[name] = new_builtin(name, fn, minargs, maxargs, takes_kw)
        return fn
    return deco


def _vm():
    return builtins_core.vm_ref[0]


@builtin("print", 0, 1 << 30, True)
def b_print(args, kwargs):
    sep = end = file = None
    flush = False
    if kwargs:
        for k, v in kwargs.items():
            if k == "sep":
                sep = v
            elif k == "end":
                end = v
            elif k == "file":
                file = v
            elif k == "flush":
                flush = abstract.truth(v)
            else:
                raise exc("TypeError", "'%s' is an invalid keyword argument for print()" % k)
    for what, v in (("sep", sep), ("end", end)):
        if v is not None and v is not NONE and not isinstance(v, PyStr):
            raise exc("TypeError", "%s must be None or a string, not %s" % (what, type_name(v)))
    sep_s = " " if sep is None or sep is NONE else sep.value
    end_s = "\n" if end is None or end is NONE else end.value
    interp = _vm().interp
    if file is None or file is NONE:
        file = interp.sys_attr("stdout")
        if file is None:
            return ret_none()
    from minipy.runtime.sysmodule import PyTextStream
    if type(file) is PyTextStream:
        interp.write_to(file, sep_s.join([str_host(a) for a in args]) + end_s)
    else:
        # a program's own file object sees CPython's calls: each argument, each
        # separator and the end are written one by one
        for i, a in enumerate(args):
            if i:
                interp.write_to(file, sep_s)
            interp.write_to(file, str_host(a))
        interp.write_to(file, end_s)
    if flush:
        fl = abstract.getattr_(file, "flush")
        decref(call(fl, []))
        decref(fl)
    return ret_none()


@builtin("input", 0, 1)
def b_input(prompt=None):
    interp = _vm().interp
    if prompt is not None:
        interp.write_to(interp.sys_attr("stdout"), str_host(prompt))
    stdin = interp.sys_attr("stdin")
    if stdin is None or stdin is interp.sys_attr("__stdin__"):
        line = interp.read_stdin_line()
    else:
        # a program's own sys.stdin (an io.StringIO...): read through it
        readline = abstract.getattr_(stdin, "readline")
        try:
            r = call(readline, [])
        finally:
            decref(readline)
        try:
            line = str_host(r) or None
        finally:
            decref(r)
    if line is None:
        raise exc("EOFError", "EOF when reading a line")
    return new_str(line[:-1] if line.endswith("\n") else line)


@builtin("len", 1, 1)
def b_len(o):
    return new_int(abstract.length(o))


@builtin("repr", 1, 1)
def b_repr(o):
    return abstract.repr_(o)


@builtin("ascii", 1, 1)
def b_ascii(o):
    return new_str(repr_host(o).encode("ascii", "backslashreplace").decode("ascii"))


@builtin("abs", 1, 1)
def b_abs(o):
    f = lookup(o.ob_type, "__abs__")
    if f is None:
        raise exc("TypeError", "bad operand type for abs(): '%s'" % type_name(o))
    return abstract.call_dunder(f, o, ())


@builtin("callable", 1, 1)
def b_callable(o):
    return new_bool(isinstance(o, PyType) or lookup(o.ob_type, "__call__") is not None)


@builtin("chr", 1, 1)
def b_chr(o):
    i = abstract.index_value(o)
    if not 0 <= i <= 0x10FFFF:
        raise exc("ValueError", "chr() arg not in range(0x110000)")
    return new_str(chr(i))


@builtin("ord", 1, 1)
def b_ord(o):
    if not isinstance(o, PyStr):
        from minipy.objects.bytesobject import PyBytes, PyByteArray
        if isinstance(o, (PyBytes, PyByteArray)):
            if len(o.value) != 1:
                raise exc("TypeError", "ord() expected a character, but string of length %d "
                          "found" % len(o.value))
            return new_int(o.value[0])
        raise exc("TypeError", "ord() expected string of length 1, but %s found" % type_name(o))
    if len(o.value) != 1:
        raise exc("TypeError", "ord() expected a character, but string of length %d found"
                  % len(o.value))
    return new_int(ord(o.value))


@builtin("divmod", 2, 2)
def b_divmod(a, b):
    from minipy.bytecode.opcodes import BINARY_OPS
    fa = lookup(a.ob_type, "__divmod__")
    if fa is not None:
        r = abstract.call_dunder(fa, a, (b,))
        if r is not NOTIMPL:
            return r
        decref(r)
    fb = lookup(b.ob_type, "__rdivmod__")
    if fb is not None:
        r = abstract.call_dunder(fb, b, (a,))
        if r is not NOTIMPL:
            return r
        decref(r)
    raise exc("TypeError", "unsupported operand type(s) for divmod(): '%s' and '%s'"
              % (type_name(a), type_name(b)))


def _ternary_pow(a, b, m):
    """pow(a, b, m) with m not None: CPython's ternary_op.  A user class's
    ``__rpow__`` never takes part (slot_nb_power calls only ``__pow__``); a
    built-in type's ``__rpow__`` and the modulus's own type do."""
    from minipy.objects.complexobject import PyComplex
    from minipy.objects.descr import PyMethodDescr
    from minipy.objects.typeobject import is_subtype
    ta, tb, tm = a.ob_type, b.ob_type, m.ob_type
    fa = lookup(ta, "__pow__")
    fb = lookup(tb, "__rpow__") if tb is not ta else None
    if fb is not None and (type(fb) is not PyMethodDescr or fb is lookup(ta, "__rpow__")):
        fb = None
    if fa is not None:
        if fb is not None and is_subtype(tb, ta):
            r = fb.impl(b, a, m)
            if r is not NOTIMPL:
                return r
            decref(r)
            fb = None
        r = abstract.call_dunder(fa, a, (b, m))
        if r is not NOTIMPL:
            return r
        decref(r)
    if fb is not None:
        r = fb.impl(b, a, m)
        if r is not NOTIMPL:
            return r
        decref(r)
    # the modulus's type: float's and complex's nb_power accept int/float(/complex)
    # operands and then reject any modulus
    if tm is not ta and tm is not tb:
        def real(o):
            return isinstance(o, (PyInt, PyFloat))
        if tm is float_type and real(a) and real(b):
            raise exc("TypeError",
                      "pow() 3rd argument not allowed unless all arguments are integers")
        if tm is complex_type and (real(a) or isinstance(a, PyComplex)) and \
                (real(b) or isinstance(b, PyComplex)):
            raise exc("ValueError", "complex modulo")
    raise exc("TypeError", "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'"
              % (type_name(a), type_name(b), type_name(m)))


def _clinic_args(fname, args, kwargs, names, nrequired):
    """Positional-or-keyword parameters ``names`` of an Argument Clinic function
    (the first ``nrequired`` required): the arguments as a positional list, with
    CPython's errors."""
    if len(args) + len(kwargs or ()) > len(names):
        raise exc("TypeError", "%s() takes at most %d arguments (%d given)"
                  % (fname, len(names), len(args) + len(kwargs or ())))
    if kwargs or len(args) < nrequired:
        kw = dict(kwargs or ())
        args = list(args)
        for i, name in enumerate(names):
            if i < len(args):
                continue
            if name in kw:
                args.append(kw.pop(name))
            elif i < nrequired:
                raise exc("TypeError", "%s() missing required argument '%s' (pos %d)"
                          % (fname, name, i + 1))
            else:
                args.append(None)         # (an optional parameter left out)
        for name in kw:
            if name in names:
                raise exc("TypeError", "argument for %s() given by name ('%s') and position (%d)"
                          % (fname, name, names.index(name) + 1))
            raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (name, fname))
        while args and args[-1] is None:
            args.pop()
    return args


@builtin("pow", 0, 3, True)
def b_pow(args, kwargs):
    args = _clinic_args("pow", args, kwargs, ("base", "exp", "mod"), 2)
    if len(args) == 3 and args[2] is not NONE:
        return _ternary_pow(args[0], args[1], args[2])
    return abstract.binary_op(args[0], args[1], 6)


@builtin("round", 0, 2, True)
def b_round(args, kwargs):
    args = _clinic_args("round", args, kwargs, ("number", "ndigits"), 1)
    return _round(*args)


def _round(x, nd=None):
    f = lookup(x.ob_type, "__round__")
    if f is None:
        raise exc("TypeError", "type %s doesn't define __round__ method" % type_name(x))
    if nd is None or nd is NONE:
        return abstract.call_dunder(f, x, ())
    return abstract.call_dunder(f, x, (nd,))


@builtin("format", 1, 2)
def b_format(v, spec=None):
    if spec is not None and not isinstance(spec, PyStr):
        raise exc("TypeError", "format() argument 2 must be str, not %s"
                  % ("None" if spec is NONE else type_name(spec)))
    return new_str(abstract.format_(v, spec.value if spec is not None else ""))


@builtin("getattr", 2, 3)
def b_getattr(o, name, default=None):
    if not isinstance(name, PyStr):
        raise exc("TypeError", "attribute name must be string, not '%s'" % type_name(name))
    try:
        return abstract.getattr_(o, name.value)
    except PyExc as e:
        if default is None or not abstract.isinstance_(e.exc, EXC_TYPES["AttributeError"]):
            raise
        decref(e.exc)
        default.ob_refcnt += 1
        return default


@builtin("setattr", 3, 3)
def b_setattr(o, name, v):
    if not isinstance(name, PyStr):
        raise exc("TypeError", "attribute name must be string, not '%s'" % type_name(name))
    abstract.setattr_(o, name.value, v)
    return ret_none()


@builtin("delattr", 2, 2)
def b_delattr(o, name):
    abstract.delattr_(o, name.value)
    return ret_none()


@builtin("hasattr", 2, 2)
def b_hasattr(o, name):
    if not isinstance(name, PyStr):
        raise exc("TypeError", "attribute name must be string, not '%s'" % type_name(name))
    try:
        r = abstract.getattr_(o, name.value)
    except PyExc as e:
        if not abstract.isinstance_(e.exc, EXC_TYPES["AttributeError"]):
            raise
        decref(e.exc)
        return new_bool(False)
    decref(r)
    return new_bool(True)


@builtin("hash", 1, 1)
def b_hash(o):
    return new_int(abstract.hash_(o))


def _int_to_base(o, prefix, fmt):
    i = abstract.index_value(o)
    s = format(abs(i), fmt)
    return new_str(("-" if i < 0 else "") + prefix + s)


@builtin("hex", 1, 1)
def b_hex(o):
    return _int_to_base(o, "0x", "x")


@builtin("oct", 1, 1)
def b_oct(o):
    return _int_to_base(o, "0o", "o")


@builtin("bin", 1, 1)
def b_bin(o):
    return _int_to_base(o, "0b", "b")


@builtin("id", 1, 1)
def b_id(o):
    return new_int(o.ob_addr)


@builtin("isinstance", 2, 2)
def b_isinstance(o, cls):
    return new_bool(abstract.isinstance_(o, cls))


@builtin("issubclass", 2, 2)
def b_issubclass(c, cls):
    return new_bool(abstract.issubclass_(c, cls))


@builtin("iter", 1, 2)
def b_iter(o, sentinel=None):
    if sentinel is None:
        return abstract.get_iter(o)
    from minipy.objects.iterobject import new_iter
    return new_iter(_callable_iter_type, o, aux=core.incref(sentinel))


def _callable_iter_next(it):
    if it.src is None:
        return None
    v = call(it.src, [])
    if abstract.eq(v, it.aux):
        decref(v)
        s, it.src = it.src, None
        decref(s)
        return None
    return v


from minipy.objects.iterobject import make_iter_type  # noqa: E402
_callable_iter_type = make_iter_type("callable_iterator", _callable_iter_next)
builtins_core.add_iterator_protocol(_callable_iter_type)


@builtin("next", 1, 2)
def b_next(it, default=None):
    if it.ob_type.tp_iternext is None and lookup(it.ob_type, "__next__") is None:
        raise exc("TypeError", "'%s' object is not an iterator" % type_name(it))
    if type(it) is PyGen or it.ob_type is coroutine_wrapper_type:
        # a finished generator's return value travels in the StopIteration
        yielded, v = _vm().gen_resume(it if type(it) is PyGen else it.src, None)
        if not yielded:
            if default is not None:
                if v is not None:
                    decref(v)
                default.ob_refcnt += 1
                return default
            raise builtins_core._stop_iteration(v)
        return v
    v = abstract.next_(it)
    if v is None:
        if default is not None:
            default.ob_refcnt += 1
            return default
        raise exc("StopIteration")
    return v


@builtin("vars", 0, 1)
def b_vars(o=None):
    if o is None:
        return b_locals()
    d = abstract.instance_dict(o)
    if d is not None:
        from minipy.gc.state import materialize
        materialize(d)
    if d is None:
        if isinstance(o, PyType):
            return builtins_core._mappingproxy(o)
        if o.ob_type.has_dict and hasattr(type(o), "inst_dict"):
            # an instance whose __dict__ was never needed yet: made now
            return builtins_core._instance_dict_getter(o)
        raise exc("TypeError", "vars() argument must have __dict__ attribute")
    d.ob_refcnt += 1
    return d


@builtin("dir", 0, 1)
def b_dir(o=None):
    from minipy.objects.moduleobject import module_type
    if o is None:
        f = _vm().ts.frame
        d = f.locals if f.locals is not None else None
        if d is None:
            names = sorted(n for i, n in enumerate(f.code.co_varnames) if f.fast[i] is not None)
        else:
            names = sorted(k for k in d.dv if isinstance(k, str))
        return new_list([new_str(n) for n in names])
    f = lookup(o.ob_type, "__dir__")
    md = o.dict.dv.get("__dir__") if o.ob_type is module_type else None
    if md is not None or f is not None and (not isinstance(o, PyType)
                                            or f is not lookup(object_type, "__dir__")):
        # (a class's own metaclass __dir__ counts; object's is not type's;
        # a module's own __dir__ function is module.__dir__'s answer)
        r = abstract.call(md, [], None) if md is not None else abstract.call_dunder(f, o, ())
        items = abstract.sequence_to_list(r)
        decref(r)
        items.sort(key=lambda x: x.value)
        return new_list(items)
    return new_list(_dir_names(o))


@builtin("__import__", 0, 5, True)
def b_import(args, kwargs):
    args = _clinic_args("__import__", args, kwargs,
                        ("name", "globals", "locals", "fromlist", "level"), 1)
    name = args[0]
    if not isinstance(name, PyStr):
        raise exc("TypeError", "module name must be a string")
    level = args[4] if len(args) > 4 else None
    if level is not None and abstract.index_value(level) != 0:
        raise exc("ImportError", "attempted relative import with no known parent package")
    if not name.value:
        raise exc("ValueError", "Empty module name")
    fromlist = args[3] if len(args) > 3 and args[3] is not NONE else None
    return _vm().interp.import_module(name.value, _vm().ts.frame, fromlist)


@builtin("globals", 0, 0)
def b_globals():
    g = _vm().ts.frame.globals
    g.ob_refcnt += 1
    return g


@builtin("locals", 0, 0)
def b_locals():
    f = _vm().ts.frame
    if f.locals is not None:
        f.locals.ob_refcnt += 1
        return f.locals
    d = new_dict()
    names = f.code.co_varnames + f.code.co_cellvars + f.code.co_freevars
    for i, n in enumerate(names):
        v = f.fast[i] if i < f.nlocals else (f.fast[i].contents if f.fast[i] is not None else None)
        if v is not None:
            dict_setitem_str(d, n, v)
    return d


@builtin("__build_class__", 2, 1 << 30, True)
def b_build_class(args, kwargs):
    return _build_class_impl(args, kwargs)


@builtin("exit", 0, 1)
def b_exit(code=None):
    args = [] if code is None or code is NONE else [core.incref(code)]
    raise abstract.exc_args(EXC_TYPES["SystemExit"], args)


FUNCS["quit"] = FUNCS["exit"]


def _containers_funcs():
    from minipy.runtime import containers as c
    for name, impl, kw in (("sorted", "sorted_impl", True), ("sum", "sum_impl", True),
                           ("all", "all_impl", False), ("any", "any_impl", False)):
        fn = getattr(c, impl, None)
        if fn is None:
            continue
        if kw:
            FUNCS[name] = new_builtin(name, fn, takes_kw=True)
        else:
            FUNCS[name] = new_builtin(name, fn, 1, 1)
    mm = getattr(c, "min_max_impl", None)
    if mm is not None:
        FUNCS["min"] = new_builtin("min", lambda a, k: mm(a, k, False), takes_kw=True)
        FUNCS["max"] = new_builtin("max", lambda a, k: mm(a, k, True), takes_kw=True)
    return getattr(c, "BUILTIN_TYPES", {})


CONTAINER_TYPES = _containers_funcs()


def builtin_types():
    """name -> the built-in type the builtins namespace binds to it."""
    types = {"object": object_type, "type": type_type, "int": int_type, "bool": bool_type,
             "float": float_type, "str": str_type, "tuple": tuple_type,
             "complex": complex_type,
             "super": super_type, "staticmethod": staticmethod_type,
             "classmethod": classmethod_type, "property": property_type}
    from minipy.objects.listobject import list_type
    from minipy.objects.dictobject import dict_type
    from minipy.objects.setobject import set_type, frozenset_type
    types.update({"list": list_type, "dict": dict_type, "set": set_type,
                  "frozenset": frozenset_type})
    from minipy.objects.bytesobject import bytes_type, bytearray_type
    types.update({"bytes": bytes_type, "bytearray": bytearray_type})
    types.update(CONTAINER_TYPES)
    types.update(EXC_TYPES)
    types["EnvironmentError"] = types["IOError"] = EXC_TYPES["OSError"]
    return types


def install_type_docs():
    """Give each built-in type the ``__doc__`` CPython's has (run once, while
    the static world is built).  The text is the host's own docstring for
    the type of the same name: the same words when the host is CPython 3.11;
    on another host (PyPy) the types it words differently take CPython's
    words from ``cpython_docs``."""
    import builtins as host_builtins
    import sys as host_sys
    cpython_docs = {}
    if host_sys.implementation.name != "cpython" or host_sys.version_info[:2] != (3, 11):
        from minipy.runtime.cpython_docs import DOCS as cpython_docs
    for name, t in builtin_types().items():
        host = getattr(host_builtins, name, None)
        doc = getattr(host, "__doc__", None) if isinstance(host, type) else None
        doc = cpython_docs.get(getattr(host, "__name__", name), doc)
        if isinstance(doc, str) and t.dict.dv.get("__doc__") is None:
            s = new_str(doc)
            dict_setitem_str(t.dict, "__doc__", s)
            decref(s)


def _open_first(args, kwargs):
    # open() before anything has loaded the _io module: load it (its file
    # types and their methods, hundreds of static objects and a fifth of
    # PyPy's start-up, which most programs never need) and call its open;
    # loading it makes OPEN call _io's open directly from then on
    from minipy.runtime.modules import _io
    return _io.b_open(args, kwargs)


# open() is io.open: _io's FUNCS["open"] is this same object
OPEN = new_builtin("open", _open_first, 1, 8, takes_kw=True, module="io")


# asynchronous iteration (asyncgen.py holds the machinery)
from minipy.runtime import asyncgen  # noqa: E402
builtin("aiter", 1, 1)(asyncgen.b_aiter)
builtin("anext", 1, 2)(asyncgen.b_anext)


def make_builtins_dict():
    """A fresh builtins namespace for one interpreter."""
    d = new_dict()
    for name, f in FUNCS.items():
        dict_setitem_str(d, name, f)
    dict_setitem_str(d, "open", OPEN)       # open() is io.open
    for name, t in builtin_types().items():
        dict_setitem_str(d, name, t)
    dict_setitem_str(d, "None", NONE)
    dict_setitem_str(d, "NotImplemented", NOTIMPL)
    dict_setitem_str(d, "Ellipsis", ELLIPSIS)
    dict_setitem_str(d, "True", new_bool(True))
    dict_setitem_str(d, "False", new_bool(False))
    for n in ("True", "False"):
        decref(d.dv[n])
    dict_setitem_str(d, "__name__", new_str("builtins"))
    decref(d.dv["__name__"])
    return d
