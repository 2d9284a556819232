"""Property tests: codings follow edits; codings whose text is deleted entirely detach."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qda_desktop.core.anchors import Edit, apply_edits, diff_edits, map_point, map_range, replacement_edits

# Letters, spaces, CRLF, emoji (outside the BMP), combining marks, Arabic and Hebrew.
ALPHABET = st.sampled_from(
    [*"abc de", "\r\n", "\n", "💜", "👍🏽", "e\u0301", "\u0308", "ال", "صحة", "שלום", "\u200f", "ß", "ı"]
)
texts = st.lists(ALPHABET, max_size=40).map("".join)
MANY = settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow], deadline=None)


@st.composite
def text_with_ranges(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(texts.filter(bool))
    ranges = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        ranges.append((start, end))
    return text, ranges


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], str]:
    old, ranges = draw(text_with_ranges())
    new = old
    for _ in range(draw(st.integers(1, 3))):  # one to three random replacements
        a = draw(st.integers(0, len(new)))
        b = draw(st.integers(a, len(new)))
        new = new[:a] + draw(texts) + new[b:]
    return old, ranges, new


def surviving_positions(old: str, edits: list[Edit]) -> dict[int, int]:
    """Old index -> new index of every character no edit touched."""
    mapping, delta, pos = {}, 0, 0
    for edit in [*edits, Edit(len(old), len(old), "")]:
        for i in range(pos, edit.start):
            mapping[i] = i + delta
        delta += edit.delta
        pos = edit.end
    return mapping


@MANY
@given(edited())
def test_diff_edits_reproduce_the_new_text(case: tuple[str, list[tuple[int, int]], str]) -> None:
    old, _, new = case
    edits = diff_edits(old, new)
    assert apply_edits(old, edits) == new
    assert all(e.start <= e.end for e in edits)
    assert all(a.end <= b.start for a, b in itertools.pairwise(edits))


@MANY
@given(edited())
def test_codings_follow_edits(case: tuple[str, list[tuple[int, int]], str]) -> None:
    old, ranges, new = case
    edits = diff_edits(old, new)
    survivors = surviving_positions(old, edits)
    for start, end in ranges:
        mapped = map_range(start, end, edits)
        kept = [i for i in range(start, end) if i in survivors]
        if not kept:
            assert mapped is None, "a coding whose every character was deleted must detach"
            continue
        assert mapped is not None
        new_start, new_end = mapped
        assert 0 <= new_start < new_end <= len(new)
        # Every surviving character is still covered…
        assert all(new_start <= survivors[i] < new_end for i in kept)
        # …and an untouched coding keeps exactly its text.
        if len(kept) == end - start and not any(start < e.start < end for e in edits):
            assert new[new_start:new_end] == old[start:end]


@MANY
@given(edited())
def test_order_of_codings_is_preserved(case: tuple[str, list[tuple[int, int]], str]) -> None:
    old, ranges, new = case
    edits = diff_edits(old, new)
    starts = sorted(start for start, _ in ranges)
    mapped = [map_point(s, edits) for s in starts]
    assert mapped == sorted(mapped)
    assert all(0 <= m <= len(new) for m in mapped)


@MANY
@given(text_with_ranges())
def test_identity_edit_changes_nothing(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, ranges = case
    assert diff_edits(text, text) == []
    assert all(map_range(s, e, []) == (s, e) for s, e in ranges)


def test_insertion_at_a_boundary_stays_outside() -> None:
    text = "one two three"
    edits = replacement_edits(text, 4, 4, "big ")
    assert map_range(4, 7, edits) == (8, 11)  # inserted before the coding
    edits = replacement_edits(text, 7, 7, "!!")
    assert map_range(4, 7, edits) == (4, 7)  # inserted after the coding


def test_retyping_a_coded_word_keeps_the_coding() -> None:
    text = "we saw teh report"
    edits = replacement_edits(text, 7, 10, "the")
    assert map_range(7, 10, edits) == (7, 10)


def test_deleting_a_coded_passage_detaches_it() -> None:
    text = "keep this. drop this. keep that."
    edits = replacement_edits(text, 11, 22, "")
    assert map_range(11, 21, edits) is None
    assert map_range(0, 32, edits) == (0, 21)


def test_emoji_and_rtl_offsets_are_code_points() -> None:
    text = "I sent 💜 then الصحة تاج and more"
    start = text.index("الصحة")
    new = text.replace("💜", "💜💜")
    edits = diff_edits(text, new)
    mapped = map_range(start, start + 5, edits)
    assert mapped is not None and new[mapped[0] : mapped[1]] == "الصحة"


def test_large_texts_diff_quickly() -> None:
    paragraph = "Interviewer: and then what happened with the project?\n\n"
    old = paragraph * 4000
    new = old[:100_000] + "a corrected word" + old[100_010:]
    edits = diff_edits(old, new)
    assert apply_edits(old, edits) == new
