"""Emission: from a coded act to the Event the contract describes, and one event per act per article.

Builds the Event (its CAMEO code's root, quad class, Goldstein score and PLOVER type; its place; its trigger's span)
and merges the repetitions of one act in an article — the headline and the lead, two paragraphs — into the first
mention, which takes the body's more precise date and place.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from spacy.tokens import Span

from dyads.actors.resolve import DocContext
from dyads.events.triggers import Trigger
from dyads.model import Actor, Article, Event
from dyads.ontology import code_or_stand_in
from dyads.where import Locator

ACCUSE = "112"


class Emitter:
    def __init__(self, locator: Locator, emit_unknown_codes: bool = False):
        self.locator = locator
        self.emit_unknown_codes = emit_unknown_codes

    def event(self, trig: Trigger, code: str, source: Actor, target: Actor | None, attribution: Actor | None,
               sent: Span, index: int, article: Article, day: dt.date | None, precision: str | None,
               future: bool, ctx: DocContext, evidence: dict | None = None) -> Event | None:
        info = code_or_stand_in(code)
        if not info.emittable and not (self.emit_unknown_codes and info.name == "not a CAMEO code"):
            return None
        words = trig.words
        trigger_text = " ".join(t.text for t in words)
        start = words[0].idx - sent.start_char
        end = words[-1].idx + len(words[-1].text) - sent.start_char
        confidence = 0.55
        confidence += 0.15 if source.kind != "agent" else 0.0
        confidence += 0.1 if target is not None and target.kind != "agent" else 0.0
        confidence += 0.1 if trig.sense.specific else 0.0
        confidence -= 0.1 if attribution is not None else 0.0
        confidence -= 0.2 if future else 0.0
        confidence -= 0.1 if code == ACCUSE and trig.sense.code != ACCUSE else 0.0
        key = f"{article.id}|{index}|{trig.token.i}|{code}|{source.code}|{target.code if target else ''}"
        return Event(
            id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], doc_id=article.id, sentence_index=index,
            sentence=sent.text.strip(), trigger=trigger_text, date=day.isoformat() if day else None,
            source=source, target=target, cameo=code, cameo_root=info.root, quad_class=info.quad_class,
            goldstein=info.goldstein, plover={"event": info.plover_event, "mode": info.plover_mode},
            location=self.locator.locate(trig.token, trig.verb, sent, ctx.places), attribution=attribution,
            confidence=round(max(0.05, min(0.95, confidence)), 2),
            trigger_start=start, trigger_end=end, date_precision=precision,
            published=article.published.isoformat() if article.published else None, outlet=article.source,
            url=article.url, evidence=_evidence(evidence or {}, source, target, attribution, trig, sent, index, article))




def _evidence(found: dict, source: Actor, target: Actor | None, attribution: Actor | None, trig: Trigger,
              sent: Span, index: int, article: Article) -> dict:
    """How the event was found, for people ("why this event?") and for the confidence model: the trigger's kind
    and clause, how source and target were found in the parse and resolved to actors, where the sentence is."""
    out = dict(found)
    out["source"] = f"{found.get('source_by', '?')}/{source.how or '?'}/{source.kind}"
    out["target"] = f"{found.get('target_by', '?')}/{target.how or '?'}/{target.kind}" if target else "none"
    out["attributed"] = attribution is not None
    out["specific"] = trig.sense.specific
    out["headline"] = index == 0 and bool(article.title)
    out["sentence_index"] = index
    text = sent.text
    before = text[:max(0, trig.words[0].idx - sent.start_char)]
    out["quoted"] = (before.count("“") > before.count("”")) or before.count('"') % 2 == 1
    out["distance"] = min(abs((a.start or 0) - trig.token.idx) for a in [source, target] if a is not None and
                          a.start is not None) if (source.start is not None or (target and target.start)) else None
    return out


def _party(actor: Actor | None) -> str | None:
    """Whose act it is, for telling repeats within one sentence apart: the organisation or state ("Azerbaijan"
    and "Azerbaijani troops" in one phrase are one party), else the code."""
    if actor is None:
        return None
    return actor.org or actor.country or actor.code


def _one_act(a: Event, b: Event) -> bool:
    """Two readings of one act in a sentence: two triggers, or one phrase read as two actors ("Azerbaijan",
    "Azerbaijani forces"); not two actors a list names ("lawmakers and officials in Poland")."""
    if a.trigger_start != b.trigger_start:
        return True

    def overlap(x: Actor | None, y: Actor | None) -> bool:
        if x is None or y is None:
            return x is y
        if x.start is None or y.start is None:
            return x.text == y.text
        return x.start < (y.end or y.start + 1) and y.start < (x.end or x.start + 1)

    return overlap(a.source, b.source) and overlap(a.target, b.target)


def merge_repeats(events: list[Event]) -> list[Event]:
    """One event per (source, code, target) in an article: the headline and the body, or two paragraphs, that
    report the same act are one event, kept at its first mention, unless their dates (to the day) differ; within
    one sentence, two triggers or two readings of one phrase that give one act to the same parties are one event too
    ("Azerbaijan" and "Azerbaijani forces"). The number of mentions goes to the evidence, and (without a fitted
    confidence model) each repetition raises its confidence."""
    kept: dict[tuple, Event] = {}
    in_sentence: dict[tuple, tuple] = {}
    for event in events:
        key = (event.source.code, event.cameo, event.target.code if event.target else None)
        same_act = (event.sentence_index, _party(event.source), event.cameo, _party(event.target))
        if same_act[1] == same_act[3]:  # one country's police and gangs fighting each other: two acts, not one
            same_act = (*same_act, event.source.code, event.target.code if event.target else None)
        earlier = in_sentence.get(same_act)
        if earlier is None:
            in_sentence[same_act] = key
        elif _one_act(kept[earlier], event):
            key = earlier
        first = kept.get(key)
        if first is not None and first.date != event.date and "day" == first.date_precision == event.date_precision:
            key = (*key, event.date)  # two acts on different days: "struck on Monday … struck again on Friday"
            first = kept.get(key)
        if first is None:
            kept[key] = event
            event.evidence["mentions"] = 1
        elif (event.sentence_index, event.trigger_start) != (first.sentence_index, first.trigger_start):
            first.evidence["mentions"] = first.evidence.get("mentions", 1) + 1
            first.confidence = round(min(0.95, max(first.confidence, event.confidence) + 0.05), 2)
            if first.date_precision == "published" and event.date_precision not in (None, "published"):
                first.date, first.date_precision = event.date, event.date_precision  # the body's "on Monday"
            if first.location is None:
                first.location = event.location
    return list(kept.values())
