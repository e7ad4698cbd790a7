// Part 2 of 3: filters (class, date, document), the evidence panel with tenures and the
// document reader, focus and search.
  // --- filters: class, document date, source document --------------------------------------------
  var fromBox = document.getElementById("date-from"), toBox = document.getElementById("date-to"),
      yearBox = document.getElementById("year"), documentBox = document.getElementById("documents");
  if (DATA.dates.length) {
    fromBox.min = toBox.min = fromBox.value = DATA.dates[0];
    fromBox.max = toBox.max = toBox.value = DATA.dates[1];
    for (var y = +DATA.dates[0].slice(0, 4); y <= +DATA.dates[1].slice(0, 4); y++) {
      var option = el("option", String(y)); option.value = String(y); yearBox.appendChild(option);
    }
  } else {
    document.getElementById("dates").style.display = "none";
  }
  Object.keys(DATA.sources).sort(function (a, b) {
    var x = DATA.sources[a], y = DATA.sources[b];
    return x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : x[1] < y[1] ? -1 : 1;
  }).forEach(function (i) {
    var s = DATA.sources[i];
    if (!s[3]) { return; }
    var line = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = s[0]; box.dataset.index = i;
    line.appendChild(box); line.appendChild(document.createTextNode(" " + s[2] + " " + s[1]));
    documentBox.appendChild(line);
  });
  var state = {from: "", to: "\uffff", classes: {}, documentsOff: {}};
  function citeShown(c) {
    var s = DATA.sources[c[1]];
    if (!s[2]) { return true; }              // sources without a date (registry citations)
    return !state.documentsOff[c[1]] && s[2] >= state.from && s[2] <= state.to;
  }
  function dated(indices) { return indices.some(function (i) { return DATA.facts[i][3].some(function (c) { return DATA.sources[c[1]][2]; }); }); }
  function anyShown(indices) { return indices.some(function (i) { return DATA.facts[i][3].some(citeShown); }); }
  function factShown(i) { return DATA.facts[i][3].some(citeShown); }
  function applyFilters() {
    state.from = fromBox.value || ""; state.to = toBox.value || "\uffff";
    document.querySelectorAll("#classes input").forEach(function (b) { state.classes[b.value] = b.checked; });
    state.documentsOff = {};
    documentBox.querySelectorAll("input").forEach(function (b) { if (!b.checked) { state.documentsOff[b.dataset.index] = true; } });
    var nodeUpdates = [], edgeUpdates = [], count = 0;  // only what changes is updated
    DATA.nodes.forEach(function (n) {
      var on = state.classes[n.cls] !== false && (!dated(n.f) || anyShown(n.f));
      if ((visible[n.id] !== false) !== on) { nodeUpdates.push({id: n.id, hidden: !on}); }
      visible[n.id] = on; if (on) { count++; }
    });
    Object.keys(edgeById).forEach(function (id) {
      var e = edgeById[id];
      var on = visible[e.from] && visible[e.to] && (!dated(e.facts) || anyShown(e.facts));
      if (e.shown !== on) { edgeUpdates.push({id: id, hidden: !on}); e.shown = on; }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    document.getElementById("status").textContent = count + " of " + DATA.nodes.length + " entities shown";
    if (current) { current(); }
  }
  function refilter() {  // a filter changed: what it leaves, fitted and labelled
    applyFilters();
    firstView();
  }
  document.getElementById("classes").addEventListener("change", refilter);
  documentBox.addEventListener("change", refilter);
  fromBox.addEventListener("change", function () { yearBox.value = ""; refilter(); });
  toBox.addEventListener("change", function () { yearBox.value = ""; refilter(); });
  yearBox.addEventListener("change", function () {
    if (yearBox.value) { fromBox.value = yearBox.value + "-01-01"; toBox.value = yearBox.value + "-12-31"; }
    else if (DATA.dates.length) { fromBox.value = DATA.dates[0]; toBox.value = DATA.dates[1]; }
    refilter();
  });

  // --- the evidence panel ----------------------------------------------------------------------
  var current = null;  // redraws the panel when the filters change
  function describe(value) {
    var n = nodeAt(value);
    if (n) { return n.zh || n.iri; }
    var prefixes = {"https://w3id.org/localgov-kg/id/": "kgr:", "https://w3id.org/localgov-kg/ontology#": "kg:"};
    for (var p in prefixes) { if (String(value).indexOf(p) === 0) { return prefixes[p] + value.slice(p.length); } }
    return value;
  }
  function openText(c) {
    var s = source(c);
    var target = s.href + "#" + (c[2] >= 0 ? c[2] + "-" + c[3] : "q=" + encodeURIComponent(DATA.quotes[c[0]] || ""));
    document.getElementById("reader-title").textContent = s.title + (s.date ? ", " + s.date : "");
    document.getElementById("reader-link").href = target;
    document.getElementById("reader-frame").src = target;
    document.getElementById("reader").classList.add("open");
  }
  document.getElementById("reader-close").addEventListener("click", function () {
    document.getElementById("reader").classList.remove("open");
  });
  function cite(c) {
    var s = source(c), line = el("div", null, citeShown(c) ? "cite" : "cite outside");
    if (c[0] >= 0) {
      line.appendChild(el("q", DATA.quotes[c[0]]));
      line.appendChild(document.createTextNode(" — " + s.title + (s.date ? ", " + s.date : "")));
    } else {
      line.appendChild(document.createTextNode("source: " + s.title));
    }
    if (s.href) {
      var button = el("button", "text / 原文");
      button.type = "button";
      button.addEventListener("click", function () { openText(c); });
      line.appendChild(button);
    }
    return line;
  }
  function showFacts(panel, indices, untitled) {
    if (!untitled) { panel.appendChild(el("h3", "Facts and evidence / 事实与证据")); }
    if (!indices.length) { panel.appendChild(el("p", "No facts stated.")); }
    indices.slice().sort(function (a, b) { return factShown(b) - factShown(a); }).forEach(function (i) {
      var fact = DATA.facts[i];
      panel.appendChild(el("div", describe(fact[0]) + " —" + DATA.preds[fact[1]] + "→ " + describe(fact[2]), "fact"));
      fact[3].forEach(function (c) { panel.appendChild(cite(c)); });
    });
  }
  function factsOf(index, predicates) {
    var n = nodeAt(index);
    return (n ? n.f : []).filter(function (i) {
      return DATA.facts[i][0] === index && predicates.indexOf(DATA.preds[DATA.facts[i][1]]) >= 0; });
  }
  function chain(index) {
    // For an official: the posts held, the bodies they belong to, and what those bodies lead or implement.
    var found = [];
    factsOf(index, ["holds"]).forEach(function (i) {
      factsOf(DATA.facts[i][2], ["postIn"]).forEach(function (j) {
        found.push(j);
        factsOf(DATA.facts[j][2], ["leads", "implements", "subOrganizationOf"]).forEach(function (k) {
          if (found.indexOf(k) < 0) { found.push(k); }
        });
      });
    });
    return found;
  }
  function tenures(panel, index) {
    var held = factsOf(index, ["holds"]);
    if (!held.length) { return; }
    panel.appendChild(el("h3", "Tenures: posts and the dates documents attest them / 任职（文件所载日期）"));
    held.forEach(function (i) {
      var fact = DATA.facts[i], line = el("div", null, "tenure"), dates = {};
      fact[3].forEach(function (c) { var d = DATA.sources[c[1]][2]; if (d) { dates[d] = dates[d] || citeShown(c); } });
      var list = Object.keys(dates).sort();
      line.appendChild(el("strong", describe(fact[2])));
      line.appendChild(document.createTextNode(list.length ? " attested " : " (no dated document)"));
      list.forEach(function (d, k) {
        if (k) { line.appendChild(document.createTextNode(", ")); }
        line.appendChild(el("span", d, dates[d] ? "inside" : "outside"));
      });
      line.dataset.shown = list.some(function (d) { return dates[d]; }) ? "yes" : "no";
      panel.appendChild(line);
    });
  }
  function row(table, name, value) {
    if (value === "" || value === undefined || value === null) { return; }
    var tr = table.insertRow();
    tr.insertCell().textContent = name; tr.insertCell().textContent = String(value);
  }
  function showNode(id) {
    var n = byId[id], panel = document.getElementById("panel");
    current = function () { showNode(id); };
    panel.textContent = "";
    panel.appendChild(el("h2", n.zh || n.iri));
    var table = el("table");
    row(table, "简体", n.zh); row(table, "繁體", n.hant); row(table, "English", n.en);
    row(table, "Pinyin", n.pinyin); row(table, "Class", n.cls); row(table, "IRI", n.iri);
    row(table, "Also called", n.names.join("; "));
    row(table, "Centrality (" + DATA.size + ")", n.s);
    panel.appendChild(table);
    tenures(panel, n.index);
    showFacts(panel, n.f);
    var linked = chain(n.index);
    if (linked.length) {
      panel.appendChild(el("h3", "Posts, bodies and initiatives / 职务、机构与举措"));
      showFacts(panel, linked, true);
    }
  }
  function showEdge(id) {
    var e = edgeById[id], panel = document.getElementById("panel");
    current = function () { showEdge(id); };
    panel.textContent = "";
    panel.appendChild(el("h2", describe(byId[e.from].index) + " —" + e.label + "→ " + describe(byId[e.to].index)));
    showFacts(panel, e.facts);
  }

  // --- focus: an entity with its neighbourhood in view and labelled ------------------------------
  function neighbourhood(id) {
    var seen = {}, list = [];
    network.getConnectedNodes(id).concat(edges.get({filter: function (e) {
      return e.from === id || e.to === id; }}).map(function (e) { return e.from === id ? e.to : e.from; }))
      .forEach(function (other) {
        if (!seen[other] && other !== id && byId[other] && visible[other] !== false) { seen[other] = true; list.push(other); }
      });
    return ranked(list);
  }
  function focusNode(id) {
    var cluster = clusterOf(id);
    if (cluster) { openCommunity(cluster); }
    var around = neighbourhood(id);
    around.forEach(function (other) { var c = clusterOf(other); if (c) { openCommunity(c); } });
    var shown = [id].concat(around.slice(0, 60));
    network.selectNodes([id]);
    network.fit({nodes: shown, animation: false, maxZoomLevel: 2});
    relabel(shown, EGO_LABELS + 1);
    showNode(id);
    return shown;
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (network.isCluster(id)) {
        network.unselectAll();  // the cluster node is about to go
        var members = openCommunity(id);
        network.fit({nodes: members, animation: false});  // the community opened, in view
        relabel(ranked(members), FIRST_LABELS);
        return;
      }
      showNode(id);
    } else if (params.edges.length && edgeById[params.edges[0]]) { showEdge(params.edges[0]); }
  });
  document.getElementById("fit").addEventListener("click", function () { firstView(); });

  // --- search by any name, any script or language, or the IRI -------------------------------------
  function search(text) {
    var wanted = key(text), list = document.getElementById("matches");
    list.textContent = "";
    if (!wanted) { return []; }
    var exact = DATA.nodes.filter(function (n) { return n.keys.indexOf(wanted) >= 0; });
    var found = exact.length ? exact : DATA.nodes.filter(function (n) {
      return n.keys.some(function (k) { return k.indexOf(wanted) >= 0; }); });
    if (found.length === 1) { focusNode(found[0].id); return found; }
    list.appendChild(el("p", found.length ? found.length + " matches:" : "No match."));
    found.sort(function (a, b) { return a.rank - b.rank; }).slice(0, 30).forEach(function (n) {
      var button = el("button", (n.zh || n.iri) + " · " + n.en + " · " + n.cls);
      button.addEventListener("click", function () { focusNode(n.id); });
      list.appendChild(button);
    });
    return found;
  }
  var input = document.getElementById("search");
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") { search(input.value); } });
  input.addEventListener("search", function () { search(input.value); });

