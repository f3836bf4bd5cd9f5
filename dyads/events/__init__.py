"""Events: find triggers in the dependency parse, their source and target, and code them in CAMEO and PLOVER."""
from dyads.events.coder import EventCoder
from dyads.events.patterns import Sense, TriggerIndex

__all__ = ["EventCoder", "Sense", "TriggerIndex"]
