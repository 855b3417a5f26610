"""A local Dialogflow ES + CX `Sessions.DetectIntent` gRPC server.

Neither SDK ships servicer classes, so the two services are registered with
`grpc.method_handlers_generic_handler` and (de)serialised with the proto-plus types. Clients
reach it through `SessionsGrpcTransport(channel=grpc.insecure_channel(server.address))`, which
is what the connectors do for an endpoint on 127.0.0.1. ES agents are registered by project id,
CX agents by agent id; an unknown one aborts with NOT_FOUND. Dialog memory is kept per session
path, as the real services do. `faults` queues aborts (UNAVAILABLE, RESOURCE_EXHAUSTED,
NOT_FOUND, ...) and delays; every request is kept in `requests`.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Mapping
from concurrent import futures
from typing import Any, NoReturn

import grpc
from google.cloud import dialogflow_v2 as es
from google.cloud import dialogflowcx_v3 as cx

from tests.bots_servers import dialogflow_wire as wire
from tests.bots_servers.faults import Faults
from tests.bots_servers.script import DialogMemory, ScriptedBot

ES_SERVICE = "google.cloud.dialogflow.v2.Sessions"
CX_SERVICE = "google.cloud.dialogflow.cx.v3.Sessions"
_ES_SESSION = re.compile(r"^projects/(?P<project>[^/]+)/(?:locations/[^/]+/)?agent/"
                         r"(?:environments/[^/]+/users/[^/]+/)?sessions/(?P<session>[^/]+)$")
_CX_SESSION = re.compile(r"^(?P<agent>projects/[^/]+/locations/[^/]+/agents/(?P<agent_id>[^/]+))/"
                         r"(?:environments/[^/]+/)?sessions/(?P<session>[^/]+)$")
_CODES = {"throttle": grpc.StatusCode.RESOURCE_EXHAUSTED,
          "unavailable": grpc.StatusCode.UNAVAILABLE,
          "not_found": grpc.StatusCode.NOT_FOUND,
          "access_denied": grpc.StatusCode.PERMISSION_DENIED,
          "unauthenticated": grpc.StatusCode.UNAUTHENTICATED,
          "invalid": grpc.StatusCode.INVALID_ARGUMENT}


class DialogflowServer:
    """`with DialogflowServer(es_agents={"proj": script}, cx_agents={"agent-id": script}) as df:`"""

    def __init__(self, es_agents: Mapping[str, ScriptedBot] | None = None,
                 cx_agents: Mapping[str, ScriptedBot] | None = None,
                 welcome: str = "Hi! How can I help you?"):
        self.es_agents = dict(es_agents or {})
        self.cx_agents = dict(cx_agents or {})
        self.welcome = welcome
        self.faults = Faults()
        self.requests: list[tuple[str, Any]] = []
        self.sessions: dict[str, DialogMemory] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        self._server.add_generic_rpc_handlers((
            _service(ES_SERVICE, self._detect_es, es.DetectIntentRequest,
                     es.DetectIntentResponse),
            _service(CX_SERVICE, self._detect_cx, cx.DetectIntentRequest,
                     cx.DetectIntentResponse),
        ))
        self.port = self._server.add_insecure_port("127.0.0.1:0")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> DialogflowServer:
        self._server.start()
        return self

    def stop(self) -> None:
        self.faults.stopping.set()
        self._server.stop(grace=None).wait(5)

    def __enter__(self) -> DialogflowServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _admit(self, service: str, request: Any, context: grpc.ServicerContext) -> None:
        """Record the request and play the next fault (aborting raises out of the handler)."""
        with self._lock:
            self.requests.append((service, request))
        fault = self.faults.take()
        self.faults.wait(fault.delay_s)
        if fault.kind:
            context.abort(_CODES[fault.kind], fault.message or f"scripted {fault.kind}")

    def _response_id(self) -> str:
        return f"local-{next(self._ids)}"

    def _detect_es(self, request: es.DetectIntentRequest,
                   context: grpc.ServicerContext) -> es.DetectIntentResponse:
        self._admit("es", request, context)
        found = _ES_SESSION.match(request.session)
        script = self.es_agents.get(found["project"]) if found else None
        if script is None:
            _not_found(context, request.session)
        query = request.query_input
        if "event" in query:
            return wire.es_welcome(self.welcome, self._response_id())
        turn = self._turn(request.session, script, query.text.text)
        return wire.es_result(turn, query.text.text, query.text.language_code,
                              self._response_id())

    def _detect_cx(self, request: cx.DetectIntentRequest,
                   context: grpc.ServicerContext) -> cx.DetectIntentResponse:
        self._admit("cx", request, context)
        found = _CX_SESSION.match(request.session)
        script = self.cx_agents.get(found["agent_id"]) if found else None
        if found is None or script is None:
            _not_found(context, request.session)
        query = request.query_input
        if "intent" in query or "event" in query:
            return wire.cx_welcome(found["agent"], self.welcome, self._response_id())
        text = query.dtmf.digits if "dtmf" in query else query.text.text
        with self._lock:
            first = self.sessions.get(request.session, DialogMemory()).intent is None
        turn = self._turn(request.session, script, text)
        return wire.cx_result(turn, found["agent"], text, query.language_code, first,
                              self._response_id())

    def _turn(self, session: str, script: ScriptedBot, text: str) -> Any:
        with self._lock:
            memory = self.sessions.get(session, DialogMemory())
        turn = script.turn(memory, text)
        with self._lock:
            self.sessions[session] = turn.memory
        return turn


def _not_found(context: grpc.ServicerContext, session: str) -> NoReturn:
    context.abort(grpc.StatusCode.NOT_FOUND, f"agent for {session} not found")
    raise AssertionError("abort raises")


def _service(name: str, handler: Any, request_type: Any, response_type: Any
             ) -> grpc.GenericRpcHandler:
    method = grpc.unary_unary_rpc_method_handler(
        handler, request_deserializer=request_type.deserialize,
        response_serializer=response_type.serialize)
    return grpc.method_handlers_generic_handler(name, {"DetectIntent": method})
