"""Built-in container types: list, tuple, dict (and its views), set, frozenset,
range, slice, and the iterator types enumerate, zip, map, filter, reversed.

Importing this module (bootstrap does it with ``core.static_mode`` on)
registers every method on the built-in types.  The implementation is split
over ``containers_*.py``:

* ``containers_common``  – shared helpers (slices, hashes, recursion guards...)
* ``containers_sort``    – CPython's timsort, for list.sort/sorted
* ``containers_list``, ``containers_tuple``, ``containers_dict``,
  ``containers_set``, ``containers_range`` (range and slice),
  ``containers_iter`` (enumerate/zip/map/filter/reversed),
  ``containers_builtins`` (sorted/min/max/sum/all/any).

Exports for the builtins module: ``BUILTIN_TYPES``, ``sorted_impl``,
``min_max_impl``, ``sum_impl``, ``all_impl``, ``any_impl``, and
``FAST_CALL`` (exact type -> ``impl(args, kwargs)`` that builds an instance in
one step, usable by ``type_call`` as CPython's vectorcall shortcut).
"""

from minipy.objects.listobject import list_type
from minipy.objects.tupleobject import tuple_type
from minipy.objects.dictobject import dict_type
from minipy.objects.setobject import set_type, frozenset_type
from minipy.objects.iterobject import range_type, slice_type

from minipy.runtime import containers_common  # noqa: F401
from minipy.runtime import containers_list
from minipy.runtime import containers_tuple
from minipy.runtime import containers_set
from minipy.runtime import containers_dict
from minipy.runtime import containers_range  # noqa: F401
from minipy.runtime import containers_iter
from minipy.runtime.containers_builtins import sorted_impl, min_max_impl, sum_impl, all_impl, any_impl  # noqa

from minipy.runtime.containers_iter import enumerate_type, zip_type, map_type, filter_type, reversed_type
from minipy.runtime.containers_list import (list_iterator_type, list_reverseiterator_type,  # noqa: F401
                                            list_extend, list_sort, sequence_list, list_from_iterable,
                                            make_list)
from minipy.runtime.containers_tuple import tuple_iterator_type, tuple_of, tuple_hash, make_tuple  # noqa
from minipy.runtime.containers_dict import (dict_keyiterator_type, dict_valueiterator_type,  # noqa: F401
                                            dict_itemiterator_type, dict_keys_type, dict_values_type,
                                            dict_items_type, dict_merge, dict_update_arg, dict_copy,
                                            dict_from_args, make_dict)
from minipy.runtime.containers_set import set_iterator_type, set_from_iterable, make_set  # noqa: F401
from minipy.runtime.containers_range import range_iterator_type  # noqa: F401
from minipy.runtime.containers_common import slice_indices, hash_of  # noqa: F401

BUILTIN_TYPES = {
    "list": list_type,
    "tuple": tuple_type,
    "dict": dict_type,
    "set": set_type,
    "frozenset": frozenset_type,
    "range": range_type,
    "slice": slice_type,
    "enumerate": enumerate_type,
    "zip": zip_type,
    "map": map_type,
    "filter": filter_type,
    "reversed": reversed_type,
}


def _fast_list(args, kwargs):
    from minipy.runtime.containers_common import no_kwargs, check_positional
    no_kwargs(kwargs, "list")
    check_positional("list", len(args), 0, 1)
    if not args:
        return containers_list.new_list([])
    return list_from_iterable(args[0])


def _fast_tuple(args, kwargs):
    from minipy.runtime.containers_common import no_kwargs, check_positional
    no_kwargs(kwargs, "tuple")
    check_positional("tuple", len(args), 0, 1)
    if not args:
        return containers_tuple.new_tuple(())
    return tuple_of(args[0])


def _fast_set(args, kwargs):
    from minipy.runtime.containers_common import no_kwargs, check_positional
    no_kwargs(kwargs, "set")
    check_positional("set", len(args), 0, 1)
    return set_from_iterable(set_type, args[0] if args else None)


#: exact type -> impl(args, kwargs): ``T(*args, **kwargs)`` without the
#: __new__/__init__ round trip (CPython's vectorcall for these types).
FAST_CALL = {
    list_type: _fast_list,
    tuple_type: _fast_tuple,
    dict_type: dict_from_args,
    set_type: _fast_set,
}
