// Local engines as a gateway target (`local:<model or engine>`): the same synthesis the speech
// route runs, holding one admission slot until the audio is done. The only file of the gateway
// that knows the local pipeline's API (createSpeech, admission).
import type { Runtime } from '../server/runtime.js';
import { createSpeech, type Services } from '../speech.js';
import type { LocalSpeech } from './relay.js';

export function localSpeech(services: Services, runtime: Runtime, client: string): LocalSpeech {
  return async (req, signal) => {
    const permit = await runtime.admission.acquire(client, signal);
    let speech;
    try {
      speech = await createSpeech(services, req, { timeoutMs: services.config.jobTimeoutMs, signal });
    } catch (err) {
      permit.release();
      throw err;
    }
    const audio = (async function* () {
      try {
        yield* speech.audio;
      } finally {
        permit.release();
      }
    })();
    return { audio, samples: () => speech.stats.samples, engine: speech.voice.engine };
  };
}
