"""The document outline: the section (and skema row) a lawyer pastes, and, beside it, the appendix
with the evidence — every provision the judgement rests on, what supports it and how sure it is,
the questions answered, and the screening record. Model scores and rule hits belong here, never
in the section. Built from the ``Assessment`` alone, so every rendering says the same.
"""

from __future__ import annotations

from ..danish import count, date, decimal, join, quoted, shorten, truncate
from ..dimensions import DIMENSION_LABELS
from ..documents.blocks import Block
from ..models import Assessment, ClauseAssessment, DimensionAssessment, Finding

QUOTE_LIMIT = 300
REMARK_LIMIT = 300
#: Provisions shown in full in the appendix; the rest are listed in a table.
MAX_DETAILED = 40
MAX_LISTED = 200

SKEMA_HEADER = ("", "Positive konsekvenser/mindreudgifter", "Negative konsekvenser/merudgifter")
DIRECTION_WORD = {"negativ": "negativ", "positiv": "positiv", "blandet": "blandet", "uafklaret": "uafklaret"}
#: "1 negativ", "2 positive": the direction counts with the adjective in agreement.
DIRECTION_PLURAL = {"negativ": "negative", "positiv": "positive", "blandet": "blandede", "uafklaret": "uafklarede"}
CONCLUSION_WORD = {
    "ingen": "ingen relationelle konsekvenser",
    "negativ": "negative relationelle konsekvenser",
    "positiv": "positive relationelle konsekvenser",
    "blandet": "både positive og negative relationelle konsekvenser",
    "uafklaret": "relationelle konsekvenser af uafklaret retning",
}
KIND_WORD = {"ny_lov": "lov eller lovforslag", "aendringslov": "ændringslov", "lovbekendtgoerelse": "lovbekendtgørelse"}
REASON_WORD = {
    "svagt_grundlag": "vurderingen hviler på et enkelt, svagt grundlag (en lav sandsynlighed, eller screeningsspørgsmål, som klassifikationsmodellen kun svagt bekræfter)",
    "anvendelse": "bestemmelsernes virkning afhænger af, hvordan de anvendes",
    "modstridende": "bestemmelserne trækker i hver sin retning uden et klart flertal",
    "retning_ukendt": "intet i grundlaget angiver retningen",
}


def section_blocks(a: Assessment, *, skema: bool = True) -> list[Block]:
    """The section as a lawyer pastes it (with the optional skema row)."""
    s = a.statement
    assert s is not None, "compose the statement first"
    where = (
        "Udkast til afsnit i lovforslagets almindelige bemærkninger"
        if s.subject == "Lovforslaget"
        else "Vurdering af lovens relationelle konsekvenser"
    )
    blocks = [Block("heading", s.heading, 1), Block("note", f"{where}: {a.bill.title}"), Block("paragraph", s.conclusion)]
    blocks += [Block("paragraph", p.text, lead=f"{p.label}:" if p.label else "") for p in s.paragraphs]
    if skema:
        row = s.skema_row
        blocks += [
            Block("heading", "Sammenfattende skema", 2),
            Block(
                "note",
                "Rækken kan indsættes i det sammenfattende skema, hvis relationelle konsekvenser skal angives på lige fod "
                "med de obligatoriske konsekvenser. Efter den gældende vejledning hører øvrige konsekvenser ikke til i skemaet.",
            ),
            Block("table", rows=[list(SKEMA_HEADER), [row.label, row.positive, row.negative]], name="skema"),
        ]
    return blocks


def outline(a: Assessment, *, skema: bool = True, appendix: bool = True) -> list[Block]:
    blocks = section_blocks(a, skema=skema)
    if appendix:
        blocks += appendix_blocks(a)
    return blocks


def _dimension_basis(d: DimensionAssessment) -> str:
    b = d.basis
    parts: list[str] = []
    if d.decided_by_user:
        parts.append("fastlagt ved brugerens besvarelse af " + count(len(b.user_questions), "screeningsspørgsmål", "screeningsspørgsmål"))
    if b.model_refs:
        parts.append(f"{count(len(b.model_refs), 'bestemmelse', 'bestemmelser')}, som klassifikationsmodellen markerer")
    if b.confirmed_rule_refs:
        parts.append(f"{count(len(b.confirmed_rule_refs), 'bestemmelse', 'bestemmelser')} med udslag på screeningsspørgsmål, som klassifikationsmodellen bekræfter")
    if b.verdict_refs:
        parts.append(f"{count(len(b.verdict_refs), 'bestemmelse', 'bestemmelser')}, som en jurist har godkendt eller rettet")
    if b.rejected_rule_refs:
        parts.append(f"{count(len(b.rejected_rule_refs), 'bestemmelse', 'bestemmelser')} med udslag, som klassifikationsmodellen ikke bekræfter, og som derfor ikke er tillagt vægt")
    # Each part ends in a relative clause: the parts are joined with a comma before "og".
    text = (", og ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)) or "ingen fund"
    if d.relevant and b.best_score:
        text += f"; højeste sandsynlighed {decimal(b.best_score)}"
    if d.direction_counts:
        counted = join([f"{n} {DIRECTION_WORD[k] if n == 1 else DIRECTION_PLURAL[k]}" for k, n in sorted(d.direction_counts.items())])
        text += f"; bestemmelsernes retning: {counted}"
    if d.uncertainty:
        text += f". Usikkerhed: {REASON_WORD[d.uncertainty]}"
    return text[:1].upper() + text[1:] + "."


def quoted_once(term: str) -> str:
    """A term in »…«, once: cue words already carry their guillemets (»skal tilbyde«)."""
    return term if term.startswith("»") else f"»{term}«"


def _finding_line(f: Finding) -> str:
    if f.source == "model":
        terms = join([quoted_once(t.term) for t in f.features[:5]])
        words = f"; tungest vejende: {terms}" if terms else ""
        cues = f"; retningsord: {join([quoted_once(c) for c in f.cues])}" if f.cues else ""
        return f"Klassifikationsmodel: sandsynlighed {decimal(f.score or 0.0)}{words}{cues}."
    if f.source == "jurist":
        verdict = {"accepted": "godkendt", "rejected": "afvist", "corrected": "rettet"}[f.verdict or "accepted"]
        who = f" af {f.reviewer}" if f.reviewer else ""
        return f"Juristens vurdering: {verdict}{who}."
    where = "bemærkningerne" if f.in_remark else "bestemmelsen"
    return f"Screeningsspørgsmål {f.question_id}: »{f.text}« i {where}."


def _clause_blocks(c: ClauseAssessment) -> list[Block]:
    law = f" – {c.path.law}" if c.path.law else ""
    blocks = [Block("heading", f"{c.ref}{law}", 3), Block("quote", truncate(c.text, QUOTE_LIMIT))]
    dims = ", ".join(DIMENSION_LABELS[d].lower() for d in c.dimensions) or "ingen"
    blocks.append(Block("bullet", f"Dimensioner: {dims}; retning: {DIRECTION_WORD.get(c.direction or '', 'ikke angivet')}; sikkerhed: {c.certainty}."))
    rules: dict[str, list[str]] = {}
    for f in c.findings:
        if f.source == "regel" and f.question_id:
            rules.setdefault(f.question_id, [])
            if f.text not in rules[f.question_id]:
                rules[f.question_id].append(f.text)
        else:
            blocks.append(Block("bullet", _finding_line(f), lead="Grundlag:"))
    for qid, words in rules.items():
        blocks.append(Block("bullet", f"udslag på screeningsspørgsmål {qid} ({quoted(words[:5])}).", lead="Grundlag:"))
    if c.amended_text:
        blocks.append(Block("bullet", truncate(c.amended_text, REMARK_LIMIT), lead="Gældende affattelse:"))
    if c.remark_refs:
        blocks.append(Block("bullet", join(c.remark_refs), lead="Bemærkninger:"))
    return blocks


def _not_counted(c: ClauseAssessment) -> str:
    """Why a clause with findings does not carry the conclusion."""
    if any(f.source == "jurist" and f.verdict == "rejected" for f in c.findings):
        return "afvist af jurist"
    if c.flagged:
        return "markeret af klassifikationsmodellen, men for svagt til alene at bære konklusionen; til gennemsyn"
    return "udslag på screeningsspørgsmål, som klassifikationsmodellen ikke bekræfter"


def appendix_blocks(a: Assessment) -> list[Block]:
    blocks = [
        Block("heading", "Bilag: Grundlag for vurderingen", 1),
        Block(
            "paragraph",
            f"Konklusion: {CONCLUSION_WORD[a.conclusion.direction]}"
            + (" (med usikkerhed)" if a.conclusion.uncertain else "")
            + ". Vurderingen er et udkast fra screeningsværktøjet relationel-bundlinje og skal gennemgås af den ansvarlige jurist.",
        ),
        Block("heading", "Vurdering pr. dimension", 2),
    ]
    rows = [["Dimension", "Relevant", "Retning", "Sikkerhed", "Bestemmelser"]]
    for d in a.dimensions:
        rest = len(d.refs) - 4
        refs = ", ".join(d.refs[:4]) + (f" og yderligere {count(rest, 'bestemmelse', 'bestemmelser')}" if rest > 0 else "")
        rows.append([
            DIMENSION_LABELS[d.id],
            ("ja" if d.relevant else "nej") + (" (brugeren)" if d.decided_by_user else ""),
            DIRECTION_WORD.get(d.direction or "", "–"),
            d.certainty,
            refs or "–",
        ])
    blocks.append(Block("table", rows=rows, name="dimensioner"))
    for d in a.dimensions:
        if d.relevant or d.basis.rejected_rule_refs:
            blocks.append(Block("bullet", _dimension_basis(d), lead=f"{DIMENSION_LABELS[d.id]}:"))

    supporting = sorted((c for c in a.clauses if c.supports), key=lambda c: (-c.score, c.start))
    blocks.append(Block("heading", "Bestemmelser, vurderingen hviler på", 2))
    if not supporting:
        blocks.append(Block("paragraph", "Ingen bestemmelser bærer en konklusion."))
    detailed = sorted(supporting[:MAX_DETAILED], key=lambda c: c.start)
    for c in detailed:
        blocks += _clause_blocks(c)
    rest = supporting[MAX_DETAILED:]
    others = [c for c in a.clauses if not c.supports and (c.flagged or c.findings)]
    if rest or others:
        blocks.append(Block("heading", "Øvrige bestemmelser med fund", 2))
        table = [["Bestemmelse", "Sandsynlighed", "Bemærkning"]]
        for c in sorted(rest, key=lambda c: c.start)[:MAX_LISTED]:
            table.append([c.ref, decimal(c.score), "bærer konklusionen (ikke gengivet ovenfor)"])
        for c in sorted(others, key=lambda c: -c.score)[: max(0, MAX_LISTED - len(table) + 1)]:
            table.append([c.ref, decimal(c.score), _not_counted(c)])
        blocks.append(Block("table", rows=table, name="oevrige"))
        hidden = len(rest) + len(others) - (len(table) - 1)
        if hidden > 0:
            blocks.append(Block("paragraph", f"Yderligere {count(hidden, 'bestemmelse', 'bestemmelser')} med fund er ikke vist."))
    if a.unassessed_change_points:
        blocks.append(Block("heading", "Ændringspunkter, der ikke kunne vurderes", 2))
        blocks.append(Block(
            "paragraph",
            f"{join(a.unassessed_change_points)} ændrer eller ophæver bestemmelser ved henvisning uden at gengive dem. "
            "Med en lovsamling (--lovsamling) slår værktøjet den gældende affattelse op og vurderer ændringen.",
        ))

    blocks.append(Block("heading", "Besvarede screeningsspørgsmål", 2))
    answered = [x for x in a.answers if x.answer.strip().lower() != "ikke besvaret"]
    if not answered:
        blocks.append(Block("paragraph", "Ingen screeningsspørgsmål er besvaret."))
    for ans in answered:
        who = "juristens svar" if ans.source == "bruger" else "værktøjets forslag"
        question = f"»{shorten(ans.question)}« ({ans.question_id})" if ans.question else ans.question_id
        labels = join([f"»{lab}«" for lab in ans.labels]) or f"»{ans.answer}«"
        text = f"{question}: {labels} ({who})"
        if ans.refs:
            text += f"; bestemmelser: {', '.join(ans.refs[:8])}" + (" m.fl." if len(ans.refs) > 8 else "")
        blocks.append(Block("bullet", text if text.endswith(".") else text + "."))

    r = a.record
    blocks += [
        Block("heading", "Screeningsoplysninger", 2),
        Block("bullet", f"Dato: {date(r.date)}"),
        Block("bullet", f"Værktøj: relationel-bundlinje {r.tool_version}"),
        Block("bullet", f"Regelsæt: {r.rules_version}"),
        Block("bullet", f"Klassifikationsmodel: {r.model_version}"),
        Block("bullet", f"Inputfil: {r.source_name} ({KIND_WORD.get(a.bill.kind, a.bill.kind)})"),
        Block("bullet", f"SHA-256 for inputfilen: {r.source_sha256}"),
    ]
    if r.answers_sha256:
        revision = " (udfyldt for en tidligere version af lovforslaget)" if r.answers_from_revision else ""
        blocks.append(Block("bullet", f"SHA-256 for svarfilen: {r.answers_sha256}{revision}"))
    if r.lovsamling:
        blocks.append(Block("bullet", f"Lovsamling: {r.lovsamling}"))
    return blocks
