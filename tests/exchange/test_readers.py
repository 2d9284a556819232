"""Each reader on a real file written by the test: the exact text a researcher would see."""

from __future__ import annotations

from pathlib import Path

import pytest

from qda_desktop.exchange.readers import read_document
from tests.exchange.samples import RTF_SAMPLE, odt_content, write_docx, write_odt, write_pdf

INTERVIEW = "Interviewer: How did you first hear about the food bank?\nP03: Through my neighbour — she’d been going."


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (INTERVIEW, "utf-8"),
        ("\ufeff" + INTERVIEW, "utf-8"),
        (INTERVIEW, "utf-16"),  # Python writes a BOM
        (INTERVIEW.replace("\n", "\r\n"), "utf-8"),
        (INTERVIEW.replace("\n", "\r"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "crlf", "cr"],
)
def test_text_in_any_common_form_reads_the_same(tmp_path: Path, raw: str, encoding: str) -> None:
    path = tmp_path / "P03.txt"
    path.write_bytes(raw.encode(encoding))
    assert read_document(path).text == INTERVIEW


def test_legacy_encodings_are_detected(tmp_path: Path) -> None:
    western = "Grüße aus München: die Straße, das Café, eine naïve Äußerung über Öl und Übermut.\n" * 3
    cyrillic = "Мы встретились в библиотеке, и она рассказала мне о своей семье и о работе.\n" * 3
    (tmp_path / "de.txt").write_bytes(western.encode("cp1252"))
    (tmp_path / "ru.txt").write_bytes(cyrillic.encode("cp1251"))
    assert read_document(tmp_path / "de.txt").text == western
    assert read_document(tmp_path / "ru.txt").text == cyrillic


def test_markdown_is_kept_as_written(tmp_path: Path) -> None:
    text = "# Field notes\n\n- met *P03* at the **food bank**\n- [link](notes.md)\n"
    (tmp_path / "notes.md").write_text(text, encoding="utf-8")
    assert read_document(tmp_path / "notes.md").text == text


def test_docx_paragraphs_and_tables_in_reading_order(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "P05.docx",
        ["Interview P05", "Interviewer: Where do you shop?", "P05: Mostly at the market.\tOn Fridays."],
        table=[["Item", "Price"], ["Bread", "£1.20"]],
        after="Interviewer: Thank you.",
    )
    document = read_document(path)
    assert document.kind == "Word document"
    assert document.text == (
        "Interview P05\nInterviewer: Where do you shop?\nP05: Mostly at the market.\tOn Fridays.\n"
        "Item\tPrice\nBread\t£1.20\nInterviewer: Thank you."
    )


def test_odt_headings_lists_spaces_tabs_breaks_and_tables(tmp_path: Path) -> None:
    body = (
        "<text:h text:outline-level='1'>Interview P06</text:h>"
        "<text:p>She said:<text:s text:c='3'/>“it\n   was <text:span>hard</text:span>”"
        "<text:tab/>(laughs)<text:line-break/>and went on.</text:p>"
        "<text:list><text:list-item><text:p>first point</text:p></text:list-item>"
        "<text:list-item><text:list><text:list-item><text:p>nested point</text:p></text:list-item></text:list>"
        "</text:list-item></text:list>"
        "<text:p>Footnote here<text:note><text:note-body><text:p>not in the flow</text:p></text:note-body>"
        "</text:note>.</text:p>"
        "<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Name</text:p>"
        "</table:table-cell><table:table-cell><text:p>Age</text:p></table:table-cell></table:table-row>"
        "</table:table-header-rows><table:table-row><table:table-cell><text:p>P06</text:p></table:table-cell>"
        "<table:table-cell><text:p>54</text:p></table:table-cell></table:table-row></table:table>"
    )
    document = read_document(write_odt(tmp_path / "P06.odt", odt_content(body)))
    assert document.text == (
        "Interview P06\nShe said:   “it was hard”\t(laughs)\nand went on.\nfirst point\nnested point\n"
        "Footnote here.\nName\tAge\nP06\t54"
    )


def test_pdf_text_layer_page_by_page(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "P07.pdf", [["Interview P07", "Interviewer: Hello."], ["P07: Hello, and thanks."]])
    document = read_document(path)
    assert document.kind == "PDF"
    assert document.text == "Interview P07\nInterviewer: Hello.\n\nP07: Hello, and thanks."


def test_rtf_with_code_page_escapes(tmp_path: Path) -> None:
    (tmp_path / "P08.rtf").write_text(RTF_SAMPLE, encoding="ascii")
    assert read_document(tmp_path / "P08.rtf").text == (
        "Interviewer: How did it start?\nParticipant: At the café, with my neighbour."
    )


def test_html_blocks_become_paragraphs(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Not text</title><style>p { color: red }</style></head><body>"
        "<h1>Notes &amp; quotes</h1><p>First   paragraph,\n wrapped in the source.</p>"
        "<script>document.write('no')</script><ul><li>one</li><li>two &lt;three&gt;</li></ul>"
        "<div>line<br>break&nbsp;here</div><pre>  kept   as\n  is</pre></body></html>"
    )
    (tmp_path / "notes.html").write_text(page, encoding="utf-8")
    assert read_document(tmp_path / "notes.html").text == (
        "Notes & quotes\nFirst paragraph, wrapped in the source.\none\ntwo <three>\nline\nbreak\xa0here\nkept   as\nis"
    )
