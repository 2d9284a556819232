"""The entry points in a frozen build: the spawned transcription worker is the app's own executable started
with multiprocessing's arguments, so ``freeze_support()`` must run before either argument parser sees them."""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.spawn
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import jiwer
import pytest

from qda_desktop import __version__, app, cli
from tests.transcribe.conftest import AUDIO, cut_recording, model_path, normalise
from tests.transcribe.test_transcription import bare_transcript

FROZEN_ENTRY = Path(__file__).with_name("frozen_entry.py")
REPO = Path(__file__).resolve().parents[2]


class WorkerRan(Exception):
    """Raised by the test's freeze_support where the real one would run the worker and exit."""


@pytest.mark.parametrize("main", [app.main, cli.main], ids=["qda-desktop", "qda"])
def test_worker_arguments_go_to_freeze_support_before_the_parser(
    main: Callable[[Sequence[str] | None], int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def freeze_support() -> None:
        if multiprocessing.spawn.is_forking(sys.argv):
            raise WorkerRan

    monkeypatch.setattr(multiprocessing, "freeze_support", freeze_support)
    monkeypatch.setattr(sys, "argv", ["qda", "--multiprocessing-fork", "tracker_fd=12", "pipe_handle=14"])
    with pytest.raises(WorkerRan):
        main(None)
    assert "invalid choice" not in capsys.readouterr().err


def test_python_m_runs_the_window_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qda_desktop", "--version"], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"qda-desktop {__version__}"


def frozen_launcher(folder: Path, entry: str) -> tuple[Path, dict[str, str]]:
    """An executable that starts ``entry`` as a frozen build would (see frozen_entry.py)."""
    launcher = folder / entry
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FROZEN_ENTRY}" "$@"\n', encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "QDA_TEST_FROZEN_EXE": str(launcher), "QDA_TEST_FROZEN_ENTRY": entry}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return launcher, env


def test_transcription_worker_runs_in_a_frozen_style_qda(tmp_path: Path) -> None:
    model = model_path()
    clip = cut_recording(AUDIO / "P01.wav", tmp_path / "P01-10s.wav", 10.0)
    qda, env = frozen_launcher(tmp_path, "qda")
    env["QDA_PASSPHRASE"] = "frozen worker"
    project = tmp_path / "frozen.qdaproj"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(qda), *args], capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL
        )

    assert run("new", str(project)).returncode == 0
    result = run("transcribe", str(project), str(clip), "--model", str(model), "--device", "cpu", "--language", "en")
    assert result.returncode == 0, result.stderr
    assert "invalid choice" not in result.stderr
    shown = run("show", str(project), "--json")
    text = json.loads(shown.stdout)["documents"][0]["text"]
    bare = normalise(bare_transcript(model, clip))
    assert len(bare.split()) > 10
    assert jiwer.wer(bare, normalise(text)) <= 0.05
