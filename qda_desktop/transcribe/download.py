"""Downloading a faster-whisper model from the Hugging Face hub — only when the user asks.

The file list and checksums come from the hub's API (huggingface_hub); each file is fetched with
HTTP range requests into ``<name>.part`` so that an interrupted download resumes where it stopped,
even in a later session; model weights are checked against the hub's SHA-256 before they are kept.
HF_ENDPOINT points the app at a mirror (or at a test server).
"""

from __future__ import annotations

import http.client
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from qda_desktop.errors import QdaError
from qda_desktop.transcribe.catalogue import find
from qda_desktop.transcribe.models import file_sha256, models_dir

WANTED_FILES = (
    "config.json",
    "model.bin",
    "tokenizer.json",
    "vocabulary.txt",
    "vocabulary.json",
    "preprocessor_config.json",
)
CHUNK = 1 << 20
TIMEOUT_S = 30

Progress = Callable[[int, int], None]  # bytes done, bytes in all


class DownloadFailed(QdaError):
    pass


def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def download_model(
    name: str, progress: Progress | None = None, cancel: threading.Event | None = None, target: Path | None = None
) -> Path:
    """Fetch model ``name`` (e.g. "small.en") into the model folder; returns its path."""
    from huggingface_hub import HfApi, hf_hub_url

    model = find(name)
    repo = model.repo if model else name
    target = target or models_dir() / f"faster-whisper-{name}"
    try:
        info = HfApi(endpoint=endpoint()).model_info(repo, files_metadata=True)
    except Exception as exc:
        raise DownloadFailed(f"{name}: the model list could not be fetched ({type(exc).__name__})") from None
    files = [s for s in info.siblings or [] if s.rfilename in WANTED_FILES]
    if not any(s.rfilename == "model.bin" for s in files):
        raise DownloadFailed(f"{name}: '{repo}' is not a faster-whisper model (no model.bin)")
    total = sum(int(s.size or 0) for s in files)
    target.mkdir(parents=True, exist_ok=True)
    done_before = 0
    for sibling in files:
        final = target / sibling.rfilename
        size = int(sibling.size or 0)
        expected_sha = sibling.lfs.sha256 if sibling.lfs else None
        if (
            final.exists()
            and final.stat().st_size == size
            and (expected_sha is None or file_sha256(final) == expected_sha)
        ):
            done_before += size
            continue
        url = hf_hub_url(repo, sibling.rfilename, revision=info.sha, endpoint=endpoint())

        def report(n: int, base: int = done_before) -> None:
            if progress is not None:
                progress(base + n, total)

        _fetch(url, target / f"{sibling.rfilename}.part", size, report, cancel, sibling.rfilename)
        part = target / f"{sibling.rfilename}.part"
        if expected_sha is not None and file_sha256(part) != expected_sha:
            part.unlink()
            raise DownloadFailed(f"{name}: {sibling.rfilename} failed its checksum and was deleted; try again")
        os.replace(part, final)
        done_before += size
    (target / "SHA256SUMS").write_text(
        "".join(f"{file_sha256(target / s.rfilename)}  {s.rfilename}\n" for s in files), encoding="utf-8"
    )
    return target


def _fetch(
    url: str, part: Path, size: int, report: Callable[[int], None], cancel: threading.Event | None, shown: str
) -> None:
    have = part.stat().st_size if part.exists() else 0
    if size and have >= size:
        return
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response, open(part, "ab") as out:
            if have and response.status == 200:  # the server ignored the range: start again
                out.truncate(0)
                have = 0
            while chunk := response.read(CHUNK):
                if cancel is not None and cancel.is_set():
                    raise DownloadFailed(f"{shown}: download cancelled (it resumes next time)")
                out.write(chunk)
                have += len(chunk)
                report(have)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        raise DownloadFailed(f"{shown}: download interrupted ({_reason(exc)}); try again to resume") from None
    if size and have != size:
        raise DownloadFailed(f"{shown}: download interrupted ({have} of {size} bytes); try again to resume")


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "reason", "") or exc).splitlines()[0][:120] or type(exc).__name__
