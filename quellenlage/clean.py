"""Find boilerplate that survives copy-paste from news pages and flag it (never drop it silently).

Works on lines/paragraphs of plain text. Each rule names its reason; flagged spans stay in `Article.text` and
the analysis stages skip them.
"""
from __future__ import annotations

import re

from .model import FlaggedSpan, make_span

CONSENT_WORDS = re.compile(
    r"Einwilligung|Einverstanden|einverstanden|externe[rn]? Inhalt|Drittplattform|Drittanbieter|personenbezogene Daten|"
    r"Datenschutz|Cookie|Inhalte? (?:immer )?anzeigen|Inhalt laden|Consent|third[- ]party|privacy polic|"
    r"Empfohlener (?:externer|redaktioneller) Inhalt|mit einem Klick",
    re.I,
)
READ_MORE_HEAD = re.compile(
    r"^\s*(Lesen Sie (?:auch|mehr|hier)|Mehr zum Thema|Auch interessant|Das könnte Sie (?:auch )?interessieren|"
    r"Weitere (?:Artikel|Nachrichten|Meldungen)|Zum Thema|Mehr dazu|Read more|Related(?: articles| stories)?|"
    r"More on this|Also read|Empfehlungen der Redaktion)\b\s*:?",
    re.I,
)
AD_LINE = re.compile(r"^\s*(Anzeige|ANZEIGE|Werbung|Advertisement|Sponsored|Gesponsert)\s*$")
SHARE = re.compile(
    r"^\s*(Artikel teilen|Teilen Sie (?:diesen|den) Artikel|Jetzt teilen|Share (?:this|on)|Folgen Sie uns|"
    r"Follow us|Newsletter abonnieren|Jetzt (?:abonnieren|Newsletter)|Zum Newsletter|Kommentare? anzeigen|"
    r"Auf (?:Facebook|X|Twitter|WhatsApp) teilen|Link kopieren|Drucken|Merken)\b",
    re.I,
)
# A teaser sentence that ends by pointing at content that is not there ("… - hier mehr:").
TEASER_END = re.compile(r"(?:[-–—:]\s*)?(?:hier (?:mehr|lesen|weiter)|mehr dazu|mehr hier|lesen Sie hier|more here|read more)\s*[:.…]*\s*$", re.I)
PHOTO_CREDIT = re.compile(r"^\s*(?:Foto|Bild|Fotos|Quelle|Photo|Image)\s*:\s*[\w .,/&-]{1,60}$")
LINK_ITEM_MAX = 160
BULLETS = "-•*–·>"  # lines of a link list are short headlines


def _lines(text: str):
    """(start, end) of each line without its newline."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_boilerplate(article_id: str, text: str) -> list[FlaggedSpan]:
    """Flag boilerplate spans in `text`; spans are trimmed and never overlap."""
    found: list[tuple[int, int, str, str]] = []
    lines = [(s, e) for s, e in _lines(text)]
    seen: dict[str, int] = {}
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if len(CONSENT_WORDS.findall(line)) >= 2 or (len(stripped) < 200 and re.match(r"^\s*Empfohlener (externer|redaktioneller) Inhalt", line)):
            found.append((s, e, "consent", "embed/cookie consent text"))
        elif READ_MORE_HEAD.match(line):
            # The heading plus the short link lines after it, up to a blank line or a long paragraph.
            # Bulleted lists run while the bullets do; unbulleted ones while lines look like headlines
            # (short, no full stop), so the article's next paragraph is never swallowed.
            j = i + 1
            bulleted = None
            while j < len(lines):
                ls, le = lines[j]
                item = text[ls:le].strip()
                is_bullet = item[:1] in BULLETS
                bulleted = is_bullet if bulleted is None else bulleted
                if not item or len(item) > LINK_ITEM_MAX or is_bullet != bulleted:
                    break
                if not is_bullet and item.endswith("."):
                    break
                j += 1
            end = lines[j - 1][1]
            found.append((s, end, "read_more", f"link list ({j - i - 1} items)" if j - i > 1 else "link teaser"))
            i = j
            continue
        elif AD_LINE.match(line):
            found.append((s, e, "advertisement", "advertising label"))
        elif SHARE.match(line) and len(stripped) < 120:
            found.append((s, e, "share_prompt", "share/follow prompt"))
        elif PHOTO_CREDIT.match(line):
            found.append((s, e, "other", "photo credit"))
        else:
            m = TEASER_END.search(line)
            if m and len(stripped) > 0:
                # Flag only the dangling last sentence of the line.
                sent_start = max(line.rfind(". ", 0, m.start()), line.rfind("! ", 0, m.start()), line.rfind("? ", 0, m.start()))
                start = s + (sent_start + 2 if sent_start >= 0 else 0)
                found.append((start, e, "teaser", "dangling teaser pointing to missing content"))
            elif len(stripped) > 30:
                if stripped in seen:
                    found.append((s, e, "duplicate_line", f"repeats line {seen[stripped] + 1}"))
                else:
                    seen[stripped] = i
        i += 1
    spans = []
    last_end = -1
    for start, end, reason, detail in sorted(found):
        start, end = _trim(text, start, end)
        if end <= start or start < last_end:
            continue
        spans.append(make_span(article_id, text, start, end, FlaggedSpan, reason=reason, detail=detail))
        last_end = end
    return spans
