// Shared by the tests: every Terraform file parsed once, and the provider schemas loaded once.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadSchemas } from "../src/providerSchema.mjs";
import { parseFile, relativeName, terraformFiles } from "../src/terraformFiles.mjs";

let parsed;
let schemas;

/** [{file, name, source, hcl}] for every Terraform file; a file that does not parse has `error` instead of `hcl`. */
export async function allFiles() {
  if (!parsed) {
    parsed = [];
    for (const file of terraformFiles()) {
      const entry = { file, name: relativeName(file), source: readFileSync(file, "utf8") };
      try {
        entry.hcl = await parseFile(file);
      } catch (e) {
        entry.error = String(e);
      }
      parsed.push(entry);
    }
  }
  return parsed;
}

export function providerSchemas() {
  schemas ??= loadSchemas();
  return schemas;
}

/** The parsed file whose repository-relative name ends with `suffix`. */
export async function hclOf(suffix) {
  const entry = (await allFiles()).find((f) => f.name.endsWith(suffix));
  if (!entry) {
    throw new Error(`no Terraform file ${suffix}`);
  }
  return entry.hcl;
}

/** The one block of a list of parsed HCL blocks, asserting there is exactly one. */
export function only(blocks) {
  assert.equal(blocks?.length, 1);
  return blocks[0];
}
