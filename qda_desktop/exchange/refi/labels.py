"""Fields that REFI-QDA has no attribute for travel in a Description as labelled paragraphs.

A code's description is its definition, then "Use when: …", "Do not use when: …", "Example: …";
a theme's is its definition, then its organising concept, scope, status, review and colour.
Another tool shows these paragraphs as they are; our importer reads them back into fields.
"""

from __future__ import annotations

from collections.abc import Mapping

Labels = tuple[tuple[str, str], ...]

CODE_LABELS: Labels = (("inclusion", "Use when:"), ("exclusion", "Do not use when:"), ("example", "Example:"))
THEME_LABELS: Labels = (
    ("concept", "Central organising concept:"),
    ("scope", "Scope:"),
    ("status", "Status:"),
    ("review_verdict", "Review:"),
    ("review_notes", "Why:"),
    ("color", "Colour:"),
)


def join_labelled(lead: str, values: Mapping[str, str], labels: Labels) -> str:
    """``lead`` (unlabelled), then one labelled paragraph per non-empty value, blank lines between."""
    parts = [lead.strip()] if lead.strip() else []
    parts += [f"{label} {values[key].strip()}" for key, label in labels if values.get(key, "").strip()]
    return "\n\n".join(parts)


def split_labelled(text: str, labels: Labels) -> dict[str, str]:
    """The inverse of ``join_labelled``: ``""`` holds the unlabelled lead; a labelled paragraph runs
    until the next label, so a value may itself hold blank lines."""
    fields: dict[str, list[str]] = {"": [], **{key: [] for key, _ in labels}}
    current = ""
    for paragraph in text.strip().split("\n\n"):
        for key, label in labels:
            if paragraph.startswith(label + " "):
                current, paragraph = key, paragraph[len(label) + 1 :]
                break
        fields[current].append(paragraph)
    return {key: "\n\n".join(parts).strip() for key, parts in fields.items()}
