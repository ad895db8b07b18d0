"""relationel-bundlinje: screen Danish bills for their relational bottom line."""

from __future__ import annotations

__version__ = "0.1.0"
