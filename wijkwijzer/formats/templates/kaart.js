(function () {
  "use strict";
  // The search of the kaart: the same words as `wijkwijzer who` (organisation,
  // wijk, buurt and stadsdeel names and aliases; postcodes; thema names and
  // synonyms), normalised the same way (lower case, accents stripped,
  // punctuation as space).
  // Data is only ever put on the page as text (textContent), never as HTML.
  var data = JSON.parse(document.getElementById("wijkwijzer-index").textContent);
  var T = data.teksten;
  var GENERIC = {};
  data.generiek.forEach(function (w) { GENERIC[w] = true; });
  var PRIO = { organisatie: 0, stadsdeel: 1, wijk: 2, buurt: 3 };
  // a postcode as `who` reads it, anywhere in the query: PC4 or PC6 ("2518",
  // "2518 ab", "2518ab"), perhaps with a house number ("2518 ab 12", "2518ab12a")
  var POSTCODE = /(^| )(?:postcode )?([1-9]\d{3})(?: ?[a-z]{2}(?=[ 0-9]|$))?(?: ?\d{1,5}(?: ?[a-z]{1,2})?)?(?= |$)/;
  var input = document.getElementById("zoek");
  var status = document.getElementById("status");
  var box = document.getElementById("antwoord");

  function norm(s) {
    return String(s).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[^0-9a-z]+/g, " ").trim();
  }
  function core(tokens) {
    var kept = tokens.filter(function (t) { return !GENERIC[t]; });
    return kept.length ? kept : tokens;
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function without(q, phrase) {
    return (" " + q + " ").replace(" " + phrase + " ", " ").trim();
  }

  // the thema whose longest word or phrase occurs in the query
  function findThema(q) {
    var padded = " " + q + " ", best = null;
    data.themas.forEach(function (t) {
      t.woorden.forEach(function (w) {
        if (padded.indexOf(" " + w + " ") >= 0 && (!best || w.length > best.woord.length)) {
          best = { thema: t, woord: w };
        }
      });
    });
    return best;
  }
  // a thema word being typed: "bom" for "bomen"
  function themaByPrefix(word) {
    if (word.length < 3) { return null; }
    for (var i = 0; i < data.themas.length; i++) {
      var t = data.themas[i];
      for (var j = 0; j < t.woorden.length; j++) {
        if (t.woorden[j].indexOf(word) === 0) { return { thema: t, woord: word }; }
      }
    }
    return null;
  }
  // tier 0: the whole name; 1: the name without generic words; 2: every typed
  // word starts a word of the name (as `who` ranks them); 9: no match
  function tier(place, q, qcore) {
    var best = 9, qs = qcore.join(" ");
    place.woorden.forEach(function (w) {
      var wc = core(w.split(" "));
      if (w === q) { best = 0; }
      else if (wc.join(" ") === qs) { best = Math.min(best, 1); }
      else if (qs.length >= 3 && qcore.every(function (qt) {
        return wc.some(function (t) { return t.indexOf(qt) === 0; });
      })) { best = Math.min(best, 2); }
    });
    return best;
  }
  function findPlaces(q) {
    if (!q) { return []; }
    var qcore = core(q.split(" ")), hits = [];
    data.plaatsen.forEach(function (p) {
      var t = tier(p, q, qcore);
      if (t < 9) { hits.push({ p: p, t: t }); }
    });
    if (!hits.length) { return []; }
    var top = Math.min.apply(null, hits.map(function (h) { return h.t; }));
    return hits.filter(function (h) { return h.t === top; }).sort(function (a, b) {
      return PRIO[a.p.soort] - PRIO[b.p.soort] || String(a.p.naam).localeCompare(String(b.p.naam));
    }).map(function (h) { return h.p; });
  }

  // a query with a postcode: the place is the PC4 (as `who`: its largest wijk),
  // the rest of the query a thema or nothing
  function interpretPostcode(q, pc) {
    var rest = (q.slice(0, pc.index) + " " + q.slice(pc.index + pc[0].length)).trim();
    var place = data.postcodes[pc[2]];
    if (!place) { return { none: true, postcode: pc[2] }; }
    var th = rest ? findThema(rest) || themaByPrefix(rest.split(" ").pop()) : null;
    if (rest && !th) { return { none: true }; }
    return { thema: th ? th.thema : null, places: [place] };
  }

  function interpret(raw) {
    var q = norm(raw);
    if (!q) { return null; }
    var pc = POSTCODE.exec(q);
    if (pc) { return interpretPostcode(q, pc); }
    var th = findThema(q), placeQ = th ? without(q, th.woord) : q;
    var places = findPlaces(placeQ);
    if (placeQ && !places.length && !th) {
      var words = placeQ.split(" "), last = words.pop(), guess = themaByPrefix(last);
      if (guess && (!words.length || findPlaces(words.join(" ")).length)) {
        th = guess;
        placeQ = words.join(" ");
        places = findPlaces(placeQ);
      }
    }
    if (placeQ && !places.length) { return { none: true }; }
    return { thema: th ? th.thema : null, places: places };
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function contactText(id) {
    var c = data.contacten[id];
    return c ? c.rol + " (" + (c.dienst.naam || c.dienst.id) + ") – " + c.kanaal : id;
  }
  function showAnswer(r) {
    box.textContent = "";
    if (!r || r.none || !r.places.length) { return; }
    var best = r.places[0];
    var where = best.stadsdeel && data.stadsdelen[best.stadsdeel]
      ? ", " + fill(T.in_sd, { naam: data.stadsdelen[best.stadsdeel] }) : "";
    box.appendChild(el("h3", best.naam + " (" + best.soort + where + ")"));
    if (best.ook && best.ook.length) {
      var also = best.ook.map(function (id) { return fill(T.in_sd, { naam: data.stadsdelen[id] || id }); });
      box.appendChild(el("p", fill(T.pc_also, { names: also.join(", ") }), "klein"));
    }
    var answer = best.antwoord === null ? null : data.antwoorden[best.antwoord];
    if (r.thema && answer && answer[r.thema.id]) {
      var a = answer[r.thema.id], dl = el("dl");
      box.appendChild(el("p", fill(T.thema, { naam: r.thema.naam })));
      dl.appendChild(el("dt", T.first));
      dl.appendChild(el("dd", contactText(a.e)));
      if (a.b) { dl.appendChild(el("dt", T.now)); dl.appendChild(el("dd", contactText(a.b))); }
      if (a.x.length) {
        dl.appendChild(el("dt", T.then));
        dl.appendChild(el("dd", a.x.map(contactText).join("; ")));
      }
      box.appendChild(dl);
    } else if (!r.thema) {
      box.appendChild(el("p", T.pick_thema, "klein"));
    }
    if (r.places.length > 1) {
      var names = r.places.slice(1, 4).map(function (p) { return p.naam + " (" + p.soort + ")"; });
      box.appendChild(el("p", fill(T.also, { names: names.join(", ") }), "klein"));
    }
  }

  function apply() {
    var r = interpret(input.value);
    var sds = null, keys = {};
    if (r && r.none) { sds = {}; }
    else if (r && r.places.length) {
      sds = {};
      r.places.forEach(function (p) {
        sds[p.stadsdeel] = true;
        (p.ook || []).forEach(function (id) { sds[id] = true; });
        keys[p.soort + ":" + p.id] = true;
      });
    }
    var thema = r && !r.none ? r.thema : null;
    var shown = 0, all = 0;
    document.querySelectorAll("[data-stadsdeel]").forEach(function (node) {
      node.hidden = sds !== null && !sds[node.getAttribute("data-stadsdeel")];
      if (node.tagName === "SECTION") { all += 1; shown += node.hidden ? 0 : 1; }
    });
    document.querySelectorAll("tr[data-thema]").forEach(function (row) {
      row.hidden = thema !== null && row.getAttribute("data-thema") !== thema.id;
    });
    document.querySelectorAll("tr[data-themas]").forEach(function (row) {
      var ids = row.getAttribute("data-themas").split(" ");
      row.hidden = thema !== null && ids.indexOf(thema.id) < 0 && ids.indexOf("*") < 0;
    });
    document.querySelectorAll("li[data-plaats]").forEach(function (item) {
      item.classList.toggle("treffer", !!keys[item.getAttribute("data-plaats")]);
    });
    if (!r) { status.textContent = ""; }
    else if (r.none) { status.textContent = fill(r.postcode ? T.pc_none : T.none, { q: input.value, pc: r.postcode }); }
    else { status.textContent = fill(T.shown, { n: shown, m: all }); }
    showAnswer(r);
  }

  document.getElementById("zoekformulier").hidden = false;
  document.getElementById("zoekformulier").addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("input", apply);
  if (input.value) { apply(); }
}());
