"""Allocation and release: the binary-trees benchmark with tuple nodes."""


def make_tree(depth):
    if depth == 0:
        return (None, None)
    depth -= 1
    return (make_tree(depth), make_tree(depth))


def check(node):
    left, right = node
    if left is None:
        return 1
    return 1 + check(left) + check(right)


min_depth = 4
max_depth = 12
stretch = max_depth + 1
out = ["stretch %d %d" % (stretch, check(make_tree(stretch)))]
long_lived = make_tree(max_depth)
depth = min_depth
while depth <= max_depth:
    iterations = 2 ** (max_depth - depth + min_depth - 2)
    total = 0
    for _ in range(iterations):
        total += check(make_tree(depth))
    out.append("%d %d %d" % (iterations, depth, total))
    depth += 2
out.append("long lived %d %d" % (max_depth, check(long_lived)))
print("binary_trees", "; ".join(out))
