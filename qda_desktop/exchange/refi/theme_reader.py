"""Reading sets as themes and graphs as boards (the inverse of ``theme_writer``), leniently.

A set with codes (or with no members at all) is a theme; a set of documents only is not (we have no
document groups) and is counted as lost. Links between a set and its parent set, or from a selection
to a set, give subthemes and extracts; a graph's vertices become cards, its edges connectors.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from qda_desktop.exchange.refi.labels import THEME_LABELS, split_labelled
from qda_desktop.exchange.refi.plan import BoardSpec, Plan, ThemeSpec, VertexSpec
from qda_desktop.exchange.refi.theme_writer import SUBTHEME_LINK
from qda_desktop.exchange.refi.xmlutil import attr_guid, attr_int, color_of, kid_text, kids


def member_guid(element: Element) -> str | None:
    """A member's GUID: ``targetGUID`` in a project, ``guid`` in a codebook (some tools mix them)."""
    return attr_guid(element, "targetGUID") or attr_guid(element)


def read_set(element: Element, plan: Plan) -> list[str]:
    """Add the set to ``plan`` as a theme when it is one; returns the GUIDs of the notes it names."""
    codes = [g for g in map(member_guid, kids(element, "MemberCode")) if g]
    sources = sum(1 for _ in kids(element, "MemberSource"))
    notes = [g for g in map(member_guid, kids(element, "MemberNote")) if g]
    if sources and not codes:
        plan.other_sets += 1
        return []
    guid = attr_guid(element)
    key = guid or f"set-{len(plan.themes) + 1}"
    description = kid_text(element, "Description") or element.get("description") or ""
    name = (element.get("name") or "").strip()
    plan.themes.append(ThemeSpec(guid, key, name, split_labelled(description, THEME_LABELS), codes))
    plan.set_documents += sources
    return notes


def theme_link(plan: Plan, origin: str | None, target: str | None, name: str) -> bool:
    """Take a link that says where a theme belongs or which extract it holds; False if it is neither."""
    themes = {spec.key: spec for spec in plan.themes}
    if origin in themes and target in themes and name.strip().lower() == SUBTHEME_LINK.lower():
        themes[origin].parent = target
        return True
    if target in themes and origin and origin not in themes:
        themes[target].extracts.append(origin)
        return True
    return False


def read_graph(element: Element) -> BoardSpec:
    board = BoardSpec(attr_guid(element), (element.get("name") or "").strip())
    for vertex in kids(element, "Vertex"):
        box = (
            attr_int(vertex, "firstX") or 0,
            attr_int(vertex, "firstY") or 0,
            attr_int(vertex, "secondX"),
            attr_int(vertex, "secondY"),
        )
        board.vertices.append(
            VertexSpec(
                attr_guid(vertex),
                attr_guid(vertex, "representedGUID"),
                (vertex.get("name") or "").strip(),
                box,
                color_of(vertex.get("color")),
            )
        )
    for edge in kids(element, "Edge"):
        source, target = attr_guid(edge, "sourceVertex"), attr_guid(edge, "targetVertex")
        if source and target:
            board.edges.append((attr_guid(edge), source, target, (edge.get("name") or "").strip()))
    return board
