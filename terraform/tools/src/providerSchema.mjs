// Provider schemas for offline validation, read from the published CDKTF provider packages (pinned in package.json to
// the provider versions in versions.tf). Each package's .jsii assembly describes every resource and data source: the
// `<Name>Config` interfaces list the arguments, nested interfaces are the blocks, and each property's documentation
// links to the Terraform Registry page with the argument's real (snake_case) name after the '#'.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TOOLS = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Provider local name -> npm package, and the Terraform provider version that package was generated from. */
export const PROVIDERS = {
  google: { pkg: "@cdktf/provider-google", version: "6.50.0" },
  kubernetes: { pkg: "@cdktf/provider-kubernetes", version: "2.38.0" },
  helm: { pkg: "@cdktf/provider-helm", version: "3.1.1" },
};

// Terraform's meta-arguments, valid in every resource (CDKTF's TerraformMetaArguments).
const META = new Set(["count", "dependsOn", "forEach", "lifecycle", "provider", "provisioners", "connection"]);
const CLASS_LINK = /\/docs\/(resources|data-sources)\/[a-z0-9_]+ ([a-z0-9_]+)\}/;
const REGISTRY = /registry\.terraform\.io\/providers\/hashicorp\/[a-z0-9-]+\/[0-9.]+\/docs(?:\/(resources|data-sources)\/([a-z0-9_]+))?#([a-z0-9_]+)/;

/**
 * @typedef {{attributes: Set<string>, blocks: Map<string, Block>}} Block
 * @returns {{resources: Map<string, Block>, dataSources: Map<string, Block>, providers: Map<string, Block>, versions: object}}
 */
export function loadSchemas() {
  const resources = new Map();
  const dataSources = new Map();
  const providers = new Map();
  for (const [name, { pkg, version }] of Object.entries(PROVIDERS)) {
    const packageDir = join(TOOLS, "node_modules", ...pkg.split("/"));
    const meta = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
    if (meta.cdktf?.provider?.version !== version) {
      throw new Error(`${pkg} was generated from ${name} ${meta.cdktf?.provider?.version}, expected ${version}`);
    }
    const types = JSON.parse(readFileSync(join(packageDir, ".jsii"), "utf8")).types;
    for (const type of Object.values(types)) {
      // A resource or data source class says what it represents: {@link https://.../docs/resources/<slug> <tf type>}
      const represents = type.kind === "class" ? CLASS_LINK.exec(type.docs?.summary ?? "") : null;
      if (represents) {
        const config = types[`${type.fqn}Config`];
        const block = config ? buildBlock(config, types, new Set()) : { attributes: new Set(), blocks: new Map() };
        (represents[1] === "resources" ? resources : dataSources).set(represents[2], block);
      } else if (type.kind === "interface" && type.name.toLowerCase() === `${name}providerconfig`) {
        providers.set(name, buildBlock(type, types, new Set()));
      }
    }
  }
  return { resources, dataSources, providers };
}

function registryLink(property) {
  const text = `${property.docs?.summary ?? ""} ${property.docs?.remarks ?? ""}`;
  const match = REGISTRY.exec(text);
  return match ? { kind: match[1], slug: match[2], argument: match[3] } : null;
}

function tfName(property) {
  return registryLink(property)?.argument ?? property.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The interface a property's type refers to, through optional unions with IResolvable and arrays. */
function nestedInterface(type, types) {
  if (!type) {
    return null;
  }
  if (type.fqn && types[type.fqn]?.kind === "interface" && types[type.fqn].datatype) {
    return types[type.fqn];
  }
  if (type.collection) {
    return nestedInterface(type.collection.elementtype, types);
  }
  if (type.union) {
    for (const member of type.union.types) {
      const found = nestedInterface(member, types);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

function buildBlock(type, types, seen) {
  const block = { attributes: new Set(), blocks: new Map() };
  if (seen.has(type.fqn)) {
    return block;
  }
  const path = new Set(seen).add(type.fqn);
  for (const parent of type.interfaces ?? []) {
    if (types[parent]) {
      const inherited = buildBlock(types[parent], types, path);
      inherited.attributes.forEach((a) => block.attributes.add(a));
      inherited.blocks.forEach((b, n) => block.blocks.set(n, b));
    }
  }
  for (const property of type.properties ?? []) {
    if (META.has(property.name) && (type.interfaces ?? []).includes("cdktf.TerraformMetaArguments")) {
      continue;
    }
    const nested = nestedInterface(property.type, types);
    if (nested) {
      block.blocks.set(tfName(property), buildBlock(nested, types, path));
    } else {
      block.attributes.add(tfName(property));
    }
  }
  return block;
}
