"""Round 3 of the corpus: the document-group split over all 1,146 acts, the sampling of new clauses
(recorded per stratum) and the annotators' batches.

    python corpus/tools/round3.py sample --out /tmp/annot      # split.json + batches + private manifest

The batches hold what an annotator sees — the clause and the context it is read with (title,
heading, the § 's first Stk., provisions of the same act it cites) — and nothing else: no stratum,
no model score, no other pass's label. The private manifest maps each item back to its document,
offsets, SHA-256 and stratum. Everything is seeded: the same documents give the same sample.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from relationel_bundlinje.structure import clause_context
from relationel_bundlinje.errors import BundlinjeError
from relationel_bundlinje.pipeline import parse
from relationel_bundlinje.resources import repo_root, shared_bills_dir

SEED = 20261201
MIN_CHARS, MAX_CHARS = 25, 3000
BATCH_SIZE = 230

# Cue patterns for the targeted strata (lower-case text). They only choose which clauses an
# annotator reads; the label is the annotator's judgement.
DIGITAL = re.compile(r"\b(video\w*|telefon\w*|digital\w*|elektronisk\w*|online|virtuel\w*|skærm\w*|fjern\w*|selvbetjening\w*)")
PERSONAL = re.compile(r"\b(møde\w*|samtale\w*|fremmøde\w*|personlig\w*|besøg\w*|kontakt\w*|undervisning\w*|konsultation\w*|samvær\w*|tilsyn\w*)")
THEMES: dict[str, re.Pattern[str]] = {
    "mobilitet": re.compile(r"\b(befordring\w*|kørsel\w*|transport\w*|handicapkørsel|kollektiv trafik|buslinje\w*|rejsetid\w*|afstand\w*|tilgængelig\w*|ledsage\w*)"),
    "sundhed": re.compile(r"\b(patient\w*|sygehus\w*|hospital\w*|indlæg\w*|udskrivning\w*|genoptræning\w*|plejehjem\w*|plejebolig\w*|psykiatri\w*|hjemmepleje\w*|rehabilitering\w*)"),
    "omsorg": re.compile(r"\b(pårørende\w*|orlov\w*|omsorgsdag\w*|aflastning\w*|afløsning\w*|plejevederlag\w*|pasning\w*|nærtstående|barsel\w*|omsorg\w*)"),
    "faellesskab": re.compile(r"\b(forening\w*|frivillig\w*|idræt\w*|fritid\w*|klub\w*|kultur\w*|folkeoplys\w*|bibliotek\w*|musikskole\w*|fællesskab\w*|forsamling\w*|mødested\w*|fællesarealer)"),
    "uddannelse": re.compile(r"\b(elev\w*|skole\w*|dagtilbud\w*|vuggestue\w*|børnehave\w*|klasse\w*|undervisning\w*|studerende|uddannelsessted\w*|institution\w*)"),
}
RARE = re.compile(
    r"\b(mobning\w*|trivsel\w*|afspær\w*|forsamling\w*|opholdsforbud\w*|musikskole\w*|ungdomsklub\w*|"
    r"deltagerbetaling\w*|forældrebetaling\w*|egenbetaling\w*|nødpasning\w*|friplads\w*|søskende\w*|"
    r"finder tilsvarende anvendelse|sidestilles|dispensation\w*|samvær\w*|besøg\w*|isolation\w*)"
)
HARD_NEGATIVE = re.compile(
    r"\b(skal vurdere|skal tage stilling|skal påse|klage\w*|tilskud\w*|refusion\w*|tilsyn\w*|registrer\w*|"
    r"godkend\w*|indberet\w*|vejledning\w*|handleplan\w*|kompetence\w*|træffer afgørelse|bemyndige\w*|"
    r"udgifter\w*|regnskab\w*|statistik\w*|oplysninger)"
)


# --------------------------------------------------------------------------- documents


def read_manifests(bills: Path) -> dict[str, dict]:
    docs: dict[str, dict] = {}
    for folder in ("retsinformation", "in-force"):
        with (bills / folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                docs[row["id"]] = {
                    "id": row["id"],
                    "folder": folder,
                    "title": row["title"],
                    "kind": row["kind"],
                    "topic": row.get("topic") or "",
                }
    return docs


def law_name(title: str) -> str:
    """'Bekendtgørelse af lov om social service' -> 'lov om social service' (lower-case)."""
    t = re.sub(r"^bekendtgørelse af\s+", "", title.strip().lower())
    t = re.sub(r"\s*\(.*$", "", t).rstrip(". ")
    return t


def locate(raw: str, text: str, pos: int) -> int:
    """Start of ``text`` in the raw document at or after ``pos`` (whitespace may differ), or -1."""
    i = raw.find(text, pos)
    if i >= 0:
        return i
    pattern = r"\s+".join(re.escape(w) for w in text.split())
    m = re.compile(pattern).search(raw, pos)
    return m.start() if m else -1


def span_of(raw: str, text: str, pos: int) -> tuple[int, int] | None:
    i = raw.find(text, pos)
    if i >= 0:
        return i, i + len(text)
    pattern = r"\s+".join(re.escape(w) for w in text.split())
    m = re.compile(pattern).search(raw, pos)
    return (m.start(), m.end()) if m else None


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_clauses(doc: dict, bills: Path) -> list[dict]:
    """Every clause of a document with its raw span and its context as stand-off pointers."""
    path = bills / doc["folder"] / f"{doc['id']}.txt"
    raw = path.read_text(encoding="utf-8")
    try:
        bill = parse(path)
    except BundlinjeError:
        return []
    by_ref = {c.ref: c for c in bill.clauses}
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    for clause in bill.clauses:
        found = span_of(raw, clause.text, pos)
        if found is not None:
            spans[clause.ref] = found
            pos = found[0]
    title_span = span_of(raw, bill.title, 0) if bill.title else None
    out = []
    for clause in bill.clauses:
        if clause.ref not in spans:
            continue
        start, end = spans[clause.ref]
        ctx = clause_context(bill, clause, by_ref)
        lead = by_ref.get(clause.lead_ref) if clause.lead_ref else None
        refs = [by_ref[r] for r in clause.cited_refs if r in by_ref]
        heading_span = span_of(raw, clause.chapter_heading, 0) if clause.chapter_heading else None
        pointers = {
            "title": list(title_span) if title_span else None,
            "heading": list(heading_span) if heading_span else None,
            "lead": {"ref": lead.ref, "start": spans[lead.ref][0], "end": spans[lead.ref][1]} if lead and lead.ref in spans else None,
            "references": [{"ref": c.ref, "start": spans[c.ref][0], "end": spans[c.ref][1]} for c in refs if c.ref in spans],
        }
        out.append(
            {
                "document": doc["id"],
                "ref": clause.ref,
                "start": start,
                "end": end,
                "text": raw[start:end],
                "sha256": sha256(raw[start:end]),
                "context": pointers,
                "shown": {
                    "act_title": ctx.title,
                    "heading": ctx.heading,
                    "lead_ref": ctx.lead_ref,
                    "lead": ctx.lead,
                    "references": [{"ref": r, "text": t} for r, t in ctx.references],
                },
            }
        )
    return out


# --------------------------------------------------------------------------- split


def make_split(docs: dict[str, dict], mass: dict[str, float], test_share: float = 0.25) -> dict[str, list[str]]:
    """Test side: a quarter of the groups, drawn at random (seeded) until it holds a quarter of the
    documents and a quarter of the expected relational clauses (the model's probability mass)."""
    # The library's grouping (same manifest topic, or the same law), so the split drawn here is
    # the one training and evaluation use.
    from relationel_bundlinje.training.corpus import document_groups, read_manifests as library_manifests

    groups = {d: g for d, g in document_groups(library_manifests(shared_bills_dir())).items() if d in docs}
    members: dict[str, list[str]] = defaultdict(list)
    for d, g in groups.items():
        members[g].append(d)
    keys = sorted(members)
    rng = random.Random(SEED)
    rng.shuffle(keys)
    total_docs = len(docs)
    total_mass = sum(mass.values()) or 1.0
    test: list[str] = []
    t_docs = 0
    t_mass = 0.0
    for k in keys:
        g_docs = len(members[k])
        g_mass = sum(mass.get(d, 0.0) for d in members[k])
        # A group that is a large share of all relational mass would dominate the test side.
        if g_mass > 0.06 * total_mass:
            continue
        if t_docs + g_docs <= test_share * total_docs * 1.05 and t_mass + g_mass <= test_share * total_mass * 1.05:
            test.extend(members[k])
            t_docs += g_docs
            t_mass += g_mass
    test_set = set(test)
    return {"train": sorted(d for d in docs if d not in test_set), "test": sorted(test_set)}


# --------------------------------------------------------------------------- sampling


def sample(bills: Path, out: Path) -> None:
    from relationel_bundlinje.classifier import load_model

    root = repo_root()
    assert root is not None
    docs = read_manifests(bills)
    labelled = [json.loads(x) for x in (root / "corpus" / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    labelled_keys = {(r["document"], r["start"]) for r in labelled}
    labelled_sha = {r["sha256"] for r in labelled}

    pool: list[dict] = []
    for i, doc_id in enumerate(sorted(docs)):
        for item in document_clauses(docs[doc_id], bills):
            if not (MIN_CHARS <= len(item["text"]) <= MAX_CHARS):
                continue
            if re.fullmatch(r"(§ [^.]*\.|Stk\. \d+\.)?\s*\((ophævet|udeladt|udelades)\)\.?", item["text"].strip(), re.I):
                continue
            item["labelled"] = (item["document"], item["start"]) in labelled_keys or item["sha256"] in labelled_sha
            pool.append(item)
        if i % 100 == 0:
            print(f"{i}/{len(docs)} dokumenter, {len(pool)} bestemmelser", file=sys.stderr)

    model = load_model()
    probs = model.predict_proba([p["text"] for p in pool])
    for item, p in zip(pool, probs, strict=True):
        item["p"] = float(p)
    mass: dict[str, float] = defaultdict(float)
    for item in pool:
        mass[item["document"]] += item["p"]
    split = make_split(docs, mass)

    rng = random.Random(SEED)
    fresh = [p for p in pool if not p["labelled"]]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for item in fresh:
        by_doc[item["document"]].append(item)
    chosen: dict[tuple[str, int], str] = {}
    seen_text: set[str] = set()

    def take(items: list[dict], stratum: str, limit: int, per_doc: int | None = None) -> int:
        items = list(items)
        rng.shuffle(items)
        taken = 0
        count: Counter[str] = Counter()
        for item in items:
            key = (item["document"], item["start"])
            if key in chosen or item["sha256"] in seen_text:
                continue
            if per_doc is not None and count[item["document"]] >= per_doc:
                continue
            chosen[key] = stratum
            seen_text.add(item["sha256"])
            count[item["document"]] += 1
            taken += 1
            if taken >= limit:
                break
        return taken

    relational_docs = {d for d, m in mass.items() if m >= 3.0}
    report: dict[str, int] = {}
    # Digital first: every clause of the 1,146 acts with a digital channel and a personal-contact cue.
    digital = [p for p in fresh if DIGITAL.search(p["text"].lower()) and PERSONAL.search(p["text"].lower())]
    report["r3_tema_digital"] = take(digital, "r3_tema_digital", 10_000)
    # Random clauses from every act in force (breadth), a fixed number per document.
    random_items = []
    for doc_id in sorted(by_doc):
        if docs[doc_id]["folder"] == "in-force":
            items = list(by_doc[doc_id])
            rng.shuffle(items)
            random_items.extend(items[:5])
    report["r3_tilfaeldig"] = take(random_items, "r3_tilfaeldig", 10_000)
    # Uncertainty sampling by the current model: scores around its decision threshold.
    uncertain = [p for p in fresh if 0.12 <= p["p"] < 0.55]
    report["r3_usikker"] = take(uncertain, "r3_usikker", 1900, per_doc=10)
    # Confident candidates: where the current model says relational (its precision decides them).
    candidates = [p for p in fresh if p["p"] >= 0.55]
    report["r3_kandidat"] = take(candidates, "r3_kandidat", 1600, per_doc=30)
    for dim, pattern in THEMES.items():
        themed = [p for p in fresh if p["document"] in relational_docs and pattern.search(p["text"].lower())]
        report[f"r3_tema_{dim}"] = take(themed, f"r3_tema_{dim}", 320 if dim != "mobilitet" else 420, per_doc=12)
    rare = [p for p in fresh if RARE.search(p["text"].lower())]
    report["r3_sjaelden_mekanisme"] = take(rare, "r3_sjaelden_mekanisme", 650, per_doc=10)
    hard = [p for p in fresh if p["document"] in relational_docs and HARD_NEGATIVE.search(p["text"].lower())]
    report["r3_haard_negativ"] = take(hard, "r3_haard_negativ", 650, per_doc=8)

    items = [p for p in pool if (p["document"], p["start"]) in chosen]
    rng.shuffle(items)
    out.mkdir(parents=True, exist_ok=True)
    (out / "batches").mkdir(exist_ok=True)
    manifest = []
    for n in range(0, len(items), BATCH_SIZE):
        batch_no = 301 + n // BATCH_SIZE
        lines = []
        for k, item in enumerate(items[n : n + BATCH_SIZE]):
            item_id = f"b{batch_no}-{k:03d}"
            shown = {"id": item_id, **item["shown"], "ref": item["ref"], "text": item["text"]}
            lines.append(json.dumps(shown, ensure_ascii=False))
            manifest.append(
                {
                    "item": item_id,
                    "id": f"{item['document']}@{item['start']}",
                    "document": item["document"],
                    "ref": item["ref"],
                    "start": item["start"],
                    "end": item["end"],
                    "sha256": item["sha256"],
                    "context": item["context"],
                    "stratum": chosen[(item["document"], item["start"])],
                    "model_p": round(item["p"], 4),
                }
            )
        (out / "batches" / f"b{batch_no}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "manifest.jsonl").write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in manifest) + "\n", encoding="utf-8")
    (out / "pool_contexts.jsonl").write_text(
        "\n".join(
            json.dumps({"id": f"{p['document']}@{p['start']}", "document": p["document"], "ref": p["ref"], "start": p["start"], "end": p["end"], "sha256": p["sha256"], "context": p["context"], "shown": p["shown"], "p": round(p["p"], 4)}, ensure_ascii=False)
            for p in pool if p["labelled"]
        ) + "\n",
        encoding="utf-8",
    )
    (root / "corpus" / "split.json").write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    test = set(split["test"])
    print(json.dumps({
        "pool": len(pool), "fresh": len(fresh), "sampled": len(items), "strata": report,
        "batches": (len(items) + BATCH_SIZE - 1) // BATCH_SIZE,
        "documents_sampled": len({i["document"] for i in items}),
        "split": {"train": len(split["train"]), "test": len(split["test"])},
        "sampled_test": sum(1 for i in items if i["document"] in test),
        "expected_relational_test": round(sum(i["p"] for i in items if i["document"] in test), 1),
        "expected_relational_all": round(sum(i["p"] for i in items), 1),
    }, ensure_ascii=False, indent=1))


def write_batches(items: list[dict], chosen: dict, out: Path, *, first_batch: int, manifest_name: str,
                  batch_size: int = BATCH_SIZE) -> None:
    """The annotators' batches (what they see: the clause and its context, nothing else) and the
    private manifest that maps each item back to its document, offsets, stratum and score."""
    manifest = []
    (out / "batches").mkdir(parents=True, exist_ok=True)
    for n in range(0, len(items), batch_size):
        batch_no = first_batch + n // batch_size
        lines = []
        for k, item in enumerate(items[n : n + batch_size]):
            item_id = f"b{batch_no}-{k:03d}"
            lines.append(json.dumps({"id": item_id, **item["shown"], "ref": item["ref"], "text": item["text"]}, ensure_ascii=False))
            manifest.append({"item": item_id, "id": f"{item['document']}@{item['start']}", "document": item["document"],
                             "ref": item["ref"], "start": item["start"], "end": item["end"], "sha256": item["sha256"],
                             "context": item["context"], "stratum": chosen[(item["document"], item["start"])],
                             "model_p": round(item["p"], 4)})
        (out / "batches" / f"b{batch_no}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / manifest_name).write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in manifest) + "\n", encoding="utf-8")


def sample_more(bills: Path, out: Path, first: Path) -> None:
    """Round 3b: candidates and targeted themes where round 3a fell short (the test side's
    relational clauses, sundhed, mobilitet), drawn from what round 3a did not sample."""
    from relationel_bundlinje.classifier import load_model  # the model shipped before round 3

    root = repo_root()
    assert root is not None
    docs = read_manifests(bills)
    split = json.loads((first / "split_r3.json").read_text(encoding="utf-8"))
    test = set(split["test"])
    taken = {(m["document"], m["start"]) for m in map(json.loads, (first / "manifest.jsonl").read_text(encoding="utf-8").splitlines())}
    labelled = [json.loads(x) for x in (root / "corpus" / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    taken |= {(r["document"], r["start"]) for r in labelled}
    seen_sha = {r["sha256"] for r in labelled}
    pool = []
    for doc_id in sorted(docs):
        for item in document_clauses(docs[doc_id], bills):
            if (item["document"], item["start"]) in taken or item["sha256"] in seen_sha:
                continue
            if MIN_CHARS <= len(item["text"]) <= MAX_CHARS:
                pool.append(item)
    model = load_model()
    for item, p in zip(pool, model.predict_proba([p["text"] for p in pool]), strict=True):
        item["p"] = float(p)
    rng = random.Random(SEED + 1)
    chosen: dict[tuple[str, int], str] = {}
    seen_text: set[str] = set()

    def take(items: list[dict], stratum: str, limit: int) -> int:
        items = list(items)
        rng.shuffle(items)
        n = 0
        for item in items:
            key = (item["document"], item["start"])
            if key in chosen or item["sha256"] in seen_text:
                continue
            chosen[key] = stratum
            seen_text.add(item["sha256"])
            n += 1
            if n >= limit:
                break
        return n

    report = {}
    health = re.compile(r"\b(tvang\w*|psykiatri\w*|plejehjem\w*|plejebolig\w*|pårørende\w*|indlæg\w*|udskriv\w*|genoptræn\w*|hospice\w*|aflastning\w*|hjemmehjælp\w*|hjemmepleje\w*|besøg\w*|døende|palliati\w*)")
    mobility = re.compile(r"\b(befordring\w*|kørsel\w*|handicapkørsel|transport\w*|afstand\w*|tilgængelig\w*|kollektiv\w* trafik|ledsage\w*|rejseudgift\w*|kørestol\w*|buskort\w*|skolevej\w*)")
    report["r3b_kandidat_test"] = take([p for p in pool if p["document"] in test and p["p"] >= 0.4], "r3b_kandidat_test", 1100)
    report["r3b_kandidat"] = take([p for p in pool if p["document"] not in test and p["p"] >= 0.5], "r3b_kandidat", 500)
    report["r3b_tema_sundhed"] = take([p for p in pool if health.search(p["text"].lower()) and p["p"] >= 0.15], "r3b_tema_sundhed", 450)
    report["r3b_tema_mobilitet"] = take([p for p in pool if mobility.search(p["text"].lower()) and p["p"] >= 0.1], "r3b_tema_mobilitet", 350)
    items = [p for p in pool if (p["document"], p["start"]) in chosen]
    rng.shuffle(items)
    write_batches(items, chosen, out, first_batch=351, manifest_name="manifest_3b.jsonl")
    print(json.dumps({"pool": len(pool), "strata": report, "sampled": len(items),
                      "sampled_test": sum(1 for i in items if i["document"] in test),
                      "expected_relational_test": round(sum(i["p"] for i in items if i["document"] in test), 1)}, indent=1))


def training_pool(bills: Path) -> list[dict]:
    """``score_unlabelled`` over the training documents of ``split.json``: what the targeted rounds
    draw from, so that the test side stays the one earlier figures were measured on."""
    root = repo_root()
    assert root is not None
    docs = read_manifests(bills)
    split = json.loads((root / "corpus" / "split.json").read_text(encoding="utf-8"))
    train = set(split["train"])
    return score_unlabelled(bills, docs, sorted(d for d in docs if d in train))


def score_unlabelled(bills: Path, docs: dict[str, dict], doc_ids: list[str]) -> list[dict]:
    """Every clause of ``doc_ids`` that no round has labelled (by offset or by text), scored as the
    shipped tool scores it — with its context — with ``p``, the dimension scores ``dims`` and the
    direction scores ``dirs``."""
    from relationel_bundlinje.classifier.reader import BillReader
    from relationel_bundlinje.pipeline import Screener, load_bill

    root = repo_root()
    assert root is not None
    labelled = [json.loads(x) for x in (root / "corpus" / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    taken = {(r["document"], r["start"]) for r in labelled}
    seen_sha = {r["sha256"] for r in labelled}
    screener = Screener.default()
    reader = BillReader(screener.pipeline)
    pool = []
    for i, doc_id in enumerate(doc_ids):
        items = [it for it in document_clauses(docs[doc_id], bills)
                 if (it["document"], it["start"]) not in taken and it["sha256"] not in seen_sha and MIN_CHARS <= len(it["text"]) <= MAX_CHARS]
        if not items:
            continue
        bill = load_bill(bills / docs[doc_id]["folder"] / f"{doc_id}.txt")
        passages = reader.read(bill)
        by_ref = {c.ref: c for c in bill.clauses}
        items = [it for it in items if it["ref"] in by_ref]
        clauses = [by_ref[it["ref"]] for it in items]
        scored = screener.scorer.score(bill, clauses, reader.items(bill, passages, clauses), screener.pipeline.string)
        for it, f in zip(items, scored, strict=True):
            it["p"] = f.score or 0.0
            it["dims"] = f.dimension_scores
            it["dirs"] = f.direction_scores
            pool.append(it)
        if i % 100 == 0:
            print(f"{i}/{len(doc_ids)}", file=sys.stderr)
    return pool


def taker(rng: random.Random, chosen: dict[tuple[str, int], str]):
    """``take(items, stratum, limit, per_doc=None)``: up to ``limit`` of ``items`` in a seeded random
    order, each clause and each text once over all strata, at most ``per_doc`` per document."""
    seen_text: set[str] = set()

    def take(items, stratum, limit, per_doc=None):
        items = list(items)
        rng.shuffle(items)
        n = 0
        count: Counter[str] = Counter()
        for item in items:
            key = (item["document"], item["start"])
            if key in chosen or item["sha256"] in seen_text or (per_doc and count[item["document"]] >= per_doc):
                continue
            chosen[key] = stratum
            seen_text.add(item["sha256"])
            count[item["document"]] += 1
            n += 1
            if n >= limit:
                break
        return n

    return take


def write_sample(pool: list[dict], chosen: dict, rng: random.Random, report: dict, out: Path, *, first_batch: int,
                 manifest_name: str, batch_size: int = BATCH_SIZE) -> None:
    """The end of every model-led round: the chosen clauses of ``pool`` in a seeded random order,
    written as batches with their private manifest, and the strata report printed."""
    items = [p for p in pool if (p["document"], p["start"]) in chosen]
    rng.shuffle(items)
    write_batches(items, chosen, out, first_batch=first_batch, manifest_name=manifest_name, batch_size=batch_size)
    print(json.dumps({"pool": len(pool), "strata": report, "sampled": len(items),
                      "documents": len({i["document"] for i in items}),
                      "expected_relational": round(sum(i["p"] for i in items), 1)}, indent=1))


def sample_main(doc: str, sample_fn, default_size: int) -> None:
    """The command line of a round's sampler: ``sample --out DIR [--bills DIR] [--size N]``."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--bills", type=Path, default=None)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--size", type=int, default=default_size)
    args = ap.parse_args()
    sample_fn(args.bills or shared_bills_dir(), args.out, args.size)


def sample_3c(bills: Path, out: Path) -> None:
    """Round 3c: active learning with the model trained on rounds 1-3b — candidates the new model
    calls relational, and the dimensions still short of examples (sundhed, mobilitet), from
    clauses no round has labelled."""
    docs = read_manifests(bills)
    pool = score_unlabelled(bills, docs, sorted(docs))
    chosen: dict[tuple[str, int], str] = {}
    rng = random.Random(SEED + 2)
    take = taker(rng, chosen)

    report = {
        "r3c_kandidat": take([p for p in pool if p["p"] >= 0.5], "r3c_kandidat", 900, per_doc=25),
        "r3c_usikker": take([p for p in pool if 0.3 <= p["p"] < 0.5], "r3c_usikker", 250, per_doc=10),
        "r3c_tema_sundhed": take([p for p in pool if p["p"] >= 0.15 and p["dims"].get("sundhed", 0) >= 0.3], "r3c_tema_sundhed", 250),
        "r3c_tema_mobilitet": take([p for p in pool if p["p"] >= 0.15 and p["dims"].get("mobilitet", 0) >= 0.3], "r3c_tema_mobilitet", 250),
    }
    write_sample(pool, chosen, rng, report, out, first_batch=361, manifest_name="manifest_3c.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--bills", type=Path, default=None)
    s.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("sample-more")
    m.add_argument("--bills", type=Path, default=None)
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("--first", type=Path, required=True, help="the folder of round 3a (split and manifest)")
    c = sub.add_parser("sample-3c")
    c.add_argument("--bills", type=Path, default=None)
    c.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    bills = args.bills or shared_bills_dir()
    if args.cmd == "sample-3c":
        sample_3c(bills, args.out)
        return
    if args.cmd == "sample":
        sample(bills, args.out)
    else:
        sample_more(bills, args.out, args.first)


if __name__ == "__main__":
    main()
