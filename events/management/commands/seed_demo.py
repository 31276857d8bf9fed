"""Demo data: the Lenin centenary, sample organizations, about sixty events, a few reports.

Idempotent: every row is found by its slug or username before it is created, so a
second run changes nothing. Events reach their states through the same services the
site uses, so their moderation history is real.
"""

import datetime
import io
import random
import textwrap
import zoneinfo
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from commemoration.models import Commemoration, CommemorationTranslation
from events import series as series_service
from events import services
from events.models import Event, EventReport, Series
from events.poster_versions import make_missing_poster_versions
from events.reports import approve_report, save_report
from events.services import (
    accept_co_organization,
    approve_event,
    cancel_event,
    create_event,
    reject_event,
    submit_event,
)
from events.translations import save_translation
from organizations.models import Membership, Organization

# Reports on what the first approved events achieved.
REPORTS = 7
SEED = Path(__file__).resolve().parents[3] / "commemoration" / "seed"
APPEAL = SEED / "appeal.txt"
TRANSLATED_TITLES = {
    "es": "Centenario de la muerte de Lenin",
    "fr": "Centenaire de la mort de Lénine",
}
TAGLINES = {
    "en": "January 2024 and the whole year: actions in every country",
    "es": "Enero de 2024 y todo el año: acciones en cada país",
    "fr": "Janvier 2024 et toute l’année : des actions dans chaque pays",
}


# Demo posters: a coloured sheet with the event's title, as large as a typical upload.
POSTER_SIZE = (800, 1100)
POSTER_COLOURS = [(164, 22, 26), (30, 58, 95), (46, 94, 60), (120, 72, 20)]


def demo_poster(title, number):
    """A JPEG poster for a demo event, drawn here (no file to ship)."""
    image = Image.new("RGB", POSTER_SIZE, POSTER_COLOURS[number % len(POSTER_COLOURS)])
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=56)
    draw.text((60, 120), "1924 – 2024", fill=(255, 255, 255), font=font)
    draw.multiline_text(
        (60, 260), "\n".join(textwrap.wrap(title, 22)), fill=(255, 240, 200), font=font, spacing=18
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{slugify(title)}.jpg", buffer.getvalue(), content_type="image/jpeg")


def translated_appeal(language):
    """The appeal in `language` (commemoration/seed/appeal.<language>.txt)."""
    return (SEED / f"appeal.{language}.txt").read_text(encoding="utf-8").strip()


COMMITTEE_GROUP = "Coordinating committee"
DEMO_PASSWORDS = {"committee": "committee-demo-2024", "member": "member-demo-2024"}

# slug, name, short, kind, country, city, zone, languages, lat, lon, parent, trusted
ORGANIZATIONS = [
    (
        "sample-party-ec",
        "Sample Labour Party of Ecuador",
        "SLPE",
        "party",
        "EC",
        "Quito",
        "America/Guayaquil",
        ["es"],
        "-0.180653",
        "-78.467834",
        None,
        False,
    ),
    (
        "sample-youth-ec",
        "Sample Revolutionary Youth of Ecuador",
        "SRYE",
        "youth",
        "EC",
        "Guayaquil",
        "America/Guayaquil",
        ["es"],
        "-2.170998",
        "-79.922359",
        "sample-party-ec",
        False,
    ),
    (
        "sample-party-fr",
        "Sample Workers' Party of France",
        "SWPF",
        "party",
        "FR",
        "Paris",
        "Europe/Paris",
        ["fr"],
        "48.856613",
        "2.352222",
        None,
        True,
    ),
    (
        "sample-women-fr",
        "Sample Women's Union of France",
        "SWUF",
        "women",
        "FR",
        "Lyon",
        "Europe/Paris",
        ["fr"],
        "45.764043",
        "4.835659",
        "sample-party-fr",
        False,
    ),
    (
        "sample-party-tr",
        "Sample Labour Party of Turkey",
        "SLPT",
        "party",
        "TR",
        "Istanbul",
        "Europe/Istanbul",
        ["tr"],
        "41.008238",
        "28.978359",
        None,
        False,
    ),
    (
        "sample-union-tr",
        "Sample Metal Workers' Union",
        "SMWU",
        "union",
        "TR",
        "Ankara",
        "Europe/Istanbul",
        ["tr"],
        "39.933363",
        "32.859742",
        None,
        False,
    ),
    (
        "sample-party-de",
        "Sample Communist Organization of Germany",
        "SCOG",
        "party",
        "DE",
        "Berlin",
        "Europe/Berlin",
        ["de"],
        "52.520008",
        "13.404954",
        None,
        False,
    ),
    (
        "sample-solidarity-de",
        "Sample Committee for Solidarity among Peoples",
        "SCSP",
        "solidarity",
        "DE",
        "Hamburg",
        "Europe/Berlin",
        ["de", "en"],
        "53.551086",
        "9.993682",
        None,
        False,
    ),
    (
        "sample-party-br",
        "Sample Revolutionary Communist Party of Brazil",
        "SRCPB",
        "party",
        "BR",
        "São Paulo",
        "America/Sao_Paulo",
        ["pt"],
        "-23.550520",
        "-46.633308",
        None,
        False,
    ),
    (
        "sample-publication-mx",
        "Sample Workers' Voice (magazine)",
        "SWV",
        "publication",
        "MX",
        "Mexico City",
        "America/Mexico_City",
        ["es"],
        "19.432608",
        "-99.133209",
        None,
        False,
    ),
    (
        "sample-party-in",
        "Sample Marxist-Leninist Party of India",
        "SMLPI",
        "party",
        "IN",
        "Kolkata",
        "Asia/Kolkata",
        ["en", "bn"],
        "22.572645",
        "88.363892",
        None,
        False,
    ),
    (
        "sample-party-us",
        "Sample Party of Labor of America",
        "SPLA",
        "party",
        "US",
        "Los Angeles",
        "America/Los_Angeles",
        ["en", "es"],
        "34.052235",
        "-118.243683",
        None,
        False,
    ),
    (
        "sample-study-jp",
        "Sample Marxist Study Society of Japan",
        "SMSSJ",
        "other",
        "JP",
        "Tokyo",
        "Asia/Tokyo",
        ["ja"],
        "35.676192",
        "139.650311",
        None,
        False,
    ),
    (
        "sample-party-bf",
        "Sample Revolutionary Party of Burkina Faso",
        "SRPBF",
        "party",
        "BF",
        "Ouagadougou",
        "Africa/Ouagadougou",
        ["fr"],
        "12.371428",
        "-1.519660",
        None,
        False,
    ),
]

KIND_TITLES = {
    "rally": "Centenary march",
    "ceremony": "Wreath-laying ceremony",
    "lecture": "Lecture: Lenin on imperialism today",
    "conference": "Seminar on Lenin's legacy",
    "study_circle": "Study circle: The State and Revolution",
    "film": "Film screening: October",
    "exhibition": "Exhibition: A century of Leninism",
    "cultural": "Cultural evening of revolutionary songs",
    "publication": "Launch of a special centenary issue",
    "online_meeting": "International online meeting",
    "other": "Commemorative gathering",
}

STATUS_CYCLE = [
    "approved",
    "approved",
    "submitted",
    "approved",
    "draft",
    "approved",
    "cancelled",
    "approved",
    "rejected",
    "approved",
]


class Command(BaseCommand):
    help = "Load demo data (idempotent): the Lenin centenary, sample organizations and events."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "seed_demo creates accounts whose passwords are published; it runs only with "
                "DEBUG=1, or with ALLOW_DEMO_DATA=1 on a database that is not a live site's."
            )
        # Nobody is mailed about demo data: the notifications, queued after the commit
        # inside this block, go to a queue that runs nothing.
        with (
            override_settings(
                TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
            ),
            transaction.atomic(),
        ):
            counts = self.seed()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data: {commemorations} commemoration(s), {organizations} organizations, "
                "{events} events.".format(**counts)
            )
        )
        self.stdout.write("Demo accounts (development only):")
        self.stdout.write(
            f"  committee / {DEMO_PASSWORDS['committee']}  (coordinating committee, /admin/)"
        )
        self.stdout.write(
            f"  member / {DEMO_PASSWORDS['member']}  (admin of "
            "Sample Labour Party of Ecuador, /my/)"
        )

    def seed(self):
        commemoration = self.seed_commemoration()
        organizations = self.seed_organizations()
        committee, member = self.seed_users(organizations)
        secretaries = self.seed_secretaries(organizations)
        self.seed_events(commemoration, organizations, committee, member, secretaries)
        self.seed_series(commemoration, organizations, committee, member)
        self.seed_reports(commemoration, committee)
        # Posters seeded before their versions existed get theirs; new ones have them.
        make_missing_poster_versions()
        return {
            "commemorations": Commemoration.objects.count(),
            "organizations": Organization.objects.count(),
            "events": Event.objects.count(),
        }

    def seed_commemoration(self):
        commemoration, _ = Commemoration.objects.get_or_create(
            slug="lenin-centenary",
            defaults={
                "title": "Centenary of Lenin's death",
                "anchor_date": datetime.date(2024, 1, 21),
                "starts_on": datetime.date(2024, 1, 1),
                "ends_on": datetime.date(2024, 12, 31),
                "appeal": APPEAL.read_text(encoding="utf-8").strip(),
                "issued_by": "Coordinating Committee of the International Conference of "
                "Marxist-Leninist Parties and Organizations (CIPOML)",
                "is_current": True,
            },
        )
        if not commemoration.tagline:
            commemoration.tagline = TAGLINES["en"]
            commemoration.save(update_fields=["tagline"])
        for language, title in TRANSLATED_TITLES.items():
            CommemorationTranslation.objects.get_or_create(
                commemoration=commemoration,
                language=language,
                defaults={
                    "title": title,
                    "tagline": TAGLINES[language],
                    "appeal": translated_appeal(language),
                },
            )
        return commemoration

    def seed_organizations(self):
        organizations = {}
        for (
            slug,
            name,
            short,
            kind,
            country,
            city,
            _zone,
            _langs,
            _lat,
            _lon,
            parent,
            trusted,
        ) in ORGANIZATIONS:
            organizations[slug], _ = Organization.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "country": country,
                    "city": city,
                    "website": f"https://{slug}.example.org/",
                    "description": f"{name} is a sample organization of the demo data; "
                    "it does not exist.",
                    "parent": organizations.get(parent),
                    "is_trusted": trusted,
                    "contact_email": f"contact@{slug}.example.org",
                },
            )
        return organizations

    def seed_users(self, organizations):
        User = get_user_model()
        committee, created = User.objects.get_or_create(
            username="committee",
            defaults={
                "email": "committee@example.org",
                "is_staff": True,
                "first_name": "Demo",
                "last_name": "Moderator",
            },
        )
        if created:
            committee.set_password(DEMO_PASSWORDS["committee"])
            committee.save()
        committee.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
        member, created = User.objects.get_or_create(
            username="member",
            defaults={"email": "member@example.org", "first_name": "Demo", "last_name": "Member"},
        )
        if created:
            member.set_password(DEMO_PASSWORDS["member"])
            member.save()
        Membership.objects.get_or_create(
            user=member,
            organization=organizations["sample-party-ec"],
            defaults={"role": Membership.Role.ADMIN},
        )
        return committee, member

    def seed_secretaries(self, organizations):
        """For each other organization, a member who registers its demo events; nobody can
        log in as them (no usable password)."""
        User = get_user_model()
        secretaries = {}
        for slug, organization in organizations.items():
            user, created = User.objects.get_or_create(
                username=f"secretary-{slug}"[:150],
                defaults={"first_name": "Demo", "last_name": "Secretary"},
            )
            if created:
                user.set_unusable_password()
                user.save()
            Membership.objects.get_or_create(user=user, organization=organization)
            secretaries[slug] = user
        return secretaries

    def seed_events(self, commemoration, organizations, committee, member, secretaries):
        rng = random.Random(1924)
        kinds = list(KIND_TITLES)
        appeal = [p for p in commemoration.appeal_paragraphs if len(p) > 200]
        for i in range(60):
            row = ORGANIZATIONS[i % len(ORGANIZATIONS)]
            slug, _name, _short, _kind, country, city, zone, langs, lat, lon, _p, _t = row
            organization = organizations[slug]
            kind = kinds[i % len(kinds)]
            title = f"{KIND_TITLES[kind]} — {city}"
            if Event.objects.filter(slug=slugify(title)).exists():
                continue
            if i < 32 and i % 3 == 0:  # many on the anchor day itself
                day = datetime.date(2024, 1, 21)
            elif i < 32:  # the cluster around the anchor date
                day = datetime.date(2024, 1, 14) + datetime.timedelta(days=i % 15)
            else:
                day = datetime.date(2024, 2 + (i - 32) % 11, 3 + (i * 7) % 24)
            local_start = datetime.datetime.combine(day, datetime.time(10 + (i * 3) % 11))
            hours = 4 if kind == "cultural" else 2
            if i == 12:  # Tokyo, just after midnight on the anchor day
                local_start = datetime.datetime(2024, 1, 21, 0, 30)
            if i == 11:  # Los Angeles, late on the eve: the 20th locally, the 21st in UTC
                local_start = datetime.datetime(2024, 1, 20, 23, 30)
            tz = zoneinfo.ZoneInfo(zone)
            starts_at = local_start.replace(tzinfo=tz)
            online = kind == "online_meeting" or i % 7 == 0
            in_person = kind != "online_meeting"
            secretary = member if slug == "sample-party-ec" else secretaries[slug]
            data = {
                "commemoration": commemoration,
                "organization": organization,
                "title": title,
                "kind": kind,
                "summary": f"{KIND_TITLES[kind]} organized by {organization.display_name} "
                f"for the centenary of Lenin's death.",
                "description": "\n\n".join(rng.sample(appeal, 2)),
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=hours),
                "timezone": zone,
                "venue": f"{city} Workers' Hall" if in_person else "",
                "address": f"{10 + i} Example Street" if in_person else "",
                "city": city if in_person else "",
                "country": country,
                "latitude": Decimal(lat) if in_person else None,
                "longitude": Decimal(lon) if in_person else None,
                "online_url": f"https://meet.example.org/{slugify(title)}" if online else "",
                "languages": langs,
                "contact": f"events@{slug}.example.org",
            }
            if i % 3 == 0:
                data["poster"] = demo_poster(title, i)
            if i % 5 == 0:
                partner = organizations[ORGANIZATIONS[(i + 3) % len(ORGANIZATIONS)][0]]
                data["co_organizers"] = [partner]
            # Through the services, as every door: the demo data obeys the rules too.
            event = create_event(by=secretary, data=data)
            if i % 4 == 0 and event.original_language != "es":
                # Some events read in Spanish too, as a Spanish visitor sees them.
                save_translation(
                    event,
                    by=committee,
                    language="es",
                    data={
                        "title": f"Centenario de Lenin — {city}",
                        "summary": f"Acto de {organization.display_name} por el centenario "
                        "de la muerte de Lenin.",
                        "description": "",
                        "reviewed": True,
                    },
                )
            for invitation in event.co_organizer_invitations.exclude(
                organization__slug="sample-party-ec"
            ):
                # The committee answers for the partners; the demo member answers theirs.
                accept_co_organization(invitation, by=committee)
            # The Tokyo and Los Angeles events around midnight are public: they show how
            # local dates work.
            status = "approved" if i in (11, 12) else STATUS_CYCLE[i % len(STATUS_CYCLE)]
            self.move(event, status, committee, secretary)

    def seed_series(self, commemoration, organizations, committee, member):
        """A study circle on the first Saturday of three months: a series, approved."""
        if Series.objects.exists():
            return
        organization = organizations["sample-party-ec"]
        starts_at = datetime.datetime(
            2024, 3, 2, 18, 0, tzinfo=zoneinfo.ZoneInfo("America/Guayaquil")
        )
        event = create_event(
            by=member,
            data={
                "commemoration": commemoration,
                "organization": organization,
                "title": "Monthly study circle: the State and Revolution — Quito",
                "kind": "study_circle",
                "summary": "Each first Saturday, one chapter read and discussed together.",
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=2),
                "timezone": "America/Guayaquil",
                "venue": "Quito Workers' Hall",
                "city": "Quito",
                "country": "EC",
                "languages": ["es"],
            },
        )
        series = series_service.create_series(
            event=event, rule="FREQ=MONTHLY;BYDAY=1SA;COUNT=3", user=member
        )
        series_service.move_series(series, services.SUBMIT, by=member)
        if Event.objects.filter(series=series, status=Event.Status.SUBMITTED).exists():
            series_service.move_series(series, services.APPROVE, by=committee)

    def seed_reports(self, commemoration, committee):
        """Reports on the first approved events: most approved, the last one waiting."""
        held = Event.objects.filter(
            commemoration=commemoration, status=Event.Status.APPROVED
        ).order_by("starts_at", "pk")[:REPORTS]
        for i, event in enumerate(held):
            if EventReport.objects.filter(event=event).exists():
                continue
            secretary = Membership.objects.filter(organization=event.organization).first().user
            report = save_report(
                event,
                by=secretary,
                data={
                    "participants": 40 + 35 * i,
                    "account": f"{40 + 35 * i} people came. Two speakers recalled Lenin's "
                    "life and work, then the floor was open; we will meet again next month.",
                },
                submit=True,
            )
            if i < REPORTS - 1 and report.status == EventReport.Status.SUBMITTED:
                approve_report(report, by=committee)

    def move(self, event, status, committee, member):
        if status == "draft":
            return
        submit_event(event, by=member)
        if event.status != Event.Status.SUBMITTED or status == "submitted":
            return  # trusted organizations' events are approved at once
        if status == "rejected":
            reject_event(
                event, by=committee, reason="Please give the venue's full address and a contact."
            )
            return
        approve_event(event, by=committee)
        if status == "cancelled":
            cancel_event(
                event, by=member, reason="The hall was withdrawn; we will announce a new date."
            )
