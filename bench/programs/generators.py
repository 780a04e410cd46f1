"""Generators and closures: pipelines of generators, closures with nonlocal state."""


def counter(start):
    n = start

    def step(k):
        nonlocal n
        n += k
        return n
    return step


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x


def scaled(src, factor):
    for x in src:
        yield x * factor


def chunks(src, size):
    buf = []
    for x in src:
        buf.append(x)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf


def make_adders(n):
    return [lambda x, k=k: x + k for k in range(n)]


total = 0
for chunk in chunks(scaled(evens(numbers(40000)), 3), 7):
    total += sum(chunk)
c = counter(10)
for i in range(30000):
    c(i % 5)
adders = make_adders(50)
acc = 0
for i in range(200):
    for f in adders:
        acc = f(acc) % 1000003
gen_sum = sum(x * x for x in range(20000) if x % 3)
print("generators", total, c(0), acc, gen_sum)
