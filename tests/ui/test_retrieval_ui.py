"""The retrieval panel, the search panel's scope and phrase search, and Codes > Import codebook… on the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from qda_desktop.core.queries import code_by_name, project_dump
from qda_desktop.exchange.codebook_import import plan_codebook_for
from qda_desktop.ui.codebook_import_dialog import CodebookImportDialog
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.retrieval_panel import RetrievalPanel
from tests.conftest import CORPUS
from tests.ui.conftest import project_of


def code_id(window: MainWindow, name: str) -> int:
    with project_of(window).read() as session:
        return code_by_name(session, name)


def rows(panel: RetrievalPanel) -> list[tuple[str, str, str, str]]:
    return [(i.text(0), i.text(1), i.text(2), i.text(3)) for i in panel.extract_items()]


def choose(combo_owner: RetrievalPanel, combo_name: str, data: object) -> None:
    combo = getattr(combo_owner, combo_name)
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_parent_code_retrieval_with_sub_codes_filters_grouping_and_context(window: MainWindow) -> None:
    panel = window.codes.retrieval
    window.codes.codebook.select_code(code_id(window, "Power"))
    shown = rows(panel)
    assert panel.title.text().endswith("6 extracts in 4 documents from 4 participants")
    assert {code for *_, code in shown} == {"Academic agenda", "Being listened to"}
    full = "It went to the medical school, got marked, and we saw a copy months later with our name spelt wrong."
    assert (full, "D01 Allotment", "Marguerite", "Academic agenda") in shown  # whole extract, case, sub-code

    panel.sub_codes.setChecked(False)  # the parent's own codings only: none in the demo
    assert rows(panel) == [] and panel.title.text().endswith("0 extracts in 0 documents")
    panel.sub_codes.setChecked(True)

    choose(panel, "case_filter", "Desmond")
    assert {doc for _, doc, _, _ in rows(panel)} == {"D02 Tenants' association"}
    assert panel.title.text().endswith("1 extract in 1 document from 1 participant")
    choose(panel, "case_filter", None)
    choose(panel, "attribute_filter", "Paid staff\x1ffalse")
    assert {case for _, _, case, _ in rows(panel)} == {"Marguerite", "Desmond", "Grace"}
    choose(panel, "attribute_filter", None)

    choose(panel, "sort", "case")
    assert [case for _, _, case, _ in rows(panel)] == sorted(case for _, _, case, _ in rows(panel))
    panel.group.setChecked(True)
    groups = [panel.list.topLevelItem(i) for i in range(panel.list.topLevelItemCount())]
    assert [g.text(0) for g in groups if g is not None] == [
        "Desmond — 1 extract in 1 document",
        "Grace — 1 extract in 1 document",
        "Marguerite — 3 extracts in 1 document",
        "Roy — 1 extract in 1 document",
    ]

    first = panel.extract_items()[0]
    panel.list.setCurrentItem(first)
    choose(panel, "context_unit", "paragraph")
    context = panel.context_view.toPlainText()
    assert first.text(0) in context and context.index(first.text(0)) > 0  # the text around it too
    group_heading = groups[0]
    assert isinstance(group_heading, QTreeWidgetItem)
    panel._jump(group_heading)  # a heading is not an extract: nothing happens


def test_search_phrase_zero_matches_and_scope(window: MainWindow) -> None:
    search = window.codes.search
    search.query.setText('"told us what they wanted"')
    search.query.returnPressed.emit()
    assert search.summary.text() == "1 match in 1 document"
    search.query.setText('"wanted told"')
    search.query.returnPressed.emit()
    assert search.summary.text() == '0 matches for "wanted told"'
    search.scope.setCurrentIndex(search.scope.findData(code_id(window, "Power")))
    search.query.setText("the")
    search.query.returnPressed.emit()
    scoped = search.results.topLevelItemCount()
    assert search.summary.text().endswith("in the extracts of 'Power'") and scoped > 0
    search.scope.setCurrentIndex(0)
    search.query.returnPressed.emit()
    assert search.results.topLevelItemCount() > scoped


def test_import_codebook_preview_then_one_undo_step(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = project_of(window)
    plan = plan_codebook_for(project, CORPUS / "codebook_example.csv")
    dialog = CodebookImportDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.rows.topLevelItemCount() == 27 and dialog.import_button.isEnabled()
    assert not dialog.problems.isVisibleTo(dialog)
    first = dialog.rows.topLevelItem(0)
    assert first is not None and (first.text(0), first.text(1)) == ("Nature of the relationship", "New")

    bad = tmp_path / "bad.csv"
    bad.write_text("code,parent,colour\nA,Nowhere,#12\n", encoding="utf-8")
    refused = CodebookImportDialog(plan_codebook_for(project, bad))
    qtbot.addWidget(refused)
    assert refused.problems.count() == 2 and not refused.import_button.isEnabled()
    assert refused.summary.text().startswith("bad.csv: nothing imported; 2 problems")

    before = len(project_dump_codes(window))
    monkeypatch.setattr(CodebookImportDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.codes.import_codebook_file(CORPUS / "codebook_example.csv")
    assert len(project_dump_codes(window)) == before + 27
    assert window.codes.codebook.tree.topLevelItemCount() == 4 + 6
    window.undo()
    assert len(project_dump_codes(window)) == before


def project_dump_codes(window: MainWindow) -> list[dict[str, object]]:
    with project_of(window).read() as session:
        codes: list[dict[str, object]] = project_dump(session)["codes"]
    return codes


def test_code_box_refuses_a_name_two_codes_share(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from qda_desktop.core.commands import AddCode

    window.run(AddCode("Hidden costs", parent_id=code_id(window, "Power")))
    before = len(project_dump_codes(window))
    start = window.editor.text.index("They asked")
    window.editor.select_range(start, start + 10)
    window.coding.code_box.setText("hidden costs")
    qtbot.keyClick(window.coding.code_box, Qt.Key.Key_Return)
    message = window.statusBar().currentMessage()
    assert "'hidden costs' matches 2 codes: Power/Hidden costs, Reciprocity/Hidden costs; give the path" in message
    assert len(project_dump_codes(window)) == before  # no third one at the top level
    assert window.coding.code_box.text() == "hidden costs"  # kept, to add the path


def test_find_in_document_matches_whole_words_and_phrases(window: MainWindow) -> None:
    coding = window.coding
    coding.find_box.setText("the")
    found = []
    for _ in range(4):
        coding.find_next()
        selection = window.editor.selection()
        assert selection is not None
        found.append(selection)
    text = window.editor.text
    assert all(text[s:e].lower() == "the" and not text[e].isalpha() for s, e in found)  # never "they", "them"
    assert found == sorted(found)
    coding.find_box.setText('"told us what"')
    coding.find_next()
    assert window.editor.selected_text() == "told us what"
    coding.find_box.setText("zzqx")
    coding.find_next()
    assert window.statusBar().currentMessage() == "0 matches for zzqx in this document"
