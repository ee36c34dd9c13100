"""What a line of a news page is, decided from its form: the rule table and the dateline forms.

Each rule is data: a name, the label it gives, a test on the line (and, for a few, on where the
line stands), and why it holds on news pages in general. No rule names an outlet, a person or a
headline: the service meets pages nobody here has seen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_CLOSES = re.compile(r"[.!?…][\"”’'»)\]]*$|[\"”»]$")


def closes_sentence(line: str) -> bool:
    """The line ends the way a sentence ends (a stop, or a closing quote)."""
    return bool(_CLOSES.search(line.rstrip()))


def word_count(line: str) -> int:
    return len(line.split())


@dataclass(frozen=True)
class Ctx:
    """One non-blank line and what the cleaner knows of its surroundings."""

    text: str  # stripped, no-break spaces made plain (same length as the source line)
    prev: str | None  # the line directly above, if no blank line separates them
    next: str | None  # the line directly below, likewise

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def closes(self) -> bool:
        return closes_sentence(self.text)


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    test: Callable[[Ctx], bool]
    why: str


def form(pattern: str, *, max_words: int | None = None, open_ended: bool = True, flags: int = re.I):
    """A test: the line matches `pattern` at its start, is at most `max_words` long, and (unless
    `open_ended`) does not close like a sentence."""
    rx = re.compile(pattern, flags)

    def test(c: Ctx) -> bool:
        if max_words is not None and c.words > max_words:
            return False
        if not open_ended and c.closes:
            return False
        return rx.search(c.text) is not None

    return test


def _all(*tests):
    return lambda c: all(t(c) for t in tests)


# --- vocabularies (forms of the Indonesian web in general, not of any one page) ---------------
SOCIAL = r"(?:facebook|fb|twitter|x|whatsapp|wa|telegram|line|linkedin|e-?mail|pinterest|instagram|tiktok|threads|youtube|salin\s+tautan|salin\s+link|copy\s+link|tautan|link|share|bagikan)"
CHANNEL = r"(?:e-?mail|surel|notif\w*|google\s+news|whatsapp|telegram|instagram|twitter|youtube|tiktok|facebook|aplikasi|app\b|newsletter|buletin|saluran|channel|grup|notifikasi|gratis|di\s*sini|link|tautan|update)"
PHOTO_WORDS = r"(?:foto|photo|ilustrasi|dok\.?|dokumentasi|istimewa|arsip|grafis|tangkapan\s+layar|screenshot|antara\s+foto)"
AGENCY = r"(?:antara|reuters|afp|ap|anadolu|getty(?:\s+images)?|shutterstock|epa|xinhua|sputnik|tass|pool|bloomberg|aa)"
_LINKBAIT_OPENER = (
    r"^(?:baca|simak|lihat|tonton|saksikan|cek|klik)\s+(?:juga|pula|lagi|artikel|berita|video|selengkapnya)\b"
    r"|^(?:artikel|berita|bacaan|video|topik|konten)\s+(?:terkait|lainnya|pilihan|populer|terpopuler|menarik|rekomendasi)\b"
    r"|^(?:pilihan\s+editor|rekomendasi(?:\s+berita)?|terpopuler|berita\s+populer|paling\s+banyak\s+dibaca|jangan\s+lewatkan"
    r"|mungkin\s+anda\s+(?:juga\s+)?(?:menyukai|suka)|anda\s+mungkin\s+(?:juga\s+)?(?:menyukai|suka)|read\s+(?:more|also)"
    r"|related(?:\s+news|\s+articles?)?|you\s+may\s+also\s+like|berita\s+lain(?:nya)?|pilihan\s+redaksi"
    r"|artikel\s+selanjutnya|next\s+article|baca\s+artikel\s+(?:lainnya|selanjutnya))\b"
)
LINKBAIT_OPENER = re.compile(_LINKBAIT_OPENER, re.I)
# An opener that stands alone ("Baca Juga:", "Artikel Terkait") heads a list of teasers below it.
OPENER_MARK = re.compile(r"(?:" + _LINKBAIT_OPENER + r")[\w\s]{0,12}\s*(?:[:\-–—»›]|[\"“])", re.I)
EMPTY_OPENER = re.compile(r"(?:" + _LINKBAIT_OPENER + r")[\w\s]{0,12}[:\-–—»›]?\s*$", re.I)
INITIALS = re.compile(r"\((?![\d/]+\))[A-Za-z*][\w*.]{0,11}(?:\s*/\s*[\w*.]{1,12}(?::\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})?){0,4}\)")


def is_teaser(c: Ctx) -> bool:
    """A related-headline list item: bulleted, or short and not closing like a sentence."""
    if re.match(r"^[-•*»›▪·]\s*\S", c.text):
        return c.words <= 25
    return c.words <= 20 and not re.search(r"[.!]([\"”’)]*)$", c.text)


def in_sentence_context(c: Ctx) -> bool:
    """The line is a fragment of a sentence broken across lines (a scraped inline link, an
    acronym on its own line): the line above runs on without closing, and this one is a stub or
    the line below continues in lower case."""
    if c.prev is None or closes_sentence(c.prev) or not re.search(r"(?:^|\s)[a-z][\w\-]*[,;]?$|,$", c.prev):
        return False
    return c.words <= 3 or (c.next is not None and re.match(r"^[a-z(,;]", c.next) is not None)


RULES: list[Rule] = [
    Rule("sentence-fragment", "story", in_sentence_context,
         "A stub between two halves of one sentence ('menteri\\nNATO\\nbertemu') is story, whatever it looks like."),
    Rule("syndication", "credit", form(r"^artikel\s+ini\s+(?:telah|sudah|pernah)?\s*(?:tayang|terbit|dimuat|dipublikasikan)"),
         "'Artikel ini telah tayang di … dengan judul …': the syndication notice Tribun/Kompas-network sites append."),
    Rule("source-credit", "credit", _all(form(r"^(?:sumber(?!\s+(?:gambar|foto))|source|disadur\s+dari|dikutip\s+dari|diolah\s+dari)\s*:?\s*\S", max_words=9),
                                        lambda c: not c.closes or re.search(r"\.[a-z]{2,6}\.?$", c.text) is not None),
         "'Sumber: NTDTV.com' names where a story came from; a long or sentence-shaped 'Sumber: …' line is story."),
    Rule("initials", "byline", form(r"^" + INITIALS.pattern + r"\.?$", flags=0),
         "'(ant/rtr)', '(yp/lw)', '(Hui)': writer/editor/agency initials that sign off a story."),
    Rule("byline", "byline", _all(form(r"^(?:penulis|oleh|reporter|laporan(?:\s+wartawan)?|wartawan|pewarta|editor|penyunting|redaktur"
                                       r"|kontributor|jurnalis|fotografer|videografer|penerjemah|alih\s+bahasa|author|writer|by|ditulis\s+oleh|tim\s+redaksi)\b"
                                       r"\s*(?::|\s(?=[A-Z]))|^(?:rep|red)\s*:\s*[A-Z]", max_words=14, open_ended=False),
                                  lambda c: c.text[0].isupper()),
         "'Penulis: …', 'Oleh …', 'Reporter: … | Editor: …', 'Laporan: …': credit lines, capitalised label then a name."),
    Rule("bare-by", "byline", form(r"^(?:by|oleh|penulis)\s*:?$"), "A byline marker whose name the scraper lost."),
    Rule("copyright", "copyright", form(r"©|\(c\)\s*\d{4}|^copyright\s*(?:©|\(c\)|\d{4}|:)|all\s+rights\s+reserved|hak\s+cipta\s+dilindungi|seluruh\s+hak\s+cipta"
                                        r"|^dilarang\s+(?:keras\s+)?(?:mengutip|menyalin|mengambil|memperbanyak|mereproduksi)", max_words=40),
         "Copyright and reuse-forbidden footers ('© 2025 …', 'Hak cipta dilindungi', 'Dilarang mengutip …')."),
    Rule("share-label", "prompt", form(r"^(?:bagikan|share|sebarkan|kirim)(?:\s+(?:artikel|berita|ini|this|article|ke|to|via|on))*\s*[:\-]?(?:\s|$)", max_words=12, open_ended=False),
         "'Bagikan:', 'Bagikan artikel ini:', 'Share': the share-button row."),
    Rule("social-row", "prompt", form(r"^(?:" + SOCIAL + r")(?:\s*[|·•,/]?\s*" + SOCIAL + r")+\s*$"),
         "A line that is only share buttons: 'Facebook | X | WhatsApp | Salin Tautan'."),
    Rule("follow-prompt", "prompt", _all(form(r"^(?:ikuti|follow|gabung|bergabung|subscribe|berlangganan|langganan|dapatkan|download|unduh|install"
                                              r"|simak\s+(?:berita|breaking|informasi|update)|buka\s+kunci|daftar|login|masuk\s+untuk|baca\s+berita\s+dengan)\b"),
                                         lambda c: re.search(CHANNEL, c.text, re.I) is not None),
         "Follow/subscribe/app prompts ('Simak berita … di Google News', 'Ikuti kami di WhatsApp Channel')."),
    Rule("click-here", "prompt", form(r"\bklik\s+di\s*sini\b|\bclick\s+here\b|\btap\s+di\s*sini\b", max_words=40),
         "'… klik di sini': a call to action, never reporting."),
    Rule("ad-marker", "ad", form(r"^(?:advertisement|advertisment|iklan|ads?|adv|sponsored|konten\s+(?:bersponsor|berbayar|sponsor|promosi)"
                                 r"|artikel\s+berbayar|scroll\s+(?:down\s+)?to\s+(?:continue|read)(?:\s+with\s+content)?|gulir\s+(?:ke\s+bawah\s+)?untuk\s+(?:melanjutkan|lanjut)\w*"
                                 r"|lanjutkan\s+membaca(?:\s+di\s+bawah)?|continue\s+reading(?:\s+below)?|paid\s+content|promo(?:si)?|loading)\W*$"),
         "Ad-slot labels left in the text ('ADVERTISEMENT', 'SCROLL TO CONTINUE WITH CONTENT', 'Iklan')."),
    Rule("embed-marker", "ad", form(r"^\[(?:gambas|video|iklan|ads?|embed|baca)\b[^\]]*\]$"), "Embed placeholders ('[Gambas:Video 20detik]')."),
    Rule("tags", "tags", form(r"^(?:tag|tags|tagar|topik|topic|kata\s+kunci|keywords?|label|tag\s+terkait)\s*:"),
         "'Tag: …', 'Topik: …', 'Kata kunci: …': the topic list under an article."),
    Rule("hashtags", "tags", form(r"^(?:#\w+[\s,·|]*){2,}$"), "A line of hashtags."),
    Rule("page-counter", "page", form(r"^(?:(?:halaman|hal\.?|page)\s*:?\s*)?\d{1,3}(?:\s*(?:dari|of|/|\|)?\s*\d{1,3}){0,12}"
                                      r"(?:\s*(?:selanjutnya|berikutnya|sebelumnya|next|prev|lanjut|show\s+all|lihat\s+semua|tampilkan\s+semua|»|›|>))?\s*$"),
         "Page counters: a bare '1', '1 2 3 Selanjutnya', 'Halaman 2 dari 3'."),
    Rule("page-nav", "page", form(r"^(?:baca\s+)?(?:halaman\s+)?(?:selanjutnya|berikutnya|sebelumnya|next|prev(?:ious)?|load\s+more|muat\s+lebih\s+banyak"
                                  r"|tampilkan\s+(?:semua|lebih\s+banyak)|lihat\s+semua|show\s+all|baca\s+selengkapnya|lanjut(?:kan)?\s+baca|halaman\s+\d+)\W*$"),
         "Pagination and 'read more' buttons."),
    Rule("photo-label", "caption", form(r"^(?:\(?\s*(?:foto|photo|video|grafis|infografis)\s*:|antara\s+foto\s*/|ilustrasi\b"
                                        r"|(?:sumber|keterangan)\s+gambar\s*[,:]|image\s+(?:source|caption)\s*[,:])", max_words=25),
         "A line opening with a photo credit ('Foto: …', 'ANTARA FOTO/…') or 'Ilustrasi …' describes a picture."),
    Rule("photo-credit-end", "caption",
         form(r"(?:\(\s*" + PHOTO_WORDS + r"\b[^()]*\)?|[.!?\"”]\s+(?:foto|photo|sumber\s+foto)\s*:\s*[^.]{1,60}"
              r"|\(\s*(?=(?-i:[A-Z]))" + AGENCY + r"\s*/\s*(?!" + AGENCY + r"\b)(?-i:[A-Z])[^()]*\)"
              r"|\(\s*[a-z][\w\-]*\.(?:com|id|co\.id|tv|net)\s*/[^()]+\)"
              r"|[.!?\"”]\s+(?-i:[A-Z][A-Za-z.]{1,20})\s*/\s*(?-i:[A-Z])[\w .'\-]{1,40})\.?\s*$", max_words=60),
         "A line ending in a photo credit ('(Foto: Reuters)', '… Foto: AFP', '(AFP/Ludovic Marin)', a cut-off '(Foto:') is a caption."),
    Rule("linkbait-insert", "linkbait", form(r"^(?:BACA(?:\s+JUGA|\s+LAGI)?|MEMBACA)\b", flags=0),
         "Upper-case 'BACA'/'MEMBACA' inserts (the latter a machine translation of 'READ')."),
    Rule("linkbait-opener", "linkbait", _all(form(_LINKBAIT_OPENER, max_words=30),
                                             lambda c: not c.closes or OPENER_MARK.match(c.text) is not None),
         "'Baca juga', 'Simak juga', 'Lihat juga', 'Cek artikel', 'Artikel/Berita terkait', 'Mungkin Anda menyukai', …"),
    Rule("comment-prompt", "prompt", form(r"^(?:(?:tulis|berikan|kirim|lihat|baca)\s+(?:komentar|tanggapan)|komentar\s*(?:\(\d+\))?\W*$|\d+\s+komentar\W*$)", max_words=8),
         "Comment-box prompts ('Tulis komentar', 'Komentar (12)')."),
    Rule("bare-url", "other", form(r"^(?:https?://|www\.)\S+$"), "A URL alone on a line."),
]

# Rules decided by where a line stands (applied in boilerplate.py, in this order); name -> (label, why).
POSITION_RULES: dict[str, tuple[str, str]] = {
    "date-line": ("timestamp", "A line that is a full date, maybe with time, zone, weekday and a few names "
                               "('Rabu, 12 Maret 2025 05:55 WIB', 'X.com - 12/03/2025, 05:55 WIB'): the page's own date."),
    "dateline-alone": ("dateline", "A line that is only 'Place, Outlet' ('Jakarta, Kabarnusa.id')."),
    "repeated-in-outlet": ("other", "A short or unclosed line also found on the outlet's other pages is page furniture."),
    "first-line": ("headline", "The first line no rule claims, headline-sized, not opening with a dateline: kept, never quoted."),
    "headline-again": ("headline", "The headline printed a second time under it."),
    "teaser-under-opener": ("linkbait", "Short unclosed (or bulleted) lines right under a bare 'Baca Juga:'/'Artikel Terkait' are teasers."),
    "credit-above-lead": ("caption", "A prose line ending in a bare agency credit '(AFP)' standing above the lead is a photo caption."),
    "above-lead": ("dateline", "Short lines between headline and lead that no form names: masthead, rubric, place."),
    "below-story": ("other", "Lines after the last prose line that no form names: section labels ('FOKUS DUNIA'), footer text."),
    "prose": ("story", "A line of 15+ words, or one closing like a sentence, or a list item, or a paragraph broken across lines."),
    "short-between-prose": ("subheading", "A short unclosed line between prose lines: a subheading, kept but never quoted."),
}


# --- dateline openers glued to a lead ---------------------------------------------------------
_W = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’\-]*"
PLACE = rf"(?:{_W}(?:\s+(?:{_W}|D\.?C\.?|de|di|al|el|van|der|den)){{0,3}})"
_CAPS = r"(?:[A-Z][A-Z'’\-]{1,}(?:\s+[A-Z][A-Z'’\-]+){0,3})"
DOMAIN = r"(?:[A-Za-z][\w\-]*(?:\.[A-Za-z]{2,6}){1,2})"
_NAME = rf"(?:{DOMAIN}|[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){{0,3}})"
CAMEL = r"(?:[A-Za-z]*[a-z][A-Z][A-Za-z]+|[A-Z]{2,}[a-z]+[A-Za-z]*|[a-z]+[A-Z][A-Za-z]*)"
_DASH = r"\s*(?:-{1,2}|–|—|―)\s+"
_START = r"^[\s\u00a0]*"
# (name, pattern, where it may stand): "any" of the first story lines, or only the "lead".
DATELINE_FORMS = [
    ("place-comma-outlet", re.compile(rf"{_START}({PLACE}),\s*(?P<outlet>{_NAME}){_DASH}"), "any"),       # JAKARTA, KOMPAS.com - / LONDON, Warta Dunia Kini —
    ("outlet-comma-place", re.compile(rf"{_START}(?P<outlet>{DOMAIN}),\s*({PLACE}){_DASH}"), "any"),     # Liputan6.com, Jakarta - / TEMPO.CO, Jakarta -
    ("place-agency", re.compile(rf"{_START}({PLACE})\s*\((?P<outlet>[A-Z][\w.\- ]{{1,30}})(?:/[^)]*)?\){_DASH}"), "any"),  # Riyadh (ANTARA) -
    ("outlet-dash-place", re.compile(rf"{_START}(?P<outlet>{DOMAIN}){_DASH}({PLACE})[.,]\s+"), "any"),   # KONTAN.CO.ID - JAKARTA.
    ("outlet-dash", re.compile(rf"{_START}(?P<outlet>{DOMAIN}|{CAMEL}){_DASH}"), "any"),               # Suara.com - / JawaPos.com –
    ("caps-place-dash", re.compile(rf"{_START}({_CAPS}){_DASH}"), "any"),                                # JAKARTA - / BRUSSEL —
    ("place-dash", re.compile(rf"{_START}({PLACE})\s+(?:-{{1,2}}|–|—)\s+"), "lead"),                     # Jakarta - (detik)
    ("outlet-stop", re.compile(rf"{_START}(?P<outlet>{CAMEL}|{DOMAIN})\.[\s\u00a0]+(?=[A-Z\"“])"), "lead"),  # ETIndonesia. Presiden …
    ("place-colon", re.compile(rf"{_START}({PLACE}):[\s\u00a0]+(?=[A-Z\"“])"), "lead"),                 # Riyadh: Delegasi …
]
# Words that open a labelled line ("Sumber: …") and so are never the place of a "City:" dateline.
_LABEL_WORDS = {"sumber", "foto", "catatan", "editor", "penulis", "baca", "update", "kesimpulan", "intinya", "pertama",
                "kedua", "ketiga", "simak", "lihat", "video", "info", "berita", "laporan", "reporter", "oleh", "tag",
                "topik", "pewarta", "keterangan", "disclaimer", "koreksi", "ralat", "peringatan", "breaking", "news"}


def dateline_prefix(line: str, lead: bool) -> tuple[int, str | None] | None:
    """(length of the dateline opener glued to the line's first sentence, the outlet it names)."""
    for _name, rx, where in DATELINE_FORMS:
        if where == "lead" and not lead:
            continue
        m = rx.match(line)
        if m is None or m.end() >= len(line.rstrip()):
            continue
        if _name == "place-colon" and m.group(1).split()[0].lower() in _LABEL_WORDS:
            continue
        outlet = m.groupdict().get("outlet")
        return m.end(), outlet.strip() if outlet else None
    return None


def whole_dateline(line: str) -> str | None:
    """The outlet of a line that is only a dateline: 'Jakarta, Pahami.id' (None if not one)."""
    m = re.fullmatch(rf"\s*{PLACE},\s*(?P<outlet>{_NAME})\s*[-–—:]?\s*", line)
    return m.group("outlet") if m else None
