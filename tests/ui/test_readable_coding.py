"""Coded text you can read: code names along the stripes, readable highlights in both themes, edit mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qda_desktop.core import contrast
from qda_desktop.core.commands import AddCodings, ApplyCode
from qda_desktop.core.queries import code_by_name
from qda_desktop.ui.coding_colors import rgb
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.theme import apply_theme
from tests.ui.conftest import project_of

THREE = ("Trust", "Endings", "Hidden costs")  # Hidden costs is a child code with a pale tint (#a5d6a7)


def code_id(window: MainWindow, name: str) -> int:
    with project_of(window).read() as session:
        return code_by_name(session, name)


@pytest.fixture
def three_overlapping(window: MainWindow) -> Iterator[MainWindow]:
    """Three codes over one passage (overlapping, not nested alike), the margin painted."""
    text = window.editor.text
    start = text.index("They asked")
    project = project_of(window)
    for name, (low, high) in zip(THREE, ((0, 160), (40, 260), (90, 330)), strict=True):
        project.run(ApplyCode(1, code_id(window, name), start + low, start + high))
    window.refresh_now()
    window.editor.select_range(start, start)
    window.editor.verticalScrollBar().setValue(0)
    yield window
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, False)


def check_labels(window: MainWindow) -> None:
    margin = window.editor.margin
    image = margin.grab().toImage()
    labels = margin.label_rects()
    shown = [text for _, text, _ in labels]
    for name in THREE:  # each code's name (cut short with … only if its stripe is short) is written
        assert any(name == t or (t.endswith("…") and name.startswith(t[:-1])) for t in shown), (name, shown)
    for i, (first, _, _) in enumerate(labels):
        assert margin.rect().contains(first)
        for second, _, _ in labels[i + 1 :]:
            assert not first.intersects(second)  # no name overlaps another
    background = margin.palette().window().color().rgb()
    scale = image.devicePixelRatio()
    for rect, text, coding in labels:  # really painted: ink inside each label's rectangle
        inked = sum(
            image.pixel(int(x * scale), int(y * scale)) != background
            for x in range(rect.left(), rect.right())
            for y in range(rect.top(), rect.top() + min(rect.height(), 60))
        )
        assert inked > 10, text
        span = window.editor.span_of(coding)
        assert span is not None
        label = rgb(window.editor.colors.label(span.code_id))
        assert contrast.contrast(label, rgb(margin.palette().window().color())) >= contrast.TEXT_CONTRAST


def check_highlights_readable(window: MainWindow) -> None:
    palette = window.editor.palette()
    base, text = rgb(palette.color(QPalette.ColorRole.Base)), rgb(palette.color(QPalette.ColorRole.Text))
    backgrounds = [s.format.background().color() for s in window.editor.extraSelections() if s.format.background()]
    assert len(backgrounds) >= 5
    for color in backgrounds:
        shown = contrast.over(rgb(color), color.alphaF(), base)
        assert contrast.contrast(text, shown) >= contrast.TEXT_CONTRAST


def test_stripes_carry_their_code_names_in_light_and_dark(
    three_overlapping: MainWindow, qtbot: QtBot, shots_dir: Path
) -> None:
    window = three_overlapping
    margin = window.editor.margin
    assert margin.labelled()
    assert window.editor.viewportMargins().left() >= margin.lane_x(3)  # widened for three labelled lanes
    check_labels(window)
    check_highlights_readable(window)
    window.editor.grab().save(str(shots_dir / "labelled-stripes-light.png"))
    window.dark_action.trigger()
    qtbot.wait(20)
    check_labels(window)
    check_highlights_readable(window)
    window.editor.grab().save(str(shots_dir / "labelled-stripes-dark.png"))


def test_pale_child_code_gets_a_visible_shade(three_overlapping: MainWindow) -> None:
    window = three_overlapping
    hidden = code_id(window, "Hidden costs")
    raw = contrast.parse(window.workspace.styles[hidden].color)
    margin_bg = rgb(window.editor.margin.palette().window().color())
    stripe = rgb(window.editor.colors.stripe(hidden))
    assert contrast.contrast(raw, margin_bg) < contrast.SHADE_CONTRAST  # the tint alone would vanish
    assert contrast.contrast(stripe, margin_bg) >= contrast.SHADE_CONTRAST
    trust = code_id(window, "Trust")
    assert window.editor.colors.stripe(trust).name() == window.workspace.styles[trust].color.lower()


def test_too_many_lanes_fall_back_to_narrow_unlabelled_stripes(window: MainWindow) -> None:
    start = window.editor.text.index("They asked")
    project = project_of(window)
    trust = code_id(window, "Trust")
    project.run(AddCodings(tuple((1, trust, start + n, start + 200 + n) for n in range(30))))
    window.refresh_now()
    margin = window.editor.margin
    assert not margin.labelled()
    margin.grab()
    assert margin.label_rects() == []
    assert window.editor.viewportMargins().left() <= 100


LONG = "Individuals versus the institution <and> its people"


def test_codebook_names_fit_resize_and_explain_themselves(window: MainWindow, qtbot: QtBot, shots_dir: Path) -> None:
    from PySide6.QtWidgets import QHeaderView

    from qda_desktop.core.commands import AddCode

    panel = window.codes.codebook
    tree = panel.tree
    power = code_id(window, "Power")
    window.run(
        AddCode(
            LONG,
            parent_id=power,
            color="#c6dbef",
            definition="Trust in people, distance from the university",
            inclusion="Statements that split the person from the organisation",
        )
    )
    item = panel._items[code_id(window, LONG)]
    dock = window._left_docks[-1]
    window.resizeDocks([dock], [560], Qt.Orientation.Horizontal)  # a wider panel shows the whole name
    qtbot.waitUntil(lambda: tree.viewport().width() > 500)
    needed = tree.fontMetrics().horizontalAdvance(LONG) + 2 * tree.indentation() + 16  # one level, and the icon
    assert tree.columnWidth(0) >= needed
    assert sum(tree.columnWidth(c) for c in range(3)) <= tree.viewport().width()  # and the counts still show
    assert tree.header().sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive
    tip = item.toolTip(0)
    assert "Power/Individuals versus the institution &lt;and&gt; its people" in tip
    assert "Trust in people" in tip and "Use when:" in tip and "split the person" in tip
    assert item.toolTip(1) == tip
    dock.grab().save(str(shots_dir / "codebook-panel.png"))
    tree.header().resizeSection(0, 150)  # the user narrows the column; a rebuild keeps their width
    window.run(AddCode("Another"))
    assert tree.columnWidth(0) == 150


def test_switching_from_a_scrolled_coded_document_warns_nothing(window: MainWindow, qtlog: Any) -> None:
    from qda_desktop.core.commands import ImportText

    project = project_of(window)
    long_doc = project.run(ImportText("Long", "Many words here. " * 2000)).result
    trust = code_id(window, "Trust")
    project.run(AddCodings(tuple((long_doc, trust, n * 300, n * 300 + 500) for n in range(100))))
    window.refresh_now()
    window.show_document(long_doc)
    bar = window.editor.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    window.show_document(1)  # a shorter text: nothing may reach for the long one's positions
    assert not [r.message for r in qtlog.records if "out of range" in r.message]
