// DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
// Live updates without reloading: every element with data-live is refreshed from that URL every few seconds
// (the server renders the fragment); a "select all" checkbox ticks the boxes of its form.
"use strict";
const LIVE_SECONDS = 5;

function refresh(element) {
  fetch(element.dataset.live, { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then((response) => {
      if (response.status === 401) location.reload(); // the session ended: the page goes to the login
      return response.ok ? response.text() : Promise.reject(response.status);
    })
    .then((html) => {
      element.innerHTML = html;
      element.dataset.refreshed = String(Date.now());
    })
    .catch(() => {}); // the next round tries again
}

document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-live]")) {
    setInterval(() => { if (!document.hidden) refresh(element); }, LIVE_SECONDS * 1000);
  }
  for (const box of document.querySelectorAll("[data-select-all]")) {
    box.addEventListener("change", () => {
      for (const other of box.form.querySelectorAll(`input[name="${box.dataset.selectAll}"]`)) other.checked = box.checked;
    });
  }
});
