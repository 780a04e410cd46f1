"""The object header, allocation through the simulated heap, and refcounting.

Every minipy value is a host object of a ``PyObject`` subclass whose header is
CPython's: ``ob_refcnt`` (the reference count), ``ob_type`` (the type object)
and ``ob_addr`` (the simulated address of the block the object occupies;
``id()`` returns it).  Objects are created only through ``alloc`` (a block
from the heap) or ``alloc_static`` (CPython's statically allocated objects:
None, True, False, built-in types, the small ints); there is no other way for a
value to come into being, so the heap owns every object.

Reference counting is explicit and exact: ``incref``/``decref`` (and their
inline forms ``o.ob_refcnt += 1`` in hot paths) are the only way references
are taken and dropped.  When a count reaches zero ``dealloc`` runs the type's
``tp_dealloc``, which drops the object's own references and frees its block.
Deep chains are freed without host recursion the way CPython's *trashcan*
does it: past a nesting depth of 50 a container's deallocation is deferred to
a list that the outermost deallocation drains.

The table of live objects is the heap itself: every block records its owner
(``Heap.owner_of``), so ``object_at``, ``live_objects`` and ``is_live`` answer
from the pools, at one host pointer per block rather than a dict entry per
object; the audit and the heap map walk it.
"""

from minipy.errors import InternalError, HeapExhausted
from minipy.gc import state as gcstate

# The runtime binds these when an interpreter is created (minipy.api).
heap = None          # minipy.memory.Heap
# An observer of allocations (tracemalloc, --stats, the visualizers) or None:
# an object with on_alloc(obj, size) and on_free(obj).  Checked only where an
# object's block is taken or given back.
tracer = None


class PyObject:
    """The object header shared by every minipy value."""
    __slots__ = ("ob_refcnt", "ob_type", "ob_addr", "gc_gen")

    def __repr__(self):        # host-side debugging only; never shown to programs
        return "<%s %s at 0x%x rc=%d>" % (type(self).__name__, self.ob_type.name,
                                         self.ob_addr, self.ob_refcnt)


def bind_heap(new_heap):
    """Make ``new_heap`` the heap that all allocations use."""
    global heap
    heap = new_heap


def object_at(addr):
    """The live heap object at ``addr``, or None."""
    o = heap.owner_of(addr)
    return None if o is None or o is True else o


def is_live(o):
    """Is ``o`` a live heap object (not freed, not static, not kept by a free list)?"""
    return heap.owner_of(o.ob_addr) is o


def live_objects():
    """address -> object for every live heap object."""
    return {addr: o for addr, o in heap.iter_owners() if o is not True}


def object_count():
    return sum(1 for _, o in heap.iter_owners() if o is not True)


def alloc(obj, size, tp):
    """Give the fresh host object ``obj`` a header and a heap block of ``size`` bytes."""
    if static_mode:
        return alloc_static(obj, size, tp)
    try:
        addr = heap.malloc(size, True if tp.is_gc else obj)
    except HeapExhausted:
        raise memory_error()
    obj.ob_refcnt = 1
    obj.ob_type = tp
    obj.ob_addr = addr
    obj.gc_gen = -1
    if tp.is_heaptype:         # instances of heap types own a reference to their type
        tp.ob_refcnt += 1
    if tp.is_gc:
        # count the allocation (this may run a collection) before the new
        # object is tracked or registered, as CPython's gc_alloc does
        try:
            gcstate.on_gc_alloc()
        except BaseException:
            heap.free(addr)
            if tp.is_heaptype:
                tp.ob_refcnt -= 1
            raise
        heap.set_owner(addr, obj)
        if not tp.flags & 64 or tp.is_heaptype:       # exact dicts start untracked
            obj.gc_gen = 0
            gcstate.state.generations[0][addr] = obj
        if tracer is not None:
            tracer.on_alloc(obj, size)
        return obj
    if tracer is not None:
        tracer.on_alloc(obj, size)
    return obj


def alloc_uncounted(obj, size, tp):
    """A GC-type object that the collector neither counts nor tracks (an
    instance's inline attribute dict: CPython 3.11 stores those values in a
    plain array, not a GC object)."""
    try:
        addr = heap.malloc(size, obj)
    except HeapExhausted:
        raise memory_error()
    obj.ob_refcnt = 1
    obj.ob_type = tp
    obj.ob_addr = addr
    obj.gc_gen = -2
    if tracer is not None:
        tracer.on_alloc(obj, size)
    return obj


def alloc_at(obj, addr, tp):
    """Like ``alloc`` but into a block kept by a free list (no heap call, and,
    as in CPython, no change to the collector's allocation count)."""
    obj.ob_refcnt = 1
    obj.ob_type = tp
    obj.ob_addr = addr
    obj.gc_gen = -1
    heap.set_owner(addr, obj)
    if tp.is_heaptype:
        tp.ob_refcnt += 1
    if tp.is_gc and (not tp.flags & 64 or tp.is_heaptype):
        obj.gc_gen = 0
        gcstate.state.generations[0][addr] = obj
    if tracer is not None:
        tracer.on_alloc(obj, tp.basicsize)
    return obj


# ---------------------------------------------------------------------------
# Static objects
# ---------------------------------------------------------------------------
# CPython allocates some objects statically, in the executable's data segment
# rather than in obmalloc: None, True, False, NotImplemented, Ellipsis, the
# built-in types and their method tables, and (3.11) the small ints, the empty
# tuple and the one-character Latin-1 strings.  minipy creates these once per
# process, at import time, at addresses in a separate "data segment" range;
# every interpreter (each with its own heap) shares them, as every CPython
# subinterpreter shares the static types.

STATIC_BASE = 0x55D0C0DE0000
_static_next = STATIC_BASE
statics = {}          # address -> static object
static_mode = False   # True while the static world is being built


def static_address(size):
    global _static_next
    addr = _static_next
    _static_next += (size + 15) & ~15
    return addr


def alloc_static(obj, size, tp):
    """A statically allocated object: an address outside the arenas, never freed."""
    # (static_address inlined: this runs for each of the ~3,000 objects of the
    # static world at every start-up)
    global _static_next
    addr = _static_next
    _static_next = addr + ((size + 15) & ~15)
    obj.ob_refcnt = 1
    obj.ob_type = tp
    obj.ob_addr = addr
    obj.gc_gen = -1
    statics[addr] = obj
    return obj


def is_static(obj):
    return obj.ob_addr in statics


def storage_malloc(nbytes):
    """Item storage of a container (list items, dict keys): a heap allocation
    of its own, or static storage while the static world is being built."""
    if static_mode:
        return static_address(nbytes)
    try:
        return heap.malloc(nbytes)
    except HeapExhausted:
        raise memory_error()


def storage_free(addr):
    if addr and (addr < STATIC_BASE or addr >= _static_next):
        heap.free(addr)


def storage_realloc(addr, nbytes):
    if static_mode or (STATIC_BASE <= addr < _static_next):
        return static_address(nbytes)
    try:
        if addr == 0:
            return heap.malloc(nbytes)
        return heap.realloc(addr, nbytes)
    except HeapExhausted:
        raise memory_error()


# Set by the exceptions module: the host exception carrying a MemoryError.
# A failed allocation raises it at once, so every caller's error path (which
# releases its temporaries) runs, as for any other exception.
memory_error = None


def free_block(obj):
    """Return the object's block to the heap (the last step of a tp_dealloc)."""
    addr = obj.ob_addr
    heap.free(addr)
    if tracer is not None:
        tracer.on_free(obj)
    tp = obj.ob_type
    if tp.is_gc and obj.gc_gen != -2:       # inline attribute dicts were never counted
        gcstate.on_gc_free()
    if tp.is_heaptype:
        decref(tp)


def forget(obj):
    """The object's block goes to a type free list: it stops being a live object.
    Returns where the block's owner is recorded (see ``Heap.owner_slot``)."""
    slot = heap.owner_slot(obj.ob_addr)
    if slot is not None:
        slot[0][slot[1]] = True           # still allocated, but no longer an object
    else:
        heap.set_owner(obj.ob_addr, True)
    if tracer is not None:
        tracer.on_free(obj)
    tp = obj.ob_type
    if tp.is_heaptype:
        decref(tp)
    return slot


def incref(o):
    o.ob_refcnt += 1
    return o


def xincref(o):
    if o is not None:
        o.ob_refcnt += 1
    return o


# ---------------------------------------------------------------------------
# Deallocation and the trashcan
# ---------------------------------------------------------------------------

TRASHCAN_DEPTH = 50          # CPython 3.11's _PyTrash_UNWIND_LEVEL
_trash_depth = 0
_trash_pending = []


def decref(o):
    rc = o.ob_refcnt - 1
    o.ob_refcnt = rc
    if rc == 0:
        dealloc(o)
    elif rc < 0:
        raise InternalError("negative refcount on %r" % (o,))


def xdecref(o):
    if o is not None:
        decref(o)


def dealloc(o):
    """Run the type's deallocator, deferring deep nesting to the trashcan."""
    global _trash_depth
    tp = o.ob_type
    if not tp.is_gc:
        # atoms (int, float, str ...) hold no references: no trashcan needed
        tp.tp_dealloc(o)
        return
    if o.gc_gen >= 0:
        # a dying object leaves the collector's lists first (PyObject_GC_UnTrack)
        del gcstate.state.generations[o.gc_gen][o.ob_addr]
        o.gc_gen = -1
    if _trash_depth >= TRASHCAN_DEPTH:
        _trash_pending.append(o)
        return
    _trash_depth += 1
    try:
        o.ob_type.tp_dealloc(o)
    finally:
        _trash_depth -= 1
    if _trash_depth == 0 and _trash_pending:
        _drain_trash()


def _drain_trash():
    global _trash_depth
    pending = _trash_pending
    while pending:
        o = pending.pop()
        _trash_depth += 1
        try:
            o.ob_type.tp_dealloc(o)
        finally:
            _trash_depth -= 1


def decref_all(objs):
    for o in objs:
        if o is not None:
            decref(o)


def no_refs(o):
    """tp_traverse of an object that holds no references."""
    return ()


def _straight_line(src, name):
    # these run at every allocation or deallocation of their type: straight
    # code, several times faster than a loop of getattr/setattr by name
    # (most on PyPy, whose JIT cannot see through a field named at run time)
    ns = {"free_block": free_block, "decref_all": decref_all}
    exec(compile(src, "<%s>" % name, "exec"), ns)
    return ns[name]


def field_clearer(*names):
    """A function that sets the object fields *names* of its argument to None."""
    return _straight_line("def clear(o):\n    %s = None\n"
                          % " = ".join("o." + n for n in names), "clear")


def field_gc_functions(*names):
    """tp_traverse and tp_dealloc for a type whose references are exactly its
    object fields *names* (each an owned object or None)."""
    fields = ", ".join("o." + n for n in names)
    traverse = _straight_line("def traverse(o):\n"
                              "    return [v for v in (%s,) if v is not None]\n" % fields,
                              "traverse")
    clear = field_clearer(*names)

    def dealloc(o):
        refs = traverse(o)
        clear(o)
        free_block(o)
        decref_all(refs)
    return traverse, dealloc
