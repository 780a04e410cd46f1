"""The container-related builtin functions: sorted, min, max, sum, all, any
(CPython 3.11's bltinmodule.c).  The builtins module wraps these."""

from minipy.objects.core import decref
from minipy.objects.intobject import PyInt, int_type, bool_type, new_int
from minipy.objects.floatobject import PyFloat, float_type, new_float
from minipy.objects.strobject import PyStr
from minipy.objects.singletons import NONE
from minipy.objects.exceptions import PyExc
from minipy.runtime import abstract
from minipy.runtime.abstract import exc
from minipy.runtime.containers_common import rich_compare_bool
from minipy.runtime.containers_list import sequence_list, list_sort, _sort_args

LONG_MAX = (1 << 63) - 1
LONG_MIN = -(1 << 63)


def _next_of(it):
    nx = it.ob_type.tp_iternext
    if nx is not None:
        return nx(it)
    return abstract.next_(it)


def sorted_impl(args, kwargs):
    """sorted(iterable, /, *, key=None, reverse=False)."""
    if len(args) != 1:
        raise exc("TypeError", "sorted expected 1 argument, got %d" % len(args))
    l = sequence_list(args[0])
    try:
        key, reverse = _sort_args([], kwargs)
        list_sort(l, key, reverse)
    except PyExc:
        decref(l)
        raise
    return l


def min_max_impl(args, kwargs, is_max):
    """min()/max() with key= and default=."""
    name = "max" if is_max else "min"
    op = 4 if is_max else 0
    positional = len(args) > 1
    if not args:
        raise exc("TypeError", "%s expected at least 1 argument, got 0" % name)
    keyfunc = None
    default = None
    if kwargs:
        for k, v in kwargs.items():
            if k == "key":
                keyfunc = v
            elif k == "default":
                default = v
            else:
                raise exc("TypeError", "'%s' is an invalid keyword argument for %s()" % (k, name))
    if positional and default is not None:
        raise exc("TypeError", "Cannot specify a default for %s() with multiple positional "
                  "arguments" % name)
    if keyfunc is NONE:
        keyfunc = None
    if positional:
        src = list(args)
        for x in src:
            x.ob_refcnt += 1
        it = None
    else:
        it = abstract.get_iter(args[0])
        src = None
    maxitem = None
    maxval = None
    pos = 0
    try:
        while True:
            if it is None:
                if pos >= len(src):
                    break
                item = src[pos]
                src[pos] = None
                pos += 1
            else:
                item = _next_of(it)
                if item is None:
                    break
            try:
                if keyfunc is not None:
                    val = abstract.call(keyfunc, [item])
                else:
                    val = item
                    item.ob_refcnt += 1
            except PyExc:
                decref(item)
                raise
            if maxval is None:
                maxitem = item
                maxval = val
                continue
            try:
                better = rich_compare_bool(val, maxval, op)
            except PyExc:
                decref(item)
                decref(val)
                raise
            if better:
                decref(maxval)
                decref(maxitem)
                maxval = val
                maxitem = item
            else:
                decref(item)
                decref(val)
    except PyExc:
        if maxval is not None:
            decref(maxval)
            decref(maxitem)
        raise
    finally:
        if it is not None:
            decref(it)
        elif src is not None:
            for x in src[pos:]:
                decref(x)
    if maxval is None:
        if default is not None:
            default.ob_refcnt += 1
            return default
        raise exc("ValueError", "%s() arg is an empty sequence" % name)
    decref(maxval)
    return maxitem


def sum_impl(args, kwargs):
    """sum(iterable, /, start=0) with CPython's int and float fast paths."""
    n = len(args)
    if n < 1:
        raise exc("TypeError", "sum() takes at least 1 positional argument (0 given)")
    if n + (len(kwargs) if kwargs else 0) > 2:
        raise exc("TypeError", "sum() takes at most 2 arguments (%d given)"
                  % (n + len(kwargs or ())))
    start = args[1] if n == 2 else None
    if kwargs:
        for k, v in kwargs.items():
            if k != "start":
                raise exc("TypeError", "'%s' is an invalid keyword argument for sum()" % k)
            start = v
    it = abstract.get_iter(args[0])
    try:
        if start is None:
            result = new_int(0)
        else:
            if isinstance(start, PyStr):
                raise exc("TypeError", "sum() can't sum strings [use ''.join(seq) instead]")
            from minipy.objects.bytesobject import PyBytes, PyByteArray
            if isinstance(start, (PyBytes, PyByteArray)):
                raise exc("TypeError", "sum() can't sum %s [use b''.join(seq) instead]"
                          % ("bytes" if isinstance(start, PyBytes) else "bytearray"))
            start.ob_refcnt += 1
            result = start
        try:
            result = _sum_loop(it, result)
        except PyExc:
            raise
        return result
    finally:
        decref(it)


def _sum_loop(it, result):
    # int fast path
    if result.ob_type is int_type and LONG_MIN <= result.value <= LONG_MAX:
        i_result = int(result.value)
        decref(result)
        result = None
        while result is None:
            item = _next_of(it)
            if item is None:
                return new_int(i_result)
            t = item.ob_type
            if t is int_type or t is bool_type:
                b = int(item.value)
                if LONG_MIN <= i_result + b <= LONG_MAX:
                    i_result += b
                    decref(item)
                    continue
            result = new_int(i_result)
            try:
                temp = abstract.binary_op(result, item, 0)
            finally:
                decref(result)
                decref(item)
            result = temp
    if result.ob_type is float_type:
        f_result = result.value
        decref(result)
        result = None
        while result is None:
            item = _next_of(it)
            if item is None:
                return new_float(f_result)
            t = item.ob_type
            if t is float_type:
                f_result += item.value
                decref(item)
                continue
            if isinstance(item, PyInt):
                v = int(item.value)
                if LONG_MIN <= v <= LONG_MAX:
                    f_result += float(v)
                    decref(item)
                    continue
            result = new_float(f_result)
            try:
                temp = abstract.binary_op(result, item, 0)
            finally:
                decref(result)
                decref(item)
            result = temp
    while True:
        try:
            item = _next_of(it)
        except PyExc:
            decref(result)
            raise
        if item is None:
            return result
        try:
            temp = abstract.binary_op(result, item, 0)
        finally:
            decref(result)
            decref(item)
        result = temp


def all_impl(iterable):
    it = abstract.get_iter(iterable)
    try:
        while True:
            x = _next_of(it)
            if x is None:
                return abstract.new_bool(True)
            try:
                ok = abstract.truth(x)
            finally:
                decref(x)
            if not ok:
                return abstract.new_bool(False)
    finally:
        decref(it)


def any_impl(iterable):
    it = abstract.get_iter(iterable)
    try:
        while True:
            x = _next_of(it)
            if x is None:
                return abstract.new_bool(False)
            try:
                ok = abstract.truth(x)
            finally:
                decref(x)
            if ok:
                return abstract.new_bool(True)
    finally:
        decref(it)
