import { defineCli, parseCli } from './support/cli-args.ts';

const CLI = defineCli({
  command: 'npm run call --',
  summary:
    'Calls a receptionist on the running platform (`npm start` in another terminal) and prints the conversation. By default it calls the demo business with a booking conversation. With the offline speech recogniser (the default: about 90 % word errors) the lines are sent as typed turns (text mode); with Deepgram or IBM configured they are spoken in a simulated Twilio phone call.',
  options: {
    to: {
      type: 'string',
      value: 'NUMBER',
      description: 'receptionist number to call (default: the demo business from npm run seed:demo)',
    },
    say: {
      type: 'string',
      multiple: true,
      value: 'TEXT',
      description: "the caller's lines, in order (default: book the first service at a free time)",
    },
    mode: {
      type: 'string',
      value: 'auto|text|speech',
      description:
        'text: typed turns; speech: a spoken phone call; auto: text when the server only has the offline recogniser',
      default: 'auto',
    },
    from: {
      type: 'string',
      value: 'NUMBER',
      description: "caller's number (speech mode)",
      default: '+15550009876',
    },
    url: {
      type: 'string',
      value: 'URL',
      description:
        'server to call (default: the one npm start runs from this DATA_DIR, else PORT/PUBLIC_URL)',
    },
    'wait-s': { type: 'string', value: 'S', description: 'how long to wait for each reply', default: '20' },
    fast: {
      type: 'boolean',
      description: "don't wait for the receptionist's audio to play out in real time",
    },
  },
  env: [
    ['DATA_DIR', 'where npm start recorded its address, database and Redis (default .data)'],
    ['PORT, PUBLIC_URL', 'the server address, when set here (else the running server’s)'],
    ['DATABASE_URL', 'the database with the call log (else the running server’s)'],
    ['TWILIO_AUTH_TOKEN', 'signs the simulated voice webhook (speech mode)'],
  ],
  examples: [
    'npm run call',
    'npm run call -- --say "What are your opening hours?" --say "Thanks, bye."',
    'npm run call -- --to +15550100000 --mode speech',
  ],
});
export type CallCli = typeof CLI;

const args = parseCli(CLI);
// The implementation is loaded after the arguments, so --help and usage errors answer at once.
const { runCall } = await import('./support/call-main.ts');
await runCall(CLI, args);
