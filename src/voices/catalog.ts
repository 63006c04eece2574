// The catalog: which models and voices this server offers, and how a request's (model, voice)
// pair resolves to an engine and an engine voice through the alias table.
import { OPENAI_MODELS, OPENAI_VOICES } from '../contract.js';
import type { Config } from '../config/index.js';
import type { EngineInfo } from '../synth/job.js';
import type { Voice } from '../engines/types.js';
import { ApiError, badRequest } from '../server/errors.js';
import { isBlend, parseBlend } from './blend.js';
import { espeakVoiceId } from '../engines/espeak.js';

export interface ResolvedVoice {
  /** Model id as the client named it. */
  model: string;
  engine: string;
  /** Engine voice id, possibly with an engine-specific suffix (`slt@215`, `en-us+f3`). */
  voice: string;
  /** ISO 639-1 language of the voice. */
  language: string;
  gender?: 'female' | 'male';
}

export interface ModelInfo {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface VoiceListing {
  id: string;
  name: string;
  language: string;
  gender?: string;
  engine: string;
  /** The engine voice an OpenAI name stands for, when `id` is one of OpenAI's names. */
  engine_voice?: string;
}

// Creation dates OpenAI reports for its own ids; engine ids use the project's first release.
const CREATED = new Map<string, number>([
  ['tts-1', 1681940951], ['tts-1-hd', 1699046015], ['gpt-4o-mini-tts', 1742403959], ['gpt-4o-mini-tts-2025-12-15', 1765756800],
]);

/**
 * What a voice id may look like before it is looked up: engine voices, `slt@215`, `en-us+f3`,
 * `af_bella(2)+af_sky(1)`, a multi-speaker Piper model's `en_US-libritts_r-medium:12`. Voice ids end up in a response header (x-mynah-voice), so anything
 * else (control characters, CR/LF, non-ASCII) is refused here, before any job starts.
 */
const VOICE_ID = /^[A-Za-z0-9_.:()+@-]+$/;
export const MAX_VOICE_ID_CHARS = 128;
export const MAX_MODEL_ID_CHARS = 128;
/** Flite's pitch suffix, `slt@215`: a mean F0 in Hz. */
const PITCH = /^@(\d{2,3})$/;
const MIN_PITCH = 50;
const MAX_PITCH = 400;

/** A client's string as it may appear in an error message: short, and quoted with escapes. */
export const quote = (s: string, max = 64) => JSON.stringify(s.length > max ? `${s.slice(0, max)}...` : s).slice(1, -1);
const MYNAH_CREATED = 1795219200;

export const languageOf = (tag: string) => tag.split(/[-_]/)[0].toLowerCase();
const baseId = (id: string) => id.split(/[@+]/)[0];

export class Catalog {
  private engines = new Map<string, EngineInfo>();
  private openAiTables = new Map<string, Map<string, string>>();
  // Maps, not the config's objects: a client's model id must never reach Object.prototype
  // (`__proto__`, `constructor`, `toString`).
  private aliases: Map<string, string[]>;
  private voiceMaps: Map<string, Map<string, string>>;

  constructor(engines: EngineInfo[], private config: Config) {
    this.aliases = new Map(Object.entries(config.modelAliases).filter(([, v]) => Array.isArray(v)));
    this.voiceMaps = new Map(Object.entries(config.voiceMap).map(([engine, map]) => [engine, new Map(Object.entries(map ?? {}))]));
    this.update(engines);
  }

  /** Replaces the engines (models pulled or removed while running: models/watch.ts). */
  update(engines: EngineInfo[]): void {
    this.engines = new Map(engines.map((e) => [e.name, e]));
    this.openAiTables = new Map();
  }

  engineNames(): string[] {
    return [...this.engines.keys()];
  }

  engine(name: string): EngineInfo | undefined {
    return this.engines.get(name);
  }

  /** The engine an OpenAI model id stands for on this machine, or the engine itself by name. */
  engineFor(model: string): string | undefined {
    if (this.engines.has(model)) return model;
    for (const name of this.aliases.get(model) ?? []) {
      const found = this.engines.has(name) ? name : this.familyEngine(name);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * An alias may name a model family (`piper`, `kokoro`) rather than one installed model: the
   * first installed model of that family that speaks English stands for it, else the first one.
   */
  private familyEngine(family: string): string | undefined {
    const members = [...this.engines.values()].filter((e) => e.family === family);
    const english = members.find((e) => e.languages !== 'any' && e.languages.includes('en'));
    return (english ?? members[0])?.name;
  }

  /**
   * The engine voice behind one of OpenAI's names: the voice map of the engine or its family;
   * when that voice is not in this model (an older Kokoro), or nothing is mapped (a Piper voice),
   * the names are dealt out over the model's speakers in order, so they stay distinct where the
   * model has enough speakers.
   */
  private openAiVoice(info: EngineInfo, openai: string): string | undefined {
    let table = this.openAiTables.get(info.name);
    if (!table) {
      const built = new Map<string, string>();
      table = built;
      const map = new Map([...(info.family ? this.voiceMaps.get(info.family) ?? [] : []), ...this.voiceMaps.get(info.name) ?? []]);
      for (const name of OPENAI_VOICES) {
        const target = map.get(name);
        if (target && this.findVoice(info, target)) built.set(name, target);
      }
      if (info.family && info.voices.length > 0) {
        const unused = info.voices.map((v) => v.id).filter((id) => ![...built.values()].includes(id));
        const pool = unused.length ? unused : info.voices.map((v) => v.id);
        let next = 0;
        for (const name of OPENAI_VOICES) if (!built.has(name)) built.set(name, pool[next++ % pool.length]);
      }
      this.openAiTables.set(info.name, table);
    }
    return table.get(openai);
  }

  models(): ModelInfo[] {
    const ids = [...new Set([...OPENAI_MODELS, ...this.aliases.keys(), ...this.engines.keys()])];
    return ids
      .filter((id) => this.engineFor(id))
      .map((id) => ({ id, object: 'model', created: CREATED.get(id) ?? MYNAH_CREATED, owned_by: this.engines.has(id) ? 'mynah' : 'system' }));
  }

  model(id: string): ModelInfo {
    const found = this.models().find((m) => m.id === id);
    if (!found) throw new ApiError(404, `The model '${quote(id)}' does not exist`, { param: 'model', code: 'model_not_found' });
    return found;
  }

  /** Voices a model offers: OpenAI's 13 names first, then the engine's own voices. */
  voices(model?: string): VoiceListing[] {
    const engines = model ? [this.engineFor(model)].filter((e): e is string => !!e) : this.engineNames();
    if (model && engines.length === 0) this.model(model);
    const out: VoiceListing[] = [];
    for (const name of engines) {
      const info = this.engines.get(name)!;
      for (const openai of OPENAI_VOICES) {
        const target = this.openAiVoice(info, openai);
        const voice = target && this.findVoice(info, target);
        if (voice) out.push({ id: openai, name: openai, language: voice.language, gender: this.describe(name, target, voice).gender, engine: name, engine_voice: target });
      }
      for (const v of info.voices) out.push({ id: v.id, name: v.name, language: v.language, gender: v.gender, engine: name });
    }
    return out;
  }

  resolve(model: string, voice: string | { id: string }): ResolvedVoice {
    const engineName = model.length <= MAX_MODEL_ID_CHARS ? this.engineFor(model) : undefined;
    if (!engineName) {
      throw new ApiError(404, `The model \`${quote(model)}\` does not exist or you do not have access to it.`, { param: 'model', code: 'model_not_found' });
    }
    const custom = typeof voice === 'object';
    const id = custom ? voice.id : voice;
    const names = [...OPENAI_VOICES].map((v) => `'${v}'`).join(', ');
    const invalid = (why = '') => badRequest(`Invalid voice '${quote(id)}' for model '${quote(model)}'${why}. Use one of ${names}, or a voice listed by GET /v1/audio/voices.`, 'voice', 'invalid_voice');
    if (id.length > MAX_VOICE_ID_CHARS) throw invalid(` (longer than ${MAX_VOICE_ID_CHARS} characters)`);
    if (!VOICE_ID.test(id)) throw invalid(' (a voice id has only letters, digits and _ . : - + @ ( ))');
    const found = this.lookupVoice(engineName, id, invalid);
    if (found) return { model, ...found };
    if (custom) throw new ApiError(404, `The voice '${quote(id)}' does not exist.`, { param: 'voice', code: 'voice_not_found' });
    throw invalid();
  }

  private lookupVoice(engineName: string, id: string, invalid: (why?: string) => ApiError): Omit<ResolvedVoice, 'model'> | undefined {
    const engine = this.engines.get(engineName)!;
    const mapped = this.openAiVoice(engine, id);
    if (mapped) {
      const v = this.findVoice(engine, mapped);
      if (v) return this.describe(engineName, mapped, v);
    }
    if (engine.family === 'kokoro' && !engine.blends && isBlend(id)) {
      throw badRequest(`Invalid voice '${id}': voice blends are turned off on this server (MYNAH_BLEND_SESSIONS=0).`, 'voice', 'invalid_voice');
    }
    if (engine.blends && isBlend(id)) {
      let parts;
      try {
        parts = parseBlend(id, engine.voices.map((v) => v.id));
      } catch (err) {
        throw badRequest(`Invalid voice blend '${quote(id)}': ${quote((err as Error).message, 120)}. Write blends as 'af_bella+af_sky' or 'af_bella(2)+af_sky(1)'.`, 'voice', 'invalid_voice');
      }
      return this.describe(engineName, id, this.findVoice(engine, parts[0].voice)!);
    }
    // An engine-native name: the model's own engine first, then any other engine that has it.
    for (const candidate of [engine, ...this.engines.values()]) {
      const v = this.findVoice(candidate, id);
      if (!v) continue;
      const checked = v.id === id ? id : withSuffix(candidate.name, id, v.id);
      if (checked === undefined) throw invalid(` (no such ${candidate.name} voice variant or pitch)`);
      return this.describe(candidate.name, checked, v);
    }
    return undefined;
  }

  private findVoice(engine: EngineInfo, id: string): Voice | undefined {
    return engine.voices.find((v) => v.id === id) ?? engine.voices.find((v) => v.id === baseId(id));
  }

  private describe(engine: string, voiceId: string, v: Voice): Omit<ResolvedVoice, 'model'> {
    const gender = v.gender ?? (/\+f\d/.test(voiceId) ? 'female' : /\+m\d/.test(voiceId) ? 'male' : undefined);
    return { engine, voice: voiceId, language: languageOf(v.language), gender };
  }

  /**
   * The voice to use when the text is in `language` but the resolved voice speaks another one:
   * a voice of the same engine in that language if it has one, else the fallback engine's.
   */
  voiceForLanguage(resolved: ResolvedVoice, language: string): ResolvedVoice {
    if (language === resolved.language) return resolved;
    const speaks = (e?: EngineInfo) => !!e && (e.languages === 'any' || e.languages.includes(language));
    const own = this.engines.get(resolved.engine);
    // Another model of the same family that speaks it (a German Piper voice for German text) comes
    // before the fallback engine.
    const sibling = own?.family ? [...this.engines.values()].find((e) => e.family === own.family && speaks(e)) : undefined;
    const target = speaks(own) ? own! : sibling ?? this.engines.get(this.config.fallbackEngine);
    if (!target || !speaks(target)) return resolved;
    const voice = target.voices.find((v) => v.id === language) ?? target.voices.find((v) => languageOf(v.language) === language);
    if (!voice) return resolved;
    // The fallback engine is espeak-ng, whose `+f3`/`+m3` variants keep the speaker's gender.
    const variant = target.name !== this.config.fallbackEngine ? '' : resolved.gender === 'female' ? '+f3' : resolved.gender === 'male' ? '+m3' : '';
    return { ...resolved, engine: target.name, voice: voice.id + variant, language };
  }
}

/**
 * An engine voice with a suffix: flite takes a pitch (`slt@215`), eSpeak NG a variant that exists
 * (`en-us+f3`; an unknown one can hang it); other engines take none. Returns the id to use, or
 * undefined when the suffix is not one the engine has.
 */
function withSuffix(engine: string, id: string, base: string): string | undefined {
  if (engine === 'espeak') return espeakVoiceId(id);
  if (engine === 'flite') {
    const hz = PITCH.exec(id.slice(base.length))?.[1];
    return hz !== undefined && Number(hz) >= MIN_PITCH && Number(hz) <= MAX_PITCH ? id : undefined;
  }
  return undefined;
}
