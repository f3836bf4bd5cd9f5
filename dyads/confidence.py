"""Confidence: the estimated probability that a careful human coder accepts an event (its source, target and root).

A logistic model over what the coder already decided, read from each event's ``evidence``: the trigger's kind (verb,
light verb, event noun, adjective, surface pattern) and clause (asserted, reported, description, purpose …), the frame
that turned it (intent, appeal, demand, refusal, threat, announcement), how the source and the target were found in
the parse (subject, agent, object, preposition, a fallback) and resolved (a dictionary name, an adjective, a capital,
context, the home country, a pronoun …) and what they are (state, person, group, organisation, role word), the quad
class, whether source and target are of one country, attribution, quotes, how often the article repeats the act, the
sentence's position.

The coefficients are data (``dyads/data/confidence.json``), fit by ``tools/fit_confidence.py`` with scikit-learn on the
labelled events of the dev half of the whole-article gold (each event: did a careful coder's gold accept it?), and
loaded once; scoring is a dot product, so coding needs no scikit-learn. A calibration layer (Platt scaling) over its log-odds is
fit on a calibration gold no rule was grown on, and ``DEFAULT_THRESHOLD`` is chosen there, for precision ≥ 0.85 while
keeping most of the recall, else 0 (see the file's ``fit`` record); ``--min-confidence`` overrides it.
``dyads calibrate`` refits the same model on the built-in labels plus a database's reviews.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dyads.data import data_path

MODEL_FILE = data_path("confidence.json")
TRAINING_FILE = data_path("confidence_training.jsonl")


def _parts(value: str | None) -> tuple[str, str, str]:
    """'subject/name/state' → ('subject', 'name', 'state'); 'none' → ('none', 'none', 'none')."""
    if not value or value == "none":
        return "none", "none", "none"
    bits = (value.split("/") + ["?", "?", "?"])[:3]
    return bits[0], bits[1], bits[2]


def features(event: dict[str, Any]) -> dict[str, float]:
    """The model's inputs for one event in the contract's JSON form (with its ``evidence``)."""
    ev = event.get("evidence") or {}
    out: dict[str, float] = {}

    def on(name: str, value: Any) -> None:
        out[f"{name}={value}"] = 1.0

    on("trigger", ev.get("trigger", "?"))
    on("clause", ev.get("clause", "?"))
    on("frame", ev.get("frame") or "none")
    s_by, s_how, s_kind = _parts(ev.get("source"))
    t_by, t_how, t_kind = _parts(ev.get("target"))
    on("source_by", s_by)
    on("source_how", s_how)
    on("source_kind", s_kind)
    on("target_by", t_by)
    on("target_how", t_how)
    on("target_kind", t_kind)
    on("quad", event.get("quad_class"))
    on("root", str(event.get("cameo") or "")[:2])
    source, target = event.get("source") or {}, event.get("target") or {}
    if source.get("country") and source.get("country") == target.get("country"):
        out["same_country"] = 1.0
    for flag in ("attributed", "quoted", "accused", "imminent", "reverse", "claim"):
        if ev.get(flag):
            out[flag] = 1.0
    mentions = int(ev.get("mentions") or 1)
    out["repeated"] = math.log(mentions)
    index = ev.get("sentence_index", event.get("sentence_index", 0)) or 0
    out["first_sentence"] = 1.0 if index == 0 else 0.0
    out["late"] = 1.0 if index >= 10 else 0.0
    distance = ev.get("distance")
    if distance is not None:
        out["far"] = 1.0 if distance > 80 else 0.0
    out["specific"] = 1.0 if ev.get("specific") else 0.0
    return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Model:
    """A fitted logistic model: a weight per feature, an intercept, and the default threshold.

    ``scale`` and ``shift`` are a calibration layer (Platt scaling) over its log-odds, fit on articles that no rule
    was grown on: the dev halves' events are those the rules were tuned to, so a model fit on them alone is
    overconfident on new articles. Identity (1, 0) when there is none."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    fit: dict[str, Any]
    scale: float = 1.0
    shift: float = 0.0

    def log_odds(self, event: dict[str, Any]) -> float:
        """The uncalibrated log-odds (what the calibration layer is fit on)."""
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features(event).items())

    def probability(self, event: dict[str, Any]) -> float:
        return _sigmoid(self.scale * self.log_odds(event) + self.shift)

    def to_json(self) -> dict[str, Any]:
        out = {"intercept": self.intercept, "threshold": self.threshold, "fit": self.fit,
               "weights": dict(sorted(self.weights.items()))}
        if (self.scale, self.shift) != (1.0, 0.0):
            out["calibration"] = {"scale": self.scale, "shift": self.shift}
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Model":
        if data.get("kind") == "dyads-confidence-model":  # a model refit by `dyads calibrate`
            weights = dict(zip(data["features"], data["coefficients"]))
            return cls({str(k): float(v) for k, v in weights.items()}, float(data["intercept"]),
                       float(data.get("threshold", _default_threshold())), {k: v for k, v in data.items()
                                                                          if k not in ("features", "coefficients")})
        layer = data.get("calibration") or {}
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["intercept"]),
                   float(data["threshold"]), dict(data.get("fit") or {}), float(layer.get("scale", 1.0)),
                   float(layer.get("shift", 0.0)))


def load(path: str | Path) -> Model:
    with open(path, encoding="utf-8") as fh:
        return Model.from_json(json.load(fh))


@cache
def default_model() -> Model | None:
    """The built-in model (None before one is fit: every event then keeps the coder's prior)."""
    return load(MODEL_FILE) if MODEL_FILE.exists() else None


def _default_threshold() -> float:
    model = default_model()
    return model.threshold if model is not None else 0.0


DEFAULT_THRESHOLD = _default_threshold()


def score(events: Iterable, model: Model | None = None) -> None:
    """Set each event's confidence (``dyads.model.Event`` objects) from the model."""
    model = model or default_model()
    if model is None:
        return
    for e in events:
        e.confidence = round(model.probability(e.to_dict()), 3)


def fit(examples: list[tuple[dict[str, float], bool]], c: float = 1.0, threshold: float | None = None,
        record: dict[str, Any] | None = None) -> Model:
    """Fit the logistic model on (features, accepted?) pairs with scikit-learn (L2-regularised, strength ``c``)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([f for f, _ in examples])
    y = [int(ok) for _, ok in examples]
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, y)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) > 1e-9}
    return Model(weights, float(clf.intercept_[0]), threshold if threshold is not None else 0.5, record or {})


def platt(log_odds: list[float], accepted: list[bool]) -> tuple[float, float]:
    """(scale, shift) such that sigmoid(scale * z + shift) best predicts ``accepted`` (a one-feature logistic
    regression, nearly unregularised), for the calibration layer."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=1e4, max_iter=2000)
    clf.fit([[z] for z in log_odds], [int(ok) for ok in accepted])
    return float(clf.coef_[0][0]), float(clf.intercept_[0])


def training_examples(path: str | Path = TRAINING_FILE) -> list[tuple[dict[str, float], bool]]:
    """The built-in labelled events (features and the gold's verdict), as shipped with dyads."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append(({str(k): float(v) for k, v in row["features"].items()}, bool(row["accepted"])))
    return out
