"""The four journeys of a sake lover, in Japanese, in a real browser."""

from __future__ import annotations

import json

import httpx
from playwright.sync_api import Page, expect

from sakesensei.web.messages.ja import MESSAGES as JA
from tests.browser.conftest import PASSWORD, Stack, log_in, open_page, screenshots
from tests.support.labels import DASSAI_23, label_of_spec

PICKS = 5  # the picks page shows five by default


def _card_titles(page: Page) -> list[str]:
    """The picks' names, once every card is drawn (Streamlit draws them one by one)."""
    titles = page.locator('[data-testid="stMain"] h3')
    expect(titles).to_have_count(PICKS)
    return titles.all_inner_texts()


def _api_token(stack: Stack, email: str) -> dict[str, str]:
    tokens = httpx.post(
        f"{stack.api}/api/v1/auth/login", json={"email": email, "password": PASSWORD}
    ).json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_sign_up_take_the_survey_and_see_picks(page: Page, stack: Stack) -> None:
    email = "browser-signup@example.com"
    page.goto(f"{stack.web}/account")
    page.get_by_role("tab", name=JA["account.signup"]).click()
    panel = page.get_by_role("tabpanel").filter(visible=True)
    panel.get_by_label(JA["account.email"]).fill(email)
    panel.get_by_label(JA["account.password"]).fill(PASSWORD)
    panel.get_by_role("button", name=JA["account.signup"]).click()
    expect(page.get_by_text(JA["account.registered"])).to_be_visible()

    page.get_by_role("tab", name=JA["account.verify"]).click()
    panel = page.get_by_role("tabpanel").filter(visible=True)
    panel.get_by_label(JA["account.code"]).fill(stack.mailbox.code_for(email))
    panel.get_by_role("button", name=JA["account.verify"]).click()
    expect(page.get_by_text(JA["account.verified"])).to_be_visible()
    screenshots(page, "1-signed-up")

    log_in(page, stack, email)
    open_page(page, "survey")
    page.get_by_role("button", name=JA["survey.submit"]).click()
    page.wait_for_url("**/picks")
    expect(page.get_by_text(JA["survey.saved"])).to_be_visible()
    expect(page.get_by_text("相性:").first).to_be_visible()
    assert len(set(_card_titles(page))) == PICKS
    screenshots(page, "1-picks")

    open_page(page, "chat")
    page.get_by_test_id("stChatInputTextArea").fill("3000円以下の辛口のお酒を教えて")
    page.keyboard.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    # The streamed answer is markdown; the tool activity above it is captions.
    expect(answer.get_by_test_id("stMarkdownContainer").first).not_to_have_text("")
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0)
    screenshots(page, "1-chat")


def test_log_in_rate_a_sake_and_the_picks_change(page: Page, stack: Stack) -> None:
    email = stack.user()
    log_in(page, stack, email)
    open_page(page, "picks")
    expect(page.get_by_text("相性:").first).to_be_visible()
    before = _card_titles(page)
    page.get_by_role("button", name=JA["picks.tried"]).first.click()
    page.get_by_role("button", name=JA["rate.save"]).click()
    expect(page.get_by_text(JA["rate.saved"])).to_be_visible()
    # The rated sake was the first card; the redrawn picks no longer hold it.
    expect(page.locator('[data-testid="stMain"] h3').first).not_to_have_text(before[0])
    after = _card_titles(page)
    assert before[0] not in after
    journal = httpx.get(f"{stack.api}/api/v1/me/tastings", headers=_api_token(stack, email))
    assert journal.json()["total"] == 1
    screenshots(page, "2-picks-after-rating")


def test_scan_a_label_and_add_it_to_the_journal(page: Page, stack: Stack) -> None:
    email = stack.user()
    log_in(page, stack, email)
    open_page(page, "scan")
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "dassai.jpg", "mimeType": "image/jpeg", "buffer": label_of_spec(DASSAI_23)}]
    )
    expect(page.get_by_text("獺祭").first).to_be_visible()
    expect(page.get_by_role("button", name=JA["scan.log"])).to_be_visible()
    screenshots(page, "3-scan")
    page.get_by_role("button", name=JA["scan.log"]).click()
    expect(page.get_by_text(JA["scan.logged"])).to_be_visible()
    journal = httpx.get(f"{stack.api}/api/v1/me/tastings", headers=_api_token(stack, email))
    assert ["獺祭" in item["sake"]["name"] for item in journal.json()["items"]] == [True]


def test_export_the_journal_to_a_file_that_holds_the_record(page: Page, stack: Stack) -> None:
    email = stack.user()
    headers = _api_token(stack, email)
    httpx.post(
        f"{stack.api}/api/v1/me/tastings",
        json={"sake_id": 5, "rating": 5, "notes": "ブラウザの試験"},
        headers=headers,
    ).raise_for_status()
    log_in(page, stack, email)
    open_page(page, "journal")
    expect(page.get_by_text("ブラウザの試験")).to_be_visible()
    page.get_by_text("json", exact=True).click()
    page.get_by_role("button", name=JA["journal.prepare"]).click()
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button').click()
    saved = download.value.path()
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert [(t["sake_id"], t["notes"]) for t in document["tastings"]] == [(5, "ブラウザの試験")]
    screenshots(page, "4-journal")
