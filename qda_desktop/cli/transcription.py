"""Transcription, models and the environment check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select

from qda_desktop.cli.common import CliError, SubParsers, add_command, add_group, check_input_file, open_project
from qda_desktop.core.project import Project
from qda_desktop.store.models import Document


def cmd_transcribe(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.cli_support import transcribe_command

    check_input_file(Path(args.media))

    def open_checked(path: Path) -> Project:
        """Open the project and refuse a taken ``--name`` before anything is imported."""
        project = open_project(path)
        if args.name:
            with project.read() as session:
                taken = session.scalar(select(Document.id).where(Document.name == args.name))
            if taken is not None:
                project.close()
                raise CliError(f"{path.name}: a document named '{args.name}' already exists; choose another --name")
        return project

    transcribe_command(args, open_checked)


def cmd_models_list(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.doctor import model_lines

    print("\n".join(model_lines()))


def cmd_doctor(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.doctor import report_lines

    print("\n".join(report_lines(args.model)))


def cmd_models_download(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.download import download_model

    def show(done: int, total: int) -> None:
        print(f"\r{done / 1e6:8.1f} of {total / 1e6:.1f} MB", end="", file=sys.stderr, flush=True)

    path = download_model(args.name, show)
    print(file=sys.stderr)
    print(f"downloaded {args.name} to {path}")


def register(sub: SubParsers) -> None:
    p = add_command(
        sub, "transcribe", cmd_transcribe, "import a recording if needed and transcribe it locally (resumable)"
    )
    p.add_argument("project")
    p.add_argument("media", help="a recording: wav, mp3, m4a, ogg, flac, or a video's audio track")
    p.add_argument("--model", help="a faster-whisper model folder or name (default: QDA_WHISPER_MODEL)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--language", help="e.g. en (default: detect)")
    p.add_argument("--beam-size", type=int, default=5)
    p.add_argument("--batched", action="store_true", help="faster, batched decoding (may drop words)")
    p.add_argument("--initial-prompt", help="a sentence in the recording's style, with its names")
    p.add_argument("--hotwords", help="names and terms to favour, e.g. 'Brookside, Barnsley'")
    p.add_argument("--name", help="name of the transcript document")

    models = add_group(sub, "models", "faster-whisper models on this computer")
    add_command(models, "list", cmd_models_list, "the models you can get, which are here, and how fast they run here")
    p = add_command(
        models, "download", cmd_models_download, "download a model from the Hugging Face hub (asks the network)"
    )
    p.add_argument("name", help="tiny.en, base.en, small.en, medium.en, large-v3, … or a hub repository")

    p = add_command(sub, "doctor", cmd_doctor, "check what transcription can use here (GPU, libraries, model)")
    p.add_argument("--model", help="a model folder or name to check (default: QDA_WHISPER_MODEL)")
