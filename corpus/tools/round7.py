"""Round 7 of the corpus: the open point on maximum durations, ruled (GUIDELINES R16), and the
relational labels it touches relabelled blind.

    python corpus/tools/round7.py sample --out /tmp/annot7 --private /tmp/annot7-private
    python corpus/tools/round7.py again --out /tmp/annot7 --private /tmp/annot7-private
    python corpus/tools/round7.py merge --annot /tmp/annot7 --private /tmp/annot7-private
    python corpus/tools/round7.py same --out /tmp/annot7 --private /tmp/annot7-private
    python corpus/tools/round7.py merge-same --annot /tmp/annot7 --private /tmp/annot7-private

``sample`` finds every relational label whose clause speaks of how long a measure lasts (a cap, a
term, an extension: :data:`LENGTH`) and of a restriction or a permit (:data:`MEASURE`) — on both
sides of the split, because R16 changes what the labels mean, not which clauses are drawn. It
writes each clause, as its first annotator saw it (the stand-off context pointers of its label),
into two blind passes under new item ids and in two seeded orders; the manifest that maps the
items back stays private.

``again`` writes two new blind passes (``r7c``, ``r7d``) over the clauses R16's first wording may
have steered: it named straffeloven § 68 a and § 69 a as ceilings (``positiv``), yet both let the
court set a new »længstetid«, which R16's own rule makes ``negativ``. The wording was corrected
(without naming an act), and every candidate holding »længstetid« was labelled again; ``merge``
uses those two passes in place of the first two.

``same`` finds the identical texts that still carry different labels: the same clause text (its own
``§``/``Stk.`` marker aside) under the same first Stk., in any two documents — R4: the act's title
never flips a label, so the same words in the same surrounding get one label, in every act. Round
3 resolved this within exact text matches only; clauses labelled since, and texts whose only
difference is their paragraph number, were not checked. Each conflicting group gets one further
blind label (``r7s``), of the clause as one member's annotator saw it; ``merge-same`` gives every
member the majority over the group's labels and the new one (for direction, over the relational
votes; with no majority, the new label decides), recorded as ``samme tekst``.

``merge`` decides each clause's direction by the majority of three: the label as it stood and the
two blind labels. Where the two new labels agree with each other on a direction the old label does
not have, the direction changes (``adjudication.jsonl``, ``"kind": "afgørelse"``). R16 rules on
direction only, so ``relational`` and the dimensions stay as they were; where the two new passes
both judge a clause not relational, that is reported, not applied. Running ``merge`` again changes
nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from merge_round3 import jl  # noqa: E402

from relationel_bundlinje.resources import shared_bills_dir  # noqa: E402
from relationel_bundlinje.training.corpus import context_texts, document_path, load_corpus, load_split, read_manifests  # noqa: E402

SEED = 20261207
BATCH_SIZE = 50
PASSES = ("r7a", "r7b")
AGAIN = ("r7c", "r7d")
AGAIN_WORD = "længstetid"
CORPUS = ROOT / "corpus"

#: A clause about how long something lasts: a ceiling, a term or an extension.
LENGTH = re.compile(
    r"\b(højst|ikke overstige|overstiger|længstetid|længste|maksimalt|maksimum|senest ophøre|ikke vare|"
    r"ikke længere end|mere end \d+|ud over \d+|ikke ud over|varighed|varer|forlæng\w*|fornye\w*|indtil videre|"
    r"ubestemt tid|op til \d+|indtil \d+|periode på|tidsrum|udstrækkes)\b", re.IGNORECASE)
#: ... of a restriction on people, or of a permit or a right that a restriction narrows.
MEASURE = re.compile(
    r"(isolation|isoler|anbring|tilbagehold|frihedsberøv|forbud|tilhold|udelukk|forvaring|bortvis|karantæne|"
    r"afsondr|fiksering|indespær|udvis|indrejseforbud|opholdsforbud|opholdspligt|meldepligt|aflåsning|låst|"
    r"besøgsforbud|kontaktforbud|afskær|begræns|frakendelse|forvis|sikret|lukket)", re.IGNORECASE)
FIELDS = ("relational", "dimensions", "direction")
REASON = ("R16 (varighed): flertallet af tre blinde mærkninger — mærkningen før afgørelsen og to nye under "
          "R16 — giver retningen {new}; før afgørelsen {old}.")


def candidates(bills: Path) -> list:
    labels = load_corpus(CORPUS, bills)
    return [lab for lab in labels if lab.relational and LENGTH.search(lab.text) and MEASURE.search(lab.text)]


def _view(lab, raw: str) -> dict:
    """The clause as its first annotator saw it (round 6's batch format)."""
    ctx = lab.context or {}
    shown = context_texts(lab, raw)
    return {
        "act_title": shown.get("title", ""), "heading": shown.get("heading", "") or "",
        "lead_ref": (ctx.get("lead") or {}).get("ref", ""), "lead": shown.get("lead", ""),
        "references": [{"ref": r["ref"], "text": raw[r["start"]:r["end"]]} for r in ctx.get("references") or []],
        "ref": lab.ref, "text": lab.text,
    }


def _reader(bills: Path):
    """A document's raw text by its id, each file read once."""
    docs = read_manifests(bills)
    raws: dict[str, str] = {}

    def raw(doc: str) -> str:
        if doc not in raws:
            raws[doc] = document_path(docs[doc], bills).read_text(encoding="utf-8")
        return raws[doc]

    return raw


def _views(bills: Path, labs: list) -> dict[str, dict]:
    raw = _reader(bills)
    return {lab.id: _view(lab, raw(lab.document)) for lab in labs}


def _write_passes(views: dict[str, dict], out: Path, private: Path, passes: tuple[str, ...], manifest_name: str,
                  seed: int) -> int:
    """Each pass as seeded, shuffled batches under new item ids; the private manifest maps them back."""
    (out / "batches").mkdir(parents=True, exist_ok=True)
    (out / "labels").mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    manifest = []
    for k, name in enumerate(passes):
        order = sorted(views)
        random.Random(seed + k).shuffle(order)
        for b in range(0, len(order), BATCH_SIZE):
            batch = f"{name}{b // BATCH_SIZE + 1}"
            lines = []
            for j, label_id in enumerate(order[b:b + BATCH_SIZE]):
                item = f"{batch}-{j:03d}"
                lines.append(json.dumps({"id": item, **views[label_id]}, ensure_ascii=False))
                manifest.append({"item": item, "label": label_id, "pass": name})
            (out / "batches" / f"{batch}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (private / manifest_name).write_text("".join(json.dumps(m) + "\n" for m in manifest), encoding="utf-8")
    return len(manifest)


def sample(bills: Path, out: Path, private: Path) -> None:
    labs = candidates(bills)
    items = _write_passes(_views(bills, labs), out, private, PASSES, "manifest_7.jsonl", SEED)
    test = set(load_split(CORPUS)["test"])
    print(json.dumps({"clauses": len(labs), "test_side": sum(lab.document in test for lab in labs),
                      "directions": Counter(lab.direction for lab in labs), "items": items}, ensure_ascii=False))


def again(bills: Path, out: Path, private: Path) -> None:
    labs = [lab for lab in candidates(bills) if AGAIN_WORD in lab.text.lower()]
    items = _write_passes(_views(bills, labs), out, private, AGAIN, "manifest_7_again.jsonl", SEED + 10)
    print(json.dumps({"clauses": len(labs), "items": items, "refs": [f"{lab.document} {lab.ref}" for lab in labs]},
                     ensure_ascii=False))


def _apply(label_lines: list[str], records: list[dict], done: str) -> None:
    """Write the labels and append the adjudication records (nothing when nothing changed)."""
    if not records:
        print("Intet at ændre: afgørelserne er allerede indført.")
        return
    (CORPUS / "labels.jsonl").write_text("\n".join(label_lines) + "\n", encoding="utf-8")
    with (CORPUS / "adjudication.jsonl").open("a", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(records)} {done}.")


def merge(annot: Path, private: Path) -> None:
    new: dict[str, dict[str, dict]] = {}
    for m in jl(private / "manifest_7.jsonl"):
        new.setdefault(m["label"], {})[m["pass"]] = m
    for m in jl(private / "manifest_7_again.jsonl"):
        # The corrected wording's two passes replace the first two for these clauses.
        new[m["label"]][PASSES[AGAIN.index(m["pass"])]] = m
    given = {r["id"]: r for path in sorted((annot / "labels").glob("r7*.jsonl")) for r in jl(path)}
    path = CORPUS / "labels.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    adjudication = CORPUS / "adjudication.jsonl"
    recorded = {r["id"] for r in jl(adjudication) if r["kind"] == "afgørelse" and r.get("rule") == "R16"}
    stats: Counter = Counter()
    out, records = [], []
    for line in lines:
        lab = json.loads(line)
        passes = new.get(lab["id"])
        if passes is None:
            out.append(line)
            continue
        a, b = (given[passes[p]["item"]] for p in PASSES)
        stats["clauses"] += 1
        stats["passes agree on relational"] += a["relational"] == b["relational"]
        stats["both passes not relational"] += not a["relational"] and not b["relational"]
        if a["relational"] and b["relational"]:
            stats["both relational"] += 1
            stats["passes agree on direction"] += a["direction"] == b["direction"]
            stats["a agrees with old"] += a["direction"] == lab["direction"]
            stats["b agrees with old"] += b["direction"] == lab["direction"]
        if (a["relational"] and b["relational"] and a["direction"] == b["direction"] != lab["direction"]
                and lab["id"] not in recorded):
            before = {k: lab[k] for k in FIELDS}
            lab["direction"] = a["direction"]
            lab["status"] = "adjudicated"
            records.append({"id": lab["id"], "kind": "afgørelse", "rule": "R16", "before": before,
                            "relabels": [{k: x[k] for k in FIELDS} for x in (a, b)],
                            "resolved": {k: lab[k] for k in FIELDS},
                            "reason": REASON.format(new=lab["direction"], old=before["direction"])})
            stats[f"changed {before['direction']} -> {lab['direction']}"] += 1
            line = json.dumps(lab, ensure_ascii=False)
        out.append(line)
    print(json.dumps(dict(stats), ensure_ascii=False, indent=1))
    _apply(out, records, "retninger ændret")


#: A clause's own marker (»§ 23.«, »Stk. 3.«): the same words under another number are the same text.
_MARK = re.compile(r"^\s*(?:§\s*\d+\s*[a-zæøå]?\.|Stk\.\s*\d+\s*[a-zæøå]?\.)\s*")
MIN_SAME_CHARS = 40


def _bare(text: str) -> str:
    return " ".join(_MARK.sub("", text).split())


def conflicting_groups(bills: Path) -> list[list]:
    """Groups of labels with the same bare text under the same bare first Stk. whose labels differ
    (on ``relational``, or on the direction of relational ones), in a stable order."""
    raw = _reader(bills)
    groups: dict[tuple[str, str], list] = {}
    for lab in load_corpus(CORPUS, bills):
        text = _bare(lab.text)
        if len(text) < MIN_SAME_CHARS:
            continue
        lead = context_texts(lab, raw(lab.document)).get("lead", "")
        groups.setdefault((text, _bare(lead)), []).append(lab)
    out = []
    for members in groups.values():
        rel = {m.relational for m in members}
        dirs = {m.direction for m in members if m.relational}
        if len(members) > 1 and (len(rel) > 1 or len(dirs) > 1):
            out.append(sorted(members, key=lambda m: m.id))
    return sorted(out, key=lambda g: g[0].id)


def same(bills: Path, out: Path, private: Path) -> None:
    groups = conflicting_groups(bills)
    views = _views(bills, [g[0] for g in groups])
    order = [g[0].id for g in groups]
    random.Random(SEED + 20).shuffle(order)
    members = {g[0].id: [m.id for m in g] for g in groups}
    lines, manifest = [], []
    for j, first in enumerate(order):
        item = f"r7s1-{j:03d}"
        lines.append(json.dumps({"id": item, **views[first]}, ensure_ascii=False))
        manifest.append({"item": item, "members": members[first]})
    (out / "batches").mkdir(parents=True, exist_ok=True)
    (out / "batches" / "r7s1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (private / "manifest_7_same.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest), encoding="utf-8")
    print(json.dumps({"groups": len(groups), "labels": sum(len(g) for g in groups),
                      "relational_conflicts": sum(len({m.relational for m in g}) > 1 for g in groups)}))


def _majority(votes: list, tie_breaker):
    counts = Counter(votes).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return tie_breaker
    return counts[0][0]


def merge_same(annot: Path, private: Path) -> None:
    given = {r["id"]: r for r in jl(annot / "labels" / "r7s1.jsonl")}
    groups = {m["item"]: m["members"] for m in jl(private / "manifest_7_same.jsonl")}
    path = CORPUS / "labels.jsonl"
    labels = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    by_id = {lab["id"]: lab for lab in labels}
    adjudication = CORPUS / "adjudication.jsonl"
    done = {r["id"] for r in jl(adjudication) if r["kind"] == "samme tekst" and r.get("rule") == "R4 på tværs"}
    records, stats = [], Counter()
    for item, ids in groups.items():
        new = given[item]
        members = [by_id[i] for i in ids]
        rel = _majority([m["relational"] for m in members] + [new["relational"]], new["relational"])
        donors = [m for m in members if m["relational"] == rel]
        if rel:
            directions = [m["direction"] for m in donors] + ([new["direction"]] if new["relational"] else [])
            direction = _majority(directions, new["direction"] if new["relational"] else donors[0]["direction"])
            donor = next((m for m in donors if m["direction"] == direction), None)
            dims = donor["dimensions"] if donor else new["dimensions"]
        else:
            direction, dims = None, []
        resolved = {"relational": rel, "dimensions": dims, "direction": direction}
        stats["groups"] += 1
        for m in members:
            if {k: m[k] for k in FIELDS} == resolved or m["id"] in done:
                continue
            before = {k: m[k] for k in FIELDS}
            m.update(resolved, status="samme tekst")
            stats["relational changed" if before["relational"] != rel else "direction changed"] += 1
            records.append({"id": m["id"], "kind": "samme tekst", "rule": "R4 på tværs", "before": before,
                            "relabels": [{k: new[k] for k in FIELDS}], "resolved": resolved,
                            "with": [i for i in ids if i != m["id"]],
                            "reason": "Samme tekst under samme stk. 1 i to eller flere love får samme mærkning (R4: "
                                      "lovens titel afgør den ikke); flertallet af gruppens mærkninger og en ny blind "
                                      "mærkning afgør."})
    print(json.dumps(dict(stats), ensure_ascii=False))
    _apply([json.dumps(lab, ensure_ascii=False) for lab in labels], records, "mærkninger bragt i overensstemmelse")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("sample", "again", "same"):
        s = sub.add_parser(name)
        s.add_argument("--bills", type=Path, default=None)
        s.add_argument("--out", type=Path, required=True)
        s.add_argument("--private", type=Path, required=True)
    for name in ("merge", "merge-same"):
        m = sub.add_parser(name)
        m.add_argument("--annot", type=Path, required=True)
        m.add_argument("--private", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd in ("sample", "again", "same"):
        {"sample": sample, "again": again, "same": same}[args.cmd](args.bills or shared_bills_dir(), args.out, args.private)
    else:
        {"merge": merge, "merge-same": merge_same}[args.cmd](args.annot, args.private)


if __name__ == "__main__":
    main()
