"""Absolute URLs and JSON-LD escaping shared by every capability."""

import json

from passaparola.web import absolute_url, json_for_script, site_base_url


def test_preview_builds_use_localhost_and_published_builds_use_siteurl():
    assert site_base_url({"SITEURL": ""}) == "http://localhost:8000"
    assert site_base_url({"SITEURL": "https://salone.example/"}) == "https://salone.example"
    # A phone's photo name keeps its spaces on disk; its published address is percent-encoded.
    assert absolute_url({"SITEURL": "https://s.example"}, "/images/a b.jpg") == (
        "https://s.example/images/a%20b.jpg")
    assert absolute_url({"SITEURL": ""}, "consigli/x/") == "http://localhost:8000/consigli/x/"


def test_json_for_script_cannot_close_the_script_element_and_round_trips():
    data = {"text": "</script><script>alert(1)</script> & ]]> «città»"}
    emitted = str(json_for_script(data))
    assert "</" not in emitted and "<script" not in emitted
    assert json.loads(emitted) == data
