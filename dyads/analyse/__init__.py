"""Analysis over the event database: plain functions returning plain dicts and lists, for the REST API, the web
pages and the command line."""
from dyads.analyse.filters import EventFilter, split_dyad
from dyads.analyse.stats import actor_network, dyad_series, outlet_comparison, period_of, top_actors

__all__ = ["EventFilter", "actor_network", "dyad_series", "outlet_comparison", "period_of", "split_dyad",
           "top_actors"]
