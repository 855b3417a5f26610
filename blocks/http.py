"""`http`: call a web service; the response lands in variables, 2xx takes `next`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import WAIT, BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import HttpRequest
from interpreter.engine.errors import FlowRuntimeError, UnexpectedEventError
from interpreter.engine.events import Event, HttpResponse, Timeout
from interpreter.engine.masked_render import Masked, join_masked, render_masked
from interpreter.engine.run import BlockRun
from interpreter.engine.taint import MASK
from interpreter.fields import Int, Template, identifier
from interpreter.validation.content import blank

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class HttpProps(Schema):
    method = fields.String(load_default="GET", validate=validate.OneOf(METHODS))
    url = Template(required=True)
    headers = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[A-Za-z0-9-]{1,64}$")),
                          values=Template(), load_default=dict)
    body = Template(load_default=None, allow_none=True)
    timeout_ms = Int(load_default=5000, validate=validate.Range(min=100, max=60000))
    result_variable = identifier(load_default=None, allow_none=True)
    status_variable = identifier(load_default=None, allow_none=True)


class Http(BlockType):
    name = "http"
    editor = EditorInfo("HTTP request", "Data", "globe-2",
                        "Calls a web service. The URL, headers and body may contain "
                        "{{ expressions }}. A 2xx answer takes 'next' with the (JSON) body in "
                        "the result variable; anything else, or no answer in time, takes "
                        "'error'.", color="#7f5f9f")
    props_schema = HttpProps
    editor_fields = (
        FieldInfo("method", "Method", "GET reads, POST sends, and so on."),
        FieldInfo("url", "URL", "The address to call; may contain {{ expressions }}.",
                  summary=True),
        FieldInfo("headers", "Headers", "Header name and value pairs sent with the request."),
        FieldInfo("body", "Body", "The request body (usually JSON); may contain "
                  "{{ expressions }}."),
        FieldInfo("result_variable", "Store response in", "The variable that receives the "
                  "response body."),
        FieldInfo("status_variable", "Store status in", "The variable that receives the HTTP "
                  "status code.", advanced=True),
        FieldInfo("timeout_ms", "Timeout (ms)", "Waiting longer takes the 'error' port.",
                  advanced=True),
    )
    static_ports = ("next", "error")

    def missing_content(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        if blank(props.get("url")):
            return [("url", "The request has no URL: write the address to call.")]
        return []

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {
            **props,
            "url": compiler.template("url", props["url"]),
            "headers": {name: compiler.template(f"headers.{name}", value)
                        for name, value in props["headers"].items()},
            "body": compiler.template("body", props["body"]) if props["body"] is not None else None,
        }

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [(key, props[key]) for key in ("result_variable", "status_variable") if props[key]]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        masked: dict[str, Masked] = {}
        url = _render(run, props["url"], "url", masked).strip()
        if not url.startswith(("http://", "https://")):
            shown = join_masked(masked["url"], MASK) if "url" in masked else url
            raise FlowRuntimeError("HttpError", f"'{shown[:200]}' is not an http(s) URL")
        headers = {name: run.render(value) for name, value in props["headers"].items()}
        body = _render(run, props["body"], "body", masked) if props["body"] is not None else None
        secure_parts = tuple(part for part in ("url", "headers", "body") if part in masked or (
            part == "headers" and any(run.reads_secret(v) for v in props["headers"].values())))
        run.emit(HttpRequest(run.block_id, props["method"], url, headers, body, props["timeout_ms"],
                             secure_parts, masked))
        return WAIT

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if isinstance(event, Timeout):
            raise FlowRuntimeError("HttpError", "the web service did not answer in time")
        if not isinstance(event, HttpResponse):
            raise UnexpectedEventError(f"http block '{run.block_id}' waits for a response, "
                                       f"not '{event.kind}'")
        if event.error:
            raise FlowRuntimeError("HttpError", event.error)
        if props["status_variable"]:
            run.set(props["status_variable"], float(event.status))
        if props["result_variable"]:
            run.set(props["result_variable"], _body_value(event.body))
        if 200 <= event.status < 300:
            return "next"
        raise FlowRuntimeError("HttpError", f"the web service answered HTTP {event.status}")


def _render(run: BlockRun, template: Any, part: str, masked: dict[str, Masked]) -> str:
    """A template's text; one that reads a secret also leaves its masked pieces in `masked`."""
    if not run.reads_secret(template):
        return run.render(template)
    text, pieces = render_masked(template.source, run.eval, run.reads_secret)
    if part == "url":
        text, pieces = text.strip(), _stripped(pieces)
    masked[part] = pieces
    return text


def _stripped(pieces: Masked) -> Masked:
    """Masked pieces of a text that is stripped of surrounding white space."""
    first = [pieces[0].lstrip() if isinstance(pieces[0], str) else None] if pieces else []
    out = [*first, *pieces[1:]]
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return tuple(out)


def _body_value(body: Any) -> Any:
    """JSON bodies become objects; other text stays a string."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            return json.loads(body)
        except ValueError:
            return body
    return body
