"""The theme board in the window, over a real project: grouping by drag, one undo step for a
multi-card drag, making themes and links, review, snapshots, export and reopening."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from qda_desktop.core import theme_views
from qda_desktop.core.commands import AddBoard, AddCodesToTheme, AddJournalEntry, AddTheme, UpdateTheme
from qda_desktop.core.demo import DEMO_PASSPHRASE, build_demo
from qda_desktop.core.project import Project
from qda_desktop.ui.board.review import find_theme
from qda_desktop.ui.controllers.themes import ThemesController
from qda_desktop.ui.main_window import MainWindow
from tests.ui.conftest import project_of
from tests.ui.test_board_scene import drag


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project (with its themes, board and snapshots), built once for this module."""
    path = tmp_path_factory.mktemp("board-demo") / "demo.qdaproj"
    build_demo(path).close()
    return path


@pytest.fixture
def window(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """A window over a fresh copy of the demo project."""
    copy = tmp_path / "study.qdaproj"
    shutil.copyfile(demo_file, copy)
    win = MainWindow(Project.open(copy, DEMO_PASSPHRASE))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def themes_of(window: MainWindow) -> ThemesController:
    return next(c for c in window.controllers if isinstance(c, ThemesController))


def answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The next name or label the board asks for."""
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (text, True)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (text, True)))


def board_with_everything(window: MainWindow) -> tuple[ThemesController, int]:
    """A board with one empty theme and every demo code on it."""
    controller = themes_of(window)
    board = window.run(AddBoard("First ideas"))
    assert board is not None
    controller.show_board(board.result)  # the demo has a board of its own; this test starts another
    theme_id = window.run(AddTheme("Belonging")).result  # type: ignore[union-attr]
    controller.show_dock()
    controller.add_missing()
    controller.panel.view.fit()
    return controller, theme_id


def centre(controller: ThemesController, key: int) -> QPointF:
    return controller.panel.scene.cards[key].sceneBoundingRect().center()


def code_keys(controller: ThemesController) -> list[int]:
    cards = controller.panel.scene.state.cards.values()
    return [c.key for c in sorted(cards, key=lambda c: (c.y, c.x)) if c.kind == "code"]


def test_dragging_codes_onto_a_theme_groups_them_in_one_undo_step(window: MainWindow) -> None:
    controller, theme_id = board_with_everything(window)
    project, state = project_of(window), controller.panel.scene.state
    theme_card = state.theme_card_of(theme_id)
    assert theme_card is not None and len(code_keys(controller)) == 8
    first = code_keys(controller)[0]
    code_id = state.cards[first].ref_id
    steps = len(project.history.undo_stack)
    drag(controller.panel.view, centre(controller, first), centre(controller, theme_card.key))
    assert len(project.history.undo_stack) == steps + 1
    assert project.history.undo_label is not None and "Add 1 code to theme" in project.history.undo_label
    node = find_theme(theme_views.theme_tree(project), theme_id)
    assert node is not None and [c.id for c in node.codes] == [code_id]
    dropped = controller.panel.scene.state.cards[first]
    assert dropped.y >= theme_card.y + theme_card.h  # lined up below the theme, not on it
    assert controller.panel.scene.state.theme_card_of(theme_id).members == (code_id,)  # type: ignore[union-attr]
    window.undo()
    node = find_theme(theme_views.theme_tree(project), theme_id)
    assert node is not None and node.codes == ()


def test_a_multi_card_drag_is_one_undo_step_and_survives_reopening(window: MainWindow, qtbot: QtBot) -> None:
    controller, _ = board_with_everything(window)
    project, scene = project_of(window), controller.panel.scene
    keys = code_keys(controller)[:3]
    before = {k: (scene.state.cards[k].x, scene.state.cards[k].y) for k in keys}
    scene.select_keys(keys)
    steps = len(project.history.undo_stack)
    start = centre(controller, keys[0])
    drag(controller.panel.view, start, start + QPointF(0, 400))
    assert len(project.history.undo_stack) == steps + 1
    after = {k: (scene.state.cards[k].x, scene.state.cards[k].y) for k in keys}
    assert all(after[k] == (before[k][0], before[k][1] + 400) for k in keys)
    window.undo()
    assert {k: (scene.state.cards[k].x, scene.state.cards[k].y) for k in keys} == before
    window.redo()
    path = project.path
    window.close_project()
    assert controller.panel.scene.state.cards == {}
    again = MainWindow(Project.open(path, DEMO_PASSPHRASE))  # a fresh window, as after restarting the app
    qtbot.addWidget(again)
    reopened = themes_of(again).panel.scene.state
    assert {k: (reopened.cards[k].x, reopened.cards[k].y) for k in keys} == after
    again.close()


def test_theme_from_selected_codes_links_notes_and_codebook_sync(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, shots_dir: Path
) -> None:
    controller, theme_id = board_with_everything(window)
    scene = controller.panel.scene
    keys = code_keys(controller)
    scene.select_keys(keys[:2])
    answer(monkeypatch, "Trust and distance")
    controller.make_theme()
    trust = next(c for c in scene.state.cards.values() if c.title == "Trust and distance")
    assert set(trust.members) == {scene.state.cards[k].ref_id for k in keys[:2]}
    scene.select_keys([trust.key, scene.state.theme_card_of(theme_id).key])  # type: ignore[union-attr]
    answer(monkeypatch, "tension with")
    controller.link_selected()
    assert [c.label for c in scene.connectors.values()] == ["tension with"]
    answer(monkeypatch, "Ask P2 whether distance is chosen")
    controller.new_note()
    assert any(c.kind == "note" and c.text.startswith("Ask P2") for c in scene.state.cards.values())
    # the codebook renames a code: its card follows, with no reopening
    code_id = scene.state.cards[keys[3]].ref_id
    assert code_id is not None
    window.codes.rename_code(code_id, "Renamed in the codebook")
    assert scene.state.code_card_of(code_id).title.endswith("Renamed in the codebook")  # type: ignore[union-attr]
    window.run(AddCodesToTheme(theme_id, (code_id,)))  # grouped elsewhere: the board shows the membership
    assert code_id in scene.state.theme_card_of(theme_id).members  # type: ignore[union-attr]
    qtbot.wait(100)  # the dock takes its width
    controller.panel.view.fit()
    window.grab().save(str(shots_dir / "board.png"))


def test_review_shows_extracts_by_participant_and_records_the_verdict(
    window: MainWindow, qtbot: QtBot, shots_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, theme_id = board_with_everything(window)
    project = project_of(window)
    codes = [c.ref_id for c in controller.panel.scene.state.cards.values() if c.kind == "code" and c.ref_id]
    window.run(AddCodesToTheme(theme_id, tuple(codes[:4])))
    dialog = controller.review.open(theme_id)
    assert dialog is not None
    cases = theme_views.theme_extracts(project, theme_id)
    groups = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    assert [g.text(0).split(" — ")[0] for g in groups if g] == [c.case for c in cases] and cases
    assert [g.childCount() for g in groups if g] == [len(c.extracts) for c in cases]
    assert dialog.chart is not None and len(dialog.chart.getPlotItem().items) == 1  # the bars
    first = groups[0].child(0) if groups[0] else None
    assert first is not None
    dialog.tree.setCurrentItem(first)
    assert dialog.go_to.isEnabled()
    dialog.go_to.click()
    assert window.workspace.current_document == dialog.chosen_extract().document_id  # type: ignore[union-attr]
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("partly"))
    dialog.notes.setPlainText("Holds for two participants; P3 talks about it differently.")
    dialog.save.click()
    node = find_theme(theme_views.theme_tree(project), theme_id)
    assert node is not None and node.review_verdict == "partly" and node.review_notes.startswith("Holds for two")
    dialog.status.setCurrentIndex(dialog.status.findData("reviewed"))
    node = find_theme(theme_views.theme_tree(project), theme_id)
    assert node is not None and node.status == "reviewed"
    window.run(AddJournalEntry(date(2026, 11, 20), "Is it belonging, or obligation?", "Re-read D02 first."))
    answer(monkeypatch, "2026-11-20 — Is it belonging, or obligation?")
    dialog.link_entry.click()
    assert [dialog.journal.item(i).text() for i in range(dialog.journal.count())] == [
        "2026-11-20 — Is it belonging, or obligation?"
    ]
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(shots_dir / "review.png"))
    dialog.journal.setCurrentRow(0)
    dialog.unlink_entry.click()
    assert dialog.journal.count() == 0


def test_snapshots_compare_timeline_and_export(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, shots_dir: Path, tmp_path: Path
) -> None:
    controller, theme_id = board_with_everything(window)
    codes = [c.ref_id for c in controller.panel.scene.state.cards.values() if c.kind == "code" and c.ref_id]
    window.run(AddCodesToTheme(theme_id, (codes[0], codes[1])))
    answer(monkeypatch, "Before supervision")
    first = controller.snapshots.take(controller.board_id)
    window.run(UpdateTheme(theme_id, {"name": "Belonging at work"}))
    other = window.run(AddTheme("Keeping distance")).result  # type: ignore[union-attr]
    window.run(AddCodesToTheme(other, (codes[1],)))
    answer(monkeypatch, "After supervision")
    second = controller.snapshots.take(controller.board_id)
    assert first and second and first != second
    dialog = controller.snapshots.compare(controller.board_id)
    assert dialog is not None
    text = dialog.text.toPlainText()
    assert "“Belonging” is now “Belonging at work”" in text
    assert "Keeping distance" in text and "Codes moved between themes" in text
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(shots_dir / "compare.png"))
    timeline = controller.snapshots.timeline(controller.board_id)
    assert timeline is not None and timeline.slider.maximum() == 1
    assert "Belonging at work" in [c.title for c in timeline.scene.state.cards.values()]
    timeline.slider.setValue(0)
    assert "Belonging" in [c.title for c in timeline.scene.state.cards.values()]
    assert "first snapshot" in timeline.changes.toPlainText()
    for suffix in ("png", "svg", "pdf"):
        assert controller.export_to(tmp_path / f"board.{suffix}") is not None
    assert (tmp_path / "board.pdf").read_bytes().startswith(b"%PDF")


def test_the_demo_opens_on_its_board_with_snapshots_to_step_through(
    window: MainWindow, qtbot: QtBot, shots_dir: Path
) -> None:
    controller = themes_of(window)
    controller.show_dock()
    qtbot.wait(100)  # the dock takes its width
    controller.panel.view.fit()
    state = controller.panel.scene.state
    project = project_of(window)
    themes = {c.title for c in state.cards.values() if c.kind in ("theme", "subtheme")}
    assert themes == {n.name for n in theme_views.theme_tree(project)} | {
        child.name for n in theme_views.theme_tree(project) for child in n.children
    }
    assert any(c.kind == "subtheme" for c in state.cards.values())
    assert any(c.kind == "note" for c in state.cards.values()) and state.links
    window.grab().save(str(shots_dir / "demo-board.png"))
    timeline = controller.snapshots.timeline(controller.board_id)
    assert (
        timeline is not None
        and timeline.slider.maximum() == len(theme_views.snapshots(project, controller.board_id or 0)) - 1 >= 1
    )
    qtbot.waitExposed(timeline)
    timeline.grab().save(str(shots_dir / "timeline.png"))


def test_review_plays_an_extract_that_comes_from_a_recording(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtMultimedia import QMediaPlayer

    from qda_desktop.core import views
    from qda_desktop.core.commands import AddCode, AppendSegments, ApplyCode
    from qda_desktop.core.commands.transcripts import SegmentData, Word
    from tests.conftest import CORPUS
    from tests.ui.test_transcription_ui import empty_transcript

    project = project_of(window)
    doc = empty_transcript(window, CORPUS / "audio" / "P04.m4a", "P04 (transcript)")
    said = [("Thanks for coming.", 0.0), ("We only ever saw the students twice.", 2.0)]
    segments = tuple(
        SegmentData(
            start,
            start + 2.0,
            text,
            tuple(Word(" " + w, start + i * 0.3, start + i * 0.3 + 0.3) for i, w in enumerate(text.split())),
        )
        for text, start in said
    )
    project.run(AppendSegments(doc, segments, 4.0), undoable=False)
    text = views.document_text(project, doc)
    assert text is not None
    start = text.text.index("We only")
    code = window.run(AddCode("Distance")).result  # type: ignore[union-attr]
    window.run(ApplyCode(doc, code, start, start + len("We only ever saw the students twice.")))
    theme = window.run(AddTheme("Keeping distance")).result  # type: ignore[union-attr]
    window.run(AddCodesToTheme(theme, (code,)))
    dialog = themes_of(window).review.open(theme)
    assert dialog is not None
    group = dialog.tree.topLevelItem(0)
    row = group.child(0) if group is not None else None
    assert row is not None and row.text(3) == "0:02–0:04"  # its time in the recording
    dialog.tree.setCurrentItem(row)
    assert dialog.play.isEnabled()
    dialog.play.click()
    assert window.workspace.current_document == doc
    player = window.transcription.playback.player.player
    qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.PlayingState, timeout=10_000)
    # Stopped before the window closes: a window closed while this recording played was followed, now and
    # then, by the next test hanging in Qt's event processing (cause not found yet).
    player.stop()
    qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.StoppedState, timeout=10_000)
    dialog.close()


def test_the_audit_log_filters_by_action_words_and_date(window: MainWindow) -> None:
    controller, theme_id = board_with_everything(window)
    window.run(UpdateTheme(theme_id, {"name": "Belonging at work"}))
    dialog = controller.show_audit()
    assert dialog is not None
    everything = dialog.table.rowCount()
    assert everything > 5 and dialog.count.text() == f"{everything} entries"
    dialog.words.setText("theme")
    actions = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]  # type: ignore[union-attr]
    assert actions[:2] == ["Rename theme to 'Belonging at work'", "Add theme 'Belonging'"]  # newest first
    dialog.words.clear()
    dialog.category.setCurrentIndex(dialog.category.findData("rename"))
    renames = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]  # type: ignore[union-attr]
    assert renames[0] == "Rename theme to 'Belonging at work'" and all(a.startswith("Rename") for a in renames)
    dialog.category.setCurrentIndex(dialog.category.findData("create"))
    kinds = {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}  # type: ignore[union-attr]
    assert kinds == {"create"}
    dialog.use_dates.setChecked(True)
    dialog.since.setDate(dialog.until.date().addDays(1))  # from tomorrow: nothing yet
    assert dialog.table.rowCount() == 0 and dialog.count.text() == "0 entries"
