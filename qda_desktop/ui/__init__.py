"""PySide6 user interface. The only package that may import Qt."""
