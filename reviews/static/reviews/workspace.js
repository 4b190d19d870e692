// The researchers' workspace: select words in an article (mouse or keyboard) and a panel opens to annotate them.
// Offsets are counted in Unicode code points within the article's text element, whose text is exactly the
// provision's full text (the server renders it so), which is how Python counts them. The server widens a passage
// to whole words, validates, saves; the page then reloads with the new highlight, computed by the server.
(function () {
  "use strict";
  const root = document.querySelector(".qanun-ws");
  if (!root) return;
  const panel = document.getElementById("qanun-panel");
  const TEXT = ".qanun-ws__article-text";
  const codePoints = (s) => Array.from(s).length;

  // Marks and list items point at each other.
  function annotationIds(mark) {
    return (mark.dataset.annotations || "").split(" ").filter(Boolean);
  }
  function setActive(id, on) {
    root.querySelectorAll(".qanun-mark").forEach((mark) => {
      if (annotationIds(mark).includes(id)) mark.classList.toggle("qanun-mark--active", on);
    });
    const item = document.getElementById("annotation-" + id);
    if (item) item.classList.toggle("qanun-ws__item--active", on);
  }
  root.querySelectorAll(".qanun-ws__item").forEach((item) => {
    const id = item.dataset.annotation;
    item.addEventListener("mouseenter", () => setActive(id, true));
    item.addEventListener("mouseleave", () => setActive(id, false));
    item.addEventListener("focusin", () => setActive(id, true));
    item.addEventListener("focusout", () => setActive(id, false));
  });
  root.addEventListener("click", (event) => {
    const mark = event.target.closest(".qanun-mark");
    if (!mark || !window.getSelection().isCollapsed) return;
    const item = document.getElementById("annotation-" + annotationIds(mark)[0]);
    if (item) {
      item.scrollIntoView({ block: "nearest" });
      const link = item.querySelector("a");
      if (link) link.focus({ preventScroll: true });
    }
  });

  if (!panel) return; // a reader who may not annotate
  const form = panel.querySelector("form");
  const message = (name) => form.querySelector(`template[data-message="${name}"]`).innerHTML.trim();
  const toolbarMessage = root.querySelector('[data-field="toolbar-message"]');
  const passage = form.elements.passage;
  const standards = form.elements.standards;
  const filter = document.getElementById("qanun-panel-standards-filter");
  const chosen = form.querySelector('[data-field="chosen"]');
  const busy = form.querySelector('[data-field="busy"]');
  let current = null; // { element, provision, start, end, quote }
  let returnFocus = null;

  // --- the selection, as offsets in an article's text -------------------------------------------------------
  function textElement(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(TEXT) : null;
  }

  function selectedPassage() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0).cloneRange();
    const element = textElement(range.startContainer) || textElement(range.endContainer);
    if (!element) return null;
    // A selection running out of the article is cut at its edges (a triple click selects to the next block).
    if (!element.contains(range.startContainer)) range.setStart(element, 0);
    if (!element.contains(range.endContainer)) range.setEnd(element, element.childNodes.length);
    const before = document.createRange();
    before.selectNodeContents(element);
    before.setEnd(range.startContainer, range.startOffset);
    const quote = range.toString();
    if (!quote.trim()) return null;
    const start = codePoints(before.toString());
    const widened = wholeWords(element.textContent, start, start + codePoints(quote));
    return { element, provision: element.dataset.provision, ...widened };
  }

  // As the server does (reviews.anchoring.whole_words): out to word boundaries, in past spaces.
  const WORD = /[\p{L}\p{M}\p{N}_]/u;
  function wholeWords(text, start, end) {
    const chars = Array.from(text);
    const word = (i) => i >= 0 && i < chars.length && WORD.test(chars[i]);
    while (start > 0 && word(start - 1) && word(start)) start -= 1;
    while (end < chars.length && word(end - 1) && word(end)) end += 1;
    while (start < end && /\s/.test(chars[start])) start += 1;
    while (end > start && /\s/.test(chars[end - 1])) end -= 1;
    return { start, end, quote: chars.slice(start, end).join("") };
  }

  // The words typed or kept in the panel's passage field, found in the article's text.
  function locate(element, words) {
    const text = element.textContent;
    const first = text.indexOf(words);
    if (first === -1) return { error: "not-found" };
    if (text.indexOf(words, first + 1) !== -1) return { error: "ambiguous" };
    const start = codePoints(text.slice(0, first));
    return wholeWords(text, start, start + codePoints(words));
  }

  // --- the panel ---------------------------------------------------------------------------------------------
  function openPanel(target) {
    current = target;
    returnFocus = document.activeElement && document.activeElement !== document.body ? document.activeElement : target.element;
    form.reset();
    clearErrors();
    busy.textContent = "";
    Array.from(standards.options).forEach((option) => { option.hidden = false; });
    renderChosen();
    passage.value = target.quote || "";
    passage.placeholder = message("whole");
    form.querySelector('[data-field="where"]').textContent = target.element.dataset.label || "";
    loadSuggestions(target.provision);
    if (!panel.open) panel.show();
    const rail = panel.closest(".qanun-ws__rail");
    if (rail) rail.scrollTop = 0;
    filter.focus({ preventScroll: true });
  }

  function closePanel() {
    if (!panel.open) return;
    panel.close();
    current = null;
    const back = returnFocus && document.contains(returnFocus) ? returnFocus : null;
    if (back) back.focus();
  }

  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      closePanel();
    }
  });
  panel.addEventListener("cancel", (event) => { event.preventDefault(); closePanel(); });
  form.querySelector('[data-action="close"]').addEventListener("click", closePanel);

  // A mouse selection inside an article opens the panel as soon as the button is released.
  document.addEventListener("mouseup", (event) => {
    if (!event.target.closest || !event.target.closest(TEXT)) return;
    window.setTimeout(() => {
      const target = selectedPassage();
      if (target) openPanel(target);
    }, 0);
  });

  // Keyboard: select with Shift and the arrows (or caret browsing), then Enter in the article or the button.
  const annotateSelection = document.getElementById("qanun-annotate-selection");
  function fromSelection() {
    const target = selectedPassage();
    if (target) {
      toolbarMessage.textContent = "";
      openPanel(target);
    } else {
      toolbarMessage.textContent = message("no-selection");
    }
  }
  annotateSelection.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  annotateSelection.addEventListener("click", fromSelection);
  root.querySelectorAll(TEXT).forEach((element) => {
    element.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !window.getSelection().isCollapsed) {
        event.preventDefault();
        fromSelection();
      }
    });
  });
  root.querySelectorAll(".qanun-ws__annotate-block").forEach((button) => {
    button.addEventListener("click", () => {
      const element = root.querySelector(`${TEXT}[data-provision="${button.dataset.provision}"]`);
      openPanel({ element, provision: button.dataset.provision, start: null, end: null, quote: "" });
    });
  });

  // --- the searchable list of standards ------------------------------------------------------------------------
  function renderChosen() {
    chosen.replaceChildren(
      ...Array.from(standards.selectedOptions).map((option) => {
        const item = document.createElement("li");
        item.textContent = option.textContent;
        return item;
      }),
    );
  }
  standards.addEventListener("change", renderChosen);
  filter.addEventListener("input", () => {
    const words = filter.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    Array.from(standards.options).forEach((option) => {
      const label = option.textContent.toLocaleLowerCase();
      option.hidden = !option.selected && !words.every((word) => label.includes(word));
    });
  });
  filter.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = Array.from(standards.options).find((option) => !option.hidden && !option.selected);
      if (first) {
        first.selected = true;
        renderChosen();
        filter.value = "";
        filter.dispatchEvent(new Event("input"));
      }
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      standards.focus();
    }
  });

  // --- suggested standards for the article (reviews.suggestions): Accept adds one to the chosen standards ------
  const suggestions = form.querySelector('[data-field="suggestions"]');
  let suggestionsFor = 0;
  function loadSuggestions(provision) {
    if (!suggestions || !provision) return;
    const request = ++suggestionsFor;
    suggestions.textContent = suggestions.dataset.loading;
    const url = suggestions.dataset.url.replace(/0\/$/, `${provision}/`) + "?format=html&limit=5";
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => {
        if (request !== suggestionsFor) return; // the panel moved on to another article
        suggestions.innerHTML = html;
        suggestions.querySelectorAll(".qanun-suggestions__accept").forEach((button) => {
          button.disabled = false;
          button.removeAttribute("title");
          button.addEventListener("click", () => acceptSuggestion(button));
        });
      })
      .catch(() => { suggestions.textContent = ""; });
  }
  function acceptSuggestion(button) {
    const option = Array.from(standards.options).find((candidate) => candidate.value === button.dataset.code);
    if (!option) return;
    option.selected = true;
    option.hidden = false;
    renderChosen();
    button.disabled = true;
    button.textContent = suggestions.dataset.accepted;
  }

  // --- saving ------------------------------------------------------------------------------------------------
  function clearErrors() {
    form.querySelectorAll("[data-errors-for]").forEach((box) => {
      box.textContent = "";
      box.hidden = true;
    });
  }
  function showErrors(errors) {
    let first = null;
    Object.entries(errors).forEach(([name, messages]) => {
      const box = form.querySelector(`[data-errors-for="${name}"]`) || form.querySelector('[data-errors-for="__all__"]');
      box.textContent = (box.textContent ? box.textContent + " " : "") + messages.join(" ");
      box.hidden = false;
      first = first || box;
    });
    const field = first && first.closest(".qanun-ws__field");
    const focusable = field && field.querySelector("input:not([type=hidden]), select, textarea");
    (focusable || first).focus?.();
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    clearErrors();
    let { start, end } = current;
    const words = passage.value.trim();
    if (!words) {
      start = end = null;
    } else if (words !== (current.quote || "").trim()) {
      const found = locate(current.element, words);
      if (found.error) {
        showErrors({ passage: [message(found.error)] });
        return;
      }
      ({ start, end } = found);
    }
    const body = {
      provision: current.provision,
      start,
      end,
      standards: Array.from(standards.selectedOptions).map((option) => option.value),
      tags: Array.from(form.elements.tags.selectedOptions).map((option) => option.value),
      assessment: form.elements.assessment.value,
      severity: form.elements.severity.value,
      commentary: form.elements.commentary.value,
      recommendation: form.elements.recommendation.value,
      submit: Boolean(event.submitter && event.submitter.value),
    };
    busy.textContent = message("saving");
    form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
    try {
      const response = await fetch(root.dataset.apiUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
          "X-Requested-With": "XMLHttpRequest",
        },
        body: JSON.stringify(body),
      });
      const type = response.headers.get("Content-Type") || "";
      const data = type.includes("application/json") ? await response.json() : null;
      if (response.status === 201 && data) {
        window.location.assign(data.show_url);
        return;
      }
      showErrors((data && (data.errors || (data.error && { __all__: [data.error] }))) || { __all__: [message("failed")] });
    } catch (error) {
      showErrors({ __all__: [message("failed")] });
    } finally {
      busy.textContent = "";
      form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = false; });
    }
  });
})();
