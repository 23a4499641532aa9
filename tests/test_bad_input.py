"""Bad input is named with a reason, the run goes on, and nothing stored is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import tidings
from tidings.cli import app
from tidings.errors import BinaryInput, DecodingError, EmptyInput
from tidings.readers import decode_bytes

GOOD = """Vattenfall bygger ny kabel till Åland

14 mars 2026

Elnätet mellan Sverige och Åland ska förstärkas med en ny sjökabel.

Arbetet börjar i maj och ska vara klart inom två år, enligt bolaget.

Kabeln blir den längsta i sitt slag i Östersjön.
"""

LATIN1 = """Sjómenn mótmæla nýjum kvóta

14. mars 2026

Sjómenn á Vestfjörðum mótmæltu í gær nýjum reglum um kvóta.

Þeir segja að reglurnar bitni á smærri útgerðum í byggðum landsins.
"""


def make_folder(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    broken = ("Ett ord med å och ä och ö, sedan trasigt: ".encode("utf-8") + b"\xff\xfe\xc3(" +
              " och mer text med åäö.".encode("utf-8")) * 20
    (folder / "invalid-utf8.txt").write_bytes(broken)
    with (folder / "huge.txt").open("wb") as fh:
        line = ("Lorem ipsum dolor sit amet. " * 40 + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    return folder


def test_decode_reasons():
    with pytest.raises(EmptyInput):
        decode_bytes(b"  \n ", "x")
    with pytest.raises(BinaryInput):
        decode_bytes(b"\x00\x01\x02PNG\x00" * 100, "x")
    with pytest.raises(DecodingError, match="invalid UTF-8"):
        decode_bytes("åäö ".encode() * 5 + b"\xff" + "åäö".encode(), "x")
    text, encoding = decode_bytes("Þórður fór út að veiða.".encode("latin-1"), "x")
    assert text == "Þórður fór út að veiða." and encoding != "utf-8"
    assert decode_bytes("\ufeffhej".encode("utf-8"), "x") == ("hej", "utf-8")
    assert decode_bytes("hej då".encode("utf-16"), "x")[0] == "hej då"


def test_folder_of_bad_inputs(tmp_path):
    db = str(tmp_path / "keep.db")
    seed = tmp_path / "before.txt"
    seed.write_text(GOOD.replace("Åland", "Gotland"), encoding="utf-8")
    assert tidings.ingest([seed], db=db).stored_new == 1

    folder = make_folder(tmp_path)
    report = tidings.ingest([folder], db=db)
    reasons = {Path(r.source).name: r.reason for r in report.rejections}
    assert reasons == {
        "binary.bin": "binary, not text",
        "empty.txt": "empty",
        "invalid-utf8.txt": "no text encoding fits",
        "huge.txt": "too large",
    }
    details = {Path(r.source).name: r.detail for r in report.rejections}
    assert "invalid UTF-8" in details["invalid-utf8.txt"]
    assert "MB" in details["huge.txt"]
    assert report.stored_new == 2  # good.txt and latin1.txt
    assert report.exit_code == 3
    assert any("latin1.txt" in w.source for w in report.warnings)
    with tidings.open(db) as store:
        titles = {a.title for a in store.articles()}
    assert titles == {"Vattenfall bygger ny kabel till Gotland", "Vattenfall bygger ny kabel till Åland",
                      "Sjómenn mótmæla nýjum kvóta"}


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    folder = make_folder(tmp_path)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 3, result.output
    for name in ("binary.bin", "empty.txt", "invalid-utf8.txt", "huge.txt"):
        assert name in result.output
    bad_only = tmp_path / "bad"
    bad_only.mkdir()
    (bad_only / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(bad_only), "--db", db])
    assert result.exit_code == 1
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), "--db", db])
    assert result.exit_code == 1 and "no such file" in result.output
    good = tmp_path / "ok.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(good), "--db", db])
    assert result.exit_code == 0, result.output
    assert "already stored: 1" in result.output


def test_mojibake_is_repaired(tmp_path):
    from tidings.readers.text import repair_text

    broken = "Weâ€™d buy a game and sit down. Itâ€™s simple â€” isnâ€™t it? Ã…land"
    fixed, repaired = repair_text(broken)
    assert repaired and fixed == "We’d buy a game and sit down. It’s simple — isn’t it? Åland"
    clean = "Smørrebrød på Ærø, skrifar Þórður. Åsa säger att det är så."
    assert repair_text(clean) == (clean, False)
