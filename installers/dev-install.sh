#!/usr/bin/env bash
# Installs QDA Desktop from this checkout into ./.venv (Linux, Debian/Ubuntu).
#   installers/dev-install.sh          the app
#   installers/dev-install.sh --test   the app plus the test tools
set -euo pipefail
cd "$(dirname "$0")/.."

# Libraries Qt needs to start (offscreen or on X11) and to load QtMultimedia,
# plus the tools the tests use (espeak-ng, sox, sqlite3, strings, strace).
DEBIAN_PACKAGES=(
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libpulse0 libxrandr2
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 xvfb xauth
  espeak-ng sox sqlite3 binutils strace python3-venv
  # building and checking the .deb (installers/build-linux.sh, smoke-test.sh, tests/installers)
  file desktop-file-utils appstream shared-mime-info xdg-utils
  # the font PDF exports use first, with Arabic and Hebrew letters (tests/exchange/test_pdf_rtl.py)
  fonts-dejavu-core
)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "Not a Debian-like system: install the equivalents of: ${DEBIAN_PACKAGES[*]}" >&2
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The versions CI tested (installers/requirements-lock.txt), within pyproject.toml's ranges.
LOCK=(-c installers/requirements-lock.txt)
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]" "${LOCK[@]}"
else
  .venv/bin/python -m pip install --quiet -e . "${LOCK[@]}"
fi
echo "Installed. Start the app with: .venv/bin/qda-desktop --demo"
