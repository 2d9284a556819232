"""Runs ``qda`` or ``qda-desktop`` the way a frozen (PyInstaller) executable does, for tests.

With ``sys.frozen`` set, multiprocessing's spawn starts a worker as ``sys.executable --multiprocessing-fork
tracker_fd=… pipe_handle=…`` (here: the launcher script that started this file again), and helper processes as
``sys.executable -c "from multiprocessing.resource_tracker import main; …"``. ``freeze_support`` is replaced by
the equivalent of PyInstaller's runtime hook (pyi_rth_multiprocessing), which runs those and exits. Without a
``freeze_support()`` call ahead of the entry point's argument parser, the worker's arguments reach the parser.

Environment: QDA_TEST_FROZEN_EXE (the launcher script), QDA_TEST_FROZEN_ENTRY (qda or qda-desktop).
"""

from __future__ import annotations

import os
import sys


def _freeze_support() -> None:
    """What PyInstaller's runtime hook installs as ``multiprocessing.freeze_support`` on every platform."""
    import multiprocessing.spawn

    if "-c" in sys.argv[:-1]:  # interpreter flags, then -c and the helper's code (the resource tracker)
        code = sys.argv[sys.argv.index("-c") + 1]
        if code.startswith(("from multiprocessing.resource_tracker import", "from multiprocessing.forkserver import")):
            exec(code)
            sys.exit()
    if multiprocessing.spawn.is_forking(sys.argv):
        kwds: dict[str, int | None] = {}
        for arg in sys.argv[2:]:
            name, value = arg.split("=")
            kwds[name] = None if value == "None" else int(value)
        multiprocessing.spawn.spawn_main(**kwds)  # type: ignore[arg-type]
        sys.exit()


def main() -> int:
    launcher = os.environ["QDA_TEST_FROZEN_EXE"]
    sys.frozen = True  # type: ignore[attr-defined]
    sys.executable = launcher
    import multiprocessing
    import multiprocessing.spawn

    multiprocessing.set_executable(launcher)
    multiprocessing.freeze_support = multiprocessing.spawn.freeze_support = _freeze_support
    if os.environ["QDA_TEST_FROZEN_ENTRY"] == "qda":
        from qda_desktop.cli import main as run
    else:
        from qda_desktop.app import main as run
    return run()


if __name__ == "__main__":
    sys.exit(main())
