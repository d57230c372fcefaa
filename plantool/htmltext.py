"""HTML pages → their article text: navigation, footers, scripts and hidden blocks
dropped, block elements as lines, table cells separated, the page title cleaned."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from plantool.errors import ReadError

# --- HTML -------------------------------------------------------------------------

# Elements whose content is never article text.
_SKIP_TAGS = {"script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg",
              "button", "select", "option", "template", "head", "figcaption", "object",
              "embed", "canvas", "video", "audio", "map", "dialog", "menu", "textarea", "label"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed",
              "param", "source", "track", "wbr", "keygen"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "table", "ul", "ol", "dl", "dd", "dt", "blockquote", "pre", "title",
               "main", "header", "footer", "nav", "aside", "figure", "caption", "address",
               "hr", "center", "tbody", "thead", "tfoot", "details", "summary", "fieldset"}
_CELL_TAGS = {"td", "th"}
# Containers are never skipped for their class: the page's text would go with them.
_NEVER_CHROME = {"html", "body", "main", "article"}
# Words of class and id values (split at - and _); pinyin ones are common on .gov.cn.
_CHROME_WORDS = {
    "nav", "navbar", "navi", "navigation", "menu", "menus", "submenu", "footer", "foot",
    "header", "topbar", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "share", "sharing",
    "bdshare", "social", "comment", "comments", "sidebar", "copyright", "toolbar", "banner",
    "login", "search", "related", "recommend", "advert", "ads", "links", "friendlink",
    "friendlinks", "location", "position", "pagination", "pager", "qrcode", "ewm", "fenxiang",
    "daohang", "dibu", "toubu", "weizhi", "banquan", "yqlj", "gotop", "backtop", "print",
    "skip", "cookie", "popup", "modal", "hidden", "dropdown", "tools", "tags",
}
_ARTICLE_WORDS = {"article", "content", "contents", "text", "main", "detail", "details",
                  "zoom", "zhengwen", "neirong", "wenzhang", "editor", "trs", "post", "entry",
                  "body", "ucap"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b]+")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-—–]{1,2}\s+")


def _words(attrs: list[tuple[str, str | None]]) -> tuple[set[str], set[str]]:
    """Class/id words: those of tokens that name chrome, and those that name articles."""
    chrome: set[str] = set()
    article: set[str] = set()
    for key, value in attrs:
        if key not in ("class", "id", "role") or not value:
            continue
        for token in value.lower().split():
            parts = set(re.split(r"[-_:.]+", token)) | {token}
            if parts & _CHROME_WORDS:
                chrome.add(token)  # a modifier wins: content-header, article-share
            elif parts & _ARTICLE_WORDS:
                article.add(token)
    return chrome, article


class _Frame:
    __slots__ = ("tag", "skip", "chrome", "article", "link")

    def __init__(self, tag: str, skip: bool, chrome: bool, article: bool, link: bool):
        self.tag = tag
        self.skip = skip  # never text: script, style, nav, footer …
        self.chrome = chrome  # a container whose class or id names page chrome
        self.article = article  # a container whose class or id names the article
        self.link = link


class _Collector(HTMLParser):
    """Text by block, remembering for each line whether it sat in chrome or article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Frame] = []
        self.lines: list[_Line] = []
        self.current: list[tuple[str, bool]] = []  # (text, inside a link)
        self.title = ""
        self._in_title = False
        self.skip = self.chrome = self.article = self.link = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _VOID_TAGS:
            if tag in ("br", "hr"):
                self._flush()
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title":
            self._in_title = True
        chrome_words, article_words = _words(attrs)
        style = " ".join(v or "" for k, v in attrs if k == "style")
        hidden = any(k == "hidden" for k, _ in attrs) or bool(_HIDDEN.search(style))
        inside_article = self.article > 0 or tag == "article"
        # A <header> inside an article is the article's own (title, date): keep it.
        skip = hidden or (tag in _SKIP_TAGS) or (tag == "header" and not inside_article)
        chrome = bool(chrome_words) and tag not in _NEVER_CHROME
        article = tag in ("article", "main") or bool(article_words and not chrome)
        frame = _Frame(tag, skip, chrome, article, tag == "a")
        self.stack.append(frame)
        self._count(frame, 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self.current.append(("  ", False))
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                for frame in self.stack[i:]:
                    self._count(frame, -1)
                del self.stack[i:]
                break

    def _count(self, frame: _Frame, step: int) -> None:
        self.skip += step * frame.skip
        self.chrome += step * frame.chrome
        self.article += step * frame.article
        self.link += step * frame.link

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.skip:
            return
        self.current.append((data, self.link > 0))

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(t for t, _ in self.current)).strip(" \u3000")
        linked = len(_SPACES.sub("", "".join(t for t, link in self.current if link)))
        self.current = []
        if text:
            self.lines.append(_Line(text, self.chrome > 0, self.article > 0,
                                    linked / max(1, len(_SPACES.sub("", text)))))

    def close(self) -> None:
        super().close()
        self._flush()


@dataclass
class _Line:
    text: str
    chrome: bool
    article: bool
    link_share: float

    @property
    def navigation(self) -> bool:
        """A line that is (almost) all links: a menu or a list of related pages."""
        return self.link_share >= 0.7


def html_to_text(html: str, path: str = "") -> str:
    """The article text of a page: navigation, scripts, styles and chrome dropped.

    Lines inside containers named like the article (``TRS_Editor``, ``zoom``,
    ``article``, ``content`` …) are kept when they hold a fair share of the page's text;
    otherwise every line outside chrome containers. Lines made of links are menus.
    The page title leads when the text does not already open with it.
    """
    if _truncated(html):
        raise ReadError(path, "truncated HTML page: it stops before its closing </body> or "
                              "</html> tag (incomplete download?)")
    collector = _Collector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError) as error:  # pragma: no cover - html.parser is lenient
        raise ReadError(path, f"unreadable HTML: {error}") from None
    lines = collector.lines
    plain = [line for line in lines if not line.chrome and not line.navigation]
    article = [line for line in plain if line.article]
    size = sum(len(line.text) for line in plain)
    if article and sum(len(line.text) for line in article) >= 0.3 * size:
        chosen = article
    elif plain:
        chosen = plain
    else:  # every line looked like chrome: better too much than nothing
        chosen = lines
    texts = [line.text for line in chosen]
    title = page_title(collector.title)
    if title and texts and not any(title in t or t in title for t in texts[:5]):
        texts = [title] + texts
    return "\n".join(texts)


def page_title(title: str) -> str:
    """A page's <title> without the site name it usually carries (…_大连市人民政府)."""
    title = _SPACES.sub(" ", title).strip()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1 and len(parts[0]) >= 4:
        return parts[0].strip()
    return title


def _truncated(html: str) -> bool:
    """A page (it opens <html> or <body>) that ends before closing them."""
    head = html[:4096].lower()
    if "<html" not in head and "<body" not in head:
        return False  # a fragment, not a page
    tail = html[-4096:].lower()
    if "</html" in tail or "</body" in tail:
        return False
    return "</html" not in html.lower() and "</body" not in html.lower()
