"""REFI-QDA exchange: .qdc codebooks and .qdpx projects in and out (see FORMAT.md in the shared interop notes)."""

from qda_desktop.exchange.refi.exporter import export_qdc, export_qdpx
from qda_desktop.exchange.refi.importer import RefiReport, import_refi

__all__ = ["RefiReport", "export_qdc", "export_qdpx", "import_refi"]
