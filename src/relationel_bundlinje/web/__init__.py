"""The local web page and JSON API (``bundlinje serve``): a face that only wires the stages.

Needs the optional extra ``web`` (Starlette, uvicorn, Jinja2, python-multipart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .app import Settings, create_app

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
