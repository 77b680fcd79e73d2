"""Fictional people for the demo region, drawn from syllable lists by a seeded generator: names
that fit the gender their ID number encodes, resident IDs of the region (GB 11643, valid check
character), mobile numbers and credit codes (GB 32100). Nobody real, nobody from the seeds."""

import random
from datetime import date, timedelta

from lib.identity import CREDIT_ALPHABET, credit_check_char, id_check_char

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
            "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漆钱汤尹黎易常武乔贺赖龚文")
#: given names: an optional first syllable, then a last one, each list for men or for women
MALE = ("志建国文晓俊永德家明宏子浩思宇振天海立绍春", "强伟军华平涛明杰鹏辉斌波峰成龙宇轩博林刚")
FEMALE = ("秀丽晓春雪思雨佳欣梦诗玉美慧婉静小淑月", "芳娟丽霞敏燕婷琳怡萱悦涵颖洁瑶玲红梅兰琴")
#: 资阳市雁江区 (GB/T 2260): the demo's people were born or registered here
REGION = "512002"
ENTERPRISE_WORDS = "兴达华盛安泰宏远恒通瑞丰鑫源佳和"
ENTERPRISE_KINDS = ("农业科技有限公司", "建材有限公司", "食品有限公司", "物流有限公司", "医药连锁有限公司")


class People:
    """One seeded source of people: the same seed gives the same people, none drawn twice."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self._ids: set[str] = set()
        self._credit = 0

    def name(self, male: bool) -> str:
        first, last = MALE if male else FEMALE
        given = self.rng.choice(last) if self.rng.random() < 0.25 else self.rng.choice(first) + self.rng.choice(last)
        return self.rng.choice(SURNAMES) + given

    def resident_id(self, born_from: date, born_to: date, male: bool) -> str:
        """A valid 18-character ID of the region; the sequence's last digit is odd for a man."""
        while True:
            born = born_from + timedelta(days=self.rng.randrange((born_to - born_from).days + 1))
            sequence = self.rng.randrange(50) * 20 + self.rng.randrange(5) * 2 + (1 if male else 0)
            first17 = f"{REGION}{born:%Y%m%d}{sequence:03d}"
            value = first17 + id_check_char(first17)
            if value not in self._ids:
                self._ids.add(value)
                return value

    def person(self, born_from: date, born_to: date) -> tuple[str, str]:
        """(name, ID) of one person born between the two days."""
        male = self.rng.random() < 0.5
        return self.name(male), self.resident_id(born_from, born_to, male)

    def phone(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def enterprise(self) -> str:
        words = "".join(self.rng.sample(ENTERPRISE_WORDS, 2))
        return f"资阳市{words}{self.rng.choice(ENTERPRISE_KINDS)}"

    def credit_code(self) -> str:
        """A GB 32100 code of an enterprise registered in the region; distinct each call."""
        self._credit += 1
        body, n = "", self._credit * 7919
        for _ in range(9):
            n, r = divmod(n, len(CREDIT_ALPHABET))
            body = CREDIT_ALPHABET[r] + body
        first17 = f"91{REGION}{body}"
        return first17 + credit_check_char(first17)

    def day(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))
