// Checks parsed Terraform against the provider schemas, the way `terraform validate` rejects an unknown resource
// type, argument or block. Only providers we have schemas for are checked; expressions are not evaluated.
import { PROVIDERS } from "./providerSchema.mjs";

const RESOURCE_META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);
const DYNAMIC_KEYS = new Set(["for_each", "iterator", "labels", "content"]);

/** @returns {string[]} one message per problem, naming the file and the address */
export function checkSchema(file, hcl, schemas) {
  const errors = [];
  for (const [section, table] of [["resource", schemas.resources], ["data", schemas.dataSources]]) {
    for (const [type, named] of Object.entries(hcl[section] ?? {})) {
      const provider = type.split("_")[0];
      if (!PROVIDERS[provider]) {
        continue;
      }
      const schema = table.get(type);
      for (const [name, bodies] of Object.entries(named)) {
        const address = `${section === "data" ? "data." : ""}${type}.${name}`;
        if (!schema) {
          errors.push(`${file}: ${address}: the ${provider} provider has no ${section === "data" ? "data source" : "resource type"} "${type}"`);
          continue;
        }
        for (const body of bodies) {
          walk(body, schema, `${file}: ${address}`, errors, RESOURCE_META);
        }
      }
    }
  }
  for (const [name, bodies] of Object.entries(hcl.provider ?? {})) {
    const schema = schemas.providers.get(name);
    if (schema) {
      for (const body of bodies) {
        walk(body, schema, `${file}: provider "${name}"`, errors, new Set(["alias"]));
      }
    }
  }
  return errors;
}

function walk(body, schema, where, errors, meta = new Set()) {
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) {
      continue;
    }
    if (key === "dynamic") {
      for (const [blockName, dynamics] of Object.entries(value)) {
        const nested = schema.blocks.get(blockName);
        if (!nested) {
          errors.push(`${where}: dynamic "${blockName}": no block of that name here`);
          continue;
        }
        for (const dynamic of dynamics) {
          for (const dynamicKey of Object.keys(dynamic)) {
            if (!DYNAMIC_KEYS.has(dynamicKey)) {
              errors.push(`${where}: dynamic "${blockName}": unsupported argument "${dynamicKey}"`);
            }
          }
          for (const content of dynamic.content ?? []) {
            walk(content, nested, `${where}.${blockName}`, errors);
          }
        }
      }
      continue;
    }
    if (schema.attributes.has(key)) {
      continue;
    }
    const nested = schema.blocks.get(key);
    if (!nested) {
      errors.push(`${where}: unsupported argument or block "${key}"`);
      continue;
    }
    for (const element of Array.isArray(value) ? value : [value]) {
      if (element && typeof element === "object" && !Array.isArray(element)) {
        walk(element, nested, `${where}.${key}`, errors);
      }
    }
  }
}
