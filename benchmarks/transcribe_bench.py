"""The app's transcription job against bare faster-whisper: same file, model and settings, same run.

Reports wall time and its ratio (app/bare; target ≤ 1.05×), speed (× real time), word error rate
against the corpus ground truth, and peak memory of the process running the model — for sequential
decoding and for the batched pipeline.

With ``--long``, the app alone on long recordings instead (see ``long_bench``): a 6-minute interview and a
2-hour one built in memory from the corpus, with the peak memory of the window-side process and of the
worker, which must stay bounded however long the recording is.

    .venv/bin/python -m benchmarks.transcribe_bench [--audio ../shared/corpus/audio/P01.wav] [--model DIR]
        [--device auto|cpu|cuda] [--compute-type float16 int8_float16 …] [--batch-size 8]
    .venv/bin/python -m benchmarks.transcribe_bench --long 6min 2h [--model DIR] [--device cpu]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import jiwer

from benchmarks.long_recordings import LONG, long_bench
from qda_desktop.core.commands.transcripts import ImportRecording
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.transcribe.device import DeviceChoice, choose
from qda_desktop.transcribe.job import Progress, TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.models import resolve
from qda_desktop.transcribe.recordings import probe

REPO = Path(__file__).resolve().parent.parent
DEFAULT_AUDIO = REPO.parent / "shared" / "corpus" / "audio" / "P01.wav"


def peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower()).split())


def _bare_child(
    conn: Connection, model: str, audio: str, options: dict[str, Any], batch: int, device: DeviceChoice
) -> None:
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    started = time.perf_counter()
    try:
        whisper = WhisperModel(
            model, device=device.device, compute_type=device.compute_type, cpu_threads=device.cpu_threads
        )
        if batch:
            segments, _ = BatchedInferencePipeline(model=whisper).transcribe(audio, batch_size=batch, **options)
        else:
            segments, _ = whisper.transcribe(audio, **options)
        text = " ".join(s.text for s in segments)
    except Exception as exc:  # tell the parent instead of leaving it waiting
        conn.send((0.0, f"error: {type(exc).__name__}: {exc}", 0.0))
        raise
    conn.send((time.perf_counter() - started, text, peak_rss_mb()))


def bare(model: Path, audio: Path, options: TranscribeOptions, device: DeviceChoice) -> tuple[float, str, float]:
    """faster-whisper alone, in a fresh process (as the app's worker is)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    batch = options.batch_size if options.batched else 0
    process = context.Process(
        target=_bare_child, args=(child, str(model), str(audio), options.whisper_kwargs(), batch, device)
    )
    started = time.perf_counter()  # timed from the parent, as the app's job is: spawn, imports, model, audio
    process.start()
    _, text, peak = parent.recv()
    wall = time.perf_counter() - started
    process.join()
    if text.startswith("error: "):
        raise SystemExit(f"bare faster-whisper failed: {text[7:]}")
    return wall, text, peak


def app(
    model: Path, audio: Path, options: TranscribeOptions, folder: Path, device: DeviceChoice
) -> tuple[float, str, float]:
    project = Project.create(folder / f"bench-{time.monotonic_ns()}.qdaproj", "benchmark")
    info = probe(audio)
    media_id = project.run(ImportRecording(audio.name, audio, info.mime, info.duration_s)).result
    document_id = start_transcript(project, media_id, "Bench", model, device, options)
    job = TranscriptionJob(project, document_id, model, device, options)
    peak = [0.0]

    def watch(_progress: Progress) -> None:
        if job._process is not None:
            peak[0] = max(peak[0], peak_rss_mb(job._process.pid))

    started = time.perf_counter()
    status = job.run(watch)
    wall = time.perf_counter() - started
    assert status == "done", job.error
    assert job.used_device == device.device, f"the job ran on {job.used_device}: {job.note}"
    with project.read() as session:
        text = next(d["text"] for d in project_dump(session)["documents"] if d["id"] == document_id)
    project.close()
    return wall, text, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio", type=Path, default=DEFAULT_AUDIO)
    parser.add_argument("--model", default=None)
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--compute-type", nargs="+", default=None, help="one row per type (default: the app's)")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--long", nargs="+", choices=sorted(LONG), help="long-recording rows instead")
    args = parser.parse_args()
    model = resolve(args.model)
    if args.long:
        long_bench(model, choose(args.device), args.long)
        return
    audio: Path = args.audio
    duration = probe(audio).duration_s
    truth_file = audio.with_suffix(".segments.json")
    truth = (
        normalise(" ".join(s["text"] for s in json.loads(truth_file.read_text())["segments"]))
        if truth_file.exists()
        else None
    )
    chosen = choose(args.device)
    print(f"\n{audio.name} ({duration:.0f} s), model {model.name}, {chosen.note}")
    print(
        f"\n| {'compute':<12} | {'pipeline':<10} | {'run':<4} | {'wall':>7} | {'× real time':>11} | {'WER':>6} |"
        f" {'peak RSS':>9} |"
    )
    print(f"|{'-' * 14}|{'-' * 12}|{'-' * 6}|{'-' * 9}|{'-' * 13}|{'-' * 8}|{'-' * 11}|")
    with tempfile.TemporaryDirectory(prefix="qda-transcribe-bench-") as folder:
        for compute_type in args.compute_type or [chosen.compute_type]:
            device = DeviceChoice(chosen.device, compute_type, chosen.cpu_threads, chosen.note)
            for batched in (False, True):
                options = TranscribeOptions(language="en", beam_size=5, batched=batched, batch_size=args.batch_size)
                results = {
                    "bare": bare(model, audio, options, device),
                    "app": app(model, audio, options, Path(folder), device),
                }
                label = f"batched {args.batch_size}" if batched else "sequential"
                for name, (wall, text, peak) in results.items():
                    wer = f"{jiwer.wer(truth, normalise(text)):.1%}" if truth else "n/a"
                    print(
                        f"| {compute_type:<12} | {label:<10} | {name:<4} | {wall:>5.1f} s | {duration / wall:>10.1f}× |"
                        f" {wer:>6} | {peak:>6.0f} MB |"
                    )
                ratio = results["app"][0] / results["bare"][0]
                print(f"| {'':<12} | {label:<10} | app/bare {ratio:.2f}× (target ≤ 1.05×) |")


if __name__ == "__main__":
    main()
