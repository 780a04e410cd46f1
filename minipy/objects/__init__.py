"""The object model: every minipy value, allocated in the simulated heap.

Importing this package builds the static world (built-in types, singletons,
small ints) once per process; see ``core`` for the static/heap split.
"""
