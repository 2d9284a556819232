"""Speakers of the transcript in the window: rename or merge, assign selected segments, or alternate two
speakers over many turns at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from qda_desktop.core import views
from qda_desktop.core.commands import AlternateSpeakers, RenameSpeaker, SetSegmentSpeaker
from qda_desktop.core.views import SegmentView

if TYPE_CHECKING:
    from qda_desktop.ui.controllers.base import Host


class SpeakerDialog(QDialog):
    """Pick a speaker (or type a new name); renaming onto an existing speaker merges them."""

    def __init__(self, title: str, speakers: list[str], ask_old: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.old = QComboBox()
        self.old.addItems([s or "(unnamed)" for s in speakers])
        self._speakers = speakers
        if ask_old:
            form.addRow("Speaker", self.old)
        self.new = QComboBox()
        self.new.setEditable(True)
        self.new.addItems([s for s in speakers if s])
        self.new.setCurrentText("")
        form.addRow("New name" if ask_old else "Speaker", self.new)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def old_speaker(self) -> str:
        return self._speakers[self.old.currentIndex()] if self._speakers else ""

    def new_speaker(self) -> str:
        return self.new.currentText().strip()


def _transcript_segments(host: Host) -> list[SegmentView] | None:
    document_id = host.workspace.current_document
    if host.project is None or document_id is None:
        return None
    doc = views.document_text(host.project, document_id)
    if doc is None or doc.kind != "transcript":
        host.status("Speakers belong to transcripts; this is a text document")
        return None
    return views.transcript_segments(host.project, doc.id)


def rename_speaker(host: Host) -> None:
    segments = _transcript_segments(host)
    document_id = host.workspace.current_document
    if not segments or document_id is None:
        return
    speakers = list(dict.fromkeys(s.speaker for s in segments))
    dialog = SpeakerDialog("Rename or merge speaker", speakers, ask_old=True, parent=host.window())
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.new_speaker():
        host.run(RenameSpeaker(document_id, dialog.old_speaker(), dialog.new_speaker()))


def assign_speaker(host: Host) -> None:
    segments = _transcript_segments(host)
    selection = host.editor.selection()
    document_id = host.workspace.current_document
    if not segments or document_id is None:
        return
    if selection is None:
        host.status("Select the passage whose speaker you want to set")
        return
    chosen = tuple(s.id for s in segments if s.char_start < selection[1] and s.char_end > selection[0])
    speakers = list(dict.fromkeys(s.speaker for s in segments))
    dialog = SpeakerDialog("Assign to speaker", speakers, ask_old=False, parent=host.window())
    if chosen and dialog.exec() == QDialog.DialogCode.Accepted and dialog.new_speaker():
        host.run(SetSegmentSpeaker(document_id, chosen, dialog.new_speaker()))


class AlternateDialog(QDialog):
    """Two speakers taking turns: who speaks first, who answers, and what counts as a turn."""

    def __init__(self, speakers: list[str], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Alternate speakers")
        form = QFormLayout(self)
        names = [s for s in speakers if s]
        self.first, self.second = QComboBox(), QComboBox()
        for combo, default in ((self.first, "Interviewer"), (self.second, "Participant")):
            combo.setEditable(True)
            combo.addItems(names)
            combo.setCurrentText(default)
        form.addRow("First speaker", self.first)
        form.addRow("Then", self.second)
        self.by_pause = QCheckBox("A turn goes on until a pause of at least")
        self.gap = QDoubleSpinBox(minimum=0.2, maximum=10.0, singleStep=0.1, value=1.0, suffix=" s")
        self.by_pause.toggled.connect(self.gap.setEnabled)
        self.gap.setEnabled(False)
        form.addRow(self.by_pause, self.gap)
        form.addRow("", QLabel(f"Applies to {count} segment{'s' if count != 1 else ''}; one step to undo."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def speakers(self) -> tuple[str, str]:
        return self.first.currentText().strip(), self.second.currentText().strip()

    def turn_gap(self) -> float | None:
        return self.gap.value() if self.by_pause.isChecked() else None


def alternate_speakers(host: Host) -> None:
    """Alternate two speakers over the selected segments, or over the whole transcript without a selection."""
    segments = _transcript_segments(host)
    document_id = host.workspace.current_document
    if not segments or document_id is None:
        return
    selection = host.editor.selection()
    chosen = [s for s in segments if selection is None or (s.char_start < selection[1] and s.char_end > selection[0])]
    if len(chosen) < 2:
        host.status("Select at least two segments (or nothing, for the whole transcript)")
        return
    dialog = AlternateDialog(list(dict.fromkeys(s.speaker for s in segments)), len(chosen), host.window())
    first, second = dialog.speakers() if dialog.exec() == QDialog.DialogCode.Accepted else ("", "")
    if first and second:
        host.run(AlternateSpeakers(document_id, tuple(s.id for s in chosen), (first, second), dialog.turn_gap()))
