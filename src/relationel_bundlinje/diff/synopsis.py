"""A comparison as a synopsis: a Danish summary of what changed relationally, then the old and the
new wording side by side with deletions and insertions marked, and the assessment of each change.

Word and Markdown are rendered by ``documents`` from one list of ``Block``s; the JSON is built
here. All wording a reader sees is in this module (and in ``statement.wording``)."""

from __future__ import annotations

import json

from ..danish import count, join, upper_first
from ..dimensions import DIMENSION_LABELS, DIRECTION_ADJECTIVE
from ..documents import Block
from ..statement.wording import POSSIBILITY
from .align import Change, word_runs
from .compare import Comparison, JudgedChange

TITLE = "Relationelle ændringer mellem to versioner"

#: What a change does, by its direction: present tense for what is new, past for what is gone.
VERB = {"negativ": "begrænse", "positiv": "forbedre", "blandet": "både forbedre og begrænse",
        "uafklaret": "have betydning for"}
VERB_PAST = {"negativ": "begrænsede", "positiv": "forbedrede", "blandet": "både forbedrede og begrænsede",
             "uafklaret": "havde betydning for"}
OPPOSITE_VERB = {"negativ": "forbedre", "positiv": "begrænse", "blandet": "ændre", "uafklaret": "ændre"}

#: Dimensions named in one sentence of the summary (the synopsis names them all).
MAX_DIMENSIONS = 2

#: Characters of a renumbered provision's text shown in the synopsis.
RENUMBERED_CHARS = 160


def _possibility(dims) -> str:
    return join([POSSIBILITY[d] for d in list(dims)[:MAX_DIMENSIONS]])


def _subject_ref(ref: str, old_ref: str | None = None) -> str:
    """A reference as the subject of a sentence: »§ 3, stk. 2,« takes a comma before the verb,
    »§ 12 g« none; a renumbered one says where it stood: »§ 5, stk. 2 (hidtil § 6, stk. 2),«."""
    text = ref if old_ref is None or old_ref == ref else f"{ref} (hidtil {old_ref})"
    return text + "," if "," in text else text


def _labels(dims) -> str:
    return join([DIMENSION_LABELS[d][:1].lower() + DIMENSION_LABELS[d][1:] for d in dims], last="samt")


def conclusion_phrase(c) -> str:
    """»at have negative relationelle konsekvenser« / »ikke at have relationelle konsekvenser«."""
    if c.direction == "ingen":
        return "ikke at have relationelle konsekvenser"
    return f"at have {DIRECTION_ADJECTIVE[c.direction]} relationelle konsekvenser"


def conclusions(co, cn) -> str:
    """The two versions' conclusions in one or two sentences, saying what differs."""
    po, pn = conclusion_phrase(co), conclusion_phrase(cn)
    if po != pn:
        text = f"Den hidtidige version vurderes {po}, mens den nye version vurderes {pn}."
        if cn.direction != "ingen" and cn.dimensions:
            text += f" Den nye versions konsekvenser angår navnlig {_labels(cn.dimensions)}."
        return text
    if co.direction == "ingen":
        return f"Begge versioner vurderes {po}."
    if list(co.dimensions) == list(cn.dimensions):
        return f"Begge versioner vurderes {po}, navnlig for så vidt angår {_labels(cn.dimensions)}."
    added = [d for d in cn.dimensions if d not in co.dimensions]
    gone = [d for d in co.dimensions if d not in cn.dimensions]
    text = f"Begge versioner vurderes {po}."
    if added and gone:
        text += f" I den nye version omfatter konsekvenserne også {_labels(added)}, mens {_labels(gone)} ikke længere er berørt."
    elif added:
        text += f" I den nye version omfatter konsekvenserne også {_labels(added)}."
    else:
        text += f" I den nye version er {_labels(gone)} ikke længere berørt."
    return text


def change_sentence(j: JudgedChange) -> str:
    """One sentence, in the register of a ministry note, on what a relational change does."""
    c, a = j.change, j.assessment
    if c.kind == "added":
        return f"{_subject_ref(c.new_ref)} er nyt og vurderes at {VERB[a.direction]} muligheden for {_possibility(a.dimensions)}."
    if c.kind == "removed":
        old = a.old
        sentence = (f"{_subject_ref(c.old_ref)} er ophævet; bestemmelsen {VERB_PAST[old.direction]} muligheden for "
                    f"{_possibility(old.dimensions)}")
        if old.direction in ("negativ", "positiv"):
            sentence += f", og ophævelsen vurderes derfor at {OPPOSITE_VERB[old.direction]} den"
        return sentence + "."
    subject = _subject_ref(c.new_ref, c.old_ref)
    old, new = a.old, a.new
    if new.direction is None:
        return (f"{subject} er ændret, så bestemmelsen ikke længere vurderes at {VERB[old.direction]} muligheden for "
                f"{_possibility(old.dimensions)}.")
    if old.direction is None:
        return f"{subject} er ændret og vurderes nu at {VERB[new.direction]} muligheden for {_possibility(new.dimensions)}."
    if old.direction == new.direction:
        return f"{subject} er ændret og vurderes fortsat at {VERB[new.direction]} muligheden for {_possibility(new.dimensions)}."
    return (f"{subject} er ændret og vurderes nu at {VERB[new.direction]} muligheden for {_possibility(new.dimensions)}, "
            f"hvor den hidtil vurderedes at {VERB[old.direction]} den.")


def summary(cmp: Comparison) -> list[str]:
    """The summary's paragraphs: the two conclusions, then what else changed."""
    lines = [conclusions(cmp.old.conclusion, cmp.new.conclusion)]
    if not cmp.changes:
        return lines + ["De to versioner har samme indhold."]
    relational = cmp.relational
    others = [j for j in cmp.changes if not j.assessment.flagged and j.change.kind != "renumbered"]
    renumbered = [j for j in cmp.changes if j.change.kind == "renumbered"]
    rest = []
    if not relational:
        rest.append("Ingen af ændringerne vurderes at have relationel betydning.")
    elif others:
        rest.append(f"{upper_first(count(len(others), 'anden ændring', 'andre ændringer'))} vurderes ikke at have "
                    "relationel betydning.")
    if renumbered:
        rest.append(f"{upper_first(count(len(renumbered), 'bestemmelse', 'bestemmelser'))} er alene omnummereret.")
    if rest:
        lines.append(" ".join(rest))
    return lines


def assessment_text(j: JudgedChange) -> str:
    """The synopsis column »Relationel vurdering« for one change."""
    c, a = j.change, j.assessment
    if c.kind == "renumbered":
        return "Alene ny nummerering."
    if not a.flagged:
        return "Ingen relationel betydning."
    labels = "; ".join(DIMENSION_LABELS[d] for d in a.dimensions)
    old, new = a.old.direction, a.new.direction
    if c.kind == "added":
        effect = f"Vurderes at {VERB[new]} muligheden for relationer"
    elif c.kind == "removed":
        effect = (f"Ophævelsen vurderes at {OPPOSITE_VERB[old]} muligheden for relationer" if old in ("negativ", "positiv")
                  else f"Den ophævede bestemmelse {VERB_PAST[old]} muligheden for relationer")
    elif new is None:
        effect = f"Vurderes ikke længere at {VERB[old]} muligheden for relationer"
    elif old is None or old != new:
        effect = f"Vurderes nu at {VERB[new]} muligheden for relationer"
    else:
        effect = f"Vurderes fortsat at {VERB[new]} muligheden for relationer"
    return f"{effect}. Dimensioner: {labels}."


def _cells(change: Change) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    if change.kind == "added":
        return [("", "(ingen)")], [("ins", change.new.text)]
    if change.kind == "removed":
        return [("del", change.old.text)], [("", "(ophævet)")]
    if change.kind == "renumbered":
        o, n = _opening(change.old.text), _opening(change.new.text)
        return word_runs(o, n)
    return word_runs(change.old.text, change.new.text)


def _opening(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= RENUMBERED_CHARS else flat[:RENUMBERED_CHARS].rsplit(" ", 1)[0] + " …"


def _plain(runs: list[tuple[str, str]]) -> str:
    return "".join(t for _, t in runs)


def blocks(cmp: Comparison, old_name: str, new_name: str) -> list[Block]:
    out = [
        Block("heading", TITLE, level=1),
        Block("paragraph", f"Hidtidig version: {cmp.old_bill.title} ({old_name}). Ny version: {cmp.new_bill.title} ({new_name})."),
        Block("heading", "Sammenfatning", level=2),
    ]
    lines = summary(cmp)
    out.append(Block("paragraph", lines[0]))
    for j in cmp.relational:
        out.append(Block("bullet", change_sentence(j)))
    out += [Block("paragraph", line) for line in lines[1:]]
    out.append(Block("heading", "Synopsis", level=2))
    if cmp.changes:
        header = ["Hidtidig affattelse", "Ny affattelse", "Relationel vurdering"]
        rows, marks = [header], []
        for j in cmp.changes:
            left, right = _cells(j.change)
            verdict = assessment_text(j)
            rows.append([_plain(left), _plain(right), verdict])
            marks.append([left, right, [("", verdict)]])
        out.append(Block("table", rows=rows, marks=marks, name="synopsis"))
        out.append(Block("note", "Udgået tekst er overstreget, og ny tekst er fremhævet."))
    else:
        out.append(Block("paragraph", "Der er ingen ændringer."))
    return out


def to_json(cmp: Comparison) -> bytes:
    def side(s):
        return {"dimensions": list(s.dimensions), "direction": s.direction}

    data = {
        "changes": [
            {
                "kind": j.change.kind,
                "old_ref": j.change.old_ref,
                "new_ref": j.change.new_ref,
                "assessment": {"flagged": j.assessment.flagged, "dimensions": list(j.assessment.dimensions),
                               "direction": j.assessment.direction},
                "old": side(j.assessment.old),
                "new": side(j.assessment.new),
                "summary": change_sentence(j) if j.assessment.flagged else None,
            }
            for j in cmp.changes
        ],
        "conclusion_old": cmp.old.conclusion.model_dump(mode="json"),
        "conclusion_new": cmp.new.conclusion.model_dump(mode="json"),
        "summary": _summary_in_order(cmp),
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _summary_in_order(cmp: Comparison) -> list[str]:
    """The summary as the document has it: the conclusions, each relational change, the rest."""
    lines = summary(cmp)
    return lines[:1] + [change_sentence(j) for j in cmp.relational] + lines[1:]


def render(cmp: Comparison, fmt: str, *, old_name: str, new_name: str, date: str) -> bytes:
    if fmt == "json":
        return to_json(cmp)
    from ..documents import render_docx, render_markdown

    outline = blocks(cmp, old_name, new_name)
    if fmt == "md":
        return render_markdown(outline).encode("utf-8")
    if fmt == "docx":
        return render_docx(outline, title=TITLE, subject="Synopsis", date=date)
    raise ValueError(f"unknown synopsis format {fmt!r}")
