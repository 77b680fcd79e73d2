"""Pages of the volunteers app, one module per area (pretix style); ``volunteers/urls.py`` routes them."""
