"""Cycle-heavy: doubly linked rings and parent/child graphs that only the
cycle collector can free; automatic collections run throughout."""

import gc


class Node:
    def __init__(self, value):
        self.value = value
        self.next = None
        self.prev = None
        self.children = []
        self.parent = None


def make_ring(n, base):
    first = Node(base)
    prev = first
    for i in range(1, n):
        node = Node(base + i)
        node.prev = prev
        prev.next = node
        prev = node
    prev.next = first
    first.prev = prev
    return first


def make_family(width, base):
    root = Node(base)
    for i in range(width):
        child = Node(base + i)
        child.parent = root
        root.children.append(child)
        grandchild = Node(i)
        grandchild.parent = child
        child.children.append(grandchild)
    return root


def ring_sum(first):
    s = first.value
    node = first.next
    while node is not first:
        s += node.value
        node = node.next
    return s


total = 0
for r in range(500):
    ring = make_ring(20, r)
    total += ring_sum(ring)
    fam = make_family(10, r)
    total += len(fam.children)
    d = {"self": None, "n": r}
    d["self"] = d
    lst = [r]
    lst.append(lst)
collected = gc.collect()
print("gc_cycles", total, collected >= 0)
