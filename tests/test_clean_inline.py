"""Furniture inside a line (dyads.clean.inline): text flattened out of a page carries captions, spliced headlines,
wire datelines and page stamps inside its lines. Each rule is checked on the cleaner, and the dateline on the whole
pipeline (it must survive, on a line of its own, as the place of events that name none)."""
import pytest

from dyads.clean import clean_text


@pytest.mark.parametrize("text, expected", [
    # a Guardian caption and its credit between two paragraphs
    ("The army advanced. A man walks past a mural in Aleppo on Monday. Photograph: Omar Sanadiki/Reuters "
     "Rebels said they still held the town.", "The army advanced.\nRebels said they still held the town."),
    ("The army advanced. Kurdish fighters in Raqqa. Photograph: Delil Souleiman/AFP via Getty Images The UN called "
     "for calm.", "The army advanced.\nThe UN called for calm."),
    # a credit with no caption sentence before it: only the credit goes
    ("Regime retakes Aleppo A boy in Aleppo Photograph: George Ourfalian/AFP/Getty Images Syrian forces took it.",
     "Regime retakes Aleppo A boy in Aleppo\nSyrian forces took it."),
    # a sentence that reports speech is never taken for a caption
    ("Officials said the talks failed. Photograph: AP The army advanced.",
     "Officials said the talks failed.\nThe army advanced."),
    ("The plan seemed simple. Graphic courtesy of US Drug Enforcement Administration With cocaine output at a "
     "record high, traffickers diversified.",
     "The plan seemed simple.\nWith cocaine output at a record high, traffickers diversified."),
    ("The decision lies outside their control. Top Image: AP Photo", "The decision lies outside their control."),
    ("Police arrested him (Photo: AFP) on Monday.", "Police arrested him\non Monday."),
])
def test_captions_and_credits_go(text, expected):
    assert clean_text(text) == expected


def test_a_related_headline_spliced_into_the_body_goes():
    assert clean_text("The talks stalled. Read more: Trump says Isis defeated as he prepares to pull troops The US "
                      "has 2,000 troops in Syria.") == "The talks stalled.\nThe US has 2,000 troops in Syria."
    # where no sentence plainly starts, only the label goes (the next sentence is never taken for the teaser)
    assert clean_text("The talks stalled. Read more Syrian forces shell Idlib Syrian troops shelled the town.") == \
        "The talks stalled.\nSyrian forces shell Idlib Syrian troops shelled the town."


@pytest.mark.parametrize("text, expected", [
    ("Syrian army retakes town BEIRUT (Reuters) - The Syrian army retook the town on Monday.",
     "Syrian army retakes town\nBEIRUT (Reuters) -\nThe Syrian army retook the town on Monday."),
    ("Russia warns Ukraine MOSCOW — The Kremlin warned Kyiv on Monday.",
     "Russia warns Ukraine\nMOSCOW —\nThe Kremlin warned Kyiv on Monday."),
    ("Pakistan shells border villages Jammu, Jan 5 (PTI): Pakistani troops shelled villages.",
     "Pakistan shells border villages\nJammu, Jan 5 (PTI):\nPakistani troops shelled villages."),
    # a page stamp glued to a section label goes; the dateline after it stays
    ("Militants attack police post in Pulwama KashmirJune 13, 2018 10:41am Srinagar, June 13: Militants attacked "
     "a police post.", "Militants attack police post in Pulwama Kashmir\nSrinagar, June 13:\nMilitants attacked a "
     "police post."),
    ("GAZA CITY, Gaza Strip (AP) — Israeli jets struck the enclave.",
     "GAZA CITY, Gaza Strip (AP) —\nIsraeli jets struck the enclave."),
])
def test_datelines_are_separated_not_lost(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text", [
    "The attack happened on June 13, 2018 10:41am, police said.",
    "Read more than 200 pages of the report, the judge told lawyers.",
    "He left. See also the report by Amnesty.",
    "Officials in the US said the UN — which had warned of famine — was ready.",
    "The Photo: Reuters exhibition opened in Paris on Monday with 200 pictures.",
])
def test_news_sentences_survive(text):
    assert clean_text(text) == text


@pytest.mark.parametrize("text, expected", [
    ("It was over. • This article was amended on 14 February 2019. “Clamouring” was changed to “clambering”.",
     "It was over."),
    ("They will help. Hassan Hassan is the co-author of Isis: Inside the Army of Terror, and is a senior fellow at "
     "the Tahrir Institute", "They will help."),
    ("Fighting went on. • Simon Jenkins is a Guardian columnist • Join the debate – email letters@example.com",
     "Fighting went on."),
    ("He was known as Moises. This article originally appeared in El Universal. See original article here. His "
     "brother describes him.", "He was known as Moises. His brother describes him."),
    ("The battle is over. Scroll down to follow our reporter as he travels to the frontline.", "The battle is over."),
    ("Gangs hold the mines. View InSight Map: Gold Mining in Colombia in a larger map", "Gangs hold the mines."),
    ("She spoke. ***** Troops arrived.", "She spoke.\nTroops arrived."),
])
def test_notes_around_the_article_go(text, expected):
    assert clean_text(text) == expected


def test_an_author_note_is_only_dropped_at_the_end():
    text = "Jane Smith is the director of the agency. Police arrested two men on Monday."
    assert clean_text(text) == text


def test_the_dateline_after_a_headline_is_the_place_of_events(code):
    events = code("Syrian army retakes town BEIRUT (Reuters) - Rebels fired rockets at the army on Monday, "
                  "state media said.\n\nThe army arrested three men.")
    arrests = [e for e in events if e.cameo.startswith("17")]
    assert arrests and all(e.location is not None and e.location.name == "Beirut" for e in arrests)
    assert all("(Reuters)" not in e.sentence for e in events)


def test_a_caption_yields_no_event(code):
    events = code("Rebels held the town. Syrian troops arrest a man in Aleppo on Monday. Photograph: Omar "
                  "Sanadiki/Reuters The talks resumed.")
    assert not [e for e in events if "arrest a man" in e.sentence]


@pytest.mark.parametrize("text, expected", [
    ("Syrian army retakes town By Tom Perry BEIRUT (Reuters) - The army retook the town.",
     "Syrian army retakes town\nBEIRUT (Reuters) -\nThe army retook the town."),
    ("Militants attack post in Pulwama By Our Correspondent Srinagar, June 13: Militants attacked a post.",
     "Militants attack post in Pulwama\nSrinagar, June 13:\nMilitants attacked a post."),
])
def test_a_byline_before_the_dateline_goes(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text", [
    "Two Killed By Security Forces in Pulwama The army said two militants died.",
    "The report was written by our correspondent in Kabul.",
])
def test_by_in_a_headline_or_sentence_is_no_byline(text):
    assert clean_text(text) == text


def test_an_embedded_video_title_goes():
    assert clean_text("The army advanced. Trump says US troops will leave Syria – video The US has 2,000 troops "
                      "there.") == "The army advanced.\nThe US has 2,000 troops there."
