"""``compile``, ``eval`` and ``exec``: the compiler at the program's service.

minipy's parser and compiler live in the same process as its VM, so a string
of source becomes a code object exactly as a module's source does, and runs
in a fresh frame whose globals and locals are the dicts the caller names (by
default its own: a function's locals are then a snapshot, as in CPython, so
assignments made by ``exec`` do not reach the function's variables).  Errors
in the source are raised as minipy ``SyntaxError`` objects with CPython's
attributes (``msg``, ``filename``, ``lineno``, ``offset``, ``text``...).
"""

from minipy.errors import MiniSyntaxError
from minipy.objects import core
from minipy.objects.core import decref
from minipy.objects.dictobject import PyDict, dict_setitem_str
from minipy.objects.exceptions import PyExc, syntax_error_from
from minipy.objects.funcobject import PyCode
from minipy.objects.singletons import NONE, ret_none
from minipy.objects.strobject import PyStr
from minipy.runtime import abstract
from minipy.runtime.abstract import exc, type_name
from minipy.runtime.builtins_mod import builtin, b_locals, _vm

_MODES = ("exec", "eval", "single")


def _compile_source(source, filename, mode, fname, optimize=-1):
    """Compiler output for the str object *source*, or a minipy SyntaxError;
    ``optimize`` -1 is the interpreter's -O level."""
    from minipy.syntax import parse
    from minipy.compiler import compile_module
    text = source.value
    if "\0" in text:
        raise exc("SyntaxError", "source code string cannot contain null bytes")
    if mode == "eval" and fname == "eval":
        text = text.lstrip(" \t")           # eval() ignores leading blanks
    try:
        interp = _vm().interp
        if optimize < 0:
            optimize = interp.optimize
        code = compile_module(parse(text, filename, mode), filename, text, mode, optimize)
        interp.show_syntax_warnings(code, filename, text)
    except MiniSyntaxError as e:
        raise PyExc(syntax_error_from(e, mode)) from None
    return code


def _source_text(source, fname, what="code object"):
    """The str object for a str or bytes source (new reference), else None."""
    from minipy.objects.bytesobject import PyBytes
    from minipy.objects.strobject import new_str
    if isinstance(source, PyStr):
        return core.incref(source)
    if isinstance(source, PyBytes):
        try:
            text = source.value.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise exc("SyntaxError", "(unicode error) 'utf-8' codec can't decode byte 0x%02x "
                      "in position %d: %s" % (source.value[e.start], e.start, e.reason))
        return new_str(text)
    return None


def _code_object(source, mode, fname):
    """A new reference to the code object to run for eval/exec's first argument."""
    from minipy.vm.interpreter import load_code
    if isinstance(source, PyCode):
        n = len(source.code.co_freevars)
        if n:
            raise exc("TypeError", "code object passed to eval() may not contain free variables"
                      if fname == "eval" else
                      "code object requires a closure of exactly length %d" % n)
        return core.incref(source)
    text = _source_text(source, fname)
    if text is None:
        raise exc("TypeError", "%s() arg 1 must be a string, bytes or code object" % fname)
    try:
        return load_code(_compile_source(text, "<string>", mode, fname))
    finally:
        decref(text)


def _namespaces(args, fname):
    """(globals, locals) for eval/exec: borrowed objects, defaults from the caller."""
    g = args[1] if len(args) > 1 else None
    loc = args[2] if len(args) > 2 else None
    if g is not None and g is NONE:
        g = None
    if loc is not None and loc is NONE:
        loc = None
    if g is not None and not isinstance(g, PyDict):
        raise exc("TypeError", "%s() globals must be a dict, not %s" % (fname, type_name(g))
                  if fname == "exec" else "globals must be a dict")
    if loc is not None and abstract.lookup(loc.ob_type, "__getitem__") is None:
        raise exc("TypeError", "locals must be a mapping or None, not %s" % type_name(loc)
                  if fname == "exec" else "locals must be a mapping")
    frame = _vm().ts.frame
    if g is None:
        g = frame.globals
        if loc is None:
            loc = b_locals()        # (a new reference: dropped by the caller)
            return g, loc, True
    if loc is None:
        loc = g
    return g, loc, False


def _run(code_obj, g, loc):
    """Run the code object in a new frame with globals *g* and locals *loc*."""
    from minipy.vm.frame import Frame
    from minipy.vm.interpreter import new_function
    from minipy.bytecode.opcodes import CO_NEWLOCALS
    interp = _vm().interp
    if g.dv.get("__builtins__") is None:
        dict_setitem_str(g, "__builtins__", interp.builtins)
    b = g.dv.get("__builtins__")
    if not isinstance(b, PyDict):
        b = interp.builtins
    if code_obj.code.co_flags & CO_NEWLOCALS:
        # a function's code: run as a call of a function made of it, so its
        # cells, argument checks and generator nature are as for any call
        fn = new_function(core.incref(code_obj), g, b)
        try:
            return _vm().call_function(fn, [], None)
        finally:
            decref(fn)
    f = Frame(code_obj.code, code_obj, g, b, loc, None)
    # (the frame owns a reference to each)
    code_obj.ob_refcnt += 1
    g.ob_refcnt += 1
    loc.ob_refcnt += 1
    b.ob_refcnt += 1
    return _vm().run(f)


def _eval_or_exec(args, kwargs, fname, mode):
    n = len(args)
    if fname == "eval":
        if kwargs:
            raise exc("TypeError", "eval() takes no keyword arguments")
        if not 1 <= n <= 3:
            raise exc("TypeError", "eval expected at least 1 argument, got 0" if n < 1
                      else "eval expected at most 3 arguments, got %d" % n)
    elif not 1 <= n <= 3:
        raise exc("TypeError", "exec() takes at least 1 positional argument (0 given)" if n < 1
                  else "exec() takes at most 3 positional arguments (%d given)" % n)
    if kwargs:
        for k, v in kwargs.items():
            if k != "closure":
                raise exc("TypeError", "exec() got an unexpected keyword argument '%s'" % k)
            if v is not NONE:
                raise exc("TypeError", "exec() does not support a closure in minipy")
    g, loc, owned = _namespaces(args, fname)
    try:
        code_obj = _code_object(args[0], mode, fname)
        try:
            result = _run(code_obj, g, loc)
        finally:
            decref(code_obj)
    finally:
        if owned:
            decref(loc)
    if fname == "exec":
        decref(result)
        return ret_none()
    return result


@builtin("eval", 1, 3, True)
def b_eval(args, kwargs):
    return _eval_or_exec(args, kwargs, "eval", "eval")


@builtin("exec", 1, 3, True)
def b_exec(args, kwargs):
    return _eval_or_exec(args, kwargs, "exec", "exec")


_COMPILE_PARAMS = ("source", "filename", "mode", "flags", "dont_inherit", "optimize")


@builtin("compile", 0, 6, True)
def b_compile(args, kwargs):
    from minipy.vm.interpreter import load_code
    if len(args) > 6:
        raise exc("TypeError", "compile() takes at most 6 positional arguments (%d given)"
                  % len(args))
    values = dict(zip(_COMPILE_PARAMS, args))
    for k, v in (kwargs or {}).items():
        if k not in _COMPILE_PARAMS and k != "_feature_version":
            raise exc("TypeError", "compile() got an unexpected keyword argument '%s'" % k)
        if k in values:
            raise exc("TypeError", "argument for compile() given by name ('%s') and position (%d)"
                      % (k, _COMPILE_PARAMS.index(k) + 1))
        values[k] = v
    for i, name in enumerate(_COMPILE_PARAMS[:3]):
        if name not in values:
            raise exc("TypeError", "compile() missing required argument '%s' (pos %d)"
                      % (name, i + 1))
    source, filename, mode = values["source"], values["filename"], values["mode"]
    if not isinstance(mode, PyStr):
        raise exc("TypeError", "compile() argument 'mode' must be str, not %s" % type_name(mode))
    if mode.value not in _MODES:
        raise exc("ValueError", "compile() mode must be 'exec', 'eval' or 'single'")
    if not isinstance(filename, PyStr):
        raise exc("TypeError", "expected str, bytes or os.PathLike object, not %s"
                  % type_name(filename))
    flags = values.get("flags")
    if flags is not None and abstract.index_value(flags) & 0x400:
        raise exc("ValueError", "compile(): minipy has no ast module (PyCF_ONLY_AST)")
    optimize = values.get("optimize")
    optimize = -1 if optimize is None else abstract.index_value(optimize)
    if optimize < -1 or optimize > 2:
        raise exc("ValueError", "compile(): invalid optimize value")
    text = _source_text(source, "compile")
    if text is None:
        raise exc("TypeError", "compile() arg 1 must be a string, bytes or AST object")
    try:
        return load_code(_compile_source(text, filename.value, mode.value, "compile",
                                         optimize))
    finally:
        decref(text)
