"""Matching the words a transcription heard to a typed transcript: the text stays hers, her turns gain
times (the whole path, with the real model, is in tests/transcribe/test_aligning.py)."""

from __future__ import annotations

from qda_desktop.exchange.alignment import HeardWord, align


def test_misheard_and_missing_words_take_times_between_their_neighbours() -> None:
    text = "Interviewer: So how did it start?\nP01: Well [laughs] it was the flood."
    heard = [
        HeardWord("so", 0.0, 0.2), HeardWord("how", 0.3, 0.5), HeardWord("did", 0.6, 0.7),
        HeardWord("it", 0.8, 0.9), HeardWord("start", 1.0, 1.4),
        HeardWord("well", 2.0, 2.3), HeardWord("it", 2.5, 2.6), HeardWord("were", 2.7, 2.9),
        HeardWord("the", 3.0, 3.1), HeardWord("flood", 3.2, 3.6),
    ]  # fmt: skip
    alignment = align(text, heard, duration_s=4.0)
    assert (alignment.matched, alignment.total) == (9, 10)  # "was" was heard as "were"; "[laughs]" is no word
    first, second = alignment.segments
    assert (first.speaker, first.start_s, first.end_s) == ("Interviewer", 0.0, 1.4)
    assert text[first.char_start : first.char_end] == "So how did it start?"
    assert (second.speaker, second.start_s, second.end_s) == ("P01", 2.0, 3.6)
    assert [w[0] for w in second.words] == ["Well", "it", "was", "the", "flood."]
    was = second.words[2]
    assert (was[1], was[2]) == (2.6, 3.0)  # between "it" (ends 2.6) and "the" (starts 3.0)
    assert text[was[3] : was[4]] == "was"
