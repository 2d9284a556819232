"""Recordings in the window: storing and transcribing them, playback in step with the text, speakers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from qda_desktop.core import views
from qda_desktop.core.changes import Changes
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.controllers.codebook import CodebookController
from qda_desktop.ui.playback import TranscriptPlayback
from qda_desktop.ui.recording_import import RecordingImport
from qda_desktop.ui.speakers_ui import alternate_speakers, assign_speaker, rename_speaker
from qda_desktop.ui.transcription_ui import TranscriptionRunner, choose_model, import_and_start, unfinished


class TranscriptionController(Controller):
    def __init__(self, host: Host, codebook: CodebookController) -> None:
        super().__init__(host)
        self.runner: TranscriptionRunner | None = None
        self.recording_import: RecordingImport | None = None
        self.playback = TranscriptPlayback(host)
        host.add_below_editor(self.playback.panel)
        codebook.retrieval.play_requested.connect(self.play_extract)

    def add_menu_actions(self) -> None:
        add, file, play = self.host.add_action, self.host.menu("file"), self.host.menu("transcript")
        add(file, "&Transcribe a recording…", self.transcribe_recording, "Ctrl+T")
        add(file, "Res&ume transcription", self.resume_transcription, "Ctrl+Shift+T")
        player = self.playback.player
        add(play, "&Rename or merge speaker…", lambda: rename_speaker(self.host))
        add(play, "&Assign selection to speaker…", lambda: assign_speaker(self.host), "Ctrl+Shift+S")
        add(play, "A&lternate speakers…", lambda: alternate_speakers(self.host))
        play.addSeparator()
        add(play, "&Play / pause", player.toggle, "Ctrl+Space")
        add(play, "&Back 5 seconds", lambda: player.skip(-5), "Ctrl+J")
        add(play, "&Forward 5 seconds", lambda: player.skip(5), "Ctrl+L")
        add(play, "&Slower", lambda: player.change_speed(-1), "Ctrl+[")
        add(play, "F&aster", lambda: player.change_speed(1), "Ctrl+]")

    # -- hooks ---------------------------------------------------------------------

    def before_close(self) -> None:
        if self.recording_import is not None:
            self.recording_import.cancel()  # staged chunks are discarded
        if self.runner is not None:
            self.runner.stop()  # stored segments stay; the job can be resumed next time
        self.playback.show_document(None)

    def document_shown(self, document_id: int | None) -> None:
        self.playback.show_document(document_id)

    def changed(self, changes: Changes) -> None:
        areas, doc = changes.areas, self.host.workspace.current_document
        if doc is not None and "documents" in areas and doc in changes.ids("documents"):
            self._document_changed(doc)
        elif areas & {"codes", "codings"}:
            self.playback.refresh_coded_spans()

    def _document_changed(self, doc: int) -> None:
        """Re-read the times; a text aligned to a recording gains the player (and loses it on undo)."""
        project = self.project
        has_recording = project is not None and views.recording_of(project, doc) is not None
        if has_recording != (self.playback.document_id == doc):
            self.playback.show_document(doc)
        else:
            self.playback.refresh_timeline()

    # -- transcribing ------------------------------------------------------------------

    def transcribe_recording(self, path: Path | None = None) -> None:
        if self.project is None:
            return
        self.host.flush_edits()
        self.recording_import = import_and_start(self.project, self.host.window(), self._start_runner, path)

    def resume_transcription(self) -> None:
        doc = self.host.workspace.current_document
        if self.project is None or doc is None:
            return
        if not unfinished(self.project, doc):
            self.host.status("This document has no unfinished transcription")
            return
        model = choose_model(self.host.window())
        if model is not None:
            self._start_runner(TranscriptionRunner(self.project, doc, model, self.host.window()))

    def _start_runner(self, runner: TranscriptionRunner) -> None:
        self.runner = runner
        runner.done.connect(self._transcription_done)
        runner.start()
        self.host.show_document(runner.document_id)

    def _transcription_done(self, document_id: int, status: str) -> None:
        self.host.refresh_now()  # show the job's last writes before saying how it ended
        error = self.runner.job.error if self.runner is not None else ""
        messages = {
            "done": "Transcription finished",
            "cancelled": "Transcription cancelled — Resume transcription continues where it stopped",
            "failed": f"Transcription failed: {error} — it can be resumed",
        }
        self.host.status(messages.get(status, status), 8000)
        if status == "failed":
            QMessageBox.warning(self.host.window(), "Transcription failed", messages["failed"])

    # -- playback ------------------------------------------------------------------------

    def play_extract(self, document_id: int, start: int, end: int) -> None:
        self.host.jump_to(document_id, start, end)
        if not self.playback.play_extract(document_id, start, end):
            self.host.status("This extract has no recording to play")
