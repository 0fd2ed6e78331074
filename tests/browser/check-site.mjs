#!/usr/bin/env node
// The report site in a real browser (issue 21): every page kind of a site folder, served
// over a local HTTP server to Debian's Chromium (playwright-core drives it, no browser
// download), in light and dark.
//
//   node tests/browser/check-site.mjs SITE_DIR [--artifacts DIR] [--representatives-only]
//                                              [--refresh-readme-screenshots]
//
// Asserts, per page: no serious or critical axe-core violation (light and dark); every link
// reached by Tab and exposed to assistive technology; headings never skip a level going
// down; no horizontal overflow at 390 px; under print media at the content width of A4 and
// Letter no element wider than the page and nothing clipped. Saves, per page kind, desktop
// (light, dark), phone and print screenshots and A4/Letter PDFs to the artifacts folder.
// Exit 0 when all pass, 1 when a check fails, 2 when the check itself cannot run.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import process from "node:process";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");

// ------------------------------------------------------------------ arguments

function usage(message) {
  if (message) console.error(`check-site: ${message}`);
  console.error(
    "usage: node tests/browser/check-site.mjs SITE_DIR [--artifacts DIR] " +
      "[--representatives-only] [--refresh-readme-screenshots]",
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let siteDir;
let artifacts = process.env.BROWSER_ARTIFACTS || path.join(repoRoot, "target/browser-artifacts");
let refreshReadme = false;
let everyPage = true;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--artifacts") artifacts = args[++i] ?? usage("--artifacts needs a folder");
  else if (a === "--refresh-readme-screenshots") refreshReadme = true;
  else if (a === "--representatives-only") everyPage = false;
  else if (a === "-h" || a === "--help") usage();
  else if (a.startsWith("-")) usage(`unknown option ${a}`);
  else if (siteDir) usage("one site folder only");
  else siteDir = a;
}
if (!siteDir) usage("name the site folder (bearing report --out DIR)");
siteDir = path.resolve(siteDir);
if (!fs.existsSync(path.join(siteDir, "index.html"))) usage(`${siteDir} has no index.html`);
artifacts = path.resolve(artifacts);

// The sizes checked. Print widths are the page less the @page margins the stylesheet sets.
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const PAPER = [
  { name: "A4", format: "A4", width: 794 }, // 210 mm at 96 px per inch
  { name: "Letter", format: "Letter", width: 816 }, // 8.5 in
];
// Pages whose desktop light screenshot becomes the README's docs/screenshot-KIND.png.
const README_KINDS = ["index", "goal", "project", "review"];

// Where a failure is fixed: the stylesheet (templates/style.css), or the markup the
// templates and src/report/*.rs write. Any rule not listed needs a markup change.
const CSS_RULES = new Set(["color-contrast", "color-contrast-enhanced", "target-size", "css-orientation-lock"]);
const fixIn = (rule) => (CSS_RULES.has(rule) ? "css" : "markup");
const FIX_LABEL = {
  css: "templates/style.css",
  markup: "markup: templates/*.j2 or src/report/*.rs",
};

// ------------------------------------------------------------------ the site and its kinds

function htmlFiles(dir, rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(dir, name));
    else if (entry.isFile() && entry.name.endsWith(".html")) out.push(name);
  }
  return out.sort();
}

// The kind of a page is its file name up to the first '-' (goal-G-x.html: goal), or the
// whole name (index.html, changes.html), prefixed by its folder when it has one. A page
// kind added later (review-2026-Q3.html, reviews/q3.html) is picked up as it is.
function kindOf(rel) {
  const dir = path.posix.dirname(rel);
  const stem = path.posix.basename(rel, ".html");
  const kind = stem.includes("-") ? stem.slice(0, stem.indexOf("-")) : stem;
  return dir === "." ? kind : `${dir}/${kind}`;
}

const files = htmlFiles(siteDir);
const kinds = new Map();
for (const rel of files) {
  const kind = kindOf(rel);
  if (!kinds.has(kind)) kinds.set(kind, []);
  kinds.get(kind).push(rel);
}
// The representative of a kind (its screenshots) is its largest page: the most content,
// the most to go wrong. index first, then the kinds in the order of their names.
const kindOrder = [...kinds.keys()].sort((a, b) => (a === "index" ? -1 : b === "index" ? 1 : a.localeCompare(b)));
const representative = new Map();
const isRepresentative = (kind, rel) => representative.get(kind) === rel;
for (const [kind, pages] of kinds) {
  const size = (rel) => fs.statSync(path.join(siteDir, rel)).size;
  representative.set(kind, [...pages].sort((a, b) => size(b) - size(a) || a.localeCompare(b))[0]);
}

// ------------------------------------------------------------------ a local HTTP server

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

function serve(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ------------------------------------------------------------------ in the page

// Functions run inside the page by page.evaluate: they only use what they are given.

// A short, readable CSS path for an element: up to four steps, stopping at an id.
function inPageHelpers() {
  window.__bc = {
    name(el) {
      const steps = [];
      for (let e = el; e && e.nodeType === 1 && steps.length < 4; e = e.parentElement) {
        let step = e.localName;
        if (e.id) {
          steps.unshift(`${step}#${CSS.escape(e.id)}`);
          break;
        }
        const cls = [...e.classList].slice(0, 2);
        if (cls.length) step += "." + cls.map((c) => CSS.escape(c)).join(".");
        const href = e.getAttribute("href");
        if (href && e.localName === "a") step += `[href="${href}"]`;
        steps.unshift(step);
        if (e.localName === "body") break;
      }
      const text = (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 50);
      return steps.join(" > ") + (text ? ` "${text}"` : "");
    },
    rendered(el) {
      if (!el.isConnected) return false;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return false;
      const cs = getComputedStyle(el);
      return cs.visibility !== "hidden" && cs.display !== "none";
    },
  };
}

// Every element wider than `limit` (its right edge past it), and every box that clips.
// On screen, content that scrolls inside its own container (a table in .table-wrap) is
// fine; in print nothing scrolls, so such a container clips and is an offender.
function overflowIn({ limit, print }) {
  const de = document.documentElement;
  const clips = (cs) => ["auto", "scroll", "hidden", "clip"].includes(cs.overflowX);
  const offenders = [];
  const over = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    if (!window.__bc.rendered(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= limit + 0.5) continue;
    // A box positioned off the left edge on purpose (the skip link) is not overflow.
    if (r.right < 0) continue;
    let container = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (clips(getComputedStyle(a))) {
        container = a;
        break;
      }
    }
    // Inside a box that scrolls or clips and itself fits: on screen it scrolls there; in
    // print that box is reported below, as it clips.
    if (container && container.getBoundingClientRect().right <= limit + 0.5) continue;
    over.add(el);
  }
  for (const el of over) {
    if (over.has(el.parentElement)) continue; // only the outermost: the cause
    offenders.push({
      what: window.__bc.name(el),
      parent: window.__bc.name(el.parentElement).split(' "')[0],
      width: Math.round(el.getBoundingClientRect().right),
    });
  }
  if (print) {
    for (const el of document.body.querySelectorAll("*")) {
      const cs = getComputedStyle(el);
      if (!clips(cs) || !window.__bc.rendered(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        offenders.push({
          what: `${window.__bc.name(el)} clips its content (overflow-x: ${cs.overflowX})`,
          width: Math.round(el.getBoundingClientRect().left + el.scrollWidth),
        });
      }
    }
  }
  offenders.sort((a, b) => b.width - a.width);
  return { scrollWidth: de.scrollWidth, offenders };
}

// The @page margins of the stylesheets, in CSS px (0 when none is set).
function pageMargins() {
  const toPx = (v) => {
    const m = /^(-?[\d.]+)(px|mm|cm|in|pt|pc)?$/.exec((v || "").trim());
    if (!m) return 0;
    const n = Number(m[1]);
    return n * { px: 1, mm: 96 / 25.4, cm: 96 / 2.54, in: 96, pt: 96 / 72, pc: 16 }[m[2] || "px"];
  };
  let left = 0;
  let right = 0;
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule instanceof CSSPageRule && (rule.selectorText || "") === "") {
        left = toPx(rule.style.getPropertyValue("margin-left")) || left;
        right = toPx(rule.style.getPropertyValue("margin-right")) || right;
      } else if (rule.cssRules && (!(rule instanceof CSSMediaRule) || matchMedia(rule.conditionText).matches)) {
        walk(rule.cssRules);
      }
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  return { left, right };
}

// Headings in document order (rendered, not hidden from assistive technology), and where
// a level is skipped going down.
function headingOrder() {
  const list = [];
  for (const el of document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")) {
    if (!window.__bc.rendered(el) || el.closest("[aria-hidden=true]")) continue;
    const level = el.getAttribute("role") === "heading" ? Number(el.getAttribute("aria-level") || 2) : Number(el.localName[1]);
    list.push({ level, what: window.__bc.name(el) });
  }
  const problems = [];
  if (list.length === 0) problems.push("the page has no heading");
  else if (list[0].level !== 1) problems.push(`the first heading is h${list[0].level}, not h1: ${list[0].what}`);
  if (list.filter((h) => h.level === 1).length > 1) problems.push(`${list.filter((h) => h.level === 1).length} h1 headings`);
  for (let i = 1; i < list.length; i++) {
    if (list[i].level > list[i - 1].level + 1) {
      problems.push(`h${list[i - 1].level} → h${list[i].level} skips a level: ${list[i].what} (after ${list[i - 1].what})`);
    }
  }
  return { outline: list.map((h) => `h${h.level}`).join(" "), problems };
}

// Every link, numbered, with why assistive technology may not see it.
function markLinks() {
  const links = [...document.querySelectorAll("a")].filter(
    (a) => a.hasAttribute("href") || a.hasAttributeNS("http://www.w3.org/1999/xlink", "href"),
  );
  return links.map((a, i) => {
    a.setAttribute("data-bc-link", String(i));
    const hiddenBy = a.closest("[aria-hidden=true]");
    const presentational = a.parentElement?.closest("[role=img], [role=presentation], [role=none], svg[aria-hidden=true]");
    let why = null;
    if (hiddenBy) why = `inside aria-hidden="true" (${window.__bc.name(hiddenBy).split(" \"")[0]})`;
    else if (presentational) why = `inside role="${presentational.getAttribute("role")}" (${window.__bc.name(presentational).split(" \"")[0]}), whose children are not exposed`;
    else if (a.closest("[inert]")) why = "inside an inert element";
    return { i, what: window.__bc.name(a), rendered: window.__bc.rendered(a), tabIndex: a.tabIndex, why };
  });
}

// ------------------------------------------------------------------ the checks

const results = []; // { kind, page, check, ok, fix, lines }

function record(kind, page, check, problems, fix, extra = {}) {
  results.push({ kind, page, check, ok: problems.length === 0, fix, problems, ...extra });
}

async function load(page, url) {
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || !response.ok()) throw new Error(`${url}: HTTP ${response?.status()}`);
  await page.evaluate(inPageHelpers);
}

async function runAxe(page, axeSource) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => {
        const selector = n.target.join(" ");
        let el = null;
        try {
          el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
        } catch {
          /* a selector axe made for a frame or shadow root */
        }
        return el ? `${selector}  (${window.__bc.name(el)})` : selector;
      }),
      summary: v.nodes[0]?.failureSummary?.split("\n").slice(1, 3).join("; ").trim() ?? "",
    }));
  });
}

async function checkKeyboard(page) {
  // A disclosure's links are shown once it is opened, and must then be reachable: the
  // check opens every <details> first.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  const links = await page.evaluate(markLinks);
  const reached = new Set();
  let first = null;
  for (let n = 0; n < links.length * 2 + 10; n++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => {
      const a = document.activeElement;
      return a && a !== document.body ? (a.getAttribute("data-bc-link") ?? `other:${a.localName}`) : null;
    });
    if (id === null) continue;
    if (id === first) break; // around once
    first ??= id;
    reached.add(id);
  }
  // One line per reason, with the links it holds for.
  const byReason = new Map();
  for (const l of links) {
    if (!l.rendered) continue; // not shown (print-only, or hidden on purpose)
    let reason = null;
    if (!reached.has(String(l.i))) reason = `not reached by Tab (tabindex ${l.tabIndex})${l.why ? `, ${l.why}` : ""}`;
    else if (l.why) reason = `reached by Tab but ${l.why}, so assistive technology does not see them`;
    if (!reason) continue;
    if (!byReason.has(reason)) byReason.set(reason, []);
    byReason.get(reason).push(l.what.replace(/^.* > (a\[href=)/, "$1"));
  }
  const problems = [...byReason].map(
    ([reason, list]) => `${list.length} link${list.length === 1 ? "" : "s"} ${reason}: ${list.slice(0, 3).join("; ")}${list.length > 3 ? `; … ${list.length - 3} more` : ""}`,
  );
  return { links: links.length, problems };
}

// The checks in the order the summary shows them.
const CHECKS = ["axe light", "axe dark", "axe phone", "keyboard", "headings", "phone 390px", "print A4", "print Letter", "loads cleanly"];

function axeResult(kind, rel, check, violations) {
  const fmt = (v) => ({ rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, targets: v.targets, summary: v.summary, fix: fixIn(v.id) });
  const failing = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  results.push({
    kind, page: rel, check, ok: failing.length === 0,
    axe: failing.map(fmt), notes: violations.filter((v) => !failing.includes(v)).map(fmt),
    problems: failing.map((v) => v.id),
  });
}

// Overflow offenders, siblings under one parent said once.
function describeOffenders(offenders) {
  const byParent = new Map();
  for (const o of offenders) {
    const key = o.parent ?? o.what;
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(o);
  }
  return [...byParent.entries()].map(([parent, list]) =>
    list.length === 1
      ? `${list[0].what} reaches ${list[0].width} px`
      : `${list.length} children of ${parent} reach up to ${Math.max(...list.map((o) => o.width))} px, e.g. ${list[0].what}`,
  );
}

async function checkPage(browser, base, kind, rel, axeSource, shots) {
  const url = new URL(rel.split("/").map(encodeURIComponent).join("/"), base).href;
  const shot = isRepresentative(kind, rel) ? (name) => path.join(shots, `${kind.replaceAll("/", "_")}-${name}`) : null;
  const loading = [];
  for (const scheme of ["light", "dark"]) {
    // bypassCSP: axe-core is injected as a script, which a strict Content-Security-Policy refuses.
    const context = await browser.newContext({ viewport: DESKTOP, colorScheme: scheme, reducedMotion: "reduce", bypassCSP: true });
    // The site makes no request that leaves it: any other is refused and reported.
    await context.route("**/*", (route) => {
      const to = route.request().url();
      if (to.startsWith(base)) return route.continue();
      loading.push(`${scheme}: request off the site: ${to}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (["error", "warning"].includes(m.type())) loading.push(`${scheme}: console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => loading.push(`${scheme}: page error: ${e.message}`));

    await load(page, url);
    axeResult(kind, rel, `axe ${scheme}`, await runAxe(page, axeSource));
    await load(page, url);
    if (shot) await page.screenshot({ path: shot(`desktop-${scheme}.png`), fullPage: true });
    if (scheme === "dark") {
      await context.close();
      continue;
    }

    // Keyboard and headings, on a fresh load.
    const kb = await checkKeyboard(page);
    record(kind, rel, "keyboard", kb.problems, "markup");
    const h = await page.evaluate(headingOrder);
    record(kind, rel, "headings", h.problems, "markup");

    // Phone width: no sideways scrolling of the page; axe again, as a table that scrolls
    // inside its box must then be reachable by keyboard.
    await page.setViewportSize(PHONE);
    await load(page, url);
    const o = await page.evaluate(overflowIn, { limit: PHONE.width, print: false });
    record(kind, rel, "phone 390px", o.scrollWidth > PHONE.width
      ? [`the page scrolls sideways: ${o.scrollWidth} px wide`, ...describeOffenders(o.offenders)]
      : [], "css");
    if (shot) await page.screenshot({ path: shot("phone-light.png"), fullPage: true });
    axeResult(kind, rel, "axe phone", await runAxe(page, axeSource));

    // Print, at the content width of each paper (the page less the stylesheet's @page
    // margins): nothing wider, nothing clipped.
    await page.emulateMedia({ media: "print" });
    for (const paper of PAPER) {
      await page.setViewportSize({ width: paper.width, height: 1123 });
      await load(page, url);
      const m = await page.evaluate(pageMargins);
      const content = Math.floor(paper.width - m.left - m.right);
      await page.setViewportSize({ width: content, height: 1123 });
      await load(page, url);
      const p = await page.evaluate(overflowIn, { limit: content, print: true });
      const problems = [];
      if (p.scrollWidth > content) problems.push(`the page is ${p.scrollWidth} px wide, the paper's content ${content} px`);
      problems.push(...describeOffenders(p.offenders));
      record(kind, rel, `print ${paper.name}`, problems, "css", { width: content });
      if (shot) {
        const stem = shot(`print-${paper.name.toLowerCase()}`);
        if (paper.name === "A4") await page.screenshot({ path: `${stem}.png`, fullPage: true });
        await page.pdf({ path: `${stem}.pdf`, format: paper.format, printBackground: true });
      }
    }
    await context.close();
  }
  record(kind, rel, "loads cleanly", loading, "markup");
}

// ------------------------------------------------------------------ report

function report() {
  const lines = [];
  const say = (s = "") => lines.push(s);
  const failed = results.filter((r) => !r.ok);
  const label = (check, rs) => (rs[0]?.width ? `${check} (${rs[0].width} px)` : check);
  const pagesOf = (on, all) =>
    on.length === all && all > 1 ? "every page" : on.slice(0, 3).join(", ") + (on.length > 3 ? ` +${on.length - 3} more` : "");
  const IMPACT = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  for (const kind of kindOrder) {
    const said = new Set(); // axe rules already described for this kind
    const mine = results.filter((r) => r.kind === kind);
    const n = new Set(mine.map((r) => r.page)).size;
    const all = kinds.get(kind).length;
    say(`── ${kind}: ${n === all ? "" : `${n} of `}${all} page${all === 1 ? "" : "s"}, screenshots of ${representative.get(kind)} ── ${mine.some((r) => !r.ok) ? "FAIL" : "ok"}`);
    for (const check of CHECKS) {
      const rs = mine.filter((r) => r.check === check);
      if (rs.length === 0) continue;
      const bad = rs.filter((r) => !r.ok);
      if (check.startsWith("axe")) {
        // One entry per rule, with its pages and elements; moderate and minor as notes.
        const byRule = new Map();
        for (const r of rs) {
          for (const v of [...r.axe, ...r.notes]) {
            const e = byRule.get(v.rule) ?? { ...v, pages: [], targets: new Set() };
            if (!e.pages.includes(r.page)) e.pages.push(r.page);
            v.targets.forEach((t) => e.targets.add(t));
            byRule.set(v.rule, e);
          }
        }
        say(`  ${check.padEnd(26)}${bad.length ? `FAIL on ${bad.length} of ${rs.length}` : "ok"}${byRule.size ? "" : " (no violation)"}`);
        for (const e of [...byRule.values()].sort((a, b) => IMPACT[a.impact] - IMPACT[b.impact])) {
          const fails = e.impact === "serious" || e.impact === "critical";
          if (said.has(e.rule)) {
            say(`    ${fails ? "FAIL" : "note"} ${e.impact} ${e.rule}: as above, on ${pagesOf(e.pages, rs.length)}`);
            continue;
          }
          said.add(e.rule);
          say(`    ${fails ? "FAIL" : "note"} ${e.impact} ${e.rule}: ${e.help} [fix in ${FIX_LABEL[e.fix]}]`);
          say(`      on ${pagesOf(e.pages, rs.length)}; ${e.targets.size} element${e.targets.size === 1 ? "" : "s"}:`);
          for (const t of [...e.targets].slice(0, 4)) say(`        ${t}`);
          if (e.targets.size > 4) say(`        … ${e.targets.size - 4} more`);
          if (e.summary) say(`      ${e.summary}`);
          say(`      ${e.helpUrl.replace(/\?.*$/, "")}`);
        }
        continue;
      }
      say(`  ${label(check, rs).padEnd(26)}${bad.length ? `FAIL on ${bad.length} of ${rs.length} [fix in ${FIX_LABEL[rs[0].fix]}]` : "ok"}`);
      // The same problem on several pages is said once, with the pages that have it.
      const seen = new Map();
      for (const r of bad) {
        for (const p of r.problems) {
          if (!seen.has(p)) seen.set(p, []);
          seen.get(p).push(r.page);
        }
      }
      [...seen].slice(0, 12).forEach(([p, on]) => say(`    ${pagesOf(on, rs.length)}: ${p}`));
      if (seen.size > 12) say(`    … ${seen.size - 12} more (results.json has them all)`);
    }
    say();
  }

  say("== summary (failing pages / pages checked)");
  const cols = CHECKS.filter((c) => results.some((r) => r.check === c));
  const w = Math.max(...kindOrder.map((k) => k.length), 4) + 2;
  const cell = (kind, c) => {
    const rs = results.filter((r) => r.kind === kind && r.check === c);
    const bad = rs.filter((r) => !r.ok).length;
    return rs.length === 0 ? "-" : bad ? `FAIL ${bad}/${rs.length}` : "ok";
  };
  const widths = cols.map((c) => Math.max(c.length, ...kindOrder.map((k) => cell(k, c).length)));
  say("kind".padEnd(w) + cols.map((c, i) => c.padEnd(widths[i])).join(" | ").trimEnd());
  for (const kind of kindOrder) say(kind.padEnd(w) + cols.map((c, i) => cell(kind, c).padEnd(widths[i])).join(" | ").trimEnd());
  say();
  if (failed.length === 0) {
    say(`PASS: ${new Set(results.map((r) => r.page)).size} pages of ${kinds.size} kinds, light and dark, phone, A4 and Letter.`);
    return lines.join("\n");
  }
  const where = { css: new Map(), markup: new Map() };
  for (const r of failed) {
    const items = r.axe ? r.axe.map((v) => [v.fix, `axe ${v.rule}`]) : [[r.fix, r.check]];
    for (const [fix, what] of items) {
      const key = `${what}`;
      if (!where[fix].has(key)) where[fix].set(key, new Set());
      where[fix].get(key).add(r.kind);
    }
  }
  for (const fix of ["markup", "css"]) {
    if (where[fix].size === 0) continue;
    say(`FAIL, to be fixed in ${FIX_LABEL[fix]}:`);
    for (const [what, ks] of where[fix]) say(`  ${what.padEnd(34)} ${[...ks].join(", ")}`);
  }
  return lines.join("\n");
}

// ------------------------------------------------------------------ main

function findChromium() {
  const candidates = [process.env.BEARING_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      /* next */
    }
  }
  return null;
}

async function main() {
  const { chromium } = await import("playwright-core");
  const axeSource = require("axe-core").source;
  const axeVersion = require("axe-core/package.json").version;
  const executablePath = findChromium();
  if (!executablePath) {
    console.error("check-site: no Chromium (apt-get install chromium, or set BEARING_CHROMIUM)");
    process.exit(2);
  }
  fs.mkdirSync(artifacts, { recursive: true });
  for (const f of fs.readdirSync(artifacts)) {
    if (/\.(png|pdf)$/.test(f) || f === "report.txt" || f === "results.json") fs.rmSync(path.join(artifacts, f));
  }
  const server = await serve(siteDir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  console.log(
    `check-site: ${files.length} pages of ${kinds.size} kinds (${kindOrder.map((k) => `${k} ${kinds.get(k).length}`).join(", ")}) ` +
      `from ${siteDir}\n  served at ${base}; Chromium ${browser.version()}, axe-core ${axeVersion}\n`,
  );
  const started = Date.now();
  try {
    for (const kind of kindOrder) {
      const pages = everyPage ? kinds.get(kind) : [representative.get(kind)];
      for (const rel of pages) await checkPage(browser, base, kind, rel, axeSource, artifacts);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const text = report();
  console.log(text);
  fs.writeFileSync(path.join(artifacts, "report.txt"), text + "\n");
  fs.writeFileSync(path.join(artifacts, "results.json"), JSON.stringify(results, null, 1) + "\n");
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s; screenshots, PDFs and report.txt in ${artifacts}`);

  if (refreshReadme) {
    for (const kind of README_KINDS) {
      const from = path.join(artifacts, `${kind}-desktop-light.png`);
      const to = path.join(repoRoot, "docs", `screenshot-${kind}.png`);
      if (!fs.existsSync(from)) {
        console.error(`check-site: no ${kind} page, so no ${path.relative(repoRoot, to)}`);
        process.exitCode = 2;
        continue;
      }
      fs.copyFileSync(from, to);
      console.log(`refreshed ${path.relative(repoRoot, to)} from ${representative.get(kind)}`);
    }
  }
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`check-site: ${e.stack || e}`);
  process.exit(2);
});
