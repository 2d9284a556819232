"""The ``qda`` command-line contract, run as a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from tests.conftest import CORPUS, sha256

PASS = "cli passphrase"


def qda(
    *args: str, passphrase: str | None = PASS, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("QDA_PASSPHRASE", None)
    if passphrase is not None:
        full_env["QDA_PASSPHRASE"] = passphrase
    result = subprocess.run(
        [sys.executable, "-m", "qda_desktop.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made through the CLI: two interviews, codes, a coding."""
    path = tmp_path_factory.mktemp("cli") / "study.qdaproj"
    qda("new", str(path))
    qda("import", str(path), str(CORPUS / "interviews" / "P01.txt"), str(CORPUS / "interviews" / "P03.txt"))
    qda("codes", "add", str(path), "Partnership", "--color", "#2E7D32")
    qda("codes", "add", str(path), "Reciprocity", "--parent", "Partnership")
    qda("code", str(path), "P03", "0", "40", "Reciprocity")
    return path


@pytest.fixture
def study(built: Path, tmp_path: Path) -> Path:
    path = tmp_path / "study.qdaproj"
    shutil.copyfile(built, path)
    return path


def test_show_json_lists_everything(study: Path) -> None:
    dump = json.loads(qda("show", str(study), "--json").stdout)
    p03 = (CORPUS / "interviews" / "P03.txt").read_text(encoding="utf-8")
    assert [d["name"] for d in dump["documents"]] == ["P01", "P03"]
    assert dump["documents"][1]["text"] == p03
    assert [c["path"] for c in dump["codes"]] == ["Partnership", "Partnership/Reciprocity"]
    assert dump["codes"][0]["color"] == "#2e7d32"
    guid = dump["codings"][0]["guid"]
    assert str(uuid.UUID(guid)) == guid
    assert dump["codings"] == [
        {
            "id": 1,
            "guid": guid,
            "document": "P03",
            "code": "Partnership/Reciprocity",
            "start": 0,
            "end": 40,
            "detached": False,
            "text": p03[:40],
            "memo": "",
        }
    ]


def test_file_is_opaque_to_sqlite_and_strings(study: Path) -> None:
    result = subprocess.run(["sqlite3", str(study), "SELECT * FROM document"], capture_output=True, text=True)
    assert result.returncode != 0 and "not a database" in result.stderr
    strings = subprocess.run(["strings", "-n", "6", str(study)], capture_output=True, text=True, check=True).stdout
    for phrase in ("Interviewer", "food bank", "Brookside", "Partnership", "Reciprocity"):
        assert phrase not in strings


@pytest.mark.parametrize(
    ("args", "passphrase", "fragment"),
    [
        (("show", "{p}"), "wrong", "wrong passphrase"),
        (("code", "{p}", "P03", "5", "999999", "Partnership"), PASS, "is not a passage of 'P03'"),
        (("code", "{p}", "P99", "0", "5", "Partnership"), PASS, "no document named 'P99'"),
        (("code", "{p}", "P03", "0", "5", "Nope"), PASS, "no code named 'Nope'"),
        (("codes", "add", "{p}", "Partnership"), PASS, "already exists"),
        (("codes", "add", "{p}", "Bad", "--color", "blue"), PASS, "#RRGGBB"),
        (("import", "{p}", "{corpus}/audio/P01.wav"), PASS, "P01.wav: unsupported file type"),
        (("import", "{p}", "{corpus}/interviews/P02.txt", "{missing}"), PASS, "nothing.txt: no such file"),
        (("show", "{p}"), None, "no passphrase"),
    ],
    ids=[
        "wrong-pass",
        "bad-range",
        "no-doc",
        "no-code",
        "dup-code",
        "bad-colour",
        "audio",
        "missing",
        "no-pass",
    ],
)
def test_errors_are_one_line_and_leave_the_file_alone(
    study: Path, args: tuple[str, ...], passphrase: str | None, fragment: str
) -> None:
    before = sha256(study)
    filled = [a.format(p=study, corpus=CORPUS, missing=study.parent / "nothing.txt") for a in args]
    assert_one_line_error(qda(*filled, passphrase=passphrase, check=False), fragment)
    assert sha256(study) == before


def test_bad_text_encoding_is_refused(study: Path, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 au lait".encode("latin-1"))
    before = sha256(study)
    assert_one_line_error(qda("import", str(study), str(bad), check=False), "latin1.txt: not valid UTF-8")
    assert sha256(study) == before


def test_not_a_project_and_too_new(tmp_path: Path, study: Path) -> None:
    text = tmp_path / "notes.qdaproj"
    text.write_text("just some notes\n" * 100)
    before = sha256(text)
    assert_one_line_error(qda("show", str(text), check=False), "not a QDA Desktop project")
    assert sha256(text) == before

    from qda_desktop.store.project_file import raw_connect

    conn = raw_connect(study, PASS)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = sha256(study)
    assert_one_line_error(qda("show", str(study), check=False), "newer version of QDA Desktop")
    assert sha256(study) == before


def test_already_open_is_refused(study: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from qda_desktop.core.project import Project;"
            "p=Project.open(sys.argv[1], sys.argv[2]); print('open', flush=True); time.sleep(60)",
            str(study),
            PASS,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = sha256(study)
        assert_one_line_error(qda("show", str(study), check=False), "already open")
        assert sha256(study) == before
    finally:
        holder.kill()
        holder.wait()


def test_passwd_and_backup(study: Path, tmp_path: Path) -> None:
    qda("passwd", str(study), env={"QDA_NEW_PASSPHRASE": "second passphrase"})
    assert_one_line_error(qda("show", str(study), check=False), "wrong passphrase")
    qda("show", str(study), passphrase="second passphrase")
    backup = tmp_path / "copy.qdaproj"
    qda("backup", str(study), str(backup), passphrase="second passphrase")
    dump = json.loads(qda("show", str(backup), "--json", passphrase="second passphrase").stdout)
    assert len(dump["documents"]) == 2
    assert_one_line_error(
        qda("backup", str(study), str(backup), passphrase="second passphrase", check=False), "already exists"
    )


FILE_KEYRING = textwrap.dedent(
    """
    import json, pathlib
    from keyring.backend import KeyringBackend

    STORE = pathlib.Path(__file__).with_name("store.json")

    class FileKeyring(KeyringBackend):
        priority = 1

        def _all(self):
            return json.loads(STORE.read_text()) if STORE.exists() else {}

        def get_password(self, service, user):
            return self._all().get(service + "|" + user)

        def set_password(self, service, user, password):
            data = self._all()
            data[service + "|" + user] = password
            STORE.write_text(json.dumps(data))

        def delete_password(self, service, user):
            data = self._all()
            data.pop(service + "|" + user)
            STORE.write_text(json.dumps(data))
    """
)


def test_remembered_passphrase_is_used(study: Path, tmp_path: Path) -> None:
    # A file-backed keyring in this subprocess stands in for the OS keychain.
    keyring_dir = tmp_path / "kr"
    keyring_dir.mkdir()
    (keyring_dir / "memkr.py").write_text(FILE_KEYRING)
    env = {
        "PYTHON_KEYRING_BACKEND": "memkr.FileKeyring",
        "PYTHONPATH": f"{keyring_dir}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    qda("remember", str(study), env=env)
    assert qda("show", str(study), passphrase=None, env=env).stdout.startswith("study:")
    qda("forget", str(study), passphrase=None, env=env)
    assert_one_line_error(qda("show", str(study), passphrase=None, env=env, check=False), "no passphrase")
