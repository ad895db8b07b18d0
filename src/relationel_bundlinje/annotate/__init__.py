"""The lawyer's draft (.docx) back with Word comments: one per flagged provision, on its own text.

``annotate_docx(data)`` screens the draft as ``screen`` does and writes, in the margin beside each
provision the conclusion rests on, what the appendix says of it: dimensions, direction, the reason
in one sentence, the screening questions it bears on and how sure the tool is. Steps: ``notes``
(which passages, what each comment says; the Danish in ``wording``), ``layout`` and ``align`` (a
span of the bill's text back to the Word paragraphs and runs it was read from), ``anchor`` (the
comment ranges in the XML), ``styles`` (comment styles where missing), ``package`` (the draft's
zip with only the touched parts rewritten).
"""

from __future__ import annotations

from .core import Annotated, annotate, annotate_docx

__all__ = ["Annotated", "annotate", "annotate_docx"]
