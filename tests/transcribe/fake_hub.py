"""A stand-in for the Hugging Face hub on 127.0.0.1: the model-info API and file downloads with ranges.

Only what huggingface_hub asks for when it downloads a model's files. Files can be served truncated
(the connection drops part-way) or corrupted, to test resuming and checksum verification.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from dataclasses import dataclass, field
from typing import Any

COMMIT = "0123456789abcdef0123456789abcdef01234567"
LFS_FILES = ("model.bin",)


@dataclass
class FakeHub:
    repo: str
    files: dict[str, bytes]
    drop_after: dict[str, list[int]] = field(default_factory=dict)  # file -> bytes sent per dropped attempt
    corrupt: set[str] = field(default_factory=set)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def do_GET(self) -> None:
                hub._handle(self, body=True)

            def do_HEAD(self) -> None:
                hub._handle(self, body=False)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _info(self) -> bytes:
        siblings = []
        for name, data in self.files.items():
            entry: dict[str, Any] = {"rfilename": name, "size": len(data)}
            if name in LFS_FILES:
                entry["lfs"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 130}
            siblings.append(entry)
        return json.dumps({"id": self.repo, "modelId": self.repo, "sha": COMMIT, "siblings": siblings}).encode()

    def _handle(self, request: http.server.BaseHTTPRequestHandler, body: bool) -> None:
        path = request.path.split("?")[0]
        self.requests.append((request.command, path, request.headers.get("Range")))
        if path in (f"/api/models/{self.repo}", f"/api/models/{self.repo}/revision/main"):
            payload = self._info()
            request.send_response(200)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            if body:
                request.wfile.write(payload)
            return
        prefix = f"/{self.repo}/resolve/"
        name = path[len(prefix) :].split("/", 1)[-1] if path.startswith(prefix) else ""
        if name not in self.files:
            request.send_response(404)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        data = self.files[name]
        etag = hashlib.sha256(data).hexdigest() if name in LFS_FILES else hashlib.sha1(data).hexdigest()
        served = bytes(b ^ 0xFF for b in data[:64]) + data[64:] if name in self.corrupt else data
        start = 0
        if request.headers.get("Range", "").startswith("bytes="):
            start = int(request.headers["Range"][6:].split("-")[0])
        chunk = served[start:]
        request.send_response(206 if start else 200)
        request.send_header("X-Repo-Commit", COMMIT)
        request.send_header("ETag", f'"{etag}"')
        if name in LFS_FILES:
            request.send_header("X-Linked-Etag", f'"{etag}"')
            request.send_header("X-Linked-Size", str(len(data)))
        request.send_header("Accept-Ranges", "bytes")
        request.send_header("Content-Length", str(len(chunk)))
        if start:
            request.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        request.end_headers()
        if not body:
            return
        drops = self.drop_after.get(name) if request.command == "GET" else None
        limit = drops.pop(0) if drops else None
        if limit is not None:
            request.wfile.write(chunk[:limit])
            request.wfile.flush()
            request.close_connection = True
            request.connection.shutdown(2)
            return
        request.wfile.write(chunk)
