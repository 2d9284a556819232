"""Code co-occurrence: overlaps that intersect count, ranges that only touch do not (see conftest.py)."""

from __future__ import annotations

import pytest

from qda_desktop.analysis.cooccurrence import CoOccurrence, CoOccurrenceQuery, co_occurrence, overlapping_pairs
from qda_desktop.analysis.extracts import extracts_of
from qda_desktop.analysis.passages import Passage
from qda_desktop.errors import NotFound
from tests.analysis.conftest import Study


def grid(table: CoOccurrence) -> dict[str, list[int]]:
    return {code.path: list(line) for code, line in zip(table.codes, table.counts, strict=True)}


def test_overlaps_in_the_same_document(study: Study) -> None:
    table = co_occurrence(study.project, CoOccurrenceQuery())
    assert grid(table) == {
        # Work, Pay, Care, Unused; the diagonal is the code's own extracts
        "Work": [3, 2, 1, 0],  # A [0,10)×[5,15); the Interview passage over Pay and Care
        "Work/Pay": [2, 3, 1, 0],  # B [0,5)×[2,8); A's Pay [5,15) only touches Care [15,20)
        "Care": [1, 1, 5, 0],
        "Unused": [0, 0, 0, 0],
    }
    assert table.detached == 1 and table.largest == 2
    texts = sorted(e.text for e in extracts_of(study.project, table.coding_ids(1, 2)))
    assert texts == ["abcde", "cdefgh"]


def test_sub_codes_and_pairs_counted_once(study: Study) -> None:
    table = co_occurrence(study.project, CoOccurrenceQuery(sub_codes=True))
    assert grid(table)["Work"] == [6, 2, 2, 0]  # Work×Care gains B's Pay×Care; Pay×Pay pairs are none
    assert grid(table)["Work/Pay"] == [2, 3, 1, 0]


def test_restricted_to_a_case_or_an_attribute_value(study: Study) -> None:
    p2 = co_occurrence(study.project, CoOccurrenceQuery(case="p2"))
    assert grid(p2) == {"Work": [1, 0, 0, 0], "Work/Pay": [0, 1, 1, 0], "Care": [0, 1, 1, 0], "Unused": [0] * 4}
    volunteers = co_occurrence(study.project, CoOccurrenceQuery(attribute=("role", "volunteer")))
    # B's codings and Bob's passages: the Interview's Pay is Ann's (a manager), so Work×Pay goes
    assert grid(volunteers)["Work"] == [2, 0, 1, 0]
    assert grid(volunteers)["Care"] == [1, 1, 2, 0]
    with pytest.raises(NotFound, match="no case named 'P9'"):
        co_occurrence(study.project, CoOccurrenceQuery(case="P9"))


def test_touching_and_empty_ranges_never_overlap() -> None:
    def p(cid: int, doc: int, start: int, end: int) -> Passage:
        return Passage(cid, doc, 1, start, end, ())

    passages = [p(1, 1, 0, 5), p(2, 1, 5, 9), p(3, 1, 4, 6), p(4, 2, 0, 9), p(5, 1, 3, 3), p(6, 1, 0, 1)]
    # 1 and 2 touch at 5; 5 is empty; 4 is in another document
    assert {tuple(sorted((a.coding_id, b.coding_id))) for a, b in overlapping_pairs(passages)} == {
        (1, 3),
        (1, 6),
        (2, 3),
    }
