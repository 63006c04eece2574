// Local engines as a gateway target (`local:<model or engine>`): the same synthesis the speech
// route runs, holding one admission slot until the audio is done. The only file of the gateway
// that knows the local pipeline's API (createSpeech, admission).
import type { Runtime } from '../server/runtime.js';
import { createSpeech, ownedPieces, type Services } from '../speech.js';
import type { LocalSpeech } from './relay.js';

export function localSpeech(services: Services, runtime: Runtime, client: string): LocalSpeech {
  return async (req, signal) => {
    const permit = await runtime.admission.acquire(client, signal);
    // Released exactly once: when the audio ends or is abandoned, or when the client leaves before
    // the audio was ever read (a generator never started runs no finally block).
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      signal.removeEventListener('abort', release);
      permit.release();
    };
    signal.addEventListener('abort', release, { once: true });
    let speech;
    try {
      speech = await createSpeech(services, req, { timeoutMs: services.config.jobTimeoutMs, signal });
    } catch (err) {
      release();
      throw err;
    }
    const audio = (async function* () {
      try {
        // Copies: the relay may keep the audio (its cache) past the next batch.
        yield* ownedPieces(speech.audio);
      } finally {
        release();
      }
    })();
    return { audio, samples: () => speech.stats.samples, engine: speech.voice.engine };
  };
}
