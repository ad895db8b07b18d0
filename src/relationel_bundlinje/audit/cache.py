"""Results kept per act, so a re-run of an audit screens only new or changed acts.

An act's record is stored as JSON under a key made of the SHA-256 of its file, the model's version
(with the checksum of its weights) and the rules' version (with a digest of the rule files), so a
changed act, a retrained model or an edited rule file each make the old record unreachable. Files
are written whole or not at all; a record that cannot be read or does not match its key is treated
as missing and the act is screened again — a damaged cache never gives a wrong report.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import BundlinjeError
from .record import RECORD_FORMAT, ActRecord

#: The cache folder's name beside the report when no --cache is given.
DEFAULT_NAME = ".bundlinje-cache"


@dataclass(frozen=True)
class Versions:
    """What an act's record depends on besides the act itself."""

    model: str  # the model's version, as records carry it
    model_digest: str
    rules: str  # the rules' version, as records carry it
    rules_digest: str


def versions(rules_dir: Path | None = None, model_dir: Path | None = None) -> Versions:
    """The versions of the model and rules a screening would use, read cheaply (no Screener is
    built: the parent process of a parallel audit never needs one)."""
    import yaml

    from ..resources import model_dir as shipped_model
    from ..resources import rules_dir as shipped_rules

    mfolder = Path(model_dir) if model_dir is not None else shipped_model()
    rfolder = Path(rules_dir) if rules_dir is not None else shipped_rules()
    try:
        meta = json.loads((mfolder / "model.json").read_text(encoding="utf-8"))
        model, model_digest = str(meta["version"]), str(meta["sha256"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise BundlinjeError(f"Modellen i {mfolder} kan ikke læses ({type(err).__name__}).") from None
    digest = hashlib.sha256()
    rules = "ukendt"
    try:
        for path in sorted(p for p in rfolder.iterdir() if p.suffix in {".yaml", ".yml"}):
            data = path.read_bytes()
            digest.update(path.name.encode("utf-8") + b"\0" + data + b"\0")
            if path.name in ("manifest.yaml", "index.yaml"):
                loaded = yaml.safe_load(data)
                if isinstance(loaded, dict) and "version" in loaded:
                    rules = str(loaded["version"])
    except (OSError, yaml.YAMLError) as err:
        raise BundlinjeError(f"Reglerne i {rfolder} kan ikke læses ({type(err).__name__}).") from None
    return Versions(model, model_digest, rules, digest.hexdigest())


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ActCache:
    """A folder of act records, one JSON file per key."""

    def __init__(self, folder: Path, versions: Versions) -> None:
        self.folder = Path(folder)
        self.versions = versions
        if self.folder.exists() and not self.folder.is_dir():
            raise BundlinjeError(f"Cachen {self.folder} er en fil, ikke en mappe. Angiv en mappe med --cache.")

    def key(self, sha256: str) -> str:
        v = self.versions
        parts = [str(RECORD_FORMAT), sha256, v.model, v.model_digest, v.rules, v.rules_digest]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def path(self, sha256: str) -> Path:
        return self.folder / f"{self.key(sha256)}.json"

    def get(self, sha256: str, document: str) -> ActRecord | None:
        """The kept record of an act with this content (named ``document`` now), or None."""
        path = self.path(sha256)
        try:
            record = ActRecord.model_validate_json(path.read_bytes())
        except (OSError, ValueError, ValidationError):
            return None
        v = self.versions
        if record.sha256 != sha256 or record.model_version != v.model or record.rules_version != v.rules:
            return None
        return record if record.document == document else record.model_copy(update={"document": document})

    def put(self, record: ActRecord) -> None:
        from ..output import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise BundlinjeError(f"Cachemappen {self.folder} kan ikke oprettes ({err.strerror}).") from None
        data = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, indent=1)
        write_atomic(self.path(record.sha256), data + "\n", force=True)
