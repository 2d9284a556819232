"""Light and dark palettes, and distinct colours for new codes."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from qda_desktop.core.settings import config_dir

NEW_CODE_COLORS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#3949ab",
    "#00897b",
    "#c0ca33",
)


def next_code_color(used: int) -> str:
    return NEW_CODE_COLORS[used % len(NEW_CODE_COLORS)]


def apply_theme(app: QApplication, dark: bool) -> None:
    app.setStyle("Fusion")
    if not dark:
        app.setPalette(app.style().standardPalette())
        return
    palette = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Highlight, QColor("#3d6fd1")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.PlaceholderText, QColor("#8b8e94")),
        (QPalette.ColorRole.Mid, QColor("#8b8e94")),
    ):
        palette.setColor(role, color)
    app.setPalette(palette)


def app_settings() -> QSettings:
    """Window preferences, kept with the app's other settings (QDA_CONFIG_DIR in tests)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
