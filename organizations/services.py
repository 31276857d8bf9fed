"""Who belongs to an organization: asking to join, answering, roles, removal.

Like events.services for events, every change of membership goes through these
functions, so the rule of who may do what lives in one place. Mail goes out after the
commit (organizations.notifications would be one module too many: events.notifications
sends it).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from organizations.models import JoinRequest, Membership, Organization, set_language_of


class MembershipError(Exception):
    """The change would break a rule: an answered request, the last admin leaving…"""


def is_committee(user):
    """Committee members (staff in the Coordinating committee group) answer any request."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("organizations.change_joinrequest")
    )


def may_manage_members(user, organization):
    if is_committee(user):
        return True
    return Organization.objects.administered_by(user).filter(pk=organization.pk).exists()


def manageable_organizations(user):
    """The organizations whose members the user manages: all for the committee."""
    if is_committee(user):
        return Organization.objects.all()
    # A subquery, not a join: counts annotated on the result see every membership.
    return Organization.objects.filter(
        pk__in=Organization.objects.administered_by(user).values("pk")
    )


def person_register(*, name, email, password, is_active=True):
    """A new account for someone asking to join; the e-mail address is the username."""
    email = get_user_model().objects.normalize_email(email).lower()
    user = get_user_model()(
        username=email, email=email, first_name=name.strip(), is_active=is_active
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    # Their mail comes in the language they asked to join in.
    language = translation.get_language()
    if language in dict(settings.LANGUAGES):
        set_language_of(user, language)
    return user


def account_with_address(email):
    """The account an e-mail address names, as its username or as its address; or None."""
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    )


JOIN_SALT = "organizations.join"


def join_by_email(*, name, email, password, organization, message=""):
    """Someone not logged in asks to join: nothing they see depends on the address.

    What happens is told by e-mail to the address, whose owner alone may read it:
    - a new address gets an account that stays inactive until the link mailed to it is
      followed (join_confirm); only then is the request sent to the organization;
    - an account made so and never confirmed takes the new name and password (the last
      request wins: the links mailed before no longer work) and gets a new link;
    - an address with an account gets a message that says so, and nothing changes.
    The password is hashed on every path, so the answer takes as long for each.
    """
    email = get_user_model().objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user = account_with_address(email)
        if user is None:
            user = person_register(name=name, email=email, password=password, is_active=False)
        elif not user.is_active and user.last_login is None:
            user.first_name = name.strip()
            user.set_password(password)
            user.save(update_fields=["first_name", "password"])
        else:
            make_password(password)
            transaction.on_commit(
                lambda: _notify_person("join_with_known_address", user, organization)
            )
            return
        token = join_token(user=user, organization=organization, message=message)
        transaction.on_commit(
            lambda: _notify_person("join_confirmation", user, organization, token=token)
        )


def _password_fingerprint(user):
    # Binds a link to the password it was mailed for, without putting the hash in it.
    return salted_hmac(JOIN_SALT, user.password).hexdigest()[:20]


def join_token(*, user, organization, message=""):
    """The signed part of the link that confirms an address and sends the request."""
    return signing.dumps(
        {
            "user": user.pk,
            "organization": organization.pk,
            "message": message.strip(),
            "password": _password_fingerprint(user),
        },
        salt=JOIN_SALT,
        compress=True,
    )


def _link_refused():
    return MembershipError(
        _("This link is not valid: it has expired, or has been used already. Ask again.")
    )


def join_pending(token):
    """(user, organization, message) that a link names, or MembershipError if it is spent."""
    refused = _link_refused()
    try:
        data = signing.loads(token, salt=JOIN_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
        user = get_user_model().objects.get(pk=data["user"], is_active=False, last_login=None)
        organization = Organization.objects.get(pk=data["organization"])
    except (signing.BadSignature, KeyError, TypeError, ObjectDoesNotExist):
        raise refused from None
    if data.get("password") != _password_fingerprint(user):
        raise refused
    return user, organization, data.get("message", "")


def join_confirm(token):
    """The link was followed: the account works, and the request goes to the organization."""
    with transaction.atomic():
        user, organization, message = join_pending(token)
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise _link_refused()
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        join_request = join_request_create(user=locked, organization=organization, message=message)
    return join_request


def join_request_create(*, user, organization, message=""):
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise MembershipError(_("You already belong to this organization."))
    with transaction.atomic():
        if JoinRequest.objects.filter(
            user=user, organization=organization, status=JoinRequest.Status.PENDING
        ).exists():
            raise MembershipError(_("Your request to join this organization is already waiting."))
        join_request = JoinRequest.objects.create(
            user=user, organization=organization, message=message.strip()
        )
        transaction.on_commit(lambda: _notify("join_requested", join_request))
    return join_request


def join_request_accept(join_request, *, by, role=Membership.Role.MEMBER):
    """Accept the request: the person becomes a member and is told so."""
    return _answer(join_request, JoinRequest.Status.ACCEPTED, by=by, role=role)


def join_request_decline(join_request, *, by):
    return _answer(join_request, JoinRequest.Status.DECLINED, by=by)


def _answer(join_request, status, *, by, role=Membership.Role.MEMBER):
    if not may_manage_members(by, join_request.organization):
        raise PermissionDenied(_("Only the organization's admins can answer this request."))
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if locked.status != JoinRequest.Status.PENDING:
            raise MembershipError(_("This request has already been answered."))
        locked.status = status
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        if status == JoinRequest.Status.ACCEPTED:
            Membership.objects.get_or_create(
                user=locked.user, organization=locked.organization, defaults={"role": role}
            )
        transaction.on_commit(lambda: _notify("join_answered", locked))
    join_request.status, join_request.decided_by = locked.status, locked.decided_by
    join_request.decided_at = locked.decided_at
    return locked


def membership_set_role(membership, *, role, by):
    _check_manager(membership, by)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if role != Membership.Role.ADMIN:
            _keep_an_admin(locked)
        locked.role = role
        locked.save(update_fields=["role"])
    membership.role = role
    return locked


def membership_remove(membership, *, by):
    _check_manager(membership, by)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        _keep_an_admin(locked)
        locked.delete()


def _check_manager(membership, by):
    if not may_manage_members(by, membership.organization):
        raise PermissionDenied(_("Only the organization's admins can manage its members."))


def _keep_an_admin(membership):
    # Without an admin nobody but the committee could answer the organization's requests.
    if membership.role != Membership.Role.ADMIN:
        return
    admins = Membership.objects.filter(
        organization_id=membership.organization_id, role=Membership.Role.ADMIN
    )
    if not admins.exclude(pk=membership.pk).exists():
        raise MembershipError(_("The organization must keep at least one admin."))


def _notify(what, join_request):
    from events import notifications

    getattr(notifications, what)(join_request)


def _notify_person(what, user, organization, **context):
    from organizations import notifications

    getattr(notifications, what)(user, organization, **context)
