"""Pure text logic in core: UTF-16 offsets, normalised imports with an exact offset map, text ↔ time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qda_desktop.core.commands import ImportText
from qda_desktop.core.commands.transcripts import AppendSegments, SegmentData, StartTranscript, Word
from qda_desktop.core.project import Project
from qda_desktop.core.text_units import OffsetMap
from qda_desktop.core.textfiles import normalise_text
from qda_desktop.core.timeline import TimedSegment, TimedWord, Timeline, document_timeline
from qda_desktop.store.media import store_media

PIECES = st.sampled_from(["a", "é", " ", "\n", "\r", "\r\n", "\ufeff", "💜", "字"])
RAW = st.lists(PIECES, max_size=40).map("".join)


@given(RAW)
def test_normalised_text_has_no_bom_or_cr(raw: str) -> None:
    stored = normalise_text(raw).text
    assert "\r" not in stored and stored.startswith("\ufeff") == raw.startswith("\ufeff\ufeff")
    assert stored.replace("\n", "") == raw.removeprefix("\ufeff").replace("\r", "").replace("\n", "")


@given(RAW)
def test_every_kept_character_maps_to_itself(raw: str) -> None:
    normalised = normalise_text(raw)
    stored = normalised.text
    removed = {0} if raw.startswith("\ufeff") else set()
    removed |= {i for i in range(len(raw) - 1) if raw[i : i + 2] == "\r\n"}
    positions = [normalised.offset(i) for i in range(len(raw) + 1)]
    assert positions == sorted(positions) and positions[-1] == len(stored)
    for i, char in enumerate(raw):
        if i in removed:
            continue
        assert stored[positions[i]] == ("\n" if char == "\r" else char)
        assert normalised.range(i, i + 1) == (positions[i], positions[i] + 1)


@given(RAW, st.data())
def test_a_raw_passage_maps_to_its_normalised_self(raw: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    normalised = normalise_text(raw)
    mapped = normalised.range(start, end)
    passage = raw[start:end].removeprefix("\ufeff") if start == 0 else raw[start:end]
    visible = passage.replace("\r", "").replace("\n", "")
    assert normalised.text[mapped[0] : mapped[1]].replace("\n", "") == visible


def test_import_stores_the_normalised_text(project: Project) -> None:
    raw = "\ufeffline one\r\nline two\rline three"
    doc = project.run(ImportText("raw", raw)).result
    normalised = normalise_text(raw)
    with project.read() as session:
        from qda_desktop.store.models import Document

        stored = session.get(Document, doc)
        assert stored is not None and stored.text == normalised.text == "line one\nline two\nline three"
    two = raw.index("line two")
    assert normalised.text[normalised.offset(two) :].startswith("line two")


@given(st.lists(st.sampled_from(["a", "é", "💜", "𝄞", "字"]), max_size=30).map("".join))
def test_utf16_offsets_round_trip(text: str) -> None:
    offsets = OffsetMap(text)
    for i in range(len(text) + 1):
        utf16 = offsets.to_utf16(i)
        assert utf16 == len(text[:i].encode("utf-16-le")) // 2
        assert offsets.to_codepoint(utf16) == i
        if i < len(text) and ord(text[i]) > 0xFFFF:
            assert offsets.to_codepoint(utf16 + 1) == i  # inside a surrogate pair


def test_timeline_maps_text_and_time_both_ways() -> None:
    words = [TimedWord(0.0, 0.4, 0, 5), TimedWord(0.5, 0.9, 6, 11), TimedWord(3.0, 3.5, 12, 16)]
    timeline = Timeline(words, [TimedSegment(0.0, 0.9, 0, 11, "A"), TimedSegment(3.0, 3.5, 12, 16, "B")])
    assert timeline.time_span(0, 11) == (0.0, 0.9)
    assert timeline.time_span(7, 14) == (0.5, 3.5)
    assert timeline.time_span(5, 6) is None  # the space between words has no time of its own
    assert timeline.word_at(0.6) == words[1]
    assert timeline.word_at(2.0) is None  # in a long pause, no word is current
    segment = timeline.segment_at(3.2)
    assert segment is not None and segment.speaker == "B"
    assert Timeline([], []).time_span(0, 5) is None


def test_document_timeline_reads_a_stored_transcript(project: Project, tmp_path: object) -> None:
    import io

    with project.store.engine.begin() as conn:
        media = store_media(conn, "clip.wav", io.BytesIO(b"RIFF0000WAVE"), "audio/wav", 2.0)
    doc = project.run(StartTranscript("clip", media)).result
    segment = SegmentData(0.0, 1.0, " Hello there.", (Word(" Hello", 0.0, 0.4), Word(" there.", 0.5, 1.0)), "S1")
    project.run(AppendSegments(doc, (segment,), 1.0))
    with project.read() as session:
        timeline = document_timeline(session, doc)
        from qda_desktop.store.models import Document

        text = session.get(Document, doc).text  # type: ignore[union-attr]
    start = text.index("there")
    assert timeline.time_span(start, start + 5) == (0.5, 1.0)
    word = timeline.word_at(0.2)
    assert word is not None and text[word.char_start : word.char_end] == "Hello"
