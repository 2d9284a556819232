"""The CUDA library finder, on real shared libraries laid out as the nvidia-* wheels lay them out.

The libraries are built here with the C compiler under made-up names, so the test means the same on a machine
with or without a GPU: a library in `site-packages/nvidia/<pkg>/lib` cannot be opened by name until it is preloaded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from qda_desktop.transcribe.cuda_libs import LibraryReport, preload, wheel_library_dirs
from qda_desktop.transcribe.gpu import GpuReport, check, needed_bytes
from tests.transcribe.conftest import model_path

LT, MAIN = "libqdatestLt.so.12", "libqdatest.so.12"


def _build(folder: Path) -> Path:
    """site/nvidia/qdatest/lib with LT and MAIN, where MAIN needs LT (as libcublas needs libcublasLt)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler, "a C compiler is needed to build the test libraries (Debian: gcc)"
    lib = folder / "site" / "nvidia" / "qdatest" / "lib"
    lib.mkdir(parents=True)
    (folder / "lt.c").write_text("int qda_lt(void) { return 41; }\n")
    (folder / "main.c").write_text("int qda_lt(void);\nint qda_answer(void) { return qda_lt() + 1; }\n")
    run = [compiler, "-shared", "-fPIC"]
    subprocess.run([*run, f"-Wl,-soname,{LT}", "-o", str(lib / LT), str(folder / "lt.c")], check=True)
    subprocess.run(
        [*run, f"-Wl,-soname,{MAIN}", "-o", str(lib / MAIN), str(folder / "main.c"), str(lib / LT)], check=True
    )
    return folder / "site"


def _in_child(site: Path, with_preload: bool) -> subprocess.CompletedProcess[str]:
    """A fresh process, so that nothing loaded by another test helps."""
    code = (
        "import ctypes, sys\n"
        "from qda_desktop.transcribe.cuda_libs import preload\n"
        f"report = preload(({LT!r}, {MAIN!r}), ({LT!r}, {MAIN!r}), [{str(site)!r}]) if {with_preload} else None\n"
        "if report is not None and not report.ok: sys.exit('preload: ' + report.reason())\n"
        f"print(ctypes.CDLL({MAIN!r}).qda_answer())\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_wheel_libraries_load_by_name_after_preload(tmp_path: Path) -> None:
    site = _build(tmp_path)
    assert wheel_library_dirs([str(site)]) == [site / "nvidia" / "qdatest" / "lib"]
    without = _in_child(site, with_preload=False)
    assert without.returncode != 0 and MAIN in without.stderr  # the loader alone does not look there
    loaded = _in_child(site, with_preload=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "42"


def test_dependency_order_is_found_by_retrying(tmp_path: Path) -> None:
    site = _build(tmp_path)
    code = (
        "from qda_desktop.transcribe.cuda_libs import preload\n"
        f"r = preload(({MAIN!r}, {LT!r}), ({MAIN!r}, {LT!r}), [{str(site)!r}])\n"
        "print(r.ok, sorted(r.loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"True {sorted([LT, MAIN])}", result.stderr


def test_missing_libraries_are_named_with_the_way_to_get_them(tmp_path: Path) -> None:
    report = preload(("libqda-absent.so.12",), ("libqda-absent.so.12",), [str(tmp_path)])
    assert not report.ok
    assert "libqda-absent.so.12" in report.reason()
    assert "not on the loader's path nor in an nvidia-* wheel" in report.reason()
    assert LibraryReport(("a",), {"a": "system"}).reason() == ""


def test_gpu_report_says_why_the_cpu_is_used() -> None:
    report = check(model_bytes=75_000_000, load_libraries=False)
    if report.usable:
        assert report.summary().startswith("transcription can use the GPU")
    else:
        assert report.problems, "an unusable GPU always has a reason"
        assert report.summary() == f"transcription runs on the CPU: {report.problems[0]}"
    assert GpuReport(problems=["no NVIDIA driver (libcuda.so.1 not found)"]).summary().endswith("not found)")
    assert needed_bytes(3_000_000_000) > 3_000_000_000


def test_doctor_command_reports_model_and_device(tmp_path: Path) -> None:
    model = model_path()
    result = subprocess.run(
        [sys.executable, "-m", "qda_desktop.cli", "doctor", "--model", str(model)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("model ") and model.name in line for line in lines)
    gpu = next(line for line in lines if line.startswith("GPU "))
    assert "can use the GPU" in gpu or "runs on the CPU: " in gpu
    assert any(line.startswith("transcription ") for line in lines)
