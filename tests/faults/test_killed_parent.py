"""A `qda transcribe` killed with SIGKILL, or interrupted with Ctrl+C, leaves no traceback from its worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.transcribe.conftest import AUDIO, cut_recording, model_path


def _start(tmp_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QDA_PASSPHRASE": PASSPHRASE, "QDA_WHISPER_MODEL": str(model_path())}
    project = tmp_path / "p.qdaproj"
    subprocess.run([sys.executable, "-m", "qda_desktop.cli", "new", str(project)], env=env, check=True, timeout=60)
    clip = cut_recording(AUDIO / "P01.wav", tmp_path / "clip.wav", 60)
    return subprocess.Popen(
        [sys.executable, "-m", "qda_desktop.cli", "transcribe", str(project), str(clip), "--language", "en"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )


def _wait_for_progress(process: subprocess.Popen[str]) -> str:
    """Read stderr until the first progress bar (the worker is running), then return what was read."""
    assert process.stderr is not None
    seen = ""
    deadline = time.monotonic() + 120
    while "real time" not in seen and time.monotonic() < deadline:
        seen += process.stderr.read(1)
    assert "real time" in seen, seen
    return seen


def test_a_killed_cli_leaves_no_worker_traceback(tmp_path: Path) -> None:
    process = _start(tmp_path)
    _wait_for_progress(process)
    process.kill()  # the parent only: the worker notices when it next sends a segment
    assert process.stderr is not None
    rest = process.stderr.read()  # EOF once the worker, which shares this stderr, has ended too
    assert "Traceback" not in rest and "Error" not in rest, rest


def test_ctrl_c_cancels_with_one_line_and_no_worker_traceback(tmp_path: Path) -> None:
    process = _start(tmp_path)
    _wait_for_progress(process)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl+C: the whole group
    assert process.stderr is not None
    rest = process.stderr.read()
    assert process.wait(timeout=60) != 0
    assert "Traceback" not in rest, rest
    assert "cancelled; run the same command again to resume" in rest
