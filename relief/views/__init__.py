"""Pages of the relief app: stock and transfers (``stock``), donations (``donations``), and the
public disclosure (``public``). Objects come through ``orgs.scoping`` (404 out of scope, 403
wrong role); writes go through the services."""
