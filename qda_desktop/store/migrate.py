"""Schema versions: a new project runs every migration; older projects are upgraded."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from qda_desktop.store import undo_triggers
from qda_desktop.store.models import UNDOABLE_TABLES

SCRIPT_LOCATION = str(Path(__file__).with_name("migrations"))
# Extra folders of migrations; only tests add any (migrations that exercise upgrades).
_extra_locations: list[str] = []


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    cfg.set_main_option("path_separator", "os")
    locations = [str(Path(SCRIPT_LOCATION) / "versions"), *_extra_locations]
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def add_version_location(folder: Path) -> None:
    """Let ``folder``'s migrations run after ours (for tests of upgrades)."""
    _extra_locations.append(str(folder))
    _script.cache_clear()


def remove_version_location(folder: Path) -> None:
    _extra_locations.remove(str(folder))
    _script.cache_clear()


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def is_known(revision: str) -> bool:
    try:
        return _script().get_revision(revision) is not None
    except Exception:
        return False


def upgrade_to_head(conn: Connection) -> None:
    """Run pending migrations on ``conn`` inside the caller's transaction.

    Then rebuild every trigger from the columns the tables have now (a migration that
    adds a column or rebuilds a table leaves them stale) and forget the undo entries
    the migrations' own writes produced: an upgrade is never an undo step.
    """
    command.upgrade(_config(conn), "head")
    undo_triggers.reinstall_all(conn, UNDOABLE_TABLES)
    conn.exec_driver_sql("DELETE FROM undo_log")
