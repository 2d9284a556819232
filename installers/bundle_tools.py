"""Linux helpers for installers/build-linux.sh: strip the bundle and derive the .deb's Depends.

python installers/bundle_tools.py strip FOLDER     strip symbols where that leaves the library loadable
python installers/bundle_tools.py depends FOLDER   print the Depends line for what the bundle does not ship
python installers/bundle_tools.py licenses FOLDER DEST   copy the licence files of the bundled distributions
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Sonames the bundle needs from the system that the build host may lack, with their Debian packages.
KNOWN = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
# Always wanted, though nothing links them: fonts and their configuration (Qt finds fonts through fontconfig),
# with a font to draw with.
EXTRA = ("libfontconfig1", "fonts-dejavu-core | fonts-liberation2")


def _run(*args: str) -> str:
    return subprocess.run(args, check=False, capture_output=True, text=True).stdout


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def loadable(path: Path) -> bool:
    """ldd refuses a library that strip broke (e.g. one patchelf rewrote: 'not page-aligned')."""
    result = subprocess.run(["ldd", str(path)], check=False, capture_output=True, text=True)
    return result.returncode == 0 and "not a dynamic executable" not in result.stdout + result.stderr


def strip(folder: Path) -> None:
    saved = 0
    for path in elf_files(folder):
        if "not stripped" not in _run("file", "-b", str(path)):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / path.name
            shutil.copy2(path, copy)
            subprocess.run(["strip", "--strip-unneeded", str(copy)], check=True, capture_output=True)
            if loadable(copy):
                saved += path.stat().st_size - copy.stat().st_size
                shutil.copy2(copy, path)
            else:
                print(f"strip: kept symbols in {path.relative_to(folder)} (stripped copy would not load)")
    print(f"strip: saved {saved / 2**20:.0f} MiB")


def _needed_and_glibc(path: Path) -> tuple[set[str], set[tuple[int, ...]]]:
    dump = _run("objdump", "-p", "-T", str(path))
    needed = set(re.findall(r"^\s+NEEDED\s+(\S+)", dump, re.MULTILINE))
    versions = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", dump)}
    return needed, versions


def _package_of(soname: str, index: dict[str, str]) -> str:
    if soname in KNOWN:
        return KNOWN[soname]
    path = index.get(soname)
    if path is None:
        raise SystemExit(f"depends: {soname} is needed by the bundle but not installed here; add it to KNOWN")
    owner = _run("dpkg", "-S", str(Path(path).resolve())) or _run("dpkg", "-S", path)
    if not owner:
        raise SystemExit(f"depends: no Debian package owns {path} ({soname})")
    return owner.split(":", 1)[0].strip()


def depends(folder: Path) -> str:
    files = elf_files(folder)
    shipped = {p.name for p in folder.rglob("*")}
    needed: set[str] = set()
    glibc: set[tuple[int, ...]] = {(2, 17)}
    for path in files:
        names, versions = _needed_and_glibc(path)
        needed |= names
        glibc |= versions
    index: dict[str, str] = {}
    for line in _run("ldconfig", "-p").splitlines():
        match = re.match(r"\s+(\S+) \(libc6,[^)]*\) => (\S+)", line)
        if match:
            index.setdefault(match.group(1), match.group(2))
    packages = {_package_of(name, index) for name in needed - shipped}
    floor = ".".join(str(n) for n in max(glibc))
    packages.discard("libc6")
    return ", ".join([f"libc6 (>= {floor})", *sorted(packages), *EXTRA])


LICENCE_NAMES = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


def licenses(folder: Path, dest: Path) -> None:
    """Copy each bundled distribution's licence files (run with the Python that built the bundle)."""
    bundled = {p.name for p in (folder / "_internal").iterdir()}
    count = 0
    for dist in importlib.metadata.distributions():
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
        if not any(name in bundled for name in tops if not name.endswith(".dist-info")):
            continue
        for file in dist.files or []:
            if ".dist-info" in str(file) and LICENCE_NAMES.search(file.name):
                target = dest / dist.metadata["Name"] / file.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(str(dist.locate_file(file))), target)
                count += 1
    print(f"licenses: {count} files")


if __name__ == "__main__":
    command, target = sys.argv[1], Path(sys.argv[2])
    if command == "licenses":
        licenses(target, Path(sys.argv[3]))
    elif command == "strip":
        strip(target)
    elif command == "depends":
        print(depends(target))
    else:
        raise SystemExit(__doc__)
