"""``qda import`` as a real subprocess: many formats in one undo step, recordings linked, bad input refused."""

from __future__ import annotations

import math
import shutil
import struct
import wave
from pathlib import Path
from typing import Any

import pytest

from qda_desktop.store.project_file import raw_connect
from tests.conftest import sha256
from tests.exchange.samples import RTF_SAMPLE, write_docx, write_pdf
from tests.test_cli import PASS, assert_one_line_error, qda

SRT = "1\n00:00:00,500 --> 00:00:01,500\nAnna: Hello there.\n\n2\n00:00:01,800 --> 00:00:02,900\nBen: Hi, Anna.\n"


def tone(path: Path, seconds: float = 3.0) -> Path:
    """A short recording: a quiet 220 Hz tone, 16 kHz mono."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        frames = (int(8000 * math.sin(2 * math.pi * 220 * i / 16_000)) for i in range(int(16_000 * seconds)))
        out.writeframes(b"".join(struct.pack("<h", f) for f in frames))
    return path


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-import") / "study.qdaproj"
    qda("new", str(path))
    return path


@pytest.fixture
def study(empty: Path, tmp_path: Path) -> Path:
    path = tmp_path / "study.qdaproj"
    shutil.copyfile(empty, path)
    return path


def rows(project: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = raw_connect(project, PASS)
    found = [tuple(r) for r in conn.execute(sql)]
    conn.close()
    return found


def actions(project: Path) -> list[str]:
    return [r[0] for r in rows(project, "SELECT action FROM audit_log WHERE kind = 'do' ORDER BY id")]


def test_every_format_in_one_undo_step(study: Path, tmp_path: Path) -> None:
    write_docx(tmp_path / "P01.docx", ["Interview P01", "Interviewer: Hello."])
    write_pdf(tmp_path / "P02.pdf", [["Interview P02"]])
    (tmp_path / "P03.rtf").write_text(RTF_SAMPLE, encoding="ascii")
    (tmp_path / "P04.srt").write_text(SRT, encoding="utf-8")
    files = [str(tmp_path / n) for n in ("P01.docx", "P02.pdf", "P03.rtf", "P04.srt")]
    result = qda("import", str(study), *files)
    assert result.stdout.strip() == "4 files: imported 3 documents, 1 transcript, 2 turns"
    assert rows(study, "SELECT name, kind, text FROM document ORDER BY name") == [
        ("P01", "text", "Interview P01\nInterviewer: Hello."),
        ("P02", "text", "Interview P02"),
        ("P03", "text", "Interviewer: How did it start?\nParticipant: At the café, with my neighbour."),
        ("P04", "transcript", "Anna: Hello there.\nBen: Hi, Anna."),
    ]
    assert actions(study) == ["Import 4 documents"]


def test_a_recording_is_stored_and_linked(study: Path, tmp_path: Path) -> None:
    (tmp_path / "talk.srt").write_text(SRT, encoding="utf-8")
    result = qda("import", str(study), str(tmp_path / "talk.srt"), "--recording", str(tone(tmp_path / "talk.wav")))
    assert result.stdout.strip() == "1 file: imported 1 transcript, 2 turns"
    [(media_id, name, duration)] = rows(study, "SELECT id, name, duration_s FROM media")
    assert (name, round(duration, 1)) == ("talk.wav", 3.0)
    assert rows(study, "SELECT media_id FROM document WHERE name = 'talk'") == [(media_id,)]
    assert actions(study) == ["Import recording 'talk.wav'", "Import 'talk'"]


def test_a_recording_needs_a_timed_transcript(study: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Just notes.", encoding="utf-8")
    before = sha256(study)
    result = qda(
        "import", str(study), str(tmp_path / "notes.txt"), "--recording", str(tone(tmp_path / "r.wav")), check=False
    )
    assert_one_line_error(result, "r.wav: none of the files is a timed transcript")
    assert sha256(study) == before


def test_one_bad_file_stops_the_whole_batch(study: Path, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A good interview.", encoding="utf-8")
    shutil.copyfile(write_pdf(tmp_path / "real.pdf", [["text"]]), tmp_path / "interview3.docx")
    before = sha256(study)
    result = qda("import", str(study), str(tmp_path / "good.txt"), str(tmp_path / "interview3.docx"), check=False)
    assert_one_line_error(result, "interview3.docx: not a Word document (it is a PDF)")
    assert sha256(study) == before


def test_a_taken_name_is_refused_before_any_change(study: Path, tmp_path: Path) -> None:
    (tmp_path / "P01.txt").write_text("First.", encoding="utf-8")
    qda("import", str(study), str(tmp_path / "P01.txt"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "P01.md").write_text("# Second", encoding="utf-8")
    before = sha256(study)
    result = qda("import", str(study), str(tmp_path / "other" / "P01.md"), check=False)
    assert_one_line_error(result, "P01.md: a document named 'P01' already exists")
    assert sha256(study) == before
