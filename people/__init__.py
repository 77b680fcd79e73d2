"""One idea of a person, shared by every register of people (members, volunteers; trainees and
donors next). Nothing here imports a register: each register stands on this package.

* ``people.models.Person`` — abstract model: gender as one code (``Gender``: M/F), the ID number
  sealed (``id_number`` ciphertext, ``id_hash`` blind index, ``id_tail`` last four), ``phone``,
  ``erased_at``; ``set_id_number(plain)``, ``full_id``, ``masked_id``, ``masked_phone``.
* ``people.rows.check_person`` — the one check of a person's row (ID number, gender it states,
  phone), called by the forms' ``clean()``, the services and the Excel imports alike.
* ``people.privacy`` — reveal (显示完整信息), the personal-data file, erasure, the full export.
* ``people.views`` — the pages for those and the Excel import page, written once and routed per kind.
* ``people.kinds`` — what differs by kind (label, URL namespace, the data file's sections, its
  import engine as an ``Importer`` …).
* ``people.links`` — the same person in two registers, linked without the registers importing
  each other.

A new kind in a few lines (a ``Trainee``, say, in a ``training`` app):

1. ``class Trainee(Person)`` with the kind's own columns, ``ORG_PATH``, a ``ScopedQuerySet``
   manager and ``history = HistoricalRecords(excluded_fields=Person.UNHISTORIED)``.
2. Its services seal the number with ``trainee.set_id_number(plain)`` after ``check_person``.
3. ``training/kind.py``: ``TRAINEE = Kind(name="trainee", model=Trainee, label="学员",
   namespace="training", page=detail_page, data_file=…, full_workbook=…, listed=…)``, registered in
   ``TrainingConfig.ready`` with ``people.kinds.register(TRAINEE)``.
4. ``training/urls.py``: ``path("<int:pk>/reveal/", people.views.reveal, {"kind": "trainee"},
   name="reveal")`` and likewise ``find``, ``personal_data``, ``erase``, ``export_full`` (and
   ``import_upload`` once the kind has an ``importer``).
5. The scoping actions ``trainee.view`` / ``.reveal_pii`` / ``.personal_data`` / ``.erase`` /
   ``.export_full`` in ``orgs.scoping``, the audit labels of ``trainee.reveal_pii`` …, and rows in
   ``tests/test_url_access.py``.
"""
