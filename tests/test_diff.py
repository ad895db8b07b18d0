"""``bundlinje diff``: a real act against a revised copy (one § removed, one inserted, one sentence
changed, the rest renumbered) gives exactly those changes, judged relationally."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from relationel_bundlinje.cli import main
from relationel_bundlinje.diff import changes, word_runs
from relationel_bundlinje.pipeline import load_bill

ACT = "lov-2012-112-tilholdsloven"
OLD_SENTENCE = "Ved bortvisning kan en person over 18 år forbydes at opholde sig i sit hjem."
NEW_SENTENCE = "Ved bortvisning kan en person over 15 år forbydes at opholde sig i sit hjem og dets nærmeste omgivelser."
INSERTED = ("§ 10. Den, der er meddelt tilhold, må ikke modtage besøg af sine børn under 18 år, så længe tilholdet "
            "gælder, medmindre politiet giver tilladelse hertil.")

#: (kind, old_ref, new_ref) the revision makes, and nothing else.
EXPECTED = {
    ("removed", "§ 3", None),
    ("renumbered", "§ 4", "§ 3"),
    ("renumbered", "§ 5", "§ 4"),
    ("renumbered", "§ 6", "§ 5"),
    ("changed", "§ 7", "§ 6"),
    ("renumbered", "§ 8", "§ 7"),
    ("renumbered", "§ 9", "§ 8"),
    ("renumbered", "§ 10", "§ 9"),
    ("added", None, "§ 10"),
}


def revise(text: str) -> str:
    """§ 3 repealed, §§ 4-10 become §§ 3-9 (one sentence of the old § 7 rewritten), a new § 10."""
    head, *pars = re.split(r"(?m)^(?=§ \d+\. )", text)
    out = [head]
    for par in pars:
        n = int(re.match(r"§ (\d+)\.", par).group(1))
        if n == 3:
            continue
        if 4 <= n <= 10:
            par = re.sub(r"^§ \d+\.", f"§ {n - 1}.", par)
        if n == 7:
            assert OLD_SENTENCE in par
            par = par.replace(OLD_SENTENCE, NEW_SENTENCE)
        out.append(par)
        if n == 10:
            out.append(INSERTED + "\n\n")
    return "".join(out)


@pytest.fixture(scope="module")
def versions(bill_path, tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("versioner")
    old = folder / "gammel.txt"
    old.write_text(bill_path(ACT).read_text(encoding="utf-8"), encoding="utf-8")
    new = folder / "ny.txt"
    new.write_text(revise(old.read_text(encoding="utf-8")), encoding="utf-8")
    return old, new


@pytest.fixture(scope="module")
def synopsis_json(versions) -> dict:
    old, new = versions
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_exactly_the_revisions_changes_are_found(synopsis_json):
    found = [(c["kind"], c["old_ref"], c["new_ref"]) for c in synopsis_json["changes"]]
    assert len(found) == len(set(found))
    assert set(found) == EXPECTED


def test_each_change_is_judged_relationally(synopsis_json):
    by = {(c["kind"], c["old_ref"], c["new_ref"]): c["assessment"] for c in synopsis_json["changes"]}
    added = by[("added", None, "§ 10")]
    assert added["flagged"] and added["direction"] == "negativ" and "kontakt" in added["dimensions"]
    # Repealing a ban on staying near someone widens relations.
    removed = by[("removed", "§ 3", None)]
    assert removed["flagged"] and removed["direction"] == "positiv" and "kontakt" in removed["dimensions"]
    assert by[("changed", "§ 7", "§ 6")]["flagged"]
    assert all(not by[k]["flagged"] and by[k]["direction"] is None for k in by if k[0] == "renumbered")
    assert synopsis_json["conclusion_old"]["direction"] == "negativ"
    assert synopsis_json["conclusion_new"]["direction"] == "negativ"


def test_the_summary_says_what_changed_relationally_in_danish(synopsis_json):
    text = " ".join(synopsis_json["summary"])
    assert "§ 10 er nyt og vurderes at begrænse muligheden for" in text
    assert "§ 3 er ophævet; bestemmelsen begrænsede muligheden for" in text
    assert "ophævelsen vurderes derfor at forbedre den" in text
    assert "§ 6 (hidtil § 7) er ændret" in text
    assert "Seks bestemmelser er alene omnummereret." in text


def test_word_synopsis_marks_deletions_and_insertions(versions, tmp_path):
    import docx

    old, new = versions
    out = tmp_path / "synopse.docx"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "-o", str(out), "--fixed-date", "2026-01-01"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Sammenfatning" in body and "§\u00a010 er nyt" in body
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Hidtidig affattelse", "Ny affattelse", "Relationel vurdering"]
    changed = next(r for r in table.rows if "15" in r.cells[1].text and "18" in r.cells[0].text)
    struck = [run.text.strip() for p in changed.cells[0].paragraphs for run in p.runs if run.font.strike]
    underlined = [run.text.strip() for p in changed.cells[1].paragraphs for run in p.runs if run.font.underline]
    assert "18" in struck and "15" in underlined
    assert any("omgivelser" in u for u in underlined)
    assert "Vurderes" in changed.cells[2].text
    # Reproducible: the same inputs and date give the same bytes.
    again = tmp_path / "igen.docx"
    CliRunner().invoke(main, ["diff", str(old), str(new), "-o", str(again), "--fixed-date", "2026-01-01"])
    assert again.read_bytes() == out.read_bytes()


def test_markdown_synopsis_is_a_table_with_marks(versions):
    old, new = versions
    result = CliRunner().invoke(main, ["diff", str(old), str(new)], catch_exceptions=False)
    assert result.exit_code == 0
    md = result.stdout
    assert "| Hidtidig affattelse | Ny affattelse | Relationel vurdering |" in md
    assert "~~18~~" in md and "**15**" in md and "~~§ 7.~~" in md and "**§ 6.**" in md


def test_the_same_act_twice_has_no_changes(versions, tmp_path):
    old, _ = versions
    copy = tmp_path / "kopi.txt"
    copy.write_bytes(old.read_bytes())
    bill = load_bill(old)
    assert changes(bill, load_bill(copy)) == []


def test_word_runs_mark_what_was_deleted_and_inserted():
    left, right = word_runs("§ 7. Tilhold gives for 5 år.", "§ 6. Tilhold gives for højst 5 år.")
    assert left == [("del", "§ 7. "), ("", "Tilhold gives for 5 år.")]
    assert right == [("ins", "§ 6. "), ("", "Tilhold gives for "), ("ins", "højst "), ("", "5 år.")]
    assert "".join(t for _, t in right) == "§ 6. Tilhold gives for højst 5 år."


def test_the_same_file_twice_is_refused_in_danish(versions):
    old, _ = versions
    result = CliRunner().invoke(main, ["diff", str(old), str(old)], catch_exceptions=False)
    assert result.exit_code == 2 and "samme fil" in result.stderr and "Traceback" not in result.stderr


def test_a_document_that_is_not_a_bill_is_refused_in_danish(versions, tmp_path):
    old, _ = versions
    note = tmp_path / "notat.txt"
    note.write_text("Referat af mødet i går. Vi drøftede vejret og frokosten, og intet blev besluttet.", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(old), str(note)], catch_exceptions=False)
    assert result.exit_code == 2 and "notat.txt" in result.stderr and "bestemmelser" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("extra, message", [
    (["-o", "synopse.pdf"], "Kan ikke se formatet"),
    (["--format", "docx"], "Angiv en fil med -o"),
])
def test_bad_output_options_are_refused_in_danish(versions, extra, message, tmp_path, monkeypatch):
    old, new = versions
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), *extra], catch_exceptions=False)
    assert result.exit_code == 2 and message in result.stderr
