"""The demo's recorded interview: a short synthetic-voice recording stored in the project, with the
transcript faster-whisper (tiny.en) made of it, its speakers, a participant case and a few codings.

The transcript is stored as it was transcribed, so the demo opens instantly and shows real model output
(with its mistakes, to correct with codes attached).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from qda_desktop.core.commands import (
    AddCase,
    AppendSegments,
    ApplyCode,
    FinishTranscription,
    ImportRecording,
    LinkDocumentToCase,
    SetCaseAttribute,
    StartTranscript,
)
from qda_desktop.core.commands.transcripts import SegmentData, Word
from qda_desktop.core.project import Project
from qda_desktop.core.views import document_text

SPEC = "D04-community-cafe.json"


def recording_spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(resources.files("qda_desktop.demo").joinpath(SPEC).read_text(encoding="utf-8"))
    return spec


def add_demo_recording(project: Project, codes: dict[str, int], attributes: dict[str, int]) -> int:
    """Store the recording, its transcript and codings; returns the transcript document's id."""
    spec = recording_spec()
    with resources.as_file(resources.files("qda_desktop.demo").joinpath(spec["recording"])) as path:
        media_id = project.run(ImportRecording(spec["recording"], path, spec["mime"], spec["duration_s"])).result
    document_id = project.run(StartTranscript(spec["name"], media_id, spec["provenance"])).result
    segments = tuple(
        SegmentData(s["start"], s["end"], s["text"], tuple(Word(*w) for w in s["words"]), s["speaker"])
        for s in spec["segments"]
    )
    project.run(AppendSegments(document_id, segments, spec["duration_s"]))
    project.run(FinishTranscription(document_id, "done", spec["wall_s"]))
    case = spec["case"]
    case_id = project.run(AddCase(case["name"])).result
    for name, value in case["values"].items():
        project.run(SetCaseAttribute(case_id, attributes[name], value))
    project.run(LinkDocumentToCase(document_id, case_id))
    transcript = document_text(project, document_id)
    assert transcript is not None
    for coding in spec["codings"]:
        start = transcript.text.index(coding["quote"])
        project.run(ApplyCode(document_id, codes[coding["code"]], start, start + len(coding["quote"])))
    return int(document_id)
