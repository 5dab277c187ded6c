"""Home (a visitor's survey and picks), the language switch, and the account pages."""

from __future__ import annotations

from sakesensei.web.messages.en import MESSAGES as EN
from sakesensei.web.messages.ja import MESSAGES as JA
from sakesensei.web.text import plain
from tests.web.conftest import PASSWORD, Page, WebApi, button, texts


def test_both_languages_have_every_message() -> None:
    assert set(EN) == set(JA)
    assert all(JA[key] for key in JA)


def test_a_visitor_takes_the_survey_and_sees_picks_at_once(page: Page) -> None:
    app = page("home").run()
    assert not app.exception
    app.select_slider(key="visitor-sweetness").set_value(1)
    app.number_input(key="visitor-budget").set_value(5000)
    button(app, EN["survey.submit"]).click().run()
    assert not app.exception
    picks = app.session_state["visitor_picks"]["items"]
    assert picks, "a visitor gets picks"
    assert all(p["sake"]["price_yen"] <= 5000 for p in picks if p["sake"]["price_yen"])
    shown = texts(app)
    assert picks[0]["sake"]["name"] in shown
    assert EN["home.keep"] in shown
    # The visitor's cards have no journal buttons: there is no journal without an account.
    assert not [b for b in app.button if b.label == EN["picks.tried"]]


def test_the_language_switch_changes_the_page(page: Page) -> None:
    app = page("home", language="ja").run()
    assert app.title[0].value == JA["home.title"]
    assert JA["home.intro"] in texts(app)
    app.sidebar.radio(key="language").set_value("en").run()
    assert app.title[0].value == EN["home.title"]
    assert JA["home.intro"] not in texts(app)


def test_sign_up_verify_and_log_in(page: Page, web_api: WebApi) -> None:
    email = "web-signup@example.com"
    app = page("account").run()
    app.session_state["visitor_answers"] = {
        "sweetness": 2,
        "budget_yen": 4000,
        "experience": "beginner",
        "avoid_categories": [],
        "liked_aromas": ["fruity"],
    }
    app.text_input(key="signup-email").input(email)
    app.text_input(key="signup-password").input(PASSWORD)
    button(app, EN["account.signup"]).click().run()
    assert not app.error, texts(app)
    assert EN["account.registered"] in texts(app)

    app.text_input(key="verify-code").input(web_api.mailbox.code_for(email))
    button(app, EN["account.verify"]).click().run()
    assert EN["account.verified"] in texts(app), texts(app)

    app.text_input(key="login-email").input(email)
    app.text_input(key="login-password").input(PASSWORD)
    button(app, EN["account.login"]).click().run()
    assert app.session_state["auth"]["email"] == email
    assert EN["auth.signed_in_as"].format(email=plain(email)) in texts(app)
    # The survey answered as a visitor became the account's preferences.
    kept = web_api.client(app.session_state["auth"]).get("/api/v1/me/preferences")
    assert kept["budget_yen"] == 4000 and kept["liked_aromas"] == ["fruity"]

    button(app, EN["auth.logout"]).click().run()
    assert not app.session_state["auth"]
    assert EN["auth.logged_out"] in texts(app)


def test_a_wrong_password_shows_the_apis_message(page: Page, web_api: WebApi) -> None:
    email, _ = web_api.user()
    app = page("account").run()
    app.text_input(key="login-email").input(email)
    app.text_input(key="login-password").input("wrong")
    button(app, EN["account.login"]).click().run()
    assert app.error
    assert not app.session_state["auth"]


def test_reset_the_password_with_the_mailed_code(page: Page, web_api: WebApi) -> None:
    email, _ = web_api.user()
    app = page("account").run()
    app.text_input(key="reset-email").input(email)
    button(app, EN["account.reset_send"]).click().run()
    assert EN["account.reset_sent"] in texts(app)
    app.text_input(key="reset-confirm-email").input(email)
    app.text_input(key="reset-code").input(web_api.mailbox.code_for(email))
    app.text_input(key="reset-password").input("A-New-Sake-Password-9")
    button(app, EN["account.reset_confirm"]).click().run()
    assert EN["account.reset_done"] in texts(app), texts(app)
    web_api.client().login(email, "A-New-Sake-Password-9")
