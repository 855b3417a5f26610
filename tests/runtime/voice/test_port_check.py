"""A pool whose ports are taken refuses to start, naming each port and the option that moves it,
instead of mistaking another pool's workers for its own."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest

from runtime.voice.port_check import planned_ports, ports_in_use
from runtime.voice.supervisor import Supervisor, VoiceStartError
from tests.runtime.voice.conftest import bank_settings

BASE = 58100


def test_planned_ports_cover_workers_rtp_front_door_and_softphones(tmp_path: Path) -> None:
    settings = replace(bank_settings(tmp_path, BASE, workers=2), direct=False, ws_port=BASE + 7,
                       rtpengine_ng_port=BASE + 8)
    planned = {(p.protocol, p.port, p.option) for p in planned_ports(settings)}
    assert planned == {
        ("udp", BASE + 10, "--worker-port"), ("udp", BASE + 11, "--worker-port"),
        ("udp", BASE + 1000, "--rtp-port"), ("udp", BASE + 1040, "--rtp-port"),
        ("udp", BASE, "--port"), ("tcp", BASE + 7, "--ws-port"),
        ("udp", BASE + 8, "--rtpengine-port")}
    assert ports_in_use(settings) == []


def test_a_taken_worker_port_stops_the_start_with_a_clear_error(tmp_path: Path) -> None:
    settings = bank_settings(tmp_path / "pool", BASE, workers=2)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other_pool:
        other_pool.bind(("127.0.0.1", BASE + 11))
        supervisor = Supervisor(settings)
        with pytest.raises(VoiceStartError) as refused:
            supervisor.start()
    message = str(refused.value)
    assert f"127.0.0.1:{BASE + 11} (SIP port of worker 1) is already in use" in message
    assert "--worker-port" in message
    assert supervisor.workers == []  # nothing was started
    assert not (tmp_path / "pool").exists()


def test_a_taken_callers_port_names_the_port_option(tmp_path: Path) -> None:
    settings = bank_settings(tmp_path, BASE, workers=1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
        other.bind(("127.0.0.1", BASE))
        taken = ports_in_use(Supervisor(settings).settings)
    assert [(p.port, p.option) for p in taken] == [(BASE, "--port")]
