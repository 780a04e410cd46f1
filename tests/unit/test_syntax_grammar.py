"""The grammar, the node classes and the parser machinery."""

import ast
import io
import logging
import os
import stat
import subprocess
import sys
import textwrap

import lark
import pytest
from hypothesis import given, settings, strategies as st

from minipy.syntax import nodes, parse, parser as P
from minipy.syntax.builder import Builder


def test_grammar_has_no_lalr_conflicts():
    """The grammar builds with debug=True and Lark reports no shift/reduce or
    reduce/reduce conflict (Lark logs them and resolves silently)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = lark.logger
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        text = P.grammar_path().read_text(encoding='utf-8')
        lark.Lark(text, parser='lalr', debug=True, **{
            k: v for k, v in P.LARK_OPTIONS.items() if k != 'parser'})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    log = stream.getvalue()
    assert 'conflict' not in log.lower(), log
    assert 'Shift/Reduce' not in log and 'Reduce/Reduce' not in log, log


def test_grammar_location():
    p = P.grammar_path()
    assert p.name == 'minipy.lark'
    assert p.parent.name == 'grammar'


def test_every_rule_has_a_builder_method():
    """A rule without a method would silently build a lark Tree."""
    g = P.get_grammar()
    missing = set()
    for rule in g.lark.rules:
        name = rule.alias or rule.origin.name
        if name.startswith('_') or (rule.options.expand1 and len(rule.expansion) == 1
                                    and not rule.alias):
            continue
        if not hasattr(Builder, name):
            missing.add(name)
    assert not missing


def test_fast_driver_matches_lark_driver():
    src = textwrap.dedent('''\
        import a.b as c
        from . import (x, y,)
        @dec(1)
        class A(B, metaclass=M):
            def f(self, a, /, b=1, *args, c, d=2, **kw) -> int:
                x = [i * 2 for i in range(10) if i % 3]
                y = {k: v for k, v in d.items()}
                z = f"{x!r:>{w}} and {y=}"
                while x:
                    try:
                        del x[0]
                    except (IndexError, KeyError) as e:
                        raise ValueError("bad") from e
                    else:
                        continue
                    finally:
                        pass
                return lambda q, *r, s=3, **t: (yield q)
        ''')
    assert nodes.dump(parse(src)) == nodes.dump(P.parse_with_lark(src))


def test_first_character_dispatch_covers_the_scanner():
    """The tokenizer's first-character table exists for this grammar (an
    empty table would silently fall back to the slow full scanner) and maps
    the operators that start no other token straight to their terminal."""
    table = P.get_grammar().first_char
    assert table[','] == 'COMMA' and table[';'] == 'SEMICOLON' and table['('] == 'LPAR'
    assert not isinstance(table['='], str)      # '=' or '=='
    assert table['x'] is P._NAME_START and table['r'] is not P._NAME_START   # r'...'
    assert set('abcxyzXYZ_0123456789.\'"#\n+-*/%<>=!&|^~@:[](){}') <= set(table)


_TOKEN_ALPHABET = 'abrRbBfFuU_x09.eEjJ+-*/%<>=!&|^~@:;,()[]{}\'"#\n\t \\é\x0c'


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.text(alphabet=_TOKEN_ALPHABET, min_size=1, max_size=12))
def test_first_character_dispatch_agrees_with_the_scanner(text):
    """For any text, the sub-scanner picked by the first character finds the
    same terminal and the same extent as Lark's full scanner."""
    g = P.get_grammar()
    full = g.patterns[0].match(text, 0)
    entry = g.first_char.get(text[0])
    if entry is None:
        return                      # the tokenizer uses the full scanner here
    if isinstance(entry, str):
        assert full is not None and (full.lastgroup, full.end()) == (entry, 1)
        return
    if entry is P._NAME_START:
        # an ASCII name, unless a non-ASCII character follows (full scanner)
        end = P._ASCII_NAME.match(text, 0).end()
        assert full.lastgroup == 'NAME'
        assert full.end() == end or (end < len(text) and text[end] >= '\x80')
        return
    fast = entry(text, 0)
    if full is None:
        assert fast is None
    else:
        assert fast is not None and (fast.lastgroup, fast.end()) == (full.lastgroup, full.end())


@pytest.mark.parametrize('name', sorted(
    n for n in dir(nodes) if isinstance(getattr(nodes, n), type)
    and issubclass(getattr(nodes, n), nodes.AST) and not n.startswith('_')))
def test_node_class_matches_host_ast(name):
    mine = getattr(nodes, name)
    host = getattr(ast, name)
    assert mine._fields == host._fields
    assert set(mine._optional) == {f for f in host._fields if getattr(host, f, ...) is None}
    if 'lineno' in host._attributes:
        assert mine._attributes == host._attributes


def test_nodes_are_attrs_slotted_and_compare_by_identity():
    a = nodes.Name('x', nodes.LOAD)
    b = nodes.Name('x', nodes.LOAD)
    assert a != b and a == a
    assert not hasattr(a, '__dict__')
    assert hash(a) != hash(b)


def test_dump_matches_ast_dump_options():
    src = 'def f(a, *, b=1):\n    return [x async for x in y] if a else None\n'
    # async comprehensions are outside the subset; use a subset program
    src = 'def f(a, *, b=1):\n    return [x for x in y] if a else None\n'
    mine, host = parse(src), ast.parse(src)
    assert nodes.dump(mine) == ast.dump(host)
    assert nodes.dump(mine, include_attributes=True) == ast.dump(host, include_attributes=True)
    assert nodes.dump(mine, indent=2) == ast.dump(host, indent=2)
    assert nodes.dump(mine, annotate_fields=False) == ast.dump(host, annotate_fields=False)


def test_walk_and_iter_child_nodes():
    src = 'x = f(a, b=c)\n'
    mine, host = parse(src), ast.parse(src)
    assert [type(n).__name__ for n in nodes.walk(mine)] == \
        [type(n).__name__ for n in ast.walk(host)]
    call = mine.body[0].value
    assert [type(n).__name__ for n in nodes.iter_child_nodes(call)] == \
        ['Name', 'Name', 'keyword']
    assert dict(nodes.iter_fields(call))['func'].id == 'f'


def test_contexts_and_operators_are_shared_instances():
    m = parse('a = b + c\nd = e + f\n')
    assert m.body[0].value.op is m.body[1].value.op
    assert m.body[0].targets[0].ctx is nodes.STORE
    assert m.body[0].value.left.ctx is nodes.LOAD


def test_modes():
    assert type(parse('1 + 2', mode='eval')).__name__ == 'Expression'
    assert type(parse('x = 1\n', mode='single')).__name__ == 'Interactive'
    assert nodes.dump(parse('x = 1', mode='single')) == \
        ast.dump(compile('x = 1', 'f', 'single', ast.PyCF_ONLY_AST))
    assert nodes.dump(parse('\n1 + 2\n\n', mode='eval')) == \
        ast.dump(ast.parse('\n1 + 2\n\n', mode='eval'))
    with pytest.raises(ValueError):
        parse('x', mode='bogus')


def test_bytes_and_crlf_sources():
    assert nodes.dump(parse(b'x = 1\r\ny = "\xc3\xa9"\r\n')) == \
        ast.dump(ast.parse('x = 1\ny = "\u00e9"\n'))
    assert nodes.dump(parse(b'\xef\xbb\xbfx = 1\ry = 2')) == ast.dump(ast.parse('x = 1\ny = 2'))


def test_parser_is_reentrant_across_threads():
    import threading
    src = 'x = [f"{a}{b!r}" for a in range(3)]\n' * 50
    expected = nodes.dump(parse(src))
    results = []

    def work():
        for _ in range(5):
            results.append(nodes.dump(parse(src)) == expected)
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results) and len(results) == 20


def _run_child(code, env):
    return subprocess.run([sys.executable, '-c', code], env=env, capture_output=True,
                          text=True, timeout=120)


def test_cache_in_user_cache_dir_and_read_only_package(tmp_path):
    """The parser cache goes to $XDG_CACHE_HOME/minipy, and parsing works when
    no cache directory is writable at all."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = ('import sys; sys.path.insert(0, %r)\n'
            'from minipy.syntax import parse, nodes\n'
            'print(nodes.dump(parse("x = 1")))\n'
            'print("lark imported:", "lark" in sys.modules)\n' % repo)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / 'cache'))
    r = _run_child(code, env)
    assert r.returncode == 0, r.stderr
    assert 'Assign' in r.stdout
    assert 'lark imported: True' in r.stdout        # the tables were built with Lark
    assert list((tmp_path / 'cache' / 'minipy').glob('grammar-*.lark.pickle'))
    assert list((tmp_path / 'cache' / 'minipy').glob('tables-*.marshal'))
    # second run loads the cached tables and does without Lark altogether
    r = _run_child(code, env)
    assert r.returncode == 0, r.stderr
    assert 'Assign' in r.stdout
    assert 'lark imported: False' in r.stdout
    # a damaged tables file is rebuilt, not trusted
    for f in (tmp_path / 'cache' / 'minipy').glob('tables-*.marshal'):
        f.write_bytes(b'\x00garbage')
    r = _run_child(code, env)
    assert r.returncode == 0, r.stderr
    assert 'Assign' in r.stdout
    # nothing writable: still works (no cache)
    ro = tmp_path / 'ro'
    ro.mkdir()
    os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR)
    try:
        env = dict(os.environ, XDG_CACHE_HOME=str(ro), TMPDIR=str(ro), HOME=str(ro))
        r = _run_child(code, env)
        assert r.returncode == 0, r.stderr
        assert 'Assign' in r.stdout
    finally:
        os.chmod(ro, stat.S_IRWXU)




def test_the_grammar_ships_inside_the_package():
    """A non-editable install has no grammar/ folder: the package carries the
    grammar as minipy/syntax/minipy.lark (a link to grammar/minipy.lark in the
    checkout, a copy in a wheel), declared as package data."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shipped = os.path.join(root, 'minipy', 'syntax', 'minipy.lark')
    with open(shipped, encoding='utf-8') as f:
        assert f.read() == P.grammar_path().read_text(encoding='utf-8')
    with open(os.path.join(root, 'pyproject.toml'), encoding='utf-8') as f:
        assert '"syntax/minipy.lark"' in f.read()
