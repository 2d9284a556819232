"""A typed transcript aligned to its recording: the text stays hers, her turns gain times. Checked on the
corpus interview P01, whose turn times are known from how its audio was made."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qda_desktop.core.commands import ImportText
from qda_desktop.core.commands.transcript_import import AlignTranscript
from qda_desktop.core.commands.transcripts import ImportRecording
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.core.timeline import document_timeline
from qda_desktop.exchange.alignment import HeardWord, align
from tests.conftest import CORPUS, DEFAULT_MODEL, corpus_text

CLIP_S = 24.0  # the first three turns of P01 end at 23.6 s
TOLERANCE_S = 1.0


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


@pytest.mark.skipif(not (Path(os.environ.get("QDA_WHISPER_MODEL") or DEFAULT_MODEL) / "model.bin").is_file(),
                    reason="no faster-whisper model")  # fmt: skip
def test_p01_turns_gain_their_real_times(project: Project) -> None:
    from qda_desktop.transcribe.recordings import decode
    from qda_desktop.transcribe.words import heard_words

    truth = json.loads((CORPUS / "audio" / "P01.segments.json").read_text(encoding="utf-8"))["segments"][:3]
    text = "\n\n".join(corpus_text("P01").split("\n\n")[:3])
    audio = decode(str(CORPUS / "audio" / "P01.wav"))[: int(CLIP_S * 16_000)]
    model = Path(os.environ.get("QDA_WHISPER_MODEL") or DEFAULT_MODEL)
    heard = [HeardWord(*w) for w in heard_words(audio, model, "en")]
    alignment = align(text, heard, CLIP_S)
    assert alignment.share > 0.5  # tiny.en mishears about a fifth of these synthetic voices
    assert [s.speaker for s in alignment.segments] == [t["speaker"] for t in truth]
    for segment, turn in zip(alignment.segments, truth, strict=True):
        assert abs(segment.start_s - turn["start"]) < TOLERANCE_S
        assert abs(segment.end_s - turn["end"]) < TOLERANCE_S
        assert text[segment.char_start : segment.char_end] == turn["transcript_text"]

    doc = project.run(ImportText("P01", text)).result
    media = project.run(ImportRecording("P01.wav", CORPUS / "audio" / "P01.wav", "audio/wav", 385.766)).result
    project.run(AlignTranscript(doc, media, alignment.segments))
    with project.read() as session:
        [stored] = project_dump(session)["documents"]
        timeline = document_timeline(session, doc)
    assert stored["kind"] == "transcript" and stored["text"] == text  # her text, unchanged
    assert [s["speaker"] for s in stored["segments"]] == ["Interviewer", "P01", "Interviewer"]
    span = timeline.time_span(text.index("distribution"), text.index("distribution") + 12)
    assert span is not None and truth[1]["start"] < span[0] < truth[1]["end"]
    project.undo()
    with project.read() as session:
        assert project_dump(session)["documents"][0]["kind"] == "text"
