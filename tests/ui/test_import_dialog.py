"""File > Import documents…: the dialog runs the import as a job and ends with a summary that names
each file it could not read; Cancel imports nothing; one undo step takes the import back."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from qda_desktop.core import theme_views, views
from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import Project
from qda_desktop.exchange.refi import export_qdpx
from qda_desktop.ui.controllers.themes import ThemesController
from qda_desktop.ui.import_dialog import ImportDialog
from qda_desktop.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE, SHARED
from tests.exchange.samples import write_docx, write_pdf
from tests.ui.conftest import project_of

SRT = "1\n00:00:00,500 --> 00:00:02,000\nAnna: Shall we start?\n\n2\n00:00:02,500 --> 00:00:04,000\nBen: Yes.\n"


def files(folder: Path) -> list[Path]:
    write_docx(folder / "interview1.docx", ["Interview 1", "Interviewer: Where did you grow up?"])
    (folder / "interview2.srt").write_text(SRT, encoding="utf-8")
    shutil.copyfile(write_pdf(folder / "scan.pdf", [["not a docx"]]), folder / "interview3.docx")
    return [folder / "interview1.docx", folder / "interview2.srt", folder / "interview3.docx"]


def names(window: MainWindow) -> list[str]:
    return [row.name for row in views.document_rows(project_of(window))]


def test_import_reports_what_it_could_not_read(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, shots_dir: Path
) -> None:
    action = next(a for a in window.menu("file").actions() if a.text() == "&Import documents…")
    assert action.shortcut().toString() == "Ctrl+I"
    before = names(window)
    dialog = window.importing.import_documents(files(tmp_path))
    assert isinstance(dialog, ImportDialog)
    qtbot.waitExposed(dialog)
    assert [p.name for p in dialog.paths()] == ["interview1.docx", "interview2.srt", "interview3.docx"]
    dialog.grab().save(str(shots_dir / "import-dialog-files.png"))
    qtbot.mouseClick(dialog.import_button, qtbot_left())
    qtbot.waitUntil(lambda: dialog.runner is not None and dialog.runner.status is not None, timeout=20000)
    assert dialog.summary.text() == (
        "Imported 1 document and 1 transcript (2 turns in transcripts).\n"
        "1 file could not be imported:\n"
        "•  interview3.docx: not a Word document (it is a PDF)"
    )
    assert dialog.close_button.text() == "Close" and dialog.import_button.isHidden()
    qtbot.wait(50)  # let the layout settle before the screenshot
    dialog.grab().save(str(shots_dir / "import-dialog-summary.png"))
    assert sorted(names(window)) == sorted([*before, "interview1", "interview2"])
    shown = window.workspace.current_document
    assert shown is not None and views.document_rows(project_of(window))[-1].id >= shown
    assert window.editor.toPlainText() == "Interview 1\nInterviewer: Where did you grow up?"
    window.grab().save(str(shots_dir / "import-window-after.png"))
    dialog.close()

    window.undo()  # one step for the whole import
    assert names(window) == before


def test_cancel_imports_nothing(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    before = names(window)
    dialog = window.importing.import_documents(files(tmp_path)[:2])
    assert dialog is not None
    dialog.start()
    dialog.reject()  # Cancel while it runs: the dialog stays, the job ends cancelled
    qtbot.waitUntil(lambda: dialog.runner is not None and dialog.runner.status is not None, timeout=20000)
    assert dialog.summary.text() == "Cancelled: nothing was imported."
    assert names(window) == before
    dialog.reject()
    assert not dialog.isVisible()


def qtbot_left() -> object:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_linked_recording_is_stored_first(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    from tests.test_cli_import import tone

    (tmp_path / "talk.srt").write_text(SRT, encoding="utf-8")
    dialog = window.importing.import_documents([tmp_path / "talk.srt"])
    assert dialog is not None
    assert dialog.set_recording(tone(tmp_path / "talk.wav"))
    assert dialog.recording_label.text().startswith("Recording: talk.wav (0:03)")
    dialog.start()
    qtbot.waitUntil(lambda: dialog.runner is not None and dialog.runner.status is not None, timeout=20000)
    assert dialog.summary.text() == "Imported 1 transcript (2 turns in transcripts)."
    talk = next(row for row in views.document_rows(project_of(window)) if row.name == "talk")
    recording = views.recording_of(project_of(window), talk.id)
    assert recording is not None
    dialog.close()


def test_a_qdpx_brings_themes_and_a_board(qtbot: QtBot, tmp_path: Path, shots_dir: Path) -> None:
    """The demo exported as .qdpx and imported into an empty project in the window: the summary counts
    themes and boards and names what was left out; the board dock shows the board with its cards."""
    demo = build_demo(tmp_path / "demo.qdaproj")
    export_qdpx(demo, tmp_path / "demo.qdpx")
    demo_board = theme_views.board_view(demo, theme_views.boards(demo)[0].id)
    assert demo_board is not None
    demo.close()
    spec = SHARED / "interop" / "samples" / "spec-example" / "TestProject.qdpx"
    shutil.copyfile(spec, tmp_path / "TestProject.qdpx")
    project = Project.create(tmp_path / "empty.qdaproj", PASSPHRASE, "Empty")
    window = MainWindow(project)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    themes = next(c for c in window.controllers if isinstance(c, ThemesController))
    try:
        dialog = window.importing.import_documents([tmp_path / "demo.qdpx", tmp_path / "TestProject.qdpx"])
        assert dialog is not None
        dialog.start()
        qtbot.waitUntil(lambda: dialog.runner is not None and dialog.runner.status is not None, timeout=30000)
        text = dialog.summary.text()
        assert text.startswith(
            "Imported 4 documents, 1 recording, 22 codes, 23 codings, 5 memos, 4 cases, 6 attributes, "
            "9 themes and 2 boards.\nWhat was left out or changed:\n"
        ), text
        assert "•  TestProject.qdpx: 11 document sets not imported" in text
        assert "could not be imported" not in text
        qtbot.wait(50)
        dialog.grab().save(str(shots_dir / "import-qdpx-summary.png"))
        dialog.close()
        boards = themes.panel.boards
        assert sorted(boards.itemText(i) for i in range(boards.count())) == ["Netzwerk", "Themes"]
        assert themes.dock.isVisible()  # the first boards show themselves
        themes.show_dock()
        themes.show_board(next(b.id for b in theme_views.boards(project) if b.name == "Themes"))
        qtbot.wait(50)
        themes.panel.view.fit()  # again, now that the dock has its size
        assert len(themes.panel.scene.cards) == len(demo_board.items) > 8
        window.grab().save(str(shots_dir / "import-qdpx-board.png"))
    finally:
        window.close()
        project.close()
