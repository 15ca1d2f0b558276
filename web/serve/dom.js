// Small DOM helpers for the serve pages. Server data (titles, party names, option names) is user input: it only
// ever reaches the page as text nodes or attribute values, never as markup.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
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
    el("tbody", {}, rows));
}

export function section(testid, title, ...children) {
  return el("section", {"data-testid": testid}, el("h2", {}, title), ...children);
}

// A message line the tests and the reader can find; `kind` is "error" or "ok".
export function message(testid) {
  const node = el("p", {"class": "message", "data-testid": testid, "role": "status"});
  node.show = (text, kind = "ok") => {
    node.textContent = text;
    node.className = "message " + kind;
  };
  node.clear = () => {
    node.textContent = "";
    node.className = "message";
  };
  return node;
}

// Replaces a node's children only when `key` differs from the last one drawn, so that polling does not reset what
// the reader is doing (a focused control, an open select) when nothing changed.
export function redraw(node, key, draw) {
  if (node.dataset.key === key) return false;
  node.dataset.key = key;
  node.replaceChildren(...[draw()].flat(Infinity).filter(Boolean));
  return true;
}
