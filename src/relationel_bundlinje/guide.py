"""The guide (vejledning) for ministers and members of the Folketing: the questionnaire rendered as
a readable document (action plan against loneliness, Initiativ 12), as .docx or Markdown.

The content is built once as a list of simple blocks and rendered by either writer, so the two
formats never drift apart.
"""

from __future__ import annotations

from pathlib import Path

from .dimensions import DIMENSION_IDS, DIMENSION_LABELS
from .documents import Block, render_docx, render_markdown
from .errors import BundlinjeError
from .rulebook import Question, RuleSet


TITLE = "Relationel bundlinje"
SUBTITLE = "Vejledning i at vurdere lovforslags konsekvenser for menneskers relationer og fællesskaber"

_PURPOSE = [
    "Kvaliteten af menneskers nære relationer er den mest afgørende faktor for deres trivsel og "
    "livstilfredshed. Den nationale handlingsplan mod ensomhed sætter som mål at halvere ensomheden "
    "inden 2040 og peger i tværgående fokusområde 4 på, at ensomhed skal indtænkes på tværs af "
    "lovgivning og politikker: Det skal blive vane også at vurdere lovforslag ud fra en relationel "
    "bundlinje – altså om de forventes at øge eller mindske muligheden for, at de mennesker, de "
    "berører, kan indgå i og bevare sociale relationer.",
    "Lovgivning laves med et bestemt formål, men kan have utilsigtede konsekvenser for menneskers "
    "sociale liv. Handlingsplanens initiativ 12 foreslår derfor en guide til ministre og Folketingets "
    "medlemmer og et screeningsredskab, der kan identificere ny lovgivnings utilsigtede indflydelse på "
    "menneskers muligheder for at indgå i og opretholde nære relationer. Denne vejledning og de "
    "tilhørende screeningsspørgsmål er et bud på begge dele. Spørgsmålene er inspireret af den "
    "engelske Family Test og dækker handlingsplanens fem livsarenaer.",
]

_HOW = [
    ("Relevansvurdering.", "Gennemgå først relevansspørgsmålene. De afgør, om lovforslaget overhovedet "
     "berører en relationel dimension. Svar »ja«, når en bestemmelse plausibelt ændrer en identificerbar "
     "gruppes praktiske mulighed for at danne, bevare eller deltage i relationer og fællesskaber."),
    ("Vurdering.", "For de dimensioner, der er relevante, vurderes dernæst, hvem der berøres, i hvilken "
     "retning, hvor mange og hvor længe, og om lovforslaget indeholder afbødende regler. Vurderingen "
     "skal afspejle konsekvensernes størrelse, omfang, varighed og virkning."),
    ("Proportionalitet.", "Omfanget af vurderingen bør stå i forhold til konsekvenserne. Et lovforslag "
     "uden relevante berøringsflader kræver ikke en nærmere vurdering."),
    ("Redskabet.", "Kommandoen »bundlinje questionnaire LOVFORSLAG --propose -o svar.yaml« foreslår svar "
     "på grundlag af lovforslagets ordlyd og viser de bestemmelser, forslaget bygger på. Forslagene er "
     "et udgangspunkt for en juridisk vurdering, ikke en erstatning for den."),
]

_PLACEMENT = [
    "Justitsministeriets lovkvalitetsvejledning (pkt. 2.8.12 om øvrige konsekvenser af lovforslag) "
    "placerer konsekvenser ud over de obligatoriske – fx for ligestilling, for mennesker med handicap "
    "og for frivillige foreninger – i et særskilt punkt i lovforslagets almindelige bemærkninger "
    "umiddelbart før de obligatoriske konsekvensvurderinger. Afsnittet om relationelle konsekvenser "
    "skrives til denne placering under overskriften »Relationelle konsekvenser«.",
    "Sådanne konsekvenser indgår i dag ikke i det sammenfattende skema. Initiativ 12 foreslår, at "
    "relationelle konsekvenser angives på lige fod med fx ligestillingsmæssige og miljømæssige "
    "konsekvenser; en række i skemaet (»Relationelle konsekvenser«) kan derfor tilføjes, hvis den "
    "praksis indføres.",
    "Afsnittet indledes med en samlet konklusion i bemærkningernes sædvanlige form, fx »Lovforslaget "
    "vurderes ikke at have relationelle konsekvenser.« eller »Lovforslaget vurderes at have negative "
    "relationelle konsekvenser for beboere i plejeboliger, hvis besøgende kan få begrænset adgang.« "
    "Et lovforslag bør kun angive, at det ikke har relationelle konsekvenser, når der er foretaget en "
    "vurdering.",
]


def _question_blocks(q: Question, ruleset: RuleSet, primary: str | None) -> list[Block]:
    m = ruleset.manifest
    out = [Block("heading", level=4, text=q.question)]
    out.append(Block("paragraph", q.guidance, lead="Vejledning: "))
    for ex in q.examples:
        out.append(Block("bullet", ex, lead="Eksempel: "))
    facts: list[str] = []
    others = [DIMENSION_LABELS[d] for d in q.dimensions if d != primary]
    if others and len(q.dimensions) < len(DIMENSION_IDS):
        facts.append("Vedrører også: " + ", ".join(others) + ".")
    where = m.arenas.get(q.arena or "") or m.themes.get(q.theme or "")
    if where:
        facts.append(f"Livsarena eller tema: {where}.")
    if q.family_test:
        facts.append("Svarer til Family Test, spørgsmål " + ", ".join(map(str, q.family_test)) + ".")
    if q.groups:
        facts.append("Særligt relevant for: " + ", ".join(m.groups[g].lower() if i else m.groups[g]
                                                          for i, g in enumerate(q.groups)) + ".")
    facts.append("Svarmuligheder: " + "; ".join(o.label for o in q.options) + ".")
    out.append(Block("paragraph", " ".join(facts)))
    out.append(Block("paragraph", f"Spørgsmålets id i screeningsredskabet: {q.id}."))
    return out


def build_guide(ruleset: RuleSet) -> list[Block]:
    """The guide's content as blocks."""
    rs = ruleset
    m = rs.manifest
    b: list[Block] = [Block("heading", level=1, text=f"{TITLE}: {SUBTITLE}")]
    b.append(Block("paragraph", f"Screeningsspørgsmål version {rs.version}. {m.description}"))
    b.append(Block("heading", level=2, text="1. Formål"))
    b += [Block("paragraph", t) for t in _PURPOSE]
    b.append(Block("heading", level=2, text="2. Sådan bruges vejledningen"))
    b += [Block("bullet", text, lead=lead + " ") for lead, text in _HOW]
    b.append(Block("heading", level=2, text="3. Afsnittets placering i lovforslagets bemærkninger"))
    b += [Block("paragraph", t) for t in _PLACEMENT]

    b.append(Block("heading", level=2, text="4. Relevansvurdering og vurdering fordelt på dimensioner"))
    b.append(Block("paragraph", "Spørgsmålene er ordnet efter de elleve relationelle dimensioner. Under hver "
                        "dimension står først relevansspørgsmålene og derefter vurderingsspørgsmålet."))
    general = [q for q in rs.questions if len(q.dimensions) == len(DIMENSION_IDS)]
    for d in DIMENSION_IDS:
        qs = [q for q in rs.questions if q.dimensions[0] == d and q not in general]
        qs.sort(key=lambda q: q.step != "relevans")
        b.append(Block("heading", level=3, text=f"4.{DIMENSION_IDS.index(d) + 1}. {DIMENSION_LABELS[d]}"))
        also = [q for q in rs.questions if d in q.dimensions[1:] and q not in general and q.step == "relevans"]
        for q in qs:
            b += _question_blocks(q, rs, d)
        if also:
            b.append(Block("paragraph", "Se også: " + "; ".join(f"»{q.question}«" for q in also)))

    b.append(Block("heading", level=2, text="5. Samlet vurdering"))
    b.append(Block("paragraph", "Disse spørgsmål besvares for alle dimensioner, der er fundet relevante."))
    for q in general:
        b += _question_blocks(q, rs, None)

    b.append(Block("heading", level=2, text="6. Den engelske Family Test"))
    b.append(Block("paragraph", "Family Test (Department for Work and Pensions, 2014) stiller fem spørgsmål til "
                        "nye politikker. De er her oversat og tilpasset danske forhold og indgår i "
                        "screeningsspørgsmålene som vist nedenfor."))
    rows = [("Spørgsmål", "Dansk tilpasning", "Screeningsspørgsmål")]
    for n, text in sorted(m.family_test.items()):
        ids = ", ".join(q.id for q in rs.questions if n in q.family_test)
        rows.append((str(n), text, ids))
    b.append(Block("table", rows=[list(r) for r in rows]))

    b.append(Block("heading", level=2, text="7. Grupper med høj risiko for ensomhed"))
    b.append(Block("paragraph", "Handlingsplanen peger på grupper, der er i særlig høj risiko for ensomhed. "
                        "Vurderingen bør altid overveje, om lovforslaget rammer dem særligt."))
    for g, label in m.groups.items():
        n = sum(1 for q in rs.questions if g in q.groups)
        b.append(Block("bullet", f"{label} ({n} spørgsmål)"))
    b.append(Block("heading", level=2, text="8. Livsarenaer og temaer"))
    for key, label in list(m.arenas.items()) + list(m.themes.items()):
        n = sum(1 for q in rs.questions if key in (q.arena, q.theme))
        if n:
            b.append(Block("bullet", f"{label}: {n} spørgsmål"))
    b.append(Block("paragraph", f"Kilde: {m.source}"))
    return b


# --------------------------------------------------------------------------- writers


def write_guide(path: Path, ruleset: RuleSet, *, force: bool = False, date: str = "2026-12-01") -> None:
    """Write the guide as .docx or .md (by extension), atomically, in the house style."""
    from .output import write_atomic

    path = Path(path)
    suffix = path.suffix.lower()
    blocks = build_guide(ruleset)
    if suffix == ".docx":
        data: bytes | str = render_docx(blocks, title=f"{TITLE}: {SUBTITLE}", subject=TITLE, date=date)
    elif suffix in {".md", ".markdown"}:
        data = render_markdown(blocks)
    else:
        raise BundlinjeError(f"Vejledningen kan skrives som .docx eller .md, ikke »{path.suffix or path.name}«.")
    write_atomic(path, data, force=force)
