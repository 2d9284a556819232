"""Playing a transcript's recording in step with its text: the current word is highlighted and followed,
clicking a word seeks there, a coded extract can be played, and the waveform shows speakers and codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from qda_desktop.core import views
from qda_desktop.core.timeline import TimedSegment, TimedWord, Timeline
from qda_desktop.ui.player import PlayerBar
from qda_desktop.ui.waveform import SPEAKER_COLORS, TimeSpan, WaveformOverview

if TYPE_CHECKING:
    from qda_desktop.ui.controllers.base import Host


class TranscriptPlayback(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.window())
        self.host = host
        self.panel = QWidget()
        layout = self._layout = QVBoxLayout(self.panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.player = PlayerBar()
        layout.addWidget(self.player)
        self.waveform: WaveformOverview | None = None
        self.panel.hide()
        self.document_id: int | None = None
        self.timeline = Timeline([], [])
        self._speakers: list[TimeSpan] = []
        self.player.position_changed.connect(self._on_position)
        host.editor.position_clicked.connect(self.seek_to_text)

    # -- which recording -----------------------------------------------------

    def show_document(self, document_id: int | None) -> None:
        """Load the recording behind a transcript (or hide the player for plain text)."""
        project = self.host.project
        media = views.recording_of(project, document_id) if project is not None and document_id is not None else None
        if media is None or project is None:
            self.document_id = None
            self.player.unload()
            if self.waveform is not None:
                self.waveform.clear()
            self.panel.hide()
            self.host.editor.set_playhead(None)
            return
        if document_id != self.document_id:
            self.document_id = document_id
            self.player.load(project, media.media_id, media.name)
            if self.waveform is None:
                self.waveform = WaveformOverview()
                self.waveform.seek_requested.connect(self.player.seek)
                self._layout.addWidget(self.waveform)
            self.waveform.load(project, media.media_id, media.name)
        self.panel.show()
        self.refresh_timeline()

    def refresh_timeline(self) -> None:
        """Re-read word times and offsets (after edits) and redraw the lanes."""
        project = self.host.project
        if project is None or self.document_id is None:
            return
        segments = views.transcript_segments(project, self.document_id)
        words: list[TimedWord] = []
        speakers: list[TimeSpan] = []
        palette: dict[str, str] = {}
        for segment in segments:
            words.extend(segment.words)
            color = palette.setdefault(segment.speaker, SPEAKER_COLORS[len(palette) % len(SPEAKER_COLORS)])
            speakers.append(TimeSpan(segment.start_s, segment.end_s, segment.speaker, color))
        timed = [TimedSegment(s.start_s, s.end_s, s.char_start, s.char_end, s.speaker) for s in segments]
        self.timeline = Timeline(words, timed)
        self._speakers = speakers
        self.refresh_coded_spans()

    def refresh_coded_spans(self) -> None:
        if self.waveform is None or self.document_id is None:
            return
        coded = []
        for span in self.host.editor.spans():
            times = self.time_span(span.start, span.end)
            if times is not None:
                color = QColor(self.host.editor.color_of(span.coding_id)).name()
                coded.append(TimeSpan(times[0], times[1], "", color))
        self.waveform.set_lanes(self._speakers, coded)

    # -- text <-> time ---------------------------------------------------------

    @property
    def words(self) -> list[TimedWord]:
        return self.timeline.words

    def time_span(self, start: int, end: int) -> tuple[float, float] | None:
        """Seconds covered by the words inside [start, end) of the text."""
        return self.timeline.time_span(start, end)

    def word_at_time(self, seconds: float) -> TimedWord | None:
        return self.timeline.word_at(seconds)

    def seek_to_text(self, position: int) -> None:
        if not self.player.loaded or not self.words:
            return
        times = self.time_span(position, position + 1)
        if times is not None:
            self.player.seek(times[0])

    def play_extract(self, document_id: int, start: int, end: int) -> bool:
        """Play a coded passage's audio; False if it has none (a plain-text document)."""
        self.show_document(document_id)
        times = self.time_span(start, end) if self.document_id == document_id else None
        if times is None:
            return False
        self.player.play_span(*times)
        return True

    def _on_position(self, seconds: float) -> None:
        if self.waveform is not None:
            self.waveform.set_position(seconds)
        word = self.timeline.word_at(seconds)
        segment = self.timeline.segment_at(seconds)
        self.host.editor.set_playhead(
            (word.char_start, word.char_end) if word else None,
            (segment.char_start, segment.char_end) if segment else None,
        )
