"""``bundlinje audit``: a folder of real acts screened, ranked and reported; re-runs screen only
what changed; the Dask run gives the process pool's ranking byte for byte."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from relationel_bundlinje.audit import rank, render, run_audit
from relationel_bundlinje.audit.areas import area_of
from relationel_bundlinje.audit.record import RESTRICTIVE, make_job
from relationel_bundlinje.audit.weights import score
from relationel_bundlinje.cli import main

#: Acts with provisions that restrict relations (contact bans, expulsion from one's home,
#: coercion), acts that touch relations without restricting them, and acts on taxes and payments.
ACTS = (
    "lov-2012-112-tilholdsloven",
    "aendrlov-2013-633-tilhold-seksualforbrydere",
    "lbk-2019-126-lov-tvang-somatisk-behandling-inhabile",
    "aendrlov-2011-627-serviceloven-besoegsrestriktioner",
    "aendrlov-2012-418-aegtefaellesammenfoering-2012",
    "lbk-2023-1284-elafgiftsloven",
    "aendrlov-2024-1693-momsloven-nulmoms-fly",
    "aendrlov-2024-1666-betalingskonti",
)
NON_RELATIONAL = {"lbk-2023-1284-elafgiftsloven", "aendrlov-2024-1693-momsloven-nulmoms-fly", "aendrlov-2024-1666-betalingskonti"}
NOT_A_BILL = "ikke-en-lov"


@pytest.fixture(scope="module")
def acts_dir(bill_path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("love")
    for doc in ACTS:
        shutil.copy(bill_path(doc), folder)
    (folder / f"{NOT_A_BILL}.txt").write_text("Dette er en kort dansk tekst om vejret i morgen, uden nogen paragraffer.", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def audited(acts_dir, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    run = run_audit([acts_dir], jobs=1, cache_dir=cache)
    return run, rank(run.records, run.titles), cache


def corpus_labels() -> dict[tuple[str, str], dict]:
    # The checkout's corpus, found from this file: CI installs the package, not the checkout.
    labels = {}
    with (Path(__file__).resolve().parents[1] / "corpus" / "labels.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            labels[(item["document"], item["ref"])] = item
    return labels


def test_the_most_restrictive_provisions_come_first_and_the_corpus_agrees(audited):
    run, audit, _ = audited
    assert run.screened == len(ACTS) + 1 and run.cached == 0
    assert audit.acts == len(ACTS) + 1
    top = audit.ranked[:8]
    assert len(top) == 8
    assert all(r.direction in RESTRICTIVE for r in audit.ranked)
    assert [r.score for r in audit.ranked] == sorted((r.score for r in audit.ranked), reverse=True)
    assert not {r.document for r in top} & NON_RELATIONAL
    labels = corpus_labels()
    labelled = [labels[(r.document, r.ref)] for r in top if (r.document, r.ref) in labels]
    assert len(labelled) >= 4, "the corpus should know most of the top provisions of these acts"
    assert all(item["relational"] for item in labelled), [(i["document"], i["ref"]) for i in labelled if not i["relational"]]
    # Contact bans and coercion in care are among the first ten.
    assert {"lov-2012-112-tilholdsloven", "lbk-2019-126-lov-tvang-somatisk-behandling-inhabile"} <= {r.document for r in audit.ranked[:10]}


def test_the_score_rests_on_certainty_and_on_how_hard_the_mechanism_bites():
    ban = score(0.8, "høj", "negativ", ["forbud"], ["kanal"], ["kontakt"])
    procedure = score(0.8, "høj", "negativ", [], ["procedure"], ["oekonomi"])
    unsure = score(0.8, "lav", "negativ", ["forbud"], ["kanal"], ["kontakt"])
    mixed = score(0.8, "høj", "blandet", ["forbud"], ["kanal"], ["kontakt"])
    assert ban > mixed > procedure and ban > unsure
    assert score(0.9, "høj", "negativ", ["tvang"], ["kanal"], ["kontakt"]) <= 0.9


def test_a_refused_document_is_reported_with_its_reason_in_danish(audited):
    _, audit, _ = audited
    assert [d for d, _ in audit.refused] == [NOT_A_BILL]
    assert "bestemmelser" in audit.refused[0][1] and "§" in audit.refused[0][1]


def test_json_report_has_the_agreed_shape(audited):
    _, audit, _ = audited
    data = json.loads(render(audit, "json"))
    assert list(data)[:3] == ["acts", "refused", "ranked"]
    assert data["acts"] == len(ACTS) + 1
    assert data["refused"][0]["document"] == NOT_A_BILL and data["refused"][0]["reason"]
    row = data["ranked"][0]
    assert list(row)[:7] == ["document", "title", "ref", "dimensions", "direction", "score", "text"]
    assert row["document"] in ACTS and row["title"] and row["text"]
    assert {r["document"] for r in data["ranked"]} <= set(ACTS)
    by_dim = {d["dimension"]: d for d in data["by_dimension"]}
    assert by_dim["kontakt"]["restrictive"] == sum("kontakt" in r["dimensions"] for r in data["ranked"])
    assert sum(a["acts"] for a in data["by_area"]) == len(ACTS)


def test_html_report_is_self_contained_danish_and_accessible(audited):
    _, audit, _ = audited
    page = render(audit, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="da">' in page
    assert page.count("<svg") == 3 and 'id="chart-dimensioner"' in page and 'id="chart-love"' in page
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "<caption>" in page and 'scope="col"' in page and 'class="sortable"' in page
    # Nothing is fetched: no link, no external script or style, no remote image or font.
    assert not re.search(r"<link\b|<img\b|<iframe\b|<object\b|<embed\b|@import", page, re.IGNORECASE)
    assert not re.search(r"""(?:src|href|action|srcset|xlink:href)\s*=\s*["']?\s*(?:https?:|//)""", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*[\"']?\s*(?:https?:|//)", page, re.IGNORECASE)
    assert "<script src" not in page and "default-src 'none'" in page
    # Every ranked provision is in the table, readable without the script.
    start = page.index('id="rangering"')
    table = page[start:page.index("</table>", start)]
    assert table.count("<tr>") == len(audit.ranked) + 1
    assert "Rangering af de begrænsende bestemmelser" in page and "Kontakt, besøg og frihedsbegrænsning" in page


def test_html_report_opens_in_a_browser_without_any_request(audited, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is not installed")
    _, audit, _ = audited
    page_path = tmp_path / "rapport.html"
    page_path.write_bytes(render(audit, "html"))
    attempted: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()

            def route(r):
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    attempted.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(page_path.as_uri())
            assert page.locator("svg").count() == 3
            page.locator("#rangering th button").first.click()  # the script made the headers sortable
        finally:
            browser.close()
    assert attempted == []


def test_csv_report_opens_in_danish_excel(audited):
    _, audit, _ = audited
    data = render(audit, "csv")
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Rang", "Score", "Dimensioner"]
    assert len(rows) == len(audit.ranked) + 1
    assert re.fullmatch(r"0,\d{4}", rows[1][1]) and rows[1][5] == audit.ranked[0].ref


def test_markdown_memo_has_counts_ranking_and_groups(audited):
    _, audit, _ = audited
    memo = render(audit, "md").decode("utf-8")
    assert memo.startswith("# Relationel bundlinje i gældende ret")
    for heading in ("## Bestemmelser pr. dimension", "## Bestemmelser pr. ministerområde",
                    "## De mest begrænsende bestemmelser", "## Efter dimension", "## Efter lov"):
        assert heading in memo
    assert audit.ranked[0].ref in memo and NOT_A_BILL in memo


def test_ministry_areas_come_from_title_words():
    assert area_of("Bekendtgørelse af lov om social service") == "social"
    assert area_of("Lov om ændring af udlændingeloven (Ægtefællesammenføring)") == "udlaendinge"
    assert area_of("Bekendtgørelse af lov om afgift af elektricitet") == "skat"
    assert area_of("Bekendtgørelse af årsregnskabsloven") == "erhverv"
    assert area_of("Lov om tilhold, opholdsforbud og bortvisning") == "justits"
    # A criminal code is justice, though its title names Greenland; a youth-crime act is not education.
    assert area_of("Bekendtgørelse af kriminallov for Grønland") == "justits"
    assert area_of("Lov om bekæmpelse af ungdomskriminalitet") == "justits"
    # A housing act that mentions crime in its parenthesis stays housing.
    assert area_of("Lov om ændring af lov om almene boliger m.v. (Nye kriterier for udsatte boligområder og kriminalitet)") == "bolig"
    assert area_of("Lov om noget helt ukendt") == "andet"


# --------------------------------------------------------------------------- incremental re-runs

SCREENED: list[str] = []


def counting_job():
    """The audit's own job, counting the acts it screens (jobs=1 runs it in this process)."""
    job = make_job()

    def counted(path):
        SCREENED.append(Path(path).name)
        return job(path)

    return counted


def test_a_rerun_screens_nothing_and_changes_nothing(acts_dir, tmp_path):
    cache = tmp_path / "cache"
    SCREENED.clear()
    first = run_audit([acts_dir], jobs=1, cache_dir=cache, job_factory=counting_job)
    assert len(SCREENED) == len(ACTS) + 1
    report = render(rank(first.records, first.titles), "json")
    kept = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(kept) == len(ACTS) + 1  # a refusal for the act's own content is kept too

    SCREENED.clear()
    again = run_audit([acts_dir], jobs=1, cache_dir=cache, job_factory=counting_job)
    assert SCREENED == [] and again.screened == 0 and again.cached == len(ACTS) + 1
    assert render(rank(again.records, again.titles), "json") == report
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == kept

    forced = run_audit([acts_dir], jobs=1, cache_dir=cache, use_cache=False, job_factory=counting_job)
    assert len(SCREENED) == len(ACTS) + 1 and forced.screened == len(ACTS) + 1
    assert render(rank(forced.records, forced.titles), "json") == report


def test_only_a_changed_act_is_screened_again(acts_dir, tmp_path):
    folder = tmp_path / "love"
    shutil.copytree(acts_dir, folder)
    cache = tmp_path / "cache"
    run_audit([folder], jobs=1, cache_dir=cache)
    changed = folder / "lov-2012-112-tilholdsloven.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("§ 3. Ved opholdsforbud", "§ 3. Ved et opholdsforbud"),
                       encoding="utf-8")
    (cache / "ødelagt.json").write_text("{ikke json", encoding="utf-8")  # a stray file does no harm
    SCREENED.clear()
    run = run_audit([folder], jobs=1, cache_dir=cache, job_factory=counting_job)
    assert SCREENED == ["lov-2012-112-tilholdsloven.txt"] and run.cached == len(ACTS)


# --------------------------------------------------------------------------- the command


def test_command_writes_the_report_and_says_what_it_did(acts_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "rapport.html"
    result = runner.invoke(main, ["audit", str(acts_dir), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
    assert (tmp_path / ".bundlinje-cache").is_dir()
    assert f"{len(ACTS) + 1} love i alt: {len(ACTS) + 1} screenet nu, 0 fra tidligere kørsler" in result.stderr
    assert NOT_A_BILL in result.stderr and "Skrev" in result.stderr

    again = runner.invoke(main, ["audit", str(acts_dir), "-o", str(out), "-j", "1"])
    assert again.exit_code == 2 and "findes allerede" in again.stderr and "--force" in again.stderr
    again = runner.invoke(main, ["audit", str(acts_dir), "-o", str(out), "-j", "1", "--force"])
    assert again.exit_code == 0 and f"0 screenet nu, {len(ACTS) + 1} fra tidligere kørsler" in again.stderr


@pytest.mark.parametrize("args, message", [
    (["audit", "findes-ikke", "-o", "r.json"], "er ikke en mappe"),
    (["audit", "{empty}", "-o", "r.json"], "ingen dokumenter"),
    (["audit", "{acts}", "-o", "r.pdf"], "Kan ikke se rapportens format"),
    (["audit", "{acts}"], "Angiv rapportens fil"),
])
def test_bad_arguments_get_a_danish_error_and_exit_2(args, message, acts_dir, tmp_path):
    empty = tmp_path / "tom"
    empty.mkdir()
    args = [a.format(empty=empty, acts=acts_dir) for a in args]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- Dask


def test_dask_gives_the_process_pools_ranking_byte_for_byte(acts_dir, tmp_path):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install '.[cluster]')")
    pool = run_audit([acts_dir], jobs=2)
    dask = run_audit([acts_dir], jobs=2, scheduler="local")
    assert dask.screened == pool.screened == len(ACTS) + 1
    assert render(rank(dask.records, dask.titles), "json") == render(rank(pool.records, pool.titles), "json")


def test_a_bad_scheduler_address_is_a_danish_error(acts_dir, tmp_path):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install '.[cluster]')")
    result = CliRunner().invoke(main, ["audit", str(acts_dir), "-o", str(tmp_path / "r.json"), "--no-cache",
                                       "--scheduler", "ikke-en-adresse"], catch_exceptions=False)
    assert result.exit_code == 2 and "Dask-scheduleren" in result.stderr

