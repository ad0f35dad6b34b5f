// Reads a JSON array of ELK graphs on stdin, lays each out with ELK layered, writes the array on stdout.
"use strict";
const ELK = require("elkjs/lib/elk.bundled.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const elk = new ELK();
  try {
    const graphs = JSON.parse(input);
    const results = [];
    for (const graph of graphs) {
      results.push(await elk.layout(graph));
    }
    process.stdout.write(JSON.stringify(results));
  } catch (err) {
    process.stderr.write(String(err && err.stack || err) + "\n");
    process.exitCode = 1;
  }
});
