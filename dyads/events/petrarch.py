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

from dyads.actors.petrarch import clean_lines, strip_comment
from dyads.events.patterns import PARTICLES
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
        self.origins: list[str] = []  # per pattern: its comment, which names the verb it was written for


def _read(path: str | Path, counts: Counter) -> tuple[list[_Block], dict[str, list[str]]]:
    blocks: list[_Block] = []
    synsets: dict[str, list[str]] = {}
    synset: str | None = None
    block: _Block | None = None
    raw = Path(path).read_text(encoding="utf-8", errors="replace").split("\n")
    for n, line in clean_lines(path):
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
            block.origins.append(raw[n - 1][len(strip_comment(raw[n - 1])):].lstrip("#").strip())
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


def _forms(blocks: list[_Block],
           inflected=None) -> list[list[tuple[str, list[str], list[str], str | None, str | None]]]:
    """Per block, its verb forms as (verb word, words before it, words after it, code, reverse). The inflections
    of multi-word forms listed in braces are forms too ("CORDONED_OFF": spaCy says "cordone"), unless
    ``inflected(word, base)`` says spaCy lemmatises the word to its base form anyway."""
    forms_of = []
    for b in blocks:
        forms = []
        expanded = []
        for text, code, reverse, has_code in b.forms or [(b.name, None, None, False)]:
            expanded.append((text, code, reverse, has_code))
            base = re.split(r"[_\s{]+", text.replace("+", "").strip())[0].lower()
            for inner in re.findall(r"\{([^}]*)\}", text):
                for alt in inner.split():
                    if "_" in alt or alt.startswith("+"):
                        word = next((w.lstrip("+") for w in alt.split("_") if w.startswith("+")),
                                    alt.split("_")[0]).lower()
                        if inflected is None or not inflected(word, base):
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
    return forms_of


def import_verbs_with_counts(verbs_path: str | Path) -> tuple[dict, Counter]:
    counts: Counter = Counter()
    blocks, synsets = _read(verbs_path, counts)
    forms_of = _forms(blocks)

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


# ---- PETRARCH 2 patterns as dyads senses: a reference layer -------------------------------------------------------
# PETRARCH 2 dictionaries (CAMEO.2.0.txt) write a pattern as the phrases of the verb's phrase, matched on the parse:
# ``WORD`` or ``{ADJ WORD}`` is a noun phrase (its last word the head), ``(PREP …)`` a prepositional phrase, ``&SET``
# any member of a synset. Most patterns are then exactly a dyads sense: "* AID [070]" is the object ``aid``,
# "* (FOR {FINANCIAL AID}) [0231]" the key "ask for" with the object "financial aid", "* (TO) [042:043]" the key
# "rush to" with ``to`` as the target's preposition. ``import_reference`` converts them so, for a reference layer
# below verbs.yaml (dyads/data/verbs_phoenix.yaml), and leaves out what does not convert or is noise (see
# ``REFERENCE_DROPS``).

_ARTICLES = frozenset({"a", "an", "the"})
# what a reference layer leaves out, with the reason (each counted by import_reference_with_counts)
REFERENCE_DROPS = {
    # code prefixes: the verbal classes (quad classes 1 and 3: 01–05 and 09–13), which dyads reads from speech
    # verbs, the heads that make appeals, intents, demands and threats (modality.yaml) and verbs.yaml's own verbal
    # verbs — on a plain verb's object they are PETRARCH's head-verb reading ("wants the support of" 022, "take part"
    # 030, "pay for" 0311, "raising concerns" 040, "reiterated their concern" 110: 4 right of 49 judged by hand on
    # Guardian and ConfliBERT articles outside both gold files); 160, reduce relations unspecified ("put off a
    # decision", "curb influence", "advise against travel": 0 of 4)
    "codes": ("01", "02", "03", "04", "05", "09", "10", "11", "12", "13", "160"),
    "keys": ("be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
             "get"),  # auxiliaries and copulas: a pattern keyed on them fires on every tense and passive
}


def _slots(text: str) -> list[tuple[str, object]] | None:
    """A PETRARCH 2 pattern's slots: ("verb", None), ("marker", "+"), ("word", "aid"), ("np", ["financial",
    "aid"]), ("set", "&FOOD"), ("pp", ("for", [slots])); None when it cannot be read."""
    out: list[tuple[str, object]] = []
    for m in re.finditer(r"\{([^}]*)\}|\(([^)]*)\)|(\S+)", text):
        np_text, pp_text, word = m.groups()
        if np_text is not None:
            words = [w for w in re.split(r"[\s_]+", np_text) if w]
            if not words:
                return None
            out.append(("np", words))
        elif pp_text is not None:
            inner = _slots(pp_text.strip())
            if not inner or inner[0][0] != "word":
                return None
            out.append(("pp", (str(inner[0][1]).lower(), inner[1:])))
        elif word == "*":
            out.append(("verb", None))
        elif word in ("+", "$", "%", "^"):
            out.append(("marker", word))
        elif word.startswith("&"):
            out.append(("set", word.rstrip("_").upper()))
        elif re.fullmatch(r"[A-Za-z][A-Za-z'\-.]*", word.replace("_", "")):
            parts = [w for w in word.split("_") if w]
            out.append(("word", parts[0]) if len(parts) == 1 else ("np", parts))
        else:
            return None
    return out


class _Lemmas:
    """Noun lemmas of the dictionary's words, as spaCy's lemmatiser gives them ("sanctions" → sanction), so that an
    object matches singular and plural alike."""

    def __init__(self):
        from spacy.tokens import Doc

        from dyads.parse import load_nlp

        self.nlp = load_nlp()
        self.lemmatizer = self.nlp.get_pipe("lemmatizer")
        self.doc_class = Doc
        self.cache: dict[str, str] = {}

    def __call__(self, word: str, pos: str = "NOUN") -> str:
        word = word.lower()
        if (word, pos) not in self.cache:
            doc = self.doc_class(self.nlp.vocab, words=[word], pos=[pos])
            lemmas = self.lemmatizer.rule_lemmatize(doc[0])
            self.cache[(word, pos)] = (lemmas[0] if lemmas else word).lower()
        return self.cache[(word, pos)]

    def verb(self, word: str) -> str:
        return self(word, "VERB")


def _phrases(slot: tuple[str, object], synsets: dict[str, list[str]], lemma) -> list[str] | None:
    """The object phrases (dyads ``object`` entries: modifiers as written, the head as its lemma) a noun-phrase
    slot stands for; None when it names no noun phrase."""
    kind, value = slot
    if kind == "word":
        words_list = [[str(value).lower()]]
    elif kind == "np":
        words_list = [[]]
        for w in value:  # "{&CEASEFIRE PROPOSAL}": every member of the synset in that place
            alts = _alternatives(w.rstrip("_").upper(), synsets) if w.startswith("&") else [w.lower()]
            if not alts:
                return None
            words_list = [prefix + a.split() for prefix in words_list for a in alts][:200]
    elif kind == "set":
        alts = _alternatives(str(value), synsets)
        if not alts:
            return None
        words_list = [a.split() for a in alts]
    else:
        return None
    out = []
    for words in words_list:
        words = [w for w in words if w not in _ARTICLES]
        if not words or len(words) > 3:  # dyads matches a head with at most two modifiers
            continue
        # the head as spaCy lemmatises it, and as written (its rules make "forgiveness" "forgivenes")
        out += [" ".join([*words[:-1], lemma(words[-1])]), " ".join(words)]
    return list(dict.fromkeys(out)) or None


def _surface_words(slot: tuple[str, object], synsets: dict[str, list[str]], lemma) -> str | None:
    """A slot in dyads' surface-pattern syntax: a noun with its singular and plural ("(flag|flags)"), a noun phrase
    with its words adjacent, a synset as alternatives, a marker as itself; None when it cannot be written."""
    kind, value = slot
    if kind == "marker":
        return str(value)
    if kind == "set":
        alts = _alternatives(str(value), synsets)
        return "(" + "|".join(alts) + ")" if alts else None
    words = [str(value)] if kind == "word" else list(value) if kind == "np" else None
    if not words:
        return None
    out = []
    for k, w in enumerate(words):
        if w.startswith("&"):
            alts = _alternatives(w.rstrip("_").upper(), synsets)
            if not alts:
                return None
            out.append("(" + "|".join(alts) + ")")
        elif k == len(words) - 1 and re.fullmatch(r"[A-Za-z]+", w):
            forms = dict.fromkeys([w.lower(), lemma(w), _plural(lemma(w))])
            out.append("(" + "|".join(forms) + ")" if len(forms) > 1 else w.lower())
        elif re.fullmatch(r"[^\s()|*_]+", w):
            out.append(w.lower())
        else:
            return None
    return "_".join(out)


def _plural(noun: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def _as_sense(text: str, synsets: dict[str, list[str]], lemma,
              shared: dict | None = None) -> tuple[list[str], dict] | str:
    """A PETRARCH 2 pattern as (words the key adds after the verb, sense fields), or the reason it is no sense.

    An object (``WORD``, ``{NOUN PHRASE}``, ``&SET``) after an optional particle, or one prepositional phrase with
    its noun phrase, becomes an ``object`` sense; a preposition alone, ``target``. What asks for more — an object
    and a prepositional phrase with its own noun phrase ("* FIRE (TO FLAG)" under SET: flag burning, not arson),
    two prepositional phrases — becomes a surface ``pattern`` with those very words, under the key of the first
    preposition, so that it codes only what it says. ``shared`` (synset name → its object list) makes every sense
    naming a synset share one list, which the YAML writer then writes once, as an anchor."""
    def phrases(slot):
        objects = _phrases(slot, synsets, lemma)
        if objects is not None and shared is not None and slot[0] == "set":
            objects = shared.setdefault(str(slot[1]).lstrip("&").lower(), objects)
        return objects

    slots = _slots(re.sub(r"\s+", " ", text.strip()))
    if slots is None:
        return "unreadable"
    verb = [k for k, (kind, _) in enumerate(slots) if kind == "verb"]
    if len(verb) != 1:
        return "no single verb position"
    if verb[0] != 0:
        return "words before the verb"
    after = slots[1:]
    key: list[str] = []
    i = 0
    if i < len(after) and after[i][0] == "word" and str(after[i][1]).lower() in PARTICLES:
        key.append(str(after[i][1]).lower())  # "* OFF &WEAPON": "set off", the object a weapon
        i += 1
    obj = after[i] if i < len(after) and after[i][0] in ("word", "np", "set") else None
    i += obj is not None
    pps = after[i:]
    if any(kind != "pp" for kind, _ in pps):
        return "more than an object and prepositional phrases"
    pps = [(prep, [s for s in inner if not (s[0] == "word" and str(s[1]).lower() in _ARTICLES)])
           for _, (prep, inner) in pps]
    if any(kind == "marker" and value != "+" for prep, inner in pps for kind, value in inner):
        return "a prepositional phrase naming the source or a skipped phrase"
    fields: dict = {}
    if not pps:
        if obj is None:
            return (key, {}) if key else "no words"
        objects = phrases(obj)
        if objects is None:
            return "unknown synset"
        return key, {"object": objects}
    prep, inner = pps[0]
    key.append(prep)
    if len(pps) == 1 and (not inner or inner == [("marker", "+")]):
        fields["target"] = [prep]  # "* (TO)", "* (WITH +)": the preposition's object is the target
        if obj is not None:  # "* AID (TO)": the object, with the preposition there
            objects = phrases(obj)
            if objects is None:
                return "unknown synset"
            fields["object"] = objects
        return key, fields
    if len(pps) == 1 and obj is None and len(inner) == 1 and inner[0][0] != "marker":
        objects = phrases(inner[0])  # "* (FOR AID)": the preposition's object selects the sense
        if objects is None:
            return "unknown synset or no noun phrase"
        return key, {"object": objects}
    words = ["*"] + ([_surface_words(obj, synsets, lemma)] if obj is not None else [])
    for p, inner_slots in pps:
        words += [p] + [_surface_words(s, synsets, lemma) for s in inner_slots]
    if any(w is None for w in words):
        return "unknown synset or unwritable words"
    return key, {"pattern": " ".join(["*", *key[:-1], *words[1:]])}


def import_reference_with_counts(verbs_path: str | Path, origin_only: bool = True,
                                 drops: dict | None = None) -> tuple[dict, Counter]:
    """A PETRARCH 2 verb dictionary (CAMEO.2.0.txt) as dyads senses, for a reference layer below verbs.yaml.

    Each pattern of the object / particle / prepositional-phrase kind becomes an ``object`` sense of the key it
    names ("* (OF CITIZENSHIP) [170]" under STRIP: "strip of", object citizenship; "* {HUMANITARIAN AID} [073]":
    object "humanitarian aid"); a particle or a preposition alone ("* DOWN [190]" under SHOOT, "+ASK_FOR [020]")
    gives the phrasal verb a general sense. Left out, each counted: what measured as noise on whole articles —
    a one-word verb's own code (the block codes of broad verbs: "want" 030, "face" 040, "find" 060), a
    preposition alone as the target's place ("* (TO) [042:043]"), ``drops`` (default ``REFERENCE_DROPS``: plain
    statements, auxiliaries) — and what has no dyads sense: patterns naming the source or the target's place,
    words before the verb, null-coded patterns, codes CAMEO lacks. ``origin_only`` (default) applies a pattern
    only to the verbs its comment names ("# OPEN , REOPEN"), as its author wrote it, not to every synonym of its
    block (PETRARCH 2's own reading: "take" and "arrest" share a block and so "took … information" is 090)."""
    from dyads.ontology import cameo_code

    drops = REFERENCE_DROPS if drops is None else drops
    drop_codes = set(drops.get("codes", ()))
    drop_keys = set(drops.get("keys", ()))
    counts: Counter = Counter()
    blocks, synsets = _read(verbs_path, counts)
    lemma = _Lemmas()
    verbs: dict[str, list[dict]] = {}
    shared: dict[str, list[str]] = {}

    def known(code: str | None) -> bool:
        try:
            cameo_code(code)
            return True
        except (KeyError, ValueError):
            return False

    general_codes: dict[str, set[str]] = {}

    def add(key: str, sense: dict) -> None:
        if "object" not in sense and "pattern" not in sense:
            general_codes.setdefault(key, set()).add(sense["code"][:2])
        have = verbs.setdefault(key, [])
        if any(h.get("object") == sense.get("object") and h.get("pattern") == sense.get("pattern") for h in have):
            counts["senses repeating an earlier one's condition (first kept)"] += 1
            return
        have.append(sense)

    def inflected(word: str, base: str) -> bool:  # "STEPPED_UP" under "+STEP_UP": spaCy's "step up" already
        return lemma.verb(word) == base

    for b, forms in zip(blocks, _forms(blocks, inflected)):
        converted = []
        for (text, code, reverse), origin in zip(b.patterns, b.origins):
            if code is None:
                counts["null-coded patterns (left out)"] += 1
                continue
            dropped = next((c for c in drop_codes if code.startswith(c)), None)
            if dropped:
                counts[f"patterns coded {dropped}… (left out)"] += 1
                continue
            if not known(code) or (reverse and not known(reverse)):
                counts["patterns with a code CAMEO lacks (left out)"] += 1
                continue
            got = _as_sense(text, synsets, lemma, shared)
            if isinstance(got, str):
                counts[f"patterns not converted: {got}"] += 1
                continue
            if "target" in got[1]:
                counts["patterns naming only a preposition as the target's place (left out)"] += 1
                continue
            if "pattern" in got[1]:
                try:
                    Pattern.parse(got[1]["pattern"])
                except ValueError:
                    counts["patterns not converted: unreadable as a surface pattern"] += 1
                    continue
                counts["patterns kept as surface patterns (an object and a phrase, or two phrases)"] += 1
            named = {w.lower() for w in re.findall(r"[A-Za-z]+", origin)}
            converted.append((got, code, reverse, named))
            counts["patterns converted"] += 1
        verbs_of_block = {f[0] for f in forms}
        for verb, pre, rest, code, reverse in forms:
            if pre:
                counts["verb forms with words before the verb (left out)"] += 1
                continue
            if verb in drop_keys:
                counts["verb forms on auxiliaries (left out)"] += 1
                continue
            for (extra, fields), pcode, preverse, named in converted:
                if origin_only and named & verbs_of_block and verb not in named:
                    continue
                # a pattern's preposition that the form already ends in ("+ASK_FOR" with "* (FOR …)") is that one
                words = extra if rest and extra[:len(rest)] == rest else [*rest, *extra]
                if len(words) > 2:
                    counts["keys longer than a verb, a particle and a preposition (left out)"] += 1
                    continue
                add(" ".join([verb, *words]), {"code": pcode, **fields, **({"reverse": preverse} if preverse
                                                                            else {})})
            if code and not any(code.startswith(c) for c in drop_codes) and known(code):
                if not rest:
                    counts["one-word verbs' own codes (left out)"] += 1
                    continue
                add(" ".join([verb, *rest]), {"code": code, **({"reverse": reverse} if reverse and known(reverse)
                                                               else {})})
    # a phrasal verb two blocks give different roots ("+PULL_OUT" under GO_SOMEWHERE 040 and RETREAT 080) has no
    # general sense one can trust
    for key, roots in general_codes.items():
        if len(roots) > 1:
            verbs[key] = [x for x in verbs[key] if "object" in x or "pattern" in x]
            counts["phrasal verbs' own codes that two blocks disagree on (left out)"] += 1
    verbs = {k: v for k, v in verbs.items() if v}
    # object senses first, the general sense last, as verbs.yaml orders them
    for key, senses in verbs.items():
        senses.sort(key=lambda s: "object" not in s and "pattern" not in s)
    counts["verb keys"] = len(verbs)
    counts["senses"] = sum(len(v) for v in verbs.values())
    return {"verbs": verbs, "nouns": {}, "light_verbs": [], "reference": True,
            "_anchors": {id(v): k for k, v in shared.items()}}, counts


def import_reference(verbs_path: str | Path, origin_only: bool = True) -> dict:
    """``import_reference_with_counts`` without the tallies."""
    return import_reference_with_counts(verbs_path, origin_only)[0]


def reference_header(verbs_path: str | Path, counts: Counter) -> str:
    """The comment lines that open a converted reference layer: its source file (name and SHA-256) and what the
    conversion kept and left out."""
    import hashlib

    digest = hashlib.sha256(Path(verbs_path).read_bytes()).hexdigest()
    lines = [f"converted from {Path(verbs_path).name} (sha256 {digest}) by `dyads dict import-petrarch --verbs "
             f"{Path(verbs_path).name} --reference`",
             "a reference layer: dyads tries these senses only where the curated verbs.yaml is silent "
             "(dyads/data/README.md)", "", "conversion tallies:"]
    lines += [f"  {k}: {v}" for k, v in sorted(counts.items())]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)
