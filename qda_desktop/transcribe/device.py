"""Choosing where CTranslate2 runs: a GPU when it can use one, else the CPU."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEVICES = ("auto", "cpu", "cuda")
# Chosen for accuracy: on an H100, tiny.en on P01 (sequential, beam 5) gave 21.3% WER in float16 and 24.9% in
# int8_float16 at about the same speed (benchmarks/gpu_device_check.sh).
GPU_COMPUTE_TYPE = "float16"


@dataclass(frozen=True)
class DeviceChoice:
    device: str
    compute_type: str
    cpu_threads: int
    note: str


def cuda_devices() -> int:
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except Exception:  # a missing or broken CUDA runtime means no GPU for us
        return 0


def choose(preference: str = "auto") -> DeviceChoice:
    """float16 on a GPU, int8 on the CPU; threads matched to the cores."""
    if preference not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(DEVICES)}")
    threads = max(1, os.cpu_count() or 1)
    gpus = cuda_devices() if preference != "cpu" else 0
    if gpus:
        return DeviceChoice("cuda", GPU_COMPUTE_TYPE, threads, f"GPU ({gpus} visible to CTranslate2)")
    if preference == "cuda":
        return DeviceChoice("cpu", "int8", threads, "no CUDA GPU visible to CTranslate2: using the CPU")
    return DeviceChoice("cpu", "int8", threads, f"CPU, {threads} threads")
