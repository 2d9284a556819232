"""The "case labels" option: participant names replaced by the label of their case (the case's name).

What is replaced, exactly (``REPLACED`` says it in the export itself):
- a document's name becomes the name of its case (several cases: joined with " + "; several documents of one
  case are numbered, "P01 (2)"); a document linked to no case becomes "Document N";
- a transcript speaker whose name is a case's name or one of that case's attribute values (a pseudonym or
  name column) becomes that case's name, in the speaker field and in the "Name: " labels inside extracts.
Words inside the extracts' text are not changed, nor are other speakers (an interviewer keeps their label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.listings import document_cases
from qda_desktop.store.models import Case, CaseAttributeValue, Document, Segment

REPLACED = (
    "Participant names are replaced by case labels in document names and transcript speaker names; "
    "words inside the extracts are not changed."
)


@dataclass(frozen=True)
class Labels:
    """How names are shown; empty maps show every name as it is."""

    documents: dict[int, str] = field(default_factory=dict)
    speakers: dict[int, dict[str, str]] = field(default_factory=dict)  # document id → speaker → label

    @property
    def active(self) -> bool:
        return bool(self.documents)

    def document(self, document_id: int, name: str) -> str:
        return self.documents.get(document_id, name)

    def speaker(self, document_id: int, speaker: str) -> str:
        return self.speakers.get(document_id, {}).get(speaker, speaker)

    def text(self, document_id: int, text: str) -> str:
        """``text`` with the "Name: " speaker labels at line starts replaced."""
        names = self.speakers.get(document_id)
        if not names:
            return text
        pattern = re.compile("^(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + "): ", re.M)
        return pattern.sub(lambda m: f"{names[m.group(1)]}: ", text)


def case_labels(session: Session) -> Labels:
    """The replacements for this project (see the module's docstring)."""
    cases = document_cases(session)
    docs = session.execute(select(Document.id, Document.name).order_by(Document.name)).all()
    wanted = {int(i): " + ".join(cases[i]) for i, _name in docs if i in cases}
    shown: dict[int, str] = {}
    seen: dict[str, int] = {}
    shared = {label for label in wanted.values() if list(wanted.values()).count(label) > 1}
    unlinked = 0
    for doc_id, _name in docs:
        label = wanted.get(doc_id)
        if label is None:
            unlinked += 1
            shown[doc_id] = f"Document {unlinked}"
            continue
        seen[label] = seen.get(label, 0) + 1
        shown[doc_id] = f"{label} ({seen[label]})" if label in shared else label
    return Labels(shown, _speaker_labels(session))


def _speaker_labels(session: Session) -> dict[int, dict[str, str]]:
    """Speakers named like a case (its name or an attribute value, ignoring case) → that case's name."""
    names = {str(name).casefold(): str(name) for name in session.scalars(select(Case.name))}
    for case_name, value in session.execute(
        select(Case.name, CaseAttributeValue.value).join(Case, Case.id == CaseAttributeValue.case_id)
    ):
        if str(value).strip():
            names.setdefault(str(value).strip().casefold(), str(case_name))
    out: dict[int, dict[str, str]] = {}
    for doc_id, speaker in session.execute(select(Segment.document_id, Segment.speaker).distinct()):
        label = names.get(str(speaker).strip().casefold()) if speaker else None
        if label is not None:
            out.setdefault(int(doc_id), {})[str(speaker)] = label
    return out
