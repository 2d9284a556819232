"""REFI-QDA exchange: .qdc codebooks and .qdpx projects in and out (see FORMAT.md in the shared interop notes)."""

from qda_desktop.exchange.refi.importer import RefiReport, import_refi

__all__ = ["RefiReport", "import_refi"]
