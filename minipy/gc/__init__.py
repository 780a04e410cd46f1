"""The generational cycle collector (CPython 3.11's Modules/gcmodule.c).

``state`` keeps the three generations, their counts and thresholds;
``collector`` finds unreachable cycles and breaks them; ``clear`` holds each
container type's ``tp_clear``.  The ``gc`` module that programs import is
``minipy.runtime.modules.gc``.
"""
