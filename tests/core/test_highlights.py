"""Overlap runs and stripe lanes, checked against brute force on random codings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qda_desktop.core.highlights import Span, lanes, runs


@st.composite
def span_lists(draw: st.DrawFn) -> list[Span]:
    spans = []
    for coding_id in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, 60))
        spans.append(Span(coding_id, draw(st.integers(1, 5)), start, start + draw(st.integers(1, 20))))
    return spans


@settings(max_examples=500, deadline=None)
@given(span_lists())
def test_runs_match_brute_force(spans: list[Span]) -> None:
    covered: dict[int, frozenset[int]] = {}
    for pos in range(90):
        active = frozenset(s.coding_id for s in spans if s.start <= pos < s.end)
        if active:
            covered[pos] = active
    seen: dict[int, frozenset[int]] = {}
    for run in runs(spans):
        assert run.start < run.end
        for pos in range(run.start, run.end):
            assert pos not in seen
            seen[pos] = frozenset(run.coding_ids)
    assert seen == covered


@settings(max_examples=500, deadline=None)
@given(span_lists())
def test_overlapping_codings_never_share_a_lane(spans: list[Span]) -> None:
    lane = lanes(spans)
    assert set(lane) == {s.coding_id for s in spans}
    for a in spans:
        for b in spans:
            if a.coding_id < b.coding_id and a.start < b.end and b.start < a.end:
                assert lane[a.coding_id] != lane[b.coding_id]
    depth = max((sum(s.start <= p < s.end for s in spans) for p in range(90)), default=0)
    assert max(lane.values(), default=-1) + 1 == depth  # as few lanes as the deepest overlap needs
