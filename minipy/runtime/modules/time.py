"""The ``time`` module: clocks and sleep, on the host's clocks."""

import time as _htime

from ._common import arity_error, to_obj, host_call, builtin, build_module, to_host

FUNCS = {}


def _clock(name):
    hf = getattr(_htime, name)

    def impl(args, kwargs):
        if args or kwargs:
            raise arity_error(hf, args, kwargs)
        return to_obj(hf())
    impl.__name__ = "time_" + name
    FUNCS[name] = builtin("time", name, impl, 0, 0, True)


for _name in ("time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic",
              "monotonic_ns", "process_time", "process_time_ns", "thread_time",
              "thread_time_ns"):
    if hasattr(_htime, _name):
        _clock(_name)


def time_sleep(args, kwargs):
    if kwargs or len(args) != 1:
        raise arity_error(_htime.sleep, args, kwargs)
    secs = to_host(args[0])
    from ..builtins_core import vm_ref
    vm = vm_ref[0]
    if vm is not None and vm.gil is not None and isinstance(secs, (int, float)) and secs >= 0:
        vm.gil.sleep(vm.ts, secs)     # sleeping releases the GIL
    else:
        host_call(_htime.sleep, [secs])
    return to_obj(None)


FUNCS["sleep"] = builtin("time", "sleep", time_sleep, 1, 1, True)


def make_module():
    return build_module("time", FUNCS, {}, "This module provides various functions to "
                        "manipulate time values.")
