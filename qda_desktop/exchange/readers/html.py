"""HTML pages (block elements become paragraphs; scripts and styles dropped; entities decoded) and
noScribe transcripts, which are HTML whose passages sit in anchors named ``ts_<start ms>_<end ms>[_<speaker>]``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from qda_desktop.exchange.readers.base import Piece, ReadDocument, Turn, refuse
from qda_desktop.exchange.readers.safety import MAX_TEXT_BYTES, read_capped
from qda_desktop.exchange.readers.text import text_of
from qda_desktop.exchange.readers.transcripts import CLOCK, split_label

BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "blockquote",
    "pre", "section", "article", "header", "footer", "aside", "nav", "main", "hr", "figure", "figcaption", "address",
    "body", "td", "th",
}  # fmt: skip
HIDDEN = {"script", "style", "head", "title", "noscript", "template", "svg", "math", "object", "iframe"}
SPACES = re.compile(r"[ \t\r\n\f]+")
STAMP = re.compile(r"^ts_(\d+)_(\d+)(?:_(.*))?$")


@dataclass
class Block:
    """One paragraph: its runs of text, each with the timestamp anchor it sits in (or None)."""

    runs: list[tuple[str | None, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines = "".join(text for _, text in self.runs).split("\n")
        return "\n".join(line.strip(" ") for line in lines).strip("\n")


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = [Block()]
        self._hidden = 0
        self._pre = 0
        self._anchors: list[str | None] = []  # the open <a> elements' timestamp names

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._hidden = 0  # a page that never closed its <head>
        if tag in HIDDEN:
            self._hidden += 1
        elif tag in BLOCKS:
            self.blocks.append(Block())
        elif tag == "br":
            self._add("\n")
        elif tag == "a":
            names = [value for key, value in attrs if key in ("name", "id") and value]
            self._anchors.append(next((n for n in names if STAMP.match(n)), None))
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HIDDEN and tag != "a":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCKS:
            self.blocks.append(Block())
        elif tag == "a" and self._anchors:
            self._anchors.pop()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._add(data if self._pre else SPACES.sub(" ", data))

    def _add(self, text: str) -> None:
        anchor = next((a for a in reversed(self._anchors) if a), None)
        self.blocks[-1].runs.append((anchor, text))


def _blocks(path: Path) -> list[Block]:
    parser = _BlockParser()
    parser.feed(text_of(path, read_capped(path, MAX_TEXT_BYTES)))
    parser.close()
    return [b for b in parser.blocks if b.text.strip()]


def read_html(path: Path) -> ReadDocument:
    blocks = _blocks(path)
    if any(anchor for block in blocks for anchor, _ in block.runs):
        return ReadDocument(turns=_noscribe_turns(blocks), kind="noScribe transcript")
    if not blocks:
        raise refuse(path, "the page holds no text; nothing to import")
    return ReadDocument("\n".join(b.text for b in blocks), kind="HTML page")


LEADING_STAMP = re.compile(rf"^\s*[\[(]{CLOCK}[\])]\s*")


def _noscribe_turns(blocks: list[Block]) -> tuple[Turn, ...]:
    """Each paragraph with timestamp anchors is a turn; its label (``S01:`` or a name the researcher
    gave) is the speaker, else the anchor's speaker field. Paragraphs before the first timed one
    (title, tool notice) are left out; untimed ones later join the turn above."""
    turns: list[Turn] = []
    for block in blocks:
        pieces = _pieces(block)
        if not pieces:
            if turns:
                last = turns[-1]
                extra = Piece(last.pieces[-1].end_s or last.start_s, last.pieces[-1].end_s, block.text)
                turns[-1] = Turn(last.speaker, (*last.pieces, extra))
            continue
        first = LEADING_STAMP.sub("", pieces[0][2])
        speaker, first = split_label(first)
        first = LEADING_STAMP.sub("", first)
        if not speaker:
            speaker = pieces[0][3]
        timed = [Piece(pieces[0][0], pieces[0][1], first)] + [Piece(s, e, t) for s, e, t, _ in pieces[1:]]
        timed = [p for p in timed if p.text.strip()]
        if timed:
            turns.append(Turn(speaker, tuple(timed)))
    return tuple(turns)


def _pieces(block: Block) -> list[tuple[float, float, str, str]]:
    """(start, end, text, speaker field) per anchor; text outside anchors joins its neighbour."""
    pieces: list[tuple[float, float, str, str]] = []
    before = ""
    for anchor, text in block.runs:
        match = STAMP.match(anchor) if anchor else None
        if match is None:
            if pieces:
                start, end, joined, who = pieces[-1]
                pieces[-1] = (start, end, joined + text, who)
            else:
                before += text
            continue
        start, end = int(match.group(1)) / 1000, int(match.group(2)) / 1000
        if pieces and pieces[-1][:2] == (start, end):
            pieces[-1] = (start, end, pieces[-1][2] + text, pieces[-1][3])
        else:
            pieces.append((start, end, (before + text) if not pieces else text, match.group(3) or ""))
    return [(s, e, SPACES.sub(" ", t).strip(), w) for s, e, t, w in pieces]
