"""A committee member with an authenticator app gives its code to reach the admin."""

import time

import pytest
from django.utils.html import escape
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def device(moderator):
    return TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def admin_login(client, username="carol", password=PASSWORD, **fields):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password, **fields}
    )


def test_the_right_password_alone_is_not_enough_with_a_device(client, device):
    response = admin_login(client)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Enter the code that your authenticator app shows."
    ]
    assert client.get("/admin/").status_code == 302


def test_password_and_code_open_the_admin(client, device):
    response = admin_login(client, otp_token=current_code(device))

    assert response["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Site administration" in page.content.decode()


def test_a_wrong_code_is_refused(client, device):
    right = current_code(device)
    wrong = f"{(int(right) + 1) % 10**device.digits:06d}"

    response = admin_login(client, otp_token=wrong)

    assert response.context["form"].non_field_errors() == [
        "This code is not right, or no longer valid. Enter the current one."
    ]
    assert client.get("/admin/").status_code == 302


def test_logging_in_on_the_member_pages_does_not_open_the_admin(client, device):
    client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})

    assert client.get("/my/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_a_committee_member_without_a_device_logs_in_as_before(client, moderator):
    response = admin_login(client)

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_unconfirmed_device_asks_for_no_code(client, device):
    device.confirmed = False
    device.save()

    assert admin_login(client)["Location"] == "/admin/"


def test_the_login_page_offers_the_code_field(client, db):
    page = client.get("/admin/login/").content.decode()

    assert 'name="otp_token"' in page
    assert 'autocomplete="one-time-code"' in page


def test_wrong_codes_count_towards_the_lockout(client, device, settings):
    settings.AXES_ENABLED = True
    for _ in range(10):
        admin_login(client, otp_token="000000" if current_code(device) != "000000" else "111111")

    response = admin_login(client, otp_token=current_code(device))

    assert response.status_code == 429


def test_a_superuser_sets_up_a_device_and_sees_its_qr_code(client, moderator):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 200
    device = TOTPDevice.objects.create(user=moderator, name="phone", confirmed=False)

    config = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    image = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")

    assert config.status_code == 200
    assert escape(device.config_url) in config.content.decode()
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"


def test_a_committee_member_cannot_see_the_devices(moderator_client, moderator):
    TOTPDevice.objects.create(user=UserFactory(username="dan", is_staff=True), name="phone")

    assert moderator_client.get("/admin/").status_code == 200
    assert moderator_client.get("/admin/otp_totp/totpdevice/").status_code == 403
