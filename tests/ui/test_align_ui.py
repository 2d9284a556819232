"""Transcript > Align to recording… in the window, with the real model: the start of P01 as she typed it gains
the times of its recording; one undo step; Cancel and bad recordings change nothing."""

from __future__ import annotations

import json
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from qda_desktop.core import views
from qda_desktop.core.commands import ImportText
from qda_desktop.core.commands.transcripts import ImportRecording
from qda_desktop.core.jobs import Progress
from qda_desktop.core.project import Project
from qda_desktop.transcribe.recordings import probe
from qda_desktop.ui.align_dialog import AlignDialog
from qda_desktop.ui.controllers.aligning import AligningController
from qda_desktop.ui.main_window import MainWindow
from tests.conftest import CORPUS, PASSPHRASE, corpus_text
from tests.helpers import snapshot
from tests.transcribe.conftest import AUDIO, cut_recording, model_path

CLIP_S = 24.0  # the first three turns of P01 end at 23.6 s
TOLERANCE_S = 1.5
TEXT = "\n\n".join(corpus_text("P01").split("\n\n")[:3])


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cut_recording(AUDIO / "P01.wav", tmp_path_factory.mktemp("clip") / "P01.wav", CLIP_S)


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("QDA_WHISPER_MODEL", str(model_path()))
    win = MainWindow(Project.open(project_path, PASSPHRASE))
    win.resize(1300, 820)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the message boxes said (title: text), instead of waiting for a click."""
    said: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, **k: said.append(f"{title}: {text}"))
    return said


def typed_document(window: MainWindow) -> int:
    assert window.project is not None
    doc = int(window.project.run(ImportText("P01", TEXT)).result)
    window.refresh_now()
    window.show_document(doc)
    return doc


def choosing(pick: Callable[[AlignDialog], None], shot: Path | None = None) -> Callable[[AlignDialog], int]:
    """An ``exec`` for the dialog that makes the choices ``pick`` makes, then accepts."""

    def accept(dialog: AlignDialog) -> int:
        pick(dialog)
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        if shot is not None:
            dialog.show()
            dialog.grab().save(str(shot))
        dialog.buttons.accepted.emit()
        return int(dialog.result())

    return accept


def file_choice(path: Path) -> Callable[[AlignDialog], None]:
    return lambda dialog: dialog.file.setText(str(path))


def align_action(window: MainWindow) -> None:
    [action] = [a for a in window.menu("transcript").actions() if a.text() == "Al&ign to recording…"]
    action.trigger()


def controller(window: MainWindow) -> AligningController:
    return next(c for c in window.controllers if isinstance(c, AligningController))


def test_align_a_typed_transcript_to_a_file_then_undo(
    qtbot: QtBot, window: MainWindow, clip: Path, messages: list[str], monkeypatch: pytest.MonkeyPatch, shots_dir: Path
) -> None:
    doc = typed_document(window)
    assert not window.transcription.playback.panel.isVisible()
    monkeypatch.setattr(AlignDialog, "exec", choosing(file_choice(clip), shots_dir / "align-dialog.png"))
    align_action(window)
    run = controller(window).run_
    assert run is not None

    def shoot_progress(progress: Progress) -> None:
        if not (shots_dir / "align-progress.png").exists() and progress.fraction > 0:
            run.dialog.show()
            run.dialog.grab().save(str(shots_dir / "align-progress.png"))

    run.runner.progress.connect(shoot_progress)
    qtbot.waitUntil(lambda: bool(messages), timeout=120_000)
    assert messages[0].startswith("Aligned: Aligned 'P01' to P01.wav: 3 turns, "), messages

    project = window.project
    assert project is not None
    stored = views.document_text(project, doc)
    assert stored is not None and stored.kind == "transcript" and stored.text == TEXT  # byte-identical
    truth = json.loads((CORPUS / "audio" / "P01.segments.json").read_text(encoding="utf-8"))["segments"][:3]
    segments = views.transcript_segments(project, doc)
    assert [s.speaker for s in segments] == [t["speaker"] for t in truth]
    for segment, turn in zip(segments, truth, strict=True):
        assert abs(segment.start_s - turn["start"]) < TOLERANCE_S
        assert TEXT[segment.char_start : segment.char_end] == turn["transcript_text"]
    [recording] = views.recordings(project)
    assert recording.name == "P01.wav"  # stored in the project, encrypted
    assert window.transcription.playback.panel.isVisible()  # the player, and turn times in the margin
    assert window.editor._turns and window.editor._turns[1][1] == "0:08"
    playback = window.transcription.playback
    qtbot.waitUntil(lambda: playback.waveform is not None and playback.waveform.duration > 20, timeout=20_000)
    qtbot.waitUntil(lambda: playback.player.player.duration() > 20_000, timeout=20_000)  # plays from the project
    window.grab().save(str(shots_dir / "aligned-transcript.png"))

    window.undo()
    window.refresh_now()
    plain = views.document_text(project, doc)
    assert plain is not None and plain.kind == "text" and plain.text == TEXT
    assert not views.transcript_segments(project, doc) and not views.recordings(project)
    assert not window.transcription.playback.panel.isVisible() and not window.editor._turns


def test_cancel_leaves_the_project_unchanged(
    qtbot: QtBot, window: MainWindow, clip: Path, messages: list[str], monkeypatch: pytest.MonkeyPatch, shots_dir: Path
) -> None:
    assert window.project is not None
    info = probe(clip)
    window.project.run(ImportRecording(clip.name, clip, info.mime, info.duration_s))
    doc = typed_document(window)
    before = snapshot(window.project)
    monkeypatch.setattr(AlignDialog, "exec", choosing(lambda d: None, shots_dir / "align-dialog-stored.png"))
    align_action(window)
    run = controller(window).run_  # the stored recording is offered first
    assert run is not None and run.job.recording == views.recordings(window.project)[0].media_id
    [cancel] = [b for b in run.dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    cancel.click()  # the progress dialog's Cancel, as soon as it started
    qtbot.waitUntil(lambda: not run.running, timeout=60_000)
    assert window.statusBar().currentMessage() == "Alignment cancelled; nothing was changed"
    assert snapshot(window.project) == before and not messages
    assert not views.is_timed(window.project, doc)


def test_bad_recordings_are_a_message_naming_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.project is not None
    typed_document(window)
    before = snapshot(window.project)
    fake, silent, tone = tmp_path / "interview.mp3", tmp_path / "muted.wav", tmp_path / "tone.wav"
    fake.write_text("this is not a recording")
    beep = (np.sin(np.arange(16_000 * 3) * 2 * np.pi * 440 / 16_000) * 8000).astype("<i2")
    for path, samples in ((silent, np.zeros_like(beep)), (tone, beep)):
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16_000)
            out.writeframes(samples.tobytes())
    reasons = {fake: "cannot be read as audio", silent: "the recording is silent", tone: "heard no words"}
    for path, reason in reasons.items():
        monkeypatch.setattr(AlignDialog, "exec", choosing(file_choice(path)))
        align_action(window)
        qtbot.waitUntil(lambda: len(messages) == 1, timeout=60_000)  # said once the job has finished
        said = messages.pop()
        assert said.startswith(f"Cannot align: {path.name}: ") and said.endswith("Nothing was changed."), said
        assert reason in said, said
    assert snapshot(window.project) == before
