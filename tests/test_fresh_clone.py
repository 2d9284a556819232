"""A checkout without the shared test data stops the run at once with one clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SHARED


def run_tiny_suite(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a one-test suite in ``tmp_path`` with our conftest loaded as a plugin."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_tiny.py").write_text("def test_tiny() -> None:\n    assert True\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.conftest", "-c", "pytest.ini", "."],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_missing_shared_data_stops_the_run(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    suite = tmp_path / "suite"
    suite.mkdir()
    result = run_tiny_suite(suite, {"QDA_SHARED_DIR": str(empty), "QDA_WHISPER_MODEL": str(empty / "model")})
    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    # pytest echoes an exit reason on stdout and stderr: the same one message.
    messages = list(
        {
            line.split("cannot run the tests")[1].strip(" !")
            for line in output.splitlines()
            if "cannot run the tests" in line
        }
    )
    assert len(messages) == 1, output
    assert f"not at {empty / 'corpus'}" in messages[0] and "set QDA_SHARED_DIR" in messages[0]
    assert f"no faster-whisper model at {empty / 'model'}" in messages[0] and "QDA_WHISPER_MODEL" in messages[0]
    assert "passed" not in output and "failed" not in output


def test_the_tiny_suite_runs_when_the_data_is_there(tmp_path: Path) -> None:
    result = run_tiny_suite(tmp_path, {"QDA_SHARED_DIR": str(SHARED)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
