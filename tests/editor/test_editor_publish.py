"""The editor is in the preview, published only with EDITOR_PUBLISH, and then with its own
Content-Security-Policy and the online configuration (GitHub) made by the same generator."""

from __future__ import annotations

import json
import re

from passaparola.build.driver import BuildFailed, build
from tests.support import PROJECT, set_setting


def test_the_published_site_has_no_editor_by_default(demo_site):
    assert (demo_site / "index.html").is_file()
    assert not (demo_site / "admin").exists()


def test_editor_publish_puts_the_editor_online_with_its_own_policy(project_copy, tmp_path):
    (project_copy / "node_modules").symlink_to(PROJECT / "node_modules")
    set_setting(project_copy, "EDITOR_PUBLISH", "True")
    set_setting(project_copy, "EDITOR_REPO", '"marta/salone"')
    output = tmp_path / "site"
    build(project_copy, output_dir=output)
    page = (output / "admin" / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "'unsafe-eval'" in policy and "https://api.github.com" in policy
    assert "frame-ancestors" not in policy  # ignored in a meta tag: it goes in _headers
    assert (output / "admin" / "decap" / "decap-cms.js").is_file()
    config = json.loads((output / "admin" / "config.json").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "marta/salone" and "local_backend" not in config
    headers = (output / "_headers").read_text(encoding="utf-8")
    block = headers.split("\n/admin/*\n", 1)[1]
    assert block.startswith("  ! Content-Security-Policy\n  Content-Security-Policy: ")
    assert "frame-ancestors 'none'" in block
    # The site's own pages keep the site's policy.
    assert "'unsafe-eval'" not in (output / "index.html").read_text(encoding="utf-8")


def test_publishing_the_editor_without_installing_it_fails_and_says_why(project_copy, tmp_path):
    set_setting(project_copy, "EDITOR_PUBLISH", "True")
    try:
        build(project_copy, output_dir=tmp_path / "site")
    except BuildFailed as failure:
        assert any("make serve" in str(problem) for problem in failure.problems)
    else:
        raise AssertionError("the build published an editor that cannot work")
