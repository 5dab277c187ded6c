"""Pure computation on arrays and records: recommendation, vision, text."""
