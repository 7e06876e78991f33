"""Messages that people read, in English and Chinese; codes stay the same in both."""

from dataclasses import dataclass

LANGUAGES = ("en", "zh")


@dataclass(frozen=True, slots=True)
class Text:
    """A message in both languages."""

    en: str
    zh: str

    def pick(self, lang: str) -> str:
        """The message in `lang` ("zh" or anything else for English)."""
        return self.zh if lang == "zh" else self.en


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
