"""Shared test fixtures: where the real bills are, and skipping cleanly where they are not."""

from __future__ import annotations

import os
from pathlib import Path

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


# Property-based tests draw the same examples on every run, so CI is reproducible; a failure
# found once stays found. Set HYPOTHESIS_PROFILE=explore locally to search more widely.
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
