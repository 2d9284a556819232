"""Transcribing in the window (real model), then reading along with the audio."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from qda_desktop.core.commands import AddCode, ApplyCode
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.transcription_options import TranscriptionOptionsDialog
from qda_desktop.ui.transcription_ui import TranscriptionRunner
from tests.conftest import PASSPHRASE
from tests.transcribe.conftest import AUDIO, cut_recording, model_path


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 60 seconds of P01.wav."""
    return cut_recording(AUDIO / "P01.wav", tmp_path_factory.mktemp("clip") / "P01-start.wav", 60)


@pytest.fixture
def empty_window(qtbot: QtBot, project_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("QDA_WHISPER_MODEL", str(model_path()))
    # The options dialog is accepted as it opens: automatic device, English, beam 5.
    monkeypatch.setattr(TranscriptionOptionsDialog, "exec", accept_with_english)
    window = MainWindow(Project.open(project_path, PASSPHRASE))
    window.resize(1400, 900)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def empty_transcript(window: MainWindow, recording: Path, name: str) -> int:
    """A transcript document (no segments yet) for a stored recording, as a job starts it."""
    from qda_desktop.core.commands import ImportRecording, StartTranscript
    from qda_desktop.transcribe.recordings import probe

    assert window.project is not None
    info = probe(recording)
    media = window.project.run(ImportRecording(recording.name, recording, info.mime, info.duration_s)).result
    document_id = int(window.project.run(StartTranscript(name, media)).result)
    window.refresh_now()
    return document_id


def accept_with_english(dialog: TranscriptionOptionsDialog) -> int:
    assert dialog.model is not None and "English only" in dialog.model_label.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    return int(QDialog.DialogCode.Accepted)


def wait_for_runner(qtbot: QtBot, window: MainWindow) -> TranscriptionRunner:
    """The recording is stored in steps first; the runner exists once that is done."""
    qtbot.waitUntil(lambda: window.transcription.runner is not None, timeout=60_000)
    assert window.transcription.runner is not None
    return window.transcription.runner


def wait_for_job(qtbot: QtBot, window: MainWindow) -> str:
    runner = wait_for_runner(qtbot, window)
    with qtbot.waitSignal(runner.done, timeout=180_000) as blocker:
        pass
    return str(blocker.args[1])


def transcript_of(window: MainWindow) -> dict:  # type: ignore[type-arg]
    assert window.project is not None
    with window.project.read() as session:
        return next(d for d in project_dump(session)["documents"] if d["kind"] == "transcript")


def test_transcribe_cancel_resume_and_read_along(
    qtbot: QtBot, empty_window: MainWindow, clip: Path, shots_dir: Path
) -> None:
    window = empty_window
    window.transcription.transcribe_recording(clip)
    runner = wait_for_runner(qtbot, window)

    def cancel_early(progress: object) -> None:
        # Runs in the job's thread, before it reads the next segment: the job cannot finish first.
        if getattr(progress, "processed_s", 0) > 8:
            runner.job.cancel()

    runner.signals.progress.connect(cancel_early, Qt.ConnectionType.DirectConnection)
    assert wait_for_job(qtbot, window) == "cancelled"
    assert "Resume" in window.statusBar().currentMessage()
    partial = transcript_of(window)
    assert partial["segments"] and partial["segments"][-1]["end"] < 50

    window.transcription.runner = None
    window.transcription.resume_transcription()
    assert wait_for_job(qtbot, window) == "done"
    doc = transcript_of(window)
    assert doc["segments"][-1]["end"] > 55
    assert window.coding.heading.text() == "P01-start (transcript)"
    assert "recording now" in window.editor.text

    # Read along: the recording plays from the encrypted project.
    player = window.transcription.playback.player
    qtbot.waitUntil(lambda: player.player.duration() > 59_000, timeout=20_000)
    first_word = next(w for w in doc["segments"][1]["words"] if w[2] - w[1] > 0.2)  # long enough to land in
    player.seek(first_word[1] + 0.05)
    qtbot.waitUntil(lambda: window.editor._playhead is not None, timeout=5_000)
    assert window.editor._playhead == (first_word[3], first_word[4])
    assert window.editor._play_segment == (doc["segments"][1]["char_start"], doc["segments"][1]["char_end"])

    # Clicking a word seeks there.
    target = doc["segments"][2]["words"][1]
    window.editor.select_range(target[3] + 1, target[3] + 1)
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=window.editor.cursorRect().center())
    qtbot.waitUntil(lambda: abs(player.player.position() / 1000 - target[1]) < 0.5, timeout=5_000)

    # A coded passage plays its own span from the retrieval panel.
    assert window.project is not None
    code = window.project.run(AddCode("Opening")).result
    segment = doc["segments"][1]
    window.project.run(ApplyCode(doc["id"], code, segment["char_start"], segment["char_end"]))
    window.refresh_now()
    window.codes.codebook.select_code(code)
    first_extract = window.codes.retrieval.list.topLevelItem(0)
    assert first_extract is not None
    window.codes.retrieval.list.setCurrentItem(first_extract)
    window.codes.retrieval.play_button.click()
    qtbot.waitUntil(lambda: player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState, timeout=5_000)
    assert abs(player.player.position() / 1000 - segment["start"]) < 1.0
    assert player._stop_at == pytest.approx(segment["words"][-1][2])

    waveform = window.transcription.playback.waveform
    assert waveform is not None
    qtbot.waitUntil(lambda: waveform.duration > 59, timeout=20_000)
    time.sleep(0.2)
    window.grab().save(str(shots_dir / "transcript-with-player.png"))
    player.player.stop()


def test_options_dialog_shows_the_model_and_keeps_choices(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, shots_dir: Path
) -> None:
    monkeypatch.setenv("QDA_WHISPER_MODEL", str(model_path()))
    dialog = TranscriptionOptionsDialog()
    qtbot.addWidget(dialog)
    assert "faster-whisper-tiny.en" in dialog.model_label.text() and "MB" in dialog.model_label.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.beam.setValue(3)
    dialog.prompt.setText("We talked about the food bank.")
    dialog.hotwords.setText("Brookside, Barnsley")
    dialog.batched.setChecked(True)
    options = dialog.options()
    assert (options.language, options.beam_size, options.initial_prompt, options.hotwords, options.batched) == (
        "en",
        3,
        "We talked about the food bank.",
        "Brookside, Barnsley",
        True,
    )
    dialog.show()
    dialog.grab().save(str(shots_dir / "transcription-options.png"))


def test_a_file_that_is_not_audio_gives_a_message(
    qtbot: QtBot, empty_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    fake = tmp_path / "interview.mp3"
    fake.write_text("this is not a recording")
    empty_window.transcription.transcribe_recording(fake)
    assert shown and shown[0].startswith("interview.mp3: cannot be read as audio")
    assert empty_window.documents.topLevelItemCount() == 0


def test_rename_and_assign_speakers_in_the_window(
    qtbot: QtBot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qda_desktop.core.commands import AppendSegments
    from qda_desktop.core.commands.transcripts import SegmentData, Word
    from qda_desktop.ui import speakers_ui

    window = empty_window
    assert window.project is not None
    doc = empty_transcript(window, AUDIO / "P04.m4a", "P04 (transcript)")
    words = lambda t, s: tuple(Word(" " + w, s + i * 0.3, s + i * 0.3 + 0.3) for i, w in enumerate(t.split()))  # noqa: E731
    window.project.run(
        AppendSegments(
            doc,
            (
                SegmentData(0.0, 1.5, "Thanks for coming.", words("Thanks for coming.", 0.0), "SPEAKER_00"),
                SegmentData(2.0, 3.5, "Not a problem.", words("Not a problem.", 2.0), "SPEAKER_01"),
            ),
            3.5,
        ),
        undoable=False,
    )
    window.refresh_now()
    window.documents.select(doc)
    answers = iter([("SPEAKER_00", "Interviewer"), ("", "Carers' network manager")])

    def fake_exec(dialog: speakers_ui.SpeakerDialog) -> int:
        old, new = next(answers)
        if old:
            dialog.old.setCurrentIndex(dialog._speakers.index(old))
        dialog.new.setCurrentText(new)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(speakers_ui.SpeakerDialog, "exec", fake_exec)
    speakers_ui.rename_speaker(window)
    assert window.editor.text.startswith("Interviewer: Thanks for coming.")
    start = window.editor.text.index("Not a")
    window.editor.select_range(start, start + 3)
    speakers_ui.assign_speaker(window)
    assert window.editor.text.endswith("\nCarers' network manager: Not a problem.")
    assert window.undo_action.text() == "Undo Assign to speaker 'Carers' network manager'"
    window.undo()
    assert window.editor.text.endswith("\nSPEAKER_01: Not a problem.")


def test_p01_mp3_end_to_end_in_the_window(qtbot: QtBot, empty_window: MainWindow) -> None:
    """The issue's path: import P01.mp3, transcribe with progress, play it back in step."""
    window = empty_window
    window.transcription.transcribe_recording(AUDIO / "P01.mp3")
    seen: list[float] = []
    wait_for_runner(qtbot, window).signals.progress.connect(lambda p: seen.append(p.fraction))
    assert wait_for_job(qtbot, window) == "done"
    assert seen and seen[-1] > 0.95 and seen == sorted(seen)
    doc = transcript_of(window)
    assert doc["name"] == "P01 (transcript)" and doc["segments"][-1]["end"] > 370
    player = window.transcription.playback.player
    qtbot.waitUntil(lambda: player.player.duration() > 385_000, timeout=20_000)
    middle = doc["segments"][len(doc["segments"]) // 2]
    player.seek(middle["words"][0][1] + 0.05)
    qtbot.waitUntil(lambda: window.editor._playhead is not None, timeout=5_000)
    assert window.editor._playhead == (middle["words"][0][3], middle["words"][0][4])


def test_segments_arriving_while_the_text_is_being_edited_keep_both(qtbot: QtBot, empty_window: MainWindow) -> None:
    from qda_desktop.core.commands import AppendSegments
    from qda_desktop.core.commands.transcripts import SegmentData

    window = empty_window
    assert window.project is not None
    doc = empty_transcript(window, AUDIO / "P04.m4a", "Live")
    window.project.run(AppendSegments(doc, (SegmentData(0.0, 1.0, "First words."),), 1.0), undoable=False)
    window.refresh_now()
    window.documents.select(doc)
    window.edit_mode_action.trigger()
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Corrected: ")
    assert window.editor.has_pending_edit
    runner = TranscriptionRunner(window.project, doc, model_path(), window)
    runner._store([SegmentData(1.5, 2.5, "Second words.")], 2.5)
    assert transcript_of(window)["text"] == "Corrected: First words.\nSecond words."
    qtbot.waitUntil(lambda: window.editor.text == "Corrected: First words.\nSecond words.")


def test_recording_is_stored_in_steps_and_cancel_leaves_nothing(qtbot: QtBot, empty_window: MainWindow) -> None:
    from qda_desktop.transcribe.recordings import probe
    from qda_desktop.ui.recording_import import RecordingImport

    window = empty_window
    assert window.project is not None
    path = AUDIO / "P01.wav"
    importer = RecordingImport(window.project, path, probe(path), window)
    ticks: list[int] = []
    importer.runner.written.connect(lambda _batches: ticks.append(importer.job.stored))
    with qtbot.waitSignal(importer.finished, timeout=60_000) as blocker:
        importer.start()
    media_id = blocker.args[0]
    assert isinstance(media_id, int) and len(ticks) >= 3  # several short steps (4 MiB each), not one block
    assert window.project.open_media(media_id).read() == path.read_bytes()
    qtbot.waitUntil(lambda: window.undo_action.text() == "Undo Import recording 'P01.wav'")

    second = RecordingImport(window.project, path, probe(path), window)
    stored_before_cancel: list[int] = []

    def cancel_midway() -> None:  # after a batch is written, on the UI thread: the import cannot end first
        if not stored_before_cancel and 0 < second.job.stored < second.size:
            stored_before_cancel.append(second.job.stored)
            second.dialog.canceled.emit()  # what pressing Cancel in the progress dialog sends

    second.runner.written.connect(lambda _batches: cancel_midway())
    with qtbot.waitSignal(second.finished, timeout=60_000) as cancelled:
        second.start()
    assert stored_before_cancel and cancelled.args[0] is None
    with window.project.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM media").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM media_chunk WHERE media_id < 0").scalar() == 0


def test_closing_the_project_during_a_transcription_is_safe_and_resumable(
    qtbot: QtBot, empty_window: MainWindow, clip: Path, project_path: Path
) -> None:
    window = empty_window
    window.transcription.transcribe_recording(clip)
    runner = wait_for_runner(qtbot, window)
    seen: list[object] = []
    runner.signals.progress.connect(seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
    finished: list[str] = []
    runner.signals.finished.connect(finished.append)
    window.close_project()
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert window.project is None
    with Project.open(project_path, PASSPHRASE) as reopened, reopened.store.engine.connect() as conn:
        status = conn.exec_driver_sql("SELECT status FROM transcription").scalar()
    assert status == "running"  # interrupted: Resume transcription continues from the stored segments
    from qda_desktop.ui.transcription_ui import unfinished

    with Project.open(project_path, PASSPHRASE) as reopened:
        assert unfinished(reopened, 1)


def test_closing_while_the_waveform_is_still_decoding(
    qtbot: QtBot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Background readers of the recording stop before the project closes (they used to race the close)."""
    from qda_desktop.ui import waveform as waveform_module

    window = empty_window
    gate, refused = threading.Event(), []
    real_stream = waveform_module.stream  # type: ignore[attr-defined]

    def gated_stream(source: BinaryIO, name: str) -> Any:
        """Decoding waits until someone stops it, then tries to read on."""
        shown = window.transcription.playback.waveform
        assert shown is not None
        gate.set()
        shown._cancel.wait(30)
        try:
            source.read(1)  # the first read of the recording, after the close began
            return real_stream(source, name)
        except InterruptedError:
            refused.append(True)
            raise

    monkeypatch.setattr(waveform_module, "stream", gated_stream)
    doc = empty_transcript(window, AUDIO / "P01.mp3", "P01 (transcript)")
    window.documents.select(doc)
    assert gate.wait(30)
    waveform = window.transcription.playback.waveform
    assert waveform is not None
    assert waveform.is_decoding()  # held by the gate below until the close stops it
    window.close_project()
    assert not waveform.is_decoding() and window.project is None
    assert gate.wait(0) and refused == [True]  # stopped by the close; its next read was refused


def test_options_dialog_offers_every_model_and_language(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from faster_whisper import available_models
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    monkeypatch.setenv("QDA_WHISPER_MODEL", str(model_path()))
    dialog = TranscriptionOptionsDialog()
    qtbot.addWidget(dialog)
    offered = {dialog.download_name.itemData(i) for i in range(dialog.download_name.count())}
    assert {"large-v3", "large-v3-turbo", "distil-large-v3", "small.en"} <= offered
    assert set(available_models()) - {"large", "turbo"} <= offered  # faster-whisper's aliases aside
    codes = {dialog.language.itemData(i) for i in range(dialog.language.count())}
    assert codes == {None, *_LANGUAGE_CODES}
    assert dialog.language.itemText(dialog.language.findData("cy")) == "Welsh (cy)"
    qtbot.waitUntil(lambda: dialog.device_note.text().startswith("Transcription "), timeout=10_000)


def test_transcript_turns_show_their_start_times(qtbot: QtBot, empty_window: MainWindow, shots_dir: Path) -> None:
    from qda_desktop.core.commands import AppendSegments
    from qda_desktop.core.commands.transcripts import SegmentData

    window = empty_window
    assert window.project is not None
    doc = empty_transcript(window, AUDIO / "P04.m4a", "P04 (transcript)")
    turns = ((0.0, "Thanks for coming in today."), (2.4, "Not a problem at all."), (75.2, "Shall we start?"))
    window.project.run(
        AppendSegments(doc, tuple(SegmentData(s, s + 2, t, (), "") for s, t in turns), 77.2), undoable=False
    )
    window.refresh_now()
    window.documents.select(doc)
    window.resize(900, 500)
    window.show()
    qtbot.waitExposed(window)
    shown = window.editor.turn_labels()
    assert [label for _, label in shown] == ["0:00", "0:02", "1:15"]
    assert [y for y, _ in shown] == sorted({y for y, _ in shown})  # one per line, top to bottom
    margin = window.editor.margin
    assert margin.time_width() > 0 and window.editor.viewportMargins().left() >= margin.time_width()
    image = margin.grab().toImage()
    background = margin.palette().window().color().rgb()
    for y, _ in shown:  # the label is painted where its turn begins
        row = range(y + 2, y + margin.fontMetrics().height() - 2)
        assert any(image.pixel(x, r) != background for x in range(margin.time_width()) for r in row)
    window.grab().save(str(shots_dir / "transcript-turn-times.png"))
    other = empty_transcript(window, AUDIO / "P01.mp3", "P01 (transcript)")  # no segments yet: no time column
    window.refresh_now()
    window.documents.select(other)
    assert margin.time_width() == 0 and window.editor.turn_labels() == []


def test_alternate_speakers_over_the_whole_transcript(
    qtbot: QtBot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qda_desktop.core.commands import AppendSegments
    from qda_desktop.core.commands.transcripts import SegmentData
    from qda_desktop.ui import speakers_ui

    window = empty_window
    assert window.project is not None
    doc = empty_transcript(window, AUDIO / "P04.m4a", "P04 (transcript)")
    lines = ("How long have you worked here?", "About six years.", "And before that?", "A food bank.")
    segments = tuple(SegmentData(i * 3.0, i * 3.0 + 2, text, ()) for i, text in enumerate(lines))
    window.project.run(AppendSegments(doc, segments, 12.0), undoable=False)
    window.refresh_now()
    window.documents.select(doc)
    before = window.editor.text

    def answer(dialog: speakers_ui.AlternateDialog) -> int:
        assert "4 segments" in " ".join(w.text() for w in dialog.findChildren(QLabel))
        dialog.second.setCurrentText("Food bank manager")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(speakers_ui.AlternateDialog, "exec", answer)
    speakers_ui.alternate_speakers(window)
    assert window.editor.text.splitlines() == [
        "Interviewer: How long have you worked here?",
        "Food bank manager: About six years.",
        "Interviewer: And before that?",
        "Food bank manager: A food bank.",
    ]
    window.undo()
    assert window.editor.text == before  # one step
