"""The demo Framework records: a new version of the missing-children note waiting for review."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cylch.core import testing
from cylch.core.demo import demo_load
from cylch.framework.demo import build_framework
from cylch.framework.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db


def test_the_demo_partnership_manager_can_publish_the_draft_waiting_for_review() -> None:
    region = demo_load()
    build_framework(region)  # a second run changes nothing
    drafts = DocumentVersion.objects.filter(status="in_review")
    assert drafts.count() == 1 and drafts.get().document.code == "missing-children"
    client = testing.sign_in_verified(Client(), region.people["partnership"])
    url = reverse("framework:review", args=["missing-children"])
    page = client.get(url).content.decode()
    assert "Publish this version" in page
    response = client.post(url, {"step": "publish", "publish-version": drafts.get().edit_version})
    assert response.status_code == 302
    published = Document.objects.get(code="missing-children").published
    assert published is not None and published.number == 2 and published.published_by == region.people["partnership"]
    build_framework(region)
    assert not DocumentVersion.objects.filter(status="in_review").exists()
