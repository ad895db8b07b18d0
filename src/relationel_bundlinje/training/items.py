"""Labelled clauses -> classifier items, read exactly as a screening reads the bill.

Each labelled document is parsed and read by ``BillReader`` (the code ``Screener.findings`` runs);
each label is matched to the parsed clause at the same place in the stored text, and that
clause's item — with its § 's first Stk., the clauses it cites, the title and the heading — is
what the model learns from. A label whose span no longer matches a parsed clause (the parser has
changed since it was made) keeps its own text with the context of the clause it starts in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..classifier import ClauseItem
from ..classifier.reader import BillReader
from ..errors import BundlinjeError
from .corpus import DocumentInfo, LabelledClause, document_path, read_manifests


@dataclass
class ItemReport:
    documents: int = 0
    matched: int = 0
    unmatched: int = 0


def raw_spans(raw: str, bill: Any) -> dict[int, Any]:
    """Parsed clauses by the start of their text in the stored document (whitespace may differ)."""
    out: dict[int, Any] = {}
    pos = 0
    for clause in bill.clauses:
        i = raw.find(clause.text, pos)
        if i < 0:
            pattern = r"\s+".join(re.escape(w) for w in clause.text.split()[:60])
            m = re.compile(pattern).search(raw, pos)
            i = m.start() if m else -1
        if i >= 0:
            out[i] = clause
            pos = i
    return out


def corpus_items(
    labels: Sequence[LabelledClause], pipeline: Any, bills_dir: Path | None = None, docs: dict[str, DocumentInfo] | None = None
) -> tuple[list[ClauseItem], ItemReport]:
    """One item per label, in the labels' order."""
    from ..pipeline import load_bill

    docs = docs or read_manifests(bills_dir)
    reader = BillReader(pipeline)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        by_doc[lab.document].append(i)
    items: list[ClauseItem | None] = [None] * len(labels)
    report = ItemReport()
    for doc_id in sorted(by_doc):
        info = docs.get(doc_id)
        if info is None:
            raise BundlinjeError(f"Korpusset henviser til et dokument, der ikke findes: {doc_id}.")
        path = document_path(info, bills_dir)
        raw = path.read_text(encoding="utf-8")
        bill = load_bill(path)
        report.documents += 1
        passages = reader.read(bill, on_segment=None)
        spans = raw_spans(raw, bill)
        starts = sorted(spans)
        wanted = []
        for i in by_doc[doc_id]:
            lab = labels[i]
            clause = spans.get(lab.start)
            if clause is not None and raw[lab.start : lab.end].strip() == clause.text.strip():
                wanted.append((i, clause, None))
                report.matched += 1
                continue
            # The label's own text, with the context of the parsed clause it starts in.
            import bisect

            k = bisect.bisect_right(starts, lab.start) - 1
            host = spans[starts[k]] if k >= 0 else bill.clauses[0]
            wanted.append((i, host, lab.text))
            report.unmatched += 1
        clause_items = reader.items(bill, passages, [c for _, c, _ in wanted])
        for (i, _, own_text), item in zip(wanted, clause_items, strict=True):
            if own_text is not None:
                item = ClauseItem(clause=reader.text_passage(own_text), lead=item.lead, references=item.references,
                                  title=item.title, heading=item.heading)
            items[i] = item
    return [it for it in items if it is not None], report


def text_items(texts: Sequence[str], contexts: Sequence[str | None], pipeline: Any) -> list[ClauseItem]:
    """Items for clauses given as text only (the exchange format, review verdicts): the optional
    context (e.g. a remark) is read as the clauses it cites."""
    reader = BillReader(pipeline)
    out = []
    for text, context in zip(texts, contexts, strict=True):
        out.append(ClauseItem(clause=reader.text_passage(text), references=reader.text_passage(context or "")))
    return out
