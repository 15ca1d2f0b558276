// Small DOM helpers for the serve pages; the element and number helpers both front-ends use are in
// web/common/dom.js (server data reaches the page only as text).
import {el, fmt} from "../common/dom.js";

export {el, fmt};

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
