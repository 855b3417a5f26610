"""Archive member names that could escape the import folder are refused."""

from __future__ import annotations

import stat
import zipfile

import pytest

from designer_ui.services.bundles import ImportReport, _unsafe, documents_in_archive, module_ids


@pytest.mark.parametrize("name", ["../x.json", "a/../../x.json", "/abs.json", "a\\b.json",
                                  "c:/x.json", "a//b.json", "./x.json", "a/<b>.json"])
def test_unsafe_names(name: str) -> None:
    assert _unsafe(zipfile.ZipInfo(name))


@pytest.mark.parametrize("name", ["flows/a.json", "manifest.json", "tests/a.flowtest.yaml",
                                  "flows/acme main@2.json"])
def test_safe_names(name: str) -> None:
    assert not _unsafe(zipfile.ZipInfo(name))


def test_symlinks_are_unsafe() -> None:
    info = zipfile.ZipInfo("flows/link.json")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert _unsafe(info)


def test_module_ids() -> None:
    document = {"blocks": {"a": {"type": "module", "props": {"module": "pin-check@2"}},
                           "b": {"type": "module", "props": {"module": "acme/tool@latest"}},
                           "c": {"type": "play_message", "props": {}}, "d": "junk"}}
    assert module_ids(document) == {"pin-check", "acme/tool"}


@pytest.mark.parametrize("content", [b"[" * 10_000 + b"]" * 10_000,
                                     b'{"format": "designer-flow", "name": "\\ud800"}',
                                     b'{"format": "designer-flow", "id": "a\\u0000"}'])
def test_hostile_members_are_problems_not_crashes(content: bytes) -> None:
    report = ImportReport()
    good = b'{"format": "designer-flow", "id": "ok"}'
    found = documents_in_archive({"flows/bad.json": content, "flows/ok.json": good}, report)
    assert [name for name, _ in found] == ["flows/ok.json"]
    assert [problem["code"] for problem in report.problems["flows/bad.json"]] == ["json_syntax"]
