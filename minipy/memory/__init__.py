"""minipy's simulated private heap, modelled on CPython's obmalloc.

``geometry`` holds the constants (two profiles: classic 3.3-3.7 and 3.11),
``pool`` and ``arena`` the two levels of obmalloc's structures, ``raw`` the
C-malloc fallback for large and 0-byte requests, ``heap`` the allocator
facade (malloc/free/realloc with obmalloc's exact reuse order) and ``stats``
the text of ``sys._debugmallocstats()``.  Nothing here knows about Python
types: the object layer asks for bytes and gets back addresses.
"""

from minipy.memory.geometry import CLASSIC, CPYTHON311, PROFILES, HeapGeometry, get_profile
from minipy.memory.heap import Heap
from minipy.memory.stats import debugmallocstats

__all__ = ["Heap", "HeapGeometry", "CLASSIC", "CPYTHON311", "PROFILES", "get_profile",
           "debugmallocstats"]
