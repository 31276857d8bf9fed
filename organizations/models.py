from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from commemoration.models import site_language_choices


class OrganizationQuerySet(models.QuerySet):
    def parties(self):
        return self.filter(kind=Organization.Kind.PARTY)

    def others(self):
        return self.exclude(kind=Organization.Kind.PARTY)

    def for_member(self, user):
        """Organizations in which the user holds an accepted membership."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def administered_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN)


class Organization(models.Model):
    """A party, youth or women's organization, union, committee or publication.

    A party is an organization of kind PARTY: one model, so that events, memberships
    and the API treat them alike.
    """

    class Kind(models.TextChoices):
        PARTY = "party", _("Party")
        YOUTH = "youth", _("Youth organization")
        WOMEN = "women", _("Women's organization")
        UNION = "union", _("Trade union")
        SOLIDARITY = "solidarity", _("Solidarity committee")
        PUBLICATION = "publication", _("Publication")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTY)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("For example the party of which this is the youth wing."),
    )
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Events submitted by its members are approved without moderation."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Private: seen by the committee only.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_party(self):
        return self.kind == self.Kind.PARTY


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} – {self.organization} ({self.get_role_display()})"


class JoinRequest(models.Model):
    """A person's request to belong to an organization; it waits for an answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_org",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organization} ({self.get_status_display()})"


class AccountLanguage(models.Model):
    """The language a person reads the site's e-mail in: set when they join (the language
    they used), on /my/language/, or in the admin. Without one, the site's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="preferred_language",
    )
    language = models.CharField(
        _("preferred language"), max_length=8, choices=site_language_choices
    )

    class Meta:
        verbose_name = _("preferred language")
        verbose_name_plural = _("preferred languages")

    def __str__(self):
        return f"{self.user}: {self.language}"


def language_of(user, default=None):
    """The language `user` reads mail in: theirs, else `default`, else the site's."""
    try:
        return user.preferred_language.language
    except (AccountLanguage.DoesNotExist, AttributeError):
        return default or settings.LANGUAGE_CODE


def set_language_of(user, language):
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Not a language of the site: {language}")
    AccountLanguage.objects.update_or_create(user=user, defaults={"language": language})
