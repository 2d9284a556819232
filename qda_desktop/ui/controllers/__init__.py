"""Controllers the main window is composed of (see base.py)."""
