"""`designer test` refuses a flow-test file built to expand (billion laughs) at once."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from click.testing import CliRunner

from designer_ui.cli import main
from designer_ui.config import PROJECT_ROOT
from tests.runtime.test_safe_yaml import LAUGHS


def test_designer_test_refuses_aliases_quickly(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("# project\n")
    (tmp_path / "flows").mkdir()
    shutil.copy(PROJECT_ROOT / "examples" / "flows" / "bank-ivr.json", tmp_path / "flows")
    (tmp_path / "tests").mkdir()
    test_file = tmp_path / "tests" / "bank-ivr.flowtest.yaml"
    test_file.write_text("flow: ../flows/bank-ivr.json\n" + LAUGHS.replace("a: &a", "x: &a"))
    began = time.perf_counter()
    result = CliRunner().invoke(main, ["test", str(tmp_path / "tests")])
    assert time.perf_counter() - began < 5
    assert result.exit_code != 0
    assert "line 2, column 4: anchors ('&a') are not allowed" in result.output
