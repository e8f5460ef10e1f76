"""Turn whatever a worker pastes into one canonical profile identity.

One profile must not be recorded twice under two spellings, or the one-view
rule could be dodged. Case-insensitive; scheme, `www.`/`m.`/`mobile.` hosts,
trailing slashes, fragments and query strings are dropped, except a query
parameter that *is* the identity (Facebook's `profile.php?id=N`); `@name` is
the same profile as the platform's `/name` URL; a platform's old and new
domains (twitter.com and x.com) are one platform. Pure: no database.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

MAX_INPUT_LENGTH = 500
MAX_IDENTITY_LENGTH = 200

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_FORBIDDEN = re.compile(r"[\s<>\"'`\\{}|^\[\]]")
_IDENTITY = re.compile(r"^[\w.\-]+$")
_HOST_PREFIXES = ("www.", "m.", "mobile.")


class ProfileInputError(ValueError):
    """The input cannot be a profile on this platform; the message says why, for a person."""


@dataclass(frozen=True)
class PlatformRules:
    name: str
    domains: tuple[str, ...]
    path_prefix: str = ""
    # (path, parameter): a query parameter that identifies the profile.
    identity_query: tuple[str, str] | None = None


def _strip_host_prefixes(host: str) -> str:
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def split_host(text: str, known_domains: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    """Return (host, rest) if the text starts with a host name, else (None, text).

    A dotted handle such as `john.smith` is not a host: a host is recognised by a
    scheme, a `www.`-style prefix, a known platform domain, or a path after it."""
    has_scheme = bool(_SCHEME.match(text))
    text = _SCHEME.sub("", text)
    head, sep, rest = text.partition("/")
    head_only = re.split(r"[?#]", head, maxsplit=1)[0]
    if "." not in head_only or head_only.startswith("@") or not re.fullmatch(r"[\w.\-:@]+", head_only):
        return None, text
    raw_host = head_only.rsplit("@", 1)[-1].split(":", 1)[0].lower().strip(".")
    host = _strip_host_prefixes(raw_host)
    looks_like_host = (
        has_scheme
        or host != raw_host
        or host in known_domains
        or bool(sep and rest.strip("/") and re.fullmatch(r"[a-z]{2,12}", host.rsplit(".", 1)[-1]))
    )
    if not looks_like_host:
        return None, text
    return host, head[len(head_only) :] + sep + rest


def normalise_profile(raw: str, rules: PlatformRules, known_domains: frozenset[str] = frozenset()) -> str:
    """The canonical identity of a profile, or ProfileInputError."""
    if raw is None:
        raise ProfileInputError("Enter the profile's handle or link.")
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        raise ProfileInputError("Enter the profile's handle or link.")
    if len(text) > MAX_INPUT_LENGTH:
        raise ProfileInputError(f"The handle or link must be {MAX_INPUT_LENGTH} characters or fewer.")
    if _FORBIDDEN.search(text) or any(unicodedata.category(ch).startswith("C") for ch in text):
        raise ProfileInputError("The handle or link must not contain spaces, quotes, brackets or markup.")

    host, rest = split_host(text, known_domains | frozenset(rules.domains))
    if host is not None and host not in rules.domains:
        raise ProfileInputError(f"That link is to {host}, not {rules.name}.")

    rest = rest.split("#", 1)[0]
    path, _, query = rest.partition("?")
    path = unquote(path).strip("/").casefold()
    if _FORBIDDEN.search(path):
        raise ProfileInputError("The handle or link must not contain spaces, quotes, brackets or markup.")

    if rules.identity_query and path == rules.identity_query[0]:
        values = parse_qs(query).get(rules.identity_query[1], [])
        value = values[0].strip() if values else ""
        if not value.isdigit() or not value.isascii():
            raise ProfileInputError(f"The link has no profile number after {rules.identity_query[1]}=.")
        return f"{path}?{rules.identity_query[1]}={int(value)}"

    prefix = rules.path_prefix.strip("/").casefold()
    if prefix:
        if path == prefix or path.startswith(prefix + "/"):
            path = path[len(prefix) :].strip("/")
        elif host is not None:
            raise ProfileInputError(f"A {rules.name} profile link has /{prefix}/ before the name.")
    identity = path.split("/", 1)[0].lstrip("@")
    if not identity:
        raise ProfileInputError("The link does not include the profile's name.")
    if len(identity) > MAX_IDENTITY_LENGTH or not _IDENTITY.match(identity):
        raise ProfileInputError(
            "That does not look like a profile name: use letters, numbers, dots, dashes or underscores."
        )
    return identity
