"""Saving and loading a fitted classifier: ``model.json`` (metadata, vocabulary strings) and
``weights.npz`` (arrays, read with ``allow_pickle=False``) — nothing on disk can run code.

Both files are covered by one checksum, and every value is checked before use: a ``model.json``
with ``threshold: 2.0``, a huge ``platt_b``, an infinite intercept, a vocabulary out of order or a
3 GB extra array is refused with a Danish message, never loaded.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from ..dimensions import DIMENSION_IDS, DIRECTIONS
from ..errors import ModelError
from .cues import CUE_NAMES, MECHANISMS
from .estimator import RelationalClassifier
from .features import ALL_BLOCKS, Featurizer, Vocabulary

#: 3: the dimension and direction heads are stored on the columns they use (``head_columns``).
MODEL_FORMAT = 3
META_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
#: Far above the shipped model (a few MB); a larger file is not a model of ours.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FEATURES = 2_000_000
_ARRAYS = {
    "word_keys": np.uint64, "word_idf": np.float64, "char_keys": np.uint64, "char_idf": np.float64,
    "coef": np.float64, "head_columns": np.int64, "dim_coef": np.float64, "dim_intercept": np.float64,
    "dir_coef": np.float64, "dir_intercept": np.float64,
}


def _digest(meta_without_sum: dict, weights: bytes) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(meta_without_sum, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    h.update(b"\0")
    h.update(weights)
    return h.hexdigest()


def save_model(model: RelationalClassifier, folder: Path, meta: dict[str, Any]) -> None:
    """Write the model (atomically per file) with ``meta`` (version, corpus, metrics, params)."""
    import io

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fz = model.featurizer_
    # The dimension and direction heads are fitted on the relational clauses only, so every column
    # no relational clause has is exactly 0 in both (three quarters of them with the context
    # blocks): stored on the columns they use, the file loads in a fraction of the time.
    dim_coef, dir_coef = np.asarray(model.dim_coef_), np.asarray(model.dir_coef_)
    cols = np.flatnonzero(np.any(dim_coef != 0, axis=0) | np.any(dir_coef != 0, axis=0)).astype(np.int64)
    arrays = {
        "word_keys": fz.words.keys, "word_idf": fz.words.idf, "char_keys": fz.chars.keys, "char_idf": fz.chars.idf,
        "coef": model.coef_, "head_columns": cols, "dim_coef": np.ascontiguousarray(dim_coef[:, cols]),
        "dim_intercept": model.dim_intercept_, "dir_coef": np.ascontiguousarray(dir_coef[:, cols]),
        "dir_intercept": model.dir_intercept_,
    }
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    weights = buf.getvalue()
    doc = dict(meta)
    doc.update(
        format=MODEL_FORMAT,
        params={k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
        blocks=list(fz.blocks),
        block_weights=dict(fz.weights),
        intercept=model.intercept_,
        platt_a=model.platt_a_,
        platt_b=model.platt_b_,
        threshold=model.threshold_,
        dim_thresholds={d: float(t) for d, t in zip(DIMENSION_IDS, model.dim_thresholds_, strict=True)},
        dimensions=list(DIMENSION_IDS),
        directions=list(DIRECTIONS),
        mechanisms=list(MECHANISMS),
        cues=list(CUE_NAMES),
        word_terms=fz.words.terms,
        char_terms=fz.chars.terms,
    )
    doc.pop("sha256", None)
    doc["sha256"] = _digest(doc, weights)
    for name, data in ((WEIGHTS_FILE, weights), (META_FILE, (json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))):
        tmp = folder / f".{name}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)


def _finite(value: Any, name: str, lo: float, hi: float) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or not lo <= value <= hi:
        raise ModelError(f"Modellens værdi for {name} er ugyldig; modellen afvises.")
    return float(value)


def _on_columns(values: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    full = np.zeros((values.shape[0], n), order="F")
    full[:, cols] = values
    return full


def load_model(folder: Path) -> tuple[RelationalClassifier, dict[str, Any]]:
    """Load and validate a saved model: the fitted classifier and its metadata."""
    folder = Path(folder)
    meta_path, weights_path = folder / META_FILE, folder / WEIGHTS_FILE
    if not meta_path.is_file() or not weights_path.is_file():
        raise ModelError(f"Der findes ingen trænet model i {folder}. Kør 'bundlinje train' for at bygge den.")
    try:
        for p in (meta_path, weights_path):
            if p.stat().st_size > MAX_FILE_BYTES:
                raise ModelError(f"Modelfilen {p.name} er for stor til at være en model; den afvises.")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        weights = weights_path.read_bytes()
        if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
            raise ModelError(f"Modellen i {folder} har et ukendt format; kør 'bundlinje train' for at bygge den igen.")
        claimed = meta.get("sha256")
        body = {k: v for k, v in meta.items() if k != "sha256"}
        if claimed != _digest(body, weights):
            raise ModelError(f"Modellen i {folder} svarer ikke til sin kontrolsum; den er ændret eller beskadiget og afvises.")
        return _build(meta, weights), meta
    except ModelError:
        raise
    except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError) as err:
        raise ModelError(f"Modellen i {folder} kan ikke læses ({type(err).__name__}); den er ufuldstændig eller beskadiget.") from err


def _build(meta: dict, weights: bytes) -> RelationalClassifier:
    import io

    if list(meta["dimensions"]) != list(DIMENSION_IDS) or list(meta["directions"]) != list(DIRECTIONS):
        raise ModelError("Modellens dimensioner eller retninger svarer ikke til programmets.")
    if list(meta["mechanisms"]) != list(MECHANISMS) or list(meta["cues"]) != list(CUE_NAMES):
        raise ModelError("Modellen er trænet med andre kendetegn end programmets; kør 'bundlinje train'.")
    blocks = meta["blocks"]
    if not isinstance(blocks, list) or not blocks or any(b not in ALL_BLOCKS for b in blocks):
        raise ModelError("Modellens beskrivelse af sine kendetegn er ugyldig; modellen afvises.")
    with np.load(io.BytesIO(weights), allow_pickle=False) as npz:
        if set(npz.files) != set(_ARRAYS):
            raise ModelError("Modellens vægtfil indeholder andre tabeller end forventet; modellen afvises.")
        arrays = {}
        for name, dtype in _ARRAYS.items():
            a = npz[name]
            if a.dtype != dtype or a.size > MAX_FEATURES * len(DIMENSION_IDS):
                raise ModelError(f"Modellens tabel {name} er ugyldig; modellen afvises.")
            if a.dtype.kind == "f" and not np.all(np.isfinite(a)):
                raise ModelError(f"Modellens vægte ({name}) er ugyldige; modellen afvises.")
            arrays[name] = a
    words = Vocabulary(arrays["word_keys"], arrays["word_idf"], list(meta["word_terms"]))
    chars = Vocabulary(arrays["char_keys"], arrays["char_idf"], list(meta["char_terms"]))
    for vocab in (words, chars):
        if len(vocab.keys) != len(vocab.idf) or len(vocab.keys) != len(vocab.terms):
            raise ModelError("Modellens ordforråd passer ikke til dens vægte; modellen afvises.")
        if len(vocab.keys) > 1 and not np.all(vocab.keys[1:] > vocab.keys[:-1]):
            raise ModelError("Modellens ordforråd er ikke ordnet; modellen afvises.")
        if len(vocab.idf) and (vocab.idf.min() < 1.0 or vocab.idf.max() > 50.0):
            raise ModelError("Modellens idf-vægte er ugyldige; modellen afvises.")
    # Models saved before blocks had weights carry none: every block weighs 1.
    weights = meta.get("block_weights", {b: 1.0 for b in blocks})
    if not isinstance(weights, dict) or set(weights) != set(blocks):
        raise ModelError("Modellens vægtning af sine kendetegn er ugyldig; modellen afvises.")
    weights = {b: _finite(w, f"vægten af {b}", 1e-3, 10.0) for b, w in weights.items()}
    fz = Featurizer(words, chars, blocks, weights)
    n = fz.n_features
    if n > MAX_FEATURES:
        raise ModelError("Modellen har for mange kendetegn; den afvises.")
    cols = arrays["head_columns"]
    if cols.ndim != 1 or (len(cols) and (cols[0] < 0 or cols[-1] >= n or np.any(np.diff(cols) <= 0))):
        raise ModelError("Modellens kolonner for dimensioner og retning er ugyldige; modellen afvises.")
    shapes = {"coef": (n,), "dim_coef": (len(DIMENSION_IDS), len(cols)), "dim_intercept": (len(DIMENSION_IDS),),
              "dir_coef": (len(DIRECTIONS), len(cols)), "dir_intercept": (len(DIRECTIONS),)}
    for name, shape in shapes.items():
        if arrays[name].shape != shape:
            raise ModelError("Modellens vægte har forkerte dimensioner; modellen afvises.")
    params = meta.get("params") or {}
    model = RelationalClassifier()
    for key in model.get_params():
        if key in params:
            value = params[key]
            setattr(model, key, tuple(value) if isinstance(value, list) else value)
    model.featurizer_ = fz
    model.coef_ = arrays["coef"]
    model.intercept_ = _finite(meta["intercept"], "intercept", -100, 100)
    model.platt_a_ = _finite(meta["platt_a"], "platt_a", 1e-3, 100)
    model.platt_b_ = _finite(meta["platt_b"], "platt_b", -50, 50)
    model.threshold_ = _finite(meta["threshold"], "threshold", 0.01, 0.99)
    model.dim_threshold = _finite(params.get("dim_threshold", 0.4), "dim_threshold", 0.01, 0.99)
    # Models saved before the dimensions had their own thresholds use the common one for all.
    per_dim = meta.get("dim_thresholds", {d: model.dim_threshold for d in DIMENSION_IDS})
    if not isinstance(per_dim, dict) or set(per_dim) != set(DIMENSION_IDS):
        raise ModelError("Modellens tærskler for dimensionerne er ugyldige; modellen afvises.")
    model.dim_thresholds_ = np.array([_finite(per_dim[d], f"tærsklen for {d}", 0.01, 0.99) for d in DIMENSION_IDS])
    # Back on every column, column-major, so that ``X @ dim_coef_.T`` (a sparse matrix times a
    # C-ordered view) does not copy the matrix into that order at every call.
    model.dim_coef_ = _on_columns(arrays["dim_coef"], cols, n)
    model.dim_intercept_ = arrays["dim_intercept"]
    model.dir_coef_ = _on_columns(arrays["dir_coef"], cols, n)
    model.dir_intercept_ = arrays["dir_intercept"]
    model.n_features_in_ = n
    return model
