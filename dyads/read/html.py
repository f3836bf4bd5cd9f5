"""HTML article pages → main text, title and date, with trafilatura (it drops navigation, sidebars and footers)."""
from __future__ import annotations

from dyads.model import parse_date


def extract_html(html: str) -> tuple[str, str | None, object]:
    """Return (text, title, published date or None) of the page's main article."""
    import trafilatura  # on first use: it takes a tenth of a second to import, which runs on JSONL alone need not pay

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      favor_precision=True)
    if doc is not None and not isinstance(doc, dict):  # trafilatura 2 returns a Document
        doc = doc.as_dict()
    if not doc or not doc.get("text"):
        return "", None, None
    return doc["text"], doc.get("title"), parse_date(doc.get("date"))
