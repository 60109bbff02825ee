// newsbrief web page behaviour. The server renders every page (the story list, a story's brief
// with the same templates as `newsbrief brief --format html`); this script only adds behaviour:
//   - a citation [n] shows its source article and highlights the cited sentence, kept in view
//     (in the sticky source pane on a wide screen; in a sheet at the bottom of a phone's screen);
//   - a source in the list opens that article;
//   - an entity chip highlights every sentence naming it;
//   - the ad-hoc form posts articles and shows the brief the server renders.
//
// Nothing here assigns markup (no innerHTML, insertAdjacentHTML or document.write). New nodes are
// made with createElement and text nodes, or are clones of nodes the server rendered. The ad-hoc
// brief is the server's own rendering (autoescaped templates), parsed with DOMParser into an inert
// document (no script runs, nothing loads) and moved into the page. The server's
// Content-Security-Policy (script-src 'self') is the second line of defence, not the first.
"use strict";

(function () {
  const PHONE = window.matchMedia("(max-width: 900px)");

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) el.setAttribute(name, String(value));
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  /** A copy of server-rendered nodes without their ids (an id must stay unique in the page). */
  function cloneWithoutIds(node) {
    const copy = node.cloneNode(true);
    if (copy.removeAttribute) copy.removeAttribute("id");
    if (copy.querySelectorAll) for (const el of copy.querySelectorAll("[id]")) el.removeAttribute("id");
    return copy;
  }

  // ---------------------------------------------------------------------------------------------
  // one brief

  function initBrief(root) {
    const pane = root.querySelector(".col-source");
    if (!pane) return;
    const tabs = Array.from(pane.querySelectorAll("a.tab"));
    const articles = Array.from(pane.querySelectorAll(".src-article"));
    let sheet = null;

    function show(article) {
      for (const a of articles) a.classList.toggle("active", a === article);
      for (const t of tabs) t.classList.toggle("active", t.getAttribute("href") === `#${article.id}`);
    }

    /** Scroll the source pane (not the page) so ``el`` sits in its upper third, then make sure the
     * pane itself is on screen. "center", not "nearest", for the second step: near the end of the
     * last source the pane cannot scroll further, and "nearest" left the sentence's last line a
     * fraction of a pixel below the window's edge. */
    function bringIntoView(el) {
      const top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top;
      pane.scrollTop += top - pane.clientHeight / 3;
      const box = el.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) el.scrollIntoView({ block: "center" });
    }

    function clearMarks(cls) {
      for (const el of root.querySelectorAll(`.${cls}`)) el.classList.remove(cls);
    }

    function closeSheet() {
      if (sheet) sheet.remove();
      sheet = null;
    }

    /** A phone's sheet: the source's name and title, then ``body`` (clones of its paragraphs). */
    function openSheet(article, label, body) {
      closeSheet();
      const title = article.querySelector("h3");
      const close = h("button", { type: "button", class: "close" }, "Close");
      close.addEventListener("click", closeSheet);
      const more = h("a", { href: `#${article.id}`, class: "more" }, "Read the whole article");
      more.addEventListener("click", (event) => {
        event.preventDefault();
        closeSheet();
        show(article);
        article.scrollIntoView({ block: "start" });
      });
      sheet = h(
        "div",
        { class: "sheet", role: "dialog", "aria-label": label },
        h("div", { class: "sheet-head" }, h("span", { class: "src" }, title ? title.textContent : article.id), close),
        body,
        more,
      );
      document.body.appendChild(sheet);
      const lit = sheet.querySelector(".hl, .mention");
      if (lit) lit.scrollIntoView({ block: "nearest" });
    }

    function cite(link) {
      const id = decodeURIComponent(link.getAttribute("href").slice(1));
      const sentence = document.getElementById(id);
      if (!sentence) return false;
      const article = sentence.closest(".src-article");
      clearMarks("hl");
      clearMarks("pinned");
      clearMarks("mention");
      link.classList.add("pinned");
      sentence.classList.add("hl");
      if (PHONE.matches) {
        const para = cloneWithoutIds(sentence.closest("p") || sentence);
        openSheet(article, "Cited sentence", para);
      } else {
        closeSheet();
        show(article);
        bringIntoView(sentence);
      }
      return true;
    }

    function chip(link) {
      const ids = (link.dataset.anchors || "").split(" ").filter(Boolean);
      const sentences = ids.map((id) => document.getElementById(id)).filter(Boolean);
      if (!sentences.length) return false;
      const again = link.classList.contains("on");
      clearMarks("hl");
      clearMarks("mention");
      for (const el of root.querySelectorAll("a.chip.on")) if (el !== link) el.classList.remove("on");
      link.classList.add("on");
      for (const s of sentences) s.classList.add("mention");
      // each click moves to the next article that names it
      const next = Number(again ? link.dataset.at || 0 : -1) + 1;
      const owners = Array.from(new Set(sentences.map((s) => s.closest(".src-article"))));
      const index = next % owners.length;
      link.dataset.at = String(index);
      const article = owners[index];
      const first = sentences.find((s) => s.closest(".src-article") === article);
      if (PHONE.matches) {
        const lines = sentences
          .filter((s) => s.closest(".src-article") === article)
          .map((s) => h("p", {}, cloneWithoutIds(s)));
        openSheet(article, `Mentions of ${link.firstChild.textContent}`, lines);
      } else {
        closeSheet();
        show(article);
        bringIntoView(first);
      }
      return true;
    }

    root.addEventListener("click", (event) => {
      const link = event.target.closest("a");
      if (!link || !root.contains(link)) return;
      const href = link.getAttribute("href") || "";
      if (!href.startsWith("#")) return;
      let handled = false;
      if (link.classList.contains("cite")) handled = cite(link);
      else if (link.classList.contains("chip")) handled = chip(link);
      else if (link.classList.contains("tab") || href.startsWith("#source-")) {
        const article = document.getElementById(href.slice(1));
        if (article) {
          closeSheet();
          show(article);
          if (PHONE.matches) article.scrollIntoView({ block: "start" });
          else pane.scrollTop = article.offsetTop - pane.offsetTop;
          handled = true;
        }
      }
      if (handled) event.preventDefault();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeSheet();
    });
    // a wide screen shows the first source beside the summary; a phone shows one when asked
    if (!PHONE.matches && articles.length) show(articles[0]);
    root.dataset.ready = "1";
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

  async function postBrief(articles, words) {
    const response = await fetch(`/v1/brief?format=html&words=${encodeURIComponent(words)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(articles),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = `HTTP ${response.status}`;
      try {
        const body = JSON.parse(text);
        if (body && body.error && body.error.message) message = body.error.message;
      } catch (_err) {
        // not JSON: keep the status line
      }
      throw new Error(message);
    }
    // the server's own page of the brief; only the brief's markup (between its markers) is parsed,
    // so the page's inline stylesheet never meets this page's Content-Security-Policy
    const start = text.indexOf("<!-- brief -->");
    const end = text.indexOf("<!-- /brief -->");
    if (start < 0 || end < start) throw new Error("the server's brief page has no brief");
    const parsed = new DOMParser().parseFromString(text.slice(start, end), "text/html");
    const brief = parsed.getElementById("brief");
    if (!brief) throw new Error("the server's brief page has no brief");
    return document.adoptNode(brief);
  }

  function initAdhoc(root) {
    const form = document.getElementById("adhoc-form");
    const status = document.getElementById("adhoc-status");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const old = document.getElementById("brief");
      const button = form.querySelector("button[type=submit]");
      old.dataset.ready = "";
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
        status.textContent = `Summarizing ${articles.length} ${articles.length === 1 ? "article" : "articles"}…`;
        const brief = await postBrief(articles, words);
        status.textContent = "";
        old.replaceWith(brief);
        initBrief(brief);
      } catch (err) {
        status.textContent = "";
        const target = document.getElementById("brief");
        while (target.firstChild) target.removeChild(target.firstChild);
        target.appendChild(h("div", { class: "error", role: "alert" }, String(err && err.message ? err.message : err)));
        target.dataset.ready = "error";
      } finally {
        button.disabled = false;
      }
    });
    root.dataset.ready = "1";
  }

  document.body.classList.add("js");
  const page = document.body.dataset.page;
  if (page === "story") initBrief(document.getElementById("brief"));
  else if (page === "adhoc") initAdhoc(document.body);
})();
