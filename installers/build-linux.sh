#!/usr/bin/env bash
# Builds the one-folder bundle (PyInstaller) and wraps it into dist/qda-desktop_<version>_<arch>.deb.
#   installers/build-linux.sh                    bundle in build/dist/qda-desktop, then the .deb (xz)
#   DEB_COMPRESS=zstd installers/build-linux.sh  faster compression (CI's smoke test)
# Needs the app installed in .venv (installers/dev-install.sh) and dpkg-deb; installs the `build` extra itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
COMPRESS="${DEB_COMPRESS:-xz}"
BUNDLE=build/dist/qda-desktop
APP_ID=org.qdadesktop.QdaDesktop
started=$SECONDS

"$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install --quiet -e ".[build]"
VERSION="$("$PY" -c 'import qda_desktop; print(qda_desktop.__version__)')"
ARCH="$(dpkg --print-architecture)"

echo "build: PyInstaller (qda-desktop and qda into $BUNDLE)"
"$PY" -m PyInstaller --noconfirm --log-level ERROR --distpath build/dist --workpath build/work \
  installers/qda-desktop.spec
"$PY" installers/bundle_tools.py strip "$BUNDLE"
DEPENDS="$("$PY" installers/bundle_tools.py depends "$BUNDLE")"

echo "build: Debian package"
ROOT="build/deb/qda-desktop_${VERSION}_${ARCH}"
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/usr/lib" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
  "$ROOT/usr/share/mime/packages" "$ROOT/usr/share/metainfo" "$ROOT/usr/share/doc/qda-desktop"
cp -a "$BUNDLE" "$ROOT/usr/lib/qda-desktop"
ln -s ../lib/qda-desktop/qda-desktop "$ROOT/usr/bin/qda-desktop"
ln -s ../lib/qda-desktop/qda "$ROOT/usr/bin/qda"
install -m 644 "installers/linux/$APP_ID.desktop" "$ROOT/usr/share/applications/$APP_ID.desktop"
install -m 644 "installers/linux/$APP_ID.mime.xml" "$ROOT/usr/share/mime/packages/$APP_ID.xml"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u -r pyproject.toml +%F)/" \
  "installers/linux/$APP_ID.metainfo.xml" >"$ROOT/usr/share/metainfo/$APP_ID.metainfo.xml"
# hicolor icons for the app and for project files: the sizes in resources/, plus 24 and 48 rendered with Qt.
"$PY" - "$ROOT/usr/share/icons/hicolor" <<'ICONS'
import sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

source = QImage("resources/icons/qda-desktop-512.png")
for size in (16, 24, 32, 48, 64, 128, 256, 512):
    drawn = QImage(f"resources/icons/qda-desktop-{size}.png")
    if drawn.isNull():
        drawn = source.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    for kind in ("apps/org.qdadesktop.QdaDesktop", "mimetypes/application-x-qdaproj"):
        target = Path(sys.argv[1]) / f"{size}x{size}" / f"{kind}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        assert drawn.save(str(target)), target
ICONS
install -m 644 installers/linux/copyright "$ROOT/usr/share/doc/qda-desktop/copyright"
"$PY" installers/bundle_tools.py licenses "$BUNDLE" "$ROOT/usr/share/doc/qda-desktop/licenses"
find "$ROOT" -type d -exec chmod 755 {} +

cat >"$ROOT/DEBIAN/control" <<CONTROL
Package: qda-desktop
Version: $VERSION
Architecture: $ARCH
Maintainer: QDA Desktop developers <developers@qdadesktop.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
Depends: $DEPENDS
Section: science
Priority: optional
Homepage: https://qdadesktop.invalid/
Description: offline, encrypted qualitative data analysis
 Code interview transcripts and transcribe recordings locally (faster-whisper),
 with every project kept in one encrypted file (SQLCipher). Includes the
 qda-desktop window and the qda command line.
CONTROL

mkdir -p dist
DEB="dist/qda-desktop_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"$COMPRESS" --build "$ROOT" "$DEB" >/dev/null
rm -rf "$ROOT"  # the staging copy of the bundle (the folder itself stays in build/dist)
echo "build: $(du -sh "$BUNDLE" | cut -f1) folder, $(du -h "$DEB" | cut -f1) $DEB ($COMPRESS), $((SECONDS - started)) s"
