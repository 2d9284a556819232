"""Before transcribing: which model (a folder, or one downloaded on request), which device, and options."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from qda_desktop.transcribe.catalogue import CATALOGUE, speed_note, whisper_languages
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.download import download_model
from qda_desktop.transcribe.gpu import check
from qda_desktop.transcribe.job import TranscribeOptions
from qda_desktop.transcribe.models import ModelNotFound, describe, models_dir, resolve
from qda_desktop.ui.theme import app_settings

MODEL_KEY = "transcription/model"


def language_choices() -> list[tuple[str, str | None]]:
    """Every language Whisper knows, named in English by Qt, sorted; "Detect" first."""
    named = []
    for code in whisper_languages():
        locale = QLocale(code)
        name = QLocale.languageToString(locale.language()) if locale.language() != QLocale.Language.C else ""
        named.append((f"{name} ({code})" if name else code, code))
    return [("Detect", None), *sorted(named, key=lambda item: item[0].lower())]


class _DownloadSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object, str)  # path or None, error
    gpu_checked = Signal(str)


class TranscriptionOptionsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Transcribe")
        self.setMinimumWidth(640)
        form = QFormLayout(self)
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        choose_button = QPushButton("Choose folder…")
        choose_button.clicked.connect(self._choose_folder)
        self.download_name = QComboBox()
        device = choose("auto")
        for model in CATALOGUE:
            speed = speed_note(model, f"{device.device}/{device.compute_type}")
            self.download_name.addItem(f"{model.name} — {model.download_mb} MB, {model.languages}", model.name)
            self.download_name.setItemData(self.download_name.count() - 1, speed, Qt.ItemDataRole.ToolTipRole)
        self.download_name.setCurrentIndex(self.download_name.findData("small.en"))
        self.download_name.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.download_button = QPushButton("Download")
        self.download_button.clicked.connect(self._download)
        self.download_bar = QProgressBar()
        self.download_bar.hide()
        row = QHBoxLayout()
        row.addWidget(choose_button)
        row.addWidget(QLabel("or get"))
        row.addWidget(self.download_name)
        row.addWidget(self.download_button)
        form.addRow("Model", self.model_label)
        form.addRow("", row)
        form.addRow("", self.download_bar)
        self.device = QComboBox()
        for label, value in (("Automatic", "auto"), ("CPU", "cpu"), ("GPU (CUDA)", "cuda")):
            self.device.addItem(label, value)
        self.device_note = QLabel(device.note)
        self.device_note.setWordWrap(True)
        form.addRow("Device", self.device)
        form.addRow("", self.device_note)
        self.language = QComboBox()
        for label, code in language_choices():
            self.language.addItem(label, code)
        form.addRow("Language", self.language)
        self.beam = QSpinBox(minimum=1, maximum=10, value=5)
        form.addRow("Beam size", self.beam)
        self.prompt = QLineEdit(placeholderText="A sentence in the recording's style, with its names (optional)")
        form.addRow("Initial prompt", self.prompt)
        self.hotwords = QLineEdit(placeholderText="Names and terms to favour, e.g. Brookside, Barnsley (optional)")
        form.addRow("Hotwords", self.hotwords)
        self.previous = QCheckBox("Use the previous sentence as context (more fluent; may repeat)")
        self.previous.setChecked(True)
        form.addRow("", self.previous)
        self.batched = QCheckBox("Batched decoding: faster, but it drops words at chunk edges")
        form.addRow("", self.batched)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Transcribe")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._signals = _DownloadSignals()
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_downloaded)
        self._signals.gpu_checked.connect(self._show_gpu_check)
        signals = self._signals
        threading.Thread(  # the driver query can take a moment: keep the dialog responsive
            target=lambda: signals.gpu_checked.emit(check(load_libraries=False).summary()),
            name="gpu-check",
            daemon=True,
        ).start()
        self._cancel_download = threading.Event()
        self.model: Path | None = None
        remembered = str(app_settings().value(MODEL_KEY, "", type=str) or "")
        for spec in (remembered or None, None):
            try:
                self._set_model(resolve(spec))
                break
            except ModelNotFound:
                continue
        else:
            self._set_model(None)

    def _set_model(self, path: Path | None) -> None:
        self.model = path
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(path is not None)
        if path is None:
            self.model_label.setText(f"No model yet. Choose a model folder, or download one into {models_dir()}.")
            return
        info = describe(path)
        self.model_label.setText(f"<b>{info.name}</b> — {info.size_bytes / 1e6:.0f} MB, {info.languages}<br>{path}")
        app_settings().setValue(MODEL_KEY, str(path))
        self.adjustSize()

    def _show_gpu_check(self, summary: str) -> None:
        self.device_note.setText(summary[0].upper() + summary[1:])
        self.adjustSize()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A faster-whisper model folder (with model.bin)")
        if folder:
            try:
                self._set_model(resolve(folder))
            except ModelNotFound as exc:
                self.model_label.setText(str(exc))

    def _download(self) -> None:
        name = str(self.download_name.currentData())
        self.download_button.setEnabled(False)
        self.download_bar.show()
        signals, cancel = self._signals, self._cancel_download

        def work() -> None:
            try:
                path = download_model(name, signals.progress.emit, cancel)
                signals.finished.emit(path, "")
            except Exception as exc:
                signals.finished.emit(None, str(exc))

        threading.Thread(target=work, name="model-download", daemon=True).start()

    def _on_progress(self, done: int, total: int) -> None:
        self.download_bar.setRange(0, max(total, 1))
        self.download_bar.setValue(done)
        self.download_bar.setFormat(f"{done / 1e6:.0f} of {total / 1e6:.0f} MB")

    def _on_downloaded(self, path: Path | None, error: str) -> None:
        self.download_button.setEnabled(True)
        self.download_bar.hide()
        if path is not None:
            self._set_model(path)
        else:
            self.model_label.setText(error)

    def reject(self) -> None:
        self._cancel_download.set()
        super().reject()

    def options(self) -> TranscribeOptions:
        return TranscribeOptions(
            language=self.language.currentData(),
            beam_size=self.beam.value(),
            initial_prompt=self.prompt.text().strip() or None,
            hotwords=self.hotwords.text().strip() or None,
            condition_on_previous_text=self.previous.isChecked(),
            batched=self.batched.isChecked(),
        )

    def device_preference(self) -> str:
        return str(self.device.currentData())
