"""``html.entities`` (bound as the ``entities`` attribute of ``html``): the HTML
character-reference tables, taken from the host's tables (the WHATWG list
CPython ships) as heap dicts: ``html5``, ``name2codepoint``,
``codepoint2name`` and ``entitydefs``."""

from html import entities as _hent

from minipy.objects import core
from minipy.objects.dictobject import new_dict, dict_setitem
from minipy.runtime.modules._common import build_module, to_obj

_DOC = "HTML character entity references."


def _heap_dict(pairs):
    d = new_dict()
    for k, v in pairs:
        ko = to_obj(k)
        vo = to_obj(v)
        dict_setitem(d, ko, vo)
        core.decref(ko)
        core.decref(vo)
    return d


def make_module():
    consts = {"html5": _heap_dict(_hent.html5.items()),
              "name2codepoint": _heap_dict(_hent.name2codepoint.items()),
              "codepoint2name": _heap_dict(_hent.codepoint2name.items()),
              "entitydefs": _heap_dict(_hent.entitydefs.items())}
    all_ = ["html5", "name2codepoint", "codepoint2name", "entitydefs"]
    consts["__all__"] = to_obj(all_)
    return build_module("html.entities", {}, consts, doc=_DOC)
