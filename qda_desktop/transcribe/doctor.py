"""`qda doctor` and `qda models list`: what this computer can do for transcription, and why not where it cannot."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

from qda_desktop.transcribe.catalogue import CATALOGUE, find, local_models, recommend, speed_note
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


def model_lines() -> list[str]:
    """`qda models list`: the catalogue, which models are here, and their speed on this device."""
    device = choose("auto")
    key = f"{device.device}/{device.compute_type}"
    lines = [f"models are kept in {models_dir()}; speeds for {key}", ""]
    lines.append(f"  {'model':<18} {'download':>9}  {'languages':<13} {'here':<5} speed")
    here = local_models()
    for model in CATALOGUE:
        present = "yes" if model.name in here else "-"
        lines.append(
            f"  {model.name:<18} {model.download_mb:>6} MB  {model.languages:<13} {present:<5} {speed_note(model, key)}"
        )
    for name, path in here.items():
        if find(name) is None:
            info = describe(path)
            lines.append(
                f"  {name:<18} {info.size_bytes / 1e6:>6.0f} MB  {info.languages:<13} yes   (a folder of yours)"
            )
    best = recommend(key)
    lines.append("")
    lines.append(
        f"recommended here: {best.name} (the largest model here measured at 2× real time or better)"
        if best
        else "no recommendation yet: no model here has been timed on this computer "
        "(transcribe a recording, or run benchmarks/transcribe_bench.py)"
    )
    lines += [f"- {name} is at {path}" for name, path in here.items()]
    return lines
