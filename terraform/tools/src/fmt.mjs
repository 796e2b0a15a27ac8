// `npm run fmt`: rewrites every Terraform file the way `terraform fmt` would (same formatter, compiled to WASM).
import { readFileSync, writeFileSync } from "node:fs";
import { format } from "@cdktf/hcl-tools";
import { relativeName, terraformFiles } from "./terraformFiles.mjs";

for (const file of terraformFiles()) {
  const source = readFileSync(file, "utf8");
  const formatted = await format(source);
  if (formatted !== source) {
    writeFileSync(file, formatted);
    console.log(`formatted ${relativeName(file)}`);
  }
}
