"""The window's reads (core.views) and the staged recording writes on Project, on a real encrypted project."""

from __future__ import annotations

import hashlib
import os
from datetime import date

import pytest

from qda_desktop.core import views
from qda_desktop.core.commands import (
    AddJournalEntry,
    AppendSegments,
    ImportText,
    StartTranscript,
)
from qda_desktop.core.commands.transcripts import RegisterRecording, SegmentData, Word
from qda_desktop.core.project import MEDIA_CHUNK_SIZE, Project
from qda_desktop.errors import ProjectError

AUDIO = os.urandom(2 * MEDIA_CHUNK_SIZE + 1234)  # three chunks, the last one short


def stage_and_register(project: Project, data: bytes, staged_id: int = -7) -> int:
    chunks = [data[i : i + MEDIA_CHUNK_SIZE] for i in range(0, len(data), MEDIA_CHUNK_SIZE)]
    project.stage_media_chunks(staged_id, 0, chunks[:2])
    project.stage_media_chunks(staged_id, 2, chunks[2:])
    digest = hashlib.sha256(data).hexdigest()
    return int(project.run(RegisterRecording("talk.wav", staged_id, "audio/wav", 3.0, len(data), digest)).result)


@pytest.fixture
def transcript(project: Project) -> int:
    media_id = stage_and_register(project, AUDIO)
    doc = project.run(StartTranscript("Talk", media_id)).result
    words = (Word(" Hello", 0.0, 0.4), Word(" there", 0.5, 0.9))
    project.run(AppendSegments(doc, (SegmentData(0.0, 1.0, "Hello there", words, "Ann"),), 1.0))
    return int(doc)


def test_staged_chunks_become_a_recording_read_back_exactly(project: Project, transcript: int) -> None:
    recording = views.recording_of(project, transcript)
    assert recording is not None and recording.name == "talk.wav"
    assert project.open_media(recording.media_id).read() == AUDIO
    reader = project.media_reader(recording.media_id)
    reader.seek(MEDIA_CHUNK_SIZE - 2)
    assert reader.read(4) == AUDIO[MEDIA_CHUNK_SIZE - 2 : MEDIA_CHUNK_SIZE + 2]


def test_discarded_staging_cannot_be_registered(project: Project) -> None:
    project.stage_media_chunks(-9, 0, [AUDIO[:MEDIA_CHUNK_SIZE]])
    project.discard_staged_media(-9)
    with pytest.raises(Exception, match="not stored completely"):
        project.run(RegisterRecording("x.wav", -9, "audio/wav", 1.0, MEDIA_CHUNK_SIZE, "0" * 64))


def test_transcript_segments_carry_timed_words_as_plain_values(project: Project, transcript: int) -> None:
    [segment] = views.transcript_segments(project, transcript)
    text = views.document_text(project, transcript)
    assert text is not None and text.kind == "transcript"
    assert segment.speaker == "Ann" and (segment.start_s, segment.end_s) == (0.0, 1.0)
    assert [(w.start_s, w.end_s) for w in segment.words] == [(0.0, 0.4), (0.5, 0.9)]
    for word, expected in zip(segment.words, ("Hello", "there"), strict=True):
        assert text.text[word.char_start : word.char_end] == expected
    assert views.transcription_status(project, transcript) == "running"
    assert views.transcription_options(project, transcript) == {}


def test_plain_text_has_no_recording_segments_or_transcription(project: Project) -> None:
    doc = project.run(ImportText("Notes", "Some words.")).result
    assert views.recording_of(project, doc) is None
    assert views.transcript_segments(project, doc) == []
    assert views.transcription_status(project, doc) is None
    assert views.document_names(project) == {"Notes"}


def test_journal_entries_newest_first(project: Project) -> None:
    old = project.run(AddJournalEntry(date(2026, 1, 2), "old", "")).result
    new = project.run(AddJournalEntry(date(2026, 3, 4), "new", "")).result
    assert [e.title for e in views.journal_entries(project)] == ["new", "old"]
    assert views.journal_day(project, old) == date(2026, 1, 2)
    assert views.journal_day(project, new + 100) is None


def test_a_closed_project_refuses_media_reads_and_staging(project: Project) -> None:
    project.close()
    with pytest.raises(ProjectError):
        project.open_media(1)
    with pytest.raises(ProjectError):
        project.stage_media_chunks(-1, 0, [b"x"])
