// The echogarden wasm packages ship Emscripten glue without typings; only what Mynah calls is declared.

interface EmscriptenHeaps {
  HEAP16: Int16Array;
  HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

declare module '@echogarden/speex-resampler-wasm' {
  export interface SpeexModule extends EmscriptenHeaps {
    _speex_resampler_init(channels: number, inRate: number, outRate: number, quality: number, errPtr: number): number;
    _speex_resampler_destroy(state: number): void;
    _speex_resampler_process_int(
      state: number, channel: number, inPtr: number, inLenPtr: number, outPtr: number, outLenPtr: number,
    ): number;
    _speex_resampler_get_input_latency(state: number): number;
    _speex_resampler_skip_zeros(state: number): number;
  }
  const factory: (moduleArg?: object) => Promise<SpeexModule>;
  export default factory;
}

declare module '@echogarden/sonic-wasm' {
  export interface SonicModule extends EmscriptenHeaps {
    _sonicCreateStream(sampleRate: number, channels: number): number;
    _sonicDestroyStream(stream: number): void;
    _sonicSetSpeed(stream: number, speed: number): void;
    _sonicSetPitch(stream: number, pitch: number): void;
    _sonicWriteShortToStream(stream: number, ptr: number, samples: number): number;
    _sonicReadShortFromStream(stream: number, ptr: number, maxSamples: number): number;
    _sonicFlushStream(stream: number): number;
    _sonicSamplesAvailable(stream: number): number;
  }
  const factory: (moduleArg?: object) => Promise<SonicModule>;
  export default factory;
}
