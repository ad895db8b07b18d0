"""relationel-bundlinje: screen Danish bills for their relational bottom line.

The small stable API::

    from relationel_bundlinje import screen, parse, render, Screener
    assessment = screen(Path("lovforslag.docx"))       # or the bill's text as a str, or a parsed Bill
    assessment.conclusion.direction                      # "ingen" | "negativ" | "positiv" | "blandet" | "uafklaret"
    print(assessment.statement.section_text)             # the Danish consequence section
    assessment.model_dump_json()                         # the JSON integrators consume
    Path("konsekvenser.docx").write_bytes(render(assessment, "docx"))

    screener = Screener.load(rules_dir=..., model_dir=...)   # your own rules or model, built once
    screener.screen(Path("lovforslag.docx"))

Names are imported lazily, so ``import relationel_bundlinje`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

__all__ = [
    "__version__",
    "screen",
    "parse",
    "render",
    "Screener",
    "AssessPolicy",
    "Assessment",
    "Bill",
    "Clause",
    "Finding",
    "Ref",
    "SourceDocument",
    "BundlinjeError",
]

_LAZY = {
    "screen": ("pipeline", "screen"),
    "parse": ("pipeline", "parse"),
    "Screener": ("pipeline", "Screener"),
    "render": ("statement", "render"),
    "AssessPolicy": ("assess", "AssessPolicy"),
    "Assessment": ("models", "Assessment"),
    "Bill": ("models", "Bill"),
    "Clause": ("models", "Clause"),
    "Finding": ("models", "Finding"),
    "Ref": ("models", "Ref"),
    "SourceDocument": ("models", "SourceDocument"),
    "BundlinjeError": ("errors", "BundlinjeError"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .assess import AssessPolicy
    from .errors import BundlinjeError
    from .models import Assessment, Bill, Clause, Finding, Ref, SourceDocument
    from .pipeline import Screener, parse, screen
    from .statement import render


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f"{__name__}.{module}"), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
