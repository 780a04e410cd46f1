"""The step-through visualizer (minipy trace): what the recorder captures, and
the page itself driven in a real headless browser (Debian's chromium through
selenium and chromedriver; .ci/run installs them)."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from minipy.api import Interpreter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")

PROGRAM = """\
class Box:
    def __init__(self, v):
        self.v = v

def build(n):
    items = []
    for i in range(n):
        items.append(Box(i * 1000))
    return items

boxes = build(2)
first = boxes[0]
print(len(boxes))
cyc = []
cyc.append(cyc)
del cyc
import gc
print(gc.collect())
"""


def record(source, path="/virtual/boxes.mpy", finalize=True, **kw):
    from minipy.viz import trace_html
    interp = Interpreter(capture=True)
    rec = trace_html.Recorder(interp, **kw)
    rec.install()
    try:
        status = interp.run_source(source, path)
    finally:
        rec.uninstall()
    rec.finish(status)
    if finalize:
        interp.finalize()
        rec.after_finalize()
    return interp, rec


def innermost(step):
    return step["frames"][-1]


def local(frame, name):
    for v in frame["v"]:
        if v[0] == name:
            return v
    return None


def test_recorder_steps_follow_lines_and_frames():
    interp, rec = record(PROGRAM)
    steps = rec.steps
    # (function, line) of each step, the start of the run
    seq = [(innermost(s)["n"] if s["frames"] else None, s["line"]) for s in steps]
    assert seq[:12] == [("<module>", 1), ("Box", 1), ("Box", 2), ("<module>", 1),
                        ("<module>", 5), ("<module>", 11), ("build", 6), ("build", 7),
                        ("build", 8), ("__init__", 3), ("build", 8), ("build", 7)]
    assert steps[-1]["note"].startswith("program finished (exit status 0)")
    # a step inside build() during the second iteration: items holds one Box
    s = next(s for s in steps if innermost(s)["n"] == "build" and
             local(innermost(s), "i") and local(innermost(s), "i")[1] == "1" and s["line"] == 8)
    items = local(innermost(s), "items")
    assert items[1] == "[<Box>]" and items[2] == 1
    objs = [rec.objects[k] for k in s["objs"]]
    box = [o for o in objs if o[1] == "Box"]
    assert len(box) == 1 and box[0][3] == 1 and box[0][4] == [[".v", "", "0"]]
    # the caller frames are there too, outermost first
    assert [f["n"] for f in s["frames"]] == ["<module>", "build"]
    # after ``first = boxes[0]``: the first Box has two references
    s = next(s for s in steps if s["frames"] and innermost(s)["n"] == "<module>"
             and s["line"] == 13)
    first = local(innermost(s), "first")
    assert first[2] == 2
    boxes = local(innermost(s), "boxes")
    assert boxes[2] == 1
    big = [rec.objects[k] for k in s["objs"] if rec.objects[k][1] == "int"]
    assert sorted(o[2] for o in big) == ["1000"]           # 0 is static
    # output captured per step
    assert steps[-1]["out"] == len("2\n1\n")
    # the gc.collect() of line 18 and the collection at exit are on the timeline
    reasons = [e["reason"] for e in rec.gc_events]
    assert "manual" in reasons and "shutdown" in reasons
    manual = [e for e in rec.gc_events if e["reason"] == "manual"][0]
    assert manual["collected"] == 1
    assert steps[manual["step"]]["line"] == 18 or steps[manual["step"] - 1]["line"] == 18


def test_recording_changes_nothing():
    plain = Interpreter(capture=True)
    assert plain.run_source(PROGRAM, "/virtual/boxes.mpy") == 0
    plain_blocks = sorted(a for a, _ in plain.heap.iter_live_blocks())
    plain_out = plain.stdout_text()
    traced, rec = record(PROGRAM, finalize=False)
    assert traced.stdout_text() == plain_out
    # the same blocks at the same addresses: recording allocated nothing
    assert sorted(a for a, _ in traced.heap.iter_live_blocks()) == plain_blocks
    assert traced.audit()["mismatches"] == []


def test_caps_are_enforced_and_announced():
    src = "xs = []\nfor i in range(300):\n    xs.append([i])\n    y = i\n"
    interp, rec = record(src, max_steps=50, max_objects=20)
    assert rec.capped and len(rec.steps) == 51          # 50 + the final step
    assert max(len(s["objs"]) for s in rec.steps) == 20
    data = rec.data("t")
    assert any("Recording stopped after 50 steps" in n for n in data["notices"])
    assert any("more than 20 heap objects" in n for n in data["notices"])


def test_gil_switches_are_on_the_timeline():
    src = ("import threading\nout = []\ndef work(n):\n    for i in range(3):\n"
           "        out.append(n)\n"
           "ts = [threading.Thread(target=work, args=(k,)) for k in range(2)]\n"
           "for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(len(out))\n")
    from minipy.viz import trace_html
    try:
        interp = Interpreter(capture=True, switch_every=7)
    except TypeError:
        pytest.skip("this build has no deterministic GIL switching")
    rec = trace_html.Recorder(interp)
    rec.install()
    try:
        status = interp.run_source(src, "/virtual/threads.mpy")
    finally:
        rec.uninstall()
    rec.finish(status)
    interp.finalize()
    assert status == 0 and interp.stdout_text() == "6\n"
    assert rec.gil_events
    threads = set(s["thread"] for s in rec.steps)
    assert "MainThread" in threads and len(threads) >= 3
    # a step in work() belongs to a worker thread, and its frame chain is that thread's
    s = next(s for s in rec.steps if s["frames"] and innermost(s)["n"] == "work")
    assert s["thread"] != "MainThread" and s["frames"][0]["n"] != "<module>"


def test_cli_trace_writes_one_self_contained_page(tmp_path):
    prog = tmp_path / "boxes.mpy"
    prog.write_text(PROGRAM)
    out = tmp_path / "t.html"
    r = subprocess.run([sys.executable, "-m", "minipy", "trace", str(prog), "-o", str(out)],
                       capture_output=True, text=True, env=ENV, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "2\n1\n"
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>")
    # nothing fetched from anywhere
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    m = re.search(r'<script id="trace-data" type="application/json">(.*?)</script>', html, re.S)
    data = json.loads(m.group(1))
    assert data["files"][0]["source"] == PROGRAM and len(data["steps"]) > 20


# ---------------------------------------------------------------------------
# In a real browser
# ---------------------------------------------------------------------------

def _browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install selenium)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium and chromedriver are not installed "
                    "(apt-get install chromium chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1400,1000"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=opts)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    d = tmp_path_factory.mktemp("trace")
    prog = d / "boxes.mpy"
    prog.write_text(PROGRAM)
    out = d / "boxes.html"
    r = subprocess.run([sys.executable, "-m", "minipy", "trace", str(prog), "-o", str(out)],
                       capture_output=True, text=True, env=ENV, timeout=300)
    assert r.returncode == 0, r.stderr
    html = out.read_text()
    m = re.search(r'<script id="trace-data" type="application/json">(.*?)</script>', html, re.S)
    data = json.loads(m.group(1))
    browser = _browser()
    # collect uncaught errors from the very first script on
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__errors = []; window.addEventListener('error', function (e) {"
        " window.__errors.push(String(e.message)); });")})
    browser.get(out.as_uri())
    yield browser, data
    browser.quit()


def _frames(browser):
    """[(frame name, {local name: refcount text})] from the frames pane, innermost first."""
    return browser.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('#frames .frame'), function (f) {
          var vars = {};
          f.querySelectorAll('tr.local').forEach(function (r) {
            vars[r.getAttribute('data-name')] = r.getAttribute('data-rc'); });
          return [f.getAttribute('data-frame'), vars];
        });""")


def _heap(browser):
    return browser.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('#heap tr[data-addr]'), function (r) {
          return [r.getAttribute('data-type'), r.querySelector('td.repr').textContent,
                  r.getAttribute('data-rc')];
        });""")


def _step_of(data, pred):
    for i, s in enumerate(data["steps"]):
        if pred(s):
            return i
    raise AssertionError("no such step")


def test_browser_steps_forward_and_back(page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    browser, data = page
    n = len(data["steps"])
    label = browser.find_element(By.ID, "step-label")
    assert label.text == "step 1 / %d" % n
    assert browser.find_element(By.CSS_SELECTOR, "#source .line.current").get_attribute(
        "data-line") == "1"
    # forward with the button to the second iteration of build()'s loop body
    target = _step_of(data, lambda s: s["frames"] and innermost(s)["n"] == "build" and
                      s["line"] == 8 and local(innermost(s), "i")[1] == "1")
    nxt = browser.find_element(By.ID, "next")
    for _ in range(target):
        nxt.click()
    assert label.text == "step %d / %d" % (target + 1, n)
    assert browser.find_element(By.CSS_SELECTOR, "#source .line.current").get_attribute(
        "data-line") == "8"
    frames = _frames(browser)
    assert [f[0] for f in frames] == ["build", "<module>"]
    assert frames[0][1] == {"n": "", "items": "1", "i": ""}      # ints 2 and 1 are static
    assert frames[1][1]["build"] == "2" and "Box" in frames[1][1]
    heap = _heap(browser)
    assert ["list", "[<Box>]", "1"] in heap
    assert ["Box", "<Box v=0>", "1"] in heap
    assert ["int", "1000", "1"] not in heap       # Box(0) holds the static 0
    # back one step with the arrow key, then forward again
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_LEFT)
    assert label.text == "step %d / %d" % (target, n)
    assert data["steps"][target - 1]["line"] == int(browser.find_element(
        By.CSS_SELECTOR, "#source .line.current").get_attribute("data-line"))
    body.send_keys(Keys.ARROW_RIGHT)
    assert label.text == "step %d / %d" % (target + 1, n)
    # on to the line after ``first = boxes[0]``
    target2 = _step_of(data, lambda s: s["frames"] and innermost(s)["n"] == "<module>" and
                       s["line"] == 13)
    for _ in range(target2 - target):
        nxt.click()
    frames = _frames(browser)
    assert [f[0] for f in frames] == ["<module>"]
    assert frames[0][1]["first"] == "2" and frames[0][1]["boxes"] == "1"
    heap = _heap(browser)
    assert ["list", "[<Box>, <Box>]", "1"] in heap
    assert ["Box", "<Box v=0>", "2"] in heap and ["Box", "<Box v=1000>", "1"] in heap
    assert ["int", "1000", "1"] in heap
    # prev button goes back
    browser.find_element(By.ID, "prev").click()
    assert label.text == "step %d / %d" % (target2, n)
    assert "first" not in _frames(browser)[0][1]


def test_browser_end_state_timeline_and_no_errors(page):
    from selenium.webdriver.common.by import By
    browser, data = page
    browser.find_element(By.ID, "last").click()
    n = len(data["steps"])
    assert browser.find_element(By.ID, "step-label").text == "step %d / %d" % (n, n)
    assert browser.find_element(By.ID, "where").text.startswith("program finished")
    assert browser.find_element(By.ID, "output").text == "2\n1"
    assert browser.find_element(By.ID, "next").get_attribute("disabled") is not None
    # GC marks on the timeline (gc.collect() and the final collection), GIL placeholder
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline .gc-mark")) == len(data["gc"]) >= 2
    assert "no GIL events" in browser.find_element(By.ID, "timeline").text
    assert browser.find_elements(By.CSS_SELECTOR, "#pools rect.pool")
    # clicking a reference highlights its target row
    browser.find_element(By.ID, "first").click()
    for _ in range(3):
        browser.find_element(By.ID, "next").click()
    links = browser.find_elements(By.CSS_SELECTOR, "#frames a.ref")
    assert links
    links[0].click()
    assert browser.find_elements(By.CSS_SELECTOR, "#heap tr.hl")
    assert browser.execute_script("return window.__errors") == []
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []
