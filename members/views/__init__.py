"""Pages of the members app, one module per area (pretix style); ``members/urls.py`` routes them."""
