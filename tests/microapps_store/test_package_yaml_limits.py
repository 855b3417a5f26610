"""A MicroApp package whose flow test is built to expand (billion laughs) is refused at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from microapps_store.errors import FlowTestsFailed
from microapps_store.package import verify_package
from tests.microapps_store.helpers import members, package_bytes, rezip
from tests.runtime.test_safe_yaml import LAUGHS


def test_a_package_with_billion_laughs_in_a_test_is_refused_quickly(tmp_path: Path) -> None:
    files = members(package_bytes(tmp_path))
    files["tests/greeter.flowtest.yaml"] = ("flow: greeter\n" + LAUGHS).encode()
    began = time.perf_counter()
    with pytest.raises(FlowTestsFailed) as caught:
        verify_package(rezip(files, rehash=True))
    assert time.perf_counter() - began < 5
    assert caught.value.code == "test_yaml"
    assert "line 2, column 4: anchors ('&a') are not allowed" in caught.value.message
