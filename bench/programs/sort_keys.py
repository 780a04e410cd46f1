"""List sorting with key functions: records sorted by several keys, stable sorts."""


class Record:
    def __init__(self, ident, name, score, age):
        self.ident = ident
        self.name = name
        self.score = score
        self.age = age


def make_records(n):
    x = 7
    recs = []
    for i in range(n):
        x = (x * 69069 + 1) & 0xFFFFFFFF
        name = "n%04d" % (x % 5000)
        recs.append(Record(i, name, (x >> 8) % 1000, 18 + (x >> 16) % 60))
    return recs


def get_score(r):
    return r.score


recs = make_records(4000)
checks = []
by_score = sorted(recs, key=get_score)
checks.append(by_score[0].ident + by_score[-1].ident)
by_name = sorted(recs, key=lambda r: r.name, reverse=True)
checks.append(by_name[0].ident)
by_multi = sorted(recs, key=lambda r: (r.age, -r.score, r.name))
checks.append(by_multi[0].ident * 7 + by_multi[len(by_multi) // 2].ident)
stable = sorted(by_score, key=lambda r: r.age)
checks.append(sum(r.ident * (i % 7) for i, r in enumerate(stable[:500])))
nums = [(i * 7919) % 10007 for i in range(20000)]
nums.sort()
checks.append(nums[100] + nums[-1])
nums.sort(key=lambda v: (v % 100, -v))
checks.append(nums[0] * 3 + nums[9999])
words = ["w%d" % ((i * 31) % 997) for i in range(5000)]
words.sort(key=len)
checks.append(len(words[0]) + len(words[-1]))
print("sort_keys", checks)
