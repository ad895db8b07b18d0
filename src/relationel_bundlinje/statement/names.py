"""How the section names the people a provision touches: the rules' third-party table, compiled
once per statement, and the topics and dimensions of the screening questions."""

from __future__ import annotations

import re
from typing import Sequence


class Names:
    """Group ids -> how the section names them (the rules' third-party table)."""

    def __init__(self, rules) -> None:
        self.names = {g.id: g.names for g in rules.third_parties}
        self.patterns = {g.id: [re.compile(_form_regex(f)) for f in g.forms] for g in rules.third_parties}
        self.topics = {q.id: q.topic for q in rules.questions if q.topic}
        self.question_dims = {q.id: set(q.dimensions) for q in rules.questions}

    def of(self, ids: Sequence[str]) -> list[str]:
        return [self.names[i] for i in ids if i in self.names]


def _form_regex(form: str) -> str:
    form = form.lower()
    return re.escape(form[:-1]) + r"\w*" if form.endswith("*") else re.escape(form)
