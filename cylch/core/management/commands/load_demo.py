from typing import Any

from django.core.management.base import BaseCommand

from cylch.audit.context import acting
from cylch.core.demo import DEMO_PASSWORD, DEMO_PEOPLE, demo_load, demo_totp_key_base32
from cylch.people.models import Person


class Command(BaseCommand):
    help = "Build the fictional demo region with one demo person for each role."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting(channel="command"):
            region = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo region ready: {len(region.agencies)} agencies, {len(region.people)} people."))
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (fictional people):")
        for local, name, _language, _team, role in DEMO_PEOPLE:
            self.stdout.write(f"  {role:<20} {local}@demo.cylch.invalid   ({name})")
        # People the domains' demo builders add (a provider's therapist, a board's business manager, ...).
        listed = {f"{local}@demo.cylch.invalid" for local, *_rest in DEMO_PEOPLE}
        others = (
            Person.objects.filter(email__endswith="@demo.cylch.invalid")
            .exclude(email__in=listed)
            .prefetch_related("memberships")
            .order_by("email")
        )
        for person in others:
            roles = sorted({m.role for m in person.memberships.all() if m.ended_at is None})
            self.stdout.write(f"  {', '.join(roles) or '-':<20} {person.email}   ({person.full_name})")
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(f"  Authenticator key for every demo account: {demo_totp_key_base32()}")
        self.stdout.write("  Or print the current code with: .venv/bin/python manage.py demo_code")
