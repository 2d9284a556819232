"""Every memo in one list, whatever it is about: the project, a document, a code or a coding.

Project and document memos are memo rows; a code's or a coding's memo is its own ``memo`` field. The
notes panel addresses them all by a key (``memo:3``, ``code:5``, ``coding:9``) and this module turns
an edit of a key into the one command that stores it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from qda_desktop.core.code_paths import build_paths
from qda_desktop.core.commands import AddMemo, Command, DeleteMemo, SetCodingMemo, UpdateCode, UpdateMemo
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Code, Coding, Document, Memo

EXCERPT_CHARS = 48


@dataclass(frozen=True)
class MemoNote:
    key: str
    title: str
    text: str
    about: str
    own_title: bool  # False where the title is the code's or coding's name, not the memo's


def memo_key(kind: str, item_id: int) -> str:
    return f"{kind}:{item_id}"


def parse_key(key: str) -> tuple[str, int]:
    kind, _, number = key.partition(":")
    if kind not in ("memo", "code", "coding") or not number.isdigit():
        raise InvalidInput(f"not a memo key: {key!r}")
    return kind, int(number)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def memo_notes(project: Project, include_empty: tuple[str, ...] = ()) -> list[MemoNote]:
    """Project and document memos, then code memos in tree order, then coding memos; empty code and
    coding memos are left out unless their key is in ``include_empty`` (one being written)."""
    with project.read() as session:
        names = dict(session.execute(select(Document.id, Document.name)).all())
        codes = list(session.execute(select(Code.id, Code.name, Code.parent_id, Code.memo)).all())
        paths = build_paths((c.id, c.name, c.parent_id) for c in codes)
        memos = list(session.scalars(select(Memo).order_by(Memo.id)))
        wanted = set(include_empty)
        writing = [int(key.partition(":")[2]) for key in wanted if key.startswith("coding:")]
        excerpt = func.substr(Document.text, Coding.start + 1, func.min(Coding.end - Coding.start, EXCERPT_CHARS * 4))
        coding_rows = session.execute(  # only codings with a memo, and only the start of their text
            select(Coding.id, Coding.code_id, Coding.document_id, Coding.memo, excerpt.label("excerpt"))
            .join(Document, Document.id == Coding.document_id)
            .where(or_(Coding.memo != "", Coding.id.in_(writing)))
            .order_by(Coding.document_id, Coding.start)
        ).all()
    notes = [
        MemoNote(
            memo_key("memo", m.id),
            m.title,
            m.text,
            f"on document {names[m.document_id]}" if m.document_id is not None else "on the project",
            True,
        )
        for m in memos
    ]
    code_memos = {c.id: c.memo for c in codes}
    for code_id in sorted(paths, key=lambda i: paths[i].casefold()):
        memo = code_memos[code_id]
        if memo or memo_key("code", code_id) in wanted:
            notes.append(MemoNote(memo_key("code", code_id), paths[code_id], memo, "on the code", False))
    for row in coding_rows:
        if row.memo or memo_key("coding", row.id) in wanted:
            about = f"on a coding in {names[row.document_id]}: “{_excerpt(row.excerpt)}”"
            notes.append(MemoNote(memo_key("coding", row.id), paths[row.code_id], row.memo, about, False))
    return notes


def new_memo(target: str, target_id: int | None) -> Command[int] | None:
    """The command that makes a new project or document memo; code and coding memos already exist (their
    field), so for those there is nothing to add: the panel writes into the field."""
    if target in ("project", "document"):
        return AddMemo("New memo", "", target, target_id)
    return None


def save(key: str, title: str, text: str) -> Command[None]:
    kind, item_id = parse_key(key)
    if kind == "memo":
        return UpdateMemo(item_id, title, text)
    if kind == "code":
        return UpdateCode(item_id, {"memo": text})
    return SetCodingMemo(item_id, text)


def delete(key: str) -> Command[None]:
    """Deleting a code's or coding's memo empties the field; the code or coding stays."""
    kind, item_id = parse_key(key)
    return DeleteMemo(item_id) if kind == "memo" else save(key, "", "")
