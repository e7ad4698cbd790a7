"""The curated seed corpus: quotes, labels, codes, and entities resolved across documents and scripts.

Tied to the two seed documents (they change when their curation does): the Traditional labels,
the division codes, the entities and targets both documents share, and the report's coverage."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.curation.corpus import load_corpus
from kg.curation.quotes import locate_quote
from kg.namespaces import KG, KGR
from kg.curation.ontology import load_ontology
from kg.text.normalize import normalize_text

from .conftest import SEEDS

RESIDUE = re.compile(r"[\u4e00-\u9fff]\([a-z\u00c0-\u024f]+\)")
DOC_2021 = KGR["doc-000-4221d1719c757f4b"]
DOC_2022 = KGR["doc-001-a1366d450c5a1b76"]
ENTITY_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                  "AdministrativeDivision", "Target", "Post", "Period")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS, load_ontology())


def test_every_statement_quote_is_found_in_its_document(corpus):
    checked = 0
    for document in corpus.documents:
        text = normalize_text(document.raw_text, set(document.meta.residue_lines))
        for statement in document.statements:
            assert locate_quote(text, statement.quote), f"{statement.where}: {statement.quote}"
            checked += 1
    assert checked > 200


def test_every_entity_has_labels_in_english_chinese_and_pinyin(seed_build, seed_graph):
    graph = seed_graph
    for cls in ENTITY_CLASSES:
        for entity in graph.subjects(RDF.type, KG[cls]):
            languages = {label.language for label in graph.objects(entity, SKOS.prefLabel)}
            assert {"zh-Hans", "en", "zh-Latn-pinyin"} <= languages, entity


def test_no_pinyin_residue_in_any_literal(seed_build, seed_graph):
    for _, _, obj in seed_graph:
        if isinstance(obj, Literal):
            assert not RESIDUE.search(str(obj)), obj
    for name in ("kg.ttl", "kg.trig", "kg.nt", "kg.jsonld", "evidence.csv"):
        assert not RESIDUE.search((seed_build.out_dir / name).read_text(encoding="utf-8")), name


def test_traditional_labels_come_from_the_traditional_source(seed_build, seed_graph):
    graph = seed_graph
    hant = {str(label) for label in graph.objects(KGR["zhuang-chunwei"], SKOS.prefLabel) if label.language == "zh-Hant"}
    assert hant == {"莊春維"}
    raw = (SEEDS / "documents" / "000_4221d1719c757f4b.txt").read_text(encoding="utf-8")
    for _, _, label in graph.triples((None, SKOS.prefLabel, None)):
        if label.language == "zh-Hant":
            assert str(label) in RESIDUE.sub(lambda m: m.group(0)[0], raw), label


def test_every_administrative_division_has_a_valid_gbt2260_code_with_its_source(seed_build, seed_graph):
    graph = seed_graph
    divisions = list(graph.subjects(RDF.type, KG.AdministrativeDivision))
    assert len(divisions) >= 9
    known = {"jiangmen": "440700", "pengjiang": "440703", "jianghai": "440704", "xinhui": "440705",
             "taishan": "440781", "kaiping": "440783", "heshan": "440784", "enping": "440785",
             "guangdong": "440000"}
    for division in divisions:
        codes = [str(c) for c in graph.objects(division, KG.divisionCode)]
        assert len(codes) == 1 and re.fullmatch(r"[1-8]\d{5}", codes[0]), division
        evidence = next(graph.subjects(RDF.object, Literal(codes[0])))
        source = graph.value(evidence, PROV.wasDerivedFrom)
        assert "2260" in str(graph.value(source, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    for slug, code in known.items():
        assert str(graph.value(KGR[slug], KG.divisionCode)) == code


def _documents_citing(graph, entity) -> set:
    documents = set()
    for evidence in set(graph.subjects(RDF.subject, entity)) | set(graph.subjects(RDF.object, entity)):
        source = graph.value(evidence, PROV.wasDerivedFrom)
        if (source, RDF.type, KG.Document) in graph:
            documents.add(source)
    return documents


@pytest.mark.parametrize("slug, traditional", [
    ("overseas-chinese-empowerment", "僑都賦能"),
    ("talent-doubling", None),
    ("target-world-class-scientist-teams", None),
    ("target-leading-talents", None),
    ("target-phd-talents", None),
    ("target-total-talent-pool", None),
    ("jiangmen-national-high-tech-zone", "江門國家高新區"),
])
def test_known_cross_document_entities_are_single_nodes_citing_both(seed_build, slug, traditional, seed_graph):
    graph = seed_graph
    entity = KGR[slug]
    assert (entity, RDF.type, None) in graph, f"{slug} is not in the graph"
    assert _documents_citing(graph, entity) == {DOC_2021, DOC_2022}
    names = {str(label) for p in (SKOS.prefLabel, SKOS.altLabel) for label in graph.objects(entity, p)}
    if traditional:
        assert traditional in names or any(traditional in n for n in names)


def test_talent_targets_have_value_unit_comparator_period_and_both_sources(seed_build, seed_graph):
    graph = seed_graph
    expected = {"target-world-class-scientist-teams": ("10.0", KG.UnitItem, KG.AtLeast),
                "target-leading-talents": ("100.0", KG.UnitPersonCount, KG.Exactly),
                "target-phd-talents": ("1000.0", KG.UnitPersonCount, KG.Exactly),
                "target-total-talent-pool": ("1000000.0", KG.UnitPerson, KG.MoreThan)}
    for slug, (value, unit, comparator) in expected.items():
        target = KGR[slug]
        assert str(graph.value(target, KG.value)) == value
        assert graph.value(target, KG.unit) == unit
        assert graph.value(target, KG.comparator) == comparator
        assert graph.value(target, KG.figureKind) == KG.Goal
        assert graph.value(target, KG.period) == KGR["fourteenth-five-year-plan"]


def test_no_duplicate_names_across_entities_of_one_class(seed_build, seed_graph):
    graph = seed_graph
    for cls in ENTITY_CLASSES:
        seen = {}
        for entity in graph.subjects(RDF.type, KG[cls]):
            for label in graph.objects(entity, SKOS.prefLabel):
                if label.language == "zh-Hans":
                    assert str(label) not in seen, f"{label}: {seen.get(str(label))} and {entity}"
                    seen[str(label)] = entity


def test_report_covers_both_documents_and_shared_entities(seed_build):
    report = (seed_build.out_dir / "report.md").read_text(encoding="utf-8")
    assert "| doc-000-4221d1719c757f4b | 2021-11-03 |" in report
    assert "| doc-001-a1366d450c5a1b76 | 2022-08-12 |" in report
    shared = int(re.search(r"Entities named by two or more documents \((\d+)\)", report).group(1))
    assert shared >= 30 and "人才倍增工程" in report and "Conforms: yes" in report
    assert "| 人才倍增工程 (`kgr:talent-doubling`) | 2 |" in report
    facts = int(re.search(r"Facts stated by two or more documents \((\d+)\)", report).group(1))
    assert facts >= 10


# --- Step 3: the seed corpus in the ontology-v2 vocabulary --------------------------------------

DOC_2021_ID, DOC_2022_ID = "000_4221d1719c757f4b", "001_a1366d450c5a1b76"
PLENUM = KGR["jiangmen-13th-committee-16th-plenary-session"]
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
OA = "http://www.w3.org/ns/oa#"


def _date(text):
    return Literal(text, datatype=XSD_DATE)


def _evidence(graph, s, p, o) -> list:
    """(quote or None, source) for each evidence record of one fact."""
    found = []
    for evidence in graph.subjects(RDF.subject, s):
        if graph.value(evidence, RDF.predicate) == p and graph.value(evidence, RDF.object) == o:
            quotes = [str(q) for target in graph.objects(evidence, URIRef(OA + "hasTarget"))
                      for selector in graph.objects(target, URIRef(OA + "hasSelector"))
                      for q in graph.objects(selector, URIRef(OA + "exact"))]
            found.append((quotes[0] if quotes else None, graph.value(evidence, PROV.wasDerivedFrom)))
    return found


@pytest.mark.parametrize("slug, date, not_after, quoted_in", [
    ("jiangmen-13th-committee-16th-plenary-session", "2021-11-02", None, DOC_2021),
    ("central-talent-work-conference", "2021-09-27", "2021-11-03", DOC_2021),
    ("guangdong-provincial-talent-work-conference", None, "2021-11-03", DOC_2021),
    ("xi-jinping-july-first-speech", None, "2021-07-01", DOC_2021),
    ("guangdong-13th-party-congress", "2022-05-22", "2022-08-12", DOC_2022),
])
def test_events_have_their_dates_with_evidence(seed_build, seed_graph, slug, date, not_after, quoted_in):
    """Seed corpus: the five events the texts name, dated as the text allows; a day the text does
    not give comes only from a named external source, never from a document."""
    graph, event = seed_graph, KGR[slug]
    assert (event, RDF.type, KG.Event) in graph
    for prop, value in ((KG.eventDate, date), (KG.notAfter, not_after)):
        assert graph.value(event, prop) == (_date(value) if value else None), (slug, prop)
        if value:
            sources = _evidence(graph, event, prop, _date(value))
            assert sources, (slug, prop)
            for quote, source in sources:
                if source == quoted_in:
                    assert quote
                else:
                    assert quote is None and (source, RDF.type, KG.ExternalSource) in graph


def test_the_plenum_its_convener_ordinals_and_what_responds_to_it(seed_build, seed_graph):
    """Seed corpus: 十三届十六次 is term 13, session 16 of the municipal committee; each department
    that commits to carry the plenum out responds to it; the speech has its speaker."""
    graph = seed_graph
    assert graph.value(PLENUM, KG.convenedBy) == KGR["jiangmen-municipal-party-committee"]
    assert (int(graph.value(PLENUM, KG.termNumber)), int(graph.value(PLENUM, KG.sessionNumber))) == (13, 16)
    departments = {"jiangmen-united-front-work-department", "jiangmen-taiwan-hk-macao-affairs-office",
                   "jiangmen-talent-work-bureau", "jiangmen-development-reform-bureau",
                   "jiangmen-science-technology-bureau", "jiangmen-industry-it-bureau",
                   "jiangmen-commerce-bureau"}
    assert {KGR[d] for d in departments} <= set(graph.subjects(KG.respondsTo, PLENUM))
    assert (KGR["talent-doubling"], KG.respondsTo, KGR["central-talent-work-conference"]) in graph
    assert (KGR["overseas-chinese-empowerment"], KG.respondsTo, KGR["xi-jinping-july-first-speech"]) in graph
    assert graph.value(KGR["xi-jinping-july-first-speech"], KG.speaker) == KGR["xi-jinping"]
    assert graph.value(KGR["guangdong-13th-party-congress"], KG.convenedBy) is None  # the text does not say


@pytest.mark.parametrize("subject, obj, words", [
    ("jiangmen-united-front-work-department", "overseas-chinese-empowerment", "統戰(僑務)部門將認真貫徹落實"),
    ("jiangmen-talent-work-bureau", "talent-doubling", "接下來,我們將圍繞全會提出的目標任務"),
])
def test_departments_are_quoted_with_their_own_commitments(seed_build, seed_graph, subject, obj, words):
    """Seed corpus: the two statements that quoted the plenum's words for a department now quote
    the department's own commitment, and answer the plenum (kg:inResponseTo)."""
    graph = seed_graph
    records = [e for e in graph.subjects(RDF.subject, KGR[subject])
               if graph.value(e, RDF.predicate) == KG.implements and graph.value(e, RDF.object) == KGR[obj]]
    assert len(records) == 1
    quotes = [q for q, _ in _evidence(graph, KGR[subject], KG.implements, KGR[obj])]
    assert quotes[0].startswith(words)
    assert graph.value(records[0], KG.inResponseTo) == PLENUM


def test_no_note_says_a_property_or_class_is_missing(corpus):
    """Seed corpus: relatedTo is never a stand-in for a missing property. No statement note (and no
    registry note) says the ontology lacks a property or class; every relatedTo explains itself."""
    missing = re.compile(r"no (closer )?property|ontology has no|no class of (its|their) own|"
                         r"relatedTo used", re.IGNORECASE)
    for document in corpus.documents:
        for statement in document.statements:
            note = " ".join(str(statement.note or "").split())
            assert not missing.search(note), f"{statement.where}: {note}"
            if any(f.predicate == "relatedTo" for f in statement.facts):
                assert note, f"{statement.where}: relatedTo without a note"
    for entity in corpus.entities.values():
        assert not missing.search(" ".join(str(entity.note or "").split())), entity.id


def test_bodies_promote_platforms_rather_than_relate_to_them(seed_build, seed_graph):
    """Seed corpus: a body that pushes or builds a platform promotes it (推进, 加快建设, 推动, 打造,
    谋划建设); no relatedTo joins a body and a platform."""
    graph = seed_graph
    for s, o in graph.subject_objects(KG.relatedTo):
        bodies = {(s, RDF.type, KG.Department) in graph, (o, RDF.type, KG.Department) in graph}
        platforms = {(s, RDF.type, KG.Platform) in graph, (o, RDF.type, KG.Platform) in graph}
        assert not (True in bodies and True in platforms), (s, o)
    for subject, obj in [("jiangmen-development-reform-bureau", "cas-jiangmen-neutrino-experiment-station"),
                         ("jiangmen-commerce-bureau", "combination-port"),
                         ("jiangmen-taiwan-hk-macao-affairs-office", "comprehensive-bonded-zone"),
                         ("jiangmen-industry-it-bureau", "jiangmen-large-industrial-agglomeration-area")]:
        assert (KGR[subject], KG.promotes, KGR[obj]) in graph


def test_milestone_descriptive_area_and_a_period_from_the_text(seed_build, seed_graph):
    """Seed corpus: 2023年元旦试运营 is a milestone of the town; 1395 km² is descriptive; the first
    half of 2022 takes its dates from the interview's own "今年上半年"."""
    graph, milestone = seed_graph, KGR["chikan-town-trial-operation"]
    assert graph.value(milestone, KG.dueDate) == _date("2023-01-01")
    assert graph.value(milestone, KG.milestoneOf) == KGR["chikan-overseas-chinese-ancient-town"]
    assert {q for q, _ in _evidence(graph, milestone, KG.dueDate, _date("2023-01-01"))} == {
        "加快建设赤坎华侨古镇,2023年元旦试运营", "赤坎华侨古镇项目明年元旦试运营"}
    assert graph.value(KGR["result-large-industrial-area-total-area"], KG.figureKind) == KG.Descriptive
    half = KGR["first-half-of-2022"]
    for prop, day in ((KG.startDate, "2022-01-01"), (KG.endDate, "2022-06-30")):
        assert _evidence(graph, half, prop, _date(day)) == [("今年上半年", DOC_2022)]
    assert "今年上半年" not in {str(a) for a in graph.objects(half, SKOS.altLabel)}


GENERIC_NAMES = ("市委", "市政府", "省委", "市委书记", "省委书记", "科技部门", "统战(侨务)部门", "我们",
                 "市发改部门", "集聚区")


def test_generic_names_are_scoped_to_jiangmen_not_global(corpus):
    """Seed corpus: generic names are scoped aliases valid in Jiangmen's documents, never global
    aliases; no global alias starts with 市, 省委, 省政府 or 省科学院; both documents are Jiangmen's."""
    from kg.curation.names import NameIndex
    from kg.curation.registry import load_registry

    aliases = {a for e in corpus.entities.values() for a in e.aliases}
    assert not aliases & set(GENERIC_NAMES)
    assert not [a for a in aliases if re.match(r"市|省(委|政府|科学院)", a)]
    scoped = {name: scope for e in corpus.entities.values() for name, scope in e.scoped}
    assert {scoped.get(name) for name in GENERIC_NAMES} == {"jiangmen"}
    assert {d.meta.jurisdiction for d in corpus.documents} == {"jiangmen"}
    ontology = load_ontology()
    index = NameIndex(load_registry(SEEDS, ontology), ontology)
    assert index.resolve("市委", scope="jiangmen") == ["jiangmen-municipal-party-committee"]
    assert index.resolve("市委", scope="second-city") == []


def test_we_in_the_interview_is_the_municipal_committee(corpus):
    """Seed corpus: in the 2022 interview every statement quoting 我们 is the municipal committee's
    (Party building included); the city keeps the statements whose text names 江门 as the actor."""
    interview = next(d for d in corpus.documents if d.meta.id == DOC_2022_ID)
    subjects = {f.subject for s in interview.statements if "我们" in s.quote for f in s.facts
                if f.predicate in ("implements", "promotes", "cooperatesWith")}
    assert subjects == {"jiangmen-municipal-party-committee"}
    facts = {(f.subject, f.predicate, f.obj.value) for s in interview.statements for f in s.facts}
    assert ("jiangmen-municipal-party-committee", "implements", "party-building") in facts
    assert ("jiangmen", "implements", "sci-tech-leading") in facts  # 江门正加快实施“科技引领”工程


@pytest.mark.parametrize("slug, cls", [
    ("gba-international-sci-tech-innovation-centre", "Initiative"),
    ("regional-balanced-development-comprehensive-experimental-zone", "Initiative"),
    ("pearl-river-estuary-integration-demonstration-zone", "Initiative"),
    ("overseas-economic-cultural-cooperation-demonstration-zone", "Initiative"),
    ("smart-port", "Initiative"), ("green-port", "Initiative"), ("combination-port", "Initiative"),
    ("four-functions-of-qiaodu", "Initiative"), ("chikan-town-trial-operation", "Milestone"),
])
def test_class_reviews(corpus, slug, cls):
    """Seed corpus: designations and roles the city takes on are Initiatives; the three port items
    share one class."""
    assert corpus.entities[slug].cls == cls


@pytest.mark.parametrize("s, p, o", [
    ("jiangmen-development-reform-bureau", "promotes", "fyp14-major-projects-construction"),
    ("jiangmen-development-reform-bureau", "promotes", "first-class-business-environment"),
    ("jiangmen-commerce-bureau", "promotes", "overseas-warehouses"),
    ("jiangmen-taiwan-hk-macao-affairs-office", "promotes", "hk-macao-youth-innovation-entrepreneurship-base"),
    ("talent-work-action-plan", "partOfInitiative", "talent-doubling"),
    ("gba-talent-highland", "relatedTo", "talent-doubling"),
    ("talent-high-level-innovation-platforms", "serves", "talent-doubling"),
    ("phd-postdoc-research-platforms", "serves", "talent-doubling"),
    ("academician-workstations", "serves", "talent-doubling"),
    ("phd-postdoc-innovation-platforms", "serves", "talent-doubling"),
    ("jiangmen-science-technology-bureau", "promotes", "academician-sci-tech-projects"),
    ("science-popularisation-group-formation", "partOfInitiative", "sci-tech-leading"),
    ("special-science-popularisation-venues", "serves", "sci-tech-leading"),
    ("jiangmen-dual-carbon-laboratory", "serves", "provincial-laboratory-designation"),
    ("jiangmen-dual-carbon-laboratory", "serves", "national-key-laboratory-designation"),
    ("jiangmen-dual-carbon-laboratory", "serves", "provincial-characteristic-industrial-park-designation"),
    ("dual-carbon-laboratory", "serves", "carbon-peaking-and-neutrality"),
    ("jiangmen-dual-carbon-laboratory", "serves", "carbon-peaking-and-neutrality"),
    ("qiaomengyuan", "locatedIn", "jiangmen"),
    ("sino-german-jiangmen-ai-institute", "concernsRegion", "germany"),
    ("shenzhen-jiangmen-railway", "connects", "jiangmen"),
    ("shenzhen-zhongshan-link", "connects", "jiangmen"),
    ("huangmaohai-sea-crossing", "connects", "hong-kong-zhuhai-macao-bridge"),
    ("overseas-chinese-cultural-exchange-national-platform", "serves", "qiaodu-cultural-exchange-function"),
    ("qiaodu-cultural-exchange-function", "partOfInitiative", "four-functions-of-qiaodu"),
])
def test_facts_the_read_found_missing_are_stated(seed_build, seed_graph, s, p, o):
    """Seed corpus: each fact the reading of both texts found missing, with its quote."""
    assert _evidence(seed_graph, KGR[s], KG[p], KGR[o]), (s, p, o)


def test_kept_apart_and_dropped(corpus):
    """Seed corpus: the two 'related but apart' pairs are not linked to each other (no text ties
    them); the European figures stay with the North Cluster (the sentence's subject); the set
    counts (八大, 14条) are not targets."""
    facts = {(f.subject, f.obj.value) for d in corpus.documents for s in d.statements for f in s.facts
             if f.obj.kind == "entity"}
    for a, b in [("dual-carbon-laboratory", "jiangmen-dual-carbon-laboratory"),
                 ("overseas-chinese-cultural-exchange-important-platform",
                  "overseas-chinese-cultural-exchange-national-platform")]:
        assert (a, b) not in facts and (b, a) not in facts
    for figure in ("result-european-countries-17", "result-european-funded-projects-131"):
        assert (figure, "large-industrial-area-north-cluster") in facts
    targets = [e for e in corpus.entities.values() if e.cls == "Target"]
    assert not [e.id for e in targets if "八大" in e.label or "14条" in e.label]
