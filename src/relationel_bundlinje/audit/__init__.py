"""The audit of the law in force: screen every act in a folder and rank the provisions that most
restrict people's possibility to keep relations.

``run_audit`` (``run``) screens the acts — only those the cache does not know — in worker
processes or on Dask (``cluster``) into one small record per act (``record``); ``rank`` turns the
records into the ranking, grouped by dimension and act, with the weights of ``weights`` and the
ministry areas of ``areas``; ``report`` writes it as HTML, Markdown, CSV or JSON.
"""

from __future__ import annotations

from .rank import Audit, Row, rank
from .record import ActRecord
from .report import FORMATS, render
from .run import AuditRun, run_audit

__all__ = ["ActRecord", "Audit", "AuditRun", "FORMATS", "Row", "rank", "render", "run_audit"]
