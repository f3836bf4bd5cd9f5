"""Find each event's evidence sentence in the article text and cut the text into plain and marked pieces.

The pieces are plain strings with a kind; the template escapes every one of them, so no article text ever reaches
the page as markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Part:
    text: str
    cls: str | None = None  # None, "src", "tgt" or "trg"


@dataclass
class Piece:
    text: str = ""
    mark: bool = False
    id: str = ""  # html id of the mark: ev-<first event id>
    events: list[str] = field(default_factory=list)
    quad: int = 0
    parts: list[Part] = field(default_factory=list)


def _find(text: str, sentence: str, cursor: int) -> tuple[int, int] | None:
    """Where ``sentence`` is in ``text``: exactly (from the cursor, then anywhere), else with any whitespace."""
    s = sentence.strip()
    if not s:
        return None
    for start in (cursor, 0):
        i = text.find(s, start)
        if i >= 0:
            return i, i + len(s)
    words = s.split()
    if len(words) > 1:
        m = re.search(r"\s+".join(map(re.escape, words)), text)
        if m:
            return m.start(), m.end()
    return None


def _phrase(sentence: str, phrase: str | None) -> tuple[int, int] | None:
    if not phrase or not phrase.strip():
        return None
    p = phrase.strip()
    i = sentence.find(p)
    if i < 0:
        i = sentence.lower().find(p.lower())
    return (i, i + len(p)) if i >= 0 else None


def _parts(sentence: str, events: list[dict]) -> list[Part]:
    """The sentence cut at its triggers and its source and target phrases; actors win over triggers and the
    first event of the sentence over later ones."""
    labels: list[str | None] = [None] * len(sentence)
    for e in reversed(events):
        spans: list[tuple[tuple[int, int] | None, str]] = []
        ts, te = e.get("trigger_start"), e.get("trigger_end")
        if (isinstance(ts, int) and isinstance(te, int) and 0 <= ts < te <= len(sentence)
                and e.get("sentence") == sentence):
            spans.append(((ts, te), "trg"))
        else:
            spans.append((_phrase(sentence, e.get("trigger")), "trg"))
        spans.append((_phrase(sentence, (e.get("target") or {}).get("text")), "tgt"))
        spans.append((_phrase(sentence, (e.get("source") or {}).get("text")), "src"))
        for span, cls in spans:
            if span:
                for k in range(*span):
                    labels[k] = cls
    parts: list[Part] = []
    for k, ch in enumerate(sentence):
        if parts and parts[-1].cls == labels[k]:
            parts[-1].text += ch
        else:
            parts.append(Part(ch, labels[k]))
    return parts


def highlight(text: str, events: list[dict]) -> list[Piece]:
    """``text`` as pieces, each evidence sentence of ``events`` (dicts with id, sentence, sentence_index, trigger,
    trigger_start/end, source, target, quad_class) a marked piece. Sentences not found are left out."""
    groups: dict[tuple[int, str], list[dict]] = {}
    for e in sorted(events, key=lambda e: (e.get("sentence_index") or 0, e.get("trigger_start") or 0)):
        groups.setdefault((e.get("sentence_index") or 0, e.get("sentence") or ""), []).append(e)
    spans: list[tuple[int, int, list[dict]]] = []
    cursor = 0
    for (_, sentence), evs in groups.items():
        found = _find(text, sentence, cursor)
        if not found or any(found[0] < b and a < found[1] for a, b, _ in spans):
            continue
        spans.append((found[0], found[1], evs))
        cursor = found[1]
    spans.sort(key=lambda s: s[0])
    pieces: list[Piece] = []
    pos = 0
    for start, end, evs in spans:
        if start > pos:
            pieces.append(Piece(text[pos:start]))
        found_text = text[start:end]
        pieces.append(Piece(found_text, mark=True, id=f"ev-{evs[0]['id']}", events=[e["id"] for e in evs],
                            quad=int(evs[0].get("quad_class") or 0), parts=_parts(found_text, evs)))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:]))
    return pieces


def placed_ids(pieces: list[Piece]) -> set[str]:
    return {i for p in pieces if p.mark for i in p.events}
