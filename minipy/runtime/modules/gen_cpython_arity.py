"""Regenerate _cpython_arity.py (the arity messages of CPython 3.11's
built-in functions, for hosts that word them differently); a maintenance
script, never imported:

    python3.11 minipy/runtime/modules/gen_cpython_arity.py minipy/runtime/modules/_cpython_arity.py
"""
import cmath, inspect, re, math, random, sys, time

assert sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11)


class _D:
    __slots__ = ()


N = "\x00N"
K = "\x00K"
KW = "kw_\u00e9x"


def probe(key, f, n, kw):
    try:
        if kw:
            f(*[_D()] * n, **{KW: _D()})
        else:
            f(*[_D()] * n)
    except TypeError as e:
        m = str(e)
    except Exception:
        return None
    else:
        return None
    if "_D" in m:
        return None          # a conversion error: not an arity message
    m = m.replace(KW, K).replace(key + "()", "\x00Q()")
    m = re.sub(r"\b%s(?=\(\)| expected)" % re.escape(key.rsplit(".", 1)[1]), "\x00S", m)
    done = False
    for cnt in (n + kw, n, n + 1, n + 2):
        for pat in ("(%d given)", "got %d", "but %d were given", "but %d was given"):
            if pat % cnt in m:
                m = m.replace(pat % cnt, pat.replace("%d", N + str(cnt - n)))
                done = True
                break
        if done:
            break
    return m


def entries():
    for mod in (math, cmath, time):
        for name in sorted(dir(mod)):
            f = getattr(mod, name)
            if callable(f) and not name.startswith("_") and not isinstance(f, type):
                yield "%s.%s" % (mod.__name__, name), f
    rng = random.Random()
    for name in ("choice", "shuffle", "sample", "choices"):
        yield "Random." + name, getattr(rng, name)
    for tp, sample in ((int, 0), (float, 0.0), (str, ""), (bytes, b""), (bytearray, bytearray())):
        for name in sorted(dir(tp)):
            if name.startswith("_"):
                continue
            m = getattr(tp, name)
            if callable(m) and not isinstance(getattr(tp, name), type):
                bound = getattr(sample, name)
                yield "%s.%s" % (tp.__name__, name), bound


templates = []
index = {}
table = {}
for key, f in entries():
    row = []
    for kw in (False, True):
        for n in range(7):
            m = probe(key, f, n, kw)
            if m is None:
                row.append(-1)
                continue
            if m not in index:
                index[m] = len(templates)
                templates.append(m)
            row.append(index[m])
    try:
        params = tuple(n for n, p in inspect.signature(f).parameters.items()
                       if p.kind != p.POSITIONAL_ONLY)
    except (TypeError, ValueError):
        params = ()
    table[key] = (tuple(row), params)

out = ['"""CPython 3.11\'s TypeError messages for wrong calls of the host functions',
       'whose arity errors minipy words like the host\'s (``_common.arity_error``):',
       'used on another host (PyPy), whose own functions word them differently.',
       'Generated on CPython 3.11 by calling each with placeholder arguments.',
       '',
       'TABLE: name -> (template index for 0..6 positional arguments, then the same',
       'with one keyword argument; -1: no TypeError), names of the parameters that',
       'can be given by name).  In a',
       'template, \\x00N<d> stands for the number of positional arguments plus d, \\x00K',
       'for the keyword\'s name, \\x00Q for the function\'s qualified name (math.cos),',
       '\\x00S for its name (cos)."""',
       '', 'TEMPLATES = [']
for m in templates:
    out.append("    %r," % m)
out.append("]")
out.append("")
out.append("TABLE = {")
for k, (row, params) in table.items():
    out.append("    %r: (%r, %r)," % (k, row, params))
out.append("}")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
print(len(templates), len(table))
