// wasm-opt -Oz --strip-target-features over many modules in one process.
//
//   node scripts/wasm-opt-all.mjs FILE.wasm...    (each file is optimized in place)
//
// binaryen's npm build is binaryen compiled to JavaScript: each `wasm-opt` run spends
// seconds of CPU loading it before it optimizes anything, and a split console has over a
// hundred modules, most of them small. Loading it once does the same passes (-Oz, with
// wasm-opt's default features) in a fraction of the time. The output is not byte for byte
// the CLI's: over the console's modules under 32 KB it was 182 bytes of brotli more in all
// (the CLI's 71 442), so scripts/build-wasm.sh leaves the large modules to the CLI.
import { readFileSync, writeFileSync } from "node:fs";
import binaryen from "binaryen";

// The features wasm-opt enables when given no feature flags (binaryen's default set).
const F = binaryen.Features;
const DEFAULT_FEATURES =
  F.SignExt |
  F.MutableGlobals |
  F.NontrappingFPToInt |
  F.BulkMemory |
  F.BulkMemoryOpt |
  F.Multivalue |
  F.ReferenceTypes |
  F.CallIndirectOverlong;

binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2); // -Oz
binaryen.setDebugInfo(false);

for (const file of process.argv.slice(2)) {
  const module = binaryen.readBinary(readFileSync(file), DEFAULT_FEATURES);
  module.runPasses(["strip-target-features"]);
  module.optimize();
  if (!module.validate()) {
    throw new Error(`${file}: not valid after optimization`);
  }
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
