"""Where a job resumes (no model run): the last window is dropped and redone with its context; without
a window, the last segment; never a segment the user edited; nothing once the job is done."""

from __future__ import annotations

import io

import pytest

from qda_desktop.core.commands import EditDocumentText, FinishTranscription
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.transcripts import (
    AppendSegments,
    ResumePoint,
    ResumeTranscription,
    SegmentData,
    StartTranscript,
    Word,
)
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.store.media import store_media

WINDOW = {"seek_s": 4.5, "window_s": 5.0, "prompt": [50363, 400, 401]}


class AddFakeMedia(Command):
    label = "Add media"

    def apply(self, ctx: Context) -> int:
        return store_media(ctx.session.connection(), "r.wav", io.BytesIO(b"\x00" * 1000), "audio/wav", 10.0)


def seg(start: float, end: float, text: str) -> SegmentData:
    words = text.split(" ")
    step = (end - start) / len(words)
    timed = tuple(Word(" " + w, start + i * step, start + (i + 1) * step) for i, w in enumerate(words))
    return SegmentData(start, end, text, timed)


@pytest.fixture
def document(project: Project) -> int:
    media = project.run(AddFakeMedia()).result
    doc = int(project.run(StartTranscript("Interview", media)).result)
    first = (seg(0.0, 2.0, "How did it start?"), seg(2.6, 4.4, "They wrote to us."))
    project.run(AppendSegments(doc, first, 4.4), undoable=False)
    later = (seg(5.2, 6.0, "And then?"), seg(6.5, 8.0, "We met them."))
    project.run(AppendSegments(doc, later, 8.0, WINDOW), undoable=False)
    return doc


def text_of(project: Project) -> str:
    with project.read() as session:
        text: str = project_dump(session)["documents"][0]["text"]
    return text


def resume(project: Project, document_id: int) -> ResumePoint:
    point = project.run(ResumeTranscription(document_id), undoable=False).result
    assert isinstance(point, ResumePoint)
    return point


def test_the_last_window_is_redone_with_its_context(project: Project, document: int) -> None:
    assert resume(project, document) == ResumePoint(5.0, 5.0, 4.5, (50363, 400, 401))
    assert text_of(project) == "How did it start?\nThey wrote to us."


def test_without_a_window_the_last_segment_is_redone_from_the_pause_before_it(project: Project) -> None:
    media = project.run(AddFakeMedia()).result
    doc = int(project.run(StartTranscript("Old", media)).result)
    project.run(AppendSegments(doc, (seg(0.0, 2.0, "One two."), seg(3.0, 4.0, "Three four.")), 4.0), undoable=False)
    assert resume(project, doc) == ResumePoint(2.5, 2.0)
    assert text_of(project) == "One two."


def test_a_segment_the_user_edited_is_kept(project: Project, document: int) -> None:
    project.run(EditDocumentText(document, text_of(project).replace("We met them.", "We met them twice.")))
    point = resume(project, document)
    assert point.seek_s is None and point.restart_s == point.stored_until_s
    assert text_of(project).endswith("We met them twice.")


def test_a_finished_job_drops_nothing(project: Project, document: int) -> None:
    project.run(FinishTranscription(document, "done", 1.0), undoable=False)
    before = text_of(project)
    assert resume(project, document) == ResumePoint(8.0, 8.0)
    assert text_of(project) == before
