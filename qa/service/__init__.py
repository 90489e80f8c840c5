"""`qa serve` and the other ways in over the network or stdio: `server` (the FastAPI app), `routes` and
`documents` (its routes), `protocol` (OpenAI chat shapes), `queue` (the generation gate), `guard` and
`exposure` (what it takes to expose it), `upload_stream`, `scratch` (temporary files), `client` (a client of
a running `qa serve`), `mcp_server` and `mcp_engine` (`qa mcp`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.lazy import lazy_attributes

if TYPE_CHECKING:
    from qa.service.client import ServiceClient
    from qa.service.exposure import check_exposure
    from qa.service.server import ServiceState, create_app, serve

# name -> the module that defines it. Loaded on first use (PEP 562), so importing one module of this package
# never imports its siblings or their frameworks.
_HOMES = {
    "ServiceClient": "qa.service.client",
    "ServiceState": "qa.service.server",
    "check_exposure": "qa.service.exposure",
    "create_app": "qa.service.server",
    "serve": "qa.service.server",
}
__all__ = ["ServiceClient", "ServiceState", "check_exposure", "create_app", "serve"]

__getattr__ = lazy_attributes(__name__, _HOMES)
