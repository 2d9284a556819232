"""Renaming, merging and reassigning speakers of a transcript; codings and words follow the labels."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest

from qda_desktop.core.commands import (
    AddCode,
    AppendSegments,
    ApplyCode,
    RenameSpeaker,
    SetSegmentSpeaker,
    StartTranscript,
)
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.speakers import AlternateSpeakers
from qda_desktop.core.commands.transcripts import SegmentData, Word
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput
from qda_desktop.store.media import store_media
from tests.helpers import snapshot


class AddFakeMedia(Command):
    label = "Add media"

    def apply(self, ctx: Context) -> int:
        return store_media(ctx.session.connection(), "r.wav", io.BytesIO(b"\x00" * 1000), "audio/wav", 10.0)


def seg(start: float, text: str, speaker: str) -> SegmentData:
    words, t = [], start
    for word in text.split(" "):
        words.append(Word(" " + word, t, t + 0.3))
        t += 0.3
    return SegmentData(start, t, text, tuple(words), speaker)


@pytest.fixture
def transcript(project: Project) -> int:
    media = project.run(AddFakeMedia()).result
    doc = project.run(StartTranscript("Interview", media)).result
    project.run(
        AppendSegments(
            doc,
            (
                seg(0.0, "How did it start?", "SPEAKER_00"),
                seg(2.0, "They wrote to us.", "SPEAKER_01"),
                seg(4.0, "And then?", "SPEAKER_00"),
            ),
            6.0,
        )
    )
    return int(doc)


def doc_of(project: Project) -> dict:  # type: ignore[type-arg]
    with project.read() as session:
        dump = project_dump(session)
    return {"doc": dump["documents"][0], "codings": dump["codings"]}


def test_rename_speaker_rewrites_labels_and_codings_follow(project: Project, transcript: int) -> None:
    code = project.run(AddCode("Origins")).result
    text = doc_of(project)["doc"]["text"]
    assert text == "SPEAKER_00: How did it start?\nSPEAKER_01: They wrote to us.\nSPEAKER_00: And then?"
    start = text.index("They wrote")
    project.run(ApplyCode(transcript, code, start, start + len("They wrote to us.")))
    before = snapshot(project)
    project.run(RenameSpeaker(transcript, "SPEAKER_00", "Interviewer"))
    project.run(RenameSpeaker(transcript, "SPEAKER_01", "Marguerite"))
    state = doc_of(project)
    assert (
        state["doc"]["text"] == "Interviewer: How did it start?\nMarguerite: They wrote to us.\nInterviewer: And then?"
    )
    assert state["codings"][0]["text"] == "They wrote to us."
    for segment in state["doc"]["segments"]:
        assert state["doc"]["text"][segment["char_start"] : segment["char_end"]] == segment["text"]
        assert [state["doc"]["text"][w[3] : w[4]] for w in segment["words"]] == segment["text"].split(" ")
    project.undo()
    project.undo()
    assert snapshot(project) == before


def test_merge_and_reassign(project: Project, transcript: int) -> None:
    project.run(RenameSpeaker(transcript, "SPEAKER_01", "SPEAKER_00"))  # merge
    assert {s["speaker"] for s in doc_of(project)["doc"]["segments"]} == {"SPEAKER_00"}
    with project.store.engine.connect() as conn:
        last = int(conn.exec_driver_sql("SELECT id FROM segment ORDER BY idx DESC LIMIT 1").scalar_one())
    project.run(SetSegmentSpeaker(transcript, (last,), "Roy"))
    segments = doc_of(project)["doc"]["segments"]
    assert [s["speaker"] for s in segments] == ["SPEAKER_00", "SPEAKER_00", "Roy"]
    assert doc_of(project)["doc"]["text"].endswith("\nRoy: And then?")
    assert json.dumps(segments)  # still serialisable


def test_bad_speaker_names_and_documents(project: Project, transcript: int) -> None:
    with pytest.raises(InvalidInput, match="must not contain"):
        project.run(RenameSpeaker(transcript, "SPEAKER_00", "Dr: Who"))
    with pytest.raises(InvalidInput, match="no segment"):
        project.run(RenameSpeaker(transcript, "Nobody", "X"))


def test_background_writes_drop_only_the_undo_steps_they_would_corrupt(project: Project, transcript: int) -> None:
    from qda_desktop.core.commands import EditDocumentText

    project.run(AddCode("Unrelated"))  # an older step on other rows
    text = doc_of(project)["doc"]["text"]
    project.run(EditDocumentText(transcript, text.replace("How did", "So how did")))
    project.run(AddCode("Later"))  # a newer step on other rows
    project.run(AppendSegments(transcript, (seg(6.0, "More words.", "SPEAKER_01"),), 8.0), undoable=False)
    # Undoing the edit now would bring back text without the new segment: that step (and older) is gone,
    # the newer, unrelated step remains.
    assert [s.label for s in project.history.undo_stack] == ["Add code 'Later'"]
    assert project.undo() is not None
    assert project.undo() is None
    final = doc_of(project)["doc"]
    assert final["text"].startswith("SPEAKER_00: So how did") and final["text"].endswith("More words.")
    for segment in final["segments"]:
        assert final["text"][segment["char_start"] : segment["char_end"]] == segment["text"]


def segment_ids(project: Project) -> list[int]:
    with project.store.engine.connect() as conn:
        return [int(i) for i in conn.exec_driver_sql("SELECT id FROM segment ORDER BY idx").scalars()]


@pytest.fixture
def interview(project: Project) -> int:
    """Six unnamed segments: two turns of two sentences, then two one-sentence turns (pauses of 1 s)."""
    media = project.run(AddFakeMedia()).result
    doc = project.run(StartTranscript("Interview", media)).result
    times = [0.0, 1.3, 3.6, 4.9, 7.2, 9.5]  # a segment lasts 1.2 s: gaps of 0.1 s within a turn, 1.1 s between
    texts = ["How did", "it start?", "They wrote", "to us.", "And then?", "We met."]
    segments = tuple(seg(t, text, "") for t, text in zip(times, texts, strict=True))
    project.run(AppendSegments(doc, tuple(replace(s, end=s.start + 1.2) for s in segments), 11.0))
    return int(doc)


def test_assign_many_segments_at_once_is_one_undo_step(project: Project, interview: int) -> None:
    code = project.run(AddCode("Origins")).result
    text = doc_of(project)["doc"]["text"]
    project.run(ApplyCode(interview, code, text.index("They"), text.index("to us.") + len("to us.")))
    before = snapshot(project)
    ids = segment_ids(project)
    project.run(SetSegmentSpeaker(interview, tuple(ids[2:4] + ids[5:]), "Marguerite"))
    state = doc_of(project)
    assert [s["speaker"] for s in state["doc"]["segments"]] == ["", "", "Marguerite", "Marguerite", "", "Marguerite"]
    assert state["codings"][0]["text"] == "They wrote\nMarguerite: to us."
    after = snapshot(project)
    project.undo()
    assert snapshot(project) == before
    project.redo()
    assert snapshot(project) == after


@pytest.mark.parametrize(
    ("turn_gap_s", "expected"),
    [
        (None, ["Roy", "Marguerite", "Roy", "Marguerite", "Roy", "Marguerite"]),
        (0.5, ["Roy", "Roy", "Marguerite", "Marguerite", "Roy", "Marguerite"]),
    ],
)
def test_alternate_two_speakers_by_segment_or_by_pause(
    project: Project, interview: int, turn_gap_s: float | None, expected: list[str]
) -> None:
    before = snapshot(project)
    project.run(AlternateSpeakers(interview, tuple(segment_ids(project)), ("Roy", "Marguerite"), turn_gap_s))
    state = doc_of(project)["doc"]
    assert [s["speaker"] for s in state["segments"]] == expected
    lines = state["text"].split("\n")
    assert [line.split(": ")[0] for line in lines] == expected
    for segment in state["segments"]:
        assert state["text"][segment["char_start"] : segment["char_end"]] == segment["text"]
        assert [state["text"][w[3] : w[4]] for w in segment["words"]] == segment["text"].split(" ")
    after = snapshot(project)
    assert [s.label for s in project.history.undo_stack][-1] == "Alternate speakers Roy / Marguerite"
    project.undo()
    assert snapshot(project) == before
    project.redo()
    assert snapshot(project) == after


def test_alternating_refuses_bad_input_and_changes_nothing(project: Project, interview: int) -> None:
    before = snapshot(project)
    ids = tuple(segment_ids(project))
    with pytest.raises(InvalidInput, match="at least two speakers"):
        project.run(AlternateSpeakers(interview, ids, ("Roy",)))
    with pytest.raises(InvalidInput, match="not in this transcript"):
        project.run(AlternateSpeakers(interview, (*ids, 999), ("Roy", "Marguerite")))
    with pytest.raises(InvalidInput, match="must not contain"):
        project.run(AlternateSpeakers(interview, ids, ("Roy", "Dr: Who")))
    assert snapshot(project) == before
