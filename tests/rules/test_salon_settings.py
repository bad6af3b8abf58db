"""An invalid SALON profile fails the build with one clear line per mistake, naming the setting."""

from __future__ import annotations

import copy

import pytest

from passaparola.build.driver import BuildFailed, build, check, load_settings
from passaparola.rules.base import CheckContext
from passaparola.rules.salon import read_salon
from tests.support import PROJECT


@pytest.fixture(scope="module")
def demo_settings() -> dict:
    return load_settings(PROJECT)


def problems_with(settings: dict, change) -> list[str]:
    settings = copy.deepcopy(settings)
    salon = settings["SALON"]
    change(salon)
    context = CheckContext(content_dir=settings["PATH"], lang="en", settings=settings,
                           display_root=PROJECT)
    profile, problems = read_salon(settings, context)
    assert profile is None or not problems
    return [str(p) for p in problems]


INVALID_CASES = {
    "bad time range": (lambda s: s["opening_hours"].update(monday=["9-13"]),
                       "SALON.opening_hours.monday: '9-13' is not a range like 09:00-13:00"),
    "impossible time": (lambda s: s["opening_hours"].update(monday=["09:00-25:00"]),
                        "SALON.opening_hours.monday: '09:00-25:00' is not a range like 09:00-13:00"),
    "overlapping ranges": (lambda s: s["opening_hours"].update(tuesday=["09:00-13:00", "12:30-19:00"]),
                           "SALON.opening_hours.tuesday: '09:00-13:00' and '12:30-19:00' overlap"),
    "range ending before it starts": (
        lambda s: s["opening_hours"].update(friday=["19:00-09:00"]),
        "SALON.opening_hours.friday: '19:00-09:00' ends before it starts"),
    "unknown weekday": (lambda s: s["opening_hours"].update(lunedi=["09:00-13:00"]),
                        "SALON.opening_hours.lunedi: 'lunedi' is not a weekday"),
    "misspelt weekday": (lambda s: s["opening_hours"].update(wednsday=["09:00-13:00"]),
                         "did you mean 'wednesday'?"),
    "bad closure date": (lambda s: s["closures"][0].update(start="24/12/2026"),
                         "SALON.closures[0].start: '24/12/2026' is not a date like 2026-12-24"),
    "impossible closure date": (lambda s: s["closures"][1].update(end="2027-02-30"),
                                "SALON.closures[1].end: '2027-02-30' is not a date like 2026-12-24"),
    "closure ending before it starts": (
        lambda s: s["closures"][1].update(end="2027-08-01"),
        "SALON.closures[1].end: 2027-08-01 is before start 2027-08-09"),
    "closure without a note": (lambda s: s["closures"][0].pop("note"),
                               "SALON.closures[0].note: is required"),
    "latitude out of range": (lambda s: s.update(latitude=144.96),
                              "SALON.latitude: '144.96' is not a latitude"),
    "longitude as text": (lambda s: s.update(longitude="11,33"),
                          "SALON.longitude: '11,33' is not a longitude"),
    "bad phone": (lambda s: s.update(phone="chiamaci"),
                  "SALON.phone: 'chiamaci' is not a phone number like +39 051 000 4127"),
    "WhatsApp without country code": (
        lambda s: s.update(whatsapp="333 000 4127"),
        "SALON.whatsapp: '333 000 4127' is not a mobile number with its country code"),
    "bad booking URL": (lambda s: s.update(booking_url="prenota.example"),
                        "SALON.booking_url: 'prenota.example' is not a web address starting with https://"),
    "bad review URL": (lambda s: s.update(review_url="g.page/r/x/review"),
                       "SALON.review_url: 'g.page/r/x/review' is not a web address starting with https://"),
    "bad social URL": (lambda s: s["social"].update(instagram="instagram.com/x"),
                       "SALON.social.instagram: 'instagram.com/x' is not a web address"),
    "bad email": (lambda s: s.update(email="ciao at example"),
                  "SALON.email: 'ciao at example' is not an email address"),
    "missing image": (lambda s: s.update(image="images/non-esiste.jpg"),
                      "SALON.image: 'images/non-esiste.jpg' is not a picture in content/"),
    "misspelt key": (lambda s: s.update(opening_hour={}),
                     "SALON.opening_hour: is not a setting of the salon; did you mean 'opening_hours'?"),
    "missing required key": (lambda s: s.pop("phone"), "SALON.phone: is required"),
}


@pytest.mark.parametrize("case", sorted(INVALID_CASES))
def test_each_invalid_salon_value_is_reported_with_its_setting_key(demo_settings, case):
    change, expected = INVALID_CASES[case]
    problems = problems_with(demo_settings, change)
    assert len(problems) == 1, problems
    assert problems[0].startswith("pelicanconf.py:"), problems
    assert expected in problems[0], problems


def test_problems_point_at_the_line_of_the_setting(demo_settings):
    lines = (PROJECT / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    problem = problems_with(demo_settings, lambda s: s["opening_hours"].update(thursday=["8-20"]))[0]
    line = int(problem.split(":")[1])
    assert '"thursday"' in lines[line - 1]


def test_the_demo_profile_is_valid_and_parsed(demo_settings):
    profile, problems = read_salon(demo_settings)
    assert problems == []
    assert profile.week["tuesday"] == [("09:00", "13:00"), ("14:30", "19:00")]
    assert profile.week["monday"] == [] and profile.week["sunday"] == []
    assert [c.start.isoformat() for c in profile.closures] == ["2026-12-24", "2027-08-09"]
    assert profile.phone_digits() == "+390510004127"


def test_several_mistakes_are_all_reported_in_one_run(demo_settings):
    def break_three(salon):
        salon["opening_hours"]["monday"] = ["9-13"]
        salon["phone"] = "?"
        salon["closures"][0]["end"] = "2026-12-01"

    assert len(problems_with(demo_settings, break_three)) == 3


def _write_bad_hours(project):
    conf = project / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('"thursday": ["10:00-20:00"]', '"thursday": ["10-20"]'), encoding="utf-8")


def test_an_invalid_profile_fails_the_build_in_the_owners_words(project_copy):
    _write_bad_hours(project_copy)
    with pytest.raises(BuildFailed) as failure:
        build(project_copy)
    lines = [str(p) for p in failure.value.problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith("pelicanconf.py:")
    assert "SALON.opening_hours.thursday: '10-20' non è una fascia oraria come 09:00-13:00" in lines[0]
    assert "Traceback" not in lines[0]
    assert not (project_copy / "output").exists()


def test_invoke_check_reports_the_profile_too(project_copy):
    _write_bad_hours(project_copy)
    assert [p.field for p in check(project_copy)] == ["SALON.opening_hours.thursday"]


def test_a_bare_pelican_run_logs_each_mistake_as_an_error_not_a_traceback(demo_settings, caplog):
    from types import SimpleNamespace

    from plugins.salon.salon import check_profile

    settings = copy.deepcopy(demo_settings)
    settings["SALON"]["opening_hours"]["monday"] = ["9-13"]
    pelican = SimpleNamespace(settings=settings)
    check_profile(pelican)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "SALON.opening_hours.monday: '9-13'" in errors[0]
    assert settings["SALON_PROFILE"] is None
