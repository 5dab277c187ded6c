"""The catalog commands as a new user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli

BAD_CSV = """name,brewery,prefecture,category,abv,price_yen
良い酒,テスト酒造,Yamaguchi,純米酒,15,1200
強すぎ,テスト酒造,山口県,純米,80,1200
安すぎ,テスト酒造,山口県,純米,15,-1
どこ,テスト酒造,Atlantis,純米,15,1200
良い酒,テスト酒造,山口,純米,15,1300
"""


def test_fresh_install_has_the_full_catalog_and_it_checks_clean(cli: Cli) -> None:
    stats = cli("catalog", "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["sake"] >= 250 and data["breweries"] >= 100 and data["prefectures"] >= 40
    assert sum(data["by_category"].values()) == data["sake"]
    assert sum(data["by_prefecture"].values()) == data["sake"]
    assert len(data["by_prefecture"]) == data["prefectures"]
    check = cli("catalog", "check")
    assert check.returncode == 0, check.stdout
    assert "no problems" in check.stdout


@pytest.mark.parametrize("query", ["dassai", "だっさい", "獺祭", "ダッサイ", "DASSAI"])
def test_dassai_is_found_in_every_script(cli: Cli, query: str) -> None:
    result = cli("catalog", "search", query, "--json")
    assert result.returncode == 0, result.stderr
    names = [item["name"] for item in json.loads(result.stdout)["items"]]
    assert names and all("獺祭" in name for name in names)


def test_bad_rows_are_named_and_the_good_ones_load(cli: Cli, tmp_path: Path) -> None:
    before = json.loads(cli("catalog", "stats", "--json").stdout)["sake"]
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    result = cli("catalog", "import", str(path))
    assert result.returncode == 1
    assert "line 3 (強すぎ), field abv: 80% is out of range (0-25%)" in result.stderr
    assert "line 4 (安すぎ), field price_yen" in result.stderr
    assert (
        "line 5 (どこ), field prefecture: 'Atlantis' is not a Japanese prefecture" in result.stderr
    )
    assert "line 6 (良い酒), field name: duplicate of line 2" in result.stderr
    assert "1 added, 0 updated, 4 rejected" in result.stdout
    after = json.loads(cli("catalog", "stats", "--json").stdout)["sake"]
    assert after == before + 1


def test_json_output_of_an_import_stays_machine_readable(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    result = cli("catalog", "import", str(path), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["loaded"] == 1 and report["rejected_records"] == 4
    assert {
        "line": 3,
        "field": "abv",
        "reason": "80% is out of range (0-25%)",
        "name": "強すぎ",
    } in report["rejected"]


def test_shift_jis_is_read_and_garbage_is_refused(cli: Cli, tmp_path: Path) -> None:
    sjis = tmp_path / "sjis.csv"
    sjis.write_bytes(
        "name,brewery,prefecture,category\n試験酒,試験酒造,新潟,吟醸酒\n".encode("cp932")
    )
    result = cli("catalog", "import", str(sjis), "--json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["encoding"] == "shift_jis"
    found = json.loads(cli("catalog", "search", "試験酒", "--json").stdout)["items"]
    assert [(i["prefecture"], i["category"]) for i in found] == [("新潟県", "吟醸")]

    garbage = tmp_path / "photo.csv"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    refused = cli("catalog", "import", str(garbage))
    assert refused.returncode == 2
    assert "binary file" in refused.stderr
    missing = cli("catalog", "import", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def _round_trip(cli: Cli, tmp_path: Path, env: dict[str, str], suffix: str) -> None:
    first, second = tmp_path / f"first.{suffix}", tmp_path / f"second.{suffix}"
    exported = cli("catalog", "export", str(first), "--json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["sake"] >= 250
    empty = {**env, "SAKESENSEI_LOAD_CATALOG_ON_START": "false"}
    imported = cli("catalog", "import", str(first), "--json", env=empty)
    assert imported.returncode == 0, imported.stdout
    assert json.loads(imported.stdout)["inserted"] == json.loads(exported.stdout)["sake"]
    assert cli("catalog", "export", str(second), env=empty).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert cli("catalog", "check", env=empty).returncode == 0


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_export_imports_into_an_empty_sqlite_database_unchanged(
    cli: Cli, tmp_path: Path, suffix: str
) -> None:
    _round_trip(cli, tmp_path, {"SAKESENSEI_DATA_DIR": str(tmp_path / "other")}, suffix)


def test_export_imports_into_an_empty_postgresql_database_unchanged(
    cli: Cli, tmp_path: Path, postgres_database: str
) -> None:
    env = {"SAKESENSEI_DATABASE_URL": postgres_database}
    upgraded = cli("db", "upgrade", "--json", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert json.loads(upgraded.stdout)["from"] is None
    _round_trip(cli, tmp_path, env, "json")


def test_postgresql_without_migrations_says_what_to_run(cli: Cli, postgres_database: str) -> None:
    result = cli("catalog", "stats", env={"SAKESENSEI_DATABASE_URL": postgres_database})
    assert result.returncode == 3
    assert "run `sakesensei db upgrade` first" in result.stderr


def test_an_unreachable_database_is_a_clear_error(cli: Cli) -> None:
    result = cli(
        "catalog",
        "stats",
        "--json",
        env={"SAKESENSEI_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
    )
    assert result.returncode == 4
    error = json.loads(result.stdout)
    assert error["error"] == "StorageUnavailable" and "127.0.0.1:1" in error["message"]


def test_help_lists_the_commands(cli: Cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("up", "serve", "db", "catalog"):
        assert command in result.stdout
