"""Host-side views of minipy objects for the visualizers.

Nothing here allocates a minipy object, changes a reference count or runs
program code (no ``__repr__`` is called): the pictures must not change what
they show.

* ``short_repr(o)``: a bounded, CPython-looking repr built from host data.
* ``children(o)``: the references a learner cares about, each with a label
  (``[0]``, ``.name``, ``'key'``...): container items, instance attributes,
  closure cells, bound-method parts.  Modules, classes, code objects and
  built-in functions are leaves, so a picture of a program does not drown in
  the runtime's own objects.
* ``frame_locals(f)``: (name, object) pairs of a frame.
"""

from minipy.runtime.bootstrap import bootstrap

bootstrap()      # the object model must be built (statically) before it is imported

from minipy.objects import core  # noqa: E402
from minipy.objects.dictobject import PyDict  # noqa: E402
from minipy.objects.floatobject import PyFloat  # noqa: E402
from minipy.objects.funcobject import PyCell, PyCode, PyFunction, PyMethod  # noqa: E402
from minipy.objects.intobject import PyInt  # noqa: E402
from minipy.objects.listobject import PyList  # noqa: E402
from minipy.objects.moduleobject import PyModule  # noqa: E402
from minipy.objects.setobject import PySet  # noqa: E402
from minipy.objects.strobject import PyStr  # noqa: E402
from minipy.objects.tupleobject import PyTuple  # noqa: E402
from minipy.objects.typeobject import PyType  # noqa: E402

EMBEDDED = -2          # gc_gen of an instance's inline attribute dict


def is_heap_object(o):
    """True for an object that lives in a heap block (not a static object)."""
    return o is not None and core.is_live(o)


def is_static(o):
    return o is not None and core.statics.get(o.ob_addr) is o


def type_name(o):
    return o.ob_type.name


def _trunc(text, limit):
    if len(text) <= limit:
        return text
    return text[:max(1, limit - 1)] + "\u2026"


def short_repr(o, limit=40, _depth=0):
    """A repr of ``o`` from host data, at most ``limit`` characters."""
    return _trunc(_repr(o, limit, _depth), limit)


def _repr(o, limit, depth):
    if o is None:
        return "<NULL>"
    tn = o.ob_type.name
    if isinstance(o, PyStr):
        v = o.value
        if len(v) > limit:
            return repr(v[:limit])[:-1] + "\u2026" + repr(v[:1])[-1:]
        return repr(v)
    if isinstance(o, PyInt):
        v = o.value
        if tn == "bool" or isinstance(v, bool):
            return "True" if v else "False"
        v = int(v)
        if abs(v) >= 10 ** 30:
            return "<int of %d digits>" % len(str(abs(v)))
        return str(v)
    if isinstance(o, PyFloat):
        return repr(o.value)
    if tn == "NoneType":
        return "None"
    if tn in ("ellipsis", "NotImplementedType"):
        return "Ellipsis" if tn == "ellipsis" else "NotImplemented"
    if isinstance(o, PyType):
        return "<class '%s'>" % o.name
    if isinstance(o, PyModule):
        return "<module '%s'>" % o.name
    if isinstance(o, PyFunction):
        return "<function %s>" % _host_name(o.qualname, o.code.co_name)
    if isinstance(o, PyCode):
        return "<code %s>" % o.code.co_name
    if depth >= 1:
        if isinstance(o, PyList):
            return "[\u2026]" if o.items else "[]"
        if isinstance(o, PyTuple):
            return "(\u2026)" if o.items else "()"
        if isinstance(o, PyDict):
            return "{\u2026}" if o.dv else "{}"
    if isinstance(o, (PyList, PyTuple)):
        items = o.items
        open_, close = ("[", "]") if isinstance(o, PyList) else ("(", ")")
        parts = _parts([x for x in items], limit, depth)
        if isinstance(o, PyTuple) and len(items) == 1 and not parts[-1].endswith("\u2026"):
            parts[0] += ","
        body = open_ + ", ".join(parts) + close
        return body if tn in ("list", "tuple") else "%s(%s)" % (tn, body)
    if isinstance(o, PyDict):
        out = []
        used = 0
        for hk, k in o.dk.items():
            v = o.dv.get(hk)
            s = "%s: %s" % (_repr(k, 16, depth + 1), _repr(v, 16, depth + 1))
            used += len(s) + 2
            if used > limit and out:
                out.append("\u2026")
                break
            out.append(s)
        body = "{" + ", ".join(out) + "}"
        return body if tn == "dict" else "%s(%s)" % (tn, body)
    if isinstance(o, PySet):
        members = [o.dk[hk] for hk in o.hs] if o.hs is not None else []
        if not members:
            return "%s()" % tn
        body = "{" + ", ".join(_parts(members, limit, depth)) + "}"
        return body if tn == "set" else "%s(%s)" % (tn, body)
    if isinstance(o, PyCell):
        return "<cell: %s>" % (_repr(o.contents, 16, depth + 1) if o.contents is not None
                               else "empty")
    if isinstance(o, PyMethod):
        f = o.func
        return "<bound method %s>" % _host_name(getattr(f, "qualname", None), tn)
    if tn in ("method_descriptor", "classmethod_descriptor"):
        owner = getattr(o, "owner", None)
        return "<method '%s' of '%s' objects>" % (getattr(o, "name", "?"),
                                                   getattr(owner, "name", "?"))
    if tn == "builtin_function_or_method":
        return "<built-in %s>" % getattr(o, "qualname", getattr(o, "name", "?"))
    args = getattr(o, "args", None)
    if o.ob_type.flags & 2 and isinstance(args, PyTuple):    # an exception
        return "%s(%s)" % (tn, ", ".join(_parts(args.items, limit, depth)))
    if o.ob_type.is_heaptype and depth == 0:
        # an instance of a user class: its attributes, the way a learner reads them
        attrs = instance_attributes(o)
        if attrs:
            out = []
            used = len(tn) + 3
            for name, v in attrs:
                s = "%s=%s" % (name, _repr(v, 12, depth + 1))
                used += len(s) + 2
                if used > limit and out:
                    out.append("\u2026")
                    break
                out.append(s)
            return "<%s %s>" % (tn, " ".join(out))
    if o.ob_type.is_heaptype:
        return "<%s>" % tn
    return "<%s object>" % tn


def _host_name(v, default):
    if isinstance(v, PyStr):
        return v.value
    if isinstance(v, str):
        return v
    return default


def _parts(items, limit, depth):
    out = []
    used = 2
    for x in items:
        s = _repr(x, 16, depth + 1)
        used += len(s) + 2
        if used > limit and out:
            out.append("\u2026")
            break
        out.append(s)
    return out


def instance_attributes(o):
    """(name, value) of an instance's attributes: its dict (inline or not) and slots."""
    out = []
    d = getattr(o, "inst_dict", None)
    if isinstance(d, PyDict):
        for hk, k in d.dk.items():
            out.append((k.value if isinstance(k, PyStr) else short_repr(k, 16), d.dv[hk]))
    sv = getattr(o, "slot_vals", None)
    if sv:
        names = o.ob_type.slotnames or ()
        for n, v in zip(names, sv):
            if v is not None:
                out.append((n, v))
    return out


def children(o):
    """Labelled references of ``o``: a list of (label, object)."""
    out = []
    if isinstance(o, (PyModule, PyType, PyCode)):
        return out
    tn = o.ob_type.name
    if tn in ("builtin_function_or_method",):
        s = getattr(o, "self_obj", None)
        if s is not None:
            out.append(("__self__", s))
        return out
    if isinstance(o, (PyList, PyTuple)):
        out.extend(("[%d]" % i, x) for i, x in enumerate(o.items))
    elif isinstance(o, PyDict):
        for hk, k in o.dk.items():
            v = o.dv.get(hk)
            if not isinstance(k, PyStr) and is_heap_object(k):
                out.append(("key", k))
            if v is not None:
                out.append((short_repr(k, 16), v))
    elif isinstance(o, PySet):
        if o.hs is not None:
            out.extend(("item", o.dk[hk]) for hk in o.hs)
    elif isinstance(o, PyFunction):
        if o.defaults is not None:
            out.append(("__defaults__", o.defaults))
        if o.closure is not None:
            names = o.code.co_freevars
            for i, c in enumerate(getattr(o.closure, "items", ())):
                out.append(("closure %s" % (names[i] if i < len(names) else i), c))
    elif isinstance(o, PyCell):
        if o.contents is not None:
            out.append(("contents", o.contents))
    elif isinstance(o, PyMethod):
        out.append(("__func__", o.func))
        out.append(("__self__", o.self_obj))
    elif tn == "generator":
        f = getattr(o, "frame", None)
        if f is not None:
            out.extend(frame_locals(f))
    elif o.ob_type.flags & 2:               # exceptions
        for label, attr in (("args", "args"), ("__cause__", "cause"),
                            ("__context__", "context"), ("__traceback__", "traceback")):
            v = getattr(o, attr, None)
            if v is not None and hasattr(v, "ob_type"):
                out.append((label, v))
    elif not hasattr(o, "inst_dict") and not hasattr(o, "slot_vals"):
        # anything else (iterators, slices, frames ...): the collector's view
        from minipy.gc import collector
        try:
            refs = collector.referents(o)
        except Exception:         # noqa: BLE001 - a half-built object: no children
            refs = ()
        for r in refs:
            if r is o.ob_type or isinstance(r, (PyType, PyModule)):
                continue
            out.append(("", r))
    # attributes of instances (of user classes, including built-in subclasses)
    d = getattr(o, "inst_dict", None)
    if isinstance(d, PyDict) and not (isinstance(o, PyFunction) and not d.dv):
        if d.gc_gen == EMBEDDED:
            out.extend(("." + n, v) for n, v in instance_attributes(o)
                       if not (isinstance(v, PyDict) and v is d))
        else:
            out.append(("__dict__", d))
            sv = getattr(o, "slot_vals", None)
            if sv:
                for n, v in zip(o.ob_type.slotnames or (), sv):
                    if v is not None:
                        out.append(("." + n, v))
    elif getattr(o, "slot_vals", None):
        for n, v in zip(o.ob_type.slotnames or (), o.slot_vals):
            if v is not None:
                out.append(("." + n, v))
    if isinstance(o, (PyDict,)) and o.ob_type.name != "dict":
        pass
    return [(label, c) for label, c in out if c is not None and hasattr(c, "ob_type")]


def frame_name(f):
    code = f.code
    name = code.co_name
    return name


def frame_locals(f, include_dunder=False):
    """(name, object) pairs of host frame ``f``: fast locals (cells
    dereferenced), or the namespace dict of a module or class body."""
    out = []
    code = f.code
    if f.locals is not None and isinstance(f.locals, PyDict) and not code.co_varnames:
        d = f.locals
        for hk, k in d.dk.items():
            name = k.value if isinstance(k, PyStr) else short_repr(k, 16)
            if not include_dunder and name.startswith("__") and name.endswith("__"):
                continue
            out.append((name, d.dv[hk]))
        return out
    names = list(code.co_varnames) + list(code.co_cellvars) + list(code.co_freevars)
    nl = len(code.co_varnames)
    fast = f.fast
    for i, name in enumerate(names):
        if i >= len(fast):
            break
        v = fast[i]
        if v is None:
            continue
        if i >= nl and isinstance(v, PyCell):
            if v.contents is None:
                continue
            v = v.contents
        out.append((name, v))
    return out


def frame_lineno(f):
    """The line a frame is executing (its current instruction, ``pc - 1``)."""
    code = f.code
    i = f.pc - 1
    lines = code.co_lines
    if 0 <= i < len(lines):
        return lines[i]
    return code.co_firstlineno


def frame_stack(vm):
    """Host frames from the outermost to the innermost."""
    out = []
    f = vm.ts.frame
    while f is not None:
        out.append(f)
        f = f.back
    out.reverse()
    return out
