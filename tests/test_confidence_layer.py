"""The confidence model's calibration layer (Platt scaling over its log-odds, fit on articles no rule was grown on)."""
from __future__ import annotations

import json
import math
import random

from dyads import confidence as C


def _event(source_by: str, clause: str) -> dict:
    return {"cameo": "111", "quad_class": 3, "source": {"code": "RUS", "country": "RUS"},
            "target": {"code": "USA", "country": "USA"},
            "evidence": {"trigger": "verb", "clause": clause, "source_by": source_by, "target_by": "object",
                         "source": f"{source_by}/name/state", "target": "object/name/state"}}


def test_the_layer_rescales_the_log_odds_and_survives_a_round_trip():
    base = C.Model({"clause=reported": -1.0}, 0.5, 0.3, {"note": "x"})
    layered = C.Model(base.weights, base.intercept, base.threshold, base.fit, scale=0.5, shift=-0.4)
    e = _event("subject", "asserted")
    z = base.log_odds(e)
    assert math.isclose(base.probability(e), 1 / (1 + math.exp(-z)))
    assert math.isclose(layered.probability(e), 1 / (1 + math.exp(-(0.5 * z - 0.4))))
    back = C.Model.from_json(json.loads(json.dumps(layered.to_json())))
    assert (back.scale, back.shift) == (0.5, -0.4) and back.probability(e) == layered.probability(e)
    assert "calibration" not in base.to_json()  # no layer: the file keeps its old shape
    assert C.Model.from_json(base.to_json()).probability(e) == base.probability(e)


def test_platt_recovers_an_overconfident_model():
    rng = random.Random(7)
    zs = [rng.uniform(-4, 4) for _ in range(4000)]
    # the truth is half as sure as the model and shifted down: p = sigmoid(0.5 z - 1)
    oks = [rng.random() < 1 / (1 + math.exp(-(0.5 * z - 1.0))) for z in zs]
    scale, shift = C.platt(zs, oks)
    assert abs(scale - 0.5) < 0.1 and abs(shift + 1.0) < 0.15
