"""Data tables of the grounded engine (nouns, places, organisations), kept apart from the rules."""
