"""What an exchange file holds, read into plain values before anything touches the project."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from qda_desktop.exchange.refi.offsets import Selection, TextOffsets


@dataclass
class CodeSpec:
    guid: str | None
    name: str
    parent: str | None  # the parent's key (see ``key``)
    key: str  # the GUID, or a stand-in when the file gave none
    color: str
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""


@dataclass
class CodedSelection:
    selection: Selection
    guid: str | None
    codings: list[tuple[str | None, str]] = field(default_factory=list)  # (coding GUID, code key)
    comment: str = ""  # the selection's Description (an annotation)


@dataclass
class MediaSpec:
    guid: str | None
    name: str
    kind: str  # "audio" or "video"
    entry: zipfile.ZipInfo | None  # None: the recording is not inside the archive


@dataclass
class SyncPoint:
    guid: str | None
    time_ms: int | None
    position: int | None
    placed: int | None = None


@dataclass
class SourceSpec:
    """A text document to create: a text source, a PDF's text, or a transcript of a recording."""

    guid: str | None
    name: str
    kind: str  # "text" or "transcript"
    offsets: TextOffsets
    selections: list[CodedSelection] = field(default_factory=list)
    whole: list[tuple[str | None, str]] = field(default_factory=list)  # codings of the whole source
    aliases: list[str] = field(default_factory=list)  # other GUIDs that name this document (its media, PDF)
    media: MediaSpec | None = None
    sync_points: list[SyncPoint] = field(default_factory=list)
    timed: list[CodedSelection] = field(default_factory=list)  # audio/video selections, start and end in ms


@dataclass
class NoteSpec:
    guid: str | None
    title: str
    text: str
    targets: list[str] = field(default_factory=list)  # GUIDs of what the note is about


@dataclass
class VariableSpec:
    guid: str | None
    name: str
    value_type: str  # ours: text, number, date, boolean


@dataclass
class CaseSpec:
    guid: str | None
    name: str
    description: str = ""
    values: dict[str, str] = field(default_factory=dict)  # variable key -> value
    sources: list[str] = field(default_factory=list)  # source GUIDs


@dataclass
class ThemeSpec:
    """A set of codes: one of our themes, or another tool's code group (a candidate theme here)."""

    guid: str | None
    key: str  # the GUID, or a stand-in when the file gave none
    name: str
    fields: dict[str, str] = field(default_factory=dict)  # definition ("") and THEME_LABELS keys
    codes: list[str] = field(default_factory=list)  # code GUIDs
    parent: str | None = None  # the parent theme's key
    extracts: list[str] = field(default_factory=list)  # GUIDs of selections (or codings) given to it
    notes: list[str] = field(default_factory=list)  # texts of its notes (filled when applied)


@dataclass
class VertexSpec:
    guid: str | None
    represents: str | None
    name: str
    box: tuple[int, int, int | None, int | None]  # firstX, firstY, secondX, secondY
    color: str | None


@dataclass
class BoardSpec:
    """A graph: a board whose shapes are cards and whose edges are connectors (GUIDs of vertices)."""

    guid: str | None
    name: str
    vertices: list[VertexSpec] = field(default_factory=list)
    edges: list[tuple[str | None, str, str, str]] = field(default_factory=list)  # (guid, from, to, label)


@dataclass
class Plan:
    origin: str = ""
    codes: list[CodeSpec] = field(default_factory=list)
    sources: list[SourceSpec] = field(default_factory=list)
    notes: list[NoteSpec] = field(default_factory=list)
    variables: dict[str, VariableSpec] = field(default_factory=dict)
    cases: list[CaseSpec] = field(default_factory=list)
    themes: list[ThemeSpec] = field(default_factory=list)
    boards: list[BoardSpec] = field(default_factory=list)
    other_sets: int = 0  # sets of documents only
    set_documents: int = 0  # documents named by sets that are themes
    placed_by_time: int = 0  # audio/video selections placed on a transcript's text
    lost: dict[str, int] = field(default_factory=dict)  # what has no place here -> how many
    problems: list[str] = field(default_factory=list)
    missing: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (what, why) -> names
    convention: str = ""  # how the offsets were read, in words
    convention_key: str = "codepoints"

    def lose(self, what: str, count: int = 1, reason: str = "") -> None:
        """``count`` items that have no place in a project here, and why (shown as one problem)."""
        if count:
            key = f"{what}: {reason}" if reason else what
            self.lost[key] = self.lost.get(key, 0) + count
