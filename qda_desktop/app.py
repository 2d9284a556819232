"""``qda-desktop``: the GUI entry point. Qt is imported only once a window is needed."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from collections.abc import Sequence

from qda_desktop import __version__
from qda_desktop.transcribe.offline import go_offline


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="qda-desktop", description="QDA Desktop")
    parser.add_argument("project", nargs="?", help="a .qdaproj file to open")
    parser.add_argument("--demo", action="store_true", help="open the built-in demo project")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the main window to a PNG and exit")
    parser.add_argument("--version", action="version", version=f"qda-desktop {__version__}")
    return parser.parse_args(argv)


def quiet_qt_multimedia() -> None:
    """Qt Multimedia logs its backend choice on every start and, through FFmpeg, a played recording's file name
    and tags (desktops often keep a program's stderr in a plain log): quiet unless the user set rules of their own."""
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")


def main(argv: Sequence[str] | None = None) -> int:
    # In a frozen build the transcription worker is this same executable started with multiprocessing's
    # arguments: run the worker (and exit) before those arguments reach the parser.
    multiprocessing.freeze_support()
    args = parse_args(argv)
    go_offline()
    quiet_qt_multimedia()
    from qda_desktop.ui.launch import run  # Qt loads only now, so --help and --version stay quick

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
