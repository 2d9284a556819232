"""Jobs in the window: work in a thread, writes on the UI thread in batches, progress in a dialog,
Cancel, a stop before the project closes, and undo steps a background write drops said in the window."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from qda_desktop.core.commands import AddCode, AppendSegments, ImportRecording, StartTranscript
from qda_desktop.core.commands.transcripts import SegmentData
from qda_desktop.core.jobs import CANCELLED, DONE, INTERRUPTED, Job, JobContext
from qda_desktop.core.project import Project
from qda_desktop.ui.jobs import JobProgressDialog, JobRunner
from qda_desktop.ui.main_window import MainWindow
from tests.conftest import CORPUS, PASSPHRASE


class AppendTurns(Job[SegmentData]):
    """Appends numbered turns to a transcript, two per write; ``count=None`` runs until cancelled."""

    title = "Append turns"
    batch_size = 2

    def __init__(self, project: Project, document_id: int, count: int | None) -> None:
        self.project = project
        self.document_id = document_id
        self.count = count
        self.writer_threads: set[int] = set()
        self.finished: list[str] = []
        self._stop = threading.Event()

    def work(self, ctx: JobContext[SegmentData]) -> str | None:
        index = 0
        while self.count is None or index < self.count:
            if self._stop.is_set():
                return CANCELLED
            ctx.hand(SegmentData(index * 2.0, index * 2.0 + 1.5, f"Turn {index}."))
            ctx.step(index + 1, self.count or 1_000_000)
            index += 1
        return None

    def write(self, batch: list[SegmentData]) -> None:
        self.writer_threads.add(threading.get_ident())
        self.project.run(AppendSegments(self.document_id, tuple(batch), batch[-1].end), undoable=False)

    def finish(self, status: str, error: str) -> None:
        self.finished.append(status)

    def stop(self) -> None:
        self._stop.set()


@pytest.fixture
def window(qtbot: QtBot, project_path: Path) -> Iterator[MainWindow]:
    shown = MainWindow(Project.open(project_path, PASSPHRASE))
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.close()


def new_transcript(window: MainWindow) -> int:
    assert window.project is not None
    path = CORPUS / "audio" / "P04.m4a"
    media = window.run(ImportRecording(path.name, path, "audio/mp4", 386.0))
    assert media is not None
    changes = window.run(StartTranscript("P04 (transcript)", int(media.result)))
    assert changes is not None
    return int(changes.result)


def text_of(window: MainWindow, document_id: int) -> str:
    from qda_desktop.core import views

    assert window.project is not None
    doc = views.document_text(window.project, document_id)
    assert doc is not None
    return doc.text


def test_a_job_writes_on_the_ui_thread_and_shows_its_progress(qtbot: QtBot, window: MainWindow) -> None:
    assert window.project is not None
    doc = new_transcript(window)
    job = AppendTurns(window.project, doc, 7)
    runner = JobRunner(window.project, job, window)
    dialog = JobProgressDialog(runner, "Appending turns", window)
    fractions: list[float] = []
    runner.progress.connect(lambda p: fractions.append(p.fraction))
    with qtbot.waitSignal(runner.done, timeout=30_000) as blocker:
        runner.start()
    assert blocker.args == [DONE] and job.finished == [DONE]
    assert job.writer_threads == {threading.get_ident()}  # the UI thread: the one writer
    assert runner.driver.batches_written >= 4  # 7 turns, at most two per write
    assert text_of(window, doc).splitlines() == [f"Turn {i}." for i in range(7)]
    assert fractions and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert "100%" in dialog.labelText() and "left" in dialog.labelText()


def test_cancel_in_the_dialog_stops_the_job(qtbot: QtBot, window: MainWindow) -> None:
    assert window.project is not None
    doc = new_transcript(window)
    job = AppendTurns(window.project, doc, None)
    runner = JobRunner(window.project, job, window)
    dialog = JobProgressDialog(runner, "Appending turns", window)
    runner.written.connect(lambda n: dialog.canceled.emit() if n == 1 else None)  # Cancel after the first write
    with qtbot.waitSignal(runner.done, timeout=30_000) as blocker:
        runner.start()
    assert blocker.args == [CANCELLED] and job.finished == [CANCELLED]
    lines = text_of(window, doc).splitlines()
    assert lines[:2] == ["Turn 0.", "Turn 1."] and lines == [f"Turn {i}." for i in range(len(lines))]


def test_stop_before_closing_finishes_the_job_before_it_returns(qtbot: QtBot, window: MainWindow) -> None:
    assert window.project is not None
    doc = new_transcript(window)
    job = AppendTurns(window.project, doc, None)
    runner = JobRunner(window.project, job, window)
    done: list[str] = []
    runner.done.connect(done.append)
    first_write = threading.Event()
    runner.written.connect(lambda _n: first_write.set())
    runner.start()
    qtbot.waitUntil(first_write.is_set, timeout=30_000)
    runner.stop()
    assert job.finished == [INTERRUPTED] and done == [INTERRUPTED]  # already, with the project still open
    written = text_of(window, doc)
    window.close_project()
    qtbot.wait(50)  # the job thread's own "finished" arrives now and is ignored
    assert done == [INTERRUPTED] and written.endswith(".")


def test_the_window_says_when_a_background_write_drops_undo_steps(qtbot: QtBot, window: MainWindow) -> None:
    assert window.project is not None
    doc = new_transcript(window)  # two undo steps: import the recording, start the transcript
    window.run(AddCode("Later"))  # a newer step on other rows
    assert window.undo_action.text() == "Undo Add code 'Later'"
    runner = JobRunner(window.project, AppendTurns(window.project, doc, 2), window)
    with qtbot.waitSignal(runner.done, timeout=30_000):
        runner.start()
    # The transcript's own steps would now undo onto text they never saw: dropped, and the window says so.
    qtbot.waitUntil(lambda: "removed from Undo" in window.statusBar().currentMessage(), timeout=5_000)
    assert "2 undo steps removed from Undo" in window.statusBar().currentMessage()
    assert [s.label for s in window.project.history.undo_stack] == ["Add code 'Later'"]
    window.undo()
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "Undo"

    # A second job touches no remaining step: no such message.
    runner = JobRunner(window.project, AppendTurns(window.project, doc, 2), window)
    with qtbot.waitSignal(runner.done, timeout=30_000):
        runner.start()
    window.refresh_now()
    assert window.statusBar().currentMessage().endswith("— saved")
    assert "removed" not in window.statusBar().currentMessage()
