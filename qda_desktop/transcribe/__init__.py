"""Local transcription with faster-whisper: recordings, models, devices, the worker process. No Qt."""
