"""The child process that runs faster-whisper. A crash or out-of-memory here cannot take the app down,
and cancelling is immediate (the process is terminated).

Protocol on the pipe: the parent sends the settings (a dict) and the audio (float32 bytes); the child
answers with ("device", device, compute_type, note), ("info", duration, language), ("segment", dict) for each
segment as it is produced, then ("done",) or ("error", message). Before the segments of each 30 s window of
the sequential model comes ("window", state): where that window starts and the model's context (prompt
tokens) there. A job resumed from that state decodes exactly as the uninterrupted run would have.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection
from types import SimpleNamespace
from typing import Any

from qda_desktop.transcribe.offline import go_offline

SENTENCE_END = (".", "?", "!")
UTTERANCE_GAP_S = 0.6
UTTERANCE_MAX_S = 15.0
FIRST_WORD_MAX_S = 0.6  # a longer first word has taken in the pause before it: its start is moved up
PROMPT_TOKENS = 223  # faster-whisper keeps this many previous tokens as the prompt
PROMPT_RESET_TEMPERATURE = 0.5  # faster-whisper's prompt_reset_on_temperature default


def utterances(segments: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Split segments into utterances at pauses and sentence ends (word timestamps), so that a change
    of speaker starts a new segment; segments without words pass through unchanged."""
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
    timed = [(w.word, float(w.start), float(w.end)) for w in words]
    text, start, end = timed[0]
    timed[0] = (text, max(start, end - FIRST_WORD_MAX_S), end)
    return {"start": timed[0][1], "end": timed[-1][2], "text": "".join(w.word for w in words), "words": timed}


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


def _transcribe(model: Any, audio: Any, settings: dict[str, Any]) -> tuple[Iterator[tuple[Any, ...]], Any]:
    options = dict(settings["options"])
    batched = options.pop("batched", False)
    batch_size = options.pop("batch_size", 8)
    if batched:
        from faster_whisper import BatchedInferencePipeline

        pipeline = BatchedInferencePipeline(model=model)
        segments, info = pipeline.transcribe(audio, batch_size=batch_size, **options)
        return (("segment", u) for u in utterances(segments)), info
    return _sequential(model, audio, options, settings.get("resume"))


def _sequential(
    model: Any, audio: Any, options: dict[str, Any], resume: dict[str, Any] | None
) -> tuple[Iterator[tuple[Any, ...]], Any]:
    """faster-whisper's own VAD and decoding, done in steps so that a resumed job can start at a window
    of the first run with that window's context: the same features, windows and prompt, the same text."""
    import numpy as np
    from faster_whisper.transcribe import restore_speech_timestamps
    from faster_whisper.vad import SpeechTimestampsMap, VadOptions, collect_chunks, get_speech_timestamps

    chunks: list[dict[str, Any]] | None = None
    if options.pop("vad_filter", False):
        chunks = get_speech_timestamps(audio, VadOptions())
        if not chunks:  # no speech at all
            return iter(()), SimpleNamespace(duration=len(audio) / 16000, language=options.get("language") or "")
        audio = np.concatenate(collect_chunks(audio, chunks)[0])
    prompt = options.pop("initial_prompt", None)
    start = 0.0
    if resume is not None:
        start, prompt = float(resume["seek_s"]), list(resume["prompt"])
    segments, info = model.transcribe(audio, clip_timestamps=[start], initial_prompt=prompt, **options)
    tokens = list(prompt) if isinstance(prompt, list) else []
    if isinstance(prompt, str):
        tokens = model.hf_tokenizer.encode(" " + prompt.strip(), add_special_tokens=False).ids
    original = SpeechTimestampsMap(chunks, 16000).get_original_time if chunks else (lambda t: t)
    restored = restore_speech_timestamps(segments, chunks, 16000) if chunks else segments
    keep_context = bool(options.get("condition_on_previous_text", True))

    def messages() -> Iterator[tuple[Any, ...]]:
        context, window, reset = tokens[-PROMPT_TOKENS:], -1, False
        for segment in restored:
            if segment.seek != window:
                context = [] if reset or not keep_context else context
                window, reset = segment.seek, False
                seek_s = window / 100  # frames of 10 ms
                state = {"seek_s": seek_s, "window_s": float(original(seek_s)), "prompt": context}
                yield ("window", state)
            context = (context + list(segment.tokens))[-PROMPT_TOKENS:]
            reset = reset or segment.temperature > PROMPT_RESET_TEMPERATURE
            for part in utterances([segment]):
                yield ("segment", part)

    return messages(), info


def worker_main(conn: Connection) -> None:
    go_offline(worker=True)  # before faster-whisper (and its onnxruntime VAD) is imported
    import signal
    import threading

    # Ctrl+C reaches the whole process group: the parent cancels the job (and stops this process) itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

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
            conn.send(first)
            for message in segments:
                conn.send(message)
        conn.send(("done",))
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass  # the app went away (closed or killed): nobody is left to tell, so stop quietly
    except Exception as exc:
        with contextlib.suppress(OSError):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
