"""Files in and out: document importers, REFI-QDA exchange, supervision exports (no Qt here)."""
