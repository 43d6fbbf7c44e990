"""The staff PIN that unlocks kiosk mode: stored only as a salted hash, wrong tries rate-limited.

Qt-free. The PIN file is JSON holding the key-derivation parameters, a random 16-byte salt
and the derived hash; the PIN itself is never written anywhere, nor logged.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "rho-kiosk"
PIN_FILE_NAME = "staff-pin.json"
MIN_DIGITS = 4
MAX_DIGITS = 12
FREE_TRIES = 3
"""Wrong tries allowed before the first lock-out."""
FIRST_LOCK_S = 30.0
"""Length of the first lock-out, in seconds; it doubles with each further wrong try."""
MAX_LOCK_S = 15 * 60.0
"""Longest lock-out, in seconds."""

_FORMAT = "rho-kiosk-staff-pin"
_SALT_BYTES = 16
_HASH_BYTES = 32
# scrypt at n=2**14, r=8 needs 16 MiB and about 50 ms: cheap for one check, slow to brute-force.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_PBKDF2_ITERATIONS = 600_000
_PIN_RE = re.compile(r"[0-9]{4,12}")  # MIN_DIGITS to MAX_DIGITS


def default_pin_path() -> Path:
    """Where the staff PIN is kept: ``staff-pin.json`` in the user's config folder."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / PIN_FILE_NAME


def is_valid_pin(pin: str) -> bool:
    """True when ``pin`` is 4 to 12 ASCII digits."""
    return _PIN_RE.fullmatch(pin) is not None


class PinStatus(enum.Enum):
    """Outcome of :meth:`PinStore.check`."""

    OK = "ok"
    """The PIN is right."""
    WRONG = "wrong"
    """The PIN is wrong (or the PIN file is damaged, so no PIN can be right)."""
    LOCKED = "locked"
    """Too many wrong tries: this try was not checked at all."""
    NOT_SET = "not-set"
    """No PIN file exists; the caller decides what that means."""


@dataclass(frozen=True)
class PinCheck:
    """Result of one PIN check.

    ``retry_after`` is in seconds: for ``LOCKED`` the time left before a PIN is checked
    again; for the ``WRONG`` try that started a lock-out, that lock-out's length; else 0.
    """

    status: PinStatus
    retry_after: float = 0.0

    @property
    def ok(self) -> bool:
        """True only when the PIN was right."""
        return self.status is PinStatus.OK


class PinFileError(Exception):
    """The PIN file exists but cannot be read or understood."""


class PinStore:
    """The staff PIN in one JSON file, with a rate limit on wrong tries.

    After 3 wrong tries every further try is refused for 30 s, and each wrong try after a
    lock-out doubles it, up to 15 minutes; a right PIN resets the count. The count and the
    lock-out live in memory only (a restart clears them), timed by ``clock`` (seconds,
    monotonic). Tries made while locked out are not checked and do not count.

    A PIN file that exists but is damaged or unreadable counts as set but unverifiable:
    :meth:`is_set` is true and every check is wrong, with an error in the log, so a broken
    file never unlocks the kiosk. ``kiosk set-pin`` writes a fresh one.
    """

    def __init__(self, path: Path | None = None, clock: Callable[[], float] = time.monotonic):
        self._path = path if path is not None else default_pin_path()
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    @property
    def path(self) -> Path:
        """The PIN file."""
        return self._path

    def is_set(self) -> bool:
        """True when a PIN file exists (even a damaged one)."""
        try:
            self._path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError:
            return True  # there is something we cannot look at: never treat it as "no PIN"
        return True

    def set_pin(self, pin: str) -> None:
        """Store ``pin`` (4 to 12 digits) as a salted hash; raise ValueError otherwise."""
        if not is_valid_pin(pin):
            raise ValueError(
                f"the staff PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits (0-9), "
                "with no spaces or other characters"
            )
        import hashlib  # with hmac and secrets: only to set or check a PIN (kiosk start-up)
        import secrets

        salt = secrets.token_bytes(_SALT_BYTES)
        if hasattr(hashlib, "scrypt"):
            record: dict[str, Any] = {"kdf": "scrypt", **_SCRYPT}
        else:  # Python built against an OpenSSL without scrypt
            record = {"kdf": "pbkdf2-sha256", "iterations": _PBKDF2_ITERATIONS}
        record = {"format": _FORMAT, "version": 1, **record, "salt": salt.hex()}
        record["hash"] = _derive(pin, record, salt).hex()
        _write_atomically(self._path, (json.dumps(record, indent=2) + "\n").encode("ascii"))
        self._reset()
        log.info("staff PIN stored in %s", self._path)

    def clear(self) -> bool:
        """Remove the PIN file; return True when there was one."""
        self._reset()
        try:
            self._path.unlink()
        except FileNotFoundError:
            return False
        log.info("staff PIN removed from %s", self._path)
        return True

    def check(self, pin: str) -> PinCheck:
        """Check ``pin`` against the stored hash, subject to the rate limit."""
        now = self._clock()
        if now < self._locked_until:
            return PinCheck(PinStatus.LOCKED, self._locked_until - now)
        if not self.is_set():
            return PinCheck(PinStatus.NOT_SET)
        try:
            matched = self._verify(pin)
        except PinFileError as error:
            log.error(
                "staff PIN file %s is damaged or unreadable (%s); no PIN is accepted until "
                "'kiosk set-pin' is run again",
                self._path,
                error,
            )
            matched = False
        if matched:
            self._reset()
            return PinCheck(PinStatus.OK)
        self._failures += 1
        if self._failures < FREE_TRIES:
            return PinCheck(PinStatus.WRONG)
        lock = min(FIRST_LOCK_S * 2 ** (self._failures - FREE_TRIES), MAX_LOCK_S)
        self._locked_until = now + lock
        log.warning("%d wrong staff PIN tries; locked for %.0f s", self._failures, lock)
        return PinCheck(PinStatus.WRONG, lock)

    def _reset(self) -> None:
        self._failures = 0
        self._locked_until = 0.0

    def _verify(self, pin: str) -> bool:
        record, salt, expected = _read_record(self._path)
        if not is_valid_pin(pin):
            return False  # the format is no secret; skip the costly hash
        try:
            derived = _derive(pin, record, salt)
        except (ValueError, MemoryError) as error:  # parameters this OpenSSL refuses
            raise PinFileError(f"key derivation failed: {error}") from None
        import hmac  # only to check a PIN, not at the kiosk's start-up

        return hmac.compare_digest(derived, expected)


def _derive(pin: str, record: dict[str, Any], salt: bytes) -> bytes:
    import hashlib  # only to set or check a PIN, not at the kiosk's start-up

    secret = pin.encode("utf-8")
    if record["kdf"] == "scrypt":
        return hashlib.scrypt(
            secret,
            salt=salt,
            n=record["n"],
            r=record["r"],
            p=record["p"],
            maxmem=_SCRYPT_MAXMEM,
            dklen=_HASH_BYTES,
        )
    return hashlib.pbkdf2_hmac("sha256", secret, salt, record["iterations"], _HASH_BYTES)


def _read_record(path: Path) -> tuple[dict[str, Any], bytes, bytes]:
    """The PIN file's parameters, salt and hash; PinFileError when it is not usable."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PinFileError(error.strerror or type(error).__name__) from None
    if len(raw) > 4096:
        raise PinFileError("file is too large")
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PinFileError("not valid JSON") from None
    if not isinstance(record, dict) or record.get("format") != _FORMAT:
        raise PinFileError("not a staff PIN file")
    if record.get("version") != 1:
        raise PinFileError(f"unknown version {record.get('version')!r}")
    try:
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
    except (KeyError, TypeError, ValueError):
        raise PinFileError("salt or hash missing or not hex") from None
    if len(salt) < _SALT_BYTES or len(expected) != _HASH_BYTES:
        raise PinFileError("salt or hash has the wrong length")
    if not _sane_parameters(record):
        raise PinFileError("unknown or unsafe key-derivation parameters")
    return record, salt, expected


def _sane_parameters(record: dict[str, Any]) -> bool:
    def whole(name: str, low: int, high: int) -> bool:
        value = record.get(name)
        return type(value) is int and low <= value <= high

    if record.get("kdf") == "scrypt":
        n: Any = record.get("n")
        return (
            whole("n", 2**10, 2**17)
            and whole("r", 1, 16)
            and whole("p", 1, 4)
            and n & (n - 1) == 0  # a power of two
            and n < 2 ** (16 * record["r"])  # OpenSSL refuses n >= 2**(16 r)
            and 128 * n * record["r"] <= _SCRYPT_MAXMEM // 2
        )
    if record.get("kdf") == "pbkdf2-sha256":
        return whole("iterations", 100_000, 5_000_000)
    return False


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600 via a temporary file and os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(prefix=".staff-pin-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if os.name == "posix":  # make the rename itself durable
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
