"""splint's linter: read prompt sources, analyse them once, run the rules, report."""
