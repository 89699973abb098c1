"""Where each text field of an article is: its report path and its path in the file."""

from __future__ import annotations

from collections.abc import Iterator

from readerlevel.models import Article, Text

__all__ = ["content_fields", "text_fields"]

FilePath = tuple[str | int, ...]


def text_fields(article: Article) -> Iterator[tuple[str, FilePath, Text]]:
    """Every text field: the path used in variants and reports, the path in the file, the text."""
    yield from content_fields(article)
    for index, notice in enumerate(article.notices):
        if notice.text is not None:
            yield f"notices[{index}]", ("notices", index, "text"), notice.text
    for index, disclaimer in enumerate(article.disclaimers):
        yield f"disclaimers[{index}].heading", ("disclaimers", index, "heading"), disclaimer.heading
        yield f"disclaimers[{index}].text", ("disclaimers", index, "text"), disclaimer.text


def content_fields(article: Article) -> Iterator[tuple[str, FilePath, Text]]:
    """The article's own text fields (not notices or disclaimers), in document order."""
    yield "title", ("title",), article.title
    if article.summary_heading is not None:
        yield "summary_heading", ("summary_heading",), article.summary_heading
    yield "lead", ("lead",), article.lead
    for s, section in enumerate(article.sections):
        yield f"sections[{s}].heading", ("sections", s, "heading"), section.heading
        for b, block in enumerate(section.blocks):
            yield f"sections[{s}].blocks[{b}]", ("sections", s, "blocks", b), block
    if article.follow_up is not None:
        yield "follow_up.heading", ("follow_up", "heading"), article.follow_up.heading
        yield "follow_up.text", ("follow_up", "text"), article.follow_up.text
