// `classplan serve` in a real browser: start it on a free loopback port
// over a copy of the sample workspace, open a bulletin, edit its TOML and
// see the page change without a manual reload; break the TOML and see the
// error overlay (rule id, file:line) pass axe; fix it and see the overlay
// go; stop the server and leave no process behind.
// Usage: node serve.mjs CLASSPLAN_BINARY REPO
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const [binary, repo] = process.argv.slice(2);
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
let passed = 0;
let failed = 0;
const check = (cond, what, detail) => {
  if (cond) { passed++; console.log(`ok   ${what}`); } else { failed++; console.log(`FAIL ${what}${detail ? "\n     " + String(detail).replace(/\n/g, "\n     ") : ""}`); }
};

const ws = mkdtempSync(join(tmpdir(), "classplan-serve-e2e-"));
for (const d of ["specs", "bulletins"]) cpSync(join(repo, d), join(ws, d), { recursive: true });
const bulletin = join(ws, "bulletins/la-city-1229-2025.toml");
const original = readFileSync(bulletin, "utf8");

const server = spawn(binary, ["serve", ws, "--port", "0", "--as-of", "2025-03-01", "--color", "never"], { stdio: ["ignore", "pipe", "pipe"] });
let stderr = "";
server.stderr.on("data", (d) => { stderr += d; });
const url = await new Promise((resolve, reject) => {
  server.on("error", (e) => reject(new Error(`cannot start ${binary}: ${e.message}`)));
  let out = "";
  const timer = setTimeout(() => reject(new Error(`no "serving" line in 60 s; stderr:\n${stderr}`)), 60000);
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}; stderr:\n${stderr}`)));
}).catch((e) => {
  // Nothing else was started: stop the server if it runs, and leave no
  // workspace copy behind.
  if (server.exitCode === null && server.pid) server.kill("SIGINT");
  rmSync(ws, { recursive: true, force: true });
  console.log(`FAIL serve starts\n     ${String(e.message).replace(/\n/g, "\n     ")}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
check(/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url), `serve listens on loopback (${url})`);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  const loads = [];
  page.on("load", () => loads.push(Date.now()));
  await page.goto(url + "la-city/bulletins/la-city-1229-2025/index.html", { waitUntil: "load" });
  check((await page.textContent("main")).includes("Customer Service Specialist"), "the bulletin page is served");

  // 1. A duty's text changes: the page shows it without a manual reload.
  const marker = "and answers live-reload questions";
  writeFileSync(bulletin, original.replace("performs specialized business tax, licenses, and permits work,", `performs specialized business tax, licenses, and permits work ${marker},`));
  let shown = false;
  try {
    await page.waitForFunction((m) => document.body.innerText.includes(m), marker, { timeout: 15000 });
    shown = true;
  } catch (e) { /* reported below */ }
  check(shown && loads.length >= 2, "an edit of the bulletin's TOML reaches the open page by itself", `loads: ${loads.length}; server says:\n${stderr}`);

  // 2. An error: the overlay appears with the rule id and file:line.
  writeFileSync(bulletin, original + "\nbroken = [\n");
  let overlay = null;
  try {
    await page.waitForSelector("#classplan-errors", { timeout: 15000 });
    overlay = await page.textContent("#classplan-errors");
  } catch (e) { /* reported below */ }
  check(overlay && overlay.includes("CP0002") && /bulletins\/la-city-1229-2025\.toml:\d+:\d+/.test(overlay),
    "a TOML error shows over the page with its rule id and file:line", overlay || stderr);
  check(overlay && (await page.textContent("main")).includes(marker), "the last good page stays under the overlay");
  const role = await page.getAttribute("#classplan-errors", "role").catch(() => null);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check(role === "alertdialog" && focused === "classplan-errors", "the overlay is an alert dialog and takes the focus", `role ${role}, focus on ${focused}`);
  await page.addScriptTag({ content: readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8") });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  check(violations.length === 0, "axe finds no violation with the overlay open", violations.join("\n"));

  // 3. Fixed: the overlay goes by itself.
  writeFileSync(bulletin, original);
  let gone = false;
  try {
    await page.waitForSelector("#classplan-errors", { state: "detached", timeout: 15000 });
    gone = true;
  } catch (e) { /* reported below */ }
  check(gone, "the overlay goes when the TOML is fixed", stderr);

  // 4. Requests outside the site are 404s.
  for (const bad of ["../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "la-city/..%5c..%5cetc/passwd"]) {
    const r = await fetch(url + bad).catch(() => null);
    check(r && r.status === 404, `GET /${bad} is a 404`, r ? `status ${r.status}` : "no response");
  }
} finally {
  await browser.close();
  server.kill("SIGINT");
  const code = await new Promise((r) => { if (server.exitCode !== null) r(server.exitCode); else server.on("exit", (c) => r(c)); });
  check(code === 0, `serve stops on Ctrl-C (exit ${code})`, stderr);
  let alive = true;
  try { process.kill(server.pid, 0); } catch { alive = false; }
  check(!alive, "no serve process is left");
  const built = (stderr.match(/built into (\S+)/) || [])[1];
  check(built && !existsSync(built), "its temporary build is removed", built);
  rmSync(ws, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
