"""What every fault loop reports, and how many trials it runs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class FaultResult:
    name: str
    trials: int = 0
    failures: int = 0  # a trial whose outcome broke the promise (overlap, bad file, traceback…)
    lost: int = 0  # actions reported done that were missing afterwards
    actions: int = 0  # actions reported done, in all trials
    notes: list[str] = field(default_factory=list)

    def fail(self, note: str) -> None:
        self.failures += 1
        if len(self.notes) < 10:
            self.notes.append(note)


def trial_count(requested: int | None, ci_default: int) -> int:
    """``--trials`` wins, then QDA_FAULT_TRIALS, then the small CI default."""
    if requested is not None:
        return requested
    env = os.environ.get("QDA_FAULT_TRIALS")
    return int(env) if env else ci_default
