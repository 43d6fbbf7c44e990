"""The staff PIN: hashed at rest, rate-limited, safe when the file is damaged; `kiosk set-pin`."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.pin import (
    FIRST_LOCK_S,
    MAX_LOCK_S,
    PinCheck,
    PinStatus,
    PinStore,
    default_pin_path,
)
from tests.conftest import REPO_ROOT


class FakeClock:
    """A monotonic clock the test moves by hand, in seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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


@pytest.mark.parametrize(
    "bad", ["", "123", "1234567890123", "12a4", " 1234", "12 34", "١٢٣٤", "²²²²"]
)
def test_set_pin_refuses_anything_but_4_to_12_digits(store: PinStore, bad: str) -> None:
    with pytest.raises(ValueError, match="4 to 12 digits"):
        store.set_pin(bad)
    assert not store.is_set()


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
    "damage",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"format": "rho-kiosk-staff-pin", "version": 1}',
        b'{"format": "rho-kiosk-staff-pin", "version": 9, "kdf": "scrypt"}',
    ],
)
def test_a_damaged_file_is_set_but_never_accepts_a_pin(
    store: PinStore, pin_file: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    store.set_pin("1357")
    pin_file.write_bytes(damage)
    assert store.is_set()
    result = store.check("1357")
    assert result.status is PinStatus.WRONG
    assert "damaged or unreadable" in caplog.text
    assert "1357" not in caplog.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("n", 2**30), ("n", 1000), ("r", 0), ("kdf", "md5"), ("salt", "zz"), ("hash", "00")],
)
def test_unsafe_or_odd_parameters_count_as_damage(
    store: PinStore, pin_file: Path, field: str, value: object
) -> None:
    store.set_pin("1357")
    record = json.loads(pin_file.read_text(encoding="utf-8"))
    record[field] = value
    pin_file.write_text(json.dumps(record), encoding="utf-8")
    assert store.check("1357").status is PinStatus.WRONG


def test_a_pbkdf2_record_still_verifies(store: PinStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    with monkeypatch.context() as patch:
        patch.delattr(hashlib, "scrypt")
        store.set_pin("8642")
    assert hasattr(hashlib, "scrypt")
    assert json.loads(store.path.read_text(encoding="utf-8"))["kdf"] == "pbkdf2-sha256"
    assert store.check("8642").ok
    assert not store.check("8643").ok


def test_a_folder_in_place_of_the_file_is_unverifiable(store: PinStore, pin_file: Path) -> None:
    pin_file.mkdir(parents=True)
    assert store.is_set()
    assert store.check("1357").status is PinStatus.WRONG


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
