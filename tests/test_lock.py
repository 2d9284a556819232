"""The lock file CI installs from agrees with pyproject.toml's ranges, so users and CI meet the same rules."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO


def _locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (REPO / "installers" / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_every_dependency_is_pinned_within_its_range() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = _locked()
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in the lock file"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{name}=={locked[name]} vs {requirement}"
        )
