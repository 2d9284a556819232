"""What the window is looking at, without Qt: the current document, the selected coding, the recent
codes, and each code's style and path. Controllers read and change it; widgets only show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from qda_desktop.core.changes import Changes, TableChange
from qda_desktop.core.code_paths import build_paths, find_code
from qda_desktop.core.listings import CodeRow

MAX_RECENT_CODES = 9


@dataclass(frozen=True)
class CodeStyle:
    name: str
    color: str


def code_paths(rows: list[CodeRow]) -> dict[int, str]:
    """Each code's path from the root, parents first ("Parent/Child")."""
    return build_paths((r.id, r.name, r.parent_id) for r in rows)


@dataclass
class Workspace:
    current_document: int | None = None
    selected_coding: int | None = None
    current_code: int | None = None  # the code selected in the codebook
    recent_codes: list[int] = field(default_factory=list)
    styles: dict[int, CodeStyle] = field(default_factory=dict)
    paths: dict[int, str] = field(default_factory=dict)

    # -- the codebook --------------------------------------------------------

    def set_codes(self, rows: list[CodeRow]) -> None:
        """New codebook rows: styles and paths follow; recent codes that are gone are dropped."""
        self.styles = {r.id: CodeStyle(r.name, r.color) for r in rows}
        self.paths = code_paths(rows)
        self.recent_codes = [c for c in self.recent_codes if c in self.styles]

    def name_of(self, code_id: int) -> str:
        style = self.styles.get(code_id)
        return style.name if style else "?"

    def completions(self) -> list[str]:
        return sorted(self.paths.values(), key=str.lower)

    def code_for_typed(self, typed: str) -> int | None:
        """The code a typed name means: its full path ("Parent/Child" or "Parent / Child", any case),
        else a name that only one code has. None when nothing matches; a name several codes share is
        refused (InvalidInput listing them), never taken for a new code."""
        return find_code(self.paths, typed)

    # -- recent codes ----------------------------------------------------------

    def remember_code(self, code_id: int) -> None:
        self.recent_codes = [code_id, *[c for c in self.recent_codes if c != code_id]][:MAX_RECENT_CODES]

    def recent(self, n: int) -> int | None:
        """The n-th recent code (from 1), as numbered in the popup."""
        return self.recent_codes[n - 1] if 1 <= n <= len(self.recent_codes) else None

    def quick_code(self, fallback: int | None) -> int | None:
        """The code "apply current code" applies: the last one used, else the one chosen in the codebook."""
        return self.recent_codes[0] if self.recent_codes else fallback

    # -- documents and codings --------------------------------------------------

    def show_document(self, document_id: int | None) -> bool:
        """Make a document current; True when that changed what is shown."""
        if document_id == self.current_document:
            return False
        self.current_document = document_id
        self.selected_coding = None
        return True

    def documents_changed(self, existing: set[int]) -> bool:
        """The document list changed; True when the current document is gone (and forgotten)."""
        if self.current_document is not None and self.current_document not in existing:
            self.show_document(None)
            return True
        return False

    def clear(self) -> None:
        """The project closed."""
        self.current_document = None
        self.selected_coding = None
        self.current_code = None
        self.recent_codes = []
        self.styles = {}
        self.paths = {}


def merge_changes(records: list[Changes]) -> Changes:
    """Several change records as one (for one refresh): the rows of all, the label and kind of the last."""
    touched: dict[str, set[int]] = {}
    for record in records:
        for table, ids in record.touched.items():
            touched.setdefault(table, set()).update(ids)
    tables: dict[str, TableChange] = {}
    for record in records:
        for table, change in record.tables.items():
            seen = tables.get(table, TableChange())
            tables[table] = TableChange(
                seen.inserted | change.inserted,
                seen.updated | change.updated,
                seen.deleted | change.deleted,
                {**seen.parents, **change.parents},
            )
    last = records[-1]
    dropped = sum(record.dropped_undo_steps for record in records)
    return Changes(last.label, last.kind, touched, last.result, tables, dropped_undo_steps=dropped)
