"""Fault-suite options: ``--trials N`` (or QDA_FAULT_TRIALS) for long runs; CI uses a few."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--trials", type=int, default=None, help="trials per fault loop (default: a few, for CI)")


@pytest.fixture
def trials(request: pytest.FixtureRequest) -> int | None:
    value = request.config.getoption("--trials")
    return int(value) if value is not None else None
