"""The theme report: each theme's central concept, definition, scope, review, subthemes, codes, who supports it,
and representative extracts (one per participant, extracts given to the theme itself first).
Read through ``core.theme_views`` and ``core.theme_review``; laid out like the other reports."""

from __future__ import annotations

from datetime import datetime

from qda_desktop.core.project import Project
from qda_desktop.core.theme_review import NO_CASE, ThemeExtractView, theme_extracts
from qda_desktop.core.theme_views import ThemeNode, theme_tree
from qda_desktop.core.timecode import clock
from qda_desktop.exchange.exports.blocks import Heading, Para, Report, Sheet
from qda_desktop.exchange.exports.builders import Options, facts
from qda_desktop.exchange.exports.content import Extract
from qda_desktop.exchange.exports.labels import Labels
from qda_desktop.exchange.report import plural

REPRESENTATIVE = 3  # extracts shown per theme
STATUS_WORDS = {"candidate": "candidate", "reviewed": "reviewed", "defined": "defined", "set_aside": "set aside"}
VERDICT_WORDS = {"holds": "holds", "partly": "partly holds", "does_not_hold": "does not hold"}


Tree = list[tuple[ThemeNode, int]]  # themes in tree order with their depth


def walk(nodes: list[ThemeNode] | tuple[ThemeNode, ...], depth: int = 0) -> Tree:
    """Themes in tree order with their depth (0 for a top-level theme)."""
    out: Tree = []
    for node in nodes:
        out.append((node, depth))
        out += walk(node.children, depth + 1)
    return out


def theme_extracts_by_theme(
    project: Project, themes: list[tuple[ThemeNode, int]], labels: Labels
) -> dict[int, list[Extract]]:
    """Each theme's own extracts (not its subthemes'), with participant, position and time; direct ones first."""
    found: dict[int, list[Extract]] = {}
    for node, _depth in themes:
        views: dict[int, tuple[ThemeExtractView, list[str]]] = {}
        for group in theme_extracts(project, node.id, subthemes=False):
            for view in group.extracts:
                views.setdefault(view.coding_id, (view, []))[1].append(group.case)
        ordered = sorted(views.values(), key=lambda pair: not pair[0].direct)
        found[node.id] = [_extract(node, view, cases, labels) for view, cases in ordered]
    return found


def _extract(node: ThemeNode, v: ThemeExtractView, cases: list[str], labels: Labels) -> Extract:
    time = (v.start_s, v.end_s) if v.start_s is not None and v.end_s is not None else None
    participant = " + ".join(c for c in cases if c != NO_CASE)
    text = labels.text(v.document_id, v.text)
    return Extract(
        node.id, v.code, labels.document(v.document_id, v.document), participant, v.start, v.end, time, text, ""
    )


def representative(extracts: list[Extract]) -> list[Extract]:
    """Up to ``REPRESENTATIVE`` extracts, each from another participant while there are others."""
    chosen: list[Extract] = []
    for extract in extracts:
        if len(chosen) < REPRESENTATIVE and all(e.participant != extract.participant for e in chosen):
            chosen.append(extract)
    for extract in extracts:
        if len(chosen) < REPRESENTATIVE and extract not in chosen:
            chosen.append(extract)
    return chosen


def _source(e: Extract) -> str:
    who = f" · {e.participant}" if e.participant and e.participant != e.document else ""
    time = f", {clock(e.time[0])}–{clock(e.time[1])}" if e.time else ""
    return f"{e.document}{who} · {e.code} · characters {e.start}–{e.end}{time}"


def _spread(extracts: list[Extract]) -> str:
    counts: dict[str, int] = {}
    for e in extracts:
        counts[e.participant or "no case"] = counts.get(e.participant or "no case", 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{case} ({n})" for case, n in ranked)


def theme_report(
    project: str,
    now: datetime,
    themes: Tree,
    extracts: dict[int, list[Extract]],
    options: Options,
) -> Report:
    tops = sum(1 for _node, depth in themes if depth == 0)
    report = Report(
        f"Theme report: {project}",
        facts(project, now, options, f"{plural(tops, 'theme')}, {plural(len(themes) - tops, 'subtheme')}"),
    )
    for node, depth in themes:
        report.add(Heading(node.name if depth == 0 else f"{node.name} (subtheme)", min(depth + 1, 4), node.color))
        review = f" · review: {VERDICT_WORDS[node.review_verdict]}" if node.review_verdict in VERDICT_WORDS else ""
        report.add(Para(f"{STATUS_WORDS.get(node.status, node.status)}{review}", "meta", 0, "Status: "))
        for label, text in (("Central organising concept: ", node.concept), ("Definition: ", node.definition)):
            if text:
                report.add(Para(text, "body", 0, label))
        if node.scope:
            report.add(Para(node.scope, "body", 0, "Scope: "))
        if node.review_notes:
            report.add(Para(node.review_notes, "body", 0, "Review: "))
        if node.children:
            report.add(Para(", ".join(child.name for child in node.children), "body", 0, "Subthemes: "))
        if node.codes:
            report.add(Para("", "body", 0, "Codes:"))
        for code in node.codes:
            counts = f"{plural(code.extracts, 'extract')}, {plural(code.cases, 'participant')}"
            report.add(Para(f"{code.path} ({counts})", "item"))
        own = extracts.get(node.id, [])
        if own:
            report.add(Para(_spread(own), "meta", 0, f"{plural(len(own), 'extract')} from: "))
        for e in representative(own):
            report.add(Para(_source(e), "meta", 0, "Representative extract: "))
            report.add(Para(e.text, "quote"))
        if options.memos and node.notes:
            report.add(Para(node.notes, "memo", 0, "Notes: "))
    return report


def theme_sheet(themes: Tree, options: Options) -> Sheet:
    columns = ["theme", "parent", "status", "concept", "definition", "scope", "codes", "extracts", "participants"]
    columns += ["review", "review_notes"] + (["notes"] if options.memos else [])
    sheet = Sheet("Themes", columns, widths={"theme": 28, "parent": 24, "concept": 40, "definition": 50})
    sheet.widths.update({"scope": 40, "codes": 40, "review_notes": 40, "notes": 40})
    names = {node.id: node.name for node, _depth in themes}
    for node, _depth in themes:
        row: list[str | int | float | None] = [
            node.name,
            names.get(node.parent_id, "") if node.parent_id is not None else "",
            STATUS_WORDS.get(node.status, node.status),
            node.concept,
            node.definition,
            node.scope,
            "; ".join(code.path for code in node.codes),
            node.extracts,
            node.cases,
            VERDICT_WORDS.get(node.review_verdict, ""),
            node.review_notes,
        ]
        sheet.rows.append(row + ([node.notes] if options.memos else []))
    return sheet


def themes_in_order(project: Project) -> Tree:
    return walk(theme_tree(project))


# -- coded extracts by theme ------------------------------------------------------------------------------------------


def theme_extracts_report(
    project: str, now: datetime, themes: Tree, extracts: dict[int, list[Extract]], options: Options
) -> Report:
    total = sum(len(found) for found in extracts.values())
    count = f"{plural(total, 'extract')} of {plural(len(themes), 'theme')}"
    report = Report(f"Coded extracts by theme: {project}", facts(project, now, options, count))
    for node, depth in themes:
        report.add(Heading(node.name, min(depth + 1, 4), node.color))
        if node.definition:
            report.add(Para(node.definition, "meta", 0, "Definition: "))
        if options.memos and node.notes:
            report.add(Para(node.notes, "memo", 0, "Notes: "))
        for e in extracts.get(node.id, []):
            report.add(Para(_source(e), "meta"))
            report.add(Para(e.text, "quote"))
    return report


def theme_extracts_sheet(themes: Tree, extracts: dict[int, list[Extract]]) -> Sheet:
    columns = ["theme", "code", "document", "participant", "start", "end", "time_start", "time_end", "text"]
    sheet = Sheet("Extracts by theme", columns, widths={"theme": 26, "code": 28, "document": 22, "text": 70})
    for node, _depth in themes:
        for e in extracts.get(node.id, []):
            start, end = (clock(e.time[0]), clock(e.time[1])) if e.time else ("", "")
            sheet.rows.append([node.name, e.code, e.document, e.participant, e.start, e.end, start, end, e.text])
    return sheet
