"""Builds the demo project from the fictional content in ``qda_desktop/demo``."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AddJournalEntry,
    AddMemo,
    ApplyCode,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    SetCaseAttribute,
    UpdateCode,
)
from qda_desktop.core.demo_themes import add_demo_themes
from qda_desktop.core.project import Project
from qda_desktop.store.lock import ProjectLock
from qda_desktop.store.project_file import SIDE_FILES

DEMO_PASSPHRASE = "demo"


def demo_spec() -> dict[str, Any]:
    folder = resources.files("qda_desktop.demo")
    spec: dict[str, Any] = json.loads(folder.joinpath("project.json").read_text(encoding="utf-8"))
    for doc in spec["documents"]:
        doc["text"] = folder.joinpath(doc["file"]).read_text(encoding="utf-8")
    return spec


def build_demo(path: Path) -> Project:
    """Create (or re-create) the demo project at ``path`` and return it open."""
    guard = ProjectLock(path)
    guard.acquire()  # refuses (ProjectAlreadyOpen) if another window has the demo open
    try:
        for candidate in [path, *(path.with_name(path.name + s) for s in SIDE_FILES)]:
            candidate.unlink(missing_ok=True)
    finally:
        guard.release()
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = demo_spec()
    project = Project.create(path, DEMO_PASSPHRASE, spec["name"])
    try:
        _fill(project, spec)
        add_demo_themes(project)
    except BaseException:
        project.close()
        raise
    project.history.clear()
    return project


def _fill(project: Project, spec: dict[str, Any]) -> None:
    docs = {d["name"]: project.run(ImportText(d["name"], d["text"])).result for d in spec["documents"]}
    texts = {d["name"]: d["text"] for d in spec["documents"]}
    attributes = {a["name"]: project.run(DefineAttribute(a["name"], a["type"])).result for a in spec["attributes"]}
    cases = {}
    for case in spec["cases"]:
        cases[case["name"]] = case_id = project.run(AddCase(case["name"])).result
        for name, value in case["values"].items():
            project.run(SetCaseAttribute(case_id, attributes[name], value))
    for doc in spec["documents"]:
        project.run(LinkDocumentToCase(docs[doc["name"]], cases[doc["case"]]))
    codes: dict[str, int] = {}
    for code in spec["codes"]:
        codes[code["name"]] = project.run(
            AddCode(
                code["name"],
                parent_id=codes[code["parent"]] if code.get("parent") else None,
                color=code["color"],
                definition=code.get("definition", ""),
                inclusion=code.get("inclusion", ""),
                exclusion=code.get("exclusion", ""),
            )
        ).result
    for coding in spec["codings"]:
        start = texts[coding["document"]].index(coding["quote"])
        project.run(ApplyCode(docs[coding["document"]], codes[coding["code"]], start, start + len(coding["quote"])))
    for memo in spec["memos"]:
        target = memo["target"]
        if target == "code":  # a code's memo is its own field
            note = "\n".join(part for part in (memo["title"], memo["text"]) if part)
            project.run(UpdateCode(codes[memo["code"]], {"memo": note}))
            continue
        target_id = docs[memo["document"]] if target == "document" else None
        project.run(AddMemo(memo["title"], memo["text"], target, target_id))
    for entry in spec["journal"]:
        project.run(AddJournalEntry(date.fromisoformat(entry["date"]), entry["title"], entry["text"]))
