"""Domain core: commands with undo, anchors, queries. No Qt."""
