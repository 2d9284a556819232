"""Provably offline: a real transcription and the real window, watched by strace.

Each run gets its own HOME, XDG folders and TMPDIR, so that whatever a library
writes outside the project and the app's own folders shows up in a listing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from tests.conftest import CORPUS, PASSPHRASE

STRACE = shutil.which("strace")
MODEL = os.environ.get("QDA_WHISPER_MODEL", "")
BIN = Path(sys.executable).parent
# onnxruntime's telemetry looked up its collector ~10 s after the VAD session
# started: the clip is long enough for the worker to outlive that.
CLIP_S = 75


def _strace_works() -> bool:
    """strace exists and may trace here (some containers forbid ptrace)."""
    if STRACE is None:
        return False
    return subprocess.run([STRACE, "-qq", "-e", "trace=none", "true"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(
    not _strace_works(), reason="strace is missing or may not trace here (installers/dev-install.sh --test)"
)

DNS = re.compile(r"htons\(53\)")
INET = re.compile(r"connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\(\d+\), (?:sin6?_addr|inet_pton)[^}]*\}")
LOOPBACK = re.compile(r"127\.\d+\.\d+\.\d+|::1|::ffff:127\.")


def network_calls(trace: Path) -> list[str]:
    """Lines of an ``strace -e trace=network`` log that reach beyond this machine, or ask DNS."""
    lines = trace.read_text(encoding="utf-8", errors="replace").splitlines()
    remote = [line for line in lines if INET.search(line) and not LOOPBACK.search(line)]
    return [line for line in lines if DNS.search(line) or "nscd" in line or line in remote]


def isolated_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"):
        folder = root / key.lower()
        folder.mkdir(mode=0o700)
        env[key] = str(folder)
    env.update(
        QDA_CONFIG_DIR=str(root / "app-config"),
        QDA_DATA_DIR=str(root / "app-data"),
        QDA_PASSPHRASE=PASSPHRASE,
        QT_QPA_PLATFORM="offscreen",
    )
    for key in ("ORT_DISABLE_TELEMETRY", "HF_HUB_OFFLINE", "HF_HUB_DISABLE_TELEMETRY", "DO_NOT_TRACK"):
        env.pop(key, None)  # the app must switch these itself
    return env


def files_under(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def traced(argv: list[str], root: Path, trace: Path) -> subprocess.CompletedProcess[str]:
    assert STRACE is not None
    cmd = [STRACE, "-f", "-qq", "-e", "trace=network", "-o", str(trace), *argv]
    return subprocess.run(cmd, env=isolated_env(root), capture_output=True, text=True, timeout=300)


def strays(root: Path, before: set[Path], allowed: tuple[str, ...]) -> list[str]:
    """New files outside the folders listed in ``allowed`` (top-level names under ``root``)."""
    return sorted(str(p) for p in files_under(root) - before if p.parts[0] not in allowed)


def write_clip(source: Path, dest: Path, seconds: int) -> None:
    with wave.open(str(source), "rb") as src, wave.open(str(dest), "wb") as out:
        out.setparams(src.getparams())
        out.writeframes(src.readframes(src.getframerate() * seconds))


@pytest.mark.skipif(not Path(MODEL).is_dir(), reason="QDA_WHISPER_MODEL is not a model folder")
def test_transcription_makes_no_network_call_and_leaves_no_files(template_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "work").mkdir(parents=True)
    project = root / "work" / "study.qdaproj"
    shutil.copyfile(template_project, project)
    write_clip(CORPUS / "audio" / "P01.wav", root / "work" / "clip.wav", CLIP_S)
    before = files_under(root)

    trace = tmp_path / "trace.txt"
    done = traced([str(BIN / "qda"), "transcribe", str(project), str(root / "work" / "clip.wav")], root, trace)

    assert done.returncode == 0, done.stderr[-2000:]
    assert network_calls(trace) == []
    assert strays(root, before, ("work", "app-config", "app-data")) == []


def test_window_makes_no_network_call_and_leaves_no_files(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "out").mkdir(parents=True)
    before = files_under(root)

    trace = tmp_path / "trace.txt"
    shot = root / "out" / "window.png"
    done = traced([str(BIN / "qda-desktop"), "--demo", "--screenshot", str(shot)], root, trace)

    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 0
    assert network_calls(trace) == []
    assert strays(root, before, ("out", "app-config", "app-data")) == []
