// Oracle for the conformance test: evaluates each expression of a JSON list (stdin) with
// the same variables the Python side binds, and prints one canonical line per expression.
"use strict";

const fs = require("fs");

const VARIABLES = {
  x: 5, y: -2.5, z: 0, nz: -0, big: 1e21, tiny: 1e-7, nan: NaN, inf: Infinity,
  count: 3, s: " Hello, World ", e: "", num: "42", hex: "0x1f", t: true, f: false,
  n: null, u: undefined, arr: [1, "two", null, [3, 4]], nums: [3, 1, 2], empty: [],
  obj: { a: 1, b: { c: "d" }, "k-1": true, 2: "two", list: [1, 2] }, blank: {},
  name: "Ada", tier: "gold", balance: 150,
};
const NAMES = Object.keys(VARIABLES);
const VALUES = NAMES.map((key) => VARIABLES[key]);

function quote(text) {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

function canonical(value) {
  if (value === undefined) return "u";
  if (value === null) return "n";
  switch (typeof value) {
    case "boolean": return value ? "T" : "F";
    case "number": return "N" + (Object.is(value, -0) ? "-0" : String(value));
    case "string": return "S" + quote(value);
    case "function": return "fn";
  }
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  return "{" + Object.keys(value).map((k) => quote(k) + ":" + canonical(value[k])).join(",") + "}";
}

function errorName(error) {
  return "E:" + (error && error.constructor ? error.constructor.name : "Error");
}

const sources = JSON.parse(fs.readFileSync(0, "utf8"));
const results = sources.map((source) => {
  let compiled;
  try {
    compiled = new Function(...NAMES, '"use strict"; return (' + source + "\n);");
  } catch (error) {
    return errorName(error);
  }
  try {
    return canonical(compiled(...VALUES));
  } catch (error) {
    return errorName(error);
  }
});
process.stdout.write(JSON.stringify(results));
