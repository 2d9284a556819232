"""The damaged-page sweep: one page of a real project damaged, for a spread of pages.

``show``, ``backup``, ``passwd`` and ``restore`` must each either succeed with a
good result (the same content, a copy that opens) or fail with one clear line and
change nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import sha256
from tests.faults.cli_runner import Outcome, build_study, qda
from tests.faults.common import FaultResult, trial_count

PASS = "sweep passphrase"
NEW = "another passphrase"
PAGE_BYTES = 4096  # SQLCipher 4


def damage(path: Path, page: int) -> None:
    """Flip bytes in the middle of page ``page`` (1-based)."""
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * PAGE_BYTES + PAGE_BYTES // 2)
        chunk = bytearray(fh.read(8))
        fh.seek((page - 1) * PAGE_BYTES + PAGE_BYTES // 2)
        fh.write(bytes(b ^ 0xA5 for b in chunk))


def spread(total: int, count: int) -> list[int]:
    """``count`` page numbers from 1 to ``total``, evenly spaced, always with the first and the last."""
    if count >= total:
        return list(range(1, total + 1))
    return sorted({1 + round(i * (total - 1) / (count - 1)) for i in range(count)}) if count > 1 else [1]


def _judge(result: FaultResult, what: str, outcome: Outcome, good: bool, unchanged: bool) -> None:
    result.trials += 1
    if outcome.code == 0 and not good:
        result.fail(f"{what}: succeeded with a bad result")
    elif outcome.code != 0 and not (outcome.one_clear_line and unchanged):
        result.fail(f"{what}: {outcome.err.strip()[-200:]!r} (unchanged: {unchanged})")


def run_damage_sweep(folder: Path, pages: int) -> FaultResult:
    study = folder / "study.qdaproj"
    expected = build_study(study, PASS)
    total = study.stat().st_size // PAGE_BYTES
    result = FaultResult("damaged-page sweep")
    for page in spread(total, pages):
        work = folder / f"page{page}"
        work.mkdir()
        hurt = work / "study.qdaproj"
        shutil.copyfile(study, hurt)
        damage(hurt, page)
        before = sha256(hurt)

        shown = qda("show", str(hurt), "--json", passphrase=PASS)
        _judge(result, f"show p{page}", shown, shown.out == expected, sha256(hurt) == before)

        backup = work / "backups" / "study.qdaproj"
        made = qda("backup", str(hurt), str(work / "backups"), passphrase=PASS)
        good = made.code == 0 and qda("show", str(backup), "--json", passphrase=PASS).out == expected
        _judge(result, f"backup p{page}", made, good, sha256(hurt) == before and not backup.exists())

        good_target = work / "target.qdaproj"
        shutil.copyfile(study, good_target)
        target_before = sha256(good_target)
        restored = qda("restore", str(hurt), str(good_target), "--force", passphrase=PASS)
        good = restored.code == 0 and qda("show", str(good_target), "--json", passphrase=PASS).out == expected
        _judge(result, f"restore p{page}", restored, good, sha256(good_target) == target_before)

        changed = qda("passwd", str(hurt), passphrase=PASS, new=NEW)
        good = changed.code == 0 and qda("show", str(hurt), "--json", passphrase=NEW).out == expected
        _judge(result, f"passwd p{page}", changed, good, sha256(hurt) == before)
    return result


def test_damaged_pages_never_spread(tmp_path: Path, trials: int | None) -> None:
    result = run_damage_sweep(tmp_path, trial_count(trials, 5))
    assert result.failures == 0, result.notes
    assert result.trials >= 4 * 5
