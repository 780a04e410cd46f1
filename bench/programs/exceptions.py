"""Exceptions in a loop: raise and catch custom and built-in exceptions, finally."""


class ValidationError(Exception):
    def __init__(self, code):
        Exception.__init__(self, code)
        self.code = code


def validate(x):
    if x % 7 == 0:
        raise ValidationError(x % 13)
    if x % 11 == 0:
        raise KeyError(x)
    return x


def parse_int(s):
    try:
        return int(s)
    except ValueError:
        return -1


caught = 0
codes = 0
keys = 0
finals = 0
for i in range(20000):
    try:
        try:
            validate(i)
        finally:
            finals += 1
    except ValidationError as e:
        caught += 1
        codes += e.code
    except KeyError:
        keys += 1
bad = 0
d = {}
for i in range(8000):
    try:
        d[i % 50] += 1
    except KeyError:
        d[i % 50] = 1
        bad += 1
vals = [parse_int(s) for s in ["12", "x", "7", "", "42", "4.5"] * 800]
zero = 0
for i in range(5000):
    try:
        zero += 100 // (i % 4)
    except ZeroDivisionError:
        zero -= 1
print("exceptions", caught, codes, keys, finals, bad, sum(vals), zero)
