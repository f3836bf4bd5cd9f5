"""Reading: every input kind of the contract, and a clear message for every input that cannot be read."""
import datetime as dt
import io
import json
import sys

from dyads.read import iter_articles


def read_all(paths, **kw):
    problems = []
    articles = list(iter_articles([str(p) for p in paths], on_problem=problems.append, **kw))
    return articles, problems


def test_txt_first_line_is_title_and_id_is_file_name(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("\n\nRussia recognises breakaway regions\n\nMOSCOW — Russia recognised them.\n", encoding="utf-8")
    (a,), problems = read_all([f], published=dt.date(2022, 2, 22))
    assert problems == []
    assert a.id == "story.txt"
    assert a.title == "Russia recognises breakaway regions"
    assert a.text == "MOSCOW — Russia recognised them."
    assert a.published == dt.date(2022, 2, 22)


def test_jsonl_fields_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    f = tmp_path / "feed.jsonl"
    good = {"id": "a1", "text": "Iran condemned the strike.", "title": "Iran", "published": "2020-01-03T10:00:00Z",
            "source": "Wire", "url": "https://example.org/a1"}
    f.write_text("\n".join([json.dumps(good), "{not json", json.dumps({"id": "x"}), "[1, 2]",
                            json.dumps({"text": "No id here."})]) + "\n", encoding="utf-8")
    articles, problems = read_all([f])
    assert [a.id for a in articles] == ["a1", "feed.jsonl:5"]
    a = articles[0]
    assert (a.title, a.published, a.source, a.url) == ("Iran", dt.date(2020, 1, 3), "Wire", "https://example.org/a1")
    reasons = [str(p) for p in problems]
    assert any("feed.jsonl:2" in r and "malformed JSON at line 2" in r for r in reasons)
    assert any("feed.jsonl:3" in r and "missing field 'text'" in r for r in reasons)
    assert any("feed.jsonl:4" in r and "not a JSON object" in r for r in reasons)


def test_directory_is_read_recursively_in_order_and_bad_files_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Title A\nBody A.", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("Title C\nBody C.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    articles, problems = read_all([tmp_path, tmp_path / "missing.txt"])
    assert [a.id for a in articles] == ["a.txt", "b/c.txt"]  # the path below the directory given
    reasons = {p.origin.rsplit("/", 1)[-1]: p.reason for p in problems}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["junk.txt"]
    assert reasons["missing.txt"] == "no such file or directory"


def test_legacy_encoding_is_detected(tmp_path):
    f = tmp_path / "latin.txt"
    text = "Élysée says Côte d'Ivoire talks resume\nLe président français a reçu son homologue à l'Élysée, où " \
           "les négociations ont repris après des mois de tension diplomatique entre les deux pays."
    f.write_bytes(text.encode("cp1252"))
    (a,), problems = read_all([f])
    assert problems == []
    assert a.title == "Élysée says Côte d'Ivoire talks resume"


def test_html_main_text_title_and_date(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("""<html><head><title>US strikes Syrian airbase | Example News</title>
<meta property="article:published_time" content="2017-04-07T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>US strikes Syrian airbase</h1>
<p>Two US warships fired dozens of cruise missiles at a Syrian government airbase early on Friday, in response to a
chemical attack that killed scores of civilians earlier in the week.</p>
<p>The Pentagon said the strike targeted aircraft, hardened shelters and fuel depots at the Shayrat airfield.</p>
</article><footer>Copyright Example News</footer></body></html>""", encoding="utf-8")
    (a,), problems = read_all([f])
    assert problems == []
    assert a.published == dt.date(2017, 4, 7)
    assert "cruise missiles" in a.text and "Copyright" not in a.text and "Home" not in a.text
    assert a.title.startswith("US strikes Syrian airbase")


def test_published_sidecar_gives_dates_to_plain_text(tmp_path):
    (tmp_path / "x.txt").write_text("T\nBody.", encoding="utf-8")
    (tmp_path / "published.tsv").write_text("file\tpublished\nx.txt\t2019-06-13\n", encoding="utf-8")
    (a,), _ = read_all([tmp_path])
    assert a.published == dt.date(2019, 6, 13)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Headline\nBody text.")))
    (a,), problems = read_all(["-"])
    assert (a.id, a.title, a.text) == ("stdin", "Headline", "Body text.")


def test_plain_text_without_a_date_takes_the_one_it_states(tmp_path):
    f = tmp_path / "stamped.txt"
    f.write_text("Putin recognises regions\nPublished: 22 February 2022, 07:40 GMT\nMOSCOW — Russia recognised them.",
                 encoding="utf-8")
    (a,), _ = read_all([f])
    assert a.published == dt.date(2022, 2, 22)
    (b,), _ = read_all([f], published=dt.date(2022, 2, 23))
    assert b.published == dt.date(2022, 2, 23)  # --published wins over the text


def test_utf8_with_one_stray_byte_is_not_read_as_mac_roman(tmp_path):
    f = tmp_path / "stray.txt"
    text = "“Sanctions” on Russia\nThe EU’s ministers met in Brussels — “a clear signal”, said Borrell.\n"
    data = text.encode("utf-8")
    f.write_bytes(data[:40] + b"\xff" + data[40:])  # one stray byte, as a bad copy leaves it
    (a,), problems = read_all([f])
    assert problems == []
    assert a.title == "“Sanctions” on Russia"
    assert a.text.replace("\ufffd", "") == text.split("\n", 1)[1].strip()
    assert "‚Äú" not in a.text and "â€" not in a.text
