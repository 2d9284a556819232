"""Renaming, merging and reassigning speakers of a transcript; codings and words follow the labels."""

from __future__ import annotations

import io
import json

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
