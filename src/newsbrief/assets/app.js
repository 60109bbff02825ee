// newsbrief web page: the story list, a story's brief, and the ad-hoc brief form.
//
// Every string that comes from an article (text, title, outlet, URL, quote, entity name) is
// untrusted. It only ever reaches the page through text nodes, textContent or setAttribute on
// attributes that cannot run code; nothing here assigns HTML markup (no innerHTML, no
// insertAdjacentHTML, no document.write), and links are made only for http(s) URLs. The server's
// Content-Security-Policy (script-src 'self') is the second line of defence, not the first.
"use strict";

(function () {
  // ---------------------------------------------------------------------------------------------
  // DOM helpers

  /** Make an element; string children become text nodes, so they can never be parsed as markup. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "href") {
        const safe = safeHref(value);
        if (safe) el.setAttribute("href", safe);
      } else if (name === "text") {
        el.textContent = String(value);
      } else {
        el.setAttribute(name, String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  /** Only site-relative paths and absolute http(s) URLs become links; javascript:, data: etc. do not. */
  function safeHref(value) {
    const raw = String(value);
    if (raw.startsWith("/") && !raw.startsWith("//")) return raw;
    try {
      const url = new URL(raw);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_err) {
      return null;
    }
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function day(iso) {
    return iso ? String(iso).slice(0, 10) : "undated";
  }

  async function fetchJSON(url, init) {
    const response = await fetch(url, init);
    let body = null;
    try {
      body = await response.json();
    } catch (_err) {
      body = null;
    }
    if (!response.ok) {
      const message = body && body.error && body.error.message ? body.error.message : `HTTP ${response.status}`;
      throw new Error(message);
    }
    return body;
  }

  function showError(container, err) {
    container.appendChild(h("div", { class: "error", role: "alert" }, String(err && err.message ? err.message : err)));
  }

  // ---------------------------------------------------------------------------------------------
  // story list

  function initStoryList(root) {
    const form = document.getElementById("filters");
    const list = document.getElementById("story-list");
    const status = document.getElementById("list-status");
    const prev = document.getElementById("prev");
    const next = document.getElementById("next");
    const limit = 20;
    let offset = 0;

    async function load() {
      const params = new URLSearchParams({ limit: String(limit), offset: String(offset) });
      const q = form.elements.q.value.trim();
      if (q) params.set("q", q);
      if (form.elements.since.value) params.set("since", form.elements.since.value);
      if (form.elements.until.value) params.set("until", form.elements.until.value);
      clear(list);
      status.textContent = "Loading…";
      try {
        const page = await fetchJSON(`/v1/stories?${params}`);
        status.textContent =
          page.total === 0 ? "No stories match." : page.total === 1 ? "1 story" : `${page.total} stories`;
        for (const story of page.stories) list.appendChild(storyItem(story));
        prev.disabled = offset === 0;
        next.disabled = page.next_offset === null || page.next_offset === undefined;
      } catch (err) {
        status.textContent = "";
        showError(list, err);
      }
    }

    function storyItem(story) {
      const outlets = story.outlets || [];
      const span = story.first_seen ? `${day(story.first_seen)} – ${day(story.last_seen)}` : "undated";
      return h(
        "li",
        { class: "story" },
        h("a", { href: `/stories/${encodeURIComponent(story.id)}` }, story.title || "Untitled story"),
        h("div", { class: "meta" }, `${plural(story.articles, "article")} · ${plural(outlets.length, "outlet")} · ${span}`),
        outlets.length ? h("div", { class: "muted" }, outlets.join(", ")) : null,
      );
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      offset = 0;
      load();
    });
    prev.addEventListener("click", () => {
      offset = Math.max(0, offset - limit);
      load();
    });
    next.addEventListener("click", () => {
      offset += limit;
      load();
    });
    root.dataset.ready = "1";
    load();
  }

  // ---------------------------------------------------------------------------------------------
  // one brief: summary, claims, timeline, quotes, entities, and the cited source beside them

  /** All citations in the brief, by article: the spans the source view must be able to highlight. */
  function citationKey(c) {
    return `${c.article_id}:${c.start}:${c.end}`;
  }

  function collectCitations(brief) {
    const all = [];
    const add = (list) => {
      for (const c of list || []) all.push(c);
    };
    for (const s of brief.summary.sentences) {
      add(s.citations);
      add(s.evidence);
    }
    for (const q of brief.quotes || []) {
      add(q.citations);
      for (const v of q.variants || []) add([v.citation]);
    }
    for (const t of brief.timeline || []) add(t.citations);
    for (const c of brief.claims || []) add(c.citations);
    for (const e of brief.entities || []) add(e.citations);
    const byArticle = new Map();
    for (const c of all) {
      if (!c || typeof c.start !== "number" || typeof c.end !== "number") continue;
      if (!byArticle.has(c.article_id)) byArticle.set(c.article_id, new Map());
      byArticle.get(c.article_id).set(citationKey(c), c);
    }
    return byArticle;
  }

  /**
   * The source pane. Offsets in a brief count Unicode code points (Python str indices), so text is
   * indexed through Array.from, never through UTF-16 string indices.
   */
  function SourceView(brief, pane) {
    const numbers = new Map(brief.articles.map((a, i) => [a.id, i + 1]));
    const spans = collectCitations(brief);
    const segmentsByKey = new Map();
    const views = new Map();
    const tabs = h("div", { class: "tabs", role: "tablist" });
    const body = h("div", { class: "src-body" });
    pane.appendChild(h("h2", {}, "Sources"));
    pane.appendChild(tabs);
    pane.appendChild(body);

    for (const article of brief.articles) {
      const n = numbers.get(article.id);
      const tab = h("button", { type: "button", class: "tab", "data-article": article.id, title: article.title || "" }, `[${n}] ${article.outlet}`);
      tab.addEventListener("click", () => show(article.id));
      tabs.appendChild(tab);
      const view = renderArticle(article, n, spans.get(article.id) || new Map());
      view.classList.add("hidden");
      body.appendChild(view);
      views.set(article.id, { view, tab });
    }

    function renderArticle(article, n, cited) {
      const text = Array.from(article.text || "");
      const cuts = new Set([0, text.length]);
      for (const c of cited.values()) {
        cuts.add(Math.max(0, Math.min(text.length, c.start)));
        cuts.add(Math.max(0, Math.min(text.length, c.end)));
      }
      text.forEach((ch, i) => {
        if (ch === "\n") {
          cuts.add(i);
          cuts.add(i + 1);
        }
      });
      const points = Array.from(cuts).sort((a, b) => a - b);
      const paragraphs = [];
      let para = h("p");
      for (let i = 0; i + 1 < points.length; i++) {
        const a = points[i];
        const b = points[i + 1];
        const piece = text.slice(a, b).join("");
        if (piece === "\n") {
          if (para.childNodes.length) paragraphs.push(para);
          para = h("p");
          continue;
        }
        const keys = [];
        for (const [key, c] of cited) if (c.start <= a && c.end >= b) keys.push(key);
        if (keys.length) {
          const span = h("span", { class: "sent cited", "data-cites": keys.join(" ") }, piece);
          for (const key of keys) {
            if (!segmentsByKey.has(key)) segmentsByKey.set(key, []);
            segmentsByKey.get(key).push(span);
          }
          para.appendChild(span);
        } else {
          para.appendChild(document.createTextNode(piece));
        }
      }
      if (para.childNodes.length) paragraphs.push(para);
      const url = safeHref(article.url || "");
      const meta = h(
        "div",
        { class: "src-meta" },
        `${article.outlet} · ${day(article.published)}`,
        url ? [" · ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "original")] : null,
      );
      return h(
        "article",
        { class: "src-article", id: `source-${n}`, "data-article": article.id },
        h("h3", {}, `[${n}] `, article.title || "Untitled"),
        meta,
        paragraphs,
      );
    }

    let current = null;
    function show(articleId) {
      if (current === articleId || !views.has(articleId)) return;
      for (const [id, { view, tab }] of views) {
        const on = id === articleId;
        view.classList.toggle("hidden", !on);
        view.classList.toggle("active", on);
        tab.classList.toggle("active", on);
        tab.setAttribute("aria-selected", on ? "true" : "false");
      }
      current = articleId;
    }

    let pinned = null;
    function highlight(citation, pin) {
      const key = citationKey(citation);
      if (pin) pinned = citation;
      show(citation.article_id);
      for (const el of body.querySelectorAll(".sent.hl")) el.classList.remove("hl");
      const segments = segmentsByKey.get(key) || [];
      for (const el of segments) el.classList.add("hl");
      if (segments.length) segments[0].scrollIntoView({ block: "nearest", behavior: pin ? "smooth" : "auto" });
    }
    function unhover() {
      if (pinned) highlight(pinned, false);
      else for (const el of body.querySelectorAll(".sent.hl")) el.classList.remove("hl");
    }

    if (brief.articles.length) show(brief.articles[0].id);
    return { numbers, highlight, unhover };
  }

  /** A [n] button that highlights its source sentence on hover and pins it on click. */
  function citeButton(citation, source, extraClass, label) {
    const n = source.numbers.get(citation.article_id);
    if (n === undefined) return null;
    const button = h(
      "button",
      { type: "button", class: `cite ${extraClass || ""}`.trim(), "data-article": citation.article_id, "data-start": citation.start, "data-end": citation.end, title: label || "" },
      `[${n}]`,
    );
    button.addEventListener("mouseenter", () => source.highlight(citation, false));
    button.addEventListener("mouseleave", () => source.unhover());
    button.addEventListener("focus", () => source.highlight(citation, false));
    button.addEventListener("click", () => {
      for (const el of document.querySelectorAll("button.cite.pinned")) el.classList.remove("pinned");
      button.classList.add("pinned");
      source.highlight(citation, true);
    });
    return button;
  }

  function cites(citations, source, extraClass, label) {
    return (citations || []).map((c) => citeButton(c, source, extraClass, label));
  }

  function section(title, cls, ...content) {
    return h("section", { class: `card ${cls}` }, h("h2", {}, title), ...content);
  }

  function emptyNote(text) {
    return h("p", { class: "empty" }, text);
  }

  function renderSummary(brief, source) {
    const total = brief.stats.outlets;
    const items = brief.summary.sentences.map((s) => {
      const support = s.support || [];
      const badge = total > 1 ? h("span", { class: support.length > 1 ? "badge support" : "badge support one", title: support.join(", ") }, plural(support.length, "outlet")) : null;
      const evidence = s.evidence && s.evidence.length ? [" ", h("span", { class: "muted" }, "also"), cites(s.evidence, source, "evidence", "says the same in its own words")] : null;
      return h("li", { class: "summary-sentence" }, h("span", { class: "stext" }, s.text), " ", cites(s.citations, source, "", "source"), badge, evidence);
    });
    return section(
      "Summary",
      "summary-card",
      items.length ? h("ol", { class: "summary" }, items) : emptyNote("No sentence of these articles can stand alone in a summary."),
    );
  }

  function renderClaims(brief, source) {
    const claims = brief.claims || [];
    const byStatus = (status) => claims.filter((c) => c.status === status);
    const claimList = (list, none) =>
      list.length
        ? h(
            "ul",
            { class: "claims" },
            list.map((c) =>
              h("li", { class: `claim ${c.status}` }, c.text, " ", cites(c.citations, source), c.outlets && c.outlets.length ? h("span", { class: "badge", title: c.outlets.join(", ") }, plural(c.outlets.length, "outlet")) : null, c.detail ? h("span", { class: "detail" }, c.detail) : null),
            ),
          )
        : emptyNote(none);
    const unique = byStatus("unique");
    return section(
      "Where the outlets agree and disagree",
      "claims-card",
      h("div", { class: "claims-grid" }, h("div", { class: "agree" }, h("h3", {}, "Agreements"), claimList(byStatus("agree"), "No agreements found.")), h("div", { class: "conflict" }, h("h3", {}, "Conflicts"), claimList(byStatus("conflict"), "No conflicts found."))),
      unique.length ? h("details", { class: "unique" }, h("summary", {}, `Reported by one outlet only (${unique.length})`), claimList(unique, "")) : null,
    );
  }

  function renderTimeline(brief, source) {
    const events = brief.timeline || [];
    if (!events.length) return section("Timeline", "timeline-card", emptyNote("No dated events found."));
    return section(
      "Timeline",
      "timeline-card",
      h(
        "ol",
        { class: "timeline" },
        events.map((e) =>
          h("li", { class: e.inferred ? "event inferred" : "event" }, h("time", { datetime: e.date }, e.date), h("span", {}, e.text), " ", cites(e.citations, source), e.precision && e.precision !== "day" ? h("span", { class: "precision" }, `(${e.precision})`) : null),
        ),
      ),
    );
  }

  function renderQuotes(brief, source) {
    const quotes = brief.quotes || [];
    if (!quotes.length) return section("Quotes", "quotes-card", emptyNote("No quotes found."));
    return section(
      "Quotes",
      "quotes-card",
      quotes.map((q) => {
        const variants = q.variants || [];
        return h(
          "div",
          { class: "quote" },
          h("blockquote", {}, `“${q.text}”`),
          h("div", { class: "speaker" }, `— ${q.speaker || "unattributed"} `, cites(q.citations, source)),
          variants.length
            ? h(
                "ul",
                { class: "variants" },
                variants.map((v) => h("li", {}, h("strong", {}, v.outlet), h("span", { class: `badge ${v.status}` }, v.status), " ", `“${v.text}”`, " ", v.citation ? citeButton(v.citation, source) : null)),
              )
            : null,
        );
      }),
    );
  }

  function renderEntities(brief) {
    const entities = brief.entities || [];
    if (!entities.length) return section("People, places and organizations", "entities-card", emptyNote("No named entities found."));
    const groups = new Map();
    for (const e of entities) {
      const kind = e.kind || "OTHER";
      if (!groups.has(kind)) groups.set(kind, []);
      groups.get(kind).push(e);
    }
    const names = { PERSON: "People", ORG: "Organizations", GPE: "Places", LOC: "Places" };
    return section(
      "People, places and organizations",
      "entities-card",
      Array.from(groups, ([kind, list]) =>
        h(
          "div",
          { class: "entity-group" },
          h("h3", {}, names[kind] || kind),
          h(
            "div",
            { class: "chips" },
            list.map((e) => {
              const mentions = (e.mentions || []).reduce((sum, m) => sum + (m.count || 0), 0);
              const extra = [...(e.titles || []), ...(e.aliases || [])].join(", ");
              return h("span", { class: "chip", title: extra }, e.name, mentions ? h("span", { class: "count" }, `×${mentions}`) : null);
            }),
          ),
        ),
      ),
    );
  }

  function renderBrief(container, brief) {
    clear(container);
    const title = brief.story.title || "Untitled story";
    const span = brief.story.first_seen ? ` · ${day(brief.story.first_seen)} – ${day(brief.story.last_seen)}` : "";
    const pane = h("aside", { class: "col-source card", "aria-label": "Source articles" });
    const source = SourceView(brief, pane);
    const main = h("div", { class: "col-main" }, renderSummary(brief, source), renderClaims(brief, source), renderTimeline(brief, source), renderQuotes(brief, source), renderEntities(brief));
    container.appendChild(h("h1", {}, title));
    container.appendChild(h("p", { class: "meta" }, `${plural(brief.stats.articles, "article")} · ${plural(brief.stats.outlets, "outlet")}${span}`));
    for (const w of brief.warnings || []) container.appendChild(h("p", { class: "warning" }, w));
    container.appendChild(h("div", { class: "columns" }, main, pane));
    document.title = `${title} — newsbrief`;
    container.dataset.ready = "1";
  }

  async function initStory(root) {
    const id = root.dataset.storyId;
    const container = document.getElementById("brief");
    try {
      const brief = await fetchJSON(`/v1/stories/${encodeURIComponent(id)}/brief?format=json`);
      renderBrief(container, brief);
    } catch (err) {
      clear(container);
      showError(container, err);
      container.dataset.ready = "error";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ad-hoc brief: paste or upload articles, nothing is stored

  /** Pasted text: a JSON array/object or JSON lines of articles, else plain articles separated by ---. */
  function parseArticles(text, name) {
    const trimmed = text.trim();
    if (!trimmed) return [];
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      try {
        const value = JSON.parse(trimmed);
        return Array.isArray(value) ? value : [value];
      } catch (_err) {
        const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
        try {
          return lines.map((l) => JSON.parse(l));
        } catch (_err2) {
          throw new Error(`${name}: not valid JSON or JSON lines`);
        }
      }
    }
    return trimmed
      .split(/^\s*---\s*$/m)
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => ({ text: t }));
  }

  function initAdhoc(root) {
    const form = document.getElementById("adhoc-form");
    const result = document.getElementById("brief");
    const status = document.getElementById("adhoc-status");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clear(result);
      result.dataset.ready = "";
      const button = form.querySelector("button[type=submit]");
      try {
        const articles = parseArticles(form.elements.articles.value, "pasted text");
        for (const file of Array.from(form.elements.files.files || [])) {
          const text = await file.text();
          const stem = file.name.replace(/\.[^.]*$/, "");
          const found = parseArticles(text, file.name).map((a) => (/\.(txt|md|text)$/i.test(file.name) && !a.outlet ? { ...a, outlet: stem } : a));
          articles.push(...found);
        }
        if (!articles.length) throw new Error("Paste or upload at least one article.");
        const words = Number(form.elements.words.value) || 150;
        button.disabled = true;
        status.textContent = `Summarizing ${plural(articles.length, "article")}…`;
        const brief = await fetchJSON(`/v1/brief?format=json&words=${encodeURIComponent(words)}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(articles),
        });
        status.textContent = "";
        renderBrief(result, brief);
      } catch (err) {
        status.textContent = "";
        showError(result, err);
        result.dataset.ready = "error";
      } finally {
        button.disabled = false;
      }
    });
    root.dataset.ready = "1";
  }

  const root = document.body;
  const page = root.dataset.page;
  if (page === "stories") initStoryList(root);
  else if (page === "story") initStory(root);
  else if (page === "adhoc") initAdhoc(root);
})();
