// Runs the web page example (page.ts, bundled with esbuild) in headless Chromium, served from
// ORIGIN (an http://127.0.0.1:PORT this check listens on), against the gateway at
// $WADISPATCH_ADDR over TLS with $WADISPATCH_KEY; prints the page's lines and exits 0 if the
// example passed, 1 if it failed.
//
//     npx tsx examples/web/check.ts http://127.0.0.1:5173
//
// The page is served from loopback like the gateway: Chromium lets a page call an address space
// more private than its own (a loopback gateway from a public page) only with the user's
// permission.
// The test CA is not in the browser's trust store: certificate errors are ignored, in this
// check only. CHROMIUM names the browser (default /usr/bin/chromium).

import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";
import { chromium } from "playwright-core";

const origin = process.argv[2];
const addr = process.env.WADISPATCH_ADDR ?? "";
const key = process.env.WADISPATCH_KEY ?? "";
if (!origin || !addr) {
  console.error("usage: WADISPATCH_ADDR=host:port WADISPATCH_KEY=wdk_... check.ts ORIGIN");
  process.exit(2);
}
const here = fileURLToPath(new URL(".", import.meta.url));
const bundled = await build({
  entryPoints: [`${here}/page.ts`],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
});
const files: Record<string, { body: string | Uint8Array; contentType: string }> = {
  "/": { body: readFileSync(`${here}/index.html`), contentType: "text/html" },
  "/page.js": { body: bundled.outputFiles[0]!.contents, contentType: "text/javascript" },
};

const { hostname, port } = new URL(origin);
const server = createServer((request, response) => {
  const file = files[new URL(request.url ?? "/", origin).pathname];
  response.writeHead(file ? 200 : 404, file && { "content-type": file.contentType });
  response.end(file?.body);
});
await new Promise<void>((resolve) => server.listen(Number(port), hostname, resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" });
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.on("console", (message) => console.error(`console: ${message.text()}`));
  await page.goto(`${origin}/#${new URLSearchParams({ gateway: `https://${addr}`, key })}`);
  await page.waitForFunction(() => document.title !== "running", undefined, { timeout: 150_000 });
  console.log(await page.locator("#output").textContent());
  process.exitCode = (await page.title()) === "passed" ? 0 : 1;
} finally {
  await browser.close();
  server.close();
}
