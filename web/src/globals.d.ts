// Constants that web/build.ts injects with esbuild `define` (there is no runtime string replacement).

/** HLS playback URL of the channel (https, or http on a loopback host for the local preview). */
declare const __PLAYBACK_URL__: string;
/** File name of the IVS wasm worker script in the build output (content-hashed). */
declare const __IVS_WASM_WORKER__: string;
/** File name of the IVS WebAssembly binary in the build output (content-hashed). */
declare const __IVS_WASM_BINARY__: string;
