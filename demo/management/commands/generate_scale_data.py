"""Fill the database with a national-shaped tree and its people (demo/scale/)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from demo import scale


class Command(BaseCommand):
    help = "生成全国规模的测试数据（组织树、会员、志愿者、服务队、服务记录、活动、待审备案），同一种子结果相同。"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=10_000, help="会员数")
        parser.add_argument("--volunteers", type=int, default=2_000, help="志愿者数")
        parser.add_argument("--orgs", type=int, default=1_000, help="组织数（约数，按全国比例成树）")
        parser.add_argument("--service-records", type=int, default=10_000, help="已审核服务记录数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子")
        parser.add_argument("--provinces", type=int, default=None, help="省数（默认按每省约100个县计算）")

    def handle(self, *args, **opts):
        request = scale.Request(members=opts["members"], volunteers=opts["volunteers"], orgs=opts["orgs"],
                                service_records=opts["service_records"], seed=opts["seed"],
                                provinces=opts["provinces"])
        started = time.perf_counter()
        counts = scale.generate(request)
        seconds = time.perf_counter() - started
        rows = sum(counts.values())
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(
            f"共写入 {rows} 行，用时 {seconds:.1f} 秒（{rows / seconds:,.0f} 行/秒）。"))
        # Fresh planner statistics: without them PostgreSQL plans the statistics queries over
        # millions of new rows as if the tables were empty (bench/EXPLAIN.md).
        # VACUUM also sets the visibility map, which autovacuum would only do later: until then
        # the member list's covering index cannot answer alone (no index-only scan).
        # VACUUM cannot run in a transaction (the tests' atomic blocks): ANALYZE alone there.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        statement = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(statement)
        self.stdout.write(f"已更新数据库统计信息（{statement}）。")
