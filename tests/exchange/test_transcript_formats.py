"""Timed transcripts (SRT, WebVTT, noScribe HTML, timestamped text) become transcript documents whose
segments carry speaker, times and the exact passage of the text they cover."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.core.timeline import document_timeline
from qda_desktop.exchange.importing import import_files
from qda_desktop.exchange.readers import read_document
from tests.conftest import PASSPHRASE

SRT = """1
00:00:01,000 --> 00:00:03,500
Interviewer: How did you first hear
about the food bank?

2
00:00:03,600 --> 00:00:05,000
Was it through friends?

3
00:00:06,200 --> 00:00:09,000
<i>P03:</i> Through my neighbour &amp; her son.

4
00:00:40,000 --> 00:00:41,500
P03: Much later, yes.
"""

VTT = """WEBVTT
Kind: captions

NOTE written by hand; this block is not a cue

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:04.250 align:start position:10%
<v Interviewer>Shall we start?</v>

00:04.500 --> 00:06.000
<v.loud Dana Smith>Yes &amp; <b>gladly</b>.

00:06.100 --> 00:07.000
<v Dana Smith>Where were we?</v>
"""

# noScribe (https://github.com/kaixxx/noScribe) writes HTML for its editor: a title and a notice
# paragraph, then one paragraph per speaker turn; each passage sits in an anchor named
# ts_<start ms>_<end ms>_<speaker>, the turn starts with the speaker label ("S00:" until someone
# renames it) and, when timestamps are switched on, a grey [hh:mm:ss] span.
NOSCRIBE = """<!DOCTYPE html>
<html><head><meta charset="UTF-8"><meta name="audio_source" content="C:/Users/me/interview_04.mp3">
<meta name="qrichtext" content="1"><style type="text/css">p { margin: 0 0 6px 0 }</style></head>
<body style="font-family: 'Arial'; font-size: 12pt">
<p style="font-weight:600;">interview_04.mp3</p>
<p style="color:#909090; font-size:0.8em">(Transcribed with noScribe vers. 0.6 – audio file: interview_04.mp3)</p>
<p><a name="ts_0_5120_S00"><span style="color:#78909C">[00:00:00]</span> S00: So, thank you for your time.</a>\
<a name="ts_5120_9400_S00"> Could you tell me how it started?</a></p>
<p><a name="ts_10200_15800_S01"><span style="color:#78909C">[00:00:10]</span> Maria: Well, it started when
 the factory closed (..)</a><a name="ts_15800_21000_S01"> and we had nothing.</a></p>
<p><a name="ts_21500_23000_S00">S00: Mhm.</a></p>
</body></html>
"""

TIMED_TEXT = """Interview 9 (pseudonymised)
[00:00:05] Interviewer: Tell me about the garden.
[00:00:12] P09: It was my father's.
He planted the apple trees.
00:01:23 Interviewer: And now?
(01:30) P09: Now it is mine.
"""


@pytest.fixture(scope="module")
def imported(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Each format imported into one project (one file at a time), then the project as JSON."""
    folder = tmp_path_factory.mktemp("transcripts")
    path = folder / "study.qdaproj"
    shutil.copyfile(template_project, path)
    files = {"lecture.srt": SRT, "meeting.vtt": VTT, "interview_04.html": NOSCRIBE, "P09.txt": TIMED_TEXT}
    with Project.open(path, PASSPHRASE) as project:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
            import_files(project, [folder / name])
        with project.read() as session:
            dump = project_dump(session)
            ids = {d["name"]: d["id"] for d in dump["documents"]}
            spans = {"lecture": document_timeline(session, ids["lecture"]).time_span(13, 17)}
        yield {"documents": {d["name"]: d for d in dump["documents"]}, "spans": spans}


def turns(document: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    return [(s["speaker"], s["start"], s["end"], s["text"]) for s in document["segments"]]


def test_segments_cover_exactly_their_text(imported: dict[str, Any]) -> None:
    for document in imported["documents"].values():
        assert document["kind"] == "transcript"
        text = document["text"]
        for segment in document["segments"]:
            assert text[segment["char_start"] : segment["char_end"]] == segment["text"]
            for word, start, end, char_start, char_end in segment["words"]:
                assert text[char_start:char_end] == word
                assert segment["start"] <= start <= end <= segment["end"]


def test_srt_cues_of_one_speaker_make_one_turn(imported: dict[str, Any]) -> None:
    lecture = imported["documents"]["lecture"]
    assert lecture["text"] == (
        "Interviewer: How did you first hear about the food bank? Was it through friends?\n"
        "P03: Through my neighbour & her son.\n"
        "P03: Much later, yes."
    )
    assert turns(lecture) == [
        ("Interviewer", 1.0, 5.0, "How did you first hear about the food bank? Was it through friends?"),
        ("P03", 6.2, 9.0, "Through my neighbour & her son."),
        ("P03", 40.0, 41.5, "Much later, yes."),  # half a minute later: a turn of its own
    ]
    start, end = imported["spans"]["lecture"]  # "How " falls in the first cue's first second
    assert 1.0 <= start < end <= 2.0


def test_webvtt_voice_tags_name_the_speakers(imported: dict[str, Any]) -> None:
    meeting = imported["documents"]["meeting"]
    assert turns(meeting) == [
        ("Interviewer", 1.0, 4.25, "Shall we start?"),
        ("Dana Smith", 4.5, 7.0, "Yes & gladly. Where were we?"),
    ]
    assert meeting["text"] == "Interviewer: Shall we start?\nDana Smith: Yes & gladly. Where were we?"


def test_noscribe_turns_with_their_anchors_times(imported: dict[str, Any]) -> None:
    interview = imported["documents"]["interview_04"]
    assert turns(interview) == [
        ("S00", 0.0, 9.4, "So, thank you for your time. Could you tell me how it started?"),
        ("Maria", 10.2, 21.0, "Well, it started when the factory closed (..) and we had nothing."),
        ("S00", 21.5, 23.0, "Mhm."),
    ]
    assert "noScribe" not in interview["text"]  # the tool's notice is not part of the interview


def test_timestamped_text_in_three_styles(imported: dict[str, Any]) -> None:
    p09 = imported["documents"]["P09"]
    assert turns(p09) == [
        ("", 0.0, 5.0, "Interview 9 (pseudonymised)"),
        ("Interviewer", 5.0, 12.0, "Tell me about the garden."),
        ("P09", 12.0, 83.0, "It was my father's.\nHe planted the apple trees."),
        ("Interviewer", 83.0, 90.0, "And now?"),
        ("P09", 90.0, 91.6, "Now it is mine."),  # the last turn: 0.4 s a word
    ]


def test_text_that_merely_mentions_times_stays_text(tmp_path: Path) -> None:
    notes = "Met at 10:30 in the library.\nShe left at 11:15.\nWe talked for an hour about the garden,\nand more.\n"
    path = tmp_path / "notes.txt"
    path.write_text("Field notes\n\n" + notes, encoding="utf-8")
    assert not read_document(path).is_transcript


def test_one_undo_step_takes_a_whole_import_back(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain notes.", encoding="utf-8")
    report = import_files(project, [tmp_path / "a.srt", tmp_path / "b.txt"])
    assert report.summary() == "2 files: imported 1 document, 1 transcript, 3 turns"
    assert project.history.undo_label == "Import 2 documents"
    project.undo()
    with project.read() as session:
        assert project_dump(session)["documents"] == []
