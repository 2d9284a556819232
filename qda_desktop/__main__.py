"""``python -m qda_desktop``: the window, as ``qda-desktop`` (the module briefcase runs)."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # before anything heavy: a spawned worker must not start the app
    from qda_desktop.app import main

    sys.exit(main())
