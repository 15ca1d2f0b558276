// Issues as the public state gives them (docs/serve.md): a continuous issue has min, max, step and labels; a
// discrete one has its ordered options. These helpers turn either into a slider, a select and readable values.
import {el, fmt} from "./dom.js";

export const isDiscrete = (issue) => Array.isArray(issue.options);

export function stepOf(issue) {
  if (isDiscrete(issue)) return 1;
  return issue.step > 0 ? issue.step : (issue.max - issue.min) / 10;
}

export function bounds(issue) {
  return isDiscrete(issue) ? {min: 0, max: issue.options.length - 1} : {min: issue.min, max: issue.max};
}

// The issue's grid: min, min+step, ..., max (max always included), as the slider's values.
export function grid(issue) {
  const {min, max} = bounds(issue);
  const step = stepOf(issue);
  const values = [];
  for (let k = 0; min + k * step < max - 1e-9 * Math.max(1, Math.abs(max)); k++) values.push(Number((min + k * step).toFixed(10)));
  values.push(max);
  return values;
}

// A position as the API writes it (a number, or an option name or index on a discrete issue) as a slider value.
export function toSlider(issue, value) {
  if (value === undefined || value === null) return null;
  if (isDiscrete(issue)) {
    const k = typeof value === "number" ? value : issue.options.indexOf(String(value));
    return k >= 0 && k < issue.options.length ? Math.round(k) : null;
  }
  const x = Number(value);
  return Number.isFinite(x) ? Math.min(issue.max, Math.max(issue.min, x)) : null;
}

// A slider value as the API takes it: the option's name on a discrete issue.
export function fromSlider(issue, x) {
  return isDiscrete(issue) ? issue.options[Math.round(x)] : Number(x);
}

function labelAt(issue, value) {
  const label = (issue.labels || []).find((l) => Math.abs(l.value - value) < 1e-9);
  return label ? label.text : null;
}

// A package value for people: the option's name, or the number with the scale's label there when it has one.
export function showValue(issue, value) {
  if (isDiscrete(issue)) return typeof value === "number" ? issue.options[value] ?? String(value) : String(value);
  const label = labelAt(issue, Number(value));
  return label ? `${fmt(value)} (${label})` : fmt(value);
}

// The marks under a slider: the labels of a continuous scale, the options of a discrete one.
function ticks(issue) {
  const {min, max} = bounds(issue);
  const marks = isDiscrete(issue)
    ? issue.options.map((text, k) => ({value: k, text}))
    : (issue.labels || []).filter((l) => l.value >= min && l.value <= max);
  return marks;
}

let serial = 0;

// A slider on an issue's scale with its tick labels (a <datalist> for the browser and a visible row) and a readout.
// `testid` names the input; the returned object reads and sets the value as the API writes it.
export function scaleSlider(issue, testid, initial) {
  const {min, max} = bounds(issue);
  const listId = "ticks-" + ++serial;
  const marks = ticks(issue);
  const input = el("input", {type: "range", min, max, step: stepOf(issue), list: listId, "data-testid": testid,
    "aria-label": issue.name});
  input.value = String(toSlider(issue, initial) ?? (min + max) / 2);
  const readout = el("output", {"class": "readout", "data-testid": testid + "-value"});
  const update = () => { readout.textContent = showValue(issue, fromSlider(issue, Number(input.value))); };
  input.addEventListener("input", update);
  update();
  const row = el("div", {"class": "tick-row", "aria-hidden": "true"});
  for (const mark of marks) {
    const at = max > min ? (mark.value - min) / (max - min) : 0;
    const tick = el("span", {"class": "tick" + (at <= 0 ? " first" : at >= 1 ? " last" : ""), title: mark.text}, mark.text);
    tick.style.left = (at * 100).toFixed(3) + "%";
    row.append(tick);
  }
  const node = el("div", {"class": "scale"},
    el("div", {"class": "scale-line"}, input, readout),
    el("datalist", {id: listId}, marks.map((m) => el("option", {value: m.value, label: m.text}))),
    marks.length ? row : null);
  return {
    node, input,
    get value() { return fromSlider(issue, Number(input.value)); },
    set value(v) { input.value = String(toSlider(issue, v) ?? input.value); update(); },
    set disabled(d) { input.disabled = d; node.classList.toggle("disabled", d); },
  };
}

// A select over an issue's grid (or options), for proposing a package.
export function gridSelect(issue, testid) {
  const values = grid(issue);
  const select = el("select", {"data-testid": testid, "aria-label": issue.name},
    values.map((x) => el("option", {value: x}, showValue(issue, fromSlider(issue, x)))));
  select.value = String(values[Math.floor(values.length / 2)]);
  return {node: select, get value() { return fromSlider(issue, Number(select.value)); }};
}
