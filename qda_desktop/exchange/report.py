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
    problems: list[str] = field(default_factory=list)  # what could not be read or written
    left_out: list[str] = field(default_factory=list)  # parts of files that were read but have no place here

    def add(self, noun: str, count: int = 1) -> None:
        self.counts[noun] = self.counts.get(noun, 0) + count

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def summary(self) -> str:
        parts = [plural(n, noun) for noun, n in self.counts.items() if n] or ["nothing"]
        text = f"{self.source}: {self.verb} " + ", ".join(parts)
        problems = [*self.problems, *self.left_out]
        if problems:
            shown = "; ".join(problems[:5])
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            text += f"; {plural(len(problems), 'problem')}: {shown}{more}"
        return text
