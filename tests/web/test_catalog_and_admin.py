"""Sake detail, breweries, and the admin page (catalog edit, import report, users, blocklist)."""

from __future__ import annotations

import json

from sakesensei.web.catalog_import import import_records, read_records
from sakesensei.web.messages.en import MESSAGES as EN
from sakesensei.web.messages.ja import MESSAGES as JA
from sakesensei.web.text import plain
from tests.web.conftest import Page, WebApi, button, texts


def test_sake_detail_explains_the_label_and_shows_similar_sake_and_brewery(
    page: Page, web_api: WebApi
) -> None:
    found = web_api.client().get("/api/v1/sakes", q="獺祭", limit=1)["items"][0]
    app = page("sake").run()
    app.text_input(key="sake-search").input("獺祭").run()
    button(
        app, plain(f"{found['name']} ({found['romaji']})" if found["romaji"] else found["name"])
    ).click().run()
    assert not app.exception
    shown = texts(app)
    assert plain(found["name"]) in app.header[0].value
    assert plain(EN[f"term.{found['category']}"]) in shown
    if found["polishing_ratio"]:
        assert plain(EN["term.精米歩合"].format(value=found["polishing_ratio"])) in shown
    assert EN["sake.similar"] in shown
    assert plain(found["brewery"]["name"]) in shown
    assert app.get("vega_lite_chart")


def test_sake_detail_in_japanese(page: Page, web_api: WebApi) -> None:
    app = page("sake", language="ja")
    app.session_state["sake_id"] = 1
    app.run()
    assert not app.exception
    assert JA["sake.terms"] in texts(app)


def test_breweries_by_region_with_their_sake(page: Page, web_api: WebApi) -> None:
    app = page("breweries").run()
    assert not app.exception
    app.selectbox(key="breweries-region").set_value("東北").run()
    tohoku = web_api.client().get("/api/v1/breweries", region=["東北"], limit=100)
    assert EN["breweries.count"].format(total=tohoku["total"]) in texts(app)
    first = tohoku["items"][0]
    app.button(key=f"brewery-{first['id']}").click().run()
    sakes = web_api.client().get(f"/api/v1/breweries/{first['id']}")["sakes"]
    assert plain(sakes[0]["name"]) in texts(app)


def test_admin_page_is_for_admins_only(page: Page, web_api: WebApi) -> None:
    _, tokens = web_api.user()
    app = page("admin", tokens).run()
    assert EN["admin.only"] in texts(app)
    assert not app.tabs


def test_admin_edits_a_sake_verifies_a_user_and_blocks_an_address(
    page: Page, web_api: WebApi
) -> None:
    _, tokens = web_api.user(admin=True)
    email = "web-unverified@example.com"
    web_api.container.accounts.create_user(email, "Sake-Tasting-2026!", verified=False)
    app = page("admin", tokens).run()
    assert not app.exception

    sake = web_api.client().get("/api/v1/sakes", limit=1)["items"][0]
    app.text_input(key="admin-sake-q").input(sake["name"]).run()
    app.text_input(key=f"where-{sake['id']}").input("The corner shop")
    button(app, EN["admin.save"]).click().run()
    assert web_api.client().get(f"/api/v1/sakes/{sake['id']}")["where_to_buy"] == "The corner shop"

    app.text_input(key="admin-user-q").input("web-unverified").run()
    button(app, EN["admin.verify"]).click().run()
    users = web_api.client(tokens).get("/api/v1/admin/users", email="web-unverified")["items"]
    assert users[0]["verified"]

    app.text_input(key="block-network").input("203.0.113.7")
    app.text_input(key="block-reason").input("<script>alert(1)</script>")
    button(app, EN["admin.block"]).click().run()
    assert "203.0.113.7/32" in texts(app)
    app.button(key="unblock-203.0.113.7/32").click().run()
    assert web_api.client(tokens).get("/api/v1/admin/blocklist")["total"] == 0


def test_a_catalog_import_loads_good_records_and_reports_the_rest(web_api: WebApi) -> None:
    _, tokens = web_api.user(admin=True)
    brewery = web_api.client().get("/api/v1/breweries", limit=1)["items"][0]
    records = read_records(
        json.dumps(
            [
                {
                    "name": "ウェブ試験酒",
                    "brewery": brewery["name"],
                    "prefecture": brewery["prefecture"],
                    "category": "純米",
                    "price_yen": "1,980円",
                    "sweetness": 2,
                    "aroma": "rice",
                },
                {"name": "", "brewery": "存在しない蔵", "prefecture": "火星", "category": "純米"},
            ]
        ).encode(),
        "catalog.json",
    )
    report = import_records(web_api.client(tokens), records)
    assert report.loaded == ["ウェブ試験酒"]
    assert [row for row, _, _ in report.rejected] == [2]
    assert report.rejected[0][2]
    csv_records = read_records("name,brewery,prefecture,category\nA,B,C,純米\n".encode(), "x.csv")
    assert csv_records == [{"name": "A", "brewery": "B", "prefecture": "C", "category": "純米"}]
