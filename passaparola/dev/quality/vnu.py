"""The Nu HTML Checker (npm ``vnu-jar``, pinned in package.json) over a site's pages and styles.

One Java run checks the explicit list of ``.html`` and ``.css`` files: given a folder, vnu would
also parse feeds, calendars and images as HTML. Java is the system's (``java`` on the PATH).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from passaparola.dev.quality.site import css_files, html_files

PROJECT = Path(__file__).resolve().parents[3]
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class ToolMissing(RuntimeError):
    """A quality tool is not installed; the message says how to install it."""


@dataclass(frozen=True)
class Message:
    """One message of the checker: ``kind`` is "error", "warning" or "info"."""

    file: str
    line: int
    kind: str
    text: str
    extract: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.text}"


def vnu_command(files: list[Path], jar: Path = VNU_JAR) -> list[str]:
    """The java command line that checks ``files`` and prints JSON."""
    java = shutil.which("java")
    if java is None:
        raise ToolMissing("java is not installed (Debian: openjdk-17-jre-headless)")
    if not jar.is_file():
        raise ToolMissing(f"{jar} is missing: run `npm ci --ignore-scripts` in the project folder")
    return [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(jar), "--also-check-css",
            "--format", "json", "--exit-zero-always", *[str(f) for f in files]]


def check_files(files: list[Path], root: Path | None = None) -> list[Message]:
    """Every message of the Nu HTML Checker about ``files`` (HTML and CSS, by file extension)."""
    if not files:
        return []
    result = subprocess.run(vnu_command(files), capture_output=True, text=True, check=False,
                            timeout=600)
    # vnu writes its JSON report on stderr (--also-check-css: .css files are checked as CSS).
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"vnu did not answer in JSON:\n{result.stderr[-2000:]}") from error
    messages = []
    for item in report.get("messages", []):
        url = item.get("url", "")
        path = Path(url.removeprefix("file:")) if url else Path("?")
        name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        kind = item.get("type", "error")
        if kind == "info" and item.get("subType") == "warning":
            kind = "warning"
        messages.append(Message(name, int(item.get("lastLine", 0)), kind,
                                item.get("message", ""), item.get("extract", "")))
    return messages


def check_site(site_dir: Path) -> list[Message]:
    """Every message of the Nu HTML Checker about every page and stylesheet of the built site."""
    site_dir = Path(site_dir).resolve()
    return check_files(html_files(site_dir) + css_files(site_dir), root=site_dir)


def errors(messages: list[Message]) -> list[Message]:
    """Only the errors (and fatal errors) among ``messages``."""
    return [m for m in messages if m.kind in ("error", "non-document-error")]
