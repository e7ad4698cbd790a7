// Part 3 of 3: take it away (PNG of the view, CSV of the visible subgraph), and the page's API.
  // --- take it away: the view as PNG, the visible subgraph as CSV ---------------------------------
  function download(name, url) {
    var a = el("a"); a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
  }
  function savePng() {
    var canvas = graph.querySelector("canvas"), copy = document.createElement("canvas");
    copy.width = canvas.width; copy.height = canvas.height;
    var context = copy.getContext("2d");
    context.fillStyle = "#ffffff"; context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    download("graph-view.png", copy.toDataURL("image/png"));
  }
  function csvCell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }  // not a formula in a spreadsheet
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(rows) {
    return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }
  function visibleNodes() { return DATA.nodes.filter(function (n) { return visible[n.id] !== false; }); }
  function nodesCsv() {
    var rows = [["id", "label_zh", "label_en", "pinyin", "class", "centrality_" + DATA.size, "community"]];
    visibleNodes().forEach(function (n) { rows.push([n.iri, n.zh, n.en, n.pinyin, n.cls, n.s, n.c]); });
    return csv(rows);
  }
  function tiesCsv() {
    var rows = [["from", "from_label", "predicate", "to", "to_label", "quote", "source", "source_title", "date"]];
    Object.keys(edgeById).forEach(function (id) {
      var e = edgeById[id];
      if (visible[e.from] === false || visible[e.to] === false || edges.get(id).hidden) { return; }
      e.facts.forEach(function (i) {
        var fact = DATA.facts[i];
        fact[3].filter(citeShown).forEach(function (c) {
          var s = source(c);
          rows.push([byId[e.from].iri, byId[e.from].zh, DATA.preds[fact[1]], byId[e.to].iri, byId[e.to].zh,
                     c[0] >= 0 ? DATA.quotes[c[0]] : "", s.iri, s.title, s.date]);
        });
      });
    });
    return csv(rows);
  }
  function saveCsv(name, text) {
    download(name, URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"})));
  }
  document.getElementById("save-png").addEventListener("click", savePng);
  document.getElementById("save-nodes").addEventListener("click", function () { saveCsv("nodes.csv", nodesCsv()); });
  document.getElementById("save-ties").addEventListener("click", function () { saveCsv("ties-evidence.csv", tiesCsv()); });

  applyFilters();
  marks.ready = performance.now() - started;
  // the first frame of the finished first view, in ms since the page began to load
  network.once("afterDrawing", function () { page.firstFrame = performance.now(); });
  network.redraw();
  Object.assign(page, {marks: marks, search: search, focusNode: focusNode, setLanguage: setLanguage, legible: legible,
                       key: key, openCommunity: openCommunity, clusterOf: clusterOf, byId: byId,
                       visible: visible, nodesCsv: nodesCsv, tiesCsv: tiesCsv, applyFilters: applyFilters});
