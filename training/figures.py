"""What the training register supplies to seed 001's targets, as of any date for any org's
subtree (registered with ``lib.registers`` in ``TrainingConfig.ready``)."""

from datetime import date

from training.models import Certificate, ClassKind, Enrollment


def certified_first_aiders(root, since: date, on: date) -> int:
    """持证救护员: people holding a certificate valid on ``on``, trained in ``root``'s subtree (a
    renewed holder counts once; ``since`` does not narrow a stock)."""
    return (Certificate.objects.filter(enrollment__training_class__org__path__startswith=root.path,
                                       issued_on__lte=on, expires_on__gte=on)
            .values("trainee").distinct().count())


def people_trained(root, since: date, on: date) -> int:
    """普及培训: distinct people who attended an awareness class that ended in [since, on]."""
    return (Enrollment.objects.filter(training_class__org__path__startswith=root.path,
                                      training_class__kind=ClassKind.AWARENESS, attended=True,
                                      training_class__ends_on__gte=since, training_class__ends_on__lte=on)
            .values("trainee").distinct().count())
