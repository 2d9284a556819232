"""Each kind of export (codebook, coded extracts by code or by theme, theme report, audit trail) read from the
project and written in a format.

``EXPORTERS`` maps (kind, format) to the function that writes that file; adding one (a REFI-QDA codebook or
project) is one line there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from qda_desktop.core.project import Project
from qda_desktop.exchange.exports import builders, content, themes
from qda_desktop.exchange.exports.blocks import Report, Sheet, Tick
from qda_desktop.exchange.exports.builders import Options
from qda_desktop.exchange.exports.labels import Labels, case_labels
from qda_desktop.exchange.report import ExchangeReport

# Format → (module, function); imported when used, so that ``qda`` starts without python-docx and reportlab.
REPORT_WRITERS = {
    "docx": ("qda_desktop.exchange.exports.word", "write_docx"),
    "pdf": ("qda_desktop.exchange.exports.pdf", "write_pdf"),
    "md": ("qda_desktop.exchange.exports.tables", "write_markdown"),
}
SHEET_WRITERS = {
    "xlsx": ("qda_desktop.exchange.exports.tables", "write_xlsx"),
    "csv": ("qda_desktop.exchange.exports.tables", "write_csv"),
}


def _writer(module: str, name: str) -> Callable[[Any, BinaryIO, Tick], None]:
    found: Callable[[Any, BinaryIO, Tick], None] = getattr(importlib.import_module(module), name)
    return found


@dataclass
class Content:
    report: Callable[[], Report]
    sheet: Callable[[], Sheet]
    counts: dict[str, int]  # noun → how many, for the summary ("24 codes")


def _labels(session: Session, options: Options) -> Labels:
    return case_labels(session) if options.case_labels else Labels()


def codebook_content(project: Project, options: Options, now: datetime) -> Content:
    with project.read() as session:
        name, codes = content.project_name(session), content.codebook(session)
        found = content.extracts(session, codes, _labels(session, options))
    examples: dict[int, list[content.Extract]] = {}
    for extract in found:
        chosen = examples.setdefault(extract.code_id, [])
        if len(chosen) < content.EXAMPLES_PER_CODE and all(e.document != extract.document for e in chosen):
            chosen.append(extract)
    return Content(
        lambda: builders.codebook_report(name, now, codes, examples, options),
        lambda: builders.codebook_sheet(codes, options),
        {"code": len(codes)},
    )


def extracts_content(project: Project, options: Options, now: datetime) -> Content:
    with project.read() as session:
        name, codes = content.project_name(session), content.codebook(session)
        found = content.extracts(session, codes, _labels(session, options))
    return Content(
        lambda: builders.extracts_report(name, now, codes, found, options),
        lambda: builders.extracts_sheet(codes, found, options),
        {"extract": len(found), "code": len({e.code_id for e in found})},
    )


def audit_content(project: Project, options: Options, now: datetime) -> Content:
    with project.read() as session:
        name = content.project_name(session)
    rows = content.audit(project)
    return Content(
        lambda: builders.audit_report(name, now, rows, options),
        lambda: builders.audit_sheet(rows),
        {"audit record": len(rows)},
    )


def _theme_material(project: Project, options: Options) -> tuple[str, themes.Tree, dict[int, list[content.Extract]]]:
    """The project's name, its themes in order, and each theme's extracts (both theme exports read these)."""
    with project.read() as session:
        name, labels = content.project_name(session), _labels(session, options)
    ordered = themes.themes_in_order(project)
    return name, ordered, themes.theme_extracts_by_theme(project, ordered, labels)


def themes_content(project: Project, options: Options, now: datetime) -> Content:
    name, ordered, found = _theme_material(project, options)
    return Content(
        lambda: themes.theme_report(name, now, ordered, found, options),
        lambda: themes.theme_sheet(ordered, options),
        {"theme": len(ordered)},
    )


def theme_extracts_content(project: Project, options: Options, now: datetime) -> Content:
    name, ordered, found = _theme_material(project, options)
    return Content(
        lambda: themes.theme_extracts_report(name, now, ordered, found, options),
        lambda: themes.theme_extracts_sheet(ordered, found),
        {"extract": sum(len(f) for f in found.values()), "theme": len(ordered)},
    )


CONTENTS: dict[str, Callable[[Project, Options, datetime], Content]] = {
    "codebook": codebook_content,
    "extracts": extracts_content,
    "theme-extracts": theme_extracts_content,
    "themes": themes_content,
    "audit": audit_content,
}


def write_ours(kind: str, fmt: str, project: Project, path: Path, options: Options, tick: Tick) -> ExchangeReport:
    """Read the project, then write ``path`` (``tick`` is called as the file is laid out)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    found = CONTENTS[kind](project, options, now)
    with path.open("wb") as out:
        if fmt in REPORT_WRITERS:
            _writer(*REPORT_WRITERS[fmt])(found.report(), out, tick)
        else:
            _writer(*SHEET_WRITERS[fmt])(found.sheet(), out, tick)
    return ExchangeReport(path.name, "wrote", dict(found.counts))


Exporter = Callable[[Project, Path, Options, Tick], ExchangeReport]

OUR_FORMATS = (*REPORT_WRITERS, *SHEET_WRITERS)
EXPORTERS: dict[tuple[str, str], Exporter] = {
    (kind, fmt): partial(write_ours, kind, fmt) for kind in CONTENTS for fmt in OUR_FORMATS
}


def _refi(kind: str, project: Project, path: Path, options: Options, tick: Tick) -> ExchangeReport:
    from qda_desktop.exchange.refi.exporter import export_qdc, export_qdpx

    return export_qdc(project, path, record=False) if kind == "codebook" else export_qdpx(project, path, record=False)


EXPORTERS["codebook", "qdc"] = partial(_refi, "codebook")
EXPORTERS["project", "qdpx"] = partial(_refi, "project")


def _analysis(kind: str, fmt: str, project: Project, path: Path, options: Options, tick: Tick) -> ExchangeReport:
    from qda_desktop.exchange.exports.matrix import analysis_sheet

    sheet, counts = analysis_sheet(kind, project)
    with path.open("wb") as out:
        _writer(*SHEET_WRITERS[fmt])(sheet, out, tick)
    return ExchangeReport(path.name, "wrote", counts)


EXPORTERS.update({(k, f): partial(_analysis, k, f) for k in ("matrix", "co-occurrence") for f in SHEET_WRITERS})

KIND_TITLES = {
    "codebook": "Codebook",
    "extracts": "Coded extracts by code",
    "theme-extracts": "Coded extracts by theme",
    "themes": "Theme report",
    "audit": "Audit trail",
    "project": "Whole project",
    "matrix": "Code matrix (codes × cases)",
    "co-occurrence": "Code co-occurrence",
}
FORMAT_TITLES = {
    "docx": "Word document (.docx)",
    "xlsx": "Excel workbook (.xlsx)",
    "csv": "CSV, UTF-8 (.csv)",
    "md": "Markdown (.md)",
    "pdf": "PDF (.pdf)",
    "qdc": "REFI-QDA codebook (.qdc)",
    "qdpx": "REFI-QDA project (.qdpx)",
}


def formats_for(kind: str) -> list[str]:
    return [fmt for k, fmt in EXPORTERS if k == kind]


def kinds() -> list[str]:
    return list(dict.fromkeys(kind for kind, _fmt in EXPORTERS))
