"""CAMEO codes and their PLOVER equivalents, read from dyads/data/cameo.tsv."""
from dyads.ontology.cameo import CameoCode, cameo_code, cameo_table, code_or_stand_in, plover_of

__all__ = ["CameoCode", "cameo_code", "cameo_table", "code_or_stand_in", "plover_of"]
