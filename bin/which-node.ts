// `npm test` states which Node runs it: npm scripts put node_modules/.bin (the `node` package) first.
const [major] = process.versions.node.split('.').map(Number);
console.log(`Node ${process.version} (${process.execPath})`);
if ((major ?? 0) < 24) {
  console.error('Node 24 or newer is required; run `npm install` so the bundled Node 24 is used.');
  process.exit(1);
}
