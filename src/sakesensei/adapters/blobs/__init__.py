"""Blob stores for images: a local directory now, S3-compatible storage for scale-out."""
