"""``python -m qda_desktop.cli``."""

import sys

from qda_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
