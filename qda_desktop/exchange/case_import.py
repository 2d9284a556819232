"""Cases from a participant sheet: a plan first (columns, types, matched documents, problems), then one step.

The plan is plain data, made without changing anything; the preview dialog and ``qda cases
import`` both show it. Applying it is one command, so one undo step, and re-importing the same
sheet updates the values of cases that already exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.cases import (
    AddCase,
    DefineAttribute,
    LinkDocumentToCase,
    SetCaseAttribute,
    normalise_value,
)
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.report import ExchangeReport, plural
from qda_desktop.exchange.spreadsheets import Table
from qda_desktop.store.models import Attribute, Case, Document, DocumentCase

ID_NAMES = ("id", "case", "case id", "participant", "participant id")
GUESS_ORDER = ("integer", "number", "date", "boolean")
SKIP = "skip"


@dataclass(frozen=True)
class ProjectState:
    """What the plan needs to know about the project: documents, cases and attributes by name."""

    documents: dict[int, str]
    cases: dict[str, int]
    attributes: dict[str, tuple[int, str]]  # name -> (id, type)


_ATTRIBUTES = select(Attribute.id, Attribute.name, Attribute.value_type)


def read_state(session: Session) -> ProjectState:
    return ProjectState(
        {int(i): str(n) for i, n in session.execute(select(Document.id, Document.name))},
        {str(n): int(i) for i, n in session.execute(select(Case.id, Case.name))},
        {
            str(n): (int(i), str(t))
            for i, n, t in session.execute(select(Attribute.id, Attribute.name, Attribute.value_type))
        },
    )


def guess_id_column(table: Table) -> int:
    """A column named id/case/participant, else the first."""
    return next((i for i, c in enumerate(table.columns) if c.strip().casefold() in ID_NAMES), 0)


def guess_type(values: list[str]) -> str:
    """The narrowest type every non-empty value fits (the rules of ``normalise_value``), else text."""
    filled = [v for v in values if v.strip()]
    for value_type in GUESS_ORDER if filled else ():
        try:
            for value in filled:
                normalise_value(value_type, value)
        except InvalidInput:
            continue
        return value_type
    return "text"


def matches(document: str, case_id: str) -> bool:
    """ "P01" matches "P01", "P01.txt" and "P01 interview", not "P010"."""
    doc, key = document.casefold(), case_id.casefold()
    return doc == key or (doc.startswith(key) and not doc[len(key)].isalnum())


@dataclass(frozen=True)
class ColumnPlan:
    index: int
    name: str
    value_type: str  # a type of ``VALUE_TYPES``, or SKIP
    existing: bool  # an attribute of that name exists already (its type is kept)


@dataclass(frozen=True)
class RowPlan:
    line: int  # the sheet's row number, the header being row 1
    case: str
    new: bool
    values: dict[str, str]  # attribute name -> stored value
    documents: tuple[int, ...]


@dataclass
class CaseImportPlan:
    table: Table
    id_column: int
    columns: list[ColumnPlan]
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # any problem stops the import
    notes: list[str] = field(default_factory=list)  # worth knowing, not stopping (unmatched rows)

    @property
    def valid(self) -> bool:
        return not self.problems and bool(self.rows)

    def summary(self) -> str:
        new = sum(r.new for r in self.rows)
        links = sum(len(r.documents) for r in self.rows)
        attributes = [c for c in self.columns if c.value_type != SKIP]
        return (
            f"{self.table.source}: {plural(new, 'new case')}, {plural(len(self.rows) - new, 'case')} updated, "
            f"{plural(len(attributes), 'attribute')}, {plural(links, 'document link')}"
        )


def make_plan(
    table: Table, state: ProjectState, id_column: str | int | None = None, types: dict[str, str] | None = None
) -> CaseImportPlan:
    """The plan for ``table``: ``id_column`` by name or index, ``types`` overriding guesses (or SKIP)."""
    key = _id_index(table, id_column)
    columns = [_column(table, i, state, (types or {}).get(name)) for i, name in enumerate(table.columns) if i != key]
    plan = CaseImportPlan(table, key, columns)
    seen: dict[str, int] = {}
    for line, row in enumerate(table.rows, start=2):
        case = row[key].strip()
        if not case:
            plan.problems.append(f"row {line}: no case id in '{table.columns[key]}'")
            continue
        if case.casefold() in seen:
            plan.problems.append(f"row {line}: case '{case}' also on row {seen[case.casefold()]}")
            continue
        seen[case.casefold()] = line
        values = _values(plan, line, row)
        docs = tuple(sorted(i for i, name in state.documents.items() if matches(name, case)))
        if not docs:
            plan.notes.append(f"row {line}: no document matches '{case}'")
        plan.rows.append(RowPlan(line, case, case not in state.cases, values, docs))
    if not table.rows:
        plan.problems.append(f"{table.source}: no rows under the column names")
    return plan


def _id_index(table: Table, id_column: str | int | None) -> int:
    if id_column is None:
        return guess_id_column(table)
    if isinstance(id_column, int):
        if not 0 <= id_column < len(table.columns):
            raise InvalidInput(f"{table.source}: no column {id_column + 1}")
        return id_column
    index = table.index(id_column)
    if index is None:
        raise InvalidInput(f"{table.source}: no column named '{id_column}' (columns: {', '.join(table.columns)})")
    return index


def _column(table: Table, index: int, state: ProjectState, chosen: str | None) -> ColumnPlan:
    name = table.columns[index]
    existing = state.attributes.get(name)
    if chosen == SKIP:
        return ColumnPlan(index, name, SKIP, existing is not None)
    if existing is not None:
        return ColumnPlan(index, name, existing[1], True)
    return ColumnPlan(index, name, chosen or guess_type([row[index] for row in table.rows]), False)


def _values(plan: CaseImportPlan, line: int, row: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for column in plan.columns:
        if column.value_type == SKIP:
            continue
        try:
            values[column.name] = normalise_value(column.value_type, row[column.index])
        except InvalidInput as exc:
            plan.problems.append(f"row {line}, {column.name} ({column.value_type}): {exc}")
    return values


@dataclass(frozen=True)
class ImportCases(Command[ExchangeReport]):
    """Apply a valid plan: attributes, cases, values and document links, as one undo step."""

    plan: CaseImportPlan

    @property
    def label(self) -> str:
        return f"Import cases from {self.plan.table.source}"

    def apply(self, ctx: Context) -> ExchangeReport:
        if not self.plan.valid:
            raise InvalidInput(self.plan.problems[0] if self.plan.problems else f"{self.plan.table.source}: no cases")
        report = ExchangeReport(self.plan.table.source)
        state = read_state(ctx.session)  # the project as it is now, not as it was planned
        attributes = {name: attr_id for name, (attr_id, _type) in state.attributes.items()}
        for column in self.plan.columns:
            if column.value_type != SKIP and column.name not in attributes:
                attributes[column.name] = DefineAttribute(column.name, column.value_type).apply(ctx)
                report.add("attribute")
        for row in self.plan.rows:
            case_id = state.cases.get(row.case)
            if case_id is None:
                case_id = AddCase(row.case).apply(ctx)
                report.add("new case")
            else:
                report.add("updated case")
            for name, value in row.values.items():
                SetCaseAttribute(case_id, attributes[name], value).apply(ctx)
            linked = set(ctx.session.scalars(select(DocumentCase.document_id).where(DocumentCase.case_id == case_id)))
            for doc_id in row.documents:
                if doc_id not in linked:
                    LinkDocumentToCase(doc_id, case_id).apply(ctx)
                    report.add("document link")
        ctx.session.flush()
        report.problems.extend(self.plan.notes)
        return report
