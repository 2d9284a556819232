"""The board's view state without Qt: selection, zoom, snapping, moves, drop targets and placement."""

from __future__ import annotations

from qda_desktop.core.board_state import CARD_SIZES, BoardState, Card, Link, overlaps


def board() -> BoardState:
    state = BoardState()
    state.load(
        [
            Card(1, "theme", 10, "Belonging", x=0, y=0, members=(100,)),
            Card(2, "code", 100, "Family", x=0, y=200),
            Card(3, "code", 101, "Work", x=300, y=200),
            Card(4, "note", None, "Ask P3", x=600, y=0, text="Ask P3 about it"),
        ],
        [Link(7, 1, 4, "leads to"), Link(8, 1, 99, "dangling")],
    )
    return state


def test_cards_get_default_sizes_and_links_to_missing_cards_are_dropped() -> None:
    state = board()
    assert (state.cards[1].w, state.cards[1].h) == CARD_SIZES["theme"]
    assert list(state.links) == [7]
    assert [link.key for link in state.links_of(4)] == [7]
    assert state.bounds() == (0, 0, 780, 260)


def test_selection_click_toggle_rubber_band_and_reload() -> None:
    state = board()
    state.select([2])
    state.toggle(3)
    assert state.selection == {2, 3}
    assert state.selected_codes() == [100, 101]
    state.toggle(2)
    assert state.selection == {3}
    state.select_in_rect((-10, -10, 400, 100))  # touches the theme only
    assert state.selection == {1} and state.selected_themes() == [10]
    state.select_in_rect((250, 150, 100, 100), add=True)
    assert state.selection == {1, 3}
    state.select([42])  # unknown keys are ignored
    assert state.selection == set()
    state.select([1, 2])
    state.load([c for c in state.cards.values() if c.key != 2], state.links.values())
    assert state.selection == {1}


def test_zoom_is_clamped_and_fit_never_enlarges() -> None:
    state = board()
    for _ in range(50):
        state.zoom_by(1.5)
    assert state.zoom == 4.0
    for _ in range(50):
        state.zoom_by(0.5)
    assert state.zoom == 0.1
    assert state.fit_zoom(2000, 2000) == 1.0
    assert 0.2 < state.fit_zoom(430, 300) < 0.6
    assert BoardState().fit_zoom(100, 100) == 1.0


def test_a_multi_card_move_snaps_and_reports_only_cards_that_moved() -> None:
    state = board()
    state.select([2, 3])
    state.begin_move()
    state.move_by(33, -7)
    assert (state.cards[2].x, state.cards[2].y) == (33, 193)
    moved = state.finish_move()
    assert moved == {2: (40, 200), 3: (340, 200)}  # snapped to the 20-unit grid
    state.select([2])
    state.begin_move()
    state.move_by(4, 4)  # snaps back where it was
    assert state.finish_move() == {}
    state.begin_move()
    state.move_by(500, 500)
    state.cancel_move()
    assert (state.cards[2].x, state.cards[2].y) == (40, 200)


def test_arrow_key_nudges_move_by_grid_steps_or_single_units() -> None:
    state = board()
    state.select([1, 4])
    assert state.nudge(1, 0) == {1: (20, 0), 4: (620, 0)}
    state.snap = False
    assert state.nudge(0, -1) == {1: (20, -1), 4: (620, -1)}
    state.select([])
    assert state.nudge(1, 1) == {}


def test_drag_positions_from_the_graphics_layer() -> None:
    state = board()
    state.set_position(3, (311.0, 418.0))
    assert state.finish_move() == {3: (320, 420)}


def test_drop_target_is_a_theme_under_the_point_that_is_not_dragged() -> None:
    state = board()
    target = state.drop_target((50, 50), dragged=[2])
    assert target is not None and target.key == 1
    assert state.drop_target((50, 50), dragged=[1]) is None
    assert state.drop_target((650, 50), dragged=[]) is None  # a note is no target
    assert state.drop_target((50, 220), dragged=[]) is None  # nor a code


def test_new_cards_go_where_they_touch_nothing() -> None:
    state = board()
    spot = state.free_spot("theme")
    rect = (*spot, *CARD_SIZES["theme"])
    assert all(not overlaps(rect, c.rect) for c in state.cards.values())
    assert spot[0] % 20 == 0 and spot[1] % 20 == 0
    below = state.spot_below(1)
    assert below[1] >= state.cards[1].y + state.cards[1].h
    assert all(not overlaps((*below, *CARD_SIZES["code"]), c.rect) for c in state.cards.values())
    assert BoardState().free_spot("code") == (0, 0)
