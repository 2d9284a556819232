"""Reading a .qdc or .qde into a ``Plan``: lenient about order, namespaces, GUID forms and bad values."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.refi.archive import RefiSource
from qda_desktop.exchange.refi.labels import CODE_LABELS, split_labelled
from qda_desktop.exchange.refi.offsets import Selection, TextOffsets, choose_convention, place_point
from qda_desktop.exchange.refi.plan import (
    CaseSpec,
    CodedSelection,
    CodeSpec,
    MediaSpec,
    NoteSpec,
    Plan,
    SourceSpec,
    SyncPoint,
    VariableSpec,
)
from qda_desktop.exchange.refi.segments import place_by_time
from qda_desktop.exchange.refi.theme_reader import read_graph, read_set, theme_link
from qda_desktop.exchange.refi.xmlutil import (
    DEFAULT_COLOR,
    attr_guid,
    attr_int,
    color_of,
    guid_of,
    kid,
    kid_text,
    kids,
    local,
)

VARIABLE_TYPES = {
    "text": "text",
    "boolean": "boolean",
    "integer": "integer",
    "float": "number",
    "date": "date",
    "datetime": "date",
}
VALUE_ELEMENTS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


class Reader:
    def __init__(self, source: RefiSource) -> None:
        self.source = source
        self.plan = Plan()
        self.note_refs: list[tuple[str, str]] = []  # (note GUID, target GUID or "project")
        self._keys = 0
        self._code_keys: dict[str, str] = {}  # code GUID -> key

    def read(self) -> Plan:
        root = self.source.root()
        kind = local(root)
        if kind not in ("Project", "CodeBook"):
            raise InvalidInput(f"{self.source.path.name}: not a REFI-QDA file (its root element is <{kind}>)")
        self.plan.origin = root.get("origin") or ""
        if kind == "CodeBook":
            self._codebook(root)
            self._sets(root)
        else:
            self._project(root)
        self._attach_notes()
        offsets = [s.offsets for s in self.plan.sources]
        verdict = choose_convention(self.plan.origin, offsets)
        self.plan.convention_key = verdict.convention
        if any(o.selections for o in offsets) or any(s.sync_points for s in self.plan.sources):
            self.plan.convention = verdict.describe()
        for spec in self.plan.sources:
            self._place_sync_points(spec)
            self.plan.placed_by_time += place_by_time(spec)
        return self.plan

    # -- codes ---------------------------------------------------------------

    def _codebook(self, element: Element | None) -> None:
        for codes in kids(element, "Codes"):
            for code in kids(codes, "Code"):
                self._code(code, None)

    def _code(self, element: Element, parent: str | None) -> None:
        guid = attr_guid(element)
        self._keys += 1
        key = guid or f"code-{self._keys}"
        if guid:
            self._code_keys[guid] = key
        raw_color = element.get("color")
        color = color_of(raw_color)
        name = (element.get("name") or "").strip()
        if raw_color and color is None:
            self.plan.problems.append(f"code '{name}': colour '{raw_color}' is not usable; the default is used")
        description = kid_text(element, "Description") or element.get("description") or ""
        spec = CodeSpec(guid, name, parent, key, color or DEFAULT_COLOR)
        fields = split_labelled(description, CODE_LABELS)
        spec.definition, spec.inclusion = fields[""], fields["inclusion"]
        spec.exclusion, spec.example = fields["exclusion"], fields["example"]
        self.plan.codes.append(spec)
        self._note_refs(element, key)
        for child in kids(element, "Code"):
            self._code(child, key)

    # -- the project -----------------------------------------------------------

    def _project(self, root: Element) -> None:
        self._codebook(kid(root, "CodeBook"))
        for variable in kids(kid(root, "Variables"), "Variable"):
            self._variable(variable)
        for case in kids(kid(root, "Cases"), "Case"):
            self._case(case)
        for element in kid(root, "Sources") or ():
            self._source(element)
        for note in kids(kid(root, "Notes"), "Note"):
            self._note(note)
        self._sets(kid(root, "CodeBook"))
        self._sets(root)
        for link in kids(kid(root, "Links"), "Link"):
            self._link(link)
        self.plan.boards = [read_graph(graph) for graph in kids(kid(root, "Graphs"), "Graph")]
        self._note_refs(root, "project")

    def _sets(self, holder: Element | None) -> None:
        for group in kids(kid(holder, "Sets"), "Set"):
            notes = read_set(group, self.plan)
            if notes:
                self.note_refs += [(note, self.plan.themes[-1].key) for note in notes]

    def _note_refs(self, element: Element, target: str | None) -> None:
        for ref in kids(element, "NoteRef"):
            note = attr_guid(ref, "targetGUID")
            if note and target:
                self.note_refs.append((note, target))

    def _variable(self, element: Element) -> None:
        key = attr_guid(element) or f"variable-{len(self.plan.variables)}"
        kind = VARIABLE_TYPES.get((element.get("typeOfVariable") or "text").lower(), "text")
        self.plan.variables[key] = VariableSpec(attr_guid(element), (element.get("name") or "").strip(), kind)

    def _values(self, owner: Element) -> dict[str, str]:
        values: dict[str, str] = {}
        for value in kids(owner, "VariableValue"):
            ref = attr_guid(first(kid(value, "VariableRef"), value), "targetGUID")
            for name in VALUE_ELEMENTS:
                found = kid(value, name)
                if ref and found is not None and (found.text or "").strip():
                    text = (found.text or "").strip()
                    values[ref] = text[:10] if name == "DateTimeValue" else text
        return values

    def _case(self, element: Element) -> None:
        sources = [g for g in (attr_guid(r, "targetGUID") for r in kids(element, "SourceRef")) if g]
        case = CaseSpec(attr_guid(element), (element.get("name") or "").strip(), kid_text(element, "Description"))
        case.values, case.sources = self._values(element), sources
        self.plan.lose("case-to-code links", sum(1 for _ in kids(element, "CodeRef")), "cases link documents")
        self.plan.lose("case-to-selection links", sum(1 for _ in kids(element, "SelectionRef")), "cases link documents")
        self.plan.cases.append(case)

    # -- sources -----------------------------------------------------------------

    def _source(self, element: Element) -> None:
        kind = local(element)
        name = (element.get("name") or "").strip()
        if kind == "TextSource":
            self._text_source(element, attr_guid(element), name, "text")
        elif kind == "PDFSource":
            self.plan.lose(
                "PDF area selections", len(list(kids(element, "PDFSelection"))), "only a PDF's text is imported"
            )
            representation = kid(element, "Representation")
            if representation is None:
                self.plan.problems.append(f"PDF '{name}': no text representation; not imported")
                return
            spec = self._text_source(representation, attr_guid(element), name, "text")
            if spec is not None:
                spec.whole += self._codings(element)
                spec.aliases += [g for g in (attr_guid(representation),) if g]
                self._note_refs(element, spec.guid)
        elif kind in ("AudioSource", "VideoSource"):
            self._media_source(element, name, "audio" if kind == "AudioSource" else "video")
        elif kind == "PictureSource":
            self.plan.lose("pictures", 1, "pictures are not supported")
            self.plan.lose(
                "picture selections", len(list(kids(element, "PictureSelection"))), "pictures are not supported"
            )
        else:
            self.plan.lose(f"{kind} sources", 1, "unknown source type")
        if kind != "TextSource" and (values := self._values(element)):
            self.plan.cases.append(CaseSpec(None, "", values=values, sources=[g for g in (attr_guid(element),) if g]))

    def _text_of(self, element: Element, what: str, name: str) -> str | None:
        """The element's plain text (inline or a file in the archive); None, noted as missing, if unusable."""
        inline = kid(element, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        path = element.get("plainTextPath") or ""
        text = self.source.read_text(path) if path else None
        if text is None:
            reason = "their text is not in the file" if path else "they have no plain text"
        elif not text.strip():
            reason = "their plain text is empty" + (" (only a rich-text file)" if element.get("richTextPath") else "")
        else:
            return text
        self.plan.missing.setdefault((what, reason), []).append(name)
        return None

    def _codings(self, element: Element) -> list[tuple[str | None, str]]:
        found = []
        for coding in kids(element, "Coding"):
            code = attr_guid(first(kid(coding, "CodeRef"), coding), "targetGUID")
            guid = attr_guid(coding)
            if code is None:
                self.plan.problems.append("a coding names no code; skipped")
                continue
            found.append((guid, code))
            self._note_refs(coding, guid)
        return found

    def _selection(self, element: Element, start: int | None, end: int | None) -> CodedSelection | None:
        codings = self._codings(element)
        guid = attr_guid(element)
        self._note_refs(element, guid)
        if start is None or end is None:
            self.plan.problems.append(f"selection {element.get('guid')}: no usable positions; skipped")
            return None
        comment = kid_text(element, "Description").strip()
        return CodedSelection(Selection(start, end, element.get("name") or ""), guid, codings, comment)

    def _text_source(self, element: Element, guid: str | None, name: str, kind: str) -> SourceSpec | None:
        text = self._text_of(element, "transcripts" if kind == "transcript" else "text sources", name)
        selections = list(kids(element, "PlainTextSelection"))
        if text is None:
            self.plan.lose("codings", sum(len(list(kids(s, "Coding"))) for s in selections), "their source has no text")
            return None
        spec = SourceSpec(guid, name, kind, TextOffsets(text, []))
        for element_selection in selections:
            sel = self._selection(
                element_selection,
                attr_int(element_selection, "startPosition"),
                attr_int(element_selection, "endPosition"),
            )
            if sel is not None:
                spec.selections.append(sel)
        spec.offsets.selections = [s.selection for s in spec.selections]
        spec.whole = self._codings(element)
        self._note_refs(element, guid)
        if kind == "text" and (values := self._values(element)):
            self.plan.cases.append(CaseSpec(None, "", values=values, sources=[guid] if guid else []))
        self.plan.sources.append(spec)
        return spec

    def _media_source(self, element: Element, name: str, kind: str) -> None:
        path = element.get("path") or ""
        entry = self.source.find(path) if path else None
        media = MediaSpec(attr_guid(element), name or f"{kind} {attr_guid(element)}", kind, entry)
        if entry is None:
            where = f" ({path})" if path else ""
            self.plan.problems.append(f"recording '{media.name}' is not inside the archive{where}")
        ranges = list(kids(element, f"{kind.title()}Selection"))
        transcripts = list(kids(element, "Transcript"))
        if not transcripts:
            if entry is not None:
                self.plan.sources.append(
                    SourceSpec(media.guid, media.name, "recording", TextOffsets("", []), media=media)
                )
            self._time_ranges(ranges, None, kind)
            return
        first_transcript: SourceSpec | None = None
        for index, transcript in enumerate(transcripts):
            name = (transcript.get("name") or "").strip() or f"{media.name} (transcript)"
            spec = self._text_source(transcript, attr_guid(transcript), name, "transcript")
            if spec is None:
                continue
            spec.media = media
            first_transcript = first_transcript or spec
            if index == 0 and media.guid:
                spec.aliases.append(media.guid)
            points = [
                SyncPoint(attr_guid(p), attr_int(p, "timeStamp"), attr_int(p, "position"))
                for p in kids(transcript, "SyncPoint")
            ]
            spec.sync_points = points
            at = {p.guid: p.position for p in points if p.guid}
            for element_selection in kids(transcript, "TranscriptSelection"):
                start = at.get(attr_guid(element_selection, "fromSyncPoint") or "")
                end = at.get(attr_guid(element_selection, "toSyncPoint") or "")
                sel = self._selection(element_selection, start, end)
                if sel is not None:
                    spec.selections.append(sel)
            spec.offsets.selections = [s.selection for s in spec.selections]
        self._time_ranges(ranges, first_transcript, kind)

    def _time_ranges(self, ranges: list[Element], transcript: SourceSpec | None, kind: str) -> None:
        """Audio or video selections (milliseconds): coded ones wait to be placed on the transcript's text."""
        for element in ranges:
            coded = self._selection(element, attr_int(element, "begin"), attr_int(element, "end"))
            if coded is None:
                continue
            if not coded.codings and not coded.comment:
                self.plan.lose(f"{kind} selections", 1, "a time range without codings has no place here")
            elif transcript is None:
                self.plan.lose(f"{kind} selections", 1, "no transcript of the recording came with the file")
            else:
                transcript.timed.append(coded)

    def _place_sync_points(self, spec: SourceSpec) -> None:
        for point in spec.sync_points:
            if point.position is not None:
                point.placed = place_point(spec.offsets, self.plan.convention_key, point.position)

    # -- notes ---------------------------------------------------------------------

    def _note(self, element: Element) -> None:
        title = (element.get("name") or "").strip()
        text = (
            self._text_of(element, "notes", title)
            if kid(element, "PlainTextContent") is not None or element.get("plainTextPath")
            else ""
        )
        description = kid_text(element, "Description").strip()
        if text is None:
            text = ""
        body = f"{description}\n\n{text}" if description else text
        self.plan.notes.append(NoteSpec(attr_guid(element), title, body))
        self.plan.lose(
            "selections inside notes", len(list(kids(element, "PlainTextSelection"))), "notes are not coded here"
        )

    def _link(self, element: Element) -> None:
        origin, target = attr_guid(element, "originGUID"), attr_guid(element, "targetGUID")
        notes = {n.guid for n in self.plan.notes if n.guid}
        if origin in notes and target:
            self.note_refs.append((origin, target))
        elif target in notes and origin:
            self.note_refs.append((target, origin))
        elif not theme_link(self.plan, origin, target, element.get("name") or ""):
            self.plan.lose("links", 1, "relations between items are not supported")

    def _attach_notes(self) -> None:
        by_guid = {n.guid: n for n in self.plan.notes if n.guid}
        for note, target in self.note_refs:
            if note in by_guid:
                by_guid[note].targets.append(target)
            else:
                self.plan.problems.append(f"a note reference points to {note}, which the file does not hold")


def first(element: Element | None, fallback: Element) -> Element:
    """``element`` unless missing (an Element without children is falsy, so ``or`` would not do)."""
    return fallback if element is None else element


def read_plan(source: RefiSource) -> Plan:
    return Reader(source).read()


__all__ = ["guid_of", "read_plan"]
