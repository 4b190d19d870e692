// Polls the state of documents being processed and moves their progress bars; reloads when all are finished.
(function () {
  const rows = Array.from(document.querySelectorAll(".qanun-document"));
  const busy = (state) => ["queued", "extracting", "segmenting"].includes(state);
  let pending = rows.filter((row) => busy(row.dataset.state));
  if (!pending.length) return;

  async function poll() {
    const still = [];
    for (const row of pending) {
      try {
        const response = await fetch(row.dataset.statusUrl, { headers: { Accept: "application/json" } });
        if (!response.ok) { still.push(row); continue; }
        const status = await response.json();
        row.dataset.state = status.state;
        const state = row.querySelector('[data-field="state"]');
        state.textContent = status.state_label;
        state.className = "qanun-state qanun-state--" + status.state;
        const bar = row.querySelector('[data-field="progress"]');
        bar.value = status.progress;
        bar.textContent = status.progress + "%";
        bar.hidden = !status.in_progress;
        row.querySelector('[data-field="pages"]').textContent = status.pages ?? "—";
        const error = row.querySelector('[data-field="error"]');
        error.textContent = status.error;
        error.hidden = !status.error;
        if (status.in_progress) still.push(row);
      } catch (e) {
        still.push(row);
      }
    }
    const finished = still.length < pending.length;
    pending = still;
    if (finished && !pending.length) {
      window.location.reload();
    } else if (pending.length) {
      window.setTimeout(poll, 1000);
    }
  }
  window.setTimeout(poll, 500);
})();
