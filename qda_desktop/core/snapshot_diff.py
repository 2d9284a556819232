"""How the themes developed between two snapshots: a pure comparison of their frozen data.

Themes and codes are matched by GUID, so a rename is a rename (not a removal and an addition).
A removed theme counts as merged into the theme that now holds most of its surviving codes
(at least half of them); otherwise it counts as removed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

TOP_LEVEL = "top level"


@dataclass(frozen=True)
class CodeMove:
    code: str  # the code's path (as in the newer snapshot when it is still there)
    from_themes: tuple[str, ...]  # themes it left (older names)
    to_themes: tuple[str, ...]  # themes it joined (newer names)


@dataclass(frozen=True)
class SnapshotDiff:
    themes_added: tuple[str, ...] = ()
    themes_removed: tuple[str, ...] = ()
    themes_renamed: tuple[tuple[str, str], ...] = ()  # (old name, new name)
    themes_merged: tuple[tuple[str, str], ...] = ()  # (removed theme, theme it went into)
    themes_regrouped: tuple[tuple[str, str, str], ...] = ()  # (theme, old parent, new parent) or TOP_LEVEL
    status_changes: tuple[tuple[str, str, str], ...] = ()  # (theme, old status, new status)
    codes_moved: tuple[CodeMove, ...] = ()
    codes_added: tuple[str, ...] = ()
    codes_removed: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == SnapshotDiff()

    def lines(self) -> list[str]:
        """The differences as short sentences, for a dialog or a report."""
        out = [f"Theme added: {name}" for name in self.themes_added]
        out += [f"Theme removed: {name}" for name in self.themes_removed]
        out += [f"Theme renamed: {old} → {new}" for old, new in self.themes_renamed]
        out += [f"Theme merged: {old} into {new}" for old, new in self.themes_merged]
        out += [f"Theme regrouped: {name} from {old} to {new}" for name, old, new in self.themes_regrouped]
        out += [f"Status of {name}: {_status(old)} → {_status(new)}" for name, old, new in self.status_changes]
        for move in self.codes_moved:
            parts = []
            if move.from_themes:
                parts.append("left " + ", ".join(move.from_themes))
            if move.to_themes:
                parts.append("joined " + ", ".join(move.to_themes))
            out.append(f"Code {move.code}: {'; '.join(parts)}")
        out += [f"Code added: {path}" for path in self.codes_added]
        out += [f"Code removed: {path}" for path in self.codes_removed]
        return out or ["No differences"]


def _status(status: str) -> str:
    return status.replace("_", " ")


def _by_guid(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["guid"]: row for row in rows}


def _themes_of_codes(themes: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Code guid -> guids of the themes it feeds."""
    found: dict[str, set[str]] = defaultdict(set)
    for guid, theme in themes.items():
        for code in theme.get("codes", []):
            found[code].add(guid)
    return found


def _merged_into(theme: dict[str, Any], newer: dict[str, dict[str, Any]], new_codes: set[str]) -> str | None:
    """The newer theme holding most (at least half) of a removed theme's surviving codes."""
    surviving = [c for c in theme.get("codes", []) if c in new_codes]
    if not surviving:
        return None
    best, best_count = None, 0
    for guid, candidate in newer.items():
        count = len(set(surviving) & set(candidate.get("codes", [])))
        if count > best_count:
            best, best_count = guid, count
    return best if best_count * 2 >= len(surviving) else None


def _parent_name(themes: dict[str, dict[str, Any]], theme: dict[str, Any]) -> str:
    parent = theme.get("parent")
    return str(themes[parent]["name"]) if parent in themes else TOP_LEVEL


def compare(older: dict[str, Any], newer: dict[str, Any]) -> SnapshotDiff:
    """What changed from the ``older`` snapshot's data to the ``newer`` one's (see ``core.snapshots``)."""
    old_themes, new_themes = _by_guid(older.get("themes", [])), _by_guid(newer.get("themes", []))
    old_codes, new_codes = _by_guid(older.get("codes", [])), _by_guid(newer.get("codes", []))
    added = [t["name"] for g, t in new_themes.items() if g not in old_themes]
    removed, merged = [], []
    for guid, theme in old_themes.items():
        if guid in new_themes:
            continue
        into = _merged_into(theme, new_themes, set(new_codes))
        if into is None:
            removed.append(theme["name"])
        else:
            merged.append((theme["name"], new_themes[into]["name"]))
    kept = [g for g in old_themes if g in new_themes]
    renamed = [
        (old_themes[g]["name"], new_themes[g]["name"]) for g in kept if old_themes[g]["name"] != new_themes[g]["name"]
    ]
    status = [
        (new_themes[g]["name"], old_themes[g]["status"], new_themes[g]["status"])
        for g in kept
        if old_themes[g]["status"] != new_themes[g]["status"]
    ]
    regrouped = []
    for g in kept:
        before, after = _parent_name(old_themes, old_themes[g]), _parent_name(new_themes, new_themes[g])
        if old_themes[g].get("parent") != new_themes[g].get("parent"):
            regrouped.append((new_themes[g]["name"], before, after))
    moves = _code_moves(old_themes, new_themes, old_codes, new_codes)
    return SnapshotDiff(
        themes_added=tuple(sorted(added)),
        themes_removed=tuple(sorted(removed)),
        themes_renamed=tuple(sorted(renamed)),
        themes_merged=tuple(sorted(merged)),
        themes_regrouped=tuple(sorted(regrouped)),
        status_changes=tuple(sorted(status)),
        codes_moved=tuple(moves),
        codes_added=tuple(sorted(c["path"] for g, c in new_codes.items() if g not in old_codes)),
        codes_removed=tuple(sorted(c["path"] for g, c in old_codes.items() if g not in new_codes)),
    )


def _code_moves(
    old_themes: dict[str, dict[str, Any]],
    new_themes: dict[str, dict[str, Any]],
    old_codes: dict[str, dict[str, Any]],
    new_codes: dict[str, dict[str, Any]],
) -> list[CodeMove]:
    """Codes whose themes differ: which they left and which they joined, by code path."""
    was_in, now_in = _themes_of_codes(old_themes), _themes_of_codes(new_themes)
    moves = []
    for code in set(was_in) | set(now_in):
        left = sorted(old_themes[t]["name"] for t in was_in.get(code, set()) - now_in.get(code, set()))
        joined = sorted(new_themes[t]["name"] for t in now_in.get(code, set()) - was_in.get(code, set()))
        if left or joined:
            moves.append(CodeMove(_code_path(code, new_codes, old_codes), tuple(left), tuple(joined)))
    return sorted(moves, key=lambda m: m.code.lower())


def _code_path(guid: str, newer: dict[str, dict[str, Any]], older: dict[str, dict[str, Any]]) -> str:
    row = newer.get(guid) or older.get(guid)
    return str(row["path"]) if row else guid
