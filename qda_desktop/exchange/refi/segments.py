"""Transcript segments from REFI sync points, and sync points from our segments."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from qda_desktop.exchange.refi.plan import SourceSpec, SyncPoint

SPEAKER = re.compile(r"(.{1,60}?):\s*")
END_POINT = uuid.UUID("5b0e7f43-3f55-4d36-9a39-9e0c6a1c2f10")  # namespace for our closing sync points


@dataclass(frozen=True)
class SegmentSpec:
    guid: str | None
    speaker: str
    start_s: float
    end_s: float
    char_start: int
    char_end: int


def build_segments(text: str, points: list[SyncPoint]) -> list[SegmentSpec]:
    """One segment from each timed sync point to the next; a segment stops at its last line break,
    and a ``Name:`` before it on its line is its speaker."""
    timed = sorted(
        (p for p in points if p.placed is not None and p.time_ms is not None),
        key=lambda p: (p.placed or 0, p.time_ms or 0),
    )
    segments: list[SegmentSpec] = []
    for n, point in enumerate(timed):
        start = point.placed or 0
        following = timed[n + 1] if n + 1 < len(timed) else None
        end = following.placed if following is not None and following.placed is not None else len(text)
        stretch = text[start:end]
        if "\n" in stretch:
            stretch = stretch[: stretch.rfind("\n")]
        stretch = stretch.rstrip()
        lead = len(stretch) - len(stretch.lstrip())
        if not stretch.strip():
            continue
        line_start = text.rfind("\n", 0, start) + 1
        label = SPEAKER.fullmatch(text[line_start:start])
        start_s = (point.time_ms or 0) / 1000
        end_ms = following.time_ms if following is not None else None
        end_s = max(start_s, (end_ms or 0) / 1000) if end_ms is not None else start_s
        segments.append(
            SegmentSpec(
                point.guid,
                label.group(1).strip() if label else "",
                start_s,
                end_s,
                start + lead,
                start + len(stretch),
            )
        )
    return segments


def closing_guid(segment_guid: str) -> str:
    """A stable GUID for the sync point that closes a transcript's last segment."""
    return str(uuid.uuid5(END_POINT, segment_guid))


def span_at(segments: list[SegmentSpec], begin_s: float, end_s: float) -> tuple[int, int] | None:
    """The text of the turns a time range overlaps: each segment lasts until the next one starts
    (the last until the end); None when the range meets no segment."""
    hit = [
        segment
        for n, segment in enumerate(segments)
        if segment.start_s < max(end_s, begin_s + 0.001)
        and (n + 1 == len(segments) or segments[n + 1].start_s > begin_s)
    ]
    return (hit[0].char_start, hit[-1].char_end) if hit else None


def place_by_time(spec: SourceSpec) -> int:
    """Give the transcript's audio/video selections their text (whole turns); returns how many were placed."""
    if not spec.timed:
        return 0
    segments = build_segments(spec.offsets.text, spec.sync_points)
    placed = 0
    for coded in spec.timed:
        coded.selection.placed = span_at(segments, coded.selection.start / 1000, coded.selection.end / 1000)
        placed += coded.selection.placed is not None
        spec.selections.append(coded)
    return placed
