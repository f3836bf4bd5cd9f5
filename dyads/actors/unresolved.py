"""Who the dictionaries miss: the people and organisations named in a corpus that no dictionary entry covers,
counted, with an example sentence each, so that a user knows what to add first (`dyads actors unresolved`)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from dyads.actors.dictionary import ActorDictionary
from dyads.actors.resolve import DocContext
from dyads.clean import clean_article
from dyads.model import Article
from dyads.parse import parse_articles

LABELS = ("PERSON", "ORG", "NORP", "GPE")


@dataclass
class Unresolved:
    counts: Counter = field(default_factory=Counter)  # (text, label) → mentions
    examples: dict[tuple[str, str], str] = field(default_factory=dict)
    articles: int = 0

    def top(self, n: int = 50) -> list[dict]:
        return [{"mention": text, "label": label, "count": count, "example": self.examples[text, label]}
                for (text, label), count in self.counts.most_common(n)]


def unresolved_mentions(articles: Iterable[Article], dictionary: ActorDictionary, labels: Iterable[str] = LABELS,
                        workers: int = 1, batch_size: int = 8) -> Unresolved:
    """Named entities (spaCy NER) of the wanted labels with no dictionary mention inside them."""
    wanted = set(labels)
    out = Unresolved()
    cleaned = (clean_article(a) for a in articles)
    for doc, _article in parse_articles(cleaned, workers=workers, batch_size=batch_size):
        out.articles += 1
        ctx = DocContext.find(doc, dictionary)
        for ent in doc.ents:
            if ent.label_ not in wanted or any(t.i in ctx.by_token for t in ent):
                continue
            text = ent.text.strip().removeprefix("the ").removeprefix("The ")
            if len(text) < 2 or not any(c.isalpha() for c in text):
                continue
            key = (text, ent.label_)
            out.counts[key] += 1
            out.examples.setdefault(key, ent.sent.text.strip()[:300])
    return out
