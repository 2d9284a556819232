"""The theme board: a QGraphicsView over Qt-free board state (core.board_state)."""
