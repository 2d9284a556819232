"""Remembering passphrases in the OS keychain, and the fallback without one."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from qda_desktop.core import keys
from qda_desktop.errors import KeychainUnavailable
from tests.conftest import MemoryKeyring


def test_remember_recall_forget(memory_keyring: MemoryKeyring) -> None:
    keys.remember("uuid-1", "s3cret")
    assert keys.recall("uuid-1") == "s3cret"
    assert keys.recall("uuid-2") is None
    keys.forget("uuid-1")
    keys.forget("uuid-1")  # forgetting twice is fine
    assert keys.recall("uuid-1") is None
    assert memory_keyring.secrets == {}


def test_no_keychain_falls_back_clearly() -> None:
    keyring.set_keyring(FailKeyring())
    assert not keys.keychain_available()
    assert keys.recall("uuid-1") is None
    with pytest.raises(KeychainUnavailable, match="no usable keychain"):
        keys.remember("uuid-1", "s3cret")
