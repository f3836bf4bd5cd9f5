"""Import a PETRARCH/TABARI verbs dictionary as a verbs.yaml-style spec for ``TriggerIndex.from_spec(spec,
strict=False)``.

    from dyads.events.petrarch import import_verbs
    spec = import_verbs("PETR.Validate.verbs.txt")

The legacy format, and what becomes of it:
  * ``&NAME`` starts a synset; its ``+WORD`` lines (words joined by spaces or underscores, possibly ``&OTHER``
    synsets) are its members. A pattern using ``&NAME`` gets the members as alternatives: ``(dollars|euros)``.
  * ``--- VERB [CODE] ---`` starts a verb block; ``[---]`` means the block has no code of its own. The lines after it
    are verb forms (``ABANDON``, ``BAN {BANS BANNED}``, ``+BREAK_DOWN {…}``, ``WIRE_+TAP``, ``DOWNPLAY [014]``): the
    word marked ``+`` (else the first) is the verb, keyed as written (a base form is the lemma of its inflections; an
    inflected form such as ``LEFT`` matches only itself); words after it become a particle key ("break down"),
    words before it a surface condition (``wire_*``).
  * ``- pre * post [CODE]`` lines are patterns. They are kept whole, as surface patterns (dyads.events.surface):
    ``*`` the verb, ``$`` the source, ``+`` the target, ``%`` a compound actor, ``^`` a skipped phrase, ``_``
    adjacency; ``{…}`` optional words are dropped. A form's patterns are tried longest first, so that "did n't ever
    * over efforts" is tried before "* over efforts"; a pattern naming a synset that does not exist is counted and
    skipped.
  * The block's (or the form's) code becomes the verb's general sense, last.
  * Codes are kept as written ("903", "1717", "174K"); paired codes ``[031:032]`` keep the first as ``code`` and
    the second as ``reverse`` (the target's act toward the source, coded with it); codes that are not 2–4 digits
    with an optional letter ("def", "025?", "+++") are counted and skipped.
  * No sense names target prepositions: PETRARCH takes the first actor of the verb phrase as the target, and so
    does dyads when a sense names none (the object, a party in the object's phrase, then the first actor named in
    the rest of the verb's phrase); a ``+`` in the pattern names the target's place itself.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from dyads.actors.petrarch import clean_lines
from dyads.events.surface import Pattern

_CODE = re.compile(r"^\d{2,4}[A-Za-z]?$")


def _code(text: str) -> tuple[str | None, str | None, bool]:
    """'031:032' → ('031', '032', True); '---' → (None, None, True); 'def' → (None, None, False)."""
    text = text.strip()
    if not text or re.fullmatch(r"[-]+", text):
        return None, None, True
    first, _, second = text.partition(":")
    if not _CODE.match(first):
        return None, None, False
    return first, (second if _CODE.match(second) else None), True


def _tokens(text: str) -> list[str]:
    text = re.sub(r"\{[^}]*\}", " ", text)  # optional words
    out = []
    for raw in text.split():
        for part in raw.split("_"):
            if part:
                out.append(part.upper() if part.startswith("&") else part.lower())
    return out


class _Block:
    def __init__(self, name: str, code: str | None, reverse: str | None):
        self.name, self.code, self.reverse = name, code, reverse
        self.forms: list[tuple[str, str | None, str | None, bool]] = []  # (text, code, reverse, has own code)
        self.patterns: list[tuple[str, str | None, str | None]] = []  # (pattern text, code, reverse)


def _read(path: str | Path, counts: Counter) -> tuple[list[_Block], dict[str, list[str]]]:
    blocks: list[_Block] = []
    synsets: dict[str, list[str]] = {}
    synset: str | None = None
    block: _Block | None = None
    for _, line in clean_lines(path):
        body = line.strip()
        if body.startswith("---"):
            inner = body.strip("-").strip()
            codes = re.findall(r"\[([^\]]*)\]", inner)
            name = re.sub(r"\[[^\]]*\]", " ", inner).strip()
            code, reverse, ok = _code(codes[0]) if codes else (None, None, True)
            if not ok:
                counts["invalid codes"] += 1
            block = _Block(name, code, reverse)
            blocks.append(block)
            synset = None
            counts["verb blocks"] += 1
            continue
        if body.startswith("&"):
            synset = body.split()[0].rstrip("_").upper()
            synsets.setdefault(synset, [])
            block = None
            counts["synsets"] += 1
            continue
        if synset is not None and body.startswith("+"):
            synsets[synset].append(body[1:].strip())
            continue
        if block is None:
            counts["unparseable lines"] += 1
            continue
        m = re.match(r"^(.*?)\s*\[([^\]]*)\]\s*$", body)
        text, code_text = (m.group(1), m.group(2)) if m else (body, None)
        code, reverse, ok = _code(code_text) if code_text is not None else (None, None, True)
        if body.startswith("-"):
            counts["patterns"] += 1
            if code_text is None or not ok:
                counts["patterns with an invalid code (skipped)" if code_text else "unparseable lines"] += 1
                continue
            block.patterns.append((text[1:].strip(), code, reverse))
        else:
            if not ok:
                counts["invalid codes"] += 1
                code = None
            block.forms.append((text, code if code_text is not None else None, reverse, code_text is not None))
    return blocks, synsets


def _alternatives(name: str, synsets: dict[str, list[str]], depth: int = 0) -> list[str] | None:
    """A synset's members as word sequences ("golden goblin galleons"), nested synsets flattened; None when the
    synset is not defined."""
    if name not in synsets or depth > 5:
        return None
    out: list[str] = []
    for member in synsets[name]:
        words = _tokens(member)
        if len(words) == 1 and words[0].startswith("&"):
            inner = _alternatives(words[0].rstrip("_"), synsets, depth + 1)
            out += inner or []
        elif not any(w.startswith("&") for w in words):
            out.append(" ".join(words))
    return list(dict.fromkeys(out))


def _to_pattern(text: str, synsets: dict[str, list[str]], before_verb: list[str]) -> tuple[Pattern | None, str]:
    """A legacy pattern ("&NEGATVAUXVRB EVER * OVER EFFORTS") in dyads' surface syntax ("(did n't|wo n't) ever *
    over efforts"), or None and the reason it cannot be."""
    text = re.sub(r"\{[^}]*\}", " ", text)  # optional words
    chunks = []
    for raw in text.split():
        parts = []
        for part in raw.split("_"):
            if not part:
                continue
            if part.startswith("&"):
                alts = _alternatives(part.upper(), synsets)
                if not alts:
                    return None, "unknown or empty synset"
                parts.append("(" + "|".join(alts) + ")")
            elif part == "*" and before_verb:
                parts.append("_".join(before_verb + ["*"]))  # "WIRE_+TAP": "wire_*"
            elif re.fullmatch(r"[^()|]+", part):
                parts.append(part.lower())
            else:
                return None, "unreadable words"
        if parts:
            chunks.append("_".join(parts))
    try:
        return Pattern.parse(" ".join(chunks)), "imported"
    except ValueError:
        return None, "no single verb position, or unreadable words"


def import_verbs_with_counts(verbs_path: str | Path) -> tuple[dict, Counter]:
    counts: Counter = Counter()
    blocks, synsets = _read(verbs_path, counts)
    forms_of = []  # per block: (verb word, words before it, words after it, code, reverse)
    for b in blocks:
        forms = []
        expanded = []  # the forms listed in braces are keys too ("CORDONED_OFF": spaCy says "cordone")
        for text, code, reverse, has_code in b.forms or [(b.name, None, None, False)]:
            expanded.append((text, code, reverse, has_code))
            for inner in re.findall(r"\{([^}]*)\}", text):
                for alt in inner.split():
                    if "_" in alt or alt.startswith("+"):
                        expanded.append((alt, code, reverse, has_code))
        for text, code, reverse, has_code in expanded:
            text = re.sub(r"\{[^}]*\}?", " ", text)  # irregular forms: the lemmatiser knows them
            words = [w for w in re.split(r"[_\s]+", text.strip()) if w]
            if not words:
                continue
            marked = [k for k, w in enumerate(words) if w.startswith("+")]
            head = marked[0] if marked else 0
            words = [w.lstrip("+").lower() for w in words]
            forms.append((words[head], words[:head], words[head + 1:], code if has_code else b.code,
                          reverse if has_code else b.reverse))
        forms_of.append(forms)

    verbs: dict[str, list[dict]] = {}
    for b, forms in zip(blocks, forms_of):
        for n, (verb, pre, rest, code, reverse) in enumerate(forms):
            # keyed as written: a base form ("ABANDON") is the lemma of all its inflections, and a form listed
            # on purpose ("LEFT", a block apart from "LEAVE") matches that form, which dyads tries before the lemma
            key = " ".join([verb, *rest])
            senses = []
            for text, pcode, preverse in b.patterns:
                pattern, status = _to_pattern(text, synsets, pre)
                if n == 0:
                    counts["patterns imported" if pattern else f"patterns not imported: {status}"] += 1
                if pattern is None:
                    continue
                sense = {"code": pcode, "pattern": pattern.text}
                if preverse:
                    sense["reverse"] = preverse
                senses.append((pattern.size, sense))
            # the longer patterns are the more specific: tried first, the dictionary's order otherwise
            senses = [sense for _, sense in sorted(senses, key=lambda x: -x[0])]
            if code:
                general = {"code": code}
                if pre:
                    general["pattern"] = "_".join(pre + ["*"])
                if reverse:
                    general["reverse"] = reverse
                senses.append(general)
            if senses:
                have = verbs.setdefault(key, [])
                have += [x for x in senses if x not in have]
    counts["verb keys"] = len(verbs)
    counts["senses"] = sum(len(v) for v in verbs.values())
    return {"verbs": verbs, "nouns": {}, "light_verbs": [], "head_codes_win": True}, counts


def import_discards(path: str | Path) -> dict:
    """A PETRARCH discard file as a verb dictionary's ``discards`` section: ``+PHRASE`` lines drop the story,
    others the sentence; underscores are spaces."""
    story, sentence = [], []
    for _, line in clean_lines(path):
        body = line.strip()
        phrase = " ".join(body.lstrip("+").replace("_", " ").split()).lower()
        if phrase:
            (story if body.startswith("+") else sentence).append(phrase)
    return {"story": list(dict.fromkeys(story)), "sentence": list(dict.fromkeys(sentence))}


def import_verbs(verbs_path: str | Path) -> dict:
    """A verbs.yaml-style mapping (verbs, nouns, light_verbs) from a PETRARCH verbs dictionary."""
    return import_verbs_with_counts(verbs_path)[0]
