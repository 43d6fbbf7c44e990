"""Languages by their own names: what the language chooser lists. Imports no Qt.

Each language is shown in its own name and script (an endonym), so a visitor finds theirs
without reading English. content.yaml's ``presentation.languages[].name`` overrides the table.
"""

from __future__ import annotations

from kiosk.content.model import Content

ENDONYMS: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "ur": "اردو",
    "bn": "বাংলা",
    "pa": "ਪੰਜਾਬੀ",
    "pl": "Polski",
    "zh": "中文",
    "gu": "ગુજરાતી",
    "ta": "தமிழ்",
    "ro": "Română",
    "pt": "Português",
    "es": "Español",
    "it": "Italiano",
    "tr": "Türkçe",
    "lt": "Lietuvių",
    "so": "Soomaali",
}
"""Language code -> its name in itself (the 2021 census's largest languages in England)."""

ENGLISH_NAMES: dict[str, str] = {
    "en": "English", "ar": "Arabic", "ur": "Urdu", "bn": "Bengali", "pa": "Punjabi",
    "pl": "Polish", "zh": "Chinese", "gu": "Gujarati", "ta": "Tamil", "ro": "Romanian",
    "pt": "Portuguese", "es": "Spanish", "it": "Italian", "tr": "Turkish", "lt": "Lithuanian",
    "so": "Somali", "fr": "French", "de": "German", "fa": "Persian", "he": "Hebrew",
}  # fmt: skip
"""Language code -> its English name (``validate``'s messages are in English)."""

THREE_LETTER: dict[str, str] = {
    "eng": "en", "ara": "ar", "urd": "ur", "ben": "bn", "pan": "pa", "pol": "pl",
    "zho": "zh", "chi": "zh", "guj": "gu", "tam": "ta", "ron": "ro", "rum": "ro",
    "por": "pt", "spa": "es", "ita": "it", "tur": "tr", "lit": "lt", "som": "so",
    "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "fas": "fa", "per": "fa",
    "heb": "he", "pus": "ps", "snd": "sd", "yid": "yi", "hin": "hi", "rus": "ru",
}  # fmt: skip
"""ISO 639-2 code (a film's audio track's language tag) -> the two-letter code content uses."""

RIGHT_TO_LEFT = frozenset({"ar", "ur", "fa", "he", "ps", "sd", "yi"})
"""Languages written right to left when the content does not say (``pa-Arab`` too)."""


def endonym(code: str) -> str:
    """The name of ``code`` in itself; the code itself for a language not in the table."""
    return ENDONYMS.get(code) or ENDONYMS.get(code.split("-")[0]) or code


def english_name(code: str) -> str:
    """``ur`` -> ``Urdu``; the code itself for a language not in the table."""
    return ENGLISH_NAMES.get(code) or ENGLISH_NAMES.get(code.split("-")[0]) or code


def default_direction(code: str) -> str:
    """``rtl`` for a right-to-left language or script (e.g. ``ur``, ``pa-Arab``), else ``ltr``."""
    parts = code.split("-")
    return "rtl" if parts[0] in RIGHT_TO_LEFT or "Arab" in parts[1:] else "ltr"


def language_name(content: Content, code: str) -> str:
    """What the chooser calls ``code``: the content's own name for it, else :func:`endonym`."""
    for language in content.presentation.languages:
        if language.code == code and language.name and language.name != code:
            return language.name
    return endonym(code)


def check_language(content: Content, code: str | None) -> str | None:
    """``code`` if the content has that language (None stays None); ``ValueError`` naming
    the content's languages otherwise."""
    codes = language_codes(content)
    if code is None or code in codes:
        return code
    raise ValueError(f"language {code!r} is not in the content; it has: {', '.join(codes)}")


def language_codes(content: Content) -> tuple[str, ...]:
    """The content's languages in its order, the default language first if unlisted."""
    codes = tuple(language.code for language in content.presentation.languages)
    default = content.presentation.language
    return codes if default in codes else (default, *codes)
