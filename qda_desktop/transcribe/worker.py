"""The child process that runs faster-whisper. A crash or out-of-memory here cannot take the app down,
and cancelling is immediate (the process is terminated).

Protocol on the pipe: the parent sends the settings (a dict) and the audio (float32 bytes); the child
answers with ("device", device, compute_type, note), ("info", duration, language), ("segment", dict) for each
segment as it is produced, then ("done",) or ("error", message).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from qda_desktop.transcribe.offline import go_offline

SENTENCE_END = (".", "?", "!")
UTTERANCE_GAP_S = 0.6
UTTERANCE_MAX_S = 15.0


def utterances(segments: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Split long (batched, ~30 s) segments into utterances at pauses and sentence ends."""
    for segment in segments:
        words = list(segment.words or [])
        if not words:
            yield {"start": segment.start, "end": segment.end, "text": segment.text, "words": []}
            continue
        current: list[Any] = []
        for word in words:
            if current:
                gap = word.start - current[-1].end
                long_enough = current[-1].end - current[0].start
                ends_sentence = current[-1].word.strip().endswith(SENTENCE_END) and long_enough > 1.0
                if gap > UTTERANCE_GAP_S or ends_sentence or long_enough > UTTERANCE_MAX_S:
                    yield _segment_of(current)
                    current = []
            current.append(word)
        if current:
            yield _segment_of(current)


def _segment_of(words: list[Any]) -> dict[str, Any]:
    return {
        "start": float(words[0].start),
        "end": float(words[-1].end),
        "text": "".join(w.word for w in words),
        "words": [(w.word, float(w.start), float(w.end)) for w in words],
    }


def _as_dict(segment: Any) -> dict[str, Any]:
    return {
        "start": float(segment.start),
        "end": float(segment.end),
        "text": segment.text,
        "words": [(w.word, float(w.start), float(w.end)) for w in (segment.words or [])],
    }


def _load(settings: dict[str, Any], device: str, compute_type: str) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(
        settings["model_path"], device=device, compute_type=compute_type, cpu_threads=settings["cpu_threads"]
    )


def _cuda_libraries() -> None:
    """cuBLAS and cuDNN from the nvidia-* wheels, loaded before CTranslate2 looks for them by name."""
    from qda_desktop.transcribe.cuda_libs import preload

    report = preload()
    if not report.ok:
        raise RuntimeError(report.reason())


def _transcribe(model: Any, audio: Any, settings: dict[str, Any]) -> tuple[Iterator[dict[str, Any]], Any]:
    options = dict(settings["options"])
    batched = options.pop("batched", False)
    batch_size = options.pop("batch_size", 8)
    if batched:
        from faster_whisper import BatchedInferencePipeline

        pipeline = BatchedInferencePipeline(model=model)
        segments, info = pipeline.transcribe(audio, batch_size=batch_size, **options)
        return utterances(segments), info
    segments, info = model.transcribe(audio, **options)
    return (_as_dict(s) for s in segments), info


def worker_main(conn: Connection) -> None:
    go_offline(worker=True)  # before faster-whisper (and its onnxruntime VAD) is imported
    import threading

    import numpy as np
    import tqdm

    # tqdm would otherwise create a process-shared lock that outlives this process.
    tqdm.tqdm.set_lock(threading.RLock())

    try:
        settings: dict[str, Any] = conn.recv()
        audio = np.frombuffer(conn.recv_bytes(), dtype=np.float32)
        device, compute_type = settings["device"], settings["compute_type"]
        try:
            if device == "cuda":
                _cuda_libraries()
            model = _load(settings, device, compute_type)
            segments, info = _transcribe(model, audio, settings)
            first = next(segments, None)
        except Exception as exc:  # the GPU path can fail to load (cuBLAS/cuDNN): say why, use the CPU
            if device == "cpu":
                raise
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            device, compute_type = "cpu", "int8"
            conn.send(("device", device, compute_type, f"GPU failed ({reason}); using the CPU"))
            model = _load(settings, device, compute_type)
            segments, info = _transcribe(model, audio, settings)
            first = next(segments, None)
        else:
            conn.send(("device", device, compute_type, ""))
        conn.send(("info", float(info.duration), info.language))
        if first is not None:
            conn.send(("segment", first))
            for segment in segments:
                conn.send(("segment", segment))
        conn.send(("done",))
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
