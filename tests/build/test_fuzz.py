"""Hostile and broken content, generated: the build succeeds with everything escaped, or fails
naming the file — never a traceback, never a hang.

The number of examples is kept small for CI (FUZZ_EXAMPLES, default 12 per kind); `invoke fuzz`
runs a long campaign.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.build.driver import BuildFailed, build
from passaparola.rules import SCHEMAS
from tests.support import copy_project
from tests.wellformed import problems_in_site

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))

PAYLOADS = [
    "</script><script>alert(1)</script>", "]]>", "<img src=x onerror=alert(1)>",
    "javascript:alert(1)", "{filename}../../pelicanconf.py", "\u202egnp.exe", "👩‍🦰💇‍♀️✂️",
    "שלום عربي", "' OR 1=1 --", "${{7*7}}", "{{ config }}", "&amp;&lt;", "\\", "%s%n", "é" * 300,
    "x" * 5000, "2026-02-30", "-1", "1e309", "NaN", "null", "[]", "{}",
]
text = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=80))
line_text = text.map(lambda value: value.replace("\r", " ").replace("\n", " "))

# The fields of each kind come from the content rules themselves, so new fields are fuzzed too.
KIND_FIELDS = {kind: [field.name for field in schema.fields] for kind, schema in SCHEMAS.items()}
# Values that are right, mixed with the hostile ones, so that builds also get past the rules.
GOOD_VALUES = {
    "Title": st.just("Titolo"), "Date": st.sampled_from(["2026-05-01", "2026-05-01 10:30"]),
    "Status": st.sampled_from(["published", "draft", "hidden"]), "Slug": st.just("una-prova"),
    "Event-start": st.sampled_from(["2027-02-10 18:00", "2027-03-28", "2026-10-25 02:30"]),
    "Event-mode": st.sampled_from(["offline", "online", "mixed"]),
    "Event-location": st.just("Salone, Via del Pratello 41/B, Bologna"),
    "Event-url": st.just("https://video.example/diretta"),
    "Event-rrule": st.sampled_from(["FREQ=WEEKLY;COUNT=3", "FREQ=MONTHLY;BYDAY=1TU;COUNT=2"]),
    "Event-status": st.sampled_from(["scheduled", "cancelled", "postponed"]),
    "Event-price": st.sampled_from(["0", "25", "12.50"]),
    "Rating": st.sampled_from(["1", "3", "5"]), "Reviewer": st.just("Giulia Rossi"),
    "Consent": st.sampled_from(["full-name", "initials", "anonymous"]),
    "Service": st.sampled_from(["Taglio", "Colore, Piega"]),
    "Source": st.sampled_from(["in-salon", "google", "email"]),
}
# Fields without which a file of that kind cannot build at all, always present (often valid).
REQUIRED = {kind: [f.name for f in schema.fields if f.required] for kind, schema in SCHEMAS.items()}


@st.composite
def content_file(draw, kind: str) -> bytes:
    optional = draw(st.lists(st.sampled_from(KIND_FIELDS[kind] + ["Sconosciuto"]), unique=True,
                             max_size=8))
    fields = REQUIRED[kind] + [name for name in optional if name not in REQUIRED[kind]]
    lines = []
    for name in fields:
        value = draw(st.one_of(GOOD_VALUES.get(name, line_text), line_text))
        lines.append(f"{name}: {value}")
    body = draw(text)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    document = (newline.join(lines) + newline * 2 + body + newline).encode("utf-8")
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    mangle = draw(st.sampled_from(["none", "none", "empty", "latin1"]))
    if mangle == "empty":
        return b""
    if mangle == "latin1":
        return prefix + document + "città".encode("latin-1")
    return prefix + document


def run_fuzz_case(project, kind: str, data: bytes) -> None:
    target = project / "content" / kind / "fuzz.md"
    target.write_bytes(data)
    try:
        result = build(project, force=True)
    except BuildFailed as failure:
        assert failure.problems, "a failed build must say why"
        for problem in failure.problems:
            assert problem.path == f"content/{kind}/fuzz.md", str(problem)
            assert "Traceback" not in problem.message
        return
    assert problems_in_site(result.output_dir) == []


def make_fuzz_test(kind: str):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=content_file(kind))
    def test(tmp_path_factory, data):
        project = copy_project(tmp_path_factory.mktemp(f"fuzz-{kind}"))
        run_fuzz_case(project, kind, data)

    test.__name__ = f"test_hostile_{kind}_build_cleanly_or_fail_naming_the_file"
    return test


test_hostile_tips_build_cleanly_or_fail_naming_the_file = make_fuzz_test("tips")
test_hostile_pages_build_cleanly_or_fail_naming_the_file = make_fuzz_test("pages")
test_hostile_events_build_cleanly_or_fail_naming_the_file = make_fuzz_test("events")
test_hostile_testimonials_build_cleanly_or_fail_naming_the_file = make_fuzz_test("testimonials")
