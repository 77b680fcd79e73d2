"""博爱家园 relief work as records: relief stock (a ledger per warehouse), donations with receipts
and their public disclosure. The ledger (``relief.models.stock.Move``) is the one source of truth
for every balance; states move through one mover per workflow (``relief.transfers._move``)."""
