"""Label errors found after round 5 by reading the tool's output on real acts, each confirmed by a
blind relabel (an annotator who saw only the guidelines and the clause with its context). Applied
to ``labels.jsonl`` and recorded in ``adjudication.jsonl`` as ``stikprøve``; running it again
changes nothing.

    python corpus/tools/correct_labels.py
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1]
FIELDS = ("relational", "dimensions", "direction")
NOT_RELATIONAL = {"relational": False, "dimensions": [], "direction": None}

#: (label id, the label before, the resolved label, the reason). The notes of both labels describe
#: another clause than the one labelled (a refugee's municipality; a parole condition), so the
#: label was given to the wrong text.
CORRECTIONS = (
    ("lbk-2025-1493-kapitalmarkedsloven@212081",
     {"relational": True, "dimensions": ["bolig"], "direction": "uafklaret"}, NOT_RELATIONAL,
     "Stikprøve: reglen om omstødelse af sikkerhedsstillelse efter konkursloven berører ingen af "
     "mekanismerne; mærkningens note beskriver en anden bestemmelse (boligplacering af flygtninge). "
     "En blind nymærkning er enig."),
    ("lbk-2025-330@47673",
     {"relational": True, "dimensions": ["kontakt"], "direction": "negativ"}, NOT_RELATIONAL,
     "Stikprøve: virkningstidspunktet for en virksomheds beslutning om aktivsikring er registrering og "
     "procedure; mærkningens note beskriver en anden bestemmelse (vilkår om kontaktforbud ved "
     "prøveløsladelse). En blind nymærkning er enig."),
)


def main() -> None:
    path = CORPUS / "labels.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    adjudication = CORPUS / "adjudication.jsonl"
    records = [json.loads(x) for x in adjudication.read_text(encoding="utf-8").splitlines() if x.strip()]
    recorded = {rec["id"] for rec in records if rec["kind"] == "stikprøve"}
    wanted = {c[0]: c for c in CORRECTIONS}
    out, new_records = [], []
    for line in lines:
        lab = json.loads(line)
        if lab["id"] in wanted and lab["id"] not in recorded:
            _, before, resolved, reason = wanted[lab["id"]]
            assert {k: lab[k] for k in FIELDS} == before, f"{lab['id']}: the label is not the one corrected"
            first = {**before, "annotator": lab["annotator"]}
            lab.update(resolved)
            lab["status"] = "adjudicated"
            new_records.append({"id": lab["id"], "kind": "stikprøve", "first": first,
                                "relabels": [dict(resolved)], "resolved": dict(resolved), "reason": reason})
            line = json.dumps(lab, ensure_ascii=False)
        out.append(line)
    if not new_records:
        print("Intet at rette: rettelserne er allerede indført.")
        return
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    with adjudication.open("a", encoding="utf-8") as f:
        for rec in new_records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(new_records)} mærkninger rettet.")


if __name__ == "__main__":
    main()
