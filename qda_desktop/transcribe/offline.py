"""Keep the libraries we load off the network: no telemetry, no hub look-ups.

The only network call QDA Desktop makes is a model download the user asked for;
the app and the CLI therefore switch off telemetry only, and the transcription
worker (which never downloads) also puts the Hugging Face libraries offline.
"""

from __future__ import annotations

import os
import sys

# Read by the libraries when they start, so set before they are imported.
# onnxruntime (faster-whisper's VAD runs on it) otherwise starts Microsoft's 1DS
# telemetry: DNS look-ups of its collector, a device id under ~/.cache/Microsoft/
# and a session file in the temp folder.
NO_TELEMETRY = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}
# For processes that must never reach a hub (the worker loads models from folders).
HUB_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
}


def go_offline(*, worker: bool = False) -> None:
    """Switch off telemetry in this process and its children; ``worker`` also forbids hub look-ups."""
    os.environ.update(NO_TELEMETRY)
    if worker:
        os.environ.update(HUB_OFFLINE)
        # imported here so that the switch is in place before any session exists
        import onnxruntime  # type: ignore[import-untyped]

        onnxruntime.disable_telemetry_events()
    elif "onnxruntime" in sys.modules:
        sys.modules["onnxruntime"].disable_telemetry_events()
