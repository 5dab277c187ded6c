"""`sakesensei identify` as a user runs it: one photo, or a batch of paths on stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import Cli, cli_env
from tests.support import bad_images
from tests.support.labels import DASSAI_23, label_of_spec


def test_one_photo_as_json(cli: Cli, tmp_path: Path) -> None:
    photo = tmp_path / "dassai.jpg"
    photo.write_bytes(label_of_spec(DASSAI_23, "horizontal"))
    result = cli("identify", str(photo), "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert set(found) == {"match", "confidence", "read_text", "candidates"}
    assert found["match"]["name"] == DASSAI_23.name and found["match"]["brewery"] == "旭酒造"
    assert found["confidence"] >= 0.7
    assert found["candidates"][0] == {**found["match"], "score": found["candidates"][0]["score"]}
    human = cli("identify", str(photo))
    assert human.returncode == 0 and DASSAI_23.name in human.stdout


def test_bad_input_is_an_exit_code_and_a_message(cli: Cli, tmp_path: Path) -> None:
    fake = tmp_path / "label.jpg"
    fake.write_bytes(bad_images.zip_named_jpg())
    result = cli("identify", str(fake), "--json")
    assert result.returncode == 2
    assert "ZIP archive" in json.loads(result.stdout)["message"]
    missing = cli("identify", str(tmp_path / "nope.jpg"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    neither = cli("identify")
    assert neither.returncode == 2 and "--batch" in neither.stderr


def test_batch_answers_each_line_as_it_comes(tmp_path: Path) -> None:
    good = tmp_path / "good.jpg"
    good.write_bytes(label_of_spec(DASSAI_23, "vertical"))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(bad_images.truncated_jpeg())
    env = {**cli_env(tmp_path / "var"), "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        [sys.executable, "-m", "sakesensei", "identify", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        # The first answer arrives while stdin is still open: nothing waits for the end.
        process.stdin.write(f"{good}\n")
        process.stdin.flush()
        first = json.loads(process.stdout.readline())
        assert first["file"] == str(good) and first["match"]["name"] == DASSAI_23.name
        process.stdin.write(f"{broken}\n\n{tmp_path / 'missing.png'}\n")
        process.stdin.close()
        rest = [json.loads(line) for line in process.stdout]
        assert process.wait(timeout=120) == 1  # some images could not be read
    assert [r["file"] for r in rest] == [str(broken), str(tmp_path / "missing.png")]
    assert "damaged or incomplete" in rest[0]["message"]
    assert "no such file" in rest[1]["message"]
