// The text worker: prepares text (markup, languages, lexicon, normalization, chunks) off the main
// thread, so no input can stall the event loop that serves HTTP. It is a thread of its own, not
// part of each synthesis worker: the language detector's tables would slow every synthesis
// worker's garbage collection (measured: +20 ms to the first audio byte).
import { parentPort } from 'node:worker_threads';
import { Lexicon, prepareText } from '../text/index.js';
import type { FromWorker, ToWorker } from './job.js';

const port = parentPort!;
const send = (msg: FromWorker) => port.postMessage(msg);

port.on('message', (msg: ToWorker) => {
  if (msg.type !== 'prepare') return;
  try {
    const lexicon = msg.job.lexicon ? Lexicon.fromSnapshot(msg.job.lexicon) : undefined;
    send({ type: 'prepared', id: msg.id, text: prepareText(msg.job.input, { ...msg.job.options, lexicon }) });
  } catch (err) {
    send({ type: 'error', id: msg.id, message: (err as Error).message });
  }
});
