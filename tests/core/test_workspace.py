"""The window's view state without Qt: codes typed by path, recent codes, the current document."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from qda_desktop.core.changes import Changes, TableChange
from qda_desktop.core.listings import CodeRow
from qda_desktop.core.workspace import MAX_RECENT_CODES, CodeStyle, Workspace, code_paths, merge_changes
from qda_desktop.errors import InvalidInput


def row(code_id: int, name: str, parent: int | None = None, color: str = "#123456") -> CodeRow:
    texts = dict.fromkeys(("definition", "inclusion", "exclusion", "example", "memo"), "")
    return CodeRow(id=code_id, name=name, parent_id=parent, position=0, color=color, codings=0, documents=0, **texts)


ROWS = [
    row(3, "Voice", parent=1),  # a child listed before its parent
    row(1, "Power"),
    row(2, "Trust"),
    row(4, "Voice", parent=2),
    row(5, "Agenda", parent=3),
]


def test_code_paths_follow_the_tree_in_any_order() -> None:
    assert code_paths(ROWS) == {
        1: "Power",
        2: "Trust",
        3: "Power/Voice",
        4: "Trust/Voice",
        5: "Power/Voice/Agenda",
    }


def test_typed_paths_match_with_either_separator_and_any_case() -> None:
    ws = Workspace()
    ws.set_codes(ROWS)
    assert ws.code_for_typed("Power/Voice") == 3
    assert ws.code_for_typed("trust / voice") == 4
    assert ws.code_for_typed("power/voice/AGENDA") == 5
    assert ws.code_for_typed("Agenda") == 5  # a name only one code has
    with pytest.raises(InvalidInput, match=re.escape("'Voice' matches 2 codes: Power/Voice, Trust/Voice")):
        ws.code_for_typed("Voice")  # two codes have it: refused with the candidates, never a new code
    assert ws.code_for_typed("Hope") is None
    assert ws.code_for_typed("  ") is None
    assert ws.completions() == ["Power", "Power/Voice", "Power/Voice/Agenda", "Trust", "Trust/Voice"]
    assert ws.styles[2] == CodeStyle("Trust", "#123456")


def test_recent_codes_are_most_recent_first_bounded_and_pruned() -> None:
    ws = Workspace()
    ws.set_codes([row(i, f"C{i}") for i in range(1, 13)])
    assert ws.quick_code(fallback=7) == 7
    for code_id in range(1, 12):
        ws.remember_code(code_id)
    ws.remember_code(5)
    assert ws.recent_codes[:3] == [5, 11, 10] and len(ws.recent_codes) == MAX_RECENT_CODES
    assert ws.recent(1) == 5 and ws.recent(9) is not None and ws.recent(10) is None and ws.recent(0) is None
    assert ws.quick_code(fallback=7) == 5
    ws.set_codes([row(i, f"C{i}") for i in range(1, 13) if i != 5])  # code 5 was deleted
    assert 5 not in ws.recent_codes and ws.recent(1) == 11


def test_current_document_and_selected_coding() -> None:
    ws = Workspace()
    assert ws.show_document(4) and not ws.show_document(4)
    ws.selected_coding = 9
    assert ws.show_document(5) and ws.selected_coding is None
    ws.selected_coding = 9
    assert not ws.documents_changed({4, 5}) and ws.current_document == 5 and ws.selected_coding == 9
    assert ws.documents_changed({4}) and ws.current_document is None and ws.selected_coding is None
    ws.set_codes(ROWS)
    ws.remember_code(1)
    ws.clear()
    assert (ws.styles, ws.paths, ws.recent_codes) == ({}, {}, [])


def test_merged_changes_carry_every_row_and_the_last_label() -> None:
    first = Changes("Add code 'A'", "do", {"code": {1}})
    second = Changes("Apply code", "do", {"coding": {7}, "code": {2}}, result=7)
    third = Changes("Apply code", "undo", {"coding": {8}})
    merged = merge_changes([first, second, third])
    assert merged.ids("codes") == {1, 2} and merged.ids("codings") == {7, 8}
    assert (merged.label, merged.kind) == ("Apply code", "undo")
    assert first.ids("codes") == {1}  # the records themselves are left alone


def test_merged_changes_keep_each_tables_rows_and_dropped_steps() -> None:
    deleted = TableChange(deleted=frozenset({5}), parents={5: {"document_id": 2, "code_id": 9}})
    first = Changes("Delete coding", "do", {"coding": {5}}, tables={"coding": deleted}, dropped_undo_steps=1)
    added = TableChange(inserted=frozenset({6}))
    second = Changes("Apply code", "do", {"coding": {6}}, tables={"coding": added}, dropped_undo_steps=2)
    merged = merge_changes([first, second]).table("codings")
    assert (set(merged.inserted), set(merged.deleted)) == ({6}, {5}) and merged.parent_ids("code_id") == {9}
    assert merge_changes([first, second]).dropped_undo_steps == 3


def test_workspace_loads_without_qt() -> None:
    code = "import sys, qda_desktop.core.workspace; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
