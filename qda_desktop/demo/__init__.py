"""The built-in demo project: fictional interviews written for QDA Desktop."""
