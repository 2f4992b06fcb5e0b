// classplan end-to-end checks over a built output directory:
// axe (WCAG 2.1 AA) in headless Chromium at two widths, the index filter,
// the Nu HTML checker, PDF structure and text, and JobPosting JSON-LD.
// Usage: node check.mjs OUT_DIR ARTIFACTS_DIR
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, mkdirSync, existsSync } from "node:fs";
import { join, relative, extname, dirname } from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const [outDir, artifacts] = process.argv.slice(2);
let passed = 0, failed = 0;
const ok = (what) => { passed++; console.log(`ok   ${what}`); };
const fail = (what, detail) => { failed++; console.log(`FAIL ${what}${detail ? "\n     " + detail.replace(/\n/g, "\n     ") : ""}`); };
const check = (cond, what, detail) => (cond ? ok(what) : fail(what, detail));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
const files = walk(outDir);
const rel = (p) => relative(outDir, p).split("\\").join("/");
const html = files.filter((f) => f.endsWith(".html"));
const pdfs = files.filter((f) => f.endsWith(".pdf"));
const jsonld = files.filter((f) => f.endsWith(".jsonld"));

// --- a static server on loopback -----------------------------------------
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".pdf": "application/pdf", ".md": "text/markdown", ".txt": "text/plain", ".jsonld": "application/ld+json" };
const server = createServer((req, res) => {
  const path = join(outDir, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!path.startsWith(outDir) || !existsSync(path) || statSync(path).isDirectory()) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
  res.end(readFileSync(path));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;

// --- axe in Chromium ---------------------------------------------------------
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
mkdirSync(join(artifacts, "screenshots"), { recursive: true });
let rulesRun = 0;
for (const width of [390, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const external = [];
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url()); });
  for (const file of html) {
    const url = base + rel(file);
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    rulesRun = Math.max(rulesRun, result.passes.length + result.violations.length + result.incomplete.length + result.inapplicable.length);
    const detail = result.violations.map((v) => `${v.id}: ${v.help} (${v.helpUrl})\n  ` + v.nodes.map((n) => n.target.join(" ")).join("\n  ")).join("\n");
    check(result.violations.length === 0, `axe ${rel(file)} at ${width}px (${result.passes.length} rules pass)`, detail);
    // No horizontal scrolling at phone width.
    if (width === 390) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 1, `no horizontal overflow ${rel(file)} at 390px`, `overflows by ${overflow}px`);
    }
    await page.screenshot({ path: join(artifacts, "screenshots", `${rel(file).replace(/\//g, "_")}-${width}.png`), fullPage: true });
  }
  check(external.length === 0, `no external requests at ${width}px`, external.join("\n"));
  await context.close();
}

// --- the index filter ----------------------------------------------------------
{
  const page = await browser.newPage();
  await page.goto(base + "index.html");
  const visible = () => page.evaluate(() => [...document.querySelectorAll("tr[data-filter]")].filter((r) => !r.hidden).length);
  const all = await visible();
  const firstCode = await page.evaluate(() => document.querySelector("#classes tbody tr td:nth-child(2)").textContent.trim());
  await page.fill("#filter", firstCode);
  const one = await visible();
  await page.fill("#filter", "zzzz-no-such-class");
  const none = await visible();
  await page.fill("#filter", "");
  const again = await visible();
  check(all > 1 && one >= 1 && one < all && none === 0 && again === all, `index filter (${all} rows; "${firstCode}" leaves ${one}; nonsense leaves ${none})`);
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await noJs.newPage();
  await p2.goto(base + "index.html");
  const rowsNoJs = await p2.evaluate(() => document.querySelectorAll("tr[data-filter]").length);
  check(rowsNoJs === all, `index lists every row without JavaScript (${rowsNoJs})`);
  await noJs.close();
}
await browser.close();
server.close();

// --- Nu HTML checker -------------------------------------------------------------
{
  const vnu = join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  const r = spawnSync("java", ["-jar", vnu, "--errors-only", "--format", "json", ...html], { encoding: "utf8", maxBuffer: 1 << 26 });
  let messages = [];
  try { messages = JSON.parse(r.stderr || r.stdout || "{}").messages || []; } catch (e) { fail("vnu output", String(r.stderr).slice(0, 500)); }
  for (const file of html) {
    const mine = messages.filter((m) => (m.url || "").endsWith(rel(file)));
    check(mine.length === 0, `vnu ${rel(file)}`, mine.map((m) => `${m.lastLine}:${m.firstColumn || ""} ${m.message}`).join("\n"));
  }
}

// --- PDFs ---------------------------------------------------------------------------
const squash = (s) => s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]/g, "");
const run = (cmd, args) => spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
const textsOf = (v) => {
  const out = [];
  const walkv = (x) => { if (typeof x === "string") out.push(x); else if (Array.isArray(x)) x.forEach(walkv); else if (x && typeof x === "object") Object.values(x).forEach(walkv); };
  walkv(v);
  return out;
};
for (const pdf of pdfs) {
  const name = rel(pdf);
  const q = run("qpdf", ["--check", pdf]);
  check(q.status === 0 && /No syntax or stream encoding errors/.test(q.stdout), `qpdf --check ${name}`, q.stdout + q.stderr);
  const fonts = run("pdffonts", [pdf]).stdout.split("\n").slice(2).filter((l) => l.trim());
  const notEmbedded = fonts.filter((l) => { const cols = l.trim().split(/\s+/); return cols[cols.length - 5] !== "yes"; });
  check(fonts.length > 0 && notEmbedded.length === 0, `fonts embedded in ${name} (${fonts.length})`, notEmbedded.join("\n"));
  const info = run("pdfinfo", [pdf]).stdout;
  const title = (info.match(/^Title:\s*(.*)$/m) || [])[1] || "";
  const pages = +((info.match(/^Pages:\s*(\d+)/m) || [])[1] || 0);
  check(/^Tagged:\s*yes/m.test(info) && title.trim() !== "" && pages > 0, `pdfinfo ${name}: tagged, title "${title.trim()}", ${pages} pages`, info);
  const text = squash(run("pdftotext", [pdf, "-"]).stdout);
  const jsonPath = pdf.endsWith("bulletin.pdf") ? pdf.replace(/bulletin\.pdf$/, "bulletin.json") : pdf.replace(/\.pdf$/, ".json");
  const view = JSON.parse(readFileSync(jsonPath, "utf8"));
  const wanted = [view.title];
  for (const d of view.duties && Array.isArray(view.duties) ? view.duties : []) wanted.push(d.text);
  for (const key of ["knowledge", "abilities"]) if (view[key]) wanted.push(...view[key].items);
  if (view.requirements) wanted.push(...view.requirements.routes.map((r) => r.text));
  const plain = (md) => md.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_]/g, "");
  const missing = wanted.filter((w) => w && !text.includes(squash(plain(w))));
  check(missing.length === 0, `text of ${name}: title, ${wanted.length - 1} duties/KSAs/requirements`, missing.join("\n"));
}

// --- JSON-LD ------------------------------------------------------------------------
const iso = (s) => typeof s === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$/.test(s) && !isNaN(Date.parse(s));
for (const file of jsonld) {
  const name = rel(file);
  let j;
  try { j = JSON.parse(readFileSync(file, "utf8")); } catch (e) { fail(`parse ${name}`, String(e)); continue; }
  const problems = [];
  if (j["@type"] !== "JobPosting") problems.push("@type is not JobPosting");
  if (typeof j.title !== "string" || !j.title) problems.push("title");
  if (typeof j.description !== "string" || !j.description) problems.push("description");
  if (!iso(j.datePosted)) problems.push("datePosted is not ISO 8601");
  if (j.validThrough !== undefined && !iso(j.validThrough)) problems.push("validThrough is not ISO 8601");
  if (!j.hiringOrganization || typeof j.hiringOrganization.name !== "string") problems.push("hiringOrganization.name");
  const a = j.jobLocation && j.jobLocation.address;
  if (!a || !a.addressLocality || !a.addressRegion || !a.addressCountry) problems.push("jobLocation.address");
  const v = j.baseSalary && j.baseSalary.value;
  if (v && !(typeof v.minValue === "number" && typeof v.maxValue === "number" && v.minValue <= v.maxValue)) problems.push("baseSalary min/max");
  check(problems.length === 0, `JobPosting ${name}`, problems.join("; "));
  const page = readFileSync(join(dirname(file), "index.html"), "utf8");
  const m = page.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  let same = false;
  try { same = m && JSON.stringify(JSON.parse(m[1])) === JSON.stringify(j); } catch (e) { same = false; }
  check(same, `JSON-LD embedded in ${rel(join(dirname(file), "index.html"))} equals ${name}`);
}

console.log(`pages: ${html.length} × 2 widths, axe rules: ${rulesRun}, PDFs: ${pdfs.length}, JSON-LD: ${jsonld.length}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
