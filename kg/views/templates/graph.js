// The graph page's script, part 1 of 3: data, vis-network, legible labels, communities,
// the first view. kg/views/html.py joins graph.js, panel.js and export.js in one function.
  // The page's script. Data: one JSON copy (kg.views.content); text goes in with textContent only.
  var started = performance.now();
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var LABEL_PX = 9;          // a label is legible from 9 screen pixels
  var FIRST_LABELS = 32;     // labels placed at first sight (15 to 40 wanted)
  var EGO_LABELS = 30;       // labels placed around a searched or focused entity
  var HIDDEN_PX = 7.5;       // below vis-network's draw threshold (drawThreshold 9 draws from 8 px)
  var graph = document.getElementById("graph");
  var byId = {}, edgeById = {}, lang = DATA.lang;
  var visible = {};  // node id → shown by the filters (class, date, document)
  DATA.nodes.forEach(function (n, i) { n.index = i; byId[n.id] = n; });

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function nodeAt(value) { return typeof value === "number" ? DATA.nodes[value] : null; }
  function label(n) { return n[lang] || n.zh || n.iri; }
  function source(c) {
    var s = DATA.sources[c[1]];
    return {iri: s[0], title: s[1], date: s[2], document: s[3], href: s[4]};
  }

  // --- search keys: kg.text.labels.name_key as far as a browser can repeat it --------------------
  // NFKC, Traditional characters to Simplified (one by one, with the table of the page's own
  // characters that Python made with OpenCC: a browser has no phrase-aware converter, so each
  // node also carries keys of its names in their own script), tone marks dropped (NFKD), lower
  // case, separators removed.
  var SEPARATORS = /[\s\-_·•.,'"“”()（）]/g;
  function key(text) {
    var simplified = Array.from(String(text).normalize("NFKC")).map(function (c) {
      return DATA.t2s[c] || c; }).join("");
    return simplified.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(SEPARATORS, "");
  }

  // --- vis-network: nodes and ties made from the data --------------------------------------------
  var subject = DATA.subject === null ? null : DATA.nodes[DATA.subject];
  // The zoom at which the whole graph fits (as vis-network's fit computes it, near enough), so
  // that every node is made with a label size that stays hidden now and grows legible as one
  // zooms in; the labels to show at first sight are then sized after the real fit.
  var zoomGuess = (function () {
    var xs = DATA.nodes.map(function (n) { return n.x; }), ys = DATA.nodes.map(function (n) { return n.y; });
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs) + 60,
        h = Math.max.apply(null, ys) - Math.min.apply(null, ys) + 60;
    return Math.min(graph.clientWidth / (1.1 * w), graph.clientHeight / (1.1 * h)) || 1;
  })();
  // A few sizes only, so that the canvas makes few fonts (each new CJK font size costs
  // milliseconds): the label of the node ranked r grows legible at about (r / 32)^0.35 times the
  // zoom of the first view, in steps of 1.25.
  function hiddenSize(n, scale) {
    var grow = Math.min(1, Math.pow(FIRST_LABELS / (n.rank + 1), 0.35));
    var step = Math.min(12, Math.round(Math.log(grow) / Math.log(0.8)));
    return HIDDEN_PX / scale * Math.pow(0.8, step);
  }
  function visNode(n) {
    var style = DATA.styles[n.cls] || ["#777", "dot"];
    var mine = subject === n;
    return {id: n.id, label: label(n), x: n.x, y: n.y, size: mine ? Math.max(n.r * 1.6, 24) : n.r,
            shape: style[1], color: {background: style[0], border: mine ? "#111" : "#555",
            highlight: {background: style[0], border: "#000"}}, borderWidth: mine ? 5 : 1,
            font: {size: DATA.cluster ? 1 : hiddenSize(n, zoomGuess), color: "#111", strokeWidth: 3, strokeColor: "#ffffff",
                   background: mine ? "#fff3b0" : undefined},
            c: n.c, title: [n.zh, n.en, n.cls].filter(Boolean).join(" · ")};
  }
  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(function (e, i) {
    var id = "e" + i;
    edgeById[id] = {from: DATA.nodes[e[0]].id, to: DATA.nodes[e[1]].id, label: e[2], facts: e[3], shown: true};
    return {id: id, from: DATA.nodes[e[0]].id, to: DATA.nodes[e[1]].id, label: e[2], title: e[2]};
  }));
  var options = {
    physics: {enabled: false}, layout: {improvedLayout: false},
    nodes: {scaling: {label: {enabled: false, drawThreshold: LABEL_PX, maxVisible: 20}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.4}}, smooth: false, width: 0.6,
            font: {size: 9, color: "#555", strokeWidth: 2}, color: {color: "#c8c8c8", highlight: "#333"},
            scaling: {label: {enabled: false, drawThreshold: LABEL_PX}}},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: DATA.nodes.length > 1500,
                  hideEdgesOnZoom: DATA.nodes.length > 1500}
  };
  var network = new vis.Network(graph, {nodes: nodes, edges: edges}, options);
  var page = window.kgPage = {network: network, nodes: nodes, edges: edges, data: DATA, firstFrame: null};

  // --- legible labels: font sizes chosen for the current zoom ------------------------------------
  function textWidth(text, px) {
    var w = 0;
    for (var i = 0; i < text.length; i++) { w += text.charCodeAt(i) > 0x2e80 ? px : px * 0.58; }
    return w;
  }
  function overlaps(box, placed) {
    for (var i = 0; i < placed.length; i++) {
      var p = placed[i];
      if (box[0] < p[2] && p[0] < box[2] && box[1] < p[3] && p[1] < box[3]) { return true; }
    }
    return false;
  }
  // Give up to `count` of `candidates` (vis ids, most wanted first) a legible size at the current
  // zoom where their labels do not overlap; the others a size that grows legible as one zooms in.
  function placeLabels(candidates, count, others) {
    var scale = network.getScale(), placed = [], chosen = {}, updates = [], width = graph.clientWidth,
        height = graph.clientHeight, positions = network.getPositions(candidates);
    candidates.forEach(function (id) {
      if (Object.keys(chosen).length >= count || !positions[id]) { return; }
      var item = nodes.get(id) || clusterInfo[id];
      if (!item || item.hidden) { return; }
      var rank = Object.keys(chosen).length, px = Math.round(15 - 4 * rank / Math.max(count, 1));
      var at = network.canvasToDOM(positions[id]);
      if (at.x < 0 || at.y < 0 || at.x > width || at.y > height) { return; }
      var text = String(item.label || ""), below = at.y + (item.size || 10) * scale + 2,
          lines = text.split("\n"), widest = lines.reduce(function (a, b) { return a.length > b.length ? a : b; });
      var sizes = px > 10 ? [px, 10] : [px];  // where it does not fit, try it smaller (still legible)
      for (var k = 0; k < sizes.length; k++) {
        var w = textWidth(widest, sizes[k]) + 4;
        var box = [at.x - w / 2, below, at.x + w / 2, below + sizes[k] * 1.25 * lines.length];
        if (id === (subject && subject.id) || !overlaps(box, placed)) {
          placed.push(box);
          chosen[id] = sizes[k] / scale;
          return;
        }
      }
    });
    candidates.forEach(function (id) {
      if (chosen[id] !== undefined) { updates.push({id: id, size: chosen[id]}); }
    });
    (others || network.body.nodeIndices).forEach(function (id) {
      if (chosen[id] !== undefined) { return; }
      var size = byId[id] ? hiddenSize(byId[id], scale) : clusterInfo[id] ? HIDDEN_PX / scale : null;
      var body = network.body.nodes[id], now = body ? body.options.font.size : 0;
      if (size !== null && Math.abs(now - size) > 0.04 * size) { updates.push({id: id, size: size}); }
    });
    var plain = [];
    updates.forEach(function (u) {
      if (clusterInfo[u.id]) {  // a cluster node: changed in place, redrawn once below
        network.body.nodes[u.id].setOptions({font: {size: u.size}});
      } else {
        plain.push({id: u.id, font: {size: u.size}});
      }
    });
    nodes.update(plain);
    network.redraw();
    return Object.keys(chosen);
  }
  function legible() {  // what a reader sees: labels drawn at 9 px or more, on screen
    var scale = network.getScale(), found = [], width = graph.clientWidth, height = graph.clientHeight;
    var ids = network.body.nodeIndices;
    var positions = network.getPositions(ids);
    ids.forEach(function (id) {
      var body = network.body.nodes[id];
      if (!body || body.options.hidden || !body.options.label) { return; }
      var at = network.canvasToDOM(positions[id]);
      if (at.x < 0 || at.y < 0 || at.x > width || at.y > height) { return; }
      if (body.options.font.size * scale >= LABEL_PX) { found.push(id); }
    });
    return found;
  }

  // --- communities: collapsed above the size where a reader sees only dots ----------------------
  var clusterInfo = {};
  function clusterLabel(k) {
    var top = DATA.communities[k].top.slice(0, 2).map(function (i) { return label(DATA.nodes[i]); });
    return top.join(" · ") + "\n(" + DATA.communities[k].size + " members / 成员)";
  }
  var SMALL = 6;  // communities smaller than this are gathered into one cluster
  function clusterNode(id, label, x, y, size, colour, title, joinCondition) {
    clusterInfo[id] = {label: label, size: size};
    network.cluster({
      joinCondition: joinCondition,
      clusterNodeProperties: {id: id, label: label, shape: "dot", x: x, y: y, size: size,
        borderWidth: 2, color: {background: colour + "99", border: "#333"},
        font: {size: 1, strokeWidth: 3, strokeColor: "#fff", multi: false}, title: title}}, false);
  }
  function collapse() {
    var small = {}, smallCount = 0, smallMembers = 0;
    DATA.communities.forEach(function (community, k) {
      if (community.size < SMALL) { small[k] = true; smallCount++; smallMembers += community.size; return; }
      var head = DATA.nodes[community.top[0]], style = DATA.styles[head.cls] || ["#777"];
      // drawn where its members are: a disc as wide as the region they cover
      clusterNode("community-" + k, clusterLabel(k), community.x, community.y,
                  Math.max(community.r * 0.85, 20), style[0],
                  community.size + " members: click to open / 点击展开",
                  function (options) { return options.c === k; });
      clusterInfo["community-" + k].k = k;
    });
    if (smallMembers > 1) {  // the many small groups (often whole small components) as one
      // drawn as one disc below the communities, as large as a community of its size would be
      var bottom = -Infinity, left = Infinity, right = -Infinity, largest = 0;
      DATA.communities.forEach(function (c) {
        if (c.size >= SMALL) {
          bottom = Math.max(bottom, c.y + c.r); left = Math.min(left, c.x - c.r);
          right = Math.max(right, c.x + c.r); largest = Math.max(largest, c.r);
        }
      });
      var size = Math.max(40, Math.min(largest, 30 * Math.sqrt(smallMembers)));
      if (!isFinite(bottom)) { bottom = 0; left = right = 0; }
      clusterNode("community-small", smallLabel(smallMembers, smallCount), (left + right) / 2,
                  bottom + 2 * size, size, "#999999",
                  smallMembers + " entities in " + smallCount + " small groups: click to open",
                  function (options) { return small[options.c] === true; });
      clusterInfo["community-small"].small = [smallMembers, smallCount];
    }
    network.body.emitter.emit("_dataChanged");  // one refresh for all the clusters
  }
  function smallLabel(members, groups) {
    return "Small groups / 小群组\n(" + members + " entities in " + groups + " groups)";
  }
  function openCommunity(id) {
    if (!network.isCluster(id)) { return []; }
    var members = network.getNodesInCluster(id);
    network.openCluster(id);
    delete clusterInfo[id];
    return members;
  }
  function clusterOf(id) {
    var found = network.clustering.findNode(id);
    return found.length > 1 ? found[0] : null;
  }
  function ranked(ids) {
    return ids.slice().sort(function (a, b) {
      var x = byId[a], y = byId[b];
      if (x && y) { return x.rank - y.rank; }
      if (clusterInfo[a] && clusterInfo[b]) { return clusterInfo[b].size - clusterInfo[a].size; }
      return x ? 1 : -1;
    });
  }

  // --- the first view --------------------------------------------------------------------------
  // Label `preferred` first (as many as fit without overlap), then the most central of the rest,
  // `count` in all; every other label gets a size that grows legible as one zooms in.
  function relabel(preferred, count) {
    var first = {};
    preferred.forEach(function (id) { first[id] = true; });
    var rest = ranked(network.body.nodeIndices.filter(function (id) { return !first[id]; }));
    return placeLabels(preferred.concat(rest), count);
  }
  function firstView() {
    network.fit({animation: false});
    relabel(subject ? [subject.id].concat(neighbourhood(subject.id).slice(0, FIRST_LABELS)) : [], FIRST_LABELS);
  }
  var marks = {created: performance.now() - started};
  if (DATA.cluster) { collapse(); }
  marks.collapsed = performance.now() - started;
  firstView();
  marks.labelled = performance.now() - started;

  // --- labels in Chinese, English or pinyin ----------------------------------------------------
  function setLanguage(value) {
    lang = value;
    nodes.update(DATA.nodes.map(function (n) { return {id: n.id, label: label(n)}; }));
    Object.keys(clusterInfo).forEach(function (id) {
      var info = clusterInfo[id];
      info.label = info.small ? smallLabel(info.small[0], info.small[1]) : clusterLabel(info.k);
      network.body.nodes[id].setOptions({label: clusterInfo[id].label});
    });
    network.redraw();
  }
  document.getElementById("lang").addEventListener("change", function (e) { setLanguage(e.target.value); });

