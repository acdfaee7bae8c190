"""Legal documents read from the pages that publish them (issue 14): one declarative parser per
document-site family, each giving `LegalDocument` records (pipelines/legal_documents/model.py).
Pure functions of a page's HTML and URL: no I/O."""
