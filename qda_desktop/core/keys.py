"""'Remember the passphrase on this computer' through the OS keychain (keyring).

Entries are keyed by the project's UUID. With no usable keychain (common on
headless Linux) every call says so with ``KeychainUnavailable``; callers then
ask for the passphrase.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from qda_desktop.errors import KeychainUnavailable

SERVICE = "QDA Desktop project"


def _unavailable(exc: Exception) -> KeychainUnavailable:
    return KeychainUnavailable(f"no usable keychain on this computer ({type(exc).__name__})")


def remember(project_uuid: str, passphrase: str) -> None:
    try:
        keyring.set_password(SERVICE, project_uuid, passphrase)
    except KeyringError as exc:
        raise _unavailable(exc) from None


def recall(project_uuid: str) -> str | None:
    """The remembered passphrase, or ``None`` if none is stored or no keychain exists."""
    try:
        return keyring.get_password(SERVICE, project_uuid)
    except KeyringError:
        return None


def forget(project_uuid: str) -> None:
    try:
        keyring.delete_password(SERVICE, project_uuid)
    except PasswordDeleteError:
        pass
    except KeyringError as exc:
        raise _unavailable(exc) from None


def keychain_available() -> bool:
    try:
        keyring.get_password(SERVICE, "probe")
    except KeyringError:
        return False
    return True
