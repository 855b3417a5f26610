"""`designer microapp init`: a MicroApp folder that packs, validates and passes its tests as it
is, so a developer starts from something that works and changes it step by step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interpreter.flow_model import FORMAT_NAME, FORMAT_VERSION
from microapps_store.errors import PackageError
from microapps_store.package.manifest import (
    MANIFEST_FORMAT,
    MANIFEST_FORMAT_VERSION,
    MANIFEST_NAME,
    MICROAPP_NAME,
    entry_flow_id,
)

TEST_TEMPLATE = """\
# Flow tests of {name}: `designer test tests/` runs them; `designer microapp pack` too.
flow: ../flows/{flow_id}.json
cases:
  - name: greets the caller by name
    variables: {{customer_name: Ada}}
    steps:
      - expect: {{say: "Hello Ada, welcome!"}}
      - expect: {{end: {{reason: returned}}}}
    assert:
      variables: {{greeted: true}}
  - name: greets a caller whose name is unknown
    steps:
      - expect: {{say: "Hello there, welcome!"}}
    assert:
      variables: {{greeted: true}}
"""

README_TEMPLATE = """\
# {title}

{description}

## Inputs

| name | type | meaning |
|---|---|---|
| `customer_name` | string | The caller's first name; empty when unknown. |

## Outputs

| name | type | meaning |
|---|---|---|
| `greeted` | boolean | True once the greeting was played. |

## Use it

Add a **Module** block that calls `{name}@{major}` (the newest installed {major}.x) or an exact
version, bind `customer_name`, and map `greeted` to a variable of your flow.
"""


def manifest_for(name: str, title: str) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT, "format_version": MANIFEST_FORMAT_VERSION,
        "name": name, "version": "0.1.0", "title": title,
        "description": f"{title}: greets the caller by name.",
        "category": "utilities", "tags": ["greeting"], "icon": "package",
        "license": "Apache-2.0", "designer_format_version": FORMAT_VERSION,
        "inputs": {"customer_name": {"type": "string",
                                     "description": "The caller's first name; empty when unknown."}},
        "outputs": {"greeted": {"type": "boolean",
                                "description": "True once the greeting was played."}},
        "dependencies": {},
        "requires": {"bots": [], "business": {"hours": [], "special_days": [], "emergency": [],
                                              "tables": []}},
    }


def module_for(flow_id: str, title: str) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "id": flow_id, "name": title,
        "description": "Greets the caller by name and returns greeted = true.",
        "kind": "module", "channels": ["voice", "chat"], "languages": ["en-US"],
        "variables": {
            "customer_name": {"type": "string", "default": "", "description": "Input."},
            "greeted": {"type": "boolean", "default": False, "description": "Output."},
        },
        "inputs": ["customer_name"], "outputs": ["greeted"],
        "phases": {"self_service": "greet"},
        "blocks": {
            "greet": {"type": "play_message", "label": "Greet", "ui": {"x": 80, "y": 40},
                      "props": {"prompts": [{"tts": "Hello {{ customer_name || 'there' }}, "
                                                    "welcome!"}]},
                      "next": {"next": "done"}},
            "done": {"type": "return", "label": "Return", "ui": {"x": 360, "y": 40},
                     "props": {"outputs": {"greeted": "true"}}},
        },
    }


def scaffold(parent: Path, name: str, title: str | None = None) -> Path:
    """Create `<parent>/<flow id>/` for MicroApp `name`; refuses to overwrite a folder."""
    if not MICROAPP_NAME.match(name):
        raise PackageError("manifest", f"'{name}' is not a MicroApp name such as "
                           "'acme/pin-check' (publisher/name).")
    flow_id = entry_flow_id(name)
    title = title or flow_id.replace("-", " ").capitalize()
    folder = parent / flow_id
    if folder.exists():
        raise PackageError("exists", f"{folder} already exists; choose another folder.")
    manifest = manifest_for(name, title)
    (folder / "flows").mkdir(parents=True)
    (folder / "tests").mkdir()
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (folder / "flows" / f"{flow_id}.json").write_text(
        json.dumps(module_for(flow_id, title), indent=2) + "\n", encoding="utf-8")
    (folder / "tests" / f"{flow_id}.flowtest.yaml").write_text(
        TEST_TEMPLATE.format(name=name, flow_id=flow_id), encoding="utf-8")
    (folder / "README.md").write_text(README_TEMPLATE.format(
        title=title, description=manifest["description"], name=name, major=0), encoding="utf-8")
    return folder
