/**
 * `npm run screenshot`: renders docs/editor-support/sample.zp through the VS Code extension's
 * TextMate grammar (scripts/grammar/) into docs/editor-support/highlight.html, and shoots that
 * page with headless Chromium (Debian's `chromium`) into docs/editor-support/highlight.png.
 * Chromium runs with a throw-away profile, no network features, and is killed by its PID if it
 * has not finished within a minute.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderHtml } from "./grammar/render-html.ts";
import { tokenizeText } from "./grammar/tokenize.ts";

const DOCS = fileURLToPath(new URL("../docs/editor-support/", import.meta.url));

/** Renders the sample into the committed HTML page and returns the page's path. */
export async function renderSample(): Promise<string> {
  const html = renderHtml("sample.zp", await tokenizeText(readFileSync(join(DOCS, "sample.zp"), "utf8")));
  const page = join(DOCS, "highlight.html");
  writeFileSync(page, html);
  return page;
}

function shoot(page: string, png: string): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), "clusterc-chromium-"));
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    `--user-data-dir=${profile}`,
    "--window-size=820,900",
    `--screenshot=${png}`,
    pathToFileURL(page).href,
  ];
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.env["CHROMIUM"] ?? "chromium", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      reject(new Error(`cannot run chromium (apt-get install chromium): ${err.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      if (code === 0) resolve();
      else reject(new Error(`chromium failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const page = await renderSample();
  const png = join(DOCS, "highlight.png");
  await shoot(page, png);
  console.log(`${page}\n${png} (${statSync(png).size} bytes)`);
}
