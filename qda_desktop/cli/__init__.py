"""``qda``: headless commands over the same services as the app.

The passphrase comes from QDA_PASSPHRASE, else from the keychain when the project
was remembered, else from a hidden prompt. Errors print one line and exit non-zero.
Each command group lives in its own module with a ``register`` function.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

from qda_desktop import __version__
from qda_desktop.cli import analysis, cases, codebook, coding, exporting, importing, projects, themes, transcription
from qda_desktop.cli.common import SubParsers
from qda_desktop.errors import QdaError, WrongPassphrase
from qda_desktop.store.integrity import STORAGE_ERRORS, as_storage_error
from qda_desktop.transcribe.offline import go_offline

EXIT_ERROR = 1

# The order in which groups appear in ``qda --help``.
GROUPS = (projects, importing, coding, codebook, cases, transcription, themes, exporting, analysis)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qda", description="QDA Desktop on the command line.")
    parser.add_argument("--version", action="version", version=f"qda {__version__}")
    sub: SubParsers = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's worker process: run it, not the parser (see app.main)
    logging.basicConfig(level=logging.WARNING, format="qda: %(message)s")
    args = build_parser().parse_args(argv)
    go_offline()  # telemetry off everywhere; only 'models download' reaches the network
    try:
        args.handler(args)
    except WrongPassphrase as exc:
        print(f"qda: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except QdaError as exc:
        print(f"qda: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``qda show --json | head``): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("qda: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else ""
        print(f"qda: error: {name + ': ' if name else ''}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except STORAGE_ERRORS as exc:  # a storage error no command translated: still one line
        target = getattr(args, "project", None) or "project"
        print(f"qda: error: {as_storage_error(exc, Path(target))}", file=sys.stderr)
        return EXIT_ERROR
    return 0
