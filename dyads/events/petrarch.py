"""Import a PETRARCH/TABARI verbs dictionary as a verbs.yaml-style spec for ``TriggerIndex.from_spec(spec,
strict=False)``.

    from dyads.events.petrarch import import_verbs
    spec = import_verbs("PETR.Validate.verbs.txt")

The legacy format, and what becomes of it:
  * ``&NAME`` starts a synset; its ``+WORD`` lines (words joined by spaces or underscores, possibly ``&OTHER``
    synsets) are its members. A pattern using ``&NAME`` is expanded into one variant per member.
  * ``--- VERB [CODE] ---`` starts a verb block; ``[---]`` means the block has no code of its own. The lines after it
    are verb forms (``ABANDON``, ``BAN {BANS BANNED}``, ``+BREAK_DOWN {…}``, ``WIRE_+TAP``, ``DOWNPLAY [014]``): the
    word marked ``+`` (else the first) is the verb, words after it become a particle key ("break down"); a form with
    words before its verb cannot be keyed on a dependency parse and is counted and skipped.
  * ``- pre * post [CODE]`` lines are patterns: ``*`` the verb, ``$`` the source, ``+`` the target, ``%`` a compound
    actor, ``^`` a skipped phrase, ``_`` adjacency, ``{…}`` optional words (dropped). Each becomes a dyads Sense on
    the verb's spaCy lemma:
      - a particle or preposition right after ``*`` becomes part of the key ("* OUT" → "rule out", "* FOR" →
        "call for");
      - the content words after it are the object phrase: its last word's lemma is the head, and the forms
        "modifier head" / "modifier modifier head" (which dyads matches on compound/adjective modifiers) are kept;
        senses needing modifiers come before head-only ones, and a head already claimed by an earlier pattern of the
        same key is not claimed again;
      - a preposition right before ``+`` is a target preposition; without an object the key is then
        "verb preposition" so that the sense does not shadow the verb's general code;
      - patterns whose words before ``*`` are more than auxiliaries (``SAID *``, ``NOT *``, ``PLANES_*``), that
        put the target before the verb, or that say nothing a Sense can hold are not mapped; patterns that lose
        something on the way (a source after the verb, ``%``, ``^``, trailing words, an auxiliary before ``*``) are
        mapped approximately. ``import_verbs_with_counts`` returns these tallies.
  * The block's (or the form's) code becomes the verb's general sense, last.
  * Codes are kept as written ("903", "1717", "174K"); paired codes ``[031:032]`` keep the first as ``code`` and
    the second as ``reverse`` (the target's event toward the source, which TriggerIndex ignores today); codes that
    are not 2–4 digits with an optional letter ("def", "025?", "+++") are counted and skipped.
  * Every sense without an explicit target preposition takes ``DEFAULT_TARGET_PREPS``: PETRARCH takes the first
    actor in the verb phrase, in its object or in a prepositional phrase, as the target.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

from dyads.actors.petrarch import clean_lines

DEFAULT_TARGET_PREPS = ("with", "to", "against", "on", "at", "for", "toward", "towards", "into", "upon", "over",
                        "from", "in", "between", "about", "of")
PARTICLES = {"out", "up", "down", "off", "back", "away", "aside", "forward", "through"}
PREPOSITIONS = {"with", "to", "against", "on", "at", "for", "toward", "towards", "into", "upon", "over", "from",
                "in", "between", "about", "of", "by", "near", "under", "among", "across", "after", "before",
                "during", "without", "within", "onto", "like", "than", "as"}
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "that", "these",
               "those", "some", "any"}
AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "shall",
               "does", "do", "did"}
MARKERS = {"*", "$", "+", "%", "^"}
_CODE = re.compile(r"^\d{2,4}[A-Za-z]?$")
_MAX_VARIANTS = 64


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


def _expand_synsets(tokens: list[str], synsets: dict[str, list[str]], depth: int = 0) -> list[list[str]]:
    """Every variant of a token list with each ``&SYN`` replaced by one of its (recursively expanded) members."""
    slots: list[list[list[str]]] = []
    for t in tokens:
        if t.startswith("&") and depth < 5:
            name = t.rstrip("_")
            members = []
            for member in synsets.get(name, []):
                members += _expand_synsets(_tokens(member), synsets, depth + 1)
            slots.append(members or [[]])
        else:
            slots.append([[t]])
    out = []
    for combo in itertools.product(*slots):
        out.append([w for part in combo for w in part])
        if len(out) >= _MAX_VARIANTS:
            break
    return out


class _Lemmas:
    """spaCy lemmas, computed in batches: verbs in the frame "They X it.", object phrases in "They saw the X."."""

    def __init__(self, nlp=None):
        if nlp is None:
            from dyads.parse import load_nlp
            nlp = load_nlp()
        self.nlp = nlp
        self.verbs: dict[str, str] = {}
        self.phrases: dict[str, tuple[str, str]] = {}  # phrase → (head lemma, head POS)

    def fill(self, verbs: set[str], phrases: set[str]) -> None:
        todo = sorted(v for v in verbs if v not in self.verbs)
        for word, doc in zip(todo, self.nlp.pipe(f"They {w} it." for w in todo)):
            tok = doc[1] if len(doc) > 2 else doc[0]
            self.verbs[word] = tok.lemma_.lower() if tok.text.lower() == word else word
        todo = sorted(p for p in phrases if p not in self.phrases)
        for phrase, doc in zip(todo, self.nlp.pipe(f"They saw the {p}." for p in todo)):
            last = phrase.split()[-1]
            end = len("They saw the ") + len(phrase)
            tok = next((t for t in reversed(doc) if t.idx < end), doc[-1])
            head = last[:len(last) - len(tok.text)] + tok.lemma_.lower() if last.endswith(tok.text.lower()) else last
            self.phrases[phrase] = (head, tok.pos_)


def _analyse(tokens: list[str]):
    """What a pattern variant says: (status, key suffix, object words, target preps); status is exact, approx or
    a reason it is not mapped."""
    if tokens.count("*") != 1:
        return "no verb position", None, [], []
    star = tokens.index("*")
    pre, post = tokens[:star], tokens[star + 1:]
    approx = False
    if "+" in pre:
        return "target before the verb", None, [], []
    if "%" in pre:
        approx = True
    content_pre = [t for t in pre if t not in MARKERS]
    if content_pre:
        if all(t in AUXILIARIES for t in content_pre):
            approx = True
        else:
            return "words before the verb", None, [], []
    i, suffix = 0, None
    if post and (post[0] in PARTICLES or post[0] in PREPOSITIONS):
        suffix = post[0]
        i = 1
    obj: list[str] = []
    while i < len(post) and post[i] in DETERMINERS:
        i += 1
    if suffix is not None and i < len(post) and post[i] == "+" and suffix in PREPOSITIONS:
        targets = [suffix]
        i += 1
    else:
        targets = []
    while i < len(post) and post[i] not in MARKERS and post[i] not in PREPOSITIONS:
        if post[i] in DETERMINERS or post[i] in AUXILIARIES or post[i] in ("not", "n't"):
            approx = True
        else:
            obj.append(post[i])
        i += 1
    rest = post[i:]
    for j, t in enumerate(rest):
        if t == "+":
            before = [x for x in rest[:j] if x != "^"]
            if before and before[-1] in PREPOSITIONS:
                targets.append(before[-1])
            elif j > 0:
                approx = True
        elif t == "^" or t == "$" or t == "%":
            approx = True
        elif t in PREPOSITIONS and j + 1 < len(rest) and rest[j + 1] in ("+", "^"):
            continue
        else:
            approx = True  # words PETRARCH requires that a Sense cannot
    if len(obj) > 3:
        obj, approx = obj[-3:], True
    return ("approx" if approx else "exact"), suffix, obj, list(dict.fromkeys(targets))


def import_verbs_with_counts(verbs_path: str | Path, nlp=None) -> tuple[dict, Counter]:
    counts: Counter = Counter()
    blocks, synsets = _read(verbs_path, counts)
    lemmas = _Lemmas(nlp)

    # the verb forms of each block: (key words after the verb, own code) per head word
    verb_words, phrases = set(), set()
    block_forms = []
    analysed = []
    for b in blocks:
        forms = []
        for text, code, reverse, has_code in b.forms or [(b.name, None, None, False)]:
            text = re.sub(r"\{[^}]*\}?", " ", text)  # irregular forms: the lemmatiser knows them
            words = [w for w in re.split(r"[_\s]+", text.strip()) if w]
            if not words:
                continue
            marked = [k for k, w in enumerate(words) if w.startswith("+")]
            head = marked[0] if marked else 0
            words = [w.lstrip("+").lower() for w in words]
            if head > 0:
                counts["verb forms with words before the verb (skipped)"] += 1
                continue
            forms.append((words[0], " ".join(words[1:]), code if has_code else b.code,
                          reverse if has_code else b.reverse, b.name.lower().replace("_", "") == words[0]))
            verb_words.add(words[0])
        block_forms.append(forms)
        pats = []
        for text, code, reverse in b.patterns:
            results = [(_analyse(v), v) for v in _expand_synsets(_tokens(text), synsets)]
            pats.append((results, code, reverse))
            for (status, suffix, obj, _), _ in results:
                if obj:
                    phrases.add(" ".join(obj))
        analysed.append(pats)
    lemmas.fill(verb_words, phrases)

    # per key: (rank, priority, sequence, sense); rank 0 = object with modifiers, 1 = object head, 2 = no object
    # but a keyed preposition/particle, 3 = the general code
    table: dict[str, list[tuple[int, int, int, dict]]] = {}
    seq = itertools.count()

    def add(key: str, rank: int, priority: int, sense: dict) -> None:
        table.setdefault(key, []).append((rank, priority, next(seq), sense))

    for b, forms, pats in zip(blocks, block_forms, analysed):
        for verb, rest, code, reverse, base in forms:
            lemma = lemmas.verbs.get(verb, verb)
            priority = 0 if base and lemma == verb else 1  # a base-form block ("LEAVE") before "LEFT"
            key0 = f"{lemma} {rest}".strip()
            for results, pcode, preverse in pats:
                statuses = [r[0] for r, _ in results]
                for (status, suffix, obj, targets), _ in results:
                    if status not in ("exact", "approx"):
                        continue
                    key = f"{key0} {suffix}" if suffix else key0
                    sense = {"code": pcode}
                    if preverse:
                        sense["reverse"] = preverse
                    if obj:
                        head, pos = lemmas.phrases[" ".join(obj)]
                        mods = obj[:-1]
                        sense_t = targets or list(DEFAULT_TARGET_PREPS)
                        multi = [" ".join([*mods[-n:], head]) for n in range(min(len(mods), 2), 0, -1)]
                        if multi:
                            add(key, 0, priority, {**sense, "object": multi, "target": sense_t})
                        add(key, 1, priority, {**sense, "object": [head], "target": sense_t})
                    elif suffix or targets:
                        if not suffix:
                            key = f"{key0} {targets[0]}"
                        add(key, 2, priority, {**sense, "target": targets or list(DEFAULT_TARGET_PREPS)})
                    elif pcode == code:
                        pass  # the verb's general code says the same
                    else:
                        statuses = ["nothing a sense can hold"] * len(statuses)
                if forms and verb == forms[0][0]:  # count each pattern once, on the block's first form
                    if "exact" in statuses and all(s in ("exact",) for s in statuses):
                        counts["patterns mapped exactly"] += 1
                    elif "exact" in statuses or "approx" in statuses:
                        counts["patterns mapped approximately"] += 1
                    else:
                        counts["patterns not mapped"] += 1
                        counts[f"  not mapped: {statuses[0]}"] += 1
            if code:
                general = {"code": code, "target": list(DEFAULT_TARGET_PREPS)}
                if reverse:
                    general["reverse"] = reverse
                add(key0, 3, priority, general)

    verbs: dict[str, list[dict]] = {}
    for key, items in table.items():
        senses, heads, general = [], set(), False
        for rank, _, _, sense in sorted(items, key=lambda x: x[:3]):
            if rank == 1:
                objects = [o for o in sense["object"] if o not in heads]
                if not objects:
                    continue
                heads.update(objects)
                sense = {**sense, "object": objects}
            if rank == 3:
                if general:
                    continue
                general = True
            if sense not in senses:
                senses.append(sense)
        verbs[key] = senses
    counts["verb keys"] = len(verbs)
    counts["senses"] = sum(len(v) for v in verbs.values())
    return {"verbs": verbs, "nouns": {}, "light_verbs": []}, counts


def import_verbs(verbs_path: str | Path) -> dict:
    """A verbs.yaml-style mapping (verbs, nouns, light_verbs) from a PETRARCH verbs dictionary."""
    return import_verbs_with_counts(verbs_path)[0]
