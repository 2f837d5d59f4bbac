from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cylch.accountability.models import LedgerAction
from cylch.audit.models import AuditEntry
from cylch.framework.models import Indicator, Standard
from cylch.partnerships import services
from cylch.partnerships.models import AssessmentCycle, Challenge, EvidenceDocument, Rating

pytestmark = pytest.mark.django_db


def _evidence_indicator() -> Indicator:
    indicator = Indicator.objects.filter(evidence_required=True)[0]
    assert indicator is not None, "the shipped framework has an indicator that requires evidence"
    return indicator


def test_cycle_open_refuses_bad_dates_and_changes_nothing(world: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.cycle_open(
            actor=world.manager,
            partnership=world.partnership,
            period_start=today,
            period_end=today - datetime.timedelta(days=1),
            deadline=today - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"period_end", "deadline"}
    assert not AssessmentCycle.objects.exists()


def test_only_one_open_cycle(world: Any) -> None:
    today = timezone.localdate()
    args = {"period_start": today - datetime.timedelta(days=90), "period_end": today, "deadline": today}
    services.cycle_open(actor=world.manager, partnership=world.partnership, **args)
    with pytest.raises(ValidationError, match="already has an open cycle"):
        services.cycle_open(actor=world.manager, partnership=world.partnership, **args)
    assert AssessmentCycle.objects.count() == 1
    assert AuditEntry.objects.filter(action="cylch.partnerships.cycle.opened").count() == 1


def test_rating_without_evidence_where_required_is_refused(world: Any) -> None:
    cycle = world.cycle()
    indicator = _evidence_indicator()
    with pytest.raises(ValidationError) as error:
        services.rating_save(actor=world.manager, cycle=cycle, agency=world.health, indicator=indicator, score="3")
    assert "needs evidence" in error.value.message_dict["evidence_link"][0]
    assert not Rating.objects.exists()


def test_rating_with_a_link_is_kept_and_audited(world: Any) -> None:
    cycle = world.cycle()
    indicator = _evidence_indicator()
    rating = services.rating_save(
        actor=world.manager, cycle=cycle, agency=world.health, indicator=indicator, score="2",
        narrative="Audit in March", evidence_link="https://example.invalid/audit",
    )
    assert rating.score == "2" and rating.version == 1
    entry = AuditEntry.objects.get(action="cylch.partnerships.rating.recorded")
    assert entry.agency_id == world.health.pk


def test_rating_with_a_document_stores_it_privately(world: Any, private_files: Path) -> None:
    cycle = world.cycle()
    indicator = _evidence_indicator()
    upload = SimpleUploadedFile("board report.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    rating = services.rating_save(
        actor=world.manager, cycle=cycle, agency=world.cs, indicator=indicator, score="4", documents=[upload]
    )
    document = EvidenceDocument.objects.get(rating=rating)
    assert document.original_name == "board report.pdf"
    stored = Path(document.file.path)
    assert stored.is_file() and private_files in stored.parents
    assert "board report" not in stored.name  # the stored name is random
    with pytest.raises(ValueError):
        _ = document.file.url


def test_unsafe_or_empty_documents_are_refused(world: Any) -> None:
    cycle = world.cycle()
    indicator = _evidence_indicator()
    for upload in (
        SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream"),
        SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"),
    ):
        with pytest.raises(ValidationError) as error:
            services.rating_save(actor=world.manager, cycle=cycle, agency=world.cs, indicator=indicator, score="4", documents=[upload])
        assert "documents" in error.value.message_dict
    assert not Rating.objects.exists() and not EvidenceDocument.objects.exists()


def test_bad_score_and_stale_edit_are_refused(world: Any) -> None:
    cycle = world.cycle()
    indicator = Indicator.objects.filter(evidence_required=False)[0]
    with pytest.raises(ValidationError, match="1 to 4"):
        services.rating_save(actor=world.manager, cycle=cycle, agency=world.cs, indicator=indicator, score="7")
    services.rating_save(actor=world.manager, cycle=cycle, agency=world.cs, indicator=indicator, score="2")
    services.rating_save(actor=world.health_lead, cycle=cycle, agency=world.cs, indicator=indicator, score="3", expected_version=1)
    with pytest.raises(services.StaleEdit):
        services.rating_save(actor=world.manager, cycle=cycle, agency=world.cs, indicator=indicator, score="1", expected_version=1)
    assert Rating.objects.get().score == "3"


def test_rating_after_the_deadline_is_refused_unless_the_manager_records_it(world: Any) -> None:
    cycle = world.cycle()
    AssessmentCycle.objects.filter(pk=cycle.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    cycle.refresh_from_db()
    indicator = Indicator.objects.filter(evidence_required=False)[0]
    with pytest.raises(ValidationError, match="deadline"):
        services.rating_save(actor=world.health_lead, cycle=cycle, agency=world.health, indicator=indicator, score="2")
    services.rating_save(actor=world.manager, cycle=cycle, agency=world.health, indicator=indicator, score="2", may_rate_late=True)


def test_sign_off_is_refused_while_ratings_are_missing_or_challenged(world: Any) -> None:
    cycle = world.cycle()
    indicator = Indicator.objects.all()[0]
    world.rate_everything(cycle, skip=(world.health, indicator))
    with pytest.raises(ValidationError) as error:
        services.cycle_sign_off(actor=world.manager, cycle=cycle)
    messages = error.value.message_dict["__all__"]
    assert "cannot be signed off while ratings are open" in messages[0]
    assert "1 rating is still missing" in messages[1]
    services.rating_save(
        actor=world.manager, cycle=cycle, agency=world.health, indicator=indicator, score="2",
        evidence_link="https://example.invalid/x",
    )
    rating = Rating.objects.filter(cycle=cycle)[0]
    challenge = services.challenge_raise(actor=world.health_lead, rating=rating, comment="The audit says otherwise", agency=world.health)
    with pytest.raises(ValidationError, match="1 challenge to a rating is not resolved"):
        services.cycle_sign_off(actor=world.manager, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.status == AssessmentCycle.Status.OPEN
    services.challenge_resolve(actor=world.manager, challenge=challenge, response="Rating lowered after moderation")
    signed = services.cycle_sign_off(actor=world.manager, cycle=cycle, note="Board, 14 May")
    assert signed.status == AssessmentCycle.Status.SIGNED_OFF and signed.signed_off_by == world.manager
    with pytest.raises(ValidationError, match="signed off"):
        services.rating_save(actor=world.manager, cycle=signed, agency=world.health, indicator=indicator, score="4", evidence_link="https://e.invalid")
    assert Challenge.objects.get().resolved_by == world.manager


def test_sign_off_refreshes_the_snapshots(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    from cylch.partnerships.measures import all_measures
    from cylch.partnerships.models import MeasureSnapshot

    cycle = world.cycle()
    world.rate_everything(cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_sign_off(actor=world.manager, cycle=cycle)
    assert MeasureSnapshot.objects.filter(partnership=world.partnership, period_start=cycle.period_start).count() == len(all_measures())


def test_challenge_needs_a_comment(world: Any) -> None:
    cycle = world.cycle()
    world.rate_everything(cycle)
    with pytest.raises(ValidationError):
        services.challenge_raise(actor=world.health_lead, rating=Rating.objects.all()[0], comment="  ")
    assert not Challenge.objects.exists()


def test_improvement_action_goes_into_the_ledger(world: Any) -> None:
    cycle = world.cycle()
    delivery = Standard.objects.get(code="delivery")
    due = timezone.localdate() + datetime.timedelta(days=60)
    action = services.improvement_action_agree(
        actor=world.manager, cycle=cycle, standard=delivery, what="Audit conference timeliness",
        owner_agency=world.health, owner=world.health_lead, due_on=due,
    )
    stored = LedgerAction.objects.get(pk=action.pk)
    assert (stored.source_kind, stored.source_id, stored.partnership, stored.standard) == (
        "self_assessment", str(cycle.pk), world.partnership, delivery,
    )
    # The owner must work for the owning agency, and the agency must be a member.
    with pytest.raises(ValidationError) as error:
        services.improvement_action_agree(
            actor=world.manager, cycle=cycle, standard=None, what="x", owner_agency=world.cs, owner=world.health_lead, due_on=due,
        )
    assert "owner" in error.value.message_dict
    assert LedgerAction.objects.count() == 1


def test_an_evidence_link_must_be_a_web_address(world: Any) -> None:
    cycle = world.cycle()
    indicator = _evidence_indicator()
    with pytest.raises(ValidationError) as error:
        services.rating_save(
            actor=world.manager, cycle=cycle, agency=world.cs, indicator=indicator, score="3",
            evidence_link="javascript:alert(1)",
        )
    assert "https://" in error.value.message_dict["evidence_link"][0]
    assert not Rating.objects.exists()
