"""Render: a resolved variant to HTML, Markdown, plain text or JSON.

Templates are Jinja2 files shipped in ``readerlevel/render/templates``; a
content pack's ``templates/`` directory shadows them by name. HTML is
autoescaped; Markdown output escapes content so it cannot inject markup.
Dates are formatted by Babel for the variant's locale and every UI string goes
through gettext.
"""

from __future__ import annotations

from readerlevel.render.environment import FORMATS, Renderer, RenderOptions
from readerlevel.render.filters import Run, segments

__all__ = ["FORMATS", "RenderOptions", "Renderer", "Run", "segments"]
