"""A codebook from a spreadsheet: a plan (new codes, updated codes, problems) and one command applying it.

Columns are found by flexible header names ("code" or "name", "use when" or "inclusion", "colour_hex"…).
A parent may be named in a later row; a parent that is neither in the sheet nor in the project is a
problem (reported, never created), so a typo cannot add a stray top-level code. A row whose path already
names a code updates that code's fields (non-empty cells only) instead of adding a duplicate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from qda_desktop.core.code_paths import SEPARATOR, code_paths, find_code, split_path
from qda_desktop.core.commands import AddCode, UpdateCode
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.names import clean_name
from qda_desktop.core.project import Project
from qda_desktop.core.wording import plural
from qda_desktop.errors import InvalidInput, QdaError
from qda_desktop.exchange.spreadsheets import Table, read_table
from qda_desktop.store.models import Code

DEFAULT_COLOR = "#4c8bf5"
FIELDS = ("definition", "inclusion", "exclusion", "example")
# Header spellings (lower case, letters only) for each field.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "code", "codename", "label", "title"),
    "parent": ("parent", "parentcode", "parentname", "parentpath", "category", "group"),
    "definition": ("definition", "description", "meaning"),
    "inclusion": ("usewhen", "inclusion", "inclusioncriteria", "include", "whentouse", "includewhen"),
    "exclusion": (
        "donotusewhen",
        "dontusewhen",
        "notwhen",
        "exclusion",
        "exclusioncriteria",
        "exclude",
        "whennottouse",
    ),
    "example": ("example", "examples", "examplequote", "examplequotefromfile", "quote", "anchorexample"),
    "color": ("colour", "color", "colourhex", "colorhex", "hex", "hexcolour", "hexcolor"),
}
HEX_RE = re.compile(r"^#?([0-9a-fA-F]{6})$")
Ref = tuple[str, int]  # ("row", index into the plan's rows) or ("code", existing code id)


def column_map(columns: tuple[str, ...]) -> dict[str, int]:
    """Which column holds which field; the first column matching a field wins."""
    found: dict[str, int] = {}
    for index, header in enumerate(columns):
        key = re.sub(r"[^a-z]", "", header.casefold())
        for field_name, spellings in HEADERS.items():
            if key in spellings and field_name not in found:
                found[field_name] = index
    return found


def parse_color(text: str) -> str | None:
    """``#RRGGBB`` (the ``#`` optional) in lower case, or None when it is not a colour."""
    match = HEX_RE.match(text.strip())
    return f"#{match.group(1).lower()}" if match else None


@dataclass
class CodeRowPlan:
    """One row of the sheet, resolved: where the code goes and what it gets."""

    index: int  # the row's place among the sheet's code rows (what a ("row", i) parent points at)
    line: int  # the row's line in the sheet (the header is line 1)
    name: str
    parent_text: str
    fields: dict[str, str]
    color: str | None
    parent: Ref | None = None
    path: str = ""
    existing_id: int | None = None  # set: this row updates that code
    changes: dict[str, str] = field(default_factory=dict)


@dataclass
class CodebookPlan:
    source: str
    rows: list[CodeRowPlan] = field(default_factory=list)  # parents before children
    problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def new_rows(self) -> list[CodeRowPlan]:
        return [r for r in self.rows if r.existing_id is None]

    @property
    def updated_rows(self) -> list[CodeRowPlan]:
        return [r for r in self.rows if r.existing_id is not None and r.changes]

    def summary(self) -> str:
        """One line: what would change, or the problems that stop the import."""
        if self.problems:
            shown = "; ".join(self.problems[:5])
            more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
            return f"{self.source}: nothing imported; {plural(len(self.problems), 'problem')}: {shown}{more}"
        unchanged = len(self.rows) - len(self.new_rows) - len(self.updated_rows)
        text = (
            f"{self.source}: {plural(len(self.new_rows), 'new code')}, {plural(len(self.updated_rows), 'code')} updated"
        )
        return text + (f", {unchanged} unchanged" if unchanged else "")


def plan_codebook_for(project: Project, path: Path) -> CodebookPlan:
    """``plan_codebook`` in a read session of its own (for the window)."""
    with project.read() as session:
        return plan_codebook(session, path)


def plan_codebook(session: Session, path: Path) -> CodebookPlan:
    """Read a CSV/XLSX codebook and work out what importing it would do; nothing is changed."""
    return plan_from_table(session, read_table(path))


def plan_from_table(session: Session, table: Table) -> CodebookPlan:
    plan = CodebookPlan(table.source)
    columns = column_map(table.columns)
    if "name" not in columns:
        plan.problems.append("no column of code names (a header such as 'code' or 'name')")
        return plan
    used = set(columns.values())
    plan.ignored_columns = [c for i, c in enumerate(table.columns) if i not in used and c]
    rows = _read_rows(table, columns, plan.problems)
    paths = code_paths(session)
    _resolve_parents(rows, paths, plan.problems)
    ordered = _parents_first(rows, plan.problems)
    if plan.problems:
        return plan
    _match_existing(session, ordered, paths, plan.problems)
    plan.rows = ordered
    return plan


def _read_rows(table: Table, columns: dict[str, int], problems: list[str]) -> list[CodeRowPlan]:
    rows: list[CodeRowPlan] = []
    for offset, cells in enumerate(table.rows):
        line = offset + 2
        get = {key: cells[index].strip() for key, index in columns.items()}
        if not any(cells):
            continue
        try:
            name = clean_name("code", get["name"])
        except InvalidInput as exc:
            problems.append(f"row {line}: {exc}")
            continue
        if SEPARATOR in name:
            problems.append(f"row {line}: a code name must not contain '{SEPARATOR}' ('{name}')")
            continue
        color = None
        if get.get("color"):
            color = parse_color(get["color"])
            if color is None:
                problems.append(f"row {line}: '{get['color']}' is not a colour of the form #RRGGBB")
        fields = {key: get[key] for key in FIELDS if get.get(key)}
        rows.append(CodeRowPlan(len(rows), line, name, get.get("parent", ""), fields, color))
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.parent_text.casefold(), row.name.casefold())
        if key in seen:
            problems.append(f"rows {seen[key]} and {row.line} both define '{row.name}'")
        seen.setdefault(key, row.line)
    return rows


def _resolve_parents(rows: list[CodeRowPlan], paths: dict[int, str], problems: list[str]) -> None:
    """Each row's parent: another row of the sheet (by name or path) or a code already in the project."""
    for row in rows:
        if not row.parent_text:
            continue
        parts = [p.casefold() for p in split_path(row.parent_text)]
        in_sheet = [
            i
            for i, other in enumerate(rows)
            if other.name.casefold() == parts[-1]
            and (len(parts) == 1 or split_path(other.parent_text)[-1].casefold() == parts[-2])
        ]
        if len(in_sheet) > 1:
            lines = ", ".join(str(rows[i].line) for i in in_sheet)
            problems.append(f"row {row.line}: parent '{row.parent_text}' matches rows {lines}; give its path")
        elif in_sheet:
            row.parent = ("row", in_sheet[0])
        else:
            try:
                code_id = find_code(paths, row.parent_text)
            except InvalidInput as exc:
                problems.append(f"row {row.line}: {exc}")
                continue
            if code_id is None:
                problems.append(
                    f"row {row.line}: parent '{row.parent_text}' is neither in the sheet nor in the codebook"
                )
            else:
                row.parent = ("code", code_id)


def _parents_first(rows: list[CodeRowPlan], problems: list[str]) -> list[CodeRowPlan]:
    """The rows with every parent before its children (sheet order otherwise); cycles are problems."""
    ordered: list[CodeRowPlan] = []
    state: dict[int, str] = {}  # "visiting" or "done"

    def visit(index: int, chain: list[int]) -> None:
        if state.get(index) == "done":
            return
        if state.get(index) == "visiting":
            loop = [*chain[chain.index(index) :], index]
            names = " → ".join(rows[i].name for i in loop)
            lines = ", ".join(str(rows[i].line) for i in sorted(set(loop)))
            problems.append(f"rows {lines}: the parents form a cycle ({names})")
            return
        state[index] = "visiting"
        parent = rows[index].parent
        if parent is not None and parent[0] == "row":
            visit(parent[1], [*chain, index])
        state[index] = "done"
        ordered.append(rows[index])

    for index in range(len(rows)):
        visit(index, [])
    return ordered


def _match_existing(session: Session, rows: list[CodeRowPlan], paths: dict[int, str], problems: list[str]) -> None:
    """Each row's full path; a path that already names a code makes the row an update of that code."""
    by_path = {path.casefold(): code_id for code_id, path in paths.items()}
    by_index = {row.index: row for row in rows}
    for row in rows:  # parents first, so a parent row's path is already known
        if row.parent is None:
            prefix = ""
        elif row.parent[0] == "code":
            prefix = paths[row.parent[1]] + SEPARATOR
        else:
            prefix = by_index[row.parent[1]].path + SEPARATOR
        row.path = prefix + row.name
        row.existing_id = by_path.get(row.path.casefold())
        if row.existing_id is not None:
            code = session.get(Code, row.existing_id)
            if code is None:
                problems.append(f"row {row.line}: code '{row.path}' vanished while reading")
                continue
            wanted = {**row.fields, **({"color": row.color} if row.color else {})}
            row.changes = {k: v for k, v in wanted.items() if getattr(code, k) != v}


class ImportCodebook(Command[int]):
    """Apply a plan without problems as one undo step; returns how many codes were added."""

    def __init__(self, plan: CodebookPlan) -> None:
        if plan.problems:
            raise InvalidInput(plan.summary())
        self.plan = plan

    @property
    def label(self) -> str:
        return f"Import codebook '{self.plan.source}'"

    def apply(self, ctx: Context) -> int:
        ids: dict[int, int] = {}
        colors: dict[int, str] = {}
        added = 0
        for row in self.plan.rows:
            parent_id = _parent_id(row.parent, ids)
            if row.existing_id is not None:
                if row.changes:
                    UpdateCode(row.existing_id, dict(row.changes)).apply(ctx)
                ids[row.index] = row.existing_id
                colors[row.index] = ctx.code(row.existing_id).color
                continue
            inherited = colors.get(row.parent[1]) if row.parent and row.parent[0] == "row" else None
            if row.parent and row.parent[0] == "code":
                inherited = ctx.code(row.parent[1]).color
            color = row.color or inherited or DEFAULT_COLOR
            try:
                ids[row.index] = AddCode(row.name, parent_id, color, **row.fields).apply(ctx)
            except QdaError as exc:
                raise InvalidInput(f"{self.plan.source}: row {row.line}: {exc}") from exc
            colors[row.index] = color
            added += 1
        return added


def _parent_id(parent: Ref | None, ids: dict[int, int]) -> int | None:
    if parent is None:
        return None
    return parent[1] if parent[0] == "code" else ids[parent[1]]
