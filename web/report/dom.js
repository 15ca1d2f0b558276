// Small DOM helpers for the report page: elements, tables, figures. The page is built from the document
// parley embeds (id "parley-data"); nothing here computes a result, it only lays results out.

import {el, fmt} from "../common/dom.js";

export {el, fmt};

export function table(headers, rows, attrs = {}) {
  return el("table", attrs,
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c))))));
}

// A chart in a figure the tests can find: data-chart names the kind, the other data-* attributes what it shows.
export function figure(kind, attrs, chart, caption) {
  const data = {"class": "chart", "data-chart": kind};
  for (const [key, value] of Object.entries(attrs)) data["data-" + key] = value;
  return el("figure", data, chart, caption ? el("figcaption", {}, caption) : null);
}

export function section(id, title, ...children) {
  return el("section", {id}, el("h2", {}, title), ...children);
}

export function skippedNote(part) {
  return part && typeof part === "object" && typeof part.skipped === "string"
    ? el("p", {"class": "skipped"}, "Not computed: " + part.skipped)
    : null;
}
