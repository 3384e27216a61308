"""Rewrite flagged prompt drafts into narrative five-layer prompts that the linter passes."""
