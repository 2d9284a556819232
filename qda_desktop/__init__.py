"""QDA Desktop: offline, encrypted qualitative data analysis."""

__version__ = "0.1.0"
