// DOM helpers both front-ends share (web/report, web/serve). Data from parley or the server (titles, names,
// option names) is user input: it only ever reaches a page as text nodes or attribute values, never as markup.

// An element with attributes (an `on...` function becomes an event listener) and children (text or nodes).
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
