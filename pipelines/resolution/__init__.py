"""Entity resolution: from what each article said (mentions) to the real things (entities).

Pure functions over plain records (`records.py`); the flow (flows/resolve.py) reads the mentions
concerned from the warehouse, calls these and writes the links and entity rows back. Every
function is a function of the *set* of mentions it is given (never of their order), so resolving
incrementally and `vnarchive resolve --rebuild` give the same result.

- `names`: identity keys (tone-mark placement, Đ look-alikes, spacing) and conference-name keys.
- `organizations`: canonical organisation names and aliases (abbreviations, the 2025 renames).
- `directives`: directive mentions → documents (party term, issuing locality, ambiguity).
- `conferences`: conference mentions → conferences (Splink model, deterministic clustering).
- `people`: person mentions → people and dated positions.
"""
