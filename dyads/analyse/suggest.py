"""Dictionary suggestions from reviewers' corrections, written as user dictionary files for a person to accept.

Two kinds:
- **names no dictionary has**: the phrases reviewers typed for a corrected or added source or target ("as written
  in the text") that no entry of the actor dictionaries (built-in and the user's) covers, with the code the
  reviewer gave: entries for an actor file (``groups``, or ``organisations`` for IGO/NGO codes);
- **verbs whose code reviewers keep correcting**: the trigger word (its spaCy lemma, a verb or an event noun) of
  events whose CAMEO code was corrected at least ``min_count`` times, with the code reviewers gave most: entries for
  a verb file (``verbs``/``nouns``), each a plain sense ``{code}`` a person should narrow (object, target,
  pattern) before using it.

Nothing is applied: the files are printed or written for a person to read, edit and pass to ``--actors`` /
``--verbs``. Every entry carries, as YAML comments, how many reviews asked for it, by whom, and an example sentence.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import yaml

from dyads.analyse.reviews import reviewed_articles
from dyads.store.models import ReviewRow


@dataclass
class Evidence:
    count: int = 0
    reviewers: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    codes: Counter = field(default_factory=Counter)

    def add(self, r: ReviewRow, code: str) -> None:
        self.count += 1
        self.reviewers.add(r.reviewer)
        self.codes[code] += 1
        s = " ".join((r.sentence or "").split())
        if s and s not in self.examples and len(self.examples) < 2:
            self.examples.append(s if len(s) <= 160 else s[:157] + "...")

    def comment(self, what: str, indent: str = "") -> str:
        codes = ", ".join(f"{c} ({n})" for c, n in self.codes.most_common())
        lines = [f"{indent}# {what}: {self.count} review(s) by {', '.join(sorted(self.reviewers))}; codes given: {codes}"]
        lines += [f"{indent}#   e.g. «{ex}»" for ex in self.examples]
        return "\n".join(lines)


@dataclass
class Suggestions:
    names: dict[tuple[str, str], Evidence]  # (phrase, code) → evidence
    actors: dict[str, dict]  # phrase → description of the code (name, country, org, sector)
    verbs: dict[tuple[str, str], Evidence]  # (section, lemma) → evidence

    def is_empty(self) -> bool:
        return not self.names and not self.verbs

    def actor_yaml(self, source: str) -> str:
        head = [f"# dyads review suggest — names reviewers used that no actor dictionary covers ({source}, "
                f"{dt.date.today()})",
                "# Nothing here is used until a person accepts it: check each entry (code, name, country), delete",
                "# what is wrong, then pass the file to dyads code/ingest/recode --actors FILE."]
        sections: dict[str, list[str]] = defaultdict(list)
        by_code: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
        for (phrase, code), ev in sorted(self.names.items(), key=lambda kv: (-kv[1].count, kv[0])):
            by_code[code].append((phrase, ev))
        for code, items in by_code.items():
            d = self.actors[items[0][0]]
            section = "organisations" if code.startswith(("IGO", "NGO")) or (d.get("org") and not d.get("country")) \
                else "groups"
            entry = {"code": code, "name": d.get("name") or items[0][0], "names": [p for p, _ in items]}
            if d.get("country"):
                entry["country"] = d["country"]
            if d.get("org"):
                entry["org"] = d["org"]
            entry["sector"] = list(d.get("sector") or [])
            comments = "\n".join(ev.comment(f"{phrase!r} → {code}") for phrase, ev in items)
            sections[section].append(comments + "\n" + _dump_item(entry))
        body = [f"{name}:\n" + "\n".join(items) for name, items in sections.items()]
        return "\n".join(head) + "\n" + ("\n".join(body) + "\n" if body else "{}\n")

    def verb_yaml(self, source: str) -> str:
        head = [f"# dyads review suggest — trigger words whose CAMEO code reviewers keep correcting ({source}, "
                f"{dt.date.today()})",
                "# Each sense below would code EVERY use of the word with that code: narrow it first (object:,",
                "# target:, pattern: — see dyads/data/README.md), delete what is wrong, then pass the file to",
                "# dyads code/ingest --verbs FILE."]
        sections: dict[str, list[str]] = defaultdict(list)
        for (section, lemma), ev in sorted(self.verbs.items(), key=lambda kv: (-kv[1].count, kv[0])):
            code = ev.codes.most_common(1)[0][0]
            text = yaml.safe_dump({lemma: [{"code": code}]}, allow_unicode=True, sort_keys=False).rstrip()
            sections[section].append(ev.comment(f"{lemma!r}", "  ") + "\n" + "\n".join("  " + ln for ln in
                                                                                     text.splitlines()))
        body = [f"{name}:\n" + "\n".join(items) for name, items in sections.items()]
        return "\n".join(head) + "\n" + ("\n".join(body) + "\n" if body else "{}\n")


def _dump_item(entry: dict) -> str:
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=None).rstrip()
    return text


def _covered(phrase: str, dictionary) -> bool:
    """Does some dictionary entry match the whole phrase (a leading "the" aside)?"""
    p = phrase.strip()
    if p.lower().startswith("the "):
        p = p[4:]
    return any(m.start == 0 and m.end >= len(p.rstrip(".,;:")) for m in dictionary.find(p))


def _lemma(nlp, sentence: str, start: int | None, trigger: str) -> tuple[str, str] | None:
    """(section, lemma) of the trigger's first word, read from a parse of its sentence."""
    doc = nlp(sentence)
    tok = None
    if isinstance(start, int):
        tok = next((t for t in doc if t.idx <= start < t.idx + len(t.text)), None)
    if tok is None and trigger:
        first = trigger.split()[0].lower()
        tok = next((t for t in doc if t.lower_ == first), None)
    if tok is None:
        return None
    if tok.pos_ in ("NOUN", "PROPN"):
        return "nouns", tok.lemma_.lower()
    return "verbs", tok.lemma_.lower()


def suggestions(sessions, actor_files: list[str] = (), min_count: int = 2, nlp=None) -> Suggestions:
    """Collect suggestions from every review in the database (``actor_files``: user dictionaries counted as
    covering names; ``min_count``: corrections of one trigger word needed before its code is suggested)."""
    from dyads.actors.dictionary import build_dictionary, default_dictionary

    dictionary = build_dictionary(actor_files) if actor_files else default_dictionary()
    names: dict[tuple[str, str], Evidence] = {}
    described: dict[str, dict] = {}
    corrections: list[ReviewRow] = []
    for ra in reviewed_articles(sessions):
        for r in [*ra.judgments(), *ra.missed]:
            actors = []
            if r.kind == "missed":
                actors = [r.source, r.target]
            elif r.correction:
                actors = [r.correction.get("source"), r.correction.get("target")]
                if r.correction.get("cameo") and r.correction["cameo"] != r.cameo:
                    corrections.append(r)
            for a in actors:
                phrase = (a or {}).get("text", "").strip()
                if not phrase or phrase.upper() == (a.get("code") or "") or _covered(phrase, dictionary):
                    continue
                names.setdefault((phrase, a["code"]), Evidence()).add(r, a["code"])
                described.setdefault(phrase, a)
    verbs: dict[tuple[str, str], Evidence] = {}
    if corrections:
        if nlp is None:
            from dyads.parse import load_nlp

            nlp = load_nlp()
        for r in corrections:
            key = _lemma(nlp, r.sentence or "", r.trigger_start, r.trigger or "")
            if key is not None:
                verbs.setdefault(key, Evidence()).add(r, r.correction["cameo"])
    verbs = {k: ev for k, ev in verbs.items() if ev.count >= min_count}
    return Suggestions(names, described, verbs)


def summary(s: Suggestions) -> dict[str, Any]:
    return {"names": [{"phrase": p, "code": c, "reviews": ev.count} for (p, c), ev in s.names.items()],
            "verbs": [{"section": sec, "lemma": lem, "reviews": ev.count, "code": ev.codes.most_common(1)[0][0]}
                      for (sec, lem), ev in s.verbs.items()]}
