"""Can transcription use the GPU here, and if not, exactly why (driver, libraries, memory, compute capability)."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from qda_desktop.transcribe.cuda_libs import LibraryReport, preload

# CTranslate2's CUDA 12 builds need compute capability 5.0 or newer; float16 kernels need 5.3 and run
# well from 7.0 (tensor cores).
MIN_CAPABILITY = (5, 0)
MIN_DRIVER_CUDA = 12000  # a driver that runs CUDA 12 code (cuDriverGetVersion's encoding: 1000 × major + 10 × minor)
GIB = 1 << 30


@dataclass(frozen=True)
class Gpu:
    index: int
    name: str
    total_bytes: int
    free_bytes: int | None
    capability: tuple[int, int]


@dataclass
class GpuReport:
    driver_cuda: int | None = None  # e.g. 13000 for CUDA 13.0
    gpus: list[Gpu] = field(default_factory=list)
    libraries: LibraryReport | None = None
    ctranslate2_devices: int = 0
    compute_types: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.problems and self.ctranslate2_devices > 0

    def summary(self) -> str:
        if self.usable:
            gpu = self.gpus[0] if self.gpus else None
            what = f"{gpu.name}, {gpu.total_bytes / GIB:.0f} GiB" if gpu else "a CUDA GPU"
            return f"transcription can use the GPU ({what})"
        return "transcription runs on the CPU: " + (self.problems[0] if self.problems else "no CUDA GPU found")


def _cuda_driver() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libcuda.so.1")
    except OSError:
        return None


def _driver_gpus(cuda: ctypes.CDLL) -> tuple[int | None, list[Gpu], str]:
    """Driver version and GPUs through the CUDA driver API; the third value is an error, or empty."""
    if cuda.cuInit(0) != 0:
        return None, [], "the NVIDIA driver is installed but could not start (cuInit failed)"
    version, count = ctypes.c_int(), ctypes.c_int()
    cuda.cuDriverGetVersion(ctypes.byref(version))
    cuda.cuDeviceGetCount(ctypes.byref(count))
    free = _nvml_free_memory()
    gpus = []
    for index in range(count.value):
        device, total = ctypes.c_int(), ctypes.c_size_t()
        major, minor = ctypes.c_int(), ctypes.c_int()
        name = ctypes.create_string_buffer(256)
        cuda.cuDeviceGet(ctypes.byref(device), index)
        cuda.cuDeviceGetName(name, 256, device)
        cuda.cuDeviceTotalMem_v2(ctypes.byref(total), device)
        cuda.cuDeviceGetAttribute(ctypes.byref(major), 75, device)  # compute capability, major
        cuda.cuDeviceGetAttribute(ctypes.byref(minor), 76, device)  # and minor
        gpus.append(
            Gpu(index, name.value.decode(errors="replace"), total.value, free.get(index), (major.value, minor.value))
        )
    return version.value, gpus, ""


def _nvml_free_memory() -> dict[int, int]:
    """Free memory per GPU from NVML, when the driver ships it (no CUDA context needed)."""

    class Memory(ctypes.Structure):
        _fields_ = [("total", ctypes.c_ulonglong), ("free", ctypes.c_ulonglong), ("used", ctypes.c_ulonglong)]

    try:
        nvml = ctypes.CDLL("libnvidia-ml.so.1")
    except OSError:
        return {}
    if nvml.nvmlInit_v2() != 0:
        return {}
    free: dict[int, int] = {}
    try:
        count = ctypes.c_uint()
        nvml.nvmlDeviceGetCount_v2(ctypes.byref(count))
        for index in range(count.value):
            handle, memory = ctypes.c_void_p(), Memory()
            if nvml.nvmlDeviceGetHandleByIndex_v2(index, ctypes.byref(handle)) == 0 and (
                nvml.nvmlDeviceGetMemoryInfo(handle, ctypes.byref(memory)) == 0
            ):
                free[index] = int(memory.free)
    finally:
        nvml.nvmlShutdown()
    return free


def needed_bytes(model_bytes: int) -> int:
    """GPU memory a model needs in float16: its weights, plus room for activations, beams and cuDNN."""
    return int(model_bytes * 1.5) + GIB // 2


def check(model_bytes: int | None = None, load_libraries: bool = True) -> GpuReport:
    """Every check in order; the first problem found is the reason the CPU is used."""
    report = GpuReport()
    cuda = _cuda_driver()
    if cuda is None:
        report.problems.append("no NVIDIA driver (libcuda.so.1 not found)")
        return report
    report.driver_cuda, report.gpus, error = _driver_gpus(cuda)
    if error:
        report.problems.append(error)
        return report
    if not report.gpus:
        report.problems.append("the NVIDIA driver sees no GPU")
        return report
    if (report.driver_cuda or 0) < MIN_DRIVER_CUDA:
        have = report.driver_cuda or 0
        report.problems.append(f"the NVIDIA driver supports CUDA {have // 1000}.{have % 1000 // 10}; 12.0 is needed")
    gpu = report.gpus[0]
    if gpu.capability < MIN_CAPABILITY:
        report.problems.append(
            f"{gpu.name} has compute capability {gpu.capability[0]}.{gpu.capability[1]}; "
            f"CTranslate2 needs {MIN_CAPABILITY[0]}.{MIN_CAPABILITY[1]} or newer"
        )
    if model_bytes is not None:
        available = gpu.free_bytes if gpu.free_bytes is not None else gpu.total_bytes
        if available < needed_bytes(model_bytes):
            report.problems.append(
                f"too little GPU memory for this model: {available / GIB:.1f} GiB free, "
                f"about {needed_bytes(model_bytes) / GIB:.1f} GiB needed"
            )
    if load_libraries:
        report.libraries = preload()
        if not report.libraries.ok:
            report.problems.append(report.libraries.reason())
    _ctranslate2_view(report)
    return report


def _ctranslate2_view(report: GpuReport) -> None:
    try:
        import ctranslate2

        report.ctranslate2_devices = int(ctranslate2.get_cuda_device_count())
        if report.ctranslate2_devices:
            report.compute_types = tuple(sorted(ctranslate2.get_supported_compute_types("cuda")))
    except Exception as exc:  # a CTranslate2 built without CUDA, or a broken runtime
        report.problems.append(f"CTranslate2 cannot use CUDA ({type(exc).__name__}: {exc})")
        return
    if not report.ctranslate2_devices and not report.problems:
        report.problems.append("CTranslate2 sees no CUDA device (a CPU-only build of CTranslate2?)")
