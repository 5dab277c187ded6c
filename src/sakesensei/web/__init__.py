"""The Streamlit web app; talks to the API over HTTP only (built by the web-app issue)."""
