// Every file parses with HCL's parser and is formatted as `terraform fmt` would leave it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { format } from "@cdktf/hcl-tools";
import { allFiles } from "./support.mjs";

test("there are Terraform files to check", async () => {
  assert.ok((await allFiles()).length >= 20);
});

test("every .tf and .tftest.hcl file parses", async () => {
  const broken = (await allFiles()).filter((f) => f.error).map((f) => f.error);
  assert.deepEqual(broken, []);
});

test("every file is formatted as terraform fmt formats it (npm run fmt fixes it)", async () => {
  const unformatted = [];
  for (const f of await allFiles()) {
    if ((await format(f.source)) !== f.source) {
      unformatted.push(f.name);
    }
  }
  assert.deepEqual(unformatted, []);
});
