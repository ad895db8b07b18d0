"""The rules files as pydantic models, and their validation errors in Danish with file and line.

A rules folder holds ``manifest.yaml`` (version, option sets, groups, arenas, themes, the Family
Test), ``tredjeparter.yaml`` (the people relations run to, for the statement's "who is affected")
and question files with ``questions:`` and ``suppress:`` lists. Every question says what its answer
decides (``decides``), so nothing downstream guesses it from the option ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..dimensions import DIMENSION_IDS, DimensionId
from .yamlio import without_lines

Step = Literal["relevans", "vurdering"]
#: What an answer to a question decides, for the assessment.
Decides = Literal["relevans", "retning", "omfang", "varighed", "afboedning", "grupper"]
_ID = r"^[a-z0-9_]+$"
_QUESTION_ID = r"^[a-z0-9_]+\.[a-z0-9_]+$"

#: The answer recorded where nothing was answered or proposed.
NOT_ANSWERED = "ikke besvaret"


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rules folder, with the file and line it stands on."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class _Node(BaseModel):
    """Base of every rules model: unknown keys are errors; ``__line__`` becomes ``line``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    line: int = 0

    @model_validator(mode="before")
    @classmethod
    def _take_line(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "__line__" in data:
            data["line"] = data.pop("__line__")
        for key, value in data.items():
            # Plain dict fields (groups, option sets) keep no line of their own.
            info = cls.model_fields.get(key) if isinstance(key, str) else None
            if info is not None and get_origin(info.annotation) is dict and isinstance(value, dict):
                data[key] = {k: v for k, v in value.items() if k != "__line__"}
        return data


class Option(_Node):
    id: str = Field(pattern=_ID, max_length=60)
    label: str = Field(min_length=1, max_length=300)


class Matchable(_Node):
    id: str = Field(pattern=_ID, max_length=60)
    terms: list[str] = Field(default_factory=list, max_length=500)
    phrases: list[str] = Field(default_factory=list, max_length=500)
    phrase_attr: Literal["LOWER", "LEMMA"] = "LOWER"
    patterns: list[list[dict[str, Any]]] = Field(default_factory=list, max_length=100)

    @field_validator("patterns", mode="before")
    @classmethod
    def _strip_lines(cls, value: Any) -> Any:
        return without_lines(value)

    @field_validator("terms", "phrases")
    @classmethod
    def _not_blank(cls, values: list[str]) -> list[str]:
        for value in values:
            if not isinstance(value, str) or not value.strip():
                raise ValueError("tomme udtryk er ikke tilladt")
            if len(value) > 200:
                raise ValueError(f"udtrykket »{value[:40]}…« er for langt (over 200 tegn)")
        return values

    @model_validator(mode="after")
    def _something(self):
        if not (self.terms or self.phrases or self.patterns):
            raise ValueError(f"'{self.id}' har hverken terms, phrases eller patterns")
        return self


class Exclude(Matchable):
    """A negative pattern of one trigger: a hit overlapping it is dropped."""


class Trigger(Matchable):
    exclude: list[Exclude] = Field(default_factory=list)
    suggests: str | None = Field(default=None, description="Option this trigger is evidence for (assessment questions).")


class Suppressor(Matchable):
    """A rules-wide negative pattern: drops hits it overlaps (``match``) or all hits in the clause."""

    scope: Literal["match", "clause"] = "match"
    applies_to: list[str] = Field(default_factory=list, description="Dimension, question or trigger ids; empty means all.")
    note: str | None = None


class Question(_Node):
    id: str = Field(pattern=_QUESTION_ID, max_length=80)
    step: Step
    decides: Decides
    topic: str | None = Field(
        default=None, max_length=200,
        description="What a provision with a hit is about, completing \"… vedrører …\" in the statement.",
    )
    dimensions: list[DimensionId] = Field(min_length=1)
    arena: str | None = None
    theme: str | None = None
    question: str = Field(min_length=1, max_length=1000)
    guidance: str = Field(min_length=1, max_length=4000)
    examples: list[str] = Field(default_factory=list)
    options: list[Option] | str
    multiple: bool = False
    family_test: list[int] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)

    @field_validator("question", "guidance")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("teksten er tom")
        return " ".join(value.split())

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options] if isinstance(self.options, list) else []

    def label_of(self, option_id: str) -> str:
        for opt in self.options if isinstance(self.options, list) else []:
            if opt.id == option_id:
                return opt.label
        return option_id


class RulesFile(_Node):
    questions: list[Question] = Field(default_factory=list)
    suppress: list[Suppressor] = Field(default_factory=list)


class Manifest(_Node):
    version: str = Field(pattern=r"^\d{4}\.\d+\.\d+$")
    title: str = Field(min_length=1)
    description: str = ""
    source: str = ""
    option_sets: dict[str, list[Option]] = Field(default_factory=dict)
    groups: dict[str, str] = Field(default_factory=dict)
    arenas: dict[str, str] = Field(default_factory=dict)
    themes: dict[str, str] = Field(default_factory=dict)
    family_test: dict[int, str] = Field(default_factory=dict)


class ThirdParty(_Node):
    """A group a provision names, and how the statement names it with the people its relations
    run to: "indsatte" -> "indsatte og deres børn, partnere og øvrige pårørende"."""

    id: str = Field(pattern=_ID, max_length=60)
    forms: list[str] = Field(min_length=1, description="Lower-case word forms or prefixes (ending in *) that name the group.")
    names: str = Field(min_length=1, max_length=200, description="The group with the people its relations run to.")
    dimensions: list[DimensionId] = Field(default_factory=list, description="Only for these dimensions (empty: all).")


class ThirdPartyFile(_Node):
    vacuous: list[str] = Field(default_factory=list, description="Words too general to name who is affected.")
    groups: list[ThirdParty] = Field(default_factory=list)


# --------------------------------------------------------------------------- pydantic errors in Danish


def line_at(raw: Any, loc: tuple) -> int:
    """The line of the innermost mapping on the path ``loc`` through the raw YAML data."""
    line = raw.get("__line__", 1) if isinstance(raw, dict) else 1
    node = raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            line = node.get("__line__", line)
    return line


_LIST_NAMES = {
    "questions": "spørgsmål", "triggers": "trigger", "exclude": "undtagelse", "suppress": "undertrykkelse",
    "options": "svarmulighed", "patterns": "mønster", "terms": "udtryk", "phrases": "frase", "groups": "gruppe",
}


def _where(raw: Any, loc: tuple) -> str:
    """A readable path: "spørgsmål 'kontakt.besoeg' › trigger 'besoeg' › felt 'terms'"."""
    parts: list[str] = []
    node = raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(key, int):
            ident = node.get("id") if isinstance(node, dict) else None
            name = parts.pop() if parts else ""
            name = _LIST_NAMES.get(name.removeprefix("felt '").rstrip("'"), name)
            parts.append(f"{name} '{ident}'" if ident else f"{name} nr. {key + 1}")
            continue
        parts.append(f"felt '{key}'")
    return " › ".join(parts) if parts else "filen"


def danish_error(err: dict, raw: Any) -> str:
    kind = err["type"]
    loc = tuple(err["loc"])
    where = _where(raw, loc)
    value = err.get("input")
    shown = str(value)[:60]
    ctx = err.get("ctx") or {}
    if "dimensions" in loc and kind == "literal_error":
        return f"ukendt dimension '{shown}' (kendte: {', '.join(DIMENSION_IDS)})"
    if kind == "missing":
        return f"{where}: feltet mangler"
    if kind == "extra_forbidden":
        return f"ukendt felt '{str(loc[-1])[:60]}'"
    if kind == "literal_error":
        return f"{where}: ugyldig værdi '{shown}' (tilladt: {ctx.get('expected', '')})"
    if kind == "string_pattern_mismatch":
        return f"{where}: '{shown}' har ikke den krævede form ({ctx.get('pattern', '')})"
    if kind in {"string_too_short", "too_short"}:
        return f"{where}: må ikke være tom"
    if kind in {"string_too_long", "too_long"}:
        return f"{where}: er for lang"
    if kind == "value_error":
        return f"{where}: {ctx.get('error', err.get('msg'))}"
    if kind.endswith("_type") or kind in {"list_type", "dict_type", "model_type"}:
        return f"{where}: har forkert type"
    if kind.startswith("int_") or kind.startswith("bool_"):
        return f"{where}: har forkert type"
    return f"{where}: er ugyldig"


def validate(model: type[BaseModel], raw: Any, path: Path, problems: list[RuleProblem]):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(RuleProblem(str(path), line_at(raw, tuple(err["loc"])), danish_error(err, raw)))
        return None
