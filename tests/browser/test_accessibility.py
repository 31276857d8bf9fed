"""axe-core finds no serious or critical accessibility problem on the public pages."""

import pprint

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/"])
def test_public_page_has_no_serious_accessibility_violation(
    page, live_server, demo, serious_accessibility_violations, path
):
    page.goto(path)

    violations = serious_accessibility_violations(page)

    assert violations == [], f"axe-core on {path}:\n{pprint.pformat(violations)}"
