"""Refit dyads' confidence model from labelled events: the built-in labels plus a database's reviews.

The confidence of an event is the estimated probability that a careful human coder accepts it (its source, target
and CAMEO root). Reviewers' judgments are exactly such acceptances on the user's own news, so they can make the
model fit the user's domain. ``dyads calibrate`` fits a logistic regression (scikit-learn) on (features, accepted)
pairs, writes the refit model beside the database (the built-in model stays the default) and prints the
calibration table before (the confidence the events were stored with) and after (the refit model, cross-validated
by article, so the figures are out-of-sample).

The interface, for :mod:`dyads.confidence` to wire in:

- :func:`event_features` ``(event dict) -> {name: float}``: the model's inputs for one event;
- :func:`builtin_pairs` and :func:`review_pairs`: the labelled examples;
- :func:`fit` ``(pairs) -> ConfidenceModel``; :class:`ConfidenceModel` predicts, saves and loads (plain JSON:
  feature names, coefficients, intercept; prediction needs no scikit-learn);
- :func:`model_path` ``(db_url)``: where a database's refit model lives; :func:`run`: the whole command.

An event's features are :func:`dyads.confidence.features` of it: stored with each event at ingest
(``events.features``), else computed from its ``evidence``, else (events coded by an old dyads, with neither)
:func:`contract_features`, a few numbers read from the contract fields every stored event has. The built-in labels
are ``dyads/data/confidence_training.jsonl``, the dev-half events the built-in model was fit on by
``tools/fit_confidence.py`` (one ``{"features", "accepted", "doc_id"}`` per line).
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUILTIN_LABELS = "confidence_training.jsonl"
MIN_LABELS = 20  # fewer judged events cannot say much about calibration


class CalibrationError(RuntimeError):
    """Not enough (or unusable) labels to refit; the message says what to do."""


# --- features -----------------------------------------------------------------------------------------------------

def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)) and math.isfinite(v):
        return float(v)
    return None


def contract_features(event: dict) -> dict[str, float]:
    """Features every stored event has, read from its contract fields: the stated confidence (as a logit), whether
    it has a target, whether source and target are states or organisations, whether it is attributed, dated from the
    text, located, its quad class, the length of its trigger, and whether it is a self-dyad."""
    conf = min(0.99, max(0.01, float(event.get("confidence") or 0.5)))
    src, tgt = event.get("source") or {}, event.get("target") or None

    def named(a) -> float:
        return 1.0 if a and (a.get("country") or a.get("org")) else 0.0

    key = lambda a: a and (a.get("country") or a.get("org") or a.get("code"))  # noqa: E731
    f = {
        "stated_logit": math.log(conf / (1 - conf)),
        "has_target": 1.0 if tgt else 0.0,
        "source_named": named(src),
        "target_named": named(tgt),
        "attributed": 1.0 if event.get("attribution") else 0.0,
        "dated_in_text": 1.0 if event.get("date_precision") not in (None, "published") else 0.0,
        "located": 1.0 if event.get("location") else 0.0,
        "trigger_words": min(len(str(event.get("trigger") or "").split()), 5) / 5,
        "self_dyad": 1.0 if tgt and key(src) == key(tgt) else 0.0,
    }
    quad = event.get("quad_class")
    if quad in (1, 2, 3, 4):
        f[f"quad_{quad}"] = 1.0
    return f


def event_features(event: dict) -> dict[str, float]:
    """The model's inputs for one event (contract dict, optionally with its stored ``features``)."""
    stored = event.get("features")
    if isinstance(stored, dict) and stored:
        out = {str(k): n for k, v in stored.items() if (n := _number(v)) is not None}
        if out:
            return out
    if event.get("evidence"):
        from dyads.confidence import features

        return features(event)
    return contract_features(event)


# --- labels ---------------------------------------------------------------------------------------------------------

@dataclass
class Pair:
    """One labelled event: its features, whether a careful coder accepts it, its article (for cross-validation),
    the confidence it was stored with (None for built-in labels without one), and where the label comes from."""

    features: dict[str, float]
    accepted: bool
    group: str
    stated: float | None = None
    origin: str = "review"


def builtin_pairs() -> list[Pair]:
    """The labels the built-in model was fit on (dyads/data/confidence_training.jsonl)."""
    from dyads.data import data_path

    try:
        path = data_path(BUILTIN_LABELS)
    except FileNotFoundError:
        return []
    if not Path(path).exists():
        return []
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            feats = {str(k): x for k, v in (r.get("features") or {}).items() if (x := _number(v)) is not None}
            out.append(Pair(feats, bool(r["accepted"]), f"builtin:{r.get('doc_id', n)}",
                            _number(r.get("confidence")), "builtin"))
    return out


def review_pairs(sessions) -> list[Pair]:
    """One pair per stored event whose latest judgment settles it (see :mod:`dyads.analyse.reviews`): accepted
    when the judgment accepts the event's source, target and root as now coded."""
    from dyads.analyse.reviews import accepted, reviewed_articles, settles

    out = []
    for ra in reviewed_articles(sessions):
        for e in ra.events:
            r = ra.latest.get(e["id"])
            if settles(r):
                out.append(Pair(event_features(e), accepted(e, r), ra.id, float(e["confidence"])))
    return out


# --- the model ----------------------------------------------------------------------------------------------------

@dataclass
class ConfidenceModel:
    """A logistic model: P(accepted) = 1 / (1 + exp(-(intercept + Σ coefficient × feature)))."""

    features: list[str]
    coefficients: list[float]
    intercept: float
    meta: dict[str, Any] = field(default_factory=dict)

    def predict(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(c * features.get(n, 0.0) for n, c in zip(self.features, self.coefficients))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def predict_event(self, event: dict) -> float:
        return self.predict(event_features(event))

    def to_json(self) -> dict[str, Any]:
        return {"kind": "dyads-confidence-model", "version": 1, "features": self.features,
                "coefficients": self.coefficients, "intercept": self.intercept, **self.meta}

    def save(self, path: str | Path) -> None:
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)  # never a half-written model

    @classmethod
    def load(cls, path: str | Path) -> "ConfidenceModel":
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        if d.get("kind") != "dyads-confidence-model":
            raise ValueError(f"{path} is not a dyads confidence model")
        meta = {k: v for k, v in d.items() if k not in ("kind", "version", "features", "coefficients", "intercept")}
        return cls(list(d["features"]), [float(c) for c in d["coefficients"]], float(d["intercept"]), meta)


def fit(pairs: list[Pair], C: float = 1.0) -> ConfidenceModel:
    """Fit scikit-learn's LogisticRegression (L2, C) on the pairs."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [p.accepted for p in pairs]
    if len(set(labels)) < 2:
        raise CalibrationError("every labelled event has the same verdict; a model needs both accepted and "
                               "rejected events")
    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([p.features for p in pairs])
    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit(x, labels)
    return ConfidenceModel(list(vec.get_feature_names_out()), [round(float(c), 6) for c in lr.coef_[0]],
                           round(float(lr.intercept_[0]), 6))


def cross_validated(pairs: list[Pair], folds: int = 5, C: float = 1.0) -> list[float]:
    """Out-of-sample predictions for every pair: each article's events predicted by a model fit without them."""
    groups = sorted({p.group for p in pairs})
    k = min(folds, len(groups))
    if k < 2:
        raise CalibrationError("the labelled events come from one article; judge events in more articles")
    fold_of = {g: i % k for i, g in enumerate(groups)}
    out: list[float | None] = [None] * len(pairs)
    for f in range(k):
        train = [p for p in pairs if fold_of[p.group] != f]
        model = fit(train, C) if len({p.accepted for p in train}) == 2 else None
        rate = sum(p.accepted for p in train) / len(train)
        for i, p in enumerate(pairs):
            if fold_of[p.group] == f:
                out[i] = model.predict(p.features) if model else rate
    return [float(x) for x in out]


# --- calibration tables -------------------------------------------------------------------------------------------

@dataclass
class Calibration:
    """Predicted against observed acceptance per confidence decile, with the Brier score, log loss and the expected
    calibration error (the decile gaps weighted by their events)."""

    rows: list[tuple[float, float, int, float, float]]  # (low, high, n, mean predicted, share accepted)
    n: int
    brier: float
    log_loss: float
    ece: float

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "brier": round(self.brier, 4), "log_loss": round(self.log_loss, 4),
                "ece": round(self.ece, 4),
                "deciles": [{"low": lo, "high": hi, "events": n, "predicted": round(p, 4), "observed": round(o, 4)}
                            for lo, hi, n, p, o in self.rows]}


def calibration(probs: Iterable[float], labels: Iterable[bool], bins: int = 10) -> Calibration:
    from dyads.analyse.gold import reliability

    pairs = [(min(1.0, max(0.0, float(p))), bool(y)) for p, y in zip(probs, labels)]
    n = len(pairs)
    if not n:
        return Calibration([], 0, 0.0, 0.0, 0.0)
    brier = sum((p - y) ** 2 for p, y in pairs) / n
    eps = 1e-6
    loss = -sum(math.log(max(eps, p)) if y else math.log(max(eps, 1 - p)) for p, y in pairs) / n
    rows = reliability(pairs, bins)
    ece = sum(k * abs(pred - obs) for _, _, k, pred, obs in rows) / n
    return Calibration(rows, n, brier, loss, ece)


# --- where a database's refit model lives ---------------------------------------------------------------------------

def model_path(db_url: str) -> Path | None:
    """``sqlite:///dir/news.db`` → ``dir/news.confidence.json``, beside the database; None for URLs without a file
    (PostgreSQL, in-memory SQLite): give a path yourself."""
    if not db_url.startswith("sqlite:///"):
        return None
    path = db_url[len("sqlite:///"):].split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    p = Path(path)
    return p.with_name(p.stem + ".confidence.json")


# --- the command --------------------------------------------------------------------------------------------------

@dataclass
class Report:
    model: ConfidenceModel
    path: Path | None
    builtin: int
    reviews: int
    articles: int
    before: Calibration  # the stored confidence, on the labels that have one
    after: Calibration  # the refit model, cross-validated by article, on the same labels
    after_all: Calibration  # cross-validated, on every label (built-in ones too)

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path) if self.path else None, "labels": {"builtin": self.builtin,
                "reviews": self.reviews, "articles": self.articles}, "before": self.before.to_dict(),
                "after": self.after.to_dict(), "after_all_labels": self.after_all.to_dict(),
                "model": self.model.to_json()}


def _public_url(url: str) -> str:
    """A database URL without its password, for the model's metadata."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 — an unusual URL: keep only its scheme
        return url.split(":", 1)[0]


def run(db_url: str, sessions, out: str | Path | None = None, folds: int = 5, C: float = 1.0,
        write: bool = True) -> Report:
    """Refit from the built-in labels plus the database's reviews; write the model (unless ``write`` is false) to
    ``out`` or beside the database; the calibration before and after."""
    builtin, reviews = builtin_pairs(), review_pairs(sessions)
    pairs = builtin + reviews
    if len(reviews) < MIN_LABELS:
        # the built-in labels alone give the built-in model: refitting is for a user's own news
        raise CalibrationError(f"{len(reviews)} judged event(s) in this database: at least {MIN_LABELS} labelled "
                               f"events are needed beside the {len(builtin)} built-in ones; judge more events in "
                               f"the web interface (dyads serve --token T) first")
    if len({p.accepted for p in pairs}) < 2:
        raise CalibrationError("every labelled event has the same verdict; a model needs both accepted and "
                               "rejected events")
    path = Path(out) if out else model_path(db_url)
    if write and path is None:
        raise CalibrationError(f"{_public_url(db_url)} has no file to write the model beside; give --out FILE")
    predicted = cross_validated(pairs, folds, C)
    stated = [(p.stated, q, p.accepted) for p, q in zip(pairs, predicted) if p.stated is not None]
    before = calibration([s for s, _, _ in stated], [y for _, _, y in stated])
    after = calibration([q for _, q, _ in stated], [y for _, _, y in stated])
    after_all = calibration(predicted, [p.accepted for p in pairs])
    model = fit(pairs, C)
    model.meta = {"created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "database": _public_url(db_url), "trained_on": {"builtin": len(builtin), "reviews": len(reviews),
                                                                  "articles": len({p.group for p in reviews})},
                  "cross_validated": {"folds": min(folds, len({p.group for p in pairs})),
                                      "before": before.to_dict(), "after": after.to_dict()}}
    if write:
        model.save(path)
    return Report(model, path if write else None, len(builtin), len(reviews), len({p.group for p in reviews}),
                  before, after, after_all)
