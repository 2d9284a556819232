"""Per-user settings: recent projects (paths and ids only, never content)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "qda-desktop"
MAX_RECENT = 12


def config_dir() -> Path:
    override = os.environ.get("QDA_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("QDA_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class RecentProject:
    path: str
    uuid: str


def _recent_file() -> Path:
    return config_dir() / "recent-projects.json"


def recent_projects() -> list[RecentProject]:
    try:
        raw = json.loads(_recent_file().read_text(encoding="utf-8"))
        return [RecentProject(str(item["path"]), str(item["uuid"])) for item in raw]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def remember_recent(path: Path, uuid: str) -> None:
    entry = RecentProject(str(path.resolve()), uuid)
    items = [entry, *(r for r in recent_projects() if r.path != entry.path)][:MAX_RECENT]
    target = _recent_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps([r.__dict__ for r in items], indent=1), encoding="utf-8")
    os.replace(tmp, target)


def uuid_for_path(path: Path) -> str | None:
    resolved = str(path.resolve())
    return next((r.uuid for r in recent_projects() if r.path == resolved), None)
