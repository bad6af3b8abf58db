"""The editor's configuration is the content rules: every field of every rule kind, with the same
name and required flag, and widgets that fit; the file format the editor writes is ours."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from passaparola.editor.config import editor_config
from passaparola.rules import SCHEMAS
from passaparola.rules.base import CheckContext, read_source
from tests.support import PROJECT

ORDER = "passaparola:order"  # format.js keeps the header's order under this name
FORMAT_JS = PROJECT / "passaparola" / "editor" / "static" / "format.js"


def test_the_configuration_lists_every_rule_field_with_its_name_and_required_flag():
    config = editor_config({"DEFAULT_LANG": "it"}, local=True)
    collections = {collection["name"]: collection for collection in config["collections"]}
    assert SCHEMAS and set(collections) == set(SCHEMAS)
    for kind, schema in SCHEMAS.items():
        assert schema.fields
        fields = {f["name"]: f["required"] for f in collections[kind]["fields"] if f["name"] != "body"}
        assert fields == {spec.name: spec.required for spec in schema.fields}, kind
        assert collections[kind]["folder"] == f"content/{kind}"


def test_widgets_follow_the_rules():
    config = editor_config({}, local=False)
    fields = {(c["name"], f["name"]): f for c in config["collections"] for f in c["fields"]}
    assert fields[("events", "Event-start")]["widget"] == "datetime"
    assert fields[("tips", "Date")]["format"] == "YYYY-MM-DD HH:mm"
    assert [o["value"] for o in fields[("testimonials", "Rating")]["options"]] == ["1", "2", "3", "4", "5"]
    assert fields[("testimonials", "Consent")]["options"] == ["full-name", "initials", "anonymous"]
    assert fields[("tips", "Image")]["widget"] == "image"
    assert fields[("tips", "Image")]["media_folder"] == "/content/images/tips"
    assert "local_backend" not in config and config["backend"]["name"] == "github"


def test_online_settings_reach_the_backend():
    config = editor_config({"EDITOR_REPO": "marta/salone", "EDITOR_BRANCH": "sito",
                            "EDITOR_AUTH_URL": "https://accesso.example"}, local=False)
    assert config["backend"] == {"name": "github", "repo": "marta/salone", "branch": "sito",
                                 "base_url": "https://accesso.example", "auth_endpoint": "auth"}


def run_format(function: str, argument: object, extra: object) -> object:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed (it comes with npm)"
    script = (f"const f = require({json.dumps(str(FORMAT_JS))});"
              f"process.stdout.write(JSON.stringify(f.{function}({json.dumps(argument)}, "
              f"{json.dumps(extra)})));")
    return json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True,
                                     check=True).stdout)


CONTENT_FILES = sorted(p for kind in SCHEMAS for p in (PROJECT / "content" / kind).glob("*.md"))


@pytest.fixture(scope="module")
def round_trips() -> dict[str, dict]:
    """For every content file, in one Node process (not three per file): what format.js's parse
    reads, what its serialize writes back from that, and what parse reads from what it wrote."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed (it comes with npm)"
    files = {str(path): {"text": path.read_text(encoding="utf-8"),
                         "names": [spec.name for spec in SCHEMAS[path.parent.name].fields]}
             for path in CONTENT_FILES}
    script = (f"const f = require({json.dumps(str(FORMAT_JS))});"
              f"const files = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              f"const out = {{}};"
              f"for (const [path, {{text, names}}] of Object.entries(files)) {{"
              # As the test had it: the header order taken out of what was read, then put back last.
              f"  const read = f.parse(text, names); const order = read[{json.dumps(ORDER)}];"
              f"  delete read[{json.dumps(ORDER)}]; read[{json.dumps(ORDER)}] = order;"
              f"  const written = f.serialize(JSON.parse(JSON.stringify(read)), [...names, 'body']);"
              f"  out[path] = {{read, written, reread: f.parse(written, names)}};"
              f"}}"
              f"process.stdout.write(JSON.stringify(out));")
    return json.loads(subprocess.run([node, "-e", script], input=json.dumps(files),
                                     capture_output=True, text=True, check=True).stdout)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_editor_reads_every_content_file_as_check_does(path, round_trips):
    data = dict(round_trips[str(path)]["read"])
    document, _problems = read_source(path, str(path), CheckContext(PROJECT / "content"))
    order = data.pop(ORDER).split(",")
    assert {key.lower(): value for key, value in data.items() if key != "body"} == {
        key: meta.value for key, meta in document.meta.items()}
    assert order == [meta.key for meta in sorted(document.meta.values(), key=lambda m: m.line)]
    data[ORDER] = ",".join(order)
    assert data["body"] == document.body
    assert round_trips[str(path)]["reread"] == {**data, "body": data["body"].strip() and
                                                data["body"].rstrip() + "\n"}


def test_the_editor_writes_key_value_lines_a_blank_line_and_the_body():
    text = run_format("serialize", {"body": "\nCiao.\n\nSeconda riga.  ", "Rating": 5,
                                    "Title": "", "Reviewer": "Anna", "Reply": "Grazie!\n\nA presto",
                                    "Service": ["Taglio", "Colore"]},
                      ["Title", "Rating", "Reviewer", "Service", "Reply", "body"])
    assert text == ("Rating: 5\nReviewer: Anna\nService: Taglio, Colore\nReply: Grazie!\n"
                    "    A presto\n\nCiao.\n\nSeconda riga.\n")
