"""The tool's version (one place; pyproject.toml carries the same number)."""

__version__ = "0.3.0"
