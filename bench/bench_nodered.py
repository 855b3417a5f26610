"""The logic chain in Node-RED: node hops per second, to compare with our blocks per second.

Installs the `node-red` npm package (4.x) into `.bench/node-red/` once, then runs
`bench/nodered/chain.js` with `node`: 50 function nodes (`msg.x = msg.x + 1`) alternating
with 50 switch nodes (`x > -1`), thousands of messages at once. When Node.js or the npm
registry is not available the comparison is skipped with a reason, never failed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RED_DIR = ROOT / ".bench" / "node-red"
CHAIN_JS = Path(__file__).resolve().parent / "nodered" / "chain.js"
NODE_RED_SPEC = "node-red@4"
INSTALL_TIMEOUT_S = 300
RUN_TIMEOUT_S = 240


class Skipped(Exception):
    """The comparison cannot run on this machine; the message says why."""


def _installed_version() -> str | None:
    manifest = RED_DIR / "node_modules" / "node-red" / "package.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return version if isinstance(version, str) and version.startswith("4.") else None


def ensure_node_red(*, quiet: bool = False) -> str:
    """The installed Node-RED version, installing it first if needed; raises Skipped."""
    if shutil.which("node") is None:
        raise Skipped("Node.js ('node') is not installed")
    version = _installed_version()
    if version is not None:
        return version
    npm = shutil.which("npm")
    if npm is None:
        raise Skipped("npm is not installed, so node-red cannot be installed")
    RED_DIR.mkdir(parents=True, exist_ok=True)
    if not quiet:
        print(f"installing {NODE_RED_SPEC} into {RED_DIR} ...", flush=True)
    command = [npm, "install", "--no-audit", "--no-fund", "--prefix", str(RED_DIR), NODE_RED_SPEC]
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=INSTALL_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise Skipped(f"npm install {NODE_RED_SPEC} took longer than {INSTALL_TIMEOUT_S} s "
                      "(is the npm registry reachable?)") from None
    version = _installed_version()
    if result.returncode != 0 or version is None:
        raise Skipped(f"npm install {NODE_RED_SPEC} failed: "
                      f"{_npm_error(result.stderr or result.stdout, result.returncode)}")
    return version


def _npm_error(output: str, status: int) -> str:
    """The telling part of npm's error output: its error code and first message line."""
    lines = [line.removeprefix("npm error").strip() for line in output.splitlines()]
    lines = [line for line in lines if line and not line.startswith(("at ", "A complete log"))]
    code = next((line.split()[-1] for line in lines if line.startswith("code ")), "")
    message = next((line for line in lines if not line.startswith(("code ", "errno ", "syscall "))),
                   f"exit status {status}")
    return f"{code}: {message}" if code else message


def run_chain(*, messages: int = 20_000, rounds: int = 2, warmup: int = 2_000,
              pairs: int = 50) -> dict[str, Any]:
    """Run the Node-RED chain; returns its JSON report (hops_per_second, seconds, ...)."""
    ensure_node_red()
    command = ["node", str(CHAIN_JS), "--red-dir", str(RED_DIR), "--messages", str(messages),
               "--rounds", str(rounds), "--warmup", str(warmup), "--pairs", str(pairs)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                                check=False, cwd=ROOT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the Node-RED chain did not finish in {RUN_TIMEOUT_S} s") from None
    if result.returncode != 0:
        raise RuntimeError(f"the Node-RED chain failed (exit {result.returncode}): "
                           f"{result.stderr.strip()[-2000:]}")
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            report: dict[str, Any] = json.loads(line)
            return report
    raise RuntimeError(f"the Node-RED chain printed no result: {result.stdout[-2000:]}")


def node_red_hops_per_second(**kwargs: Any) -> dict[str, Any]:
    """Like `run_chain`, but a missing Node.js/npm/registry gives {'skipped': reason}."""
    try:
        return run_chain(**kwargs)
    except Skipped as exc:
        return {"skipped": str(exc)}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2_000)
    args = parser.parse_args(argv)
    report = node_red_hops_per_second(messages=args.messages, rounds=args.rounds,
                                      warmup=args.warmup)
    if "skipped" in report:
        print(f"Node-RED comparison skipped: {report['skipped']}")
        return 0
    print(f"Node-RED {report['node_red_version']} on Node.js {report['node_version']}: "
          f"{report['messages']:,} messages x {report['nodes_per_message']} nodes")
    for index, item in enumerate(report["rounds"], 1):
        print(f"  round {index}: {item['seconds']:.2f} s, {item['hops_per_second']:,.0f} hops/s, "
              f"{item['hops_per_cpu_second']:,.0f} per CPU second")
    print(f"node hops/s (best round): {report['hops_per_second']:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
