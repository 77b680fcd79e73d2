"""Training classes and their trainees (seed 001: 普及培训 and 救护员 targets; seeds 002/003: cadre
and induction training). A trainee is a ``people.models.Person`` (sealed ID number, masked
phone), found again across classes by the ID blind index."""
