"""Writing output files whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import BundlinjeError


def write_atomic(path: Path, data: bytes | str, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and an atomic rename.

    An interrupted run leaves either the old file or the new one, never half a file. An existing
    file is only replaced with ``force=True``.
    """
    path = Path(path)
    if path.exists() and not force:
        raise BundlinjeError(f"Filen {path} findes allerede. Brug --force for at overskrive den.")
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BundlinjeError(f"Mappen {folder} findes ikke.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise BundlinjeError(f"Der kan ikke skrives i mappen {folder} ({err.strerror}).") from None
    try:
        # mkstemp creates the file private (0600); give it the mode a normal write would (umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, OSError):
            # A full disk or a lost permission: the old file (if any) is untouched.
            raise BundlinjeError(f"Filen {path} kunne ikke skrives ({err.strerror or err}). Intet er ændret.") from None
        raise
