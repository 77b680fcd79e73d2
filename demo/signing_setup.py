"""The demo's signatures and API account: the deployment CA exists, so every filed PDF the demo
approves is signed by 雁江区's certificate (issued from the CA when it first signs); an earlier
certificate of 雁江区 stands revoked on its admin's page; and the province's data platform holds an
integration account (its token is made and thrown away: an admin issues a fresh one with
``manage.py create_api_token``, which prints it once)."""

from api.models import IntegrationAccount
from demo.region import Region
from signing import services

API_ACCOUNT = "四川省红十字会数据共享平台"


def make_signing(region: Region) -> None:
    if services.ca() is None:
        services.create_ca()
    district, admin = region.org("雁江区红十字会"), region.account("yj_admin")
    if not district.signing_certificates.exists():
        earlier = services.issue(district, by=admin)
        services.revoke(earlier, by=admin, reason="经办人岗位调整，更换签名证书")
    city = region.org("资阳市红十字会")
    if not IntegrationAccount.objects.filter(name=API_ACCOUNT).exists():
        account = IntegrationAccount(name=API_ACCOUNT, org=city, created_by=region.account("city_admin"))
        account.new_token()  # not kept anywhere: only its hash is stored
        account.save()
