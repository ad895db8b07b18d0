"""The page in a real browser: Debian's Chromium driven by Playwright, offline.

A lawyer's session from start to end: open the address with the token, drop a real act, see the
findings, answer two questions, download the statement and open it, with and without JavaScript;
axe-core finds no serious or critical accessibility violation on any page. Every request that is
not to 127.0.0.1 is blocked, and none may be attempted.

Needs ``playwright`` (Python), ``/usr/bin/chromium`` and axe-core's ``axe.min.js`` (``$BUNDLINJE_AXE``,
or the cache folder ``.ci/run`` installs it into). Where they are missing the test skips, except
with ``BUNDLINJE_REQUIRE_BROWSER=1`` (CI), where it fails.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("BUNDLINJE_CHROMIUM", "/usr/bin/chromium"))
AXE_DEFAULT = Path.home() / ".cache" / "bundlinje-axe" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-proeve-noegle"
ACT = "aendrlov-2011-627-serviceloven-besoegsrestriktioner"
REPO = Path(__file__).resolve().parents[1]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright for Python is not installed"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if not _axe_path().is_file():
        return f"axe-core is missing at {_axe_path()} (npm install axe-core@4)"
    pytest.importorskip("starlette")
    return None


def _axe_path() -> Path:
    return Path(os.environ.get("BUNDLINJE_AXE", AXE_DEFAULT))


@pytest.fixture(scope="module")
def browser_ready():
    reason = _missing()
    if reason:
        if os.environ.get("BUNDLINJE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"The browser test is required here (BUNDLINJE_REQUIRE_BROWSER=1) but {reason}.")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server(browser_ready, tmp_path_factory):
    import uvicorn

    from relationel_bundlinje.pipeline import Screener
    from relationel_bundlinje.web.app import Settings, create_app

    screener = Screener.default()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    reviews = tmp_path_factory.mktemp("web") / "reviews.jsonl"
    app = create_app(Settings(token=TOKEN, port=port, reviews=reviews), lambda: screener)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield {"port": port, "base": f"http://127.0.0.1:{port}", "reviews": reviews}
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True, timeout=60_000)
        yield browser
        browser.close()


class Offline:
    """Blocks and records every request that is not to our server on 127.0.0.1."""

    def __init__(self, context, port: int) -> None:
        self.attempted: list[str] = []
        self.port = port
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https") and url.hostname == "127.0.0.1" and url.port == self.port:
            route.continue_()
        else:
            self.attempted.append(route.request.url)
            route.abort()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(_axe_path()))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def test_a_lawyers_session_in_the_browser(server, chromium, bill_path, tmp_path):
    from docx import Document

    context = chromium.new_context(accept_downloads=True, locale="da-DK", bypass_csp=True,
                                   viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    offline = Offline(context, server["port"])
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    statuses: list[str] = []
    page.expose_function("bundlinjeStatus", lambda text: statuses.append(text))

    page.goto(f"{server['base']}/?token={TOKEN}")
    assert page.url == f"{server['base']}/", "the token is taken out of the address"
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("h1").inner_text() == "Screen et lovforslag"
    assert _axe(page) == []

    # Keyboard: the first Tab reaches the skip link, and focus is visible.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]")
    assert focused[0] == "Gå til indholdet" and focused[1] != "none"

    page.evaluate("""() => new MutationObserver(() => {
        const t = document.getElementById('status').textContent.trim(); if (t) window.bundlinjeStatus(t);
    }).observe(document.getElementById('status'), {subtree: true, childList: true, characterData: true})""")
    page.set_input_files("#fil", str(bill_path(ACT)))
    page.get_by_role("button", name="Screen lovforslaget").click()
    page.wait_for_url(re.compile(r"/sag/[A-Za-z0-9_-]+$"))
    assert any("screenes" in s or "sendes" in s for s in statuses), statuses

    conclusion = page.locator(".konklusion-tekst").inner_text()
    assert conclusion.startswith("Loven vurderes") or conclusion.startswith("Lovforslaget vurderes")
    provisions = page.locator("article.bestemmelse")
    assert provisions.count() > 0
    assert page.locator("article.bestemmelse mark").count() > 0
    assert _axe(page) == []
    page.screenshot(path=str(os.environ.get("BUNDLINJE_SCREENSHOT") or tmp_path / "web-side.png"), full_page=True)

    # Accept the first flagged provision with the keyboard.
    first = provisions.first
    first.get_by_role("button", name="Godkend").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"gemt=vurdering"))
    assert "Godkendt" in page.locator("article.bestemmelse").first.inner_text()
    assert '"verdict":"accepted"' in server["reviews"].read_text(encoding="utf-8")

    # Answer two questions on the first page of the questionnaire, then see the result.
    page.get_by_role("link", name=re.compile("Besvar spørgsmålene|Fortsæt besvarelsen")).click()
    assert page.locator("h1").inner_text().startswith("Spørgeskema:")
    assert _axe(page) == []
    fieldsets = page.locator("fieldset.spoergsmaal")
    assert fieldsets.count() >= 2
    fieldsets.nth(0).get_by_label("Nej", exact=True).check()
    fieldsets.nth(1).get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Gem og fortsæt").click()
    page.wait_for_url(re.compile(r"/spoergsmaal/2$"))
    page.get_by_role("button", name="Tilbage").click()
    page.wait_for_url(re.compile(r"/spoergsmaal/1$"))
    assert fieldsets.nth(0).get_by_label("Nej", exact=True).is_checked()
    assert fieldsets.nth(1).get_by_label("Ja", exact=True).is_checked()
    page.get_by_role("button", name="Gem og se resultatet").click()
    page.wait_for_url(re.compile(r"gemt=svar"))
    assert "2 af 50 spørgsmål er besvaret af dig" in page.content()

    # Download the statement and open it.
    with page.expect_download() as info:
        page.get_by_role("link", name="Afsnittet som Word-dokument (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(Path(download.path()).read_bytes())).paragraphs)
    assert "Relationelle konsekvenser" in text
    assert conclusion.split(" for ")[0].strip(". ") in text

    with page.expect_download() as info:
        page.get_by_role("link", name="Svarfilen (svar.yaml)").click()
    answers = Path(info.value.path()).read_text(encoding="utf-8")
    assert answers.count("kilde: bruger") == 2

    assert offline.attempted == [], offline.attempted
    assert not [e for e in console_errors if "favicon" not in e], console_errors
    context.close()


def test_the_page_works_without_javascript(server, chromium, bill_path):
    context = chromium.new_context(java_script_enabled=False, locale="da-DK")
    context.set_default_timeout(60_000)
    offline = Offline(context, server["port"])
    page = context.new_page()
    page.goto(f"{server['base']}/?token={TOKEN}")
    page.set_input_files("#fil", str(bill_path(ACT)))
    page.get_by_role("button", name="Screen lovforslaget").click()
    page.wait_for_url(re.compile(r"/sag/[A-Za-z0-9_-]+$"))
    assert page.locator("article.bestemmelse").count() > 0
    page.get_by_role("link", name=re.compile("Besvar spørgsmålene")).click()
    page.locator("fieldset.spoergsmaal").nth(0).get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Gem og se resultatet").click()
    page.wait_for_url(re.compile(r"gemt=svar"))
    assert "1 af 50 spørgsmål er besvaret af dig" in page.content()
    assert offline.attempted == []
    context.close()


def test_ci_installs_what_the_browser_test_needs():
    """.ci/run must install the browser, Playwright and axe-core and require the browser test."""
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "BUNDLINJE_REQUIRE_BROWSER=1" in script
    assert "chromium" in script and re.search(r"playwright==\d", script) and "axe-core@4" in script
    assert shutil.which("bash")
