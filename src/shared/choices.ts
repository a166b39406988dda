/**
 * What the user picks and where Whisper runs, named by the URL options, the settings, the engine, the worker's
 * protocol and the exports alike.
 */

/** Transcribe in the language spoken, or translate into English. */
export type Task = 'transcribe' | 'translate';
export const TASKS: readonly Task[] = ['transcribe', 'translate'];

/** Where Whisper runs: the GPU through WebGPU, or the CPU through WASM. */
export type Backend = 'webgpu' | 'wasm';

/** What a user may ask for: `auto` lets the device plan decide between WebGPU and WASM. */
export type DeviceChoice = 'auto' | Backend;
export const DEVICE_CHOICES: readonly DeviceChoice[] = ['auto', 'webgpu', 'wasm'];
