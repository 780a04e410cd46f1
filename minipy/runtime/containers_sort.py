"""CPython 3.11's timsort (Objects/listobject.c ``listsort``), ported to host code.

The port sorts a host list of *indices* with a host ``lt(i, j)`` comparator
(which calls into minipy and may raise ``PyExc``).  It makes the same
comparisons in the same order as CPython — count_run, binary insertion sort,
the powersort merge strategy, merge_lo/merge_hi with galloping — so programs
that count or print their comparisons see what CPython shows, and a comparison
that raises leaves the array in the same partially sorted state (every element
present exactly once).

``getmem``/``freemem`` mirror the temporary arrays ``merge_getmem`` allocates
from the heap for long merges.
"""

from minipy.objects import core

MIN_GALLOP = 7
MERGESTATE_TEMP_SIZE = 256


def compute_minrun(n):
    r = 0
    while n >= 64:
        r |= n & 1
        n >>= 1
    return n + r


def powerloop(s1, n1, n2, n):
    result = 0
    a = 2 * s1 + n1
    b = a + n1 + n2
    while True:
        result += 1
        if a >= n:
            a -= n
            b -= n
        elif b >= n:
            break
        a <<= 1
        b <<= 1
    return result


def gallop_left(key, a, base, n, hint, lt):
    lastofs = 0
    ofs = 1
    if lt(a[base + hint], key):
        maxofs = n - hint
        while ofs < maxofs:
            if lt(a[base + hint + ofs], key):
                lastofs = ofs
                ofs = (ofs << 1) + 1
            else:
                break
        if ofs > maxofs:
            ofs = maxofs
        lastofs += hint
        ofs += hint
    else:
        maxofs = hint + 1
        while ofs < maxofs:
            if lt(a[base + hint - ofs], key):
                break
            lastofs = ofs
            ofs = (ofs << 1) + 1
        if ofs > maxofs:
            ofs = maxofs
        k = lastofs
        lastofs = hint - ofs
        ofs = hint - k
    lastofs += 1
    while lastofs < ofs:
        m = lastofs + ((ofs - lastofs) >> 1)
        if lt(a[base + m], key):
            lastofs = m + 1
        else:
            ofs = m
    return ofs


def gallop_right(key, a, base, n, hint, lt):
    lastofs = 0
    ofs = 1
    if lt(key, a[base + hint]):
        maxofs = hint + 1
        while ofs < maxofs:
            if lt(key, a[base + hint - ofs]):
                lastofs = ofs
                ofs = (ofs << 1) + 1
            else:
                break
        if ofs > maxofs:
            ofs = maxofs
        k = lastofs
        lastofs = hint - ofs
        ofs = hint - k
    else:
        maxofs = n - hint
        while ofs < maxofs:
            if lt(key, a[base + hint + ofs]):
                break
            lastofs = ofs
            ofs = (ofs << 1) + 1
        if ofs > maxofs:
            ofs = maxofs
        lastofs += hint
        ofs += hint
    lastofs += 1
    while lastofs < ofs:
        m = lastofs + ((ofs - lastofs) >> 1)
        if lt(key, a[base + m]):
            ofs = m
        else:
            lastofs = m + 1
    return ofs


def count_run(a, lo, hi, lt):
    """(length of the run starting at lo, descending?)"""
    lo += 1
    if lo == hi:
        return 1, False
    n = 2
    if lt(a[lo], a[lo - 1]):
        lo += 1
        while lo < hi:
            if not lt(a[lo], a[lo - 1]):
                break
            lo += 1
            n += 1
        return n, True
    lo += 1
    while lo < hi:
        if lt(a[lo], a[lo - 1]):
            break
        lo += 1
        n += 1
    return n, False


def binarysort(a, lo, hi, start, lt):
    if lo == start:
        start += 1
    while start < hi:
        l = lo
        r = start
        pivot = a[r]
        while True:
            p = l + ((r - l) >> 1)
            if lt(pivot, a[p]):
                r = p
            else:
                l = p + 1
            if l >= r:
                break
        a[l + 1:start + 1] = a[l:start]
        a[l] = pivot
        start += 1


class MergeState:
    def __init__(self, a, lt, has_values):
        self.a = a
        self.lt = lt
        self.min_gallop = MIN_GALLOP
        self.pending = []           # [base, len, power]
        self.listlen = len(a)
        self.has_values = has_values
        if has_values:
            alloced = (len(a) + 1) // 2
            if MERGESTATE_TEMP_SIZE // 2 < alloced:
                alloced = MERGESTATE_TEMP_SIZE // 2
            self.alloced = alloced
        else:
            self.alloced = MERGESTATE_TEMP_SIZE
        self.tmp_addr = 0

    def getmem(self, need):
        if need <= self.alloced:
            return
        self.freemem()
        mult = 2 if self.has_values else 1
        self.tmp_addr = core.storage_malloc(mult * need * 8)
        self.alloced = need

    def freemem(self):
        if self.tmp_addr:
            core.storage_free(self.tmp_addr)
            self.tmp_addr = 0

    # -- merging ------------------------------------------------------------------

    def merge_lo(self, pa, na, pb, nb):
        a = self.a
        lt = self.lt
        self.getmem(na)
        tmp = a[pa:pa + na]
        dest = pa
        ia = 0
        ib = pb
        a[dest] = a[ib]
        dest += 1
        ib += 1
        nb -= 1
        copy_b = False
        try:
            if nb == 0:
                return
            if na == 1:
                copy_b = True
                return
            min_gallop = self.min_gallop
            while True:
                acount = 0
                bcount = 0
                while True:
                    if lt(a[ib], tmp[ia]):
                        a[dest] = a[ib]
                        dest += 1
                        ib += 1
                        bcount += 1
                        acount = 0
                        nb -= 1
                        if nb == 0:
                            return
                        if bcount >= min_gallop:
                            break
                    else:
                        a[dest] = tmp[ia]
                        dest += 1
                        ia += 1
                        acount += 1
                        bcount = 0
                        na -= 1
                        if na == 1:
                            copy_b = True
                            return
                        if acount >= min_gallop:
                            break
                min_gallop += 1
                while True:
                    if min_gallop > 1:
                        min_gallop -= 1
                    self.min_gallop = min_gallop
                    k = gallop_right(a[ib], tmp, ia, na, 0, lt)
                    acount = k
                    if k:
                        a[dest:dest + k] = tmp[ia:ia + k]
                        dest += k
                        ia += k
                        na -= k
                        if na == 1:
                            copy_b = True
                            return
                        if na == 0:
                            return
                    a[dest] = a[ib]
                    dest += 1
                    ib += 1
                    nb -= 1
                    if nb == 0:
                        return
                    k = gallop_left(tmp[ia], a, ib, nb, 0, lt)
                    bcount = k
                    if k:
                        a[dest:dest + k] = a[ib:ib + k]
                        dest += k
                        ib += k
                        nb -= k
                        if nb == 0:
                            return
                    a[dest] = tmp[ia]
                    dest += 1
                    ia += 1
                    na -= 1
                    if na == 1:
                        copy_b = True
                        return
                    if not (acount >= MIN_GALLOP or bcount >= MIN_GALLOP):
                        break
                min_gallop += 1
                self.min_gallop = min_gallop
        finally:
            if copy_b:
                a[dest:dest + nb] = a[ib:ib + nb]
                a[dest + nb] = tmp[ia]
            elif na:
                a[dest:dest + na] = tmp[ia:ia + na]

    def merge_hi(self, pa, na, pb, nb):
        a = self.a
        lt = self.lt
        self.getmem(nb)
        tmp = a[pb:pb + nb]
        dest = pb + nb - 1
        ia = pa + na - 1
        ib = nb - 1
        a[dest] = a[ia]
        dest -= 1
        ia -= 1
        na -= 1
        copy_a = False
        try:
            if na == 0:
                return
            if nb == 1:
                copy_a = True
                return
            min_gallop = self.min_gallop
            while True:
                acount = 0
                bcount = 0
                while True:
                    if lt(tmp[ib], a[ia]):
                        a[dest] = a[ia]
                        dest -= 1
                        ia -= 1
                        acount += 1
                        bcount = 0
                        na -= 1
                        if na == 0:
                            return
                        if acount >= min_gallop:
                            break
                    else:
                        a[dest] = tmp[ib]
                        dest -= 1
                        ib -= 1
                        bcount += 1
                        acount = 0
                        nb -= 1
                        if nb == 1:
                            copy_a = True
                            return
                        if bcount >= min_gallop:
                            break
                min_gallop += 1
                while True:
                    if min_gallop > 1:
                        min_gallop -= 1
                    self.min_gallop = min_gallop
                    k = gallop_right(tmp[ib], a, pa, na, na - 1, lt)
                    k = na - k
                    acount = k
                    if k:
                        dest -= k
                        ia -= k
                        a[dest + 1:dest + 1 + k] = a[ia + 1:ia + 1 + k]
                        na -= k
                        if na == 0:
                            return
                    a[dest] = tmp[ib]
                    dest -= 1
                    ib -= 1
                    nb -= 1
                    if nb == 1:
                        copy_a = True
                        return
                    k = gallop_left(a[ia], tmp, 0, nb, nb - 1, lt)
                    k = nb - k
                    bcount = k
                    if k:
                        dest -= k
                        ib -= k
                        a[dest + 1:dest + 1 + k] = tmp[ib + 1:ib + 1 + k]
                        nb -= k
                        if nb == 1:
                            copy_a = True
                            return
                        if nb == 0:
                            return
                    a[dest] = a[ia]
                    dest -= 1
                    ia -= 1
                    na -= 1
                    if na == 0:
                        return
                    if not (acount >= MIN_GALLOP or bcount >= MIN_GALLOP):
                        break
                min_gallop += 1
                self.min_gallop = min_gallop
        finally:
            if copy_a:
                a[dest + 1 - na:dest + 1] = a[ia + 1 - na:ia + 1]
                dest -= na
                a[dest] = tmp[ib]
            elif nb:
                a[dest - (nb - 1):dest + 1] = tmp[0:nb]

    def merge_at(self, i):
        a = self.a
        lt = self.lt
        p = self.pending
        pa, na = p[i][0], p[i][1]
        pb, nb = p[i + 1][0], p[i + 1][1]
        p[i][1] = na + nb
        del p[i + 1]
        k = gallop_right(a[pb], a, pa, na, 0, lt)
        pa += k
        na -= k
        if na == 0:
            return
        nb = gallop_left(a[pa + na - 1], a, pb, nb, nb - 1, lt)
        if nb <= 0:
            return
        if na <= nb:
            self.merge_lo(pa, na, pb, nb)
        else:
            self.merge_hi(pa, na, pb, nb)

    def found_new_run(self, n2):
        p = self.pending
        if p:
            s1 = p[-1][0]
            n1 = p[-1][1]
            power = powerloop(s1, n1, n2, self.listlen)
            while len(p) > 1 and p[-2][2] > power:
                self.merge_at(len(p) - 2)
            p[-1][2] = power

    def force_collapse(self):
        p = self.pending
        while len(p) > 1:
            n = len(p) - 2
            if n > 0 and p[n - 1][1] < p[n + 1][1]:
                n -= 1
            self.merge_at(n)


def timsort(a, lt, has_values=False):
    """Sort host list ``a`` in place with ``lt`` (CPython 3.11's listsort body)."""
    n = len(a)
    if n < 2:
        return
    ms = MergeState(a, lt, has_values)
    try:
        nremaining = n
        lo = 0
        minrun = compute_minrun(n)
        while nremaining:
            run, descending = count_run(a, lo, lo + nremaining, lt)
            if descending:
                a[lo:lo + run] = a[lo:lo + run][::-1]
            if run < minrun:
                force = nremaining if nremaining <= minrun else minrun
                binarysort(a, lo, lo + force, lo + run, lt)
                run = force
            ms.found_new_run(run)
            ms.pending.append([lo, run, 0])
            lo += run
            nremaining -= run
        ms.force_collapse()
    finally:
        ms.freemem()
