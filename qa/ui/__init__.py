"""The chat UI (`qa ui`): `app` (Gradio Blocks and callbacks), `chat_html` (the HTML and CSS of the chat),
`uploads` (adding an uploaded document, shared with the service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.lazy import lazy_attributes

if TYPE_CHECKING:
    from qa.ui.app import ChatUI, build_app, serve, start
    from qa.ui.uploads import UploadExists, add_upload

# name -> the module that defines it. Loaded on first use (PEP 562), so importing one module of this package
# never imports its siblings or their frameworks.
_HOMES = {
    "ChatUI": "qa.ui.app",
    "UploadExists": "qa.ui.uploads",
    "add_upload": "qa.ui.uploads",
    "build_app": "qa.ui.app",
    "serve": "qa.ui.app",
    "start": "qa.ui.app",
}
__all__ = ["ChatUI", "UploadExists", "add_upload", "build_app", "serve", "start"]

__getattr__ = lazy_attributes(__name__, _HOMES)
