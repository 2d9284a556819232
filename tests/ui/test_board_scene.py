"""The board's graphics over in-memory cards: dragging with the mouse, dropping codes on a theme,
connectors that follow their cards, keyboard moves, rubber-band selection and image export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qda_desktop.core.board_state import Card, Link, snapshot_cards
from qda_desktop.errors import InvalidInput
from qda_desktop.ui.board.export import export_board
from qda_desktop.ui.board.items import ConnectorItem
from qda_desktop.ui.board.scene import BoardScene
from qda_desktop.ui.board.view import BoardView


def cards() -> list[Card]:
    return [
        Card(1, "theme", 10, "Belonging", x=0, y=0, members=(100,)),
        Card(2, "code", 100, "Family", x=0, y=200),
        Card(3, "code", 101, "Work", x=300, y=200),
        Card(4, "note", None, "", x=600, y=0, text="Ask P3"),
    ]


@pytest.fixture
def board(qtbot: QtBot) -> BoardView:
    scene = BoardScene()
    scene.show_board(cards(), [Link(7, 1, 4, "leads to")])
    view = BoardView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.board.state.zoom = 1.0
    view.apply_zoom()
    view.centerOn(450, 150)
    return view


def drag(view: BoardView, start: QPointF, end: QPointF, modifiers: Qt.KeyboardModifier | None = None) -> None:
    """A real left-button drag on the viewport, in scene coordinates."""
    viewport = view.viewport()
    mods = modifiers or Qt.KeyboardModifier.NoModifier
    a, b = view.mapFromScene(start), view.mapFromScene(end)

    def send(kind: QEvent.Type, at: QPoint, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
        event = QMouseEvent(kind, QPointF(at), QPointF(viewport.mapToGlobal(at)), button, buttons, mods)
        QApplication.sendEvent(viewport, event)

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send(QEvent.Type.MouseButtonPress, a, left, left)
    for step in range(1, 9):
        send(QEvent.Type.MouseMove, a + (b - a) * (step / 8), none, left)
    send(QEvent.Type.MouseButtonRelease, b, left, none)


def test_dragging_a_code_onto_a_theme_groups_it(board: BoardView) -> None:
    scene = board.board
    grouped: list[tuple[list[int], int, dict[int, tuple[float, float]]]] = []
    moved: list[dict[int, tuple[float, float]]] = []
    scene.grouped.connect(lambda codes, theme, where: grouped.append((codes, theme, where)))
    scene.moved.connect(moved.append)
    drag(board, QPointF(340, 230), QPointF(120, 50))  # Work's card, dropped on Belonging
    assert grouped == [([101], 10, {3: (80.0, 20.0)})]
    assert moved == []
    drag(board, QPointF(120, 50), QPointF(120, 50))  # a click on the code, which lies on the theme
    assert len(grouped) == 1 and moved == []
    drag(board, QPointF(40, 230), QPointF(40, 413))  # Family, dropped on empty board: a plain move
    assert moved == [{2: (0.0, 380.0)}]  # snapped to the grid
    assert scene.cards[2].pos() == QPointF(0, 380)


def test_a_multi_select_drag_reports_every_card_once(board: BoardView, qtbot: QtBot) -> None:
    scene = board.board
    scene.select_keys([2, 3])
    assert scene.state.selection == {2, 3}
    moved: list[dict[int, tuple[float, float]]] = []
    scene.moved.connect(moved.append)
    drag(board, QPointF(40, 230), QPointF(40, 330))  # both selected cards follow
    assert moved == [{2: (0.0, 300.0), 3: (300.0, 300.0)}]


def test_rubber_band_selects_and_arrow_keys_move_the_selection(board: BoardView, qtbot: QtBot) -> None:
    scene = board.board
    drag(board, QPointF(-40, 180), QPointF(520, 290))  # from empty board: a rectangle over both codes
    assert scene.state.selection == {2, 3}
    moved: list[dict[int, tuple[float, float]]] = []
    scene.moved.connect(moved.append)
    board.setFocus()
    qtbot.keyClick(board, Qt.Key.Key_Right)
    qtbot.keyClick(board, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert moved == [{2: (20.0, 200.0), 3: (320.0, 200.0)}, {2: (20.0, 300.0), 3: (320.0, 300.0)}]


def test_connectors_follow_their_cards_and_carry_labels(board: BoardView) -> None:
    scene = board.board
    labelled = scene.connectors[7]
    assert labelled.label == "leads to"
    members = [i for i in scene.items() if isinstance(i, ConnectorItem) and i.member]
    assert len(members) == 1 and members[0].source is scene.cards[2] and members[0].target is scene.cards[1]
    before = labelled.line.p2()
    scene.cards[4].move_to(600, 400)
    assert labelled.line.p2() != before
    assert scene.cards[4].sceneBoundingRect().adjusted(-3, -3, 3, 3).contains(labelled.line.p2())


def test_zoom_and_fit(board: BoardView) -> None:
    board.zoom_in()
    assert board.transform().m11() == pytest.approx(1.2)
    board.fit()
    assert board.transform().m11() <= 1.0
    assert board.mapToScene(board.viewport().rect()).boundingRect().contains(board.board.itemsBoundingRect())


def test_export_writes_valid_png_svg_and_pdf(board: BoardView, tmp_path: Path) -> None:
    png = export_board(board.board, tmp_path / "board.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 600
    svg = export_board(board.board, tmp_path / "board.svg", "My board")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert "Belonging" in svg.read_text(encoding="utf-8")
    pdf = export_board(board.board, tmp_path / "board.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(InvalidInput, match=r"board\.gif"):
        export_board(board.board, tmp_path / "board.gif")
    with pytest.raises(InvalidInput, match="does not exist"):
        export_board(board.board, tmp_path / "missing" / "board.png")


def test_a_frozen_snapshot_becomes_cards() -> None:
    data = {
        "codes": [{"guid": "c1", "name": "Work", "path": "Life/Work", "color": "#123456", "extracts": 3}],
        "themes": [
            {"guid": "t1", "name": "Belonging", "parent": None, "status": "reviewed", "codes": ["c1", "gone"]},
            {"guid": "t2", "name": "Seen", "parent": "t1", "status": "candidate", "codes": []},
        ],
        "items": [
            {"guid": "i1", "kind": "theme", "ref": "t1", "x": 0, "y": 0, "w": 200, "h": 90},
            {"guid": "i2", "kind": "code", "ref": "c1", "x": 0, "y": 200, "w": 170, "h": 60},
            {"guid": "i3", "kind": "theme", "ref": "t2", "x": 300, "y": 0, "w": 200, "h": 90},
            {"guid": "i4", "kind": "note", "ref": None, "x": 600, "y": 0, "w": 170, "h": 90, "text": "Hm"},
            {"guid": "i5", "kind": "code", "ref": "deleted", "x": 0, "y": 0, "w": 1, "h": 1},
        ],
        "links": [
            {"guid": "l1", "from": "i1", "to": "i3", "label": "part of"},
            {"guid": "l2", "from": "i1", "to": "i5"},
        ],
    }
    shown, links = snapshot_cards(data)
    assert [(c.kind, c.title) for c in shown] == [
        ("theme", "Belonging"),
        ("code", "Work"),
        ("subtheme", "Seen"),
        ("note", ""),
    ]
    theme, code = shown[0], shown[1]
    assert theme.members == (code.ref_id,) and theme.status == "reviewed"
    assert code.color == "#123456" and code.extracts == 3 and code.text == "Life"  # its parents
    assert [(link.source, link.target, link.label) for link in links] == [(1, 3, "part of")]
