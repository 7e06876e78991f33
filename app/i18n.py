"""Messages that people read, in English and Chinese: the `Text` type (app.domain.text) and the language asked for."""

from app.domain.text import LANGUAGES, Text

__all__ = ["LANGUAGES", "Text", "language_from_header"]


def language_from_header(accept_language: str | None) -> str:
    """ "zh" when the first language the client accepts is Chinese, else "en"."""
    if not accept_language:
        return "en"
    ranked = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "en"
