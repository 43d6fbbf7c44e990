"""deploy/fleet/README.md's Syncthing ``config.xml`` in the real Syncthing (Debian's
``syncthing``): a coordinator and a stand, each with a device id of its own, on this machine's
loopback only (discovery, relays and NAT off; each device's address given). Both load the
README's folders as written, each with its file watcher; content published into the
coordinator's folder reaches the stand whole, and the stand's usage export comes back."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from kiosk.system.fleet import FleetError, check, outbox_path, publish
from kiosk.usage.figures import read_figures
from kiosk.usage.recorder import Visit
from kiosk.usage.store import UsageStore
from tests.support import REPO_ROOT
from tests.support.show import copy_content
from tests.support.xdo import wait_for
from tests.support.xvfb import require

pytestmark = pytest.mark.slow
README = REPO_ROOT / "deploy" / "fleet" / "README.md"
KEY = "rho-kiosk-test"
OFFLINE = (
    "<globalAnnounceEnabled>false</globalAnnounceEnabled>"
    "<localAnnounceEnabled>false</localAnnounceEnabled><relaysEnabled>false</relaysEnabled>"
    "<natEnabled>false</natEnabled><urAccepted>-1</urAccepted>"
    "<crashReportingEnabled>false</crashReportingEnabled>"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Device:
    name: str
    home: Path
    """Where its ``~`` is (the folders); its keys and config are in ``home/.st``."""
    id: str = ""
    port: int = 0
    gui: int = 0

    def generate(self, syncthing: str) -> None:
        self.port, self.gui = _free_port(), _free_port()
        made = subprocess.run(
            [syncthing, "generate", "--home", str(self.home / ".st"), "--no-default-folder"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        found = re.search(r"Device ID: (\S+)", made.stdout + made.stderr)
        assert found, made.stdout + made.stderr
        self.id = found[1]

    def settings(self) -> str:
        return (
            f'<gui enabled="true" tls="false"><address>127.0.0.1:{self.gui}</address>'
            f"<apikey>{KEY}</apikey></gui><options>"
            f"<listenAddress>tcp://127.0.0.1:{self.port}</listenAddress>{OFFLINE}</options>"
        )

    def folders(self) -> dict[str, tuple[str, bool]]:
        """Each folder Syncthing runs: its type and whether its file watcher is on."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}/rest/config/folders", headers={"X-API-Key": KEY}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return {f["id"]: (f["type"], f["fsWatcherEnabled"]) for f in json.load(answer)}


def _configs(coordinator: Device, stand: Device, other: Device) -> tuple[str, str]:
    """The README's two ``config.xml`` examples with these devices' ids and addresses."""
    ours, theirs = re.findall(r"```xml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    for device in (coordinator, stand, other):
        ours = ours.replace(f"{device.name}-DEVICE-ID", device.id)
        theirs = theirs.replace(f"{device.name}-DEVICE-ID", device.id)
    address = f"<address>tcp://127.0.0.1:{stand.port}</address>"
    ours = ours.replace("<address>dynamic</address>", address, 1)  # stand-1's, the first
    ours = ours.replace("</configuration>", coordinator.settings() + "</configuration>")
    version = re.search(r'<configuration version="(\d+)">', ours)
    assert version
    theirs = (
        f"{version[0]}\n{theirs}"
        f'<device id="{coordinator.id}" name="coordinator">'
        f"<address>tcp://127.0.0.1:{coordinator.port}</address></device>"
        f"{stand.settings()}</configuration>\n"
    )
    return ours, theirs


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    (syncthing,) = require("syncthing", why="Debian's syncthing")
    devices = [
        Device(name, tmp_path / name.lower()) for name in ("COORDINATOR", "STAND-1", "STAND-2")
    ]
    for device in devices:
        device.generate(syncthing)
    coordinator, stand, other = devices
    configs = _configs(coordinator, stand, other)
    for device, config in zip((coordinator, stand), configs, strict=True):
        (device.home / ".st" / "config.xml").write_text(config, encoding="utf-8")
    running = []
    try:
        for device in (coordinator, stand):
            with (tmp_path / f"{device.name}.log").open("wb") as log:
                serve = ["serve", "--home", str(device.home / ".st"), "--no-browser"]
                running.append(
                    subprocess.Popen(
                        [syncthing, *serve, "--no-restart"],  # no monitor process
                        env=dict(os.environ, HOME=str(device.home), STNOUPGRADE="1"),
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        yield coordinator, stand
    finally:
        for process in running:
            process.terminate()
            process.wait(timeout=30)


def _answers(device: Device) -> bool:
    try:
        return bool(device.folders())
    except OSError:
        return False  # not listening yet


def _visits(path: Path) -> int:
    try:
        return read_figures([path]).visits
    except sqlite3.Error:
        return 0  # not all there yet


def test_the_readme_config_runs_a_fleet_in_real_syncthing(
    fleet: tuple[Device, Device], tmp_path: Path
) -> None:
    coordinator, stand = fleet
    for device in fleet:
        log = (tmp_path / f"{device.name}.log").read_text
        assert wait_for(partial(_answers, device), 60), log(encoding="utf-8", errors="replace")
    assert coordinator.folders() == {
        "rho-content": ("sendonly", True),
        "rho-usage-stand-1": ("receiveonly", True),
        "rho-usage-stand-2": ("receiveonly", True),
    }
    assert stand.folders() == {
        "rho-content": ("receiveonly", True),
        "rho-usage-stand-1": ("sendonly", True),
    }

    published = coordinator.home / "rho-fleet" / "content"
    (published / ".stignore").write_text("*.partial\n", encoding="utf-8")
    publish(copy_content(tmp_path / "edit"), published, "v1")
    arrived = stand.home / "rho-fleet" / "content"

    def whole() -> bool:
        try:
            return check(arrived).version == "v1"
        except (FleetError, OSError):
            return False  # not yet, or half: a kiosk would wait too

    assert wait_for(whole, 120), sorted(p.name for p in arrived.rglob("*"))

    store = UsageStore(tmp_path / "usage.sqlite", kiosk="stand-1")
    store.save(Visit(started="2026-06-30T10:15", seconds=40, language="en"))
    outbox = stand.home / "rho-fleet" / "outbox"
    store.export(outbox_path(outbox, "stand-1"))
    store.close()
    back = coordinator.home / "rho-fleet" / "usage" / "stand-1" / "usage-stand-1.sqlite"
    assert wait_for(back.exists, 120), "the usage export did not come back"
    assert wait_for(lambda: _visits(back) == 1, 30)
