"""Where shipped data lives: rules, the trained model and the example bill.

In an installed wheel the rules folder is copied into the package (``relationel_bundlinje/rules``);
in a source checkout (editable install) it is the repository's top-level ``rules/``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def rules_dir() -> Path:
    inside = PACKAGE_DIR / "rules"
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parents[1] / "rules"


def model_dir() -> Path:
    return PACKAGE_DIR / "model"


def lemma_table_path() -> Path:
    """The array lemma table shipped beside the model (``bundlinje train`` writes both)."""
    return model_dir() / "lemmas.npz"


def examples_dir() -> Path:
    return PACKAGE_DIR / "examples"


def example_bill() -> Path:
    return examples_dir() / "eksempel_lovforslag.txt"


def repo_root() -> Path | None:
    """The source checkout this package runs from, if any (for corpus and training)."""
    root = PACKAGE_DIR.parents[1]
    return root if (root / "pyproject.toml").is_file() else None


def shared_bills_dir() -> Path:
    """The folder of real bills: ``$BUNDLINJE_BILLS`` or ``../shared/bills`` beside the checkout."""
    env = os.environ.get("BUNDLINJE_BILLS")
    if env:
        return Path(env)
    root = repo_root() or Path.cwd()
    return root.parent / "shared" / "bills"
