"""SRGS grammars uploaded per language: checked on upload (errors with their line), read back,
and found by the engine's host in the session language."""

from __future__ import annotations

import pytest
from flask import Flask

from designer_ui.services.business import ControlsHost
from interpreter.grammars.srgs.limits import MAX_SOURCE_CHARS
from interpreter.host import ResourceNotFoundError
from tests.designer_ui.helpers import Api

ENGLISH = "#ABNF 1.0;\nroot $yes;\n$yes = yes {out = true} | no {out = false};\n"
SPANISH = ('<grammar xmlns="http://www.w3.org/2001/06/grammar" xml:lang="es" root="si">'
           '<rule id="si"><one-of><item>sí<tag>out = true</tag></item>'
           '<item>no<tag>out = false</tag></item></one-of></rule></grammar>')
TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def test_upload_read_list_and_delete(business: Api, developer: Api) -> None:
    saved = business.put("grammars/confirm/en-US", data=ENGLISH.encode(), headers=TEXT)
    assert saved.status_code == 200, saved.json
    assert saved.json["mode"] == "voice" and saved.json["source"] == ENGLISH
    xml = business.put("grammars/confirm/es", data=SPANISH.encode(),
                       headers={"Content-Type": "application/srgs+xml"})
    assert xml.status_code == 200, xml.json
    listed = developer.get("grammars").json
    assert [(item["name"], item["language"]) for item in listed] == [
        ("confirm", "en-US"), ("confirm", "es")]
    assert developer.get("grammars/confirm/es").json["source"] == SPANISH
    assert developer.put("grammars/confirm/fr", data=ENGLISH.encode(),
                         headers=TEXT).status_code == 403
    assert business.delete("grammars/confirm/es").status_code == 204
    assert developer.get("grammars/confirm/es").status_code == 404


def test_a_grammar_that_does_not_compile_is_refused_with_its_line(business: Api) -> None:
    broken = "#ABNF 1.0;\nroot $a;\n$a = yes\n  $missing;\n"
    response = business.put("grammars/broken/en-US", data=broken.encode(), headers=TEXT)
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "invalid_grammar" and error["details"]["line"] == 4
    assert business.get("grammars/broken/en-US").status_code == 404


def test_uploads_are_bounded_and_typed(business: Api) -> None:
    huge = ("#ABNF 1.0;\nroot $a;\n$a = " + "x " * MAX_SOURCE_CHARS + ";\n").encode()
    assert business.put("grammars/huge/en-US", data=huge, headers=TEXT).status_code == 413
    assert business.put("grammars/bad/en-US", data=b"\xff\xfe",
                        headers=TEXT).status_code == 400
    assert business.put("grammars/bad/en-US", data=ENGLISH.encode(),
                        headers={"Content-Type": "image/png"}).status_code == 415
    assert business.put("grammars/bad/not a language!", data=ENGLISH.encode(),
                        headers=TEXT).status_code in (400, 404)
    laughs = ('<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "ha">]>'
              '<grammar root="a"><rule id="a">&a;</rule></grammar>')
    refused = business.put("grammars/laughs/en-US", data=laughs.encode(), headers=TEXT)
    assert refused.status_code == 400 and "entities" in refused.json["error"]["message"]


def test_the_engine_host_reads_uploaded_grammars_by_language(app: Flask, business: Api) -> None:
    business.put("grammars/confirm/en-US", data=ENGLISH.encode(), headers=TEXT)
    business.put("grammars/confirm/es", data=SPANISH.encode(), headers=TEXT)
    with app.app_context():
        host = ControlsHost()
        assert host.srgs_grammar("confirm", "es-MX") == SPANISH
        assert host.srgs_grammar("confirm", "en-US") == ENGLISH
        with pytest.raises(ResourceNotFoundError):
            host.srgs_grammar("nothing", "en-US")
