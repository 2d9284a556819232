"""From plain data to a ``Report`` (DOCX, PDF, Markdown) and a ``Sheet`` (XLSX, CSV), per kind of export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qda_desktop.core.timecode import clock
from qda_desktop.exchange.exports.blocks import Heading, Para, Report, Sheet
from qda_desktop.exchange.exports.content import AuditLine, CodeEntry, Extract
from qda_desktop.exchange.exports.labels import REPLACED
from qda_desktop.exchange.report import plural

MAX_LEVEL = 4  # deeper codes keep level 4 and are indented


@dataclass(frozen=True)
class Options:
    memos: bool = False
    case_labels: bool = False


def facts(project: str, now: datetime, options: Options, *counts: str) -> list[str]:
    lines = [f"Project: {project}", f"Exported {now:%d %B %Y, %H:%M} UTC", *counts]
    if options.case_labels:
        lines.append(REPLACED)
    return lines


def _level(code: CodeEntry) -> int:
    return min(code.depth + 2, MAX_LEVEL)  # level 1 is the section ("Codes")


def _counts(code: CodeEntry) -> str:
    return (
        f"{plural(code.codings, 'coding')} in {plural(code.documents, 'document')}, "
        f"{plural(code.participants, 'participant')}"
    )


def position(e: Extract) -> str:
    where = f"characters {e.start}–{e.end}"
    return where + (f", {clock(e.time[0])}–{clock(e.time[1])}" if e.time else "")


def extract_source(e: Extract) -> str:
    who = f" · {e.participant}" if e.participant and e.participant != e.document else ""
    return f"{e.document}{who} · {position(e)}"


# -- codebook -------------------------------------------------------------------------------------------------------


def codebook_report(
    project: str, now: datetime, codes: list[CodeEntry], examples: dict[int, list[Extract]], options: Options
) -> Report:
    report = Report(f"Codebook: {project}", facts(project, now, options, plural(len(codes), "code")))
    report.add(Heading("Code tree", 1))
    for code in codes:
        report.add(Para(f"{code.name} ({code.codings})", "item", code.depth))
    report.add(Heading("Codes", 1))
    for code in codes:
        indent = max(0, code.depth + 2 - MAX_LEVEL)
        report.add(Heading(code.name, _level(code), code.color))
        if code.parent:
            report.add(Para(code.path, "meta", indent, "Path: "))
        report.add(Para(code.definition or "(no definition yet)", "body", indent, "Definition: "))
        if code.inclusion:
            report.add(Para(code.inclusion, "body", indent, "Use when: "))
        if code.exclusion:
            report.add(Para(code.exclusion, "body", indent, "Do not use when: "))
        if code.example:
            report.add(Para(code.example, "example", indent, "Example: "))
        for extract in examples.get(code.id, []):
            who = f", {extract.participant}" if extract.participant and extract.participant != extract.document else ""
            report.add(Para(extract.text, "example", indent, f"Example extract ({extract.document}{who}): "))
        report.add(Para(_counts(code), "meta", indent, "Used: "))
        if options.memos and code.memo:
            report.add(Para(code.memo, "memo", indent, "Memo: "))
    return report


CODEBOOK_COLUMNS = ["code", "parent", "path", "definition", "inclusion", "exclusion", "example", "colour_hex"]
COUNT_COLUMNS = ["codings", "documents", "participants"]


def codebook_sheet(codes: list[CodeEntry], options: Options) -> Sheet:
    """One row per code, in the layout the codebook import reads (code, parent, inclusion, exclusion…)."""
    columns = CODEBOOK_COLUMNS + (["memo"] if options.memos else []) + COUNT_COLUMNS
    sheet = Sheet("Codebook", columns, widths={"definition": 50, "inclusion": 40, "exclusion": 40, "example": 40})
    sheet.widths.update({"code": 28, "parent": 24, "path": 36, "memo": 40})
    for c in codes:
        row: list[str | int | float | None] = [
            c.name,
            c.parent,
            c.path,
            c.definition,
            c.inclusion,
            c.exclusion,
            c.example,
            c.color.upper(),
        ]
        row += [c.memo] if options.memos else []
        sheet.rows.append([*row, c.codings, c.documents, c.participants])
    return sheet


# -- coded extracts -------------------------------------------------------------------------------------------------


def extracts_report(
    project: str, now: datetime, codes: list[CodeEntry], found: list[Extract], options: Options
) -> Report:
    by_code: dict[int, list[Extract]] = {}
    for e in found:
        by_code.setdefault(e.code_id, []).append(e)
    used = [c for c in codes if c.id in by_code]
    count = f"{plural(len(found), 'extract')} of {plural(len(used), 'code')}"
    report = Report(f"Coded extracts: {project}", facts(project, now, options, count))
    for code in used:
        report.add(Heading(code.path, 2 if code.depth else 1, code.color))
        if code.definition:
            report.add(Para(code.definition, "meta", 0, "Definition: "))
        if options.memos and code.memo:
            report.add(Para(code.memo, "memo", 0, "Code memo: "))
        for e in by_code[code.id]:
            report.add(Para(extract_source(e), "meta"))
            report.add(Para(e.text, "quote"))
            if options.memos and e.memo:
                report.add(Para(e.memo, "memo", 0, "Coding memo: "))
    return report


def extracts_sheet(codes: list[CodeEntry], found: list[Extract], options: Options) -> Sheet:
    columns = ["code", "document", "participant", "start", "end", "time_start", "time_end", "text"]
    columns += ["coding_memo", "code_memo"] if options.memos else []
    sheet = Sheet("Coded extracts", columns, widths={"code": 28, "document": 22, "participant": 14, "text": 70})
    sheet.widths.update({"coding_memo": 40, "code_memo": 40})
    memos = {c.id: c.memo for c in codes}
    for e in found:
        start, end = (clock(e.time[0]), clock(e.time[1])) if e.time else ("", "")
        row: list[str | int | float | None] = [e.code, e.document, e.participant, e.start, e.end, start, end, e.text]
        sheet.rows.append(row + ([e.memo, memos.get(e.code_id, "")] if options.memos else []))
    return sheet


# -- audit trail ----------------------------------------------------------------------------------------------------

KIND_WORDS = {"do": "", "undo": "Undone: ", "redo": "Redone: ", "job": "", "event": ""}


def audit_report(project: str, now: datetime, rows: list[AuditLine], options: Options) -> Report:
    report = Report(
        f"Audit trail: {project}", facts(project, now, options, plural(len(rows), "recorded change"), "Times are UTC.")
    )
    day = None
    for row in rows:
        if row.at.date() != day:
            day = row.at.date()
            report.add(Heading(f"{day:%A %d %B %Y}", 1))
        what = f"{KIND_WORDS.get(row.kind, '')}{row.action}" + (f" ({row.changes})" if row.changes else "")
        why = f". Reason: {row.reason}" if row.reason else ""
        report.add(Para(what + why, "item", 0, f"{row.at:%H:%M:%S} "))
    return report


def audit_sheet(rows: list[AuditLine]) -> Sheet:
    columns = ["date", "time_utc", "kind", "category", "action", "changes", "reason"]
    sheet = Sheet("Audit trail", columns, widths={"action": 50, "changes": 50, "reason": 40})
    for r in rows:
        sheet.rows.append([f"{r.at:%Y-%m-%d}", f"{r.at:%H:%M:%S}", r.kind, r.category, r.action, r.changes, r.reason])
    return sheet
