"""Reading REFI-QDA XML leniently: elements by local name (any namespace variant), coerced values."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from qda_desktop.errors import InvalidInput

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
DEFAULT_COLOR = "#4c8bf5"
HEX3 = re.compile(r"^#?([0-9a-fA-F]{3})$")
HEX6 = re.compile(r"^#?([0-9a-fA-F]{6})(?:[0-9a-fA-F]{2})?$")  # an alpha channel is dropped
RGB_FUNC = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,[^)]*)?\)$", re.IGNORECASE)


def parse_xml(data: bytes, where: str) -> Element:
    """The document's root; DTDs, entities and external references are refused."""
    try:
        return safe_fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise InvalidInput(f"{where}: refused unsafe XML ({type(exc).__name__})") from None
    except ParseError as exc:
        raise InvalidInput(f"{where}: not well-formed XML ({exc})") from None


def local(element: Element) -> str:
    """The tag without its namespace: producers use several namespace variants."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kids(element: Element | None, name: str) -> Iterator[Element]:
    """Direct children called ``name`` (in any namespace, in any order)."""
    if element is None:
        return
    for child in element:
        if local(child) == name:
            yield child


def kid(element: Element | None, name: str) -> Element | None:
    return next(kids(element, name), None)


def kid_text(element: Element | None, name: str) -> str:
    child = kid(element, name)
    return (child.text or "") if child is not None else ""


def guid_of(value: str | None) -> str | None:
    """A canonical lowercase GUID, or None when ``value`` is missing or not a GUID."""
    if not value:
        return None
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def attr_guid(element: Element, name: str = "guid") -> str | None:
    return guid_of(element.get(name))


def attr_int(element: Element, name: str) -> int | None:
    value = (element.get(name) or "").strip()
    try:
        return int(value)
    except ValueError:
        try:
            return int(float(value))
        except ValueError:
            return None


def color_of(value: str | None) -> str | None:
    """``#rrggbb`` from ``#RGB``, ``#RRGGBB``, ``#RRGGBBAA`` or ``rgb(r, g, b)``; None when unusable."""
    text = (value or "").strip()
    if match := HEX6.match(text):
        return "#" + match.group(1).lower()
    if match := HEX3.match(text):
        return "#" + "".join(ch * 2 for ch in match.group(1).lower())
    if match := RGB_FUNC.match(text):
        parts = [int(p) for p in match.groups()]
        if all(p <= 255 for p in parts):
            return "#" + "".join(f"{p:02x}" for p in parts)
    return None
