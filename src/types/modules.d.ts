declare module '@echogarden/espeak-ng-emscripten' {
  const init: () => Promise<any>;
  export default init;
}
