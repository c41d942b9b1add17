// SPDX-License-Identifier: MIT
// The reference side of bill_bench: wechatpay-axios-plugin's
// Formatter.castCsvBill on the same 100,000-row bill file, in the same run.
// Usage: node bill_bench.mjs <node_modules folder's parent> <bill file> [runs]
// Prints one JSON line: {"rows":N,"runs_ms":[...],"median_ms":M}.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [, , packageDir, billFile, runsArg] = process.argv;
if (!packageDir || !billFile) {
  console.error('usage: node bill_bench.mjs <folder with node_modules> <bill file> [runs]');
  process.exit(2);
}
// Resolve the plugin from the folder npm ci installed it into (the build tree).
const require = createRequire(join(packageDir, 'package.json'));
const { Formatter } = require('wechatpay-axios-plugin');

const runs = Number(runsArg || 5);
const times = [];
let rows = 0;
for (let i = 0; i < runs; i += 1) {
  const start = performance.now();
  const buf = readFileSync(billFile); // read each time, as the C++ side does
  const bill = Formatter.castCsvBill(buf);
  rows = bill.rows.length;
  times.push(performance.now() - start);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(JSON.stringify({ rows, runs_ms: times.map((t) => Math.round(t * 10) / 10), median_ms: sorted[Math.floor(sorted.length / 2)] }));
