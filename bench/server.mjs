// A trivial HTTP server for benchmarks, in its own process so it does not
// share an event loop with the load generator. Prints its URL on stdout.
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
});
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
