"""Architecture rule: nothing outside qda_desktop/ui loads Qt or pyqtgraph."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import qda_desktop

FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6")


def non_ui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(qda_desktop.__path__, "qda_desktop."):
        if info.name.startswith("qda_desktop.ui") or ".migrations" in info.name:
            continue
        names.append(info.name)
    return sorted(names)


def test_every_non_ui_module_is_found() -> None:
    names = non_ui_modules()
    assert {
        "qda_desktop.cli",
        "qda_desktop.app",
        "qda_desktop.core.project",
        "qda_desktop.store.engine",
    } <= set(names)


def test_non_ui_modules_do_not_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {non_ui_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
