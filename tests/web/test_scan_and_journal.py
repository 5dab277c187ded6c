"""Scan a label photo, log it in the journal; the journal filters, charts and exports."""

from __future__ import annotations

import json

from sakesensei.web.messages.en import MESSAGES as EN
from sakesensei.web.text import plain
from tests.support.labels import DASSAI_23, label_of_spec
from tests.web.conftest import Page, WebApi, button, texts


def test_a_label_photo_is_identified_and_logged_in_the_journal(page: Page, web_api: WebApi) -> None:
    _, tokens = web_api.user()
    app = page("scan", tokens).run()
    app.file_uploader(key="scan-file").upload("dassai.jpg", label_of_spec(DASSAI_23), "image/jpeg")
    app.run()
    assert not app.exception
    scan = app.session_state["scan_result"]
    assert scan["match"] and "獺祭" in scan["match"]["name"], scan
    shown = texts(app)
    assert (
        EN["scan.match"].format(
            name=plain(scan["match"]["name"]), brewery=plain(scan["match"]["brewery"])
        )
        in shown
    )
    assert scan["read_text"] in shown
    assert EN["scan.fit"].format(score=round(scan["fit"]["score"])) in shown
    app.slider(key="scan-rating").set_value(4)
    button(app, EN["scan.log"]).click().run()
    assert not app.exception
    journal = web_api.client(tokens).get("/api/v1/me/tastings")["items"]
    assert [(j["sake_id"], j["rating"]) for j in journal] == [(scan["match"]["sake_id"], 4)]
    assert EN["scan.logged"] in texts(app)


def test_a_visitor_sees_the_match_but_must_log_in_to_keep_it(page: Page) -> None:
    app = page("scan").run()
    app.file_uploader(key="scan-file").upload("dassai.jpg", label_of_spec(DASSAI_23), "image/jpeg")
    app.run()
    assert app.session_state["scan_result"]["match"]
    assert EN["scan.login_to_log"] in texts(app)
    assert not [b for b in app.button if b.label == EN["scan.log"]]


def _log(web_api: WebApi, tokens: dict[str, object], ratings: dict[int, int]) -> None:
    api = web_api.client(tokens)  # type: ignore[arg-type]
    for sake_id, rating in ratings.items():
        api.post(
            "/api/v1/me/tastings",
            {"sake_id": sake_id, "rating": rating, "notes": "**bold** <i>x</i>"},
        )


def test_the_journal_lists_filters_and_charts(page: Page, web_api: WebApi) -> None:
    _, tokens = web_api.user()
    _log(web_api, tokens, {1: 5, 2: 2, 3: 4})
    app = page("journal", tokens).run()
    assert not app.exception
    assert EN["journal.count"].format(shown=3, total=3) in texts(app)
    # Notes are shown as typed, never as markup.
    assert [e.value for e in app.text] == ["**bold** <i>x</i>"] * 3
    charts = app.get("vega_lite_chart")
    assert len(charts) == 4  # over time, by kind, by prefecture, liked flavour
    app.slider(key="journal-ratings").set_value((4, 5)).run()
    assert EN["journal.count"].format(shown=2, total=2) in texts(app)


def test_the_journal_exports_a_file_that_holds_the_records(page: Page, web_api: WebApi) -> None:
    email, tokens = web_api.user()
    _log(web_api, tokens, {7: 5})
    app = page("journal", tokens).run()
    app.radio(key="journal-format").set_value("json")
    button(app, EN["journal.prepare"]).click().run()
    data, name, kind = app.session_state["export"]
    assert name.endswith(".json") and kind == "json"
    exported = json.loads(data)
    assert exported["account"]["email"] == email
    assert [t["sake_id"] for t in exported["tastings"]] == [7]
    assert app.download_button(key="journal-download").proto.label == EN["journal.download"].format(
        name=name
    )
    app.radio(key="journal-format").set_value("csv")
    button(app, EN["journal.prepare"]).click().run()
    data, name, kind = app.session_state["export"]
    assert name.endswith(".zip") and data[:2] == b"PK"
