"""The platform's shared machinery, apart from the tree and the accounts (``orgs``): the audit
trail (``audit``), ID numbers sealed and checked (``pii``, ``identity``, ``validators``), field
history and its scrubbing (``history``), paging, form pages and widgets, Excel read and written
(``excel``), backup and restore (``backup``), the client's address behind a proxy (``proxies``),
and storage errors shown in Chinese. It imports no app: models it needs are looked up by label
through Django's app registry."""
