// The catalog: which models and voices this server offers, and how a request's (model, voice)
// pair resolves to an engine and an engine voice through the alias table.
import { OPENAI_MODELS, OPENAI_VOICES } from '../contract.js';
import type { Config } from '../config/index.js';
import type { EngineInfo } from '../synth/job.js';
import type { Voice } from '../engines/types.js';
import { ApiError, badRequest } from '../server/errors.js';
import { isBlend, parseBlend } from './blend.js';

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
const CREATED: Record<string, number> = {
  'tts-1': 1681940951, 'tts-1-hd': 1699046015, 'gpt-4o-mini-tts': 1742403959, 'gpt-4o-mini-tts-2025-12-15': 1765756800,
};
const MYNAH_CREATED = 1795219200;

export const languageOf = (tag: string) => tag.split(/[-_]/)[0].toLowerCase();
const baseId = (id: string) => id.split(/[@+]/)[0];

export class Catalog {
  private engines = new Map<string, EngineInfo>();
  private openAiTables = new Map<string, Map<string, string>>();

  constructor(engines: EngineInfo[], private config: Config) {
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
    for (const name of this.config.modelAliases[model] ?? []) {
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
      const map = { ...(info.family ? this.config.voiceMap[info.family] : {}), ...this.config.voiceMap[info.name] };
      for (const name of OPENAI_VOICES) if (map[name] && this.findVoice(info, map[name])) built.set(name, map[name]);
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
    const ids = [...new Set([...OPENAI_MODELS, ...Object.keys(this.config.modelAliases), ...this.engines.keys()])];
    return ids
      .filter((id) => this.engineFor(id))
      .map((id) => ({ id, object: 'model', created: CREATED[id] ?? MYNAH_CREATED, owned_by: this.engines.has(id) ? 'mynah' : 'system' }));
  }

  model(id: string): ModelInfo {
    const found = this.models().find((m) => m.id === id);
    if (!found) throw new ApiError(404, `The model '${id}' does not exist`, { param: 'model', code: 'model_not_found' });
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
    const engineName = this.engineFor(model);
    if (!engineName) {
      throw new ApiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, { param: 'model', code: 'model_not_found' });
    }
    const custom = typeof voice === 'object';
    const id = custom ? voice.id : voice;
    const found = this.lookupVoice(engineName, id);
    if (found) return { model, ...found };
    if (custom) throw new ApiError(404, `The voice '${id}' does not exist.`, { param: 'voice', code: 'voice_not_found' });
    const names = [...OPENAI_VOICES].map((v) => `'${v}'`).join(', ');
    throw badRequest(`Invalid voice '${id}' for model '${model}'. Use one of ${names}, or a voice listed by GET /v1/audio/voices.`, 'voice', 'invalid_voice');
  }

  private lookupVoice(engineName: string, id: string): Omit<ResolvedVoice, 'model'> | undefined {
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
        throw badRequest(`Invalid voice blend '${id}': ${(err as Error).message}. Write blends as 'af_bella+af_sky' or 'af_bella(2)+af_sky(1)'.`, 'voice', 'invalid_voice');
      }
      return this.describe(engineName, id, this.findVoice(engine, parts[0].voice)!);
    }
    // An engine-native name: the model's own engine first, then any other engine that has it.
    for (const candidate of [engine, ...this.engines.values()]) {
      const v = this.findVoice(candidate, id);
      if (v) return this.describe(candidate.name, id, v);
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
