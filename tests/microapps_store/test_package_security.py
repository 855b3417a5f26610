"""Packages are untrusted: every kind of bad package is refused with a message naming the
problem, before anything is installed or stored."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from microapps_store.errors import (
    FlowTestsFailed,
    InvalidFlows,
    MicroAppError,
    PackageError,
    PackageTooLarge,
    ResolutionError,
)
from microapps_store.package import FileSource, Limits, build_package, read_package, verify_package
from microapps_store.package.contents import README_NAME
from tests.microapps_store.helpers import (
    members,
    microapp_folder,
    package_bytes,
    rezip,
    symlink_info,
    with_flow,
    with_manifest,
)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return package_bytes(tmp_path_factory.mktemp("good"))


def refused(data: bytes, error: type[MicroAppError] = PackageError, **kwargs: Any) -> MicroAppError:
    with pytest.raises(error) as caught:
        verify_package(data, **kwargs)
    return caught.value


def test_a_good_package_verifies(good: bytes) -> None:
    verification = verify_package(good)
    assert verification.package.ref == "acme/greeter@1.0.0"
    assert verification.tests is not None and verification.tests.passed == 4
    assert read_package(good).flows["greeter"]["kind"] == "module"


@pytest.mark.parametrize(("name", "words"), [
    ("../evil.json", "'..' segment"),
    ("flows/../../evil.json", "'..' segment"),
    ("/etc/passwd", "absolute path"),
    ("flows\\evil.json", "backslash"),
    ("C:/evil.json", "drive letter"),
    ("flows/./x.json", "'.' segment"),
    ("flows/bad\x01.json", "control character"),
])
def test_zip_slip_names_are_refused(good: bytes, name: str, words: str) -> None:
    files = [*list(members(good).items()), (name, b"{}")]
    error = refused(rezip(files))
    assert error.code == "unsafe_path" and words in error.message and "nothing was installed" in \
        error.message


def test_symlinks_are_refused(good: bytes) -> None:
    files: list[tuple[Any, bytes]] = [*members(good).items(), (symlink_info("audio/x.wav"), b"/etc/passwd")]
    error = refused(rezip(files))
    assert error.code == "symlink" and "symbolic link" in error.message


def test_duplicate_names_are_refused_even_in_another_case(good: bytes) -> None:
    files = members(good)
    twice = rezip([*files.items(), ("README.md", b"# again")])
    assert refused(twice).code == "duplicate_name"
    folded = rezip([*files.items(), ("readme.md", b"# again")])
    error = refused(folded)
    assert error.code == "duplicate_name" and "'README.md'" in error.message


def test_zip_bombs_are_refused_before_inflating(good: bytes) -> None:
    bomb = rezip([*members(good).items(), ("audio/zeros.wav", b"\0" * 4_000_000)])
    error = refused(bomb, PackageTooLarge)
    assert error.code == "zip_bomb" and "zeros.wav" in error.message
    with pytest.raises(PackageTooLarge, match="unpacks to") as caught:
        read_package(good, Limits(total_bytes=1_000))
    assert caught.value.code == "too_large_unpacked"


def test_size_and_count_limits(good: bytes) -> None:
    with pytest.raises(PackageTooLarge, match="at most 100 bytes") as caught:
        read_package(good, Limits(archive_bytes=100))
    assert caught.value.status == 413
    many = rezip([*members(good).items(), *((f"tests/t{i}.flowtest.yaml", b"x") for i in range(5))])
    with pytest.raises(PackageTooLarge, match="at most 6 are allowed"):
        read_package(many, Limits(files=6))
    with pytest.raises(PackageTooLarge, match="per file"):
        read_package(good, Limits(file_bytes=200))


def test_not_a_zip() -> None:
    assert refused(b"PK\x03\x04 but not really").code == "not_a_zip"


def test_hashes_must_match(good: bytes) -> None:
    files = members(good)
    files[README_NAME] = b"# Changed after packing\n"
    error = refused(rezip(files))
    assert error.code == "hash_mismatch" and "'README.md'" in error.message and \
        "changed after packing" in error.message
    extra = rezip([*members(good).items(), ("tests/extra.flowtest.yaml", b"flow: greeter\n")])
    assert refused(extra).code == "unlisted_file"
    missing = members(good)
    del missing[README_NAME]
    assert refused(rezip(missing)).code == "missing_file"


def test_unexpected_files_are_refused(good: bytes) -> None:
    error = refused(rezip([*members(good).items(), ("scripts/run.sh", b"rm -rf /")], rehash=True))
    assert error.code == "unexpected_file" and "scripts/run.sh" in error.message


@pytest.mark.parametrize(("change", "words"), [
    (lambda m: m.update(surprise=1), "Unknown key 'surprise'"),
    (lambda m: m["inputs"]["customer_name"].update(color="red"), "Unknown key 'color'"),
    (lambda m: m["requires"].update(plugins=[]), "Unknown key 'plugins'"),
    (lambda m: m.update(version="1.0"), "not a semantic version"),
    (lambda m: m.update(version="v1.0.0"), "not a semantic version"),
    (lambda m: m.update(name="Acme/Greeter"), "not a MicroApp name"),
    (lambda m: m.update(category="games"), "Must be one of"),
    (lambda m: m.update(dependencies={"acme/other": "^^1"}), "not a version range"),
    (lambda m: m.update(dependencies={"acme/greeter": "^1"}), "cannot depend on itself"),
    (lambda m: m.pop("license"), "'license' is required"),
])
def test_manifest_is_strict(good: bytes, change: Any, words: str) -> None:
    error = refused(with_manifest(good, change))
    assert error.code == "manifest" and any(words in p.message for p in error.problems), \
        error.describe()


def test_a_newer_designer_format_is_refused(good: bytes) -> None:
    error = refused(with_manifest(good, lambda m: m.update(designer_format_version=2)))
    assert error.code == "designer_format_version" and "Upgrade the Designer" in error.message


def test_flows_must_validate(good: bytes) -> None:
    broken = with_flow(good, "greeter", lambda f: f["blocks"]["greet"].update(next={"next": "nowhere"}))
    error = refused(broken, InvalidFlows)
    assert error.status == 422 and "nowhere" in error.message and error.problems[0].path == \
        "flows/greeter.json"


def test_flows_must_fit_the_manifest(good: bytes) -> None:
    def retype(manifest: dict[str, Any]) -> None:
        manifest["outputs"]["greeted"]["type"] = "string"

    error = refused(rezip(members(with_manifest(good, retype))), InvalidFlows)
    assert "says output 'greeted' is string; the module declares boolean" in error.message

    def bot(flow: dict[str, Any]) -> None:
        flow["blocks"]["greet"] = {"type": "bot", "props": {"bot": "pizza"},
                                   "next": {"fallback": "done"}}

    error = refused(with_flow(good, "greeter", bot), InvalidFlows)
    assert any("bot 'pizza'" in p.message and "requires.bots" in p.message for p in error.problems)

    def local(flow: dict[str, Any]) -> None:
        flow["blocks"]["greet"] = {"type": "module", "props": {"module": "pin-check@1"},
                                   "next": {"next": "done"}}

    error = refused(with_flow(good, "greeter", local), InvalidFlows)
    assert any("publisher/name@version" in p.message for p in error.problems)


def test_flow_files_are_modules_named_after_the_microapp(good: bytes) -> None:
    files = members(good)
    other = json.loads(files["flows/greeter.json"])
    other["id"] = "farewell"
    files["flows/farewell.json"] = json.dumps(other).encode()
    error = refused(rezip(files, rehash=True))
    assert error.code == "flow_id" and "start with 'greeter-'" in error.message
    application = with_flow(good, "greeter", lambda f: f.update(kind="application"))
    assert refused(application).code == "not_a_module"


def test_tests_must_pass_and_stay_inside_the_package(good: bytes) -> None:
    files = members(good)
    files["tests/greeter.flowtest.yaml"] = files["tests/greeter.flowtest.yaml"].replace(
        b"Hello Ada, welcome!", b"Goodbye Ada")
    error = refused(rezip(files, rehash=True), FlowTestsFailed)
    assert error.code == "tests_failed" and "greets the caller by name" in error.message
    files["tests/greeter.flowtest.yaml"] = b"flow: /etc/passwd\ncases: [{name: a}]\n"
    error = refused(rezip(files, rehash=True), FlowTestsFailed)
    assert error.code == "test_target" and "/etc/passwd" in error.message
    untested = {name: data for name, data in members(good).items() if not name.startswith("tests/")}
    assert refused(rezip(untested, rehash=True)).code == "missing_tests"


def test_audio_must_be_wav(good: bytes) -> None:
    error = refused(rezip([*members(good).items(), ("audio/hello.wav", b"not audio")], rehash=True))
    assert error.code == "invalid_audio"


def test_dependencies_must_be_available(tmp_path: Path) -> None:
    data = package_bytes(tmp_path, "acme/caller", dependencies={"acme/greeter": "^1"},
                         calls="acme/greeter@1")
    error = refused(data, ResolutionError)
    assert error.code == "dependencies_unavailable" and "--dependency" in error.message


def test_an_encrypted_member_is_refused(good: bytes) -> None:
    data = rezip([*members(good).items(), ("audio/secret.wav", b"xx")])
    entry = data.rindex(b"PK\x01\x02")  # the central directory entry of the last member
    flags = int.from_bytes(data[entry + 8:entry + 10], "little") | 0x1
    data = data[:entry + 8] + flags.to_bytes(2, "little") + data[entry + 10:]
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("audio/secret.wav").flag_bits & 0x1
    assert refused(data).code == "encrypted"


def _with_helper(selector: str) -> Any:
    def edit(manifest: dict[str, Any], flow: dict[str, Any]) -> None:
        flow["blocks"]["greet"]["next"] = {"next": "helper"}
        flow["blocks"]["helper"] = {"type": "module", "props": {
            "module": f"acme/greeter-helper@{selector}"}, "next": {"next": "done"}}

    return edit


def _add_helper_flow(folder: Path) -> None:
    helper = json.loads((folder / "flows" / "greeter.json").read_text())
    helper.update(id="greeter-helper", inputs=[], outputs=[])
    helper["blocks"] = {"done": helper["blocks"]["done"]}
    helper["phases"] = {"self_service": "done"}
    (folder / "flows" / "greeter-helper.json").write_text(json.dumps(helper))


def test_own_helper_flows_are_called_at_the_own_version(tmp_path: Path) -> None:
    pinned = microapp_folder(tmp_path, edit=_with_helper("1.0.0"))
    _add_helper_flow(pinned)
    verification = verify_package(build_package(pinned))
    assert sorted(verification.package.flows) == ["greeter", "greeter-helper"]
    following = microapp_folder(tmp_path, edit=_with_helper("latest"))
    _add_helper_flow(following)
    error = refused(build_package(following), InvalidFlows)
    assert any(p.details.get("block_id") == "helper" and "must pin this package's own version"
               in p.message for p in error.problems)


def test_following_the_latest_dependency_is_a_warning(tmp_path: Path, good: bytes) -> None:
    data = package_bytes(tmp_path, "acme/caller", dependencies={"acme/greeter": "^1"},
                         calls="acme/greeter@latest")
    verification = verify_package(data, source=FileSource([good]))
    [warning] = verification.flows.problems["caller"]
    assert warning["severity"] == "warning" and warning["code"] == "follows_latest"
