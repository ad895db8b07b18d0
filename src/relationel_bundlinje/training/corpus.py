"""The labelled corpus: stand-off labels that point into the real documents in ``shared/bills``.

Each label names a document, a clause reference, character offsets into the document's text as
stored (UTF-8 decoded, unchanged) and the SHA-256 of the clause text. The loader reads the text
from the documents and refuses a label whose hash no longer matches, so the corpus never carries a
copy of the texts and never silently drifts from them.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BundlinjeError
from .resources import repo_root, shared_bills_dir

LABELS_FILE = "labels.jsonl"
SPLIT_FILE = "split.json"


def default_corpus_dir() -> Path:
    root = repo_root()
    return (root / "corpus") if root else Path("corpus")


def documents_dir(bills_dir: Path | None = None) -> Path:
    return (bills_dir or shared_bills_dir()) / "retsinformation"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    kind: str
    topic: str

    @property
    def nonrel(self) -> bool:
        return "NONREL" in self.topic


def read_manifest(bills_dir: Path | None = None) -> dict[str, DocumentInfo]:
    path = documents_dir(bills_dir) / "MANIFEST.tsv"
    if not path.is_file():
        raise BundlinjeError(
            f"Mappen med lovtekster blev ikke fundet ({path.parent}). Angiv den med --bills eller "
            "miljøvariablen BUNDLINJE_BILLS."
        )
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return {r["id"]: DocumentInfo(r["id"], r["title"], r["kind"], r["topic"] or "") for r in rows}


def read_document_text(doc_id: str, bills_dir: Path | None = None) -> str:
    return (documents_dir(bills_dir) / f"{doc_id}.txt").read_text(encoding="utf-8")


@dataclass
class LabelledClause:
    id: str
    document: str
    ref: str
    start: int
    end: int
    text: str
    relational: bool
    dimensions: list[str] = field(default_factory=list)
    direction: str | None = None
    context: str | None = None


def load_labels(corpus_dir: Path | None = None) -> list[dict]:
    path = (corpus_dir or default_corpus_dir()) / LABELS_FILE
    if not path.is_file():
        raise BundlinjeError(f"Korpusset blev ikke fundet: {path}.")
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise BundlinjeError(f"{path}, linje {n}: ugyldig JSON ({err.msg}).") from err
    return out


def load_corpus(corpus_dir: Path | None = None, bills_dir: Path | None = None) -> list[LabelledClause]:
    """Resolve every stand-off label against the documents and verify its text hash."""
    labels = load_labels(corpus_dir)
    texts: dict[str, str] = {}
    out: list[LabelledClause] = []
    for lab in labels:
        doc = lab["document"]
        if doc not in texts:
            try:
                texts[doc] = read_document_text(doc, bills_dir)
            except FileNotFoundError as err:
                raise BundlinjeError(f"Korpusset henviser til et dokument, der ikke findes: {doc}.") from err
        text = texts[doc][lab["start"] : lab["end"]]
        if sha256_text(text) != lab["sha256"]:
            raise BundlinjeError(
                f"Teksten for {lab['id']} ({doc}, {lab['ref']}) svarer ikke længere til korpusset "
                "(SHA-256 afviger). Dokumentet er ændret; mærkningen skal gennemgås igen."
            )
        out.append(
            LabelledClause(
                id=lab["id"],
                document=doc,
                ref=lab["ref"],
                start=lab["start"],
                end=lab["end"],
                text=text,
                relational=bool(lab["relational"]),
                dimensions=list(lab.get("dimensions") or []),
                direction=lab.get("direction"),
                context=lab.get("context"),
            )
        )
    return out


def load_split(corpus_dir: Path | None = None) -> dict[str, list[str]]:
    path = (corpus_dir or default_corpus_dir()) / SPLIT_FILE
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- building the corpus


def law_name(title: str) -> str | None:
    """'Bekendtgørelse af lov om social service' -> 'lov om social service'."""
    m = re.match(r"^Bekendtgørelse af (.+?)(?:\s*\(|$)", title)
    return m.group(1).strip().lower() if m else None


def document_groups(manifest: dict[str, DocumentInfo]) -> dict[str, str]:
    """Group documents that must stay on the same side of the split: the same topic, or an
    amending act and the consolidated act it amends (matched by the law's name in its title)."""
    parent = {d: d for d in manifest}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_topic: dict[str, str] = {}
    for d in manifest.values():
        if d.topic:
            if d.topic in by_topic:
                union(d.id, by_topic[d.topic])
            else:
                by_topic[d.topic] = d.id
    names = {law_name(d.title): d.id for d in manifest.values() if law_name(d.title)}
    for d in manifest.values():
        if d.kind == "aendringslov":
            head = d.title.split("(")[0].lower()
            for name, lbk in names.items():
                if name and re.search(r"\b" + re.escape(name) + r"\b", head):
                    union(d.id, lbk)
    return {d: find(d) for d in manifest}


def make_split(doc_ids: Iterable[str], manifest: dict[str, DocumentInfo], *, test_share: float = 0.25, seed: int = 20261127) -> dict[str, list[str]]:
    """A fixed split by document group, stratified by relational vs non-relational topics."""
    groups = document_groups(manifest)
    members: dict[str, list[str]] = {}
    for d in sorted(set(doc_ids)):
        members.setdefault(groups[d], []).append(d)
    rng = random.Random(seed)
    train: list[str] = []
    test: list[str] = []
    for nonrel in (False, True):
        keys = sorted(k for k, v in members.items() if all(manifest[d].nonrel for d in v) == nonrel)
        rng.shuffle(keys)
        total = sum(len(members[k]) for k in keys)
        taken = 0
        for k in keys:
            if taken < test_share * total:
                test.extend(members[k])
                taken += len(members[k])
            else:
                train.extend(members[k])
    return {"train": sorted(train), "test": sorted(test)}


# --------------------------------------------------------------------------- statistics


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    if n == 0:
        raise ValueError("no items")
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def corpus_stats(corpus_dir: Path | None = None) -> dict:
    """Size, balance, split and inter-annotator agreement of the corpus (no document text needed)."""
    folder = Path(corpus_dir or default_corpus_dir())
    labels = load_labels(folder)
    split = load_split(folder)
    by_id = {r["id"]: r for r in labels}
    adjudications = _read_jsonl(folder / "adjudication.jsonl")
    second = _read_jsonl(folder / "second_pass.jsonl")

    # The first pass as annotated: the final label, unless adjudication or consolidation changed it.
    first = {i: r["relational"] for i, r in by_id.items()}
    for rec in adjudications:
        original = rec.get("first") or rec.get("before")
        if rec["id"] in first and original is not None:
            first[rec["id"]] = original["relational"]
    pairs = [(first[r["id"]], r["relational"]) for r in second if r["id"] in first]
    disagreements = sum(1 for x, y in pairs if x != y)

    relational = [r for r in labels if r["relational"]]
    dims: dict[str, int] = {}
    for r in relational:
        for d in r["dimensions"]:
            dims[d] = dims.get(d, 0) + 1
    strata: dict[str, list[int]] = {}
    for r in labels:
        s = strata.setdefault(r.get("stratum", "ukendt"), [0, 0])
        s[0] += 1
        s[1] += int(r["relational"])
    test = set(split["test"])
    return {
        "clauses": len(labels),
        "documents": len({r["document"] for r in labels}),
        "relational": len(relational),
        "dimensions": dict(sorted(dims.items(), key=lambda kv: -kv[1])),
        "directions": {d: sum(1 for r in relational if r["direction"] == d) for d in ("negativ", "positiv", "blandet", "uafklaret")},
        "strata": {k: {"clauses": v[0], "relational": v[1]} for k, v in sorted(strata.items())},
        "split": {
            "train_documents": len(split["train"]),
            "test_documents": len(split["test"]),
            "train_clauses": sum(1 for r in labels if r["document"] not in test),
            "test_clauses": sum(1 for r in labels if r["document"] in test),
            "test_relational": sum(1 for r in labels if r["document"] in test and r["relational"]),
        },
        "second_pass": {
            "clauses": len(pairs),
            "agreement": round(sum(1 for x, y in pairs if x == y) / len(pairs), 4) if pairs else None,
            "cohen_kappa_relational": round(cohen_kappa([x for x, _ in pairs], [y for _, y in pairs]), 4) if pairs else None,
            "disagreements": disagreements,
        },
        "adjudicated_or_consolidated": len(adjudications),
    }
