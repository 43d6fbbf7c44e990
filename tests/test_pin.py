"""The staff PIN: hashed at rest, rate-limited, safe when the file is damaged; `kiosk set-pin`."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.system.pin import (
    FIRST_LOCK_S,
    MAX_LOCK_S,
    PinCheck,
    PinStatus,
    PinStore,
    default_pin_path,
)
from tests.conftest import REPO_ROOT
from tests.support.clock import FakeClock


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real config folder."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


@pytest.fixture
def pin_file(tmp_path: Path) -> Path:
    return tmp_path / "pins" / "staff-pin.json"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(pin_file: Path, clock: FakeClock) -> PinStore:
    return PinStore(pin_file, clock=clock)


def test_default_path_is_in_the_user_config_folder(private_config: Path) -> None:
    assert default_pin_path() == private_config / "rho-kiosk" / "staff-pin.json"
    assert PinStore().path == default_pin_path()


def test_right_pin_is_ok_and_wrong_pin_is_wrong(store: PinStore) -> None:
    assert not store.is_set()
    assert store.check("1234") == PinCheck(PinStatus.NOT_SET)
    store.set_pin("2468")
    assert store.is_set()
    assert store.check("2468").ok
    assert store.check("2469") == PinCheck(PinStatus.WRONG, 0.0)
    assert not store.check("2469").ok


def test_only_a_salted_hash_is_stored_privately(store: PinStore, pin_file: Path) -> None:
    store.set_pin("97531")
    text = pin_file.read_text(encoding="utf-8")
    assert "97531" not in text
    record = json.loads(text)
    assert len(bytes.fromhex(record["salt"])) == 16
    assert len(bytes.fromhex(record["hash"])) == 32
    if os.name == "posix":
        assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600
    assert [p.name for p in pin_file.parent.iterdir()] == ["staff-pin.json"]  # no temp left
    first_salt = record["salt"]
    store.set_pin("97531")
    assert json.loads(pin_file.read_text(encoding="utf-8"))["salt"] != first_salt


def test_the_pin_never_reaches_the_log(
    store: PinStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every record, not only warnings
    store.set_pin("97531")
    store.check("97531")
    for _ in range(4):  # wrong tries, then a lock-out
        store.check("86420")
    store.check("97531")
    clock.now += MAX_LOCK_S
    store.check("97531")
    store.clear()
    with pytest.raises(ValueError, match="4 to 12 digits"):
        store.set_pin("97531x")
    messages = [
        record.getMessage() for record in caplog.records if record.name == "kiosk.system.pin"
    ]
    # What is logged instead: where the PIN went, the lock-out, the removal.
    assert messages == [
        f"staff PIN stored in {store.path}",
        "3 wrong staff PIN tries; locked for 30 s",  # the fourth try was not even checked
        f"staff PIN removed from {store.path}",
    ]
    for record in caplog.records:
        message = record.getMessage()
        assert "97531" not in message, message
        assert "86420" not in message, message


@pytest.mark.parametrize(
    "bad", ["", "123", "1234567890123", "12a4", " 1234", "12 34", "١٢٣٤", "²²²²"]
)
def test_set_pin_refuses_anything_but_4_to_12_digits(store: PinStore, bad: str) -> None:
    message = "the staff PIN must be 4 to 12 digits (0-9), with no spaces or other characters"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        store.set_pin(bad)
    assert not store.is_set()


@pytest.mark.parametrize("tried", ["", "246", "2468 ", "24680246802468", "246a", "٢٤٦٨"])
def test_a_try_that_is_not_4_to_12_digits_is_wrong(store: PinStore, tried: str) -> None:
    store.set_pin("2468")
    assert store.check(tried) == PinCheck(PinStatus.WRONG)


def test_a_new_store_on_an_existing_file_starts_unlocked_from_time_zero(pin_file: Path) -> None:
    clock = FakeClock()
    clock.now = 0.0  # a monotonic clock may start anywhere, 0 too
    store = PinStore(pin_file, clock=clock)
    store.set_pin("1357")
    assert store.check("1357").ok
    store = PinStore(pin_file, clock=clock)  # no set_pin: the count starts from nothing
    assert store.check("0000") == PinCheck(PinStatus.WRONG)
    assert store.check("0000") == PinCheck(PinStatus.WRONG)
    assert store.check("0000") == PinCheck(PinStatus.WRONG, FIRST_LOCK_S)
    clock.now += FIRST_LOCK_S
    assert store.check("1357").ok
    store.clear()
    store.set_pin("1357")
    assert store.check("1357").ok


def test_the_file_is_indented_json_in_a_private_folder(store: PinStore, pin_file: Path) -> None:
    store.set_pin("1357")
    text = pin_file.read_text(encoding="ascii")
    assert text == json.dumps(json.loads(text), indent=2) + "\n"
    if os.name == "posix":
        assert stat.S_IMODE(pin_file.parent.stat().st_mode) == 0o700


def test_the_file_is_replaced_in_one_step_from_its_own_folder(
    store: PinStore, pin_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new file is written beside the old one and renamed over it: never half a file."""
    store.set_pin("1357")
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(source: str, target: Path) -> None:
        renames.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    store.set_pin("2468")
    [(source, target)] = renames
    assert target == pin_file
    assert source.parent == pin_file.parent
    assert source.name.startswith(".staff-pin-")  # hidden while it is written
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OSError, match="full"):
        store.set_pin("3579")
    assert [path.name for path in pin_file.parent.iterdir()] == ["staff-pin.json"]
    monkeypatch.undo()
    assert store.check("2468").ok  # the old file is whole


def test_a_file_that_cannot_be_looked_at_counts_as_set(
    store: PinStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path, **kwargs: object) -> os.stat_result:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "stat", refuse)
    assert store.is_set()


def test_four_and_twelve_digits_are_accepted(store: PinStore) -> None:
    store.set_pin("0000")
    assert store.check("0000").ok
    store.set_pin("012345678901")
    assert store.check("012345678901").ok
    assert not store.check("0000").ok


def test_three_wrong_tries_lock_for_30_s_then_doubling_up_to_15_minutes(
    store: PinStore, clock: FakeClock
) -> None:
    store.set_pin("1357")
    assert store.check("0000") == PinCheck(PinStatus.WRONG)
    assert store.check("0000") == PinCheck(PinStatus.WRONG)
    assert store.check("0000") == PinCheck(PinStatus.WRONG, FIRST_LOCK_S)
    # While locked even the right PIN is not checked.
    clock.now += 10
    assert store.check("1357") == PinCheck(PinStatus.LOCKED, FIRST_LOCK_S - 10)
    clock.now += FIRST_LOCK_S - 10
    locks = []
    for _ in range(8):
        result = store.check("0000")
        assert result.status is PinStatus.WRONG
        locks.append(result.retry_after)
        clock.now += result.retry_after
    assert locks == [60.0, 120.0, 240.0, 480.0, MAX_LOCK_S, MAX_LOCK_S, MAX_LOCK_S, MAX_LOCK_S]


def test_a_right_pin_resets_the_count(store: PinStore, clock: FakeClock) -> None:
    store.set_pin("1357")
    store.check("0000")
    store.check("0000")
    assert store.check("1357").ok
    assert store.check("0000") == PinCheck(PinStatus.WRONG)
    assert store.check("0000") == PinCheck(PinStatus.WRONG)
    assert store.check("0000") == PinCheck(PinStatus.WRONG, FIRST_LOCK_S)
    clock.now += FIRST_LOCK_S
    assert store.check("1357").ok
    assert store.check("0000") == PinCheck(PinStatus.WRONG)


def test_lock_state_is_in_memory_only(pin_file: Path, clock: FakeClock) -> None:
    first = PinStore(pin_file, clock=clock)
    first.set_pin("1357")
    for _ in range(3):
        first.check("0000")
    assert first.check("1357").status is PinStatus.LOCKED
    assert PinStore(pin_file, clock=clock).check("1357").ok


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (b"", "not valid JSON"),
        (b"not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "not a staff PIN file"),
        (b" " * 4097, "file is too large"),
        (b'{"format": "rho-kiosk-staff-pin", "version": 1}', "salt or hash missing or not hex"),
        (b'{"format": "rho-kiosk-staff-pin", "version": 9, "kdf": "scrypt"}', "unknown version 9"),
    ],
)
def test_a_damaged_file_is_set_but_never_accepts_a_pin(
    store: PinStore, pin_file: Path, damage: bytes, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    store.set_pin("1357")
    pin_file.write_bytes(damage)
    assert store.is_set()
    result = store.check("1357")
    assert result.status is PinStatus.WRONG
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == [
        f"staff PIN file {pin_file} is damaged or unreadable ({why}); no PIN is accepted "
        "until 'kiosk set-pin' is run again"
    ]
    assert "1357" not in caplog.text


def test_a_file_of_4096_bytes_is_not_too_large(store: PinStore, pin_file: Path) -> None:
    store.set_pin("1357")
    text = pin_file.read_text(encoding="ascii").rstrip("\n")
    pin_file.write_text(text + " " * (4096 - len(text)), encoding="ascii")
    assert pin_file.stat().st_size == 4096
    assert store.check("1357").ok


UNSAFE = "unknown or unsafe key-derivation parameters"


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        pytest.param({"n": 2**30}, UNSAFE, id="n-huge"),
        pytest.param({"n": 1000}, UNSAFE, id="n-small"),
        pytest.param({"n": 2**9}, UNSAFE, id="n-below-2-to-the-10"),
        pytest.param({"n": 3 * 2**12}, UNSAFE, id="n-not-a-power-of-two"),
        pytest.param({"n": 2**14 + 0.0}, UNSAFE, id="n-float"),
        pytest.param({"n": "16384"}, UNSAFE, id="n-text"),
        pytest.param({"n": None}, UNSAFE, id="n-null"),
        pytest.param({"n": 2**16, "r": 1}, UNSAFE, id="n-too-big-for-r"),
        pytest.param({"r": 0}, UNSAFE, id="r-zero"),
        pytest.param({"n": 2**10, "r": 17}, UNSAFE, id="r-huge"),
        pytest.param({"r": True}, UNSAFE, id="r-bool"),
        pytest.param({"p": 0}, UNSAFE, id="p-zero"),
        pytest.param({"p": 5}, UNSAFE, id="p-huge"),
        pytest.param({"n": 2**17, "r": 16}, UNSAFE, id="memory-over-the-limit"),
        pytest.param({"n": 2**17, "r": 3}, UNSAFE, id="memory-over-half-the-limit"),
        pytest.param({"kdf": "md5"}, UNSAFE, id="kdf-unknown"),
        pytest.param({"kdf": "pbkdf2-sha256"}, UNSAFE, id="pbkdf2-no-iterations"),
        pytest.param({"kdf": "pbkdf2-sha256", "iterations": 99_999}, UNSAFE, id="pbkdf2-few"),
        pytest.param({"kdf": "pbkdf2-sha256", "iterations": 5_000_001}, UNSAFE, id="pbkdf2-many"),
        pytest.param({"salt": "zz"}, "salt or hash missing or not hex", id="salt-not-hex"),
        pytest.param({"salt": "00" * 15}, "salt or hash has the wrong length", id="salt-short"),
        pytest.param({"hash": "00"}, "salt or hash has the wrong length", id="hash-short"),
        pytest.param({"hash": 7}, "salt or hash missing or not hex", id="hash-number"),
        pytest.param({"format": "other"}, "not a staff PIN file", id="format"),
        pytest.param({"version": 2}, "unknown version 2", id="version"),
    ],
)
def test_unsafe_or_odd_parameters_count_as_damage(
    store: PinStore,
    pin_file: Path,
    changes: dict[str, object],
    why: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Each is refused, with its reason, before any key derivation: hashlib raises for
    # some (n not a power of two, p = 0, too much memory) and takes minutes for others.
    store.set_pin("1357")
    record = json.loads(pin_file.read_text(encoding="utf-8"))
    record.update(changes)
    pin_file.write_text(json.dumps(record), encoding="utf-8")
    assert store.is_set()
    assert store.check("1357") == PinCheck(PinStatus.WRONG)
    assert f"damaged or unreadable ({why})" in caplog.text


def test_a_key_derivation_that_fails_counts_as_damage(
    store: PinStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Parameters this Python's OpenSSL refuses after all are refused, not raised."""
    import hashlib

    store.set_pin("1357")

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise ValueError("[digital envelope routines] memory limit exceeded")

    monkeypatch.setattr(hashlib, "scrypt", refuse)
    assert store.check("1357") == PinCheck(PinStatus.WRONG)
    assert "key derivation failed: [digital envelope routines] memory limit" in caplog.text


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"n": 2**10, "r": 1, "p": 1}, id="scrypt-lowest"),
        pytest.param({"n": 2**15, "r": 1, "p": 1}, id="scrypt-highest-n-for-r-1"),
        pytest.param({"n": 2**17, "r": 2, "p": 1}, id="scrypt-highest-n"),
        pytest.param({"n": 2**10, "r": 1, "p": 4}, id="scrypt-highest-p"),
        pytest.param({"n": 2**13, "r": 16, "p": 1}, id="scrypt-highest-r"),
        pytest.param({"kdf": "pbkdf2-sha256", "iterations": 100_000}, id="pbkdf2-fewest"),
    ],
)
def test_parameters_at_the_limits_still_verify(
    store: PinStore, pin_file: Path, changes: dict[str, object]
) -> None:
    """A file written with other sane parameters (older or newer defaults) still works."""
    import hashlib

    record = {"format": "rho-kiosk-staff-pin", "version": 1, "kdf": "scrypt", "n": 2**14}
    record.update({"r": 8, "p": 1, "salt": "ab" * 16, **changes})
    salt = bytes.fromhex(str(record["salt"]))
    if record["kdf"] == "scrypt":
        derived = hashlib.scrypt(
            b"1357",
            salt=salt,
            n=int(record["n"]),  # type: ignore[call-overload]
            r=int(record["r"]),  # type: ignore[call-overload]
            p=int(record["p"]),  # type: ignore[call-overload]
            maxmem=64 * 1024 * 1024,
            dklen=32,
        )
    else:
        derived = hashlib.pbkdf2_hmac("sha256", b"1357", salt, 100_000, 32)
    record["hash"] = derived.hex()
    pin_file.parent.mkdir(parents=True)
    pin_file.write_text(json.dumps(record), encoding="utf-8")
    assert store.check("1357").ok
    assert store.check("1358") == PinCheck(PinStatus.WRONG)


def test_a_pbkdf2_record_still_verifies(store: PinStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    with monkeypatch.context() as patch:
        patch.delattr(hashlib, "scrypt")
        store.set_pin("8642")
    assert hasattr(hashlib, "scrypt")
    assert json.loads(store.path.read_text(encoding="utf-8"))["kdf"] == "pbkdf2-sha256"
    assert store.check("8642").ok
    assert not store.check("8643").ok


def test_a_folder_in_place_of_the_file_is_unverifiable(
    store: PinStore, pin_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pin_file.mkdir(parents=True)
    assert store.is_set()
    assert store.check("1357").status is PinStatus.WRONG
    assert "is damaged or unreadable (Is a directory)" in caplog.text


def test_clear_removes_the_pin(store: PinStore) -> None:
    assert store.clear() is False
    store.set_pin("1357")
    assert store.clear() is True
    assert not store.is_set()
    assert store.check("1357").status is PinStatus.NOT_SET


# --- kiosk set-pin ---------------------------------------------------------------------------


def test_set_pin_from_stdin(
    pin_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    assert main(["set-pin", "--stdin", "--pin-file", str(pin_file)]) == 0
    out = capsys.readouterr().out
    assert str(pin_file) in out
    assert "4321" not in out
    assert PinStore(pin_file).check("4321").ok


def test_set_pin_from_stdin_refuses_a_bad_pin(
    pin_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["set-pin", "--stdin", "--pin-file", str(pin_file)]) == 1
    assert "4 to 12 digits" in capsys.readouterr().err
    assert not pin_file.exists()


def test_set_pin_prompts_twice(
    pin_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["55555", "55555"])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert main(["set-pin", "--pin-file", str(pin_file)]) == 0
    assert len(prompts) == 2
    assert PinStore(pin_file).check("55555").ok


def test_set_pin_mismatch_changes_nothing(
    pin_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    PinStore(pin_file).set_pin("1111")
    answers = iter(["2222", "2223"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["set-pin", "--pin-file", str(pin_file)]) == 1
    assert "differ" in capsys.readouterr().err
    assert PinStore(pin_file).check("1111").ok


def test_set_pin_clear(pin_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["set-pin", "--clear", "--pin-file", str(pin_file)]) == 0
    assert "No staff PIN was set" in capsys.readouterr().out
    PinStore(pin_file).set_pin("1111")
    assert main(["set-pin", "--clear", "--pin-file", str(pin_file)]) == 0
    assert "removed" in capsys.readouterr().out
    assert not pin_file.exists()


def test_set_pin_default_location_follows_xdg_config_home(
    private_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("2580\n"))
    assert main(["set-pin", "--stdin"]) == 0
    assert (private_config / "rho-kiosk" / "staff-pin.json").is_file()


def test_set_pin_stdin_and_clear_are_exclusive(
    pin_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["set-pin", "--stdin", "--clear", "--pin-file", str(pin_file)])
    assert exit_info.value.code == 2


def test_set_pin_as_a_script_runs_it(tmp_path: Path, pin_file: Path, private_config: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), XDG_CONFIG_HOME=str(private_config))
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin", "--stdin", "--pin-file", str(pin_file)],
        input="8080\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"Staff PIN stored in {pin_file}." in done.stdout
    assert PinStore(pin_file).check("8080").ok


def test_set_pin_into_an_unwritable_place_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    assert main(["set-pin", "--stdin", "--pin-file", str(blocker / "staff-pin.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: error:")
    assert "1234" not in err
