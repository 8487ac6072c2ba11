/**
 * A local HTTP receiver for the schedules benchmark, in a process of its own (as the service a
 * job calls would be): answers every request 200 with a small JSON body, counts them, reports
 * `{ port }` when listening and `{ hits }` when sent "count".
 */
import http from "node:http";

let hits = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    hits++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("message", (m) => {
  if (m === "count") process.send?.({ hits });
});
process.on("disconnect", () => process.exit(0));
