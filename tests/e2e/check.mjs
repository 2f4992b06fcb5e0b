// classplan end-to-end checks over a built output directory, with tools
// nobody here wrote: axe-core (WCAG 2.1 AA) in headless Chromium at two
// widths, the index filter with and without JavaScript, the Nu HTML checker,
// qpdf and poppler on every PDF, the schema.org JobPosting JSON-LD, and
// what publication needs (no hyphenated PDF lines, meta descriptions, no
// internal ids, the Apply link, questions.json against its JSON Schema).
// Prints one line per check ("ok" or "FAIL"), then "N passed, N failed".
// Usage: node check.mjs OUT_DIR ARTIFACTS_DIR
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, mkdirSync, existsSync } from "node:fs";
import { join, relative, extname, dirname, resolve, sep } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { chromium } from "playwright-core";
import Ajv2020 from "ajv/dist/2020.js";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] || "");
const artifacts = resolve(process.argv[3] || join(here, "artifacts"));
const WIDTHS = [390, 1280];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

let passed = 0;
let failed = 0;
const indent = (s) => "\n     " + String(s).trimEnd().replace(/\n/g, "\n     ");
const ok = (what, notes) => { passed++; console.log(`ok   ${what}${notes ? indent(notes) : ""}`); };
const fail = (what, detail) => { failed++; console.log(`FAIL ${what}${detail ? indent(detail) : ""}`); };
const check = (cond, what, detail) => (cond ? ok(what) : fail(what, detail));
const stats = { pages: 0, axeRuns: 0, axeRules: 0, vnuFiles: 0, pdfs: 0, jsonld: 0 };

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
const rel = (p) => relative(outDir, p).split(sep).join("/");
const run = (cmd, args) => spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });

async function main() {
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) { fail(`output directory ${outDir} exists`); return; }
  const files = walk(outDir);
  const html = files.filter((f) => f.endsWith(".html"));
  const pdfs = files.filter((f) => f.endsWith(".pdf"));
  const jsonld = files.filter((f) => f.endsWith(".jsonld"));
  const classJson = files.filter((f) => /\/classes\/[^/]+\.json$/.test(f));
  const bulletinJson = files.filter((f) => /\/bulletins\/[^/]+\/bulletin\.json$/.test(f));
  check(html.length > 0 && pdfs.length > 0 && jsonld.length > 0 && existsSync(join(outDir, "index.html")),
    `output has pages (${html.length} HTML, ${pdfs.length} PDF, ${jsonld.length} JSON-LD)`);

  // A crash in one part is one failure; the other parts still run.
  const part = async (what, fn) => { try { await fn(); } catch (e) { fail(`${what} ran to the end`, e && e.stack ? e.stack : String(e)); } };
  await part("browser checks", () => browserChecks(html, classJson.length + bulletinJson.length));
  await part("Nu HTML checker", () => vnuChecks(html, files.filter((f) => f.endsWith(".css"))));
  for (const pdf of pdfs) await part(`checks of ${rel(pdf)}`, () => pdfChecks(pdf));
  for (const file of jsonld) await part(`checks of ${rel(file)}`, () => jsonldChecks(file));
  await part("publication checks", () => publicationChecks(files, html, pdfs, jsonld));
}

// --- What applicants and applicant-tracking systems get ---------------------------------
function publicationChecks(files, allHtml, pdfs, jsonld) {
  // The published site; the analyst's reports (comparisons under reports/,
  // the lint report under lint/, with file paths and ids by design) are not.
  const html = allHtml.filter((f) => !rel(f).startsWith("reports/") && !rel(f).startsWith("lint/"));
  // Ragged-right print is not hyphenated.
  for (const pdf of pdfs) {
    const lines = run("pdftotext", ["-layout", pdf, "-"]).stdout.split("\n");
    const broken = lines.filter((l) => /\p{L}-$/u.test(l.trimEnd()));
    check(broken.length === 0, `pdftotext -layout ${rel(pdf)}: no hyphenated line ends`, broken.join("\n"));
  }
  // Every page describes itself for search results and link previews.
  const bare = html.filter((f) => !/<meta name="description" content="[^"]+">/.test(readFileSync(f, "utf8")));
  check(bare.length === 0 && html.length > 0, `every page has a meta description (${html.length} pages)`, bare.map(rel).join("\n"));
  // No internal ids in what readers see.
  const visible = (f) => readFileSync(f, "utf8").replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ");
  const leaks = [];
  for (const f of html) {
    const t = visible(f);
    for (const id of ["la-city/", "(la-city)", "(sf-city)", "(wa-state)", "css2"]) if (t.includes(id)) leaks.push(`${rel(f)}: ${id}`);
  }
  check(leaks.length === 0, "no internal ids (jurisdiction ids, unpublished class codes) in page text", leaks.join("\n"));
  // An open bulletin has an Apply link to where applications are made.
  for (const f of html.filter((x) => /\/bulletins\/[^/]+\/index\.html$/.test(x))) {
    const m = readFileSync(f, "utf8").match(/<a class="apply-button" href="([^"]+)">/);
    const href = m ? m[1].replace(/&#x2F;/g, "/") : "";
    check(/^https?:\/\//.test(href), `${rel(f)}: Apply link (${href || "none"})`);
  }
  for (const f of jsonld) {
    const j = JSON.parse(readFileSync(f, "utf8"));
    check(typeof j.url === "string" && /^https?:\/\//.test(j.url) && typeof j.directApply === "boolean",
      `${rel(f)}: url ${j.url} and directApply ${j.directApply}`);
  }
  // questions.json validates against the schema it names.
  // Formats such as "uint8" are schemars' annotations, not assertions.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, logger: false });
  const validators = new Map();
  for (const f of files.filter((x) => x.endsWith("/questions.json"))) {
    const q = JSON.parse(readFileSync(f, "utf8"));
    const schemaPath = resolve(dirname(f), q["$schema"] || "");
    if (!existsSync(schemaPath)) { fail(`${rel(f)}: its $schema ${q["$schema"]} exists`); continue; }
    // One validator per schema: ajv refuses to compile a schema $id twice.
    const validate = validators.get(schemaPath) || ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    validators.set(schemaPath, validate);
    const valid = validate(q);
    check(valid, `${rel(f)} validates against ${rel(schemaPath)}`, JSON.stringify(validate.errors, null, 1));
  }
}

// --- Chromium: axe, layout, screenshots, links, the index filter ---------------
async function browserChecks(html, documents) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".jsonld": "application/ld+json", ".pdf": "application/pdf", ".md": "text/markdown; charset=utf-8", ".txt": "text/plain; charset=utf-8" };
  const server = createServer((req, res) => {
    let path;
    try { path = resolve(outDir, "." + decodeURIComponent(new URL(req.url, "http://x").pathname)); } catch { path = ""; }
    if (!path.startsWith(outDir + sep) || !existsSync(path) || statSync(path).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(path));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
    const shots = join(artifacts, "screenshots");
    mkdirSync(shots, { recursive: true });
    const linkTargets = new Map(); // page -> hrefs found in it
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const external = [];
      const errors = [];
      page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url()); });
      page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
      // Failed loads are reported with their URL below; Chromium's own favicon request is not the page's.
      page.on("console", (m) => { if (m.type() === "error" && !/^Failed to load resource/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`); });
      page.on("response", (res) => { if (res.status() >= 400 && new URL(res.url()).pathname !== "/favicon.ico") errors.push(`${page.url()}: HTTP ${res.status()} for ${res.url()}`); });
      page.on("requestfailed", (req) => { if (req.url().startsWith(base)) errors.push(`${page.url()}: ${req.url()} failed: ${req.failure() && req.failure().errorText}`); });
      for (const file of html) {
        const name = rel(file);
        const response = await page.goto(base + name, { waitUntil: "load" });
        if (!response || response.status() !== 200) { fail(`load ${name} at ${width}px`, `status ${response && response.status()}`); continue; }
        stats.pages++;
        await page.addScriptTag({ content: axeSource });
        const r = await page.evaluate(async (tags) => {
          const res = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] });
          const brief = (list) => list.map((v) => ({ id: v.id, help: v.help, helpUrl: v.helpUrl, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
          return { violations: brief(res.violations), incomplete: brief(res.incomplete), passes: res.passes.length, inapplicable: res.inapplicable.length };
        }, AXE_TAGS);
        const rules = r.passes + r.violations.length + r.incomplete.length + r.inapplicable;
        stats.axeRuns++;
        stats.axeRules = Math.max(stats.axeRules, rules);
        const targets = (t) => t.slice(0, 12).join("\n  ") + (t.length > 12 ? `\n  ... and ${t.length - 12} more` : "");
        const detail = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n  ` + targets(v.targets)).join("\n");
        const review = r.incomplete.map((v) => `needs review, not failed: ${v.id}: ${v.help} (${v.helpUrl}) ${v.targets.join(", ")}`).join("\n");
        const what = `axe ${name} at ${width}px (${rules} rules: ${r.passes} passed, ${r.violations.length} violated, ${r.incomplete.length} to review, ${r.inapplicable} not applicable)`;
        if (r.violations.length) fail(what, detail + (review ? "\n" + review : "")); else ok(what, review);
        const overflow = await page.evaluate(() => {
          const doc = document.documentElement;
          const wide = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1 || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible").slice(-5).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).split(" ").join(".") : ""));
          return { by: doc.scrollWidth - doc.clientWidth, wide };
        });
        check(overflow.by <= 0, `no horizontal scrolling in ${name} at ${width}px`, `page is ${overflow.by}px wider than the viewport; widest: ${overflow.wide.join(", ")}`);
        await page.screenshot({ path: join(shots, `${name.replace(/\//g, "_")}-${width}.png`), fullPage: true });
        if (!linkTargets.has(name)) linkTargets.set(name, await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.href)));
      }
      check(external.length === 0, `no requests outside the output directory at ${width}px`, [...new Set(external)].join("\n"));
      check(errors.length === 0, `no JavaScript errors or failed loads at ${width}px`, errors.join("\n"));
      await context.close();
    }

    // Internal links (to pages, PDFs, JSON, fragments) resolve.
    const bodies = new Map();
    const fetchText = async (url) => {
      if (!bodies.has(url)) { const res = await fetch(url); bodies.set(url, { status: res.status, text: res.status === 200 ? await res.text() : "" }); }
      return bodies.get(url);
    };
    for (const [name, hrefs] of linkTargets) {
      const broken = [];
      const internal = hrefs.filter((h) => h.startsWith(base));
      for (const href of new Set(internal)) {
        const u = new URL(href);
        const fragment = decodeURIComponent(u.hash.slice(1));
        u.hash = "";
        const target = await fetchText(u.href);
        if (target.status !== 200) { broken.push(`${href}: HTTP ${target.status}`); continue; }
        if (fragment && !target.text.includes(`id="${fragment}"`)) broken.push(`${href}: no element with id "${fragment}"`);
      }
      check(broken.length === 0, `links in ${name} resolve (${internal.length} internal, ${hrefs.length - internal.length} external not followed)`, broken.join("\n"));
    }

    try { await filterChecks(browser, base, documents); } catch (e) { fail("index filter checks ran to the end", e && e.stack ? e.stack : String(e)); }
  } finally {
    await browser.close();
    server.close();
  }
}

async function filterChecks(browser, base, documents) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + "index.html");
  const visible = () => page.evaluate(() => [...document.querySelectorAll("tr[data-filter]")]
    .filter((r) => !r.hidden && r.getClientRects().length > 0)
    .map((r) => { const a = r.querySelector("a[href]"); return a ? a.getAttribute("href") : "(no link)"; }));
  const all = await visible();
  check(all.length === documents, `index lists every class and bulletin (${all.length} rows, ${documents} documents built)`);
  page.setDefaultTimeout(5000);
  const box = page.locator("#filter");
  if (!(await box.isVisible())) { fail("filter box (#filter) is shown when JavaScript runs"); await context.close(); return; }
  ok("filter box (#filter) is shown when JavaScript runs");
  const type = async (text) => { await box.fill(""); await box.pressSequentially(text); return visible(); };
  const one = await type("1302");
  check(one.length === 1 && /(^|\/)sf-city\/classes\/1302\.html$/.test(one[0]), `typing "1302" in the filter leaves 1 row: ${one.join(", ") || "none"}`);
  const status = await page.locator("#filter-count").textContent();
  check(status.trim() === `1 of ${all.length} rows match`, `filter status says "${status.trim()}"`);
  const two = await type("customer service specialist");
  check(two.length >= 2 && two.length < all.length, `typing "customer service specialist" leaves ${two.length} of ${all.length} rows`);
  const none = await type("zzqx-no-such-class");
  check(none.length === 0, `a nonsense query leaves ${none.length} rows`);
  await box.fill("");
  await box.dispatchEvent("input");
  const again = await visible();
  check(again.length === all.length, `clearing the filter shows all ${again.length} rows again`);
  await context.close();

  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
  const p2 = await noJs.newPage();
  await p2.goto(base + "index.html");
  const rows = await p2.evaluate(() => [...document.querySelectorAll("tr[data-filter]")].filter((r) => !r.hidden && r.getClientRects().length > 0).length);
  const boxShown = await p2.locator("#filter").isVisible();
  check(rows === all.length && !boxShown, `without JavaScript every row is visible (${rows}) and the inert filter box is hidden`);
  await noJs.close();
}

// --- Nu HTML checker ---------------------------------------------------------------
function vnuChecks(html, css) {
  const vnu = join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  const r = run("java", ["-jar", vnu, "--errors-only", "--also-check-css", "--format", "json", ...html, ...css]);
  let messages;
  try { messages = JSON.parse(r.stderr).messages; } catch { fail("Nu HTML checker runs", `exit ${r.status}\n${(r.stderr || "").slice(0, 2000)}${(r.stdout || "").slice(0, 2000)}`); return; }
  const pathOf = (url) => { try { return decodeURIComponent(String(url).replace(/^file:\/*/, "/")); } catch { return String(url); } };
  const checked = [...html, ...css];
  for (const file of checked) {
    stats.vnuFiles++;
    const mine = messages.filter((m) => pathOf(m.url) === file);
    check(mine.length === 0, `vnu ${rel(file)}`, mine.map((m) => `${m.lastLine ?? "?"}:${m.firstColumn ?? m.lastColumn ?? "?"} ${m.type}${m.subType ? "/" + m.subType : ""}: ${m.message}\n  ${(m.extract || "").replace(/\n/g, " ")}`).join("\n"));
  }
  const stray = messages.filter((m) => !checked.includes(pathOf(m.url)));
  check(stray.length === 0 && (r.status === 0) === (messages.length === 0), `Nu HTML checker ran on ${checked.length} files (exit ${r.status})`, stray.map((m) => `${m.url || ""} ${m.type}: ${m.message}`).join("\n"));
}

// --- PDFs --------------------------------------------------------------------------------
// Only letters and digits, lower-cased, compatibility-decomposed (ligatures, soft
// hyphens, hyphenation at line ends and punctuation differences disappear).
const squash = (s) => String(s).normalize("NFKD").toLowerCase().replace(/[^a-z0-9]/g, "");
// Markdown subset of the sources -> the text a reader sees.
const plain = (md) => String(md).replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "");
const pageSize = (pdf) => {
  const m = run("pdfinfo", [pdf]).stdout.match(/^Page size:\s*([\d.]+) x ([\d.]+)/m);
  return m ? [+m[1], +m[2]] : [612, 792];
};

function pdfChecks(pdf) {
  const name = rel(pdf);
  stats.pdfs++;
  const q = run("qpdf", ["--check", pdf]);
  check(q.status === 0 && /No syntax or stream encoding errors/.test(q.stdout), `qpdf --check ${name}`, q.stdout + q.stderr);

  const fonts = run("pdffonts", [pdf]).stdout.split("\n").slice(2).filter((l) => l.trim());
  // Columns counted from the end: emb sub uni object ID (font names and types may contain spaces).
  const bad = fonts.filter((l) => { const c = l.trim().split(/\s+/); return c[c.length - 5] !== "yes" || c[c.length - 3] !== "yes"; });
  check(fonts.length > 0 && bad.length === 0, `pdffonts ${name}: all ${fonts.length} fonts embedded, with ToUnicode maps`, bad.join("\n") || "no fonts");

  const pdfinfo = run("pdfinfo", [pdf]);
  const info = pdfinfo.stdout; // stderr may say "Suspects object is wrong type": harmless
  const title = ((info.match(/^Title:\s*(.*)$/m) || [])[1] || "").trim();
  const pages = +((info.match(/^Pages:\s*(\d+)/m) || [])[1] || 0);
  const jsonPath = pdf.endsWith("/bulletin.pdf") ? pdf.replace(/bulletin\.pdf$/, "bulletin.json") : pdf.replace(/\.pdf$/, ".json");
  if (!existsSync(jsonPath)) { fail(`${name} has its JSON view ${rel(jsonPath)}`); return; }
  const view = JSON.parse(readFileSync(jsonPath, "utf8"));
  check(/^Tagged:\s*yes$/m.test(info) && title !== "" && squash(title).includes(squash(view.title)) && pages > 0,
    `pdfinfo ${name}: tagged, title "${title}", ${pages} pages`, info + pdfinfo.stderr);

  // Running headers and footers sit in the top and bottom margins; read the body only,
  // so that an item broken across pages is not interrupted by them.
  const [w, h] = pageSize(pdf);
  const margin = Math.round(h * 0.07);
  const body = squash(run("pdftotext", ["-x", "0", "-y", String(margin), "-W", String(Math.ceil(w)), "-H", String(Math.ceil(h - 2 * margin)), pdf, "-"]).stdout);
  const wanted = [["title", view.title]];
  if (typeof view.duties === "string") wanted.push(["duties", view.duties]);
  for (const d of Array.isArray(view.duties) ? view.duties : []) wanted.push(["duty", d.text]);
  for (const key of ["knowledge", "skills", "abilities"]) for (const i of (view[key] && view[key].items) || []) wanted.push([key, i]);
  for (const route of (view.requirements && view.requirements.routes) || []) wanted.push([`requirement ${route.number}`, [route.lead, route.text].filter(Boolean).join(" ")]);
  const counts = {};
  for (const [kind] of wanted) counts[kind.split(" ")[0]] = (counts[kind.split(" ")[0]] || 0) + 1;
  const noun = { title: ["title", "titles"], duties: ["duties text", "duties texts"], duty: ["duty", "duties"], knowledge: ["knowledge item", "knowledge items"], skills: ["skill", "skills"], abilities: ["ability", "abilities"], requirement: ["requirement", "requirements"] };
  const missing = wanted.filter(([, t]) => t && !body.includes(squash(plain(t)))).map(([k, t]) => `${k}: ${plain(t)}`);
  check(missing.length === 0, `pdftotext ${name} has ${Object.entries(counts).map(([k, n]) => `${n} ${noun[k][n === 1 ? 0 : 1]}`).join(", ")}`, missing.join("\n"));
}

// --- JobPosting JSON-LD ---------------------------------------------------------------------
const ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$/;
const iso = (s) => typeof s === "string" && ISO.test(s) && !Number.isNaN(Date.parse(s));
const text = (s) => typeof s === "string" && s.trim() !== "";

function jsonldChecks(file) {
  const name = rel(file);
  stats.jsonld++;
  let j;
  try { j = JSON.parse(readFileSync(file, "utf8")); } catch (e) { fail(`${name} parses as JSON`, String(e)); return; }
  const problems = [];
  if (!/^https?:\/\/schema\.org\/?$/.test(j["@context"])) problems.push(`@context is ${JSON.stringify(j["@context"])}`);
  if (j["@type"] !== "JobPosting") problems.push(`@type is ${JSON.stringify(j["@type"])}, not "JobPosting"`);
  if (!text(j.title)) problems.push("title is missing or empty");
  if (!text(j.description)) problems.push("description is missing or empty");
  if (!iso(j.datePosted)) problems.push(`datePosted ${JSON.stringify(j.datePosted)} is not ISO 8601`);
  if (!iso(j.validThrough)) problems.push(`validThrough ${JSON.stringify(j.validThrough)} is not ISO 8601`);
  else if (iso(j.datePosted) && Date.parse(j.validThrough) < Date.parse(j.datePosted)) problems.push("validThrough is before datePosted");
  const org = j.hiringOrganization;
  if (!org || typeof org !== "object" || !text(org.name)) problems.push("hiringOrganization.name is missing");
  const places = Array.isArray(j.jobLocation) ? j.jobLocation : [j.jobLocation];
  if (!places.length || places.some((p) => !p || typeof p !== "object")) problems.push("jobLocation is missing");
  for (const p of places.filter((x) => x && typeof x === "object")) {
    const a = p.address;
    if (!a || typeof a !== "object") { problems.push("jobLocation.address is missing"); continue; }
    for (const k of ["addressLocality", "addressRegion", "addressCountry"]) if (!text(a[k])) problems.push(`jobLocation.address.${k} is missing`);
    if (text(a.addressCountry) && !/^[A-Z]{2}$/.test(a.addressCountry)) problems.push(`addressCountry ${a.addressCountry} is not an ISO 3166-1 alpha-2 code`);
  }
  if (j.baseSalary !== undefined) {
    const s = j.baseSalary;
    const v = s && s.value;
    if (!s || s["@type"] !== "MonetaryAmount") problems.push("baseSalary is not a MonetaryAmount");
    if (!s || !/^[A-Z]{3}$/.test(s.currency || "")) problems.push("baseSalary.currency is not an ISO 4217 code");
    if (!v || typeof v.minValue !== "number" || typeof v.maxValue !== "number") problems.push("baseSalary.value.minValue/maxValue are not numbers");
    else if (!(v.minValue <= v.maxValue)) problems.push(`baseSalary.value.minValue ${v.minValue} > maxValue ${v.maxValue}`);
    if (v && !["HOUR", "DAY", "WEEK", "MONTH", "YEAR"].includes(v.unitText)) problems.push(`baseSalary.value.unitText ${JSON.stringify(v && v.unitText)} is not HOUR/DAY/WEEK/MONTH/YEAR`);
  }
  const employment = ["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"];
  if (j.employmentType !== undefined && ![].concat(j.employmentType).every((e) => employment.includes(e))) problems.push(`employmentType ${JSON.stringify(j.employmentType)} is not one of Google's values`);
  check(problems.length === 0, `JobPosting ${name}: @type, title, description, datePosted, validThrough, hiringOrganization, jobLocation, baseSalary`, problems.join("\n"));

  const pagePath = join(dirname(file), "index.html");
  const pageName = rel(pagePath);
  if (!existsSync(pagePath)) { fail(`${pageName} exists to embed ${name}`); return; }
  const scripts = [...readFileSync(pagePath, "utf8").matchAll(/<script\b[^>]*\btype="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)];
  let embedded;
  try { embedded = scripts.length === 1 ? JSON.parse(scripts[0][1]) : undefined; } catch (e) { embedded = e; }
  check(scripts.length === 1 && isDeepStrictEqual(embedded, j), `JSON-LD embedded in ${pageName} parses and equals ${name}`,
    scripts.length !== 1 ? `${scripts.length} ld+json scripts` : embedded instanceof Error ? String(embedded) : "different JSON");
}

const started = Date.now();
try {
  await main();
} catch (e) {
  fail("e2e checks ran to the end", e && e.stack ? e.stack : String(e));
}
const since = Number(process.env.CLASSPLAN_E2E_STARTED) * 1000 || started;
console.log(`checked ${stats.pages} page loads (${WIDTHS.join(" and ")} px) with up to ${stats.axeRules} axe rules each, ${stats.vnuFiles} files with vnu, ${stats.pdfs} PDFs, ${stats.jsonld} JSON-LD files; checks ${((Date.now() - started) / 1000).toFixed(1)} s, whole run ${((Date.now() - since) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
