"""One declarative parser per document-site family (issue 14), the Fundus way: each module
``<name>.py`` defines ``PARSER`` (a :class:`~pipelines.legal_documents.families.base.DetailPage`
or :class:`~pipelines.legal_documents.families.base.DocumentTable`: labels, headers and XPaths),
and says in its docstring which real site and page kinds it models. The machinery is in
``base.py``. This package finds the modules; there is no list to edit. Adding a family is one
module plus its stored pages, ``tests/fixtures/legal_documents/<name>/`` (the tests fail for a
family without them); see docs/legal-documents.md.
"""

from __future__ import annotations

import importlib
import pkgutil

from pipelines.legal_documents.families.base import DocumentParser


def _discover() -> dict[str, DocumentParser]:
    found: dict[str, DocumentParser] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base":
            continue
        parser = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PARSER", None)
        if parser is None or not hasattr(parser, "parse"):
            raise TypeError(f"pipelines/legal_documents/families/{module.name}.py has no PARSER")
        if parser.name != module.name:
            raise ValueError(f"{module.name}.py declares the family {parser.name!r}")
        found[parser.name] = parser
    return dict(sorted(found.items()))


# Family name -> its parser.
PARSERS: dict[str, DocumentParser] = _discover()
