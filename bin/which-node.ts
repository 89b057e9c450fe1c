import { defineCli, parseCli } from './support/cli-args.ts';

// `npm test` states which Node runs it: npm scripts put node_modules/.bin (the `node` package) first.
parseCli(
  defineCli({
    command: 'node bin/which-node.ts',
    summary: 'Prints which Node runs the npm scripts and fails if it is older than 24 (run by `npm test`).',
    options: {},
  }),
);
const [major] = process.versions.node.split('.').map(Number);
console.log(`Node ${process.version} (${process.execPath})`);
if ((major ?? 0) < 24) {
  console.error('Node 24 or newer is required; run `npm install` so the bundled Node 24 is used.');
  process.exit(1);
}
