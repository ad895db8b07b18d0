"""The local page and its JSON API (``bundlinje serve``), through Starlette's TestClient.

Every refusal is tested at the door (no token, wrong Host, cross-origin POST, too large a body),
and the work behind the page with real acts: the API gives the command line's JSON byte for byte,
the page shows the flagged provisions with their evidence, verdicts reach the verdict store, and
the questionnaire saves, skips, goes back and resumes from a downloaded answers file.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import anyio
import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")

from click.testing import CliRunner  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from relationel_bundlinje.cli import main  # noqa: E402
from relationel_bundlinje.web import app as web_app  # noqa: E402
from relationel_bundlinje.web.app import Settings, create_app  # noqa: E402

from bounds import within

TOKEN = "proeve-noegle-1234"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SMALL_ACT = "aendrlov-2011-627-serviceloven-besoegsrestriktioner"
DATE = "2025-03-01"


@pytest.fixture(scope="module")
def screener():
    from relationel_bundlinje.pipeline import Screener

    return Screener.default()


def _client(tmp_path: Path, screener_factory, **settings) -> TestClient:
    s = Settings(token=TOKEN, port=PORT, reviews=tmp_path / "reviews.jsonl", **settings)
    return TestClient(create_app(s, screener_factory), base_url=BASE)


@pytest.fixture
def bare(tmp_path):
    """A client whose Screener is never needed (refusals happen before any screening)."""

    def refuse():
        raise AssertionError("the Screener must not be loaded for a refused request")

    with _client(tmp_path, refuse) as c:
        yield c


@pytest.fixture
def client(tmp_path, screener):
    """A client that has opened the page with the token (so it carries the cookie)."""
    with _client(tmp_path, lambda: screener) as c:
        r = c.get(f"/?token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303
        yield c


def _post(c: TestClient, url: str, **kw):
    headers = {"origin": BASE, **kw.pop("headers", {})}
    return c.post(url, headers=headers, **kw)


def _act(bill_path, doc_id: str = SMALL_ACT) -> tuple[str, bytes]:
    path = bill_path(doc_id)
    return path.name, path.read_bytes()


# --------------------------------------------------------------------------- the door


def test_every_page_and_call_needs_the_token(bare):
    r = bare.get("/")
    assert r.status_code == 403
    assert "Adgang nægtet" in r.text and 'lang="da"' in r.text
    for path in ("/api/schema", "/static/bundlinje.css", "/sag/abc"):
        assert bare.get(path).status_code == 403
    r = bare.get("/api/schema")
    assert "adgangsnøgle" in r.json()["fejl"]
    assert bare.get("/api/schema", headers={"X-Bundlinje-Token": "forkert-noegle"}).status_code == 403
    assert bare.get("/api/schema", headers={"X-Bundlinje-Token": TOKEN}).status_code == 200
    assert bare.get(f"/api/schema?token={TOKEN}").status_code == 200
    assert bare.post("/api/screen", headers={"X-Bundlinje-Token": "x" * 30}).status_code == 403


def test_token_in_the_address_moves_into_a_cookie(bare):
    r = bare.get(f"/?token={TOKEN}&a=1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/?a=1"
    cookie = r.headers["set-cookie"]
    assert f"bundlinje_adgang_{PORT}={TOKEN}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    r = bare.get("/")
    assert r.status_code == 200
    assert r.text.startswith("<!DOCTYPE html>") and '<html lang="da">' in r.text
    assert 'aria-live="polite"' in r.text
    for header in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"):
        assert header in r.headers
    assert "default-src 'none'" in r.headers["content-security-policy"]
    # Nothing on the page points off the machine: no CDN, no external fonts.
    assert not re.search(r"(src|href)=\"(https?:)?//", r.text)


def test_only_our_loopback_host_is_accepted(bare):
    h = {"X-Bundlinje-Token": TOKEN}
    assert bare.get("/api/schema", headers={**h, "host": f"localhost:{PORT}"}).status_code == 200
    for host in ("evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1", f"127.0.0.2:{PORT}", ""):
        r = bare.get("/api/schema", headers={**h, "host": host})
        assert r.status_code == 400, host
        assert "værtsadresse" in r.json()["fejl"]
    r = bare.get(f"/?token={TOKEN}", headers={"host": "rebind.example"})
    assert r.status_code == 400 and "Ugyldig værtsadresse" in r.text and "set-cookie" not in r.headers


def test_cross_origin_posts_are_refused(bare):
    bare.get(f"/?token={TOKEN}")
    files = {"file": ("lov.txt", b"x")}
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"}, {"origin": f"http://localhost:{PORT + 1}"},
                    {"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}, {}):
        r = bare.post("/api/screen", files=files, headers=headers)
        assert r.status_code == 403, headers
        assert r.json()["fejl"].startswith("Forespørgslen kom ikke fra værktøjets egen side")
        r = bare.post("/screen", files=files, headers=headers)
        assert r.status_code == 403 and 'lang="da"' in r.text
    # Our own origin, and a program that sends the token itself, get past the door
    # (and are refused for the content: an unsupported file type).
    for headers in ({"origin": BASE}, {"sec-fetch-site": "same-origin"}, {"X-Bundlinje-Token": TOKEN}):
        r = bare.post("/api/screen", files={"file": ("lov.exe", b"x")}, headers=headers)
        assert r.status_code == 415, headers
    # A cross-origin page that somehow has the token is still refused.
    r = bare.post("/api/screen", files=files, headers={"X-Bundlinje-Token": TOKEN, "origin": "http://evil.example"})
    assert r.status_code == 403


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setenv("BUNDLINJE_MAX_BYTES", "64kb")
    return 64 * 1024


def test_declared_too_large_upload_is_refused_before_reading(small_limit, tmp_path):
    def refuse():
        raise AssertionError("not needed")

    with _client(tmp_path, refuse) as c:
        body_read = []

        def body():
            body_read.append(1)
            yield b"x" * 1024

        r = c.post("/api/screen", content=body(), headers={
            "X-Bundlinje-Token": TOKEN, "content-type": "multipart/form-data; boundary=b",
            "content-length": str(500 * 1024 * 1024)})
        assert r.status_code == 413
        assert r.json()["fejl"] == "Filen er for stor; grænsen er 64 kB."


def test_streamed_too_large_body_stops_at_the_cap(small_limit, tmp_path):
    """Driven at the ASGI level so the body really streams: the app must stop reading at the cap."""
    app = create_app(Settings(token=TOKEN, port=PORT, reviews=tmp_path / "r.jsonl"), lambda: None)
    chunk = b"-" * 16384
    sent = {"chunks": 0}
    replies: list[dict] = []
    head = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lov.txt\"\r\n\r\n"

    async def receive():
        sent["chunks"] += 1
        if sent["chunks"] > 10_000:  # 160 MB: the test fails rather than runs away
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": head if sent["chunks"] == 1 else chunk, "more_body": True}

    async def send(message):
        replies.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/screen", "raw_path": b"/api/screen", "query_string": b"", "root_path": "",
        "headers": [(b"host", f"127.0.0.1:{PORT}".encode()), (b"x-bundlinje-token", TOKEN.encode()),
                    (b"content-type", b"multipart/form-data; boundary=b")],
        "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", PORT),
    }
    anyio.run(app, scope, receive, send)
    start = next(m for m in replies if m["type"] == "http.response.start")
    assert start["status"] == 413
    cap = small_limit + web_app.FORM_ALLOWANCE
    assert sent["chunks"] * len(chunk) <= cap + 2 * len(chunk)
    body = b"".join(m.get("body", b"") for m in replies if m["type"] == "http.response.body")
    assert "for stor" in json.loads(body)["fejl"]


def test_file_over_the_reader_limit_is_413(small_limit, tmp_path):
    def refuse():
        raise AssertionError("not needed")

    with _client(tmp_path, refuse) as c:
        r = _post(c, "/api/screen", files={"file": ("lov.txt", b"a" * (small_limit + 1))},
                  headers={"X-Bundlinje-Token": TOKEN})
        assert r.status_code == 413 and "64 kB" in r.json()["fejl"]


# --------------------------------------------------------------------------- bad documents


def test_bad_documents_are_danish_errors(bare):
    h = {"X-Bundlinje-Token": TOKEN}
    cases = [
        ("lov.docx", b"PK\x03\x04" + b"\x00" * 200, 400, "Word"),
        ("lov.docx", b"Dette er ikke et Word-dokument", 400, "Word-dokument"),
        ("lov.txt", ("The Secretary of State may by regulations make provision about the keeping of records "
                     "and the people who are affected by this Act in England and Wales. " * 20).encode(), 400, "dansk"),
        ("lov.txt", b"", 400, "tom"),
        ("lov.exe", b"MZ", 415, "Filformatet"),
        ("lov.doc", b"\xd0\xcf\x11\xe0", 415, ".doc"),
    ]
    for name, data, status, word in cases:
        r = _post(bare, "/api/screen", files={"file": (name, data)}, headers=h)
        assert r.status_code == status, (name, r.text)
        message = r.json()["fejl"]
        assert word in message and "Traceback" not in message, message
    r = _post(bare, "/api/screen", data={"x": "1"}, headers=h)
    assert r.status_code == 415
    r = _post(bare, "/api/screen", files={"andet": ("a.txt", b"x")}, headers=h)
    assert r.status_code == 422 and "Vælg det lovforslag" in r.json()["fejl"]
    r = _post(bare, "/api/screen", files={"file": ("lov.txt", b"x")}, data={"fixed_date": "1. maj"}, headers=h)
    assert r.status_code == 422 and "ÅÅÅÅ-MM-DD" in r.json()["fejl"]


def _zip(members: dict[str, bytes]) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_bombs_and_entities_are_refused_as_on_the_command_line(bare):
    """Uploads go through the command line's readers (``ingest.read_bytes``) and their checks."""
    h = {"X-Bundlinje-Token": TOKEN}
    types = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    bomb = _zip({"[Content_Types].xml": types, "word/document.xml": b"<w:document>" + b" " * (30 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    r = _post(bare, "/api/screen", files={"file": ("bombe.docx", bomb)}, headers=h)
    assert r.status_code == 400 and "mistænkeligt" in r.json()["fejl"]
    entity = _zip({"[Content_Types].xml": types,
                   "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'})
    r = _post(bare, "/api/screen", files={"file": ("entitet.docx", entity)}, headers=h)
    assert r.status_code == 400 and "DOCTYPE" in r.json()["fejl"]
    laughs = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l "ha"><!ENTITY l2 "&l;&l;&l;&l;">]><lov>&l2;</lov>'
    r = _post(bare, "/api/screen", files={"file": ("lov.xml", laughs)}, headers=h)
    assert r.status_code == 400 and "DOCTYPE" in r.json()["fejl"]


def test_sessions_expire_and_the_number_of_cases_is_capped():
    from relationel_bundlinje.web.sessions import Case, SessionStore

    now = [0.0]
    store = SessionStore(ttl=100, max_cases=3, clock=lambda: now[0])

    def case(n):
        return Case(id=f"c{n}", name="lov.txt", data=b"", bill=None, assessment=None)  # type: ignore[arg-type]

    a, b = store.create(), store.create()
    store.add_case(a, case(1))
    now[0] = 10
    store.add_case(b, case(2))
    store.add_case(b, case(3))
    store.add_case(b, case(4))  # over the cap: the case of the session seen least recently goes
    assert store.case(a, "c1") is None and [store.case(b, f"c{n}") is not None for n in (2, 3, 4)] == [True] * 3
    now[0] = 50
    assert store.get(b.id) is b
    now[0] = 151
    assert store.get(b.id) is None and store.case(store.get(b.id), "c2") is None


def test_a_corrupt_docx_on_the_page_comes_back_with_the_message(bare):
    bare.get(f"/?token={TOKEN}")
    r = _post(bare, "/screen", files={"file": ("udkast.docx", b"PK\x03\x04 beskadiget")})
    assert r.status_code == 400
    assert 'role="alert"' in r.text and "Lovforslaget kunne ikke screenes" in r.text
    r = _post(bare, "/screen", files={"file": ("udkast.docx", b"PK\x03\x04 beskadiget")}, headers={"accept": "application/json"})
    assert r.status_code == 400 and "Word" in r.json()["fejl"]


# --------------------------------------------------------------------------- real acts


def test_api_screen_gives_the_command_lines_json(client, bill_path, tmp_path):
    name, data = _act(bill_path)
    r = _post(client, "/api/screen", files={"file": (name, data)}, data={"fixed_date": DATE})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    cli = CliRunner().invoke(main, ["screen", str(bill_path(SMALL_ACT)), "--format", "json", "--fixed-date", DATE])
    assert cli.exit_code == 0, cli.output
    assert r.content == cli.stdout_bytes
    doc = r.json()
    assert doc["record"]["source_name"] == name and doc["bill"]["source_sha256"] == doc["record"]["source_sha256"]
    assert any(c["supports"] for c in doc["clauses"])


def test_api_screen_with_an_answers_file_matches_the_command_line(client, bill_path, tmp_path, screener):
    from relationel_bundlinje.models import AnswerRecord
    from relationel_bundlinje.questionnaire import render_answers

    name, data = _act(bill_path)
    bill = screener.parse(bill_path(SMALL_ACT))
    findings = [f for f in screener.findings(bill) if f.source == "regel"]
    q = next(q for q in screener.rules.questions if q.step == "relevans" and "kontakt" in q.dimensions)
    text = render_answers([AnswerRecord(question_id=q.id, answer="ja", source="bruger")], bill, findings, screener.rules)
    answers = tmp_path / "svar.yaml"
    answers.write_text(text, encoding="utf-8")
    r = _post(client, "/api/screen", files={"file": (name, data), "answers": ("svar.yaml", text.encode())},
              data={"fixed_date": DATE})
    assert r.status_code == 200, r.text
    cli = CliRunner().invoke(main, ["screen", str(bill_path(SMALL_ACT)), "--answers", str(answers), "--format", "json",
                                    "--fixed-date", DATE])
    assert r.content == cli.stdout_bytes
    # An answers file for another bill is refused as on the command line, naming the file as uploaded.
    other_name, other = _act(bill_path, "aendrlov-2011-461-225-timersregel-2011")
    r = _post(client, "/api/screen", files={"file": (other_name, other), "answers": ("mine-svar.yaml", text.encode())})
    assert r.status_code == 422
    assert "mine-svar.yaml" in r.json()["fejl"] and "/tmp" not in r.json()["fejl"]


def test_the_page_shows_conclusion_and_flagged_provisions_with_evidence(client, bill_path, screener):
    name, data = _act(bill_path)
    r = _post(client, "/screen", files={"file": (name, data)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/sag/")
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    html = page.text
    a = screener.screen(bill_path(SMALL_ACT), reviews=None)
    assert _escaped(a.statement.conclusion) in html
    flagged = [c for c in a.clauses if c.supports or c.flagged]
    assert flagged
    for c in flagged:
        assert _escaped(c.ref) in html
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", html, flags=re.S)
    assert marks, "the evidence is highlighted"
    words = {f.text.lower() for c in flagged for f in c.findings if f.source == "regel" and not f.in_remark}
    assert any(any(w in m.lower() for w in words) for m in marks)
    from relationel_bundlinje.dimensions import DIMENSION_LABELS

    assert _escaped(DIMENSION_LABELS[flagged[0].dimensions[0]]) in html
    assert html.count('name="vurdering" value="accepted"') == len(flagged)
    # Every input has a label.
    ids = set(re.findall(r'<input[^>]*\bid="([^"]+)"', html))
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids <= labelled


def _escaped(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def _open_case(client, bill_path, doc_id=SMALL_ACT, name=None):
    real, data = _act(bill_path, doc_id)
    r = _post(client, "/screen", files={"file": (name or real, data)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["location"]


def test_hostile_file_names_are_only_shown_escaped(client, bill_path, tmp_path):
    before = set(os.listdir(tempfile.gettempdir()))
    cwd_before = set(os.listdir("."))
    for hostile in ("<img src=x onerror=alert(1)>.txt", "..\\..\\evil<b>.txt", "../../../etc/cron.d/evil.txt"):
        url = _open_case(client, bill_path, name=hostile)
        html = client.get(url).text
        assert "<img src=x" not in html and "<b>.txt" not in html
        shown = hostile.replace("\\", "/").rsplit("/", 1)[-1]
        assert _escaped(shown) in html
        r = client.get(url + "/hent/konsekvenser.md")
        assert r.status_code == 200
        disposition = r.headers["content-disposition"]
        assert "/" not in disposition.split("filename=")[1].split(";")[0] and "<" not in disposition
    after = set(os.listdir(tempfile.gettempdir()))
    assert not [n for n in after - before if "evil" in n or "onerror" in n]
    assert set(os.listdir(".")) == cwd_before
    index = client.get("/").text
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in index


def test_verdicts_reach_the_store_and_the_conclusion(client, bill_path, tmp_path):
    url = _open_case(client, bill_path)
    html = client.get(url).text
    refs = re.findall(r'<input type="hidden" name="ref" value="([^"]+)">', html)
    assert refs
    from html import unescape

    first = unescape(refs[0])
    r = _post(client, f"{url}/vurdering?til=bestemmelse-0", data={"ref": first, "vurdering": "accepted"},
              follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#bestemmelse-0")
    store = tmp_path / "reviews.jsonl"
    lines = [json.loads(x) for x in store.read_text(encoding="utf-8").splitlines()]
    assert lines[-1]["ref"] == first and lines[-1]["verdict"] == "accepted"
    r = _post(client, f"{url}/vurdering", data={"ref": first, "vurdering": "corrected", "dimensioner": ["familie", "bolig"],
                                                  "retning": "positiv"})
    assert r.status_code == 200 and "Din vurdering er gemt" in r.text and "Rettet" in r.text
    last = json.loads(store.read_text(encoding="utf-8").splitlines()[-1])
    assert last["verdict"] == "corrected" and last["dimensions"] == ["familie", "bolig"] and last["direction"] == "positiv"
    from relationel_bundlinje.review import ReviewStore

    assert ReviewStore(store).latest()[-1].verdict == "corrected"
    # Rejecting every flagged provision takes them out of the conclusion.
    for ref in refs:
        _post(client, f"{url}/vurdering", data={"ref": unescape(ref), "vurdering": "rejected"})
    doc = client.get(url + "/hent/konsekvenser.json").json()
    rejected = {unescape(r) for r in refs}
    assert not [c for c in doc["clauses"] if c["ref"] in rejected and c["supports"]]
    # Refusals: an unknown provision, a correction without a direction.
    assert _post(client, f"{url}/vurdering", data={"ref": "§ 999", "vurdering": "accepted"}).status_code == 422
    r = _post(client, f"{url}/vurdering", data={"ref": first, "vurdering": "corrected", "dimensioner": ["familie"]})
    assert r.status_code == 422 and "retning" in r.text


def test_questionnaire_back_skip_save_download_and_resume(client, bill_path, tmp_path, screener):
    url = _open_case(client, bill_path)
    first = client.get(f"{url}/spoergsmaal/1")
    assert first.status_code == 200
    html = first.text
    assert "Spørgeskema: Familieliv og samliv" in html
    groups = re.findall(r'<li><a href="[^"]+/spoergsmaal/(\d+)"', html)
    assert len(groups) == 12
    # The tool's proposals are pre-filled and marked as proposals somewhere in the questionnaire.
    proposal_pages = [n for n in range(1, 13) if "Værktøjets forslag:" in client.get(f"{url}/spoergsmaal/{n}").text]
    assert proposal_pages
    page = client.get(f"{url}/spoergsmaal/{proposal_pages[0]}").text
    assert "forslag-maerke" in page and re.search(r'value="[^"]+" checked>\s*<label[^>]*>[^<]*<span class="forslag-maerke">', page)

    rel = [q for q in screener.rules.questions if q.step == "relevans" and q.dimensions[0] == "familie"]
    q1, q2 = rel[0], rel[1]
    f1, f2 = "svar-" + q1.id.replace(".", "__"), "svar-" + q2.id.replace(".", "__")
    r = _post(client, f"{url}/spoergsmaal/1", data={f1: "nej", f2: "ja", "handling": "videre"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/spoergsmaal/2")
    # Skip does not save; back goes to the previous page, where the answers are kept.
    q3 = next(q for q in screener.rules.questions if q.step == "relevans" and q.dimensions[0] == "omsorg")
    f3 = "svar-" + q3.id.replace(".", "__")
    r = _post(client, f"{url}/spoergsmaal/2", data={f3: "ja", "handling": "spring"}, follow_redirects=False)
    assert r.headers["location"].endswith("/spoergsmaal/3")
    r = _post(client, f"{url}/spoergsmaal/3", data={"handling": "tilbage"}, follow_redirects=False)
    assert r.headers["location"].endswith("/spoergsmaal/2")
    assert "Du har besvaret spørgsmålet." not in client.get(f"{url}/spoergsmaal/2").text
    page1 = client.get(f"{url}/spoergsmaal/1").text
    assert f'id="{f1}-nej" name="{f1}" value="nej" checked' in page1
    assert f'id="{f2}-ja" name="{f2}" value="ja" checked' in page1
    # The result page offers to resume where the lawyer left off.
    case = client.get(url).text
    assert "Fortsæt besvarelsen" in case and "2 af 50 spørgsmål er besvaret af dig" in case

    # The answers file holds the two answers as the lawyer's; a new session resumes from it.
    answers = client.get(f"{url}/hent/svar.yaml")
    assert answers.status_code == 200 and "attachment" in answers.headers["content-disposition"]
    text = answers.text
    assert f"- id: {q1.id}\n    svar: \"nej\"\n    kilde: bruger" in text
    assert f"- id: {q2.id}\n    svar: \"ja\"\n    kilde: bruger" in text
    statement = client.get(f"{url}/hent/konsekvenser.json").json()
    given = {a["question_id"]: a for a in statement["answers"] if a["source"] == "bruger"}
    assert given[q1.id]["answer"] == "nej" and given[q2.id]["answer"] == "ja"

    fresh = _client(tmp_path, lambda: screener)
    with fresh:
        fresh.get(f"/?token={TOKEN}")
        name, data = _act(bill_path)
        r = _post(fresh, "/screen", files={"file": (name, data), "answers": ("svar.yaml", text.encode())})
        assert r.status_code == 200
        assert "2 af 50 spørgsmål er besvaret af dig" in r.text
        url2 = str(r.url).split(BASE)[1].split("?")[0]
        assert f'id="{f1}-nej" name="{f1}" value="nej" checked' in fresh.get(f"{url2}/spoergsmaal/1").text
        # Or upload it on the case page.
        r = _post(fresh, "/screen", files={"file": (name, data)}, follow_redirects=False)
        url3 = r.headers["location"]
        r = _post(fresh, f"{url3}/svarfil", files={"answers": ("svar.yaml", text.encode())})
        assert r.status_code == 200 and "Svarfilen er indlæst" in r.text
        r = _post(fresh, f"{url3}/svarfil", files={"answers": ("svar.yaml", b"svar: [1, 2")})
        assert r.status_code == 422 and "Svarfilen svar.yaml" in r.text


def test_statement_downloads_open(client, bill_path):
    url = _open_case(client, bill_path)
    from docx import Document

    r = client.get(f"{url}/hent/konsekvenser.docx")
    assert r.status_code == 200
    assert r.headers["content-type"] == web_app.MEDIA["docx"]
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "Relationelle konsekvenser" in text
    md = client.get(f"{url}/hent/konsekvenser.md")
    assert md.status_code == 200 and md.text.startswith("#")
    assert client.get(f"{url}/hent/ukendt.exe").status_code == 404
    assert client.get("/sag/findes-ikke").status_code == 404


def test_annotate_missing_is_disabled_and_501(client, bill_path, monkeypatch, tmp_path):
    monkeypatch.setattr(web_app, "annotate_docx", None)
    docx = _docx_of(bill_path, tmp_path)
    r = _post(client, "/api/annotate", files={"file": ("udkast.docx", docx)})
    assert r.status_code == 501
    assert "ikke tilgængeligt i denne version" in r.json()["fejl"]
    r = _post(client, "/screen", files={"file": ("udkast.docx", docx)})
    assert r.status_code == 200
    assert 'aria-disabled="true">Udkastet med Word-kommentarer' in r.text and "ikke tilgængeligt" in r.text
    url = str(r.url).split(BASE)[1]
    assert client.get(f"{url}/hent/kommenteret.docx").status_code == 501


def test_annotate_available(client, bill_path, monkeypatch, tmp_path):
    calls = []

    def fake(data, *, screener=None, fixed_date=None, reviews=None, name="udkast.docx"):
        from relationel_bundlinje.errors import BundlinjeError

        if not data.startswith(b"PK"):
            raise BundlinjeError("Filen er ikke et Word-dokument.")
        calls.append((data, screener, fixed_date, reviews))
        return b"PK-kommenteret:" + data[:10]

    monkeypatch.setattr(web_app, "annotate_docx", fake)
    docx = _docx_of(bill_path, tmp_path)
    r = _post(client, "/api/annotate", files={"file": ("Udkast æøå.docx", docx)}, data={"fixed_date": DATE})
    assert r.status_code == 200, r.text
    assert r.content == b"PK-kommenteret:" + docx[:10]
    assert r.headers["content-type"] == web_app.MEDIA["docx"]
    assert "Udkast-aeoeaa-kommenteret.docx" in r.headers["content-disposition"]
    assert calls[-1][0] == docx and calls[-1][1] is not None and calls[-1][2] == DATE
    assert _post(client, "/api/annotate", files={"file": ("lov.txt", b"tekst")}).status_code == 415
    r = _post(client, "/api/annotate", files={"file": ("lov.docx", b"not a zip")})
    assert r.status_code == 400 and "Word" in r.json()["fejl"]
    page = _post(client, "/screen", files={"file": ("udkast.docx", docx)})
    assert "hent/kommenteret.docx" in page.text
    url = str(page.url).split(BASE)[1]
    got = client.get(f"{url}/hent/kommenteret.docx")
    assert got.status_code == 200 and got.content.startswith(b"PK-kommenteret:")
    assert calls[-1][3] is not None  # the page's verdict store decides the comments too
    # A text upload offers no commented draft.
    txt = _post(client, "/screen", files={"file": _act(bill_path)})
    assert "Kun for Word-dokumenter" in txt.text


def _docx_of(bill_path, tmp_path) -> bytes:
    sys.path.insert(0, str(Path(__file__).parent))
    from fixtures_build import build_docx

    lines = bill_path(SMALL_ACT).read_text(encoding="utf-8").splitlines()
    return build_docx(lines, tmp_path / "udkast.docx").read_bytes()


def test_schema(bare):
    from relationel_bundlinje.models import PUBLIC_MODELS

    r = bare.get("/api/schema", headers={"X-Bundlinje-Token": TOKEN})
    assert r.json() == {name: cls.model_json_schema() for name, cls in PUBLIC_MODELS.items()}


def test_uploads_are_screened_in_worker_threads_without_blocking(tmp_path, bill_path, screener):
    """Two screenings are held inside the Screener at once; meanwhile the page still answers.
    Released, each gives what a screening alone gives."""
    entered = threading.Semaphore(0)
    release = threading.Event()

    class Gate:
        def __getattr__(self, name):
            return getattr(screener, name)

        def screen(self, *args, **kwargs):
            entered.release()
            release.wait(60)
            return screener.screen(*args, **kwargs)

    name, data = _act(bill_path)
    alone = screener.screen(bill_path(SMALL_ACT), fixed_date=DATE)
    results: list[bytes] = []
    with _client(tmp_path, Gate) as c:
        def upload():
            r = _post(c, "/api/screen", files={"file": (name, data)}, data={"fixed_date": DATE},
                      headers={"X-Bundlinje-Token": TOKEN})
            results.append(r.content)

        threads = [threading.Thread(target=upload) for _ in range(2)]
        for t in threads:
            t.start()
        try:
            assert entered.acquire(timeout=60) and entered.acquire(timeout=60), "both screenings run at once"
            t0 = time.perf_counter()
            assert c.get("/api/schema", headers={"X-Bundlinje-Token": TOKEN}).status_code == 200
            assert time.perf_counter() - t0 < within(5)
        finally:
            release.set()
            for t in threads:
                t.join(timeout=60)
    from relationel_bundlinje.statement import render

    assert results == [render(alone, "json")] * 2


# --------------------------------------------------------------------------- the command


def test_serve_refuses_other_hosts_and_bad_tokens():
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "kun køre på denne computer" in r.output
    r = CliRunner().invoke(main, ["serve", "--token", "kort"])
    assert r.exit_code == 2 and "Adgangsnøglen" in r.output
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "Start den lokale side" in r.output and "--reviews" in r.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_prints_the_address_with_a_fresh_token_and_answers(tmp_path):
    import httpx2 as httpx

    port = _free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "relationel_bundlinje", "serve", "--port", str(port), "--reviews", str(tmp_path / "r.jsonl")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    try:
        line = _read_line(proc, timeout=60)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{20,})", line)
        assert match, line
        assert int(match.group(1)) == port
        r = httpx.get(match.group(0), follow_redirects=True, timeout=10)
        first = time.perf_counter() - t0
        assert r.status_code == 200 and '<html lang="da">' in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 403
        print(f"\ntime to first response: {first:.2f} s")
        assert first < within(30)
        # A second server on the same port says so in Danish.
        busy = subprocess.run([sys.executable, "-m", "relationel_bundlinje", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert busy.returncode == 2 and "allerede i brug" in busy.stderr
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _read_line(proc: subprocess.Popen, timeout: float) -> str:
    out: list[str] = []

    def read():
        out.append(proc.stdout.readline())

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(timeout)
    if not out:
        raise AssertionError("the server printed no address within the time limit: " + (proc.stderr.read() if proc.poll() is not None else ""))
    return out[0]
