"""The vocabulary of Chinese official news that the draft reads: post titles, the standard names of
party and government bodies, common surnames, and the verbs that say how a body stands to an
initiative or a platform.

These are general words of the genre, the same in every city's reports; no place, person or
programme of any corpus is named here. The English words are used only to make readable ids
(``director-of-<body id>``), never as English labels: those are left to the curator.

>>> title_slug("党组副书记"), title_slug("常务副部长"), body_slug("发展改革局")
('party-group-deputy-secretary', 'executive-deputy-head', 'development-reform-bureau')
>>> TITLE_PATTERN.search("市科技局党组书记、局长").group(0)
'党组书记'
"""

from __future__ import annotations

import re

__all__ = ["TITLES", "TITLE_PATTERN", "title_slug", "BODIES", "body_slug", "BODY_SUFFIXES",
           "LEVEL_PREFIXES", "SURNAMES", "COMPOUND_SURNAMES", "NAME_BOUNDARIES", "LEADER_TITLES",
           "VERBS", "verb_property", "first_verb", "verb_ends"]

#: Post titles → the English words of a post id (``<words>-of-<body id>``).
TITLES = {
    "总书记": "general-secretary", "书记": "secretary", "副书记": "deputy-secretary",
    "常务副书记": "executive-deputy-secretary", "党组书记": "party-group-secretary",
    "党组副书记": "party-group-deputy-secretary", "党组成员": "party-group-member",
    "党委书记": "party-committee-secretary", "党委副书记": "party-committee-deputy-secretary",
    "党工委书记": "party-working-committee-secretary", "党工委副书记": "party-working-committee-deputy-secretary",
    "部长": "head", "副部长": "deputy-head", "常务副部长": "executive-deputy-head",
    "局长": "director", "副局长": "deputy-director", "常务副局长": "executive-deputy-director",
    "主任": "director", "副主任": "deputy-director", "常务副主任": "executive-deputy-director",
    "厅长": "director", "副厅长": "deputy-director", "处长": "division-director",
    "副处长": "deputy-division-director", "科长": "section-chief",
    "市长": "mayor", "副市长": "deputy-mayor", "常务副市长": "executive-deputy-mayor",
    "代市长": "acting-mayor", "区长": "district-head", "副区长": "deputy-district-head",
    "县长": "county-head", "副县长": "deputy-county-head", "镇长": "town-head",
    "省长": "governor", "副省长": "deputy-governor", "常务副省长": "executive-deputy-governor",
    "主席": "chair", "副主席": "vice-chair", "秘书长": "secretary-general",
    "副秘书长": "deputy-secretary-general", "院长": "president", "副院长": "vice-president",
    "校长": "president", "副校长": "vice-president", "检察长": "chief-prosecutor",
    "庭长": "chief-judge", "董事长": "chair", "副董事长": "vice-chair",
    "总经理": "general-manager", "副总经理": "deputy-general-manager", "会长": "president",
    "副会长": "vice-president", "理事长": "chair", "所长": "director", "副所长": "deputy-director",
    "常委": "standing-committee-member", "委员": "member", "总理": "premier", "副总理": "vice-premier",
    "委员长": "chair", "组长": "head", "副组长": "deputy-head", "政委": "political-commissar",
}
#: Titles that follow the name in the usual honorific order (习近平总书记).
LEADER_TITLES = ("总书记", "委员长", "总理", "副总理")
TITLE_PATTERN = re.compile("|".join(sorted(map(re.escape, TITLES), key=lambda t: (-len(t), t))))

#: Standard names of party and government bodies → the English words of a body id
#: (``<region id>-<words>``).
BODIES = {
    "委": "party-committee", "市委": "municipal-party-committee", "省委": "provincial-party-committee",
    "区委": "district-party-committee", "县委": "county-party-committee", "镇委": "town-party-committee",
    "政府": "government", "人民政府": "government", "人大常委会": "npc-standing-committee",
    "人大": "peoples-congress", "政协": "cppcc-committee", "纪委": "discipline-inspection-commission",
    "纪委监委": "discipline-inspection-supervision-commission", "监委": "supervision-commission",
    "统战部": "united-front-work-department", "组织部": "organisation-department",
    "宣传部": "publicity-department", "政法委": "political-legal-affairs-commission",
    "政研室": "policy-research-office", "编办": "staffing-office", "台港澳办": "taiwan-hk-macao-affairs-office",
    "港澳办": "hk-macao-affairs-office", "台办": "taiwan-affairs-office", "外办": "foreign-affairs-office",
    "外事办": "foreign-affairs-office", "侨办": "overseas-chinese-affairs-office",
    "侨务局": "overseas-chinese-affairs-bureau", "办公室": "general-office",
    "发展改革局": "development-reform-bureau", "发展和改革局": "development-reform-bureau",
    "发展改革委": "development-reform-commission", "发改委": "development-reform-commission",
    "发展和改革委员会": "development-reform-commission", "科技局": "science-technology-bureau",
    "科学技术局": "science-technology-bureau", "工业和信息化局": "industry-it-bureau",
    "工信局": "industry-it-bureau", "商务局": "commerce-bureau", "人才工作局": "talent-work-bureau",
    "财政局": "finance-bureau", "教育局": "education-bureau", "公安局": "public-security-bureau",
    "民政局": "civil-affairs-bureau", "司法局": "justice-bureau",
    "人力资源和社会保障局": "human-resources-social-security-bureau",
    "人社局": "human-resources-social-security-bureau", "自然资源局": "natural-resources-bureau",
    "生态环境局": "ecology-environment-bureau", "住房和城乡建设局": "housing-urban-rural-development-bureau",
    "住建局": "housing-urban-rural-development-bureau", "交通运输局": "transport-bureau",
    "水利局": "water-resources-bureau", "农业农村局": "agriculture-rural-affairs-bureau",
    "文化广电旅游体育局": "culture-radio-tourism-sports-bureau",
    "文化广电旅游局": "culture-radio-tourism-bureau", "文化和旅游局": "culture-tourism-bureau",
    "文化局": "culture-bureau", "体育局": "sports-bureau", "卫生健康局": "health-bureau",
    "卫健局": "health-bureau", "退役军人事务局": "veterans-affairs-bureau",
    "应急管理局": "emergency-management-bureau", "审计局": "audit-bureau",
    "国资委": "state-assets-commission", "市场监督管理局": "market-regulation-bureau",
    "市场监管局": "market-regulation-bureau", "统计局": "statistics-bureau",
    "医疗保障局": "healthcare-security-bureau", "医保局": "healthcare-security-bureau",
    "城市管理和综合执法局": "urban-management-law-enforcement-bureau",
    "政务服务数据管理局": "government-services-data-bureau", "金融工作局": "financial-work-bureau",
    "林业局": "forestry-bureau", "气象局": "meteorological-bureau", "税务局": "tax-bureau",
    "档案局": "archives-bureau", "信访局": "petitions-bureau", "总工会": "federation-of-trade-unions",
    "团委": "communist-youth-league-committee", "妇联": "womens-federation", "侨联": "returned-overseas-chinese-federation",
    "科协": "association-for-science-and-technology", "工商联": "federation-of-industry-and-commerce",
    "管委会": "management-committee", "中级人民法院": "intermediate-peoples-court",
    "人民检察院": "peoples-procuratorate",
}
#: How a body's name ends: what makes a run of characters before a title a body.
BODY_SUFFIXES = ("委员会", "常委会", "委", "部", "局", "办", "厅", "院", "会", "政府", "室", "处", "中心",
                 "集团", "公司", "大学", "学院", "研究所", "联合会", "联", "署", "组")
#: Where a body's name may begin: a level word, or the party (中共).
LEVEL_PREFIXES = ("中共中央", "中共", "党中央", "国务院", "全国", "中央", "国家", "省", "市", "区", "县", "镇",
                  "乡", "街道")

#: Common single-character surnames (the most frequent few hundred).
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由皇习")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "司徒", "尉迟", "长孙", "皇甫", "令狐", "东方", "夏侯",
                     "慕容", "公孙", "端木", "独孤", "南宫", "西门", "万俟", "闻人", "呼延")
#: What may follow a name in a byline or title chain: punctuation, or a verb of speech or action.
NAME_BOUNDARIES = ("说", "表示", "在", "指出", "强调", "认为", "介绍", "调研", "主持", "出席", "会见", "要求",
                   "等", "一行", "同志", "和", "与", "及", "率", "带队", "参加", "讲话", "作", "答", "接受",
                   "对", "称", "提出", "透露", "告诉", "谈到", "坦言", "前往", "到", "来", "赴", "深入", "先后",
                   "分别", "代表", "向", "为", "从", "已", "也", "还", "就", "的", "是", "将", "对此", "指示")

#: Verbs before an initiative or a platform, longest first, with the property they give the
#: speaking body: leads (in charge), implements (carries out a programme), promotes (pushes,
#: builds, speeds up).
VERBS = {
    "牵头": "leads", "主责": "leads", "负责": "leads", "主导": "leads",
    "实施": "implements", "落实": "implements", "推行": "implements", "开展": "implements",
    "执行": "implements", "举办": "implements",
    "推进": "promotes", "加快建设": "promotes", "推动": "promotes", "打造": "promotes",
    "谋划建设": "promotes", "规划建设": "promotes", "建设": "promotes", "加快": "promotes",
    "创建": "promotes", "发展": "promotes", "办好": "promotes", "组建": "promotes", "共建": "promotes",
    "高标准建设": "promotes", "新建": "promotes", "培育": "promotes", "提升": "promotes",
    "支持": "promotes",
}
_VERB_PATTERN = re.compile("|".join(sorted(map(re.escape, VERBS), key=lambda v: (-len(v), v))))


def title_slug(title: str) -> str:
    """The English words of a post title, for ids (unknown titles: ``post``)."""
    return TITLES.get(title, "post")


def body_slug(name: str) -> str | None:
    """The English words of a standard body name (without its level prefix), or ``None``."""
    return BODIES.get(name)


def verb_ends(text: str) -> list[int]:
    """Where each verb of ``text`` ends, first to last.

    >>> verb_ends("与港科大共建江门双碳实验室"), verb_ends("加快推动中科院(江门)中微子实验站")
    ([6], [4])
    """
    ends: list[int] = []
    for match in _VERB_PATTERN.finditer(text):
        if ends and ends[-1] == match.start():  # 加快推动: one run of verbs
            ends[-1] = match.end()
        else:
            ends.append(match.end())
    return ends


def first_verb(text: str) -> tuple[int, str] | None:
    """Where the first verb of ``text`` ends, and the verb.

    >>> first_verb("系统推进区域平衡发展")
    (4, '推进')
    """
    found = _VERB_PATTERN.search(text)
    return (found.end(), found.group(0)) if found else None


def verb_property(text: str) -> tuple[str, str] | None:
    """The last verb of ``text`` and the property it gives, or ``None``.

    >>> verb_property("江门正加快实施"), verb_property("全力推动")
    (('实施', 'implements'), ('推动', 'promotes'))
    """
    found = list(_VERB_PATTERN.finditer(text))
    if not found:
        return None
    verb = found[-1].group(0)
    return verb, VERBS[verb]
