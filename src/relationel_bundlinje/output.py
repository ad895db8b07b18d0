"""Writing output files whole or not at all, and never over an input or another output.

The data goes to a temporary file in the target folder, is flushed to disk, and is then put in
place in one step: with ``force``, ``os.replace``; without it, ``os.link``, which fails if the name
exists — so two writers can never both "create" the same file, and a dangling symbolic link at the
target is an existing name, not free space.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import BundlinjeError


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """An output must never be one of the inputs."""
    for path in inputs:
        if same_file(target, path):
            raise BundlinjeError(f"Outputfilen {target} er den samme fil som inputfilen. Vælg et andet navn.")


def write_atomic(path: Path, data: bytes | str, *, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` whole or not at all; an existing name only with ``force``."""
    path = Path(path)
    refuse_inputs(path, inputs)
    exists = os.path.lexists(path)
    if exists and not force:
        raise BundlinjeError(f"Filen {path} findes allerede. Brug --force for at overskrive den.")
    if exists and path.is_dir():
        raise BundlinjeError(f"{path} er en mappe. Angiv et filnavn.")
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
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name exists: no race between check and create
            except FileExistsError:
                raise BundlinjeError(f"Filen {path} findes allerede. Brug --force for at overskrive den.") from None
            except OSError:
                # A filesystem without hard links: an exclusive create, then the rename.
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                try:
                    os.close(os.open(path, flags, 0o666 & ~umask))
                except FileExistsError:
                    raise BundlinjeError(f"Filen {path} findes allerede. Brug --force for at overskrive den.") from None
                os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, BundlinjeError):
            raise
        if isinstance(err, OSError):
            raise BundlinjeError(f"Filen {path} kunne ikke skrives ({err.strerror or err}). Intet er ændret.") from None
        raise
    else:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
