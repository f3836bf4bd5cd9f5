"""Page furniture: the team's fixtures (furniture-laden articles and their clean versions, plus clean articles full
of furniture-like sentences that must survive)."""
from pathlib import Path

import pytest

from dyads.clean import clean_text

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "furniture").glob("*.in.txt"))


def normalise(text: str) -> str:
    lines = [l.strip() for l in text.strip().splitlines()]
    out = []
    for l in lines:
        if l or (out and out[-1]):
            out.append(l)
    return "\n".join(out).strip()


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name.split(".")[0] for p in FIXTURES])
def test_fixture(path: Path):
    expected = path.with_name(path.name.replace(".in.txt", ".expected.txt")).read_text(encoding="utf-8")
    assert normalise(clean_text(path.read_text(encoding="utf-8"))) == normalise(expected)


def test_there_are_fixtures():
    assert len(FIXTURES) >= 8


@pytest.mark.parametrize("line", [
    "Support independent journalism — donate today",
    "Subscribe to our Telegram channel for breaking news",
    "Also read: Five things to know about the sanctions",
    "Read more: Iran protests enter third week",
    "Share on Facebook",
    "A+ A-",
    "Photo: Reuters/John Smith",
    "Your email address will not be published. Required fields are marked *",
])
def test_furniture_lines_are_dropped(line):
    assert clean_text(f"Russia condemned the strikes.\n{line}\nTurkey called for calm.") == \
        "Russia condemned the strikes.\nTurkey called for calm."


@pytest.mark.parametrize("line", [
    "The president said he would support the opposition's call for donations to flood victims.",
    "Russia shared intelligence with Iran.",
    "Comments by the foreign minister drew criticism in Ankara.",
    "Read more than 200 pages of the report, the judge told lawyers.",
])
def test_news_sentences_survive(line):
    assert clean_text(line) == line


def test_whitespace_and_control_characters_are_normalised():
    assert clean_text("Iran\u00a0 condemned\x07 the  strike.\r\n\r\n\r\nTurkey agreed.") == \
        "Iran condemned the strike.\n\nTurkey agreed."


def test_underscores_joining_words_become_spaces():
    assert clean_text("Envoys of Dol_Amroth met in snake_case_town.") == "Envoys of Dol Amroth met in snake case town."
