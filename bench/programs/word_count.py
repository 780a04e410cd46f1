"""Dict and string processing: generate text, count words, build a report."""

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "an", "el"]


def make_text(nwords, seed):
    x = seed
    words = []
    for _ in range(nwords):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        n = 1 + (x >> 8) % 3
        w = ""
        y = x
        for _ in range(n):
            w += SYLLABLES[y % len(SYLLABLES)]
            y //= len(SYLLABLES)
        if x % 11 == 0:
            w = w.capitalize() + ","
        elif x % 17 == 0:
            w = w + "."
        words.append(w)
    lines = []
    for i in range(0, len(words), 12):
        lines.append(" ".join(words[i:i + 12]))
    return "\n".join(lines)


def count_words(text):
    counts = {}
    for line in text.split("\n"):
        for word in line.split():
            w = word.strip(".,").lower()
            counts[w] = counts.get(w, 0) + 1
    return counts


def letter_freq(text):
    freq = {}
    for ch in text:
        if ch.isalpha():
            freq[ch] = freq.get(ch, 0) + 1
    return freq


text = make_text(9000, 42)
counts = count_words(text)
freq = letter_freq(text)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
report = []
for w, c in top:
    report.append("%s=%d" % (w, c))
parts = []
for k in sorted(freq):
    parts.append(k + str(freq[k]))
h = 0
for ch in "".join(parts):
    h = (h * 31 + ord(ch)) & 0xFFFFFFFF
print("word_count", len(text), len(counts), " ".join(report), h)
