"""Who may see what: the users file, hashed passwords, per-user API keys and roles.

Roles: `member` sees member documents; `team` (the bargaining team) also sees team-only
documents and may upload, delete and draft. With no users file Steward runs in single-user
mode: no login, the one user is the team, and the app only listens on localhost.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from store.errors import ConfigError

ROLES = ("member", "team")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True)
class Viewer:
    """The person asking, and what their role lets retrieval see."""

    name: str
    role: str

    @property
    def visibility(self) -> tuple[str, ...]:
        return ("member", "team") if self.role == "team" else ("member",)

    @property
    def is_team(self) -> bool:
        return self.role == "team"


OWNER = Viewer("owner", "team")  # single-user mode


def _hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def _check_password(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        fresh = _hash_password(password, bytes.fromhex(salt)).split("$")[2]
    except ValueError:
        return False
    return hmac.compare_digest(fresh, digest)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Users:
    """The users file (data dir/users.json). Passwords and API keys are stored hashed."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._stamp: float | None = None
        self.data: dict = {"users": {}}
        self._reload()

    def _reload(self) -> None:
        """Re-read the file when it changed (users added while the app runs)."""
        stamp = self.path.stat().st_mtime if self.path.exists() else None
        if stamp == self._stamp:
            return
        try:
            self.data = json.loads(self.path.read_text()) if stamp else {"users": {}}
        except (OSError, ValueError) as exc:
            raise ConfigError(f"The users file {self.path} cannot be read ({exc}).") from None
        self._stamp = stamp

    @property
    def single_user(self) -> bool:
        self._reload()
        return not self.data["users"]

    def add(self, name: str, role: str, password: str) -> str:
        """Create or replace a user; returns a new API key (shown once, stored hashed)."""
        self._reload()
        if role not in ROLES:
            raise ConfigError(f"Role {role!r} is not one of {', '.join(ROLES)}.")
        if not name or not password:
            raise ConfigError("A user needs a name and a password.")
        key = "stw_" + secrets.token_urlsafe(24)
        self.data["users"][name] = {"role": role, "password": _hash_password(password),
                                    "api_keys": [_key_hash(key)]}
        self._save()
        return key

    def remove(self, name: str) -> None:
        self._reload()
        if self.data["users"].pop(name, None) is None:
            raise ConfigError(f"There is no user {name!r}.")
        self._save()

    def login(self, name: str, password: str) -> bool:
        """Password, or one of the user's API keys (so gradio_client can log in with a key)."""
        self._reload()
        user = self.data["users"].get(name)
        if not user:
            return False
        return _check_password(password, user["password"]) or any(
            hmac.compare_digest(_key_hash(password), k) for k in user.get("api_keys", []))

    def viewer(self, name: str | None) -> Viewer | None:
        """The Viewer for a logged-in name (the owner in single-user mode)."""
        self._reload()
        if self.single_user:
            return OWNER
        user = self.data["users"].get(name or "")
        return Viewer(name, user["role"]) if user else None

    def by_api_key(self, key: str) -> Viewer | None:
        self._reload()
        wanted = _key_hash(key)
        for name, user in self.data["users"].items():
            if any(hmac.compare_digest(wanted, k) for k in user.get("api_keys", [])):
                return Viewer(name, user["role"])
        return None

    def names(self) -> list[tuple[str, str]]:
        return sorted((n, u["role"]) for n, u in self.data["users"].items())

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=2))
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)
