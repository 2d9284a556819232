"""The child process that runs faster-whisper. A crash or out-of-memory here cannot take the app down,
and cancelling is immediate (the process is terminated).

Protocol on the pipe: the parent sends the settings (a dict), then one window of the recording: a header
("audio", start_s, last) and its samples (float32 bytes). The child answers ("device", device, compute_type,
note) once, ("segment", dict) for each segment as it is produced (in the recording's seconds) and, when a
window that is not the last is done, ("cut", seconds): where it ended (in a pause), which is where the parent's
next window starts. After the last window comes ("done",); ("error", message) on failure. Before the segments
of each 30 s window of the sequential model comes ("window", state): the audio window it belongs to, where it
starts and the model's context (prompt tokens) there. A job resumed from that state decodes exactly as the
uninterrupted run would have.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from qda_desktop.transcribe.offline import go_offline

SAMPLE_RATE = 16_000

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


class Decoder:
    """Decodes one window of the recording after another, with the model's context carried from each window
    into the next as one uninterrupted run would carry it; times come back in the recording's seconds."""

    def __init__(self, model: Any, settings: dict[str, Any]) -> None:
        self.model = model
        options = dict(settings["options"])
        self.batched = bool(options.pop("batched", False))
        self.batch_size = int(options.pop("batch_size", 8))
        self.options = options
        self.resume: dict[str, Any] | None = settings.get("resume")
        self.prompt: str | list[int] | None = options.get("initial_prompt")
        self.reset = False  # the context was dropped (a fallback temperature) at the end of the last window
        self.started = False  # a window was decoded: the user's initial prompt has had its turn

    def window(self, audio: Any, start_s: float, last: bool) -> tuple[Iterator[tuple[Any, ...]], float]:
        """The messages for one window, and where (s) it was cut: the next window starts there."""
        from qda_desktop.transcribe.windows import cut_point

        if not last:
            audio = audio[: cut_point(audio)]
        end_s = (round(start_s * SAMPLE_RATE) + len(audio)) / SAMPLE_RATE  # exact: the next window starts here
        if len(audio) < SAMPLE_RATE // 10:  # a sliver at the end: nothing to hear
            return iter(()), end_s
        if self.batched:
            from faster_whisper import BatchedInferencePipeline

            pipeline = BatchedInferencePipeline(model=self.model)
            segments, _ = pipeline.transcribe(audio, batch_size=self.batch_size, **self.options)
            parts = (("segment", _shifted(u, start_s, end_s)) for u in utterances(segments))
            return parts, end_s
        return self._sequential(audio, start_s, end_s), end_s

    def _sequential(self, audio: Any, start_s: float, end_s: float) -> Iterator[tuple[Any, ...]]:
        """faster-whisper's own VAD and decoding, done in steps so that a resumed job can start at a window
        of the first run with that window's context: the same features, windows and prompt, the same text."""
        import numpy as np
        from faster_whisper.transcribe import restore_speech_timestamps
        from faster_whisper.vad import SpeechTimestampsMap, VadOptions, collect_chunks, get_speech_timestamps

        options = dict(self.options)
        options.pop("initial_prompt", None)
        chunks: list[dict[str, Any]] | None = None
        if options.pop("vad_filter", False):
            chunks = get_speech_timestamps(audio, VadOptions())
            if not chunks:  # no speech in this window
                return
            audio = np.concatenate(collect_chunks(audio, chunks)[0])
        keep_context = bool(options.get("condition_on_previous_text", True))
        seek, prompt = 0.0, self.prompt if not self.started else [] if self.reset or not keep_context else self.prompt
        self.started = True
        if self.resume is not None:
            seek, prompt, self.resume = float(self.resume["seek_s"]), list(self.resume["prompt"]), None
        segments, _ = self.model.transcribe(audio, clip_timestamps=[seek], initial_prompt=prompt, **options)
        tokens = list(prompt) if isinstance(prompt, list) else []
        if isinstance(prompt, str):
            tokens = self.model.hf_tokenizer.encode(" " + prompt.strip(), add_special_tokens=False).ids
        original = SpeechTimestampsMap(chunks, SAMPLE_RATE).get_original_time if chunks else (lambda t: t)
        restored = restore_speech_timestamps(segments, chunks, SAMPLE_RATE) if chunks else segments
        context, window, self.reset = tokens[-PROMPT_TOKENS:], -1, False
        for segment in restored:
            if segment.seek != window:
                context = [] if self.reset or not keep_context else context
                window, self.reset = segment.seek, False
                seek_s = window / 100  # frames of 10 ms
                state = {"seek_s": seek_s, "window_s": start_s + float(original(seek_s)), "prompt": context}
                yield ("window", {**state, "audio_s": start_s})
            context = (context + list(segment.tokens))[-PROMPT_TOKENS:]
            self.prompt = context
            self.reset = self.reset or segment.temperature > PROMPT_RESET_TEMPERATURE
            for part in utterances([segment]):
                yield ("segment", _shifted(part, start_s, end_s))


def _shifted(part: dict[str, Any], start_s: float, end_s: float) -> dict[str, Any]:
    """An utterance in the recording's seconds, never past the end of its window."""

    def at(t: float) -> float:
        return min(end_s, start_s + t)

    words = [(w, at(s), at(e)) for w, s, e in part["words"]]
    return {**part, "start": at(part["start"]), "end": at(part["end"]), "words": words}


def _receive(conn: Connection) -> tuple[Any, float, bool]:
    """The next window: its samples, where it starts (s), whether it is the last."""
    import numpy as np

    _, start_s, last = conn.recv()
    return np.frombuffer(conn.recv_bytes(), dtype=np.float32), float(start_s), bool(last)


def worker_main(conn: Connection) -> None:
    go_offline(worker=True)  # before faster-whisper (and its onnxruntime VAD) is imported
    import signal
    import threading

    # Ctrl+C reaches the whole process group: the parent cancels the job (and stops this process) itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    import tqdm

    # tqdm would otherwise create a process-shared lock that outlives this process.
    tqdm.tqdm.set_lock(threading.RLock())

    try:
        settings: dict[str, Any] = conn.recv()
        device, compute_type = settings["device"], settings["compute_type"]
        model, load_error = None, None
        try:  # while the app decodes the first window
            if device == "cuda":
                _cuda_libraries()
            model = _load(settings, device, compute_type)
        except Exception as exc:
            if device == "cpu":
                raise
            load_error = exc
        audio, start_s, last = _receive(conn)
        try:
            if load_error is not None:
                raise load_error
            decoder = Decoder(model, settings)
            messages, cut_s = decoder.window(audio, start_s, last)
            first = next(messages, None)
        except Exception as exc:  # the GPU path can fail to load (cuBLAS/cuDNN): say why, use the CPU
            if device == "cpu":
                raise
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            device, compute_type = "cpu", "int8"
            conn.send(("device", device, compute_type, f"GPU failed ({reason}); using the CPU"))
            decoder = Decoder(_load(settings, device, compute_type), settings)
            messages, cut_s = decoder.window(audio, start_s, last)
            first = next(messages, None)
        else:
            conn.send(("device", device, compute_type, ""))
        while True:
            if first is not None:
                conn.send(first)
            for message in messages:
                conn.send(message)
            if last:
                break
            del audio  # one window at a time: this one is done before the next is asked for
            conn.send(("cut", cut_s))
            audio, start_s, last = _receive(conn)
            messages, cut_s = decoder.window(audio, start_s, last)
            first = None
        conn.send(("done",))
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass  # the app went away (closed or killed): nobody is left to tell, so stop quietly
    except Exception as exc:
        with contextlib.suppress(OSError):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
