"""Analysis queries (no Qt): code × case/document/attribute matrices and code co-occurrence.

Each returns typed, plain results for the window, the command line and exports.
"""
