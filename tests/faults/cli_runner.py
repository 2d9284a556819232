"""Run ``qda`` in this process (quicker than a subprocess for long loops) and capture what it prints."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qda_desktop import cli
from tests.conftest import CORPUS


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def one_clear_line(self) -> bool:
        lines = self.err.strip().splitlines()
        return (
            self.code != 0 and len(lines) == 1 and lines[0].startswith("qda: error: ") and "Traceback" not in self.err
        )


@contextlib.contextmanager
def passphrases(current: str, new: str | None = None) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("QDA_PASSPHRASE", "QDA_NEW_PASSPHRASE")}
    os.environ["QDA_PASSPHRASE"] = current
    if new is not None:
        os.environ["QDA_NEW_PASSPHRASE"] = new
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def qda(*args: str, passphrase: str, new: str | None = None) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    with passphrases(passphrase, new), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return Outcome(code, out.getvalue(), err.getvalue())


def build_study(path: Path, passphrase: str) -> str:
    """A project with two interviews, codes and codings; returns its ``show --json`` dump."""
    interviews = CORPUS / "interviews"
    steps = [
        ("new", str(path)),
        ("import", str(path), str(interviews / "P01.txt"), str(interviews / "P03.txt")),
        ("codes", "add", str(path), "Partnership"),
        ("codes", "add", str(path), "Reciprocity", "--parent", "Partnership"),
        ("code", str(path), "P03", "0", "40", "Reciprocity"),
        ("code", str(path), "P01", "10", "90", "Partnership"),
    ]
    for step in steps:
        done = qda(*step, passphrase=passphrase)
        assert done.code == 0, done.err
    return qda("show", str(path), "--json", passphrase=passphrase).out
