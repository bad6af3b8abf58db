"""``invoke start`` / ``make start``: the demo salon becomes the owner's own site.

It asks, in the owner's language, for the salon's name, public web address, street address,
phone number and language (each can also be given as an option, so it runs unattended), then
edits the values in ``pelicanconf.py`` and ``publishconf.py`` in place — the file keeps its
comments and layout, no second copy of a setting is appended — and, unless ``--keep-demo``,
removes the demo's tips, events, reviews, pages and photos, leaving a contacts page of hers. The
site then builds with no warning; :mod:`passaparola.owner.demo` keeps anything of the demo from being
published.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from passaparola.addresses import RECORD_FILE
from passaparola.build.driver import check, load_settings
from passaparola.i18n import SUPPORTED_LANGUAGES, language_names, owner_language, tool_gettext
from passaparola.owner.demo import demo_settings_left
from passaparola.settings import PROJECT_DEFAULTS

# The folders of content/ whose files are the demo's (content/images holds its photos).
DEMO_CONTENT_FOLDERS = ("tips", "events", "testimonials", "pages", "services", "team", "images")
_DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# An Italian postal address: "Via Roma 12, 10121 Torino" with an optional province "(TO)".
_ADDRESS = re.compile(r"^(?P<street>[^,]+?)\s*,\s*(?P<postcode>\d{5})\s+(?P<city>[^(),]+?)"
                      r"(?:\s*\(\s*(?P<region>[A-Za-z]{2})\s*\))?\s*$")
_PHONE = re.compile(r"^\+?\d{6,15}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")


class StartError(Exception):
    """An answer that cannot be used; the message (translated) says how to write it."""


@dataclass
class Address:
    street: str
    postcode: str
    city: str
    region: str


@dataclass
class Answers:
    """What ``start`` needs to know, already checked."""

    name: str
    domain: str
    address: Address
    phone: str
    language: str
    keep_demo: bool = False
    # The site's other languages (``make start LANGUAGES="it en"``); None: as they were, but the
    # demo's own other languages go with its content.
    other_languages: list[str] | None = None


# --- reading the answers ---------------------------------------------------------------------------

def parse_other_languages(text: str, default: str, _: Callable[[str], str],
                          in_lang: str = "it") -> list[str]:
    """``"it en"`` or ``"it,en"``: the site's languages besides ``default``, each one supported."""
    codes = [code for code in str(text).replace(",", " ").lower().split() if code]
    for code in codes:
        parse_language(code, _, in_lang)
    return list(dict.fromkeys(code for code in codes if code != default))


def parse_name(text: str, _: Callable[[str], str]) -> str:
    name = " ".join(str(text).split())
    if not name or len(name) > 80 or any(c in name for c in '"\\'):
        raise StartError(_("write the salon's name as its sign shows it, e.g. Luna Capelli"))
    return name


def parse_domain(text: str, _: Callable[[str], str]) -> str:
    """``https://www.LunaCapelli.example/`` -> ``www.lunacapelli.example``."""
    domain = str(text).strip().lower()
    domain = re.sub(r"^[a-z]+://", "", domain).split("/")[0]
    if not _DOMAIN.match(domain):
        raise StartError(_("'{value}' is not a web address: write it like www.lunacapelli.it").format(
            value=text))
    return domain


def parse_address(text: str, _: Callable[[str], str]) -> Address:
    match = _ADDRESS.match(" ".join(str(text).split()))
    if not match:
        raise StartError(_("'{value}' is not an address like: Via Roma 12, 10121 Torino (TO)").format(
            value=text))
    return Address(match["street"], match["postcode"], match["city"], (match["region"] or "").upper())


def parse_phone(text: str, _: Callable[[str], str]) -> str:
    phone = " ".join(str(text).split())
    if not _PHONE.match(_PHONE_PUNCTUATION.sub("", phone)):
        raise StartError(_("'{value}' is not a phone number like +39 011 000 1234").format(value=text))
    return phone


def parse_language(text: str, _: Callable[[str], str],
                   in_lang: str = PROJECT_DEFAULTS["DEFAULT_LANG"]) -> str:
    lang = str(text).strip().lower()
    if lang not in SUPPORTED_LANGUAGES:
        raise StartError(_("'{value}' is not a language of the site; supported languages: "
                           "{languages}").format(value=text, languages=language_names(in_lang)))
    return lang


def parse_yes(text: str, _: Callable[[str], str]) -> bool:
    answer = str(text).strip().lower()
    if answer in ("", "n", "no"):
        return False
    if answer in ("y", "yes", "s", "si", "sì"):
        return True
    raise StartError(_("answer y (yes) or n (no)"))


# --- editing the settings in place ------------------------------------------------------------------

def python_literal(value: Any, depth: int = 0) -> str:
    """The value as it is written in a settings file: strings in double quotes."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if value in ([], {}):
        return repr(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):  # LANGUAGES
        return "[" + ", ".join(python_literal(item) for item in value) + "]"
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):  # LANGUAGES_SETTINGS
        inner = "".join(f"{'    ' * (depth + 1)}{json.dumps(key, ensure_ascii=False)}: "
                        f"{python_literal(item, depth + 1)},\n" for key, item in value.items())
        return "{\n" + inner + "    " * depth + "}"
    raise TypeError(value)


class SettingsFile:
    """A settings file whose top-level values (and ``SALON``-like dictionary keys) are replaced
    where they are written: the rest of the file, comments included, stays as it was."""

    def __init__(self, path: Path, lang: str = PROJECT_DEFAULTS["DEFAULT_LANG"]) -> None:
        self.path = path
        self.lang = lang  # of the owner's messages
        self.text = path.read_text(encoding="utf-8")
        self.tree = ast.parse(self.text)
        self.lines = self.text.splitlines(keepends=True)
        self.replacements: list[tuple[int, int, str]] = []

    def _offset(self, line: int, column: int) -> int:
        # ast columns count UTF-8 bytes; the text is indexed by characters.
        before = sum(len(text) for text in self.lines[:line - 1])
        return before + len(self.lines[line - 1].encode("utf-8")[:column].decode("utf-8"))

    def _span(self, node: ast.AST) -> tuple[int, int]:
        return (self._offset(node.lineno, node.col_offset),
                self._offset(node.end_lineno, node.end_col_offset))

    def _assignment(self, name: str) -> ast.Assign | None:
        found = None
        for node in self.tree.body:  # the last assignment is the one that counts
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found = node
        return found

    def remove(self, name: str) -> None:
        """Take out the lines of ``NAME = ...`` (a helper value the file no longer uses)."""
        node = self._assignment(name)
        if node is None:
            return
        start = self._offset(node.lineno, 0)
        end = self._offset(node.end_lineno, 0) + len(self.lines[node.end_lineno - 1])
        self.replacements.append((start, end, ""))

    def has(self, name: str) -> bool:
        return self._assignment(name) is not None

    def set(self, name: str, value: Any) -> None:
        """Replace the value of ``NAME = ...``; a setting not written yet is added at the end."""
        node = self._assignment(name)
        if node is None:
            self.replacements.append((len(self.text), len(self.text),
                                      f"\n{name} = {python_literal(value)}\n"))
            return
        self.replacements.append((*self._span(node.value), python_literal(value)))

    def set_key(self, name: str, key: str, value: Any) -> None:
        """Replace ``"key": ...`` inside the dictionary ``NAME = {...}``; add it if missing."""
        node = self._assignment(name)
        if node is None or not isinstance(node.value, ast.Dict):
            _ = tool_gettext(self.lang)
            raise StartError(_("{file}: {setting} is not written as a dictionary {{...}}: change it "
                               "by hand, or put back the demo's").format(file=self.path.name,
                                                                          setting=name))
        dictionary = node.value
        for key_node, value_node in zip(dictionary.keys, dictionary.values, strict=True):
            if isinstance(key_node, ast.Constant) and key_node.value == key:
                self.replacements.append((*self._span(value_node), python_literal(value)))
                return
        closing = self._offset(dictionary.end_lineno, dictionary.end_col_offset) - 1
        self.replacements.append((closing, closing, f"    {json.dumps(key)}: {python_literal(value)},\n"))

    def save(self) -> None:
        text = self.text
        for start, end, new in sorted(self.replacements, reverse=True):
            text = text[:start] + new + text[end:]
        ast.parse(text)  # never leave a settings file that Python cannot read
        self.path.write_text(text, encoding="utf-8")


def subtitle(city: str, lang: str) -> str:
    """The site's subtitle until she writes her own: "Parrucchiere a Torino"."""
    _ = tool_gettext(lang)
    return _("Hair salon in {city}").format(city=city)


def apply(project: Path, answers: Answers) -> list[str]:
    """Write the answers into the settings and (unless kept) remove the demo content.

    Returns the names of the content files and photos removed, relative to content/ (none when
    the settings were already hers: then the content is hers too).
    """
    project = Path(project).resolve()
    # Only the demo's content is removed: once the settings are hers, so is the content (running
    # start again, say for a new phone number, must never delete what she wrote).
    still_the_demo = bool(demo_settings_left(load_settings(project, "publishconf.py"), project,
                                             tool_gettext(answers.language)))
    conf = SettingsFile(project / "pelicanconf.py", answers.language)
    conf.set("SITENAME", answers.name)
    if still_the_demo:  # afterwards, the subtitle and author are hers to write
        conf.set("SITESUBTITLE", subtitle(answers.address.city, answers.language))
        conf.set("AUTHOR", answers.name)
    address = answers.address
    salon: dict[str, Any] = {"street": address.street, "postcode": address.postcode,
                             "city": address.city, "region": address.region, "phone": answers.phone}
    if still_the_demo:
        # The demo's own: left empty (absent) for her to fill in when she has them.
        salon.update({"latitude": "", "longitude": "", "whatsapp": "", "email": "",
                      "booking_url": "", "review_url": "", "newsletter": "", "closures": [],
                      "social": {}})
        if not answers.keep_demo:
            salon["image"] = ""  # the demo's shop-window photo goes with the other photos
    for key, value in salon.items():
        conf.set_key("SALON", key, value)
    conf.set("DEFAULT_LANG", answers.language)
    # LANGUAGES starts with the default language: her answer replaces the old default, her other
    # languages stay after it.
    languages = load_settings(project).get("LANGUAGES")
    if answers.other_languages is not None:  # issue 23: she named her languages
        conf.set("LANGUAGES", [answers.language, *answers.other_languages])
    elif still_the_demo and not answers.keep_demo and conf.has("LANGUAGES"):
        conf.set("LANGUAGES", [answers.language])  # the demo's translations are removed below
    elif isinstance(languages, (list, tuple)) and languages:
        conf.set("LANGUAGES", [answers.language,
                               *(str(code) for code in languages[1:] if code != answers.language)])
    if still_the_demo and conf.has("LANGUAGES_SETTINGS"):
        # The demo's subtitle and closures in English go; her other languages get the subtitle
        # in their own words (her first one is in hers), until she writes her own.
        conf.remove("SITESUBTITLE_EN")
        conf.set("LANGUAGES_SETTINGS", {
            code: {"SITESUBTITLE": subtitle(address.city, code),
                   "SALON": {"description": subtitle(address.city, code)}}
            for code in answers.other_languages or []})
    # Calendar apps know an event by its UID: set once to her domain and kept, even if the site
    # moves later (the demo's "www." is left out, as in the demo's own setting).
    conf.set("EVENTS_UID_DOMAIN", answers.domain.removeprefix("www."))
    conf.save()

    publish = SettingsFile(project / "publishconf.py", answers.language)
    publish.set("SITEURL", f"https://{answers.domain}")
    publish.save()

    removed: list[str] = []
    if still_the_demo and not answers.keep_demo:
        content = Path(load_settings(project)["PATH"])
        for folder in DEMO_CONTENT_FOLDERS:
            for path in sorted((content / folder).rglob("*")) if (content / folder).is_dir() else []:
                if path.is_file() or path.is_symlink():
                    removed.append(path.relative_to(content).as_posix())
            shutil.rmtree(content / folder, ignore_errors=True)
            (content / folder).mkdir(parents=True, exist_ok=True)
        # The addresses the demo's pages were published at are not hers to keep or redirect.
        (project / RECORD_FILE).unlink(missing_ok=True)
        for record in project.glob(RECORD_FILE.replace(".json", ".*.json")):  # one per language
            record.unlink()
        original = _write_contacts_page(content, answers.language)
        for code in answers.other_languages or []:  # a visitor in each language finds it too
            _write_contacts_page(content, code, translation_of=original)
    return removed


def _write_contacts_page(content: Path, lang: str, translation_of: str = "") -> str:
    """Her first page: where the salon is and when it is open (the contacts template shows it);
    with ``translation_of``, its translation in ``lang``. Returns the file's name."""
    _ = tool_gettext(lang)
    slug = _("contacts")
    title = _("Contacts")
    summary = _("Where we are, when we are open and how to book.")
    body = _("Call us or drop in: we look forward to seeing you.")
    name = f"{translation_of.removesuffix('.md')}.{lang}.md" if translation_of else f"{slug}.md"
    translation = f"Lang: {lang}\nTranslation-of: {translation_of}\n" if translation_of else ""
    text = (f"Title: {title}\n{translation}Slug: {slug}\nMenu_order: 1\nTemplate: contacts\n"
            f"Summary: {summary}\n\n{body}\n")
    (content / "pages" / name).write_text(text, encoding="utf-8")
    return name


# --- the owner's command ------------------------------------------------------------------------------

Ask = Callable[[str], str]


def start_for_owner(project: Path, name: str = "", domain: str = "", address: str = "",
                    phone: str = "", language: str = "", keep_demo: bool | None = None,
                    ask: Ask = input, echo: Callable[[str], None] = print,
                    languages: str = "") -> int:
    """``invoke start``: ask what the options do not say, apply it, print what changed; 0 if done."""
    project = Path(project).resolve()
    current = owner_language(load_settings(project).get("DEFAULT_LANG"))
    lang = owner_language(language.strip().lower()) if language else current
    _ = tool_gettext(lang)

    def parse_site_language(text: str, gettext) -> str:
        return parse_language(text, gettext, lang)

    questions: list[tuple[str, str, Callable[[str, Any], Any], str]] = [
        ("language", _("Language of the site ({languages})").format(
            languages=", ".join(SUPPORTED_LANGUAGES)), parse_site_language, language or current),
        ("name", _("Name of the salon (e.g. Luna Capelli)"), parse_name, name),
        ("domain", _("Address of the site on the web (e.g. www.lunacapelli.it)"), parse_domain, domain),
        ("address", _("Street address (e.g. Via Roma 12, 10121 Torino (TO))"), parse_address, address),
        ("phone", _("Phone number (e.g. +39 011 000 1234)"), parse_phone, phone),
    ]
    given_options = bool(name or domain or address or phone)
    values: dict[str, Any] = {}
    if not given_options and keep_demo is None:
        echo(_("Let's make this site yours: a few questions (Ctrl+C stops without changing "
               "anything)."))
    for key, question, parse, given in questions:
        try:
            values[key] = _answer(question, parse, given, key == "language" and not given_options,
                                  ask, echo, _)
        except StartError as error:
            echo(_("Nothing was changed: --{option}: {error}").format(option=key, error=error))
            return 1
        except (EOFError, KeyboardInterrupt):
            echo("")
            echo(_("Nothing was changed: --{option} is missing ({question}).").format(
                option=key, question=question))
            return 1
    if keep_demo is None:
        if given_options:
            keep_demo = False
        else:
            try:
                keep_demo = _answer(_("Keep the demo's tips, events, reviews, pages and photos? (y/N)"),
                                    parse_yes, "", True, ask, echo, _)
            except (EOFError, KeyboardInterrupt):
                keep_demo = False
    try:
        others = parse_other_languages(languages, values["language"], _, lang) if languages else None
    except StartError as error:
        echo(_("Nothing was changed: --{option}: {error}").format(option="languages", error=error))
        return 1
    answers = Answers(keep_demo=bool(keep_demo), other_languages=others, **values)
    try:
        removed = apply(project, answers)
    except StartError as error:
        echo(_("Nothing was changed: {error}").format(error=error))
        return 1
    _ = tool_gettext(answers.language)
    echo(_("Done: the site is now {name}'s.").format(name=answers.name))
    echo("  " + _("pelicanconf.py: name, address, phone, language and the calendar's domain"))
    echo("  " + _("publishconf.py: the site's address, SITEURL = https://{domain}").format(domain=answers.domain))
    if removed:
        echo("  " + _("demo content removed: {count} files (tips, events, reviews, pages, photos); "
                      "a contacts page was written").format(count=len(removed)))
    problems = [p for p in check(project) if p.level == "error"]
    for problem in problems:
        echo(f"  {problem}")
    echo(_("Check the opening hours in pelicanconf.py (SALON, \"opening_hours\"): they are still the "
           "demo's. Then: make build, or make serve to watch the site while you write."))
    return 1 if problems else 0


def _answer(question: str, parse, given: str, ask_even_if_given: bool, ask: Ask,
            echo: Callable[[str], None], _) -> Any:
    """The parsed answer: the option's value, or asked until it can be used."""
    if given and not ask_even_if_given:
        return parse(given, _)
    while True:
        default = f" [{given}]" if given else ""
        text = ask(f"{question}{default}: ").strip() or given
        try:
            return parse(text, _)
        except StartError as error:
            echo("  " + str(error))
