"""Size limits on SRGS grammars and on matching them: untrusted text gets bounded cost.

A grammar over a limit is refused when it is parsed (a `SrgsError` naming the limit and the
line); an input over a matching limit simply does not match. `docs/security.md` lists them.
"""

MAX_SOURCE_CHARS = 100_000
"""The longest grammar text accepted (GRXML or ABNF)."""
MAX_RULES = 500
"""The most rules in one grammar."""
MAX_NESTING = 50
"""The deepest nesting of elements (GRXML) or brackets (ABNF)."""
MAX_REPEAT = 100
"""The largest repeat count (`repeat="2-100"`, `<2-100>`); open-ended `0-` is allowed."""
MAX_EXPANSION_NODES = 20_000
"""The most tokens, references, tags and groups in one grammar."""
MAX_INPUT_WORDS = 100
"""Input of more words (or DTMF keys) than this never matches."""
MAX_MATCH_STEPS = 200_000
"""Matching work per input; an ambiguous grammar that needs more does not match."""
MAX_RULE_DEPTH = 100
"""The deepest chain of rule references while matching (recursion)."""
MAX_JSGF_CHARS = 500_000
"""The largest JSGF text a grammar may compile to (repeats are written out)."""
