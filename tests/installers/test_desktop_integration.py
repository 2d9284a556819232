"""The package's desktop files: a valid desktop entry and AppStream data, and a MIME type that makes the desktop
open ``*.qdaproj`` files with the app (checked in a scratch XDG data folder, as the package triggers do)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "installers" / "linux"
APP_ID = "org.qdadesktop.QdaDesktop"


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (installers/dev-install.sh --test installs it)")


def test_desktop_entry_opens_project_files() -> None:
    need("desktop-file-validate")
    desktop = LINUX / f"{APP_ID}.desktop"
    result = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop, encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"] == "qda-desktop %f"
    assert "application/x-qdaproj" in entry["Desktop Entry"]["MimeType"].split(";")


def test_appstream_metainfo_is_valid(tmp_path: Path) -> None:
    need("appstreamcli")
    text = (LINUX / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    metainfo = tmp_path / f"{APP_ID}.metainfo.xml"
    metainfo.write_text(text.replace("@VERSION@", "0.1.0").replace("@DATE@", "2026-11-27"), encoding="utf-8")
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_opens_qdaproj_files_with_the_app(tmp_path: Path) -> None:
    for tool in ("xdg-mime", "update-mime-database", "update-desktop-database"):
        need(tool)
    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    (share / "applications").mkdir()
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", share / "mime" / "packages" / f"{APP_ID}.xml")
    shutil.copy(LINUX / f"{APP_ID}.desktop", share / "applications")
    result = subprocess.run([str(REPO / "installers" / "check_mime.sh"), str(share)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"xdg-mime query default application/x-qdaproj: {APP_ID}.desktop" in result.stdout
