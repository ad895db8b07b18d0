"""Shared test fixtures: where the real bills are (skipping cleanly where they are not), the
stages built once per session, and parsed bills.

Stages are injected, never found through a patched module: ``screener`` is the process's default
``Screener`` (the shipped rules and model; the CLI run in-process through ``CliRunner`` uses the
same one), and ``rule_finder`` runs the shipped rules alone — the rules are tested without the
model, so a model being retrained cannot break them.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest

from relationel_bundlinje.resources import example_bill, shared_bills_dir


def _bills() -> Path:
    return shared_bills_dir() / "retsinformation"


def pytest_sessionstart(session: pytest.Session) -> None:
    # CI sets BUNDLINJE_REQUIRE_BILLS: every test that reads real bills must run there, so a missing
    # folder stops the run instead of letting those tests skip.
    if os.environ.get("BUNDLINJE_REQUIRE_BILLS") and not (_bills() / "MANIFEST.tsv").is_file():
        pytest.exit(f"Real bills are required (BUNDLINJE_REQUIRE_BILLS is set) but {_bills()} is missing.", returncode=1)


@pytest.fixture(scope="session")
def bills_dir() -> Path:
    folder = _bills()
    if not (folder / "MANIFEST.tsv").is_file():
        if os.environ.get("BUNDLINJE_REQUIRE_BILLS"):
            pytest.fail(f"Real bills are required (BUNDLINJE_REQUIRE_BILLS is set) but {folder} is missing.")
        pytest.skip(f"Real bills not found at {folder}: set BUNDLINJE_BILLS to the shared/bills folder.")
    return folder


@pytest.fixture(scope="session")
def bill_path(bills_dir: Path):
    def get(doc_id: str) -> Path:
        return bills_dir / f"{doc_id}.txt"

    return get


@pytest.fixture(scope="session")
def example_path() -> Path:
    return example_bill()


@pytest.fixture(scope="session")
def manifest_rows(bills_dir: Path) -> list[dict[str, str]]:
    """The rows of the shared bills' MANIFEST.tsv (id, topic, …)."""
    with (bills_dir / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="session")
def real_bill(bill_path):
    """A real act parsed as the product parses a file (``pipeline.load_bill``), once per session.

    Bills are immutable hand-offs (stages build new objects), so sharing them between tests is safe.
    """
    from relationel_bundlinje.pipeline import load_bill

    cache: dict[str, Any] = {}

    def get(doc_id: str):
        if doc_id not in cache:
            path = bill_path(doc_id)
            if not path.is_file():
                pytest.skip(f"Real act {path} is missing from the shared bills folder.")
            cache[doc_id] = load_bill(path)
        return cache[doc_id]

    return get


@pytest.fixture(scope="session")
def screener():
    """The default Screener (shipped rules and model), built once for the whole session."""
    from relationel_bundlinje.pipeline import Screener

    return Screener.default()


@pytest.fixture(scope="session")
def rule_finder():
    """The shipped rules alone, without the classifier (``pipeline.RuleScreen``)."""
    from relationel_bundlinje.pipeline import RuleScreen

    return RuleScreen.load()


@pytest.fixture(scope="session")
def rules(rule_finder):
    """The shipped rule set (compiled for the session's Danish pipeline)."""
    return rule_finder.rules


# Property-based tests draw the same examples on every run, so CI is reproducible; a failure
# found once stays found. Set HYPOTHESIS_PROFILE=explore locally to search more widely.
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
