"""Consent information (and letters) in the format each applicant needs.

Made by the app from the versioned wording: PDF (WeasyPrint), large print
PDF, easy read PDF with pictures shipped in the project, audio (espeak-ng, WAV)
and Braille (liblouis, contracted English Braille, BRF). Each file is made once
per wording and format, kept in CONSENT_DOCUMENTS_DIR under the hash of what
went into it, and served from there afterwards. A missing or failing tool is a
`DocumentUnavailable` with a message for the page, never a 500.
"""

import hashlib
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from t4c_socialcheck.limits import max_length

from .models import ConsentFormat, ConsentText, ConsentTranslation

# Bump when a renderer's output changes, so cached files are made again.
RENDERER_VERSION = "1"
ENGLISH = "en"
HERE = Path(__file__).resolve().parent
STYLES = HERE / "document_styles"
PICTURES = HERE / "easy_read_pictures"

BRF_LINE = 40  # cells per line
BRF_PAGE = 25  # lines per page
LARGE_PRINT_POINTS = 18  # the large print body size; headings are larger (never below 16)


class DocumentUnavailable(Exception):
    """The file cannot be made now (tool missing or failing, no such wording): `message` is for the page."""

    def __init__(self, message: str, *, status: int = 503):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Wording:
    """The exact wording given: which text, which version of which kind, in which language."""

    text: ConsentText
    kind: str  # "standard", "easy_read" or "translation"
    version: str
    language: str
    language_name: str
    body: str
    sha256: str
    translation: ConsentTranslation | None = None


@dataclass(frozen=True)
class Document:
    """What a renderer is given: a title, the body's paragraphs (or easy read lines), a footer."""

    title: str
    paragraphs: tuple[str, ...]
    footer: str
    language: str = ENGLISH
    intro: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Made:
    content: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class Format:
    suffix: str  # the path's ending after "consent-information."
    consent_format: str
    content_type: str
    label: str


FORMATS = {
    f.suffix: f
    for f in (
        Format("pdf", ConsentFormat.STANDARD, "application/pdf", "PDF"),
        Format("large-print.pdf", ConsentFormat.LARGE_PRINT, "application/pdf", "Large print PDF"),
        Format("easy-read.pdf", ConsentFormat.EASY_READ, "application/pdf", "Easy read PDF"),
        Format("wav", ConsentFormat.AUDIO, "audio/wav", "Audio (WAV)"),
        Format("brf", ConsentFormat.BRAILLE, "application/x-brf", "Braille (BRF)"),
    )
}
# The file that meets each recorded format (a translation is given as its PDF by default).
SUFFIX_FOR_FORMAT = {f.consent_format: suffix for suffix, f in FORMATS.items()}
SUFFIX_FOR_FORMAT[ConsentFormat.TRANSLATED] = "pdf"

TITLE = {ENGLISH: "Looking at your social media"}


def paragraphs(text: str) -> list[str]:
    """Paragraphs at blank lines, each re-flowed onto one line."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]


def lines(text: str) -> list[str]:
    """Easy read: one idea a line."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


# --- Which wording ------------------------------------------------------------


def available_languages(text: ConsentText | None) -> list[tuple[str, str]]:
    """(code, name) of the translations an admin has added to a text."""
    if text is None:
        return []
    return list(text.translations.order_by("language_name").values_list("language", "language_name"))


def wording_for(text: ConsentText | None, consent_format: str, language: str = ENGLISH) -> Wording:
    """The wording given in a format and language. Easy read has its own
    wording (and version); a translation its own text (and version)."""
    if text is None:
        raise DocumentUnavailable(
            "No consent information has been published yet. Ask an admin to publish it.", status=404
        )
    language = (language or ENGLISH).strip().lower()
    if language != ENGLISH:
        if consent_format == ConsentFormat.EASY_READ:
            raise DocumentUnavailable(
                "There is no easy read translation. Give the easy read version in English, or the translation.",
                status=404,
            )
        if consent_format == ConsentFormat.BRAILLE:
            raise DocumentUnavailable(
                "Braille is made in English only. Give the translation in print or audio.", status=404
            )
        # A code typed into the address may hold anything (a NUL is a database error on PostgreSQL).
        known = language.isprintable() and len(language) <= max_length(ConsentTranslation, "language")
        translation = text.translations.filter(language=language).first() if known else None
        if translation is None:
            raise DocumentUnavailable(
                f"Consent text version {text.version} has no translation into "
                f"\u201c{language if known else 'that language'}\u201d. "
                "Ask an admin to add it.",
                status=404,
            )
        return Wording(
            text,
            "translation",
            translation.version,
            language,
            translation.language_name,
            translation.body,
            translation.body_sha256,
            translation,
        )
    if consent_format == ConsentFormat.TRANSLATED:
        raise DocumentUnavailable("Choose the language of the translation.", status=404)
    if consent_format == ConsentFormat.EASY_READ:
        if not text.easy_read_body.strip():
            raise DocumentUnavailable(
                f"Consent text version {text.version} has no easy read version yet. Ask an admin to add one.",
                status=404,
            )
        return Wording(
            text,
            "easy_read",
            text.easy_read_version or text.version,
            ENGLISH,
            "English",
            text.easy_read_body,
            text.easy_read_sha256,
        )
    return Wording(text, "standard", text.version, ENGLISH, "English", text.body, text.body_sha256)


def document_of(wording: Wording) -> Document:
    kind = "Easy read version" if wording.kind == "easy_read" else "Version"
    footer = f"Consent information. {kind} {wording.version}."
    if wording.kind == "translation":
        footer = f"Consent information, {wording.language_name} translation {wording.version}."
    body = lines(wording.body) if wording.kind == "easy_read" else paragraphs(wording.body)
    return Document(TITLE[ENGLISH], tuple(body), footer, language=wording.language)


# --- Making and caching -------------------------------------------------------


def _cache_key(document: Document, suffix: str) -> str:
    material = "\x1f".join(
        (
            RENDERER_VERSION,
            suffix,
            document.language,
            document.title,
            *document.intro,
            "\x1e",
            *document.paragraphs,
            "\x1e",
            document.footer,
        )
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def make(document: Document, suffix: str, *, filename: str, cache: bool = True) -> Made:
    """The file for a document in a format, made once and then read from the cache.
    `cache=False` for letters that hold personal data: they are never written to disk,
    so nothing outlives the records retention removes."""
    fmt = FORMATS[suffix]
    if not cache:
        return Made(RENDERERS[fmt.consent_format](document), fmt.content_type, f"{filename}.{suffix}")
    folder = Path(settings.CONSENT_DOCUMENTS_DIR)
    path = folder / f"{_cache_key(document, suffix)}.{suffix}"
    if not path.exists():
        content = RENDERERS[fmt.consent_format](document)
        folder.mkdir(parents=True, exist_ok=True)
        # Write beside it and rename: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    return Made(path.read_bytes(), fmt.content_type, f"{filename}.{suffix}")


def consent_information(
    text: ConsentText | None, suffix: str, language: str = ENGLISH, *, privacy_notice: str = ""
) -> tuple[Made, Wording]:
    """The consent information file at `/applicants/<id>/consent-information.<suffix>`, ending
    with the address of the council's privacy notice (one cached file per wording and council)."""
    if suffix not in FORMATS:
        raise DocumentUnavailable("There is no such format.", status=404)
    wording = wording_for(text, FORMATS[suffix].consent_format, language)
    name = f"consent-information-{wording.version}" + (f"-{wording.language}" if wording.language != ENGLISH else "")
    document = document_of(wording)
    if privacy_notice:
        document = replace(
            document, footer=f"{document.footer} How the council uses your information: {privacy_notice}"
        )
    return make(document, suffix, filename=name), wording


# --- Renderers ----------------------------------------------------------------


def _pdf(template: str, stylesheet: str, context: dict) -> bytes:
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError):
        raise DocumentUnavailable(
            "The PDF cannot be made: WeasyPrint (or the Pango library it needs) is not installed on the server. "
            "Tell your system administrator."
        ) from None
    html = render_to_string(template, context)
    try:
        return HTML(string=html, base_url=str(HERE)).write_pdf(stylesheets=[CSS(filename=str(STYLES / stylesheet))])
    except Exception:  # a broken font or library: the page says so instead of a 500
        raise DocumentUnavailable(
            "The PDF could not be made just now. Try again, or tell your system administrator."
        ) from None


def render_standard_pdf(document: Document) -> bytes:
    return _pdf("documents/print.html", "standard.css", {"document": document})


def render_large_print_pdf(document: Document) -> bytes:
    return _pdf("documents/print.html", "large_print.css", {"document": document})


# Simple pictures for easy read, chosen by what a line is about (first match wins).
EASY_READ_PICTURES = (
    (("say no", "no to", "do not have to", "refuse"), "no.svg", "A hand held up: you can say no"),
    (("change your mind", "withdraw", "stop"), "change.svg", "Arrows going back: you can change your mind"),
    (("message", "contact", "friends"), "no_message.svg", "A speech bubble crossed out: no messages"),
    (("write", "record", "keep", "notes"), "write.svg", "A pencil writing on paper"),
    (("look", "social media", "page", "profile"), "look.svg", "A magnifying glass over a phone"),
    (("ask", "question", "help", "tell"), "ask.svg", "A question mark in a speech bubble"),
)
DEFAULT_PICTURE = ("info.svg", "The letter i in a circle: information")


def picture_for(line: str) -> tuple[Path, str]:
    lower = line.lower()
    for words, name, alt in EASY_READ_PICTURES:
        if any(w in lower for w in words):
            return PICTURES / name, alt
    return PICTURES / DEFAULT_PICTURE[0], DEFAULT_PICTURE[1]


def render_easy_read_pdf(document: Document) -> bytes:
    rows = []
    for line in document.paragraphs:
        picture, alt = picture_for(line)
        rows.append({"text": line, "picture": picture.as_uri(), "alt": alt})
    return _pdf("documents/easy_read.html", "easy_read.css", {"document": document, "rows": rows})


def _run(args: list[str], *, stdin: str, tool: str, package: str) -> bytes:
    """Run a tool from a Debian package: list arguments, no shell, a timeout."""
    try:
        result = subprocess.run(  # noqa: S603 (fixed tool from settings, list args, no shell)
            args,
            input=stdin.encode("utf-8"),
            capture_output=True,
            timeout=settings.CONSENT_TOOL_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise DocumentUnavailable(
            f"This format cannot be made: {tool} (the Debian package {package}) is not installed on the server. "
            "Tell your system administrator, and give the information in another format meanwhile."
        ) from None
    except subprocess.TimeoutExpired:
        raise DocumentUnavailable(f"{tool} took too long to make this file. Try again later.") from None
    if result.returncode != 0:
        raise DocumentUnavailable(f"{tool} could not make this file. Tell your system administrator.")
    return result.stdout


ESPEAK_VOICES = {ENGLISH: "en-gb"}


def spoken_text(document: Document) -> str:
    return "\n\n".join((document.title + ".", *document.intro, *document.paragraphs, document.footer))


def render_wav(document: Document) -> bytes:
    voice = ESPEAK_VOICES.get(document.language, document.language)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "speech.wav"
        _run(
            [settings.CONSENT_ESPEAK, "-v", voice, "-s", "150", "-w", str(out), "--stdin"],
            stdin=spoken_text(document),
            tool="The speech engine espeak-ng",
            package="espeak-ng",
        )
        if not out.exists() or out.stat().st_size == 0:
            raise DocumentUnavailable("The speech engine made no audio. Tell your system administrator.")
        return out.read_bytes()


# North American Braille ASCII: the 64 cells are the characters space (0x20) to underscore (0x5F).
BRAILLE_ASCII = frozenset(chr(c) for c in range(0x20, 0x60))
_FOLD = {"`": "@", "{": "[", "|": "\\", "}": "]", "~": "^"}


def to_braille_ascii(cells: str) -> str:
    """liblouis' output folded into the 64-character Braille ASCII set (lower case is the same cell)."""
    folded = "".join(_FOLD.get(c, c) for c in cells.upper())
    unknown = set(folded) - BRAILLE_ASCII
    if unknown:
        raise DocumentUnavailable("The Braille table produced characters outside Braille ASCII.")
    return folded


def from_braille_ascii(cells: str) -> str:
    """Braille ASCII back into liblouis' own (lower case) form, to back-translate a BRF."""
    unfold = {v: k for k, v in _FOLD.items()}
    return "".join(unfold.get(c, c) for c in cells.lower())


def wrap_cells(text: str, width: int = BRF_LINE) -> list[str]:
    """Lines of at most `width` cells, broken at spaces (a longer word is split)."""
    out, line = [], ""
    for word in text.split():
        while len(word) > width:
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out


def braille_paragraphs(document: Document) -> list[str]:
    """Each paragraph in contracted Braille (one liblouis run, a paragraph a line)."""
    source = (document.title, *document.intro, *document.paragraphs, document.footer)
    translated = _run(
        [settings.CONSENT_LOU_TRANSLATE, "--forward", settings.CONSENT_BRAILLE_TABLE],
        stdin="\n".join(source) + "\n",
        tool="The Braille translator lou_translate",
        package="liblouis-bin",
    ).decode("utf-8", "replace")
    cells = [line.rstrip("\r") for line in translated.split("\n")][: len(source)]
    if len(cells) != len(source):
        raise DocumentUnavailable("The Braille translator returned fewer lines than it was given.")
    return [to_braille_ascii(line) for line in cells]


def render_brf(document: Document) -> bytes:
    """A BRF: 40 cells a line, 25 lines a page, pages separated by form feeds, CR LF line ends."""
    page_lines: list[str] = []
    for number, paragraph in enumerate(braille_paragraphs(document)):
        if number:
            page_lines.append("")
        page_lines.extend(wrap_cells(paragraph))
    pages = ["\r\n".join(page_lines[i : i + BRF_PAGE]) for i in range(0, len(page_lines), BRF_PAGE)]
    return ("\r\n\f".join(pages) + "\r\n").encode("ascii")


RENDERERS = {
    ConsentFormat.STANDARD: render_standard_pdf,
    ConsentFormat.LARGE_PRINT: render_large_print_pdf,
    ConsentFormat.EASY_READ: render_easy_read_pdf,
    ConsentFormat.AUDIO: render_wav,
    ConsentFormat.BRAILLE: render_brf,
}
