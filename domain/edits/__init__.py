"""Edits as values: Change and its inverse, the named operations that build them, figure-keeping
property edits."""
