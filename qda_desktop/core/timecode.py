"""Times as people read them in transcripts and progress lines."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """0:08, 12:34, 1:02:03: minutes and seconds, hours only when there are any."""
    seconds = max(0, int(seconds))
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
