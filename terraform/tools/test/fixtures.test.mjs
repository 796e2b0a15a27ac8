// Each check fails when it should: broken fixtures under fixtures/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "@cdktf/hcl2json";
import { format } from "@cdktf/hcl-tools";
import { checkSchema } from "../src/schemaCheck.mjs";
import { providerSchemas } from "./support.mjs";

const fixture = (name) => readFileSync(join(import.meta.dirname, "..", "fixtures", name, "main.tf"), "utf8");

test("a misspelt argument fails the schema check, naming it", async () => {
  const errors = checkSchema("misspelt", await parse("main.tf", fixture("misspelt-argument")), providerSchemas());
  assert.equal(errors.length, 1);
  assert.match(errors[0], /google_container_node_pool\.gpu\.autoscaling: unsupported argument or block "total_max_node_cont"/);
});

test("an unknown resource type fails the schema check", async () => {
  const errors = checkSchema("unknown", await parse("main.tf", fixture("unknown-resource")), providerSchemas());
  assert.match(errors[0], /has no resource type "google_container_nodepool"/);
});

test("an unclosed block fails to parse with a position", async () => {
  await assert.rejects(parse("fixtures/unclosed-block/main.tf", fixture("unclosed-block")),
    /main\.tf:1,\d+-\d+: Unclosed configuration block/);
});

test("an unformatted file fails the format check", async () => {
  const source = fixture("unformatted");
  assert.notEqual(await format(source), source);
});
