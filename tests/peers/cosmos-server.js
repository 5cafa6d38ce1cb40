#!/usr/bin/env node
// Starts the Cosmos-protocol test server (npm @vercel/cosmosdb-server) with keep-alive connections.
// Its CLI closes every connection after one request, which makes each SDK call pay a TLS handshake;
// through the JS API it keeps them open and answers about ten times faster.
// Usage: node tests/peers/cosmos-server.js PORT [HOST] [--exit-with-stdin]   (installed by tests/peers/install.sh)
"use strict";
const path = require("path");

const peers = process.env.HEADSTORE_TEST_PEERS || path.join(__dirname, "..", "..", ".test-peers");
const serverPackage = path.join(peers, "node_modules", "@vercel", "cosmosdb-server");
const { createHttpsServer } = require(serverPackage);

// The .NET SDK addresses some requests (partition key ranges, for queries) by resource id, writing the base64 '/' of a
// rid as '-'. The server looks rids up verbatim, so a database or collection whose rid holds a '/' (one in 64 of them)
// is "not found" and the SDK reports a stale cache. Look such ids up with '/' restored when the verbatim lookup misses
// (a rid never holds '-'; a name may, so the name is tried first).
function restoreRidSlashes(Type, method) {
  const lookup = Type.prototype[method];
  Type.prototype[method] = function (idOrRid) {
    const found = lookup.call(this, idOrRid);
    return found.read() || typeof idOrRid !== "string" || !idOrRid.includes("-") ? found : lookup.call(this, idOrRid.replace(/-/g, "/"));
  };
}
restoreRidSlashes(require(path.join(serverPackage, "lib", "account", "index.js")).default, "database");
restoreRidSlashes(require(path.join(serverPackage, "lib", "account", "database.js")).default, "collection");

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const port = parseInt(args[0] || "8081", 10);
const host = args[1] || "127.0.0.1";

const server = createHttpsServer({ keepAlive: true });
server.keepAliveTimeout = 60000;
server.listen(port, host, () => {
  // The test fixture waits for this line.
  console.log(`cosmosdb-server ready at https://${host}:${server.address().port}`);
});

// A test fixture passes --exit-with-stdin: when its process ends, the pipe closes and so does the server.
if (process.argv.includes("--exit-with-stdin")) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
