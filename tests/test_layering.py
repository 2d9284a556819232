"""The layering contract, read from the import statements of every module.

- ``ui`` never imports ``store`` or sqlalchemy (reads come from ``core.views``, writes from ``Project``);
- ``core`` never imports ``transcribe``, ``exchange``, ``analysis`` or ``ui``;
- ``exchange`` and ``analysis`` never import ``ui``.
Packages that do not exist yet pass; they are held to the rule the day they appear.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import qda_desktop

ROOT = Path(qda_desktop.__file__).parent

RULES: dict[str, tuple[str, ...]] = {
    "ui": ("qda_desktop.store", "sqlalchemy"),
    "core": ("qda_desktop.transcribe", "qda_desktop.exchange", "qda_desktop.analysis", "qda_desktop.ui"),
    "exchange": ("qda_desktop.ui",),
    "analysis": ("qda_desktop.ui",),
}


def imported_modules(source: str, module: str) -> set[str]:
    """Every module an import statement names, including those inside functions and TYPE_CHECKING blocks."""
    package = module.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def violations(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        module = "qda_desktop." + ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for name in sorted(imported_modules(path.read_text(encoding="utf-8"), module)):
            if breaks(name, RULES[package]):
                found.append(f"{module} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(RULES))
def test_layering_contract(package: str) -> None:
    assert violations(package) == []


def test_the_checker_sees_every_form_of_import() -> None:
    source = (
        "import sqlalchemy.orm\n"
        "from qda_desktop.store import media\n"
        "from ..store.models import Document\n"
        "def later():\n"
        "    from qda_desktop import ui\n"
        "if TYPE_CHECKING:\n"
        "    import qda_desktop.transcribe.job\n"
    )
    names = imported_modules(source, "qda_desktop.ui.player")
    assert breaks("sqlalchemy.orm", RULES["ui"])
    assert "qda_desktop.store" in names and "qda_desktop.store.models" in names
    assert "qda_desktop.ui" in names and "qda_desktop.transcribe.job" in names
    assert not breaks("qda_desktop.storeroom", RULES["ui"])


def test_the_rules_cover_the_packages_that_exist() -> None:
    assert (ROOT / "ui").is_dir() and (ROOT / "core").is_dir()
    assert any((ROOT / "ui").rglob("*.py")) and any((ROOT / "core").rglob("*.py"))
