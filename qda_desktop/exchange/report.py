"""What an import or export did, in words a researcher reads after the job ends."""

from __future__ import annotations

from dataclasses import dataclass, field

from qda_desktop.core.wording import plural

__all__ = ["ExchangeReport", "plural"]


@dataclass
class ExchangeReport:
    """Counts of what was brought in or written, and what could not be (each problem names its item)."""

    source: str
    verb: str = "imported"
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, noun: str, count: int = 1) -> None:
        self.counts[noun] = self.counts.get(noun, 0) + count

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def summary(self) -> str:
        parts = [plural(n, noun) for noun, n in self.counts.items() if n] or ["nothing"]
        text = f"{self.source}: {self.verb} " + ", ".join(parts)
        if self.problems:
            shown = "; ".join(self.problems[:5])
            more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
            text += f"; {plural(len(self.problems), 'problem')}: {shown}{more}"
        return text
