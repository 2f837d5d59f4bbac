"""The shipped rules: every one produces a due moment, and the defaults are the statutory figures."""

from __future__ import annotations

import datetime
import json

import pytest

from cylch.core.reference_data import reference_dirs
from cylch.timescales.calendar import WALES, due_moment
from cylch.timescales.models import TimescaleRule
from cylch.timescales.services import RULES_PATH

pytestmark = pytest.mark.django_db

SHIPPED = json.loads(RULES_PATH.read_text(encoding="utf-8"))
SHIPPED_CODES = [entry["code"] for entry in SHIPPED["rules"]]
# Rules other domains ship beside their own code (cylch/<app>/reference/rules.json), loaded by their migrations.
DOMAIN_CODES = {
    entry["code"]
    for directory in reference_dirs()
    if (directory / "rules.json").exists() and (directory / "rules.json") != RULES_PATH
    for entry in json.loads((directory / "rules.json").read_text(encoding="utf-8"))["rules"]
} - set(SHIPPED_CODES)  # a domain may ship a rule core already has (the first loaded wins)

# (unit, amount, owner) for each rule, from the domain brief and the procedures it summarises.
EXPECTED_DEFAULTS = {
    "report-confirmed-in-writing": ("hours", 24, "event_recorder"),
    "report-next-steps-decided": ("working_days", 1, "lead_professional"),
    "report-acknowledgement-follow-up": ("working_days", 7, "event_recorder"),
    "initial-conference": ("working_days", 15, "lead_professional"),
    "outline-plan-circulated": ("working_days", 5, "lead_professional"),
    "first-core-group": ("working_days", 10, "lead_professional"),
    "next-core-group": ("weeks", 6, "lead_professional"),
    "first-review-conference": ("months", 3, "lead_professional"),
    "next-review-conference": ("months", 6, "lead_professional"),
    "transfer-in-conference": ("working_days", 15, "lead_professional"),
    "part6-plan": ("working_days", 10, "lead_professional"),
    "lac-first-visit": ("calendar_days", 7, "lead_professional"),
    "lac-next-visit-first-year": ("weeks", 6, "lead_professional"),
    "lac-first-review": ("working_days", 20, "lead_professional"),
    "lac-second-review": ("months", 3, "lead_professional"),
    "lac-next-review": ("months", 6, "lead_professional"),
    "assessment-completed": ("working_days", 42, "lead_professional"),
    "return-interview": ("hours", 72, "lead_professional"),
}

# A Thursday before Easter, in the afternoon.
SAMPLE_TRIGGER = datetime.datetime(2026, 4, 2, 15, 45, tzinfo=WALES)


def test_migration_loads_every_shipped_rule_once_as_version_1() -> None:
    current = TimescaleRule.objects.filter(is_current=True).exclude(code__in=DOMAIN_CODES)
    assert sorted(current.values_list("code", flat=True)) == sorted(SHIPPED_CODES)
    assert TimescaleRule.objects.exclude(code__in=DOMAIN_CODES).count() == len(SHIPPED_CODES)
    for rule in current:
        assert rule.version == 1
        assert rule.changed_by is None
        assert rule.source == SHIPPED["_source"]
        assert rule.name_en and rule.name_cy
        assert rule.unit in TimescaleRule.Unit.values
        assert rule.owner in TimescaleRule.Owner.values


def test_the_expected_defaults_cover_every_shipped_rule() -> None:
    assert set(EXPECTED_DEFAULTS) == set(SHIPPED_CODES)


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_shipped_default_matches_the_statutory_figure(code: str) -> None:
    rule = TimescaleRule.objects.get(code=code, is_current=True)
    assert (rule.unit, rule.amount, rule.owner) == EXPECTED_DEFAULTS[code]


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_every_rule_produces_a_due_moment(code: str) -> None:
    rule = TimescaleRule.objects.get(code=code, is_current=True)
    due = due_moment(SAMPLE_TRIGGER, unit=rule.unit, amount=rule.amount)
    assert due.tzinfo is not None
    assert due > SAMPLE_TRIGGER
    if rule.unit == TimescaleRule.Unit.HOURS:
        assert due - SAMPLE_TRIGGER == datetime.timedelta(hours=rule.amount)
    else:
        local = due.astimezone(WALES)
        assert (local.hour, local.minute, local.second) == (23, 59, 59)


def test_sample_due_moments_for_the_child_protection_pathway() -> None:
    def due(code: str) -> datetime.datetime:
        rule = TimescaleRule.objects.get(code=code, is_current=True)
        return due_moment(SAMPLE_TRIGGER, unit=rule.unit, amount=rule.amount)

    eod = datetime.time(23, 59, 59)
    assert due("initial-conference") == datetime.datetime.combine(datetime.date(2026, 4, 27), eod, tzinfo=WALES)
    assert due("outline-plan-circulated") == datetime.datetime.combine(datetime.date(2026, 4, 13), eod, tzinfo=WALES)
    assert due("first-core-group") == datetime.datetime.combine(datetime.date(2026, 4, 20), eod, tzinfo=WALES)
    assert due("next-core-group") == datetime.datetime.combine(datetime.date(2026, 5, 14), eod, tzinfo=WALES)
    assert due("first-review-conference") == datetime.datetime.combine(datetime.date(2026, 7, 2), eod, tzinfo=WALES)
    assert due("next-review-conference") == datetime.datetime.combine(datetime.date(2026, 10, 2), eod, tzinfo=WALES)
    assert due("return-interview") == datetime.datetime(2026, 4, 5, 15, 45, tzinfo=WALES)
