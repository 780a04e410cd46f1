"""CPython 3.11's hash of str and bytes (SipHash-1-3 of the string's bytes, keyed
by the hash secret PYTHONHASHSEED fixes), for a host whose own hash differs.

A CPython 3.11 host hashes strings exactly so: ``str_hash`` and
``bytes_hash`` are then the host's ``hash``.  On another host (PyPy) with
PYTHONHASHSEED set to a number, they compute CPython's value (the secret is
all zeros for 0, else CPython's lcg_urandom(seed) bytes), cached per string.
With randomized hashing there is no value to match: the host's hash stands.
"""

import os as _hos
import sys as _hsys

_M = (1 << 64) - 1


def _secret_key(seed):
    """(k0, k1) of _Py_HashSecret for PYTHONHASHSEED=seed."""
    buf = bytearray(16)
    if seed:
        x = seed
        for i in range(16):
            x = (x * 214013 + 2531011) & 0xFFFFFFFF
            buf[i] = (x >> 16) & 0xFF
    return int.from_bytes(bytes(buf[:8]), "little"), int.from_bytes(bytes(buf[8:]), "little")


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & _M


def siphash13(k0, k1, data):
    """CPython's siphash13 (Python/pyhash.c) of the bytes ``data`` as a signed 64-bit int."""
    n = len(data)
    v0 = k0 ^ 0x736f6d6570736575
    v1 = k1 ^ 0x646f72616e646f6d
    v2 = k0 ^ 0x6c7967656e657261
    v3 = k1 ^ 0x7465646279746573
    end = n - n % 8
    words = [int.from_bytes(data[i:i + 8], "little") for i in range(0, end, 8)]
    words.append(((n << 56) & _M) | int.from_bytes(data[end:], "little"))
    fin = len(words)
    words += (0, 0, 0)          # the three finalisation rounds
    for i, mi in enumerate(words):
        if i == fin:
            v2 ^= 0xFF
        v3 ^= mi
        # SINGLE_ROUND
        v0 = (v0 + v1) & _M
        v2 = (v2 + v3) & _M
        v1 = _rotl(v1, 13) ^ v0
        v3 = _rotl(v3, 16) ^ v2
        v0 = _rotl(v0, 32)
        v2 = (v2 + v1) & _M
        v0 = (v0 + v3) & _M
        v1 = _rotl(v1, 17) ^ v2
        v3 = _rotl(v3, 21) ^ v0
        v2 = _rotl(v2, 32)
        v0 ^= mi
    t = v0 ^ v1 ^ v2 ^ v3
    if t >= 1 << 63:
        t -= 1 << 64
    return -2 if t == -1 else t


def _seed():
    s = _hos.environ.get("PYTHONHASHSEED")
    if s is None or s == "random":
        return None
    try:
        v = int(s)
    except ValueError:
        return None
    return v if 0 <= v <= 4294967295 else None


_SEED = None if _hsys.implementation.name == "cpython" and _hsys.version_info[:2] == (3, 11) \
    else _seed()

if _SEED is None:
    str_hash = hash
    bytes_hash = hash
else:
    _K0, _K1 = _secret_key(_SEED)
    _cache = {}

    def str_hash(s):
        """hash(s) as CPython 3.11 computes it: SipHash-1-3 of the string's
        canonical representation (1, 2 or 4 bytes a character)."""
        h = _cache.get(s)
        if h is None:
            if not s:
                return 0
            m = max(s)
            if m < "\u0100":
                data = s.encode("latin-1")
            elif m < "\U00010000":
                data = s.encode("utf-16-le", "surrogatepass")
            else:
                data = s.encode("utf-32-le", "surrogatepass")
            h = siphash13(_K0, _K1, data)
            if len(_cache) > 100000:
                _cache.clear()
            _cache[s] = h
        return h

    def bytes_hash(b):
        """hash(b) of bytes as CPython 3.11 computes it."""
        if not b:
            return 0
        return siphash13(_K0, _K1, bytes(b))
