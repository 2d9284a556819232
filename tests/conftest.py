"""Shared fixtures: real SQLCipher projects, an in-memory keychain, isolated settings."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

from qda_desktop.core.project import Project

PASSPHRASE = "correct horse battery staple ✓ 'quoted\""
REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QDA_SHARED_DIR", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
DEFAULT_MODEL = SHARED / "models" / "faster-whisper-tiny.en"


def missing_test_data() -> list[str]:
    """What the suite needs from outside the repository and cannot find, each with how to point to it."""
    missing = []
    if not (CORPUS / "interviews" / "P01.txt").is_file() or not (CORPUS / "audio").is_dir():
        missing.append(
            f"the shared test corpus is not at {CORPUS} "
            "(set QDA_SHARED_DIR to the folder that holds corpus/ and models/)"
        )
    model = Path(os.environ.get("QDA_WHISPER_MODEL") or DEFAULT_MODEL)
    if not (model / "model.bin").is_file():
        missing.append(f"no faster-whisper model at {model} (set QDA_WHISPER_MODEL to a model folder)")
    return missing


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, with one message, rather than fail dozens of tests for want of data."""
    missing = missing_test_data()
    if missing:
        pytest.exit("cannot run the tests: " + "; ".join(missing), returncode=pytest.ExitCode.USAGE_ERROR)


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in memory, for tests."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.secrets:
            raise PasswordDeleteError("not found")
        del self.secrets[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session", autouse=True)
def session_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Settings and data of the whole run (module fixtures too) in a folder of its own, never the user's."""
    base = tmp_path_factory.mktemp("session-user")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QDA_CONFIG_DIR", str(base / "config"))
        env.setenv("QDA_DATA_DIR", str(base / "data"))
        yield base


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("QDA_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("QDA_DATA_DIR", str(base / "data"))
    return base


@pytest.fixture(scope="session")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty project built once per session; tests get copies."""
    path = tmp_path_factory.mktemp("template") / "template.qdaproj"
    Project.create(path, PASSPHRASE, "Template").close()
    return path


@pytest.fixture
def project_path(template_project: Path, tmp_path: Path) -> Path:
    path = tmp_path / "study.qdaproj"
    shutil.copyfile(template_project, path)
    return path


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    opened = Project.open(project_path, PASSPHRASE)
    yield opened
    if opened.store.is_open:
        opened.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_text(name: str) -> str:
    return (CORPUS / "interviews" / f"{name}.txt").read_text(encoding="utf-8")
