"""Compare two screenshots pixel by pixel: exit 0 when identical, else print where they differ and exit 1."""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage


def main(first: str, second: str) -> int:
    a, b = (QImage(p).convertToFormat(QImage.Format.Format_ARGB32) for p in (first, second))
    if a.isNull() or b.isNull():
        print(f"smoke: cannot read {first if a.isNull() else second}")
        return 1
    if a.size() != b.size():
        print(f"smoke: sizes differ: {a.width()}x{a.height()} vs {b.width()}x{b.height()}")
        return 1
    differing = [(x, y) for y in range(a.height()) for x in range(a.width()) if a.pixel(x, y) != b.pixel(x, y)]
    if differing:
        xs, ys = [x for x, _ in differing], [y for _, y in differing]
        print(f"smoke: {len(differing)} pixels differ, within x {min(xs)}..{max(xs)}, y {min(ys)}..{max(ys)}")
        return 1
    print(f"smoke: ok   demo screenshot pixel-identical to the development install ({a.width()}x{a.height()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
