"""A package's README as HTML for the store pages, safe to put into a page as it is.

README files come from package authors, so they are untrusted: raw HTML in the Markdown is
shown as text (markdown-it with `html` off escapes it), links with `javascript:`, `vbscript:`,
`file:` or `data:` targets are not made into links (markdown-it's link validation), and images
are not rendered at all, so a README cannot make a reviewer's browser fetch anything.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt


@cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table") \
        .disable("image")


def render_readme(markdown: str) -> str:
    return _renderer().render(markdown)
