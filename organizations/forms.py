"""Forms for accounts and membership: asking to join, logging in, roles."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from organizations.models import Membership, Organization


class LoginForm(AuthenticationForm):
    """Django's log-in form; people who asked to join log in with their e-mail address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct e-mail address or username and password. Note that both "
            "fields may be case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address or username")

    def clean_username(self):
        """An e-mail address as the person types it: Eva@Example.org finds eva@example.org.

        Accounts made by joining have the lower-cased address as their username.
        """
        username = self.cleaned_data["username"]
        if "@" in username:
            found = get_user_model().objects.filter(username__iexact=username)
            usernames = list(found.values_list("username", flat=True)[:2])
            if len(usernames) == 1:
                return usernames[0]
        return username


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.country.name})" if obj.country else obj.name


class JoinForm(forms.Form):
    """A request to join; someone without an account creates one with it."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("You will log in with it, and we write to you there."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    organization = OrganizationChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose your organization"),
        help_text=_("Its admins will read your request and answer it."),
    )
    message = forms.CharField(
        label=_("A short message"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: who you are, for example your local branch."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = Organization.objects.order_by("name")
        if user.is_authenticated:
            # Someone logged in already has an account: only the organization is asked.
            for name in ("name", "email", "password1", "password2"):
                del self.fields[name]
            organizations = organizations.exclude(memberships__user=user)
        self.fields["organization"].queryset = organizations

    def clean_email(self):
        # Whether the address has an account is never said here (join_by_email): the
        # form's answer must not tell a visitor who else has an account.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif second:
            person = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("name", ""),
            )
            try:
                password_validation.validate_password(second, person)
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
