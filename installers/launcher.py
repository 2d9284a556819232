"""The frozen build's one entry script: ``qda`` runs the command line, ``qda-desktop`` the window.

Both executables of the bundle are built from this script; the name of the running executable picks which.
A spawned transcription worker is this same executable started with multiprocessing's arguments, so
``freeze_support`` runs first, before anything heavy is imported.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    multiprocessing.freeze_support()
    if Path(sys.executable).stem == "qda":
        from qda_desktop.cli import main as run
    else:
        from qda_desktop.app import main as run
    return run()


if __name__ == "__main__":
    sys.exit(main())
