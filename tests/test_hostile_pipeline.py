"""Hostile and unusual input beyond the readers: long bills, quadratic traps, YAML bombs, unsafe
regexes, tampered models, outputs that would destroy inputs — each bounded in time and memory.

Cases that could hang or eat memory on a regression run in a subprocess with a time limit and an
address-space limit, so a failure is a failed test, never a stuck CI run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from relationel_bundlinje.errors import BundlinjeError, ModelError, RulesError

from bounds import within

LIMIT_MB = 3000


def run_bounded(code: str, timeout: float = 60.0, limit_mb: int = LIMIT_MB) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with a time and memory limit."""
    prelude = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} * 1024 * 1024, {limit_mb} * 1024 * 1024))
        """
    )
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True, timeout=within(timeout))


# --------------------------------------------------------------------------- structure


def test_a_paragraph_number_with_thousands_of_digits_is_text_not_a_crash() -> None:
    from relationel_bundlinje.pipeline import parse

    bill = parse("Lov om noget\n\n§ 1. Kommunen skal tilbyde hjælp.\n§ " + "9" * 5000 + ". Mere tekst.\n§ 2. Loven træder i kraft.")
    assert [c.ref for c in bill.clauses] == ["§ 1", "§ 2"]


def test_remark_headings_expand_to_a_bounded_number_of_references() -> None:
    from relationel_bundlinje.structure.remarks import MAX_EXPANDED, expand_numbers

    assert len(expand_numbers(",".join(["1-199"] * 5000))) <= MAX_EXPANDED


def test_a_huge_remark_section_is_linked_in_linear_time() -> None:
    result = run_bounded(
        """
        import time
        from relationel_bundlinje.pipeline import parse
        n = 4000
        lines = ["Lov om ændring af lov om noget", "", "§ 1", "I lov om noget foretages følgende ændringer:"]
        lines += [f"{i}. I § {i} ændres »a« til »b«." for i in range(1, n + 1)]
        lines += ["§ 2. Loven træder i kraft den 1. juli 2027.", "Bemærkninger til lovforslaget", "Bemærkninger til lovforslagets enkelte bestemmelser", "Til § 1"]
        for i in range(1, n + 1):
            lines += [f"Til nr. {i}", "Bemærkning."]
        lines += ["Til nr. 1-199,1-199,1-199,1-199,1-199", "Bemærkning."] * 2000
        t = time.time()
        bill = parse("\\n".join(lines))
        assert len(bill.clauses) == n + 1
        assert all(c.remark_refs for c in bill.clauses[:n])
        print(round(time.time() - t, 1))
        """,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert float(result.stdout.strip()) < 60


def test_a_300_kb_title_line_is_cut_and_screens_quickly() -> None:
    result = run_bounded(
        """
        import time
        from relationel_bundlinje.pipeline import parse
        t = time.time()
        bill = parse("Lov om " + "noget og andet " * 20000 + "\\n\\n§ 1. Kommunen skal tilbyde hjælp til familier.")
        assert len(bill.title) <= 502
        print(round(time.time() - t, 1))
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_bill_over_a_million_characters_screens_in_pieces(bill_path) -> None:
    result = run_bounded(
        f"""
        from pathlib import Path
        from relationel_bundlinje.pipeline import Screener
        a = Path({str(bill_path("lbk-2025-1183-udlaendingeloven"))!r}).read_text(encoding="utf-8")
        b = Path({str(bill_path("lbk-2025-1390-lov-om-finansiel-virksomhed"))!r}).read_text(encoding="utf-8")
        text = a + "\\n\\n" + b
        assert len(text) > 1_000_000
        s = Screener.default()
        assessment = s.screen(text, fixed_date="2026-12-01")
        print(len(text), assessment.conclusion.direction)
        """,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "E088" not in result.stderr


def test_a_300_kb_single_clause_line_matches_in_linear_time() -> None:
    result = run_bounded(
        """
        import time
        from relationel_bundlinje.pipeline import Screener
        s = Screener.default()
        text = "Lov om noget\\n\\n§ 1. " + "Kommunen kan begrænse besøg af familie i plejebolig. " * 6000 + "\\n§ 2. Loven træder i kraft."
        t = time.time()
        bill = s.parse(text)
        findings = s.findings(bill)
        print(round(time.time() - t, 1), len(findings))
        """,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert float(result.stdout.split()[0]) < 60


# --------------------------------------------------------------------------- YAML and rules


def _rules_copy(tmp_path: Path) -> Path:
    import shutil

    from relationel_bundlinje.resources import rules_dir

    target = tmp_path / "regler"
    shutil.copytree(rules_dir(), target)
    return target


BOMB = textwrap.dedent(
    """
    a: &a ["x","x","x","x","x","x","x","x","x"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    svar: [*h]
    """
)


def test_yaml_alias_bomb_in_an_answers_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "svar.yaml"
    path.write_text(BOMB, encoding="utf-8")
    result = run_bounded(
        f"""
        from pathlib import Path
        from relationel_bundlinje.pipeline import Screener
        from relationel_bundlinje.questionnaire import read_answers
        from relationel_bundlinje.errors import RulesError
        try:
            read_answers(Path({str(path)!r}), Screener.default().rules)
        except RulesError as err:
            print("REFUSED", err)
        """,
        timeout=60,
        limit_mb=1500,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REFUSED" in result.stdout and "aliasser" in result.stdout


def test_yaml_alias_bomb_in_a_rules_file_is_refused_quickly(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    (folder / "99-bombe.yaml").write_text(BOMB.replace("svar:", "questions:"), encoding="utf-8")
    from relationel_bundlinje.rulebook import check_rules

    t = time.time()
    ruleset, problems = check_rules(folder)
    assert ruleset is None and any("foldet ud" in p.message for p in problems)
    assert time.time() - t < within(30)


def test_duplicate_keys_and_inline_regex_flags_and_nested_quantifiers_are_reported(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    question = """
        questions:
          - id: {qid}{extra}
            step: relevans
            decides: relevans
            dimensions: [familie]
            theme: samlet_vurdering
            topic: test
            question: "Spørgsmål?"
            guidance: "Vejledning."
            examples: ["Eksempel."]
            options: relevans
            triggers:
              - id: flag
                patterns: [[{{LOWER: {{REGEX: "(?i)besøg"}}}}, {{LOWER: "x"}}]]
              - id: katastrofe
                patterns: [[{{LOWER: {{REGEX: "^(a+)+$"}}}}]]
        """
    # A duplicate key makes its file unreadable as a whole; the other file is still checked.
    (folder / "98-dobbelt.yaml").write_text(
        textwrap.dedent(question.format(qid="test.dobbelt", extra="\n            id: test.dobbelt2")), encoding="utf-8")
    (folder / "99-regex.yaml").write_text(textwrap.dedent(question.format(qid="test.regex", extra="")), encoding="utf-8")
    from relationel_bundlinje.rulebook import check_rules

    t = time.time()
    _, problems = check_rules(folder)
    messages = " ".join(p.message for p in problems)
    assert "står to gange" in messages
    assert "flag som (?i)" in messages
    assert "gentagelse inden i en gentagelse" in messages
    assert {Path(p.file).name for p in problems} >= {"98-dobbelt.yaml", "99-regex.yaml"}
    assert time.time() - t < within(30)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_rules_folder_does_not_hang_rules_check(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    os.mkfifo(folder / "97-fifo.yaml")
    result = run_bounded(
        f"""
        from relationel_bundlinje.rulebook import check_rules
        ruleset, problems = check_rules({str(folder)!r})
        print(ruleset is None, " ".join(p.message for p in problems))
        """,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "almindelig fil" in result.stdout


def test_answers_with_wrong_types_get_danish_messages(tmp_path: Path, example_path: Path) -> None:
    from relationel_bundlinje.pipeline import Screener
    from relationel_bundlinje.questionnaire import read_answers

    rules = Screener.default().rules
    qid = rules.questions[0].id
    cases = [
        f"svar:\n  - id: {qid}\n    svar: ja\n    kilde: [bruger]\n",
        f"svar:\n  - id: {qid}\n    svar: {{a: 1}}\n",
        f"svar:\n  - id: {qid}\n    svar: {'9' * 5000}\n",
        "svar: " + "[" * 200 + "]" * 200 + "\n",
    ]
    for text in cases:
        path = tmp_path / "svar.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(RulesError) as caught:
            read_answers(path, rules)
        assert "Traceback" not in str(caught.value)


# --------------------------------------------------------------------------- model integrity


def _model_copy(tmp_path: Path) -> Path:
    import shutil

    from relationel_bundlinje.resources import model_dir

    target = tmp_path / "model"
    shutil.copytree(model_dir(), target)
    return target


@pytest.mark.parametrize(
    "change",
    [
        {"threshold": 2.0},
        {"platt_b": -1000},
        {"intercept": float("inf")},
        {"word_terms": "reversed"},
    ],
)
def test_a_tampered_model_json_is_refused(tmp_path: Path, change: dict) -> None:
    from relationel_bundlinje.classifier import load_model

    folder = _model_copy(tmp_path)
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    for key, value in change.items():
        meta[key] = list(reversed(meta[key])) if value == "reversed" else value
    (folder / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(folder)


def test_an_extra_array_in_the_weights_is_refused(tmp_path: Path) -> None:
    import numpy as np

    from relationel_bundlinje.classifier import load_model

    folder = _model_copy(tmp_path)
    with np.load(folder / "weights.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["extra"] = np.zeros(10)
    np.savez_compressed(folder / "weights.npz", **arrays)
    with pytest.raises(ModelError):
        load_model(folder)


# --------------------------------------------------------------------------- outputs


def test_output_equal_to_the_input_is_refused_even_with_force(tmp_path: Path, example_path: Path) -> None:
    from click.testing import CliRunner

    from relationel_bundlinje.cli import main

    bill = tmp_path / "lov.md"
    bill.write_text(example_path.read_text(encoding="utf-8"), encoding="utf-8")
    before = bill.read_bytes()
    result = CliRunner().invoke(main, ["screen", str(bill), "-o", str(bill), "--force"])
    assert result.exit_code == 2 and "samme fil som inputfilen" in result.output
    assert bill.read_bytes() == before


def test_out_dir_equal_to_the_input_folder_never_overwrites_inputs_and_names_never_collide(tmp_path: Path, example_path: Path) -> None:
    from click.testing import CliRunner

    from relationel_bundlinje.cli import main

    text = example_path.read_text(encoding="utf-8")
    (tmp_path / "lov.txt").write_text(text, encoding="utf-8")
    (tmp_path / "lov.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["screen", str(tmp_path), "--out-dir", str(tmp_path), "--format", "md", "--fixed-date", "2026-12-01"])
    assert (tmp_path / "lov.md").read_text(encoding="utf-8") == text  # the input is intact
    assert result.exit_code == 2 or {p.name for p in tmp_path.iterdir()} >= {"lov.txt.md", "lov.md.md"}
    json_run = CliRunner().invoke(main, ["screen", str(tmp_path / "lov.txt"), str(tmp_path / "lov.md"), "--out-dir", str(tmp_path / "ud"),
                                         "--format", "json", "--fixed-date", "2026-12-01"])
    assert json_run.exit_code == 0, json_run.output
    assert sorted(p.name for p in (tmp_path / "ud").iterdir()) == ["lov.md.json", "lov.txt.json"]


def test_a_dangling_symlink_at_the_target_is_not_replaced_without_force(tmp_path: Path) -> None:
    from relationel_bundlinje.output import write_atomic

    target = tmp_path / "ud.md"
    target.symlink_to(tmp_path / "findes-ikke")
    with pytest.raises(BundlinjeError, match="findes allerede"):
        write_atomic(target, "x")
    assert target.is_symlink()


def test_two_concurrent_writers_never_both_create_the_file(tmp_path: Path) -> None:
    import threading

    from relationel_bundlinje.output import write_atomic

    wins = []
    errors = []
    for trial in range(20):
        target = tmp_path / f"ud{trial}.md"
        barrier = threading.Barrier(2)

        def write(data: str) -> None:
            barrier.wait()
            try:
                write_atomic(target, data)
                wins.append(trial)
            except BundlinjeError:
                errors.append(trial)

        threads = [threading.Thread(target=write, args=(d,)) for d in ("a", "b")]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    assert sorted(wins) == list(range(20))  # exactly one winner per trial


# --------------------------------------------------------------------------- the command line


def test_usage_errors_and_help_are_danish() -> None:
    from click.testing import CliRunner

    from relationel_bundlinje.cli import main

    runner = CliRunner()
    for args in (["screen", "--answers", "/findes/ikke.yaml", "x.txt"], ["parse"], ["nope"], ["screen", "--nope"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert "Fejl:" in result.output and "Error" not in result.output and "Usage" not in result.output, result.output
    help_text = runner.invoke(main, ["screen", "--help"]).output
    assert "Brug:" in help_text and "Tilvalg:" in help_text and "Show this message" not in help_text


def test_a_folder_given_to_parse_and_a_folder_as_output_are_refused_in_danish(tmp_path: Path, example_path: Path) -> None:
    from click.testing import CliRunner

    from relationel_bundlinje.cli import main

    runner = CliRunner()
    r1 = runner.invoke(main, ["parse", str(tmp_path)])
    assert r1.exit_code == 2 and "mappe" in r1.output
    r2 = runner.invoke(main, ["screen", str(example_path), "-o", str(tmp_path)])
    assert r2.exit_code == 2 and "mappe" in r2.output


def test_broken_pipe_ends_quietly() -> None:
    result = subprocess.run(f"{sys.executable} -m relationel_bundlinje schema | head -c 10", shell=True, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_a_latin1_terminal_does_not_crash_the_output(example_path: Path) -> None:
    env = dict(os.environ, PYTHONIOENCODING="latin-1")
    result = subprocess.run([sys.executable, "-m", "relationel_bundlinje", "screen", str(example_path), "--fixed-date", "2026-12-01"],
                            capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode("latin-1")[-1000:]
    assert b"Relationelle konsekvenser" in result.stdout


def test_lone_surrogates_in_text_given_to_screen_get_a_danish_error_or_are_cleaned() -> None:
    from relationel_bundlinje.pipeline import Screener

    try:
        a = Screener.default().screen("Lov om noget\n\n§ 1. Kommunen skal tilbyde \ud800 hjælp til familier.", fixed_date="2026-12-01")
        assert "\ud800" not in a.statement.section_text
    except BundlinjeError as err:
        assert "Traceback" not in str(err)


def test_sigterm_during_a_batch_leaves_no_workers(tmp_path: Path, bills_dir: Path) -> None:
    import signal

    files = sorted(bills_dir.glob("*.txt"))[:12]
    proc = subprocess.Popen([sys.executable, "-m", "relationel_bundlinje", "screen", *map(str, files), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(8)
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    time.sleep(2)
    alive = [c for c in children if subprocess.run(["kill", "-0", c], capture_output=True).returncode == 0]
    assert not alive, alive
    assert b"Traceback" not in proc.stderr.read()
