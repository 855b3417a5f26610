"""Flows from files: a worker has its flows compiled before the first call."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from runtime.voice.file_source import FileFlowSource
from runtime.voice.flows import prepare_source

MENU = {
    "format": "designer-flow", "format_version": 1, "id": "menu-line", "name": "Menu line",
    "kind": "application", "channels": ["voice"], "phases": {"self_service": "hello"},
    "blocks": {"hello": {"type": "play_message", "props": {"prompts": [{"tts": "Hello."}]},
                         "next": {"next": "bye"}},
               "bye": {"type": "terminate", "props": {"reason": "done"}}},
}


def flow_files(folder: Path, *flows: dict[str, object]) -> list[str]:
    folder.mkdir()
    for flow in flows:
        (folder / f"{flow['id']}.json").write_text(json.dumps(flow))
    return [str(folder)]


def test_prepared_flows_are_served_without_reading_their_files_again(tmp_path: Path) -> None:
    other = {**MENU, "id": "other-line"}
    paths = flow_files(tmp_path / "flows", MENU, other)
    source = FileFlowSource(paths, numbers={"18005550111": "other-line"},
                            default_flow="menu-line")
    prepare_source(source)
    for path in (tmp_path / "flows").iterdir():
        path.unlink()  # what was compiled before the first call no longer needs its file
    by_number, by_default = source.flow_for("18005550111"), source.flow_for("18005550999")
    assert by_number is not None and by_number.compiled.id == "other-line"
    assert by_default is not None and by_default.compiled.id == "menu-line"


def test_a_missing_flow_leaves_the_source_ready_for_the_others(tmp_path: Path) -> None:
    paths = flow_files(tmp_path / "flows", MENU)
    source = FileFlowSource(paths, numbers={"18005550111": "no-such-flow"},
                            default_flow="menu-line")
    source.prepare()
    (tmp_path / "flows" / "menu-line.json").unlink()
    assert source.flow_for("18005550111") is None
    served = source.flow_for("18005550999")
    assert served is not None and served.compiled.id == "menu-line"


class _BrokenSource(FileFlowSource):
    def prepare(self) -> None:
        raise RuntimeError("the flow store is down")


def test_a_source_that_fails_to_prepare_is_logged_not_fatal(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = _BrokenSource(flow_files(tmp_path / "flows", MENU), default_flow="menu-line")
    with caplog.at_level(logging.ERROR, logger="runtime.voice.flows"):
        prepare_source(source)
    assert "preparing the flow source failed" in caplog.text
    served = source.flow_for("18005550999")  # the call finds its flow the usual way
    assert served is not None and served.compiled.id == "menu-line"
