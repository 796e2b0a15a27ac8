// The Terraform sources under terraform/ (and fixtures), parsed with HCL's own parser compiled to WASM.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

export const TERRAFORM = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REPOSITORY = join(TERRAFORM, "..");

/** Every .tf and .tftest.hcl file below {@code root}, leaving out the tools (node_modules, fixtures) and .terraform. */
export function terraformFiles(root = TERRAFORM) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        const skipped = entry === "node_modules" || entry === ".terraform" || (dir === TERRAFORM && entry === "tools");
        if (!skipped) {
          walk(path);
        }
      } else if (entry.endsWith(".tf") || entry.endsWith(".tftest.hcl")) {
        files.push(path);
      }
    }
  };
  walk(root);
  return files.sort();
}

export function relativeName(path) {
  return relative(REPOSITORY, path);
}

/** Parses one file; throws with HCL's diagnostic (file, line, column) when it is not valid HCL. */
export async function parseFile(path) {
  return parse(relativeName(path), readFileSync(path, "utf8"));
}
