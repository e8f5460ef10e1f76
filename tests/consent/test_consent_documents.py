"""Consent information in each format (issue 20): each file is read back and
checked for what its reader needs; made once per wording and cached; a
missing tool is a clear page, never a 500."""

import io
import re
import shutil
import subprocess
import time
import wave
import zlib
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from consent import documents
from consent.models import ConsentText, ConsentTranslation

pytestmark = pytest.mark.django_db

STANDARD = (
    "As part of your assessment, a social worker may look once at one of your social media profiles "
    "(for example Facebook, Instagram or X). They will use the agency's own account or a logged-out view, "
    "will not contact you or your friends through social media, and will record only a short summary that "
    "is relevant to your assessment.\n\nYou can say no, and you can withdraw your consent at any time before "
    "the check by telling your social worker."
)
EASY_READ = (
    "We would like to look at one of your social media pages, one time.\n"
    "We will not message you or your friends.\n"
    "We will write down only what matters for your assessment.\n"
    "You can say no.\n"
    "You can change your mind before we look."
)
WELSH = (
    "Fel rhan o'ch asesiad, gall gweithiwr cymdeithasol edrych unwaith ar un o'ch proffiliau cyfryngau cymdeithasol."
)

needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "espeak-ng", "lou_translate")),
    reason="needs poppler-utils, espeak-ng and liblouis-bin (installed by .ci/run)",
)


@pytest.fixture
def text(db):
    text = ConsentText.objects.create(
        version="3",
        body=STANDARD,
        easy_read_body=EASY_READ,
        easy_read_version="ER-2",
        published_at=timezone.now(),
    )
    ConsentTranslation.objects.create(
        consent_text=text, language="cy", language_name="Welsh", version="CY-1", body=WELSH
    )
    return text


@pytest.fixture
def client_for(worker):
    client = Client()
    client.force_login(worker)
    return client


def url(applicant, suffix, language=""):
    return f"/applicants/{applicant.pk}/consent-information.{suffix}" + (f"?language={language}" if language else "")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def contains_words(read_back: str, wording: str) -> bool:
    """The wording's words, in order, somewhere in what was read back (line breaks and case aside)."""
    return " ".join(words(wording)) in " ".join(words(read_back))


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=30).stdout.decode()


def content_streams(content: bytes):
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            yield zlib.decompress(stream)
        except zlib.error:
            continue


def pdf_fill_colours(content: bytes) -> set[str]:
    return {m.decode() for ops in content_streams(content) for m in re.findall(rb"([\d.]+ [\d.]+ [\d.]+) rg", ops)}


def pdf_font_sizes(content: bytes) -> set[float]:
    """Every font size used, in points, read from the PDF's content streams: the
    size set by `Tf` times the scale of the current matrix (`cm`)."""
    sizes = set()
    for ops in content_streams(content):
        scale = 1.0
        for match in re.finditer(rb"([\d.\-]+) [\d.\-]+ [\d.\-]+ ([\d.\-]+) [\d.\-]+ [\d.\-]+ cm|([\d.]+) Tf", ops):
            if match.group(1):
                scale *= abs(float(match.group(1)))
            else:
                sizes.add(round(float(match.group(3)) * scale, 1))
    return sizes


@needs_tools
def test_the_standard_pdf_holds_the_wording_and_its_version(client_for, applicant, text, tmp_path):
    response = client_for.get(url(applicant, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert contains_words(pdf_text(response.content, tmp_path), STANDARD)
    assert "Version 3" in pdf_text(response.content, tmp_path)
    assert AuditEvent.objects.filter(data__page="consent information, pdf").exists()
    # Issue 19: the consent information given to the applicant includes the council's privacy notice.
    notice = f"/privacy/{applicant.household.local_authority.slug}/"
    assert notice in "".join(pdf_text(response.content, tmp_path).split())


@needs_tools
def test_the_large_print_pdf_uses_16_points_or_more_everywhere(client_for, applicant, text, tmp_path):
    response = client_for.get(url(applicant, "large-print.pdf"))
    assert response.status_code == 200
    sizes = pdf_font_sizes(response.content)
    assert sizes and min(sizes) >= 16, sizes
    assert contains_words(pdf_text(response.content, tmp_path), STANDARD)
    # The standard print really is smaller: the size is read from the file, not assumed.
    assert min(pdf_font_sizes(client_for.get(url(applicant, "pdf")).content)) < 16


@needs_tools
def test_the_easy_read_pdf_has_the_easy_read_wording_a_line_each_with_pictures(client_for, applicant, text, tmp_path):
    response = client_for.get(url(applicant, "easy-read.pdf"))
    assert response.status_code == 200
    read_back = pdf_text(response.content, tmp_path)
    flowing = " ".join(read_back.split())
    for line in EASY_READ.splitlines():
        assert line in flowing
        assert len(line.split()) <= 15  # short sentences
    assert "Easy read version ER-2" in flowing
    assert "As part of your assessment" not in flowing  # not the standard wording
    assert min(pdf_font_sizes(response.content)) >= 16
    # One picture a line, each a file shipped in the project.
    pictures = [documents.picture_for(line)[0] for line in EASY_READ.splitlines()]
    assert all(p.is_file() and p.parent == documents.PICTURES for p in pictures)
    assert len({p.name for p in pictures}) > 1
    # The pictures are drawn in the file: their colours (the blue of the SVGs) are painted.
    blue = "0.113725 0.439216 0.721569"  # #1d70b8
    assert blue in pdf_fill_colours(response.content)
    assert blue not in pdf_fill_colours(client_for.get(url(applicant, "pdf")).content)


@needs_tools
def test_the_audio_is_a_wav_of_the_spoken_wording(client_for, applicant, text):
    response = client_for.get(url(applicant, "wav"))
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(response.content)) as audio:
        rate, frames, channels = audio.getframerate(), audio.getnframes(), audio.getnchannels()
    assert rate == 22050 and channels == 1
    duration = frames / rate
    # About 75 words at 150 words a minute, with pauses: half a minute or so.
    assert 15 < duration < 90, duration


@needs_tools
def test_the_brf_is_braille_ascii_that_back_translates_to_the_wording(client_for, applicant, text):
    response = client_for.get(url(applicant, "brf"))
    assert response.status_code == 200
    content = response.content.decode("ascii")
    allowed = documents.BRAILLE_ASCII | {"\r", "\n", "\f"}
    assert set(content) <= allowed
    for page in content.split("\f"):
        page_lines = page.strip("\r\n").split("\r\n")
        assert len(page_lines) <= documents.BRF_PAGE
        assert all(len(line) <= documents.BRF_LINE for line in page_lines)
    assert "," in content and not re.search(r"[a-z]", content)  # contracted capitals sign, upper-case cells
    # Back-translate with liblouis: the words come back as the wording.
    paragraphs = [" ".join(block.split("\r\n")) for block in content.replace("\f", "").split("\r\n\r\n")]
    back = subprocess.run(
        ["lou_translate", "--backward", "en-ueb-g2.ctb"],
        input="\n".join(documents.from_braille_ascii(p) for p in paragraphs).encode(),
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    assert contains_words(back, STANDARD)
    assert " YR " in content  # contracted: "your" is two cells
    assert "PRIVACY" in content  # the council's privacy notice, at the end (issue 19)


@needs_tools
def test_a_translation_is_served_with_its_own_version(client_for, applicant, text, tmp_path):
    response = client_for.get(url(applicant, "pdf", "cy"))
    assert response.status_code == 200
    flowing = " ".join(pdf_text(response.content, tmp_path).split())
    assert WELSH in flowing and "Welsh translation CY-1" in flowing
    assert client_for.get(url(applicant, "wav", "cy")).status_code == 200


def test_a_missing_translation_or_format_is_a_clear_page(client_for, applicant, text):
    missing = client_for.get(url(applicant, "pdf", "pl"))
    assert missing.status_code == 404
    assert "has no translation into" in missing.content.decode()
    assert client_for.get(url(applicant, "docx")).status_code == 404
    assert "no easy read translation" in client_for.get(url(applicant, "easy-read.pdf", "cy")).content.decode()


def test_no_published_wording_is_a_clear_page(client_for, applicant):
    response = client_for.get(url(applicant, "pdf"))
    assert response.status_code == 404
    assert "No consent information has been published yet" in response.content.decode()


@pytest.mark.parametrize(
    ("suffix", "setting", "package"),
    [("wav", "CONSENT_ESPEAK", "espeak-ng"), ("brf", "CONSENT_LOU_TRANSLATE", "liblouis-bin")],
)
def test_a_missing_tool_gives_a_page_that_says_so_not_a_500(
    client_for, applicant, text, settings, suffix, setting, package
):
    setattr(settings, setting, "/nonexistent/tool-that-is-not-installed")
    response = client_for.get(url(applicant, suffix))
    assert response.status_code == 503
    page = response.content.decode()
    assert "is not installed on the server" in page and package in page
    assert "govuk-back-link" in page


def test_missing_weasyprint_gives_a_page_that_says_so(client_for, applicant, text):
    with mock.patch.dict("sys.modules", {"weasyprint": None}):
        response = client_for.get(url(applicant, "large-print.pdf"))
    assert response.status_code == 503
    assert "WeasyPrint" in response.content.decode()


@needs_tools
@pytest.mark.parametrize("suffix", list(documents.FORMATS))
def test_each_format_is_made_in_under_5_seconds_then_served_from_the_cache(client_for, applicant, text, suffix):
    started = time.monotonic()
    first = client_for.get(url(applicant, suffix))
    assert first.status_code == 200
    assert time.monotonic() - started < 5
    renderer = documents.FORMATS[suffix].consent_format
    with mock.patch.dict(documents.RENDERERS, {renderer: mock.Mock(side_effect=AssertionError("made again"))}):
        again = client_for.get(url(applicant, suffix))
    assert again.status_code == 200 and again.content == first.content


@needs_tools
def test_a_new_wording_version_makes_a_new_file(client_for, applicant, text):
    first = client_for.get(url(applicant, "brf")).content
    ConsentText.objects.create(version="4", body="A new wording. You can say no.", published_at=timezone.now())
    assert client_for.get(url(applicant, "brf")).content != first


def test_people_outside_the_team_get_404(applicant, text, policy):
    from accounts.models import Role
    from tests.factories import TeamFactory, UserFactory

    outsider = UserFactory(username="outsider", role=Role.WORKER)
    TeamFactory().members.add(outsider)
    client = Client()
    client.force_login(outsider)
    assert client.get(url(applicant, "pdf")).status_code == 404


def test_admins_keep_easy_read_short_and_versioned():
    from django.core.exceptions import ValidationError

    long_line = ConsentText(
        version="9",
        body="Words.",
        easy_read_version="ER-9",
        easy_read_body="This line is far too long for easy read because it carries many ideas at once and goes on and on.",
    )
    with pytest.raises(ValidationError) as refused:
        long_line.full_clean()
    assert "easy_read_body" in refused.value.message_dict
    unversioned = ConsentText(version="10", body="Words.", easy_read_body="You can say no.")
    with pytest.raises(ValidationError) as refused:
        unversioned.full_clean()
    assert "easy_read_version" in refused.value.message_dict
