from __future__ import annotations

from qda_desktop.core.timecode import clock


def test_clock_shows_hours_only_when_there_are_any() -> None:
    assert [clock(s) for s in (0, 8.9, 75.2, 754, 3600, 3723.5, -3)] == [
        "0:00",
        "0:08",
        "1:15",
        "12:34",
        "1:00:00",
        "1:02:03",
        "0:00",
    ]
