"""A small interpreter written in the language: tokenizer, recursive-descent
parser to an AST of tuples, and a tree-walking evaluator for a tiny language
with variables, arithmetic, comparisons, while loops and if statements."""

SOURCE = """
n = 0
total = 0
while n < LIMIT {
    if n % 3 == 0 { total = total + n * 2 } else { total = total - 1 }
    k = 0
    while k < 4 { total = total + k; k = k + 1 }
    n = n + 1
}
fact = 1
i = 1
while i < 15 { fact = fact * i; i = i + 1 }
result = total + fact % 1000
"""

KEYWORDS = ("while", "if", "else")


def tokenize(src):
    toks = []
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c in " \t\n;":
            if c == "\n" or c == ";":
                toks.append(("sep", ";"))
            i += 1
        elif c.isdigit():
            j = i
            while j < n and src[j].isdigit():
                j += 1
            toks.append(("num", int(src[i:j])))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            word = src[i:j]
            toks.append(("kw" if word in KEYWORDS else "name", word))
            i = j
        else:
            two = src[i:i + 2]
            if two in ("==", "!=", "<=", ">="):
                toks.append(("op", two))
                i += 2
            else:
                toks.append(("op", c))
                i += 1
    toks.append(("eof", None))
    return toks


class Parser:
    def __init__(self, toks):
        self.toks = toks
        self.pos = 0

    def peek(self):
        return self.toks[self.pos]

    def next(self):
        t = self.toks[self.pos]
        self.pos += 1
        return t

    def expect(self, kind, value):
        t = self.next()
        if t[0] != kind or t[1] != value:
            raise SyntaxError("expected %r, got %r" % (value, t[1]))

    def skip_seps(self):
        while self.peek()[0] == "sep":
            self.pos += 1

    def program(self):
        stmts = []
        self.skip_seps()
        while self.peek()[0] != "eof":
            stmts.append(self.statement())
            self.skip_seps()
        return stmts

    def block(self):
        self.expect("op", "{")
        stmts = []
        self.skip_seps()
        while self.peek() != ("op", "}"):
            stmts.append(self.statement())
            self.skip_seps()
        self.expect("op", "}")
        return stmts

    def statement(self):
        t = self.peek()
        if t == ("kw", "while"):
            self.next()
            cond = self.expr()
            return ("while", cond, self.block())
        if t == ("kw", "if"):
            self.next()
            cond = self.expr()
            body = self.block()
            orelse = []
            if self.peek() == ("kw", "else"):
                self.next()
                orelse = self.block()
            return ("if", cond, body, orelse)
        name = self.next()[1]
        self.expect("op", "=")
        return ("assign", name, self.expr())

    def expr(self):
        left = self.arith()
        t = self.peek()
        if t[0] == "op" and t[1] in ("<", ">", "==", "!=", "<=", ">="):
            self.next()
            return ("bin", t[1], left, self.arith())
        return left

    def arith(self):
        left = self.term()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.next()[1]
            left = ("bin", op, left, self.term())
        return left

    def term(self):
        left = self.atom()
        while self.peek()[0] == "op" and self.peek()[1] in "*/%":
            op = self.next()[1]
            left = ("bin", op, left, self.atom())
        return left

    def atom(self):
        t = self.next()
        if t[0] == "num":
            return ("num", t[1])
        if t[0] == "name":
            return ("var", t[1])
        if t == ("op", "("):
            e = self.expr()
            self.expect("op", ")")
            return e
        raise SyntaxError("unexpected %r" % (t[1],))


def binop(op, a, b):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a // b
    if op == "%":
        return a % b
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<=":
        return a <= b
    return a >= b


def evaluate(e, env):
    kind = e[0]
    if kind == "num":
        return e[1]
    if kind == "var":
        return env[e[1]]
    return binop(e[1], evaluate(e[2], env), evaluate(e[3], env))


def execute(stmts, env):
    for s in stmts:
        kind = s[0]
        if kind == "assign":
            env[s[1]] = evaluate(s[2], env)
        elif kind == "while":
            while evaluate(s[1], env):
                execute(s[2], env)
        else:
            if evaluate(s[1], env):
                execute(s[2], env)
            else:
                execute(s[3], env)


tree = None
for _ in range(20):
    tree = Parser(tokenize(SOURCE)).program()
env = {"LIMIT": 1000}
execute(tree, env)
print("mini_interp", len(tree), env["result"], env["total"], env["fact"])
