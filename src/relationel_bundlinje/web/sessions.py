"""Server-side state of each browser session: the bills it uploaded and the answers given so far.

Everything is held in memory only, keyed by random ids, and forgotten when the session has been
idle for ``ttl`` seconds or when the server stops; the number of cases is capped so that many
uploads cannot exhaust memory. Nothing the user uploads reaches the disk unless they save it
themselves (a download, or a verdict in the verdict store).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ..models import AnswerRecord, Assessment, Bill, Finding


@dataclass
class Case:
    """One uploaded bill and the work on it."""

    id: str
    name: str
    """The uploaded file's base name, for display (always escaped) and download names."""
    data: bytes
    bill: Bill
    assessment: Assessment
    findings: list[Finding] | None = None
    """Rule findings, for the questionnaire's evidence (computed when it is first opened)."""
    proposals: list[AnswerRecord] | None = None
    answers: dict[str, AnswerRecord] = field(default_factory=dict)
    """The lawyer's answers (source ``bruger``) by question id."""
    answers_sha256: str | None = None
    position: int = 0
    """The questionnaire page to resume at."""
    seconds: float = 0.0
    """How long the screening took."""
    key: Any = None
    """What ``assessment`` was computed from (answers, verdict store); stale when it differs."""

    def user_answers(self, order: list[str]) -> list[AnswerRecord]:
        return [self.answers[q] for q in order if q in self.answers]


@dataclass
class Session:
    id: str
    cases: OrderedDict[str, Case] = field(default_factory=OrderedDict)
    seen: float = field(default_factory=time.monotonic)


class SessionStore:
    """Sessions and their cases, thread-safe; the oldest case goes first when the cap is reached."""

    def __init__(self, *, ttl: float = 4 * 3600, max_cases: int = 20, clock: Any = time.monotonic) -> None:
        self.ttl = ttl
        self.max_cases = max_cases
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> Session | None:
        with self._lock:
            self._expire()
            session = self._sessions.get(session_id or "")
            if session is not None:
                session.seen = self._clock()
            return session

    def create(self) -> Session:
        with self._lock:
            self._expire()
            session = Session(id=secrets.token_urlsafe(24), seen=self._clock())
            self._sessions[session.id] = session
            return session

    def add_case(self, session: Session, case: Case) -> None:
        with self._lock:
            session.cases[case.id] = case
            self._sessions.setdefault(session.id, session)
            while self._count() > self.max_cases:
                oldest = min(
                    ((s, next(iter(s.cases))) for s in self._sessions.values() if s.cases),
                    key=lambda pair: pair[0].seen if pair[0] is not session else float("inf"),
                )
                oldest[0].cases.pop(oldest[1])

    def case(self, session: Session | None, case_id: str) -> Case | None:
        if session is None:
            return None
        with self._lock:
            return session.cases.get(case_id)

    def _count(self) -> int:
        return sum(len(s.cases) for s in self._sessions.values())

    def _expire(self) -> None:
        now = self._clock()
        for sid in [sid for sid, s in self._sessions.items() if now - s.seen > self.ttl]:
            del self._sessions[sid]


def new_case_id() -> str:
    return secrets.token_urlsafe(12)
