"""A code's path in the codebook ("Parent/Child"): built, shown and typed with one separator.

Every place that names codes by path (the CLI, ``qda show --json``, the code box and
its completer, dialogs) goes through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.errors import InvalidInput, NotFound
from qda_desktop.store.models import Code

SEPARATOR = "/"


def build_paths(nodes: Iterable[tuple[int, str, int | None]]) -> dict[int, str]:
    """Paths of (id, name, parent id) nodes; a parent missing from ``nodes`` is left out of the path."""
    by_id = {code_id: (name, parent) for code_id, name, parent in nodes}
    paths: dict[int, str] = {}
    for start in by_id:
        chain: list[int] = []
        node: int | None = start
        while node is not None and node in by_id and node not in paths and node not in chain:
            chain.append(node)
            node = by_id[node][1]
        prefix = paths.get(node) if node is not None else None
        for code_id in reversed(chain):
            name = by_id[code_id][0]
            prefix = name if prefix is None else f"{prefix}{SEPARATOR}{name}"
            paths[code_id] = prefix
    return paths


def code_paths(session: Session) -> dict[int, str]:
    """Each code's path in the project's codebook."""
    rows = session.execute(select(Code.id, Code.name, Code.parent_id))
    return build_paths((int(r[0]), str(r[1]), r[2]) for r in rows)


def split_path(typed: str) -> list[str]:
    """The names in a typed path; spaces around separators are ignored ("A / B" is "A/B")."""
    return [part.strip() for part in typed.split(SEPARATOR)]


def find_code(paths: dict[int, str], typed: str) -> int | None:
    """The code a typed path or bare name means: an exact path (any case), else a unique name."""
    wanted = SEPARATOR.join(split_path(typed)).lower()
    if not wanted:
        return None
    exact = [cid for cid, path in paths.items() if path.lower() == wanted]
    if exact:
        return exact[0]
    named = [cid for cid, path in paths.items() if path.rsplit(SEPARATOR, 1)[-1].lower() == wanted]
    if len(named) > 1:
        options = ", ".join(sorted(paths[cid] for cid in named))
        raise InvalidInput(f"'{typed.strip()}' matches {len(named)} codes: {options}; give the path")
    return named[0] if named else None


def require_code(paths: dict[int, str], typed: str) -> int:
    found = find_code(paths, typed)
    if found is None:
        raise NotFound(f"no code named '{typed.strip()}'")
    return found


def new_code_place(paths: dict[int, str], typed: str) -> tuple[int | None, str]:
    """Where a typed path that names no code would go: (parent id, new name).

    "Trust" is a new top-level code; "Partnership/Trust" a new sub-code of the existing
    "Partnership". An unknown parent path is refused rather than created silently.
    """
    parts = split_path(typed)
    name = parts[-1]
    if len(parts) == 1:
        return None, name
    parent_path = SEPARATOR.join(parts[:-1])
    parent = find_code(paths, parent_path)
    if parent is None:
        raise InvalidInput(f"no code named '{parent_path}' to put '{name}' under")
    return parent, name
