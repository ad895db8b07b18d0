"""The labelled corpus: stand-off labels pointing into the real documents in ``shared/bills``.

Each label names a document, a clause reference, character offsets into the document's text as
stored (UTF-8, unchanged), the SHA-256 of the clause text, and the context it was judged with
(stand-off pointers to the act's title, the chapter heading, the § 's first Stk. and the clauses
it cites). The loader reads the texts from the documents and refuses a label whose hash no longer
matches, so the corpus never carries a copy of the texts and never silently drifts from them.

For training, every labelled document is parsed and tokenized exactly as a screening does
(``Screener.findings`` builds the same items), so the model is trained on what it will see.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import BundlinjeError
from ..resources import repo_root, shared_bills_dir

LABELS_FILE = "labels.jsonl"
SPLIT_FILE = "split.json"
FOLDERS = ("retsinformation", "in-force")


def default_corpus_dir() -> Path:
    root = repo_root()
    return (root / "corpus") if root else Path("corpus")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    kind: str
    topic: str
    folder: str

    @property
    def nonrel(self) -> bool:
        return "NONREL" in self.topic


def read_manifests(bills_dir: Path | None = None) -> dict[str, DocumentInfo]:
    """Every document of the shared folders (``retsinformation`` and ``in-force``)."""
    bills = Path(bills_dir or shared_bills_dir())
    docs: dict[str, DocumentInfo] = {}
    for folder in FOLDERS:
        path = bills / folder / "MANIFEST.tsv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                docs[r["id"]] = DocumentInfo(r["id"], r["title"], r["kind"], r.get("topic") or "", folder)
    if not docs:
        raise BundlinjeError(
            f"Mappen med lovtekster blev ikke fundet ({bills}). Angiv den med --bills eller miljøvariablen BUNDLINJE_BILLS."
        )
    return docs


def document_path(doc: DocumentInfo, bills_dir: Path | None = None) -> Path:
    return Path(bills_dir or shared_bills_dir()) / doc.folder / f"{doc.id}.txt"


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
    stratum: str = ""
    annotator: str = ""
    context: dict[str, Any] | None = None


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise BundlinjeError(f"{path}, linje {n}: ugyldig JSON ({err.msg}).") from err
    return out


def load_labels(corpus_dir: Path | None = None) -> list[dict]:
    path = Path(corpus_dir or default_corpus_dir()) / LABELS_FILE
    if not path.is_file():
        raise BundlinjeError(f"Korpusset blev ikke fundet: {path}.")
    return _read_jsonl(path)


def load_corpus(corpus_dir: Path | None = None, bills_dir: Path | None = None) -> list[LabelledClause]:
    """Resolve every stand-off label against the documents and verify its text hash."""
    labels = load_labels(corpus_dir)
    docs = read_manifests(bills_dir)
    texts: dict[str, str] = {}
    out: list[LabelledClause] = []
    for lab in labels:
        doc = lab["document"]
        if doc not in texts:
            info = docs.get(doc)
            if info is None:
                raise BundlinjeError(f"Korpusset henviser til et dokument, der ikke findes: {doc}.")
            texts[doc] = document_path(info, bills_dir).read_text(encoding="utf-8")
        text = texts[doc][lab["start"] : lab["end"]]
        if sha256_text(text) != lab["sha256"]:
            raise BundlinjeError(
                f"Teksten for {lab['id']} ({doc}, {lab['ref']}) svarer ikke længere til korpusset "
                "(SHA-256 afviger). Dokumentet er ændret; mærkningen skal gennemgås igen."
            )
        out.append(
            LabelledClause(
                id=lab["id"], document=doc, ref=lab["ref"], start=lab["start"], end=lab["end"], text=text,
                relational=bool(lab["relational"]), dimensions=list(lab.get("dimensions") or []),
                direction=lab.get("direction"), stratum=lab.get("stratum", ""), annotator=lab.get("annotator", ""),
                context=lab.get("context"),
            )
        )
    return out


def load_split(corpus_dir: Path | None = None) -> dict[str, Any]:
    path = Path(corpus_dir or default_corpus_dir()) / SPLIT_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def context_texts(label: LabelledClause, raw: str) -> dict[str, str]:
    """The context a label was judged with, read from its stand-off pointers."""
    ctx = label.context or {}
    out: dict[str, str] = {}
    for key in ("title", "heading"):
        span = ctx.get(key)
        if span:
            out[key] = raw[span[0] : span[1]]
    if ctx.get("lead"):
        out["lead"] = raw[ctx["lead"]["start"] : ctx["lead"]["end"]]
    out["references"] = "\n".join(raw[r["start"] : r["end"]] for r in ctx.get("references") or [])
    return out


# --------------------------------------------------------------------------- groups of documents


def law_name(title: str) -> str:
    """'Bekendtgørelse af lov om social service' -> 'lov om social service' (lower-case)."""
    t = re.sub(r"^bekendtgørelse af\s+", "", title.strip().lower())
    return re.sub(r"\s*\(.*$", "", t).rstrip(". ")


def document_groups(docs: dict[str, DocumentInfo]) -> dict[str, str]:
    """Documents that must stay on one side of a split or fold: the same manifest topic, or the
    same law (an amending act with the consolidated act whose name its title carries)."""
    parent = {d: d for d in docs}

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
    for d in docs.values():
        if d.topic:
            union(d.id, by_topic.setdefault(d.topic, d.id))
    by_name: dict[str, str] = {}
    for d in docs.values():
        name = law_name(d.title)
        if len(name) > 12:
            union(d.id, by_name.setdefault(name, d.id))
    names = sorted(by_name, key=len, reverse=True)
    for d in docs.values():
        low = d.title.lower()
        if "om ændring af" in low or d.kind == "aendringslov":
            head = low.split("(")[0]
            for name in names:
                if len(name) > 15 and name in head:
                    union(d.id, by_name[name])
    return {d: find(d) for d in docs}


# --------------------------------------------------------------------------- statistics


def cohen_kappa(a: Iterable[bool], b: Iterable[bool]) -> float:
    a, b = list(a), list(b)
    n = len(a)
    if n == 0:
        raise ValueError("no items")
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def corpus_stats(corpus_dir: Path | None = None) -> dict:
    """Size, balance, strata, split and inter-annotator agreement (no document text needed)."""
    folder = Path(corpus_dir or default_corpus_dir())
    labels = load_labels(folder)
    split = load_split(folder)
    by_id = {r["id"]: r for r in labels}
    second = _read_jsonl(folder / "second_pass.jsonl")
    adjudications = _read_jsonl(folder / "adjudication.jsonl")
    first = {i: r for i, r in by_id.items()}
    original: dict[str, dict] = {}
    for rec in adjudications:
        if rec.get("kind") == "andet gennemløb" and rec["id"] in first:
            original[rec["id"]] = rec["first"]
    pairs = []
    for r in second:
        if r["id"] in first:
            a = original.get(r["id"], first[r["id"]])
            pairs.append((a, r))
    rel_pairs = [(a["relational"], b["relational"]) for a, b in pairs]
    both = [(a, b) for a, b in pairs if a["relational"] and b["relational"]]
    jaccard = [len(set(a["dimensions"]) & set(b["dimensions"])) / len(set(a["dimensions"]) | set(b["dimensions"]))
               for a, b in both if set(a["dimensions"]) | set(b["dimensions"])]
    directed = [(a, b) for a, b in both if a.get("direction") and b.get("direction")]
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
        "directions": {d: sum(1 for r in relational if r.get("direction") == d) for d in ("negativ", "positiv", "blandet", "uafklaret")},
        "strata": {k: {"clauses": v[0], "relational": v[1]} for k, v in sorted(strata.items())},
        "split": {
            "train_documents": len(split["train"]),
            "test_documents": len(split["test"]),
            "train_clauses": sum(1 for r in labels if r["document"] not in test),
            "test_clauses": sum(1 for r in labels if r["document"] in test),
            "test_relational": sum(1 for r in labels if r["document"] in test and r["relational"]),
            "test_relational_documents": len({r["document"] for r in labels if r["document"] in test and r["relational"]}),
        },
        "second_pass": {
            "clauses": len(pairs),
            "agreement": round(sum(x == y for x, y in rel_pairs) / len(rel_pairs), 4) if rel_pairs else None,
            "cohen_kappa_relational": round(cohen_kappa([x for x, _ in rel_pairs], [y for _, y in rel_pairs]), 4) if rel_pairs else None,
            "both_relational": len(both),
            "dimension_jaccard": round(sum(jaccard) / len(jaccard), 4) if jaccard else None,
            "direction_agreement": round(sum(a["direction"] == b["direction"] for a, b in directed) / len(directed), 4) if directed else None,
            "direction_pairs": len(directed),
        },
        "adjudications": len(adjudications),
    }
