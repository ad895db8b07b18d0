"""The library's one error type: a clear Danish message for the user, never a traceback."""

from __future__ import annotations


class BundlinjeError(Exception):
    """An error the user can act on. ``str(err)`` is a complete Danish sentence.

    The command-line interface prints it on stderr and exits with ``exit_code`` (2 for bad input).
    """

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class InputError(BundlinjeError):
    """The input document cannot be read or understood."""


class RulesError(BundlinjeError):
    """A rules folder or answers file is invalid."""


class ModelError(BundlinjeError):
    """A model file is missing, corrupt or fails validation."""
