"""Export flows (with the modules they call) as a zip, and import zips or JSON documents.

Uploaded archives are untrusted: their size, member count and member names are checked before
anything is read, so an archive cannot write outside its folder or unpack into gigabytes.
"""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from typing import Any

from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import Flow, FlowTestSuite, User
from designer_ui.models.base import isoformat, utcnow
from designer_ui.services import audit
from designer_ui.services import flows as store
from designer_ui.services.flow_size import oversize_message
from designer_ui.services.flows import FLOW_ID, problems_of
from designer_ui.services.flowtests import check_yaml
from designer_ui.services.modules import ModuleResolver, split_ref
from designer_ui.untrusted_json import loads_untrusted
from interpreter.flow_model import FORMAT_NAME

MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.@+ -]+(/[A-Za-z0-9_.@+ -]+)*$")
TEST_SUFFIX = ".flowtest.yaml"


def module_ids(document: dict[str, Any]) -> set[str]:
    blocks = document.get("blocks")
    found: set[str] = set()
    for block in (blocks.values() if isinstance(blocks, dict) else []):
        props = block.get("props") if isinstance(block, dict) else None
        if isinstance(block, dict) and block.get("type") == "module" and isinstance(props, dict):
            ref = props.get("module")
            if isinstance(ref, str):
                found.add(split_ref(ref)[0])
    return found


def flows_with_modules(flow_ids: list[str]) -> list[Flow]:
    wanted = list(dict.fromkeys(flow_ids))
    result: dict[str, Flow] = {}
    while wanted:
        flow_id = wanted.pop(0)
        if flow_id in result:
            continue
        flow = db.session.get(Flow, flow_id)
        if flow is None:
            if flow_id in flow_ids:
                raise ApiError(404, f"There is no flow '{flow_id}'.")
            continue
        result[flow_id] = flow
        wanted.extend(sorted(module_ids(flow.document) - set(result)))
    return list(result.values())


def export_zip(flow_ids: list[str]) -> bytes:
    flows = flows_with_modules(flow_ids)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = {"format": "designer-export", "exported_at": isoformat(utcnow()),
                    "flows": [flow.id for flow in flows], "requested": flow_ids}
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        for flow in flows:
            archive.writestr(f"flows/{flow.id}.json", json.dumps(flow.document, indent=2))
            tests = db.session.get(FlowTestSuite, flow.id)
            if tests is not None and tests.yaml.strip():
                archive.writestr(f"tests/{flow.id}{TEST_SUFFIX}", tests.yaml)
    return buffer.getvalue()


def _unsafe(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name or "\x00" in name:
        return True
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return True
    if stat.S_ISLNK(info.external_attr >> 16):
        return True
    return not SAFE_NAME.match(name.rstrip("/"))


def read_archive(data: bytes) -> dict[str, bytes]:
    """The archive's files by name; 400 for anything unsafe or too large, before extracting."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ApiError(400, "This is not a zip archive.", code="invalid_archive") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ApiError(413, f"The archive has more than {MAX_MEMBERS} files.")
        unsafe = [info.filename for info in infos if _unsafe(info)]
        if unsafe:
            raise ApiError(400, "The archive has file names that are not allowed (absolute paths, "
                           "'..', links or odd characters); nothing was imported.",
                           code="unsafe_archive", details={"names": unsafe[:20]})
        if any(info.flag_bits & 0x1 for info in infos):
            raise ApiError(400, "Encrypted archives are not supported.", code="invalid_archive")
        if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
            raise ApiError(413, "The archive unpacks to more than 100 MB.")
        files: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                raise ApiError(413, f"'{info.filename}' is larger than 20 MB.")
            with archive.open(info) as member:
                content = member.read(MAX_MEMBER_BYTES + 1)
            if len(content) > MAX_MEMBER_BYTES:
                raise ApiError(413, f"'{info.filename}' is larger than 20 MB.")
            files[info.filename] = content
        return files


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    problems: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def refuse(self, source: str, code: str, message: str) -> None:
        self.problems.setdefault(source, []).append(
            {"severity": "error", "code": code, "message": message})

    def to_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "problems": self.problems}


def documents_in_archive(files: dict[str, bytes], report: ImportReport) -> list[tuple[str, Any]]:
    documents: list[tuple[str, Any]] = []
    for name, content in sorted(files.items()):
        if not name.endswith(".json") or name == "manifest.json":
            continue
        try:
            document = loads_untrusted(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            report.refuse(name, "json_syntax", f"Not valid JSON: {exc}")
            continue
        if isinstance(document, dict) and document.get("format") == FORMAT_NAME:
            documents.append((name, document))
    return documents


def import_documents(documents: list[tuple[str, Any]], user: User, report: ImportReport) -> None:
    for source, document in documents:
        flow_id = document.get("id") if isinstance(document, dict) else None
        if not isinstance(flow_id, str) or not FLOW_ID.match(flow_id):
            report.refuse(source, "invalid_document", "The flow has no valid 'id'.")
            continue
        oversize = oversize_message(document)
        if oversize is not None:
            report.refuse(flow_id, "payload_too_large", oversize)
            continue
        existing = db.session.get(Flow, flow_id)
        if existing is None:
            store.create_flow(document, user)
        else:
            lock = store.active_lock(flow_id)
            if lock is not None and lock.holder_id != user.id:
                report.refuse(flow_id, "locked", f"{lock.holder} is editing this flow; not imported.")
                continue
            store.save_draft(existing, document, user, action="flow.import")
        report.imported.append(flow_id)
    db.session.flush()
    resolver = ModuleResolver()
    for flow_id in report.imported:
        problems = problems_of(store.get_flow(flow_id).document, resolver)
        if problems:
            report.problems[flow_id] = problems


def import_tests(files: dict[str, bytes], report: ImportReport, user: User) -> None:
    for name, content in files.items():
        if not name.endswith(TEST_SUFFIX):
            continue
        flow_id = name.rsplit("/", 1)[-1][: -len(TEST_SUFFIX)]
        if flow_id not in report.imported:
            continue
        text = content.decode("utf-8", errors="replace")
        try:
            check_yaml(text)
        except ApiError as exc:
            report.refuse(name, exc.code, exc.message)
            continue
        suite = db.session.get(FlowTestSuite, flow_id) or FlowTestSuite(flow_id=flow_id)
        suite.yaml = text
        suite.updated_at, suite.updated_by = utcnow(), user.username
        db.session.add(suite)
        audit.record("flowtests.import", f"flow:{flow_id}")
