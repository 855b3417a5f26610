"""Installing into a project folder: flows land where the flow-test runner finds namespaced
modules, and a failed install leaves the folder as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from microapps_store.errors import PackageError
from microapps_store.installed.folder import folder_contents, install_into_folder
from microapps_store.package import FileSource, Package, read_package
from tests.microapps_store.helpers import members, package_bytes, rezip


class Files(FileSource):
    """`.mapp` files as a store: what install_into_folder needs from a package source."""

    def __init__(self, packages: list[bytes], tampered: frozenset[str] = frozenset()):
        super().__init__(packages)
        self.raw = {(read_package(data).name, read_package(data).version): data for data in packages}
        self.tampered = tampered
        self.recorded: list[str] = []

    def package_bytes(self, name: str, version: str) -> bytes:
        data = self.raw[(name, version)]
        if name in self.tampered:
            files = members(data)
            files["README.md"] = b"# swapped\n"
            return rezip(files)
        return data

    def fetch(self, name: str, version: str) -> Package:
        return read_package(self.raw[(name, version)])

    def describe(self) -> str:
        return "files"

    def record_install(self, name: str, version: str) -> None:
        self.recorded.append(f"{name}@{version}")


@pytest.fixture
def packages(tmp_path: Path) -> list[bytes]:
    return [package_bytes(tmp_path), package_bytes(
        tmp_path, "acme/caller", dependencies={"acme/greeter": "^1"}, calls="acme/greeter@1")]


def test_flows_land_under_their_publisher(tmp_path: Path, packages: list[bytes]) -> None:
    source = Files(packages)
    refs = install_into_folder(tmp_path / "microapps", "acme/caller", "^1", source)
    assert refs == ["acme/greeter@1.0.0", "acme/caller@1.0.0"] == source.recorded
    assert sorted(path.name for path in (tmp_path / "microapps" / "acme").glob("*.json")) == [
        "caller.json", "greeter.json"]
    assert [item["name"] for item in folder_contents(tmp_path / "microapps")] == [
        "acme/caller", "acme/greeter"]
    assert not list((tmp_path / "microapps").glob(".staging-*"))


def test_a_failed_install_changes_nothing(tmp_path: Path, packages: list[bytes]) -> None:
    with pytest.raises(PackageError, match="sha256"):
        install_into_folder(tmp_path / "microapps", "acme/caller", "^1",
                            Files(packages, tampered=frozenset({"acme/caller"})))
    assert not (tmp_path / "microapps").exists() or not any((tmp_path / "microapps").iterdir())
