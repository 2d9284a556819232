"""The audio player bar: play, pause, seek, speed; plays straight from the encrypted project."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from qda_desktop.core.project import Project
from qda_desktop.ui.media_device import StoredMediaDevice

SPEEDS = (0.5, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0)
SKIP_S = 5.0


def clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02}"


class PlayerBar(QWidget):
    position_changed = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self.player)  # parented: see the QtMultimedia notes in the README
        self.player.setAudioOutput(self.output)
        self._device: StoredMediaDevice | None = None
        self._stop_at: float | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.back_button = QToolButton()
        self.back_button.setText("−5 s")
        self.play_button = QToolButton()
        self.play_button.setText("Play")
        self.play_button.setMinimumWidth(56)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.time_label = QLabel("0:00 / 0:00")
        self.speed = QComboBox()
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}×", speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        for widget in (self.back_button, self.play_button, self.slider, self.time_label, self.speed):
            layout.addWidget(widget)
        layout.setStretchFactor(self.slider, 1)
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_S))
        self.play_button.clicked.connect(self.toggle)
        self.slider.sliderMoved.connect(lambda ms: self.player.setPosition(ms))
        self.speed.currentIndexChanged.connect(lambda _i: self.player.setPlaybackRate(float(self.speed.currentData())))
        self.player.durationChanged.connect(lambda ms: self.slider.setRange(0, ms))
        self.player.positionChanged.connect(self._on_position)
        self.player.playbackStateChanged.connect(self._on_state)
        self.setEnabled(False)

    # -- loading -------------------------------------------------------------

    def load(self, project: Project, media_id: int, name: str) -> None:
        self.unload()
        self._device = StoredMediaDevice(project, media_id, self)
        self.player.setSourceDevice(self._device, QUrl(name))
        self.setEnabled(True)

    def unload(self) -> None:
        self.player.stop()
        self.player.setSource(QUrl())
        if self._device is not None:
            self._device.close()
            self._device.deleteLater()
            self._device = None
        self.setEnabled(False)
        self.time_label.setText("0:00 / 0:00")

    @property
    def loaded(self) -> bool:
        return self._device is not None

    # -- control ---------------------------------------------------------------

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self._stop_at = None
            self.player.play()

    def seek(self, seconds: float) -> None:
        self.player.setPosition(int(max(0.0, seconds) * 1000))

    def skip(self, seconds: float) -> None:
        self.seek(self.player.position() / 1000 + seconds)

    def play_span(self, start: float, end: float) -> None:
        """Play [start, end] seconds, then pause (an extract's audio)."""
        self.seek(start)
        self._stop_at = end
        self.player.play()

    def change_speed(self, steps: int) -> None:
        index = max(0, min(len(SPEEDS) - 1, self.speed.currentIndex() + steps))
        self.speed.setCurrentIndex(index)

    def _on_position(self, ms: int) -> None:
        seconds = ms / 1000
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time_label.setText(f"{clock(seconds)} / {clock(self.player.duration() / 1000)}")
        if self._stop_at is not None and seconds >= self._stop_at:
            self._stop_at = None
            self.player.pause()
        self.position_changed.emit(seconds)

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        self.play_button.setText("Pause" if state == QMediaPlayer.PlaybackState.PlayingState else "Play")
