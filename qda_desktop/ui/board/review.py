"""Reviewing one theme: its extracts from all its codes grouped by participant (case), playable where
they come from a recording, the participant spread as a bar chart, and whether the theme holds and why."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core import journal_links, theme_views, views
from qda_desktop.core.commands import LinkJournalEntry, RecordReview, SetThemeStatus, UnlinkJournalEntry
from qda_desktop.core.timecode import clock
from qda_desktop.exchange.report import plural
from qda_desktop.ui.controllers.base import Host

STATUSES = [("candidate", "Candidate"), ("reviewed", "Reviewed"), ("defined", "Defined"), ("set_aside", "Set aside")]
VERDICTS = [
    ("", "Not decided yet"),
    ("holds", "Holds"),
    ("partly", "Holds in part"),
    ("does_not_hold", "Does not hold"),
]
EXTRACT_ROLE = Qt.ItemDataRole.UserRole


def find_theme(nodes: list[theme_views.ThemeNode], theme_id: int) -> theme_views.ThemeNode | None:
    for node in nodes:
        if node.id == theme_id:
            return node
        found = find_theme(list(node.children), theme_id)
        if found is not None:
            return found
    return None


class ReviewDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review theme")
        self.resize(1000, 680)
        self.theme_id: int | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.status = QComboBox()
        for key, text in STATUSES:
            self.status.addItem(text, key)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Extract", "Code", "Document", "Time"])
        for column, width in enumerate((300, 150, 110, 80)):
            self.tree.setColumnWidth(column, width)
        self.preview = QLabel("Choose an extract to read it in full.")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setMinimumHeight(70)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tree.currentItemChanged.connect(lambda *_: self._show_preview())
        self.play = QPushButton("Play")
        self.go_to = QPushButton("Go to text")
        self.chart_box = QVBoxLayout()
        self.spread = QLabel()
        self.spread.setWordWrap(True)
        self.journal = QListWidget()
        self.journal.setMaximumHeight(90)
        self.link_entry = QPushButton("Link journal entry…")
        self.unlink_entry = QPushButton("Unlink")
        self.verdict = QComboBox()
        for key, text in VERDICTS:
            self.verdict.addItem(text, key)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Why the theme holds, or not: the evidence, its limits, what to check next")
        self.notes.setMaximumHeight(110)
        self.save = QPushButton("Save review")
        self._layout()
        self.chart: Any = None

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("Status:"))
        top.addWidget(self.status)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.tree, 1)
        left_box.addWidget(self.preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play)
        buttons.addWidget(self.go_to)
        buttons.addStretch(1)
        left_box.addLayout(buttons)
        right = QWidget()
        right.setLayout(self.chart_box)
        self.chart_box.setContentsMargins(0, 0, 0, 0)
        self.chart_box.addWidget(QLabel("<b>Participant spread</b> (extracts per participant)"))
        self.chart_box.addStretch(1)
        self.chart_box.addWidget(self.spread)
        self.chart_box.addWidget(QLabel("<b>Journal entries about this theme</b>"))
        self.chart_box.addWidget(self.journal)
        journal_buttons = QHBoxLayout()
        journal_buttons.addWidget(self.link_entry)
        journal_buttons.addWidget(self.unlink_entry)
        journal_buttons.addStretch(1)
        self.chart_box.addLayout(journal_buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([620, 380])
        verdict = QHBoxLayout()
        verdict.addWidget(QLabel("Does the theme hold?"))
        verdict.addWidget(self.verdict)
        verdict.addStretch(1)
        verdict.addWidget(self.save)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(split, 1)
        box.addLayout(verdict)
        box.addWidget(self.notes)

    def show_theme(
        self,
        node: theme_views.ThemeNode,
        cases: list[theme_views.CaseExtracts],
        spread: list[theme_views.CaseSpread],
        entries: list[journal_links.LinkedEntry],
    ) -> None:
        kind = "Subtheme" if node.parent_id is not None else "Theme"
        concept = f"<br><i>{escape(node.concept)}</i>" if node.concept else ""
        self.title.setText(f"<b style='font-size:14pt'>{kind}: {escape(node.name)}</b>{concept}")
        self.setWindowTitle(f"Review theme — {node.name}")
        self.status.blockSignals(True)
        self.status.setCurrentIndex(max(0, self.status.findData(node.status)))
        self.status.blockSignals(False)
        self._fill_tree(cases)
        self._fill_chart(spread)
        self._fill_journal(entries)
        if not self.notes.document().isModified() or self.theme_id != node.id:
            self.verdict.setCurrentIndex(max(0, self.verdict.findData(node.review_verdict)))
            self.notes.setPlainText(node.review_notes)
            self.notes.document().setModified(False)
        self.theme_id = node.id

    def _fill_tree(self, cases: list[theme_views.CaseExtracts]) -> None:
        """The extracts under their participants; the chosen extract stays chosen."""
        chosen = self.chosen_extract()
        keep = chosen.coding_id if chosen is not None else None
        again: QTreeWidgetItem | None = None
        self.tree.clear()
        for group in cases:
            top = QTreeWidgetItem([f"{group.case} — {plural(len(group.extracts), 'extract')}"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for extract in group.extracts:
                time = ""
                if extract.start_s is not None and extract.end_s is not None:
                    time = f"{clock(extract.start_s)}–{clock(extract.end_s)}"
                row = QTreeWidgetItem([extract.text.replace("\n", " "), extract.code, extract.document, time])
                row.setData(0, EXTRACT_ROLE, extract)
                row.setToolTip(0, extract.text)
                top.addChild(row)
                if extract.coding_id == keep:
                    again = row
            top.setExpanded(True)
        if again is not None:
            self.tree.setCurrentItem(again)
        self._show_preview()

    def _fill_chart(self, spread: list[theme_views.CaseSpread]) -> None:
        import pyqtgraph as pg  # heavy: only when a theme is reviewed

        if self.chart is None:
            self.chart = pg.PlotWidget(background="w")
            self.chart.setMinimumHeight(260)
            self.chart.setMouseEnabled(x=False, y=False)
            self.chart.hideButtons()
            self.chart.getAxis("left").setLabel("extracts")
            self.chart_box.insertWidget(1, self.chart, 1)
        self.chart.clear()
        heights = [s.extracts for s in spread]
        if heights:
            bars = pg.BarGraphItem(x=list(range(len(spread))), height=heights, width=0.6, brush="#5b6abf")
            self.chart.addItem(bars)
        self.chart.getAxis("bottom").setTicks([[(i, s.case) for i, s in enumerate(spread)]])
        top = max(heights, default=1)
        self.chart.getAxis("left").setTickSpacing(major=max(1, math.ceil(top / 5)), minor=1)  # whole extracts
        self.chart.setYRange(0, top * 1.1)
        self.chart.setXRange(-0.6, max(len(spread) - 0.4, 0.6))
        total = sum(heights)
        strongest = f"; most from {spread[0].case} ({plural(spread[0].extracts, 'extract')})" if spread else ""
        self.spread.setText(
            f"{plural(len(spread), 'participant')} support this theme with {plural(total, 'extract')}{strongest}."
        )

    def _fill_journal(self, entries: list[journal_links.LinkedEntry]) -> None:
        self.journal.clear()
        for entry in entries:
            item = QListWidgetItem(f"{entry.day.isoformat()} — {entry.title or '(untitled)'}")
            item.setData(EXTRACT_ROLE, entry.link_id)
            self.journal.addItem(item)
        self.unlink_entry.setEnabled(bool(entries))

    def chosen_link(self) -> int | None:
        item = self.journal.currentItem()
        link = item.data(EXTRACT_ROLE) if item is not None else None
        return link if isinstance(link, int) else None

    def _show_preview(self) -> None:
        extract = self.chosen_extract()
        if extract is None:
            self.preview.setText("Choose an extract to read it in full.")
            return
        where = f"{extract.document} · {extract.code}"
        self.preview.setText(f"<i>{escape(where)}</i><br>{escape(extract.text)}")

    def chosen_extract(self) -> theme_views.ThemeExtractView | None:
        item = self.tree.currentItem()
        data = item.data(0, EXTRACT_ROLE) if item is not None else None
        return data if isinstance(data, theme_views.ThemeExtractView) else None


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReviewUi:
    """One review window at a time, refreshed when the project changes."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.dialog: ReviewDialog | None = None

    def open(self, theme_id: int) -> ReviewDialog | None:
        if self.host.project is None:
            return None
        if self.dialog is None:
            self.dialog = self._make()
        elif self.dialog.theme_id != theme_id:
            self.save_pending()
            self.dialog.notes.document().setModified(False)
        self.dialog.theme_id = theme_id
        self.refresh()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _make(self) -> ReviewDialog:
        window = self.host.window()
        assert isinstance(window, QMainWindow)
        dialog = ReviewDialog(window)
        dialog.save.clicked.connect(self.save_review)
        dialog.status.currentIndexChanged.connect(self._set_status)
        dialog.play.clicked.connect(self.play)
        dialog.go_to.clicked.connect(self.go_to)
        dialog.tree.itemDoubleClicked.connect(lambda *_: self.play())
        dialog.link_entry.clicked.connect(self.link_entry)
        dialog.unlink_entry.clicked.connect(self.unlink_entry)
        dialog.tree.currentItemChanged.connect(lambda *_: self._enable_buttons())
        self._enable_buttons(dialog)
        return dialog

    def refresh(self) -> None:
        dialog, project = self.dialog, self.host.project
        if dialog is None or dialog.theme_id is None or project is None:
            return
        node = find_theme(theme_views.theme_tree(project), dialog.theme_id)
        if node is None:  # the theme was deleted
            dialog.close()
            return
        cases = theme_views.theme_extracts(project, node.id)
        entries = journal_links.entries_about(project, "theme", node.id)
        dialog.show_theme(node, cases, theme_views.participant_spread(project, node.id), entries)
        self._enable_buttons()

    def _enable_buttons(self, dialog: ReviewDialog | None = None) -> None:
        dialog = dialog or self.dialog
        if dialog is not None:
            extract = dialog.chosen_extract()
            dialog.go_to.setEnabled(extract is not None)
            dialog.play.setEnabled(extract is not None and extract.media_id is not None)

    def _set_status(self) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.theme_id is not None:
            self.host.run(SetThemeStatus(dialog.theme_id, str(dialog.status.currentData())))

    def save_review(self) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.theme_id is not None:
            dialog.notes.document().setModified(False)
            verdict, notes = str(dialog.verdict.currentData()), dialog.notes.toPlainText()
            self.host.run(RecordReview(dialog.theme_id, verdict, notes))

    def save_pending(self) -> None:
        if self.dialog is not None and self.dialog.notes.document().isModified():
            self.save_review()

    def link_entry(self) -> None:
        """Link one of the project's journal entries to the theme under review."""
        dialog, project = self.dialog, self.host.project
        if dialog is None or dialog.theme_id is None or project is None:
            return
        entries = views.journal_entries(project)
        if not entries:
            self.host.status("The journal has no entries yet (see the Journal tab)")
            return
        labels = [f"{e.day.isoformat()} — {e.title or '(untitled)'}" for e in entries]
        chosen, ok = QInputDialog.getItem(dialog, "Link journal entry", "Journal entry:", labels, 0, False)
        if ok and chosen in labels:
            entry = entries[labels.index(chosen)]
            self.host.run(LinkJournalEntry(entry.id, "theme", dialog.theme_id))

    def unlink_entry(self) -> None:
        link = self.dialog.chosen_link() if self.dialog else None
        if link is not None:
            self.host.run(UnlinkJournalEntry(link))

    def play(self) -> None:
        """Play the chosen extract's audio (with the transcript shown), else show it in its document."""
        extract = self.dialog.chosen_extract() if self.dialog else None
        if extract is None:
            return
        player = getattr(self.host.window(), "transcription", None)
        if extract.media_id is not None and player is not None and hasattr(player, "play_extract"):
            player.play_extract(extract.document_id, extract.start, extract.end)
        else:
            self.go_to()

    def go_to(self) -> None:
        extract = self.dialog.chosen_extract() if self.dialog else None
        if extract is not None:
            self.host.jump_to(extract.document_id, extract.start, extract.end)

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.theme_id = None
