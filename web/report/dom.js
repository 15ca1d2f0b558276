// Small DOM helpers for the report page: elements, tables, figures. The page is built from the document
// parley embeds (id "parley-data"); nothing here computes a result, it only lays results out.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A number for people: at most `decimals` decimals, no trailing zeros.
export function fmt(x, decimals = 2) {
  if (x === null || x === undefined) return "-";
  if (typeof x !== "number") return String(x);
  const f = Number(x.toFixed(decimals));
  return Object.is(f, -0) ? "0" : String(f);
}

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
