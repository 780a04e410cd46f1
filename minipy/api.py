"""The embedding API: an ``Interpreter`` with its own heap, modules and output.

    interp = Interpreter(heap_profile="classic")
    status = interp.run_source("print(1 + 2)\\n", "<demo>")
    interp.stdout_text()        # "3\\n" when created with capture=True
    interp.heap                 # the simulated heap (minipy.memory.Heap)
    interp.audit()              # refcount audit report

Tests use it to reach a program's globals, refcounts and heap.
"""

import io
import os
import sys as host_sys

from minipy.errors import MiniSyntaxError, InternalError, ProcessExit
from minipy.memory import Heap, get_profile
from minipy.objects import core
from minipy.runtime.bootstrap import bootstrap


# standard modules that are packages in CPython (for the ImportError of a
# dotted name minipy cannot import: 'x' is not a package, or not)
_CPYTHON_PACKAGES = frozenset((
    "asyncio", "collections", "concurrent", "ctypes", "curses", "dbm", "email", "encodings",
    "html", "http", "importlib", "json", "logging", "multiprocessing", "sqlite3", "tkinter",
    "unittest", "urllib", "venv", "wsgiref", "xml", "xmlrpc", "zoneinfo"))


def without_first_line(text):
    """-x: *text* (str or bytes) with its first line left out, its number still
    counted (an empty line stands in for it)."""
    newline = "\n" if isinstance(text, str) else b"\n"
    nl = text.find(newline)
    return newline + text[nl + 1:] if nl >= 0 else text[:0]


def lib_path():
    """Where minipy's standard modules (written in minipy) are."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib")


class Interpreter:
    def __init__(self, heap_profile="classic", max_heap=None, capture=False, argv=None,
                 stdin=None, recursion_limit=1000, switch_every=None, optimize=None,
                 warnoptions=None, xoptions=None, flags=None):
        """``optimize`` (the -O level), ``warnoptions``
        (-W values) and ``xoptions`` (-X values: "name" or "name=value") are
        the command line's; ``flags`` overrides fields of ``sys.flags``."""
        bootstrap()
        from minipy.objects import strobject, floatobject, tupleobject, listobject, dictobject
        from minipy.runtime import abstract, builtins_core, builtins_mod, sysmodule
        from minipy.vm.interpreter import VM
        self.heap = Heap(get_profile(heap_profile), max_bytes=max_heap)
        core.bind_heap(self.heap)
        core.tracer = None
        strobject.reset_interned()
        # free lists hold blocks of the previous heap: start empty
        floatobject.clear_free_list()
        del listobject.free_list[:]
        del dictobject.free_list[:]
        for fl in tupleobject.free_lists:
            del fl[:]
        builtins_core.finalized.clear()
        from minipy.runtime import formatting
        formatting.INT_MAX_STR_DIGITS = 4300     # CPython's default limit
        from minipy.gc import state as gcstate, collector
        gcstate.bind(gcstate.GCState())
        collector.write_stderr = lambda text: self.host_write("stderr", text)
        self.optimize = optimize or 0
        self.warnoptions = list(warnoptions or ())
        self.xoptions = list(xoptions or ())
        self.flags = dict(flags or ())
        self.flags["optimize"] = self.optimize
        self.sources = {}
        # compiled files are kept in the code cache unless MINIPY_NO_CODE_CACHE is set
        self.code_cache = os.environ.get("MINIPY_NO_CODE_CACHE", "") in ("", "0")
        self.interrupted = False     # an uncaught KeyboardInterrupt ended the program
        self.hard_exit = False       # os._exit ended the (captured) program: no exit processing
        self.capture = capture
        self._out = io.StringIO() if capture else None
        self._err = io.StringIO() if capture else None
        self.stdin = stdin
        self.vm = VM(self)
        self.vm.recursion_limit = recursion_limit
        # the GIL: the main thread holds it from the start
        import _thread          # (not threading: a program without threads never needs it)
        from minipy.vm.gil import GIL
        self.vm.gil = GIL(self.vm, switch_every=switch_every)
        self.vm.ts.ident = self.vm.main_ident = _thread.get_ident()
        self.vm.gil.take(self.vm.ts)
        self.vm._rebuild_handlers()
        self.threads = {}            # ident -> (ThreadState, host thread) of running threads
        builtins_core.vm_ref[0] = self.vm
        abstract.call_function = self.vm.call_function
        self.builtins = builtins_mod.make_builtins_dict()
        self.search_path = []
        self.lib_path = lib_path()
        self.modules = dictobject.new_dict()         # sys.modules
        self.sys = sysmodule.make_sys(self, argv or [""])
        self.main = None

    # -- output --------------------------------------------------------------------

    def host_write(self, stream, text):
        if stream == "stdout":
            if self._out is not None:
                self._out.write(text)
            else:
                host_sys.stdout.write(text)
        else:
            if self._err is not None:
                self._err.write(text)
            else:
                host_sys.stdout.flush()
                host_sys.stderr.write(text)

    def stdout_text(self):
        return self._out.getvalue() if self._out is not None else ""

    def stderr_text(self):
        return self._err.getvalue() if self._err is not None else ""

    def write_to(self, fileobj, text):
        from minipy.runtime import sysmodule
        if type(fileobj) is sysmodule.PyTextStream:
            self.host_write(fileobj.stream, text)
            return
        from minipy.runtime import abstract
        from minipy.objects.strobject import new_str
        w = abstract.getattr_(fileobj, "write")
        s = new_str(text)
        try:
            core.decref(abstract.call(w, [s]))
        finally:
            core.decref(s)
            core.decref(w)

    def sys_attr(self, name):
        return self.sys.dict.dv.get(name)

    def _stdin_source(self):
        src = self.stdin if self.stdin is not None else host_sys.stdin
        if src is None:             # (the process was started with stdin closed)
            from minipy.runtime.abstract import exc
            raise exc("RuntimeError", "input(): lost sys.stdin")
        return src

    def read_stdin_line(self):
        line = self._stdin_source().readline()
        return line if line else None

    def read_stdin(self, n=-1):
        """Up to *n* characters of the program's input (all that is left if n < 0)."""
        src = self._stdin_source()
        return src.read() if n < 0 else src.read(n)

    def display_hook(self, v):
        from minipy.objects.singletons import NONE
        from minipy.runtime import abstract
        from minipy.objects.dictobject import dict_setitem_str
        if v is NONE:
            return
        self.write_to(self.sys_attr("stdout"), abstract.repr_host(v) + "\n")
        dict_setitem_str(self.builtins, "_", v)

    # -- compiling and running -------------------------------------------------------

    def compile(self, source, filename, mode="exec", module=False):
        """Compile a program or (``module``) an imported module (files' code
        comes from the code cache when it is there: see
        ``minipy.compiler.cache``).  SyntaxWarnings are shown when the code
        is compiled, and again from the cache for a program, never for a
        module (as CPython: it compiles the script at every run, a module
        once into its .pyc)."""
        self.sources[filename] = source
        cacheable = False
        if mode == "exec" and self.code_cache and not filename.startswith("<"):
            from minipy.compiler import cache
            cacheable = cache.cacheable(filename)
        if cacheable:
            code = cache.load(source, filename, self.optimize)
            if code is not None:
                if not module:
                    self.show_syntax_warnings(code, filename, source)
                return code
        # (only now: a run whose code is all cached never loads these)
        from minipy.syntax.parser import parse
        from minipy.compiler.codegen import compile_module
        code = compile_module(parse(source, filename, mode), filename, source, mode,
                              self.optimize)
        if cacheable:
            cache.store(source, filename, code, self.optimize)
        self.show_syntax_warnings(code, filename, source)
        return code

    def show_syntax_warnings(self, code, filename, source):
        """Issue the compiler's SyntaxWarnings for ``code``.  Once the program
        has imported ``warnings``, through its ``warn_explicit`` (its filters
        decide; one that turns the warning into an error makes it the
        SyntaxError CPython reports); before that, no filter can apply (minipy
        has no -W option): written to sys.stderr as the default filter shows
        them."""
        if not code.co_warnings:
            return
        mod = self.modules.dv.get("warnings")
        for msg, lineno, end_lineno, col, end_col in code.co_warnings:
            if mod is not None:
                self._warn_through_module(mod, msg, filename, lineno, end_lineno, col,
                                          end_col, source)
                continue
            text = "%s:%d: SyntaxWarning: %s\n" % (filename, lineno, msg)
            if not filename.startswith("<"):
                lines = source.splitlines()
                if 1 <= lineno <= len(lines) and lines[lineno - 1].strip():
                    text += "  %s\n" % lines[lineno - 1].strip()
            self.write_to(self.sys_attr("stderr"), text)

    def _warn_through_module(self, mod, msg, filename, lineno, end_lineno, col, end_col,
                             source):
        from minipy.objects.exceptions import PyExc, EXC_TYPES
        from minipy.objects.intobject import new_int
        from minipy.objects.strobject import new_str
        from minipy.objects.typeobject import is_subtype
        from minipy.runtime import abstract
        category = EXC_TYPES["SyntaxWarning"]
        args = [new_str(msg), core.incref(category), new_str(filename), new_int(lineno)]
        fn = abstract.getattr_(mod, "warn_explicit")
        try:
            core.decref(abstract.call(fn, args))
        except PyExc as e:
            if not is_subtype(e.exc.ob_type, category):
                raise
            core.decref(e.exc)
            # (CPython reads the line from the file: none for "<string>" and the like)
            lines = [] if filename.startswith("<") else source.splitlines()
            text = lines[lineno - 1] if 1 <= lineno <= len(lines) else None
            raise MiniSyntaxError(msg, filename, lineno, (col or 0) + 1, text, end_lineno,
                                  (end_col or 0) + 1) from None
        finally:
            core.decref(fn)
            for a in args:
                core.decref(a)

    def import_warnings(self):
        """Import the warnings module, which applies sys.warnoptions (-W) as
        it starts; an error in it is reported like an uncaught exception."""
        from minipy.objects.exceptions import PyExc
        try:
            core.decref(self.import_module("warnings", None, None))
        except PyExc as e:
            self.handle_uncaught(e.exc)

    def new_module(self, name, filename=None):
        from minipy.objects.dictobject import new_dict, dict_setitem_str
        from minipy.objects.moduleobject import new_module
        from minipy.objects.strobject import new_str
        from minipy.objects.singletons import NONE
        # the names CPython's import system (runpy, for __main__) puts in a
        # module's dict, in its order; minipy has no loader or spec objects
        d = new_dict()
        main = name == "__main__"
        keys = ["__name__", "__doc__", "__package__", "__loader__", "__spec__"]
        keys += (["__annotations__", "__builtins__", "__file__", "__cached__"] if main
                 else ["__file__", "__cached__", "__builtins__"])
        for k in keys:
            if k == "__file__" and not filename:
                continue
            if k == "__builtins__":
                # CPython's __main__ gets the builtins module, other modules its dict
                b = self.builtins
                if main:
                    b = self.modules.dv.get("builtins") or self._load_module("builtins")
                dict_setitem_str(d, k, b)
                continue
            v = new_str(name) if k == "__name__" else new_str(filename) if k == "__file__" \
                else new_dict() if k == "__annotations__" else core.incref(NONE)
            dict_setitem_str(d, k, v)
            core.decref(v)
        m = new_module(name, d)
        dict_setitem_str(self.modules, name, m)
        return m

    def exec_code(self, code, globals_dict):
        """Run a module-level code object in ``globals_dict``; returns the result."""
        from minipy.vm.interpreter import load_code
        from minipy.vm.frame import Frame
        pycode = load_code(code)
        self.vm.start_clock()
        f = Frame(code, pycode, globals_dict, self.builtins, globals_dict, None)
        globals_dict.ob_refcnt += 2
        self.builtins.ob_refcnt += 1
        return self.vm.run(f)

    def run_source(self, source, filename="<string>", name="__main__"):
        """Run a whole program; returns the exit status (0, 1 or sys.exit's)."""
        from minipy.objects.exceptions import PyExc
        try:
            code = self.compile(source, filename)
        except MiniSyntaxError as e:
            self.host_write("stderr", e.format())
            return 1
        if self.main is None:
            self.main = self.new_module(name, filename if filename[:1] != "<" else None)
        try:
            r = self.exec_code(code, self.main.dict)
            core.decref(r)
        except PyExc as e:
            return self.handle_uncaught(e.exc)
        except ProcessExit as e:     # os._exit: nothing more of the program runs
            self.hard_exit = True
            return e.status
        return 0

    def run_file(self, path, name="__main__", skip_first_line=False):
        """Run the program in the file *path* (``skip_first_line``: -x, the
        first line is left out, its number still counted)."""
        with open(path, "rb") as fh:
            data = fh.read()
        if skip_first_line:
            data = without_first_line(data)
        try:
            source = data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
        except UnicodeDecodeError as e:
            # CPython's tokenizer message for a file that is not UTF-8
            line = data.count(b"\n", 0, e.start) + 1
            self.host_write("stderr", "SyntaxError: Non-UTF-8 code starting with '\\x%02x' in file "
                            "%s on line %d, but no encoding declared; see "
                            "https://peps.python.org/pep-0263/ for details\n"
                            % (data[e.start], os.path.abspath(path), line))
            return 1
        path = os.path.abspath(path)       # CPython 3.9+ reports the main script absolutely
        # the program's directory comes first on the import path (not with -P;
        # with -m, the current directory)
        if self.flags.get("run_module"):
            d = os.getcwd()
        else:
            d = None if self.flags.get("safe_path") else os.path.dirname(path)
        if d is not None and d not in self.search_path:
            self.search_path.insert(0, d)
        return self.run_source(source, path, name)

    # -- threads -------------------------------------------------------------------------

    def thread_started(self, ts, host_thread):
        self.threads[id(ts)] = (ts, host_thread)

    def thread_finished(self, ts):
        self.threads.pop(id(ts), None)
        ts.frame = None

    def thread_count(self):
        return len(self.threads)

    def wait_for_threads(self):
        """At exit, like CPython: threading._shutdown() joins the non-daemon threads."""
        from minipy.objects.exceptions import PyExc
        from minipy.runtime import abstract
        m = self.modules.dv.get("threading")
        if m is None:
            return
        f = m.dict.dv.get("_shutdown")
        if f is None:
            return
        try:
            core.decref(abstract.call(f, []))
        except PyExc as e:
            self.handle_uncaught(e.exc)

    def run_exit_finalizers(self):
        """At exit (CPython's atexit step): the atexit module's functions, then
        the weakref.finalize objects still pending."""
        from minipy.objects.exceptions import PyExc
        from minipy.runtime import abstract
        ax = self.modules.dv.get("atexit")
        run = ax.dict.dv.get("_run_exitfuncs") if ax is not None and hasattr(ax, "dict") else None
        if run is not None:
            try:
                core.decref(abstract.call(run, []))
            except PyExc as e:
                self.handle_uncaught(e.exc)
        m = self.modules.dv.get("weakref")
        fin = m.dict.dv.get("finalize") if m is not None else None
        if fin is None:
            return
        try:
            f = abstract.getattr_(fin, "_exitfunc")
            try:
                core.decref(abstract.call(f, []))
            finally:
                core.decref(f)
        except PyExc as e:
            self.handle_uncaught(e.exc)

    def finalize(self):
        """Interpreter exit, as CPython 3.11 does it for ``__main__``: the module
        leaves ``sys.modules`` and is freed, and its globals dict is cleared in
        insertion order (what the final collection does to the dict/function
        cycle), so objects still alive at the end of the program are finalized
        and their ``__del__`` output appears after the program's own."""
        from minipy.objects.dictobject import dict_delitem_hk, dict_clear
        from minipy.objects.exceptions import PyExc
        if self.hard_exit:
            return
        self.wait_for_threads()
        self.run_exit_finalizers()
        self.flush_std_files()
        m = self.main
        if m is None:
            return
        d = m.dict
        d.ob_refcnt += 1
        self.main = None
        try:
            if self.modules.dv.get("__main__") is m:
                dict_delitem_hk(self.modules, "__main__")
            core.decref(m)
            if d.ob_refcnt > 1:
                dict_clear(d)
            # the final collection (CPython's _PyGC_CollectNoFail): cycles that
            # are garbage now have their finalizers run before the process ends
            from minipy.gc import state as gcstate, collector
            st = gcstate.state
            if not st.collecting:
                st.collecting = True
                try:
                    collector.collect(st, 2, "shutdown")
                finally:
                    st.collecting = False
        except PyExc as e:           # a __del__ that raised is reported where it ran
            core.decref(e.exc)
        finally:
            core.decref(d)
        self.host_flush()

    def flush_std_files(self):
        """CPython's flush_std_files() after the atexit step: a program that put
        its own object in sys.stdout / sys.stderr (a buffering wrapper) gets its
        flush() called, so what it holds is written."""
        from minipy.objects.exceptions import PyExc
        from minipy.objects.singletons import NONE
        from minipy.runtime import abstract, sysmodule
        for name in ("stdout", "stderr"):
            f = self.sys_attr(name)
            if f is None or f is NONE or type(f) is sysmodule.PyTextStream:
                continue
            try:
                fl = abstract.getattr_(f, "flush")
                try:
                    core.decref(abstract.call(fl, []))
                finally:
                    core.decref(fl)
            except PyExc as e:      # (CPython reports it as "Exception ignored")
                core.decref(e.exc)
        # finalize_modules then puts sys.__stdout__ & co. back: output while the
        # modules are torn down (__del__) goes to the real streams
        from minipy.objects.dictobject import dict_setitem_str
        d = self.sys.dict
        for name in ("stdin", "stdout", "stderr"):
            orig = d.dv.get("__%s__" % name)
            if orig is not None and d.dv.get(name) is not orig:
                dict_setitem_str(d, name, orig)

    def host_flush(self):
        if self._out is None:
            host_sys.stdout.flush()

    def handle_uncaught(self, e):
        """Print an uncaught exception (or act on SystemExit); returns the exit status."""
        from minipy.runtime import abstract
        from minipy.objects.exceptions import EXC_TYPES
        from minipy.objects.intobject import PyInt
        from minipy.objects.singletons import NONE
        from minipy.vm.traceback import format_exception
        try:
            if EXC_TYPES["SystemExit"] in e.ob_type.mro:
                items = e.args.items
                code = items[0] if len(items) == 1 else (e.args if items else NONE)
                if code is NONE:
                    return 0
                if isinstance(code, PyInt):
                    v = int(code.value)
                    # (CPython: a C long, -1 when it does not fit; the OS keeps 8 bits)
                    return v & 0xFF if -(1 << 63) <= v < (1 << 63) else 255
                self.host_write("stderr", abstract.str_host(code) + "\n")
                return 1
            text = "".join(format_exception(e, abstract.str_host, self.sources))
            self.host_write("stderr", text)
            if EXC_TYPES["KeyboardInterrupt"] in e.ob_type.mro:
                self.interrupted = True      # the command line ends by SIGINT, as CPython
            return 1
        finally:
            core.decref(e)

    def report_unraisable(self, e, obj, msg="Exception ignored in"):
        """CPython's "Exception ignored in: ..." report (for __del__ and callbacks)."""
        from minipy.runtime import abstract
        from minipy.objects.exceptions import PyExc
        from minipy.vm.traceback import format_exception
        try:
            where = abstract.repr_host(obj)
        except PyExc as err:      # repr of the object failed; report anyway
            core.decref(err.exc)
            where = "<object repr() failed>"
        text = "%s: %s\n" % (msg, where)
        # (CPython's unraisable hook prints no notes)
        text += "".join(format_exception(e, abstract.str_host, self.sources, notes=False))
        self.host_write("stderr", text)
        core.decref(e)

    # -- modules --------------------------------------------------------------------------

    def module_file(self, name):
        m = self.modules.dv.get(name)
        if m is not None:
            f = m.dict.dv.get("__file__")
            if f is not None:
                return f.value
        return "unknown location"

    def import_module(self, name, frame, fromlist):
        from minipy.runtime import abstract, sysmodule
        from minipy.objects.exceptions import PyExc
        parts = name.split(".")
        top = parts[0]
        m = self.modules.dv.get(top)
        if m is None:
            m = self._load_module(top)
        if m is None:
            raise abstract.exc("ModuleNotFoundError", "No module named '%s'" % top)
        if len(parts) > 1:
            # no packages: a dotted name reaches modules a module holds as
            # attributes (collections.abc); `import a.b` binds a, `from a.b
            # import x` imports from a.b
            from minipy.objects.moduleobject import PyModule
            sub = m
            for i, part in enumerate(parts[1:], 2):
                sub = sub.dict.dv.get(part)
                if not isinstance(sub, PyModule):
                    msg = "No module named '%s'" % ".".join(parts[:i])
                    if i == 2 and top not in _CPYTHON_PACKAGES:
                        msg += "; '%s' is not a package" % top
                    raise abstract.exc("ModuleNotFoundError", msg)
            if getattr(fromlist, "items", None):        # (a non-empty tuple)
                m = sub
        m.ob_refcnt += 1
        return m

    def _load_module(self, name):
        from minipy.runtime import sysmodule
        from minipy.objects.dictobject import dict_setitem_str
        maker = sysmodule.BUILTIN_MODULES.get(name)
        if maker is not None:
            m = maker(self)
            dict_setitem_str(self.modules, name, m)
            core.decref(m)
            return m
        for d in self.search_path + [self.lib_path]:
            # a program's own modules may be .mpy or, as CPython finds them, .py
            path = os.path.join(d, name + ".mpy")
            if not os.path.exists(path) and d is not self.lib_path:
                path = os.path.join(d, name + ".py")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as fh:
                    source = fh.read()
                try:
                    code = self.compile(source, path, module=True)
                except MiniSyntaxError as e:
                    from minipy.objects.exceptions import PyExc, syntax_error_from
                    raise PyExc(syntax_error_from(e)) from None
                m = self.new_module(name, path)
                core.decref(m)          # sys.modules keeps it
                try:
                    core.decref(self.exec_code(code, m.dict))
                except Exception:
                    from minipy.objects.dictobject import dict_delitem_hk
                    dict_delitem_hk(self.modules, name)
                    raise
                return m
        return None

    # -- inspection ----------------------------------------------------------------------------

    def globals(self):
        return self.main.dict if self.main is not None else None

    def lookup_global(self, name):
        d = self.globals()
        return d.dv.get(name) if d is not None else None

    def audit(self):
        from minipy.runtime.audit import audit
        return audit(self)
