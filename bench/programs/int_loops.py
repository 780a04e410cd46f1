"""Integer loops: a sieve of Eratosthenes, Collatz lengths and a gcd sweep."""


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= limit:
        if flags[i]:
            j = i * i
            while j <= limit:
                flags[j] = False
                j += i
        i += 1
    count = 0
    for f in flags:
        if f:
            count += 1
    return count


def collatz_max(limit):
    best = 0
    best_n = 0
    for n in range(1, limit):
        x = n
        steps = 0
        while x != 1:
            if x & 1:
                x = 3 * x + 1
            else:
                x >>= 1
            steps += 1
        if steps > best:
            best = steps
            best_n = n
    return best_n, best


def gcd_sum(n):
    s = 0
    for a in range(1, n):
        b = n
        x = a
        while b:
            x, b = b, x % b
        s += x
    return s


primes = sieve(30000)
cn, cl = collatz_max(3000)
g = gcd_sum(6000)
print("int_loops", primes, cn, cl, g)
