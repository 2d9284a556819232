"""Playing a recording prints neither its file name nor its tags (stderr often ends up in a plain log)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS, REPO

SCRIPT = """
import faulthandler, sys, time
faulthandler.dump_traceback_later(90, exit=True)  # a hang (once, in CI, after "played") shows every thread's stack
from pathlib import Path
from qda_desktop.app import quiet_qt_multimedia
quiet_qt_multimedia()
from PySide6.QtWidgets import QApplication
from qda_desktop.core.commands.transcripts import ImportRecording, StartTranscript
from qda_desktop.core.project import Project
from qda_desktop.transcribe.recordings import probe
from qda_desktop.ui.main_window import MainWindow

app = QApplication([])
project = Project.create(Path(sys.argv[1]) / "p.qdaproj", "a passphrase for this test")
recording = Path(sys.argv[2])
info = probe(recording)
media = project.run(ImportRecording("Interview-with-Ms-Example.mp3", recording, info.mime, info.duration_s)).result
document = project.run(StartTranscript("T", media)).result
window = MainWindow(project)
window.show()
window.refresh_now()
window.documents.select(document)
player = window.transcription.playback.player
player.toggle()
end = time.monotonic() + 3
while time.monotonic() < end and player.player.position() < 500:
    app.processEvents()
print("played", player.player.position() > 0 or player.player.duration() > 0)
window.close()
"""


def test_playing_a_recording_prints_no_file_name_or_tags(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_LOGGING_RULES"}  # as a user starts the app
    env["PYTHONPATH"] = str(REPO)  # this checkout, run from a folder of the test's own
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(CORPUS / "audio" / "P01.mp3")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr  # on a hang: the stacks faulthandler printed
    assert "played True" in result.stdout
    for leak in ("Interview-with-Ms-Example", "P01", "Metadata", "Input #0", "encoder"):
        assert leak not in result.stderr, result.stderr
