"""``_base64``: the codec functions of ``base64`` (minipy/lib/base64.mpy), on the
host's base64 module (the same conversions and errors as ``binascii``: results
and messages are CPython's; a bad digit raises ``binascii.Error``)."""

import base64 as _hbase64

from minipy.runtime.modules.binascii import wrap_all
from minipy.runtime.modules._common import build_module

_NAMES = ("b64encode", "b64decode", "standard_b64encode", "standard_b64decode",
          "urlsafe_b64encode", "urlsafe_b64decode", "b32encode", "b32decode",
          "b32hexencode", "b32hexdecode", "b16encode", "b16decode", "a85encode",
          "a85decode", "b85encode", "b85decode", "encodebytes", "decodebytes")

FUNCS = wrap_all("base64", _hbase64, _NAMES)


def make_module():
    return build_module("_base64", FUNCS, {})


__all__ = ["make_module"]
