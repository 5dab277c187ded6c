"""The survey saves the answers; picks show cards whose buttons write to the journal."""

from __future__ import annotations

from sakesensei.web.messages.en import MESSAGES as EN
from sakesensei.web.text import plain
from tests.web.conftest import Page, WebApi, button, texts


def test_the_survey_shows_and_saves_the_answers(page: Page, web_api: WebApi) -> None:
    _, tokens = web_api.user()
    app = page("survey", tokens).run()
    assert not app.exception
    app.select_slider(key="account-sweetness").set_value(1)
    app.number_input(key="account-budget").set_value(2500)
    app.radio(key="account-experience").set_value("advanced")
    app.multiselect(key="account-avoid").select("普通酒")
    app.multiselect(key="account-aromas").select("rice")
    button(app, EN["survey.submit"]).click().run()
    assert not app.error, texts(app)
    saved = web_api.client(tokens).get("/api/v1/me/preferences")
    assert saved["sweetness"] == 1
    assert saved["budget_yen"] == 2500
    assert saved["experience"] == "advanced"
    assert saved["avoid_categories"] == ["普通酒"]
    assert saved["liked_aromas"] == ["rice"]
    # Opened again, the form starts from the saved answers.
    again = page("survey", tokens).run()
    assert again.number_input(key="account-budget").value == 2500


def test_pages_for_accounts_ask_a_visitor_to_log_in(page: Page) -> None:
    for name in ("survey", "picks", "journal", "memory", "admin"):
        app = page(name).run()
        assert not app.exception, name
        assert EN["auth.needed"] in texts(app), name


def test_picks_show_cards_with_score_reasons_pairings_and_serving(
    page: Page, web_api: WebApi
) -> None:
    _, tokens = web_api.user()
    app = page("picks", tokens).run()
    assert not app.exception
    expected = web_api.client(tokens).get("/api/v1/recommendations", limit=5)["items"]
    shown = texts(app)
    for pick in expected:
        assert plain(pick["sake"]["name"]) in shown
    first = expected[0]
    bars = [bar.proto.text for bar in app.get("progress")]
    assert EN["picks.score"].format(score=round(first["score"])) in bars
    for part in first["parts"].values():
        for reason in part["reasons"]:
            assert plain(reason["en"]) in shown
    assert plain(first["pairings"][0]["dish"]) in shown
    assert EN["sake.temperature"] in shown and EN["sake.where"] in shown
    assert len(app.get("vega_lite_chart")) == len(expected)


def test_not_for_me_records_a_dislike_and_the_picks_change(page: Page, web_api: WebApi) -> None:
    _, tokens = web_api.user()
    api = web_api.client(tokens)
    before = [p["sake"]["id"] for p in api.get("/api/v1/recommendations", limit=5)["items"]]
    app = page("picks", tokens).run()
    button(app, EN["picks.not_for_me"]).click().run()
    assert not app.exception
    journal = api.get("/api/v1/me/tastings")["items"]
    assert [(j["sake_id"], j["rating"]) for j in journal] == [(before[0], 1)]
    assert EN["picks.disliked"] in texts(app)
    after = [p["sake"]["id"] for p in api.get("/api/v1/recommendations", limit=5)["items"]]
    assert before[0] not in after


def test_tried_it_opens_a_rating_form_that_saves_to_the_journal(
    page: Page, web_api: WebApi
) -> None:
    _, tokens = web_api.user()
    app = page("picks", tokens).run()
    first_id = (
        app.session_state["auth"]
        and web_api.client(tokens).get("/api/v1/recommendations", limit=5)["items"][0]["sake"]["id"]
    )
    button(app, EN["picks.tried"]).click().run()
    app.slider(key=f"rating-pick-{first_id}").set_value(5)
    app.text_area(key=f"notes-pick-{first_id}").input("Lovely with <b>tempura</b> *really*")
    button(app, EN["rate.save"]).click().run()
    assert not app.exception
    journal = web_api.client(tokens).get("/api/v1/me/tastings")["items"]
    assert [(j["sake_id"], j["rating"]) for j in journal] == [(first_id, 5)]
    assert journal[0]["notes"] == "Lovely with <b>tempura</b> *really*"
    assert EN["rate.saved"] in texts(app)
