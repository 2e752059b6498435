/**
 * Every relative link in the docs (README.md, docs/, TESTING.md, the package and folder READMEs)
 * points at a file that exists, and every `#anchor` at a heading of its page (GitHub's anchor
 * rules). Every docs/ page is reachable from the README. Links to pages that other work in
 * flight adds are listed apart, so a failure says which page is still missing.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, anchors, docFiles, links, readRepoFile } from "./markdown.ts";

/** Pages other branches write; linked from here already, they exist once that work is merged. */
const PAGES_FROM_OTHER_WORK: Readonly<Record<string, string>> = {
  "docs/gray-failures.md": "issue 19 (gray failures)",
  "docs/security.md": "issue 23 (what a hostile peer or registry can and cannot do)",
};

interface Problem {
  readonly where: string;
  readonly target: string;
  readonly why: string;
}

/** The broken links of one Markdown file (external links are not followed). */
function problemsOf(file: string): Problem[] {
  const problems: Problem[] = [];
  for (const { target, line } of links(readRepoFile(file))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const where = `${file}:${line}`;
    const [path = "", anchor] = target.split("#", 2);
    const resolved = path === "" ? file : normalize(join(dirname(file), decodeURIComponent(path)));
    if (!existsSync(join(REPO_ROOT, resolved))) {
      problems.push({ where, target, why: `${resolved} does not exist` });
      continue;
    }
    if (anchor === undefined || anchor === "") continue;
    if (statSync(join(REPO_ROOT, resolved)).isDirectory() || !resolved.endsWith(".md")) {
      problems.push({ where, target, why: `#${anchor} on a file that is not Markdown` });
      continue;
    }
    if (!anchors(readRepoFile(resolved)).has(anchor)) problems.push({ where, target, why: `${resolved} has no heading #${anchor}` });
  }
  return problems;
}

const all = docFiles().flatMap(problemsOf);
const fromOtherWork = (p: Problem): boolean =>
  Object.keys(PAGES_FROM_OTHER_WORK).some((page) => p.why.startsWith(`${page} does not exist`));

describe("links in the docs", () => {
  it.each(docFiles())("%s: every relative link and #anchor resolves", (file) => {
    const broken = problemsOf(file).filter((p) => !fromOtherWork(p));
    expect(broken.map((p) => `${p.where}: (${p.target}) ${p.why}`)).toEqual([]);
  });

  it(`pages other work adds exist: ${Object.keys(PAGES_FROM_OTHER_WORK).join(", ")}`, () => {
    const missing = [...new Set(all.filter(fromOtherWork).map((p) => p.why.split(" ")[0] ?? ""))];
    const why = missing.map(
      (page) => `${page} is missing: it is written by ${PAGES_FROM_OTHER_WORK[page]}, and exists once that work is merged`,
    );
    expect(why).toEqual([]);
  });

  it("every docs/ page is linked from the README", () => {
    const linked = new Set(links(readRepoFile("README.md")).map((l) => normalize(l.target.split("#")[0] ?? "")));
    const pages = readdirSync(join(REPO_ROOT, "docs")).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(pages.filter((page) => !linked.has(`docs/${page}`))).toEqual([]);
  });

  it("the anchor rules match GitHub's", () => {
    const text = "# Runtime API\n## `createCluster(options?) → ClusterNode`\n## Limits (`limits` option)\n## Errors\n## Errors\n";
    expect([...anchors(text)]).toEqual(["runtime-api", "createclusteroptions--clusternode", "limits-limits-option", "errors", "errors-1"]);
  });
});
