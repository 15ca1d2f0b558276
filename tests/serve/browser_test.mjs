// End-to-end browser test of `parley serve` (docs/serve.md): a real server on a scratch SQLite store, driven
// through its own web pages in headless Chromium (Debian's, through playwright-core). The mediator creates a
// negotiation from tests/serve/browser_three_parties.yaml on the home page; three parties, each in its own browser
// context, open their links, set their confidential preferences with the sliders so that a deal exists and save
// them; round 1 opens by itself; all three accept the same suggestion with its checkbox; then every page must
// show the same agreement, the mediator's audit table must list the actions, the downloaded log must pass
// `parley audit verify`, no page may log a console error (beyond the HTTP errors the test provokes) or make a
// request to another origin. A screenshot of each page is written to --out.
//
//   node tests/serve/browser_test.mjs --parley build/parley --root . --out build/serve-screenshots
import {execFileSync, spawn} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {createRequire} from "node:module";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const root = resolve(arg("--root", "."));
const parley = resolve(arg("--parley", join(root, "build", "parley")));
const out = resolve(arg("--out", join(root, "build", "serve-screenshots")));
const browserPath = arg("--chromium", process.env.PARLEY_CHROMIUM || "/usr/bin/chromium");
const require = createRequire(join(root, "web", "package.json"));
const {chromium} = require("playwright-core");

const scenarioFile = join(root, "tests", "serve", "browser_three_parties.yaml");
const scenario = readFileSync(scenarioFile, "utf8");
const title = "Water-sharing talks <b>& friends</b>";
const scratch = mkdtempSync(join(tmpdir(), "parley-serve-test-"));
mkdirSync(out, {recursive: true});
const wait = {timeout: 20000};

const failures = [];
let checks = 0;
function check(ok, what) {
  checks += 1;
  if (!ok) failures.push(what);
  return ok;
}

// The server, on a free port; its first stdout line says where it listens.
function startServer() {
  const server = spawn(parley, ["serve", "--db", join(scratch, "e2e.db"), "--listen", "127.0.0.1:0"],
    {cwd: root, stdio: ["ignore", "pipe", "pipe"]});
  let stderr = "";
  server.stderr.on("data", (d) => { stderr += d; });
  const listening = new Promise((resolveUrl, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error("the server printed no 'listening on' line in 20 s: " + stderr)), 20000);
    server.stdout.on("data", (d) => {
      stdout += d;
      const m = stdout.match(/^parley serve: listening on (http:\/\/\S+)/m);
      if (m) {
        clearTimeout(timer);
        resolveUrl(new URL(m[1]).origin);
      }
    });
    server.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  return {server, listening, stderr: () => stderr};
}

function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve({code: server.exitCode, signal: server.signalCode});
  return new Promise((done) => {
    const timer = setTimeout(() => { server.kill("SIGKILL"); }, 10000);
    server.on("exit", (code, signal) => {
      clearTimeout(timer);
      done({code, signal});
    });
    server.kill("SIGTERM");
  });
}

// Chromium logs every non-2xx answer to fetch() as a console error; these are the ones the pages ask for on
// purpose (a party with no saved preferences yet, the test's early "Open next round", the bad link, the refused
// scenario), and the browser's own request for a favicon, which the app does not have.
const expectedHttpErrors = [
  {path: /^\/favicon\.ico$/, status: 404},
  {path: /\/preferences$/, status: 404},
  {path: /\/preferences$/, status: 409},
  {path: /\/rounds$/, status: 409},
  {path: /\/api\/negotiations\/[^/]+$/, status: 401},
  {path: /\/api\/negotiations$/, status: 400},
  {path: /\/seats$/, status: 409},
];

function watch(page, name, origin) {
  const problems = {errors: [], requests: []};
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const status = Number((m.text().match(/status of (\d{3})/) || [])[1]);
    const url = m.location().url || "";
    const path = url.startsWith(origin) ? new URL(url).pathname : url;
    if (expectedHttpErrors.some((e) => e.status === status && e.path.test(path))) return;
    problems.errors.push(`${m.text()} (${url})`);
  });
  page.on("pageerror", (err) => problems.errors.push(String(err)));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(origin + "/") && !url.startsWith("blob:") && !url.startsWith("data:")) problems.requests.push(url);
  });
  return () => {
    check(problems.errors.length === 0, `${name}: console errors: ${problems.errors.join(" | ")}`);
    check(problems.requests.length === 0, `${name}: requests to other origins: ${problems.requests.join(", ")}`);
  };
}

const text = (page, testid) => page.getByTestId(testid).first().textContent({timeout: 20000});
const loaded = (page, role) => page.waitForSelector(`body[data-loaded=true][data-role=${role}]`, wait);

async function screenshot(page, name) {
  await page.screenshot({path: join(out, name + ".png"), fullPage: true});
}

// Creates the negotiation on the home page; returns the page (now showing the links) and the links.
async function createNegotiation(browser, origin, finish) {
  const context = await browser.newContext({viewport: {width: 1100, height: 900}, acceptDownloads: true});
  const page = await context.newPage();
  finish.push(watch(page, "mediator", origin));
  const response = await page.goto(origin + "/");
  check(response.status() === 200, `GET / answered ${response.status()}`);
  const csp = response.headers()["content-security-policy"] || "";
  check(/default-src '(none|self)'/.test(csp) && !/\*|https?:/.test(csp), `GET / has no strict Content-Security-Policy (got "${csp}")`);
  await loaded(page, "home");

  // A scenario the server refuses: its located message is shown.
  await page.getByTestId("scenario-input").fill("parley: 1\ntitle: no issues\n");
  await page.getByTestId("create-button").click();
  await page.waitForSelector("[data-testid=create-error].error", wait).catch(() => {});
  const refused = await text(page, "create-error").catch(() => "");
  check(/error/.test(refused), `a refused scenario should show the server's error message, got "${refused}"`);

  await page.getByTestId("scenario-input").fill(scenario);
  await page.getByTestId("create-button").click();
  await page.getByTestId("mediator-link").waitFor(wait);
  const mediator = await page.getByTestId("mediator-link").getAttribute("href");
  const parties = {};
  for (const a of await page.getByTestId("party-link").all()) parties[await a.getAttribute("data-party")] = await a.getAttribute("href");
  check(mediator.startsWith(origin + "/#n="), `the mediator link ${mediator} is not ${origin}/#n=...`);
  check(await page.locator("[data-testid=party-link][data-party=east]").locator("xpath=..").textContent()
    .then((t) => t.includes("Party East <i>Republic</i>")), "home: the east link should name the party as text");
  check(JSON.stringify(Object.keys(parties).sort()) === JSON.stringify(["east", "north", "south"]),
    `expected party links for east, north and south, got ${Object.keys(parties).join(", ")}`);
  for (const [party, url] of Object.entries(parties)) check(/^http:\/\/[^#]+\/#n=[^&]+&i=[0-9a-f]{32}$/.test(url), `bad link for ${party}: ${url}`);
  await screenshot(page, "home");
  return {page, mediator, parties};
}

// What each party tells the site (slider values; limits and no_deal when given). Together they leave a deal: quota
// 40..60 (north's one-sided "at least 40" and south's reservation) at the neutral city (east's limit).
const preferences = {
  north: {quota: {position: 60, salience: 80, at_least: 40}, venue: {position: 0, salience: 30}},
  south: {quota: {position: 30, salience: 70, reservation: 60}, venue: {position: 2, salience: 40}},
  east: {quota: {position: 50, salience: 50}, venue: {position: 1, salience: 60, acceptable: ["neutral city"]}, no_deal: 0.2},
};
const publicStance = {north: {quota: 90, venue: 0}, south: {quota: 10, venue: 2}, east: {quota: 40, venue: 1}};

async function setPreferences(page, party) {
  const prefs = preferences[party];
  for (const [issue, s] of Object.entries(prefs)) {
    if (issue === "no_deal") continue;
    await page.getByTestId("position-" + issue).fill(String(s.position));
    await page.getByTestId("salience-" + issue).fill(String(s.salience));
    // The venue is nominal: the options accepted are boxes, one per option.
    if (s.acceptable !== undefined) {
      for (const [k, option] of ["upstream capital", "neutral city", "downstream capital"].entries())
        await page.getByTestId(`accept-${issue}-${k}`).setChecked(s.acceptable.includes(option));
    }
    const kind = ["reservation", "at_least", "at_most"].find((k) => s[k] !== undefined);
    if (kind !== undefined) {
      await page.getByTestId("has-limit-" + issue).check();
      await page.getByTestId("limit-kind-" + issue).selectOption(kind);
      await page.getByTestId("reservation-" + issue).fill(String(s[kind]));
    }
  }
  if (prefs.no_deal !== undefined) {
    await page.getByTestId("has-no-deal").check();
    await page.getByTestId("no-deal").fill(String(prefs.no_deal));
  }
  await page.getByTestId("save-prefs").click();
  await page.waitForSelector("[data-testid=prefs-message].ok", wait).catch(() => {});
  check(await text(page, "prefs-message") === "Saved", `${party}: saving preferences did not say "Saved"`);
}

async function openParty(browser, origin, party, url, finish) {
  const context = await browser.newContext({viewport: {width: 1100, height: 1000}});
  const page = await context.newPage();
  finish.push(watch(page, party, origin));
  await page.goto(url);
  await loaded(page, "party");
  check(await text(page, "title") === title, `${party}: the title is not shown as text`);
  check(await page.locator("h1 b").count() === 0, `${party}: markup in the title became elements`);
  // Before any save the sliders start at the party's public stance, salience 50, no limits.
  for (const [issue, position] of Object.entries(publicStance[party])) {
    check(await page.getByTestId("position-" + issue).inputValue() === String(position),
      `${party}: the ${issue} slider should start at the public stance ${position}`);
    check(await page.getByTestId("salience-" + issue).inputValue() === "50", `${party}: ${issue} salience should start at 50`);
    if (issue === "venue") {
      // A nominal issue: every option starts accepted.
      for (const k of [0, 1, 2])
        check(await page.getByTestId(`accept-venue-${k}`).isChecked(), `${party}: venue option ${k} should start accepted`);
    } else {
      check(await page.getByTestId("reservation-" + issue).isDisabled(), `${party}: the ${issue} limit should start disabled`);
    }
  }
  check(await text(page, "zopa") === "not yet known", `${party}: before round 1 a deal should be "not yet known"`);
  // The public resolution is stated before the party sets a limit.
  const note = await text(page, "privacy-note");
  check(/public resolution: .*steps of \d.*walking away, steps of 0\.1\.$/.test(note), `${party}: the resolution is not stated: "${note}"`);
  return page;
}

async function suggestionIds(page) {
  return page.$$eval("tr[data-testid=suggestion]", (rows) => rows.map((r) => Number(r.dataset.id)));
}

async function main(origin) {
  const browser = await chromium.launch({executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"]});
  const finish = [];
  try {
    const created = await createNegotiation(browser, origin, finish);
    const mediator = created.page;
    await mediator.goto(created.mediator);  // the links open in new tabs; the mediator's own tab follows its link
    await loaded(mediator, "mediator");
    const id = new URLSearchParams(new URL(created.mediator).hash.slice(1)).get("n");
    const mediatorToken = new URLSearchParams(new URL(created.mediator).hash.slice(1)).get("t");
    check(await text(mediator, "title") === title, "mediator: the title is not shown as text");
    check(await text(mediator, "status") === "open", "mediator: a new negotiation should be open");
    check(await text(mediator, "round") === "0", "mediator: a new negotiation should be in round 0");
    check(await mediator.getByTestId("party-row").count() === 3, "mediator: the parties table should have 3 rows");
    check(await text(mediator, "zopa") === "not yet known", "mediator: a deal should be not yet known in round 0");
    check(await text(mediator, "decision") === "every party (unanimity)", "mediator: the page should say who must accept");
    // Round 1 opens only by itself: asking for the next round now is refused, and the page says why.
    await mediator.getByTestId("open-round").click();
    await mediator.waitForSelector("[data-testid=round-message].error", wait).catch(() => {});
    check(/cannot open/.test(await text(mediator, "round-message")), "mediator: opening a round in round 0 should show the 409 error");

    // A token that is not this negotiation's opens nothing.
    const stranger = await browser.newPage();
    finish.push(watch(stranger, "bad link", origin));
    await stranger.goto(`${origin}/#n=${id}&t=not-a-token`);
    await stranger.getByTestId("fatal").waitFor(wait);
    check(/not valid/.test(await text(stranger, "fatal")), "a bad token should show that the link is not valid");
    await stranger.close();

    const pages = {};
    for (const [party, url] of Object.entries(created.parties)) pages[party] = await openParty(browser, origin, party, url, finish);
    // Each invitation took its seat: the tab's address now holds the party's own token, and the mediator sees
    // every seat taken. Opened again (by a thief, or in another browser), an invitation is refused, saying so.
    for (const [party, page] of Object.entries(pages))
      check(/#n=[^&]+&t=[0-9a-f]{64}$/.test(page.url()), `${party}: after taking the seat the address should hold a token, got ${page.url()}`);
    await mediator.waitForFunction(() => [...document.querySelectorAll("[data-testid=seated]")].every((c) => c.textContent === "yes"), null, wait)
      .catch(() => {});
    check((await mediator.$$eval("[data-testid=seated]", (c) => c.map((x) => x.textContent))).join() === "yes,yes,yes",
      "mediator: every seat should show as taken");
    const thief = await browser.newPage();
    finish.push(watch(thief, "used invitation", origin));
    await thief.goto(created.parties.north);
    await thief.getByTestId("fatal").waitFor(wait);
    check(/has been used/.test(await text(thief, "fatal")), "a used invitation should say that the seat is taken");
    await thief.close();
    check(await pages.east.getByTestId("role").textContent() === "Party: East <i>Republic</i>", "east: the party name is not shown as text");
    check(await pages.east.locator("header i").count() === 0, "east: markup in the party name became elements");
    for (const party of ["north", "south", "east"]) await setPreferences(pages[party], party);

    // The saved preferences come back into the sliders.
    await pages.north.reload();
    await loaded(pages.north, "party");
    check(await pages.north.getByTestId("position-quota").inputValue() === "60", "north: a reload should show the saved quota position");
    check(await pages.north.getByTestId("has-limit-quota").isChecked(), "north: a reload should show the saved limit");
    check(await pages.north.getByTestId("reservation-quota").inputValue() === "40", "north: a reload should show the saved limit's value");
    check(await pages.north.getByTestId("limit-kind-quota").inputValue() === "at_least", "north: a reload should show that the limit is 'at least'");
    await pages.east.reload();
    await loaded(pages.east, "party");
    check(!(await pages.east.getByTestId("accept-venue-0").isChecked()) && await pages.east.getByTestId("accept-venue-1").isChecked(),
      "east: a reload should show the venue options it accepts (neutral city only)");

    // Round 1 opens by itself; everyone learns that a deal exists, and sees the same suggestions.
    const all = [mediator, ...Object.values(pages)];
    for (const page of all) await page.waitForSelector("body[data-round='1']", wait).catch(() => {});
    for (const page of all) await page.waitForSelector("tr[data-testid=suggestion]", wait).catch(() => {});
    const ids = await suggestionIds(mediator);
    check(ids.length >= 1 && ids.length <= 8, `mediator: expected 1 to 8 suggestions, got ${ids.length}`);
    check(await text(mediator, "zopa") === "yes", "mediator: round 1 should say a deal exists");
    check((await mediator.$$eval("[data-testid=preferences-set]", (c) => c.map((x) => x.textContent))).every((t) => t === "yes"),
      "mediator: every party should show preferences set");
    for (const [party, page] of Object.entries(pages)) {
      check(await text(page, "zopa") === "yes", `${party}: round 1 should say a deal exists`);
      check(JSON.stringify(await suggestionIds(page)) === JSON.stringify(ids), `${party}: sees other suggestions than the mediator`);
    }
    // The package every party's own limits accept (all of them should, the suggestions being agreeable).
    let chosen = null;
    for (const sid of ids) {
      let ok = true;
      for (const page of Object.values(pages)) ok = ok && (await text(page, "acceptable-" + sid)) === "yes";
      if (ok) { chosen = sid; break; }
    }
    check(chosen !== null, "no suggestion is within every party's limits");
    chosen ??= ids[0];
    for (const [party, page] of Object.entries(pages)) {
      check(/^\d+(\.\d+)?%$/.test(await text(page, "utility-" + chosen)), `${party}: the utility of #${chosen} is not a percentage`);
    }
    const chosenValues = await mediator.locator(`tr[data-testid=suggestion][data-id="${chosen}"]`).getAttribute("data-values");

    // A public proposal, seen by the others.
    await pages.north.getByTestId("propose-quota").selectOption("50");
    await pages.north.getByTestId("propose-venue").selectOption("1");
    await pages.north.getByTestId("propose-button").click();
    await pages.north.waitForSelector("[data-testid=propose-message].ok", wait).catch(() => {});
    check(await text(pages.north, "propose-message") === "Proposed", "north: the proposal was not accepted");
    for (const page of [mediator, pages.south]) {
      await page.waitForSelector("tr[data-testid=proposal][data-party=north]", wait).catch(() => {});
      check(await page.locator("tr[data-testid=proposal][data-party=north]").count() === 1, "north's proposal is not listed on every page");
    }

    // All three accept the chosen package through its checkbox.
    const order = ["north", "south", "east"];
    for (const [k, party] of order.entries()) {
      const page = pages[party];
      await page.getByTestId("accept-" + chosen).check();
      await page.getByTestId("send-acceptances").click();
      await page.waitForSelector("[data-testid=acceptances-message].ok", wait).catch(() => {});
      check(await text(page, "acceptances-message") === "Sent", `${party}: sending acceptances did not say "Sent"`);
      if (k < order.length - 1) {
        await mediator.waitForSelector(`tr[data-testid=party-row][data-party=${party}] [data-testid=responded].yes`, wait).catch(() => {});
        check(await mediator.locator(`tr[data-testid=party-row][data-party=${party}] [data-testid=responded]`).textContent() === "yes",
          `mediator: ${party} should show as responded`);
        check(await page.getByTestId("accept-" + chosen).isChecked(), `${party}: its acceptance should stay ticked`);
      }
    }

    // Everyone sees the same agreement.
    for (const [name, page] of [["mediator", mediator], ...Object.entries(pages)]) {
      await page.waitForSelector("body[data-status=agreed]", wait).catch(() => {});
      check(await text(page, "status") === "agreed", `${name}: status should be agreed`);
      const box = page.getByTestId("agreement");
      check(await box.count() === 1 && await box.getAttribute("data-id") === String(chosen), `${name}: the agreement should be #${chosen}`);
      check(await box.count() === 1 && await box.getAttribute("data-values") === chosenValues,
        `${name}: the agreed package differs from suggestion #${chosen}`);
    }
    // Once agreed only improvements can be accepted: the suggestions lose their checkboxes.
    for (const [party, page] of Object.entries(pages)) {
      await page.waitForFunction(() => !document.querySelector("tr[data-testid=suggestion] input"), null, wait).catch(() => {});
      check(await page.locator("tr[data-testid=suggestion] input[type=checkbox]").count() === 0,
        `${party}: after agreement the suggestions should have no checkboxes`);
      check(await page.locator("[data-testid=improvement], [data-testid=no-improvements]").count() > 0,
        `${party}: after agreement the page should list the improvements or say there are none`);
    }

    // The audit table lists every action, as the API's log does; the downloaded log verifies.
    const log = await (await fetch(`${origin}/api/negotiations/${id}/audit`, {headers: {Authorization: "Bearer " + mediatorToken}})).json();
    await mediator.waitForFunction((n) => document.querySelectorAll("tr[data-testid=audit-row]").length >= n, log.entries.length, wait)
      .catch(() => {});
    const rows = await mediator.$$eval("tr[data-testid=audit-row]", (r) => r.map((x) => x.dataset.action));
    check(rows.length === log.entries.length, `mediator: ${rows.length} audit rows, the log has ${log.entries.length} entries`);
    const count = (action) => rows.filter((a) => a === action).length;
    check(count("create") === 1, "mediator: the audit table should list one create");
    check(count("preferences") === 3, `mediator: the audit table should list 3 preferences, got ${count("preferences")}`);
    check(count("acceptances") === 3, `mediator: the audit table should list 3 acceptances, got ${count("acceptances")}`);
    check(rows.length > 7, `mediator: the audit table should list the proposal and round actions too: ${rows.join(", ")}`);
    const [download] = await Promise.all([mediator.waitForEvent("download", wait), mediator.getByTestId("download-audit").click()]);
    check(download.suggestedFilename() === `audit-${id}.json`, `the audit download is named ${download.suggestedFilename()}`);
    const saved = join(scratch, "audit.json");
    await download.saveAs(saved);
    const downloaded = JSON.parse(readFileSync(saved, "utf8"));
    check(downloaded.negotiation === id && downloaded.entries.length >= log.entries.length, "the downloaded audit log is not the negotiation's");
    try {
      const verdict = execFileSync(parley, ["audit", "verify", saved], {encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
      check(/chain intact/.test(verdict), `parley audit verify: ${verdict.trim()}`);
    } catch (e) {
      check(false, `parley audit verify of the downloaded log failed (${e.status}): ${String(e.stderr || e.stdout).trim()}`);
    }

    await screenshot(mediator, "mediator");
    for (const [party, page] of Object.entries(pages)) await screenshot(page, "party-" + party);
    for (const f of finish) f();
  } finally {
    await browser.close();
  }
}

if (!existsSync(browserPath)) {
  console.log(`FAIL no Chromium at ${browserPath}: scripts/install-deps.sh installs Debian's chromium`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const {server, listening, stderr} = startServer();
process.on("exit", () => { if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL"); });
try {
  const origin = await listening;
  console.log(`server at ${origin}`);
  await main(origin);
} catch (e) {
  check(false, "the test stopped: " + (e && e.stack ? e.stack : e));
} finally {
  const stopped = await stopServer(server);
  check(stopped.code === 0, `the server did not stop cleanly on SIGTERM (${stopped.code ?? stopped.signal}): ${stderr().trim()}`);
  rmSync(scratch, {recursive: true, force: true});
}
for (const f of failures) console.log("FAIL " + f);
console.log(`${checks - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
