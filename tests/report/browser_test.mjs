// Browser test of `parley report` (issue 7): every example's report opens in headless Chromium (Debian's, driven
// by playwright-core) with no console error and no network request; every chart has a non-zero size; the
// charts hold the marks the analyses call for, counted against parley's own JSON outputs (one dot per actor
// with a stance on each issue map, one per state in the state graph, ...); the page names no URL but the
// scenario's sources; two reports of the same inputs differ only in their creation time. A screenshot of each
// page (whole, its first screen, and the first chart of each type) is written to --out for review.
//
//   node tests/report/browser_test.mjs --parley build/parley --root . --out build/report-screenshots
import {execFileSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {tmpdir} from "node:os";
import {basename, join, resolve} from "node:path";

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const root = resolve(arg("--root", "."));
const parley = resolve(arg("--parley", join(root, "build", "parley")));
const out = resolve(arg("--out", join(root, "build", "report-screenshots")));
const browserPath = arg("--chromium", process.env.PARLEY_CHROMIUM || "/usr/bin/chromium");
const only = arg("--only", "");
const require = createRequire(join(root, "web", "package.json"));
const {chromium} = require("playwright-core");

const draws = "200";
const scratch = mkdtempSync(join(tmpdir(), "parley-report-test-"));
mkdirSync(out, {recursive: true});

function run(args) {
  return execFileSync(parley, args, {cwd: root, encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"]});
}
function json(args) {
  return JSON.parse(run([...args, "--format", "json"]));
}

// The reports under test: every example, and gmcr-py graph models (stability only) from tests/data, up to the
// 40 states of the aquifer conflict (7 options, 4 decision makers).
const inputs = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".yaml")).sort()
  .map((f) => join("examples", f));
for (const g of ["landfill", "aquifer"]) inputs.push(join("tests", "data", "gmcr", g + ".gmcr"));
// A decision rule other than unanimity (docs/scenario-format.md, "Decision rule"): the page says "pass the rule".
inputs.push(join("tests", "scenarios", "analyze", "coalition-rule.yaml"));
// Nominal issues and options valued one by one (docs/scenario-format.md, "Nominal issues"): no chart of a scale.
inputs.push(join("tests", "scenarios", "good", "nominal.yaml"));
// KTAB's parameters from the scenario (docs/models.md §6.9): the spatial model's section names them in words.
inputs.push(join("tests", "scenarios", "good", "model-settings.yaml"));

const failures = [];
let checks = 0;
function check(ok, what) {
  checks += 1;
  if (!ok) failures.push(what);
}

// Namespace names inside the bundled d3 (xmlns and friends): identifiers, never fetched.
const namespaces = new Set(["http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg",
  "http://www.w3.org/2000/xmlns/", "http://www.w3.org/XML/1998/namespace"]);

function expectations(input) {
  const show = json(["show", input]);
  const e = {show, issues: [], conflict: null, analysis: null};
  for (const issue of show.issues) {
    const stances = show.actors.filter((a) => a.stances.some((s) => s.issue === issue.id)).length;
    e.issues.push({id: issue.id, name: issue.name, kind: issue.kind, nominal: issue.ordered === false, stances});
  }
  if (show.issues.length) e.analysis = json(["analyze", input]);
  if (show.conflict) e.conflict = json(["stability", input, "--moves"]);
  return e;
}

async function count(page, selector) {
  return page.locator(selector).count();
}

async function testReport(browser, input) {
  const name = basename(input).replace(/\.[^.]+$/, "");
  const html = join(scratch, name + ".html");
  run(["report", input, "-o", html, "--draws", draws, "--seed", "7", "--created", "2026-02-18T00:00:00Z"]);
  const again = join(scratch, name + "-again.html");
  run(["report", input, "-o", again, "--draws", draws, "--seed", "7", "--created", "2030-01-01T12:00:00Z", "--threads", "1"]);
  const text = readFileSync(html, "utf8");
  const other = readFileSync(again, "utf8");
  check(text.replace("2026-02-18T00:00:00Z", "T") === other.replace("2030-01-01T12:00:00Z", "T"),
    `${name}: two reports of the same inputs differ beyond their creation time`);
  check(text.split("2026-02-18T00:00:00Z").length === 2, `${name}: the creation time should appear once in the page`);

  const e = expectations(input);
  const sources = new Set(e.show.sources.map((s) => s.url).filter(Boolean));
  for (const url of text.match(/https?:\/\/[^\s"'<>()\\]+/g) || []) {
    check(namespaces.has(url) || sources.has(url), `${name}: the page names ${url}, which is not one of the scenario's sources`);
  }

  const page = await browser.newPage({viewport: {width: 1100, height: 900}});
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  await page.goto("file://" + html);
  await page.waitForSelector("body[data-rendered=true]", {timeout: 20000}).catch(() => {});
  check(errors.length === 0, `${name}: console errors: ${errors.join(" | ")}`);
  check(requests.length === 0, `${name}: the page made network requests: ${requests.join(", ")}`);
  check(await page.evaluate(() => document.body.dataset.rendered === "true"), `${name}: the page did not finish drawing`);
  // No value printed as JavaScript's placeholder for a value it could not show.
  const shown = await page.evaluate(() => document.body.innerText);
  for (const bad of ["[object Object]", "undefined", "NaN"]) {
    check(!shown.includes(bad), `${name}: the page shows "${bad}"`);
  }

  // Every chart has a size.
  const sizes = await page.$$eval("figure.chart", (figs) => figs.map((f) => {
    const svg = f.querySelector("svg");
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {kind: f.dataset.chart, width: box.width, height: box.height};
  }));
  for (const s of sizes) check(s.width > 0 && s.height > 0, `${name}: chart ${s.kind} has no size`);

  // Issue maps: one per issue, one dot per actor with a stance on it.
  for (const issue of e.issues) {
    const fig = `figure[data-chart=issue-map][data-issue="${issue.id}"]`;
    check(await count(page, fig) === 1, `${name}: no issue map for ${issue.id}`);
    const dots = await count(page, `${fig} g.positions circle`);
    check(dots === issue.stances, `${name}: issue map ${issue.id} has ${dots} position dots, expected ${issue.stances}`);
    // The shaded ZOPA is the one with red lines applied; limits that meet only where a red line forbids are red.
    const z = e.analysis ? e.analysis.issues.find((s) => s.id === issue.id).zopa : null;
    const w = z ? z.with_red_lines : null;
    if (z && z.exists && w && w.computed && !w.exists) {
      check(await count(page, `${fig} g.zopa-emptied rect`) === 1 && await count(page, `${fig} g.zopa rect`) === 0,
        `${name}: red lines empty the overlap on ${issue.id}, but its map does not show it`);
    } else if (z && z.exists && w && w.computed && w.regions) {
      const shaded = await count(page, `${fig} g.zopa rect`);
      check(shaded === w.regions.length, `${name}: ${issue.id}'s map shades ${shaded} regions, expected ${w.regions.length}`);
    }
  }
  if (e.analysis) {
    const pk = e.analysis.packages;
    const pairs = Math.min(pk.parties.length, 4);
    const expectedPairs = pk.parties.length >= 2 ? (pairs * (pairs - 1)) / 2 : 0;
    check(await count(page, "figure[data-chart=packages]") === expectedPairs,
      `${name}: expected ${expectedPairs} package charts`);
    if (expectedPairs > 0) {
      const fig = "figure[data-chart=packages]";
      const frontier = await count(page, `${fig} >> nth=0 >> g.frontier circle`);
      check(frontier === Math.min(pk.pareto_listed, pk.pareto_packages),
        `${name}: ${frontier} frontier points drawn, expected ${pk.pareto_listed}`);
      const cloud = await count(page, `${fig} >> nth=0 >> g.packages circle`) +
        await count(page, `${fig} >> nth=0 >> g.agreeable circle`);
      check(cloud === Math.min(pk.total, 2000), `${name}: ${cloud} packages drawn, expected ${Math.min(pk.total, 2000)}`);
      const agreeable = await count(page, `${fig} >> nth=0 >> g.agreeable circle`);
      if (pk.total <= 2000) check(agreeable === pk.agreeable, `${name}: ${agreeable} agreeable packages drawn, expected ${pk.agreeable}`);
      const solutions = Object.values(pk.solutions).filter(Boolean).length;
      check(await count(page, `${fig} >> nth=0 >> g.solutions path`) === solutions,
        `${name}: expected ${solutions} solution marks`);
      const take = pk.what_it_would_take.needed ? 1 : 0;
      check(await count(page, `${fig} >> nth=0 >> g.what-it-would-take path`) === take,
        `${name}: expected ${take} "what it would take" marks`);
    }
    if (pk.parties.length > 2) check(await count(page, "figure[data-chart=parallel]") === 1, `${name}: no parallel coordinates`);
    // Forecasts: each issue's expected-utility trajectory ends in one dot per actor with a stance.
    // A nominal issue has no trajectory: its forecast is its plurality option, said in words, in both models.
    for (const issue of e.issues.filter((i) => i.stances > 0 && i.nominal)) {
      check(await count(page, `figure[data-chart=forecast][data-issue="${issue.id}"]`) === 0,
        `${name}: the nominal issue ${issue.id} is drawn as a trajectory`);
      check(await count(page, `p.nominal-forecast[data-issue="${issue.id}"]`) === 3,
        `${name}: the nominal issue ${issue.id} should have its plurality forecast in both models and beside all`);
      const row = await page.locator("#forecast table tr", {hasText: issue.name}).first().innerText();
      check(row.includes("plurality"), `${name}: the forecast of the nominal issue ${issue.id} reads ${row}`);
    }
    for (const issue of e.issues.filter((i) => i.stances > 0 && !i.nominal)) {
      const dots = await count(page, `figure[data-chart=forecast][data-model=eum][data-issue="${issue.id}"] g.final-positions circle`);
      check(dots === issue.stances, `${name}: eum forecast of ${issue.id} ends in ${dots} dots, expected ${issue.stances}`);
    }
    // Every model side by side: a dot per model with a forecast of the issue, the reading in words beside it.
    const all = json(["forecast", input, "--model", "all"]);
    for (const entry of all.issues) {
      const models = Object.keys(entry.forecasts).length;
      const dots = await count(page, `figure[data-chart=models][data-issue="${entry.issue}"] g.model-forecasts circle`);
      check(dots === models, `${name}: the models chart of ${entry.issue} has ${dots} dots, expected ${models}`);
      const said = await count(page, `ul.model-reading[data-issue="${entry.issue}"] li`);
      check(said === entry.note.length, `${name}: the reading of ${entry.issue} has ${said} sentences, expected ${entry.note.length}`);
    }
    // A forecast that did not settle is never shown as one number: its row says so.
    const f = json(["forecast", input]);
    for (const run of f.issues || [f]) {
      if (run.end.settled) continue;
      const issueName = e.show.issues.find((i) => i.id === run.issue).name;
      const row = await page.locator("#forecast table tr", {hasText: issueName}).first().innerText();
      check(row.includes("not settled"), `${name}: the unsettled forecast of ${run.issue} reads as firm: ${row}`);
    }
    const points = e.show.timeline.length + 1;
    if (points > 1) {
      const gaps = await count(page, "figure[data-chart=gap-over-time] g.gaps circle");
      check(gaps === points * e.issues.length, `${name}: ${gaps} gap dots, expected ${points * e.issues.length}`);
      // One bar per point whose agreeable count is exact (parley analyze --timeline says which).
      const exact = json(["analyze", input, "--timeline"]).timeline.filter((p) => p.agreeable !== null).length;
      check(await count(page, "figure[data-chart=agreeable-over-time] g.agreeable rect") === exact,
        `${name}: expected ${exact} agreeable-set bars`);
    }
    // Uncertainty: a box per continuous issue with a forecast; a discrete issue's forecast is each option's share
    // of the draws (a box of option positions would name nothing); and the ZOPA probability of each issue.
    for (const issue of e.issues.filter((i) => i.stances > 0)) {
      const boxes = await count(page, `figure[data-chart=forecast-distribution][data-issue="${issue.id}"] g.boxes rect`);
      if (issue.kind === "discrete") {
        check(boxes === 0, `${name}: the forecast of the discrete issue ${issue.id} is drawn as a box of option positions`);
        const row = await page.locator("table.forecast-shares tr", {hasText: issue.name}).count();
        check(row === 1, `${name}: the forecast of ${issue.id} should be one row of option shares, found ${row}`);
        continue;
      }
      check(boxes === 1, `${name}: the forecast distribution of ${issue.id} has ${boxes} boxes, expected 1`);
    }
    check(await count(page, "figure[data-chart=zopa-probability] g.zopa-probability rect") === e.issues.length,
      `${name}: ZOPA probability bars`);
  }
  if (e.conflict) {
    const states = e.conflict.states.length;
    const improvements = e.conflict.moves.filter((m) => m.improvement).length;
    check(await count(page, "figure[data-chart=state-graph] g.states circle") === states,
      `${name}: the state graph should have ${states} states`);
    check(await count(page, "figure[data-chart=state-graph] g.improvements path") === improvements,
      `${name}: the state graph should have ${improvements} improvement arrows`);
    // Legible: no state's circle or pattern overlaps another state's.
    const clashes = await page.evaluate(() => {
      const fig = document.querySelector("figure[data-chart=state-graph]");
      if (!fig) return [];
      const boxes = (sel) => [...fig.querySelectorAll(sel)].map((e) => ({box: e.getBoundingClientRect(),
        text: e.textContent}));
      const circles = boxes("g.states circle"), patterns = boxes("g.state-patterns text");
      const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 &&
        b.top < a.bottom - 0.5;
      const out = [];
      const all = [...circles.map((c, k) => ({...c, k, kind: "state"})), ...patterns.map((p, k) => ({...p, k, kind: "pattern"}))];
      for (let i = 0; i < all.length; ++i) {
        for (let j = i + 1; j < all.length; ++j) {
          if (all[i].k === all[j].k) continue;  // a state and its own pattern
          if (overlap(all[i].box, all[j].box)) out.push(`${all[i].kind} ${all[i].k} and ${all[j].kind} ${all[j].k}`);
        }
      }
      return out;
    });
    check(clashes.length === 0, `${name}: state graph elements overlap: ${clashes.slice(0, 5).join("; ")}`);
  }
  // The status quo's route: none when it is an equilibrium, else its shortest route's steps.
  if (e.conflict && e.conflict.status_quo) {
    const q = e.conflict.status_quo;
    const eq = new Set(Object.values(e.conflict.equilibria).flat());
    const steps = eq.has(q.state) ? 0 : Math.min(...q.equilibria.filter((x) => x.by_moves && x.by_moves.steps > 0)
      .map((x) => x.by_moves.steps), Infinity);
    const drawn = await count(page, "figure[data-chart=state-graph] g.status-quo-route path");
    check(drawn === (Number.isFinite(steps) ? steps : 0), `${name}: the status quo route has ${drawn} arrows, expected ${steps}`);
  }
  // Traceability: hovering a stance shows its source and note (an SVG <title>).
  const stance = e.show.actors.flatMap((a) => a.stances.map((s) => ({actor: a, s}))).find((x) => x.s.note);
  if (stance) {
    const titles = await page.$$eval(`figure[data-chart=issue-map][data-issue="${stance.s.issue}"] g.positions title`,
      (ts) => ts.map((t) => t.textContent));
    check(titles.some((t) => t.includes(stance.s.note) && t.includes(stance.actor.name)),
      `${name}: the ${stance.actor.id} stance on ${stance.s.issue} does not show its note on hover`);
  }
  // Charts draw what they say: zero counts as zero-height bars, whiskers on every forecast distribution, one
  // colour per actor (legend label) across every chart, and no text outside its chart.
  const drawn = await page.evaluate(() => {
    const bars = [...document.querySelectorAll("figure[data-chart=agreeable-over-time] g.agreeable rect")]
      .map((r) => r.getBoundingClientRect().height);
    const whiskers = [...document.querySelectorAll("figure[data-chart=forecast-distribution]")]
      .map((f) => f.querySelectorAll("g.whiskers line").length);
    const colours = {};
    for (const swatch of document.querySelectorAll("figure.chart div[class*=swatch] > span, figure.chart span[class*=swatch]")) {
      const label = swatch.textContent.trim();
      const fill = swatch.querySelector("svg") ? swatch.querySelector("svg").getAttribute("fill") : null;
      if (label && fill) (colours[label] ??= new Set()).add(fill);
    }
    const overflowing = [];
    // Every chart's svg, also inside the figure Plot makes for a chart with a legend; not svgs within svgs.
    for (const svg of document.querySelectorAll("figure.chart svg")) {
      if (svg.parentElement.closest("svg")) continue;
      const box = svg.getBoundingClientRect();
      if (box.width < 50) continue;  // legend swatches
      for (const t of svg.querySelectorAll("text")) {
        const r = t.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          overflowing.push(`${svg.closest("figure[data-chart]").dataset.chart}: "${t.textContent}"`);
        }
      }
    }
    return {bars, whiskers, colours: Object.fromEntries(Object.entries(colours).map(([k, v]) => [k, [...v]])),
      overflowing};
  });
  if (e.show.timeline.length > 0) {
    const counts = json(["analyze", input, "--timeline"]).timeline.filter((p) => p.agreeable !== null);
    drawn.bars.forEach((h, k) => {
      if (counts[k] && counts[k].agreeable === 0) check(h < 0.5, `${name}: a count of 0 is drawn ${h} px high`);
    });
  }
  for (const w of drawn.whiskers) check(w >= 3, `${name}: a forecast distribution has ${w} whisker marks, expected 3`);
  const actorNames = new Set(e.show.actors.map((a) => a.name));
  for (const [label, fills] of Object.entries(drawn.colours)) {
    if (!actorNames.has(label)) continue;
    check(fills.length === 1, `${name}: ${label} has ${fills.length} colours across the charts: ${fills.join(", ")}`);
  }
  check(drawn.overflowing.length === 0, `${name}: text outside its chart: ${drawn.overflowing.slice(0, 5).join("; ")}`);

  // The page opens with its answer: the summary comes before every section and fits on the first screen.
  const first = await page.evaluate(() => {
    const summary = document.getElementById("summary");
    const sections = [...document.querySelectorAll("#report section")];
    return summary ? {first: sections[0] === summary, bottom: summary.getBoundingClientRect().bottom,
      items: summary.querySelectorAll("li").length, text: summary.innerText} : null;
  });
  check(first !== null, `${name}: no summary`);
  if (first) {
    check(first.first, `${name}: the summary is not the first section`);
    check(first.bottom <= 900, `${name}: the summary ends at ${first.bottom} px, below the first screen`);
    check(first.items > 0, `${name}: the summary is empty`);
    if (e.analysis) {
      check(first.text.includes("Is there a deal?"), `${name}: the summary does not say whether there is a deal`);
      // Under a decision rule the page counts the packages that pass it, never "acceptable to every party".
      const decision = e.analysis.packages.decision;
      if (decision && decision.unanimity === false) {
        check(first.text.includes("the decision rule"), `${name}: the summary does not name the decision rule`);
        check(!first.text.includes("acceptable to every party"),
          `${name}: the summary counts packages acceptable to every party under a decision rule`);
      }
      // Two parties: Adjusted Winner is shown when it applies.
      const aw = e.analysis.packages.adjusted_winner;
      if (aw && aw.applies) {
        const shown = await page.$$eval("#packages .adjusted-winner tbody tr", (rows) => rows.length);
        check(shown === Object.keys(aw.values).length,
          `${name}: Adjusted Winner shows ${shown} issues, expected ${Object.keys(aw.values).length}`);
      }
      const take = e.analysis.packages.what_it_would_take;
      if (take && take.needed && take.found) {
        check(first.text.includes("What it would take"), `${name}: the summary leaves out what it would take`);
      }
    }
  }
  await page.screenshot({path: join(out, name + "-first-screen.png")});
  await page.screenshot({path: join(out, name + ".png"), fullPage: true});
  // One screenshot of each chart type (its first figure): NAME-chart-KIND.png.
  const kinds = await page.$$eval("figure[data-chart]", (figs) => [...new Set(figs.map((f) => f.dataset.chart))]);
  for (const kind of kinds) {
    const fig = await page.$(`figure[data-chart="${kind}"]`);
    if (fig) await fig.screenshot({path: join(out, `${name}-chart-${kind}.png`)});
  }
  await page.close();
  console.log(`${name}: ${sizes.length} charts`);
}

// A report whose forecast draws were summarised as drawn (--quantiles sketch) says so in its uncertainty section;
// one that kept them says nothing of the kind.
async function testSketchedReport(browser) {
  for (const quantiles of ["sketch", "auto"]) {
    const html = join(scratch, `geneva-quantiles-${quantiles}.html`);
    run(["report", join("examples", "geneva.yaml"), "-o", html, "--draws", "100", "--seed", "7", "--quantiles", quantiles,
      "--created", "2026-02-18T00:00:00Z"]);
    const page = await browser.newPage({viewport: {width: 1100, height: 900}});
    const errors = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto("file://" + html);
    await page.waitForSelector("body[data-rendered=true]", {timeout: 20000}).catch(() => {});
    const said = await page.locator("#uncertainty p.sketched").allTextContents();
    if (quantiles === "sketch") {
      check(said.length === 1 && /^The forecast's quantiles come from counts that keep no draw: each within 0\.098 % of its value; shares are exact, means and standard deviations come from exact sums\.$/.test(said[0]),
        `geneva --quantiles sketch: the uncertainty section should say how its quantiles were read, said ${JSON.stringify(said)}`);
    } else {
      check(said.length === 0, `geneva: a report that kept its draws says ${JSON.stringify(said)}`);
    }
    check(errors.length === 0, `geneva --quantiles ${quantiles}: page errors ${errors.join("; ")}`);
    await page.close();
  }
}

if (!existsSync(browserPath)) {
  console.log(`FAIL no Chromium at ${browserPath}: scripts/install-deps.sh installs Debian's chromium`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const browser = await chromium.launch({executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"]});
try {
  for (const input of inputs) {
    if (only && !input.includes(only)) continue;
    await testReport(browser, input);
  }
  if (!only || "geneva".includes(only)) await testSketchedReport(browser);
} finally {
  await browser.close();
}
for (const f of failures) console.log("FAIL " + f);
console.log(`${checks - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
