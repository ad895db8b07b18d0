"""``bundlinje screen`` on bad input, and nothing lost on the way.

Bad input through ``CliRunner`` and through a real ``python -m relationel_bundlinje`` process: exit
code 2, a Danish message on stderr beginning with "Fejl:" that names the problem with the input,
never a traceback, no output file. Usage errors (click's own messages) are Danish too, with exit 2.
Nothing lost: the input is never modified, output is written whole, an existing output (or a
dangling symbolic link in its place) is only replaced with ``--force``, an output is never written
over an input, and an interrupted write leaves the old file and no temporary file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures_build import SAMPLE_BILL, build_docx

from relationel_bundlinje.errors import BundlinjeError
from relationel_bundlinje import output
from relationel_bundlinje.cli import main

# A small real amending act (change points, quoted provisions) from the shared bills.
REAL_ACT = "aendrlov-2011-627-serviceloven-besoegsrestriktioner"
FIXED = ["--fixed-date", "2026-01-01"]

# Common Danish words, one of which any Danish sentence about a file problem contains.
_DANISH = re.compile(
    r"\b(ikke|filen|fil|findes|er|kan|dokumentet|indeholder|ingen|tekst|eller|og|som|på|til|af|ugyldigt?|ugyldige|mangler)\b", re.I
)
_ENGLISH = re.compile(r"\b(the|file|not|found|cannot|error|invalid|is|does)\b", re.I)


def _english_bill() -> str:
    return (
        "Bill to amend the Social Services Act\n\n"
        "Section 1\n\n"
        "In the Social Services Act, the following amendments are made:\n\n"
        "1. In section 110, the municipality shall ensure that residents may receive visits from "
        "their relatives at any time of the day.\n\n"
        "Section 2\n\nThis Act enters into force on 1 July 2025.\n"
    )


def _make(kind: str, folder: Path) -> Path:
    """Write one kind of bad input into ``folder`` and return its path."""
    if kind == "empty":
        path = folder / "tom.txt"
        path.write_bytes(b"")
    elif kind == "junk":
        path = folder / "skrald.txt"
        # Deterministic bytes that are no text encoding: every byte value, shuffled by a stride.
        path.write_bytes(bytes((i * 151 + 7) % 256 for i in range(4096)))
    elif kind == "nul":
        path = folder / "nul.txt"
        path.write_bytes(b"\x00".join(SAMPLE_BILL.encode("utf-8")[:2000].split(b" ")))
    elif kind == "corrupt_docx":
        path = folder / "skadet.docx"
        path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    elif kind == "truncated_docx":
        good = build_docx(SAMPLE_BILL.splitlines(), folder / "hel.docx").read_bytes()
        path = folder / "halv.docx"
        path.write_bytes(good[: len(good) // 2])
    elif kind == "english":
        path = folder / "bill.txt"
        path.write_text(_english_bill(), encoding="utf-8")
    elif kind == "unknown_ext":
        path = folder / "lovforslag.odt"
        path.write_text(SAMPLE_BILL, encoding="utf-8")
    elif kind == "missing":
        path = folder / "findes-ikke.txt"
    elif kind == "directory_as_docx":
        path = folder / "mappe.docx"
        path.mkdir()
    else:  # pragma: no cover - a typo in the parameter list
        raise AssertionError(kind)
    return path


BAD_INPUTS = ["empty", "junk", "nul", "corrupt_docx", "truncated_docx", "english", "unknown_ext", "missing"]

#: What the message must say about each bad input (so a refusal for another reason, e.g. a
#: missing model, does not pass for it).
EXPECTED = {
    "empty": "Filen er tom.",
    "junk": "binære data",
    "nul": "binære data",
    "corrupt_docx": "ikke ud til at være et Word-dokument",
    "truncated_docx": "ikke ud til at være et Word-dokument",
    "english": "ikke ud til at være på dansk",
    "unknown_ext": "endelsen .odt",
    "missing": "findes ikke",
    "directory_as_docx": "indeholder ingen dokumenter",
}


def _check_refused(code: int, stdout: str, stderr: str, *, english_detail: bool = False) -> None:
    assert code == 2, (code, stdout, stderr)
    assert "Traceback" not in stdout and "Traceback" not in stderr
    assert stderr.startswith("Fejl:"), stderr
    message = stderr[len("Fejl:") :].strip()
    assert message and _DANISH.search(message), message
    # A Danish sentence, not an English exception text passed through (``english_detail``: a
    # parser's own detail may follow the Danish sentence, as for YAML syntax errors).
    if not english_detail:
        assert len(_ENGLISH.findall(message)) <= 1, message
    assert "Intern fejl" not in stderr


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_clirunner(kind: str, tmp_path: Path) -> None:
    path = _make(kind, tmp_path)
    before = _sha(path) if path.is_file() else None
    out = tmp_path / "udtalelse.json"
    result = CliRunner().invoke(main, ["screen", str(path), "-o", str(out), *FIXED])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    _check_refused(result.exit_code, result.stdout, result.stderr)
    assert EXPECTED[kind] in result.stderr, result.stderr
    assert path.name in result.stderr, "the message names the file"
    assert not out.exists(), "no output for refused input"
    if before is not None:
        assert _sha(path) == before


@pytest.mark.parametrize("kind", ["empty", "junk", "nul", "corrupt_docx", "english", "missing"])
def test_bad_input_subprocess(kind: str, tmp_path: Path) -> None:
    path = _make(kind, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "relationel_bundlinje", "screen", str(path), *FIXED],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    _check_refused(proc.returncode, proc.stdout, proc.stderr)
    assert EXPECTED[kind] in proc.stderr, proc.stderr
    assert proc.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_directory_with_document_suffix_is_refused(tmp_path: Path) -> None:
    path = _make("directory_as_docx", tmp_path)
    result = CliRunner().invoke(main, ["screen", str(path), *FIXED])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert EXPECTED["directory_as_docx"] in result.stderr, result.stderr


def test_invalid_options_are_danish_errors(tmp_path: Path) -> None:
    bill = tmp_path / "forslag.txt"
    bill.write_text(SAMPLE_BILL, encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["screen", str(bill), "--fixed-date", "2026-13-01"])
    _check_refused(r.exit_code, r.stdout, r.stderr)
    assert "ÅÅÅÅ-MM-DD" in r.stderr
    r = runner.invoke(main, ["screen", str(bill), "-o", str(tmp_path / "findes-ikke" / "ud.md"), *FIXED])
    _check_refused(r.exit_code, r.stdout, r.stderr)
    assert "findes ikke" in r.stderr
    r = runner.invoke(main, ["screen", str(bill), "-o", str(tmp_path / "ud.pdf"), *FIXED])
    _check_refused(r.exit_code, r.stdout, r.stderr)
    assert "Kan ikke se formatet" in r.stderr
    r = runner.invoke(main, ["screen", str(bill), "-o", str(tmp_path / "ud.md"), "--out-dir", str(tmp_path / "ud"), *FIXED])
    _check_refused(r.exit_code, r.stdout, r.stderr)
    r = runner.invoke(main, ["screen", *FIXED])
    _check_refused(r.exit_code, r.stdout, r.stderr)
    assert "Angiv mindst én fil" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forslag.txt"]


def _check_usage_error(result, *fragments: str) -> None:
    """A usage error as click reports it, in Danish: usage line, hint, "Fejl: …", exit code 2."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output and result.stdout == ""
    assert result.stderr.startswith("Brug: "), result.stderr
    assert "for hjælp." in result.stderr and "Fejl: " in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    message = result.stderr.split("Fejl: ", 1)[1]
    assert not re.search(r"\b(No such|Missing|Invalid|is not|does not|Got unexpected|integer|float|range)\b", message), message


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["screen", "--ukendt"], "Tilvalget '--ukendt' findes ikke."),
        (["screen", "l.txt", "--format", "pdf"], "Ugyldig værdi for '--format'"),
        (["screen", "l.txt", "--timeout", "0"], "Ugyldig værdi for '--timeout'"),
        (["ukendt-kommando"], "Kommandoen 'ukendt-kommando' findes ikke."),
        (["questionnaire"], "Argument mangler 'LOVFORSLAG'."),
        (["guide"], "Tilvalg mangler"),
        (["rules", "check", "a", "b"], "Uventet ekstra argument"),
    ],
)
def test_usage_errors_are_danish_with_exit_2(args: list[str], fragment: str) -> None:
    _check_usage_error(CliRunner().invoke(main, args), fragment)


@pytest.mark.parametrize("option", ["--jobs", "--timeout"])
def test_number_options_are_refused_in_danish(option: str) -> None:
    _check_usage_error(CliRunner().invoke(main, ["screen", "l.txt", option, "abc"]), f"'{option}'")


def test_help_shows_no_english_type_names() -> None:
    result = CliRunner().invoke(main, ["screen", "--help"])
    assert result.exit_code == 0
    assert not re.search(r"\b(INTEGER|FLOAT|RANGE|TEXT|PATH)\b", result.output), result.output


def test_help_is_danish() -> None:
    result = CliRunner().invoke(main, ["screen", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Brug: ") and "\nTilvalg:\n" in result.output
    assert "--answers-from-revision" in result.output and "--with-appendix / --section-only" in result.output
    assert "Vis denne hjælp og afslut." in result.output
    assert "Show this message" not in result.output and "Options:" not in result.output


def test_broken_answers_file_is_a_danish_error(tmp_path: Path) -> None:
    bill = tmp_path / "forslag.txt"
    bill.write_text(SAMPLE_BILL, encoding="utf-8")
    answers = tmp_path / "svar.yaml"
    answers.write_text("svar: [\n  - spørgsmål: K1\n    svar: ja\n  uafsluttet: {", encoding="utf-8")
    r = CliRunner().invoke(main, ["screen", str(bill), "--answers", str(answers), *FIXED])
    _check_refused(r.exit_code, r.stdout, r.stderr, english_detail=True)
    assert re.search(r"Svarfilen \S*svar\.yaml:\d+", r.stderr), r.stderr


def test_answers_file_for_another_bill_is_a_danish_error(tmp_path: Path) -> None:
    bill = tmp_path / "forslag.txt"
    bill.write_text(SAMPLE_BILL, encoding="utf-8")
    other = tmp_path / "andet.txt"
    other.write_text(SAMPLE_BILL.replace("Ret til ledsagelse", "Ret til aflastning"), encoding="utf-8")
    answers = tmp_path / "svar.yaml"
    r = CliRunner().invoke(main, ["questionnaire", str(other), "--propose", "-o", str(answers)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "udtalelse.md"
    r = CliRunner().invoke(main, ["screen", str(bill), "--answers", str(answers), "-o", str(out), *FIXED])
    _check_refused(r.exit_code, r.stdout, r.stderr)
    assert "hører til et andet lovforslag" in r.stderr and not out.exists()


# --------------------------------------------------------------------------- nothing lost


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def real_act(bills_dir: Path, tmp_path: Path) -> Path:
    source = bills_dir / f"{REAL_ACT}.txt"
    if not source.is_file():
        pytest.skip(f"Real act {source} is missing from the shared bills folder.")
    # A copy, so that a bug that writes to its input cannot damage the shared folder.
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    return copy


@pytest.mark.parametrize("fmt", ["json", "md", "txt", "docx"])
def test_input_untouched_and_output_whole(real_act: Path, tmp_path: Path, fmt: str) -> None:
    before = _sha(real_act)
    mtime = real_act.stat().st_mtime_ns
    out = tmp_path / f"udtalelse.{fmt}"
    result = CliRunner().invoke(main, ["screen", str(real_act), "-o", str(out), *FIXED])
    assert result.exit_code == 0, result.output
    assert _sha(real_act) == before and real_act.stat().st_mtime_ns == mtime
    data = out.read_bytes()
    if fmt == "json":
        parsed = json.loads(data)
        assert parsed["bill"]["source_sha256"] == before
        assert parsed["statement"]["section_text"]
    elif fmt == "md":
        text = data.decode("utf-8")
        assert text.startswith("# Relationelle konsekvenser")
        assert "Bilag: Grundlag for vurderingen" not in text  # the section alone by default
    elif fmt == "txt":
        text = data.decode("utf-8")
        assert text.startswith("Relationelle konsekvenser") and "Bilag: Grundlag" not in text
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None and "word/document.xml" in z.namelist()
            assert "Bilag: Grundlag for vurderingen" in z.read("word/document.xml").decode("utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_existing_output_needs_force(real_act: Path, tmp_path: Path) -> None:
    out = tmp_path / "udtalelse.json"
    out.write_text("gammel udtalelse\n", encoding="utf-8")
    args = ["screen", str(real_act), "-o", str(out), *FIXED]
    result = CliRunner().invoke(main, args)
    _check_refused(result.exit_code, result.stdout, result.stderr)
    assert "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "gammel udtalelse\n"
    result = CliRunner().invoke(main, [*args, "--force"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_bytes())["bill"]["title"]


def test_interrupted_write_keeps_old_file(real_act: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "udtalelse.md"
    out.write_text("gammel udtalelse\n", encoding="utf-8")

    def interrupted(src, dst):  # noqa: ANN001 - os.replace's signature
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C between write and rename

    monkeypatch.setattr(output.os, "replace", interrupted)
    result = CliRunner().invoke(main, ["screen", str(real_act), "-o", str(out), "--force", *FIXED])
    assert result.exit_code == 130, result.output
    assert "Afbrudt" in result.stderr and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "gammel udtalelse\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, real_act.name])


def test_write_atomic_failure_leaves_no_temp_file(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "ud.json"
    out.write_bytes(b"{}")

    def disk_full(src, dst):  # noqa: ANN001
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", disk_full)
    with pytest.raises(BundlinjeError, match="kunne ikke skrives"):
        output.write_atomic(out, b'{"ny": true}', force=True)
    assert out.read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["ud.json"]


def test_write_error_at_cli_keeps_old_file(real_act: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "udtalelse.json"
    out.write_text("gammel udtalelse\n", encoding="utf-8")

    def disk_full(src, dst):  # noqa: ANN001
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", disk_full)
    result = CliRunner().invoke(main, ["screen", str(real_act), "-o", str(out), "--force", *FIXED])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith("Fejl:") and "kunne ikke skrives" in result.stderr
    assert out.read_text(encoding="utf-8") == "gammel udtalelse\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, real_act.name])


def test_write_atomic_without_force_never_replaces_a_file_created_meanwhile(tmp_path: Path, monkeypatch) -> None:
    # Another writer creates the file between our check and our create: the exclusive create
    # (a hard link of the finished temporary file) fails, and their file stays as it is.
    out = tmp_path / "ud.json"
    real_lexists = output.os.path.lexists

    def racing(path):  # noqa: ANN001
        exists = real_lexists(path)
        if Path(path) == out and not exists:
            out.write_bytes(b"den andens fil")
        return exists

    monkeypatch.setattr(output.os.path, "lexists", racing)
    with pytest.raises(BundlinjeError, match="findes allerede"):
        output.write_atomic(out, b'{"ny": true}')
    assert out.read_bytes() == b"den andens fil"
    assert [p.name for p in tmp_path.iterdir()] == ["ud.json"]


def test_write_atomic_creates_whole_files_without_hard_links(tmp_path: Path, monkeypatch) -> None:
    # A filesystem without hard links: an exclusive create, then the rename; still whole, still exclusive.
    def no_links(src, dst):  # noqa: ANN001
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", no_links)
    out = tmp_path / "ud.md"
    output.write_atomic(out, "Relationelle konsekvenser\n")
    assert out.read_text(encoding="utf-8") == "Relationelle konsekvenser\n"
    with pytest.raises(BundlinjeError, match="findes allerede"):
        output.write_atomic(out, "andet\n")
    assert out.read_text(encoding="utf-8") == "Relationelle konsekvenser\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ud.md"]


def test_write_atomic_treats_a_dangling_symlink_as_existing(tmp_path: Path) -> None:
    link = tmp_path / "ud.md"
    target = tmp_path / "andet-sted.md"
    link.symlink_to(target)
    with pytest.raises(BundlinjeError, match="findes allerede.*--force"):
        output.write_atomic(link, b"ny")
    assert link.is_symlink() and not target.exists()
    output.write_atomic(link, b"ny", force=True)  # replaces the link itself, not what it points to
    assert not link.is_symlink() and link.read_bytes() == b"ny" and not target.exists()


def test_write_atomic_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    source = tmp_path / "forslag.txt"
    source.write_text(SAMPLE_BILL, encoding="utf-8")
    alias = tmp_path / "samme.txt"
    alias.symlink_to(source)
    for target in (source, alias, tmp_path / "." / "forslag.txt"):
        with pytest.raises(BundlinjeError, match="samme fil som inputfilen"):
            output.write_atomic(target, b"udtalelse", force=True, inputs=[source])
    assert source.read_text(encoding="utf-8") == SAMPLE_BILL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forslag.txt", "samme.txt"]


def test_cli_never_writes_the_statement_over_its_input(real_act: Path, tmp_path: Path) -> None:
    before = _sha(real_act)
    result = CliRunner().invoke(main, ["screen", str(real_act), "-o", str(real_act), "--force", *FIXED])
    _check_refused(result.exit_code, result.stdout, result.stderr)
    assert "samme fil som inputfilen" in result.stderr
    assert _sha(real_act) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [real_act.name]
