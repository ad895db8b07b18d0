"""The Danish lemma table as arrays: looked up for a whole document at once, loaded in milliseconds.

spaCy's Danish lookup table (``spacy-lookups-data``, 553,000 forms) is a 4 MB gzip'd JSON that
takes half a second to parse. We keep it as three arrays keyed by spaCy's 64-bit string hash of
the lower-case form (the hash every token already carries as ``token.lower``): sorted form hashes,
the index of each form's lemma, and the lemmas. A document's lemmas are one ``searchsorted``.
The arrays are built from the lookup data by :func:`build_table` (``bundlinje train`` writes them
beside the model, so model and lemmas always travel together).
"""

from __future__ import annotations

import gzip
import io
import json
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

TABLE_FILE = "lemmas.npz"


class LemmaTable:
    """Lower-case form -> lemma, for single words and for arrays of spaCy hashes."""

    def __init__(self, keys: np.ndarray, values: np.ndarray, lemmas: list[str], lemma_hashes: np.ndarray) -> None:
        self.keys = keys  # uint64, sorted: hash of each lower-case form
        self.values = values  # int32: index into ``lemmas`` per key
        self.lemmas = lemmas
        self.lemma_hashes = lemma_hashes  # uint64: hash of each lemma
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.keys)

    def lemma_string(self, h: int) -> str:
        """The lemma whose hash is ``h`` ("" if the table has none)."""
        by_hash = self.__dict__.get("_by_hash")
        if by_hash is None:
            with self._lock:
                by_hash = dict(zip(self.lemma_hashes.tolist(), self.lemmas, strict=True))
                self.__dict__["_by_hash"] = by_hash
        return by_hash.get(int(h), "")

    def lemma_hashes_of(self, lower: np.ndarray) -> np.ndarray:
        """The lemma hash for every lower-case form hash (the form's own hash where it has none)."""
        lower = np.asarray(lower, dtype=np.uint64)
        if not len(self.keys) or not len(lower):
            return lower.copy()
        pos = np.searchsorted(self.keys, lower)
        pos = np.minimum(pos, len(self.keys) - 1)
        found = self.keys[pos] == lower
        out = lower.copy()
        out[found] = self.lemma_hashes[self.values[pos[found]]]
        return out

    def lemma_of(self, word: str) -> str:
        """Lemma of one word (lower-case), the word itself where the table has none."""
        from spacy.strings import hash_string

        low = word.lower()
        if not len(self.keys):
            return low
        h = np.uint64(hash_string(low))
        pos = int(np.searchsorted(self.keys, h))
        if pos < len(self.keys) and self.keys[pos] == h:
            return self.lemmas[int(self.values[pos])]
        return low

    # -- persistence
    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        blob = "\n".join(self.lemmas).encode("utf-8")
        path = folder / TABLE_FILE
        buf = io.BytesIO()
        np.savez_compressed(buf, keys=self.keys, values=self.values, lemma_hashes=self.lemma_hashes,
                            lemmas=np.frombuffer(blob, dtype=np.uint8))
        path.write_bytes(buf.getvalue())
        return path

    @classmethod
    def load(cls, path: Path) -> LemmaTable:
        with np.load(path, allow_pickle=False) as npz:
            keys = npz["keys"].astype(np.uint64, copy=False)
            values = npz["values"].astype(np.int32, copy=False)
            lemma_hashes = npz["lemma_hashes"].astype(np.uint64, copy=False)
            lemmas = npz["lemmas"].tobytes().decode("utf-8").split("\n")
        if not (len(keys) == len(values) and len(lemmas) == len(lemma_hashes)):
            raise ValueError("inconsistent lemma table")
        if len(values) and (values.min() < 0 or values.max() >= len(lemmas)):
            raise ValueError("lemma index out of range")
        if len(keys) > 1 and not np.all(keys[1:] > keys[:-1]):
            raise ValueError("lemma keys not sorted")
        return cls(keys, values, lemmas, lemma_hashes)


def build_table() -> LemmaTable:
    """The table from spaCy's Danish lookup data, keyed on lower-case forms.

    Where a lower-case form occurs several times (``Bo``/``bo``), the entry that was lower-case in
    the source wins (a common noun over a proper noun).
    """
    from spacy.strings import hash_string

    data = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with data.open("rb") as fh:
        raw: dict[str, str] = json.loads(gzip.decompress(fh.read()))
    table: dict[str, str] = {}
    for form, lemma in raw.items():
        low = form.lower()
        if low not in table or form == low:
            table[low] = lemma.lower()
    # A form that is its own lemma needs no entry: a miss returns the form itself.
    table = {form: lemma for form, lemma in table.items() if form != lemma}
    lemmas = sorted(set(table.values()))
    index = {lemma: i for i, lemma in enumerate(lemmas)}
    pairs = sorted((hash_string(form), index[lemma]) for form, lemma in table.items())
    keys = np.array([k for k, _ in pairs], dtype=np.uint64)
    if len(keys) > 1 and not np.all(keys[1:] > keys[:-1]):
        raise ValueError("hash collision in the lemma table")
    values = np.array([v for _, v in pairs], dtype=np.int32)
    lemma_hashes = np.array([hash_string(lemma) for lemma in lemmas], dtype=np.uint64)
    return LemmaTable(keys, values, lemmas, lemma_hashes)


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(path: str) -> LemmaTable:
    return LemmaTable.load(Path(path))


def load_table(path: Path) -> LemmaTable:
    """The table saved at ``path``, loaded once per process."""
    with _LOCK:
        return _load(str(Path(path).resolve()))
