#!/usr/bin/env python
"""Seeded synthetic corpus generator for the ``kg`` benchmarks.

    python benchmarks/generate.py --documents 100 --seed 42 --out /tmp/seeds-100

writes a complete seeds folder in the project's own curation format (see ``seeds/README.md``)::

    sources.yaml              the external sources the registry cites
    entities/*.yaml           the entity registry (regions, departments, posts, officials, ...)
    documents/<id>.txt        synthetic Chinese news text (Simplified, or Traditional for ~1/3)
    documents/<id>.yaml       each document's metadata and statements, each with a verbatim quote

so that the real loader (``kg build --seeds DIR``) runs on it unchanged.

Everything is fictional: places, people, programmes and figures are made up from syllable tables
and templates with one ``random.Random(seed)``. The world has provinces > cities > districts
(``AdministrativeDivision`` with six-digit division codes cited from a source), party and
government departments with posts whose holders change over ten years (2015-2024), a few
province-wide programmes with components and city action plans nested under them, platforms
(serving initiatives, located in districts, operated by departments or organisations),
organisations, and quantitative targets (values with 万/亿, units, comparators, goal or result,
periods). Documents pick their city, departments, platforms and plans with a Zipf-like skew, so the
same facts are stated by many documents.

Every document text is assembled from the very clauses the statements quote (each clause converted
to Traditional script separately for Traditional documents), so every quote is a verbatim substring
of its document. The same ``--documents`` and ``--seed`` give byte-identical files.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import math
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["generate", "GeneratedCorpus"]

# --------------------------------------------------------------------------------------------------
# Vocabulary (characters with their pinyin, so ids and English labels can be derived)
# --------------------------------------------------------------------------------------------------

PLACE_CHARS = [
    ("江", "jiang"), ("海", "hai"), ("山", "shan"), ("河", "he"), ("湖", "hu"), ("宁", "ning"),
    ("安", "an"), ("平", "ping"), ("新", "xin"), ("兴", "xing"), ("华", "hua"), ("阳", "yang"),
    ("南", "nan"), ("北", "bei"), ("东", "dong"), ("西", "xi"), ("城", "cheng"), ("林", "lin"),
    ("泉", "quan"), ("源", "yuan"), ("丰", "feng"), ("和", "he"), ("清", "qing"), ("远", "yuan"),
    ("云", "yun"), ("龙", "long"), ("凤", "feng"), ("岭", "ling"), ("溪", "xi"), ("桥", "qiao"),
    ("德", "de"), ("庆", "qing"), ("永", "yong"), ("昌", "chang"), ("盛", "sheng"), ("富", "fu"),
    ("顺", "shun"), ("嘉", "jia"), ("瑞", "rui"), ("泰", "tai"), ("明", "ming"), ("康", "kang"),
    ("乐", "le"), ("青", "qing"), ("石", "shi"), ("金", "jin"), ("玉", "yu"), ("梅", "mei"),
    ("松", "song"), ("柳", "liu"), ("桂", "gui"), ("潮", "chao"), ("滨", "bin"), ("湾", "wan"),
    ("川", "chuan"), ("峰", "feng"), ("蓬", "peng"), ("开", "kai"), ("恩", "en"), ("鹤", "he"),
    ("沙", "sha"), ("田", "tian"), ("原", "yuan"), ("临", "lin"), ("昭", "zhao"), ("荣", "rong"),
]
SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
    ("罗", "luo"), ("高", "gao"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("潘", "pan"),
    ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"),
    ("魏", "wei"), ("苏", "su"), ("丁", "ding"), ("任", "ren"), ("卢", "lu"), ("姚", "yao"),
    ("沈", "shen"), ("钟", "zhong"), ("姜", "jiang"), ("崔", "cui"), ("谭", "tan"), ("陆", "lu"),
    ("范", "fan"), ("汪", "wang"), ("廖", "liao"), ("金", "jin"), ("贾", "jia"), ("夏", "xia"),
    ("方", "fang"), ("邹", "zou"), ("熊", "xiong"), ("白", "bai"), ("孟", "meng"), ("秦", "qin"),
    ("邱", "qiu"), ("侯", "hou"), ("尹", "yin"), ("薛", "xue"), ("段", "duan"), ("雷", "lei"),
    ("黎", "li"), ("陶", "tao"), ("贺", "he"), ("毛", "mao"), ("顾", "gu"), ("邵", "shao"),
    ("钱", "qian"), ("戴", "dai"), ("严", "yan"), ("孔", "kong"), ("向", "xiang"), ("汤", "tang"),
]
GIVEN = [
    ("明", "ming"), ("华", "hua"), ("伟", "wei"), ("芳", "fang"), ("军", "jun"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("斌", "bin"), ("强", "qiang"), ("磊", "lei"), ("洋", "yang"),
    ("艳", "yan"), ("静", "jing"), ("敏", "min"), ("丽", "li"), ("娜", "na"), ("婷", "ting"),
    ("雪", "xue"), ("超", "chao"), ("平", "ping"), ("刚", "gang"), ("辉", "hui"), ("鹏", "peng"),
    ("飞", "fei"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("健", "jian"), ("峰", "feng"),
    ("建", "jian"), ("国", "guo"), ("文", "wen"), ("志", "zhi"), ("海", "hai"), ("波", "bo"),
    ("春", "chun"), ("晓", "xiao"), ("红", "hong"), ("玲", "ling"), ("燕", "yan"), ("霞", "xia"),
    ("琳", "lin"), ("颖", "ying"), ("欣", "xin"), ("立", "li"), ("宏", "hong"), ("东", "dong"),
    ("荣", "rong"), ("岩", "yan"), ("毅", "yi"), ("鑫", "xin"), ("嘉", "jia"), ("瑞", "rui"),
    ("晨", "chen"), ("航", "hang"), ("振", "zhen"), ("博", "bo"), ("俊", "jun"), ("维", "wei"),
    ("成", "cheng"), ("良", "liang"), ("秋", "qiu"), ("思", "si"), ("佳", "jia"), ("岸", "an"),
]
#: Two-digit province prefixes of the (fictional) division code list.
PROVINCE_CODES = ["31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
                  "50", "51", "52", "53", "61", "62", "63"]

#: Province-wide programmes: (id, label, en, [(component id, label, short, en), ...]).
PROGRAMMES = [
    ("six-major-projects", "六大工程", "Six Major Projects", [
        ("sci-tech-leading", "科技引领工程", "科技引领", "Science and Technology Leading Project"),
        ("industrial-revitalisation", "工业振兴工程", "工业振兴", "Industrial Revitalisation Project"),
        ("park-rebuilding", "园区再造工程", "园区再造", "Industrial Park Rebuilding Project"),
        ("hk-macao-integration", "港澳融合工程", "港澳融合", "Hong Kong and Macao Integration Project"),
        ("overseas-chinese-empowerment", "侨都赋能工程", "侨都赋能", "Overseas Chinese Empowerment Project"),
        ("talent-doubling", "人才倍增工程", "人才倍增", "Talent Doubling Project"),
    ]),
    ("three-support-systems", "三大保障体系", "Three Major Support Systems", [
        ("regional-balanced-development", "区域平衡发展", "区域平衡", "Balanced Regional Development"),
        ("ecological-civilisation-building", "生态文明建设", "生态文明", "Building an Ecological Civilisation"),
        ("rule-of-law-building", "法治建设", "法治建设", "Building the Rule of Law"),
    ]),
    ("five-major-actions", "五大行动", "Five Major Actions", [
        ("rural-revitalisation-action", "乡村振兴行动", "乡村振兴", "Rural Revitalisation Action"),
        ("digital-government-action", "数字政府行动", "数字政府", "Digital Government Action"),
        ("green-low-carbon-action", "绿色低碳行动", "绿色低碳", "Green and Low-carbon Action"),
        ("urban-renewal-action", "城市更新行动", "城市更新", "Urban Renewal Action"),
        ("business-environment-action", "营商环境优化行动", "营商环境", "Business Environment Action"),
    ]),
    ("ten-livelihood-projects", "十大民生工程", "Ten Livelihood Projects", [
        ("education-quality-project", "教育提质工程", "教育提质", "Education Quality Project"),
        ("health-for-all-project", "健康惠民工程", "健康惠民", "Health for All Project"),
        ("housing-security-project", "住房保障工程", "住房保障", "Housing Security Project"),
        ("elderly-care-project", "养老服务工程", "养老服务", "Elderly Care Project"),
        ("employment-promotion-project", "就业促进工程", "就业促进", "Employment Promotion Project"),
        ("smooth-transport-project", "交通畅通工程", "交通畅通", "Smooth Transport Project"),
        ("culture-for-all-project", "文化惠民工程", "文化惠民", "Culture for All Project"),
        ("food-safety-project", "食品安全工程", "食品安全", "Food Safety Project"),
        ("public-safety-project", "平安建设工程", "平安建设", "Public Safety Project"),
        ("childcare-project", "托育服务工程", "托育服务", "Childcare Services Project"),
    ]),
]

#: City bureaus: (slug, label suffix, English); the first six exist in every city.
BUREAUS = [
    ("development-reform-bureau", "发展和改革局", "Development and Reform Bureau"),
    ("science-technology-bureau", "科学技术局", "Science and Technology Bureau"),
    ("industry-it-bureau", "工业和信息化局", "Industry and Information Technology Bureau"),
    ("commerce-bureau", "商务局", "Commerce Bureau"),
    ("talent-work-bureau", "人才工作局", "Talent Work Bureau"),
    ("finance-bureau", "财政局", "Finance Bureau"),
    ("education-bureau", "教育局", "Education Bureau"),
    ("natural-resources-bureau", "自然资源局", "Natural Resources Bureau"),
    ("ecology-environment-bureau", "生态环境局", "Ecology and Environment Bureau"),
    ("housing-bureau", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("transport-bureau", "交通运输局", "Transport Bureau"),
    ("agriculture-bureau", "农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("culture-tourism-bureau", "文化广电旅游体育局", "Culture, Radio, Television, Tourism and Sports Bureau"),
    ("health-bureau", "卫生健康局", "Health Bureau"),
    ("overseas-chinese-affairs-bureau", "侨务局", "Overseas Chinese Affairs Bureau"),
    ("human-resources-bureau", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("market-regulation-bureau", "市场监督管理局", "Market Regulation Bureau"),
    ("emergency-management-bureau", "应急管理局", "Emergency Management Bureau"),
    ("data-bureau", "政务服务数据管理局", "Government Services and Data Administration"),
]
#: Party departments under the city committee: (slug, label suffix, English).
PARTY_DEPARTMENTS = [
    ("organisation-department", "组织部", "Organisation Department"),
    ("publicity-department", "宣传部", "Publicity Department"),
    ("united-front-work-department", "统战部", "United Front Work Department"),
]
#: Province bodies (厅): (slug, label suffix, English).
PROVINCE_BODIES = [
    ("development-reform-commission", "发展和改革委员会", "Development and Reform Commission"),
    ("science-technology-department", "科学技术厅", "Department of Science and Technology"),
    ("industry-it-department", "工业和信息化厅", "Department of Industry and Information Technology"),
    ("commerce-department", "商务厅", "Department of Commerce"),
    ("education-department", "教育厅", "Department of Education"),
]
#: Posts by kind of body: (slug, title, English, leading?). A post whose fourth item names another
#: post is held by whoever holds that one (a bureau's director is its party group secretary).
POSTS = {
    "committee": [("secretary", "书记", "Secretary", True),
                  ("deputy-secretary", "副书记", "Deputy Secretary", False)],
    "city-government": [("mayor", "市长", "Mayor", True),
                        ("executive-vice-mayor", "常务副市长", "Executive Vice Mayor", False),
                        ("vice-mayor", "副市长", "Vice Mayor", False)],
    "province-government": [("governor", "省长", "Governor", True),
                            ("executive-vice-governor", "常务副省长", "Executive Vice Governor", False),
                            ("vice-governor", "副省长", "Vice Governor", False)],
    "bureau": [("director", "局长", "Director", True),
               ("party-group-secretary", "党组书记", "Secretary of the Party Leadership Group", "director"),
               ("deputy-director", "副局长", "Deputy Director", False)],
    "province-body": [("director", "厅长", "Director", True),
                      ("party-group-secretary", "党组书记", "Secretary of the Party Leadership Group", "director"),
                      ("deputy-director", "副厅长", "Deputy Director", False)],
    "commission": [("director", "主任", "Director", True),
                   ("deputy-director", "副主任", "Deputy Director", False)],
    "party-department": [("head", "部长", "Head", True),
                         ("executive-deputy-head", "常务副部长", "Executive Deputy Head", False)],
}
#: Platform kinds: (slug, label suffix, English, in a district?)
PLATFORM_KINDS = [
    ("high-tech-zone", "高新技术产业开发区", "High-tech Industrial Development Zone", False),
    ("innovation-centre", "科技创新中心", "Science and Technology Innovation Centre", False),
    ("industrial-technology-institute", "产业技术研究院", "Industrial Technology Research Institute", False),
    ("new-materials-laboratory", "新材料实验室", "New Materials Laboratory", False),
    ("talent-station", "人才驿站", "Talent Station", True),
    ("university-science-park", "大学科技园", "University Science Park", True),
    ("logistics-park", "现代物流园", "Modern Logistics Park", True),
    ("digital-economy-park", "数字经济产业园", "Digital Economy Industrial Park", True),
    ("cross-border-ecommerce-zone", "跨境电子商务综合试验区", "Cross-border E-commerce Comprehensive Pilot Zone", False),
    ("overseas-talent-base", "海外人才创新创业基地", "Overseas Talent Innovation and Entrepreneurship Base", True),
    ("smart-manufacturing-park", "智能制造产业园", "Smart Manufacturing Industrial Park", True),
    ("biomedicine-park", "生物医药产业园", "Biomedicine Industrial Park", True),
    ("new-energy-base", "新能源产业基地", "New Energy Industry Base", True),
    ("creative-industries-park", "文化创意产业园", "Creative Industries Park", True),
    ("legal-services-centre", "公共法律服务中心", "Public Legal Services Centre", False),
    ("incubator", "科技企业孵化器", "Technology Business Incubator", True),
]
ORG_KINDS = [
    ("university", "大学", "University"),
    ("polytechnic", "职业技术学院", "Polytechnic"),
    ("urban-construction-group", "城市建设投资集团", "Urban Construction Investment Group"),
    ("industrial-investment-group", "产业投资集团", "Industrial Investment Group"),
    ("transport-investment-group", "交通投资集团", "Transport Investment Group"),
    ("academy-of-agricultural-sciences", "农业科学研究院", "Academy of Agricultural Sciences"),
    ("talent-development-group", "人才发展集团", "Talent Development Group"),
]
COMPANY_SUFFIXES = [("technology", "科技有限公司", "Technology Co., Ltd."),
                    ("new-materials", "新材料股份有限公司", "New Materials Co., Ltd."),
                    ("intelligent-equipment", "智能装备有限公司", "Intelligent Equipment Co., Ltd."),
                    ("biotech", "生物科技有限公司", "Biotech Co., Ltd.")]
#: Target kinds: (verb, noun, unit, English verb phrase, value kind)
TARGET_KINDS = [
    ("引进", "博士人才", "名", "attract {v} PhD talents", "int-small"),
    ("引进", "高层次人才", "名", "attract {v} high-level talents", "int-small"),
    ("培育", "高新技术企业", "家", "foster {v} high-tech enterprises", "int-small"),
    ("建成", "重点实验室", "个", "build {v} key laboratories", "int-tiny"),
    ("完成", "固定资产投资", "元", "fixed-asset investment of {v} yuan", "yi"),
    ("实现", "工业总产值", "元", "gross industrial output of {v} yuan", "yi"),
    ("新增", "就业岗位", "个", "{v} new jobs", "wan"),
    ("建设", "标准厂房", "平方米", "{v} square metres of standard factory buildings", "wan"),
    ("规划", "面积", "平方公里", "a planned area of {v} square kilometres", "decimal"),
    ("接待", "游客", "人次", "{v} tourist visits", "wan"),
    ("带动", "社会投资", "元", "{v} yuan of social investment", "yi"),
    ("研发投入占地区生产总值比重达到", "", "%", "R&D spending at {v}% of regional GDP", "percent"),
]
COMPARATORS = {  # comparator -> (before the number, after the unit)
    "at-least": ("", "以上"), "more-than": ("突破", ""), "exactly": ("", ""), "about": ("约", ""),
}
FILLERS = [
    "会议强调要坚持稳中求进工作总基调", "各级各部门要提高政治站位", "压实工作责任",
    "聚焦重点领域和关键环节", "推动各项任务落地见效", "进一步优化营商环境", "激发市场主体活力",
    "加快构建现代化产业体系", "持续深化改革开放", "不断增强发展动力", "切实保障和改善民生",
    "增进人民群众福祉", "统筹发展和安全", "守牢安全生产底线", "强化要素保障", "完善政策支持体系",
    "推动数字化转型和绿色低碳发展", "加强督促检查", "确保各项部署落到实处", "深化区域协调发展",
    "促进城乡融合发展", "积极对接国家重大战略", "拓展开放合作空间", "坚持项目为王",
    "狠抓招商引资", "以钉钉子精神抓落实", "今年以来全市经济运行总体平稳", "稳中有进",
    "与会人员围绕重点工作进行了深入讨论", "会议听取了有关部门的工作汇报", "记者从会上获悉",
    "据介绍", "下一步", "要进一步解放思想", "勇于担当作为", "为高质量发展提供有力支撑",
    "着力破解发展难题", "持续擦亮城市品牌", "不断提升群众获得感", "加快补齐基础设施短板",
]
PUBLISHERS = ["南方日报", "人民网", "新华网", "{province}日报", "{city}日报", "{city}发布",
              "{city}广播电视台"]
OFFICIAL_TAILS = ["表示", "强调", "指出", "出席活动", "到场调研指导工作", "主持会议", "介绍有关情况",
                  "参加调研"]
MEETINGS = ["工作推进会", "专题会议", "现场会", "动员大会", "工作会议", "调度会"]
START, END = dt.date(2015, 1, 1), dt.date(2024, 12, 31)

# --------------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------------

REGISTRY_FILES = {"Region": "regions", "AdministrativeDivision": "regions",
                  "Department": "departments", "Post": "posts", "Official": "officials",
                  "Initiative": "initiatives", "Platform": "platforms",
                  "Organization": "organisations", "Target": "targets", "Period": "periods"}
#: Classes written to the registry only when a document mentions them (SHACL requires officials
#: to hold a post, posts to be in a body and targets to have a value: documents state those).
MENTION_ONLY = {"Official", "Post", "Target"}
LITERAL_PROPERTIES = {"value", "unit", "comparator", "figureKind"}


@dataclass
class Entity:
    id: str
    cls: str
    label: str
    en: str
    aliases: list = field(default_factory=list)
    facts: list = field(default_factory=list)  # registry facts: {property: value, source: id}
    note: str | None = None
    extra: dict = field(default_factory=dict)  # generator-only attributes, never written
    description: dict | None = None  # {en, zh}: officials, and entities that share a label


@dataclass
class Clause:
    """``pre + quote + post`` in the text; ``facts`` rest on ``quote`` (empty for filler)."""

    quote: str
    facts: list = field(default_factory=list)  # (subject, property, object)
    pre: str = ""
    post: str = ""


@dataclass
class GeneratedCorpus:
    out: Path
    documents: int
    entities: int
    statements: int
    facts: int
    characters: int
    traditional: int


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in text.lower()).split())


class Zipf:
    """Draw items with probability proportional to 1 / rank^s (rank 1 = first item)."""

    def __init__(self, items, s: float = 1.0):
        self.items = list(items)
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(len(self.items))))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]

    def sample(self, rng: random.Random, k: int) -> list:
        k = min(k, len(self.items))
        picked: list = []
        for _ in range(20 * k):
            if len(picked) == k:
                break
            item = self.draw(rng)
            if item not in picked:
                picked.append(item)
        return picked


# --------------------------------------------------------------------------------------------------
# The world: regions, bodies, posts and their holders over time, initiatives, platforms, targets
# --------------------------------------------------------------------------------------------------

class World:
    def __init__(self, n_documents: int, rng: random.Random):
        self.rng = rng
        self.entities: dict[str, Entity] = {}
        self.labels: set[str] = set()
        self.mentioned: dict[str, None] = {}
        n_cities = max(3, min(48, round(n_documents / 25)))
        n_provinces = max(1, math.ceil(n_cities / 12))
        self.periods = self._periods()
        self.china = self._add(Entity("china", "Region", "中国", "China", aliases=["全国"]))
        self.provinces = []
        self.cities = []
        for p in range(n_provinces):
            self.provinces.append(self._province(p))
        for c in range(n_cities):
            self.cities.append(self._city(self.provinces[c % n_provinces], c // n_provinces))
        self.programmes = self._programmes()
        self.components = [c for p in self.programmes for c in p.extra["components"]]
        for province in self.provinces:
            self._province_bodies(province)
        for city in self.cities:
            self._city_bodies(city)
            self._city_organisations(city)
            self._city_plans(city)
            self._city_platforms(city)
            self._city_targets(city)
        self.city_pick = Zipf(self.cities, 1.0)

    # --- helpers ----------------------------------------------------------------------------------

    def _add(self, entity: Entity) -> Entity:
        base, n = entity.id, 2
        while entity.id in self.entities:
            entity.id = f"{base}-{n}"
            n += 1
        self.entities[entity.id] = entity
        self.labels.add(entity.label)
        return entity

    def _place_name(self, suffix: str) -> tuple[str, str]:
        """A new two-character place name (label with ``suffix``) and its pinyin."""
        for _ in range(10_000):
            (a, pa), (b, pb) = self.rng.sample(PLACE_CHARS, 2)
            if a + b + suffix not in self.labels:
                return a + b, pa + pb
        raise RuntimeError("ran out of place names")

    def person(self) -> tuple[str, str, str]:
        """A new person's name, English name and id base."""
        surname, sp = self.rng.choice(SURNAMES)
        given = self.rng.sample(GIVEN, self.rng.choice((1, 2, 2)))
        label = surname + "".join(g for g, _ in given)
        gp = "".join(p for _, p in given)
        return label, f"{sp.capitalize()} {gp.capitalize()}", f"{sp}-{gp}"

    def mention(self, entity_id: str) -> None:
        self.mentioned.setdefault(entity_id)

    # --- regions and periods ------------------------------------------------------------------------

    def _periods(self) -> dict:
        periods = {}
        for key, label, en, start in (("thirteenth-five-year-plan", "十三五", "13th Five-Year Plan period (2016-2020)", 2016),
                                      ("fourteenth-five-year-plan", "十四五", "14th Five-Year Plan period (2021-2025)", 2021),
                                      ("fifteenth-five-year-plan", "十五五", "15th Five-Year Plan period (2026-2030)", 2026)):
            periods[key] = self._add(Entity(key, "Period", label, en, aliases=[f"“{label}”时期"], facts=[
                {"startDate": dt.date(start, 1, 1), "source": "five-year-plan-calendar"},
                {"endDate": dt.date(start + 4, 12, 31), "source": "five-year-plan-calendar"}],
                extra={"start": start, "end": start + 4, "text": f"“{label}”期间"}))
        for year in range(2014, 2031):
            periods[f"year-{year}"] = self._add(Entity(f"year-{year}", "Period", f"{year}年", f"Year {year}", facts=[
                {"startDate": dt.date(year, 1, 1), "source": "gregorian-calendar"},
                {"endDate": dt.date(year, 12, 31), "source": "gregorian-calendar"}],
                extra={"start": year, "end": year, "text": f"{year}年"}))
        return periods

    def _province(self, index: int) -> Entity:
        name, py = self._place_name("省")
        code = PROVINCE_CODES[index % len(PROVINCE_CODES)]
        return self._add(Entity(f"{py}-province", "AdministrativeDivision", name + "省",
                                f"{py.capitalize()} Province", aliases=[name], facts=[
            {"divisionCode": f"{code}0000", "source": "synthetic-division-codes"},
            {"withinRegion": "china", "source": "synthetic-division-codes"}],
            extra={"code": code, "short": name, "py": py, "cities": []}))

    def _city(self, province: Entity, index: int) -> Entity:
        name, py = self._place_name("市")
        code = f"{province.extra['code']}{index + 1:02d}"
        city = self._add(Entity(py, "AdministrativeDivision", name + "市", py.capitalize(),
                                aliases=[name], facts=[
            {"divisionCode": f"{code}00", "source": "synthetic-division-codes"},
            {"withinRegion": province.id, "source": "synthetic-division-codes"}],
            extra={"province": province, "short": name, "py": py, "districts": []}))
        province.extra["cities"].append(city)
        for d in range(self.rng.randint(3, 6)):
            suffix, en = self.rng.choice((("区", "District"), ("区", "District"), ("县", "County")))
            dname, dpy = self._place_name(suffix)
            district = self._add(Entity(f"{dpy}-{_slug(en)}", "AdministrativeDivision", dname + suffix,
                                        f"{dpy.capitalize()} {en}", aliases=[dname], facts=[
                {"divisionCode": f"{code}{d + 2:02d}", "source": "synthetic-division-codes"},
                {"withinRegion": city.id, "source": "synthetic-division-codes"}],
                extra={"city": city}))
            city.extra["districts"].append(district)
        return city

    # --- bodies, posts, holders --------------------------------------------------------------------

    def _body(self, id_: str, label: str, en: str, kind: str, region: Entity, parent=None,
              alias: str | None = None) -> Entity:
        body = self._add(Entity(id_, "Department", label, en, aliases=[alias] if alias else [],
                                extra={"kind": kind, "region": region, "parent": parent, "posts": []}))
        by_slug = {}
        for slug, title, title_en, leading in POSTS[kind]:
            post = self._add(Entity(f"{slug}-of-{body.id}", "Post", label + title,
                                    f"{title_en}, {en}", aliases=[alias + title] if alias else [],
                                    extra={"body": body, "title": title, "leading": leading is True,
                                           "mirror": leading if isinstance(leading, str) else None,
                                           "tenures": []}))
            by_slug[slug] = post
            body.extra["posts"].append(post)
        self._holders(body, by_slug)
        return body

    def _holders(self, body: Entity, by_slug: dict) -> None:
        """Who held each post when: consecutive tenures of 1.5 to 5 years over 2015-2024.

        Deputies are drawn first, so that a third of the leaders can be promoted deputies of the
        same body; a mirrored post (party group secretary) has its leader's tenures."""
        posts = body.extra["posts"]
        order = [p for p in posts if not p.extra["leading"] and not p.extra["mirror"]]
        order += [p for p in posts if p.extra["leading"]]
        for post in order:
            day = START - dt.timedelta(days=self.rng.randint(0, 900))
            promoted_before: list[str] = []
            while day <= END:
                length = dt.timedelta(days=self.rng.randint(540, 1800))
                holder = None
                if post.extra["leading"]:
                    deputies = [t[2] for p in posts if p is not post for t in p.extra["tenures"]
                                if t[1] <= day and t[2] not in promoted_before]
                    if deputies and self.rng.random() < 0.35:
                        holder = deputies[-1]
                        promoted_before.append(holder)
                if holder is None:
                    label, en, base = self.person()
                    holder = self._add(Entity(base, "Official", label, en, description={
                        "en": f"Official who first held the post of {post.en} (synthetic)",
                        "zh": f"首任{post.label}的官员（合成数据）"})).id
                post.extra["tenures"].append((day, day + length, holder))
                day = day + length
        for post in posts:
            if post.extra["mirror"]:
                post.extra["tenures"] = list(by_slug[post.extra["mirror"]].extra["tenures"])

    def holder(self, post: Entity, date: dt.date) -> str:
        for start, end, official in post.extra["tenures"]:
            if start <= date < end:
                return official
        return post.extra["tenures"][-1][2]

    def _province_bodies(self, province: Entity) -> None:
        short = province.extra["short"]
        committee = self._body(f"{province.id}-party-committee", f"中共{short}省委",
                               f"CPC {province.en} Committee", "committee", province, alias="省委")
        government = self._body(f"{province.id}-government", f"{short}省人民政府",
                                f"{province.en} People's Government", "province-government", province,
                                parent=None, alias="省政府")
        bodies = []
        for slug, suffix, en in PROVINCE_BODIES:
            kind = "commission" if suffix.endswith("委员会") else "province-body"
            bodies.append(self._body(f"{province.id}-{slug}", f"{short}省{suffix}",
                                     f"{en} of {province.en}", kind, province, parent=government,
                                     alias=f"省{suffix}"))
        province.extra.update(committee=committee, government=government, bodies=bodies)

    def _city_bodies(self, city: Entity) -> None:
        short, en = city.extra["short"], city.en
        committee = self._body(f"{city.id}-party-committee", f"中共{short}市委",
                               f"CPC {en} Municipal Committee", "committee", city, alias="市委")
        government = self._body(f"{city.id}-government", f"{short}市人民政府",
                                f"{en} Municipal People's Government", "city-government", city,
                                alias="市政府")
        party = [self._body(f"{city.id}-{slug}", f"中共{short}市委{suffix}",
                            f"{e} of the CPC {en} Municipal Committee", "party-department", city,
                            parent=committee, alias=f"市委{suffix}")
                 for slug, suffix, e in PARTY_DEPARTMENTS]
        chosen = BUREAUS[:6] + sorted(self.rng.sample(BUREAUS[6:], self.rng.randint(4, 9)),
                                      key=BUREAUS.index)
        bureaus = [self._body(f"{city.id}-{slug}", f"{short}市{suffix}", f"{en} {e}", "bureau", city,
                              parent=government, alias=f"市{suffix}")
                   for slug, suffix, e in chosen]
        self.rng.shuffle(bureaus)
        city.extra.update(committee=committee, government=government, party=party, bureaus=bureaus,
                          bodies=[committee, government] + party + bureaus,
                          body_pick=Zipf([committee, government] + bureaus + party, 0.9))

    def _city_organisations(self, city: Entity) -> None:
        short, en = city.extra["short"], city.en
        orgs = []
        for slug, suffix, e in self.rng.sample(ORG_KINDS, self.rng.randint(3, 6)):
            orgs.append(self._add(Entity(f"{city.id}-{slug}", "Organization", f"{short}{suffix}",
                                         f"{en} {e}", extra={"city": city})))
        for _ in range(self.rng.randint(1, 4)):
            brand, bpy = self._place_name("")
            slug, suffix, e = self.rng.choice(COMPANY_SUFFIXES)
            orgs.append(self._add(Entity(f"{bpy}-{slug}", "Organization", f"{short}{brand}{suffix}",
                                         f"{en} {bpy.capitalize()} {e}", extra={"city": city})))
        for org in orgs:
            org.extra["place"] = self.rng.choice(city.extra["districts"] + [city])
        province = city.extra["province"]
        if "academy" not in province.extra:
            province.extra["academy"] = self._add(Entity(
                f"{province.id}-academy-of-sciences", "Organization",
                f"{province.extra['short']}省科学院", f"{province.en} Academy of Sciences",
                aliases=["省科学院"], extra={"city": city, "place": city}))
        orgs.append(province.extra["academy"])
        city.extra["orgs"] = orgs
        city.extra["org_pick"] = Zipf(orgs, 1.0)

    def _programmes(self) -> list[Entity]:
        programmes = []
        for pid, label, en, components in PROGRAMMES:
            programme = self._add(Entity(pid, "Initiative", label, en, extra={"components": []}))
            for cid, clabel, cshort, cen in components:
                component = self._add(Entity(cid, "Initiative", clabel, cen, aliases=[cshort],
                                             extra={"programme": programme, "short": cshort}))
                programme.extra["components"].append(component)
            programmes.append(programme)
        return programmes

    def _city_plans(self, city: Entity) -> None:
        short, en = city.extra["short"], city.en
        components = Zipf(self.components, 0.6).sample(self.rng, self.rng.randint(5, 9))
        plans = []
        for component in components:
            label = f"{short}市{component.extra['short']}三年行动计划"
            plans.append(self._add(Entity(
                f"{city.id}-{component.id}-plan", "Initiative", label,
                f"{en} Three-Year Action Plan: {component.en}",
                extra={"component": component, "city": city,
                       "lead": self.rng.choice(city.extra["bureaus"])})))
        city.extra["plans"] = plans
        city.extra["plan_pick"] = Zipf(plans, 1.0)

    def _city_platforms(self, city: Entity) -> None:
        short = city.extra["short"]
        platforms = []
        for slug, suffix, kind_en, in_district in self.rng.sample(PLATFORM_KINDS, self.rng.randint(6, 12)):
            district = self.rng.choice(city.extra["districts"]) if in_district else None
            place = district or city
            label = (district.label if district else short + "市") + suffix
            platform = self._add(Entity(
                f"{(district.id.rsplit('-', 1)[0] if district else city.id)}-{slug}", "Platform",
                label, f"{place.en} {kind_en}",
                extra={"city": city, "place": place,
                       "serves": self.rng.sample(city.extra["plans"] + self.components[:6],
                                                 self.rng.randint(1, 2)),
                       "operator": self.rng.choice(city.extra["bureaus"][:4] + city.extra["orgs"]),
                       "partner": self.rng.choice(city.extra["orgs"])}))
            platforms.append(platform)
        zones = [p for p in platforms if p.id.endswith("high-tech-zone")]
        for platform in platforms:
            if zones and platform not in zones and platform.extra["place"] is not city and self.rng.random() < 0.5:
                platform.extra["parent"] = zones[0]
        city.extra["platforms"] = platforms
        city.extra["platform_pick"] = Zipf(platforms, 1.0)

    def _target(self, owner: Entity, city: Entity, index: int) -> Entity:
        verb, noun, unit, en_phrase, kind = self.rng.choice(TARGET_KINDS)
        rng = self.rng
        if kind == "int-small":
            value = rng.choice((50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 120, 150, 30))
        elif kind == "int-tiny":
            value = rng.randint(3, 30)
        elif kind == "yi":
            value = f"{rng.randint(10, 900)}{rng.choice(('', '.5', '.25', '.93'))}亿"
        elif kind == "wan":
            value = f"{rng.choice((1, 1.5, 2, 3, 5, 8, 10, 12, 20, 50, 100, 120))}万"
        elif kind == "decimal":
            value = rng.choice((12, 25.6, 48.3, 80, 132.5, 1395, 60))
        else:
            value = rng.choice((2.5, 2.8, 3, 3.2, 3.5, 4))
        comparator = rng.choice(("at-least", "more-than", "exactly", "about", "exactly"))
        figure = "result" if rng.random() < 0.35 else "goal"
        if figure == "goal":
            period = self.periods[rng.choice(("thirteenth-five-year-plan", "fourteenth-five-year-plan",
                                              "fourteenth-five-year-plan", "fifteenth-five-year-plan"))]
        else:
            period = self.periods[f"year-{rng.randint(2014, 2024)}"]
        before, after = COMPARATORS[comparator]
        phrase = f"{verb}{noun}{before}{value}{unit}{after}"
        owner_name = owner.label
        return self._add(Entity(
            f"target-{owner.id}-{index + 1}", "Target", f"{owner_name}{phrase}",
            f"{owner.en}: {en_phrase.format(v=value)}",
            extra={"owner": owner, "value": value, "unit": unit, "comparator": comparator,
                   "figure": figure, "period": period, "phrase": phrase, "city": city}))

    def _city_targets(self, city: Entity) -> None:
        targets = []
        for plan in city.extra["plans"]:
            targets += [self._target(plan, city, i) for i in range(self.rng.randint(2, 4))]
        for platform in city.extra["platforms"]:
            targets += [self._target(platform, city, i) for i in range(self.rng.randint(0, 2))]
        targets += [self._target(city, city, i) for i in range(self.rng.randint(1, 3))]
        self.rng.shuffle(targets)
        city.extra["targets"] = targets
        city.extra["target_pick"] = Zipf(targets, 0.9)


# --------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------

def _cn_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


class DocumentWriter:
    def __init__(self, world: World, rng: random.Random):
        self.w = world
        self.rng = rng

    def filler(self, k: int | None = None) -> list[Clause]:
        return [Clause(q) for q in self.rng.sample(FILLERS, k or self.rng.randint(1, 3))]

    # --- fact-bearing clauses ----------------------------------------------------------------------

    def official(self, body: Entity, date: dt.date, tail: str = "") -> Clause:
        """``江海市科学技术局党组书记、局长王明``: the holder of a post at ``date``, and the post's body."""
        posts = [p for p in body.extra["posts"] if not p.extra["mirror"]]
        post = posts[0] if self.rng.random() < 0.6 else self.rng.choice(posts)
        official = self.w.holder(post, date)
        held = [p for p in body.extra["posts"] if p.extra["mirror"] and post.extra["leading"]
                and self.rng.random() < 0.7] + [post]
        title = "、".join(p.extra["title"] for p in held)
        facts = [(official, "holds", p.id) for p in held] + [(p.id, "postIn", body.id) for p in held]
        return Clause(f"{body.label}{title}{self.w.entities[official].label}", facts, post=tail)

    def programme(self, city: Entity) -> Clause:
        programme = self.rng.choice(self.w.programmes)
        components = programme.extra["components"]
        names = "、".join(c.extra["short"] for c in components)
        facts = [(c.id, "partOfInitiative", programme.id) for c in components]
        facts.append((city.id, "implements", programme.id))
        verb = self.rng.choice(("全面实施", "深入推进", "扎实推进"))
        return Clause(f"{city.label}{verb}“{names}”{programme.label}", facts)

    def plan(self, city: Entity) -> list[Clause]:
        plan = city.extra["plan_pick"].draw(self.rng)
        component = plan.extra["component"]
        clauses = [Clause(f"{city.label}印发《{plan.label}》", [(city.id, "implements", plan.id)]),
                   Clause(f"《{plan.label}》是{component.label}的重要组成部分",
                          [(plan.id, "partOfInitiative", component.id)])]
        lead = plan.extra["lead"]
        if self.rng.random() < 0.8:
            clauses.append(Clause(f"由{lead.label}牵头推进{plan.label}", [(lead.id, "leads", plan.id)]))
        if self.rng.random() < 0.3:
            district = self.rng.choice(city.extra["districts"])
            clauses.append(Clause(f"{plan.label}覆盖{district.label}", [(plan.id, "concernsRegion", district.id)]))
        return clauses

    def platform(self, city: Entity) -> list[Clause]:
        platform = city.extra["platform_pick"].draw(self.rng)
        place = platform.extra["place"]
        clauses = []
        if place is not city:
            clauses.append(Clause(f"位于{place.label}的{platform.label}", [(platform.id, "locatedIn", place.id)],
                                  post=self.rng.choice(("加快建设", "建设进展顺利", "已投入运营"))))
        else:
            clauses.append(Clause(f"{platform.label}落户{city.label}", [(platform.id, "locatedIn", city.id)]))
        for initiative in platform.extra["serves"]:
            if self.rng.random() < 0.7:
                clauses.append(Clause(f"{platform.label}重点服务{initiative.label}",
                                      [(platform.id, "serves", initiative.id)]))
        if self.rng.random() < 0.6:
            operator = platform.extra["operator"]
            clauses.append(Clause(f"{platform.label}由{operator.label}负责建设运营",
                                  [(platform.id, "operatedBy", operator.id)]))
        if self.rng.random() < 0.4:
            partner = platform.extra["partner"]
            clauses.append(Clause(f"{partner.label}与{city.label}共建{platform.label}",
                                  [(partner.id, "partnerIn", platform.id), (city.id, "partnerIn", platform.id)]))
        parent = platform.extra.get("parent")
        if parent is not None and self.rng.random() < 0.5:
            clauses.append(Clause(f"{platform.label}是{parent.label}的重要组成部分",
                                  [(platform.id, "partOfPlatform", parent.id)]))
        return clauses

    def target(self, city: Entity, date: dt.date) -> Clause:
        target = city.extra["target_pick"].draw(self.rng)
        x = target.extra
        period = x["period"]
        if x["figure"] == "goal":
            lead = self.rng.choice(("力争", "将", "预计"))
        else:
            lead = self.rng.choice(("已", "累计", "全年"))
        text = f"{period.extra['text']}，{x['owner'].label}{lead}{x['phrase']}"
        facts = [(target.id, "value", x["value"]), (target.id, "unit", x["unit"]),
                 (target.id, "comparator", x["comparator"]), (target.id, "figureKind", x["figure"]),
                 (target.id, "period", period.id), (target.id, "targetOf", x["owner"].id)]
        return Clause(text, facts)

    def body_relations(self, city: Entity) -> list[Clause]:
        body = city.extra["body_pick"].draw(self.rng)
        clauses = []
        parent = body.extra["parent"]
        if parent is not None:
            clauses.append(Clause(f"{body.label}是{parent.label}的工作部门",
                                  [(body.id, "subOrganizationOf", parent.id)]))
        clauses.append(Clause(f"{body.label}负责{city.label}相关工作", [(body.id, "jurisdiction", city.id)]))
        if self.rng.random() < 0.5:
            initiative = city.extra["plan_pick"].draw(self.rng).extra["component"]
            clauses.append(Clause(f"{body.label}认真落实{initiative.label}",
                                  [(body.id, "implements", initiative.id)]))
        return clauses

    def organisation(self, city: Entity) -> list[Clause]:
        org = city.extra["org_pick"].draw(self.rng)
        clauses = [Clause(f"{org.label}位于{org.extra['place'].label}",
                          [(org.id, "locatedIn", org.extra["place"].id)])]
        other = city.extra["org_pick"].draw(self.rng)
        if other is not org and self.rng.random() < 0.6:
            clauses.append(Clause(f"{org.label}与{other.label}签署战略合作协议",
                                  [(org.id, "cooperatesWith", other.id)]))
        if self.rng.random() < 0.5:
            plan = city.extra["plan_pick"].draw(self.rng)
            clauses.append(Clause(f"{org.label}参与{plan.label}", [(org.id, "partnerIn", plan.id)]))
        return clauses

    def regions(self, city: Entity) -> list[Clause]:
        district = self.rng.choice(city.extra["districts"])
        clauses = [Clause(f"{district.label}隶属{city.label}", [(district.id, "withinRegion", city.id)])]
        if self.rng.random() < 0.5:
            other = self.w.city_pick.draw(self.rng)
            if other is not city:
                clauses.append(Clause(f"{city.label}与{other.label}加强区域合作",
                                      [(city.id, "cooperatesWith", other.id)]))
        return clauses

    def related(self, city: Entity) -> Clause | None:
        a = city.extra["platform_pick"].draw(self.rng)
        b = city.extra["platform_pick"].draw(self.rng)
        if a is b:
            return None
        return Clause(f"{a.label}与{b.label}联动发展", [(a.id, "relatedTo", b.id)])

    # --- a whole document ----------------------------------------------------------------------

    def document(self, index: int) -> dict:
        rng = self.rng
        w = self.w
        date = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
        traditional = rng.random() < 1 / 3
        city = w.city_pick.draw(rng)
        province = city.extra["province"]
        length = int(rng.triangular(250, 1350, 800))
        paragraphs: list[list[list[Clause]]] = []
        kind = rng.choice(("meeting", "meeting", "interview", "review"))
        plan = city.extra["plan_pick"].draw(rng)
        meeting = rng.choice(MEETINGS)
        speaker_body = rng.choice((city.extra["committee"], city.extra["government"]))
        if kind == "meeting":
            title = f"{city.label}召开{plan.extra['component'].extra['short']}{meeting}"
            opening = [Clause(f"{_cn_date(date)}，{city.label}召开{plan.extra['component'].label}{meeting}"),
                       self.official(speaker_body, date, tail="出席会议并讲话")]
        elif kind == "interview":
            leader = self.official(speaker_body, date)
            name = w.entities[leader.facts[0][0]].label
            title = f"{name}接受专访：以“{plan.extra['component'].extra['short']}”推动高质量发展"
            opening = [Clause("日前"), Clause(leader.quote, leader.facts, post="接受本报记者专访")]
        else:
            title = f"{city.label}{date.year}年{plan.extra['component'].extra['short']}工作综述"
            opening = [Clause(f"{date.year}年以来"), Clause(f"{city.label}深入实施{plan.extra['component'].label}",
                                                          [(city.id, "implements", plan.extra["component"].id)])]
        paragraphs.append([opening + self.filler(1)])

        generators = [
            (3, lambda: [self.official(rng.choice(city.extra["bodies"]) if rng.random() < 0.3
                                       else city.extra["body_pick"].draw(rng), date,
                                       tail=rng.choice(OFFICIAL_TAILS))]),
            (1, lambda: [self.programme(city)]),
            (2, lambda: self.plan(city)),
            (3, lambda: self.platform(city)),
            (3, lambda: [self.target(city, date)]),
            (1, lambda: self.body_relations(city)),
            (1, lambda: self.organisation(city)),
            (1, lambda: self.regions(city)),
            (1, lambda: [c for c in [self.related(city)] if c is not None]),
        ]
        weights = list(itertools.accumulate(g[0] for g in generators))
        size = sum(len(c.pre + c.quote + c.post) + 1 for c in opening)
        while size < length:
            paragraph = []
            for _ in range(rng.randint(2, 4)):
                if size >= length:
                    break
                choice = generators[bisect.bisect_right(weights, rng.random() * weights[-1])][1]
                clauses = choice()
                if rng.random() < 0.5:
                    clauses = clauses + self.filler(1)
                if rng.random() < 0.15 and province is not None:
                    clauses = [self.official(rng.choice([province.extra["committee"], province.extra["government"]]
                                                        + province.extra["bodies"]), date, tail="指出")] + clauses
                paragraph.append(clauses)
                size += sum(len(c.pre + c.quote + c.post) + 1 for c in clauses)
            paragraph.append(self.filler())
            paragraphs.append(paragraph)
        return {"index": index, "date": date, "traditional": traditional, "city": city,
                "province": province, "title": title, "paragraphs": paragraphs, "kind": kind}


# --------------------------------------------------------------------------------------------------
# Writing files
# --------------------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


class Flow(list):
    """A list written in flow style: ``[li-xi, holds, director-of-...]``."""


class FlowMap(dict):
    """A mapping written in flow style: ``{name: 王明, role: reporter}``."""


_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                     default_flow_style=False)


def _statement(clause_quote: str, facts: list) -> dict:
    subjects = list(dict.fromkeys(f[0] for f in facts))
    if len(subjects) == 1:
        block: dict = {"about": subjects[0], "quote": clause_quote}
        for _, prop, obj in facts:
            if prop in block:
                block[prop] = Flow((block[prop] if isinstance(block[prop], list) else [block[prop]]) + [obj])
            else:
                block[prop] = obj
        return block
    return {"quote": clause_quote, "facts": [Flow(f) for f in facts]}


def _render(doc: dict, world: World, convert, residue: bool, pinyin_residue: bool, seed: int):
    """The raw text, and the statements with verbatim quotes."""
    def script(text: str) -> str:
        if not doc["traditional"]:
            return text
        text = convert(text)
        return text.replace("區", "區(qū)") if pinyin_residue else text

    statements = []
    n_facts = 0
    lines = []
    city, province = doc["city"], doc["province"]
    publisher = world.rng.choice(PUBLISHERS).format(city=city.extra["short"], province=province.extra["short"])
    residue_lines = []
    if residue:
        section = world.rng.choice(("要闻动态", "政务要闻", "本地新闻", "政声传递"))
        residue_lines = [f"您现在的位置是首页 >> {section}", section]
        lines += [script(residue_lines[0]), ""]
    lines.append(script(doc["title"]))
    lines.append(script(f"来源：{publisher}　发布时间：{doc['date'].isoformat()}"))
    if residue:
        lines.append(script(residue_lines[1]))
    lines.append("")
    for paragraph in doc["paragraphs"]:
        sentences = []
        for clauses in paragraph:
            parts = []
            for clause in clauses:
                quote = script(clause.quote)
                parts.append(script(clause.pre) + quote + script(clause.post))
                if clause.facts:
                    statements.append(_statement(quote, clause.facts))
                    n_facts += len(clause.facts)
                    for s, p, o in clause.facts:
                        world.mention(s)
                        if p not in LITERAL_PROPERTIES:
                            world.mention(o)
            sentences.append("，".join(parts) + "。")
        lines.append("　　" + "".join(sentences))
    editor, _, _ = world.person()
    lines += ["", script(f"（责任编辑：{editor}）"), ""]
    text = "\n".join(lines)
    authors = [FlowMap(name=world.person()[0], role="reporter")]
    if world.rng.random() < 0.4:
        authors.append(FlowMap(name=world.person()[0], role="correspondent"))
    meta = {"title": script(doc["title"]), "publisher": publisher, "date": doc["date"],
            "language": "zh-Hant" if doc["traditional"] else "zh-Hans", "authors": authors}
    if residue_lines:
        meta["residue_lines"] = Flow(script(line) for line in residue_lines)
    meta["note"] = (f"Synthetic document generated by benchmarks/generate.py (seed {seed}): "
                    "every name, figure and event is fictional.")
    return text, {"document": meta, "statements": statements}, n_facts


SOURCES = [
    {"id": "synthetic-division-codes", "title": "Synthetic six-digit division codes (GB/T 2260 style)",
     "publisher": "benchmarks/generate.py", "note": "Fictional codes: province PP0000, city PPCC00, "
     "district PPCCDD. Containment follows the code hierarchy."},
    {"id": "five-year-plan-calendar", "title": "Five-year plan periods (十三五 2016-2020, 十四五 2021-2025, 十五五 2026-2030)",
     "note": "Calendar dates of the national five-year plan periods."},
    {"id": "gregorian-calendar", "title": "Gregorian calendar", "note": "A calendar year runs from 1 January to 31 December."},
    {"id": "synthetic-translation", "title": "Generator's English labels",
     "note": "English labels made by benchmarks/generate.py from its templates and pinyin tables."},
]


def _describe_homonyms(entities) -> None:
    """Entities that share a label (two targets worded alike) get a description telling them
    apart, as the shapes require."""
    groups: dict[str, list] = {}
    for entity in entities:
        for label in (entity.label, entity.en.lower()):
            groups.setdefault(label, []).append(entity)
    for group in groups.values():
        for entity in group if len(group) > 1 else ():
            if entity.description is None:
                entity.description = {"en": f"{entity.en} (synthetic record {entity.id})",
                                      "zh": f"{entity.label}（合成记录 {entity.id}）"}


def _registry_entry(entity: Entity) -> dict:
    block: dict = {"id": entity.id, "class": entity.cls, "label": entity.label, "en": entity.en}
    if entity.aliases:
        block["aliases"] = Flow(entity.aliases)
    if entity.facts:
        block["facts"] = [FlowMap(f) for f in entity.facts]
    if entity.description:
        block["description"] = dict(entity.description)
    if entity.note:
        block["note"] = entity.note
    return block


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def generate(documents: int, seed: int, out: Path) -> GeneratedCorpus:
    """Write a synthetic seeds folder for ``documents`` documents into ``out`` (created)."""
    import opencc

    convert = opencc.OpenCC("s2t").convert
    rng = random.Random(seed)
    world = World(documents, rng)
    writer = DocumentWriter(world, rng)
    out = Path(out)
    (out / "entities").mkdir(parents=True, exist_ok=True)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    header = f"# Generated by benchmarks/generate.py --documents {documents} --seed {seed}: fictional data.\n"
    statements = facts = characters = traditional = 0
    for index in range(documents):
        doc = writer.document(index)
        residue = rng.random() < 0.25
        pinyin_residue = doc["traditional"] and rng.random() < 0.5
        text, curation, n_facts = _render(doc, world, convert, residue, pinyin_residue, seed)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        doc_id = f"{index:04d}_{digest}"
        _write(out / "documents" / f"{doc_id}.txt", text)
        _write(out / "documents" / f"{doc_id}.yaml",
               f"# Curation of {doc_id}.txt (synthetic) -- see seeds/README.md for the format.\n"
               + _dump(curation))
        statements += len(curation["statements"])
        facts += n_facts
        characters += len(text)
        traditional += doc["traditional"]
    _describe_homonyms(world.entities.values())
    by_file: dict[str, list] = {}
    written = 0
    for entity in world.entities.values():
        if entity.cls in MENTION_ONLY and entity.id not in world.mentioned:
            continue
        if entity.cls not in ("Region", "AdministrativeDivision", "Period") and entity.id not in world.mentioned:
            continue
        by_file.setdefault(REGISTRY_FILES[entity.cls], []).append(_registry_entry(entity))
        written += 1
    for name in sorted(by_file):
        _write(out / "entities" / f"{name}.yaml",
               header + _dump({"english_label_source": "synthetic-translation", "entities": by_file[name]}))
    _write(out / "sources.yaml", header + _dump({"sources": SOURCES}))
    return GeneratedCorpus(out, documents, written, statements, facts, characters, traditional)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, required=True, help="number of documents")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", type=Path, required=True, help="seeds folder to write")
    parser.add_argument("--force", action="store_true",
                        help="replace sources.yaml, entities/ and documents/ if OUT already has them")
    args = parser.parse_args(argv)
    existing = [p for p in (args.out / "entities", args.out / "documents", args.out / "sources.yaml") if p.exists()]
    if existing and not args.force:
        parser.error(f"{args.out} already holds a corpus; pass --force to replace it")
    for path in existing:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = generate(args.documents, args.seed, args.out)
    print(f"wrote {result.documents} documents ({result.traditional} Traditional, "
          f"{result.characters} characters), {result.statements} statements with {result.facts} facts, "
          f"{result.entities} entities into {result.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
