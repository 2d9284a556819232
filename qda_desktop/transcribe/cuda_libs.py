"""Finding the CUDA 12 libraries CTranslate2 opens by name (cuBLAS, cuDNN 9).

`pip install 'qda-desktop[cuda]'` brings them as the `nvidia-cublas-cu12` and `nvidia-cudnn-cu12` wheels, which
put the `.so` files under `site-packages/nvidia/<package>/lib`, a folder the dynamic loader never searches. The
worker loads them by full path (RTLD_GLOBAL) before CTranslate2 asks for them: the loader then matches CTranslate2's
`dlopen("libcublas.so.12")` against the library already in the process by its soname. CTranslate2's wheels
name only cuBLAS; cuDNN is loaded when present, for builds that use it.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

CUBLAS = ("libcublasLt.so.12", "libcublas.so.12")
# cuDNN 9 is a small front library plus sub-libraries it opens by name; load the parts before the front.
CUDNN = (
    "libcudnn_graph.so.9",
    "libcudnn_engines_precompiled.so.9",
    "libcudnn_engines_runtime_compiled.so.9",
    "libcudnn_heuristic.so.9",
    "libcudnn_ops.so.9",
    "libcudnn_cnn.so.9",
    "libcudnn_adv.so.9",
    "libcudnn.so.9",
)
REQUIRED = CUBLAS
WHEEL_HINT = "pip install 'qda-desktop[cuda]' (nvidia-cublas-cu12, nvidia-cudnn-cu12)"


@dataclass
class LibraryReport:
    """Where each library came from: "system" (the loader found it), a wheel's full path, or missing."""

    required: tuple[str, ...] = REQUIRED
    loaded: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def missing_required(self) -> list[str]:
        return [name for name in self.required if name not in self.loaded]

    @property
    def ok(self) -> bool:
        return not self.missing_required

    def reason(self) -> str:
        """One line saying what is missing, or empty when everything required loaded."""
        missing = self.missing_required
        if not missing:
            return ""
        details = "; ".join(f"{name}: {self.failed[name]}" for name in missing if name in self.failed)
        return f"CUDA 12 libraries not found: {', '.join(missing)} ({details or WHEEL_HINT})"


def wheel_library_dirs(paths: Iterable[str] | None = None) -> list[Path]:
    """Every `nvidia/*/lib` folder on the import path (where the nvidia-* wheels put their libraries)."""
    found: list[Path] = []
    for entry in paths if paths is not None else sys.path:
        base = Path(entry or ".") / "nvidia"
        if base.is_dir():
            found += sorted(p for p in base.glob("*/lib") if p.is_dir() and p not in found)
    return found


def find_in_wheels(name: str, dirs: list[Path]) -> Path | None:
    return next((d / name for d in dirs if (d / name).is_file()), None)


def _load(target: str) -> str:
    """Load a library globally; returns an empty string or the loader's error."""
    try:
        ctypes.CDLL(target, mode=ctypes.RTLD_GLOBAL)
    except OSError as exc:
        return str(exc).strip() or "could not be loaded"
    return ""


def preload(
    names: Iterable[str] = CUBLAS + CUDNN, required: tuple[str, ...] = REQUIRED, paths: Iterable[str] | None = None
) -> LibraryReport:
    """Load the libraries, the loader's own search first, then the wheels' folders.

    Libraries whose dependencies are not loaded yet are retried until a round loads nothing new.
    """
    dirs = wheel_library_dirs(paths)
    report = LibraryReport(required)
    pending = list(names)
    while pending:
        still: list[str] = []
        for name in pending:
            if not _load(name):
                report.loaded[name] = "system"
                continue
            wheel = find_in_wheels(name, dirs)
            error = _load(str(wheel)) if wheel else "not on the loader's path nor in an nvidia-* wheel"
            if error:
                report.failed[name] = error
                still.append(name)
            else:
                report.loaded[name] = str(wheel)
                report.failed.pop(name, None)
        if len(still) == len(pending):
            break
        pending = still
    return report
