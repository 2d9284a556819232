"""``export_qdc`` and ``export_qdpx``: our project as a REFI-QDA codebook or project exchange file."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ElementTree, indent, tostring

from sqlalchemy import select

from qda_desktop.core.jobs import JobContext
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.refi.theme_writer import ThemeWriter
from qda_desktop.exchange.refi.writer import ORIGIN, ProjectWriter, Written, clean, code_tree, derived
from qda_desktop.exchange.report import ExchangeReport
from qda_desktop.store.models import ProjectInfo

COPY_CHUNK = 1 << 20
COUNT_ORDER = ("document", "recording", "code", "coding", "memo", "case", "theme", "board")


def xml_bytes(root: Element) -> bytes:
    indent(ElementTree(root), space=" ")
    body: bytes = tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def report_of(path: Path, written: Written) -> ExchangeReport:
    report = ExchangeReport(path.name, verb="exported")
    for noun in COUNT_ORDER:
        if written.counts.get(noun):
            report.add(noun, written.counts[noun])
    for problem in written.problems:
        report.problem(problem)
    return report


def export_qdc(project: Project, path: Path, record: bool = True) -> ExchangeReport:
    """The codebook (hierarchy, colours, definitions) as a .qdc file (``record``: in the audit log; the export
    job, which writes under a temporary name, records the file itself)."""
    path = Path(path)
    root = Element("CodeBook", origin=ORIGIN)
    root.set("xmlns", "urn:QDA-XML:codebook:1.0")
    written = Written()
    with project.read() as session:
        count = code_tree(session, root, with_memos=False)
        if count:
            themes = ThemeWriter(session, derived, clean)
            written.add("theme", themes.sets(root, in_codebook=True))
            written.problems += themes.problems
    if not count:
        raise InvalidInput(f"{path.name}: the project has no codes; a codebook file needs at least one")
    write_file(path, xml_bytes(root))
    written.add("code", count)
    if record:
        project.record_event("Export codebook (REFI-QDA)", {"file": path.name, **written.counts})
    return report_of(path, written)


def write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"{path.name}: could not be written ({exc.strerror or exc})") from None


def export_qdpx(
    project: Project, path: Path, job: JobContext[Any] | None = None, record: bool = True
) -> ExchangeReport:
    """Documents, recordings, transcripts, codes, codings, memos and cases as a .qdpx archive.

    Recordings go from the encrypted store straight into the zip stream; a failed or cancelled
    export leaves no partial file.
    """
    path = Path(path)
    with project.read() as session:
        name = session.scalar(select(ProjectInfo.name)) or project.path.stem
        writer = ProjectWriter(session, name)
        root = writer.build()
    written = writer.written
    steps = len(written.files) + len(written.media) + 1
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr("project.qde", xml_bytes(root))
            for n, (name, text) in enumerate(written.files):
                _step(job, n + 1, steps)
                archive.writestr(name, text.encode("utf-8"))
            for n, (name, media_id) in enumerate(written.media):
                _step(job, len(written.files) + n + 1, steps)
                _copy_media(project, archive, name, media_id, job)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise InvalidInput(f"{path.name}: could not be written ({exc.strerror or exc})") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if record:
        project.record_event("Export project (REFI-QDA)", {"file": path.name, **written.counts})
    return report_of(path, written)


def _step(job: JobContext[Any] | None, done: int, total: int) -> None:
    if job is not None:
        job.check()
        job.step(done, total)


def _copy_media(
    project: Project, archive: zipfile.ZipFile, name: str, media_id: int, job: JobContext[Any] | None
) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_STORED  # recordings are compressed already
    with project.open_media(media_id) as source, archive.open(info, "w", force_zip64=True) as target:
        while chunk := source.read(COPY_CHUNK):
            if job is not None:
                job.check()
            target.write(chunk)


__all__ = ["export_qdc", "export_qdpx"]
