"""CAMEO codes and their PLOVER equivalents, read from dyads/data/cameo.tsv."""
from dyads.ontology.cameo import CameoCode, cameo_code, cameo_table, plover_of

__all__ = ["CameoCode", "cameo_code", "cameo_table", "plover_of"]
