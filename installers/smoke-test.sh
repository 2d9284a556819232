#!/usr/bin/env bash
# Smoke test of the Linux bundle and .deb: build them, then run the built folder as a user would and compare it
# with the development install (.venv). Run by .ci/run after the tests; SMOKE_SKIP_BUILD=1 reuses the last build.
# Needs QDA_WHISPER_MODEL and ../shared/corpus (QDA_SHARED_DIR), as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="${QT_LOGGING_RULES:-qt.multimedia.*=false}"
SHARED="${QDA_SHARED_DIR:-$(cd .. && pwd)/shared}"
: "${QDA_WHISPER_MODEL:?set QDA_WHISPER_MODEL to the faster-whisper model folder}"
PY=.venv/bin/python
BUNDLE="$PWD/build/dist/qda-desktop"
VERSION="$("$PY" -c 'import qda_desktop; print(qda_desktop.__version__)')"
DEB="dist/qda-desktop_${VERSION}_$(dpkg --print-architecture).deb"

[ "${SMOKE_SKIP_BUILD:-}" = 1 ] || DEB_COMPRESS=zstd installers/build-linux.sh
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Each run gets its own data, settings and keychain-free environment, like a fresh user account.
fresh() { # fresh NAME: point the per-user folders at $WORK/NAME
  export QDA_DATA_DIR="$WORK/$1/data" XDG_CONFIG_HOME="$WORK/$1/config" XDG_DATA_HOME="$WORK/$1/share" \
    XDG_CACHE_HOME="$WORK/$1/cache" PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring
  mkdir -p "$QDA_DATA_DIR" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
}
ok() { echo "smoke: ok   $*"; }
fail() { echo "smoke: FAIL $*" >&2; exit 1; }

# 1. Versions, from the folder and through the package's /usr/bin links (the .deb unpacked, not installed).
[ "$("$BUNDLE/qda-desktop" --version)" = "qda-desktop $VERSION" ] || fail "qda-desktop --version"
[ "$("$BUNDLE/qda" --version)" = "qda $VERSION" ] || fail "qda --version"
dpkg-deb -x "$DEB" "$WORK/root"
[ "$("$WORK/root/usr/bin/qda" --version)" = "qda $VERSION" ] || fail "/usr/bin/qda from the .deb"
ok "--version: qda-desktop $VERSION, qda $VERSION (folder and the .deb's /usr/bin links)"

# 2. The demo window, rendered offscreen by the bundle and by the development install.
fresh dev && .venv/bin/qda-desktop --demo --screenshot "$WORK/dev.png"
fresh bundle && "$BUNDLE/qda-desktop" --demo --screenshot "$WORK/bundle.png"
"$PY" installers/compare_png.py "$WORK/dev.png" "$WORK/bundle.png" || fail "demo screenshot differs"

# 3. The command line on a new project.
fresh cli
export QDA_PASSPHRASE="smoke test passphrase"
P="$WORK/study.qdaproj"
"$BUNDLE/qda" new "$P" --name "Smoke" >/dev/null
"$BUNDLE/qda" import "$P" "$SHARED/corpus/interviews/P02.txt" >/dev/null
"$BUNDLE/qda" codes add "$P" Trust >/dev/null
"$BUNDLE/qda" code "$P" P02 0 40 Trust >/dev/null
"$BUNDLE/qda" show "$P" --json >"$WORK/show.json"
"$PY" - "$WORK/show.json" "$SHARED/corpus/interviews/P02.txt" <<'CHECK' || fail "qda show"
import json, sys
dump = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
doc = dump["documents"][0]
assert doc["name"] == "P02" and doc["text"].split() == text.split(), "document text"
assert [c["name"] for c in dump["codes"]] == ["Trust"] and len(dump["codings"]) == 1, "code and coding"
CHECK
ok "qda new/import/codes add/code/show (document text and coding round-trip)"
"$WORK/root/usr/bin/qda" show "$P" >/dev/null || fail "qda show through the .deb's /usr/bin link"
# Files in and out: the writers and readers are imported only when used, so each is run once in the bundle.
for fmt in docx pdf xlsx csv md qdc; do
  "$BUNDLE/qda" export "$P" codebook -f "$fmt" -o "$WORK/codebook.$fmt" >/dev/null || fail "qda export codebook -f $fmt"
done
"$BUNDLE/qda" export "$P" project -f qdpx -o "$WORK/study.qdpx" >/dev/null || fail "qda export project -f qdpx"
# Right-to-left text is shaped and reordered only when a PDF holds some: run that path in the bundle too.
"$BUNDLE/qda" codes add "$P" "الانتماء" --definition "ما يقوله المشارك عن الحي" >/dev/null
"$BUNDLE/qda" export "$P" codebook -f pdf -o "$WORK/codebook-rtl.pdf" >/dev/null || fail "qda export: Arabic in a PDF"
"$BUNDLE/qda" matrix "$P" --format csv >/dev/null || fail "qda matrix"
"$BUNDLE/qda" export "$P" matrix -f xlsx -o "$WORK/matrix.xlsx" >/dev/null || fail "qda export matrix -f xlsx"
"$BUNDLE/qda" new "$WORK/other.qdaproj" >/dev/null
"$BUNDLE/qda" import "$WORK/other.qdaproj" "$WORK/study.qdpx" "$WORK/codebook.docx" >/dev/null || fail "qda import qdpx, docx"
"$BUNDLE/qda" cases import "$P" "$SHARED/corpus/participants.csv" >/dev/null || fail "qda cases import"
"$BUNDLE/qda" codes import "$P" "$SHARED/corpus/codebook_example.csv" >/dev/null || fail "qda codes import"
ok "qda export (docx, pdf incl. Arabic, xlsx, csv, md, qdc, qdpx, matrix), qda matrix, and import (qdpx, docx, participants.csv, codebook csv)"

# 4. Transcription in the spawned worker (fails in a frozen build without freeze_support) on a 30 s clip,
#    compared with the development install on the same clip.
sox "$SHARED/corpus/audio/P01.wav" "$WORK/P01-30s.wav" trim 0 30
for who in bundle dev; do
  fresh "t-$who"
  exe="$BUNDLE/qda"; [ "$who" = dev ] && exe=.venv/bin/qda
  "$exe" new "$WORK/$who.qdaproj" >/dev/null
  "$exe" transcribe "$WORK/$who.qdaproj" "$WORK/P01-30s.wav" --model "$QDA_WHISPER_MODEL" --device cpu \
    --language en --name clip >"$WORK/$who-transcribe.log" 2>&1 || { cat "$WORK/$who-transcribe.log"; fail "$who transcribe"; }
  "$exe" show "$WORK/$who.qdaproj" --json >"$WORK/$who-t.json"
done
"$PY" - "$WORK/bundle-t.json" "$WORK/dev-t.json" <<'CHECK' || fail "transcripts differ"
import json, sys
bundle, dev = ({d["name"]: d["text"] for d in json.load(open(p))["documents"]}["clip"] for p in sys.argv[1:])
assert len(bundle.split()) > 40, f"too little text: {bundle!r}"
assert bundle == dev, f"bundle: {bundle!r}\ndev:    {dev!r}"
print(f"smoke: ok   qda transcribe (30 s clip, {len(bundle.split())} words, identical to the development install):")
print("             " + bundle[:150].replace("\n", " ") + "…")
CHECK

# 5. The package: contents, desktop entry, AppStream data, and what the desktop makes of a .qdaproj file.
dpkg-deb -I "$DEB" | grep -E "^ (Package|Version|Depends|Installed-Size):"
LISTING="$(dpkg-deb -c "$DEB")"
for f in usr/bin/qda-desktop usr/bin/qda usr/lib/qda-desktop/_internal/qda_desktop/store/migrations/env.py \
  usr/share/applications/org.qdadesktop.QdaDesktop.desktop usr/share/mime/packages/org.qdadesktop.QdaDesktop.xml \
  usr/share/metainfo/org.qdadesktop.QdaDesktop.metainfo.xml usr/share/doc/qda-desktop/copyright \
  usr/share/icons/hicolor/256x256/apps/org.qdadesktop.QdaDesktop.png \
  usr/share/icons/hicolor/48x48/mimetypes/application-x-qdaproj.png; do
  grep -qE " \./$f( |\$)" <<<"$LISTING" || fail "$f is not in the package"
done
ok "package contents (dpkg-deb -c): links, bundle, migrations as source, desktop entry, MIME, metainfo, icons"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$WORK/root/usr/share/applications/org.qdadesktop.QdaDesktop.desktop" && ok "desktop-file-validate"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$WORK/root/usr/share/metainfo/org.qdadesktop.QdaDesktop.metainfo.xml" >/dev/null \
    && ok "appstreamcli validate"
fi
if command -v xdg-mime >/dev/null && command -v update-mime-database >/dev/null; then
  installers/check_mime.sh "$WORK/root/usr/share" | sed 's/^/smoke: ok   /'
fi
echo "smoke: passed ($(du -sh "$BUNDLE" | cut -f1) folder, $(du -h "$DEB" | cut -f1) .deb)"
