"""Remove page furniture (donation appeals, "Also read" links, share widgets, bylines, photo credits, comment
forms) from article text before it is coded. The rules are data: dyads/data/furniture.yaml."""
from dyads.clean.furniture import clean_article, clean_text

__all__ = ["clean_article", "clean_text"]
