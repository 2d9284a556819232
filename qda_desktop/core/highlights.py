"""Layout of coded passages for display: overlap runs and stripe lanes. Pure Python, no Qt.

``runs`` splits a text into maximal stretches covered by the same set of codings
(a sweep over start/end events, O(n log n)), so overlaps can be painted once
each instead of comparing every pair of codings. ``lanes`` gives each coding a
margin lane so that overlapping codings never share one (greedy interval
colouring, optimal for intervals).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    coding_id: int
    code_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Run:
    start: int
    end: int
    coding_ids: tuple[int, ...]  # in the order the codings started


def runs(spans: Sequence[Span]) -> list[Run]:
    events: list[tuple[int, int, int]] = []  # (position, 0=end/1=start, index)
    for index, span in enumerate(spans):
        if span.end > span.start:
            events.append((span.start, 1, index))
            events.append((span.end, 0, index))
    events.sort()
    result: list[Run] = []
    active: dict[int, None] = {}  # insertion-ordered set of span indices
    previous = None
    for position, kind, index in events:
        if previous is not None and position > previous and active:
            result.append(Run(previous, position, tuple(spans[i].coding_id for i in active)))
        previous = position
        if kind == 1:
            active[index] = None
        else:
            active.pop(index, None)
    return result


def lanes(spans: Sequence[Span]) -> dict[int, int]:
    """coding id -> lane (0-based); overlapping codings get different lanes."""
    order = sorted((s.start, -s.end, s.coding_id) for s in spans)
    busy: list[tuple[int, int]] = []  # heap of (end, lane) of lanes in use
    free: list[int] = []  # heap of freed lanes
    assigned: dict[int, int] = {}
    next_lane = 0
    heappush, heappop = heapq.heappush, heapq.heappop
    for start, negative_end, coding_id in order:
        while busy and busy[0][0] <= start:
            heappush(free, heappop(busy)[1])
        if free:
            lane = heappop(free)
        else:
            lane, next_lane = next_lane, next_lane + 1
        assigned[coding_id] = lane
        heappush(busy, (-negative_end, lane))
    return assigned
