"""The bill's structure: provisions with their references and spans, remarks, and clauses.

A ``Ref`` is computed once, by the structure parser, and carried by every provision, clause and
remark link; nobody downstream reads structure back out of a reference string.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from .document import Model, SourceInfo

ProvisionKind = Literal["paragraf", "stk", "nr", "aendringspunkt"]
ChangeAction = Literal["affattes", "indsaettes", "ophaeves", "aendres", "bliver", "udgaar", "andet"]
BillKind = Literal["ny_lov", "aendringslov", "lovbekendtgoerelse"]


class Ref(Model):
    """Where a provision stands, as lawyers write it: ``§ 1, nr. 3 (§ 137 d, stk. 2)``.

    ``par`` is the § number with its letter ("137 d"); ``nr`` is a numbered item ``3)`` of a Stk.
    or, in an amending §, change point ``3.``; ``item`` a numbered item directly under a change
    point; ``inserted`` is the provision a change point quotes in full; ``law`` the act an amending
    § changes (not part of the written reference).
    """

    par: str
    stk: int | None = None
    nr: str | None = None
    item: str | None = None
    inserted: Ref | None = None
    law: str | None = None

    def __str__(self) -> str:
        text = f"§ {self.par}"
        if self.stk is not None:
            text += f", stk. {self.stk}"
        if self.nr is not None:
            text += f", nr. {self.nr}"
        if self.item is not None:
            text += f", nr. {self.item}"
        if self.inserted is not None:
            text += f" ({self.inserted})"
        return text

    @property
    def provision(self) -> Ref:
        """The provision itself: the inserted one for a quoted provision, else this reference."""
        return self.inserted if self.inserted is not None else self

    @property
    def outer(self) -> Ref:
        """The bill's own part of the reference (``§ 1, nr. 3`` of ``§ 1, nr. 3 (§ 137 d)``)."""
        return self.model_copy(update={"inserted": None, "item": None}) if self.inserted or self.item else self

    def covers(self, other: Ref) -> bool:
        """Does this reference include ``other``? ``§ 1`` includes ``§ 1, stk. 2``; ``§ 1, nr. 3``
        includes ``§ 1, nr. 3 (§ 137 d, stk. 1)``; ``§ 1`` does not include ``§ 10``."""
        if self.par != other.par:
            return False
        if self.stk is not None and self.stk != other.stk:
            return False
        if self.nr is not None and self.nr != other.nr:
            return False
        if self.item is not None and self.item != other.item:
            return False
        if self.inserted is not None:
            return other.inserted is not None and self.inserted.covers(other.inserted)
        return True

    @classmethod
    def parse(cls, text: str, *, law: str | None = None) -> Ref | None:
        """A reference typed by a user ("§ 3, stk. 2", "§ 1, nr. 3 (§ 137 d, stk. 1)"), or None.

        Only for input at the edge (answers files, review verdicts, the command line); the parser
        builds references from the document's structure, never from their text.
        """
        m = _REF_TEXT.fullmatch(" ".join(text.split()))
        if m is None:
            return None
        inner = cls.parse(m["inner"]) if m["inner"] else None
        if m["inner"] and inner is None:
            return None
        return cls(
            par=" ".join(m["par"].split()),
            stk=int(m["stk"]) if m["stk"] else None,
            nr=m["nr"],
            inserted=inner.model_copy(update={"law": law}) if inner else None,
            law=law,
        )


_REF_TEXT = re.compile(
    r"§\s?(?P<par>\d{1,5}(?: ?[a-zæøå])?)(?:, stk\. (?P<stk>\d{1,4}))?(?:, nr\. (?P<nr>\d{1,4}[a-zæøå]?))?"
    r"(?: \((?P<inner>§ [^()]+)\))?"
)


class Provision(Model):
    """A node of the provision tree: a §, a Stk., a numbered item ``1)`` or a change point ``1.``."""

    kind: ProvisionKind
    label: str = Field(description="The label as written: '§ 85 a', 'Stk. 2', '3)', '4.'.")
    ref: str = Field(description="Full reference as lawyers write it: '§ 1, nr. 3 (§ 85 a, stk. 1)'.")
    path: Ref
    text: str = Field(description="This node's own text, without its children.")
    start: int = Field(description="Start of the node's own text in Bill.text.")
    end: int
    chapter: str | None = Field(default=None, description="'Kapitel 3' where the node stands in a chapter.")
    action: ChangeAction | None = Field(default=None, description="For a change point: what it does.")
    quoted: bool = Field(default=False, description="True for provisions quoted by a change point (new text).")
    children: list[Provision] = Field(default_factory=list)

    @property
    def target_law(self) -> str | None:
        return self.path.law


class Chapter(Model):
    label: str = Field(description="'Kapitel 3'")
    heading: str | None = None
    start: int
    end: int


class Remark(Model):
    """A part of the bill's remarks (bemærkninger)."""

    part: Literal["almindelige", "specielle"]
    ref: str = Field(description="'Almindelige bemærkninger, pkt. 3.2' or 'Til § 1, nr. 3' as written.")
    number: str | None = Field(default=None, description="Section number of a general remark: '3.2'.")
    heading: str
    text: str
    start: int
    end: int
    provisions: list[Ref] = Field(default_factory=list, description="The provisions a special remark explains.")
    points_to: list[str] = Field(
        default_factory=list, description="Numbers of the general remarks a special remark refers to ('2.1')."
    )
    table: list[list[str]] | None = Field(
        default=None, description="Rows of a table in the remark (the sammenfattende skema)."
    )


class Clause(Model):
    """The unit that is scored and labelled: a Stk., a § without Stk., or one change point.

    A clause's text includes its numbered items and, for a change point, the provisions it quotes.
    """

    ref: str = Field(description="The reference as lawyers write it (``str(path)``).")
    path: Ref
    text: str
    start: int
    end: int
    kind: ProvisionKind
    chapter: str | None = None
    chapter_heading: str | None = None
    action: ChangeAction | None = Field(default=None, description="For a change point: what it does.")
    amends: Ref | None = Field(
        default=None, description="For a change point: the provision of the amended law it changes or repeals."
    )
    lead_ref: str | None = Field(default=None, description="The first Stk. of the same §, for a later Stk.")
    cited_refs: list[str] = Field(default_factory=list, description="Clauses of this bill the clause cites.")
    remark_refs: list[str] = Field(default_factory=list, description="Special remarks that explain it, most specific.")

    @property
    def target_law(self) -> str | None:
        return self.path.law


class Bill(Model):
    title: str
    kind: BillKind
    number: str | None = Field(default=None, description="Bill number where present: 'L 50'.")
    session: str | None = Field(default=None, description="Parliamentary session: '2011-12'.")
    source: SourceInfo
    text: str = Field(description="The normalised document text that all spans point into.")
    title_span: tuple[int, int] | None = Field(default=None, description="Where the title stands in text.")
    chapters: list[Chapter] = Field(default_factory=list)
    provisions: list[Provision] = Field(default_factory=list)
    remarks: list[Remark] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)
    commencement_ref: str | None = Field(default=None, description="Reference of the commencement provision.")

    @property
    def in_force(self) -> bool:
        """An act in force (a consolidated act) rather than a bill: it is "Loven", not "Lovforslaget"."""
        return self.kind == "lovbekendtgoerelse"

    def clause(self, ref: str) -> Clause | None:
        for c in self.clauses:
            if c.ref == ref:
                return c
        return None

    def remarks_of(self, clause: Clause) -> list[Remark]:
        """The special remarks linked to a clause, in document order."""
        wanted = set(clause.remark_refs)
        return [r for r in self.remarks if r.ref in wanted]
