"""The demo's recorded interview: stored recording, timed transcript with speakers, a case, codings."""

from __future__ import annotations

from pathlib import Path

from qda_desktop.core import views
from qda_desktop.core.demo import build_demo
from qda_desktop.core.demo_recording import recording_spec
from qda_desktop.core.queries import project_dump


def test_demo_has_a_transcribed_recording_with_speakers_case_and_codings(tmp_path: Path) -> None:
    spec = recording_spec()
    with build_demo(tmp_path / "demo.qdaproj") as project:
        with project.read() as session:
            dump = project_dump(session)
        doc = next(d for d in dump["documents"] if d["name"] == spec["name"])
        recording = views.recording_of(project, doc["id"])
        assert recording is not None and recording.name == spec["recording"]
        assert dump["recordings"][0]["duration_s"] == spec["duration_s"]
        segments = views.transcript_segments(project, doc["id"])
        assert len(segments) == len(spec["segments"])
        assert {s.speaker for s in segments} == {"Interviewer", "Grace"}
        assert all(s.words and s.start_s < s.end_s for s in segments)
        words = [w for s in spec["segments"] for w in s["words"]]
        timed = [w for s in segments for w in s.words]
        assert [doc["text"][w.char_start : w.char_end] for w in timed] == [w[0].strip() for w in words]
        quotes = {c["text"] for c in dump["codings"] if c["document"] == spec["name"]}
        assert quotes == {c["quote"] for c in spec["codings"]}
        assert views.transcription_status(project, doc["id"]) == "done"
        assert doc["cases"] == ["Grace"]
