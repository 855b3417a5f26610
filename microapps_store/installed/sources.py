"""Where an install takes packages from: this Designer's own store, or a remote store (another
Designer) reached over HTTP with an API token. Both answer the resolver's questions and hand
over package bytes; the installer verifies the bytes itself either way."""

from __future__ import annotations

from typing import Protocol

from flask import current_app

from microapps_store.client import DesignerClient
from microapps_store.errors import PackageError
from microapps_store.package import Package, read_package, sha256
from microapps_store.resolve import Candidate
from microapps_store.store.catalog import StoreCatalog


class PackageSource(Protocol):
    def candidates(self, name: str) -> list[Candidate]: ...

    def fetch(self, name: str, version: str) -> Package: ...

    def package_bytes(self, name: str, version: str) -> bytes: ...

    def describe(self) -> str: ...

    def record_install(self, name: str, version: str) -> None: ...


class RemoteStore:
    """A store on another Designer; downloads are checked against the sha256 it advertises."""

    def __init__(self, client: DesignerClient):
        self.client = client
        self._downloaded: dict[tuple[str, str], bytes] = {}
        self._hashes: dict[tuple[str, str], str] = {}

    def candidates(self, name: str) -> list[Candidate]:
        found = []
        for item in self.client.versions(name):
            self._hashes[(name, item["version"])] = item["sha256"]
            found.append(Candidate(name, item["version"], item["dependencies"],
                                   yanked=item["yanked"], deprecated=item["deprecated"]))
        return found

    def _download(self, name: str, version: str) -> bytes:
        key = (name, version)
        if key in self._downloaded:
            return self._downloaded[key]
        data = self.client.download(name, version)
        expected = self._hashes.get((name, version))
        if expected is not None and sha256(data) != expected:
            raise PackageError("hash_mismatch", f"The package {name}@{version} downloaded from "
                               f"{self.client.base_url} does not match the sha256 the store "
                               "lists for it.")
        self._downloaded[key] = data
        return data

    def package_bytes(self, name: str, version: str) -> bytes:
        """Downloaded once; the install is counted by `record_install`, not here."""
        return self._download(name, version)

    def fetch(self, name: str, version: str) -> Package:
        """For a plan or a dependency check."""
        return read_package(self._download(name, version))

    def describe(self) -> str:
        return self.client.base_url

    def record_install(self, name: str, version: str) -> None:
        """Report the install to the store, which counts it."""
        self.client.record_install(name, version)


def configured_source() -> PackageSource:
    """The store this Designer installs from: MICROAPPS_STORE_URL, else its own."""
    url = current_app.config.get("MICROAPPS_STORE_URL")
    if url:
        return RemoteStore(DesignerClient(url, current_app.config.get("MICROAPPS_STORE_TOKEN")))
    return StoreCatalog()
