"""``import_refi``: a .qdc codebook or a .qdpx/.qde project into an open project, as one undo step."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qda_desktop.core.jobs import JobContext
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.refi.apply import ApplyPlan
from qda_desktop.exchange.refi.archive import RefiSource
from qda_desktop.exchange.refi.plan import Plan
from qda_desktop.exchange.refi.reader import read_plan
from qda_desktop.exchange.report import ExchangeReport, plural

COUNT_ORDER = ("document", "recording", "code", "coding", "memo", "case", "attribute", "theme", "board")


@dataclass
class RefiReport(ExchangeReport):
    """An exchange report that also says how the file's text offsets were read."""

    offsets: str = ""


def import_refi(project: Project, path: Path, job: JobContext[Any] | None = None) -> RefiReport:
    """Import ``path``; on any error the project is unchanged and the message names the file."""
    path = Path(path)
    with RefiSource.open(path) as source:
        plan = read_plan(source)
        if job is not None:
            job.check()
        command = ApplyPlan(
            plan,
            source,
            path.name,
            progress=(lambda done, total: job.step(done, total)) if job is not None else (lambda done, total: None),
            check=job.check if job is not None else (lambda: None),
        )
        try:
            outcome = project.run(command).result
        except InvalidInput as exc:
            message = str(exc)
            raise InvalidInput(message if message.startswith(path.name) else f"{path.name}: {message}") from None
    report = RefiReport(path.name, offsets=plan.convention)
    for noun in COUNT_ORDER:
        if outcome.counts.get(noun):
            report.add(noun, outcome.counts[noun])
    for problem in [*plan.problems, *outcome.problems, *lost_problems(plan)]:
        report.problem(problem)
    return report


def lost_problems(plan: Plan) -> list[str]:
    """What the file holds that has no place here, one line each ("2 pictures not imported: …")."""
    lines = []
    if plan.other_sets:
        lines.append(f"{plural(plan.other_sets, 'document set')} not imported: sets of documents are not supported")
    if plan.placed_by_time:
        lines.append(
            f"{plural(plan.placed_by_time, 'audio or video selection')} placed on the transcript by time "
            "(whole turns: the text the recording's range overlaps)"
        )
    if plan.set_documents:
        lines.append(
            f"{plural(plan.set_documents, 'document')} in code sets not imported: a theme groups codes, not documents"
        )
    for (what, why), names in plan.missing.items():
        shown = ", ".join(f"'{n}'" for n in names[:3]) + (", …" if len(names) > 3 else "")
        noun = what if len(names) != 1 else what.removesuffix("s")
        lines.append(f"{len(names)} {noun} not imported: {why} ({shown})")
    for key, count in plan.lost.items():
        what, _, why = key.partition(": ")
        noun = what if count != 1 else what.removesuffix("s")
        lines.append(f"{count} {noun} not imported" + (f": {why}" if why else ""))
    return lines
