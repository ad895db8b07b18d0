"""Evaluation figures computed by hand on small, made-up data (the arithmetic, not the model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relationel_bundlinje.training.evaluate import (
    conclusion_accuracy,
    dimension_metrics,
    direction_metrics,
    relational_metrics,
)


def test_direction_accuracy_counts_only_negativ_and_positiv_labels() -> None:
    true = ["negativ", "positiv", "negativ", "blandet", "uafklaret", None, "positiv"]
    pred = ["negativ", "negativ", "uafklaret", "blandet", "negativ", "positiv", "positiv"]
    m = direction_metrics(true, pred)
    # negativ/positiv labels at 0, 1, 2, 6: right at 0 and 6; predicting uafklaret for a negativ clause is wrong.
    assert m["direction_n"] == 4
    assert m["direction_accuracy"] == 0.5
    # over all four classes (0,1,2,3,4,6): right at 0, 3, 6
    assert m["direction_accuracy_all_classes"] == 0.5


def test_per_dimension_precision_recall_f1_with_counts() -> None:
    true = [["familie"], ["familie", "bolig"], ["bolig"], ["kontakt"]]
    pred = [["familie"], ["bolig"], ["bolig", "familie"], []]
    m = dimension_metrics(true, pred)
    assert m["familie"] == {"n": 2, "predicted": 2, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert m["bolig"]["n"] == 2 and m["bolig"]["precision"] == 1.0 and m["bolig"]["recall"] == 1.0
    assert m["kontakt"]["recall"] == 0.0 and m["kontakt"]["f1"] == 0.0
    assert "digital" not in m  # neither labelled nor predicted


def test_relational_metrics_and_bootstrap_interval_by_document() -> None:
    relational = [True, True, False, False, True, False] * 10
    scores = [0.9, 0.4, 0.2, 0.6, 0.8, 0.1] * 10
    groups = [f"doc{i // 6}" for i in range(60)]
    m = relational_metrics(relational, scores, 0.5, groups)
    assert (m["precision"], m["recall"]) == (round(2 / 3, 4), round(2 / 3, 4))
    lo, hi = m["ci95"]["f1"]
    # every document holds the same pattern, so resampling documents cannot move the figure
    assert lo == hi == m["f1"]


def test_conclusion_accuracy_exact_and_relevance() -> None:
    m = conclusion_accuracy(["ingen", "negativ", "positiv", "ingen"], ["ingen", "negativ", "blandet", "negativ"])
    assert m["exact"] == 0.5
    assert m["relevance"] == 0.75
    assert m["confusion"]["positiv"] == {"blandet": 1}


@pytest.mark.usefixtures("bills_dir")
def test_evaluate_command_on_a_hand_made_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from relationel_bundlinje.cli import main

    rows = [
        {"text": "Klage over afgørelser efter stk. 1 indgives til Ankestyrelsen inden 4 uger.", "relational": False},
        {"text": "Afgiften udgør 6,5 øre pr. kWh.", "relational": False},
        {"text": "Forældre har ret til 5 dages omsorgsorlov pr. kalenderår.", "relational": True,
         "dimensions": ["omsorg", "familie"], "direction": "positiv"},
        {"text": "Kommunalbestyrelsen kan træffe afgørelse om at begrænse en besøgendes adgang til en beboers bolig.",
         "relational": True, "dimensions": ["kontakt", "bolig"], "direction": "negativ"},
    ]
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--data", str(data)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["n"] == 4 and out["positives"] == 2
    assert out["direction_n"] == 2 and 0.0 <= out["direction_accuracy"] <= 1.0
    assert set(out["dimensions"]) >= {"omsorg", "kontakt"}


def test_evaluate_refuses_a_bad_file_in_danish(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from relationel_bundlinje.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--data", str(bad)])
    assert result.exit_code == 2
    assert "skal have feltet 'text'" in result.output
