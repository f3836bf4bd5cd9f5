"""spaCy's attribute ruler, the same rules applied without its per-match overhead.

The English pipeline's ``attribute_ruler`` maps every token's fine-grained tag to its coarse POS and morphology
(the tag map) and fixes a few hundred words ("is" → AUX, "n't" → PART, "I" as subject → Case=Nom). spaCy runs it as
a Matcher over the whole Doc and then builds one Span and makes one Python call per match: since every token
matches at least one rule, that was 14% of the parse time, more than the tagger and the lemmatizer together.

``FastAttributeRuler`` applies the very same rules (read from the loaded ``attribute_ruler``) with the same
semantics: every rule is matched against the Doc as the tagger and the parser left it, then the rules are applied
in their order, a later rule overwriting what an earlier one set on the same token. A rule's token tests read only
TAG, LOWER, DEP and IS_SPACE, so what a token's tests give is computed once per distinct (TAG, LOWER, DEP, IS_SPACE)
and remembered; a rule of two tokens ("gon" + "na", "there" + "is") matches where its first test holds on one token
and its second on the next. The attributes are written back with ``Doc.from_array``, which sets them as spaCy's own
``set_token_attrs`` does (``Token.set_struct_attr``). A ruler with a rule this cannot read (an operator, another
attribute) is left as it is. ``tests/test_parse.py`` checks, token by token, that the result is spaCy's.
"""
from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_READ = [TAG, LOWER, DEP, IS_SPACE]
_WRITE = [LEMMA, POS, TAG, MORPH, DEP]
_COLUMN = {attr: j for j, attr in enumerate(_WRITE)}
_MEMO_LIMIT = 500_000  # distinct (tag, lower, dep, space) keys remembered; cleared beyond (memory stays bounded)


class Unsupported(ValueError):
    pass


def _test(field: int, spec: Any) -> tuple:
    """One key of a token pattern as (field, op, value)."""
    if isinstance(spec, dict):
        if len(spec) != 1:
            raise Unsupported(spec)
        (op, values), = spec.items()
        if op == "REGEX" and isinstance(values, str) and field != 3:
            return (field, "REGEX", re.compile(values))
        if op in ("IN", "NOT_IN") and isinstance(values, (list, tuple)):
            return (field, op, frozenset(get_string_id(v) if isinstance(v, str) else int(v) for v in values))
        raise Unsupported(spec)
    if isinstance(spec, bool):
        return (field, "==", int(spec))
    if isinstance(spec, str):
        return (field, "==", get_string_id(spec))
    if isinstance(spec, int):
        return (field, "==", spec)
    raise Unsupported(spec)


def _compile(token_pattern: dict) -> tuple[tuple, ...]:
    tests = []
    for key, spec in token_pattern.items():
        if key not in _FIELDS:
            raise Unsupported(key)
        tests.append(_test(_FIELDS[key], spec))
    return tuple(tests)


class FastAttributeRuler:
    def __init__(self, nlp: Language, ruler):
        """``ruler``: the pipeline's loaded spaCy AttributeRuler, whose rules (in their order) are applied.
        Raises ``Unsupported`` if one of them is not a fixed sequence of plain token tests."""
        self.vocab = nlp.vocab
        self.attrs: list[dict[int, int]] = [dict(a) for a in ruler.attrs]  # rule number → {attribute id: value}
        self.single: dict[int | None, list[tuple[int, tuple]]] = {}  # by the TAG it requires (None: any)
        self.multi: list[tuple[int, int, list[tuple]]] = []  # (rule, index of the token it sets, token tests)
        for n in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(n))[1]:
                compiled = [_compile(tok) for tok in pattern]
                if not compiled:
                    raise Unsupported(pattern)
                if len(compiled) == 1:
                    tag = next((v for f, op, v in compiled[0] if f == 0 and op == "=="), None)
                    self.single.setdefault(tag, []).append((n, compiled[0]))
                else:
                    self.multi.append((n, ruler.indices[n], compiled))
        self._memo: dict[tuple, tuple] = {}

    def _holds(self, tests: tuple, key: tuple) -> bool:
        for field, op, value in tests:
            v = key[field]
            if op == "==":
                if v != value:
                    return False
            elif op == "IN":
                if v not in value:
                    return False
            elif op == "NOT_IN":
                if v in value:
                    return False
            elif not value.search(self.vocab.strings[v] if v else ""):  # REGEX, on the attribute's string
                return False
        return True

    def _entry(self, key: tuple) -> tuple:
        """For a token with this (tag, lower, dep, space): its single-token rules, the (column, value) pairs they
        write (a later rule's value overwriting an earlier one's), and which tokens of the longer rules it fits."""
        found = self._memo.get(key)
        if found is None:
            rules = frozenset(n for n, tests in (*self.single.get(key[0], ()), *self.single.get(None, ()))
                              if self._holds(tests, key))
            fits = frozenset((m, k) for m, (_, _, toks) in enumerate(self.multi) for k, tests in enumerate(toks)
                             if self._holds(tests, key))
            found = (rules, self._writes(rules), fits)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _writes(self, rules) -> tuple[tuple[int, int], ...]:
        final: dict[int, int] = {}
        for n in sorted(rules):
            for attr, value in self.attrs[n].items():
                final[_COLUMN[attr]] = value
        return tuple(final.items())

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        keys = doc.to_array(_READ)
        uniq, inverse = numpy.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        entries = [self._entry(tuple(k)) for k in uniq.tolist()]
        values = numpy.zeros((len(entries), len(_WRITE)), dtype=numpy.uint64)
        mask = numpy.zeros((len(entries), len(_WRITE)), dtype=bool)
        for u, (_, writes, _) in enumerate(entries):
            for column, value in writes:
                values[u, column] = value
                mask[u, column] = True
        out = doc.to_array(_WRITE)
        rows = mask[inverse]
        out[rows] = values[inverse][rows]
        if self.multi:
            extra = self._multi_matches(entries, inverse, n)
            for i, more in extra.items():
                for column, value in self._writes(entries[inverse[i]][0] | more):
                    out[i, column] = value
        doc.from_array(_WRITE, out)
        return doc

    def _multi_matches(self, entries: list[tuple], inverse, n: int) -> dict[int, set[int]]:
        """Token index → the longer rules that set it (where all of a rule's tokens fit, one after the other)."""
        starts = [u for u, e in enumerate(entries) if any(k == 0 for _, k in e[2])]
        extra: dict[int, set[int]] = {}
        if not starts:
            return extra
        for i in numpy.nonzero(numpy.isin(inverse, starts))[0].tolist():
            for m, k in entries[inverse[i]][2]:
                if k != 0:
                    continue
                rule, index, toks = self.multi[m]
                if i + len(toks) > n:
                    continue
                if all((m, j) in entries[inverse[i + j]][2] for j in range(1, len(toks))):
                    extra.setdefault(i + index, set()).add(rule)
        return extra

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory("dyads_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str, source: str = "attribute_ruler"):
    """The rules of the pipeline's ``source`` attribute ruler, applied fast (see the module docstring)."""
    return FastAttributeRuler(nlp, nlp.get_pipe(source))


def use_fast_attribute_ruler(nlp: Language) -> bool:
    """Replace the pipeline's spaCy attribute ruler by ``FastAttributeRuler`` with the same rules, in place; False
    (and the pipeline unchanged) when it has none or a rule FastAttributeRuler cannot read."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    try:
        FastAttributeRuler(nlp, nlp.get_pipe("attribute_ruler"))
    except Unsupported:
        return False
    nlp.add_pipe("dyads_attribute_ruler", after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    return True
