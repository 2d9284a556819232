#!/usr/bin/env bash
# check_mime.sh SHARE: register SHARE's MIME package and desktop entry in a scratch XDG data folder (as the
# package's triggers do system-wide) and check what the desktop then makes of a .qdaproj file.
set -euo pipefail
SHARE="$1"
X="$(mktemp -d)"
trap 'rm -rf "$X"' EXIT
mkdir -p "$X/data/mime/packages" "$X/data/applications" "$X/config"
cp "$SHARE"/mime/packages/*.xml "$X/data/mime/packages/"
cp "$SHARE"/applications/*.desktop "$X/data/applications/"
XDG_DATA_DIRS="$X/data" update-mime-database "$X/data/mime"
update-desktop-database "$X/data/applications"
grep -q "application/x-qdaproj:\*\.qdaproj" "$X/data/mime/globs2" || { echo "no *.qdaproj glob" >&2; exit 1; }
echo "update-mime-database: *.qdaproj is application/x-qdaproj"
default="$(env -u XDG_CURRENT_DESKTOP -u DESKTOP_SESSION XDG_DATA_HOME="$X/data" XDG_DATA_DIRS="$X/data" \
  XDG_CONFIG_HOME="$X/config" XDG_CONFIG_DIRS="$X/config" xdg-mime query default application/x-qdaproj)"
[ "$default" = org.qdadesktop.QdaDesktop.desktop ] || { echo "xdg-mime default is '$default'" >&2; exit 1; }
echo "xdg-mime query default application/x-qdaproj: $default"
