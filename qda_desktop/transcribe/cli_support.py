"""``qda transcribe``: import the recording if needed, then run (or resume) its transcription job
(through the job API: the transcription in a thread, its segments written on this one)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from sqlalchemy import select

from qda_desktop.core import jobs
from qda_desktop.core.jobs import run_job
from qda_desktop.core.project import Project
from qda_desktop.core.recording_job import StoreRecording
from qda_desktop.core.timecode import clock
from qda_desktop.errors import QdaError
from qda_desktop.store.models import Document, Media, Transcription
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.job import Progress, TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.models import file_sha256, resolve
from qda_desktop.transcribe.recordings import probe
from qda_desktop.transcribe.task import TranscriptionTask


class TranscriptionFailed(QdaError):
    pass


def progress_line(progress: Progress, width: int = 30) -> str:
    filled = int(progress.fraction * width)
    eta = f"ETA {clock(progress.eta_s)}" if progress.eta_s is not None else "ETA …"
    return (
        f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.fraction * 100:3.0f}%  "
        f"{clock(progress.processed_s)}/{clock(progress.total_s)}  {progress.speed:4.1f}× real time  {eta}  "
    )


def show_progress(progress: jobs.Progress) -> None:
    if isinstance(progress, Progress):  # a transcription's progress, with speed and times
        print(progress_line(progress), end="", file=sys.stderr, flush=True)


def find_or_import(project: Project, path: Path) -> int:
    info = probe(path)  # a clear error for unreadable files, before anything changes
    if info.warning(path.name):
        print(f"qda: warning: {info.warning(path.name)}", file=sys.stderr)
    digest = file_sha256(path)
    with project.read() as session:
        existing = session.scalar(select(Media.id).where(Media.sha256 == digest))
    if existing is not None:
        return int(existing)
    store = StoreRecording(project, path, info.mime, info.duration_s)  # the window stores recordings the same way
    run_job(project, store)
    if store.media_id is None:
        raise TranscriptionFailed(store.error or f"{path.name}: the recording could not be stored")
    return store.media_id


def transcribe_command(args: argparse.Namespace, open_project: Callable[[Path], Project]) -> None:
    media_path = Path(args.media)
    model_path = resolve(args.model)
    device = choose(args.device)
    options = TranscribeOptions(
        language=args.language,
        beam_size=args.beam_size,
        batched=args.batched,
        initial_prompt=args.initial_prompt,
        hotwords=args.hotwords,
    )
    with open_project(Path(args.project)) as project:
        media_id = find_or_import(project, media_path)
        with project.read() as session:
            row = session.execute(
                select(Transcription.document_id, Transcription.status, Document.name)
                .join(Document, Document.id == Transcription.document_id)
                .where(Transcription.media_id == media_id)
                .order_by(Transcription.id.desc())
            ).first()
        if row is not None and row.status != "done":
            document_id = int(row.document_id)
            print(f"resuming '{row.name}'", file=sys.stderr)
        elif row is not None and not args.name:
            raise TranscriptionFailed(
                f"{media_path.name}: already transcribed as '{row.name}' (give --name for another)"
            )
        else:
            name = args.name or f"{media_path.stem} (transcript)"
            document_id = start_transcript(project, media_id, name, model_path, device, options)
        job = TranscriptionJob(project, document_id, model_path, device, options)
        print(f"model {model_path.name} on {device.note}", file=sys.stderr)

        interrupted = threading.Event()

        def interrupt(_signum: int, _frame: FrameType | None) -> None:
            interrupted.set()

        previous = signal.signal(signal.SIGINT, interrupt)
        try:
            status = run_job(project, TranscriptionTask(job), show_progress, interrupted).status
        finally:
            signal.signal(signal.SIGINT, previous)
        print(file=sys.stderr)
        if job.note:
            print(job.note, file=sys.stderr)
        if status == "cancelled":
            raise TranscriptionFailed("transcription cancelled; run the same command again to resume")
        if status == "failed":
            raise TranscriptionFailed(f"transcription failed: {job.error}; run the same command again to resume")
        print(f"transcribed {media_path.name} into document {document_id}")
