"""`qda doctor`: what this computer can do for transcription, and why not where it cannot."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

from qda_desktop.transcribe.device import GPU_COMPUTE_TYPE, choose
from qda_desktop.transcribe.gpu import GIB, GpuReport, check
from qda_desktop.transcribe.models import ModelNotFound, describe, models_dir, resolve


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def report_lines(model: str | None = None) -> list[str]:
    lines = [
        f"system        {platform.system()} {platform.release()} ({platform.machine()}), "
        f"Python {platform.python_version()}, {os.cpu_count()} CPU threads",
        f"engine        faster-whisper {_version('faster-whisper')}, CTranslate2 {_version('ctranslate2')}, "
        f"onnxruntime {_version('onnxruntime')}",
    ]
    model_bytes = None
    try:
        path = resolve(model)
        info = describe(path)
        model_bytes = info.size_bytes
        lines.append(f"model         {info.name} ({info.size_bytes / 1e6:.0f} MB, {info.languages}) at {path}")
    except ModelNotFound as exc:
        lines.append(f"model         none: {exc}")
    lines.append(f"models folder {models_dir()}")
    report = check(model_bytes)
    lines += gpu_lines(report)
    if report.usable:
        lines.append(f"transcription GPU, compute type {GPU_COMPUTE_TYPE}")
    else:
        cpu = choose("cpu")
        lines.append(f"transcription CPU, {cpu.cpu_threads} threads, compute type {cpu.compute_type}")
    return lines


def gpu_lines(report: GpuReport) -> list[str]:
    lines = [f"GPU           {report.summary()}"]
    if report.driver_cuda:
        lines.append(f"  driver      supports CUDA {report.driver_cuda // 1000}.{report.driver_cuda % 1000 // 10}")
    for gpu in report.gpus:
        free = f", {gpu.free_bytes / GIB:.1f} GiB free" if gpu.free_bytes is not None else ""
        lines.append(
            f"  GPU {gpu.index}       {gpu.name}, {gpu.total_bytes / GIB:.1f} GiB{free}, "
            f"compute capability {gpu.capability[0]}.{gpu.capability[1]}"
        )
    if report.libraries is not None:
        for name, source in report.libraries.loaded.items():
            lines.append(f"  {name:<40} {_short(source)}")
        for name, error in report.libraries.failed.items():
            lines.append(f"  {name:<40} missing ({error})")
    if report.compute_types:
        lines.append(
            f"  CTranslate2 sees {report.ctranslate2_devices} GPU(s); types: {', '.join(report.compute_types)}"
        )
    for problem in report.problems[1:]:
        lines.append(f"  also: {problem}")
    return lines


def _short(source: str) -> str:
    if source == "system":
        return "found by the system loader"
    parts = Path(source).parts
    return str(Path(*parts[parts.index("nvidia") :])) if "nvidia" in parts else source
