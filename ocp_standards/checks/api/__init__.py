"""Python checks over API descriptions (OpenAPI 3.x, Swagger 2.0): what JSONPath alone cannot say.

Importing this package registers every API check. Each module has one concern:

- `model`: the description as the checks read it (`OpenApi`) and its read-only helpers;
- `common`: the `@api_check` decorator that reads the description once and decides when a
  check does not apply, and the verdict every check returns;
- `validity`: valid OpenAPI, references resolved;
- `design`: versioning, errors, response shapes, dates, paging, naming, rate limits;
- `security`: authentication, credentials out of URLs, open data open to all;
- `personal_data`: personal fields marked and protected;
- `interop`: the operations and fields a domain standard requires.

Each check works on the (joined) document, so rule examples exercise the same code as real specs.
Findings point at the path, operation, parameter or schema concerned.
"""

from __future__ import annotations

from . import design, interop, personal_data, security, validity
from .design import DATE_FORMATS, DATE_NAMES, PAGINATION_NAMES, RATE_LIMIT_HEADERS
from .personal_data import PERSONAL_NAMES
from .security import CREDENTIAL_NAMES

#: The modules that register checks, in registration order.
CHECK_MODULES = (validity, design, security, personal_data, interop)

__all__ = [
    "CHECK_MODULES",
    "CREDENTIAL_NAMES",
    "DATE_FORMATS",
    "DATE_NAMES",
    "PAGINATION_NAMES",
    "PERSONAL_NAMES",
    "RATE_LIMIT_HEADERS",
]
