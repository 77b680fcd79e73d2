"""雁江区 splits seed 001's 持证救护员 target among its towns and streets, through the same
service as the targets page (the parts stay within the whole)."""

from demo.region import Region
from reports import targets
from reports.models import Metric, Target

#: town → its share of the district's +4,800 certified first-aiders (seed 001)
SHARES = {"莲花街道红十字会": 1200, "三贤祠街道红十字会": 1100, "宝台镇红十字会": 900, "临江镇红十字会": 800,
          "中和镇红十字会": 600}


def split_targets(region: Region) -> None:
    district = region.org("雁江区红十字会")
    whole = Target.objects.filter(org=district, metric=Metric.CERTIFIED_FIRST_AIDERS).first()
    if whole is None or Target.objects.filter(org__path__startswith=district.path, org__depth__gt=district.depth,
                                              metric=whole.metric).exists():
        return
    for name, value in SHARES.items():
        targets.set_target(region.org(name), by=region.account("yj_admin"), metric=whole.metric,
                           starts_on=whole.starts_on, ends_on=whole.ends_on, value=value)
