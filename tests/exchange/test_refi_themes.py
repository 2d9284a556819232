"""Others' code sets and graphs, written loosely: members named either way, unknown codes, a subtheme
cycle, sets without GUIDs or with the same name, vertices without sizes or doubled, edges to nowhere,
links from selections (extracts) and from unknown things. Nothing crashes; what is left out is said."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from qda_desktop.core.commands import AddBoard
from qda_desktop.core.project import Project
from qda_desktop.exchange.refi import import_refi
from qda_desktop.store.models import Board, BoardItem, BoardLink, Code, Coding, Theme, ThemeCode, ThemeExtract
from tests.conftest import PASSPHRASE
from tests.exchange.test_refi_lenient import canon, guid, make

TEXT = "We grew beans together every spring.\n"

LOOSE = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="loose" origin="Elsewhere 2.0">
 <CodeBook><Codes>
  <Code guid="{guid(1)}" name="Food" isCodable="true" color="#336699"/>
  <Code guid="{guid(2)}" name="Seasons" isCodable="true"/>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="{guid(10)}" name="Doc"><PlainTextContent>{TEXT}</PlainTextContent>
   <PlainTextSelection guid="{guid(20)}" startPosition="3" endPosition="13">
    <Coding guid="{guid(30)}"><CodeRef targetGUID="{guid(1)}"/></Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
 <Links>
  <Link guid="{guid(80)}" name="subtheme of" originGUID="{guid(41)}" targetGUID="{guid(42)}"/>
  <Link guid="{guid(81)}" name="Subtheme of" originGUID="{guid(42)}" targetGUID="{guid(41)}"/>
  <Link guid="{guid(82)}" originGUID="{guid(20)}" targetGUID="{guid(41)}"/>
  <Link guid="{guid(83)}" originGUID="{guid(99)}" targetGUID="{guid(41)}"/>
 </Links>
 <Sets>
  <Set guid="{guid(41)}" name="Growing" description="Status: Defined&#10;&#10;Colour: not a colour">
   <MemberCode guid="{guid(1)}"/>
   <MemberCode targetGUID="{guid(98)}"/>
   <MemberSource targetGUID="{guid(10)}"/>
  </Set>
  <Set guid="{guid(42)}" name="Growing"><MemberCode targetGUID="{guid(2)}"/></Set>
  <Set name="No GUID"><MemberCode targetGUID="{guid(2)}"/><MemberCode targetGUID="{guid(2)}"/></Set>
  <Set guid="{guid(43)}" name="Documents only"><MemberSource targetGUID="{guid(10)}"/></Set>
 </Sets>
 <Graphs>
  <Graph guid="{guid(50)}" name="Map">
   <Vertex guid="{guid(51)}" representedGUID="{guid(41)}" firstX="10" firstY="20" secondX="5" secondY="x"/>
   <Vertex guid="{guid(52)}" representedGUID="{guid(41)}" firstX="300" firstY="20"/>
   <Vertex guid="{guid(53)}" representedGUID="{guid(1)}" firstY="200" color="#336699"/>
   <Vertex guid="{guid(54)}" representedGUID="{guid(2)}" firstX="90" firstY="200" color="red"/>
   <Vertex guid="{guid(55)}" name="A thought" firstX="-40" firstY="-40" secondX="60" secondY="10" shape="Note"/>
   <Edge guid="{guid(60)}" sourceVertex="{guid(52)}" targetVertex="{guid(53)}" name="feeds"/>
   <Edge guid="{guid(61)}" sourceVertex="{guid(51)}" targetVertex="{guid(52)}"/>
   <Edge guid="{guid(62)}" sourceVertex="{guid(55)}" targetVertex="{guid(97)}"/>
  </Graph>
  <Graph guid="{guid(56)}"/>
 </Graphs>
</Project>
"""


def test_loose_sets_and_graphs(template_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "loose.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as project:
        project.run(AddBoard("map"))
        report = import_refi(project, make(tmp_path / "loose.qdpx", LOOSE, {}))
        with project.read() as s:
            codes = {c.id: c.name for c in s.scalars(select(Code))}
            themes = {t.id: t for t in s.scalars(select(Theme))}
            members = {(themes[r.theme_id].name, codes[r.code_id]) for r in s.scalars(select(ThemeCode))}
            coding_guids = {c.id: c.guid for c in s.scalars(select(Coding))}
            extracts = [(themes[e.theme_id].guid, coding_guids[e.coding_id]) for e in s.scalars(select(ThemeExtract))]
            boards = {b.name: b for b in s.scalars(select(Board))}
            cards = list(
                s.scalars(select(BoardItem).where(BoardItem.board_id == boards["Map (2)"].id).order_by(BoardItem.id))
            )
            links = [(k.from_item_id, k.to_item_id, k.label) for k in s.scalars(select(BoardLink))]
        assert report.counts["theme"] == 3 and report.counts["board"] == 2
        by_guid = {t.guid: t for t in themes.values()}
        growing, second = by_guid[canon(41)], by_guid[canon(42)]
        # the cycle is broken: one of the two is a top-level theme, the other its subtheme
        assert {growing.parent_id, second.parent_id} == {None, growing.id} or {
            growing.parent_id,
            second.parent_id,
        } == {None, second.id}
        assert growing.status == "defined" and growing.color == "#f4a261"
        assert members == {("Growing", "Food"), ("Growing", "Seasons"), ("No GUID", "Seasons")}
        assert extracts == [(canon(41), canon(30))]
        assert set(boards) == {"map", "Map (2)", "Board 2"}
        assert [(c.kind, c.x, c.y, c.w, c.h, c.color, c.text) for c in cards] == [
            ("theme", 10.0, 20.0, 200.0, 90.0, "", ""),
            ("code", 0.0, 200.0, 170.0, 60.0, "", ""),
            ("code", 90.0, 200.0, 170.0, 60.0, "", ""),
            ("note", -40.0, -40.0, 100.0, 50.0, "#fff59d", "A thought"),
        ]
        assert links == [(cards[0].id, cards[1].id, "feeds")]
        problems = "\n".join(report.problems)
        assert "skipped 1 set member naming a code the file does not define" in problems
        assert "1 document set not imported" in problems
        assert "1 document in code sets not imported: a theme groups codes, not documents" in problems
        assert "1 link to a code set not imported: not from a coded selection" in problems
        assert "board 'Map (2)': 2 edges without two cards to join; left out" in problems
        assert project.undo() is not None
        with project.read() as s:
            assert s.scalar(select(Theme.id)) is None
            assert [b.name for b in s.scalars(select(Board))] == ["map"]
