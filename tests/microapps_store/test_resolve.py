"""Dependency resolution: npm-style ranges, the newest version that fits every range, and clear
refusals for missing MicroApps, conflicts, cycles and yanked versions."""

from __future__ import annotations

import pytest

from microapps_store import versions
from microapps_store.errors import ResolutionError
from microapps_store.resolve import Candidate, resolve


class Catalog:
    def __init__(self, *candidates: Candidate):
        self.items = candidates

    def candidates(self, name: str) -> list[Candidate]:
        return [c for c in self.items if c.name == name]


def c(ref: str, yanked: str | None = None, deprecated: str | None = None,
      **dependencies: str) -> Candidate:
    name, _, version = ref.partition("@")
    return Candidate(name, version, {key.replace("__", "/"): value
                                     for key, value in dependencies.items()},
                     yanked=yanked, deprecated=deprecated)


def test_ranges_and_selectors() -> None:
    available = ["1.0.0", "1.2.3", "1.10.0", "2.0.0", "2.1.0-beta.1"]
    assert versions.best_match(available, "^1.2") == "1.10.0"
    assert versions.best_match(available, "~1.2.0") == "1.2.3"
    assert versions.best_match(available, ">=1.0.0 <2.0.0 || ^3") == "1.10.0"
    assert versions.best_match(available, "1.x") == "1.10.0"
    assert versions.select(available, "latest") == "2.0.0"
    assert versions.select(available, "1") == "1.10.0"
    assert versions.select(available, "1.2.3") == "1.2.3"
    assert versions.select(available, "1.2.4") is None
    assert versions.sort_versions(["1.10.0", "1.9.0", "1.9.0-rc.1"]) == ["1.9.0-rc.1", "1.9.0",
                                                                          "1.10.0"]
    assert versions.is_version("1.0.0") and not versions.is_version("1.0")
    assert not versions.is_range("^^1") and versions.is_range("^1.2")


def test_the_newest_version_that_fits_every_range() -> None:
    catalog = Catalog(c("acme/app@1.0.0", acme__lib="^1.2", acme__util="^1"),
                      c("acme/lib@1.1.0"), c("acme/lib@1.4.0", acme__util="~1.1.0"),
                      c("acme/lib@2.0.0"), c("acme/util@1.1.5"), c("acme/util@1.3.0"))
    result = resolve({"acme/app": "^1"}, catalog)
    assert result.versions() == {"acme/app": "1.0.0", "acme/lib": "1.4.0", "acme/util": "1.1.5"}
    assert result.order.index("acme/util") < result.order.index("acme/lib") < \
        result.order.index("acme/app")


def test_conflicting_ranges_name_who_needs_what() -> None:
    catalog = Catalog(c("acme/app@1.0.0", acme__a="^1", acme__b="^1"),
                      c("acme/a@1.0.0", acme__lib="^1"), c("acme/b@1.0.0", acme__lib="^2"),
                      c("acme/lib@1.5.0"), c("acme/lib@2.0.0"))
    with pytest.raises(ResolutionError) as caught:
        resolve({"acme/app": "latest"}, catalog)
    error = caught.value
    assert error.code == "conflict" and error.status == 409
    assert "^1 (needed by acme/a@1.0.0)" in error.message and \
        "^2 (needed by acme/b@1.0.0)" in error.message and "Available: 1.5.0, 2.0.0" in error.message


def test_cycles_are_refused() -> None:
    catalog = Catalog(c("acme/a@1.0.0", acme__b="^1"), c("acme/b@1.0.0", acme__c="^1"),
                      c("acme/c@1.0.0", acme__a="^1"))
    with pytest.raises(ResolutionError) as caught:
        resolve({"acme/a": "^1"}, catalog)
    assert caught.value.code == "dependency_cycle"
    assert "acme/a@1.0.0 → acme/b@1.0.0 → acme/c@1.0.0 → acme/a@1.0.0" in caught.value.message


def test_missing_and_unsatisfiable() -> None:
    catalog = Catalog(c("acme/a@1.0.0", acme__ghost="^1"), c("acme/b@1.0.0"))
    with pytest.raises(ResolutionError, match=r"no MicroApp 'acme/ghost'.*needed by acme/a@1\.0\.0"):
        resolve({"acme/a": "^1"}, catalog)
    with pytest.raises(ResolutionError, match=r"No version of acme/b satisfies \^3") as caught:
        resolve({"acme/b": "^3"}, catalog)
    assert caught.value.code == "no_matching_version"


def test_yanked_versions_are_never_chosen() -> None:
    catalog = Catalog(c("acme/a@1.0.0"), c("acme/a@1.1.0", yanked="leaks the PIN"))
    assert resolve({"acme/a": "^1"}, catalog).versions() == {"acme/a": "1.0.0"}
    with pytest.raises(ResolutionError) as caught:
        resolve({"acme/a": "1.1.0"}, catalog)
    assert caught.value.code == "yanked" and "leaks the PIN" in caught.value.message and \
        "keep working" in caught.value.message


def test_deprecated_versions_install_with_a_warning() -> None:
    catalog = Catalog(c("acme/a@1.0.0", deprecated="use acme/b"))
    result = resolve({"acme/a": "^1"}, catalog)
    assert result.warnings == ["acme/a@1.0.0 is deprecated: use acme/b"]


def test_a_fixed_candidate_takes_part_in_cycles() -> None:
    catalog = Catalog(c("acme/b@1.0.0", acme__a="^1"))
    fixed = {"acme/a": c("acme/a@1.0.0", acme__b="^1")}
    with pytest.raises(ResolutionError, match="circle"):
        resolve({"acme/a": "1.0.0"}, catalog, fixed)
