"""Supervision exports: the codebook, coded extracts, the theme report and the audit trail as DOCX, XLSX, CSV,
Markdown and PDF.

``ExportJob`` runs one export as a job; ``EXPORTERS`` (in ``kinds``) is the table of (kind, format) → writer.
"""
