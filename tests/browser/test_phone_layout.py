"""On a 360-pixel-wide phone the public pages fit: nothing scrolls sideways."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/"])
def test_public_page_fits_a_360_pixel_phone(phone, demo, path):
    phone.goto(path)

    width = phone.evaluate("() => document.documentElement.scrollWidth")

    assert width <= 360, f"{path} is {width}px wide on a 360px screen"
