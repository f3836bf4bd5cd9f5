"""Who is who: dictionaries of states, organisations, groups, people (with dated offices) and role words, indexed
once for fast phrase matching, and the resolution of an argument phrase of a parse into an Actor."""
from dyads.actors.dictionary import ActorDictionary, Entity, default_dictionary
from dyads.actors.resolve import ActorResolver

__all__ = ["ActorDictionary", "ActorResolver", "Entity", "default_dictionary"]
