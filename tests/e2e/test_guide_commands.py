"""Every command in README's Quick start and in both owner's guides works as written, on a fresh clone.

The commands are read from the documents themselves (``sh`` code blocks and inline `make …`
spans, in the order the owner meets them) and run one after the other with bash in a copy of the
repository's tracked files, as she would type them. The copy shares this checkout's installed
``.venv`` and ``node_modules`` (what ``make`` would install first, from the same pinned lists).
After each ``make new-…`` the test writes the owner's own words in place of the example text, as
the guides tell her to. What cannot be typed as is in a test: ``make serve`` runs until Ctrl+C
(it is stopped once it answers), ``make start`` without options asks its questions (answered on
its input), ``make publish TARGET=…`` needs the host's own program and her login (it runs as a
dry run, which shows the host's command) and ``make test`` only collects the suite (running the
whole suite inside itself would be recursion).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from passaparola.dev.browser import free_port
from passaparola.owner.demo import ALLOW_DEMO_ENV
from tests.support import PROJECT
from tests.workflow_support import fetch, wait_for, write_own_words

DOCUMENTS = {
    "README Quick start": (PROJECT / "README.md", "## Quick start"),
    "owner's guide (it)": (PROJECT / "docs" / "owner-guide.md", None),
    "owner's guide (en)": (PROJECT / "docs" / "owner-guide.en.md", None),
}
_CODE_BLOCK = re.compile(r"^```(?:sh|bash|shell)\n(?P<body>.*?)^```", re.S | re.M)
_INLINE_COMMAND = re.compile(r"`(?P<command>(?:make|invoke|\.venv/bin/invoke) [^`]*)`")
_TRAILING_COMMENT = re.compile(r"\s+#.*$")
# The answers to `make start`'s questions: language (the default), name, web address, address,
# phone, keep the demo (no).
START_ANSWERS = "\n".join(["", "Luna Capelli", "www.lunacapelli.example", "Via Roma 12, 10121 Torino (TO)",
                           "+39 011 000 1234", "n"]) + "\n"


def document_text(path: Path, section: str | None) -> str:
    text = path.read_text(encoding="utf-8")
    if section is None:
        return text
    start = text.index(section)
    end = text.find("\n## ", start + len(section))
    return text[start:end if end != -1 else len(text)]


def commands_in(text: str) -> list[str]:
    """Every command line of the code blocks and every inline command, in document order, once."""
    found: list[tuple[int, str]] = []
    blocks = list(_CODE_BLOCK.finditer(text))
    for block in blocks:
        for offset, line in enumerate(block["body"].splitlines()):
            if line.strip() and not line.lstrip().startswith("#"):
                # The comment after a command is for the reader; the shell ignores it too.
                found.append((block.start() + offset, _TRAILING_COMMENT.sub("", line.strip())))
    for match in _INLINE_COMMAND.finditer(text):
        if not any(block.start() <= match.start() < block.end() for block in blocks):
            found.append((match.start(), match["command"]))
    return list(dict.fromkeys(command for _position, command in sorted(found)))


def fresh_clone(target: Path) -> Path:
    """The repository's tracked files, as a clone has them, with this checkout's installed tools."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for relative in filter(None, tracked):
        source = PROJECT / relative
        if source.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)  # times kept: make sees the set-up as done
    for installed, inputs in ((".venv", ("requirements.txt", "pyproject.toml")),
                              ("node_modules", ("package.json", "package-lock.json"))):
        assert (PROJECT / installed).is_dir(), f"run `make test` once first: {installed} is missing"
        # An out-of-date stamp would make `make` in the clone install again through the link,
        # emptying this checkout's tools under the tests running beside this one.
        stamp = PROJECT / installed / ".installed"
        assert stamp.is_file() and all(stamp.stat().st_mtime >= (PROJECT / name).stat().st_mtime
                                       for name in inputs), \
            f"{installed} is older than {' and '.join(inputs)}: run `make test`, which installs it"
        (target / installed).symlink_to(PROJECT / installed)
    return target


def owner_environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key != ALLOW_DEMO_ENV and not key.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p)  # invoke is not on her PATH
    return {**env, **extra}


def run_serve(clone: Path, command: str) -> None:
    """Start the preview as written, wait until it answers, then stop it as Ctrl+C does."""
    written = re.search(r"PORT=(\d+)", command)
    port = int(written[1]) if written else free_port()
    env = owner_environment() if written else owner_environment(PORT=str(port))
    log = (clone / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen(["bash", "-c", command], cwd=clone, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: fetch(f"http://127.0.0.1:{port}/")[0] == 200,
                 f"`{command}` answering on port {port}")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_every_command_of_the_document_works_as_written_on_a_fresh_clone(document, tmp_path):
    path, section = DOCUMENTS[document]
    commands = commands_in(document_text(path, section))
    assert "make build" in commands and any(c.startswith("make start") for c in commands), commands
    assert not [c for c in commands if c.startswith("invoke ")], "invoke is not on the owner's PATH"

    clone = fresh_clone(tmp_path / "clone")
    online = tmp_path / "online"
    # The guides say to set where to publish before publishing: here, a folder.
    conf = clone / "publishconf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'PUBLISH_DIR = ""', f"PUBLISH_DIR = {str(online)!r}"), encoding="utf-8")

    for command in commands:
        if re.match(r"make serve\b", command):
            run_serve(clone, command)
            continue
        if "TARGET=" in command and "DRY_RUN=" not in command:
            command += " DRY_RUN=1"
        answers = START_ANSWERS if command == "make start" else ""
        env = owner_environment(PYTEST_ADDOPTS="--collect-only -q") if command == "make test" \
            else owner_environment()
        before = set((clone / "content").rglob("*.md"))
        done = subprocess.run(["bash", "-c", command], cwd=clone, input=answers, env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"`{command}` failed:\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, command
        if command.startswith("make new-"):
            # Then she writes her own words where the example is (left there, it is an error).
            created = set((clone / "content").rglob("*.md")) - before
            assert len(created) == 1, (command, created)
            write_own_words(clone, created.pop().relative_to(clone))
    if any(c.startswith("make publish") and "DRY_RUN" not in c for c in commands):
        assert (online / "index.html").is_file()
