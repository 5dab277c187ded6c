"""Entities, value objects and rules of Sake Sensei; imports only the stdlib and pydantic."""
