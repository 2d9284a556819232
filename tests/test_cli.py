"""The ``qda`` command-line contract, run as a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
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
            "cases": [],
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


def test_legacy_text_encoding_is_detected(study: Path, tmp_path: Path) -> None:
    legacy = tmp_path / "latin1.txt"
    legacy.write_bytes("caf\xe9 au lait".encode("latin-1"))
    qda("import", str(study), str(legacy))
    dump = json.loads(qda("show", str(study), "--json").stdout)
    assert [d["text"] for d in dump["documents"] if d["name"] == "latin1"] == ["caf\xe9 au lait"]


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


# -- one line, never a traceback, for storage faults and bad inputs ------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount small tmpfs folders (root only); unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"tmpfs{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not root'})")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def _damage(path: Path, page: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * 4096 + 2000)
        fh.write(b"\xa5" * 8)


def test_disk_full_is_one_line_and_changes_nothing(study: Path, tmpfs: Callable[[str], Path], tmp_path: Path) -> None:
    folder = tmpfs(f"{study.stat().st_size + 256 * 1024}")
    project = folder / "study.qdaproj"
    shutil.copyfile(study, project)
    big = tmp_path / "big.txt"
    big.write_text(("All work and no play makes a long interview. " * 20 + "\n") * 2000, encoding="utf-8")
    before = sha256(project)
    assert_one_line_error(qda("import", str(project), str(big), check=False), "disk is full")
    assert sha256(project) == before
    full = tmpfs("64k")
    assert_one_line_error(qda("backup", str(study), str(full), check=False), "study.qdaproj")
    assert [p.name for p in full.iterdir()] == []  # no partial file left behind


def test_read_only_project_and_backup_folder(study: Path, tmpfs: Callable[[str], Path]) -> None:
    folder = tmpfs("4m")
    project = folder / "study.qdaproj"
    shutil.copyfile(study, project)
    _read_only(folder)
    assert_one_line_error(qda("show", str(project), check=False), "read-only")
    assert_one_line_error(qda("backup", str(study), str(folder / "backups"), check=False), "backups")


@pytest.mark.parametrize("page", [1, 2, 5])
def test_damaged_page_is_named_not_called_a_wrong_passphrase(study: Path, page: int) -> None:
    _damage(study, page)
    result = qda("show", str(study), check=False)
    assert_one_line_error(result, f"page {page} fails the check")
    assert "restore a backup" in result.stderr
    if page == 1:
        assert "the passphrase is right" in result.stderr
    assert_one_line_error(qda("show", str(study), passphrase="wrong", check=False), "wrong passphrase")


def test_parent_cycle_in_the_code_table_is_one_line(study: Path) -> None:
    from qda_desktop.store.project_file import raw_connect

    conn = raw_connect(study, PASS)
    conn.execute("UPDATE code SET parent_id = (SELECT max(id) FROM code) WHERE id = (SELECT min(id) FROM code)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert_one_line_error(qda("show", str(study), check=False), "parent cycle")
    assert_one_line_error(qda("codes", "list", str(study), check=False), "parent cycle")


def test_bad_inputs_say_what_they_are(study: Path, tmp_path: Path) -> None:
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\t\n", encoding="utf-8")
    before = sha256(study)
    assert_one_line_error(qda("import", str(study), str(folder), check=False), "notes.txt: is a folder")
    assert_one_line_error(qda("import", str(study), str(fifo), check=False), "pipe.txt: is a named pipe")
    assert_one_line_error(qda("import", str(study), str(blank), check=False), "blank.txt: the file is empty")
    assert sha256(study) == before


def test_backup_into_a_folder_and_restore_without_surprises(study: Path, tmp_path: Path) -> None:
    expected = qda("show", str(study), "--json").stdout
    assert_one_line_error(qda("backup", str(tmp_path / "gone.qdaproj"), str(tmp_path / "b"), check=False), "gone")
    assert not (tmp_path / "b").exists()
    qda("backup", str(study), str(tmp_path / "backups") + "/")
    backup = tmp_path / "backups" / "study.qdaproj"
    assert qda("show", str(backup), "--json").stdout == expected
    backup_bytes = sha256(backup)

    # Missing backup: the message names the backup, not the project.
    assert_one_line_error(qda("restore", str(tmp_path / "nope.qdaproj"), str(study), check=False), "nope.qdaproj")
    # Swapped arguments or an existing target: nothing is overwritten without --force.
    before = sha256(study)
    assert_one_line_error(qda("restore", str(study), str(backup), check=False), "use --force")
    assert_one_line_error(qda("restore", str(backup), str(study), check=False), "use --force")
    assert sha256(backup) == backup_bytes and sha256(study) == before

    qda("passwd", str(study), env={"QDA_NEW_PASSPHRASE": "newer"})
    done = qda("restore", str(backup), str(study), "--force")
    assert "kept as study.before-restore-" in done.stdout
    assert "backup's passphrase" in done.stdout
    assert qda("show", str(study), "--json").stdout == expected
    safety = next(tmp_path.glob("study.before-restore-*.qdaproj"))
    qda("show", str(safety), passphrase="newer")  # what was replaced is still there, as it was
    assert sha256(backup) == backup_bytes  # the backup was only read


def test_stale_wal_beside_a_backup_is_not_replayed(study: Path, tmp_path: Path) -> None:
    from qda_desktop.store.project_file import raw_connect

    qda("backup", str(study), str(tmp_path / "b"))
    backup = tmp_path / "b" / "study.qdaproj"
    expected = qda("show", str(backup), "--json").stdout
    # A genuine write-ahead log of this very database, left beside the backup.
    other = tmp_path / "other.qdaproj"
    shutil.copyfile(backup, other)
    conn = raw_connect(other, PASS)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE project SET name = 'replayed'")
    shutil.copyfile(other.with_name(other.name + "-wal"), backup.with_name(backup.name + "-wal"))
    conn.close()
    before = sha256(backup)
    qda("restore", str(backup), str(tmp_path / "restored.qdaproj"))
    assert qda("show", str(tmp_path / "restored.qdaproj"), "--json").stdout == expected
    assert sha256(backup) == before


def test_transcribe_checks_the_name_before_importing(study: Path) -> None:
    media = CORPUS / "audio" / "P01.wav"
    result = qda("transcribe", str(study), str(media), "--name", "P01", check=False)
    assert_one_line_error(result, "a document named 'P01' already exists")
    from qda_desktop.store.project_file import raw_connect

    conn = raw_connect(study, PASS)
    assert conn.execute("SELECT count(*) FROM media").fetchone()[0] == 0  # nothing was imported
    conn.close()


def test_codes_list_shows_the_tree_with_counts(study: Path) -> None:
    lines = qda("codes", "list", str(study)).stdout.splitlines()
    assert lines[0].lower() == "#2e7d32  partnership  (0 codings in 0 documents)"
    assert any("  Partnership/Reciprocity  (1 coding in 1 document)" in line for line in lines), lines
