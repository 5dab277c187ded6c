"""Reading sake labels from photos (built by the label-scan issue)."""
