// The parley report page: draws every section from the document parley embeds in the page (id "parley-data",
// the output of `parley report --format json`). It runs offline: Observable Plot and d3 are bundled in at build
// time (web/build.mjs). Every chart is a <figure class="chart" data-chart=KIND>; the browser tests count its marks
// by their aria-label (docs/report.md).
import {el, section} from "./dom.js";
import {issueMaps, gapOverTime, positionsOverTime} from "./issues.js";
import {packagesSection} from "./packages.js";
import {forecastSection} from "./forecast.js";
import {uncertaintySection} from "./uncertainty.js";
import {stabilitySection} from "./stability.js";
import {summarySection} from "./summary.js";

function story(d) {
  const s = d.scenario;
  const p = d.parley;
  const sources = (s.sources || []).map((src) => el("li", {id: "source-" + src.id},
    el("code", {}, src.id), ": ",
    src.url ? el("a", {href: src.url}, src.title) : src.title,
    src.date ? ", " + src.date : "",
    src.note ? el("div", {"class": "note"}, src.note) : null));
  return el("header", {id: "story"},
    s.date ? el("p", {"class": "date"}, s.date) : null,
    s.description ? el("p", {"class": "description"}, s.description) : null,
    sources.length ? el("div", {}, el("h3", {}, "Sources"), el("ul", {"class": "sources"}, sources)) : null,
    el("p", {"class": "stamp", id: "stamp"}, [
      `parley ${p.version}`, `scenario sha256 ${p.scenario_sha256}`,
      // A page of one result (a notebook's display) has its task's options, not a report's, and no creation time.
      p.options.draws !== undefined ? `draws ${p.options.draws}, seed ${p.options.seed}` : null,
      p.created ? `created ${p.created}` : null,
    ].filter(Boolean).join(" · ")));
}

function notes(d) {
  if (!d.notes || d.notes.length === 0) return null;
  return section("notes", "Not in this report", el("ul", {}, d.notes.map((n) => el("li", {}, n))));
}

function contents(parts) {
  return el("nav", {id: "contents"}, el("ul", {}, parts.filter(Boolean).map((part) =>
    el("li", {}, el("a", {href: "#" + part.id}, part.querySelector("h2").textContent)))));
}

function render() {
  const d = JSON.parse(document.getElementById("parley-data").textContent);
  const root = document.getElementById("report");
  root.replaceChildren();
  const final = d.points.length ? d.points[d.points.length - 1] : null;
  const parts = [
    final ? issueMaps(d, final) : null,
    d.points.length > 1 ? section("timeline", "The gap over time", gapOverTime(d), positionsOverTime(d)) : null,
    final ? packagesSection(d, final) : null,
    d.forecast ? forecastSection(d) : null,
    d.uncertainty ? uncertaintySection(d) : null,
    d.stability ? stabilitySection(d) : null,
    notes(d),
  ].filter(Boolean);
  // The title, then the answers (one screen), then the story, the contents and the sections they come from.
  root.append(el("h1", {}, d.scenario.title), summarySection(d), story(d), contents(parts), ...parts);
  document.body.setAttribute("data-rendered", "true");
}

try {
  render();
} catch (e) {
  // A page that fails says so where the reader looks, and the console (and the tests) see the error.
  document.getElementById("report").append(el("p", {"class": "error"}, "This report could not be drawn: " + e.message));
  throw e;
}
