"""A bar above the text that stays while the text is being edited, so edit mode is never mistaken for coding."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

# fixed colours (not the palette) so the bar reads the same, and stands out, in light and dark themes
BANNER_STYLE = "QFrame#editBanner { background: #fff3c4; border: 1px solid #c9a227; border-radius: 3px; }"
TEXT_STYLE = "color: #3d2f00;"


class EditBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editBanner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 4, 3)
        self.label = QLabel("✎  <b>Editing the text</b> — codings follow your edits; coding keys are off.")
        self.label.setStyleSheet(TEXT_STYLE)
        self.done = QPushButton("Back to coding (Ctrl+E)")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.done)
        self.hide()
