"""Arabic and Hebrew in PDF exports, read back with pdfminer, which keeps each line's characters in the order
they are drawn (left to right) and their positions: Arabic letters joined and both scripts in display order,
mixed with digits and English; mostly right-to-left paragraphs right-aligned; Latin text as it always was.
The expected lines come from the libraries themselves (arabic-reshaper, python-bidi's Rust implementation)
or are spelled out by hand, not from the export's code."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import arabic_reshaper
import pytest
from bidi import get_display
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

from qda_desktop.core.commands import AddCode, ApplyCode, ImportText
from qda_desktop.core.project import Project
from qda_desktop.exchange.exports.job import export
from tests.conftest import PASSPHRASE

ARABIC = "قابلنا 12 مشاركا في Cairo وقالوا إن السلام مهم"  # a number and an English word inside
HEBREW = "ראיינו 8 משתתפים בתל אביב"
LATIN = "We met the partners in March and they spoke first."
LONG = " ".join(f"الجملة رقم {n} عن السلام والمدينة." for n in range(1, 13))  # wraps onto several lines
DEFINITION = "كل ما يقوله المشارك عن الانتماء"
URDU = "یہ ایک ٹیسٹ ہے"  # DejaVu Sans has no heh goal (ہ) nor yeh barree (ے)
SALAM = "\ufee1\ufefc\ufeb4\ufedf\ufe8d"  # السلام as drawn: meem, lam-alef ligature, seen, lam, alef (left to right)


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    fonts: dict[str, set[str]]  # character → the fonts it is drawn in


@pytest.fixture(scope="module")
def project(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    path = tmp_path_factory.mktemp("rtl") / "rtl.qdaproj"
    shutil.copyfile(template_project, path)
    opened = Project.open(path, PASSPHRASE)
    code = opened.run(AddCode("Belonging", color="#1f77b4", definition=DEFINITION)).result
    for name, text in (("Arabic", ARABIC), ("Hebrew", HEBREW), ("English", LATIN), ("Long", LONG), ("Urdu", URDU)):
        doc = opened.run(ImportText(name, text)).result
        opened.run(ApplyCode(doc, code, 0, len(text)))
    yield opened
    opened.close()


def _lines(pdf: Path) -> tuple[float, list[Line]]:
    """The page's width and its text lines, top to bottom (one page is enough here)."""
    page = next(iter(extract_pages(str(pdf))))
    lines = []
    for box in page:
        for line in box if isinstance(box, LTTextContainer) else []:
            if isinstance(line, LTTextLine):
                fonts: dict[str, set[str]] = {}
                for char in line:
                    if isinstance(char, LTChar):
                        fonts.setdefault(char.get_text(), set()).add(char.fontname)
                lines.append(Line(line.get_text().strip("\n"), line.x0, line.x1, fonts))
    return page.width, lines


def _shown(text: str) -> str:
    """``text`` as a right-to-left line is drawn: joined forms, display order."""
    shown: str = get_display(arabic_reshaper.reshape(text), base_dir="R")
    return shown


def _find(lines: list[Line], text: str) -> Line:
    found = [line for line in lines if line.text == text]
    assert len(found) == 1, f"{text!r} not drawn as one line in {[line.text for line in lines]}"
    return found[0]


@pytest.fixture(scope="module")
def extracts(project: Project, tmp_path_factory: pytest.TempPathFactory) -> tuple[float, list[Line]]:
    path = tmp_path_factory.mktemp("rtl-out") / "extracts.pdf"
    export(project, "extracts", "pdf", path)
    return _lines(path)


def test_arabic_is_joined_and_in_display_order_with_its_number_and_english_word(
    extracts: tuple[float, list[Line]],
) -> None:
    _width, lines = extracts
    arabic = _find(lines, _shown(ARABIC))
    assert SALAM in arabic.text and "12" in arabic.text and "Cairo" in arabic.text
    assert not re.search("[\u0600-\u06ff]", arabic.text)  # every letter in a joined (presentation) form
    assert arabic.text.endswith("\ufe8e\ufee8\ufee0\ufe91\ufe8e\ufed7")  # the first word, قابلنا, at the right


def test_hebrew_is_in_display_order(extracts: tuple[float, list[Line]]) -> None:
    _width, lines = extracts
    hebrew = _find(lines, get_display(HEBREW, base_dir="R"))
    assert hebrew.text.endswith("ונייאר") and hebrew.text.startswith("ביבא")


def test_right_to_left_extracts_are_right_aligned_and_latin_is_unchanged(extracts: tuple[float, list[Line]]) -> None:
    width, lines = extracts
    latin = _find(lines, LATIN)
    # The quote style is indented alike on both sides: the Latin line starts where right-aligned lines end.
    right_edge = width - latin.x0
    for text in (_shown(ARABIC), get_display(HEBREW, base_dir="R")):
        line = _find(lines, text)
        assert abs(line.x1 - right_edge) < 1.0 and line.x0 > latin.x0 + 100


def test_a_long_paragraph_is_broken_in_reading_order(extracts: tuple[float, list[Line]]) -> None:
    """Each line is reordered on its own: read top to bottom, each line right to left, the sentences come in
    their order (reordering the paragraph before breaking it would put the last sentence first)."""
    _width, lines = extracts
    long = [line for line in lines if _shown("الجملة") in line.text]
    assert len(long) >= 3
    numbers = [int(n) for line in long for n in reversed(re.findall(r"\d+", line.text))]
    assert numbers == list(range(1, 13))


def test_letters_the_font_lacks_are_named_and_the_rest_joined(extracts: tuple[float, list[Line]]) -> None:
    _width, lines = extracts
    urdu = next(line for line in lines if _shown("ٹیسٹ") in line.text)  # joined, in display order
    assert "[arabic letter heh goal]" in urdu.text and "[arabic letter yeh barree]" in urdu.text
    # The first word, یہ, still at the right: its yeh (initial form), then the name of its heh goal to the left.
    assert urdu.text.endswith("[arabic letter heh goal]\ufbfe")


def test_codebook_label_stays_left_to_right_beside_an_arabic_definition(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "codebook.pdf"
    export(project, "codebook", "pdf", path)
    width, lines = _lines(path)
    definition = _find(lines, f"{_shown(DEFINITION)} Definition:")  # the label first, at the right
    body = _find(lines, "Code tree")  # a heading, not indented
    assert abs(definition.x1 - (width - body.x0)) < 1.0
    # An example is set in italics, whose DejaVu face has no Arabic: the Arabic is upright, the label slanted.
    example = _find(lines, f"{_shown(ARABIC)} Example extract (Arabic):")
    assert {font for char in SALAM for font in example.fonts[char]} == {"AAAAAA+DejaVuSans"}
    assert example.fonts["E"] == {"AAAAAA+DejaVuSans-Oblique"}
