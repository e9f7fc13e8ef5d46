"""On a phone (360 px) and a small tablet (768 px): what has to fit a narrow screen does."""

from playwright.sync_api import expect

from accounts.demo import create_demo_accounts
from tests.e2e.people import sign_in

WIDTHS = [768, 360]  # the narrowest last


def test_the_user_menu_and_the_activity_calendar_fit_a_narrow_screen(page, screenshot):
    create_demo_accounts()
    sign_in(page, "learner", "/dashboard/")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/dashboard/")

        # The menu opened off the left edge ("rofile", "ign out").
        page.locator(".user-menu summary").click()
        items = page.locator(".user-menu li")
        expect(items.last).to_have_text("Sign out")
        for item in items.all():
            expect(item).to_be_in_viewport(ratio=1)
        screenshot(f"user-menu-{width}px")

        # The calendar opened scrolled to a year ago: this week must show without scrolling.
        page.get_by_role("heading", name="Activity").scroll_into_view_if_needed()
        expect(page.locator(".calendar .week").last).to_be_in_viewport(ratio=1)
        screenshot(f"calendar-{width}px")
    # At 360 px the calendar is wider than the screen: it is scrolled, not squeezed.
    expect(page.locator(".calendar .week").first).not_to_be_in_viewport()
