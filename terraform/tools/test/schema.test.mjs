// Every resource, data source and provider block matches the pinned providers' schemas, as terraform validate checks.
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { test } from "node:test";
import { PROVIDERS } from "../src/providerSchema.mjs";
import { checkSchema } from "../src/schemaCheck.mjs";
import { allFiles, providerSchemas } from "./support.mjs";

test("every argument and block exists in the provider schema", async () => {
  const errors = [];
  for (const f of await allFiles()) {
    if (f.hcl) {
      errors.push(...checkSchema(f.name, f.hcl, providerSchemas()));
    }
  }
  assert.deepEqual(errors, []);
});

test("versions.tf pins each provider to the version the schemas come from", async () => {
  const pins = [];
  for (const f of await allFiles()) {
    for (const terraform of f.hcl?.terraform ?? []) {
      for (const required of terraform.required_providers ?? []) {
        for (const [name, spec] of Object.entries(required)) {
          pins.push({ file: f.name, name, version: spec.version });
        }
      }
    }
  }
  const dirs = new Set((await allFiles()).filter((f) => f.name.endsWith(".tf") && !f.name.includes("fixtures"))
    .map((f) => dirname(f.name)));
  const declaring = new Set(pins.map((p) => dirname(p.file)));
  assert.deepEqual([...dirs].filter((d) => !declaring.has(d)), [], "every root and module declares its providers");
  for (const pin of pins) {
    assert.equal(pin.version, PROVIDERS[pin.name]?.version, `${pin.file} pins ${pin.name} to ${pin.version}`);
  }
});
