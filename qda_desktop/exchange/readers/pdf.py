"""PDF: the text layer of every page, through pypdf. A scan without a text layer is refused with the way out."""

from __future__ import annotations

import io
from pathlib import Path

from qda_desktop.core.textfiles import normalise_text
from qda_desktop.errors import QdaError
from qda_desktop.exchange.readers.base import ReadDocument, refuse
from qda_desktop.exchange.readers.safety import not_a, read_capped

PDF = "a PDF"


def read_pdf(path: Path) -> ReadDocument:
    data = read_capped(path)
    if b"%PDF-" not in data[:1024]:
        raise not_a(path, PDF, data)
    if b"%%EOF" not in data[-2048:]:
        raise refuse(path, "incomplete PDF (it does not end as a PDF does: a cut-off copy?)")
    try:
        pages = _page_texts(path, data)
    except QdaError:
        raise
    except Exception as exc:  # pypdf raises many kinds for damaged files
        lines = str(exc).strip().splitlines()
        raise refuse(path, f"damaged PDF ({lines[0][:200] if lines else type(exc).__name__})") from None
    text = normalise_text("\n\n".join(page.strip("\n") for page in pages)).text.strip("\n")
    if not text.strip():
        raise refuse(path, "no text layer; run OCR first (the PDF holds only images of its pages)")
    return ReadDocument(text, kind="PDF")


def _page_texts(path: Path, data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:
            opened = False
        if not opened:
            raise refuse(path, "the PDF is password-protected; remove the password and import it again")
    return [page.extract_text() or "" for page in reader.pages]
