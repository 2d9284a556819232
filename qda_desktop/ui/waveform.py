"""A waveform overview of the recording (pyqtgraph): loudness, speaker lanes, coded spans, playhead."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from qda_desktop.core.project import Project
from qda_desktop.transcribe.recordings import SAMPLE_RATE, peaks, stream

BIN_S = 0.1
SPEAKER_COLORS = ("#5c6bc0", "#26a69a", "#ef6c00", "#8d6e63", "#ab47bc", "#78909c")


@dataclass(frozen=True)
class TimeSpan:
    start: float
    end: float
    label: str
    color: str


def envelope(project: Project, media_id: int, name: str, cancel: threading.Event | None = None) -> np.ndarray:
    """Peak loudness per 0.1 s, decoded in memory from the encrypted store a few seconds at a time."""
    loudest = peaks(stream(project.open_media(media_id, cancel), name), int(SAMPLE_RATE * BIN_S))
    loudest = loudest if loudest.size else np.zeros(1, np.float32)
    top = float(loudest.max()) or 1.0
    return (loudest / top).astype(np.float32)


class _Loader(QObject):
    loaded = Signal(int, object)  # media id, peaks


class WaveformOverview(QWidget):
    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg  # heavy: only when a recording is shown

        self._pg = pg
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget(background=None)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.hideAxis("left")
        self.plot.setYRange(-2.2, 1.05, padding=0)
        self.plot.setFixedHeight(110)
        layout.addWidget(self.plot)
        self._wave: Any = None
        self._bars: list[Any] = []
        self.playhead = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen("#d32f2f", width=2))
        self.plot.addItem(self.playhead)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self._loader = _Loader()
        self._loader.loaded.connect(self._on_loaded)
        self._media_id: int | None = None
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self.duration = 0.0
        self._follow_theme()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_theme()

    def _follow_theme(self) -> None:
        """Background, axis and time labels in the palette's colours (light or dark theme)."""
        palette = self.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        axis = self.plot.getAxis("bottom")
        axis.setPen(self._pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
        axis.setTextPen(self._pg.mkPen(palette.color(QPalette.ColorRole.Text)))

    def load(self, project: Project, media_id: int, name: str) -> None:
        """Decode in a background thread (seconds for a long interview); draw when ready."""
        self.stop()
        self._media_id = media_id
        loader, cancel = self._loader, threading.Event()

        def work() -> None:
            try:
                peaks = envelope(project, media_id, name, cancel)
            except Exception:
                peaks = np.zeros(1, np.float32)
            if not cancel.is_set():
                loader.loaded.emit(media_id, peaks)

        self._cancel = cancel
        self._thread = threading.Thread(target=work, name="waveform", daemon=True)
        self._thread.start()

    def is_decoding(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop decoding (before the project closes): nothing may read the store after that."""
        if self._thread is not None:
            self._cancel.set()
            self._thread.join(timeout=10)
            self._thread = None

    def _on_loaded(self, media_id: int, peaks: np.ndarray) -> None:
        if media_id != self._media_id:
            return  # another recording was chosen meanwhile
        pg = self._pg
        if self._wave is not None:
            self.plot.removeItem(self._wave)
        times = np.arange(len(peaks), dtype=np.float32) * BIN_S
        self.duration = float(len(peaks) * BIN_S)
        upper = pg.PlotDataItem(times, peaks, pen=pg.mkPen("#90a4ae"))
        lower = pg.PlotDataItem(times, -peaks, pen=pg.mkPen("#90a4ae"))
        self._wave = pg.FillBetweenItem(upper, lower, brush=pg.mkBrush("#90a4ae"))
        self.plot.addItem(self._wave)
        self.plot.setXRange(0, max(self.duration, 1.0), padding=0)

    def set_lanes(self, speakers: list[TimeSpan], coded: list[TimeSpan]) -> None:
        """Speaker turns in one lane under the waveform, coded passages in another."""
        pg = self._pg
        for bar in self._bars:
            self.plot.removeItem(bar)
        self._bars = []
        for spans, y in ((speakers, -1.35), (coded, -1.85)):
            if not spans:
                continue
            bar = pg.BarGraphItem(
                x0=[s.start for s in spans],
                x1=[s.end for s in spans],
                y=[y] * len(spans),
                height=0.38,
                brushes=[pg.mkBrush(s.color) for s in spans],
                pens=[pg.mkPen(None)] * len(spans),
            )
            self.plot.addItem(bar)
            self._bars.append(bar)

    def set_position(self, seconds: float) -> None:
        self.playhead.setValue(seconds)

    def _clicked(self, event: Any) -> None:
        point = self.plot.getViewBox().mapSceneToView(event.scenePos())
        if 0 <= point.x() <= max(self.duration, 0.1):
            self.seek_requested.emit(float(point.x()))

    def clear(self) -> None:
        self.stop()
        self._media_id = None
        if self._wave is not None:
            self.plot.removeItem(self._wave)
            self._wave = None
        self.set_lanes([], [])
        self.duration = 0.0
