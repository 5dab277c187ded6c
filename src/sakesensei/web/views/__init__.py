"""The pages (views) of the web app, each a Streamlit script run by the navigation in app.py."""
